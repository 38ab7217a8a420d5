"""`flask export` (the coordinators' CSV from the command line) and `flask purge` (retention)."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from campaign.core import centres
from campaign.core.clock import today
from campaign.parcels import exports, queries, retention, services


@click.command("export")
@click.option(
    "--kind",
    type=click.Choice(exports.KINDS),
    help="One export; without it all of them are written into a directory.",
)
@click.option(
    "--campaign", "prefix", help="The campaign's code prefix; the current one if left out."
)
@click.option("--center", "center_number", type=int, help="Only this centre (CPS N).")
@click.option(
    "--output",
    type=click.Path(writable=True),
    help="With --kind a file (default: stdout); without it a directory "
    "(default: instance/exports/<prefix>-<date>/).",
)
@with_appcontext
def export(kind: str | None, prefix: str | None, center_number: int | None, output: str | None):
    """Write letters, claims and parcels as CSV (UTF-8 with BOM, `;`), as the web export does."""
    campaign = queries.campaign_by_prefix(prefix)
    if campaign is None:
        raise click.ClickException(f"No campaign {prefix or '(current)'}.")
    center = centres.center_by_number(center_number)
    if center_number is not None and center is None:
        raise click.ClickException(f"No centre number {center_number}.")
    if kind is None:
        _export_all(campaign, center, output)
        return
    data = _csv(kind, campaign, center)
    if output:
        with open(output, "wb") as file:
            file.write(data)
        click.echo(f"Wrote {output} ({len(data)} bytes).", err=True)
    else:
        click.echo(data, nl=False)  # bytes go to stdout as they are, BOM included


def _csv(kind: str, campaign, center) -> bytes:
    # No request here to choose a language from: the headers are written in the default one.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return services.export_csv(None, kind, campaign, center)


def _export_all(campaign, center, output: str | None) -> None:
    """Every kind into one directory, one file each; the paths are printed for a script to use."""
    directory = Path(output) if output else _default_directory(campaign)
    if directory.exists() and not directory.is_dir():
        raise click.ClickException(f"{directory} is not a directory.")
    directory.mkdir(parents=True, exist_ok=True)
    for kind in exports.KINDS:
        path = directory / exports.filename(kind, campaign, center)
        path.write_bytes(_csv(kind, campaign, center))
        click.echo(str(path))


def _default_directory(campaign) -> Path:
    name = f"{campaign.code_prefix.lower()}-{today().isoformat()}"
    return Path(current_app.instance_path) / "exports" / name


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Only show what would be removed.")
@click.option("--days", type=int, help="Days after the delivery date; default RETENTION_DAYS.")
@with_appcontext
def purge(dry_run: bool, days: int | None):
    """Remove donors' personal data of campaigns past their retention period."""
    days = current_app.config["RETENTION_DAYS"] if days is None else days
    if days < 0:
        raise click.ClickException("--days must not be negative.")
    plan = retention.purge(days, dry_run=dry_run)
    if plan.empty:
        click.echo(f"Nothing to purge ({days} days after the delivery date).")
        return
    verb = "Would purge" if dry_run else "Purged"
    for campaign in plan.campaigns:
        click.echo(f"{verb} campaign {campaign.code_prefix} (delivered {campaign.delivery_date}).")
    click.echo(f"  donor accounts anonymised: {len(plan.donors)}")
    click.echo(f"  unused donor accounts anonymised: {len(plan.idle_donors)}")
    click.echo(f"  walk-in donors' contacts cleared: {len(plan.walkin_claim_ids)}")
    click.echo(f"  intake notes cleared: {len(plan.note_claim_ids)}")
    click.echo(f"  old CSV exports deleted: {len(plan.export_files)}")
    for path in plan.export_files:
        click.echo(f"    {path}")
    if dry_run:
        click.echo("Dry run: nothing was changed.")
