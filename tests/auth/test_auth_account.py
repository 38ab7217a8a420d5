"""The person's own account page: name, phone, language, the e-mail opt-out."""

import pytest

from campaign.auth.models import Role, User
from campaign.extensions import db
from tests.auth.helpers import log_in


def profile(**fields) -> dict:
    return {"display_name": "Ola", "phone": "", "locale": "pl", **fields}


def test_account_page_needs_login(client):
    response = client.get("/konto")
    assert response.headers["Location"].startswith("/logowanie")


def test_changing_the_language_switches_the_site_and_the_mails(client, make_user):
    user = make_user(Role.DONOR)
    log_in(client, user)
    response = client.post("/konto", data=profile(locale="en"))
    assert response.status_code == 302
    assert db.session.get(User, user.id).locale == "en"
    assert 'lang="en"' in client.get("/konto").get_data(as_text=True)


def test_donor_can_opt_out_of_e_mails_and_back_in(client, make_user):
    user = make_user(Role.DONOR)
    log_in(client, user)
    client.post("/konto", data=profile(notifications_opt_out="y"))
    assert db.session.get(User, user.id).notifications_opt_out
    client.post("/konto", data=profile())
    assert not db.session.get(User, user.id).notifications_opt_out


def test_staff_have_no_e_mail_opt_out(client, make_user):
    user = make_user(Role.SOCIAL_WORKER)
    log_in(client, user)
    assert 'name="notifications_opt_out"' not in client.get("/konto").get_data(as_text=True)
    client.post("/konto", data=profile(notifications_opt_out="y"))
    assert not db.session.get(User, user.id).notifications_opt_out


def test_name_and_phone_are_saved(client, make_user):
    user = make_user(Role.DONOR)
    log_in(client, user)
    client.post("/konto", data=profile(display_name="  Firma Bursztyn  ", phone="600 100 200"))
    user = db.session.get(User, user.id)
    assert (user.display_name, user.phone) == ("Firma Bursztyn", "600 100 200")


@pytest.mark.parametrize(
    "fields", [{"display_name": ""}, {"display_name": "x" * 121}, {"phone": "1" * 41}]
)
def test_bad_profile_input_is_refused_and_kept(client, make_user, fields):
    user = make_user(Role.DONOR, display_name="Ola")
    log_in(client, user)
    response = client.post("/konto", data=profile(**fields))
    assert response.status_code == 422
    assert "Popraw zaznaczone pola" in response.get_data(as_text=True)
    assert db.session.get(User, user.id).display_name == "Ola"
