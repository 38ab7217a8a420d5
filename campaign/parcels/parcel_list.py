"""The printed list of parcels a drop-off point expects, for the paper check at the table."""

from io import BytesIO
from xml.sax.saxutils import escape

from flask_babel import get_locale
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from campaign.core.centres import Center
from campaign.core.clock import utcnow
from campaign.donors.models import Claim
from campaign.letters.models import Campaign
from campaign.pdf.common import FONT, FONT_BOLD, FONT_MONO_BOLD, register_fonts
from campaign.templating import local_date, local_datetime


def parcel_list_pdf(
    campaign: Campaign,
    center: Center,
    claims: list[Claim],
    status_labels: dict[str, str],
    condition_labels: dict[str, str],
) -> bytes:
    """One table: code, deadline, status, condition, and an empty box to tick on paper."""
    register_fonts()
    buffer = BytesIO()
    title = _("Paczki oczekiwane w punkcie %(point)s", point=center.label)
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author=_("Miejski Ośrodek Pomocy Rodzinie w Gdańsku"),
        subject=campaign.name,
        lang=str(get_locale() or "pl"),
    )
    heading = ParagraphStyle("heading", fontName=FONT_BOLD, fontSize=15, leading=19)
    small = ParagraphStyle("small", fontName=FONT, fontSize=9, leading=12)
    # A Paragraph parses its text as markup: a "&" or "<" in a name would break the document.
    story = [
        Paragraph(escape(title), heading),
        Paragraph(escape(f"{campaign.name} · {center.name}, {center.address}"), small),
        Paragraph(
            escape(
                _(
                    "Stan na %(when)s. Paczek na liście: %(n)s.",
                    when=local_datetime(utcnow()),
                    n=len(claims),
                )
            ),
            small,
        ),
        Spacer(1, 6 * mm),
        _table(claims, status_labels, condition_labels),
    ]
    doc.build(story)
    return buffer.getvalue()


def _table(claims: list[Claim], status_labels: dict, condition_labels: dict) -> Table:
    header = [_("Kod"), _("Termin"), _("Status"), _("Stan paczki"), "✓"]
    rows = [
        [
            claim.letter.display_code,
            local_date(claim.deadline, "dd.MM.y"),
            str(status_labels.get(claim.status, claim.status)),
            str(condition_labels.get(claim.condition, "")) if claim.condition else "",
            "",
        ]
        for claim in claims
    ]
    if not rows:
        rows = [[_("Brak paczek."), "", "", "", ""]]
    table = Table(
        [header, *rows], colWidths=[48 * mm, 27 * mm, 50 * mm, 40 * mm, 15 * mm], repeatRows=1
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 10),
                ("FONT", (0, 0), (-1, 0), FONT_BOLD, 10),
                ("FONT", (0, 1), (0, -1), FONT_MONO_BOLD, 10),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6effa")),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#7a8699")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f6f9")]),
            ]
        )
    )
    return table
