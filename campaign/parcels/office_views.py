"""The coordinators' office of the parcels domain: overdue claims, the dashboard, exports,
printed lists and the audit trail (the /koordynacja pages on the parcels blueprint)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from campaign.core import centres
from campaign.core.clock import today
from campaign.core.errors import DomainError
from campaign.donors.models import Claim
from campaign.extensions import db
from campaign.letters.codes import normalise
from campaign.letters.models import Campaign
from campaign.letters.queries import lookup_code
from campaign.parcels import exports, queries, services
from campaign.parcels.dashboard import build_dashboard
from campaign.parcels.forms import (
    CLAIM_STATUS_LABELS,
    CONDITION_LABELS,
    ActionForm,
    AuditFilterForm,
    CoverForm,
    ExtendForm,
    ReleaseForm,
)
from campaign.parcels.views import bp
from campaign.security import coordinator_required, staff_required
from campaign.templating import local_date
from campaign.web.downloads import download
from campaign.web.forms import show_error

AUDIT_PAGE_SIZE = 50
NEAR_DEADLINE_DAYS = 7


def _me():
    return current_user._get_current_object()


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

    def later_deadline(claim: Claim, form: ExtendForm) -> str:
        services.extend_deadline(_me(), claim, form.deadline.data)
        return _("Przedłużono termin do %(date)s.", date=local_date(form.deadline.data))

    return _claim_form_action(claim_id, ExtendForm, "extend_form", later_deadline)


@bp.post("/koordynacja/rezerwacje/<int:claim_id>/zwolnij")
@coordinator_required
def release(claim_id: int):
    """Release the claim: the letter goes back to the catalogue and the donor is told."""

    def give_back(claim: Claim, form: ReleaseForm) -> str:
        services.release_claim(_me(), claim, form.reason.data)
        code = claim.letter.display_code
        return _("Rezerwacja zwolniona, list %(code)s wrócił do katalogu.", code=code)

    return _claim_form_action(claim_id, ReleaseForm, "release_form", give_back)


def _claim_form_action(claim_id: int, form_class, form_name: str, act):
    """A coordinator's action on a claim with a form: refusals are shown on the claim's page
    beside the form; `act(claim, form)` calls the service and returns the success message,
    shown on the overdue list."""
    claim = _claim_or_404(claim_id)
    form = form_class()
    if not form.validate():
        return _render_claim(claim, **{form_name: form}, status=422)
    try:
        done = act(claim, form)
    except DomainError as error:
        show_error(form, error)
        return _render_claim(claim, **{form_name: form}, status=error.http_status)
    flash(done, "success")
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
        show_error(form, error)
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
    return download(data, exports.filename(kind, campaign, center), "text/csv")


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
    return download(pdf, f"paczki-cps{center.number}.pdf", "application/pdf", inline=True)


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
