"""API routes for parcels (see DESIGN.md's API table): intake and delivery for scanner devices,
the statistics for the city's reporting. Both actions are idempotent: a repeat answers 200 with
`already: true` and changes nothing."""

from flask import jsonify, request
from flask_babel import gettext as _

from campaign.api import bp
from campaign.api.auth import bearer_user, token_required
from campaign.api.errors import domain_error_response, error_response
from campaign.core import centres
from campaign.core.errors import DomainError
from campaign.donors.models import Claim, ParcelCondition
from campaign.letters import queries as letter_queries
from campaign.letters.models import Letter, LetterStatus
from campaign.letters.queries import lookup_code
from campaign.parcels import queries, services
from campaign.templating import local_datetime

NOTE_MAX = 500
CONDITIONS = frozenset(c.value for c in ParcelCondition)


def _letter_or_error(code: str) -> tuple[Letter | None, tuple | None]:
    lookup = lookup_code(code)
    if lookup.problem == "check":
        message = _("Sprawdź kod: znak kontrolny się nie zgadza (literówka?).")
        return None, error_response(422, message, "check_character", {"code": message})
    if lookup.problem == "shape":
        message = _("To nie jest kod paczki.")
        return None, error_response(422, message, "validation_failed", {"code": message})
    if lookup.letter is None:
        return None, error_response(404, _("Nie znaleziono paczki o tym kodzie."))
    return lookup.letter, None


def _timestamp(value) -> str | None:
    return value.isoformat() + "Z" if value else None


def _already_message(claim: Claim, action: str) -> str:
    """What the device shows on a repeat: when, where and by whom it was done."""
    if action == "deliver":
        who = claim.delivered_by.display_name if claim.delivered_by else "—"
        return _(
            "Już wydana rodzinie %(when)s przez %(who)s.",
            when=local_datetime(claim.delivered_at),
            who=who,
        )
    center = claim.received_at_center or claim.letter.center
    return _(
        "Już przyjęta %(when)s w %(point)s przez %(who)s.",
        when=local_datetime(claim.received_at),
        point=center.label,
        who=claim.received_by.display_name if claim.received_by else "—",
    )


def parcel_json(claim: Claim, *, already: bool, action: str = "receive") -> dict:
    return {
        "message": _already_message(claim, action) if already else "",
        "code": claim.letter.display_code,
        "status": claim.status,
        "already": already,
        "condition": claim.condition,
        "received_at": _timestamp(claim.received_at),
        "received_at_center": claim.received_at_center.number if claim.received_at_center else None,
        "received_by": claim.received_by.display_name if claim.received_by else None,
        "delivered_at": _timestamp(claim.delivered_at),
    }


def _json_object() -> tuple[dict, tuple | None]:
    """The request's JSON object; an empty body means "use the defaults"."""
    if not request.get_data():
        return {}, None
    # None for malformed JSON, another content type, or `null`: all refused like a list would be.
    payload = request.get_json(silent=True)
    if isinstance(payload, dict):
        return payload, None
    message = _('Treść żądania musi być obiektem JSON, np. {"condition": "complete"}.')
    return {}, error_response(400, message, "validation_failed", {"body": message})


def _intake_input(payload: dict) -> tuple[str, str, dict]:
    condition = payload.get("condition", ParcelCondition.COMPLETE.value)
    note = payload.get("note")
    note = "" if note is None else note
    fields = {}
    # A list or an object is not hashable: test the type before the membership.
    if not isinstance(condition, str) or condition not in CONDITIONS:
        fields["condition"] = _("Dozwolone: complete, incomplete, damaged.")
    if not isinstance(note, str) or len(note) > NOTE_MAX:
        fields["note"] = _("Tekst do %(n)s znaków.", n=NOTE_MAX)
    return condition, note, fields


@bp.post("/parcels/<code>/receive")
@token_required("social_worker", "coordinator")
def receive_parcel(code: str):
    """Take a parcel in (idempotent)."""
    payload, error = _json_object()
    if error:
        return error
    condition, note, fields = _intake_input(payload)
    if fields:
        return error_response(422, _("Popraw zaznaczone pola."), fields=fields)
    letter, error = _letter_or_error(code)
    if error:
        return error
    try:
        receipt = services.receive_parcel(bearer_user(), letter, condition, note)
    except DomainError as failure:
        return domain_error_response(failure)
    return jsonify(parcel_json(receipt.claim, already=receipt.already))


@bp.post("/parcels/<code>/deliver")
@token_required("social_worker", "coordinator")
def deliver_parcel(code: str):
    """Hand a received parcel to the family (idempotent)."""
    letter, error = _letter_or_error(code)
    if error:
        return error
    try:
        outcome = services.deliver_parcels(bearer_user(), [letter])
    except DomainError as failure:
        return domain_error_response(failure)
    claim = (outcome.delivered or outcome.already)[0]
    return jsonify(parcel_json(claim, already=bool(outcome.already), action="deliver"))


@bp.get("/stats")
@token_required("coordinator")
def stats():
    """Letters per status, per centre, and overdue claims, for one campaign (the current one)."""
    campaign = queries.campaign_by_prefix(request.args.get("campaign"))
    if campaign is None:
        return error_response(404, _("Nie ma takiej akcji."))
    statuses = [s.value for s in LetterStatus]
    totals = letter_queries.campaign_status_counts(campaign.id)
    by_center = letter_queries.status_counts_by_center(campaign.id)
    overdue = queries.overdue_count_by_center(campaign)
    return jsonify(
        campaign=campaign.code_prefix,
        letters={s: totals.get(s, 0) for s in statuses},
        total=sum(totals.values()),
        covered=queries.covered_count(campaign),
        overdue=sum(overdue.values()),
        centers=[
            {
                "number": center.number,
                "name": center.name,
                "letters": {s: by_center.get(center.id, {}).get(s, 0) for s in statuses},
                "total": sum(by_center.get(center.id, {}).values()),
                "overdue": overdue.get(center.id, 0),
            }
            for center in centres.all_centers()
        ],
    )


_ERRORS = {"$ref": "#/components/responses/Error"}
_CODE_PARAM = {
    "name": "code",
    "in": "path",
    "required": True,
    "description": "The parcel's code, any case, with or without dashes (e.g. KMP26-7KQ4M-X).",
    "schema": {"type": "string"},
}
_PARCEL = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "example": "KMP26-7KQ4M-X"},
        "message": {
            "type": "string",
            "description": "On a repeat: when, where and by whom it was done; else empty.",
        },
        "status": {"type": "string", "enum": ["received", "delivered"]},
        "already": {
            "type": "boolean",
            "description": "True when this was done before: nothing was changed.",
        },
        "condition": {
            "type": "string",
            "enum": ["complete", "incomplete", "damaged"],
            "nullable": True,
        },
        "received_at": {"type": "string", "format": "date-time", "nullable": True},
        "received_at_center": {"type": "integer", "nullable": True},
        "received_by": {"type": "string", "nullable": True},
        "delivered_at": {"type": "string", "format": "date-time", "nullable": True},
    },
}
_PARCEL_RESPONSE = {"content": {"application/json": {"schema": _PARCEL}}}
_STATUS_COUNTS = {
    "type": "object",
    "properties": {s.value: {"type": "integer"} for s in LetterStatus},
}

OPENAPI_PATHS = {
    "/parcels/{code}/receive": {
        "post": {
            "summary": "Take a parcel in at a drop-off point (idempotent)",
            "description": "A social worker only for their centre's letters, unless the campaign "
            "allows intake anywhere (then it is recorded where it was taken in); a coordinator "
            "anywhere. The donor is thanked by e-mail. 404: unknown code or another centre's "
            "parcel; "
            "400: the body is not a JSON object; "
            "409: the letter is not claimed (no parcel expected), or its claim was cancelled or "
            "released a moment ago (code `conflict`); 422: wrong check character "
            "(code `check_character`) or invalid fields.",
            "tags": ["parcels"],
            "security": [{"bearerAuth": []}],
            "parameters": [_CODE_PARAM],
            "requestBody": {
                "required": False,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "condition": {
                                    "type": "string",
                                    "enum": ["complete", "incomplete", "damaged"],
                                    "default": "complete",
                                },
                                "note": {"type": "string", "maxLength": NOTE_MAX},
                            },
                        }
                    }
                },
            },
            "responses": {
                "200": {"description": "Received now, or before (`already`)", **_PARCEL_RESPONSE},
                "400": _ERRORS,
                "401": _ERRORS,
                "403": _ERRORS,
                "404": _ERRORS,
                "409": _ERRORS,
                "422": _ERRORS,
            },
        }
    },
    "/parcels/{code}/deliver": {
        "post": {
            "summary": "Hand a received parcel to the family (idempotent)",
            "description": "The letter's centre's social worker or a coordinator. 404: unknown "
            "code or another centre's parcel; 409: the parcel was never received; 422: wrong check "
            "character.",
            "tags": ["parcels"],
            "security": [{"bearerAuth": []}],
            "parameters": [_CODE_PARAM],
            "responses": {
                "200": {"description": "Delivered now, or before (`already`)", **_PARCEL_RESPONSE},
                "401": _ERRORS,
                "403": _ERRORS,
                "404": _ERRORS,
                "409": _ERRORS,
                "422": _ERRORS,
            },
        }
    },
    "/stats": {
        "get": {
            "summary": "Letters per status and per centre, overdue claims",
            "tags": ["parcels"],
            "security": [{"bearerAuth": []}],
            "parameters": [
                {
                    "name": "campaign",
                    "in": "query",
                    "required": False,
                    "description": "The campaign's code prefix (e.g. KMP26); the current one "
                    "when left out.",
                    "schema": {"type": "string"},
                }
            ],
            "responses": {
                "200": {
                    "description": "Counts",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "campaign": {"type": "string"},
                                    "letters": _STATUS_COUNTS,
                                    "total": {"type": "integer"},
                                    "covered": {"type": "integer"},
                                    "overdue": {"type": "integer"},
                                    "centers": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "number": {"type": "integer"},
                                                "name": {"type": "string"},
                                                "letters": _STATUS_COUNTS,
                                                "total": {"type": "integer"},
                                                "overdue": {"type": "integer"},
                                            },
                                        },
                                    },
                                },
                            }
                        }
                    },
                },
                "401": _ERRORS,
                "403": _ERRORS,
                "404": _ERRORS,
            },
        }
    },
}
