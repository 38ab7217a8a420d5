"""A coordinator raises one donor's letter limit (a school, a company); it is audited."""

from campaign.auth.models import User
from campaign.core.audit import Event
from campaign.extensions import db


def test_coordinator_finds_a_donor_by_email_and_raises_their_limit(
    client, login_as, make_user, make_campaign, make_letter
):
    make_campaign()
    school = make_user("donor", email="sekretariat@sp4.example.org", display_name="SP 4")
    make_letter("claimed", donor=school)
    make_letter("received", donor=school)
    coordinator = login_as("coordinator")

    found = client.get("/koordynacja/darczyncy?email=SEKRETARIAT@sp4.example.org")
    saved = client.post(f"/koordynacja/darczyncy/{school.id}/limit", data={"letter_limit": "20"})

    assert "SP 4" in found.get_data(as_text=True)
    assert "<td>2</td>" in found.get_data(as_text=True)  # letters held in the current campaign
    assert saved.status_code == 302
    assert db.session.get(User, school.id).letter_limit == 20
    event = db.session.scalar(db.select(Event).where(Event.kind == "donor.letter_limit"))
    assert event.actor_id == coordinator.id
    assert event.data == {"user_id": school.id, "from": None, "to": 20}
    listed = client.get("/koordynacja/darczyncy").get_data(as_text=True)
    assert "sekretariat@sp4.example.org" in listed  # donors with a raised limit stay listed


def test_an_empty_limit_returns_to_the_campaigns_default(client, login_as, make_user):
    donor = make_user("donor", letter_limit=10)
    login_as("coordinator")

    client.post(f"/koordynacja/darczyncy/{donor.id}/limit", data={"letter_limit": ""})

    assert db.session.get(User, donor.id).letter_limit is None


def test_an_invalid_limit_is_refused_and_the_typed_value_kept(client, login_as, make_user):
    donor = make_user("donor", letter_limit=5)
    login_as("coordinator")

    response = client.post(f"/koordynacja/darczyncy/{donor.id}/limit", data={"letter_limit": "0"})

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Podaj liczbę od 1 do 500" in page
    assert 'value="0"' in page
    assert db.session.get(User, donor.id).letter_limit == 5


def test_an_unknown_email_says_so(client, login_as):
    login_as("coordinator")

    page = client.get("/koordynacja/darczyncy?email=nikt@example.org").get_data(as_text=True)

    assert "Nie ma konta darczyńcy z tym adresem" in page


def test_only_donors_have_limits(client, login_as, make_user):
    worker = make_user("social_worker")
    login_as("coordinator")

    response = client.post(f"/koordynacja/darczyncy/{worker.id}/limit", data={"letter_limit": "9"})

    assert response.status_code == 404
    assert db.session.get(User, worker.id).letter_limit is None
