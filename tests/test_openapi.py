"""The OpenAPI document describes exactly the API that is served."""

import re

import pytest

from campaign import create_app
from campaign.api.openapi import build_document
from campaign.config import TestConfig

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture(scope="module")
def served_and_documented():
    app = create_app({k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()})
    served = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint == "api.openapi_document":
            continue
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        served |= {(path, method.lower()) for method in rule.methods & METHODS}
    with app.app_context():
        document = build_document()
    documented = {
        (path, method) for path, operations in document["paths"].items() for method in operations
    }
    return served, documented, document


def test_every_served_route_is_documented_and_nothing_else(served_and_documented):
    served, documented, _ = served_and_documented
    assert served - documented == set(), "served but not documented"
    assert documented - served == set(), "documented but not served"


def test_every_operation_documents_its_responses_and_path_parameters(served_and_documented):
    _, _, document = served_and_documented
    for path, operations in document["paths"].items():
        names = set(re.findall(r"{([^}]+)}", path))
        for method, operation in operations.items():
            assert operation.get("responses"), f"{method} {path} has no responses"
            declared = {
                p["name"]
                for p in operation.get("parameters", []) + operations.get("parameters", [])
                if isinstance(p, dict) and p.get("in") == "path"
            }
            assert names <= declared, f"{method} {path} lacks path parameters {names - declared}"


def test_every_reference_resolves(served_and_documented):
    _, _, document = served_and_documented
    text = repr(document)
    for ref in set(re.findall(r"'#/components/([a-zA-Z]+)/([A-Za-z0-9_]+)'", text)):
        section, name = ref
        assert name in document["components"].get(section, {}), f"dangling $ref {ref}"


def test_openapi_document_is_served_as_json(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json["openapi"].startswith("3.")
