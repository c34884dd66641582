"""Commands of the sharing area: `deliberation remind-bookings` (run daily, e.g. from cron at 18:00)."""
import click
from flask.cli import with_appcontext


@click.command("remind-bookings")
@with_appcontext
def remind_bookings():
    """Notify residents of their bookings tomorrow (each booking is reminded once)."""
    from .services import bookings

    count = bookings.remind_tomorrow()
    click.echo(f"{count} booking reminder(s) sent")


def init_app(app):
    app.cli.add_command(remind_bookings)
