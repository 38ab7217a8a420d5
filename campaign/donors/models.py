"""Claims: which donor holds which letter, until when, and what became of it."""

import enum
from datetime import date, datetime

from flask_babel import gettext, lazy_gettext
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.core.clock import today, utcnow
from campaign.extensions import db, partial_unique_index
from campaign.i18n import N_


class ClaimStatus(enum.StrEnum):
    ACTIVE = "active"  # the donor holds the letter and prepares the parcel
    RECEIVED = "received"  # the parcel was taken in at a drop-off point
    DELIVERED = "delivered"  # the parcel was handed to the family
    CANCELLED = "cancelled"  # the donor gave the letter back
    RELEASED = "released"  # a coordinator took an overdue letter back

    @property
    def label(self) -> str:
        """The status as staff read it (intake, claim page, parcel lists)."""
        return gettext(_CLAIM_LABELS[self][0])

    @property
    def lazy_label(self):
        """The same, translated when shown (for dicts and choices built at import time)."""
        return lazy_gettext(_CLAIM_LABELS[self][0])

    @property
    def donor_label(self):
        """The same status as its donor reads it under "Moje listy": what they have to do next.
        A second wording on purpose: "prepare the parcel" is an instruction to the donor only."""
        return lazy_gettext(_CLAIM_LABELS[self][1])


_CLAIM_LABELS = {
    ClaimStatus.ACTIVE: (N_("czeka na paczkę"), N_("zarezerwowany — przygotuj paczkę")),
    ClaimStatus.RECEIVED: (N_("paczka przyjęta"), N_("paczka przyjęta")),
    ClaimStatus.DELIVERED: (N_("paczka wydana rodzinie"), N_("paczka przekazana rodzinie")),
    ClaimStatus.CANCELLED: (N_("anulowana przez darczyńcę"), N_("zrezygnowano")),
    ClaimStatus.RELEASED: (N_("zwolniona przez koordynatora"), N_("zwolniony po terminie")),
}


# A claim in one of these states holds its letter; the others have let it go.
HOLDING_STATUSES = (ClaimStatus.ACTIVE, ClaimStatus.RECEIVED, ClaimStatus.DELIVERED)


class ParcelCondition(enum.StrEnum):
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"
    DAMAGED = "damaged"


class Claim(db.Model):
    __tablename__ = "claims"
    __table_args__ = (
        # The final arbiter of "one active claim per letter": whatever the code does, the database
        # refuses a second holding claim for the same letter.
        partial_unique_index(
            "uq_claims_one_holding_per_letter",
            "letter_id",
            "status IN ('active', 'received', 'delivered')",
        ),
        Index("ix_claims_donor_status", "donor_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"), index=True)
    # None for a walk-in donor with a paper letter, and after a donor's account was deleted.
    donor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    walkin_name: Mapped[str] = mapped_column(String(120), default="")
    walkin_contact: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[str] = mapped_column(String(12), default=ClaimStatus.ACTIVE.value, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deadline: Mapped[date] = mapped_column()

    reminder_sent_at: Mapped[datetime | None] = mapped_column()
    cancelled_at: Mapped[datetime | None] = mapped_column()
    released_at: Mapped[datetime | None] = mapped_column()
    release_reason: Mapped[str] = mapped_column(Text, default="")

    received_at: Mapped[datetime | None] = mapped_column()
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    received_at_center_id: Mapped[int | None] = mapped_column(ForeignKey("centers.id"))
    condition: Mapped[str | None] = mapped_column(String(12))
    intake_note: Mapped[str] = mapped_column(Text, default="")
    # Idempotency key of the intake that took the parcel in: a phone resending its offline queue
    # (the answer to the first attempt was lost) gets that receipt back instead of a conflict.
    intake_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    delivered_at: Mapped[datetime | None] = mapped_column()
    delivered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    letter: Mapped["Letter"] = relationship()  # noqa: F821
    donor: Mapped["User | None"] = relationship(foreign_keys=[donor_id])  # noqa: F821
    received_by: Mapped["User | None"] = relationship(foreign_keys=[received_by_id])  # noqa: F821
    delivered_by: Mapped["User | None"] = relationship(foreign_keys=[delivered_by_id])  # noqa: F821
    received_at_center: Mapped["Center | None"] = relationship()  # noqa: F821

    @property
    def status_enum(self) -> ClaimStatus:
        return ClaimStatus(self.status)

    @property
    def is_holding(self) -> bool:
        return self.status in HOLDING_STATUSES

    @property
    def is_overdue(self) -> bool:
        """Derived, never stored: still waiting for the parcel after the deadline."""
        return self.status == ClaimStatus.ACTIVE and self.deadline < today()

    @property
    def days_left(self) -> int:
        return (self.deadline - today()).days

    @property
    def holder_name(self) -> str:
        """What staff may see of the holder: a first name or organisation, never more."""
        if self.donor is not None:
            return self.donor.display_name
        return self.walkin_name

    def __repr__(self) -> str:
        return f"<Claim {self.id} letter={self.letter_id} {self.status}>"
