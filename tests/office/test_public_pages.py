"""What a visitor sees: news and archive by date, contact details, the legal pages."""

from datetime import timedelta

from campaign.core.clock import utcnow
from campaign.extensions import db
from campaign.office import queries
from campaign.office.seed import seed_office


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_an_article_moves_from_news_to_archive_once_its_archive_date_passes(make_article):
    now = utcnow()
    gone = make_article("Już nieaktualne", archive_at=now - timedelta(minutes=1))
    fresh = make_article("Jeszcze aktualne", archive_at=now + timedelta(days=1))

    later = now + timedelta(days=2)
    assert fresh in _all(queries.current_news(now))
    assert fresh not in _all(queries.current_news(later))
    assert fresh in _all(queries.archived_news(later))
    assert gone in _all(queries.archived_news(now))


def test_archived_articles_are_listed_in_the_archive_not_in_news(client, make_article):
    now = utcnow()
    make_article("Już nieaktualne", archive_at=now - timedelta(minutes=1))
    make_article("Jeszcze aktualne", archive_at=now + timedelta(days=1))

    news, archive = page(client, "/aktualnosci"), page(client, "/archiwum")
    assert "Jeszcze aktualne" in news and "Już nieaktualne" not in news
    assert "Już nieaktualne" in archive and "Jeszcze aktualne" not in archive


def test_archived_article_stays_readable_at_its_address(client, make_article):
    article = make_article("Stara wiadomość", archive_at=utcnow() - timedelta(days=3))
    assert "Stara wiadomość" in page(client, f"/aktualnosci/{article.slug}")


def test_scheduled_and_draft_articles_are_invisible_until_their_date(client, make_article):
    scheduled = make_article("Zaplanowany", published_at=utcnow() + timedelta(hours=1))
    draft = make_article("Szkic", published_at=None)
    make_article("Opublikowany")

    for path in ("/", "/aktualnosci", "/archiwum"):
        html = page(client, path)
        assert "Zaplanowany" not in html and "Szkic" not in html
    assert "Opublikowany" in page(client, "/aktualnosci")
    assert client.get(f"/aktualnosci/{scheduled.slug}").status_code == 404
    assert client.get(f"/aktualnosci/{draft.slug}").status_code == 404


def test_unknown_article_slug_is_404(client):
    response = client.get("/aktualnosci/nie-ma-takiego-artykulu")
    assert response.status_code == 404
    assert "Nie znaleziono strony" in response.get_data(as_text=True)


def test_news_is_paginated_newest_first(client, make_article):
    now = utcnow()
    for n in range(12):
        make_article(f"Wiadomość numer {n:02d}", published_at=now - timedelta(days=n + 1))

    first, second = page(client, "/aktualnosci"), page(client, "/aktualnosci?page=2")
    assert first.index("Wiadomość numer 00") < first.index("Wiadomość numer 09")
    assert "Wiadomość numer 10" not in first
    assert "Wiadomość numer 10" in second and "Wiadomość numer 11" in second
    assert client.get("/aktualnosci?page=9").status_code == 404


def test_home_shows_mission_announcements_and_latest_news_with_read_more(
    client, make_article, make_announcement
):
    article = make_article("Najnowsza wiadomość", lead="Krótka zajawka.")
    make_announcement("Uwaga!", body="Korespondencję dostarczają gońcy.")
    make_announcement("Minione", body="Już nieważne.", ends_at=utcnow() - timedelta(hours=1))
    make_announcement("Przyszłe", body="Jeszcze nie teraz.", starts_at=utcnow() + timedelta(days=1))

    html = page(client, "/")
    assert "Nasze wsparcie – Twoja samodzielność" in html
    assert "Korespondencję dostarczają gońcy." in html
    assert "Już nieważne." not in html and "Jeszcze nie teraz." not in html
    assert "Krótka zajawka." in html
    assert f'href="/aktualnosci/{article.slug}"' in html
    assert "Czytaj więcej…" in html


def test_home_teases_the_current_campaign_with_its_counter(client, make_letter):
    make_letter("available")
    html = page(client, "/")
    assert 'data-counter="available">1<' in html
    assert 'href="/kazdy-moze-pomoc"' in html


def test_contact_page_shows_reception_leadership_phones_and_centre_hours(client, make_center):
    seed_office()
    make_center(name="Centrum Pracy Socjalnej nr 7", is_demo_data=True)
    make_center(name="Centrum Pracy Socjalnej nr 8", is_demo_data=False)

    html = page(client, "/kontakt")
    assert "w każdy czwartek w godzinach od 09:00 do 11:00" in html
    assert "sugerujemy telefoniczne uzgodnienie wizyty" in html
    for role, name, phone in [
        ("p.o. Dyrektora MOPR", "Janina Liedtke-Jarema", "58 342 31 36"),
        ("Z-ca Dyrektora ds. Rodziny i Dziecka", "Anna Sobota", "58 342 31 34"),
        ("Z-ca Dyrektora ds. Usług Społecznych", "Marlena Jasnoch", "58 342 31 30"),
    ]:
        assert role in html and name in html and phone in html
    assert "Z-ca Dyrektora ds. Rozwoju" in html and "Ewa Wołczak" in html
    assert "Centrum Pracy Socjalnej nr 7" in html and "Centrum Pracy Socjalnej nr 8" in html
    assert "wtorek" in html and "12:00–18:00" in html
    # Only the invented centre carries the demo-data note.
    assert html.count('class="demo-note"') == 1


def test_accessibility_statement_follows_the_official_template(client):
    html = page(client, "/deklaracja-dostepnosci")
    for section in (
        "zobowiązuje się zapewnić dostępność swojej strony internetowej",
        "Daty publikacji i aktualizacji",
        "Status pod względem zgodności z ustawą",
        "Przygotowanie deklaracji dostępności",
        "Informacje zwrotne i dane kontaktowe",
        "Procedura wnioskowo-skargowa",
        "Dostępność architektoniczna",
        "Aplikacje mobilne",
    ):
        assert section in html


def test_privacy_clause_names_controller_dpo_retention_and_puodo(make_app, make_campaign):
    app = make_app(RETENTION_DAYS=45)
    make_campaign()
    html = page(app.test_client(), "/rodo")
    assert "ul. Leczkowa 1A, 80-432 Gdańsk" in html
    assert "iod@mopr.gda.pl" in html
    assert "po 45 dniach od daty przekazania paczek" in html
    assert "Prezesa Urzędu Ochrony Danych Osobowych" in html
    assert "ul. Stawki 2, 00-193 Warszawa" in html
    assert "dobrowolne" in html


def test_every_page_links_the_legal_pages_and_marks_the_current_menu_item(client):
    html = page(client, "/kontakt")
    assert 'href="/deklaracja-dostepnosci"' in html and 'href="/rodo"' in html
    assert '<a href="/kontakt" aria-current="page">' in html
    assert '<a href="/aktualnosci" aria-current="page">' not in html


def _all(query) -> list:
    return list(db.session.scalars(query))
