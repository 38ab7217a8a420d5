"""Views of the parcels domain: the intake table, delivery to families, the coordinator's pages."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from campaign.core import centres
from campaign.core.clock import today
from campaign.core.errors import DomainError
from campaign.donors.models import Claim, ClaimStatus
from campaign.donors.queries import holding_claim
from campaign.donors.scope import can_see_parcel, can_take_in
from campaign.extensions import db
from campaign.letters.codes import format_code, normalise
from campaign.letters.models import Campaign, Letter
from campaign.letters.queries import lookup_code
from campaign.parcels import exports, queries, services
from campaign.parcels.dashboard import build_dashboard
from campaign.parcels.forms import (
    CLAIM_STATUS_LABELS,
    CONDITION_LABELS,
    LETTER_STATUS_LABELS,
    ActionForm,
    AuditFilterForm,
    CoverForm,
    DeliverForm,
    DonorSearchForm,
    ExtendForm,
    ReceiveForm,
    ReleaseForm,
    ScanForm,
)
from campaign.security import coordinator_required, staff_required
from campaign.templating import local_date

bp = Blueprint("parcels", __name__)
AUDIT_PAGE_SIZE = 50
NEAR_DEADLINE_DAYS = 7


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


# --- overdue and unclaimed -------------------------------------------------------------------


def _current_campaign_or_404() -> Campaign:
    campaign = queries.campaign_by_prefix(request.args.get("campaign"))
    if campaign is None:
        abort(404)
    return campaign


@bp.get("/koordynacja/zaleglosci")
@coordinator_required
def overdue():
    """Claims past their deadline, and letters still without a donor."""
    return _render_overdue()


def _render_overdue(cover_form: CoverForm | None = None, failed_letter_id=None, status=200):
    campaign = _current_campaign_or_404()
    center = centres.center_by_number(request.args.get("center", type=int))
    age_min = request.args.get("age_min", type=int)
    age_max = request.args.get("age_max", type=int)
    days_to_deadline = (campaign.parcel_deadline - today()).days
    # Early in the campaign nearly every letter waits: the list matters near the deadline.
    show_unclaimed = (
        days_to_deadline <= NEAR_DEADLINE_DAYS
        or cover_form is not None
        or "wszystkie" in request.args
        or age_min is not None
        or age_max is not None
    )
    unclaimed = queries.unclaimed_letters(campaign, age_min, age_max) if show_unclaimed else None
    return render_template(
        "parcels/overdue.html",
        campaign=campaign,
        center=center,
        claims=queries.overdue_claims(campaign, center.id if center else None),
        unclaimed=unclaimed,
        unclaimed_count=len(unclaimed) if show_unclaimed else queries.unclaimed_count(campaign),
        days_to_deadline=days_to_deadline,
        covered=queries.covered_letters(campaign),
        age_min=age_min,
        age_max=age_max,
        action_form=ActionForm(),
        cover_form=cover_form,
        failed_letter_id=failed_letter_id,
    ), status


def _claim_or_404(claim_id: int) -> Claim:
    return db.session.get(Claim, claim_id) or abort(404)


@bp.get("/koordynacja/rezerwacje/<int:claim_id>")
@coordinator_required
def claim_detail(claim_id: int):
    """One claim with the coordinator's actions: remind, extend, release."""
    return _render_claim(_claim_or_404(claim_id))


def _render_claim(claim, extend_form=None, release_form=None, status=200):
    return render_template(
        "parcels/claim.html",
        claim=claim,
        letter=claim.letter,
        action_form=ActionForm(),
        extend_form=extend_form or ExtendForm(),
        release_form=release_form or ReleaseForm(),
    ), status


@bp.post("/koordynacja/rezerwacje/<int:claim_id>/przypomnij")
@coordinator_required
def remind(claim_id: int):
    """Send the overdue reminder to the donor now."""
    claim = _claim_or_404(claim_id)
    if ActionForm().validate():
        try:
            services.remind_overdue(_me(), claim)
            flash(
                _("Wysłano przypomnienie do darczyńcy (%(code)s).", code=claim.letter.display_code),
                "success",
            )
        except DomainError as error:
            flash(error.translated(), "error")
    return redirect(url_for(".overdue"))


@bp.post("/koordynacja/rezerwacje/<int:claim_id>/przedluz")
@coordinator_required
def extend(claim_id: int):
    """Give this donor a later deadline."""
    claim = _claim_or_404(claim_id)
    form = ExtendForm()
    if not form.validate():
        return _render_claim(claim, extend_form=form, status=422)
    try:
        services.extend_deadline(_me(), claim, form.deadline.data)
    except DomainError as error:
        _copy_errors(error, form)
        return _render_claim(claim, extend_form=form, status=error.http_status)
    flash(_("Przedłużono termin do %(date)s.", date=local_date(form.deadline.data)), "success")
    return redirect(url_for(".overdue"))


@bp.post("/koordynacja/rezerwacje/<int:claim_id>/zwolnij")
@coordinator_required
def release(claim_id: int):
    """Release the claim: the letter goes back to the catalogue and the donor is told."""
    claim = _claim_or_404(claim_id)
    form = ReleaseForm()
    if not form.validate():
        return _render_claim(claim, release_form=form, status=422)
    try:
        services.release_claim(_me(), claim, form.reason.data)
    except DomainError as error:
        _copy_errors(error, form)
        return _render_claim(claim, release_form=form, status=error.http_status)
    flash(
        _(
            "Rezerwacja zwolniona, list %(code)s wrócił do katalogu.",
            code=claim.letter.display_code,
        ),
        "success",
    )
    return redirect(url_for(".overdue"))


@bp.post("/koordynacja/listy/<code>/pokryty")
@coordinator_required
def mark_covered(code: str):
    """Mark a letter nobody took as fulfilled by the centre or a partner."""
    letter = lookup_code(code).letter or abort(404)
    form = CoverForm()
    if not form.validate():
        return _render_overdue(form, letter.id, status=422)
    try:
        services.mark_covered(_me(), letter, form.note.data)
    except DomainError as error:
        _copy_errors(error, form)
        return _render_overdue(form, letter.id, status=error.http_status)
    flash(
        _(
            "List %(code)s oznaczony: paczkę przygotuje %(who)s.",
            code=letter.display_code,
            who=letter.covered_note,
        ),
        "success",
    )
    return redirect(url_for(".overdue", wszystkie=1, _anchor="nieodebrane"))


def _copy_errors(error: DomainError, form) -> None:
    """Show a service's refusal on the form it came from, next to the field when it names one."""
    named = [name for name in error.fields if name in form]
    for name in named:
        message = _(error.fields[name])
        form[name].errors = [
            *form[name].errors,
            message % error.params if error.params else message,
        ]
    if not named:
        form.form_errors.append(error.translated())


# --- dashboard, exports, lists, audit ----------------------------------------------------------


@bp.get("/koordynacja")
@coordinator_required
def dashboard():
    """The campaign at a glance: counts, charts with their tables, links to the lists behind."""
    campaign = Campaign.current()
    if campaign is None:
        return render_template("parcels/dashboard.html", board=None)
    return render_template("parcels/dashboard.html", board=build_dashboard(campaign))


@bp.get("/koordynacja/eksport/<kind>.csv")
@coordinator_required
def export(kind: str):
    """Letters, claims or parcels of a campaign (optionally one centre) as CSV for Excel."""
    if kind not in exports.KINDS:
        abort(404)
    campaign = _current_campaign_or_404()
    number = request.args.get("center", type=int)
    center = centres.center_by_number(number)
    if number is not None and center is None:
        abort(404)
    data = services.export_csv(_me(), kind, campaign, center)
    name = exports.filename(kind, campaign, center)
    return Response(
        data,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/koordynacja/lista/<int:center_number>.pdf")
@staff_required
def parcel_list(center_number: int):
    """The printable list of parcels a drop-off point expects."""
    center = centres.center_by_number(center_number)
    me = _me()
    if center is None or not (me.is_coordinator or me.center_id == center.id):
        abort(404)
    campaign = _current_campaign_or_404()
    pdf = services.print_parcel_list(me, campaign, center, CLAIM_STATUS_LABELS, CONDITION_LABELS)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="paczki-cps{center.number}.pdf"'},
    )


@bp.get("/koordynacja/dziennik")
@coordinator_required
def audit():
    """The audit trail: who did what and when, newest first, filterable."""
    form = AuditFilterForm(request.args)
    form.center.choices = [
        SelectChoice("", _("dowolny")),
        *(SelectChoice(str(c.number), c.label) for c in centres.all_centers()),
    ]
    if request.args and not form.validate():
        return render_template("parcels/audit.html", form=form, page=None), 422
    number = form.center_number()
    center = centres.center_by_number(number) if number is not None else None
    filters = queries.EventFilter(
        code=normalise(form.code.data or ""),
        email=form.email.data or "",
        date_from=form.date_from.data,
        date_to=form.date_to.data,
        to_status=form.to_status.data or "",
        center_id=center.id if center else None,
    )
    page = db.paginate(
        queries.events_query(filters),
        page=request.args.get("page", 1, type=int),
        per_page=AUDIT_PAGE_SIZE,
        error_out=False,
    )
    return render_template("parcels/audit.html", form=form, page=page)
