"""Imports every model, so that SQLAlchemy's metadata knows all tables (Alembic, tests)."""

from campaign.auth.models import Role, User
from campaign.core.audit import Event
from campaign.core.centres import Center, DropOffHours
from campaign.donors.models import Claim, ClaimStatus, ParcelCondition
from campaign.letters.models import Campaign, Letter, LetterStatus
from campaign.mail.models import OutboxMail, OutboxState
from campaign.office import search as _search  # noqa: F401  (keeps search_text current)
from campaign.office.models import (
    Announcement,
    ContactEntry,
    ContactKind,
    NewsArticle,
    NewsPhoto,
    OfficePage,
    SignLanguageVideo,
)

__all__ = [
    "Announcement",
    "Campaign",
    "Center",
    "Claim",
    "ClaimStatus",
    "ContactEntry",
    "ContactKind",
    "DropOffHours",
    "Event",
    "Letter",
    "LetterStatus",
    "NewsArticle",
    "NewsPhoto",
    "OfficePage",
    "OutboxMail",
    "OutboxState",
    "ParcelCondition",
    "Role",
    "SignLanguageVideo",
    "User",
]
