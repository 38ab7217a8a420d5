"""The admin's users pages: who may see them, roles and centres, switching accounts off."""

import pytest

from campaign.auth.models import Role, User
from campaign.core.audit import Event
from campaign.extensions import db
from tests.auth.helpers import log_in, mail_links
from tests.conftest import TEST_PASSWORD

GET_PATHS = ["/admin/uzytkownicy", "/admin/uzytkownicy/nowy", "/admin/uzytkownicy/{target}"]
POST_PATHS = [
    "/admin/uzytkownicy/nowy",
    "/admin/uzytkownicy/{target}/rola",
    "/admin/uzytkownicy/{target}/aktywnosc",
]


@pytest.fixture
def admin(client, make_user):
    user = make_user(Role.ADMIN)
    log_in(client, user)
    return user


def events(kind: str) -> list[Event]:
    return list(db.session.scalars(db.select(Event).where(Event.kind == kind)))


@pytest.mark.parametrize("path", GET_PATHS)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (None, 302),
        (Role.DONOR, 403),
        (Role.SOCIAL_WORKER, 403),
        (Role.COORDINATOR, 403),
        (Role.ADMIN, 200),
    ],
)
def test_only_admins_see_the_users_pages(client, make_user, role, status, path):
    target = make_user(Role.DONOR)
    if role is not None:
        log_in(client, make_user(role))
    response = client.get(path.format(target=target.id))
    assert response.status_code == status
    if role is None:
        assert response.headers["Location"].startswith("/logowanie")


@pytest.mark.parametrize("path", POST_PATHS)
@pytest.mark.parametrize("role", [None, Role.DONOR, Role.SOCIAL_WORKER, Role.COORDINATOR])
def test_nobody_but_an_admin_changes_accounts(client, make_user, make_center, role, path):
    target = make_user(Role.DONOR)
    if role is not None:
        log_in(client, make_user(role))
    data = {"role": "admin", "center": "", "active": "0", "email": "x@example.org"}
    response = client.post(path.format(target=target.id), data=data)
    assert response.status_code in (302, 403)
    target = db.session.get(User, target.id)
    assert (target.role, target.active) == ("donor", True)
    assert db.session.scalar(db.select(User).where(User.email == "x@example.org")) is None


def test_unknown_user_is_404(client, admin):
    assert client.get("/admin/uzytkownicy/999999").status_code == 404


def test_list_filters_by_role_and_searches_by_e_mail(client, admin, make_user):
    make_user(Role.DONOR, email="anna.kowalska@example.org")
    make_user(Role.DONOR, email="jan@example.org")
    make_user(Role.COORDINATOR, email="koordynator.anna@example.org")

    html = client.get("/admin/uzytkownicy", query_string={"q": "ANNA"}).get_data(as_text=True)
    assert "anna.kowalska@example.org" in html
    assert "koordynator.anna@example.org" in html
    assert "jan@example.org" not in html

    html = client.get("/admin/uzytkownicy", query_string={"q": "anna", "role": "donor"}).get_data(
        as_text=True
    )
    assert "anna.kowalska@example.org" in html
    assert "koordynator.anna@example.org" not in html


def test_search_treats_wildcards_literally(client, admin, make_user):
    make_user(Role.DONOR, email="jan@example.org")
    html = client.get("/admin/uzytkownicy", query_string={"q": "%"}).get_data(as_text=True)
    assert "jan@example.org" not in html


def test_nonsense_filters_are_ignored(client, admin):
    response = client.get(
        "/admin/uzytkownicy", query_string={"role": "king", "page": "-3", "q": "x" * 300}
    )
    assert response.status_code == 200


def test_list_is_paginated(client, admin, make_user):
    for _ in range(30):
        make_user(Role.DONOR)
    first = client.get("/admin/uzytkownicy").get_data(as_text=True)
    second = client.get("/admin/uzytkownicy", query_string={"page": 2}).get_data(as_text=True)
    assert "Strona 1 z 2" in first
    assert "Strona 2 z 2" in second
    assert first.count("<tr>") - 1 == 25  # one header row


def test_admin_changes_a_role_and_the_change_is_recorded(client, admin, make_user, make_center):
    donor = make_user(Role.DONOR)
    center = make_center()
    response = client.post(
        f"/admin/uzytkownicy/{donor.id}/rola",
        data={"role": "social_worker", "center": center.number},
    )
    assert response.status_code == 302
    donor = db.session.get(User, donor.id)
    assert (donor.role, donor.center_id) == ("social_worker", center.id)
    (event,) = events("auth.role_changed")
    assert event.actor_id == admin.id
    assert event.data["user_id"] == donor.id
    assert (event.data["from_role"], event.data["to_role"]) == ("donor", "social_worker")


def test_social_worker_without_a_centre_is_refused(client, admin, make_user, make_center):
    make_center()
    donor = make_user(Role.DONOR)
    response = client.post(
        f"/admin/uzytkownicy/{donor.id}/rola", data={"role": "social_worker", "center": ""}
    )
    assert response.status_code == 422
    assert "Pracownik socjalny musi należeć do centrum" in response.get_data(as_text=True)
    assert db.session.get(User, donor.id).role == "donor"
    assert events("auth.role_changed") == []


def test_the_last_admin_cannot_give_up_the_role(client, admin):
    response = client.post(
        f"/admin/uzytkownicy/{admin.id}/rola", data={"role": "coordinator", "center": ""}
    )
    assert response.status_code == 422
    assert "ostatni administrator" in response.get_data(as_text=True)
    assert db.session.get(User, admin.id).role == "admin"


def test_an_admin_may_step_down_when_another_remains(client, admin, make_user):
    make_user(Role.ADMIN)
    client.post(f"/admin/uzytkownicy/{admin.id}/rola", data={"role": "coordinator", "center": ""})
    assert db.session.get(User, admin.id).role == "coordinator"


def test_admin_cannot_deactivate_themselves(client, admin):
    response = client.post(f"/admin/uzytkownicy/{admin.id}/aktywnosc", data={"active": "0"})
    assert response.status_code == 409
    assert "Nie możesz wyłączyć własnego konta." in response.get_data(as_text=True)
    assert db.session.get(User, admin.id).active


def test_deactivated_account_is_locked_out_until_reactivated(app, client, admin, make_user):
    worker = make_user(Role.SOCIAL_WORKER)
    worker_device = app.test_client()
    log_in(worker_device, worker)

    client.post(f"/admin/uzytkownicy/{worker.id}/aktywnosc", data={"active": "0"})
    assert not db.session.get(User, worker.id).active
    assert worker_device.get("/konto").status_code == 302  # the running session ends too
    refused = worker_device.post(
        "/logowanie", data={"email": worker.email, "password": TEST_PASSWORD}
    )
    assert refused.status_code == 422

    client.post(f"/admin/uzytkownicy/{worker.id}/aktywnosc", data={"active": "1"})
    assert db.session.get(User, worker.id).active
    log_in(worker_device, worker)
    kinds = [e.kind for e in db.session.scalars(db.select(Event).order_by(Event.id))]
    assert kinds == ["auth.user_deactivated", "auth.user_reactivated"]


def test_admin_creates_a_staff_account_and_the_person_sets_their_password(
    app, client, admin, make_center, outbox
):
    center = make_center()
    response = client.post(
        "/admin/uzytkownicy/nowy",
        data={
            "email": "Pracownik@MOPR.example",
            "display_name": "Ewa Nowak",
            "role": "social_worker",
            "center": center.number,
        },
    )
    assert response.status_code == 302
    worker = db.session.scalar(db.select(User).where(User.email == "pracownik@mopr.example"))
    assert (worker.role, worker.center_id, worker.active) == ("social_worker", center.id, True)
    assert worker.is_verified
    (event,) = events("auth.user_created")
    assert event.actor_id == admin.id

    # No password is shown to the admin; the person gets a link to set their own.
    (mail,) = outbox
    assert mail["To"] == "pracownik@mopr.example"
    link = next(p for p in mail_links(mail) if p.startswith("/haslo/reset/"))
    newcomer = app.test_client()
    newcomer.post(link, data={"password": "moje-haslo-123", "password_confirm": "moje-haslo-123"})
    log_in(newcomer, worker, "moje-haslo-123")


def test_a_welcome_link_outlives_a_reset_link(app, client, admin, outbox, clock_ahead):
    client.post(
        "/admin/uzytkownicy/nowy",
        data={"email": "k@mopr.example", "display_name": "K", "role": "coordinator", "center": ""},
    )
    clock_ahead(app.config["PASSWORD_RESET_MAX_AGE"] + 60)
    link = next(p for p in mail_links(outbox[0]) if p.startswith("/haslo/reset/"))
    assert "Ustaw nowe hasło" in client.get(link).get_data(as_text=True)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"role": "social_worker", "center": ""}, "Pracownik socjalny musi należeć do centrum"),
        ({"email": "istniejacy@example.org"}, "Konto z tym adresem e-mail już istnieje."),
        ({"email": "nie-adres"}, "Nieprawidłowy adres e-mail."),
        ({"role": "donor"}, "Nieprawidłowy wybór"),
    ],
)
def test_bad_staff_account_is_refused_and_kept(client, admin, make_user, outbox, fields, message):
    make_user(Role.DONOR, email="istniejacy@example.org")
    data = {"email": "nowy@mopr.example", "display_name": "Nowa Osoba", "role": "coordinator"}
    data.update({"center": ""}, **fields)
    response = client.post("/admin/uzytkownicy/nowy", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert 'value="Nowa Osoba"' in html
    assert outbox == []
    assert db.session.scalar(db.select(db.func.count(User.id))) == 2


def test_admin_sees_the_users_link_in_the_navigation(client, admin):
    assert 'href="/admin/uzytkownicy"' in client.get("/konto").get_data(as_text=True)


def test_two_admins_demoting_each_other_at_once_leave_one_admin(make_user, in_parallel):
    from campaign.auth.models import Role, User
    from campaign.auth.services import change_role
    from campaign.extensions import db

    first, second = make_user(Role.ADMIN), make_user(Role.ADMIN)
    pairs = [(first.id, second.id), (second.id, first.id)]

    def demote(i: int):
        actor_id, target_id = pairs[i]
        actor, target = db.session.get(User, actor_id), db.session.get(User, target_id)
        change_role(target, Role.COORDINATOR, None, actor=actor)

    outcomes = in_parallel(2, demote)

    admins = db.session.scalars(db.select(User).where(User.role == Role.ADMIN.value)).all()
    assert len(admins) == 1
    assert sum(outcome is None for outcome in outcomes) == 1


def test_the_role_form_names_the_centre_by_its_number_like_every_other_form(
    client, login_as, make_user, make_center
):
    login_as("admin")
    make_center(number=1)  # id and number differ for the centre below
    center = make_center(number=7)
    person = make_user("donor")

    client.post(
        f"/admin/uzytkownicy/{person.id}/rola", data={"role": "social_worker", "center": "7"}
    )

    assert db.session.get(User, person.id).center_id == center.id
