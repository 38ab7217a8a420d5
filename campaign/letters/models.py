"""Campaigns, centres (drop-off points), letters and their audit trail."""

import enum
from datetime import date, datetime, time

from sqlalchemy import JSON, ForeignKey, Index, String, Text, and_, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.extensions import db
from campaign.i18n import N_
from campaign.timeutil import utcnow


class LetterStatus(enum.StrEnum):
    DRAFT = "draft"
    REVIEW = "review"
    AVAILABLE = "available"
    CLAIMED = "claimed"
    RECEIVED = "received"
    DELIVERED = "delivered"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """The status in the reader's language."""
        from flask_babel import gettext

        return gettext(STATUS_LABELS[self])


STATUS_LABELS = {
    LetterStatus.DRAFT: N_("szkic"),
    LetterStatus.REVIEW: N_("do sprawdzenia"),
    LetterStatus.AVAILABLE: N_("dostępny"),
    LetterStatus.CLAIMED: N_("wybrany przez darczyńcę"),
    LetterStatus.RECEIVED: N_("paczka przyjęta"),
    LetterStatus.DELIVERED: N_("przekazany rodzinie"),
    LetterStatus.WITHDRAWN: N_("wycofany"),
}

GENDER_LABELS = {"f": N_("dziewczynka"), "m": N_("chłopiec")}


class Campaign(db.Model):
    __tablename__ = "campaigns"
    __table_args__ = (
        # Exactly one campaign is current: the database refuses a second one.
        Index(
            "uq_campaigns_one_current",
            "is_current",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    year: Mapped[int] = mapped_column()
    code_prefix: Mapped[str] = mapped_column(String(8), unique=True)  # e.g. "KMP26"
    claims_open_at: Mapped[datetime] = mapped_column()
    claims_close_at: Mapped[datetime] = mapped_column()
    parcel_deadline: Mapped[date] = mapped_column()
    delivery_date: Mapped[date] = mapped_column()
    default_letter_limit: Mapped[int] = mapped_column(default=3)
    review_required: Mapped[bool] = mapped_column(default=True)
    # Intake at any drop-off point, not only the letter's own centre.
    intake_anywhere: Mapped[bool] = mapped_column(default=False)
    reminder_days_before: Mapped[int] = mapped_column(default=3)
    slip_instructions: Mapped[str] = mapped_column(Text, default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    is_current: Mapped[bool] = mapped_column(default=False)
    purged_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    letters: Mapped[list["Letter"]] = relationship(back_populates="campaign")

    def claims_open(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.claims_open_at <= now < self.claims_close_at

    @classmethod
    def current(cls) -> "Campaign | None":
        return db.session.scalar(db.select(cls).where(cls.is_current.is_(True)))

    def __repr__(self) -> str:
        return f"<Campaign {self.code_prefix}>"


class Center(db.Model):
    """A Centrum Pracy Socjalnej; every centre is also a drop-off point for parcels."""

    __tablename__ = "centers"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    # Demo values are invented; the contact page says so for such centres.
    is_demo_data: Mapped[bool] = mapped_column(default=False)

    hours: Mapped[list["DropOffHours"]] = relationship(
        back_populates="center",
        order_by="(DropOffHours.weekday, DropOffHours.opens_at)",
        cascade="all, delete-orphan",
    )
    staff: Mapped[list["User"]] = relationship(back_populates="center")  # noqa: F821

    @property
    def label(self) -> str:
        return f"CPS {self.number}"

    def __repr__(self) -> str:
        return f"<Center {self.number}>"


class DropOffHours(db.Model):
    """One weekly opening slot of a drop-off point (weekday 0 = Monday)."""

    __tablename__ = "drop_off_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    weekday: Mapped[int] = mapped_column()
    opens_at: Mapped[time] = mapped_column()
    closes_at: Mapped[time] = mapped_column()

    center: Mapped[Center] = relationship(back_populates="hours")


class Letter(db.Model):
    """A coded wish letter. It never holds anything that identifies the child."""

    __tablename__ = "letters"
    __table_args__ = (
        # The catalogue filters by campaign and status and pages newest first (by id).
        Index("ix_letters_campaign_status_id", "campaign_id", "status", "id"),
        # ... and by age: a seek to page 200 sorted by age reads one page of this index.
        Index("ix_letters_campaign_status_age_id", "campaign_id", "status", "age", "id"),
        Index("ix_letters_center_status", "center_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)  # normalised: "KMP267KQ4MX"
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    age: Mapped[int] = mapped_column()
    gender: Mapped[str] = mapped_column(String(1))  # "f" | "m"
    wish: Mapped[str] = mapped_column(Text)
    needs: Mapped[str] = mapped_column(Text, default="")
    # Letters of siblings share a group key within a campaign and may be claimed together.
    sibling_group: Mapped[str | None] = mapped_column(String(40), index=True)
    case_reference: Mapped[str] = mapped_column(String(80), default="")  # staff only
    status: Mapped[str] = mapped_column(String(12), default=LetterStatus.DRAFT.value, index=True)
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    review_note: Mapped[str] = mapped_column(Text, default="")  # why it was sent back
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")
    # A letter nobody took, covered by the centre or a partner so that no child is forgotten.
    covered_at: Mapped[datetime | None] = mapped_column()
    covered_note: Mapped[str] = mapped_column(String(200), default="")
    # Idempotency key of the form submission that created it: a double submit creates one letter.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    campaign: Mapped[Campaign] = relationship(back_populates="letters")
    center: Mapped[Center] = relationship()
    author: Mapped["User | None"] = relationship()  # noqa: F821

    @classmethod
    def claimable(cls):
        """SQL condition: a donor may take it (available, and not covered by the centre)."""
        return and_(cls.status == LetterStatus.AVAILABLE.value, cls.covered_at.is_(None))

    @property
    def is_claimable(self) -> bool:
        return self.status == LetterStatus.AVAILABLE and self.covered_at is None

    @property
    def status_enum(self) -> LetterStatus:
        return LetterStatus(self.status)

    @property
    def display_code(self) -> str:
        from campaign.letters.codes import format_code

        return format_code(self.code)

    @property
    def gender_label(self) -> str:
        from flask_babel import gettext

        return gettext(GENDER_LABELS.get(self.gender, self.gender))

    @property
    def is_editable(self) -> bool:
        """Only a draft can be edited: review and publication see exactly what was checked."""
        return self.status == LetterStatus.DRAFT

    def __repr__(self) -> str:
        return f"<Letter {self.code} {self.status}>"


class Event(db.Model):
    """The audit trail: who changed what, when, from which state to which, and why."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)  # e.g. "letter.status"
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(12))
    to_status: Mapped[str | None] = mapped_column(String(12))
    reason: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict | None] = mapped_column(JSON)

    actor: Mapped["User | None"] = relationship()  # noqa: F821
    letter: Mapped[Letter | None] = relationship()
