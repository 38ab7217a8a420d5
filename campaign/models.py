"""Imports every model, so that SQLAlchemy's metadata knows all tables (Alembic, tests)."""

from campaign.auth.models import Role, User
from campaign.donors.models import Claim, ClaimStatus, ParcelCondition
from campaign.letters.models import Campaign, Center, DropOffHours, Event, Letter, LetterStatus
from campaign.office.models import Announcement, ContactEntry, ContactKind, NewsArticle
from campaign.pagecache import ContentVersion

__all__ = [
    "Announcement",
    "Campaign",
    "Center",
    "Claim",
    "ClaimStatus",
    "ContactEntry",
    "ContactKind",
    "ContentVersion",
    "DropOffHours",
    "Event",
    "Letter",
    "LetterStatus",
    "NewsArticle",
    "ParcelCondition",
    "Role",
    "User",
]
