"""Demo letters (written by the letters work)."""


def seed_letters(campaign) -> None:
    """Idempotently create about 200 letters of the campaign in draft/review/available/withdrawn."""
