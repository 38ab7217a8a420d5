"""The donors' catalogue: filters, pages that cost the same at any depth, similar letters and a
letter's available siblings."""

from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import tuple_
from sqlalchemy.orm import joinedload, selectinload

from campaign.core import fulltext
from campaign.core.centres import Center
from campaign.donors.counts import claimable_count
from campaign.extensions import db
from campaign.letters.models import Campaign, Letter, LetterStatus

PER_PAGE = 24
MIN_AGE, MAX_AGE = 0, 18
MAX_QUERY_LENGTH = 100
DEFAULT_SORT = "newest"
# The columns of each sort (ascending or not): its ORDER BY, and read from a letter to make the
# cursor of the page after it.
SORT_KEYS = {
    "newest": (("id", False),),
    "age_asc": (("age", True), ("id", True)),
    "age_desc": (("age", False), ("id", False)),
}
SORTS = tuple(SORT_KEYS)
# A text search counts its matches up to here ("more than 200", eight pages: more than anyone
# reads on a phone). Each counted match is a row read: at 100,000 letters a cap of 500 made the
# count cost as much as the rest of the page.
SEARCH_COUNT_CAP = 200
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


def _catalogue_conditions(
    campaign: Campaign,
    filters: CatalogueFilters,
    center_id: int | None,
    *,
    walk: bool = False,
    text_search: bool = True,
) -> list:
    """The WHERE of a catalogue page. With `walk`, the age range is written so that no index can
    serve it (`age + 0`, on SQLite): the database then walks an id-ordered index and stops after
    one page instead of fetching every letter of the age range and sorting them (see
    `_walk_is_cheaper`). Without `text_search`, the words asked for are left to the caller (an
    `IndexFirst` search)."""
    # With a centre chosen, its (center, status, id) index is the one to read: the campaign is
    # kept off the indexes too, or a planner with misleading statistics (a small or freshly
    # filled table) reads the campaign's index and sorts every letter of it.
    #
    # Only SQLite is steered so: its statistics give no range selectivity, so its planner needs
    # telling. PostgreSQL estimates from histograms (kept fresh by autovacuum); for it `x + 0`
    # is an expression without statistics that it takes to match almost nothing, so it fetches
    # every letter of the centre and sorts them, 50 times slower at 100,000 letters.
    steer = db.session.get_bind().dialect.name == "sqlite"
    by_center = filters.center is not None
    campaign_id = (Letter.campaign_id + 0) if by_center and steer else Letter.campaign_id
    conditions = [campaign_id == campaign.id, Letter.claimable()]
    age = (Letter.age + 0) if walk and steer else Letter.age
    if filters.age_min is not None:
        conditions.append(age >= filters.age_min)
    if filters.age_max is not None:
        conditions.append(age <= filters.age_max)
    if filters.gender:
        conditions.append(Letter.gender == filters.gender)
    if by_center:
        conditions.append(Letter.center_id == center_id)
    if filters.q and text_search:
        dialect = db.session.get_bind().dialect.name
        conditions.append(fulltext.search_condition(Letter.id, filters.q, dialect))
    return conditions


def _index_first(filters: CatalogueFilters) -> fulltext.IndexFirst | None:
    """A text search in the default order on SQLite, read from its index outward (see
    `fulltext.index_first`). PostgreSQL needs none: its planner reads the GIN index's matches
    into a bitmap and the capped count and the page cost a few milliseconds at 100,000 letters;
    another order than the newest has to sort the matches anyway."""
    if not filters.q or filters.sort != DEFAULT_SORT:
        return None
    if db.session.get_bind().dialect.name != "sqlite":
        return None
    return fulltext.index_first(Letter.id, filters.q)


def _center_id(number: int) -> int | None:
    """The id of the centre with this number, looked up first: a literal in the page's query lets
    the planner use the (center, status, id) index; a subquery hides the value from it."""
    return db.session.scalar(db.select(Center.id).where(Center.number == number))


@dataclass(frozen=True)
class _Count:
    total: int
    capped: bool = False  # a text search with more matches than were read
    # A text search's matches when there were no more than the cap: their ids, newest first.
    ids: list[int] | None = None


def _count(
    campaign: Campaign,
    filters: CatalogueFilters,
    center_id,
    conditions,
    search: fulltext.IndexFirst | None = None,
) -> _Count:
    """The number of matching letters and whether it was capped; never a scan of the table.

    A text search reads its matches' ids, up to the cap: from the search index, which costs as
    much as there are matches in it however the page is sorted or filtered. When they are all
    there (no more than the cap), the page is read by those ids (`_Count.ids`)."""
    if not filters.q:
        if filters.center is not None and center_id is None:
            return _Count(0)
        total = claimable_count(
            campaign.id,
            center_id=center_id,
            gender=filters.gender,
            age_min=filters.age_min,
            age_max=filters.age_max,
        )
        return _Count(total)
    matches = db.select(Letter.id).where(*conditions)
    if search is not None:
        # Newest first, as the page reads them: the current campaign's letters come before
        # the older campaigns' that share the index.
        matches = matches.select_from(search.source).where(search.match)
        matches = matches.order_by(search.rowid.desc())
    matches = matches.limit(SEARCH_COUNT_CAP + 1)
    if db.session.get_bind().dialect.name == "postgresql":
        # Most searches of a busy catalogue are for common words: a sample of the GIN index
        # tells at a fraction of the cost that they match more letters than the cap. A smaller
        # sample may have missed some matches: those are then read in full.
        with fulltext.gin_sample(db.session):
            sampled = list(db.session.scalars(matches))
        if len(sampled) > SEARCH_COUNT_CAP:
            return _Count(SEARCH_COUNT_CAP, capped=True)
    ids = list(db.session.scalars(matches))
    if len(ids) > SEARCH_COUNT_CAP:
        return _Count(SEARCH_COUNT_CAP, capped=True)
    return _Count(len(ids), ids=ids)


def _walk_is_cheaper(campaign: Campaign, filters: CatalogueFilters, total: int, rows: int) -> bool:
    """Whether a newest-first page with an age range is cheaper walked in id order than fetched
    through the age index and sorted, estimated from the counters.

    Walking reads about `rows` x (claimable letters / matching letters) index entries before it
    has the page; the age index reads every letter of the age range, and that grows with the
    table. Planners pick the age index for the range and sort (SQLite always, PostgreSQL without
    fresh statistics), which made a filtered page at 100,000 letters 2-4 times slower than at
    1,000. A text search is left alone: its own index decides.
    """
    if (
        filters.sort != DEFAULT_SORT
        or filters.q
        or (filters.age_min, filters.age_max)
        == (
            None,
            None,
        )
    ):
        return False
    if not total:
        return False
    claimable = claimable_count(campaign.id)
    in_age_range = claimable_count(campaign.id, age_min=filters.age_min, age_max=filters.age_max)
    return rows * claimable / total < in_age_range


def _seek(
    filters: CatalogueFilters, search: fulltext.IndexFirst | None, *, by_ids: bool = False
) -> tuple[list, tuple, bool]:
    """WHERE, ORDER BY for a keyset page, and whether the rows come in reverse (a page before).

    A search read from its index orders and seeks on the index's rowid (the letter's id), so
    that FTS5 applies both while it walks; on `letters.id` it would walk from the newest match
    to the cursor on every page.

    A page read `by_ids` (a search's few matches) orders and seeks by `column + 0`, which no
    index can serve: without statistics (an embedded SQLite file, or PostgreSQL before
    autovacuum has seen a bulk import) both planners would rather walk the age index in page
    order, testing every letter's id against the list, than look the few ids up and sort them
    (a rare word by age took 24 ms at 100,000 letters instead of 6 on SQLite)."""
    keys = SORT_KEYS[filters.sort]
    ascending = keys[0][1]
    if search is not None:  # only in the default order, newest first: one key, the id
        columns = [search.rowid]
    else:
        columns = [
            getattr(Letter, column) + 0 if by_ids else getattr(Letter, column) for column, _ in keys
        ]
    first_page = tuple(
        c.asc() if up else c.desc() for c, (_, up) in zip(columns, keys, strict=True)
    )
    cursor, backwards = (filters.before, True) if filters.before else (filters.after, False)
    if cursor is None:
        return [], first_page, False
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
    center_id = _center_id(filters.center) if filters.center is not None else None
    search = _index_first(filters)
    conditions = _catalogue_conditions(campaign, filters, center_id, text_search=search is None)
    count = _count(campaign, filters, center_id, conditions, search)
    total, capped = count.total, count.capped
    if count.ids is not None:
        # Few matches, all known: the page reads them by id, whatever its order or filters.
        # Left to the search condition, a planner may walk the whole id or age index testing
        # each letter against the words: PostgreSQL, which cannot estimate how many letters a
        # prefix query matches, took 0.6 s at 100,000 letters for a word no letter has.
        search = None
        conditions = [
            *_catalogue_conditions(campaign, filters, center_id, text_search=False),
            Letter.id.in_(count.ids),
        ]
    pages = max(1, -(-total // per_page))
    seek, order, backwards = _seek(filters, search, by_ids=count.ids is not None)
    page = filters.page if seek else min(filters.page, pages)
    rows_read = per_page + 1 + (0 if seek else (max(1, page) - 1) * per_page)
    if _walk_is_cheaper(campaign, filters, total, rows_read):
        conditions = _catalogue_conditions(campaign, filters, center_id, walk=True)
    query = (
        db.select(Letter)
        # A separate IN query: a JOIN would be evaluated for every row OFFSET skips.
        .options(selectinload(Letter.center))
        .where(*conditions, *seek)
        .order_by(*order)
        .limit(per_page + 1)
    )
    if search is not None:
        query = query.select_from(search.source).where(search.match)
    if not seek:
        query = query.offset((page - 1) * per_page)
    # The counters and a search's few matches are exact: a filter nothing matches would
    # otherwise walk the whole index.
    rows = list(db.session.scalars(query)) if total or capped else []
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
        # The page we came back from follows, unless the cursor pointed past every letter (a
        # hand-made or stale link): then there is nothing to go forward from.
        more = bool(rows)
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
