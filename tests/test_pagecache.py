"""The anonymous page cache: left as soon as what it shows changes, never personal."""

import os

import pytest
from sqlalchemy import text

from campaign.extensions import db
from campaign.models import LetterStatus, Role
from campaign.office import services as office_services
from campaign.web.header import CSRF_PLACEHOLDER
from campaign.web.pagecache import current_content_version
from tests.conftest import login

PUBLIC_PAGES = ["/", "/aktualnosci", "/archiwum", "/kontakt", "/kazdy-moze-pomoc", "/listy"]


def get(client, path, **headers):
    return client.get(path, headers=headers)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_public_page_is_rendered_once_then_served_from_the_cache(client, make_letter, path):
    make_letter()
    first, second = get(client, path), get(client, path)

    assert first.status_code == second.status_code == 200
    assert first.headers["X-Page-Cache"] == "miss"
    assert second.headers["X-Page-Cache"] == "hit"
    assert second.get_data() == first.get_data()
    assert "Set-Cookie" not in second.headers


def test_a_claimed_letter_leaves_the_cached_catalogue_at_once(app, client, make_letter, make_user):
    letter = make_letter(wish="Marzę o łyżwach figurowych.")
    other = make_letter(wish="Marzę o hulajnodze.")
    assert "łyżwach" in get(client, "/listy").get_data(as_text=True)
    assert get(client, "/listy").headers["X-Page-Cache"] == "hit"

    donor_client = app.test_client()
    login(donor_client, make_user(Role.DONOR))
    claimed = donor_client.post(f"/listy/{letter.code}/rezerwuj", data={"scope": "one"})
    assert claimed.status_code == 302

    page = get(client, "/listy")
    assert page.headers["X-Page-Cache"] == "miss"
    assert "łyżwach" not in page.get_data(as_text=True)
    assert "hulajnodze" in page.get_data(as_text=True)
    letter_page = get(client, f"/listy/{letter.code}").get_data(as_text=True)
    assert "Biorę ten list" not in letter_page
    assert other.status == LetterStatus.AVAILABLE.value


def test_the_catalogue_with_filters_is_kept_apart_per_query(client, make_letter):
    make_letter(age=4, wish="Marzę o misiu.")
    make_letter(age=12, wish="Marzę o rowerze.")

    small = get(client, "/listy?age_max=6").get_data(as_text=True)
    big = get(client, "/listy?age_min=10").get_data(as_text=True)
    again = get(client, "/listy?age_max=6")

    assert "misiu" in small and "rowerze" not in small
    assert "rowerze" in big and "misiu" not in big
    assert again.headers["X-Page-Cache"] == "hit" and "misiu" in again.get_data(as_text=True)


def test_a_news_edit_shows_on_the_cached_home_page_at_once(client, make_user):
    editor = make_user(Role.COORDINATOR)

    def save(article, title):
        return office_services.save_article(
            article,
            actor_id=editor.id,
            title=title,
            lead="Zbiórka darów.",
            body="Szczegóły zbiórki.",
            publish_now=True,
            published_at=None,
            archive_at=None,
        )

    article = save(None, "Zbiórka w sobotę")
    assert "Zbiórka w sobotę" in get(client, "/").get_data(as_text=True)
    assert get(client, "/").headers["X-Page-Cache"] == "hit"

    save(article, "Zbiórka przeniesiona na niedzielę")

    home = get(client, "/")
    assert home.headers["X-Page-Cache"] == "miss"
    assert "Zbiórka przeniesiona na niedzielę" in home.get_data(as_text=True)
    assert "Zbiórka w sobotę" not in home.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.DONOR, Role.SOCIAL_WORKER, Role.COORDINATOR])
def test_a_signed_in_page_is_never_served_to_a_visitor(app, client, make_letter, make_user, role):
    letter = make_letter()
    person = make_user(role, display_name="Janina Prywatna")
    personal = app.test_client()
    login(personal, person)
    for path in ("/", "/listy", f"/listy/{letter.code}"):
        seen = get(personal, path)
        assert "X-Page-Cache" not in seen.headers
        assert "Wyloguj" in seen.get_data(as_text=True)

        public = get(client, path)
        assert public.headers["X-Page-Cache"] == "miss"
        assert "Wyloguj" not in public.get_data(as_text=True)
        assert person.email not in public.get_data(as_text=True)


def test_a_signed_in_person_never_gets_the_visitors_cached_page(
    app, client, make_letter, make_user
):
    letter = make_letter()
    get(client, f"/listy/{letter.code}")
    assert get(client, f"/listy/{letter.code}").headers["X-Page-Cache"] == "hit"

    donor = app.test_client()
    login(donor, make_user(Role.DONOR))
    page = get(donor, f"/listy/{letter.code}")

    assert "X-Page-Cache" not in page.headers
    assert "Biorę ten list" in page.get_data(as_text=True)  # the claim button, not the login hint
    assert page.headers["Cache-Control"] == "no-store"


def test_polish_and_english_pages_are_kept_apart(client):
    polish = get(client, "/kontakt", **{"Accept-Language": "pl"})
    english = get(client, "/kontakt", **{"Accept-Language": "en"})
    english_again = get(client, "/kontakt", **{"Accept-Language": "en"})
    polish_again = get(client, "/kontakt", **{"Accept-Language": "pl"})

    assert '<html lang="pl">' in polish.get_data(as_text=True)
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert english.headers["X-Page-Cache"] == "miss"
    assert english_again.headers["X-Page-Cache"] == polish_again.headers["X-Page-Cache"] == "hit"
    assert english_again.get_data() == english.get_data()
    assert polish_again.get_data() == polish.get_data()
    assert "Accept-Language" in polish.headers["Vary"]


def test_if_none_match_gives_304_until_the_page_changes(client, make_letter):
    letter = make_letter(wish="Marzę o sankach.")
    first = get(client, "/listy")
    etag = first.headers["ETag"]

    unchanged = get(client, "/listy", **{"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.get_data() == b""

    letter.wish = "Marzę o nartach."
    db.session.commit()
    changed = get(client, "/listy", **{"If-None-Match": etag})
    assert changed.status_code == 200 and "nartach" in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != etag


def test_a_visitor_with_a_message_waiting_sees_it_not_the_cached_page(client):
    get(client, "/")
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Wiadomość dla jednej osoby")]

    page = get(client, "/")
    assert "Wiadomość dla jednej osoby" in page.get_data(as_text=True)
    assert "X-Page-Cache" not in page.headers
    assert "Wiadomość dla jednej osoby" not in get(client, "/").get_data(as_text=True)


def test_the_version_moves_only_with_committed_public_changes(app, make_letter, make_user):
    letter = make_letter()
    start = current_content_version()

    letter.wish = "Zmiana cofnięta."
    db.session.flush()
    db.session.rollback()
    assert current_content_version() == start

    make_user(Role.DONOR)  # accounts and logins show on no public page
    db.session.execute(
        text("INSERT INTO events (kind, created_at, reason) VALUES ('x', CURRENT_TIMESTAMP, '')")
    )
    db.session.commit()
    assert current_content_version() == start

    db.session.execute(
        text("UPDATE letters SET needs = 'rozmiar 140' WHERE id = :id"), {"id": letter.id}
    )
    db.session.commit()
    assert current_content_version() == start + 1


def test_with_csrf_on_a_visitors_page_carries_no_token_and_sets_no_cookie(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    first, second = get(client, "/"), get(client, "/")

    assert "csrf_token" not in first.get_data(as_text=True)
    assert "Set-Cookie" not in first.headers
    assert second.headers["X-Page-Cache"] == "hit"
    switched = client.post("/jezyk/en", data={"next": "/kontakt"})
    assert switched.status_code == 302 and switched.headers["Location"].endswith("/kontakt")


def test_with_csrf_on_a_signed_in_language_switch_needs_the_token(make_app, make_user):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    login(client, make_user(Role.DONOR))

    assert client.post("/jezyk/en", data={"next": "/"}).status_code == 400
    assert 'name="csrf_token"' in get(client, "/").get_data(as_text=True)


@pytest.fixture
def redis_url():
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL is not set: the shared page store is not tested")
    import redis

    redis.Redis.from_url(url).flushdb()
    yield url
    redis.Redis.from_url(url).flushdb()


def test_workers_share_the_pages_and_the_version_through_redis(make_app, make_letter, redis_url):
    one = make_app(CACHE_REDIS_URL=redis_url).test_client()
    two = make_app(CACHE_REDIS_URL=redis_url).test_client()
    letter = make_letter(wish="Marzę o gitarze.")

    assert get(one, "/listy").headers["X-Page-Cache"] == "miss"
    assert get(two, "/listy").headers["X-Page-Cache"] == "hit"  # rendered by the other worker

    letter.wish = "Marzę o pianinie."
    db.session.commit()
    page = get(two, "/listy")
    assert page.headers["X-Page-Cache"] == "miss" and "pianinie" in page.get_data(as_text=True)
    assert get(one, "/listy").headers["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "template",
    [
        "{% set _ = get_flashed_messages() %}<p>{{ csrf_token() }}</p>",  # a form's token
        "<p>{{ get_flashed_messages()|join }}</p>",  # a message flashed while rendering
    ],
)
def test_a_page_with_a_token_or_a_message_in_it_is_never_stored(make_app, template):
    from flask import flash, render_template_string

    from campaign.web.pagecache import cached_page

    app = make_app()

    @cached_page
    def personal_bits():
        flash("Tylko dla tej osoby")
        return render_template_string(template)

    app.add_url_rule("/_test/personal", view_func=personal_bits)
    client = app.test_client()
    first, second = get(client, "/_test/personal"), get(app.test_client(), "/_test/personal")

    assert "X-Page-Cache" not in first.headers and "X-Page-Cache" not in second.headers
    assert "Set-Cookie" in first.headers


def test_a_response_setting_a_cookie_is_never_stored(make_app):
    from flask import make_response

    from campaign.web.pagecache import cached_page

    app = make_app()

    @cached_page
    def with_cookie():
        response = make_response("<p>strona</p>")
        response.set_cookie("tracking", "jeden")
        return response

    app.add_url_rule("/_test/cookie", view_func=with_cookie)
    get(app.test_client(), "/_test/cookie")
    second = get(app.test_client(), "/_test/cookie")

    assert "X-Page-Cache" not in second.headers and "tracking=jeden" in second.headers["Set-Cookie"]


# --- the catalogue's shared fragment (signed-in pages) ------------------------------------


def test_a_signed_in_donor_gets_the_shared_list_inside_their_own_page(
    app, client, make_letter, make_user
):
    make_letter(wish="Marzę o łyżwach figurowych.")
    coordinator = app.test_client()
    login(coordinator, make_user(Role.COORDINATOR, display_name="Koordynatorka Prywatna"))
    staff_page = get(coordinator, "/listy").get_data(as_text=True)  # renders the list first
    assert "Darczyńcy" in staff_page and "łyżwach" in staff_page

    donor = app.test_client()
    login(donor, make_user(Role.DONOR))
    page = get(donor, "/listy")
    visitor = get(client, "/listy").get_data(as_text=True)

    text_of = page.get_data(as_text=True)
    assert "łyżwach" in text_of and "Moje listy" in text_of and "Wyloguj" in text_of
    assert "Darczyńcy" not in text_of  # the coordinator's menu stayed with the coordinator
    assert page.headers["Cache-Control"] == "no-store" and "X-Page-Cache" not in page.headers
    assert "łyżwach" in visitor and "Wyloguj" not in visitor and "Darczyńcy" not in visitor


def test_a_claimed_letter_leaves_a_signed_in_donors_list_at_once(app, make_letter, make_user):
    letter = make_letter(wish="Marzę o łyżwach figurowych.")
    make_letter(wish="Marzę o hulajnodze.")
    reader = app.test_client()
    login(reader, make_user(Role.DONOR))
    assert "łyżwach" in get(reader, "/listy").get_data(as_text=True)

    taker = app.test_client()
    login(taker, make_user(Role.DONOR))
    assert taker.post(f"/listy/{letter.code}/rezerwuj", data={"scope": "one"}).status_code == 302

    page = get(reader, "/listy").get_data(as_text=True)
    assert "łyżwach" not in page and "hulajnodze" in page


def test_the_shared_list_keeps_languages_and_filters_apart_for_signed_in_people(
    app, make_letter, make_user
):
    make_letter(age=4, wish="Marzę o misiu.")
    make_letter(age=12, wish="Marzę o rowerze.")
    donor = app.test_client()
    login(donor, make_user(Role.DONOR))
    polish = get(donor, "/listy?age_max=6").get_data(as_text=True)
    with donor.session_transaction() as session:
        session["lang"] = "en"
    english = get(donor, "/listy?age_max=6").get_data(as_text=True)
    older = get(donor, "/listy?age_min=10").get_data(as_text=True)

    assert "Listy do wzięcia" in polish and "misiu" in polish and "rowerze" not in polish
    assert "Listy do wzięcia" not in english and "misiu" in english
    assert "rowerze" in older and "misiu" not in older


def test_a_list_that_read_a_message_is_not_kept(make_app):
    from flask import flash, render_template_string

    from campaign.web.pagecache import cached_fragment

    app = make_app()
    renders = []

    def view():
        def render(**visitor):
            renders.append(1)
            return render_template_string("<p>{{ get_flashed_messages()|join }}</p>", **visitor)

        flash("Tylko dla tej osoby")
        return str(cached_fragment("test", {}, render))

    app.add_url_rule("/_test/fragment", view_func=view)
    first = app.test_client().get("/_test/fragment").get_data(as_text=True)
    app.test_client().get("/_test/fragment")

    assert "Tylko dla tej osoby" in first
    assert len(renders) == 2


def test_a_cached_answer_carries_the_security_headers_and_a_request_id(client, make_letter):
    make_letter()
    get(client, "/listy")
    hit = get(client, "/listy")
    head = client.head("/listy")

    assert hit.headers["X-Page-Cache"] == "hit"
    assert "script-src 'self'" in hit.headers["Content-Security-Policy"]
    assert hit.headers["X-Frame-Options"] == "DENY"
    assert hit.headers["X-Content-Type-Options"] == "nosniff"
    assert hit.headers["X-Request-ID"]
    assert head.status_code == 200 and head.get_data() == b""
    assert head.headers["ETag"] == hit.headers["ETag"]


def test_a_stale_cookie_from_a_signed_out_session_still_gets_a_correct_page(
    app, client, make_letter
):
    letter = make_letter(wish="Marzę o sankach.")
    get(client, "/listy")
    with client.session_transaction() as session:
        session["lang"] = "en"  # a session cookie: the page is served by the app itself

    page = get(client, "/listy", **{"Accept-Language": "pl"})
    assert '<html lang="en">' in page.get_data(as_text=True)
    assert letter.display_code in page.get_data(as_text=True)


# --- the shared header ------------------------------------------------------------------


def _tokens(page) -> set[str]:
    import re

    return set(re.findall(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)))


def test_each_person_gets_their_own_token_and_their_roles_menu_in_the_shared_header(
    make_app, make_user
):
    app = make_app(WTF_CSRF_ENABLED=True)
    people = {role: app.test_client() for role in (Role.DONOR, Role.COORDINATOR)}
    other_donor = app.test_client()
    login(people[Role.DONOR], make_user(Role.DONOR))
    login(people[Role.COORDINATOR], make_user(Role.COORDINATOR))
    login(other_donor, make_user(Role.DONOR))

    first = get(people[Role.DONOR], "/kontakt")
    second = get(other_donor, "/kontakt")
    staff = get(people[Role.COORDINATOR], "/kontakt")
    visitor = get(app.test_client(), "/kontakt")

    assert _tokens(first) and _tokens(second) and _tokens(first) != _tokens(second)
    assert CSRF_PLACEHOLDER not in second.get_data(as_text=True)
    assert "Moje listy" in second.get_data(as_text=True)
    assert "Darczyńcy" not in second.get_data(as_text=True)
    assert "Darczyńcy" in staff.get_data(as_text=True)
    assert "Moje listy" not in staff.get_data(as_text=True)
    assert not _tokens(visitor) and "Wyloguj" not in visitor.get_data(as_text=True)
    # The token in the header is the person's own: the language switch accepts it.
    token = next(iter(_tokens(second)))
    switched = other_donor.post("/jezyk/en", data={"next": "/", "csrf_token": token})
    assert switched.status_code == 302


def test_a_header_with_an_account_links_token_in_it_is_never_stored(app, client):
    from campaign.web.pagecache import page_store

    before = len(page_store()._local)
    page = client.get("/haslo/reset/nie-prawdziwy-token-123")
    kept = [v for _, v in list(page_store()._local.values())[before:]]

    assert page.status_code == 200 and b"nie-prawdziwy-token-123" in page.get_data()
    assert not any(b"nie-prawdziwy-token-123" in value for value in kept)


# --- the early hits' own connection ---------------------------------------------------------


def _version_engine(app):
    from campaign.core.readpool import read_engine

    with app.app_context():
        return read_engine()


def test_a_lost_connection_for_the_version_sends_one_visitor_through_the_app(
    app, backend, client, make_letter, caplog
):
    if backend == "sqlite":
        pytest.skip("a SQLite connection is a file handle: no server restart can break it")
    make_letter(wish="Marzę o sankach.")
    get(client, "/listy")
    assert get(client, "/listy").headers["X-Page-Cache"] == "hit"
    with _version_engine(app).connect() as connection:
        pid = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    # As when the database restarts under a running worker: its pooled connection is gone.
    db.session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    db.session.commit()

    page = get(client, "/listy")
    assert page.status_code == 200 and "sankach" in page.get_data(as_text=True)
    assert "version unreadable" in caplog.text
    assert get(client, "/listy").headers["X-Page-Cache"] == "hit"


def test_the_version_read_sees_a_commit_made_elsewhere_at_once(app, client, make_letter):
    make_letter(wish="Marzę o sankach.")
    get(client, "/listy")
    assert get(client, "/listy").headers["X-Page-Cache"] == "hit"
    make_letter(wish="Marzę o łyżwach.")  # another connection from the pool, committed

    page = get(client, "/listy")
    assert page.headers["X-Page-Cache"] == "miss"
    assert "łyżwach" in page.get_data(as_text=True)


def test_a_thread_per_request_leaves_no_connection_behind(app, client, make_letter):
    # The development server and the browser tests' server start a thread for each request.
    import threading

    make_letter()
    get(client, "/listy")
    answers = []

    def visit():
        answers.append(get(app.test_client(), "/listy").headers.get("X-Page-Cache"))

    for _ in range(3):
        threads = [threading.Thread(target=visit) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert answers == ["hit"] * 60
    assert _version_engine(app).pool.checkedout() == 0
    with app.app_context():
        assert db.engine.pool.checkedout() <= 1  # the test's own session


def test_disposing_the_engine_closes_the_version_reads_pool(app, client, make_letter):
    make_letter()
    get(client, "/listy")
    engine = _version_engine(app)
    assert engine.pool.checkedin() >= 1

    db.engine.dispose()

    assert engine.pool.checkedin() == 0
    assert get(client, "/listy").headers["X-Page-Cache"] == "hit"


# --- pages shared by role (the signed-in catalogue) -----------------------------------------


def test_donors_share_one_catalogue_page_each_with_their_own_working_token(
    make_app, make_letter, make_user
):
    app = make_app(WTF_CSRF_ENABLED=True)
    make_letter(wish="Marzę o łyżwach figurowych.")
    first_donor = make_user(Role.DONOR, display_name="Pierwsza Darczyńczyni")
    first, second = app.test_client(), app.test_client()
    login(first, first_donor)
    login(second, make_user(Role.DONOR))

    rendered, reused = get(first, "/listy"), get(second, "/listy")

    assert rendered.headers["X-Role-Page-Cache"] == "miss"
    assert reused.headers["X-Role-Page-Cache"] == "hit"
    assert reused.headers["Cache-Control"] == "no-store"
    page = reused.get_data(as_text=True)
    assert "łyżwach" in page and "Moje listy" in page and CSRF_PLACEHOLDER not in page
    assert first_donor.email not in page and "Pierwsza" not in page
    assert _tokens(rendered) and _tokens(reused) and _tokens(rendered) != _tokens(reused)
    token = next(iter(_tokens(reused)))
    assert second.post("/wyloguj", data={"csrf_token": token}).status_code == 302
    assert "Wyloguj" not in get(second, "/listy").get_data(as_text=True)


def test_a_coordinators_catalogue_page_is_kept_apart_from_the_donors(app, make_letter, make_user):
    make_letter()
    coordinator, donor = app.test_client(), app.test_client()
    login(coordinator, make_user(Role.COORDINATOR))
    login(donor, make_user(Role.DONOR))

    staff = get(coordinator, "/listy").get_data(as_text=True)
    page = get(donor, "/listy")

    assert page.headers["X-Role-Page-Cache"] == "miss"
    assert "Darczyńcy" in staff and "Darczyńcy" not in page.get_data(as_text=True)


def test_a_donor_with_a_message_waiting_gets_their_own_page_and_the_message(
    app, make_letter, make_user
):
    make_letter()
    donor, other = app.test_client(), app.test_client()
    login(donor, make_user(Role.DONOR))
    login(other, make_user(Role.DONOR))
    with donor.session_transaction() as session:
        session["_flashes"] = [("info", "Wiadomość tylko dla ciebie")]

    own = get(donor, "/listy")
    shared = get(other, "/listy")

    assert "X-Role-Page-Cache" not in own.headers
    assert "Wiadomość tylko dla ciebie" in own.get_data(as_text=True)
    assert shared.headers["X-Role-Page-Cache"] == "miss"
    assert "Wiadomość tylko dla ciebie" not in shared.get_data(as_text=True)


@pytest.mark.parametrize(
    "template",
    [
        "<form><input name=csrf_token value='{{ csrf_token() }}'></form>",  # a form in the page
        "{% set _ = flash_now() %}{{ get_flashed_messages()|join }}",  # a message of the view
    ],
)
def test_a_shared_page_that_turns_out_personal_is_rendered_for_each_person(
    make_app, make_user, template
):
    from flask import flash, render_template_string

    from campaign.web.pagecache import cached_page, shared_by_role

    app = make_app()

    @cached_page
    @shared_by_role
    def view():
        return render_template_string(template, flash_now=lambda: flash("Tylko dla tej osoby"))

    app.add_url_rule("/_test/shared", view_func=view)
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        login(client, make_user(Role.DONOR))
    pages = [get(client, "/_test/shared") for client in clients]

    assert all("X-Role-Page-Cache" not in page.headers for page in pages)
    assert CSRF_PLACEHOLDER not in pages[1].get_data(as_text=True)


def test_a_shared_page_knows_nothing_of_the_person_but_their_role(make_app, make_user):
    from flask import render_template_string

    from campaign.web.pagecache import cached_page, shared_by_role

    app = make_app()

    @cached_page
    @shared_by_role
    def view():  # a view marked shared by mistake: what it asks of the person renders empty
        return render_template_string("<p>[{{ current_user.email }}|{{ current_user.role }}]</p>")

    app.add_url_rule("/_test/shared", view_func=view)
    first_donor, second_donor = make_user(Role.DONOR), make_user(Role.DONOR)
    first, second = app.test_client(), app.test_client()
    login(first, first_donor)
    login(second, second_donor)

    pages = [get(first, "/_test/shared").get_data(as_text=True), get(second, "/_test/shared")]

    assert "[|donor]" in pages[0]
    assert pages[1].headers["X-Role-Page-Cache"] == "hit"
    assert first_donor.email not in pages[1].get_data(as_text=True)
    assert second_donor.email not in pages[1].get_data(as_text=True)
