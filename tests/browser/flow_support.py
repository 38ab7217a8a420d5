"""Helpers shared by the browser flows: own accounts and letters per test, page health checks.

The live server is shared by the whole session, so every flow makes the accounts and claims it
needs (unique e-mails, letters nobody else has taken) instead of relying on what another test did.
"""

from uuid import uuid4

from campaign import demo
from campaign.auth.models import User
from campaign.auth.services import create_user
from campaign.core.centres import Center
from campaign.donors import services as donor_services
from campaign.donors.models import Claim
from campaign.extensions import db
from campaign.letters.models import Campaign, Letter

PASSWORD = "haslo-testowe-2026"
DEMO_PASSWORD = demo.DEMO_PASSWORD
DEMO = {
    "admin": demo.ADMIN_EMAIL,
    "coordinator": demo.COORDINATOR_EMAIL,
    "social_worker": demo.SOCIAL_WORKER_EMAILS[1],
    "social_worker_2": demo.SOCIAL_WORKER_EMAILS[2],
    "donor": demo.DONOR_EMAIL,
}


def new_account(app, role: str, *, center: int | None = None, name: str = "") -> str:
    """A fresh, verified account with PASSWORD; returns its e-mail."""
    email = f"{role.replace('_', '-')}-{uuid4().hex[:10]}@example.org"
    with app.app_context():
        create_user(email, role, password=PASSWORD, center_number=center, display_name=name)
        db.session.commit()
    return email


def claimable_letter_codes(app, *, limit: int = 1, **where) -> list[str]:
    """Display codes of letters a donor could take now, e.g. `center_id=...`, `gender="f"`."""
    with app.app_context():
        campaign = Campaign.current()
        statement = (
            db.select(Letter)
            .where(Letter.campaign_id == campaign.id, Letter.claimable())
            .filter_by(**where)
            .order_by(Letter.id.desc())
            .limit(limit)
        )
        codes = [letter.display_code for letter in db.session.scalars(statement)]
    assert len(codes) == limit, f"not enough claimable letters for {where}"
    return codes


def claim_for_new_donor(app, *, name: str = "Bożena") -> dict:
    """A new donor takes a free letter (through the service, as the claim button does).

    Returns what a flow may assert on: the letter's code, wish, age and centre, and the donor.
    """
    email = new_account(app, "donor", name=name)
    (code,) = claimable_letter_codes(app)
    with app.app_context():
        donor = db.session.scalar(db.select(User).where(User.email == email))
        letter = letter_by_code(code)
        (claim,) = donor_services.claim_letters(donor, [letter], send_confirmation=False)
        return {
            "code": code,
            "claim_id": claim.id,
            "wish": letter.wish,
            "needs": letter.needs,
            "age": letter.age,
            "center": letter.center.name,
            "donor_email": email,
            "donor_name": donor.display_name,
        }


def letter_by_code(code: str) -> Letter:
    normalised = code.replace("-", "").upper()
    return db.session.scalar(db.select(Letter).where(Letter.code == normalised))


def claims_of_letter(code: str, *, donor_email: str | None = None) -> list[Claim]:
    """The letter's claims that hold (or held until delivery) the letter, or all of one donor's.

    Cancelled and released claims of earlier tests on the same letter are left out.
    """
    letter = letter_by_code(code)
    statement = db.select(Claim).where(Claim.letter_id == letter.id).order_by(Claim.id)
    if donor_email is not None:
        donor_id = db.select(User.id).where(User.email == donor_email).scalar_subquery()
        return list(db.session.scalars(statement.where(Claim.donor_id == donor_id)))
    holding = ("active", "received", "delivered")
    return list(db.session.scalars(statement.where(Claim.status.in_(holding))))


def center_id(number: int) -> int:
    return db.session.scalar(db.select(Center.id).where(Center.number == number))


def overflow(page) -> int:
    """How many pixels the page is wider than the screen (> 0 means sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def script_problems(page) -> list[str]:
    """Console errors and page errors, without the browser's note on a 4xx/5xx response
    (a refused form is answered with 422 on purpose: that is not a script problem)."""
    return [p for p in page.problems if "the server responded with a status of" not in p]


def watch_problems(page) -> None:
    """Record script errors on a page made without the fixture's listeners (e.g. `phone`)."""
    if not hasattr(page, "problems"):
        page.problems = []
    page.on("pageerror", lambda error: page.problems.append(str(error)))
