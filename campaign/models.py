"""Imports every model, so that SQLAlchemy's metadata knows all tables (Alembic, tests)."""

from campaign.auth.models import Role, User
from campaign.core import fulltext
from campaign.core.audit import Event
from campaign.core.centres import Center, DropOffHours
from campaign.donors import counts
from campaign.donors.counts import CatalogueCount
from campaign.donors.models import Claim, ClaimStatus, ParcelCondition
from campaign.extensions import db
from campaign.letters.models import Campaign, Letter, LetterStatus
from campaign.mail.models import OutboxMail, OutboxStatus
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
from campaign.web.pagecache import ContentVersion

# create_all (the tests' schema) builds the search index and the counters' triggers too;
# the migrations do it themselves.
fulltext.install(db.metadata)
counts.install(db.metadata)

__all__ = [
    "Announcement",
    "Campaign",
    "CatalogueCount",
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
    "NewsPhoto",
    "OfficePage",
    "OutboxMail",
    "OutboxStatus",
    "ParcelCondition",
    "Role",
    "SignLanguageVideo",
    "User",
]
