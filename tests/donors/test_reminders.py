"""`flask reminders send`: N days before the deadline, for parcels not yet received, once ever."""

from datetime import timedelta

import pytest

from campaign.core.audit import Event
from campaign.core.clock import today, utcnow
from campaign.donors.models import Claim
from campaign.donors.reminders import send_due_reminders
from campaign.extensions import db


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(reminder_days_before=3)


@pytest.fixture
def claim_due_in(make_letter, make_user, campaign):
    """A claim of a new donor whose deadline is `days` from today, in the given claim status."""

    def factory(days: int, status: str = "active", **donor_fields) -> Claim:
        donor = make_user("donor", **donor_fields)
        letter_status = {"active": "claimed"}.get(status, status)
        letter = make_letter(letter_status, donor=donor, campaign=campaign)
        claim = db.session.scalar(db.select(Claim).where(Claim.letter_id == letter.id))
        claim.deadline = today() + timedelta(days=days)
        db.session.commit()
        return claim

    return factory


def recipients(outbox) -> list[str]:
    return sorted(message["To"] for message in outbox)


def test_reminder_goes_to_active_claims_whose_deadline_is_near(claim_due_in, outbox, runner):
    due = [claim_due_in(3), claim_due_in(1), claim_due_in(0)]
    claim_due_in(4)  # not yet
    claim_due_in(-1)  # overdue: the coordinators take that up, not a "soon" reminder
    claim_due_in(2, status="received")
    claim_due_in(2, status="delivered")

    result = runner.invoke(args=["reminders", "send"])

    assert result.exit_code == 0, result.output
    assert "Reminders sent: 3" in result.output
    assert recipients(outbox) == sorted(c.donor.email for c in due)
    message = outbox[0]
    assert "Przypomnienie" in message["Subject"]
    assert [a.get_content_type() for a in message.iter_attachments()] == ["application/pdf"]


def test_running_again_sends_nothing_new(claim_due_in, outbox, runner):
    claim = claim_due_in(2)

    runner.invoke(args=["reminders", "send"])
    again = runner.invoke(args=["reminders", "send"])

    assert "Reminders sent: 0" in again.output
    assert len(outbox) == 1
    assert db.session.get(Claim, claim.id).reminder_sent_at is not None


def test_two_runs_at_once_send_one_reminder_per_claim(claim_due_in, outbox, in_parallel):
    claims = [claim_due_in(d) for d in (0, 1, 2, 3, 3, 2, 1)]

    counts = in_parallel(2, lambda _i: send_due_reminders())

    assert sum(counts) == len(claims), counts
    assert recipients(outbox) == sorted(c.donor.email for c in claims)


def test_opted_out_donors_get_no_reminder(claim_due_in, outbox, runner):
    claim = claim_due_in(1, notifications_opt_out=True)

    runner.invoke(args=["reminders", "send"])

    assert outbox == []
    # Not marked as sent: if they opt back in before the deadline, they still hear from us.
    assert db.session.get(Claim, claim.id).reminder_sent_at is None


@pytest.mark.parametrize(
    "switched_off", [{"active": False}, {"anonymised_at": "now"}], ids=["deactivated", "anonymised"]
)
def test_switched_off_accounts_get_no_reminder(claim_due_in, outbox, runner, switched_off):
    fields = {k: utcnow() if v == "now" else v for k, v in switched_off.items()}
    claim = claim_due_in(1, **fields)
    kept = claim_due_in(1)

    result = runner.invoke(args=["reminders", "send"])

    assert "Reminders sent: 1" in result.output
    assert recipients(outbox) == [kept.donor.email]
    assert db.session.get(Claim, claim.id).reminder_sent_at is None


def test_reminder_is_written_in_the_donors_language(claim_due_in, outbox, runner):
    from babel import dates as babel_dates

    claim = claim_due_in(2, locale="en")

    runner.invoke(args=["reminders", "send"])

    body = outbox[0].get_body(("plain",)).get_content()
    assert babel_dates.format_date(claim.deadline, "d MMMM y", locale="en") in body


def test_a_mail_server_outage_keeps_the_reminder_in_the_outbox_until_it_is_back(
    make_app, make_claim, make_user, make_campaign
):
    from campaign.core.clock import utcnow
    from campaign.mail.sender import deliver_outbox
    from campaign.models import OutboxMail

    app = make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=9, MAIL_TIMEOUT=2)
    make_campaign(reminder_days_before=3)
    claim = make_claim(donor=make_user("donor"), deadline=today() + timedelta(days=1))

    queued = send_due_reminders()
    (row,) = db.session.scalars(db.select(OutboxMail))
    assert (queued, row.status, row.attempts) == (1, "pending", 1)
    app.config["MAIL_BACKEND"] = "memory"  # the mail server is back
    deliver_outbox(now=utcnow() + timedelta(hours=1))

    assert send_due_reminders() == 0
    assert db.session.get(Claim, claim.id, populate_existing=True).reminder_sent_at is not None
    assert len(app.extensions["mail_outbox"]) == 1


def test_each_automatic_reminder_is_in_the_audit_trail(claim_due_in, outbox, runner, make_user):
    from tests.conftest import login

    due = [claim_due_in(1), claim_due_in(2)]
    runner.invoke(args=["reminders", "send"])
    runner.invoke(args=["reminders", "send"])  # nothing new: no second event

    events = list(db.session.scalars(db.select(Event).where(Event.kind == "claim.reminded")))
    assert sorted(e.claim_id for e in events) == sorted(c.id for c in due)
    assert all(e.actor_id is None for e in events)
    assert sorted(e.letter_id for e in events) == sorted(c.letter_id for c in due)

    client = runner.app.test_client()
    login(client, make_user("coordinator"))
    page = client.get("/koordynacja/dziennik").get_data(as_text=True)
    assert page.count("przypomnienie o paczce") == 2 and "system" in page


def test_two_parallel_runs_write_one_event_per_reminder(claim_due_in, outbox, in_parallel):
    claims = [claim_due_in(d) for d in (0, 1, 2, 3)]

    in_parallel(2, lambda _i: send_due_reminders())

    events = list(db.session.scalars(db.select(Event).where(Event.kind == "claim.reminded")))
    assert sorted(e.claim_id for e in events) == sorted(c.id for c in claims)


def test_two_real_reminder_commands_at_once_send_one_mail_per_claim(
    claim_due_in, database_url, tmp_path
):
    """Two `flask reminders send` processes on one database queue each due reminder once; then
    two `flask mail send` processes at once deliver each queued mail once."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    claims = [claim_due_in(d) for d in (0, 1, 2, 3, 1, 2)]
    claim_due_in(5)  # not due
    db.session.commit()  # the processes must see the claims
    outbox_dir = tmp_path / "outbox"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MAIL_BACKEND": "file",
        "MAIL_OUTBOX_DIR": str(outbox_dir),
        "INSTANCE_PATH": str(tmp_path / "instance"),
    }
    root = Path(__file__).resolve().parents[2]

    def twice(*command: str) -> None:
        flask = [sys.executable, "-m", "flask", "--app", "wsgi", *command]
        runs = [
            subprocess.Popen(
                flask, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=120) for run in runs]
        assert [run.returncode for run in runs] == [0, 0], outputs

    twice("reminders", "send")
    assert list(outbox_dir.glob("*.eml")) == []  # queued, not yet sent
    twice("mail", "send")
    assert len(list(outbox_dir.glob("*.eml"))) == len(claims)
    db.session.expire_all()
    reminded = db.session.scalars(db.select(Event.claim_id).where(Event.kind == "claim.reminded"))
    assert sorted(reminded) == sorted(c.id for c in claims)
