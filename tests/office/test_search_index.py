"""The site search runs on the catalogue's full-text engine: FTS5 on SQLite, a GIN index on
PostgreSQL, over each table's folded `search_text`; every word a word or the start of one."""

import re

import pytest
from sqlalchemy import text

from campaign.core import fulltext
from campaign.extensions import db
from campaign.office import search
from campaign.office.models import Announcement, NewsArticle, OfficePage, PageKey
from campaign.office.pages import save_page


def titles(client, query: str) -> list[str]:
    response = client.get("/szukaj", query_string={"q": query})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return re.findall(r'<h2 class="news-title"><a href="[^"]+">([^<]+)</a></h2>', html)


@pytest.fixture
def one_of_each(make_article, make_announcement):
    """An article, an announcement and an editable page, each about skates in a different case
    and spelling, and each with a word no other text has."""

    def factory(word: str) -> dict[str, str]:
        make_article("Zimowisko", body=f"Na lodowisku {word} dla każdego dziecka.")
        make_announcement("Wypożyczalnia", body=f"Oddajcie {word} do piątku.")
        save_page(
            PageKey.EASY_READ,
            title="Tekst łatwy",
            body=f"Możesz dostać {word}.",
            title_en="",
            body_en="",
            actor_id=None,
        )
        return {"news": "Zimowisko", "announcement": "Wypożyczalnia", "page": "Tekst łatwy"}

    return factory


@pytest.mark.parametrize("stored", ["łyżwy", "lyzwy", "ŁYŻWY"])
@pytest.mark.parametrize("typed", ["łyżwy", "lyzwy", "ŁYŻWY", "Łyżwy"])
def test_news_announcements_and_pages_are_found_with_or_without_polish_letters(
    client, one_of_each, stored, typed
):
    expected = one_of_each(stored)
    assert sorted(titles(client, typed)) == sorted(expected.values())


def test_the_start_of_a_word_finds_the_longer_word(client, one_of_each):
    one_of_each("łyżwach")
    assert sorted(titles(client, "łyżw")) == ["Tekst łatwy", "Wypożyczalnia", "Zimowisko"]
    assert sorted(titles(client, "LYZ")) == ["Tekst łatwy", "Wypożyczalnia", "Zimowisko"]
    assert titles(client, "lodow") == ["Zimowisko"]


def test_a_word_inside_another_word_is_not_found(client, one_of_each):
    # A change from the LIKE '%word%' scan this search used before: only the start of a word.
    ours = set(one_of_each("łyżwy").values())
    for inside in ("żwy", "yzwy", "dowisku", "ożyczalnia"):
        assert ours.isdisjoint(titles(client, inside)), inside


def test_every_word_must_be_found(client, one_of_each):
    one_of_each("łyżwy")
    assert titles(client, "łyżwy lodowisku") == ["Zimowisko"]
    assert titles(client, "łyżwy rower") == []


def test_pages_made_from_templates_follow_the_same_rule(client):
    assert titles(client, "deklaracja dostepn") == ["Deklaracja dostępności"]
    assert titles(client, "eklaracja") == []


def test_an_edited_article_leaves_the_index_at_once(client, login_as, make_article):
    article = make_article("Kiermasz", body="Sprzedajemy łyżwy.")
    login_as("coordinator")
    assert titles(client, "lyzwy") == ["Kiermasz"]

    form = {
        "title": "Kiermasz",
        "lead": "Zajawka.",
        "body": "Sprzedajemy sanki.",
        "publish_now": "y",
    }
    assert client.post(f"/biuro/aktualnosci/{article.id}", data=form).status_code == 302

    assert titles(client, "lyzwy") == []
    assert titles(client, "sanki") == ["Kiermasz"]


def test_a_deleted_article_leaves_the_index_at_once(client, login_as, make_article, backend):
    article = make_article("Kiermasz", body="Sprzedajemy łyżwy.")
    make_article("Lodowisko", body="Też łyżwy.")
    login_as("coordinator")

    assert client.post(f"/biuro/aktualnosci/{article.id}/usun").status_code == 302

    assert titles(client, "lyzwy") == ["Lodowisko"]
    if backend == "sqlite":  # the FTS table holds the remaining article only
        found = db.session.execute(
            text("SELECT rowid FROM news_articles_fts WHERE news_articles_fts MATCH 'lyzwy'")
        ).scalars()
        assert list(found) == [db.session.scalar(db.select(NewsArticle.id))]


def test_an_edited_page_is_found_by_its_new_words_and_not_its_old(client):
    def save(body):
        save_page(
            PageKey.SIGN_LANGUAGE, title="PJM", body=body, title_en="", body_en="", actor_id=None
        )

    save("Nagranie o łyżwach.")
    save("Nagranie o sankach.")
    assert titles(client, "łyżwach") == []
    assert titles(client, "sankach") == ["PJM"]
    assert db.session.scalar(db.select(db.func.count(OfficePage.id))) == 1


def _compiled(statement) -> str:
    sql = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
    return " ".join(sql.split())


def test_the_search_query_goes_through_the_full_text_indexes(app, backend, make_article):
    sql = _compiled(search.matches(["lyzwy"]))
    assert "LIKE" not in sql.upper()
    for index in fulltext.OFFICE_INDEXES:
        if backend == "sqlite":
            assert f"FROM {index.fts} WHERE {index.fts} MATCH" in sql
        else:  # the indexed expression itself, or PostgreSQL could not use the GIN index
            assert f"{index.pg_document(index.table)} @@ to_tsquery(" in sql


@pytest.mark.parametrize("model", [NewsArticle, Announcement, OfficePage])
def test_the_database_plans_each_table_s_search_on_its_index(app, backend, model):
    index = fulltext.index_of(model.id)
    statement = db.select(model.id).where(fulltext.search_condition(model.id, "łyżwy", backend))
    if backend == "sqlite":
        plan = db.session.execute(text(f"EXPLAIN QUERY PLAN {_compiled(statement)}")).all()
        assert any(f"SCAN {index.fts} VIRTUAL TABLE INDEX" in row[-1] for row in plan), plan
        return
    db.session.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table: force the choice
    plan = " ".join(row[0] for row in db.session.execute(text(f"EXPLAIN {_compiled(statement)}")))
    assert f"Bitmap Index Scan on {index.pg_index}" in plan, plan
