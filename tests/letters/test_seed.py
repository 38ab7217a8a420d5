"""The demo letters: about two hundred, made through the services, free of personal data."""

from collections import Counter

import pytest

from campaign.core.audit import Event
from campaign.extensions import db
from campaign.letters.models import Letter
from campaign.letters.privacy import check_text
from campaign.letters.seed import seed_letters


@pytest.fixture
def demo(make_campaign, make_center, make_user):
    campaign = make_campaign(code_prefix="KMP26")
    centers = [make_center(n) for n in range(1, 7)]
    make_user("admin", email="admin@demo.mopr.gda.pl")
    make_user("coordinator", email="koordynator@demo.mopr.gda.pl")
    make_user("social_worker", center=centers[0], email="pracownik@demo.mopr.gda.pl")
    make_user("social_worker", center=centers[1], email="pracownik2@demo.mopr.gda.pl")
    return campaign


def test_the_seed_makes_about_two_hundred_letters_in_a_realistic_mix(app, demo):
    seed_letters(demo)
    letters = db.session.scalars(db.select(Letter)).all()
    statuses = Counter(letter.status for letter in letters)
    assert len(letters) == 200
    assert statuses["available"] > 130
    assert statuses["draft"] >= 10 and statuses["review"] >= 10 and statuses["withdrawn"] >= 5
    assert set(statuses) == {"available", "draft", "review", "withdrawn"}
    assert len({letter.center_id for letter in letters}) == 6
    groups = Counter(letter.sibling_group for letter in letters if letter.sibling_group)
    assert groups and all(size >= 2 for size in groups.values())
    assert len({letter.wish for letter in letters}) > 40


def test_every_seeded_letter_passes_the_privacy_guard(app, demo):
    seed_letters(demo)
    for letter in db.session.scalars(db.select(Letter)):
        assert check_text(letter.wish) == [], letter.wish
        assert check_text(letter.needs) == [], letter.needs


def test_seeded_letters_carry_their_history_and_authors(app, demo):
    seed_letters(demo)
    worker_letters = db.session.scalars(
        db.select(Letter).join(Letter.center).where(Letter.center.has(number=1))
    ).all()
    assert {letter.author.email for letter in worker_letters} == {"pracownik@demo.mopr.gda.pl"}
    without_history = db.session.scalar(
        db.select(db.func.count(Letter.id)).where(~db.exists().where(Event.letter_id == Letter.id))
    )
    assert without_history == 0


def test_seeding_twice_changes_nothing(app, demo):
    seed_letters(demo)
    before = db.session.query(Letter).count(), db.session.query(Event).count()
    seed_letters(demo)
    assert (db.session.query(Letter).count(), db.session.query(Event).count()) == before
