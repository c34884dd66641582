"""`deliberation check-casts`: check queued ballots in a process of its own (VOTE_CAST_CHECK=external)."""
import threading

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("check-casts")
@click.option("--loop", is_flag=True, help="Keep running, checking every few seconds (for a systemd service).")
@click.option("--every", default=2.0, show_default=True, help="Seconds between looks at the queue with --loop.")
@with_appcontext
def check_casts(loop, every):
    """Check every queued ballot: accept it onto the bulletin board or refuse it with the reason."""
    from .services import vote_checker

    if loop:
        vote_checker.run_forever(current_app._get_current_object(), idle_seconds=every, event=threading.Event())
    settled = 0
    while count := vote_checker.check_pending():
        settled += count
    click.echo(f"{settled} ballot(s) checked")
