"""`flask seed-demo`: the whole demo on a fresh database, and nothing more on a second run."""

from sqlalchemy import func

from campaign.extensions import db
from campaign.models import (
    Announcement,
    Campaign,
    Center,
    Claim,
    ClaimStatus,
    Event,
    Letter,
    LetterStatus,
    NewsArticle,
    User,
)

TABLES = (User, Center, Campaign, Letter, Claim, Event, NewsArticle, Announcement)


def _counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(func.count(model.id)) for model in TABLES}


def test_seed_demo_builds_the_demo_and_a_second_run_changes_nothing(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    counts = _counts()
    second = runner.invoke(args=["seed-demo"])

    assert second.exit_code == 0, second.output
    assert _counts() == counts
    for role in ("admin", "coordinator", "social_worker", "donor"):
        assert role in first.output
    assert "demo-haslo-2026" in first.output


def test_seed_demo_has_letters_in_every_state_and_claims_spread_over_days(runner):
    runner.invoke(args=["seed-demo"])

    statuses = dict(
        db.session.execute(db.select(Letter.status, func.count()).group_by(Letter.status)).all()
    )
    claim_days = db.session.scalar(
        db.select(func.count(func.distinct(func.date(Claim.created_at))))
    )
    campaign = Campaign.current()

    assert 180 <= sum(statuses.values()) <= 260
    assert set(statuses) == {s.value for s in LetterStatus}
    assert db.session.scalar(db.select(func.count(Center.id))) >= 3
    assert claim_days > 3
    assert campaign is not None and campaign.claims_open()
    assert db.session.scalar(
        db.select(func.count(Claim.id)).where(Claim.status == ClaimStatus.DELIVERED.value)
    )


def test_seed_demo_refuses_to_run_in_production(make_app):
    app = make_app(
        ENV_NAME="production", SECRET_KEY="a-real-production-secret-of-64-characters-" * 2
    )
    result = app.test_cli_runner().invoke(args=["seed-demo"])

    assert result.exit_code != 0
    assert "production" in result.output
    assert db.session.scalar(func.count(User.id)) == 0
