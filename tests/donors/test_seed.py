"""Demo claims: about 60 letters held by demo donors, through the claim service, idempotently."""

from campaign.auth.models import User
from campaign.demo import DONOR_EMAIL
from campaign.donors.models import Claim
from campaign.donors.seed import seed_claims
from campaign.extensions import db
from campaign.letters.models import Letter, LetterStatus


def counts():
    claims = db.session.scalar(db.select(db.func.count(Claim.id)))
    claimed = db.session.scalar(
        db.select(db.func.count(Letter.id)).where(Letter.status == LetterStatus.CLAIMED.value)
    )
    return claims, claimed


def test_seed_claims_about_sixty_letters_and_a_second_run_changes_nothing(
    app, make_campaign, make_letter, make_user
):
    campaign = make_campaign()
    make_user("donor", email=DONOR_EMAIL)
    for _ in range(80):
        make_letter(campaign=campaign)

    seed_claims(campaign)
    first = counts()
    seed_claims(campaign)

    assert first == (60, 60)
    assert counts() == first
    main = db.session.scalar(db.select(User).where(User.email == DONOR_EMAIL))
    assert (
        db.session.scalar(db.select(db.func.count(Claim.id)).where(Claim.donor_id == main.id)) == 2
    )


def test_seed_does_nothing_without_letters(app, make_campaign):
    seed_claims(make_campaign())

    assert counts() == (0, 0)
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
