"""`flask users create EMAIL --role ROLE [--center N] [--password P]`."""

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from campaign.auth.models import Role
from campaign.auth.services import create_user
from campaign.core.errors import DomainError
from campaign.extensions import db

users = AppGroup("users", help="Manage accounts.")


@users.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--center", "center_number", type=int, help="The centre's number (CPS N).")
@click.option("--password", help="Without it, a password is generated and printed.")
def create_command(email: str, role: str, center_number: int | None, password: str | None):
    """Create an active account with a verified e-mail."""
    try:
        user, password = create_user(email, role, password=password, center_number=center_number)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        with force_locale("pl"):  # no request to choose a language from
            message = error.translated()
        raise click.ClickException(message) from error
    click.echo(f"Created {user.role} {user.email} with password: {password}")
