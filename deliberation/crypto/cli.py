"""Click commands `verify` and `demo-election`, registered by the app's CLI."""
import json
import sys

import click

from deliberation.crypto.group import DEFAULT_GROUP


@click.command("verify")
@click.argument("record", type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable report.")
@click.option("--format", "record_format", type=click.Choice(["ours", "belenios"]), default="ours",
              show_default=True, help="Record format: ours, or a Belenios 2.0 archive (UUID.bel).")
@click.option("--workers", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--quiet", is_flag=True, help="Show no progress on stderr.")
@click.option("--head", default=None, help="Published head of the event chain to compare with.")
def verify(record, as_json, record_format, workers, quiet, head):
    """Re-check every proof, signature, hash and count in an election record."""
    from deliberation.crypto.verify import format_report, stderr_progress, verify_record

    if record_format == "belenios":
        from deliberation.crypto.belenios.verify import verify_archive as verify_record
    report = verify_record(record, workers=workers, progress=None if quiet else stderr_progress, head=head)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, sort_keys=True))
    else:
        click.echo(format_report(report))
    sys.exit(0 if report.ok else 1)


@click.command("demo-election")
@click.option("--ballots", type=int, default=100, show_default=True)
@click.option("--questions", type=int, default=1, show_default=True)
@click.option("--choices", type=int, default=3, show_default=True)
@click.option("--trustees", type=int, default=3, show_default=True)
@click.option("--threshold", type=int, default=2, show_default=True)
@click.option("--weights", type=click.Choice(["headcount", "area"]), default="headcount", show_default=True,
              help="area: also tally by credential weight (floor area).")
@click.option("--min", "min_choices", type=int, default=1, show_default=True, help="Fewest choices per question.")
@click.option("--max", "max_choices", type=int, default=1, show_default=True, help="Most choices per question.")
@click.option("--audited", type=int, default=2, show_default=True, help="Benaloh-audited ballots.")
@click.option("--revote-rate", type=float, default=0.05, show_default=True)
@click.option("--reissued", type=int, default=0, show_default=True,
              help="Voters whose credential is revoked and replaced after they voted; they vote again.")
@click.option("--group", "group_name", default=DEFAULT_GROUP, show_default=True,
              type=click.Choice(["Ed25519", "Ristretto255", "BELENIOS-2048", "RFC-3526-2048"], case_sensitive=False))
@click.option("--seed", type=int, default=None, help="Seed for the simulated voters' choices.")
@click.option("--trustee-keys", type=click.Path(file_okay=False), default=None,
              help="Write each trustee's passphrase-protected key file into this folder.")
@click.option("--passphrase", default="demo", show_default=True, help="Passphrase of the demo key files.")
@click.option("--format", "record_format", type=click.Choice(["ours", "belenios"]), default="ours",
              show_default=True, help="belenios: write OUT/UUID.bel for belenios-tool (BELENIOS-2048 only).")
@click.option("--out", required=True, type=click.Path(), help="Folder, or a path ending in .zip.")
def demo_election(ballots, questions, choices, trustees, threshold, weights, min_choices, max_choices,
                  audited, revote_rate, reissued, group_name, seed, trustee_keys, passphrase, record_format, out):
    """Run a simulated election end to end and write its record."""
    if record_format == "belenios":
        from deliberation.crypto.belenios.cli import demo_archive

        return demo_archive(ballots, questions, choices, trustees, threshold, weights, min_choices, max_choices,
                            revote_rate, group_name, seed, out)
    from deliberation.crypto.demo import demo_election as run
    from deliberation.crypto.record import write_record

    try:
        record, _ = run(ballots=ballots, questions=questions, choices=choices, trustees_count=trustees,
                        threshold=threshold, weights=weights, revote_rate=revote_rate, audited=audited,
                        group_name=group_name, min_choices=min_choices, max_choices=max_choices, seed=seed,
                        keys_dir=trustee_keys, passphrase=passphrase, reissued=reissued)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    write_record(record, out)
    click.echo(f"wrote {out}: {len(record['ballots'])} ballots, result {json.dumps(record['result']['tallies'])}")
