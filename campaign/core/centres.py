"""Centres (Centra Pracy Socjalnej): every domain names one, and each is also a drop-off point."""

from datetime import time

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from campaign.extensions import db


class Center(db.Model):
    """A Centrum Pracy Socjalnej; every centre is also a drop-off point for parcels."""

    __tablename__ = "centers"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    # Demo values are invented; the contact page says so for such centres.
    is_demo_data: Mapped[bool] = mapped_column(default=False)

    hours: Mapped[list["DropOffHours"]] = relationship(
        back_populates="center",
        order_by="(DropOffHours.weekday, DropOffHours.opens_at)",
        cascade="all, delete-orphan",
    )
    staff: Mapped[list["User"]] = relationship(back_populates="center")  # noqa: F821

    @property
    def label(self) -> str:
        return f"CPS {self.number}"

    def __repr__(self) -> str:
        return f"<Center {self.number}>"


class DropOffHours(db.Model):
    """One weekly opening slot of a drop-off point (weekday 0 = Monday)."""

    __tablename__ = "drop_off_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    weekday: Mapped[int] = mapped_column()
    opens_at: Mapped[time] = mapped_column()
    closes_at: Mapped[time] = mapped_column()

    center: Mapped[Center] = relationship(back_populates="hours")


def all_centers() -> list[Center]:
    """Every centre, by number (CPS 1, CPS 2, ...): the order of every list and choice."""
    return list(db.session.scalars(db.select(Center).order_by(Center.number)))


def center_by_number(number: int | None) -> Center | None:
    if number is None:
        return None
    return db.session.scalar(db.select(Center).where(Center.number == number))
