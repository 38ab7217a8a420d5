"""Letter services: the rules of writing, reviewing and withdrawing, and the trail they leave."""

import pytest

from campaign.core.audit import Event
from campaign.core.errors import Conflict, NotAllowed, PermissionDenied, ValidationFailed
from campaign.donors import services as donor_services
from campaign.donors.models import Claim
from campaign.extensions import db
from campaign.letters import codes, services
from campaign.letters.models import Campaign, Letter, LetterStatus
from campaign.letters.services import LetterInput, LetterRejected

S = LetterStatus
WISH = LetterInput(age=7, gender="f", wish="Marzę o lalce i wózku.", needs="rozmiar 122")


def events_of(letter):
    return db.session.scalars(
        db.select(Event).where(Event.letter_id == letter.id).order_by(Event.id)
    ).all()


def test_a_social_workers_letter_is_a_draft_of_their_centre_in_the_current_campaign(app, world):
    letter, created = services.create_letter(WISH, actor=world.worker, center=None)
    assert created
    assert (letter.status, letter.center_id, letter.campaign_id) == (
        "draft",
        world.center.id,
        world.campaign.id,
    )
    assert letter.author_id == world.worker.id
    assert codes.is_valid(letter.code) and letter.code.startswith("KMP26")
    [event] = events_of(letter)
    assert (event.actor_id, event.from_status, event.to_status) == (world.worker.id, None, "draft")


def test_a_social_worker_cannot_write_for_another_centre(app, world):
    with pytest.raises(PermissionDenied):
        services.create_letter(WISH, actor=world.worker, center=world.other_center)
    assert db.session.query(Letter).count() == 0


def test_a_coordinator_must_choose_the_centre(app, world):
    with pytest.raises(ValidationFailed) as error:
        services.create_letter(WISH, actor=world.coordinator, center=None)
    assert "center" in error.value.fields
    letter, _ = services.create_letter(WISH, actor=world.coordinator, center=world.other_center)
    assert letter.center_id == world.other_center.id


def test_without_a_current_campaign_no_letter_can_be_written(app, world):
    world.campaign.is_current = False
    db.session.commit()
    with pytest.raises(NotAllowed):
        services.create_letter(WISH, actor=world.worker, center=None)


def test_the_same_submission_key_creates_one_letter(app, world):
    first, created = services.create_letter(
        WISH, actor=world.worker, center=None, submission_key="k1"
    )
    again, created_again = services.create_letter(
        WISH, actor=world.worker, center=None, submission_key="k1"
    )
    assert created and not created_again
    assert again.id == first.id
    assert db.session.query(Letter).count() == 1


def test_a_code_collision_is_retried_with_a_fresh_code(app, world, letter_of, monkeypatch):
    taken = letter_of().code
    fresh = codes.generate_code("KMP26")
    sequence = iter([taken, taken, fresh])
    monkeypatch.setattr(codes, "generate_code", lambda prefix: next(sequence))
    letter, created = services.create_letter(
        WISH, actor=world.worker, center=None, submission_key="x"
    )
    assert created and letter.code == fresh
    assert db.session.query(Letter).count() == 2


def test_the_privacy_guard_refuses_before_anything_is_saved(app, world):
    data = LetterInput(age=9, gender="m", wish="Rower, tel. 600 700 800", needs="ul. Kwiatowa 5")
    with pytest.raises(LetterRejected) as error:
        services.create_letter(data, actor=world.worker, center=None)
    assert set(error.value.fields) == {"wish", "needs"}
    assert "600 700 800" in error.value.fields["wish"]
    assert db.session.query(Letter).count() == 0


def test_a_name_must_be_confirmed(app, world):
    data = LetterInput(age=9, gender="f", wish="Lalka, taka jak ma Zosia")
    with pytest.raises(LetterRejected) as error:
        services.create_letter(data, actor=world.worker, center=None)
    assert error.value.names_found
    letter, created = services.create_letter(
        data, actor=world.worker, center=None, confirm_names=True
    )
    assert created and letter.wish == data.wish


def test_a_sibling_group_key_of_another_centre_is_refused(app, world):
    services.create_letter(
        LetterInput(age=5, gender="m", wish="Auto", sibling_group="r1"),
        actor=world.stranger,
        center=None,
    )
    with pytest.raises(LetterRejected) as error:
        services.create_letter(
            LetterInput(age=6, gender="f", wish="Lalka", sibling_group="R1"),
            actor=world.worker,
            center=None,
        )
    assert "sibling_group" in error.value.fields


def test_siblings_share_an_upper_case_group_key(app, world):
    a, _ = services.create_letter(
        LetterInput(age=5, gender="m", wish="Auto", sibling_group=" r 1 "),
        actor=world.worker,
        center=None,
    )
    assert a.sibling_group == "R 1"


@pytest.mark.parametrize(("review", "expected"), [(True, S.REVIEW), (False, S.AVAILABLE)])
def test_submitting_goes_to_review_or_straight_to_available(
    app, world, letter_of, review, expected
):
    world.campaign.review_required = review
    letter = letter_of(S.DRAFT)
    assert services.submit_letter(letter, actor=world.worker) is expected
    assert db.session.get(Letter, letter.id).status == expected.value


@pytest.mark.parametrize("approver", ["colleague", "coordinator"])
def test_a_second_person_approves(app, world, letter_of, approver):
    letter = letter_of(S.REVIEW)
    services.approve_letter(letter, actor=getattr(world, approver))
    assert db.session.get(Letter, letter.id).status == "available"
    assert events_of(letter)[-1].actor_id == getattr(world, approver).id


def test_the_author_cannot_approve_their_own_letter(app, world, letter_of):
    letter = letter_of(S.REVIEW)
    with pytest.raises(PermissionDenied):
        services.approve_letter(letter, actor=world.worker)
    assert db.session.get(Letter, letter.id).status == "review"


def test_another_centres_worker_can_neither_see_nor_approve(app, world, letter_of):
    letter = letter_of(S.REVIEW)
    with pytest.raises(PermissionDenied):
        services.approve_letter(letter, actor=world.stranger)


def test_only_a_letter_in_review_can_be_approved(app, world, letter_of):
    with pytest.raises(NotAllowed):
        services.approve_letter(letter_of(S.DRAFT), actor=world.coordinator)


def test_sending_back_needs_a_reason_and_leaves_it_for_the_author(app, world, letter_of):
    letter = letter_of(S.REVIEW)
    with pytest.raises(ValidationFailed):
        services.send_back_letter(letter, actor=world.colleague, reason="  ")
    services.send_back_letter(letter, actor=world.colleague, reason="Usuń nazwę szkoły.")
    letter = db.session.get(Letter, letter.id)
    assert (letter.status, letter.review_note) == ("draft", "Usuń nazwę szkoły.")
    event = events_of(letter)[-1]
    assert (event.from_status, event.to_status, event.reason) == (
        "review",
        "draft",
        "Usuń nazwę szkoły.",
    )


@pytest.mark.parametrize("status", [S.DRAFT, S.REVIEW, S.AVAILABLE])
def test_withdrawing_needs_a_reason(app, world, letter_of, status):
    letter = letter_of(status)
    with pytest.raises(ValidationFailed):
        services.withdraw_letter(letter, actor=world.worker, reason="")
    services.withdraw_letter(letter, actor=world.worker, reason="Rodzina się wyprowadziła.")
    letter = db.session.get(Letter, letter.id)
    assert (letter.status, letter.withdrawn_reason) == ("withdrawn", "Rodzina się wyprowadziła.")


@pytest.mark.parametrize("status", [S.CLAIMED, S.RECEIVED, S.DELIVERED, S.WITHDRAWN])
def test_a_taken_or_withdrawn_letter_cannot_be_withdrawn(app, world, letter_of, status):
    letter = letter_of(status)
    with pytest.raises(NotAllowed):
        services.withdraw_letter(letter, actor=world.coordinator, reason="bo tak")
    assert db.session.get(Letter, letter.id).status == status.value


def test_only_a_draft_can_be_edited_and_edits_are_recorded(app, world, letter_of):
    letter = letter_of(S.DRAFT)
    changed = services.update_letter(
        letter,
        LetterInput(age=9, gender="f", wish="Nowe marzenie", needs="rozmiar 134"),
        actor=world.worker,
    )
    assert set(changed) == {"age", "wish", "case_reference"}
    assert events_of(letter)[-1].kind == "letter.edited"
    review = letter_of(S.REVIEW)
    with pytest.raises(NotAllowed):
        services.update_letter(review, WISH, actor=world.worker)


def test_a_coordinator_moves_a_draft_and_its_group_key_to_another_centre(app, world, letter_of):
    letter = letter_of(S.DRAFT, sibling_group="R9")
    data = LetterInput(age=8, gender="f", wish=letter.wish, needs=letter.needs, sibling_group="R9")
    changed = services.update_letter(
        letter, data, actor=world.coordinator, center=world.other_center
    )
    assert "center" in changed
    assert db.session.get(Letter, letter.id).center_id == world.other_center.id


def test_publish_submits_a_draft_then_approves_it(app, world, letter_of):
    letter = letter_of(S.DRAFT)
    assert services.publish_letter(letter, actor=world.worker) is S.REVIEW
    assert services.publish_letter(letter, actor=world.coordinator) is S.AVAILABLE
    with pytest.raises(NotAllowed):
        services.publish_letter(letter, actor=world.coordinator)


def test_a_sibling_group_too_long_in_upper_case_is_a_field_error(app, world):
    # "ß" passes the form's 40 characters but is "SS" in the stored, upper-case key.
    data = LetterInput(age=5, gender="f", wish="Rower", sibling_group="ß" * 40)
    with pytest.raises(LetterRejected) as rejected:
        services.create_letter(data, actor=world.worker, center=None)
    assert "Najwyżej 40 znaków" in rejected.value.fields["sibling_group"]
    assert db.session.query(Letter).count() == 0
    letter, _created = services.create_letter(WISH, actor=world.worker, center=None)
    with pytest.raises(LetterRejected):
        services.update_letter(letter, data, actor=world.worker)
    assert db.session.get(Letter, letter.id).sibling_group is None


def test_a_walkin_donor_holds_a_paper_letter(app, world, letter_of):
    letter = letter_of(S.AVAILABLE)
    claim = donor_services.record_walkin_claim(
        letter, actor=world.coordinator, name="Pan Marek", contact="600 700 800"
    )
    claim = db.session.get(Claim, claim.id)
    assert (claim.donor_id, claim.walkin_name, claim.status) == (None, "Pan Marek", "active")
    assert claim.deadline == world.campaign.parcel_deadline
    assert db.session.get(Letter, letter.id).status == "claimed"
    event = events_of(letter)[-1]
    assert (event.from_status, event.to_status, event.claim_id) == (
        "available",
        "claimed",
        claim.id,
    )


@pytest.mark.parametrize("status", [S.CLAIMED, S.DRAFT, S.WITHDRAWN])
def test_a_walkin_claim_of_a_letter_not_available_is_a_conflict(app, world, letter_of, status):
    letter = letter_of(status)
    with pytest.raises(Conflict):
        donor_services.record_walkin_claim(
            letter, actor=world.coordinator, name="Ola", contact="a@b.pl"
        )
    assert db.session.get(Letter, letter.id).status == status.value


def test_only_a_coordinator_records_a_walkin_donor(app, world, letter_of):
    with pytest.raises(PermissionDenied):
        donor_services.record_walkin_claim(
            letter_of(S.AVAILABLE), actor=world.worker, name="Ola", contact="a@b.pl"
        )
    assert db.session.query(Claim).count() == 0


def test_a_campaign_of_the_letter_is_the_current_one(app, world, make_campaign):
    make_campaign(is_current=False, code_prefix="OLD25")
    letter, _ = services.create_letter(WISH, actor=world.worker, center=None)
    assert letter.campaign_id == Campaign.current().id == world.campaign.id
