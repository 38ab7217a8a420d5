"""Coordinator views of the letters domain: campaigns, centres (drop-off points), paper letters."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from campaign.core import centres
from campaign.core.centres import Center
from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.letters import campaigns as services
from campaign.letters import queries
from campaign.letters.forms import CampaignForm, CenterForm, utc_to_local
from campaign.letters.models import Campaign, LetterStatus
from campaign.letters.printing import printed_letters_pdf
from campaign.letters.views import bp
from campaign.security import coordinator_required
from campaign.web.downloads import download
from campaign.web.forms import show_error

BLANK_HOURS_ROWS = 2


# --- campaigns -------------------------------------------------------------------------------


@bp.get("/koordynacja/kampanie")
@coordinator_required
def campaigns():
    """Every campaign, the current one marked; past ones stay readable."""
    return render_template(
        "letters/campaigns.html",
        campaigns=queries.all_campaigns(),
        letter_counts=queries.letter_counts_by_campaign(),
    )


@bp.route("/koordynacja/kampanie/nowa", methods=["GET", "POST"])
@coordinator_required
def campaign_new():
    """Create a campaign (an edition of the action)."""
    form = CampaignForm(
        data={"review_required": True, "default_letter_limit": 3, "reminder_days_before": 3}
    )
    return _campaign_form(form, None)


@bp.route("/koordynacja/kampanie/<int:campaign_id>/edycja", methods=["GET", "POST"])
@coordinator_required
def campaign_edit(campaign_id: int):
    """Change a campaign's dates, limits and texts."""
    campaign = db.get_or_404(Campaign, campaign_id)
    data = {name: getattr(campaign, name) for name in services.CAMPAIGN_FIELDS}
    data["claims_open_at"] = utc_to_local(campaign.claims_open_at)
    data["claims_close_at"] = utc_to_local(campaign.claims_close_at)
    return _campaign_form(CampaignForm(data=data), campaign)


def _campaign_form(form: CampaignForm, campaign: Campaign | None):
    if form.validate_on_submit():
        try:
            saved = services.save_campaign(campaign, form.values(), actor=current_user)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Zapisano kampanię „%(name)s”.", name=saved.name), "success")
            return redirect(url_for(".campaign_detail", campaign_id=saved.id))
    status = 422 if request.method == "POST" else 200
    return render_template("letters/campaign_form.html", form=form, campaign=campaign), status


@bp.get("/koordynacja/kampanie/<int:campaign_id>")
@coordinator_required
def campaign_detail(campaign_id: int):
    """A campaign's settings and its letters counted by centre and status, with printing."""
    campaign = db.get_or_404(Campaign, campaign_id)
    counts = queries.status_counts_by_center(campaign.id)
    per_center = {c: counts[c.id] for c in centres.all_centers() if c.id in counts}
    return render_template(
        "letters/campaign_detail.html",
        campaign=campaign,
        per_center=per_center,
        statuses=list(LetterStatus),
    )


@bp.post("/koordynacja/kampanie/<int:campaign_id>/biezaca")
@coordinator_required
def campaign_make_current(campaign_id: int):
    """Make this campaign the current one (the only one letters go into)."""
    campaign = db.get_or_404(Campaign, campaign_id)
    try:
        services.make_current(campaign, actor=current_user)
    except DomainError as error:
        flash(error.translated(), "error")
    else:
        flash(_("„%(name)s” jest teraz bieżącą kampanią.", name=campaign.name), "success")
    return redirect(url_for(".campaigns"))


@bp.get("/koordynacja/kampanie/<int:campaign_id>/listy.pdf")
@coordinator_required
def print_letters(campaign_id: int):
    """The campaign's (or one centre's) available letters as paper letters, one per page."""
    campaign = db.get_or_404(Campaign, campaign_id)
    center = centres.center_by_number(request.args.get("center", type=int))
    if "center" in request.args and center is None:
        # A mistyped or removed centre: never the whole campaign's letters in its place (a
        # hundred pages on the printer).
        abort(404)
    statement = queries.printable_letters(campaign.id, center.id if center else None)
    count = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    if not count:
        flash(_("Nie ma dostępnych listów do wydrukowania."), "info")
        return redirect(url_for(".campaign_detail", campaign_id=campaign.id))
    letters = db.session.scalars(statement.execution_options(yield_per=200))
    pdf = printed_letters_pdf(letters, current_app.config["PUBLIC_BASE_URL"])
    name = f"listy-{campaign.code_prefix}" + (f"-cps{center.number}" if center else "")
    return download(pdf, f"{name}.pdf", "application/pdf", inline=True)


# --- centres ---------------------------------------------------------------------------------


@bp.get("/koordynacja/centra")
@coordinator_required
def centers():
    """Every centre with its address and drop-off hours."""
    return render_template("letters/centers.html", centers=centres.all_centers())


@bp.route("/koordynacja/centra/nowe", methods=["GET", "POST"])
@coordinator_required
def center_new():
    """Add a centre (a drop-off point)."""
    return _center_form(CenterForm(), None)


@bp.route("/koordynacja/centra/<int:number>/edycja", methods=["GET", "POST"])
@coordinator_required
def center_edit(number: int):
    """Change a centre's details and its weekly drop-off hours."""
    center = centres.center_by_number(number) or abort(404)
    data = {name: getattr(center, name) for name in ("number", "name", "address", "phone", "email")}
    data["hours"] = [
        {"weekday": str(h.weekday), "opens_at": h.opens_at, "closes_at": h.closes_at}
        for h in center.hours
    ]
    return _center_form(CenterForm(data=data), center)


def _center_form(form: CenterForm, center: Center | None):
    if form.validate_on_submit():
        values = {name: form[name].data for name in ("number", "name", "address", "phone", "email")}
        try:
            saved = services.save_center(center, values, form.slots(), actor=current_user)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(_("Zapisano centrum %(label)s.", label=saved.label), "success")
            return redirect(url_for(".centers"))
    if request.method == "GET":
        filled = sum(1 for row in form.hours if row.weekday.data)
        for _row in range(filled + BLANK_HOURS_ROWS - len(form.hours)):
            form.hours.append_entry()
    status = 422 if request.method == "POST" else 200
    return render_template("letters/center_form.html", form=form, center=center), status
