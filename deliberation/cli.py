"""The `deliberation` command: Flask's commands plus the platform's own."""
import sys

import click
from flask.cli import AppGroup, FlaskGroup, with_appcontext

audit_cli = AppGroup("audit", help="Check the audit log.")


@audit_cli.command("verify")
@with_appcontext
def audit_verify():
    """Re-check the audit hash chain and name the first broken entry."""
    from .extensions import db
    from .models import AuditEntry, AuditHead
    from .services.audit import check_chain

    chain_break = check_chain()
    count = db.session.query(AuditEntry).count()
    if chain_break is None:
        head = db.session.get(AuditHead, 1)
        click.echo(f"audit chain intact: {count} entries, head {head.hash if head else '-'}")
        return
    reasons = {
        "edited": "its content does not match its hash (edited)",
        "missing_or_reordered": "its previous-hash link is broken (an entry before it was deleted, inserted or reordered)",
        "sequence_gap": "its sequence number does not follow (an entry before it was deleted)",
        "head_mismatch": "the published chain head does not match the last entry (entries were removed at the end)",
    }
    click.echo(f"audit chain BROKEN at entry #{chain_break.seq}: {reasons[chain_break.reason]}", err=True)
    sys.exit(1)


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing if a community already exists.")
@with_appcontext
def demo(if_empty):
    """Seed the demo community (buildings, households, residents, council, staff)."""
    from .services import demo as demo_service

    created = demo_service.seed(if_empty=if_empty)
    click.echo("demo community created" if created else "a community exists already; nothing done")


@click.command("create-admin")
@click.option("--name", required=True)
@click.option("--phone", default=None)
@click.option("--email", default=None)
@click.password_option()
@with_appcontext
def create_admin(name, phone, email, password):
    """Create an administrator account."""
    from .services import staff

    if not (phone or email):
        raise click.UsageError("give --phone or --email")
    user = staff.create_staff(name, phone, email, password, roles=("admin", "worker"))
    click.echo(f"administrator {user.name} created (id {user.id})")


@click.command("import-households")
@click.argument("file", type=click.File("rb"))
@with_appcontext
def import_households(file):
    """Import the household register from a CSV file (GBK or UTF-8)."""
    from .services import households
    from .services.community import default_community
    from .messages import describe_register_error

    community = default_community()
    if community is None:
        raise click.ClickException("no community exists; run `deliberation demo` or create one first")
    created, updated, errors = households.import_register(community, file.read(), None)
    for error in errors:
        click.echo(f"line {error.line}: {describe_register_error(error)}", err=True)
    if errors:
        click.echo(f"{len(errors)} problem(s); nothing was imported", err=True)
        sys.exit(1)
    click.echo(f"imported: {created} new, {updated} updated")


def init_app(app):
    from .budget_cli import budget_cli
    from .cast_cli import check_casts
    from .digest_cli import digest
    from .sharing_cli import remind_bookings
    from .votes_cli import trustee

    app.cli.add_command(audit_cli)
    app.cli.add_command(budget_cli)
    for command in (demo, create_admin, import_households, digest, remind_bookings, trustee, check_casts):
        app.cli.add_command(command)


def _create_app():
    from . import create_app

    return create_app()


def build_cli():
    """The console script: the app's commands, plus the pure ones that need no app at all."""
    from .budgeting.cli import pb
    from .crypto.cli import demo_election, verify

    group = FlaskGroup(create_app=_create_app, help="Community deliberation and verifiable voting.")
    for command in (verify, demo_election, pb):
        group.add_command(command)
    return group


def main():
    build_cli()(prog_name="deliberation")
