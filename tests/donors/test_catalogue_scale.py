"""The catalogue at scale: counters equal a real COUNT, keyset pages, full-text search."""

import re

import pytest
from sqlalchemy import func, text

from campaign.core import fulltext
from campaign.donors import catalogue
from campaign.donors import services as donor_services
from campaign.donors.counts import claimable_count
from campaign.extensions import db
from campaign.letters import services as letter_services
from campaign.models import Claim, Letter, Role
from campaign.parcels import services as parcel_services
from tests.conftest import counted_statements


def codes_on(response) -> list[str]:
    return re.findall(r'href="/listy/([A-Z0-9-]+)"', response.get_data(as_text=True))


def real_count(campaign_id: int, **filters) -> int:
    conditions = [Letter.campaign_id == campaign_id, Letter.claimable()]
    if "center_id" in filters:
        conditions.append(Letter.center_id == filters["center_id"])
    if "gender" in filters:
        conditions.append(Letter.gender == filters["gender"])
    if "age_min" in filters:
        conditions.append(Letter.age >= filters["age_min"])
    if "age_max" in filters:
        conditions.append(Letter.age <= filters["age_max"])
    return db.session.scalar(db.select(func.count(Letter.id)).where(*conditions))


def test_counters_equal_a_real_count_through_every_transition(
    make_letter, make_user, make_center, make_campaign
):
    centers = [make_center(), make_center()]
    campaign = make_campaign()
    letters = [
        make_letter(
            status=status,
            campaign=campaign,
            center=centers[i % 2],
            age=3 + i % 7,
            gender="fm"[i % 3 % 2],
        )
        for i, status in enumerate(["available"] * 14 + ["draft", "review", "claimed"] * 2)
    ]
    coordinator, donor = make_user(Role.COORDINATOR), make_user(Role.DONOR)
    available = [x for x in letters if x.status == "available"]

    claim = donor_services.claim_letter(donor, available[0], send_confirmation=False)
    donor_services.claim_letter(make_user(Role.DONOR), available[1], send_confirmation=False)
    donor_services.cancel_claim(donor, claim)  # available again
    letter_services.withdraw_letter(available[2], actor=coordinator, reason="rodzina zrezygnowała")
    parcel_services.mark_covered(coordinator, available[3], "pokryje partner")
    review = next(x for x in letters if x.status == "review")
    letter_services.approve_letter(review, actor=coordinator)
    donor_services.record_walkin_claim(
        available[4], actor=coordinator, name="Pan X", contact="601 000 000"
    )
    available[5].age = 17  # a bucket column changed directly
    db.session.delete(available[6])
    db.session.commit()

    filters = [
        {},
        {"gender": "f"},
        {"gender": "m", "age_min": 5},
        {"age_min": 4, "age_max": 6},
        {"center_id": centers[0].id},
        {"center_id": centers[1].id, "gender": "f", "age_max": 8},
    ]
    for f in filters:
        assert claimable_count(campaign.id, **f) == real_count(campaign.id, **f), f
    assert claimable_count(campaign.id) == 14 - 2 - 1 - 1 - 1 + 1  # after every change above


def test_the_catalogue_shows_the_count_of_the_counters(client, make_letter):
    for age in (4, 5, 11):
        make_letter(age=age)
    make_letter(status="claimed", age=5)

    page = client.get("/listy?age_max=6").get_data(as_text=True)

    assert "Pasujących listów: 2" in page


def test_a_filter_nothing_matches_reads_no_letters(make_app, make_letter):
    client = make_app(PAGE_CACHE_ENABLED=False).test_client()  # every request renders
    make_letter(gender="f", age=8)
    client.get("/listy?gender=m")  # warm up
    with counted_statements() as statements:
        page = client.get("/listy?gender=m").get_data(as_text=True)

    assert "Pasujących listów: 0" in page
    assert not [s for s in statements if "FROM letters" in s and "catalogue_counts" not in s]


def test_next_pages_seek_from_a_cursor_and_cover_every_letter_once(client, make_letter):
    letters = [make_letter(age=3 + i % 10) for i in range(60)]  # 24 a page: three pages
    for sort, key in [("newest", lambda x: -x.id), ("age_asc", lambda x: (x.age, x.id))]:
        expected = [x.display_code for x in sorted(letters, key=key)]
        seen, url = [], f"/listy?sort={sort}"
        for _ in range(5):
            response = client.get(url)
            seen += codes_on(response)
            found = re.search(r'rel="next" href="([^"]+)"', response.get_data(as_text=True))
            if not found:
                break
            url = found.group(1).replace("&amp;", "&")
            assert "po=" in url and "page=" in url
        assert seen == expected, sort


def test_a_page_after_a_cursor_does_not_shift_when_a_letter_before_it_is_claimed(
    client, make_letter, make_user
):
    letters = [make_letter() for _ in range(30)]
    first = client.get("/listy").get_data(as_text=True)
    next_url = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    before = codes_on(client.get(next_url))

    donor_services.claim_letter(make_user(Role.DONOR), letters[-1], send_confirmation=False)

    assert codes_on(client.get(next_url)) == before


def test_deep_pages_walk_back_with_a_before_cursor(app, make_letter, make_campaign):
    campaign = make_campaign()
    letters = [make_letter(campaign=campaign, age=2 + i % 5) for i in range(20)]
    with app.test_request_context("/listy"):
        for sort, key in [("newest", lambda x: -x.id), ("age_desc", lambda x: (-x.age, -x.id))]:
            expected = [x.id for x in sorted(letters, key=key)]
            filters = catalogue.CatalogueFilters(sort=sort)
            pages = []
            for _ in range(10):  # forward, two letters a page
                page = catalogue.catalogue_page(campaign, filters, per_page=2)
                pages.append([x.id for x in page.items])
                if not page.has_next:
                    break
                filters = catalogue.CatalogueFilters.from_args(page.next_args)
            assert [x for ids in pages for x in ids] == expected
            back = catalogue.CatalogueFilters.from_args(page.prev_args)
            assert back.before is not None  # page 9 from page 10: a cursor, not an OFFSET
            assert [x.id for x in catalogue.catalogue_page(campaign, back, per_page=2).items] == (
                pages[-2]
            )


def test_the_old_page_parameter_still_works(client, make_letter):
    letters = [make_letter() for _ in range(30)]
    second = codes_on(client.get("/listy?page=2"))
    assert second == [x.display_code for x in sorted(letters, key=lambda x: -x.id)][24:]


@pytest.mark.parametrize("cursor", ["abc", "1.2.3", "-5", "9" * 30, ""])
def test_a_broken_cursor_shows_the_first_page(client, make_letter, cursor):
    make_letter()
    response = client.get(f"/listy?po={cursor}&sort=age_asc")
    assert response.status_code == 200 and len(codes_on(response)) == 1


# --- full-text search ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["łyżwy", "lyzwy", "ŁYŻWY", "Lyzwy", "łyżw", "łyżwy figurowe", "zolty szalik"]
)
def test_polish_letters_match_with_and_without_diacritics(client, make_letter, query):
    skates = make_letter(wish="Marzę o łyżwy figurowe", needs="ŻÓŁTY szalik")
    make_letter(wish="Chciałbym hulajnogę", needs="rozmiar 134")

    assert codes_on(client.get(f"/listy?q={query}")) == [skates.display_code]


def test_every_word_must_be_found(client, make_letter):
    make_letter(wish="Rower górski")
    both = make_letter(wish="Rower i kask")

    assert codes_on(client.get("/listy?q=rower kask")) == [both.display_code]


@pytest.mark.parametrize(
    "query", ["k", "kl", "klo", "klocki konstrukcyjne", "konstrukcyjny", "KONSTRUKCYJNYMI"]
)
def test_a_word_start_of_any_length_finds_its_words(client, make_letter, query):
    # The starts of 1 to 12 letters come from FTS5's prefix indexes on SQLite; a longer word is
    # matched by its first 12 letters on both engines (konstrukcyjny -> konstrukcyjn*).
    blocks = make_letter(wish="Klocki konstrukcyjne", needs="")
    make_letter(wish="Lalka", needs="rozmiar 110")

    assert codes_on(client.get("/listy", query_string={"q": query})) == [blocks.display_code]


def test_search_terms_are_cut_to_the_longest_indexed_word_start():
    # As typed but for ł (the engines fold the rest); cut after folding, in letters.
    assert fulltext.terms("Konstantynopolitańczykowianeczka łyżwy") == ["Konstantynop", "lyżwy"]
    assert fulltext.terms("Żółwiowatymi", folded=True) == ["zolwiowatymi"]


def test_search_follows_edits_and_deletions(client, make_letter):
    letter = make_letter(wish="Lalka z wózkiem")
    assert codes_on(client.get("/listy?q=lalka")) == [letter.display_code]

    letter.wish = "Klocki konstrukcyjne"
    db.session.commit()
    assert codes_on(client.get("/listy?q=lalka")) == []
    assert codes_on(client.get("/listy?q=klocki")) == [letter.display_code]

    db.session.delete(letter)
    db.session.commit()
    assert codes_on(client.get("/listy?q=klocki")) == []


@pytest.mark.parametrize("query", ['"', "*", "AND OR NOT", ":*&|!", "NEAR(a b)", "'; --"])
def test_query_syntax_of_either_engine_is_taken_as_words_never_an_error(client, make_letter, query):
    make_letter(wish="Piłka")
    assert client.get("/listy", query_string={"q": query}).status_code == 200


def test_search_uses_the_index(app, backend, make_letter):
    make_letter(wish="Łyżwy")
    if backend == "sqlite":
        rows = db.session.execute(
            text("SELECT rowid FROM letters_fts WHERE letters_fts MATCH 'lyzwy'")
        ).all()
        assert len(rows) == 1
        return
    db.session.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table: force the choice
    condition = fulltext.search_condition(Letter.id, "lyzwy", "postgresql")
    statement = db.select(Letter.id).where(condition)
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    plan = " ".join(row[0] for row in db.session.execute(text(f"EXPLAIN {compiled}")))
    assert "ix_letters_search" in plan
    assert db.session.execute(statement).all() != []


def _walk(campaign, **args) -> tuple[list[int], list[int]]:
    """Every letter a search shows, page by page forward (next cursors) and then back again
    from the last page (before cursors); two letters a page."""
    filters = catalogue.CatalogueFilters.from_args({k: str(v) for k, v in args.items()})
    forward, pages = [], []
    for _ in range(50):
        page = catalogue.catalogue_page(campaign, filters, per_page=2)
        pages.append(page)
        forward += [x.id for x in page.items]
        if not page.has_next:
            break
        filters = catalogue.CatalogueFilters.from_args(page.next_args)
    backward = [x.id for x in pages[-1].items]
    page = pages[-1]
    while page.page > 1:
        page = catalogue.catalogue_page(
            campaign, catalogue.CatalogueFilters.from_args(page.prev_args), per_page=2
        )
        backward = [x.id for x in page.items] + backward
    return forward, backward


# A cap above the matches: the page is read by the matches' ids. Below them: from the search
# index (SQLite) or with the search condition (PostgreSQL). Never below the numbered pages'
# letters (5 pages of 2 in these walks), as in the app (test_the_numbered_pages_fit_in_the_cap).
BY_IDS, FROM_THE_INDEX = 200, 10


def test_the_numbered_pages_fit_in_the_cap():
    # A capped count still has every page that has a number: the numbered links (an OFFSET)
    # never point past the letters the count has seen.
    assert catalogue.SEARCH_COUNT_CAP >= catalogue.NUMBERED_PAGES * catalogue.PER_PAGE


@pytest.mark.parametrize("cap", [BY_IDS, FROM_THE_INDEX], ids=["by-ids", "from-the-index"])
def test_a_search_pages_through_every_match_once_newest_first_both_ways(
    app, make_letter, make_center, make_campaign, monkeypatch, cap
):
    # Read from the index outward on SQLite (newest first, seeking on the index's rowid), or by
    # the ids of a few matches: the same letters, in the same order, as the catalogue's own
    # conditions pick.
    monkeypatch.setattr(catalogue, "SEARCH_COUNT_CAP", cap)
    centers = [make_center(number=1), make_center(number=2)]
    old, campaign = make_campaign(year=2025, is_current=False), make_campaign()
    letters = []
    for i in range(40):
        letters.append(
            make_letter(
                campaign=campaign,
                center=centers[i % 2],
                age=i % 9,
                wish=("Łyżwy i kask" if i % 3 else "Klocki"),
                status="claimed" if i % 7 == 0 else "available",
            )
        )
        make_letter(campaign=old, wish="Łyżwy", center=centers[0])  # shares the index
    with app.test_request_context("/listy"):
        for args in ({"q": "lyzwy"}, {"q": "łyżwy kask", "center": 2, "age_min": 3}):
            expected = sorted(
                (
                    x.id
                    for x in letters
                    if "Łyżwy" in x.wish
                    and x.status == "available"
                    and x.center.number == args.get("center", x.center.number)
                    and x.age >= args.get("age_min", 0)
                ),
                reverse=True,
            )
            forward, backward = _walk(campaign, **args)
            assert forward == expected, args
            assert backward == expected, args
            page = catalogue.catalogue_page(campaign, catalogue.CatalogueFilters.from_args(args))
            assert page.total == min(len(expected), cap), args
            assert page.total_capped == (len(expected) > cap), args


@pytest.mark.parametrize("cap", [BY_IDS, FROM_THE_INDEX], ids=["by-ids", "from-the-index"])
@pytest.mark.parametrize("sort", ["age_asc", "age_desc"])
def test_a_search_in_another_order_pages_through_every_match_once(
    app, make_letter, make_campaign, monkeypatch, cap, sort
):
    monkeypatch.setattr(catalogue, "SEARCH_COUNT_CAP", cap)
    campaign = make_campaign()
    letters = [
        make_letter(campaign=campaign, age=i % 4 + 3, wish="Rower" if i % 3 else "Lalka")
        for i in range(17)
    ]
    descending = sort == "age_desc"
    expected = [
        x.id
        for x in sorted(
            (x for x in letters if x.wish == "Rower"),
            key=lambda x: (x.age, x.id),
            reverse=descending,
        )
    ]
    with app.test_request_context("/listy"):
        forward, backward = _walk(campaign, q="rower", sort=sort)
    assert forward == expected
    assert backward == expected


@pytest.mark.parametrize(
    "args",
    [{"q": "hulajnoga"}, {"q": "hulajnoga", "sort": "age_asc"}, {"q": "hulajnoga", "age_min": 7}],
    ids=["newest", "by-age", "filtered"],
)
def test_a_search_with_few_matches_reads_its_page_by_their_ids(
    app, backend, make_letter, make_campaign, args
):
    # A rare word: the planner cannot tell how rare (PostgreSQL estimates a prefix query at a
    # fixed share of the table) and may walk the whole id or age index testing every letter
    # against it; 0.6 s at 100,000 letters. The matches' ids come from the search index, then
    # the page is read by those ids, nothing else tested against the words.
    campaign = make_campaign()
    for i in range(12):
        make_letter(campaign=campaign, age=5 + i % 4, wish="Rower")
    rare = [make_letter(campaign=campaign, age=8, wish="Hulajnoga") for _ in range(2)]
    filters = catalogue.CatalogueFilters.from_args({k: str(v) for k, v in args.items()})
    with app.test_request_context("/listy"), counted_statements() as statements:
        page = catalogue.catalogue_page(campaign, filters)
    assert sorted(x.id for x in page.items) == sorted(x.id for x in rare)
    assert (page.total, page.total_capped) == (2, False)
    search_marks = ("letters_fts", "@@ to_tsquery")
    searches = [s for s in statements if any(mark in s for mark in search_marks)]
    # The matches' ids, once; on PostgreSQL after a sample of the index (which found few).
    assert len(searches) == (2 if backend == "postgresql" else 1), searches
    page_query = next(s for s in statements if s.startswith("SELECT letters.id, letters.code"))
    assert "letters.id IN" in page_query
    assert not any(mark in page_query for mark in search_marks)


@pytest.mark.parametrize("analyzed", [False, True], ids=["no-statistics", "fresh-statistics"])
def test_a_rare_word_by_age_looks_its_letters_up_by_id(
    app, backend, make_campaign, make_center, analyzed
):
    # Without statistics (an embedded SQLite file is never analysed) SQLite would rather walk
    # the age index in page order, testing each of thousands of letters against the few ids,
    # than look those up and sort them.
    from datetime import datetime

    from sqlalchemy import insert

    center, campaign = make_center(), make_campaign()
    rows = [
        {
            "code": f"{campaign.code_prefix}-T{i:05d}-X",
            "campaign_id": campaign.id,
            "center_id": center.id,
            "age": i % 17 + 1,
            "gender": "fm"[i % 2],
            "wish": "Hulajnoga" if i < 3 else "Marzę o rowerze.",
            "status": "available",
            "status_changed_at": datetime(2026, 11, 1),
        }
        for i in range(3000)
    ]
    db.session.execute(insert(Letter), rows)
    db.session.commit()
    if analyzed:
        db.session.execute(text("ANALYZE"))
    filters = catalogue.CatalogueFilters.from_args({"q": "hulajnoga", "sort": "age_asc"})
    with counted_statements(with_parameters=True) as executed:
        page = catalogue.catalogue_page(campaign, filters)
    assert [x.wish for x in page.items] == ["Hulajnoga"] * 3
    assert [x.age for x in page.items] == [1, 2, 3]
    ((statement, parameters),) = [
        pair for pair in executed if pair[0].startswith("SELECT letters.id, letters.code")
    ]
    connection = db.session.connection()
    if backend == "sqlite":
        found = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        plan = [str(row[3]) for row in found]
        # Each letter looked up by its id (the primary key, or an index whose key ends in it),
        # never an index walked in page order.
        reads = [step for step in plan if " letters " in f"{step} "]
        assert reads and all("rowid=?" in step or " id=?" in step for step in reads), plan
    elif analyzed:
        # Without statistics PostgreSQL guesses that the campaign has a letter or two and walks
        # its index: a state that lasts until autovacuum has seen the table (a minute).
        found = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
        plan = " ".join(row[0] for row in found)
        assert "Index Cond: (id = ANY" in plan, plan


def test_a_sample_of_common_words_never_hides_the_few_letters_with_both(
    app, backend, make_letter, make_campaign, monkeypatch
):
    # PostgreSQL counts a search on a sample of its GIN index first (fulltext.gin_sample); two
    # common words sampled apart lose the few letters that have both, so those are read again
    # in full. Entries in GIN's pending list are never sampled: the list is merged first.
    if backend != "postgresql":
        pytest.skip("the GIN sample is PostgreSQL's")
    monkeypatch.setattr(fulltext, "GIN_SAMPLE", 5)
    campaign = make_campaign()
    for _ in range(60):
        make_letter(campaign=campaign, wish="Rower")
        make_letter(campaign=campaign, wish="Kask")
    both = [make_letter(campaign=campaign, wish="Rower i kask") for _ in range(3)]
    db.session.execute(text("SELECT gin_clean_pending_list('ix_letters_search')"))
    rower = db.select(Letter.id).where(fulltext.search_condition(Letter.id, "rower", "postgresql"))
    with fulltext.gin_sample(db.session):
        sampled = db.session.scalars(rower).all()
    assert len(sampled) < 63  # a real sample: most of the 63 letters with the word are left out
    assert db.session.scalar(text("SHOW gin_fuzzy_search_limit")) == "0"  # reset after it

    filters = catalogue.CatalogueFilters.from_args({"q": "rower kask"})
    page = catalogue.catalogue_page(campaign, filters)
    assert sorted(x.id for x in page.items) == sorted(x.id for x in both)
    assert (page.total, page.total_capped) == (3, False)

    monkeypatch.setattr(catalogue, "SEARCH_COUNT_CAP", 4)
    page = catalogue.catalogue_page(campaign, catalogue.CatalogueFilters.from_args({"q": "rower"}))
    assert (page.total, page.total_capped) == (4, True)
    assert db.session.scalar(text("SHOW gin_fuzzy_search_limit")) == "0"


def test_a_search_nothing_matches_reads_no_letters(app, make_letter, make_campaign):
    campaign = make_campaign()
    make_letter(campaign=campaign, wish="Rower")
    filters = catalogue.CatalogueFilters.from_args({"q": "xyzzy"})
    with app.test_request_context("/listy"), counted_statements() as statements:
        page = catalogue.catalogue_page(campaign, filters)
    assert (page.items, page.total) == ([], 0)
    assert not any(s.startswith("SELECT letters.id, letters.code") for s in statements)


def test_a_sqlite_search_page_is_read_from_the_index_and_sorts_nothing(
    app, backend, make_letter, make_campaign, monkeypatch
):
    monkeypatch.setattr(catalogue, "SEARCH_COUNT_CAP", FROM_THE_INDEX)  # more matches than that
    campaign = make_campaign()
    for i in range(30):
        make_letter(campaign=campaign, wish="Dinozaury" if i % 2 else "Rower", age=4 + i % 5)
    cursor = catalogue.CatalogueFilters.from_args({"q": "dinozaur", "po": "99999"})
    filtered = catalogue.CatalogueFilters.from_args({"q": "dinozaur", "age_min": "5"})
    for filters in (cursor, filtered):
        with counted_statements() as statements:
            catalogue.catalogue_page(campaign, filters, per_page=2)
        if backend != "sqlite":
            # PostgreSQL keeps its GIN condition (test_search_uses_the_index): no FTS5 join.
            assert catalogue._index_first(filters) is None
            assert [s for s in statements if "@@ to_tsquery" in s]
            continue
        searches = [s for s in statements if "letters_fts" in s]
        assert len(searches) == 2  # the matches' ids up to the cap, and the page
        for statement in searches:
            assert "letters_fts CROSS JOIN letters" in statement
            assert "ORDER BY letters_fts.rowid DESC" in statement
        # The plan: the index is the outer loop, each letter fetched by its id, nothing sorted,
        # and the cursor handed to FTS5 itself (its `<` in the plan).
        page_query = searches[-1]
        compiled = _compiled_page_query(campaign, filters)
        plan = [str(row[3]) for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))]
        assert plan[0].startswith("SCAN letters_fts VIRTUAL TABLE"), plan
        assert "USING INTEGER PRIMARY KEY" in plan[1], plan
        assert not any("TEMP B-TREE" in step for step in plan), plan
        if filters.after:
            assert plan[0].endswith("<"), plan
        assert "letters.id IN" not in page_query


def test_a_before_cursor_past_every_letter_shows_an_empty_page_not_an_error(client, make_letter):
    make_letter(wish="Lalka")
    for query in ("/listy?przed=99999999&page=9", "/listy?q=lalka&przed=99999999&page=9"):
        response = client.get(query)
        assert response.status_code == 200
        assert codes_on(response) == []
        assert 'rel="next"' not in response.get_data(as_text=True)


def test_a_search_with_many_matches_says_more_than_the_cap(client, make_letter, monkeypatch):
    monkeypatch.setattr(catalogue, "SEARCH_COUNT_CAP", 3)
    for _ in range(5):
        make_letter(wish="Puzzle")

    page = client.get("/listy?q=puzzle").get_data(as_text=True)

    assert "Pasujących listów: ponad 3" in page
    assert db.session.scalar(db.select(func.count(Claim.id))) == 0


def _filtered_page_ids(campaign, **args) -> list[int]:
    filters = catalogue.CatalogueFilters.from_args({k: str(v) for k, v in args.items()})
    return [x.id for x in catalogue.catalogue_page(campaign, filters, per_page=3).items]


def test_a_filtered_page_lists_the_newest_matches_whichever_way_it_is_read(
    app, make_letter, make_center, make_campaign
):
    centers = [make_center(number=1), make_center(number=2)]
    campaign = make_campaign()
    letters = [
        make_letter(campaign=campaign, center=centers[i % 2], age=i % 12, gender="fm"[i % 3 % 2])
        for i in range(36)
    ]

    def expected(test, n=3):
        return sorted((x.id for x in letters if test(x)), reverse=True)[:n]

    # Many matches (read along the id order) and few (read through the age index), same answer.
    assert _filtered_page_ids(campaign, age_min=2, age_max=9) == expected(lambda x: 2 <= x.age <= 9)
    assert _filtered_page_ids(campaign, age_min=11, age_max=11, center=2) == expected(
        lambda x: x.age == 11 and x.center_id == centers[1].id
    )
    assert _filtered_page_ids(campaign, age_min=3, age_max=8, gender="m", center=1) == expected(
        lambda x: 3 <= x.age <= 8 and x.gender == "m" and x.center_id == centers[0].id
    )
    assert _filtered_page_ids(campaign, center=7) == []  # no such centre: nothing, no error


def test_a_filtered_page_walks_an_index_in_page_order_and_sorts_nothing(
    app, backend, make_letter, make_center, make_campaign
):
    centers = [make_center(number=1), make_center(number=2)]
    campaign = make_campaign()
    for i in range(40):
        make_letter(campaign=campaign, center=centers[i % 2], age=i % 10, gender="fm"[i % 2])
    filters = catalogue.CatalogueFilters.from_args(
        {"gender": "m", "age_min": "3", "age_max": "8", "center": "2"}
    )
    with counted_statements() as statements:
        # A small page of many matches: cheaper read along the ids than fetched and sorted.
        catalogue.catalogue_page(campaign, filters, per_page=2)
    page_query = next(s for s in statements if "FROM letters" in s and "ORDER BY" in s)
    if backend == "sqlite":
        assert "age + " in page_query  # the age range is kept off the indexes: no fetch-and-sort
        db.session.execute(text("ANALYZE"))
        # Statistics that make the campaign's index look the sharper one (as a run of earlier
        # tests left them once): the page must still read the centre's and sort nothing.
        db.session.execute(
            text(
                "UPDATE sqlite_stat1 SET stat = '1000000 1 1 1' "
                "WHERE idx = 'ix_letters_campaign_status_id'"
            )
        )
        db.session.execute(text("ANALYZE sqlite_schema"))  # reload the statistics
        compiled = _literal_page_query(campaign, filters)
        plan = " ".join(
            str(row[3]) for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))
        )
        assert "TEMP B-TREE" not in plan and "ix_letters_center_status_id" in plan
    else:
        db.session.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table
        compiled = _literal_page_query(campaign, filters)
        plan = " ".join(row[0] for row in db.session.execute(text(f"EXPLAIN {compiled}")))
        assert "Sort" not in plan


def test_with_fresh_statistics_a_filtered_page_of_many_matches_sorts_nothing(
    app, backend, make_center, make_campaign
):
    # Statistics as autovacuum (PostgreSQL) or ANALYZE (SQLite) leave them after a busy day: an
    # expression the planner has no statistics for would make it expect no matches, fetch all
    # of the centre's letters and sort them.
    from datetime import datetime

    from sqlalchemy import insert

    centers = [make_center(number=1), make_center(number=2)]
    campaign = make_campaign()
    rows = [
        {
            "code": f"{campaign.code_prefix}-T{i:05d}-X",
            "campaign_id": campaign.id,
            "center_id": centers[i % 2].id,
            "age": i % 17 + 1,
            "gender": "fm"[i // 2 % 2],
            "wish": "Marzę o rowerze.",
            "status": "available",
            "status_changed_at": datetime(2026, 11, 1),
        }
        for i in range(3000)
    ]
    db.session.execute(insert(Letter), rows)
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    filters = catalogue.CatalogueFilters.from_args(
        {"gender": "m", "age_min": "6", "age_max": "9", "center": "2"}
    )

    compiled = _literal_page_query(campaign, filters)
    if backend == "sqlite":
        found = db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))
        plan = " ".join(str(row[3]) for row in found)
        assert "TEMP B-TREE" not in plan
    else:
        plan = " ".join(row[0] for row in db.session.execute(text(f"EXPLAIN {compiled}")))
        assert "Sort" not in plan, plan
    page = catalogue.catalogue_page(campaign, filters)
    assert len(page.items) == catalogue.PER_PAGE
    assert all(x.gender == "m" and 6 <= x.age <= 9 for x in page.items)


def _literal_page_query(campaign, filters) -> str:
    center_id = catalogue._center_id(filters.center)
    conditions = catalogue._catalogue_conditions(campaign, filters, center_id, walk=True)
    statement = (
        db.select(Letter.id).where(*conditions).order_by(Letter.id.desc()).limit(catalogue.PER_PAGE)
    )
    return str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))


def _compiled_page_query(campaign, filters) -> str:
    """The page query of a SQLite search, with its values written in (for EXPLAIN)."""
    search = catalogue._index_first(filters)
    conditions = catalogue._catalogue_conditions(campaign, filters, None, text_search=False)
    seek, order, _ = catalogue._seek(filters, search)
    statement = (
        db.select(Letter)
        .select_from(search.source)
        .where(*conditions, *seek, search.match)
        .order_by(*order)
        .limit(catalogue.PER_PAGE)
    )
    return str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
