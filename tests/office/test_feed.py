"""The Atom feed of the news: valid Atom that feed readers parse, linked from the pages' head."""

from datetime import timedelta

import feedparser

from campaign.core.clock import utcnow
from campaign.extensions import db
from campaign.office.seed import NEWS, seed_office


def parsed(client):
    response = client.get("/aktualnosci.atom")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    return feedparser.parse(response.data)


def test_feed_is_valid_atom_listing_the_seed_news(client):
    seed_office()
    db.session.commit()
    feed = parsed(client)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    titles = [entry.title for entry in feed.entries]
    assert titles == [title for title, *_rest in NEWS]  # newest first, archived ones too
    first = feed.entries[0]
    assert first.link == "http://localhost/aktualnosci/dzien-pracownika-socjalnego"
    assert first.id == first.link
    assert "250 pracowników socjalnych" in first.summary
    assert first.published_parsed and first.updated_parsed
    assert feed.feed.language == "pl"
    assert any(link.rel == "self" for link in feed.feed.links)


def test_drafts_and_scheduled_articles_stay_out_of_the_feed(client, make_article):
    make_article("Opublikowany")
    make_article("Szkic", published_at=None)
    make_article("Na jutro", published_at=utcnow() + timedelta(days=1))
    assert [entry.title for entry in parsed(client).entries] == ["Opublikowany"]


def test_article_body_reaches_the_feed_without_script(client, make_article):
    make_article("Z linkiem", body="Zobacz [stronę](https://www.gdansk.pl) <script>x()</script>")
    content = parsed(client).entries[0].content[0].value
    assert 'href="https://www.gdansk.pl"' in content
    assert "<script" not in content


def test_an_empty_feed_is_still_valid(client):
    feed = parsed(client)
    assert feed.bozo == 0 and feed.entries == []


def test_news_pages_link_the_feed_in_their_head(client, make_article):
    article = make_article()
    for path in ("/aktualnosci", f"/aktualnosci/{article.slug}", "/archiwum", "/"):
        head = client.get(path).get_data(as_text=True).split("</head>")[0]
        assert '<link rel="alternate" type="application/atom+xml" href="/aktualnosci.atom"' in head
