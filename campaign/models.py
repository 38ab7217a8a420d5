"""Imports every model, so that SQLAlchemy's metadata knows all tables (Alembic, tests)."""

from campaign import fulltext
from campaign.auth.models import Role, User
from campaign.donors import counts
from campaign.donors.counts import CatalogueCount
from campaign.donors.models import Claim, ClaimStatus, ParcelCondition
from campaign.extensions import db
from campaign.letters.models import Campaign, Center, DropOffHours, Event, Letter, LetterStatus
from campaign.office.models import Announcement, ContactEntry, ContactKind, NewsArticle
from campaign.pagecache import ContentVersion

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
    "ParcelCondition",
    "Role",
    "User",
]
