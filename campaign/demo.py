"""The demo accounts: one place for their e-mail addresses and password.

`flask seed-demo` creates them, each domain's seed looks them up, the README and the browser
tests log in with them. Demo only: seeding refuses to run in production (see seed.py).
"""

from campaign.auth.models import Role

DEMO_PASSWORD = "demo-haslo-2026"  # noqa: S105 (demo accounts only, printed by make run)

ADMIN_EMAIL = "admin@demo.mopr.gda.pl"
COORDINATOR_EMAIL = "koordynator@demo.mopr.gda.pl"
# Social workers by their centre's number; the other centres' letters are the coordinator's.
SOCIAL_WORKER_EMAILS = {1: "pracownik@demo.mopr.gda.pl", 2: "pracownik2@demo.mopr.gda.pl"}
DONOR_EMAIL = "darczynca@demo.mopr.gda.pl"

# (e-mail, role, centre number, display name)
DEMO_ACCOUNTS = [
    (ADMIN_EMAIL, Role.ADMIN, None, "Administrator"),
    (COORDINATOR_EMAIL, Role.COORDINATOR, None, "Koordynatorka"),
    (SOCIAL_WORKER_EMAILS[1], Role.SOCIAL_WORKER, 1, "Pracownik CPS 1"),
    (SOCIAL_WORKER_EMAILS[2], Role.SOCIAL_WORKER, 2, "Pracownik CPS 2"),
    (DONOR_EMAIL, Role.DONOR, None, "Anna"),
]


def center_email(number: int) -> str:
    return f"cps{number}@demo.mopr.gda.pl"
