"""Registration, verification and reset pages do the same work for an address with an account and
one without: counted in password hashes, rendered mails and commits, not timed. As in production,
the request only queues mail (no delivery on commit), so no mail server time is in it either."""

import pytest

from campaign.auth import mails, passwords
from campaign.extensions import db
from campaign.models import OutboxMail, Role
from tests.auth.test_auth_registration import registration


@pytest.fixture
def quiet_app(app, make_app):
    return make_app(MAIL_DELIVER_ON_COMMIT=False)


@pytest.fixture
def client(quiet_app):
    return quiet_app.test_client()


def queued_to() -> list[str]:
    return list(db.session.scalars(db.select(OutboxMail.recipient).order_by(OutboxMail.id)))


@pytest.fixture
def work(monkeypatch, quiet_app):
    """Counts of the expensive steps a request takes."""
    counts = {"hash": 0, "render": 0, "commit": 0}
    hash_password, render = passwords.hash_password, mails._render

    def counted_hash(password):
        counts["hash"] += 1
        return hash_password(password)

    def counted_render(template, **context):
        counts["render"] += 1
        return render(template, **context)

    monkeypatch.setattr(passwords, "hash_password", counted_hash)
    monkeypatch.setattr(mails, "_render", counted_render)

    def on_commit(_session):
        counts["commit"] += 1

    db.event.listen(db.session, "after_commit", on_commit)
    yield counts
    db.event.remove(db.session, "after_commit", on_commit)


def _measure(client, work, path, data) -> dict:
    before = dict(work)
    response = client.post(path, data=data)
    assert response.status_code == 200
    return {key: work[key] - before[key] for key in work}


def test_registering_a_taken_address_costs_what_a_new_one_costs(client, make_user, work):
    make_user(Role.DONOR, email="zajety@example.org")

    new = _measure(client, work, "/rejestracja", registration(email="nowy@example.org"))
    taken = _measure(client, work, "/rejestracja", registration(email="zajety@example.org"))

    assert new == taken
    assert new["hash"] == 1 and new["render"] == 1
    assert queued_to() == ["nowy@example.org", "zajety@example.org"]


@pytest.mark.parametrize("path", ["/haslo/reset", "/weryfikacja/ponownie"])
def test_a_link_for_an_unknown_address_costs_what_one_for_an_account_costs(
    client, make_user, work, path
):
    make_user(Role.DONOR, email="jest@example.org", email_verified_at=None)

    known = _measure(client, work, path, {"email": "jest@example.org"})
    unknown = _measure(client, work, path, {"email": "nie-ma@example.org"})

    assert known == unknown
    assert known["render"] == 1
    assert queued_to() == ["jest@example.org"]
