"""Staff views of letters: the workspace, a letter's page, writing, reviewing, importing.

Every letter is loaded through `_staff_letter`, which makes another centre's letter a 404 for a
social worker and a mistyped code a "check the code" page.
"""

from uuid import uuid4

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from campaign.core import centres
from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.letters import importer, privacy, queries, services
from campaign.letters.access import can_approve, can_choose_center, can_record_walkin, can_see
from campaign.letters.forms import ImportForm, LetterForm, ReasonForm
from campaign.letters.importer import ImportRejected
from campaign.letters.models import Campaign, Letter, LetterStatus
from campaign.letters.services import LetterInput
from campaign.letters.transitions import can_withdraw
from campaign.security import staff_required
from campaign.web.downloads import download
from campaign.web.forms import show_error

bp = Blueprint("letters", __name__)
bp.add_app_template_filter(privacy.marked_html, "privacy_marks")
PER_PAGE = 50


@bp.context_processor
def _letters_template_globals():
    return {"status_labels": {status.value: status.label for status in LetterStatus}}


# --- loading ---------------------------------------------------------------------------------


def _staff_letter(code: str) -> Letter:
    """The letter of `code` if the current user may see it; otherwise 404 (or "check the code")."""
    found = queries.lookup_code(code, suggest=True)
    if found.problem == "check":
        near = [letter for letter in found.near if can_see(current_user, letter)]
        page = render_template("letters/code_problem.html", code=code, near=near)
        abort(Response(page, status=404))
    if found.letter is None or not can_see(current_user, found.letter):
        abort(404)
    return found.letter


def _chosen_campaign() -> Campaign | None:
    campaign_id = request.args.get("campaign", type=int)
    if campaign_id:
        return db.session.get(Campaign, campaign_id) or abort(404)
    return Campaign.current()


def _center_choices() -> list[SelectChoice]:
    return [SelectChoice(c.number, f"{c.label} — {c.name}") for c in centres.all_centers()]


# --- workspace -------------------------------------------------------------------------------


@bp.get("/pracownik/listy")
@staff_required
def workspace():
    """The centre's letters (a coordinator's: all) by status, with counts, code search and pages."""
    campaign = _chosen_campaign()
    if campaign is None:
        return render_template("letters/workspace.html", campaign=None, campaigns=[])
    status = request.args.get("status", "")
    status = status if status in {s.value for s in LetterStatus} else ""
    center = centres.center_by_number(request.args.get("center", type=int))
    center_id = center.id if center and can_choose_center(current_user) else None
    search = _code_search(request.args.get("code", ""))
    if search.get("letter") is not None:
        return redirect(url_for(".detail", code=search["letter"].code))
    statement = queries.staff_letters(
        current_user,
        campaign.id,
        status=status,
        center_id=center_id,
        code_fragment=search.get("fragment", ""),
    )
    page = db.paginate(statement, per_page=PER_PAGE, error_out=False, count=True)
    return render_template(
        "letters/workspace.html",
        campaign=campaign,
        campaigns=queries.all_campaigns(),
        page=page,
        counts=queries.status_counts(current_user, campaign.id, center_id=center_id),
        status=status,
        center=center if center_id else None,
        centers=centres.all_centers() if can_choose_center(current_user) else [],
        search=search,
        statuses=list(LetterStatus),
    )


def _code_search(raw: str) -> dict:
    """What a typed code means: a letter to open, a fragment to filter by, or a message."""
    raw = raw.strip()
    if not raw:
        return {}
    found = queries.lookup_code(raw, suggest=True)
    if found.letter is not None and can_see(current_user, found.letter):
        return {"letter": found.letter}
    if found.problem == "shape":
        return {"raw": raw, "fragment": found.normalised}
    if found.problem == "check":
        if _fragment_matches(found.normalised):
            return {"raw": raw, "fragment": found.normalised}
        near = [letter for letter in found.near if can_see(current_user, letter)]
        return {"raw": raw, "problem": "check", "near": near}
    return {"raw": raw, "problem": "unknown"}


def _fragment_matches(fragment: str) -> bool:
    statement = queries.scoped(db.select(Letter.id), current_user).where(
        Letter.code.contains(fragment, autoescape=True)
    )
    return db.session.scalar(statement.limit(1)) is not None


# --- one letter ------------------------------------------------------------------------------


@bp.get("/pracownik/listy/<code>")
@staff_required
def detail(code: str):
    """A letter with every field, who holds it, and its history, for staff."""
    return _render_detail(_staff_letter(code))


def _render_detail(letter: Letter, *, send_back=None, withdraw=None, status: int = 200):
    claim = letter.holding_claim
    return render_template(
        "letters/detail.html",
        letter=letter,
        claim=claim,
        history=queries.history(letter),
        siblings=queries.sibling_letters(letter),
        can_approve=can_approve(current_user, letter),
        can_record_walkin=can_record_walkin(current_user),
        can_withdraw=can_withdraw(letter),
        send_back_form=send_back or ReasonForm(prefix="send_back", formdata=None),
        withdraw_form=withdraw or ReasonForm(prefix="withdraw", formdata=None),
    ), status


@bp.post("/pracownik/listy/<code>/zglos")
@staff_required
def submit(code: str):
    """Submit a draft for review (or publish it when the campaign has no review)."""
    return _transition(
        _staff_letter(code),
        services.submit_letter,
        lambda target: (
            _("List zgłoszono do sprawdzenia.")
            if target is LetterStatus.REVIEW
            else _("List jest już dostępny dla darczyńców.")
        ),
    )


@bp.post("/pracownik/listy/<code>/zatwierdz")
@staff_required
def approve(code: str):
    """Approve a letter in review: it becomes available to donors."""
    done = _("List zatwierdzony: jest dostępny dla darczyńców.")
    return _transition(_staff_letter(code), services.approve_letter, done)


@bp.post("/pracownik/listy/<code>/zwroc")
@staff_required
def send_back(code: str):
    """Send a letter in review back to its author as a draft, with a reason."""
    done = _("List wrócił do autora jako szkic.")
    return _with_reason(_staff_letter(code), "send_back", services.send_back_letter, done)


@bp.post("/pracownik/listy/<code>/wycofaj")
@staff_required
def withdraw(code: str):
    """Withdraw a letter that is not yet taken, with a reason."""
    done = _("List wycofano.")
    return _with_reason(_staff_letter(code), "withdraw", services.withdraw_letter, done)


def _transition(letter: Letter, change, done, **details):
    """Run one status change of the letter and return to its page saying how it went.

    `change(letter, actor=..., **details)` is the service; `done` the message, or a function
    of the service's result when the message depends on it.
    """
    try:
        outcome = change(letter, actor=current_user, **details)
    except DomainError as error:
        flash(error.translated(), "error")
    else:
        flash(done(outcome) if callable(done) else done, "success")
    return redirect(url_for(".detail", code=letter.code))


def _with_reason(letter: Letter, prefix: str, change, done):
    """A status change that needs a reason: the letter's page shows that form when it is empty."""
    form = ReasonForm(prefix=prefix)
    if not form.validate_on_submit():
        return _render_detail(letter, **{prefix: form}, status=422)
    return _transition(letter, change, done, reason=form.reason.data)


# --- writing ---------------------------------------------------------------------------------


def _letter_form(data: dict | None = None) -> LetterForm:
    form = LetterForm(data=data or {})
    if can_choose_center(current_user):
        form.center.choices = _center_choices()
    else:
        del form.center
    return form


def _form_center(form: LetterForm):
    return centres.center_by_number(form.center.data) if "center" in form else None


def _show_rejection(form: LetterForm, error: DomainError) -> bool:
    """Show the refusal on the form; True when the privacy guard asks to confirm names."""
    show_error(form, error)
    return getattr(error, "names_found", False)


def _prefill_from_query() -> dict:
    """Age, gender, sibling group (and centre) carried over by "save and add next"."""
    args = request.args
    data = {
        "gender": args.get("gender") if args.get("gender") in ("f", "m") else None,
        "sibling_group": args.get("sibling_group", ""),
        "center": args.get("center", type=int),
    }
    age = args.get("age", type=int)
    if age is not None:
        data["age"] = age
    return {k: v for k, v in data.items() if v not in (None, "")}


@bp.route("/pracownik/listy/nowy", methods=["GET", "POST"])
@staff_required
def new():
    """Write a new letter in the current campaign; "save and add next" keeps siblings' data."""
    campaign = Campaign.current()
    if campaign is None:
        flash(_("Nie ma bieżącej kampanii: koordynator musi ją najpierw wskazać."), "error")
        return redirect(url_for(".workspace"))
    form = _letter_form(_prefill_from_query())
    names_found = False
    if form.validate_on_submit():
        try:
            letter, created = services.create_letter(
                LetterInput.from_values(form.values()),
                actor=current_user,
                center=_form_center(form),
                confirm_names=form.confirm_names.data,
                submission_key=form.submission_key.data or None,
            )
        except DomainError as error:
            names_found = _show_rejection(form, error)
        else:
            return _after_create(letter, created, add_next=form.save_next.data)
    elif request.method == "GET":
        form.submission_key.data = uuid4().hex
    return _render_form(form, campaign, None, names_found)


def _after_create(letter: Letter, created: bool, *, add_next: bool):
    if not created:
        flash(_("Ten formularz został już wysłany: oto zapisany wtedy list."), "info")
        return redirect(url_for(".detail", code=letter.code))
    flash(_("Zapisano list %(code)s.", code=letter.display_code), "success")
    if not add_next:
        return redirect(url_for(".detail", code=letter.code))
    carry = {"age": letter.age, "gender": letter.gender}
    if letter.sibling_group:
        carry["sibling_group"] = letter.sibling_group
    if can_choose_center(current_user):
        carry["center"] = letter.center.number
    return redirect(url_for(".new", **carry))


@bp.route("/pracownik/listy/<code>/edycja", methods=["GET", "POST"])
@staff_required
def edit(code: str):
    """Edit a draft letter."""
    letter = _staff_letter(code)
    if not letter.is_editable:
        flash(
            _(
                "Edytować można tylko szkic. Ten list ma status „%(s)s”.",
                s=letter.status_enum.label,
            ),
            "error",
        )
        return redirect(url_for(".detail", code=letter.code))
    form = _letter_form(_letter_values(letter))
    names_found = False
    if form.validate_on_submit():
        try:
            services.update_letter(
                letter,
                LetterInput.from_values(form.values()),
                actor=current_user,
                center=_form_center(form),
                confirm_names=form.confirm_names.data,
            )
        except DomainError as error:
            names_found = _show_rejection(form, error)
        else:
            flash(_("Zapisano zmiany."), "success")
            return redirect(url_for(".detail", code=letter.code))
    return _render_form(form, letter.campaign, letter, names_found)


def _render_form(form: LetterForm, campaign: Campaign, letter: Letter | None, names_found: bool):
    status = 422 if request.method == "POST" else 200
    return render_template(
        "letters/form.html", form=form, letter=letter, campaign=campaign, names_found=names_found
    ), status


def _letter_values(letter: Letter) -> dict:
    return {
        "age": letter.age,
        "gender": letter.gender,
        "wish": letter.wish,
        "needs": letter.needs,
        "sibling_group": letter.sibling_group or "",
        "case_reference": letter.case_reference,
        "center": letter.center.number,
    }


# --- import ----------------------------------------------------------------------------------


@bp.route("/pracownik/listy/import", methods=["GET", "POST"])
@staff_required
def import_letters():
    """Upload a CSV of letters: all become drafts, or none does and every problem is listed."""
    form = ImportForm()
    if can_choose_center(current_user):
        from_file = SelectChoice(0, _("— z kolumny „center” w pliku —"))
        form.center.choices = [from_file, *_center_choices()]
    else:
        del form.center
    problems, file_error = [], None
    if form.validate_on_submit():
        try:
            letters = _run_import(form)
        except ImportRejected as error:
            problems, file_error = error.problems, error.translated()
        except DomainError as error:
            file_error = error.translated()
        else:
            flash(_("Wczytano %(n)s listów jako szkice.", n=len(letters)), "success")
            return redirect(url_for(".workspace", status=LetterStatus.DRAFT.value))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "letters/import.html",
        form=form,
        problems=problems,
        file_error=file_error,
        columns=importer.COLUMNS,
        max_rows=importer.MAX_ROWS,
    ), status


def _run_import(form: ImportForm) -> list[Letter]:
    data = form.file.data.read(importer.MAX_BYTES + 1)
    center = _form_center(form) if "center" in form and form.center.data else None
    parsed = importer.parse_letters_csv(data, default_center=center)
    return importer.import_letters(
        parsed.rows,
        actor=current_user,
        confirm_names=form.confirm_names.data,
        problems=parsed.problems,
    )


@bp.get("/pracownik/listy/import/wzor.csv")
@staff_required
def import_template():
    """The CSV template for the import (UTF-8 with BOM, semicolons, as Excel likes it)."""
    return download(importer.template_csv(), "listy-wzor.csv", "text/csv", personal=False)


from campaign.letters import admin_views  # noqa: E402,F401  (registers routes on bp)
