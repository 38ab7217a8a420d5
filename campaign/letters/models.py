"""Campaigns and letters."""

import enum
from datetime import date, datetime

from flask_babel import gettext, lazy_gettext
from sqlalchemy import ForeignKey, Index, String, Text, and_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.core.centres import Center
from campaign.core.clock import utcnow
from campaign.extensions import db, partial_unique_index
from campaign.i18n import N_
from campaign.letters.codes import format_code


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
        """The status in the reader's language: the one wording every page, list and PDF uses."""
        return gettext(_STATUS_LABELS[self])

    @property
    def lazy_label(self):
        """The same, translated when shown (for form choices built at import time)."""
        return lazy_gettext(_STATUS_LABELS[self])


_STATUS_LABELS = {
    LetterStatus.DRAFT: N_("szkic"),
    LetterStatus.REVIEW: N_("do sprawdzenia"),
    LetterStatus.AVAILABLE: N_("dostępny"),
    LetterStatus.CLAIMED: N_("wybrany przez darczyńcę"),
    LetterStatus.RECEIVED: N_("paczka przyjęta"),
    LetterStatus.DELIVERED: N_("paczka wydana rodzinie"),
    LetterStatus.WITHDRAWN: N_("wycofany"),
}


class Gender(enum.StrEnum):
    """The child's gender as a letter stores it (the `gender` field: f/m)."""

    F = "f"
    M = "m"

    @property
    def label(self) -> str:
        return gettext(_GENDER_LABELS[self])

    @property
    def lazy_label(self):
        return lazy_gettext(_GENDER_LABELS[self])


_GENDER_LABELS = {Gender.F: N_("dziewczynka"), Gender.M: N_("chłopiec")}


class Campaign(db.Model):
    __tablename__ = "campaigns"
    __table_args__ = (
        # Exactly one campaign is current: the database refuses a second one.
        partial_unique_index("uq_campaigns_one_current", "is_current", "is_current"),
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
    # The claim that holds it (at most one: the partial unique index on claims). Named by string
    # because claims sit above letters; the statuses are donors.models.HOLDING_STATUSES.
    holding_claim: Mapped["Claim | None"] = relationship(  # noqa: F821
        primaryjoin="and_(Claim.letter_id == Letter.id, "
        "Claim.status.in_(('active', 'received', 'delivered')))",
        viewonly=True,
        uselist=False,
    )

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
        return format_code(self.code)

    @property
    def gender_label(self) -> str:
        try:
            return Gender(self.gender).label
        except ValueError:
            return self.gender

    @property
    def is_editable(self) -> bool:
        """Only a draft can be edited: review and publication see exactly what was checked."""
        return self.status == LetterStatus.DRAFT

    def __repr__(self) -> str:
        return f"<Letter {self.code} {self.status}>"
