"""The public catalogue over the API: GET /api/v1/letters and /api/v1/letters/<code>.

Anyone may read it; a staff token sees more of a letter (its status and family key; its case
reference only for the letter's own centre and coordinators), and also letters not yet public
in its scope.
"""

from flask import jsonify, request
from flask_babel import gettext as _

from campaign.api import bp
from campaign.api.auth import bearer_user
from campaign.api.errors import ApiError, letter_by_code
from campaign.api.openapi import documented
from campaign.api.schemas import CatalogueLetter, CataloguePage, CatalogueQuery, dump
from campaign.auth.models import User
from campaign.donors import catalogue
from campaign.letters.access import PUBLIC_STATUSES, can_see
from campaign.letters.models import Campaign, Letter, LetterStatus


def in_staff_scope(user: User | None, letter: Letter) -> bool:
    if user is None or not user.is_staff:
        return False
    # The web pages' rule (letters/access.py): a social worker of another centre is the public.
    return can_see(user, letter)


def letter_json(letter: Letter, viewer: User | None = None) -> dict:
    """A letter as the viewer may see it: a taken letter's content is no one's business but
    its centre's staff's and coordinators', as on the web page."""
    is_staff = in_staff_scope(viewer, letter)
    if letter.status != LetterStatus.AVAILABLE and not is_staff:
        return {"code": letter.display_code, "available": False}
    center = letter.center
    data = {
        "code": letter.display_code,
        "age": letter.age,
        "gender": letter.gender,
        "wish": letter.wish,
        "needs": letter.needs,
        "available": letter.is_claimable,  # a letter covered by the centre is not
        "drop_off_point": {"number": center.number, "name": center.name, "address": center.address},
        "url": f"/listy/{letter.display_code}",
    }
    if is_staff:
        # The group key is the social worker's label for a family: staff only, like on the web.
        data["status"] = letter.status
        data["sibling_group"] = letter.sibling_group
        data["case_reference"] = letter.case_reference
    return data


@bp.get("/letters")
@documented(
    "Available letters of the current campaign (the catalogue)",
    tags=["catalogue"],
    token_optional=True,
    query=CatalogueQuery,
    responses={200: (CataloguePage, "One page of letters; invalid filters are ignored or clamped")},
)
def list_letters():
    """Available letters of the current campaign, with the catalogue's filters, paginated."""
    campaign = Campaign.current()
    filters = catalogue.CatalogueFilters.from_args(request.args)
    if campaign is None:
        page = {"items": [], "total": 0, "page": 1, "pages": 1, "per_page": catalogue.PER_PAGE}
        return jsonify(dump(CataloguePage, page))
    page = catalogue.catalogue_page(campaign, filters)
    viewer = bearer_user()
    data = {
        "items": [letter_json(letter, viewer) for letter in page.items],
        "total": page.total,
        "page": page.page,
        "pages": page.pages,
        "per_page": page.per_page,
    }
    return jsonify(dump(CataloguePage, data))


@bp.get("/letters/<code>")
@documented(
    "One letter; staff tokens see more",
    tags=["catalogue"],
    token_optional=True,
    responses={200: (CatalogueLetter, "The letter")},
)
def get_letter(code: str):
    """One letter by its code (any case, with or without dashes)."""
    not_found = _("Nie ma takiego listu.")
    letter = letter_by_code(code, not_found)
    viewer = bearer_user()
    if letter.status_enum not in PUBLIC_STATUSES and not in_staff_scope(viewer, letter):
        raise ApiError(404, not_found)
    data = letter_json(letter, viewer)
    if data["available"]:
        # What a donor may take together with it ({"siblings": true} on claim).
        data["siblings"] = [s.display_code for s in catalogue.available_siblings(letter)]
    return jsonify(dump(CatalogueLetter, data))
