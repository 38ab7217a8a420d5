"""Views of the auth domain: login, registration, verification, password links, the account page.

The admin's users pages are in admin.py, on the same blueprint.
"""

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf.csrf import generate_csrf
from werkzeug.routing import BuildError

from campaign.auth import services
from campaign.auth.forms import (
    ROLE_LABELS,
    EmailForm,
    LoginForm,
    NewPasswordForm,
    PasswordChangeForm,
    ProfileForm,
    RegisterForm,
)
from campaign.auth.limits import (
    account_limited,
    address_limited,
    known_device,
    password_check_limited,
    remember_device,
)
from campaign.auth.models import Role, User
from campaign.auth.tokens import LinkExpired, LinkInvalid, user_from_password_token
from campaign.core.errors import DomainError
from campaign.security import safe_next
from campaign.web.forms import show_error

bp = Blueprint("auth", __name__)

LANDING = {
    Role.DONOR: "donors.my_letters",
    Role.SOCIAL_WORKER: "letters.workspace",
    Role.COORDINATOR: "parcels.dashboard",
    Role.ADMIN: "auth.admin_users",
}


def rate_limited(view):
    """Per client address and per e-mail address typed; only submissions count."""
    return address_limited(account_limited(view))


def login_limited(view):
    """Per client address; the account's failures are counted by `services.authenticate`."""
    return address_limited(view)


def url_or(endpoint: str, fallback: str, **values) -> str:
    """`url_for(endpoint)`, or `fallback` while the endpoint's domain is not built yet."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return fallback


def landing_url(user: User) -> str:
    return url_or(LANDING[user.role_enum], url_for("office.home"))


def _status(form) -> int:
    """422 for a submission that is re-shown with errors, so scripts and tests can tell."""
    return 422 if form.errors else 200


def _renew_session() -> None:
    # A fresh session at login (and logout) defeats session fixation; the language stays.
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    # A fresh CSRF token too, in the cookie this answer sets: the next page then has nothing to
    # add to the session, so it is not signed and sent again with every page that follows.
    g.pop("csrf_token", None)
    generate_csrf()


# --- login and logout ----------------------------------------------------------------------


@bp.route("/logowanie", methods=["GET", "POST"])
@login_limited
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or landing_url(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data, device=known_device())
        except services.TooManyAttempts as error:
            form.form_errors.append(error.translated())
            page = render_template("auth/login.html", form=form)
            return page, 429, {"Retry-After": str(error.retry_after)}
        except DomainError as error:
            show_error(form, error)
            return render_template("auth/login.html", form=form), 422
        _renew_session()
        login_user(user, remember=form.remember.data)
        services.record_login(user)
        if user.is_donor and not user.is_verified:
            flash(_("Potwierdź adres e-mail, aby rezerwować listy."), "warning")
        response = redirect(safe_next(request.args.get("next")) or landing_url(user))
        remember_device(response, user.id)
        return response
    return render_template("auth/login.html", form=form), _status(form)


@bp.post("/wyloguj")
def logout():
    """Log out everywhere (a POST with a CSRF token, so no link on another site can do it)."""
    if current_user.is_authenticated:
        # A copy of this session or of the remember-me cookie must not outlive the logout.
        services.log_out_everywhere(current_user._get_current_object())
    # Clear first: logout_user leaves the note that deletes the remember-me cookie.
    _renew_session()
    logout_user()
    flash(_("Wylogowano."), "success")
    return redirect(url_for("office.home"))


# --- registration and verification ---------------------------------------------------------


@bp.route("/rejestracja", methods=["GET", "POST"])
@rate_limited
def register():
    """A donor creates their own account; the address is verified by a mailed link."""
    if current_user.is_authenticated:
        return redirect(landing_url(current_user))
    form = RegisterForm()
    if request.method == "GET":
        form.locale.data = str(get_locale())
    if form.validate_on_submit():
        try:
            services.register_donor(
                form.email.data,
                form.password.data,
                display_name=form.display_name.data,
                is_organisation=form.is_organisation.data,
                locale=form.locale.data,
            )
        except DomainError as error:
            show_error(form, error)
        else:
            return render_template("auth/check_inbox.html", reason="registered")
    privacy_url = url_or("office.privacy", "/rodo")
    return render_template("auth/register.html", form=form, privacy_url=privacy_url), _status(form)


@bp.get("/weryfikacja/<token>")
def verify_email(token: str):
    """Open the link from the verification mail."""
    try:
        user, already = services.verify_email(token)
    except LinkExpired as error:
        form = EmailForm(email=error.email)
        return render_template("auth/link_problem.html", error=error, form=form, kind="verify")
    except LinkInvalid as error:
        return render_template(
            "auth/link_problem.html", error=error, form=EmailForm(), kind="verify"
        )
    if already:
        flash(_("Ten adres e-mail jest już potwierdzony."), "info")
    else:
        flash(_("Dziękujemy! Adres e-mail został potwierdzony."), "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(landing_url(user))
    return redirect(url_for("auth.login"))


@bp.route("/weryfikacja/ponownie", methods=["GET", "POST"])
@rate_limited
def resend_verification():
    """Send the verification link again (the same answer whether or not the address is known)."""
    form = EmailForm()
    if request.method == "GET" and current_user.is_authenticated:
        form.email.data = current_user.email
    if form.validate_on_submit():
        services.resend_verification(form.email.data)
        return render_template("auth/check_inbox.html", reason="resent")
    return render_template("auth/resend.html", form=form), _status(form)


@bp.get("/weryfikacja/wymagana")
@login_required
def verify_required():
    """Explain to a donor that they must verify their address before they can act."""
    if current_user.is_verified:
        return redirect(landing_url(current_user))
    form = EmailForm(email=current_user.email)
    return render_template("auth/verify_required.html", form=form)


# --- password links ------------------------------------------------------------------------


@bp.route("/haslo/reset", methods=["GET", "POST"])
@rate_limited
def reset_request():
    """Ask for a link to set a new password (the same answer whether or not the account exists)."""
    form = EmailForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        return render_template("auth/check_inbox.html", reason="reset")
    return render_template("auth/reset_request.html", form=form), _status(form)


@bp.route("/haslo/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Set a new password from the mailed link; afterwards the person logs in with it."""
    form = NewPasswordForm()
    try:
        user = user_from_password_token(token)
        if form.validate_on_submit():
            services.reset_password(token, form.password.data)
            _renew_session()
            logout_user()
            flash(_("Hasło zostało ustawione. Zaloguj się nowym hasłem."), "success")
            return redirect(url_for("auth.login"))
    except (LinkExpired, LinkInvalid) as error:
        return render_template(
            "auth/link_problem.html", error=error, form=EmailForm(), kind="reset"
        )
    return render_template("auth/reset_password.html", form=form, user=user), _status(form)


# --- the account page ----------------------------------------------------------------------


def _account_page(profile_form=None, password_form=None):
    if profile_form is None:
        profile_form = ProfileForm(obj=current_user)
    if password_form is None:
        password_form = PasswordChangeForm()
    if not current_user.is_donor:
        del profile_form.notifications_opt_out
    return render_template(
        "auth/account.html",
        profile_form=profile_form,
        password_form=password_form,
        role_labels=ROLE_LABELS,
    )


@bp.get("/konto")
@login_required
def account():
    """The person's own account: name, phone, language, e-mails, password."""
    return _account_page()


@bp.post("/konto")
@login_required
def update_profile():
    """Save name, phone, language and the e-mail preference."""
    form = ProfileForm()
    if not form.validate_on_submit():
        return _account_page(profile_form=form), 422
    opt_out = form.notifications_opt_out.data if current_user.is_donor else None
    services.update_profile(
        current_user,
        display_name=form.display_name.data,
        phone=form.phone.data,
        locale=form.locale.data,
        notifications_opt_out=opt_out,
    )
    session["lang"] = current_user.locale  # the explicit choice wins over the browser's
    flash(_("Zapisano zmiany."), "success")
    return redirect(url_for("auth.account"))


@bp.post("/konto/haslo")
@login_required
@password_check_limited
def change_password():
    """Change the password; every other session of the account ends."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.password.data)
        except DomainError as error:
            show_error(form, error)
        else:
            # This session carries the old fingerprint: log in again under the new one.
            user = current_user._get_current_object()
            remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
            _renew_session()
            login_user(user, remember=remembered in request.cookies)
            flash(
                _("Hasło zostało zmienione. Inne sesje tego konta zostały wylogowane."), "success"
            )
            return redirect(url_for("auth.account"))
    return _account_page(password_form=form), 422


from campaign.auth import admin  # noqa: E402,F401  (registers the admin views on bp)
