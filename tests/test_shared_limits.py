"""Rate limits shared by every worker: failures counted in one process are seen by another,
through Redis (the production store). Skipped without Redis, except in CI (KMP_REQUIRE_REDIS)."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from campaign.extensions import limiter
from campaign.models import Role
from tests.conftest import TEST_PASSWORD, redis_url

ROOT = Path(__file__).resolve().parent.parent

# Another worker: its own process and app, the same database and the same limit store.
OTHER_WORKER = textwrap.dedent(
    """
    import sys
    from campaign import create_app
    from campaign.config import TestConfig

    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    config.update(
        SQLALCHEMY_DATABASE_URI=sys.argv[1],
        RATELIMIT_STORAGE_URI=sys.argv[2],
        RATELIMIT_ENABLED=True,
        LOGIN_RATE_LIMIT="1000 per minute",
        LOGIN_ACCOUNT_RATE_LIMIT="20 per hour",
        PROXY_COUNT=1,
    )
    client = create_app(config).test_client()
    codes = [
        client.post(
            "/logowanie",
            data={"email": sys.argv[3], "password": f"guess-{n}"},
            headers={"X-Forwarded-For": f"203.0.113.{n}"},
        ).status_code
        for n in range(20)
    ]
    print(sorted(set(codes)))
    """
)


@pytest.fixture
def redis_app(app, make_app):
    url = redis_url()
    if not url:
        pytest.skip("TEST_REDIS_URL is not set: the shared-store variant needs Redis")
    shared = make_app(
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=url,
        LOGIN_RATE_LIMIT="1000 per minute",
        LOGIN_ACCOUNT_RATE_LIMIT="20 per hour",
        PROXY_COUNT=1,
    )
    limiter.reset()
    yield shared
    limiter.reset()


def test_failures_counted_by_another_worker_lock_the_account_here(
    redis_app, make_user, database_url
):
    owner = make_user(Role.COORDINATOR, email="klub@demo.mopr.gda.pl")
    run = subprocess.run(
        [sys.executable, "-c", OTHER_WORKER, database_url, redis_url(), "klub@demo.mopr.gda.pl"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip().splitlines()[-1] == "[422]"

    response = redis_app.test_client().post(
        "/logowanie",
        data={"email": "KLUB@demo\u3002mopr.gda.pl", "password": TEST_PASSWORD},
        headers={"X-Forwarded-For": "192.0.2.9"},
    )

    assert response.status_code == 429
    assert owner.email == "klub@demo.mopr.gda.pl"
