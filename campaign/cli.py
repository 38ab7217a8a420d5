"""Command line: `flask --app wsgi seed-demo`, `users create`, and each domain's commands."""

from flask import Flask

from campaign.auth.cli import users
from campaign.donors.cli import reminders
from campaign.letters.cli import letters
from campaign.mail.cli import mail
from campaign.office.prune import uploads
from campaign.parcels.cli import export, purge
from campaign.seed import seed_demo


def register(app: Flask) -> None:
    for command in (seed_demo, users, reminders, export, purge, letters, uploads, mail):
        app.cli.add_command(command)
