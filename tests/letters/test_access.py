"""Who reaches which letters page: anonymous → login, donor → 403, another centre → 404."""

import pytest

from campaign.extensions import db
from campaign.letters.models import Letter
from tests.conftest import login

LETTER_GETS = ["/pracownik/listy/{code}", "/pracownik/listy/{code}/edycja"]
LETTER_POSTS = [
    "/pracownik/listy/{code}/zglos",
    "/pracownik/listy/{code}/zatwierdz",
    "/pracownik/listy/{code}/zwroc",
    "/pracownik/listy/{code}/wycofaj",
    "/pracownik/listy/{code}/edycja",
]
STAFF_GETS = [
    "/pracownik/listy",
    "/pracownik/listy/nowy",
    "/pracownik/listy/import",
    "/pracownik/listy/import/wzor.csv",
    *LETTER_GETS,
]
COORDINATOR_GETS = [
    "/koordynacja/kampanie",
    "/koordynacja/kampanie/nowa",
    "/koordynacja/kampanie/{campaign}",
    "/koordynacja/kampanie/{campaign}/edycja",
    "/koordynacja/kampanie/{campaign}/listy.pdf",
    "/koordynacja/centra",
    "/koordynacja/centra/nowe",
    "/koordynacja/centra/1/edycja",
    "/pracownik/listy/{available}/darczynca",
]
COORDINATOR_POSTS = [
    "/koordynacja/kampanie/{campaign}/biezaca",
    "/pracownik/listy/{available}/darczynca",
]


@pytest.fixture
def paths(world, letter_of):
    draft, available = letter_of("draft"), letter_of("available")

    def fill(path: str) -> str:
        return path.format(code=draft.code, available=available.code, campaign=world.campaign.id)

    return fill


def statuses() -> list[str]:
    return sorted(db.session.scalars(db.select(Letter.status)))


@pytest.mark.parametrize("path", STAFF_GETS + COORDINATOR_GETS)
def test_anonymous_visitors_are_sent_to_log_in(client, paths, path):
    response = client.get(paths(path))
    assert response.status_code == 302
    assert "/logowanie" in response.headers["Location"]


@pytest.mark.parametrize("path", LETTER_POSTS + COORDINATOR_POSTS)
def test_anonymous_posts_change_nothing(client, paths, path):
    response = client.post(paths(path), data={"withdraw-reason": "x", "send_back-reason": "x"})
    assert response.status_code == 302
    assert statuses() == ["available", "draft"]


@pytest.mark.parametrize("path", STAFF_GETS + COORDINATOR_GETS + LETTER_POSTS)
def test_a_donor_is_refused(client, make_user, paths, path):
    login(client, make_user("donor"))
    method = client.post if path in LETTER_POSTS else client.get
    assert method(paths(path)).status_code == 403


@pytest.mark.parametrize("path", COORDINATOR_GETS + COORDINATOR_POSTS)
def test_a_social_worker_cannot_reach_coordinator_pages(client, world, paths, path):
    login(client, world.worker)
    method = client.post if path in COORDINATOR_POSTS else client.get
    assert method(paths(path)).status_code == 403


@pytest.mark.parametrize("path", LETTER_GETS)
def test_another_centres_letter_is_not_found_for_reading(client, world, paths, path):
    login(client, world.stranger)
    assert client.get(paths(path)).status_code == 404


@pytest.mark.parametrize("path", LETTER_POSTS)
def test_another_centres_letter_is_not_found_for_changing(client, world, paths, path):
    login(client, world.stranger)
    response = client.post(paths(path), data={"withdraw-reason": "x", "send_back-reason": "x"})
    assert response.status_code == 404
    assert statuses() == ["available", "draft"]


@pytest.mark.parametrize("path", STAFF_GETS + COORDINATOR_GETS)
def test_a_coordinator_reaches_every_page(client, world, paths, path):
    login(client, world.coordinator)
    assert client.get(paths(path)).status_code == 200


@pytest.mark.parametrize("role", ["worker", "coordinator"])
def test_the_navigation_shows_the_letters_links_by_role(client, world, role):
    login(client, getattr(world, role))
    page = client.get("/pracownik/listy").get_data(as_text=True)
    assert 'href="/pracownik/listy"' in page
    assert ('href="/koordynacja/kampanie"' in page) is (role == "coordinator")
