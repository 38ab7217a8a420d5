"""Views of the donors domain: the catalogue, one letter, claiming, my letters, the slip,
the donor's own data, and the coordinator's page for per-donor limits."""

import json

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from campaign.auth.decorators import verified_required
from campaign.auth.limits import password_check_limited
from campaign.auth.models import User
from campaign.core import centres
from campaign.core.errors import Conflict, DomainError
from campaign.donors import catalogue as catalogue_queries
from campaign.donors import labels, queries, services
from campaign.donors.forms import (
    CancelClaimForm,
    ClaimForm,
    DeleteAccountForm,
    DonorSearchForm,
    LetterLimitForm,
)
from campaign.donors.notifications import slip_filename
from campaign.donors.slip import slip_pdf
from campaign.extensions import db
from campaign.letters.access import PUBLIC_PAGE_STATUSES
from campaign.letters.forms import WalkinForm
from campaign.letters.models import Campaign, LetterStatus
from campaign.letters.queries import lookup_code
from campaign.letters.views import _staff_letter
from campaign.security import coordinator_required, roles_required
from campaign.web.downloads import download
from campaign.web.forms import show_error
from campaign.web.pagecache import cached_fragment, cached_page, shared_by_role

bp = Blueprint("donors", __name__)


@bp.app_context_processor
def _labels():
    return {"donor_labels": labels}


def _me() -> User:
    return current_user._get_current_object()


# --- the catalogue ------------------------------------------------------------------------


@bp.get("/listy")
@cached_page
@shared_by_role
def catalogue():
    """Available letters of the current campaign, filtered, sorted and paginated."""
    filters = catalogue_queries.CatalogueFilters.from_args(request.args)

    def render(**visitor):
        campaign = Campaign.current()
        page = catalogue_queries.catalogue_page(campaign, filters) if campaign else None
        return render_template(
            "donors/_catalogue.html",
            campaign=campaign,
            filters=filters,
            page=page,
            centers=centres.all_centers(),
            sorts=labels.SORTS,
            **visitor,
        )

    # The list is the same for everyone: a signed-in donor's page renders only their menu.
    body = cached_fragment("catalogue", filters.query_args(), render)
    return render_template("donors/catalogue.html", catalogue=body)


@bp.get("/listy/<code>")
@cached_page
def letter(code: str):
    """One letter: its wish, its siblings and the claim button; or why it cannot be taken."""
    found = lookup_code(code, suggest=True)
    if found.letter is None or found.letter.status_enum not in PUBLIC_PAGE_STATUSES:
        near = [x for x in found.near if x.status_enum is LetterStatus.AVAILABLE]
        problem = found.problem or "unknown"
        return render_template(
            "donors/code_problem.html", found=found, problem=problem, near=near
        ), 404
    letter = found.letter
    if letter.status_enum is not LetterStatus.AVAILABLE:
        mine = _held_by_me(letter.id)
        return render_template(
            "donors/letter_unavailable.html",
            letter=letter,
            mine=mine,
            similar=catalogue_queries.similar_letters(letter),
        )
    return render_template(
        "donors/letter.html",
        letter=letter,
        siblings=catalogue_queries.available_siblings(letter),
        form=ClaimForm(),
        claims_open=letter.campaign.claims_open(),
    )


def _held_by_me(letter_id: int) -> bool:
    if not (current_user.is_authenticated and current_user.is_donor):
        return False
    claim = queries.holding_claim(letter_id)
    return claim is not None and claim.donor_id == current_user.id


@bp.post("/listy/<code>/rezerwuj")
@roles_required("donor")
@verified_required
def claim(code: str):
    """Claim the letter, or it and its available siblings together, for the donor."""
    form = ClaimForm()
    if not form.validate_on_submit():
        abort(400)
    letter = lookup_code(code).letter
    if letter is None:
        abort(404)
    letters = [letter]
    if form.with_siblings:
        letters += catalogue_queries.available_siblings(letter)
    try:
        claims = services.claim_letters(_me(), letters)
    except services.AlreadyYours:
        flash(_("Ten list już jest Twój."), "info")
        return redirect(url_for("donors.my_letters"))
    except DomainError as error:
        return _claim_refused(letter, error)
    codes = ", ".join(c.letter.display_code for c in claims)
    flash(
        _(
            "Dziękujemy! Zarezerwowano: %(codes)s. Kupon do wydrukowania wysłaliśmy e-mailem "
            "i znajdziesz go też poniżej.",
            codes=codes,
        ),
        "success",
    )
    return redirect(url_for("donors.my_letters"))


def _claim_refused(letter, error: DomainError):
    similar = catalogue_queries.similar_letters(letter) if isinstance(error, Conflict) else []
    return (
        render_template("donors/claim_refused.html", letter=letter, error=error, similar=similar),
        error.http_status,
    )


# --- my letters -----------------------------------------------------------------------------


@bp.get("/moje-listy")
@roles_required("donor")
def my_letters():
    """The donor's claims: status, deadline, drop-off point, slip and cancel."""
    return render_template(
        "donors/my_letters.html",
        claims=queries.claims_of(_me()),
        cancel_form=CancelClaimForm(),
    )


@bp.post("/moje-listy/<int:claim_id>/rezygnuj")
@roles_required("donor")
def cancel(claim_id: int):
    """Give a letter back before the parcel was received; it returns to the catalogue."""
    form = CancelClaimForm()
    if not form.validate_on_submit():
        abort(400)
    claim = queries.own_claim(_me(), claim_id)
    if claim is None:
        abort(404)
    try:
        services.cancel_claim(_me(), claim)
    except DomainError as error:
        flash(error.translated(), "error")
    else:
        flash(
            _(
                "Zrezygnowano z listu %(code)s — wrócił do katalogu.",
                code=claim.letter.display_code,
            ),
            "success",
        )
    return redirect(url_for("donors.my_letters"))


@bp.get("/moje-listy/<int:claim_id>/kupon.pdf")
@login_required
def slip(claim_id: int):
    """The coded slip of a claim: the donor's own, or a parcel in a staff member's scope."""
    claim = queries.visible_claim(_me(), claim_id)
    if claim is None:
        abort(404)
    return download(slip_pdf(claim), slip_filename(claim), "application/pdf", inline=True)


# --- the donor's own data -------------------------------------------------------------------


@bp.get("/moje-dane/pobierz")
@roles_required("donor")
def export_my_data():
    """Download everything we hold about the donor as JSON."""
    body = json.dumps(queries.personal_data(_me()), ensure_ascii=False, indent=2)
    return download(body, "moje-dane.json", "application/json")


@bp.route("/moje-dane/usun-konto", methods=["GET", "POST"])
@roles_required("donor")
@password_check_limited
def delete_account():
    """Delete the donor's account after a password check; held letters go back."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_donor_account(_me(), form.password.data)
        except DomainError as error:
            show_error(form, error)
        else:
            logout_user()
            flash(_("Twoje konto zostało usunięte. Dziękujemy za pomoc!"), "success")
            return redirect(url_for("office.home"))
    status = 422 if form.errors else 200
    return render_template(
        "donors/delete_account.html",
        form=form,
        active=len(queries.active_claims_of(_me())),
    ), status


# --- coordinator: per-donor limits ----------------------------------------------------------


@bp.get("/koordynacja/darczyncy")
@coordinator_required
def coordinator_donors():
    """Find a donor by e-mail and raise (or reset) how many letters they may hold."""
    return _donors_page(DonorSearchForm(request.args))


def _donors_page(search: DonorSearchForm, limit_form=None, limit_for: int | None = None):
    found = None
    if search.email.data and search.validate():
        found = queries.donor_by_email(search.email.data.strip())
    donors = queries.donors_with_raised_limit()
    if found is not None and found not in donors:
        donors.insert(0, found)
    campaign = Campaign.current()
    held = queries.holding_counts([d.id for d in donors], campaign.id) if campaign else {}
    return render_template(
        "donors/coordinator_donors.html",
        search=search,
        searched=bool(search.email.data),
        found=found,
        donors=donors,
        held=held,
        campaign=campaign,
        limit_form=limit_form,
        limit_for=limit_for,
        blank_form=LetterLimitForm(formdata=None),
    )


@bp.post("/koordynacja/darczyncy/<int:user_id>/limit")
@coordinator_required
def set_limit(user_id: int):
    """Set one donor's letter limit; empty means the campaign's default."""
    donor = db.session.get(User, user_id)
    if donor is None or not donor.is_donor:
        abort(404)
    form = LetterLimitForm()
    if form.validate_on_submit():
        try:
            services.set_letter_limit(_me(), donor, form.letter_limit.data)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Zapisano limit listów dla: %(name)s.", name=donor.display_name), "success")
            return redirect(url_for("donors.coordinator_donors", email=donor.email))
    search = DonorSearchForm(formdata=None, email=donor.email)
    return _donors_page(search, limit_form=form, limit_for=donor.id), 422


@bp.route("/pracownik/listy/<code>/darczynca", methods=["GET", "POST"])
@coordinator_required
def walkin(code: str):
    """Record a walk-in donor who took this paper letter at an event (the donors' claim path,
    so the route lives here although the page sits among the staff's letter pages)."""
    letter = _staff_letter(code)
    form = WalkinForm()
    if form.validate_on_submit():
        try:
            services.record_walkin_claim(
                letter,
                actor=current_user,
                name=form.walkin_name.data,
                contact=form.walkin_contact.data,
            )
        except DomainError as error:
            flash(error.translated(), "error")
            return redirect(url_for("letters.detail", code=letter.code))
        flash(_("Zapisano darczyńcę listu papierowego."), "success")
        return redirect(url_for("letters.detail", code=letter.code))
    status = 422 if form.errors else 200
    return render_template("letters/walkin.html", letter=letter, form=form), status
