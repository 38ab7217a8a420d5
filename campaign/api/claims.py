"""API routes for claims (see DESIGN.md's API table).

A donor token claims, lists and cancels its own claims; another donor's claim is a 404, as if
it did not exist. The slip is also for staff, for parcels in their scope.
"""

from flask import jsonify
from flask_babel import gettext as _

from campaign.api import bp
from campaign.api.auth import bearer_user, token_required
from campaign.api.errors import ApiError, json_object, letter_by_code, parse
from campaign.api.openapi import PDF, documented
from campaign.api.schemas import ClaimList, ClaimOut, ClaimRequest, dump
from campaign.donors import catalogue, queries, services
from campaign.donors.models import Claim
from campaign.donors.notifications import slip_filename
from campaign.donors.slip import slip_pdf
from campaign.web.downloads import download

CLAIMED = (ClaimOut, ClaimList)


def claim_json(claim: Claim) -> dict:
    return {
        "id": claim.id,
        "code": claim.letter.display_code,
        "status": claim.status,
        "claimed_at": claim.created_at,
        "deadline": claim.deadline,
        "drop_off_point": claim.letter.center.name,
        "slip_url": f"{bp.url_prefix}/claims/{claim.id}/slip.pdf",
    }


def _claims(claims: list[Claim]) -> dict:
    return dump(ClaimList, {"claims": [claim_json(c) for c in claims]})


def _own_claim(claim_id: int) -> Claim:
    claim = queries.own_claim(bearer_user(), claim_id)
    if claim is None:
        raise ApiError(404, _("Nie ma takiej rezerwacji."))
    return claim


@bp.post("/letters/<code>/claim")
@token_required("donor")
@documented(
    "Claim a letter (donor with a verified e-mail)",
    tags=["claims"],
    body=ClaimRequest,
    body_required=False,
    responses={
        201: (CLAIMED, "Claimed: the claim, or {claims: [...]} with siblings"),
        200: (CLAIMED, "A repeated request: the donor already holds it"),
        403: "Not a donor's token, or the donor's e-mail is not verified",
        409: "Taken by someone else a moment ago, or withdrawn",
        422: "A claim rule says no (the donor's limit, the campaign closed)",
    },
)
def claim_letter(code: str):
    """Claim a letter (with {"siblings": true} also its available siblings) for the donor."""
    letter = letter_by_code(code, _("Nie ma takiego listu."))
    with_siblings = parse(ClaimRequest, json_object(empty_is={})).siblings
    letters = [letter, *catalogue.available_siblings(letter)] if with_siblings else [letter]
    try:
        claims, status = services.claim_letters(bearer_user(), letters), 201
    except services.AlreadyYours as repeated:
        # A repeated request changes nothing and answers like the first one did.
        claims, status = repeated.claims, 200
    if with_siblings:
        return jsonify(_claims(claims)), status
    return jsonify(dump(ClaimOut, claim_json(claims[0]))), status


@bp.get("/claims")
@token_required("donor")
@documented(
    "The donor's own claims",
    tags=["claims"],
    responses={200: (ClaimList, "Claims, newest first")},
)
def list_claims():
    """The donor's own claims, newest first."""
    return jsonify(_claims(queries.claims_of(bearer_user())))


@bp.delete("/claims/<int:claim_id>")
@token_required("donor")
@documented(
    "Cancel the donor's own claim; the letter is available again",
    tags=["claims"],
    responses={
        200: (ClaimOut, "The cancelled claim"),
        409: "The parcel was received already, or the claim has ended",
    },
)
def cancel_claim(claim_id: int):
    """Cancel the donor's own claim before the parcel is received; the letter is available again."""
    claim = _own_claim(claim_id)
    services.cancel_claim(bearer_user(), claim)
    return jsonify(dump(ClaimOut, claim_json(claim)))


@bp.get("/claims/<int:claim_id>/slip.pdf")
@token_required()
@documented(
    "The coded slip (donor: own claim; staff: parcels in their scope)",
    tags=["claims"],
    responses={200: (PDF, "One A4 page")},
)
def claim_slip(claim_id: int):
    """The coded slip of the donor's own claim, or of a parcel in a staff member's scope."""
    claim = queries.visible_claim(bearer_user(), claim_id)
    if claim is None:
        raise ApiError(404, _("Nie ma takiej rezerwacji."))
    return download(slip_pdf(claim), slip_filename(claim), PDF, inline=True)
