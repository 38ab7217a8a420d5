"""The drop-off table: intake of parcels, delivery to families, the slip's QR landing.

The coordinators' office pages (/koordynacja) live in `office_views`, on this blueprint.
"""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from campaign.core import centres
from campaign.core.errors import DomainError
from campaign.donors.models import Claim, ClaimStatus
from campaign.donors.queries import holding_claim
from campaign.donors.scope import can_see_parcel, can_take_in
from campaign.extensions import db
from campaign.letters.codes import format_code, normalise
from campaign.letters.models import Letter
from campaign.letters.queries import lookup_code
from campaign.parcels import queries, services
from campaign.parcels.forms import (
    CLAIM_STATUS_LABELS,
    CONDITION_LABELS,
    LETTER_STATUS_LABELS,
    DeliverForm,
    DonorSearchForm,
    ReceiveForm,
    ScanForm,
)
from campaign.security import staff_required

bp = Blueprint("parcels", __name__)


@bp.context_processor
def _labels():
    return {
        "letter_status_labels": LETTER_STATUS_LABELS,
        "claim_status_labels": CLAIM_STATUS_LABELS,
        "condition_labels": CONDITION_LABELS,
    }


def _me():
    return current_user._get_current_object()


# --- intake ----------------------------------------------------------------------------------


@bp.get("/punkt/przyjecie")
@staff_required
def intake():
    """The intake table: scan or type a code, see the parcel, take it in."""
    return _render_intake(request.args.get("code", ""))


@bp.post("/punkt/przyjecie")
@staff_required
def receive():
    """Take in the parcel shown on the card, with its condition and a note."""
    form = ReceiveForm()
    if not form.validate():
        return _render_intake(form.code.data or "", form, status=422)
    letter = lookup_code(form.code.data).letter
    if letter is None:
        return _render_intake(form.code.data, status=404)
    try:
        receipt = services.receive_parcel(_me(), letter, form.condition.data, form.note.data or "")
    except DomainError as error:
        flash(error.translated(), "error")
        return _render_intake(form.code.data, form, status=error.http_status)
    if receipt.already:
        flash(_("Ta paczka była już przyjęta: nic nie zmieniono."), "warning")
        return redirect(url_for(".intake", code=letter.display_code))
    return redirect(url_for(".intake", received=letter.display_code))


def _render_intake(raw_code: str, receive_form: ReceiveForm | None = None, status: int = 200):
    page = {
        "scan": ScanForm(formdata=None, data={"code": ""}),
        "problem": None,
        "near": [],
        "claim": None,
    }
    page.update(_donor_search())
    page["last"] = _visible_claim(request.args.get("received", ""))
    if raw_code.strip():
        status = max(status, _look_up_for_intake(raw_code, page, receive_form))
    return render_template("parcels/intake.html", **page), status


def _look_up_for_intake(raw_code: str, page: dict, receive_form: ReceiveForm | None) -> int:
    """Fill the page with the parcel's card or the problem with the code; returns the status."""
    me = _me()
    lookup = lookup_code(raw_code, suggest=True)
    if lookup.problem in ("check", "shape"):
        page["scan"] = ScanForm(
            formdata=None, data={"code": raw_code}
        )  # keep what was typed, to correct it
        page["problem"] = lookup.problem
        page["near"] = [
            letter for letter in lookup.near if can_see_parcel(me, letter, holding_claim(letter.id))
        ]
        return 422
    letter = lookup.letter
    claim = holding_claim(letter.id) if letter else None
    if letter is None or not can_see_parcel(me, letter, claim):
        page["problem"] = "unknown"
        page["unknown_code"] = format_code(lookup.normalised)
        return 404
    page["letter"], page["claim"] = letter, claim
    if claim is not None and claim.status == ClaimStatus.ACTIVE and can_take_in(me, letter):
        page["receive_form"] = receive_form or ReceiveForm(code=letter.display_code)
    return 200


def _visible_claim(raw_code: str) -> Claim | None:
    if not raw_code:
        return None
    letter = lookup_code(raw_code).letter
    claim = holding_claim(letter.id) if letter else None
    if claim is None or not can_see_parcel(_me(), letter, claim):
        return None
    return claim


def _donor_search() -> dict:
    """A donor who lost the slip: staff find the codes by the donor's e-mail."""
    if "email" not in request.args:
        return {"search": DonorSearchForm(), "found": None}
    form = DonorSearchForm(request.args)
    if not form.validate():
        return {"search": form, "found": None}
    me = _me()
    found = [
        claim
        for claim in queries.holding_claims_for_email(form.email.data)
        if can_see_parcel(me, claim.letter, claim)
    ]
    return {"search": form, "found": found}


@bp.get("/p/<code>")
def slip_landing(code: str):
    """The slip's QR address: staff land on intake, everyone else on a thank-you page."""
    if current_user.is_authenticated and current_user.is_staff:
        return redirect(url_for(".intake", code=format_code(normalise(code))))
    # Nothing is looked up: the page is the same for any code, known or not.
    response = Response(render_template("parcels/thanks.html"))
    response.headers["X-Robots-Tag"] = "noindex"
    return response


# --- delivery --------------------------------------------------------------------------------


@bp.route("/punkt/wydawanie", methods=["GET", "POST"])
@staff_required
def delivery():
    """Parcels waiting at a centre, handed to families one by one or several at once."""
    center = _delivery_center()
    form = DeliverForm()
    status = 200
    if form.is_submitted():
        status = _deliver(form)
        if status == 200:
            return redirect(url_for(".delivery", center=center.number))
    return render_template(
        "parcels/delivery.html",
        center=center,
        centers=centres.all_centers() if _me().is_coordinator else [],
        form=form,
        waiting=queries.waiting_parcels(center.id),
        delivered=queries.recently_delivered(center.id),
    ), status


def _delivery_center():
    me = _me()
    if not me.is_coordinator:
        if me.center is None:
            abort(403)
        return me.center
    number = request.args.get("center", type=int)
    if number is not None:
        return centres.center_by_number(number) or abort(404)
    centers = centres.all_centers()
    if not centers:
        abort(404)
    return centers[0]


def _deliver(form: DeliverForm) -> int:
    if not form.validate():
        flash(_("Odśwież stronę i spróbuj ponownie."), "error")
        return 400
    ids = form.chosen_ids()
    letters = list(db.session.scalars(db.select(Letter).where(Letter.id.in_(ids)))) if ids else []
    if len(letters) != len(set(ids)):
        flash(_("Nie znaleziono jednej z zaznaczonych paczek."), "error")
        return 404
    try:
        outcome = services.deliver_parcels(_me(), letters)
    except DomainError as error:
        flash(error.translated(), "error")
        return error.http_status
    if outcome.delivered:
        # Neutral wording: Polish has three plural forms and this source text is Polish.
        flash(_("Wydane rodzinom paczki: %(n)s.", n=len(outcome.delivered)), "success")
    if outcome.already:
        flash(_("Część paczek była już wydana wcześniej."), "warning")
    return 200


from campaign.parcels import office_views  # noqa: E402,F401  (registers routes on bp)
