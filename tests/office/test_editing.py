"""Coordinators edit news, announcements and contacts; nobody else may; bad input saves nothing."""

from datetime import datetime

import pytest

from campaign.core.audit import Event
from campaign.extensions import db
from campaign.office.models import Announcement, ContactEntry, NewsArticle
from tests.conftest import login

EDIT_PAGES = [
    "/biuro/",
    "/biuro/aktualnosci",
    "/biuro/aktualnosci/nowy",
    "/biuro/aktualnosci/{article}",
    "/biuro/aktualnosci/{article}/usun",
    "/biuro/ogloszenia",
    "/biuro/ogloszenia/nowe",
    "/biuro/ogloszenia/{announcement}",
    "/biuro/ogloszenia/{announcement}/usun",
    "/biuro/kontakty",
    "/biuro/kontakty/nowy",
    "/biuro/kontakty/{contact}",
    "/biuro/kontakty/{contact}/usun",
]


@pytest.fixture
def content(make_article, make_announcement, make_contact):
    """One object of each kind, so the edit and delete pages have something to show."""
    return {
        "article": make_article().id,
        "announcement": make_announcement().id,
        "contact": make_contact().id,
    }


def news_form(**overrides) -> dict:
    return {
        "title": "Zbiórka w Centrum Pracy Socjalnej",
        "lead": "Zapraszamy do udziału.",
        "body": "Szczegóły zbiórki.",
        "publish_now": "y",
        "published_at": "",
        "archive_at": "",
        **overrides,
    }


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


# --- access -----------------------------------------------------------------------------


# What each role gets on every editing page: the login page, a refusal, or the page.
EXPECTED = {None: 302, "donor": 403, "social_worker": 403, "coordinator": 200, "admin": 200}


@pytest.mark.parametrize("path", EDIT_PAGES)
def test_only_coordinators_and_admins_open_editing_pages(app, make_user, content, path):
    path = path.format(**content)
    for role, status in EXPECTED.items():
        client = app.test_client()
        if role:
            login(client, make_user(role))
        response = client.get(path)
        assert response.status_code == status, (role, path)
        if role is None:
            assert "/logowanie" in response.headers["Location"]


def test_a_donor_cannot_publish_by_posting_directly(client, login_as):
    login_as("donor")
    assert client.post("/biuro/aktualnosci/nowy", data=news_form()).status_code == 403
    assert count(NewsArticle) == 0


def test_editing_link_is_in_the_menu_for_coordinators_only(client, login_as):
    assert 'href="/biuro/"' not in client.get("/").get_data(as_text=True)
    login_as("coordinator")
    assert 'href="/biuro/"' in client.get("/").get_data(as_text=True)


# --- news -------------------------------------------------------------------------------


def test_publishing_now_puts_the_article_on_the_news_page_and_audits_it(client, login_as):
    editor = login_as("coordinator")
    response = client.post("/biuro/aktualnosci/nowy", data=news_form())
    assert response.status_code == 302

    article = db.session.scalar(db.select(NewsArticle))
    assert article.slug == "zbiorka-w-centrum-pracy-socjalnej"
    assert article.author_id == editor.id
    assert "Zbiórka w Centrum Pracy Socjalnej" in client.get("/aktualnosci").get_data(as_text=True)
    event = db.session.scalar(db.select(Event).where(Event.kind == "office.news_saved"))
    assert event.actor_id == editor.id and event.data["id"] == article.id


def test_article_without_a_date_stays_a_draft(client, login_as):
    login_as("coordinator")
    client.post("/biuro/aktualnosci/nowy", data=news_form(publish_now=""))
    article = db.session.scalar(db.select(NewsArticle))
    assert article.published_at is None
    assert client.get(f"/aktualnosci/{article.slug}").status_code == 404


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2026-07-01T12:00", datetime(2026, 7, 1, 10, 0)),  # summer time, UTC+2
        ("2026-01-15T12:00", datetime(2026, 1, 15, 11, 0)),  # winter time, UTC+1
    ],
)
def test_dates_are_typed_in_gdansk_time_and_stored_in_utc(client, login_as, typed, stored):
    login_as("coordinator")
    client.post("/biuro/aktualnosci/nowy", data=news_form(publish_now="", published_at=typed))
    assert db.session.scalar(db.select(NewsArticle.published_at)) == stored


def test_hostile_markdown_never_reaches_the_article_page(client, login_as):
    login_as("coordinator")
    body = (
        "Akapit.\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
        "[kliknij](javascript:alert(1))\n\n**Zostaje.**"
    )
    client.post("/biuro/aktualnosci/nowy", data=news_form(body=body))
    article = db.session.scalar(db.select(NewsArticle))

    html = client.get(f"/aktualnosci/{article.slug}").get_data(as_text=True)
    assert "<strong>Zostaje.</strong>" in html
    assert "alert(" not in html and "onerror" not in html and "javascript:" not in html


def test_same_title_gets_a_numbered_slug_and_editing_keeps_the_slug(client, login_as):
    login_as("coordinator")
    for _ in range(3):
        client.post("/biuro/aktualnosci/nowy", data=news_form(title="Święta w MOPR"))
    slugs = sorted(db.session.scalars(db.select(NewsArticle.slug)))
    assert slugs == ["swieta-w-mopr", "swieta-w-mopr-2", "swieta-w-mopr-3"]

    first = db.session.scalar(db.select(NewsArticle).where(NewsArticle.slug == "swieta-w-mopr"))
    client.post(f"/biuro/aktualnosci/{first.id}", data=news_form(title="Zupełnie nowy tytuł"))
    first = db.session.get(NewsArticle, first.id)
    assert first.title == "Zupełnie nowy tytuł" and first.slug == "swieta-w-mopr"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Podaj tytuł."),
        ("title", "   ", "Podaj tytuł."),
        ("title", "T" * 201, "Najwyżej 200 znaków."),
        ("lead", "", "Podaj zajawkę"),
        ("lead", "z" * 601, "Najwyżej 600 znaków."),
        ("body", "", "Podaj treść artykułu."),
        ("published_at", "jutro rano", "Podaj datę i godzinę"),
    ],
)
def test_bad_news_input_is_refused_with_the_form_refilled(client, login_as, field, value, message):
    login_as("coordinator")
    data = news_form(lead="Moja zajawka, którą wpisałam.")
    data[field] = value
    response = client.post("/biuro/aktualnosci/nowy", data=data)

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    if field != "title":
        assert 'value="Zbiórka w Centrum Pracy Socjalnej"' in html
    assert count(NewsArticle) == 0


def test_archive_date_before_publication_is_refused(client, login_as):
    login_as("coordinator")
    data = news_form(publish_now="", published_at="2026-12-10T10:00", archive_at="2026-12-01T10:00")
    response = client.post("/biuro/aktualnosci/nowy", data=data)
    assert "Data archiwizacji musi być późniejsza niż data publikacji." in response.get_data(
        as_text=True
    )
    assert count(NewsArticle) == 0


def test_bad_edit_changes_nothing(client, login_as, make_article):
    login_as("coordinator")
    article = make_article("Tytuł przed edycją")
    response = client.post(
        f"/biuro/aktualnosci/{article.id}", data=news_form(title="", lead="Nowa zajawka")
    )
    assert response.status_code == 200
    assert "Nowa zajawka" in response.get_data(as_text=True)
    article = db.session.get(NewsArticle, article.id)
    assert article.title == "Tytuł przed edycją" and article.lead != "Nowa zajawka"


def test_edit_form_shows_the_stored_values_in_gdansk_time(client, login_as, make_article):
    login_as("coordinator")
    article = make_article(published_at=datetime(2026, 7, 1, 10, 0))
    html = client.get(f"/biuro/aktualnosci/{article.id}").get_data(as_text=True)
    assert 'value="2026-07-01T12:00"' in html


def test_deleting_an_article_asks_first_then_removes_it(client, login_as, make_article):
    editor = login_as("coordinator")
    article = make_article("Do usunięcia")
    confirm = client.get(f"/biuro/aktualnosci/{article.id}/usun").get_data(as_text=True)
    assert "Do usunięcia" in confirm and count(NewsArticle) == 1

    assert client.post(f"/biuro/aktualnosci/{article.id}/usun").status_code == 302
    assert count(NewsArticle) == 0
    event = db.session.scalar(db.select(Event).where(Event.kind == "office.news_deleted"))
    assert event.actor_id == editor.id and event.data["title"] == "Do usunięcia"


def test_unknown_article_id_is_404_for_editors(client, login_as):
    login_as("coordinator")
    assert client.get("/biuro/aktualnosci/999999").status_code == 404


def test_news_form_without_csrf_token_is_refused(make_app, make_user):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    login(client, make_user("coordinator"))
    response = client.post("/biuro/aktualnosci/nowy", data=news_form())
    assert response.status_code == 400
    assert count(NewsArticle) == 0


# --- announcements ----------------------------------------------------------------------


def test_announcement_is_created_and_shown_on_the_home_page(client, login_as):
    login_as("coordinator")
    data = {"title": "Uwaga!", "body": "Zmiana godzin.", "starts_at": "2026-01-01T08:00"}
    assert client.post("/biuro/ogloszenia/nowe", data=data).status_code == 302
    assert "Zmiana godzin." in client.get("/").get_data(as_text=True)
    assert db.session.scalar(db.select(Event.kind).where(Event.kind.like("office.announce%")))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"starts_at": "2026-12-10T10:00", "ends_at": "2026-12-01T10:00"},
            "Koniec musi być późniejszy niż początek.",
        ),
        (
            {"starts_at": "2026-12-10T10:00", "ends_at": "2026-12-10T10:00"},
            "Koniec musi być późniejszy niż początek.",
        ),
        ({"starts_at": ""}, "Podaj, od kiedy pokazywać ogłoszenie."),
        ({"title": ""}, "Podaj tytuł."),
        ({"body": "b" * 5001}, "Najwyżej 5000 znaków."),
    ],
)
def test_bad_announcement_is_refused_and_nothing_saved(client, login_as, data, message):
    login_as("coordinator")
    form = {"title": "Uwaga!", "body": "Treść.", "starts_at": "2026-12-01T10:00", **data}
    response = client.post("/biuro/ogloszenia/nowe", data=form)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(Announcement) == 0


def test_announcement_edit_and_delete(client, login_as, make_announcement):
    login_as("admin")
    item = make_announcement(body="Stara treść.")
    data = {"title": "Uwaga!", "body": "Nowa treść.", "starts_at": "2026-01-01T08:00"}
    client.post(f"/biuro/ogloszenia/{item.id}", data=data)
    assert db.session.get(Announcement, item.id).body == "Nowa treść."
    client.post(f"/biuro/ogloszenia/{item.id}/usun")
    assert count(Announcement) == 0


# --- contact entries --------------------------------------------------------------------


def contact_form(**overrides) -> dict:
    return {
        "kind": "leadership",
        "name": "Jan Kowalski",
        "role": "Z-ca Dyrektora ds. Testów",
        "phone": "58 000 00 01",
        "email": "",
        "hours": "",
        "note": "",
        "position": "5",
        **overrides,
    }


def test_contact_entry_is_created_and_shown_on_the_contact_page(client, login_as):
    login_as("coordinator")
    assert client.post("/biuro/kontakty/nowy", data=contact_form()).status_code == 302
    html = client.get("/kontakt").get_data(as_text=True)
    assert "Jan Kowalski" in html and "58 000 00 01" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Podaj nazwę lub imię i nazwisko."),
        ("name", "n" * 121, "Najwyżej 120 znaków."),
        ("phone", "1" * 41, "Najwyżej 40 znaków."),
        ("email", "to-nie-adres", "Podaj poprawny adres e-mail."),
        ("position", "pierwszy", "Podaj liczbę od 0 do 999."),
        ("position", "1000", "Podaj liczbę od 0 do 999."),
        ("kind", "boss", "Wybierz rodzaj z listy."),
    ],
)
def test_bad_contact_entry_is_refused_with_the_form_refilled(
    client, login_as, field, value, message
):
    login_as("coordinator")
    response = client.post("/biuro/kontakty/nowy", data=contact_form(**{field: value}))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert 'value="Z-ca Dyrektora ds. Testów"' in html
    assert count(ContactEntry) == 0


def test_contact_entry_edit_and_delete_are_audited(client, login_as, make_contact):
    editor = login_as("coordinator")
    entry = make_contact(name="Stara nazwa")
    client.post(f"/biuro/kontakty/{entry.id}", data=contact_form(name="Nowa nazwa"))
    assert db.session.get(ContactEntry, entry.id).name == "Nowa nazwa"
    client.post(f"/biuro/kontakty/{entry.id}/usun")
    assert count(ContactEntry) == 0
    kinds = set(db.session.scalars(db.select(Event.kind).where(Event.actor_id == editor.id)))
    assert kinds == {"office.contact_saved", "office.contact_deleted"}
