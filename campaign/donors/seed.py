"""Demo claims (written by the donors work)."""


def seed_claims(campaign) -> None:
    """Idempotently claim some available demo letters through the claim service."""
