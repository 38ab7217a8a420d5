"""Reusable donor-side queries: the catalogue, similar letters, siblings, a donor's claims."""

from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import func, or_
from sqlalchemy.orm import joinedload, selectinload

from campaign.auth.models import User
from campaign.core.centres import Center
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

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> "CatalogueFilters":
        age_min = _clamp(_int_or_none(args.get("age_min")), MIN_AGE, MAX_AGE)
        age_max = _clamp(_int_or_none(args.get("age_max")), MIN_AGE, MAX_AGE)
        if age_min is not None and age_max is not None and age_min > age_max:
            age_min, age_max = age_max, age_min
        gender = args.get("gender")
        center = _int_or_none(args.get("center"))
        sort = args.get("sort")
        return cls(
            age_min=age_min,
            age_max=age_max,
            gender=gender if gender in ("f", "m") else None,
            center=center if center is not None and center > 0 else None,
            q=" ".join(str(args.get("q") or "").split())[:MAX_QUERY_LENGTH],
            page=max(1, _int_or_none(args.get("page")) or 1),
            sort=sort if sort in SORTS else DEFAULT_SORT,
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
        }
        return {key: value for key, value in args.items() if value is not None}

    @property
    def is_filtered(self) -> bool:
        return bool(self.query_args(page=1, sort=DEFAULT_SORT))


@dataclass(frozen=True)
class Page:
    items: list[Letter]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _catalogue_conditions(campaign: Campaign, filters: CatalogueFilters) -> list:
    conditions = [Letter.campaign_id == campaign.id, Letter.claimable()]
    if filters.age_min is not None:
        conditions.append(Letter.age >= filters.age_min)
    if filters.age_max is not None:
        conditions.append(Letter.age <= filters.age_max)
    if filters.gender:
        conditions.append(Letter.gender == filters.gender)
    if filters.center is not None:
        center_id = db.select(Center.id).where(Center.number == filters.center).scalar_subquery()
        conditions.append(Letter.center_id == center_id)
    if filters.q:
        pattern = f"%{_escape_like(filters.q)}%"
        conditions.append(
            or_(
                Letter.wish.ilike(pattern, escape="\\"),
                Letter.needs.ilike(pattern, escape="\\"),
            )
        )
    return conditions


def catalogue_page(campaign: Campaign, filters: CatalogueFilters, per_page: int = PER_PAGE) -> Page:
    """One page of available letters: a COUNT, then LIMIT/OFFSET over indexed columns.

    A page number past the end shows the last page rather than an empty one.
    """
    conditions = _catalogue_conditions(campaign, filters)
    total = db.session.scalar(db.select(func.count(Letter.id)).where(*conditions)) or 0
    pages = max(1, -(-total // per_page))
    page = min(filters.page, pages)
    items = list(
        db.session.scalars(
            db.select(Letter)
            # A separate IN query: a JOIN would be evaluated for every row OFFSET skips.
            .options(selectinload(Letter.center))
            .where(*conditions)
            .order_by(*SORTS[filters.sort])
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return Page(items=items, total=total, page=page, per_page=per_page)


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
