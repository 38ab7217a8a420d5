"""The admin's pages: list accounts, change roles, switch accounts off and on, create staff."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from campaign.auth import queries, services
from campaign.auth.forms import (
    ROLE_LABELS,
    RoleForm,
    StaffAccountForm,
    UserFilterForm,
    center_choices,
)
from campaign.auth.models import User
from campaign.auth.views import bp
from campaign.core import centres
from campaign.core.errors import DomainError
from campaign.extensions import db
from campaign.security import admin_required
from campaign.web.forms import show_error


def _center_number(raw: str | None) -> int | None:
    """The form's `center` is the centre's number (CPS 3), as in every form and URL here."""
    return int(raw) if raw and raw.isascii() and raw.isdigit() else None


@bp.get("/admin/uzytkownicy")
@admin_required
def admin_users():
    """List accounts, filtered by role and searched by e-mail."""
    form = UserFilterForm(request.args)
    form.validate()  # a filter that makes no sense is ignored, not an error page
    role = "" if form.role.errors else form.role.data or ""
    q = "" if form.q.errors else (form.q.data or "").strip()
    page = request.args.get("page", 1, type=int)
    pagination = queries.users_page(role=role, q=q, page=max(page, 1))
    return render_template(
        "auth/admin_users.html",
        form=form,
        pagination=pagination,
        role_labels=ROLE_LABELS,
        filters={"role": role, "q": q},
    )


def _user_page(user: User, role_form: RoleForm | None = None, status: int = 200):
    if role_form is None:
        role_form = RoleForm(role=user.role, center=str(user.center.number if user.center else ""))
    role_form.center.choices = center_choices(centres.all_centers())
    return render_template(
        "auth/admin_user.html", user=user, role_form=role_form, role_labels=ROLE_LABELS
    ), status


@bp.get("/admin/uzytkownicy/<int:user_id>")
@admin_required
def admin_user(user_id: int):
    """One account: its role, centre and whether it may log in."""
    return _user_page(db.get_or_404(User, user_id))


@bp.post("/admin/uzytkownicy/<int:user_id>/rola")
@admin_required
def admin_change_role(user_id: int):
    """Change an account's role and centre."""
    user = db.get_or_404(User, user_id)
    form = RoleForm()
    form.center.choices = center_choices(centres.all_centers())
    if not form.validate_on_submit():
        return _user_page(user, form, 422)
    try:
        services.change_role(
            user, form.role.data, _center_number(form.center.data), actor=current_user
        )
    except DomainError as error:
        db.session.rollback()
        show_error(form, error)
        return _user_page(user, form, 422)
    flash(_("Zmieniono rolę konta %(email)s.", email=user.email), "success")
    return redirect(url_for("auth.admin_user", user_id=user.id))


@bp.post("/admin/uzytkownicy/<int:user_id>/aktywnosc")
@admin_required
def admin_set_active(user_id: int):
    """Switch an account off (no more logging in) or back on."""
    user = db.get_or_404(User, user_id)
    active = request.form.get("active") == "1"
    try:
        services.set_active(user, active, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.translated(), "error")
        return _user_page(user, status=409)
    flash(_("Konto włączone.") if active else _("Konto wyłączone."), "success")
    return redirect(url_for("auth.admin_user", user_id=user.id))


@bp.route("/admin/uzytkownicy/nowy", methods=["GET", "POST"])
@admin_required
def admin_create_user():
    """Create a staff account; the person gets a mailed link to set their password."""
    form = StaffAccountForm()
    form.center.choices = center_choices(centres.all_centers())
    if form.validate_on_submit():
        try:
            user = services.create_staff_account(
                form.email.data,
                form.role.data,
                _center_number(form.center.data),
                display_name=form.display_name.data,
                actor=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            flash(
                _(
                    "Utworzono konto %(email)s. Wysłaliśmy link do ustawienia hasła.",
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for("auth.admin_user", user_id=user.id))
    status = 422 if form.errors else 200
    return render_template("auth/admin_user_new.html", form=form), status
