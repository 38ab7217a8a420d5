"""Account links (password reset, welcome, e-mail verification) never reach a log in full."""

import io
import json
import logging
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config as GunicornConfig

from campaign.auth.models import Role
from tests.auth.test_auth_password import ask_for_link, reset_link

GUNICORN_CONF = Path(__file__).resolve().parent.parent / "deploy" / "gunicorn.conf.py"


@pytest.fixture
def request_log():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.getLogger("campaign.request").handlers[0].formatter)
    request_logger = logging.getLogger("campaign.request")
    request_logger.addHandler(handler)
    level = request_logger.level
    request_logger.setLevel(logging.INFO)
    yield stream
    request_logger.setLevel(level)
    request_logger.removeHandler(handler)


def test_the_json_request_log_carries_no_reset_token(client, make_user, outbox, request_log):
    user = make_user(Role.DONOR)
    ask_for_link(client, user.email)
    link = reset_link(outbox[-1])
    token = link.rsplit("/", 1)[1]

    assert client.get(link).status_code == 200

    lines = [json.loads(line) for line in request_log.getvalue().splitlines()]
    assert "/haslo/reset/[redacted]" in [line["path"] for line in lines]
    assert token not in request_log.getvalue()


def test_the_json_request_log_carries_no_verification_token(client, request_log):
    client.get("/weryfikacja/InR0ZXN0QGV4YW1wbGUub3JnIg.aaaa.bbbb")

    assert "InR0ZXN0" not in request_log.getvalue()
    assert "/weryfikacja/[redacted]" in request_log.getvalue()


def _access_line(path: str, referer: str = "-") -> str:
    settings = runpy.run_path(str(GUNICORN_CONF))
    config = GunicornConfig()
    config.set("accesslog", "-")
    gunicorn_logger = settings["logger_class"](config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path.split("?")[0],
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": referer,
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[("REFERER", referer)])
    atoms = gunicorn_logger.atoms(response, request, environ, timedelta(milliseconds=5))
    return config.access_log_format % atoms


@pytest.mark.parametrize(
    "path", ["/haslo/reset/eyJ1IjoxfQ.Z9.sekret", "/weryfikacja/eyJ1IjoxfQ.Z9.sekret?x=1"]
)
def test_gunicorns_access_log_carries_no_link_token(path):
    line = _access_line(path, referer=f"https://kmp.example{path}")

    assert "sekret" not in line
    assert "[redacted]" in line


def test_gunicorns_access_log_keeps_ordinary_paths():
    assert "/weryfikacja/ponownie" in _access_line("/weryfikacja/ponownie")
    assert "/listy/KMP26-ABCDE-1" in _access_line("/listy/KMP26-ABCDE-1")
