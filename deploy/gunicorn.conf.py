"""gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`."""

import multiprocessing
import os

from gunicorn.glogging import Logger

from campaign.logs import redact_path

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 30
graceful_timeout = 20


class RedactingLogger(Logger):
    """gunicorn's logger without password-reset and verification tokens in the access log."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "{referer}i"):
            if key in atoms:
                atoms[key] = redact_path(atoms[key])
        return atoms


# The app logs one JSON line per request itself; gunicorn's access log would repeat it. An
# operator may still switch it on (ACCESS_LOG=- or a file), and then it is redacted too.
accesslog = os.environ.get("ACCESS_LOG") or None
logger_class = RedactingLogger
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
