"""Command line: `flask --app wsgi seed-demo`, `users create`, and each domain's commands."""

import click
from flask import Flask


def register(app: Flask) -> None:
    from campaign.auth.cli import users
    from campaign.donors.cli import reminders
    from campaign.letters.cli import letters
    from campaign.outbox.cli import mail
    from campaign.parcels.cli import export, purge
    from campaign.seed import seed_demo

    for command in (seed_demo, users, reminders, export, purge, letters, mail):
        app.cli.add_command(command)


def echo_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo(
            "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        )
