"""The `deliberation digest` command."""
import click
from flask.cli import with_appcontext


@click.command("digest")
@with_appcontext
def digest():
    """E-mail each user who chose the daily digest the notifications of the last day."""
    from .services.digest import send_digests

    sent = send_digests()
    click.echo(f"{sent} digest e-mail(s) sent")
