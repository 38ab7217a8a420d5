"""Every staff page, every role: the whole URL map, so a new page without its check fails here.

Each domain tests its pages' object-level rules (a foreign centre's letter is 404, ...); this is
the coarse layer above them: who may open a staff area at all.
"""

import re

import pytest

from campaign import create_app
from campaign.config import TestConfig

AREAS = {
    # URL prefix → roles allowed in (admin counts as coordinator everywhere)
    "/admin/": {"admin"},
    "/biuro/": {"coordinator", "admin"},
    "/koordynacja": {"coordinator", "admin"},
    "/pracownik/": {"social_worker", "coordinator", "admin"},
    "/punkt/": {"social_worker", "coordinator", "admin"},
}
# A social worker may print the list of parcels expected at their own centre (scoped inside).
EXCEPTIONS = {"parcels.parcel_list": {"social_worker"}}
ROLES = ["donor", "social_worker", "coordinator", "admin"]
SAMPLE = {"int": "999999", "default": "KMP26-7KQ4M-X"}


def _staff_routes():
    app = create_app({k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()})
    routes = []
    for rule in app.url_map.iter_rules():
        area = next((a for a in AREAS if rule.rule.startswith(a)), None)
        if area is None:
            continue
        path = re.sub(
            r"<(?:(\w+):)?(\w+)>",
            lambda m: "letters" if m.group(2) == "kind" else SAMPLE.get(m.group(1) or "default"),
            rule.rule,
        )
        allowed = AREAS[area] | EXCEPTIONS.get(rule.endpoint, set())
        for method in sorted(rule.methods & {"GET", "POST"}):
            routes.append(pytest.param(method, path, allowed, id=f"{method} {rule.rule}"))
    return routes


STAFF_ROUTES = _staff_routes()
REFUSALS = [
    pytest.param(role, *route.values, id=f"{role} {route.id}")
    for route in STAFF_ROUTES
    for role in ROLES
    if role not in route.values[2]
]


def test_the_matrix_covers_the_staff_areas():
    assert len(STAFF_ROUTES) > 40


@pytest.mark.parametrize(("method", "path", "allowed"), STAFF_ROUTES)
def test_anonymous_visitors_are_sent_to_log_in(client, method, path, allowed):
    response = client.open(path, method=method)
    assert response.status_code == 302
    assert "/logowanie" in response.headers["Location"]


@pytest.mark.parametrize(("role", "method", "path", "allowed"), REFUSALS)
def test_roles_outside_an_area_are_refused(login_as, client, role, method, path, allowed):
    login_as(role)
    assert client.open(path, method=method).status_code == 403
