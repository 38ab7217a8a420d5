"""`flask reminders send`: remind donors whose parcel deadline is near."""

import click
from flask.cli import AppGroup

from campaign.donors.reminders import send_due_reminders

reminders = AppGroup("reminders", help="Deadline reminders for donors.")


@reminders.command("send")
def send_reminders():
    """E-mail donors whose parcel deadline is near (each reminder at most once, ever)."""
    sent = send_due_reminders()
    click.echo(f"Reminders sent: {sent}")
