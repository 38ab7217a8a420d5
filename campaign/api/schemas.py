"""The API's bodies as pydantic models: they validate requests and describe every response.

The OpenAPI document (openapi.py) is built from their JSON Schema, so each limit and enum is
written once, and taken from the domain that owns it (the forms' constants, the models' enums).
"""

from datetime import UTC, date, datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    create_model,
    model_validator,
)

from campaign.auth.models import Role
from campaign.donors.catalogue import (
    DEFAULT_SORT,
    MAX_AGE,
    MAX_QUERY_LENGTH,
    MIN_AGE,
    PER_PAGE,
    SORTS,
)
from campaign.donors.models import Claim, ClaimStatus, ParcelCondition
from campaign.i18n import _l
from campaign.letters import codes, forms
from campaign.letters.models import Campaign, Letter, LetterStatus
from campaign.parcels.forms import NOTE_MAX

GENDERS = tuple(choice.value for choice in forms.GENDER_CHOICES)
Gender = Literal[GENDERS]  # type: ignore[valid-type]
# The idempotency key is stored in this column: a longer one could not be kept.
IDEMPOTENCY_KEY_MAX = Letter.__table__.c.submission_key.type.length
INTAKE_KEY_MAX = Claim.__table__.c.intake_key.type.length
# Every response spells a code as printed (KMP26-7KQ4M-X); requests may spell it in any way.
PRINTED_CODE = rf"^[A-Z0-9]+-[{codes.ALPHABET}]{{{codes.BODY_LENGTH}}}-[{codes.ALPHABET}]$"
Code = Annotated[str, Field(pattern=PRINTED_CODE, examples=["KMP26-7KQ4M-X"])]
# Ids are PostgreSQL `integer` columns: a larger number can name no row.
ID_MAX = 2**31 - 1


def _utc_z(value: datetime) -> str:
    """Stored date-times are naive UTC; the API always writes them with the `Z` offset."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat() + "Z"


UtcDateTime = Annotated[
    datetime,
    PlainSerializer(_utc_z, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def _no_bool(value: Any) -> Any:
    # JSON `true` is not the number 1 to a person typing an age or a centre's number.
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    return value


Number = Annotated[int, BeforeValidator(_no_bool)]


class Request(BaseModel):
    """A request body: texts are stripped before their limits are checked, unknown keys ignored.

    `invalid` gives a field its own message for a value of the wrong shape, `required` for a
    missing one (the forms' wording); the others get the shared messages (see errors.py).
    """

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore")
    invalid: ClassVar[dict[str, Any]] = {}
    required: ClassVar[dict[str, Any]] = {}


class Response(BaseModel):
    model_config = ConfigDict(use_enum_values=True)


# --- errors ---------------------------------------------------------------------------------


class ErrorDetail(Response):
    code: str = Field(description="Machine-readable, e.g. `validation_failed`, `check_character`")
    message: str = Field(description="For people, in the request's language (Polish by default)")
    fields: dict[str, str] = Field(description="A field's name and what is wrong with it")


class Error(Response):
    error: ErrorDetail


# --- tokens ---------------------------------------------------------------------------------


class TokenRequest(Request):
    email: str = Field(min_length=1, json_schema_extra={"format": "email"})
    password: str = Field(min_length=1)

    model_config = ConfigDict(str_strip_whitespace=False, extra="ignore")

    @model_validator(mode="before")
    @classmethod
    def _strip_email(cls, data: Any) -> Any:
        # Only the address is trimmed: spaces may belong to a password.
        if isinstance(data, dict) and isinstance(data.get("email"), str):
            return {**data, "email": data["email"].strip()}
        return data


class Token(Response):
    token: str
    token_type: Literal["Bearer"]
    expires_in: int = Field(description="Seconds until the token expires")
    role: Role


# --- the catalogue ----------------------------------------------------------------------------


class CatalogueQuery(BaseModel):
    """The catalogue's filters, as on /listy: invalid values are ignored or clamped."""

    age_min: int = Field(None, ge=MIN_AGE, le=MAX_AGE, description="youngest age")
    age_max: int = Field(None, ge=MIN_AGE, le=MAX_AGE, description="oldest age")
    gender: Gender = Field(None, description="child's gender: f girl, m boy")
    center: int = Field(None, ge=1, le=forms.CENTER_NUMBER_MAX, description="CPS number")
    q: str = Field(None, max_length=MAX_QUERY_LENGTH, description="text in the wish or needs")
    sort: Literal[tuple(SORTS)] = Field(DEFAULT_SORT, description="order")  # type: ignore
    page: int = Field(None, ge=1, le=ID_MAX, description=f"page number ({PER_PAGE} per page)")


class DropOffPoint(Response):
    number: int
    name: str
    address: str


class CatalogueLetter(Response):
    """A letter as the viewer may see it: of a taken letter only its code, unless staff ask."""

    code: Code
    available: bool = Field(description="Can be claimed now (a letter the centre covers cannot)")
    age: int = None
    gender: Gender = None
    wish: str = None
    needs: str = None
    drop_off_point: DropOffPoint = None
    url: str = Field(None, description="The letter's page on the site")
    status: LetterStatus = Field(None, description="staff tokens only")
    sibling_group: str | None = Field(None, description="staff tokens only")
    case_reference: str = Field(None, description="staff of its centre and coordinators only")
    siblings: list[Code] = Field(
        None, description="one available letter only: codes of its available siblings"
    )


class CataloguePage(Response):
    items: list[CatalogueLetter]
    total: int
    page: int
    pages: int
    per_page: int


# --- claims -----------------------------------------------------------------------------------


class ClaimRequest(Request):
    siblings: bool = Field(
        False, strict=True, description="also claim its available siblings, all or none"
    )


class ClaimOut(Response):
    id: int
    code: Code
    status: ClaimStatus
    claimed_at: UtcDateTime
    deadline: date = Field(description="When the parcel is due at the drop-off point")
    drop_off_point: str
    slip_url: str


class ClaimList(Response):
    claims: list[ClaimOut]


# --- letters (staff) --------------------------------------------------------------------------


class LetterCreate(Request):
    age: Number = Field(ge=forms.AGE_MIN, le=forms.AGE_MAX)
    gender: Gender = Field(description="f: girl, m: boy")
    wish: str = Field(min_length=1, max_length=forms.WISH_MAX, description="In the child's words")
    needs: str = Field("", max_length=forms.NEEDS_MAX, description="Sizes and the like")
    sibling_group: str = Field(
        "",
        max_length=forms.SIBLING_GROUP_MAX,
        pattern=forms.SIBLING_GROUP_PATTERN,
        description="Same key for siblings' letters in the campaign (stored upper case)",
    )
    case_reference: str = Field("", max_length=forms.CASE_REFERENCE_MAX, description="Staff only")
    center: (
        Annotated[Number, Field(ge=forms.CENTER_NUMBER_MIN, le=forms.CENTER_NUMBER_MAX)] | None
    ) = Field(None, description="Centre number; coordinators only (a social worker's is their own)")
    confirm_names: bool = Field(
        False,
        description="Confirms that words the privacy guard took for names are not the child's "
        "or family's (a doll's name, a title)",
    )

    invalid: ClassVar[dict[str, Any]] = {
        "age": forms.AGE_MESSAGE,
        "gender": forms.GENDER_MESSAGE,
        "sibling_group": forms.SIBLING_GROUP_MESSAGE,
        "center": forms.CENTER_NUMBER_MESSAGE,
    }
    required: ClassVar[dict[str, Any]] = {"gender": forms.GENDER_MESSAGE}

    @model_validator(mode="before")
    @classmethod
    def _null_is_absent(cls, data: Any) -> Any:
        # As in the form: a field sent as null was not filled in.
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value is not None}
        return data


class LetterHeaders(BaseModel):
    idempotency_key: str = Field(
        "",
        alias="Idempotency-Key",
        max_length=IDEMPOTENCY_KEY_MAX,
        description="A key unique to this letter (e.g. a UUID): a repeated request with the same "
        "key creates nothing and answers 200 with the letter the first one created. A key "
        "another person already used is a 409.",
    )


class IntakeHeaders(BaseModel):
    idempotency_key: str = Field(
        "",
        alias="Idempotency-Key",
        max_length=INTAKE_KEY_MAX,
        description="A key unique to this intake (e.g. a UUID made when the slip was scanned): a "
        "resent request with the same key takes nothing in again and answers 200 with its own "
        "receipt (`already`). The same key for another parcel is a 409.",
    )


class WithdrawRequest(Request):
    reason: str = Field(min_length=1, max_length=forms.REASON_MAX)

    required: ClassVar[dict[str, Any]] = {"reason": forms.REASON_REQUIRED}


class LetterCenter(Response):
    number: int
    name: str


class StaffLetter(Response):
    """A letter as staff see it, with the case reference: only staff routes return this."""

    code: Code
    display_code: Code = Field(
        description="The same as `code`",
        json_schema_extra={"deprecated": True},
    )
    status: LetterStatus
    campaign: str = Field(description="The campaign's code prefix")
    center: LetterCenter
    age: int
    gender: Gender
    wish: str
    needs: str
    sibling_group: str | None
    case_reference: str
    review_note: str = Field(description="Why it was sent back, if it was")
    withdrawn_reason: str
    created_at: UtcDateTime
    status_changed_at: UtcDateTime


# --- parcels ----------------------------------------------------------------------------------


class IntakeRequest(Request):
    condition: ParcelCondition = ParcelCondition.COMPLETE
    note: str = Field("", max_length=NOTE_MAX)

    model_config = ConfigDict(str_strip_whitespace=False, extra="ignore")
    invalid: ClassVar[dict[str, Any]] = {
        "condition": _l("Dozwolone: %(values)s.", values=", ".join(ParcelCondition))
    }

    @model_validator(mode="before")
    @classmethod
    def _null_note_is_empty(cls, data: Any) -> Any:
        if isinstance(data, dict) and "note" in data and data["note"] is None:
            return {**data, "note": ""}
        return data


class Parcel(Response):
    code: Code
    message: str = Field(description="On a repeat: when, where and by whom it was done; else empty")
    status: Literal[ClaimStatus.RECEIVED.value, ClaimStatus.DELIVERED.value]
    already: bool = Field(description="True when this was done before: nothing was changed")
    condition: ParcelCondition | None
    received_at: UtcDateTime | None
    received_at_center: int | None = Field(description="The number of the centre that took it in")
    received_by: str | None
    delivered_at: UtcDateTime | None


StatusCounts = create_model(
    "StatusCounts", __base__=Response, **{status.value: (int, ...) for status in LetterStatus}
)


class CenterStats(Response):
    number: int
    name: str
    letters: StatusCounts
    total: int
    overdue: int


class Stats(Response):
    campaign: str
    letters: StatusCounts
    total: int
    covered: int
    overdue: int
    centers: list[CenterStats]


class StatsQuery(BaseModel):
    campaign: str = Field(
        None,
        max_length=Campaign.__table__.c.code_prefix.type.length,
        description="The campaign's code prefix (e.g. KMP26); the current one when left out",
    )


def dump(model: type[Response], data: dict) -> dict:
    """`data` checked against the response model it is documented with, as JSON values; keys
    it leaves out stay out (a public letter has no `status`)."""
    return model.model_validate(data).model_dump(mode="json", exclude_unset=True)
