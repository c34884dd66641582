"""Commands of the budgeting area: `deliberation budget tally CYCLE` runs a cycle's tally in the foreground."""
import click
from flask.cli import AppGroup

budget_cli = AppGroup("budget", help="Participatory budget cycles.")


@budget_cli.command("tally")
@click.argument("cycle_id", type=int)
def tally(cycle_id):
    """Count a cycle's ballots by its rule and store the explained result (its page shows the progress)."""
    from .extensions import db
    from .models import BudgetCycle
    from .services import budget_tally
    from .services.budget import BudgetError

    cycle = db.session.get(BudgetCycle, cycle_id)
    if cycle is None:
        raise click.UsageError(f"no budget cycle {cycle_id}")
    try:
        result = budget_tally.start_tally(cycle, None, background=False)
    except BudgetError as error:
        raise click.ClickException(f"cannot tally cycle {cycle_id}: {error.code}")
    click.echo(f"cycle {cycle_id}: {result.status}, {len(result.selected)} project(s) funded, "
               f"{result.spent / 100:.2f} yuan spent: {' '.join(result.selected)}")
