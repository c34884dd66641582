"""The Belenios side of `deliberation demo-election --format belenios`."""
import json

import click


def demo_archive(ballots, questions, choices, trustees, threshold, weights, min_choices, max_choices,
                 revote_rate, group_name, seed, out):
    """Simulate an election and write OUT/UUID.bel, which `belenios-tool election verify --dir OUT` accepts."""
    from deliberation.crypto.belenios.writer import write_demo_archive

    if group_name.upper() != "BELENIOS-2048":
        raise click.UsageError("--format belenios needs --group BELENIOS-2048")
    try:
        path, result = write_demo_archive(out, ballots=ballots, questions=questions, choices=choices,
                                          trustees_count=trustees, threshold=threshold, weights=weights,
                                          min_choices=min_choices, max_choices=max_choices,
                                          revote_rate=revote_rate, seed=seed)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"wrote {path}: {ballots} voters, result {json.dumps(result)}")
