"""POST /api/v1/tokens: exchange e-mail and password for a bearer token."""

from flask import current_app, jsonify, request
from flask_babel import gettext as _

from campaign.api import bp
from campaign.api.auth import issue_token
from campaign.api.errors import error_response
from campaign.auth.limits import address_limited, known_device
from campaign.auth.services import (
    AccountDisabled,
    InvalidCredentials,
    TooManyAttempts,
    authenticate,
)


@bp.post("/tokens")
@address_limited
def create_token():
    """Issue a bearer token for valid credentials."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return error_response(400, _("Treść żądania musi być obiektem JSON."), "bad_request")
    email, password = payload.get("email"), payload.get("password")
    email = email.strip() if isinstance(email, str) else ""
    password = password if isinstance(password, str) else ""
    if not email or not password:
        fields = {}
        if not email:
            fields["email"] = _("To pole jest wymagane.")
        if not password:
            fields["password"] = _("To pole jest wymagane.")
        return error_response(422, _("Podaj e-mail i hasło."), fields=fields)
    try:
        # The web login's check: equal time for unknown addresses and wrong passwords.
        # The same failure count per account as the web login's: one bucket for both.
        user = authenticate(email, password, device=known_device())
    except TooManyAttempts as error:
        response, status = error_response(429, error.translated(), error.code)
        response.headers["Retry-After"] = str(error.retry_after)
        return response, status
    except (InvalidCredentials, AccountDisabled):
        # One answer for every failure: no account enumeration through the API.
        return error_response(401, _("Nieprawidłowy e-mail lub hasło."), "invalid_credentials")
    return jsonify(
        token=issue_token(user),
        token_type="Bearer",  # noqa: S106 (a scheme name, not a secret)
        expires_in=current_app.config["API_TOKEN_MAX_AGE"],
        role=user.role,
    ), 201


OPENAPI_PATHS = {
    "/tokens": {
        "post": {
            "summary": "Exchange e-mail and password for a bearer token",
            "tags": ["auth"],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["email", "password"],
                            "properties": {
                                "email": {"type": "string", "format": "email"},
                                "password": {"type": "string"},
                            },
                        }
                    }
                },
            },
            "responses": {
                "201": {
                    "description": "Token issued",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "token": {"type": "string"},
                                    "token_type": {"type": "string"},
                                    "expires_in": {"type": "integer"},
                                    "role": {"type": "string"},
                                },
                            }
                        }
                    },
                },
                "400": {"$ref": "#/components/responses/Error"},
                "401": {"$ref": "#/components/responses/Error"},
                "422": {"$ref": "#/components/responses/Error"},
                "429": {"$ref": "#/components/responses/Error"},
            },
        }
    }
}
