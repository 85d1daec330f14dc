"""Flask commands: demo data, coalitions and admins from the shell."""

import click

from board.errors import Invalid


def init_app(app):
    """Register the commands on app."""

    @app.cli.command("seed-demo")
    def seed_demo_command():
        """Load the five coalitions of the seed with demo accounts (idempotent)."""
        from board.demo.loader import seed_demo

        counts = seed_demo()
        click.echo(
            "Demo data: {coalitions} new coalitions, {users} new accounts, "
            "{initiatives} new initiatives, {activities} new activities, "
            "{sessions} new intervision sessions, {waves} new pulse waves.".format(**counts)
        )

    @app.cli.command("mail-worker")
    @click.option("--once", is_flag=True, help="Deliver what is due now, then stop.")
    @click.option("--interval", default=2.0, help="Seconds to wait when nothing is due.")
    def mail_worker_command(once, interval):
        """Deliver the outbox: to MAIL_URL, or as .eml files in instance/outbox/."""
        from board.mail.worker import run

        run(interval=interval, once=once)

    @app.cli.command("prune-events")
    @click.option("--months", default=25, show_default=True, help="Keep the events this young.")
    def prune_events_command(months):
        """Delete events older than --months (histories and audit start then; at least 13)."""
        from datetime import timedelta

        from board import clock
        from board.events import prune

        if months < 13:
            raise click.ClickException("Keep at least 13 months: the programme reads a year.")
        gone = prune(clock.now() - timedelta(days=round(months * 30.44)))
        click.echo(f"Deleted {gone} events older than {months} months.")

    @app.cli.command("prune-outbox")
    @click.option("--days", default=30, show_default=True, help="Keep sent mail this young.")
    def prune_outbox_command(days):
        """Delete mail sent more than --days ago (at least 2)."""
        from datetime import timedelta

        from board import clock
        from board.mail.outbox import prune_sent

        if days < 2:
            raise click.ClickException("Keep at least 2 days: reminders look back a day.")
        gone = prune_sent(clock.now() - timedelta(days=days))
        click.echo(f"Deleted {gone} mails sent more than {days} days ago.")

    @app.cli.command("create-coalition")
    @click.argument("slug")
    @click.argument("name")
    @click.option("--aim", default="", help="What the coalition works towards.")
    @click.option("--site-kind", default="werkplaats", help="Its word for a work site.")
    def create_coalition_command(slug, name, aim, site_kind):
        """Create a coalition with the default board columns."""
        from board.coalitions.actions import create_coalition

        try:
            coalition = create_coalition(slug, name, aim, site_kind)
        except Invalid as error:
            raise click.ClickException("; ".join(error.errors.values())) from None
        click.echo(f"Created {coalition.name} at /c/{coalition.slug}/")

    @app.cli.command("create-admin")
    @click.argument("email")
    @click.option("--name", default="Beheerder", help="Display name.")
    @click.password_option()
    def create_admin_command(email, name, password):
        """Create an admin account, who can create coalitions."""
        from board.auth.actions import check_password_rules, create_user
        from board.auth.queries import find_user

        if find_user(email) is not None:
            raise click.ClickException(f"{email} already has an account.")
        try:
            check_password_rules(password)
        except Invalid as error:
            raise click.ClickException("; ".join(error.errors.values())) from None
        create_user(email, name, password, is_admin=True)
        click.echo(f"Admin {email} created.")
