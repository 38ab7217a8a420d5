"""The office's demo content: the seed page's news, notices and contacts, created once."""

from campaign.extensions import db
from campaign.office.models import Announcement, ContactEntry, NewsArticle
from campaign.office.seed import seed_office


def counts() -> tuple[int, int, int]:
    return tuple(
        db.session.scalar(db.select(db.func.count()).select_from(model))
        for model in (NewsArticle, Announcement, ContactEntry)
    )


def test_seed_creates_the_seed_pages_content_and_a_second_run_creates_nothing(client):
    seed_office()
    db.session.commit()
    assert counts() == (5, 2, 5)

    seed_office()
    db.session.commit()
    assert counts() == (5, 2, 5)

    archive = client.get("/archiwum").get_data(as_text=True)
    news = client.get("/aktualnosci").get_data(as_text=True)
    assert "Coś z niczego - warsztaty dla dzieci" in archive
    assert "Rozdano nagrody za III Ogólnopolskie Biennale Fotograficzne" in archive
    assert "Dzień Pracownika Socjalnego" in news
    assert "Spełnijmy marzenia dzieci! - inauguracja akcji Każdy Może Pomóc" in news
    home = client.get("/").get_data(as_text=True)
    assert "korespondencja z Miejskiego Ośrodka Pomocy Rodzinie w Gdańsku" in home
    assert "trafia do ARCHIWUM" in home
