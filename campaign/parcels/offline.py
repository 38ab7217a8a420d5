"""The intake page as a phone app: an idempotent JSON intake for its offline queue, the service
worker that keeps the page and its assets for when the Wi-Fi drops, and the web app manifest.

A blueprint of its own (no URL prefix) so the intake views stay as they are.
"""

from flask import (
    Blueprint,
    current_app,
    jsonify,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from werkzeug.datastructures import MultiDict

from campaign.core.errors import DomainError
from campaign.donors.models import Claim
from campaign.letters.queries import lookup_code
from campaign.parcels import services
from campaign.parcels.forms import CONDITION_LABELS, QueuedIntakeForm
from campaign.parcels.wording import already_message
from campaign.security import CSP, staff_required

bp = Blueprint("parcels_offline", __name__)

INTAKE_PATH = "/punkt/przyjecie"
IDEMPOTENCY_KEY_MAX = Claim.__table__.c.intake_key.type.length


@bp.post("/punkt/przyjecie/kolejka")
@staff_required
def queued_intake():
    """Take in one parcel from the offline queue; a repeat of its Idempotency-Key is a no-op."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > IDEMPOTENCY_KEY_MAX:
        message = _(
            "Nagłówek Idempotency-Key jest wymagany (do %(n)s znaków).", n=IDEMPOTENCY_KEY_MAX
        )
        return _answer(400, "invalid", "", message)
    payload = request.get_json(silent=True)
    payload = payload if isinstance(payload, dict) else {}
    # JSON null is "not given" (an offline scan knows no claim), as an absent form field would be.
    form = QueuedIntakeForm(formdata=MultiDict({k: v for k, v in payload.items() if v is not None}))
    if not form.validate():
        return _answer(422, "invalid", str(form.code.data or ""), _first_error(form))
    lookup = lookup_code(form.code.data)
    if lookup.letter is None:
        return _answer(404, "not_found", form.code.data, _("Nie znaleziono paczki o tym kodzie."))
    code = lookup.letter.display_code
    try:
        receipt = services.receive_parcel(
            current_user._get_current_object(),
            lookup.letter,
            form.condition.data,
            form.note.data or "",
            intake_key=key,
            expected_claim_id=form.claim.data,
        )
    except DomainError as error:
        return _answer(error.http_status, "conflict", code, error.translated())
    if receipt.already and not receipt.repeated:
        return _answer(409, "already", code, already_message(receipt.claim))
    return _answer(200, "received", code, _("Przyjęto paczkę %(code)s.", code=code))


def _answer(status: int, outcome: str, code: str, message: str):
    return jsonify({"outcome": outcome, "code": code, "message": message}), status


def _first_error(form) -> str:
    """The first problem, with its field's name: the volunteer sees it on one line per parcel."""
    for name, errors in form.errors.items():
        label = form[name].label.text if name in form._fields else ""
        return f"{label}: {errors[0]}" if label else errors[0]
    return _("Popraw dane przyjęcia.")


@bp.get("/punkt/przyjecie/bez-sieci")
@staff_required
def offline_card():
    """The card for a code scanned offline (a fragment the page fills in and the worker keeps)."""
    return render_template("parcels/_offline_card.html", condition_labels=CONDITION_LABELS)


@bp.get("/punkt/przyjecie/token")
@staff_required
def csrf_token():
    """A fresh CSRF token for sending the queue: the one in a page kept offline may be stale."""
    return jsonify({"csrf_token": generate_csrf()})


@bp.get("/punkt/przyjecie/sw.js")
@staff_required
def service_worker():
    """The service worker, allowed to control the intake page alone (not the whole site)."""
    response = send_from_directory(current_app.static_folder, "js/intake-sw.js", max_age=0)
    response.headers["Service-Worker-Allowed"] = INTAKE_PATH
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    return response


@bp.get("/punkt/przyjecie/manifest.webmanifest")
@staff_required
def manifest():
    """The web app manifest: the intake page on a phone's home screen, full screen."""
    icons = [
        {"src": url_for("static", filename=f"img/intake-{size}.png"), "sizes": f"{size}x{size}"}
        for size in (192, 512)
    ]
    icons = [{**icon, "type": "image/png", "purpose": "any maskable"} for icon in icons]
    icons.append(
        {
            "src": url_for("static", filename="img/intake.svg"),
            "sizes": "any",
            "type": "image/svg+xml",
        }
    )
    response = jsonify(
        {
            "name": _("Każdy Może Pomóc — przyjęcie paczek"),
            "short_name": _("Przyjęcie paczek"),
            "start_url": INTAKE_PATH,
            "scope": INTAKE_PATH,
            "id": INTAKE_PATH,
            "display": "fullscreen",
            "orientation": "portrait",
            "background_color": "#ffffff",
            "theme_color": "#0b5394",
            "lang": "pl",
            "icons": icons,
        }
    )
    response.mimetype = "application/manifest+json"
    return response


def intake_page_headers(response):
    """The camera is allowed on the intake page alone; the page may register its worker."""
    if request.path == INTAKE_PATH:
        response.headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=()"
        response.headers["Content-Security-Policy"] = (
            CSP + "; worker-src 'self'; manifest-src 'self'"
        )
    return response


bp.after_app_request(intake_page_headers)
