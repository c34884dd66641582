"""The `pb` commands: replay a Pabulib election, check or convert a file.

Run as `deliberation pb ...` or standalone: `python -m deliberation.budgeting.cli pb ...`.
"""

from __future__ import annotations

import json
import sys

import click

from .ballots import validate_ballot
from .equal_shares import equal_shares
from .greedy import greedy
from .pabulib import parse_pb, write_pb


def run_rule(instance, profile, rule: str, completion: str | None, fill: str | None):
    """Return the outcome of the named rule."""
    if rule == "greedy":
        return greedy(instance, profile)
    return equal_shares(instance, profile, completion=completion, fill=fill)


def describe(outcome) -> str:
    """Return a short human-readable account of an outcome."""
    lines = [f"rule: {outcome.rule}", f"spent: {outcome.spent}"]
    if outcome.rule == "greedy":
        for step in outcome.explanation:
            lines.append(f"  {step.project_id}: score {step.score}, cost {step.cost}, "
                         f"{step.reason} (remaining {step.remaining_before})")
    else:
        for r in outcome.explanation.rounds:
            price = f", rho {float(r.rho):.6g}, {len(r.payments)} payers" if r.rho is not None else ""
            lines.append(f"  {r.project_id}: cost {r.cost}, {r.stage}{price}")
    lines.append("selected: " + " ".join(outcome.selected))
    return "\n".join(lines)


@click.group("pb")
def pb():
    """Participatory budgeting with Pabulib (.pb) files."""


@pb.command("tally")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--rule", type=click.Choice(["greedy", "mes"]), default="mes", show_default=True)
@click.option("--completion", type=click.Choice(["add1", "none"]), default="add1",
              show_default=True, help="MES completion.")
@click.option("--fill", type=click.Choice(["greedy", "none"]), default="greedy",
              show_default=True, help="How MES spends what is left.")
@click.option("--json", "as_json", is_flag=True, help='Print {"selected": [...], "spent": N}.')
@click.option("--explain", is_flag=True, help="Print why each project was funded or not.")
def tally(path, rule, completion, fill, as_json, explain):
    """Compute the funded projects of the election in PATH."""
    instance, profile, _ = parse_pb(path)
    outcome = run_rule(instance, profile, rule,
                       None if completion == "none" else completion,
                       None if fill == "none" else fill)
    if as_json:
        click.echo(json.dumps({"selected": list(outcome.selected), "spent": outcome.spent}))
    elif explain:
        click.echo(describe(outcome))
    else:
        click.echo("\n".join(outcome.selected))


@pb.command("check")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def check(path):
    """Report ballots in PATH that break the election's rules."""
    instance, profile, _ = parse_pb(path)
    invalid = 0
    for ballot in profile:
        errors = validate_ballot(instance, ballot)
        if errors:
            invalid += 1
            click.echo(f"{ballot.voter_id}: {', '.join(errors)}")
    click.echo(f"{len(profile)} ballots, {invalid} invalid")
    sys.exit(1 if invalid else 0)


@pb.command("convert")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-")
def convert(path, output):
    """Re-export PATH as a normalised .pb file."""
    instance, profile, meta = parse_pb(path)
    output.write(write_pb(instance, profile, meta))


@click.group()
def main():
    """Standalone entry point holding the pb group."""


main.add_command(pb)

if __name__ == "__main__":
    main()
