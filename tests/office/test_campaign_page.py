"""The campaign page: how to help, the dates, drop-off points and the live counter."""

from campaign.office.queries import campaign_counter
from campaign.office.views import catalogue_url

STATUSES = {
    "draft": 1,
    "review": 1,
    "available": 3,
    "claimed": 2,
    "received": 2,
    "delivered": 1,
    "withdrawn": 1,
}


def test_counter_counts_waiting_taken_and_arrived_letters(make_letter, make_campaign):
    campaign = make_campaign()
    for status, n in STATUSES.items():
        for _ in range(n):
            make_letter(status, campaign=campaign)
    other = make_campaign(is_current=False)
    make_letter("available", campaign=other)

    assert campaign_counter(campaign) == {"available": 3, "taken": 5, "arrived": 3}
    assert campaign_counter(other) == {"available": 1, "taken": 0, "arrived": 0}


def test_campaign_page_shows_the_counter_steps_dates_and_drop_off_hours(
    client, make_letter, make_campaign, make_center
):
    make_center(name="Centrum Pracy Socjalnej nr 3")
    campaign = make_campaign(name="Każdy Może Pomóc 2026")
    make_letter("available", campaign=campaign)
    make_letter("claimed", campaign=campaign)
    make_letter("delivered", campaign=campaign)

    html = client.get("/kazdy-moze-pomoc").get_data(as_text=True)
    assert 'data-counter="available">1<' in html
    assert 'data-counter="taken">2<' in html
    assert 'data-counter="arrived">1<' in html
    for step in ("Wybierz list", "Wydrukuj kupon", "Przynieś paczkę do punktu zbiórki"):
        assert step in html
    for date_label in ("Listy można wybierać do", "Paczki przyjmujemy do", "Paczki trafiają do"):
        assert date_label in html
    assert "Centrum Pracy Socjalnej nr 3" in html and "12:00–18:00" in html
    assert 'href="/listy"' in html


def test_campaign_page_without_a_campaign_says_so_kindly(client):
    response = client.get("/kazdy-moze-pomoc")
    assert response.status_code == 200
    assert "Teraz nie trwa żadna edycja akcji." in response.get_data(as_text=True)


def test_catalogue_link_is_the_catalogue_address(app):
    with app.test_request_context():
        assert catalogue_url() == "/listy"
