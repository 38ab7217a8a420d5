"""The catalogue's counts without scanning letters: a counter per (campaign, centre, gender, age).

A letter counts while donors may take it (available, not covered). The counters change in the
same statement as the letter: database triggers on `letters` (insert, delete, and an update of
the status, `covered_at` or a bucket column) add or take one, so every status transition, a
walk-in claim, an import or a factory row alike keeps them exact. Any filter without a text
query is then a SUM over at most centres x 2 x 19 rows, however many letters there are.
"""

from sqlalchemy import event, func
from sqlalchemy.orm import Mapped, mapped_column

from campaign.extensions import db

_CLAIMABLE = "{r}.status = 'available' AND {r}.covered_at IS NULL"
_BUCKET = (
    "campaign_id = {r}.campaign_id AND center_id = {r}.center_id "
    "AND gender = {r}.gender AND age = {r}.age"
)
_ADD = (
    "INSERT INTO catalogue_counts (campaign_id, center_id, gender, age, letters) "
    "VALUES ({r}.campaign_id, {r}.center_id, {r}.gender, {r}.age, 1) "
    "ON CONFLICT (campaign_id, center_id, gender, age) "
    "DO UPDATE SET letters = catalogue_counts.letters + 1"
)
_TAKE = "UPDATE catalogue_counts SET letters = letters - 1 WHERE " + _BUCKET  # noqa: S608 (constants)
_COLUMNS = "status, covered_at, campaign_id, center_id, gender, age"


def _sql(template: str, row: str) -> str:
    return template.format(r=row)


SQLITE_DDL = [
    f"CREATE TRIGGER IF NOT EXISTS catalogue_counts_ai AFTER INSERT ON letters "
    f"WHEN {_sql(_CLAIMABLE, 'new')} BEGIN {_sql(_ADD, 'new')}; END",
    f"CREATE TRIGGER IF NOT EXISTS catalogue_counts_ad AFTER DELETE ON letters "
    f"WHEN {_sql(_CLAIMABLE, 'old')} BEGIN {_sql(_TAKE, 'old')}; END",
    # Two triggers for an update, old row out then new row in; SQLite runs them in turn.
    f"CREATE TRIGGER IF NOT EXISTS catalogue_counts_au_out AFTER UPDATE OF {_COLUMNS} ON letters "
    f"WHEN {_sql(_CLAIMABLE, 'old')} BEGIN {_sql(_TAKE, 'old')}; END",
    f"CREATE TRIGGER IF NOT EXISTS catalogue_counts_au_in AFTER UPDATE OF {_COLUMNS} ON letters "
    f"WHEN {_sql(_CLAIMABLE, 'new')} BEGIN {_sql(_ADD, 'new')}; END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS catalogue_counts_au_in",
    "DROP TRIGGER IF EXISTS catalogue_counts_au_out",
    "DROP TRIGGER IF EXISTS catalogue_counts_ad",
    "DROP TRIGGER IF EXISTS catalogue_counts_ai",
]
POSTGRESQL_DDL = [
    f"""CREATE OR REPLACE FUNCTION kmp_catalogue_counts() RETURNS trigger
        LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND ({_sql(_CLAIMABLE, "OLD")}) AND ({_sql(_CLAIMABLE, "NEW")})
           AND OLD.campaign_id = NEW.campaign_id AND OLD.center_id = NEW.center_id
           AND OLD.gender = NEW.gender AND OLD.age = NEW.age THEN
            RETURN NULL;  -- same bucket: no counter row touched, no lock taken
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') AND ({_sql(_CLAIMABLE, "OLD")}) THEN
            {_sql(_TAKE, "OLD")};
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') AND ({_sql(_CLAIMABLE, "NEW")}) THEN
            {_sql(_ADD, "NEW")};
        END IF;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS catalogue_counts_change ON letters",
    f"CREATE TRIGGER catalogue_counts_change AFTER INSERT OR DELETE OR UPDATE OF {_COLUMNS} "
    "ON letters FOR EACH ROW EXECUTE FUNCTION kmp_catalogue_counts()",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS catalogue_counts_change ON letters",
    "DROP FUNCTION IF EXISTS kmp_catalogue_counts()",
]
# The counters of the letters already there (the migration, on an existing database).
BACKFILL = (
    "INSERT INTO catalogue_counts (campaign_id, center_id, gender, age, letters) "
    "SELECT campaign_id, center_id, gender, age, count(*) FROM letters "
    "WHERE status = 'available' AND covered_at IS NULL "
    "GROUP BY campaign_id, center_id, gender, age"
)


class CatalogueCount(db.Model):
    """How many claimable letters one campaign has for one centre, gender and age."""

    __tablename__ = "catalogue_counts"

    campaign_id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(primary_key=True)
    gender: Mapped[str] = mapped_column(db.String(1), primary_key=True)
    age: Mapped[int] = mapped_column(primary_key=True)
    letters: Mapped[int] = mapped_column(default=0)


def create_triggers(connection) -> None:
    ddl = {"sqlite": SQLITE_DDL, "postgresql": POSTGRESQL_DDL}.get(connection.dialect.name, [])
    for statement in ddl:
        connection.exec_driver_sql(statement)


def drop_triggers(connection) -> None:
    ddl = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}.get(connection.dialect.name, [])
    for statement in ddl:
        connection.exec_driver_sql(statement)


def install(metadata) -> None:
    """Let `create_all`/`drop_all` (the tests' schema) create and drop the triggers too."""

    @event.listens_for(metadata, "after_create")
    def _after_create(_target, connection, **_kw):
        create_triggers(connection)

    @event.listens_for(metadata, "before_drop")
    def _before_drop(_target, connection, **_kw):
        drop_triggers(connection)


def claimable_count(campaign_id: int, *, center_id=None, gender=None, age_min=None, age_max=None):
    """Claimable letters of a campaign matching the catalogue's filters, from the counters."""
    conditions = [CatalogueCount.campaign_id == campaign_id]
    if center_id is not None:
        conditions.append(CatalogueCount.center_id == center_id)
    if gender:
        conditions.append(CatalogueCount.gender == gender)
    if age_min is not None:
        conditions.append(CatalogueCount.age >= age_min)
    if age_max is not None:
        conditions.append(CatalogueCount.age <= age_max)
    total = db.session.scalar(db.select(func.sum(CatalogueCount.letters)).where(*conditions))
    return int(total or 0)
