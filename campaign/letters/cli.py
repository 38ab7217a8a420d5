"""`flask letters rescan`: the current privacy guard over letters already written."""

import click
from flask.cli import AppGroup

from campaign.extensions import db
from campaign.letters import services
from campaign.letters.models import Campaign

letters = AppGroup("letters", help="Letters: checks over a whole campaign.")


@letters.command("rescan")
@click.option(
    "--campaign", "prefix", help="The campaign's code prefix; the current one if left out."
)
@click.option("--apply", is_flag=True, help="Take flagged available letters back to review.")
def rescan(prefix: str | None, apply: bool) -> None:
    """List letters the privacy guard flags now; with --apply withdraw available ones to review."""
    if prefix:
        campaign = db.session.scalar(
            db.select(Campaign).where(Campaign.code_prefix == prefix.upper())
        )
    else:
        campaign = Campaign.current()
    if campaign is None:
        raise click.ClickException(f"No campaign {prefix or '(current)'}.")
    hits = services.rescan_campaign(campaign, apply=apply)
    for hit in hits:
        if hit.moved:
            action = "moved to review"
        elif apply and hit.letter.status not in ("draft", "review", "withdrawn"):
            action = f"{hit.letter.status}: for a coordinator to decide"
        else:
            action = hit.letter.status
        kinds = ", ".join(sorted({f.kind for f in hit.findings}))
        click.echo(f"{hit.letter.code}  {action}  {kinds}")
    moved = sum(hit.moved for hit in hits)
    click.echo(f"{len(hits)} flagged, {moved} moved to review.")
