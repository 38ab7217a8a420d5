"""The coded slip: one A4 page the donor prints after claiming a letter.

The upper part goes on the parcel: the code, a QR code of its intake address, the drop-off point
and the deadline, and nothing about the child or the donor, since strangers may read it. Below a
cut line, the part the donor keeps: the child's age, gender, wish and needs, how to pack, whom to
call. Never the case reference or the author: those are staff-only.
"""

from io import BytesIO

from flask import current_app
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from campaign.donors.labels import gender_label, opening_hours
from campaign.donors.models import Claim
from campaign.pdf.common import FONT, FONT_BOLD, FONT_MONO_BOLD, draw_qr, register_fonts
from campaign.templating import local_date

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 42
CUT_Y = PAGE_HEIGHT / 2
QR_SIZE = 150
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN


def parcel_url(display_code: str) -> str:
    """The address in the slip's QR code: staff land on the intake screen for this parcel."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + "/p/" + display_code


def slip_pdf(claim: Claim) -> bytes:
    """The slip of one claim as PDF bytes (web download, API and e-mail attachment alike)."""
    register_fonts()
    letter = claim.letter
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, lang="pl", pageCompression=1)
    canvas.setTitle(_("Kupon paczki %(code)s", code=letter.display_code))
    canvas.setAuthor("MOPR Gdańsk")
    canvas.setSubject(letter.campaign.name)
    canvas.setCreator("Każdy Może Pomóc")
    _parcel_part(canvas, claim)
    _cut_line(canvas)
    _donor_part(canvas, claim)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class _Cursor:
    """Writes lines downwards from `y`, wrapping to the width and stopping at `floor`."""

    def __init__(self, canvas: Canvas, x: float, y: float, width: float, floor: float) -> None:
        self.canvas, self.x, self.y, self.width, self.floor = canvas, x, y, width, floor

    def text(self, value: str, font: str = FONT, size: float = 11, max_lines: int = 12) -> None:
        leading = size * 1.3
        lines = simpleSplit(value or "", font, size, self.width) or [""]
        if len(lines) > max_lines:
            lines = [*lines[: max_lines - 1], lines[max_lines - 1].rstrip() + " …"]
        self.canvas.setFont(font, size)
        for line in lines:
            if self.y - leading < self.floor:
                return
            self.y -= leading
            self.canvas.drawString(self.x, self.y, line)

    def gap(self, points: float = 6) -> None:
        self.y -= points


def _parcel_part(canvas: Canvas, claim: Claim) -> None:
    letter, center = claim.letter, claim.letter.center
    top = PAGE_HEIGHT - MARGIN
    draw_qr(
        canvas,
        parcel_url(letter.display_code),
        PAGE_WIDTH - MARGIN - QR_SIZE,
        top - QR_SIZE,
        QR_SIZE,
    )
    cursor = _Cursor(canvas, MARGIN, top, TEXT_WIDTH - QR_SIZE - 12, CUT_Y + 24)
    cursor.text(_("%(campaign)s · MOPR Gdańsk", campaign=letter.campaign.name), size=10)
    cursor.gap(10)
    cursor.text(_("Kod paczki"), FONT_BOLD, 12)
    cursor.text(letter.display_code, FONT_MONO_BOLD, 30)
    cursor.gap(16)
    cursor.text(_("Przynieś paczkę do punktu zbiórki:"), FONT_BOLD, 12)
    cursor.text(f"{center.label} — {center.name}", size=12)
    cursor.text(center.address, size=12)
    cursor.text(_("Godziny otwarcia: %(hours)s", hours=", ".join(opening_hours(center))), size=11)
    cursor.gap(10)
    cursor.width = TEXT_WIDTH
    cursor.text(_("Termin: do %(date)s", date=local_date(claim.deadline)), FONT_BOLD, 16)
    cursor.gap(8)
    cursor.text(_("Przyklej tę część do paczki."), size=11)


def _cut_line(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.setDash(6, 4)
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN + 18, CUT_Y, PAGE_WIDTH - MARGIN, CUT_Y)
    canvas.restoreState()
    canvas.setFont(FONT, 16)
    canvas.drawString(MARGIN - 4, CUT_Y - 6, "✂")
    canvas.setFont(FONT, 9)
    canvas.drawCentredString(
        PAGE_WIDTH / 2,
        CUT_Y - 14,
        _("Odetnij wzdłuż linii: górna część na paczkę, dolna zostaje u Ciebie."),
    )


def _donor_part(canvas: Canvas, claim: Claim) -> None:
    letter, campaign, center = claim.letter, claim.letter.campaign, claim.letter.center
    cursor = _Cursor(canvas, MARGIN, CUT_Y - 30, TEXT_WIDTH, MARGIN)
    cursor.text(_("Dla Ciebie — zachowaj tę część"), FONT_BOLD, 14)
    cursor.text(_("List %(code)s", code=letter.display_code), size=11)
    cursor.gap(6)
    cursor.text(
        _("Dziecko: %(gender)s, wiek: %(age)s", gender=gender_label(letter.gender), age=letter.age),
        FONT_BOLD,
        12,
    )
    cursor.gap(4)
    cursor.text(_("Marzenie:"), FONT_BOLD, 11)
    cursor.text(letter.wish, max_lines=5)
    if letter.needs:
        cursor.gap(4)
        cursor.text(_("Potrzeby (np. rozmiary):"), FONT_BOLD, 11)
        cursor.text(letter.needs, max_lines=3)
    cursor.gap(6)
    cursor.text(
        _(
            "Paczkę przynieś do %(date)s: %(center)s, %(address)s.",
            date=local_date(claim.deadline),
            center=center.label,
            address=center.address,
        ),
        size=10,
    )
    if campaign.slip_instructions:
        cursor.gap(4)
        cursor.text(_("Jak przygotować paczkę:"), FONT_BOLD, 11)
        cursor.text(campaign.slip_instructions, size=10, max_lines=4)
    if campaign.contact_phone:
        cursor.gap(6)
        cursor.text(_("Pytania? Zadzwoń: %(phone)s", phone=campaign.contact_phone), FONT_BOLD, 11)
