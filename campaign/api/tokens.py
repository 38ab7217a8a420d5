"""POST /api/v1/tokens: exchange e-mail and password for a bearer token."""

from flask import current_app, jsonify
from flask_babel import gettext as _

from campaign.api import bp
from campaign.api.auth import issue_token
from campaign.api.errors import ApiError, json_object, parse
from campaign.api.openapi import documented
from campaign.api.schemas import Token, TokenRequest
from campaign.auth.limits import address_limited, known_device
from campaign.auth.services import (
    AccountDisabled,
    InvalidCredentials,
    TooManyAttempts,
    authenticate,
)


@bp.post("/tokens")
@address_limited
@documented(
    "Exchange e-mail and password for a bearer token",
    tags=["auth"],
    body=TokenRequest,
    responses={
        201: (Token, "Token issued"),
        401: "Wrong e-mail or password, or a disabled account (one answer for all)",
        429: "Too many attempts from this address or for this account",
    },
)
def create_token():
    """Issue a bearer token for valid credentials."""
    credentials = parse(TokenRequest, json_object(), _("Podaj e-mail i hasło."))
    try:
        # The web login's check: equal time for unknown addresses and wrong passwords.
        # The same failure count per account as the web login's: one bucket for both.
        user = authenticate(credentials.email, credentials.password, device=known_device())
    except TooManyAttempts as error:
        raise ApiError(
            429, error.translated(), error.code, headers={"Retry-After": str(error.retry_after)}
        ) from None
    except (InvalidCredentials, AccountDisabled):
        # One answer for every failure: no account enumeration through the API.
        raise ApiError(401, _("Nieprawidłowy e-mail lub hasło."), "invalid_credentials") from None
    token = Token(
        token=issue_token(user),
        token_type="Bearer",  # noqa: S106 (a scheme name, not a secret)
        expires_in=current_app.config["API_TOKEN_MAX_AGE"],
        role=user.role,
    )
    return jsonify(token.model_dump(mode="json")), 201
