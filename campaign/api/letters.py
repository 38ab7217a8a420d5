"""API routes for writing letters: create, publish, withdraw (see DESIGN.md's API table).

The GET routes of letters belong to the catalogue (donors). Staff only here, by bearer token; a
social worker reaches only their centre's letters (another centre's is 404, as on the web).
"""

from flask import jsonify, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from campaign.api import bp
from campaign.api.auth import bearer_user, token_required
from campaign.api.errors import domain_error_response, error_response, form_errors
from campaign.core import centres
from campaign.core.errors import DomainError
from campaign.letters import queries, services
from campaign.letters.access import can_see
from campaign.letters.forms import ApiLetterForm
from campaign.letters.models import Letter
from campaign.letters.services import LetterInput

STAFF = ("social_worker", "coordinator")
IDEMPOTENCY_KEY_MAX = 64  # Letter.submission_key's length


def letter_json(letter: Letter) -> dict:
    """A letter as staff see it (with the case reference): only staff routes return this."""
    return {
        "code": letter.code,
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
        "created_at": letter.created_at.isoformat() + "Z",
        "status_changed_at": letter.status_changed_at.isoformat() + "Z",
    }


def _formdata(payload: dict) -> MultiDict:
    """JSON values as the strings a form reads (0 must stay "0", booleans "y" or nothing)."""
    data = MultiDict()
    for key, value in payload.items():
        if value is None or value is False:
            continue
        data[key] = "y" if value is True else str(value)
    return data


def check_character_response():
    """422 `check_character`: the code has a typo (a wrong check character or prefix)."""
    message = _("Sprawdź kod: znak kontrolny się nie zgadza (literówka lub zamienione znaki).")
    return error_response(422, message, "check_character", {"code": message})


def _staff_letter(code: str):
    """(letter, None) or (None, error response): a mistyped code (wrong check character) is 422
    `check_character`, as in the parcels API; unknown and foreign codes are 404."""
    found = queries.lookup_code(code)
    if found.problem == "check":
        return None, check_character_response()
    if found.letter is None or not can_see(bearer_user(), found.letter):
        return None, error_response(404, _("Nie ma takiego listu."))
    return found.letter, None


@bp.post("/letters")
@token_required(*STAFF)
def create_letter():
    """Create a draft letter in the current campaign."""
    user = bearer_user()
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > IDEMPOTENCY_KEY_MAX:
        message = _(
            "Nagłówek Idempotency-Key może mieć najwyżej %(n)s znaków.", n=IDEMPOTENCY_KEY_MAX
        )
        return error_response(400, message)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return error_response(400, _("Oczekiwano obiektu JSON."))
    form = ApiLetterForm(formdata=_formdata(payload))
    if not form.validate():
        return error_response(422, _("Popraw dane listu."), fields=form_errors(form))
    center = None
    if form.center.data is not None:
        center = centres.center_by_number(form.center.data)
        if center is None:
            fields = {"center": _("Nie ma centrum o numerze %(n)s.", n=form.center.data)}
            return error_response(422, _("Popraw dane listu."), fields=fields)
    try:
        letter, created = services.create_letter(
            LetterInput.from_values(form.values()),
            actor=user,
            center=center,
            confirm_names=form.confirm_names.data,
            submission_key=key or None,
            source="api",
        )
    except DomainError as error:
        return domain_error_response(error)
    response = jsonify(letter_json(letter))
    response.headers["Location"] = f"{bp.url_prefix}/letters/{letter.code}"
    # A repeated key answers with the letter the first request made, as it is now.
    return response, 201 if created else 200


@bp.post("/letters/<code>/publish")
@token_required(*STAFF)
def publish_letter(code: str):
    """Submit a draft (for review, or straight to available), or approve a letter in review."""
    letter, error = _staff_letter(code)
    if error:
        return error
    try:
        services.publish_letter(letter, actor=bearer_user())
    except DomainError as failure:
        return domain_error_response(failure)
    return jsonify(letter_json(letter))


@bp.post("/letters/<code>/withdraw")
@token_required(*STAFF)
def withdraw_letter(code: str):
    """Withdraw a letter not yet taken, with a reason."""
    letter, error = _staff_letter(code)
    if error:
        return error
    payload = request.get_json(silent=True) or {}
    reason = payload.get("reason") if isinstance(payload, dict) else None
    try:
        services.withdraw_letter(letter, actor=bearer_user(), reason=str(reason or ""))
    except DomainError as failure:
        return domain_error_response(failure)
    return jsonify(letter_json(letter))


# --- OpenAPI -----------------------------------------------------------------------------------

_ERROR = {"$ref": "#/components/responses/Error"}
_LETTER_INPUT = {
    "type": "object",
    "required": ["age", "gender", "wish"],
    "properties": {
        "age": {"type": "integer", "minimum": 0, "maximum": 18},
        "gender": {"type": "string", "enum": ["f", "m"], "description": "f: girl, m: boy"},
        "wish": {"type": "string", "maxLength": 1000, "description": "In the child's words"},
        "needs": {"type": "string", "maxLength": 500, "description": "Sizes and the like"},
        "sibling_group": {
            "type": "string",
            "maxLength": 40,
            "description": "Same key for siblings' letters in the campaign (stored upper case)",
        },
        "case_reference": {"type": "string", "maxLength": 80, "description": "Staff only"},
        "center": {
            "type": "integer",
            "description": "Centre number; coordinators only (a social worker's is their own)",
        },
        "confirm_names": {
            "type": "boolean",
            "default": False,
            "description": "Confirms that words the privacy guard took for names are not the "
            "child's or family's (a doll's name, a title)",
        },
    },
}
_LETTER = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "example": "KMP267KQ4MX"},
        "display_code": {"type": "string", "example": "KMP26-7KQ4M-X"},
        "status": {
            "type": "string",
            "enum": [
                "draft",
                "review",
                "available",
                "claimed",
                "received",
                "delivered",
                "withdrawn",
            ],
        },
        "campaign": {"type": "string", "description": "The campaign's code prefix"},
        "center": {
            "type": "object",
            "properties": {"number": {"type": "integer"}, "name": {"type": "string"}},
        },
        "age": {"type": "integer"},
        "gender": {"type": "string", "enum": ["f", "m"]},
        "wish": {"type": "string"},
        "needs": {"type": "string"},
        "sibling_group": {"type": "string", "nullable": True},
        "case_reference": {"type": "string"},
        "review_note": {"type": "string", "description": "Why it was sent back, if it was"},
        "withdrawn_reason": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "status_changed_at": {"type": "string", "format": "date-time"},
    },
}
_LETTER_RESPONSE = {"content": {"application/json": {"schema": _LETTER}}}
_CHECK_CHARACTER = {
    "description": "A wrong check character in the code, a typo (error.code `check_character`: "
    "check the code)",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_CODE = {
    "name": "code",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "Letter code in any case, with or without dashes",
}
_SECURITY = [{"bearerAuth": []}]
_IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "maxLength": 64},
    "description": "A key unique to this letter (e.g. a UUID): a repeated request with the same "
    "key creates nothing and answers 200 with the letter the first one created. A key another "
    "person already used is a 409.",
}

OPENAPI_PATHS = {
    "/letters": {
        "post": {
            "summary": "Create a draft letter in the current campaign",
            "tags": ["letters"],
            "security": _SECURITY,
            "parameters": [_IDEMPOTENCY_KEY],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _LETTER_INPUT}},
            },
            "responses": {
                "201": {"description": "Created", **_LETTER_RESPONSE},
                "200": {
                    "description": "A repeat with the same Idempotency-Key: the letter created "
                    "by the first request, nothing new",
                    **_LETTER_RESPONSE,
                },
                "400": _ERROR,
                "401": _ERROR,
                "403": _ERROR,
                "409": _ERROR,
                "422": {
                    "description": "Field errors, the privacy guard's findings included "
                    "(error.fields maps a field to its message)",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                },
            },
        }
    },
    "/letters/{code}/publish": {
        "post": {
            "summary": "Submit a draft (to review, or to available when the campaign has no "
            "review), or approve a letter in review (coordinator or a second social worker)",
            "tags": ["letters"],
            "security": _SECURITY,
            "parameters": [_CODE],
            "responses": {
                "200": {"description": "The letter after the change", **_LETTER_RESPONSE},
                "401": _ERROR,
                "403": _ERROR,
                "404": _ERROR,
                "409": _ERROR,
                "422": _CHECK_CHARACTER,
            },
        }
    },
    "/letters/{code}/withdraw": {
        "post": {
            "summary": "Withdraw a draft, reviewed or available letter",
            "tags": ["letters"],
            "security": _SECURITY,
            "parameters": [_CODE],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["reason"],
                            "properties": {"reason": {"type": "string", "maxLength": 500}},
                        }
                    }
                },
            },
            "responses": {
                "200": {"description": "The withdrawn letter", **_LETTER_RESPONSE},
                "401": _ERROR,
                "403": _ERROR,
                "404": _ERROR,
                "409": _ERROR,
                "422": {
                    "description": "No reason given, or a wrong check character in the code "
                    "(error.code `check_character`: check the code)",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                },
            },
        }
    },
}
