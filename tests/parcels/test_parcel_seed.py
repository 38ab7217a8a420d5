"""The demo parcels: taken in and handed over through the services, a few late; run twice, same."""

from collections import Counter

from campaign.core.audit import Event
from campaign.demo import COORDINATOR_EMAIL
from campaign.donors.models import Claim
from campaign.extensions import db
from campaign.letters.models import LetterStatus
from campaign.parcels.seed import seed_parcels


def claim_statuses() -> Counter:
    db.session.expire_all()
    claims = db.session.scalars(db.select(Claim))
    return Counter("overdue" if c.is_overdue else c.status for c in claims)


def test_seed_receives_delivers_and_makes_some_overdue_once(make_user, make_campaign, make_letter):
    make_user("coordinator", email=COORDINATOR_EMAIL)
    campaign = make_campaign()
    for _ in range(30):
        make_letter(LetterStatus.CLAIMED, campaign=campaign, donor=make_user())
    seed_parcels(campaign)
    first = claim_statuses()
    assert first == Counter(received=12, delivered=8, overdue=3, active=7)
    events = db.session.scalar(db.select(db.func.count()).select_from(Event))

    seed_parcels(campaign)
    assert claim_statuses() == first
    assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == events


def test_seed_without_claims_does_nothing(make_user, make_campaign):
    make_user("coordinator", email=COORDINATOR_EMAIL)
    campaign = make_campaign()
    seed_parcels(campaign)
    assert claim_statuses() == Counter()
