"""Site search over news, announcements and pages, with or without Polish letters."""

import re
from datetime import timedelta

import pytest

from campaign.core.clock import utcnow
from campaign.extensions import db
from campaign.office.search import fold
from campaign.office.seed import seed_office


def titles(client, query: str, page: int = 1) -> list[str]:
    response = client.get("/szukaj", query_string={"q": query, "page": page})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return re.findall(r'<h2 class="news-title"><a href="[^"]+">([^<]+)</a></h2>', html)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Łyżwy, ŻÓŁW!", "lyzwy zolw"),
        ("Gdańsk – MOPR", "gdansk mopr"),
        ("naïve café", "naive cafe"),
    ],
)
def test_fold_lowers_and_drops_accents_and_punctuation(text, folded):
    assert fold(text) == folded


def test_search_finds_the_seed_news_by_a_word_of_its_title(client):
    seed_office()
    db.session.commit()
    assert titles(client, "Pracownika") == ["Dzień Pracownika Socjalnego"]
    assert titles(client, "pracownika") == ["Dzień Pracownika Socjalnego"]


def test_polish_letters_may_be_typed_or_left_out(client, make_article):
    make_article("Zimowe marzenia", body="Dzieci proszą o łyżwy i sanki.")
    make_article("Bez ogonków", body="Prosba o lyzwy rozmiar 33.")
    both = ["Bez ogonków", "Zimowe marzenia"]
    assert sorted(titles(client, "lyzwy")) == both
    assert sorted(titles(client, "łyżwy")) == both
    assert sorted(titles(client, "ŁYŻWY")) == both
    assert titles(client, "łyżwy sanki") == ["Zimowe marzenia"]  # every word must appear


def test_announcements_and_pages_are_found_too(client, make_announcement):
    seed_office()
    make_announcement("Zmiana godzin", body="Kasa jest nieczynna w Wigilię.")
    db.session.commit()
    assert titles(client, "wigilie") == ["Zmiana godzin"]
    assert "Tekst łatwy do czytania" in titles(client, "tlumacza jezyka migowego")
    assert "Informacja w polskim języku migowym" in titles(client, "PJM")


def test_what_visitors_cannot_see_is_not_found(client, make_article, make_announcement):
    make_article("Szkic z łyżwami", published_at=None)
    make_article("Jutro o łyżwach", published_at=utcnow() + timedelta(days=1))
    make_announcement("Stare łyżwy", ends_at=utcnow() - timedelta(hours=1))
    make_announcement("Przyszłe łyżwy", starts_at=utcnow() + timedelta(days=1))
    assert titles(client, "lyzw") == []


def test_an_edited_article_is_found_by_its_new_words(client, login_as, make_article):
    article = make_article("Kiermasz")
    login_as("coordinator")
    form = {
        "title": "Kiermasz",
        "lead": "Zajawka.",
        "body": "Sprzedajemy pierniki.",
        "publish_now": "y",
    }
    assert client.post(f"/biuro/aktualnosci/{article.id}", data=form).status_code == 302
    assert titles(client, "pierniki") == ["Kiermasz"]


def test_results_are_paginated_and_page_links_keep_the_query(client, make_article):
    now = utcnow()
    for n in range(12):
        make_article(f"Łyżwiarstwo {n}", published_at=now - timedelta(hours=n + 1))
    first = titles(client, "lyzwiarstwo")
    assert first == [f"Łyżwiarstwo {n}" for n in range(10)]  # newest first
    assert titles(client, "lyzwiarstwo", page=2) == ["Łyżwiarstwo 10", "Łyżwiarstwo 11"]
    html = client.get("/szukaj?q=lyzwiarstwo").get_data(as_text=True)
    assert "Liczba wyników: 12." in html
    assert 'href="/szukaj?page=2&amp;q=lyzwiarstwo"' in html


@pytest.mark.parametrize(
    "query", ["", "   ", "%", "%%_", "'; DROP TABLE news_articles; --", "x" * 5000]
)
def test_odd_queries_never_fail(client, make_article, query):
    make_article("Artykuł")
    response = client.get("/szukaj", query_string={"q": query})
    assert response.status_code == 200


def test_wildcards_typed_by_a_visitor_are_taken_literally(client, make_article):
    make_article("Zniżka 50_procent")
    make_article("Zniżka 50 procent", slug="znizka-bez-podkreslenia")
    assert titles(client, "50_procent") == ["Zniżka 50_procent"]


def test_every_page_header_has_the_search_box(client):
    header = client.get("/kontakt").get_data(as_text=True).split("</header>")[0]
    assert '<form class="site-search" role="search" method="get" action="/szukaj">' in header
    assert 'name="q"' in header


def test_pages_made_from_templates_are_found(client):
    assert titles(client, "deklaracja dostepnosci") == ["Deklaracja dostępności"]
    assert "Kontakt" in titles(client, "kontakt")
    client.post("/jezyk/en", data={"next": "/"})
    assert "Accessibility statement" in titles(client, "accessibility statement")


def test_pages_made_from_templates_are_listed_once_on_the_first_page(client, make_article):
    for n in range(11):
        make_article(f"Deklaracja {n}")
    assert "Deklaracja dostępności" in titles(client, "deklaracja")
    assert "Deklaracja dostępności" not in titles(client, "deklaracja", page=2)
