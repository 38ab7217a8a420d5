"""Review means a second pair of eyes: nobody approves a letter whose current content they wrote,
edited or submitted; coordinators included."""

import pytest

from campaign.api.auth import issue_token
from campaign.core.errors import PermissionDenied
from campaign.extensions import db
from campaign.letters import services
from campaign.letters.models import Letter, LetterStatus
from campaign.letters.services import LetterInput
from tests.conftest import login

S = LetterStatus
WISH = LetterInput(age=7, gender="f", wish="Marzę o lalce.", needs="rozmiar 122")
EDITED = LetterInput(age=7, gender="f", wish="Marzę o lalce i rowerze.", needs="rozmiar 122")
REFUSAL = "Nie możesz zatwierdzić tego listu"


def written_by(world, who: str) -> Letter:
    author = getattr(world, who)
    center = world.center if author.is_coordinator else None
    letter, _created = services.create_letter(WISH, actor=author, center=center)
    return letter


def status_of(letter: Letter) -> str:
    db.session.expire_all()
    return db.session.get(Letter, letter.id).status


@pytest.mark.parametrize(
    ("author", "editor", "submitter", "approver"),
    [
        ("worker", "colleague", "colleague", "colleague"),  # edits, submits, approves own text
        ("worker", "colleague", "worker", "colleague"),  # approves what they edited
        ("worker", None, "colleague", "colleague"),  # approves what they submitted
        ("worker", "coordinator", "worker", "coordinator"),  # coordinators too
        ("coordinator", None, "coordinator", "coordinator"),  # a coordinator's own letter
        ("worker", None, "worker", "worker"),  # the author
    ],
)
def test_nobody_approves_content_they_wrote_edited_or_submitted(
    app, world, author, editor, submitter, approver
):
    letter = written_by(world, author)
    if editor:
        services.update_letter(letter, EDITED, actor=getattr(world, editor))
    services.submit_letter(letter, actor=getattr(world, submitter))
    with pytest.raises(PermissionDenied) as refused:
        services.approve_letter(letter, actor=getattr(world, approver))
    assert refused.value.translated().startswith(REFUSAL)
    assert status_of(letter) == "review"


@pytest.mark.parametrize(
    ("author", "editor", "submitter", "approver"),
    [
        ("worker", None, "worker", "colleague"),
        ("worker", None, "worker", "coordinator"),
        ("worker", "colleague", "colleague", "coordinator"),
        ("coordinator", None, "coordinator", "colleague"),
    ],
)
def test_someone_who_did_not_touch_the_content_approves(
    app, world, author, editor, submitter, approver
):
    letter = written_by(world, author)
    if editor:
        services.update_letter(letter, EDITED, actor=getattr(world, editor))
    services.submit_letter(letter, actor=getattr(world, submitter))
    services.approve_letter(letter, actor=getattr(world, approver))
    assert status_of(letter) == "available"


def test_after_a_send_back_only_the_new_round_counts_and_the_author_never_approves(app, world):
    letter = written_by(world, "worker")
    services.submit_letter(letter, actor=world.colleague)
    services.send_back_letter(letter, actor=world.coordinator, reason="Usuń nazwę szkoły.")
    services.update_letter(letter, EDITED, actor=world.coordinator)
    services.submit_letter(letter, actor=world.worker)
    for who in ("worker", "coordinator"):  # the author; the one who edited this round
        with pytest.raises(PermissionDenied):
            services.approve_letter(letter, actor=getattr(world, who))
    services.approve_letter(letter, actor=world.colleague)  # submitted only the first round
    assert status_of(letter) == "available"


def test_the_page_offers_approval_only_to_a_second_pair_of_eyes(client, world):
    letter = written_by(world, "worker")
    services.update_letter(letter, EDITED, actor=world.colleague)
    services.submit_letter(letter, actor=world.worker)
    login(client, world.colleague)
    page = client.get(f"/pracownik/listy/{letter.code}").get_data(as_text=True)
    assert "/zatwierdz" not in page and "nie edytował" in page
    response = client.post(f"/pracownik/listy/{letter.code}/zatwierdz", follow_redirects=True)
    assert REFUSAL in response.get_data(as_text=True)
    assert status_of(letter) == "review"
    login(client, world.coordinator)
    assert "/zatwierdz" in client.get(f"/pracownik/listy/{letter.code}").get_data(as_text=True)


def test_publishing_through_the_api_twice_does_not_approve_ones_own_submission(client, world):
    letter = written_by(world, "coordinator")
    headers = {"Authorization": f"Bearer {issue_token(world.coordinator)}"}
    first = client.post(f"/api/v1/letters/{letter.code}/publish", headers=headers)
    assert first.status_code == 200 and first.json["status"] == "review"
    second = client.post(f"/api/v1/letters/{letter.code}/publish", headers=headers)
    assert second.status_code == 403
    assert second.json["error"]["message"].startswith(REFUSAL)
    assert status_of(letter) == "review"
