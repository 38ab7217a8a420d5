"""API routes for writing letters: create, publish, withdraw (see DESIGN.md's API table).

The GET routes of letters belong to the catalogue (catalogue.py). Staff only here, by bearer
token; a social worker reaches only their centre's letters (another centre's is 404, as on the
web).
"""

from flask import jsonify
from flask_babel import gettext as _

from campaign.api import bp
from campaign.api.auth import bearer_user, token_required
from campaign.api.errors import ApiError, idempotency_key, json_object, letter_by_code, parse
from campaign.api.openapi import documented
from campaign.api.schemas import (
    IDEMPOTENCY_KEY_MAX,
    LetterCreate,
    LetterHeaders,
    StaffLetter,
    WithdrawRequest,
    dump,
)
from campaign.core import centres
from campaign.letters import services
from campaign.letters.access import can_see
from campaign.letters.models import Letter
from campaign.letters.services import LetterInput

STAFF = ("social_worker", "coordinator")
LETTER_FIELDS = ("age", "gender", "wish", "needs", "sibling_group", "case_reference")


def letter_json(letter: Letter) -> dict:
    """A letter as staff see it (with the case reference): only staff routes return this."""
    return dump(
        StaffLetter,
        {
            "code": letter.display_code,
            "display_code": letter.display_code,
            "status": letter.status,
            "campaign": letter.campaign.code_prefix,
            "center": {"number": letter.center.number, "name": letter.center.name},
            "age": letter.age,
            "gender": letter.gender,
            "wish": letter.wish,
            "needs": letter.needs,
            "sibling_group": letter.sibling_group,
            "case_reference": letter.case_reference,
            "review_note": letter.review_note,
            "withdrawn_reason": letter.withdrawn_reason,
            "created_at": letter.created_at,
            "status_changed_at": letter.status_changed_at,
        },
    )


def _staff_letter(code: str) -> Letter:
    """The letter of a code, if this staff token may see it: another centre's is a 404."""
    not_found = _("Nie ma takiego listu.")
    letter = letter_by_code(code, not_found)
    if not can_see(bearer_user(), letter):
        raise ApiError(404, not_found)
    return letter


LETTER_RESPONSES = {200: (StaffLetter, "The letter after the change"), 409: "Not in this state"}


@bp.post("/letters")
@token_required(*STAFF)
@documented(
    "Create a draft letter in the current campaign",
    tags=["letters"],
    headers=LetterHeaders,
    body=LetterCreate,
    responses={
        201: (StaffLetter, "Created", {"Location": "The letter's address in this API"}),
        200: (
            StaffLetter,
            "A repeat with the same Idempotency-Key: the letter created by the first request, "
            "nothing new",
        ),
        400: "A body that is not a JSON object, or an Idempotency-Key that is too long",
        403: "Not a staff token, or a social worker naming a centre",
        409: "Someone else's Idempotency-Key",
        422: "Field errors, the privacy guard's findings included (error.fields maps a field "
        "to its message)",
    },
)
def create_letter():
    """Create a draft letter in the current campaign."""
    key = idempotency_key(LetterHeaders, IDEMPOTENCY_KEY_MAX)
    letter_input = parse(LetterCreate, json_object(), _("Popraw dane listu."))
    center = None
    if letter_input.center is not None:
        center = centres.center_by_number(letter_input.center)
        if center is None:
            fields = {"center": _("Nie ma centrum o numerze %(n)s.", n=letter_input.center)}
            raise ApiError(422, _("Popraw dane listu."), fields=fields)
    letter, created = services.create_letter(
        LetterInput(**letter_input.model_dump(include=set(LETTER_FIELDS))),
        actor=bearer_user(),
        center=center,
        confirm_names=letter_input.confirm_names,
        submission_key=key,
        source="api",
    )
    response = jsonify(letter_json(letter))
    response.headers["Location"] = f"{bp.url_prefix}/letters/{letter.display_code}"
    # A repeated key answers with the letter the first request made, as it is now.
    return response, 201 if created else 200


@bp.post("/letters/<code>/publish")
@token_required(*STAFF)
@documented(
    "Submit a draft (to review, or to available when the campaign has no review), or approve a "
    "letter in review (coordinator or a second social worker)",
    tags=["letters"],
    responses={**LETTER_RESPONSES, 403: "Not staff, or approving what one wrote or submitted"},
)
def publish_letter(code: str):
    """Submit a draft (for review, or straight to available), or approve a letter in review."""
    letter = _staff_letter(code)
    services.publish_letter(letter, actor=bearer_user())
    return jsonify(letter_json(letter))


@bp.post("/letters/<code>/withdraw")
@token_required(*STAFF)
@documented(
    "Withdraw a draft, reviewed or available letter",
    tags=["letters"],
    body=WithdrawRequest,
    responses={**LETTER_RESPONSES, 200: (StaffLetter, "The withdrawn letter"), 422: "No reason"},
)
def withdraw_letter(code: str):
    """Withdraw a letter not yet taken, with a reason."""
    letter = _staff_letter(code)
    reason = parse(WithdrawRequest, json_object(empty_is={})).reason
    services.withdraw_letter(letter, actor=bearer_user(), reason=reason)
    return jsonify(letter_json(letter))
