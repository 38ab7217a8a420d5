"""Reusable donor-side queries: the catalogue, similar letters, siblings, a donor's claims."""

from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import func, tuple_
from sqlalchemy.orm import joinedload, selectinload

from campaign.auth.models import User
from campaign.core import fulltext
from campaign.core.centres import Center
from campaign.donors.counts import claimable_count
from campaign.donors.models import HOLDING_STATUSES, Claim, ClaimStatus
from campaign.donors.scope import can_see_parcel
from campaign.extensions import db
from campaign.letters.models import Campaign, Letter, LetterStatus

PER_PAGE = 24
MIN_AGE, MAX_AGE = 0, 18
MAX_QUERY_LENGTH = 100
SORTS = {
    "newest": (Letter.id.desc(),),
    "age_asc": (Letter.age.asc(), Letter.id.asc()),
    "age_desc": (Letter.age.desc(), Letter.id.desc()),
}
DEFAULT_SORT = "newest"
# The columns of each sort, read from a letter to make the cursor of the page after it.
SORT_KEYS = {
    "newest": (("id", False),),
    "age_asc": (("age", True), ("id", True)),
    "age_desc": (("age", False), ("id", False)),
}
# A text search counts its matches up to here ("more than 500"): the count stays cheap.
SEARCH_COUNT_CAP = 500
# Pages reachable by number from any page; further ones by "next", which seeks (no OFFSET).
NUMBERED_PAGES = 5
AVAILABLE = LetterStatus.AVAILABLE.value


def _int_or_none(raw: str | None) -> int | None:
    try:
        return int(str(raw).strip())
    except (TypeError, ValueError):
        return None


def _clamp(value: int | None, low: int, high: int) -> int | None:
    return None if value is None else max(low, min(high, value))


@dataclass(frozen=True)
class CatalogueFilters:
    """What a visitor asked of the catalogue, cleaned: invalid values are dropped or clamped."""

    age_min: int | None = None
    age_max: int | None = None
    gender: str | None = None
    center: int | None = None  # the centre's number (CPS 3), readable in a shared URL
    q: str = ""
    page: int = 1
    sort: str = DEFAULT_SORT
    # Keyset cursors: the page after (`po`) or before (`przed`) the letter with this sort key.
    after: tuple[int, ...] | None = None
    before: tuple[int, ...] | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> "CatalogueFilters":
        age_min = _clamp(_int_or_none(args.get("age_min")), MIN_AGE, MAX_AGE)
        age_max = _clamp(_int_or_none(args.get("age_max")), MIN_AGE, MAX_AGE)
        if age_min is not None and age_max is not None and age_min > age_max:
            age_min, age_max = age_max, age_min
        gender = args.get("gender")
        center = _int_or_none(args.get("center"))
        sort = args.get("sort")
        sort = sort if sort in SORTS else DEFAULT_SORT
        return cls(
            age_min=age_min,
            age_max=age_max,
            gender=gender if gender in ("f", "m") else None,
            center=center if center is not None and center > 0 else None,
            q=" ".join(str(args.get("q") or "").split())[:MAX_QUERY_LENGTH],
            page=max(1, _int_or_none(args.get("page")) or 1),
            sort=sort,
            after=_cursor(args.get("po"), sort),
            before=_cursor(args.get("przed"), sort),
        )

    def query_args(self, **changes) -> dict:
        """The filters as URL parameters (defaults left out), for links to other pages."""
        values = replace(self, **changes)
        args = {
            "age_min": values.age_min,
            "age_max": values.age_max,
            "gender": values.gender,
            "center": values.center,
            "q": values.q or None,
            "sort": values.sort if values.sort != DEFAULT_SORT else None,
            "page": values.page if values.page > 1 else None,
            "po": _cursor_text(values.after),
            "przed": _cursor_text(values.before),
        }
        return {key: value for key, value in args.items() if value is not None}

    @property
    def is_filtered(self) -> bool:
        return bool(self.query_args(page=1, sort=DEFAULT_SORT, after=None, before=None))


def _cursor(raw: str | None, sort: str) -> tuple[int, ...] | None:
    """A cursor from the URL ("123" or "7.123"), or None when it does not fit the sort."""
    parts = str(raw or "").split(".")
    if len(parts) != len(SORT_KEYS[sort]) or not all(p.isdigit() and len(p) < 10 for p in parts):
        return None
    return tuple(int(p) for p in parts)


def _cursor_text(cursor: tuple[int, ...] | None) -> str | None:
    return ".".join(str(part) for part in cursor) if cursor else None


@dataclass(frozen=True)
class Page:
    items: list[Letter]
    total: int
    page: int
    per_page: int
    filters: CatalogueFilters
    has_next: bool = False
    total_capped: bool = False  # a text search with more matches than were counted

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1 and bool(self.items)

    def _key(self, letter: Letter) -> tuple[int, ...]:
        return tuple(getattr(letter, column) for column, _ in SORT_KEYS[self.filters.sort])

    @property
    def next_args(self) -> dict:
        """URL parameters of the next page: a cursor after this page's last letter."""
        last = self._key(self.items[-1])
        return self.filters.query_args(page=self.page + 1, after=last, before=None)

    @property
    def prev_args(self) -> dict:
        if self.page - 1 <= NUMBERED_PAGES:
            return self.filters.query_args(page=self.page - 1, after=None, before=None)
        first = self._key(self.items[0])
        return self.filters.query_args(page=self.page - 1, after=None, before=first)

    @property
    def numbered(self) -> list[tuple[int, dict]]:
        """Links to the first pages by number (an OFFSET that stays small)."""
        last = min(self.pages, NUMBERED_PAGES)
        return [
            (n, self.filters.query_args(page=n, after=None, before=None))
            for n in range(1, last + 1)
        ]


def _catalogue_conditions(campaign: Campaign, filters: CatalogueFilters) -> list:
    conditions = [Letter.campaign_id == campaign.id, Letter.claimable()]
    if filters.age_min is not None:
        conditions.append(Letter.age >= filters.age_min)
    if filters.age_max is not None:
        conditions.append(Letter.age <= filters.age_max)
    if filters.gender:
        conditions.append(Letter.gender == filters.gender)
    if filters.center is not None:
        conditions.append(Letter.center_id == _center_id(filters.center))
    if filters.q:
        dialect = db.session.get_bind().dialect.name
        conditions.append(fulltext.search_condition(Letter.id, filters.q, dialect))
    return conditions


def _center_id(number: int):
    return db.select(Center.id).where(Center.number == number).scalar_subquery()


def _count(campaign: Campaign, filters: CatalogueFilters, conditions: list) -> tuple[int, bool]:
    """The number of matching letters and whether it was capped; never a scan of the table."""
    if not filters.q:
        total = claimable_count(
            campaign.id,
            center_id=_center_id(filters.center) if filters.center is not None else None,
            gender=filters.gender,
            age_min=filters.age_min,
            age_max=filters.age_max,
        )
        return total, False
    matches = db.select(Letter.id).where(*conditions).limit(SEARCH_COUNT_CAP + 1).subquery()
    total = db.session.scalar(db.select(func.count()).select_from(matches)) or 0
    return min(total, SEARCH_COUNT_CAP), total > SEARCH_COUNT_CAP


def _seek(filters: CatalogueFilters) -> tuple[list, tuple, bool]:
    """WHERE, ORDER BY for a keyset page, and whether the rows come in reverse (a page before)."""
    keys = SORT_KEYS[filters.sort]
    columns = [getattr(Letter, column) for column, _ in keys]
    ascending = keys[0][1]
    cursor, backwards = (filters.before, True) if filters.before else (filters.after, False)
    if cursor is None:
        return [], SORTS[filters.sort], False
    row, value = tuple_(*columns), tuple_(*cursor)
    forward = ascending != backwards
    condition = row > value if forward else row < value
    order = tuple(c.asc() if forward else c.desc() for c in columns)
    return [condition], order, backwards


def catalogue_page(campaign: Campaign, filters: CatalogueFilters, per_page: int = PER_PAGE) -> Page:
    """One page of available letters, its cost independent of the number of letters.

    The count comes from the counters (or a capped count of a text search's matches). The first
    pages are an OFFSET over the index; later pages seek from the cursor of the page before
    (`po`) or after (`przed`) them, so page 200 costs what page 2 does. A page number past the
    end shows the last page rather than an empty one.
    """
    conditions = _catalogue_conditions(campaign, filters)
    total, capped = _count(campaign, filters, conditions)
    pages = max(1, -(-total // per_page))
    seek, order, backwards = _seek(filters)
    query = (
        db.select(Letter)
        # A separate IN query: a JOIN would be evaluated for every row OFFSET skips.
        .options(selectinload(Letter.center))
        .where(*conditions, *seek)
        .order_by(*order)
        .limit(per_page + 1)
    )
    page = filters.page if seek else min(filters.page, pages)
    if not seek:
        query = query.offset((page - 1) * per_page)
    # The counters are exact: a filter nothing matches would otherwise walk the whole index.
    rows = list(db.session.scalars(query)) if total or capped or filters.q else []
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
        more = True
    if not seek and not capped:
        page = min(page, pages)
    return Page(
        items=rows,
        total=total,
        page=max(1, page),
        per_page=per_page,
        filters=filters,
        has_next=more,
        total_capped=capped,
    )


def similar_letters(letter: Letter, limit: int = 6, exclude: tuple[int, ...] = ()) -> list[Letter]:
    """Available letters like `letter` (same gender, age within two years), same centre first."""
    return _claimable_near(
        letter,
        Letter.gender == letter.gender,
        Letter.age.between(letter.age - 2, letter.age + 2),
        Letter.id.not_in({letter.id, *exclude}),
        order_by=((Letter.center_id == letter.center_id).desc(), Letter.id.desc()),
        limit=limit,
    )


def available_siblings(letter: Letter) -> list[Letter]:
    """The other available letters of the same sibling group in the letter's campaign."""
    if not letter.sibling_group:
        return []
    return _claimable_near(
        letter,
        Letter.sibling_group == letter.sibling_group,
        Letter.id != letter.id,
        order_by=(Letter.age.desc(), Letter.id),
    )


def _claimable_near(letter: Letter, *conditions, order_by, limit=None) -> list[Letter]:
    """Claimable letters of `letter`'s campaign matching `conditions`, with their centres."""
    statement = (
        db.select(Letter)
        .options(joinedload(Letter.center))
        .where(Letter.campaign_id == letter.campaign_id, Letter.claimable(), *conditions)
        .order_by(*order_by)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return list(db.session.scalars(statement))


def holding_count(donor_id: int, campaign_id: int) -> int:
    """How many letters of the campaign the donor holds (claimed, received or delivered)."""
    return (
        db.session.scalar(
            db.select(func.count(Claim.id))
            .join(Letter, Letter.id == Claim.letter_id)
            .where(
                Claim.donor_id == donor_id,
                Claim.status.in_([s.value for s in HOLDING_STATUSES]),
                Letter.campaign_id == campaign_id,
            )
        )
        or 0
    )


def holding_counts(donor_ids: list[int], campaign_id: int) -> dict[int, int]:
    """`holding_count` for many donors in one query (donors holding nothing are left out)."""
    rows = db.session.execute(
        db.select(Claim.donor_id, func.count(Claim.id))
        .join(Letter, Letter.id == Claim.letter_id)
        .where(
            Claim.donor_id.in_(donor_ids),
            Claim.status.in_([s.value for s in HOLDING_STATUSES]),
            Letter.campaign_id == campaign_id,
        )
        .group_by(Claim.donor_id)
    )
    return dict(rows.all())


def letter_limit(donor: User, campaign: Campaign) -> int:
    return donor.letter_limit or campaign.default_letter_limit


def claims_of(donor: User) -> list[Claim]:
    """A donor's claims, newest first, with everything the pages show loaded up front."""
    return list(
        db.session.scalars(
            db.select(Claim)
            .options(
                joinedload(Claim.letter).joinedload(Letter.center).selectinload(Center.hours),
                joinedload(Claim.letter).joinedload(Letter.campaign),
            )
            .where(Claim.donor_id == donor.id)
            .order_by(Claim.created_at.desc(), Claim.id.desc())
        ).unique()
    )


def own_claim(donor: User, claim_id: int) -> Claim | None:
    """The donor's claim with this id, or None (someone else's claim does not exist for them)."""
    return db.session.scalar(
        db.select(Claim).where(Claim.id == claim_id, Claim.donor_id == donor.id)
    )


def visible_claim(user: User, claim_id: int) -> Claim | None:
    """A claim whose slip `user` may see: a donor their own (while it holds the letter), staff
    the parcels in their scope; None otherwise, so that the page is a 404 for anyone else."""
    claim = db.session.get(Claim, claim_id)
    if claim is None:
        return None
    if user.is_donor:
        return claim if claim.donor_id == user.id and claim.is_holding else None
    if user.is_staff and can_see_parcel(user, claim.letter, claim):
        return claim
    return None


def holding_claim(letter_id: int) -> Claim | None:
    """The claim that holds a letter (active, received or delivered); at most one exists."""
    return db.session.scalar(
        db.select(Claim)
        .options(joinedload(Claim.donor), joinedload(Claim.received_by))
        .where(Claim.letter_id == letter_id, Claim.status.in_([s.value for s in HOLDING_STATUSES]))
    )


def donors_with_raised_limit() -> list[User]:
    return list(
        db.session.scalars(
            db.select(User)
            .where(User.role == "donor", User.letter_limit.is_not(None))
            .order_by(User.display_name, User.id)
        )
    )


def donor_by_email(email: str) -> User | None:
    return db.session.scalar(
        db.select(User).where(User.role == "donor", func.lower(User.email) == email.lower())
    )


def active_claims_of(donor: User) -> list[Claim]:
    return list(
        db.session.scalars(
            db.select(Claim)
            .options(selectinload(Claim.letter))
            .where(Claim.donor_id == donor.id, Claim.status == ClaimStatus.ACTIVE.value)
        )
    )


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(donor: User) -> dict:
    """What we hold about a donor, for their own download: the account and their claims.

    Nothing about other people: no letter's case reference or author, no staff names.
    """
    return {
        "account": {
            "email": donor.email,
            "display_name": donor.display_name,
            "is_organisation": donor.is_organisation,
            "phone": donor.phone,
            "locale": donor.locale,
            "letter_limit": donor.letter_limit,
            "notifications_opt_out": donor.notifications_opt_out,
            "email_verified_at": _iso(donor.email_verified_at),
            "created_at": _iso(donor.created_at),
            "last_login_at": _iso(donor.last_login_at),
        },
        "claims": [
            {
                "code": claim.letter.display_code,
                "campaign": claim.letter.campaign.name,
                "status": claim.status,
                "claimed_at": _iso(claim.created_at),
                "deadline": _iso(claim.deadline),
                "drop_off_point": claim.letter.center.name,
                "reminder_sent_at": _iso(claim.reminder_sent_at),
                "cancelled_at": _iso(claim.cancelled_at),
                "received_at": _iso(claim.received_at),
                "delivered_at": _iso(claim.delivered_at),
            }
            for claim in claims_of(donor)
        ],
    }
