"""Intake at the drop-off table: one receipt per parcel, whatever is scanned and by whom."""

import re
import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from campaign.api.auth import issue_token
from campaign.auth.models import User
from campaign.core.errors import Conflict, NotAllowed
from campaign.donors.models import Claim, ClaimStatus
from campaign.donors.services import cancel_claim
from campaign.extensions import db
from campaign.letters.codes import ALPHABET
from campaign.letters.models import Letter, LetterStatus
from campaign.parcels.services import ParcelNotFound, receive_parcel
from tests.conftest import login
from tests.parcels.parcel_helpers import claim_of, events, fresh, text_of


@pytest.fixture
def parcel(make_center, make_user, make_letter):
    """A claimed letter of a centre, its donor, and a social worker of that centre."""
    center = make_center()
    donor = make_user("donor", display_name="Bożena", email="bozena@example.org")
    letter = make_letter(LetterStatus.CLAIMED, donor=donor, center=center, age=7, wish="Rower")
    worker = make_user("social_worker", center=center, display_name="Jola z CPS")
    return letter, donor, worker


def mistyped(code: str) -> str:
    """The code with its check character replaced: a typo the check must catch."""
    wrong = next(ch for ch in ALPHABET if ch != code[-1])
    return code[:-1] + wrong


def test_scanning_twice_leaves_one_receipt(parcel):
    letter, _donor, worker = parcel
    first = receive_parcel(worker, letter, "complete", "")
    second = receive_parcel(worker, letter, "damaged", "inna uwaga")
    assert (first.already, second.already) == (False, True)
    claim = claim_of(letter)
    assert claim.status == ClaimStatus.RECEIVED
    assert claim.condition == "complete"  # the second scan changed nothing
    assert claim.intake_note == ""
    assert claim.received_by_id == worker.id
    assert fresh(letter).status == LetterStatus.RECEIVED
    assert len(events("letter.status", to_status="received")) == 1


def test_two_workers_scanning_at_once_make_one_receipt(app, parcel, make_user):
    letter, _donor, worker = parcel
    other = make_user("social_worker", center=worker.center)
    letter_id, worker_ids = letter.id, [worker.id, other.id]
    db.session.commit()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def scan(worker_id: int) -> None:
        try:
            barrier.wait(timeout=10)
            with app.app_context():
                staff = db.session.get(User, worker_id)
                receipt = receive_parcel(staff, db.session.get(Letter, letter_id), "complete")
                results.append((worker_id, receipt.already))
        except Exception as error:  # reported below, so a failure in a thread fails the test
            errors.append(error)

    threads = [threading.Thread(target=scan, args=(wid,)) for wid in worker_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(already for _, already in results) == [False, True]
    winner = next(wid for wid, already in results if not already)
    claim = claim_of(db.session.get(Letter, letter_id))
    assert claim.received_by_id == winner
    assert len(events("letter.status", to_status="received")) == 1


def test_intake_screen_shows_the_card_and_takes_the_parcel_in(client, parcel):
    letter, _donor, worker = parcel
    login(client, worker)
    page = client.get("/punkt/przyjecie", query_string={"code": letter.display_code.lower()})
    html = text_of(page)
    assert page.status_code == 200
    assert letter.display_code in html
    assert "Bożena" in html and "bozena@example.org" not in html
    assert "SPRAWA/" not in html  # the case reference is not needed at the table
    assert re.search(r'<input[^>]*checked[^>]*value="complete"', html)  # the default

    response = client.post(
        "/punkt/przyjecie",
        data={"code": letter.display_code, "condition": "damaged", "note": "Mokry karton"},
    )
    assert response.status_code == 302
    after = client.get(response.headers["Location"])
    html = text_of(after)
    assert "Przyjęto paczkę" in html and letter.display_code in html
    assert 'value=""' in html.split('id="code"')[1].split(">")[0]  # ready for the next scan
    claim = claim_of(letter)
    assert (claim.status, claim.condition, claim.intake_note) == (
        "received",
        "damaged",
        "Mokry karton",
    )
    assert claim.received_at_center_id == worker.center_id


def test_scanning_a_received_parcel_says_when_and_by_whom_and_changes_nothing(client, parcel):
    letter, _donor, worker = parcel
    receive_parcel(worker, letter, "incomplete", "")
    login(client, worker)
    html = text_of(client.get("/punkt/przyjecie", query_string={"code": letter.display_code}))
    assert "Już przyjęta" in html and "Jola z CPS" in html and "niekompletna" in html
    assert ">Przyjmij</button>" not in html  # no button to take it in again

    response = client.post(
        "/punkt/przyjecie", data={"code": letter.display_code, "condition": "complete"}
    )
    assert response.status_code == 302
    assert "Ta paczka była już przyjęta" in text_of(client.get(response.headers["Location"]))
    assert claim_of(letter).condition == "incomplete"
    assert len(events("letter.status", to_status="received")) == 1


def test_wrong_check_character_is_refused_and_the_near_match_suggested(client, parcel):
    letter, _donor, worker = parcel
    login(client, worker)
    typo = mistyped(letter.display_code)
    page = client.get("/punkt/przyjecie", query_string={"code": typo})
    html = text_of(page)
    assert page.status_code == 422
    assert "Sprawdź kod" in html
    assert f'value="{typo}"' in html  # what was typed stays, to be corrected
    assert f'href="/punkt/przyjecie?code={letter.display_code}"' in html


def test_scanned_slip_url_finds_the_parcel(client, parcel):
    letter, _donor, worker = parcel
    login(client, worker)
    url = f"http://localhost/p/{letter.display_code}"
    html = text_of(client.get("/punkt/przyjecie", query_string={"code": url}))
    assert "Przyjmij" in html and letter.display_code in html


def test_text_that_is_not_a_code_is_refused_with_a_message(client, parcel):
    _letter, _donor, worker = parcel
    login(client, worker)
    page = client.get("/punkt/przyjecie", query_string={"code": "hello"})
    assert page.status_code == 422
    assert "To nie wygląda na kod paczki" in text_of(page)


def test_letter_without_a_claim_cannot_be_taken_in(parcel, make_letter):
    _letter, _donor, worker = parcel
    available = make_letter(LetterStatus.AVAILABLE, center=worker.center)
    with pytest.raises(NotAllowed):
        receive_parcel(worker, available, "complete")
    assert fresh(available).status == LetterStatus.AVAILABLE


def test_social_worker_cannot_take_in_another_centres_parcel(
    client, parcel, make_user, make_center
):
    letter, _donor, _worker = parcel
    stranger = make_user("social_worker", center=make_center())
    login(client, stranger)
    page = client.get("/punkt/przyjecie", query_string={"code": letter.display_code})
    assert page.status_code == 404
    assert "Rower" not in text_of(page)
    response = client.post(
        "/punkt/przyjecie", data={"code": letter.display_code, "condition": "complete"}
    )
    assert response.status_code == 404
    assert claim_of(letter).status == ClaimStatus.ACTIVE


def test_intake_anywhere_records_the_point_where_it_was_taken_in(
    make_campaign, make_center, make_user, make_letter
):
    campaign = make_campaign(intake_anywhere=True)
    home, elsewhere = make_center(), make_center()
    letter = make_letter(LetterStatus.CLAIMED, campaign=campaign, center=home, donor=make_user())
    worker = make_user("social_worker", center=elsewhere)
    receive_parcel(worker, letter, "complete")
    claim = claim_of(letter)
    assert claim.status == ClaimStatus.RECEIVED
    assert claim.received_at_center_id == elsewhere.id


def test_without_intake_anywhere_the_service_refuses_a_foreign_parcel(
    parcel, make_user, make_center
):
    letter, _donor, _worker = parcel
    stranger = make_user("social_worker", center=make_center())
    with pytest.raises(ParcelNotFound):
        receive_parcel(stranger, letter, "complete")


def test_coordinator_takes_in_anywhere_recorded_at_the_letters_centre(parcel, make_user):
    letter, _donor, _worker = parcel
    coordinator = make_user("coordinator")
    receive_parcel(coordinator, letter, "complete")
    assert claim_of(letter).received_at_center_id == letter.center_id


def test_invalid_condition_keeps_the_form_with_a_message(client, parcel):
    letter, _donor, worker = parcel
    login(client, worker)
    response = client.post(
        "/punkt/przyjecie", data={"code": letter.display_code, "condition": "broken", "note": "x"}
    )
    assert response.status_code == 422
    assert "Przyjmij" in text_of(response)
    assert claim_of(letter).status == ClaimStatus.ACTIVE


def test_lost_slip_is_found_by_the_donors_email(client, parcel, make_letter, make_center):
    letter, donor, worker = parcel
    foreign = make_letter(LetterStatus.CLAIMED, donor=donor, center=make_center())
    login(client, worker)
    html = text_of(client.get("/punkt/przyjecie", query_string={"email": "BOZENA@example.org"}))
    assert letter.display_code in html
    assert foreign.display_code not in html  # another centre's parcel stays hidden


def test_receipt_thanks_the_donor_in_their_language(parcel, outbox):
    letter, donor, worker = parcel
    donor.locale = "en"
    db.session.commit()
    receive_parcel(worker, letter, "complete")
    assert [m["To"] for m in outbox] == ["bozena@example.org"]
    assert letter.display_code in outbox[0].get_content()


def test_no_thank_you_mail_after_opting_out(parcel, outbox):
    letter, donor, worker = parcel
    donor.notifications_opt_out = True
    db.session.commit()
    receive_parcel(worker, letter, "complete")
    assert outbox == []
    assert claim_of(letter).status == ClaimStatus.RECEIVED


def test_no_thank_you_mail_to_a_switched_off_account(parcel, outbox):
    letter, donor, worker = parcel
    donor.active = False
    db.session.commit()
    receive_parcel(worker, letter, "complete")
    assert outbox == []
    assert claim_of(letter).status == ClaimStatus.RECEIVED


def test_a_failing_mail_server_does_not_undo_the_receipt(parcel, app, monkeypatch):
    letter, _donor, worker = parcel

    def broken(message):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setitem(
        __import__("campaign.mail", fromlist=["BACKENDS"]).BACKENDS, "memory", broken
    )
    receipt = receive_parcel(worker, letter, "complete")
    assert receipt.already is False
    assert claim_of(letter).status == ClaimStatus.RECEIVED


@pytest.fixture
def racing_backend(backend):
    if backend == "sqlite":
        # Every SQLite transaction starts with BEGIN IMMEDIATE: the intake holds the write lock
        # from its first read, so a cancel cannot slip in between. PostgreSQL lets it.
        pytest.skip("SQLite serialises the whole intake transaction: this race cannot happen")
    return backend


@contextmanager
def donor_cancels_just_before_the_intake_update(app, letter):
    """The donor's cancel commits between intake reading the claim and its compare-and-set.

    The cancel runs the real service in its own thread and session, started by the intake's own
    UPDATE of the claim, so the intake's compare-and-set meets a claim that is no longer active.
    """
    claim = claim_of(letter)
    claim_id, donor_id = claim.id, claim.donor_id
    fired = []

    def cancel() -> None:
        with app.app_context():
            cancel_claim(db.session.get(User, donor_id), db.session.get(Claim, claim_id))
            db.session.remove()

    def before_update(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("UPDATE CLAIMS") and not fired:
            fired.append(statement)
            thread = threading.Thread(target=cancel)
            thread.start()
            thread.join(timeout=30)

    event.listen(db.engine, "before_cursor_execute", before_update)
    try:
        yield
    finally:
        event.remove(db.engine, "before_cursor_execute", before_update)
    assert fired, "the intake never tried to take the claim"


def test_intake_losing_to_a_cancel_says_the_claim_was_cancelled_not_received(
    app, parcel, racing_backend
):
    letter, _donor, worker = parcel
    with (
        donor_cancels_just_before_the_intake_update(app, letter),
        pytest.raises(Conflict) as refused,
    ):
        receive_parcel(worker, letter, "complete")
    assert refused.value.http_status == 409
    assert "anulowano" in refused.value.translated()
    assert claim_of(letter).status == ClaimStatus.CANCELLED
    assert fresh(letter).status == LetterStatus.AVAILABLE
    assert events("letter.status", to_status="received") == []


def test_api_intake_losing_to_a_cancel_is_409_not_already_received(
    app, client, parcel, racing_backend
):
    letter, _donor, worker = parcel
    headers = {"Authorization": f"Bearer {issue_token(worker)}"}
    with donor_cancels_just_before_the_intake_update(app, letter):
        response = client.post(f"/api/v1/parcels/{letter.code}/receive", json={}, headers=headers)
    assert response.status_code == 409
    assert response.json["error"]["code"] == "conflict"
    assert "anulowano" in response.json["error"]["message"]
    assert claim_of(letter).status == ClaimStatus.CANCELLED


def test_intake_screen_losing_to_a_cancel_says_so(app, client, parcel, racing_backend):
    letter, _donor, worker = parcel
    login(client, worker)
    with donor_cancels_just_before_the_intake_update(app, letter):
        response = client.post(
            "/punkt/przyjecie", data={"code": letter.display_code, "condition": "complete"}
        )
    assert response.status_code == 409
    html = text_of(response)
    assert "anulowano" in html
    assert "była już przyjęta" not in html
    assert claim_of(letter).status == ClaimStatus.CANCELLED
