"""Demo parcels (written by the parcels work)."""


def seed_parcels(campaign) -> None:
    """Idempotently receive and deliver some demo claims through the parcel services."""
