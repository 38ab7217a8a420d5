"""Claiming on the web and in the service: the happy path, every refusal, siblings, cancelling."""

from datetime import timedelta

import pytest
from babel import dates as babel_dates
from pypdf import PdfReader

from campaign.auth.models import User
from campaign.core.audit import Event
from campaign.core.clock import utcnow
from campaign.core.errors import Conflict, LimitReached
from campaign.donors.models import Claim, ClaimStatus
from campaign.donors.services import LetterWithdrawn, cancel_claim, claim_letter, claim_letters
from campaign.extensions import db
from campaign.letters.models import Letter, LetterStatus
from tests.conftest import counted_statements, login


def claims_of(donor_id: int) -> list[Claim]:
    return list(db.session.scalars(db.select(Claim).where(Claim.donor_id == donor_id)))


def post_and_follow(client, url: str, **kwargs):
    """POST, then GET where it redirects (the test client's follow_redirects loses the app
    context between the two requests)."""
    response = client.post(url, **kwargs)
    assert response.status_code == 302, response.status_code
    return client.get(response.headers["Location"])


def reload(letter: Letter) -> Letter:
    return db.session.get(Letter, letter.id, populate_existing=True)


def claim_on_web(client, letter, scope="one", **kwargs):
    return client.post(f"/listy/{letter.display_code}/rezerwuj", data={"scope": scope}, **kwargs)


def test_donor_claims_a_letter_and_gets_the_slip_by_email(client, login_as, make_letter, outbox):
    donor = login_as("donor")
    letter = make_letter()

    response = claim_on_web(client, letter)

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/moje-listy")
    [claim] = claims_of(donor.id)
    assert claim.status == ClaimStatus.ACTIVE
    assert claim.deadline == letter.campaign.parcel_deadline
    assert reload(letter).status == LetterStatus.CLAIMED
    event = db.session.scalar(db.select(Event).where(Event.claim_id == claim.id))
    assert (event.from_status, event.to_status, event.actor_id) == (
        "available",
        "claimed",
        donor.id,
    )
    [message] = outbox
    assert message["To"] == donor.email
    assert letter.display_code in message["Subject"]
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    pdf = PdfReader(__import__("io").BytesIO(attachment.get_content()))
    assert letter.display_code in pdf.pages[0].extract_text()


def test_confirmation_is_written_in_the_donors_language(client, login_as, make_letter, outbox):
    login_as("donor", locale="en")
    letter = make_letter()

    # The page is Polish (the browser asks for it); the e-mail follows the account's language.
    claim_on_web(client, letter, headers={"Accept-Language": "pl"})

    [message] = outbox
    body = message.get_body(("plain",)).get_content()
    deadline = letter.campaign.parcel_deadline
    assert babel_dates.format_date(deadline, "d MMMM y", locale="en") in body
    assert babel_dates.format_date(deadline, "d MMMM y", locale="pl") not in body


def test_confirmation_is_sent_even_to_donors_who_opted_out(client, login_as, make_letter, outbox):
    login_as("donor", notifications_opt_out=True)

    claim_on_web(client, make_letter())

    assert len(outbox) == 1


def test_a_failing_mail_server_does_not_undo_the_claim(make_app, make_user, make_letter):
    app = make_app(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1", MAIL_PORT=9, MAIL_TIMEOUT=2)
    client = app.test_client()
    donor = make_user("donor")
    login(client, donor)
    letter = make_letter()

    response = claim_on_web(client, letter)

    assert response.status_code == 302
    assert [c.letter_id for c in claims_of(donor.id)] == [letter.id]


def test_second_donor_cannot_claim_a_taken_letter_and_sees_similar_ones(
    client, login_as, make_letter, make_user
):
    letter = make_letter(age=8, gender="f")
    claim_letters(make_user("donor"), [letter], send_confirmation=False)
    similar = make_letter(age=7, gender="f")
    donor = login_as("donor")

    response = claim_on_web(client, letter)

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Ktoś był szybszy — oto podobne listy" in page
    assert similar.display_code in page
    assert claims_of(donor.id) == []


def test_a_taken_letter_is_refused_after_one_read_of_the_letters_and_their_claims(
    make_letter, make_user
):
    # Launch day: most attempts find the letter taken. That answer must cost one statement
    # (each letter with the claim holding it), not the claim's donor, its campaign and more.
    letter = make_letter()
    claim_letters(make_user("donor"), [letter], send_confirmation=False)
    donor_id, letter_id = make_user("donor").id, letter.id
    db.session.expire_all()
    # As the claim request has them: the person signed in, the letter found by its code.
    donor, letter = db.session.get(User, donor_id), db.session.get(Letter, letter_id)

    with counted_statements() as statements, pytest.raises(Conflict) as refused:
        claim_letters(donor, [letter], send_confirmation=False)

    assert refused.value.code == "conflict"
    assert len(statements) == 1, statements
    assert "FROM letters LEFT OUTER JOIN claims" in statements[0]
    assert "campaigns" not in statements[0]


def test_siblings_partly_held_already_are_taken_for_the_rest_and_held_ones_kept(
    make_letter, make_user
):
    donor = make_user("donor")
    first, second = make_letter(sibling_group="R1"), make_letter(sibling_group="R1")
    held = claim_letter(donor, first, send_confirmation=False)

    claims = claim_letters(donor, [first, second], send_confirmation=False)

    assert [c.letter_id for c in claims] == [second.id]
    assert {c.id for c in claims_of(donor.id)} == {held.id, claims[0].id}
    with pytest.raises(Conflict) as again:
        claim_letters(donor, [first, second], send_confirmation=False)
    assert again.value.code == "already_yours"
    assert {c.id for c in again.value.claims} == {held.id, claims[0].id}


@pytest.mark.parametrize(
    ("status", "http_status", "message"),
    [
        ("withdrawn", 409, "wycofany"),
        ("draft", 404, "Nie ma takiego listu"),
        ("review", 404, "Nie ma takiego listu"),
    ],
)
def test_letters_that_are_not_in_the_catalogue_cannot_be_claimed(
    client, login_as, make_letter, status, http_status, message
):
    donor = login_as("donor")
    letter = make_letter(status)

    response = claim_on_web(client, letter)

    assert response.status_code == http_status
    assert message in response.get_data(as_text=True)
    assert claims_of(donor.id) == []
    assert reload(letter).status == status


def test_an_unknown_code_is_404(client, login_as):
    login_as("donor")

    assert client.post("/listy/KMP26-22222-2/rezerwuj", data={}).status_code == 404


def test_over_the_limit_is_refused_with_its_own_message(
    client, login_as, make_letter, make_campaign
):
    campaign = make_campaign(default_letter_limit=2)
    donor = login_as("donor")
    claim_letters(
        donor, [make_letter(campaign=campaign) for _ in range(2)], send_confirmation=False
    )
    third = make_letter(campaign=campaign)

    response = claim_on_web(client, third)

    assert response.status_code == 422
    assert "Osiągnięto limit listów" in response.get_data(as_text=True)
    assert reload(third).status == LetterStatus.AVAILABLE


def test_a_raised_limit_lets_an_organisation_take_more(make_letter, make_user, make_campaign):
    campaign = make_campaign(default_letter_limit=1)
    school = make_user("donor", letter_limit=5, is_organisation=True)

    claims = claim_letters(
        school, [make_letter(campaign=campaign) for _ in range(5)], send_confirmation=False
    )

    assert len(claims) == 5


def test_cancelled_claims_do_not_count_towards_the_limit(make_letter, make_user, make_campaign):
    campaign = make_campaign(default_letter_limit=1)
    donor = make_user("donor")
    [claim] = claim_letters(donor, [make_letter(campaign=campaign)], send_confirmation=False)
    cancel_claim(donor, claim)

    [again] = claim_letters(donor, [make_letter(campaign=campaign)], send_confirmation=False)

    assert again.status == ClaimStatus.ACTIVE


@pytest.mark.parametrize(
    ("window", "message"),
    [
        ({"claims_open_at": utcnow() + timedelta(days=2)}, "jeszcze się nie rozpoczęła"),
        ({"claims_close_at": utcnow() - timedelta(hours=1)}, "została już zakończona"),
    ],
)
def test_claims_outside_the_window_are_refused(
    client, login_as, make_letter, make_campaign, window, message
):
    campaign = make_campaign(**window)
    donor = login_as("donor")
    letter = make_letter(campaign=campaign)

    response = claim_on_web(client, letter)

    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert claims_of(donor.id) == []


def test_unverified_donor_is_refused_and_told_to_verify_first(client, login_as, make_letter):
    donor = login_as("donor", email_verified_at=None)

    response = claim_on_web(client, make_letter())

    assert response.status_code == 403
    assert "Potwierdź adres e-mail" in response.get_data(as_text=True)
    assert claims_of(donor.id) == []


@pytest.mark.parametrize("role", ["social_worker", "coordinator", "admin"])
def test_staff_cannot_claim(client, login_as, make_letter, role):
    login_as(role)

    assert claim_on_web(client, make_letter()).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client, make_letter):
    response = claim_on_web(client, make_letter())

    assert response.status_code == 302
    assert "/logowanie" in response.headers["Location"]


def test_a_double_click_claims_once(client, login_as, make_letter, outbox):
    donor = login_as("donor")
    letter = make_letter()

    first = claim_on_web(client, letter)
    second = claim_on_web(client, letter)

    assert first.status_code == second.status_code == 302
    assert len(claims_of(donor.id)) == 1
    assert len(outbox) == 1
    page = client.get("/moje-listy").get_data(as_text=True)
    assert "Ten list już jest Twój." in page


def test_a_claim_without_the_csrf_token_is_refused(make_app, make_user, make_letter):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    donor = make_user("donor")
    login(client, donor)

    response = claim_on_web(client, make_letter())

    assert response.status_code == 400
    assert claims_of(donor.id) == []


def test_siblings_are_claimed_together_in_one_action(client, login_as, make_letter, outbox):
    donor = login_as("donor")
    letter = make_letter(sibling_group="rodzina-1")
    sister = make_letter(sibling_group="rodzina-1")

    claim_on_web(client, letter, scope="siblings")

    assert {c.letter_id for c in claims_of(donor.id)} == {letter.id, sister.id}
    [message] = outbox
    assert len(list(message.iter_attachments())) == 2


def test_siblings_are_all_or_none_when_one_was_just_taken(make_letter, make_user):
    donor, faster = make_user("donor"), make_user("donor")
    letter = make_letter(sibling_group="rodzina-2")
    sister = make_letter(sibling_group="rodzina-2")
    claim_letters(faster, [sister], send_confirmation=False)

    with pytest.raises(Conflict):
        claim_letters(donor, [letter, sister], send_confirmation=False)

    assert reload(letter).status == LetterStatus.AVAILABLE
    assert claims_of(donor.id) == []


def test_siblings_over_the_limit_are_refused_all_together(make_letter, make_user, make_campaign):
    campaign = make_campaign(default_letter_limit=2)
    donor = make_user("donor")
    letters = [make_letter(campaign=campaign, sibling_group="rodzina-3") for _ in range(3)]

    with pytest.raises(LimitReached):
        claim_letters(donor, letters, send_confirmation=False)

    assert {reload(x).status for x in letters} == {LetterStatus.AVAILABLE}


# --- cancelling ------------------------------------------------------------------------------


def test_donor_cancels_a_claim_and_the_letter_is_back_in_the_catalogue(
    client, login_as, make_letter
):
    donor = login_as("donor")
    letter = make_letter()
    [claim] = claim_letters(donor, [letter], send_confirmation=False)

    response = post_and_follow(client, f"/moje-listy/{claim.id}/rezygnuj")

    assert "wrócił do katalogu" in response.get_data(as_text=True)
    assert db.session.get(Claim, claim.id).status == ClaimStatus.CANCELLED
    assert db.session.get(Claim, claim.id).cancelled_at is not None
    assert reload(letter).status == LetterStatus.AVAILABLE
    assert letter.display_code in client.get("/listy").get_data(as_text=True)
    event = db.session.scalar(
        db.select(Event).where(Event.claim_id == claim.id, Event.to_status == "available")
    )
    assert event.actor_id == donor.id


def test_another_donors_claim_cannot_be_cancelled(client, login_as, make_claim):
    claim = make_claim()
    login_as("donor")

    response = client.post(f"/moje-listy/{claim.id}/rezygnuj")

    assert response.status_code == 404
    assert db.session.get(Claim, claim.id).status == ClaimStatus.ACTIVE


def test_a_received_parcel_cannot_be_cancelled(client, login_as, make_letter):
    donor = login_as("donor")
    letter = make_letter("received", donor=donor)
    claim = claims_of(donor.id)[0]

    response = post_and_follow(client, f"/moje-listy/{claim.id}/rezygnuj")

    assert "została już przyjęta" in response.get_data(as_text=True)
    assert db.session.get(Claim, claim.id).status == ClaimStatus.RECEIVED
    assert reload(letter).status == LetterStatus.RECEIVED


def test_cancelling_twice_changes_nothing_the_second_time(client, login_as, make_letter):
    donor = login_as("donor")
    [claim] = claim_letters(donor, [make_letter()], send_confirmation=False)

    client.post(f"/moje-listy/{claim.id}/rezygnuj")
    again = post_and_follow(client, f"/moje-listy/{claim.id}/rezygnuj")

    assert "nie jest już aktywna" in again.get_data(as_text=True)
    events = db.session.scalars(db.select(Event).where(Event.claim_id == claim.id)).all()
    assert [e.to_status for e in events] == ["claimed", "available"]


def test_a_letter_covered_by_the_centre_is_neither_listed_nor_claimable(
    client, make_letter, make_user
):
    covered = make_letter(covered_at=utcnow(), covered_note="Prezent od partnera akcji")
    open_letter = make_letter()
    donor = make_user("donor")

    listed = client.get("/listy").get_data(as_text=True)
    with pytest.raises(LetterWithdrawn):
        claim_letter(donor, covered)

    assert covered.display_code not in listed
    assert open_letter.display_code in listed
    assert db.session.get(Letter, covered.id).status == "available"
