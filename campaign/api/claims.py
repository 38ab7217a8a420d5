"""API routes for the catalogue and claims (see DESIGN.md's API table).

Anyone may read the catalogue; a staff token sees more of a letter (its status; its case
reference only for the letter's own centre and coordinators). A donor token claims, lists and
cancels its own claims; another donor's claim is a 404, as if it did not exist.
"""

from io import BytesIO

from flask import jsonify, request, send_file
from flask_babel import gettext as _

from campaign.api import bp
from campaign.api.auth import bearer_user, token_required
from campaign.api.errors import domain_error_response, error_response
from campaign.api.letters import check_character_response
from campaign.auth.models import User
from campaign.donors import queries, services
from campaign.donors.models import Claim
from campaign.donors.notifications import slip_filename
from campaign.errors import DomainError
from campaign.letters.access import can_see
from campaign.letters.models import Campaign, Letter, LetterStatus
from campaign.letters.queries import lookup_code
from campaign.pdf.slip import slip_pdf

PUBLIC_STATUSES = {
    LetterStatus.AVAILABLE,
    LetterStatus.CLAIMED,
    LetterStatus.RECEIVED,
    LetterStatus.DELIVERED,
}


def _in_staff_scope(user: User | None, letter: Letter) -> bool:
    # The web pages' rule (letters/access.py): a social worker of another centre is the public.
    return user is not None and can_see(user, letter)


def letter_json(letter: Letter, viewer: User | None = None) -> dict:
    """A letter as the viewer may see it: a taken letter's content is no one's business but
    its centre's staff's and coordinators', as on the web page."""
    is_staff = _in_staff_scope(viewer, letter)
    if letter.status != LetterStatus.AVAILABLE and not is_staff:
        return {"code": letter.display_code, "available": False}
    center = letter.center
    data = {
        "code": letter.display_code,
        "age": letter.age,
        "gender": letter.gender,
        "wish": letter.wish,
        "needs": letter.needs,
        "available": letter.is_claimable,  # a letter covered by the centre is not
        "drop_off_point": {"number": center.number, "name": center.name, "address": center.address},
        "url": f"/listy/{letter.display_code}",
    }
    if is_staff:
        # The group key is the social worker's label for a family: staff only, like on the web.
        data["status"] = letter.status
        data["sibling_group"] = letter.sibling_group
        data["case_reference"] = letter.case_reference
    return data


def claim_json(claim: Claim) -> dict:
    return {
        "id": claim.id,
        "code": claim.letter.display_code,
        "status": claim.status,
        "claimed_at": claim.created_at.isoformat(),
        "deadline": claim.deadline.isoformat(),
        "drop_off_point": claim.letter.center.name,
        "slip_url": f"/api/v1/claims/{claim.id}/slip.pdf",
    }


def _visible_letter(letter: Letter | None, viewer: User | None) -> Letter | None:
    """Public letters for anyone; staff also see non-public ones in their scope."""
    if letter is None:
        return None
    if letter.status_enum in PUBLIC_STATUSES:
        return letter
    if _in_staff_scope(viewer, letter):
        return letter
    return None


def _not_found():
    return error_response(404, _("Nie ma takiego listu."))


@bp.get("/letters")
def list_letters():
    """Available letters of the current campaign, with the catalogue's filters, paginated."""
    campaign = Campaign.current()
    filters = queries.CatalogueFilters.from_args(request.args)
    if campaign is None:
        return jsonify(items=[], total=0, page=1, pages=1, per_page=queries.PER_PAGE)
    page = queries.catalogue_page(campaign, filters)
    viewer = bearer_user()
    return jsonify(
        items=[letter_json(letter, viewer) for letter in page.items],
        total=page.total,
        page=page.page,
        pages=page.pages,
        per_page=page.per_page,
    )


@bp.get("/letters/<code>")
def get_letter(code: str):
    """One letter by its code (any case, with or without dashes)."""
    found = lookup_code(code)
    if found.problem == "check":
        return check_character_response()
    viewer = bearer_user()
    letter = _visible_letter(found.letter, viewer)
    if letter is None:
        return _not_found()
    data = letter_json(letter, viewer)
    if data["available"]:
        # What a donor may take together with it ({"siblings": true} on claim).
        data["siblings"] = [s.display_code for s in queries.available_siblings(letter)]
    return jsonify(data)


@bp.post("/letters/<code>/claim")
@token_required("donor")
def claim_letter(code: str):
    """Claim a letter (with {"siblings": true} also its available siblings) for the donor."""
    donor = bearer_user()
    found = lookup_code(code)
    if found.problem == "check":
        return check_character_response()
    letter = found.letter
    if letter is None:
        return _not_found()
    payload = request.get_json(silent=True)
    with_siblings = isinstance(payload, dict) and payload.get("siblings") is True
    letters = [letter, *queries.available_siblings(letter)] if with_siblings else [letter]
    try:
        claims = services.claim_letters(donor, letters)
    except services.AlreadyYours as repeated:
        # A repeated request changes nothing and answers like the first one did.
        return _claims_response(repeated.claims, with_siblings, 200)
    except DomainError as error:
        return domain_error_response(error)
    return _claims_response(claims, with_siblings, 201)


def _claims_response(claims: list[Claim], with_siblings: bool, status: int):
    if with_siblings:
        return jsonify(claims=[claim_json(c) for c in claims]), status
    return jsonify(claim_json(claims[0])), status


@bp.get("/claims")
@token_required("donor")
def list_claims():
    """The donor's own claims, newest first."""
    return jsonify(claims=[claim_json(c) for c in queries.claims_of(bearer_user())])


@bp.delete("/claims/<int:claim_id>")
@token_required("donor")
def cancel_claim(claim_id: int):
    """Cancel the donor's own claim before the parcel is received; the letter is available again."""
    donor = bearer_user()
    claim = queries.own_claim(donor, claim_id)
    if claim is None:
        return error_response(404, _("Nie ma takiej rezerwacji."))
    try:
        services.cancel_claim(donor, claim)
    except DomainError as error:
        return domain_error_response(error)
    return jsonify(claim_json(claim))


@bp.get("/claims/<int:claim_id>/slip.pdf")
@token_required()
def claim_slip(claim_id: int):
    """The coded slip of the donor's own claim, or of a parcel in a staff member's scope."""
    claim = queries.visible_claim(bearer_user(), claim_id)
    if claim is None:
        return error_response(404, _("Nie ma takiej rezerwacji."))
    return send_file(
        BytesIO(slip_pdf(claim)), mimetype="application/pdf", download_name=slip_filename(claim)
    )


# --- OpenAPI ---------------------------------------------------------------------------------

_ERROR = {"$ref": "#/components/responses/Error"}
_CODE = {
    "name": "code",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "Letter code in any case, with or without dashes, e.g. KMP26-7KQ4M-X",
}
_CHECK_CHARACTER = {
    "description": "A typo in the code: a wrong check character or an unknown campaign prefix "
    "(error.code `check_character`, error.fields.code: check the code)",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_CLAIM_ID = {"name": "claim_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _query(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_LETTER_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string"},
        "age": {"type": "integer"},
        "gender": {"type": "string", "enum": ["f", "m"]},
        "wish": {"type": "string"},
        "needs": {"type": "string"},
        "sibling_group": {
            "type": "string",
            "nullable": True,
            "description": "staff only",
        },
        "siblings": {
            "type": "array",
            "items": {"type": "string"},
            "description": "one letter only: codes of its available siblings",
        },
        "available": {"type": "boolean"},
        "drop_off_point": {
            "type": "object",
            "properties": {
                "number": {"type": "integer"},
                "name": {"type": "string"},
                "address": {"type": "string"},
            },
        },
        "url": {"type": "string"},
        "status": {"type": "string", "description": "staff tokens only"},
        "case_reference": {
            "type": "string",
            "description": "staff of the letter's centre and coordinators only",
        },
    },
}
_CLAIM_SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "code": {"type": "string"},
        "status": {
            "type": "string",
            "enum": ["active", "received", "delivered", "cancelled", "released"],
        },
        "claimed_at": {"type": "string", "format": "date-time"},
        "deadline": {"type": "string", "format": "date"},
        "drop_off_point": {"type": "string"},
        "slip_url": {"type": "string"},
    },
}
_CLAIMS_SCHEMA = {
    "type": "object",
    "properties": {"claims": {"type": "array", "items": _CLAIM_SCHEMA}},
}
_BEARER = [{"bearerAuth": []}]

OPENAPI_PATHS = {
    "/letters": {
        "get": {
            "summary": "Available letters of the current campaign (the catalogue)",
            "tags": ["catalogue"],
            "parameters": [
                _query("age_min", {"type": "integer", "minimum": 0, "maximum": 18}, "youngest age"),
                _query("age_max", {"type": "integer", "minimum": 0, "maximum": 18}, "oldest age"),
                _query("gender", {"type": "string", "enum": ["f", "m"]}, "child's gender"),
                _query("center", {"type": "integer"}, "drop-off point's number (CPS n)"),
                _query("q", {"type": "string", "maxLength": 100}, "text in the wish or needs"),
                _query(
                    "sort",
                    {"type": "string", "enum": ["newest", "age_asc", "age_desc"]},
                    "order",
                ),
                _query("page", {"type": "integer", "minimum": 1}, "page number (24 per page)"),
            ],
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "properties": {
                            "items": {"type": "array", "items": _LETTER_SCHEMA},
                            "total": {"type": "integer"},
                            "page": {"type": "integer"},
                            "pages": {"type": "integer"},
                            "per_page": {"type": "integer"},
                        },
                    },
                    "One page of letters; invalid filters are ignored or clamped",
                )
            },
        }
    },
    "/letters/{code}": {
        "get": {
            "summary": "One letter; staff tokens see more",
            "tags": ["catalogue"],
            "parameters": [_CODE],
            "responses": {
                "200": _json(_LETTER_SCHEMA, "The letter"),
                "404": _ERROR,
                "422": _CHECK_CHARACTER,
            },
        }
    },
    "/letters/{code}/claim": {
        "post": {
            "summary": "Claim a letter (donor with a verified e-mail)",
            "tags": ["claims"],
            "security": _BEARER,
            "parameters": [_CODE],
            "requestBody": {
                "required": False,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "siblings": {
                                    "type": "boolean",
                                    "description": "also claim its available siblings, all or none",
                                }
                            },
                        }
                    }
                },
            },
            "responses": {
                "201": _json(
                    {"oneOf": [_CLAIM_SCHEMA, _CLAIMS_SCHEMA]},
                    "Claimed: the claim, or {claims: [...]} with siblings",
                ),
                "200": _json(
                    {"oneOf": [_CLAIM_SCHEMA, _CLAIMS_SCHEMA]},
                    "A repeated request: the donor already holds it",
                ),
                "401": _ERROR,
                "403": _ERROR,
                "404": _ERROR,
                "409": _ERROR,
                "422": {
                    "description": "A claim rule says no, or a typo in the code (error.code "
                    "`check_character`, error.fields.code: check the code)",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                    },
                },
            },
        }
    },
    "/claims": {
        "get": {
            "summary": "The donor's own claims",
            "tags": ["claims"],
            "security": _BEARER,
            "responses": {"200": _json(_CLAIMS_SCHEMA, "Claims, newest first"), "401": _ERROR},
        }
    },
    "/claims/{claim_id}": {
        "delete": {
            "summary": "Cancel the donor's own claim; the letter is available again",
            "tags": ["claims"],
            "security": _BEARER,
            "parameters": [_CLAIM_ID],
            "responses": {
                "200": _json(_CLAIM_SCHEMA, "The cancelled claim"),
                "401": _ERROR,
                "404": _ERROR,
                "409": _ERROR,
            },
        }
    },
    "/claims/{claim_id}/slip.pdf": {
        "get": {
            "summary": "The coded slip (donor: own claim; staff: parcels in their scope)",
            "tags": ["claims"],
            "security": _BEARER,
            "parameters": [_CLAIM_ID],
            "responses": {
                "200": {
                    "description": "One A4 page",
                    "content": {
                        "application/pdf": {"schema": {"type": "string", "format": "binary"}}
                    },
                },
                "401": _ERROR,
                "404": _ERROR,
            },
        }
    },
}
