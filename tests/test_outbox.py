"""The mail outbox: a mail is a row committed with its cause; the sender delivers it with retries
and backoff against a real SMTP server on loopback (aiosmtpd), down and then up, exactly once."""

import threading
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller

from campaign.core.clock import utcnow
from campaign.extensions import db
from campaign.mail import send_mail
from campaign.mail.sender import deliver_outbox
from campaign.models import OutboxMail, Role
from tests.auth.test_auth_mail import Collector, free_port
from tests.conftest import login


@pytest.fixture
def smtp_app(app, make_app):
    """SMTP to a loopback port where no server listens yet; nothing delivered on commit."""
    port = free_port()
    smtp = make_app(
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=port,
        MAIL_TIMEOUT=2,
        MAIL_DELIVER_ON_COMMIT=False,
        MAIL_RETRY_BASE_SECONDS=60,
        MAIL_MAX_ATTEMPTS=3,
    )
    smtp.config["TEST_SMTP_PORT"] = port
    return smtp


@pytest.fixture
def start_smtp(smtp_app):
    started = []

    def start() -> Collector:
        handler = Collector()
        controller = Controller(
            handler, hostname="127.0.0.1", port=smtp_app.config["TEST_SMTP_PORT"]
        )
        controller.start()
        started.append(controller)
        return handler

    yield start
    for controller in started:
        controller.stop()


def _rows() -> list[OutboxMail]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(OutboxMail).order_by(OutboxMail.id)))


def test_a_mail_exists_only_if_its_transaction_commits(smtp_app):
    send_mail("a@example.org", "Nie wyjdzie", "treść")
    db.session.rollback()
    send_mail("b@example.org", "Wyjdzie", "treść")
    db.session.commit()

    assert [row.recipient for row in _rows()] == ["b@example.org"]


def test_a_server_that_is_down_keeps_the_mail_then_delivers_it_once(smtp_app, start_smtp):
    send_mail("lucja@example.org", "Paczka przyjęta", "Dziękujemy!")
    db.session.commit()

    assert deliver_outbox() == {"sent": 0, "failed": 1}
    (row,) = _rows()
    assert (row.status, row.attempts, row.sent_at) == ("pending", 1, None)
    assert "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at >= utcnow() + timedelta(seconds=50)  # the next try is later

    handler = start_smtp()
    assert deliver_outbox() == {"sent": 0, "failed": 0}  # not due yet
    assert handler.envelopes == []

    later = utcnow() + timedelta(minutes=2)
    assert deliver_outbox(now=later) == {"sent": 1, "failed": 0}
    assert deliver_outbox(now=later + timedelta(days=1)) == {"sent": 0, "failed": 0}
    (row,) = _rows()
    assert (row.status, row.attempts) == ("sent", 2)
    assert row.sent_at is not None
    assert [e.rcpt_tos for e in handler.envelopes] == [["lucja@example.org"]]


def test_each_failure_waits_twice_as_long_and_the_last_one_gives_up(smtp_app):
    send_mail("a@example.org", "Temat", "treść")
    db.session.commit()
    waits, now = [], utcnow()
    for _ in range(3):
        deliver_outbox(now=now)
        (row,) = _rows()
        waits.append(row.next_attempt_at - utcnow())
        now = row.next_attempt_at + timedelta(seconds=1)

    (row,) = _rows()
    assert (row.status, row.attempts) == ("failed", 3)
    assert timedelta(seconds=110) < waits[1] < timedelta(seconds=125)  # 2 · 60 s after the 2nd
    assert deliver_outbox(now=now + timedelta(days=30)) == {"sent": 0, "failed": 0}


def _two_senders_at_once(app) -> list[dict]:
    barrier, outcomes = threading.Barrier(2), [None, None]

    def sender(i: int) -> None:
        with app.app_context():
            barrier.wait(timeout=30)
            outcomes[i] = deliver_outbox()
            db.session.remove()

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_senders_at_once_deliver_each_mail_once(smtp_app, start_smtp):
    handler = start_smtp()
    for n in range(12):
        send_mail(f"darczynca{n}@example.org", f"Wiadomość {n}", "treść")
    db.session.commit()

    outcomes = _two_senders_at_once(smtp_app)

    assert sum(outcome["sent"] for outcome in outcomes) == 12
    delivered = sorted(tuple(e.rcpt_tos) for e in handler.envelopes)
    assert delivered == sorted((f"darczynca{n}@example.org",) for n in range(12))
    assert {row.status for row in _rows()} == {"sent"}


def test_a_sender_that_died_holding_a_mail_gives_it_back_after_its_lease(smtp_app, start_smtp):
    from campaign.mail.sender import _take

    handler = start_smtp()
    send_mail("a@example.org", "Temat", "treść")
    db.session.commit()
    _take(utcnow(), 10, None, set())  # taken, then the sender is killed before sending

    assert deliver_outbox() == {"sent": 0, "failed": 0}
    lease_over = utcnow() + timedelta(seconds=smtp_app.config["MAIL_LEASE_SECONDS"] + 1)
    assert deliver_outbox(now=lease_over) == {"sent": 1, "failed": 0}
    assert len(handler.envelopes) == 1


def test_coordinators_see_failed_mail_and_can_send_it_again(smtp_app, make_user):
    send_mail("zgubiony@example.org", "Paczka przyjęta", "treść")
    db.session.commit()
    for _ in range(3):
        deliver_outbox(now=utcnow() + timedelta(days=1))
    (row,) = _rows()
    assert row.status == "failed"
    client = smtp_app.test_client()
    login(client, make_user(Role.COORDINATOR))

    html = client.get("/koordynacja/poczta").get_data(as_text=True)
    assert "zgubiony@example.org" in html
    assert "Paczka przyjęta" in html
    assert "ConnectionRefusedError" in html

    response = client.post(f"/koordynacja/poczta/{row.id}/ponow")
    assert response.status_code == 302
    (row,) = _rows()
    assert (row.status, row.attempts) == ("pending", 0)


def test_the_failed_mail_page_is_for_coordinators_only(smtp_app, make_user):
    client = smtp_app.test_client()
    login(client, make_user(Role.DONOR))
    assert client.get("/koordynacja/poczta").status_code == 403


def test_flask_mail_send_delivers_and_reports(smtp_app, start_smtp):
    handler = start_smtp()
    send_mail("a@example.org", "Temat", "treść")
    db.session.commit()

    result = smtp_app.test_cli_runner().invoke(args=["mail", "send"])

    assert result.exit_code == 0, result.output
    assert "sent 1, failed 0" in result.output
    assert len(handler.envelopes) == 1
