"""Strong session protection guards signed-in sessions only (campaign.extensions._LoginManager):
a session that names nobody is left alone, so its cookie is not re-sent on every response."""

from campaign.auth.models import Role
from tests.conftest import TEST_PASSWORD, login

ELSEWHERE = {"REMOTE_ADDR": "203.0.113.50", "HTTP_USER_AGENT": "another browser"}


def _cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def test_a_visitor_who_chose_a_language_gets_no_cookie_on_later_responses(client, make_letter):
    make_letter()
    assert _cookies(client.post("/jezyk/en", data={"next": "/listy"}))  # the choice itself

    for path in ("/static/css/site.css", "/listy", "/", "/aktualnosci", "/healthz"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert _cookies(response) == [], path  # neither the session again nor a cleared token
    assert 'lang="en"' in client.get("/listy").get_data(as_text=True)


def test_a_stale_response_cannot_undo_a_language_switch(app, make_letter):
    # The browser flow that came back in English: a stylesheet requested while the page was in
    # English answers after the switch to Polish. Its response must not carry the old session.
    make_letter()
    browser = app.test_client()
    browser.post("/jezyk/en", data={"next": "/listy"})
    english_session = browser.get_cookie("session").value
    late = app.test_client()
    late.set_cookie("session", english_session)  # the request as it left before the switch

    browser.post("/jezyk/pl", data={"next": "/listy"})
    stale = late.get("/static/css/site.css")

    assert _cookies(stale) == []
    assert 'lang="pl"' in browser.get("/listy").get_data(as_text=True)


def test_a_visitors_page_with_a_language_choice_is_stored_and_served_from_the_cache(
    client, make_letter
):
    make_letter()
    client.post("/jezyk/en", data={"next": "/listy"})

    assert client.get("/listy").headers["X-Page-Cache"] == "miss"
    assert client.get("/listy").headers["X-Page-Cache"] == "hit"


def test_a_signed_in_session_used_from_another_browser_is_still_ended(app, make_user):
    donor = make_user(Role.DONOR)
    owner = app.test_client()
    assert (
        owner.post("/logowanie", data={"email": donor.email, "password": TEST_PASSWORD}).status_code
        == 302
    )
    assert owner.get("/moje-listy").status_code == 200

    thief = app.test_client()
    thief.environ_base.update(ELSEWHERE)
    thief.set_cookie("session", owner.get_cookie("session").value)
    answer = thief.get("/moje-listy")

    assert answer.status_code == 302 and "/logowanie" in answer.headers["Location"]
    assert owner.get("/moje-listy").status_code == 200  # the owner's own browser is fine


def test_a_signed_in_person_is_not_sent_their_cookie_on_every_page(client, make_user):
    login(client, make_user(Role.DONOR))

    response = client.get("/moje-listy")

    assert response.status_code == 200
    assert not [c for c in _cookies(response) if c.startswith("remember_token=;")]
