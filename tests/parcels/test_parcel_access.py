"""Who may open which parcel page: every role against every page."""

import pytest

from campaign.letters.models import LetterStatus
from tests.conftest import login
from tests.parcels.parcel_helpers import claim_of

STAFF_PAGES = ["/punkt/przyjecie", "/punkt/wydawanie", "/koordynacja/lista/{center}.pdf"]
COORDINATOR_PAGES = [
    "/koordynacja",
    "/koordynacja/zaleglosci",
    "/koordynacja/dziennik",
    "/koordynacja/rezerwacje/{claim}",
    "/koordynacja/eksport/letters.csv",
    "/koordynacja/eksport/claims.csv",
    "/koordynacja/eksport/parcels.csv",
]
COORDINATOR_ACTIONS = [
    "/koordynacja/rezerwacje/{claim}/przypomnij",
    "/koordynacja/rezerwacje/{claim}/przedluz",
    "/koordynacja/rezerwacje/{claim}/zwolnij",
    "/koordynacja/listy/{code}/pokryty",
]
EXPECTED_GET = {
    # role: (staff page, coordinator page)
    None: (302, 302),
    "donor": (403, 403),
    "social_worker": (200, 403),
    "coordinator": (200, 200),
    "admin": (200, 200),
}


@pytest.fixture
def scene(make_center, make_campaign, make_letter, make_claim, make_user):
    center = make_center()
    make_campaign()
    claim = make_claim(letter=make_letter(LetterStatus.CLAIMED, center=center, donor=make_user()))
    available = make_letter(LetterStatus.AVAILABLE, center=center)
    return {"center": center, "claim": claim, "available": available}


def as_role(client, make_user, role, center):
    if role is not None:
        login(client, make_user(role, center=center if role == "social_worker" else None))


def fill(path: str, scene: dict) -> str:
    return path.format(
        center=scene["center"].number, claim=scene["claim"].id, code=scene["available"].code
    )


@pytest.mark.parametrize("role", list(EXPECTED_GET))
@pytest.mark.parametrize("path", STAFF_PAGES + COORDINATOR_PAGES)
def test_page_access_by_role(client, make_user, scene, role, path):
    as_role(client, make_user, role, scene["center"])
    response = client.get(fill(path, scene))
    staff_status, coordinator_status = EXPECTED_GET[role]
    expected = staff_status if path in STAFF_PAGES else coordinator_status
    assert response.status_code == expected
    if expected == 302:
        assert (
            "/logowanie" in response.headers["Location"] or "login" in response.headers["Location"]
        )


@pytest.mark.parametrize("role", [None, "donor", "social_worker"])
@pytest.mark.parametrize("path", COORDINATOR_ACTIONS)
def test_coordinator_actions_are_refused_to_others(client, make_user, scene, role, path):
    as_role(client, make_user, role, scene["center"])
    response = client.post(
        fill(path, scene), data={"reason": "x", "note": "x", "deadline": "2099-01-01"}
    )
    assert response.status_code == (302 if role is None else 403)
    if role is None:
        assert "/punkt" not in response.headers["Location"]
    assert claim_of(scene["claim"].letter).status == "active"


@pytest.mark.parametrize("role", ["donor", None])
def test_intake_and_delivery_posts_are_refused_to_non_staff(client, make_user, scene, role):
    as_role(client, make_user, role, scene["center"])
    code = scene["claim"].letter.display_code
    assert client.post(
        "/punkt/przyjecie", data={"code": code, "condition": "complete"}
    ).status_code in (302, 403)
    assert client.post("/punkt/wydawanie", data={"one": scene["claim"].letter_id}).status_code in (
        302,
        403,
    )
    assert claim_of(scene["claim"].letter).status == "active"


def test_social_worker_cannot_print_another_centres_list(client, make_user, make_center, scene):
    login(client, make_user("social_worker", center=make_center()))
    assert client.get(fill("/koordynacja/lista/{center}.pdf", scene)).status_code == 404


def test_nav_shows_each_role_its_links(client, make_user, scene):
    login(client, make_user("social_worker", center=scene["center"]))
    html = client.get("/punkt/przyjecie").get_data(as_text=True)
    assert "Przyjęcie paczek" in html and "Wydawanie" in html and ">Pulpit<" not in html
    login(client, make_user("coordinator"))
    html = client.get("/punkt/przyjecie").get_data(as_text=True)
    assert ">Pulpit<" in html and ">Zaległości<" in html and ">Dziennik<" in html
