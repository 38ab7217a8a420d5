"""Demo office content from shared/seed/office-homepage.txt (written by the office work)."""


def seed_office() -> None:
    """Idempotently create the news, announcements and contact entries of the seed page."""
