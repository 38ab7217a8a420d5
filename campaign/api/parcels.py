"""API routes for parcels (see DESIGN.md's API table): intake and delivery for scanner devices,
the statistics for the city's reporting. Both actions are idempotent: a repeat answers 200 with
`already: true` and changes nothing."""

from flask import jsonify, request
from flask_babel import gettext as _

from campaign.api import bp
from campaign.api.auth import bearer_user, token_required
from campaign.api.errors import ApiError, idempotency_key, json_object, letter_by_code, parse
from campaign.api.openapi import documented
from campaign.api.schemas import (
    INTAKE_KEY_MAX,
    IntakeHeaders,
    IntakeRequest,
    Parcel,
    Stats,
    StatsQuery,
    dump,
)
from campaign.core import centres
from campaign.donors.models import Claim
from campaign.i18n import N_
from campaign.letters import queries as letter_queries
from campaign.letters.models import LetterStatus
from campaign.parcels import queries, services
from campaign.parcels.wording import already_message

STAFF = ("social_worker", "coordinator")
PARCEL_NOT_FOUND = N_("Nie znaleziono paczki o tym kodzie.")


def parcel_json(claim: Claim, *, already: bool, action: str = "receive") -> dict:
    return dump(
        Parcel,
        {
            "message": already_message(claim, action) if already else "",
            "code": claim.letter.display_code,
            "status": claim.status,
            "already": already,
            "condition": claim.condition,
            "received_at": claim.received_at,
            "received_at_center": claim.received_at_center.number
            if claim.received_at_center
            else None,
            "received_by": claim.received_by.display_name if claim.received_by else None,
            "delivered_at": claim.delivered_at,
        },
    )


@bp.post("/parcels/<code>/receive")
@token_required(*STAFF)
@documented(
    "Take a parcel in at a drop-off point (idempotent)",
    description="A social worker only for their centre's letters, unless the campaign allows "
    "intake anywhere (then it is recorded where it was taken in); a coordinator anywhere. The "
    "donor is thanked by e-mail. An empty body takes the parcel in as complete.",
    tags=["parcels"],
    headers=IntakeHeaders,
    body=IntakeRequest,
    body_required=False,
    responses={
        200: (Parcel, "Received now, or before (`already`, also for a resent Idempotency-Key)"),
        400: "A body that is not a JSON object, or an Idempotency-Key that is too long",
        404: "Unknown code, or another centre's parcel",
        409: "The letter is not claimed (no parcel expected), its claim was cancelled or "
        "released a moment ago, or the Idempotency-Key was used for another parcel (code "
        "`conflict`)",
    },
)
def receive_parcel(code: str):
    """Take a parcel in (idempotent; an Idempotency-Key also makes a resend its own receipt)."""
    key = idempotency_key(IntakeHeaders, INTAKE_KEY_MAX)
    intake = parse(IntakeRequest, json_object(empty_is={}))
    letter = letter_by_code(code, _(PARCEL_NOT_FOUND))
    receipt = services.receive_parcel(
        bearer_user(), letter, intake.condition, intake.note, intake_key=key
    )
    return jsonify(parcel_json(receipt.claim, already=receipt.already))


@bp.post("/parcels/<code>/deliver")
@token_required(*STAFF)
@documented(
    "Hand a received parcel to the family (idempotent)",
    description="The letter's centre's social worker or a coordinator.",
    tags=["parcels"],
    responses={
        200: (Parcel, "Delivered now, or before (`already`)"),
        404: "Unknown code, or another centre's parcel",
        409: "The parcel was never received",
    },
)
def deliver_parcel(code: str):
    """Hand a received parcel to the family (idempotent)."""
    letter = letter_by_code(code, _(PARCEL_NOT_FOUND))
    outcome = services.deliver_parcels(bearer_user(), [letter])
    claim = (outcome.delivered or outcome.already)[0]
    return jsonify(parcel_json(claim, already=bool(outcome.already), action="deliver"))


@bp.get("/stats")
@token_required("coordinator")
@documented(
    "Letters per status and per centre, overdue claims",
    tags=["parcels"],
    query=StatsQuery,
    responses={200: (Stats, "Counts"), 404: "No campaign with this prefix (or no current one)"},
)
def stats():
    """Letters per status, per centre, and overdue claims, for one campaign (the current one)."""
    campaign = queries.campaign_by_prefix(request.args.get("campaign"))
    if campaign is None:
        raise ApiError(404, _("Nie ma takiej akcji."))
    statuses = [s.value for s in LetterStatus]
    totals = letter_queries.campaign_status_counts(campaign.id)
    by_center = letter_queries.status_counts_by_center(campaign.id)
    overdue = queries.overdue_count_by_center(campaign)
    data = {
        "campaign": campaign.code_prefix,
        "letters": {s: totals.get(s, 0) for s in statuses},
        "total": sum(totals.values()),
        "covered": queries.covered_count(campaign),
        "overdue": sum(overdue.values()),
        "centers": [
            {
                "number": center.number,
                "name": center.name,
                "letters": {s: by_center.get(center.id, {}).get(s, 0) for s in statuses},
                "total": sum(by_center.get(center.id, {}).values()),
                "overdue": overdue.get(center.id, 0),
            }
            for center in centres.all_centers()
        ],
    }
    return jsonify(dump(Stats, data))
