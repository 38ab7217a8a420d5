"""CSV exports for coordinators: letters, claims and parcels of a campaign, optionally one centre.

Excel opens them cleanly: UTF-8 with a byte-order mark, `;` between fields, CRLF line ends.
What goes in: no case reference (it links a letter to a family's file and stays in the app); the
donor's name and contact only in the claims export, where the coordinator needs them to reach a
donor whose parcel is late. Cells a spreadsheet would run as a formula are defused.
"""

import csv
import io
from collections.abc import Callable, Iterable

from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from campaign.core.centres import Center
from campaign.core.clock import to_local
from campaign.donors.models import Claim
from campaign.extensions import db
from campaign.letters.models import Campaign, Letter

KINDS = ("letters", "claims", "parcels")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_csv(kind: str, campaign: Campaign, center: Center | None = None) -> bytes:
    header, rows = EXPORTERS[kind](campaign, center)
    return to_csv(header, rows)


def to_csv(header: list[str], rows: Iterable[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def filename(kind: str, campaign: Campaign, center: Center | None) -> str:
    where = f"-cps{center.number}" if center else ""
    return f"{campaign.code_prefix.lower()}-{kind}{where}.csv"


def _cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):  # a stored naive-UTC timestamp: shown in Gdańsk time
        return to_local(value).strftime("%Y-%m-%d %H:%M")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _letters(campaign: Campaign, center: Center | None) -> tuple[list[str], list[list]]:
    query = (
        db.select(Letter)
        .options(joinedload(Letter.center))
        .where(Letter.campaign_id == campaign.id)
        .order_by(Letter.code)
    )
    if center is not None:
        query = query.where(Letter.center_id == center.id)
    header = [_("kod"), _("centrum"), _("wiek"), _("płeć"), _("marzenie"), _("potrzeby")]
    header += [_("status"), _("pokryty przez centrum/partnera"), _("utworzony")]
    rows = (
        [
            letter.display_code,
            letter.center.label,
            letter.age,
            letter.gender,
            letter.wish,
            letter.needs,
            letter.status,
            letter.covered_note if letter.covered_at else "",
            letter.created_at,
        ]
        for letter in db.session.scalars(query)
    )
    return header, rows


def _claims_query(campaign: Campaign, center: Center | None):
    query = (
        db.select(Claim)
        .join(Claim.letter)
        .options(
            joinedload(Claim.letter).joinedload(Letter.center),
            joinedload(Claim.donor),
            joinedload(Claim.received_by),
            joinedload(Claim.received_at_center),
            joinedload(Claim.delivered_by),
        )
        .where(Letter.campaign_id == campaign.id)
        .order_by(Letter.code, Claim.created_at)
    )
    if center is not None:
        query = query.where(Letter.center_id == center.id)
    return query


def _claims(campaign: Campaign, center: Center | None) -> tuple[list[str], list[list]]:
    header = [_("kod"), _("centrum"), _("status"), _("zarezerwowano"), _("termin")]
    header += [_("darczyńca"), _("kontakt"), _("przypomnienie wysłane"), _("zwolniono")]
    header += [_("powód zwolnienia")]

    def row(claim: Claim) -> list:
        donor = claim.donor
        contact = (donor.email or "") if donor else claim.walkin_contact
        return [
            claim.letter.display_code,
            claim.letter.center.label,
            claim.status,
            claim.created_at,
            claim.deadline,
            claim.holder_name,
            contact,
            claim.reminder_sent_at,
            claim.released_at,
            claim.release_reason,
        ]

    return header, _rows(_claims_query(campaign, center), row)


def _parcels(campaign: Campaign, center: Center | None) -> tuple[list[str], list[list]]:
    header = [_("kod"), _("centrum"), _("status"), _("przyjęto"), _("punkt przyjęcia")]
    header += [_("przyjął(-ęła)"), _("stan"), _("uwagi"), _("wydano rodzinie"), _("wydał(a)")]
    query = _claims_query(campaign, center).where(Claim.received_at.is_not(None))

    def row(claim: Claim) -> list:
        return [
            claim.letter.display_code,
            claim.letter.center.label,
            claim.status,
            claim.received_at,
            claim.received_at_center.label if claim.received_at_center else "",
            claim.received_by.display_name if claim.received_by else "",
            claim.condition,
            claim.intake_note,
            claim.delivered_at,
            claim.delivered_by.display_name if claim.delivered_by else "",
        ]

    return header, _rows(query, row)


def _rows(query, row: Callable[[Claim], list]) -> Iterable[list]:
    return (row(claim) for claim in db.session.scalars(query).unique())


EXPORTERS = {"letters": _letters, "claims": _claims, "parcels": _parcels}
