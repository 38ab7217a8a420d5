"""Who may open which donors page: parametrised over roles and paths."""

import pytest

from tests.conftest import login

PUBLIC = ["/listy"]
DONOR_ONLY = ["/moje-listy", "/moje-dane/pobierz", "/moje-dane/usun-konto"]
COORDINATOR_ONLY = ["/koordynacja/darczyncy"]


@pytest.mark.parametrize("path", PUBLIC)
@pytest.mark.parametrize("role", [None, "donor", "social_worker", "coordinator", "admin"])
def test_catalogue_is_open_to_everyone(client, make_user, path, role):
    if role:
        login(client, make_user(role))

    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", DONOR_ONLY + COORDINATOR_ONLY)
def test_anonymous_visitors_are_sent_to_log_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert "/logowanie" in response.headers["Location"]


@pytest.mark.parametrize("path", DONOR_ONLY)
@pytest.mark.parametrize("role", ["social_worker", "coordinator", "admin"])
def test_donor_pages_are_forbidden_to_staff(client, make_user, path, role):
    login(client, make_user(role))

    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", COORDINATOR_ONLY)
@pytest.mark.parametrize(
    ("role", "status"),
    [("donor", 403), ("social_worker", 403), ("coordinator", 200), ("admin", 200)],
)
def test_coordinator_pages_by_role(client, make_user, path, role, status):
    login(client, make_user(role))

    assert client.get(path).status_code == status


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        (None, {"Listy do wzięcia"}),
        ("donor", {"Listy do wzięcia", "Moje listy"}),
        ("social_worker", {"Listy do wzięcia"}),
        ("coordinator", {"Listy do wzięcia", "Darczyńcy"}),
    ],
)
def test_navigation_links_by_role(client, make_user, role, visible):
    if role:
        login(client, make_user(role))

    page = client.get("/listy").get_data(as_text=True)

    for label in ("Listy do wzięcia", "Moje listy", "Darczyńcy"):
        assert (f">{label}</a>" in page) == (label in visible), label
