"""Campaigns and centres, run by a coordinator."""

from datetime import time

import pytest

from campaign.core.audit import Event
from campaign.core.centres import Center
from campaign.extensions import db
from campaign.letters.models import Campaign
from tests.conftest import login

CAMPAIGN = {
    "name": "Każdy Może Pomóc 2027",
    "year": "2027",
    "code_prefix": "kmp27",
    "claims_open_at": "2027-11-20T09:00",
    "claims_close_at": "2027-12-10T20:00",
    "parcel_deadline": "2027-12-15",
    "delivery_date": "2027-12-20",
    "default_letter_limit": "3",
    "reminder_days_before": "3",
    "review_required": "y",
    "slip_instructions": "Zapakuj prezent.",
    "contact_phone": "58 342 31 34",
}


def test_a_coordinator_creates_a_campaign_that_is_not_yet_current(client, world):
    login(client, world.coordinator)
    response = client.post("/koordynacja/kampanie/nowa", data=CAMPAIGN)
    assert response.status_code == 302
    campaign = db.session.scalar(db.select(Campaign).where(Campaign.code_prefix == "KMP27"))
    assert (campaign.name, campaign.review_required, campaign.is_current) == (
        "Każdy Może Pomóc 2027",
        True,
        False,
    )
    # 09:00 in Gdańsk in November is 08:00 UTC.
    assert campaign.claims_open_at.hour == 8
    assert db.session.scalar(db.select(Event.kind)) == "campaign.created"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"claims_close_at": "2027-11-19T09:00"}, "claims_close_at", "musi być po jego początku"),
        ({"parcel_deadline": "2027-12-01"}, "parcel_deadline", "przed końcem wybierania"),
        ({"delivery_date": "2027-12-14"}, "delivery_date", "przed terminem paczek"),
        ({"code_prefix": "KMP-27"}, "code_prefix", "wielkich liter lub cyfr"),
        ({"code_prefix": "KMP26"}, "code_prefix", "ma już kampania"),
        ({"default_letter_limit": "0"}, "default_letter_limit", "Od 1 do 500"),
        ({"claims_open_at": ""}, "claims_open_at", "Podaj datę i godzinę"),
    ],
)
def test_campaign_rules_keep_what_was_typed(client, world, changes, field, message):
    login(client, world.coordinator)
    response = client.post("/koordynacja/kampanie/nowa", data={**CAMPAIGN, **changes})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert f'id="{field}-error"' in page
    assert 'value="Każdy Może Pomóc 2027"' in page
    assert db.session.query(Campaign).count() == 1


def test_making_a_campaign_current_leaves_exactly_one_current(client, world, make_campaign):
    new = make_campaign(code_prefix="KMP27", is_current=False)
    login(client, world.coordinator)
    client.post(f"/koordynacja/kampanie/{new.id}/biezaca")
    current = db.session.scalars(db.select(Campaign).where(Campaign.is_current.is_(True))).all()
    assert [c.code_prefix for c in current] == ["KMP27"]
    assert Campaign.current().id == new.id


def test_a_past_campaign_stays_readable(client, world, make_campaign, letter_of):
    letter_of("available")
    new = make_campaign(code_prefix="KMP27", is_current=False)
    login(client, world.coordinator)
    client.post(f"/koordynacja/kampanie/{new.id}/biezaca")
    page = client.get(f"/koordynacja/kampanie/{world.campaign.id}").get_data(as_text=True)
    assert "KMP26" in page and "CPS 1" in page
    listing = client.get(f"/pracownik/listy?campaign={world.campaign.id}").get_data(as_text=True)
    assert "KMP26-" in listing


def test_the_prefix_cannot_change_once_letters_exist(client, world, letter_of):
    letter_of()
    login(client, world.coordinator)
    data = {
        **CAMPAIGN,
        "code_prefix": "NOWY26",
        "claims_open_at": "2026-11-20T09:00",
        "claims_close_at": "2026-12-10T20:00",
        "parcel_deadline": "2026-12-15",
        "delivery_date": "2026-12-20",
    }
    response = client.post(f"/koordynacja/kampanie/{world.campaign.id}/edycja", data=data)
    assert response.status_code == 422
    assert db.session.get(Campaign, world.campaign.id).code_prefix == "KMP26"


def test_the_edit_form_shows_times_in_gdansk(client, world):
    world.campaign.claims_open_at = world.campaign.claims_open_at.replace(
        month=7, day=1, hour=10, minute=0
    )
    login(client, world.coordinator)
    page = client.get(f"/koordynacja/kampanie/{world.campaign.id}/edycja").get_data(as_text=True)
    assert f"{world.campaign.claims_open_at.year}-07-01T12:00" in page  # summer time: UTC+2


def test_a_centre_is_created_with_its_drop_off_hours(client, world):
    login(client, world.coordinator)
    data = {
        "number": "7",
        "name": "Centrum Pracy Socjalnej nr 7",
        "address": "ul. Przykładowa 7, 80-001 Gdańsk",
        "phone": "58 000 00 07",
        "email": "cps7@example.org",
        "hours-0-weekday": "0",
        "hours-0-opens_at": "12:00",
        "hours-0-closes_at": "18:00",
        "hours-1-weekday": "5",
        "hours-1-opens_at": "09:00",
        "hours-1-closes_at": "13:00",
        "hours-2-weekday": "",
    }
    assert client.post("/koordynacja/centra/nowe", data=data).status_code == 302
    center = db.session.scalar(db.select(Center).where(Center.number == 7))
    assert [(h.weekday, h.opens_at, h.closes_at) for h in center.hours] == [
        (0, time(12), time(18)),
        (5, time(9), time(13)),
    ]
    page = client.get("/koordynacja/centra").get_data(as_text=True)
    assert "sobota 09:00–13:00" in page


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {"hours-0-weekday": "1", "hours-0-opens_at": "18:00", "hours-0-closes_at": "12:00"},
            "po godzinie otwarcia",
        ),
        (
            {"hours-0-weekday": "1", "hours-0-opens_at": "12:00", "hours-0-closes_at": ""},
            "obie godziny",
        ),
        (
            {"hours-0-weekday": "1", "hours-0-opens_at": "25:99", "hours-0-closes_at": "18:00"},
            "Podaj godzinę w formacie GG:MM.",
        ),
        (
            {"hours-0-weekday": "9", "hours-0-opens_at": "12:00", "hours-0-closes_at": "18:00"},
            "Wybierz dzień tygodnia z listy.",
        ),
    ],
)
def test_a_slot_must_close_after_it_opens(client, world, row, message):
    login(client, world.coordinator)
    data = {"number": "8", "name": "CPS 8", "address": "ul. Ósma 8", **row}
    response = client.post("/koordynacja/centra/nowe", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert "Not a valid" not in response.get_data(as_text=True)
    assert db.session.query(Center).count() == 2


def test_editing_a_centre_replaces_its_hours_and_keeps_its_number_unique(client, world):
    login(client, world.coordinator)
    data = {
        "number": "1",
        "name": "CPS 1 nowa nazwa",
        "address": "ul. Nowa 1",
        "hours-0-weekday": "2",
        "hours-0-opens_at": "08:00",
        "hours-0-closes_at": "16:00",
    }
    assert client.post("/koordynacja/centra/1/edycja", data=data).status_code == 302
    center = db.session.get(Center, world.center.id)
    assert center.name == "CPS 1 nowa nazwa"
    assert [(h.weekday, h.opens_at) for h in center.hours] == [(2, time(8))]
    taken = client.post("/koordynacja/centra/1/edycja", data={**data, "number": "2"})
    assert taken.status_code == 422
    assert "Centrum o tym numerze już istnieje" in taken.get_data(as_text=True)


def test_a_past_campaign_page_links_to_its_csv_exports(client, world, make_campaign, letter_of):
    import re

    letter_of("available", wish="Rower dla Zosi")
    new = make_campaign(code_prefix="KMP27", is_current=False)
    login(client, world.coordinator)
    client.post(f"/koordynacja/kampanie/{new.id}/biezaca")
    page = client.get(f"/koordynacja/kampanie/{world.campaign.id}").get_data(as_text=True)
    links = re.findall(r'href="(/koordynacja/eksport/[a-z]+\.csv\?campaign=[^"]+)"', page)
    assert sorted(links) == [
        f"/koordynacja/eksport/{kind}.csv?campaign=KMP26"
        for kind in ("claims", "letters", "parcels")
    ]
    for link in links:
        response = client.get(link)
        assert response.status_code == 200 and response.mimetype == "text/csv"
    letters_csv = client.get("/koordynacja/eksport/letters.csv?campaign=KMP26").get_data(
        as_text=True
    )
    assert "Rower dla Zosi" in letters_csv and "KMP26-" in letters_csv
