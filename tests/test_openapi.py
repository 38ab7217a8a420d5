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


def _schema(document: dict, schema: dict) -> dict:
    ref = schema.get("$ref")
    return document["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else schema


def _request_bodies(document: dict):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if "requestBody" in operation:
                schema = operation["requestBody"]["content"]["application/json"]["schema"]
                yield f"{method} {path}", _schema(document, schema)


def test_every_required_text_of_a_request_must_not_be_empty(served_and_documented):
    _, _, document = served_and_documented
    checked = 0
    for where, schema in _request_bodies(document):
        for name in schema.get("required", ()):
            prop = schema["properties"][name]
            if prop.get("type") == "string" and "enum" not in prop:
                assert prop.get("minLength", 0) >= 1, f"{where}: {name} lacks minLength"
                checked += 1
    assert checked >= 4  # wish, reason, email, password


def test_the_limits_and_enums_are_the_forms_and_models_own(served_and_documented):
    from campaign.donors.models import ParcelCondition
    from campaign.letters import forms
    from campaign.letters.models import LetterStatus
    from campaign.parcels.forms import NOTE_MAX

    _, _, document = served_and_documented
    bodies = dict(_request_bodies(document))
    letter = bodies["post /letters"]["properties"]
    assert letter["wish"]["maxLength"] == forms.WISH_MAX
    assert letter["needs"]["maxLength"] == forms.NEEDS_MAX
    assert letter["sibling_group"]["maxLength"] == forms.SIBLING_GROUP_MAX
    assert letter["sibling_group"]["pattern"] == forms.SIBLING_GROUP_PATTERN
    assert letter["case_reference"]["maxLength"] == forms.CASE_REFERENCE_MAX
    assert (letter["age"]["minimum"], letter["age"]["maximum"]) == (forms.AGE_MIN, forms.AGE_MAX)
    assert letter["gender"]["enum"] == [c.value for c in forms.GENDER_CHOICES]
    reason = bodies["post /letters/{code}/withdraw"]["properties"]["reason"]
    assert reason["maxLength"] == forms.REASON_MAX
    intake = bodies["post /parcels/{code}/receive"]["properties"]
    assert intake["note"]["maxLength"] == NOTE_MAX
    schemas = document["components"]["schemas"]
    assert schemas["ParcelCondition"]["enum"] == [c.value for c in ParcelCondition]
    assert schemas["LetterStatus"]["enum"] == [s.value for s in LetterStatus]
    assert set(schemas["StatusCounts"]["required"]) == {s.value for s in LetterStatus}


def test_every_operation_documents_400_and_token_routes_401(served_and_documented):
    _, _, document = served_and_documented
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "400" in responses, f"{method} {path}: a NUL character is a 400 anywhere"
            if operation.get("security") and {} not in operation["security"]:
                assert "401" in responses, f"{method} {path}"
            if "{code}" in path:
                assert "check_character" in responses["422"]["description"]
                assert "404" in responses


def test_every_date_time_in_a_response_is_documented_as_one(served_and_documented):
    _, _, document = served_and_documented
    schemas = document["components"]["schemas"]
    assert schemas["ClaimOut"]["properties"]["claimed_at"]["format"] == "date-time"
    assert schemas["StaffLetter"]["properties"]["created_at"]["format"] == "date-time"


def test_a_wrong_method_is_405_with_allow_in_the_error_shape(client):
    response = client.put("/api/v1/letters")

    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}
    assert response.json["error"]["code"] == "method_not_allowed"
    assert "GET" in client.delete("/kontakt").headers["Allow"]


def test_a_served_route_without_a_declaration_stops_the_document():
    app = create_app({k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()})
    app.add_url_rule("/api/v1/undeclared", endpoint="api.undeclared", view_func=lambda: "")

    with app.app_context(), pytest.raises(LookupError, match=r"api\.undeclared"):
        build_document()
