"""`flask seed-demo`: demo data for a fresh machine. Idempotent: a second run changes nothing.

Each domain seeds its own part (office content, letters, claims, parcels); this module runs them in
order and creates what they share: centres, the current campaign and one account per role.
"""

import random
from datetime import UTC, datetime, time, timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from campaign.auth.models import User
from campaign.auth.services import create_user
from campaign.core.audit import Event
from campaign.core.centres import Center, DropOffHours
from campaign.core.clock import LOCAL_TZ, today, utcnow
from campaign.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, center_email
from campaign.donors.models import Claim
from campaign.donors.seed import seed_claims
from campaign.extensions import db
from campaign.letters.models import Campaign, Letter
from campaign.letters.seed import seed_letters
from campaign.office.seed import seed_office
from campaign.parcels.seed import seed_parcels

# Invented demo values: the contact page marks centres with is_demo_data as such.
DEMO_CENTERS = [
    (1, "Centrum Pracy Socjalnej nr 1", "ul. Konrada Leczkowa 1A, 80-432 Gdańsk", "58 320 51 01"),
    (2, "Centrum Pracy Socjalnej nr 2", "ul. Jana Kilińskiego 7, 80-452 Gdańsk", "58 320 51 02"),
    (3, "Centrum Pracy Socjalnej nr 3", "ul. Dywizjonu 303 3, 80-462 Gdańsk", "58 320 51 03"),
    (4, "Centrum Pracy Socjalnej nr 4", "ul. Jaśkowa Dolina 4, 80-252 Gdańsk", "58 320 51 04"),
    (
        5,
        "Centrum Pracy Socjalnej nr 5",
        "ul. Powstańców Warszawskich 5, 80-152 Gdańsk",
        "58 320 51 05",
    ),
    (6, "Centrum Pracy Socjalnej nr 6", "ul. Wolności 6, 80-823 Gdańsk", "58 320 51 06"),
]

# Two weekday afternoons and a Saturday morning: when people can bring a parcel after work.
DEMO_HOURS = [
    (1, time(12, 0), time(18, 0)),
    (3, time(12, 0), time(18, 0)),
    (5, time(9, 0), time(13, 0)),
]


def seed_centers() -> list[Center]:
    centers = []
    for number, name, address, phone in DEMO_CENTERS:
        center = db.session.scalar(db.select(Center).where(Center.number == number))
        if center is None:
            center = Center(number=number, name=name, address=address, phone=phone)
            center.email = center_email(number)
            center.is_demo_data = True
            center.hours = [
                DropOffHours(weekday=d, opens_at=o, closes_at=c) for d, o, c in DEMO_HOURS
            ]
            db.session.add(center)
        centers.append(center)
    db.session.flush()
    return centers


def seed_campaign() -> Campaign:
    """The current edition, with claims open now so the demo can be used end to end."""
    year = today().year
    prefix = f"KMP{year % 100:02d}"
    campaign = db.session.scalar(db.select(Campaign).where(Campaign.code_prefix == prefix))
    if campaign is None:
        # Local midnight in Gdańsk, stored as naive UTC like every timestamp.
        midnight = datetime.combine(today(), time(0, 0), tzinfo=LOCAL_TZ)
        start = midnight.astimezone(UTC).replace(tzinfo=None) - timedelta(days=10)
        campaign = Campaign(
            name=f"Każdy Może Pomóc {year}",
            year=year,
            code_prefix=prefix,
            claims_open_at=start,
            # Letters can be taken for ten more days; parcels are due four days after that.
            claims_close_at=start + timedelta(days=20),
            parcel_deadline=today() + timedelta(days=14),
            delivery_date=today() + timedelta(days=21),
            default_letter_limit=3,
            review_required=True,
            reminder_days_before=3,
            slip_instructions=(
                "Zapakuj prezent do kartonu lub torby, przyklej do niego część kuponu z kodem "
                "i przynieś paczkę do punktu zbiórki w godzinach jego otwarcia. "
                "Nie podpisuj paczki swoim nazwiskiem."
            ),
            contact_phone="58 342 31 34",
        )
        if Campaign.current() is None:
            campaign.is_current = True
        db.session.add(campaign)
        db.session.flush()
    return campaign


def seed_accounts() -> list[tuple[str, str, str]]:
    rows = []
    for email, role, center_number, name in DEMO_ACCOUNTS:
        user = db.session.scalar(db.select(User).where(User.email == email))
        if user is None:
            user, _ = create_user(
                email, role, password=DEMO_PASSWORD, center_number=center_number, display_name=name
            )
        rows.append((role.value, email, DEMO_PASSWORD))
    db.session.flush()
    return rows


def spread_demo_history(campaign: Campaign, days: int = 10) -> None:
    """Spread the demo claims and parcels, all made a moment ago, over the campaign's past days.

    Only so that the dashboard's day-by-day charts show a campaign in progress. Touches only rows
    made today that still share today's date, so a second run changes nothing. The audit events
    of each claim move with it.
    """
    today_start = datetime.combine(today(), time(0, 0))
    claims = db.session.scalars(
        db.select(Claim)
        .join(Letter, Letter.id == Claim.letter_id)
        .where(Letter.campaign_id == campaign.id, Claim.created_at >= today_start)
        .order_by(Claim.id)
    ).all()
    rng = random.Random(campaign.id)
    now = utcnow()
    for claim in claims:
        claim.created_at = now - timedelta(days=rng.randint(1, days - 1), hours=rng.randint(0, 8))
        moments = {"claimed": claim.created_at}
        if claim.received_at is not None:
            claim.received_at = claim.created_at + (now - claim.created_at) * rng.uniform(0.3, 0.7)
            moments["received"] = claim.received_at
        if claim.delivered_at is not None:
            claim.delivered_at = claim.received_at + (now - claim.received_at) * rng.uniform(
                0.2, 0.9
            )
            moments["delivered"] = claim.delivered_at
        for event in db.session.scalars(db.select(Event).where(Event.claim_id == claim.id)):
            event.created_at = moments.get(event.to_status, event.created_at)


@click.command("seed-demo")
@click.option("--force", is_flag=True, help="Seed even where APP_ENV is production.")
@with_appcontext
def seed_demo(force: bool):
    """Fill the database with the demo content (safe to run again)."""
    if current_app.config["ENV_NAME"] == "production" and not force:
        # The demo accounts have a published password: never on the real site by accident.
        raise click.ClickException("refusing to seed demo data in production (use --force)")
    seed_office()
    seed_centers()
    campaign = seed_campaign()
    accounts = seed_accounts()
    db.session.commit()
    seed_letters(campaign)
    seed_claims(campaign)
    seed_parcels(campaign)
    spread_demo_history(campaign)
    db.session.commit()
    click.echo("Demo data ready. Demo accounts:")
    echo_table([("role", "e-mail", "password"), *accounts])


def echo_table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo(
            "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        )
