"""Helpers shared by the parcels tests (module name unique across test folders)."""

from campaign.core.audit import Event
from campaign.donors.models import Claim
from campaign.extensions import db
from campaign.letters.models import Letter


def claim_of(letter: Letter) -> Claim:
    """The letter's most recent claim, read fresh from the database."""
    db.session.expire_all()
    return db.session.scalar(
        db.select(Claim).where(Claim.letter_id == letter.id).order_by(Claim.id.desc())
    )


def fresh(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def events(kind: str | None = None, **filters) -> list[Event]:
    db.session.expire_all()
    query = db.select(Event).order_by(Event.id)
    if kind:
        query = query.where(Event.kind == kind)
    for name, value in filters.items():
        query = query.where(getattr(Event, name) == value)
    return list(db.session.scalars(query))


def text_of(response) -> str:
    return response.get_data(as_text=True)
