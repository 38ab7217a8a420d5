"""The API keeps to its OpenAPI document: schemathesis generates requests from the document for
every operation, as an anonymous caller and with a token for each role, and checks each answer.

0 server errors and 0 responses that disagree with the document (status code, content type,
body schema, headers). Path parameters are drawn from the letters and claims of a small world as
often as generated ones, so claiming, intake, delivery and cancelling really happen. Bounded:
KMP_API_CONTRACT_EXAMPLES examples per operation, identity and mode (default 5).
"""

import os
from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from campaign.core.clock import utcnow
from tests.conftest import TEST_PASSWORD

EXAMPLES = int(os.environ.get("KMP_API_CONTRACT_EXAMPLES", "5"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Valid requests from everyone; invalid ones from a donor and a coordinator, who between them
# get past every route's token check to its validation (an anonymous caller stops at the 401).
MODES = {
    schemathesis.GenerationMode.POSITIVE: None,
    schemathesis.GenerationMode.NEGATIVE: ("donor", "coordinator"),
}


@pytest.fixture
def world(make_campaign, make_center, make_user, make_letter, make_claim):
    """Two centres, one person per role, letters in every state, a donor's claims."""
    campaign = make_campaign(review_required=True, claims_close_at=utcnow() + timedelta(days=9))
    first, second = make_center(1), make_center(2)
    users = {
        "donor": make_user("donor"),
        "social_worker": make_user("social_worker", center=first),
        "coordinator": make_user("coordinator"),
        "admin": make_user("admin"),
    }
    letters = []
    for center in (first, second):
        for status in ("draft", "review", "available", "available", "withdrawn"):
            letters.append(make_letter(status, campaign=campaign, center=center))
        for status in ("claimed", "received", "delivered"):
            letters.append(
                make_letter(status, campaign=campaign, center=center, donor=users["donor"])
            )
    letters.append(make_letter("available", campaign=campaign, center=first, sibling_group="R1"))
    letters.append(make_letter("available", campaign=campaign, center=first, sibling_group="R1"))
    claims = [make_claim(donor=users["donor"]) for _ in range(2)]
    return users, [letter.display_code for letter in letters], [claim.id for claim in claims]


def _tokens(client, users) -> dict[str, dict]:
    """A bearer header per role, from POST /api/v1/tokens as a client would get it."""
    headers = {"anonymous": {}}
    for role, user in users.items():
        response = client.post(
            "/api/v1/tokens", json={"email": user.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 201, response.json
        headers[role] = {"Authorization": f"Bearer {response.json['token']}"}
    return headers


def test_every_operation_keeps_to_the_openapi_document_for_every_role(
    app, client, world, backend, record_property, capsys
):
    users, codes, claim_ids = world
    identities = _tokens(client, users)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    known = {"code": st.sampled_from(codes), "claim_id": st.sampled_from(claim_ids)}
    cases, failures, unsatisfiable = 0, [], []

    def run(operation, mode, identity):
        nonlocal cases
        if f"{operation.label} [{mode.value}]" in unsatisfiable:
            return

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
        def check(case, data):
            nonlocal cases
            for name in case.path_parameters or {}:
                if name in known and data.draw(st.booleans()):
                    case.path_parameters[name] = data.draw(known[name])
            cases += 1
            case.call_and_validate(session=client, headers=identities[identity], checks=CHECKS)

        try:
            check()
        except Unsatisfiable:
            # Nothing of this operation can be made invalid (a path parameter alone): no cases.
            unsatisfiable.append(f"{operation.label} [{mode.value}]")
        except Exception as error:  # collected: every operation is tried, then all reported
            failures.append(f"{operation.label} [{mode.value}, {identity}]: {error}")

    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        for mode, who in MODES.items():
            for identity in who or identities:
                run(operation, mode, identity)

    record_property("schemathesis_cases", cases)
    with capsys.disabled():
        print(
            f"\nschemathesis ({backend}): {cases} cases over {len(operations)} operations "
            f"({len(identities)} identities, positive and negative), {len(failures)} failing"
            + (f"; nothing to make invalid in {', '.join(unsatisfiable)}" if unsatisfiable else "")
        )
    assert len(operations) >= 11
    assert cases >= len(operations) * len(identities)
    assert failures == [], "\n\n".join(failures)
