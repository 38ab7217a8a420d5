"""Paper letters: one A4 page per letter, for donors who take a letter at an event.

A page shows what a donor needs and nothing staff-only (never the case reference or the author):
the code large, a QR code of the parcel's address (``/p/<code>``), age, gender, wish, needs, the
drop-off point with its hours, the deadline, and a strip with the code to stick on the parcel.

Drawn straight on a canvas page by page (no platypus story held in memory), so `letters` can be
a streamed query result; a centre's drop-off text is worked out once per centre.
"""

from collections.abc import Iterable
from io import BytesIO

from flask_babel import get_locale
from flask_babel import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from campaign.core.centres import Center
from campaign.letters.models import Letter
from campaign.pdf.common import FONT, FONT_BOLD, FONT_MONO_BOLD, draw_qr, register_fonts
from campaign.templating import local_date, weekday_name

WIDTH, HEIGHT = A4
MARGIN = 18 * mm
TEXT_WIDTH = WIDTH - 2 * MARGIN
QR_SIZE = 44 * mm
MUTED = HexColor("#566175")
INK = HexColor("#1d2430")


def printed_letters_pdf(letters: Iterable[Letter], base_url: str) -> bytes:
    """All `letters` in one PDF, one page each."""
    register_fonts()
    buffer = BytesIO()
    pdf = Canvas(buffer, pagesize=A4, pageCompression=1, lang=str(get_locale() or "pl"))
    pdf.setTitle(_("Listy z marzeniami dzieci – Każdy Może Pomóc"))
    pdf.setAuthor(_("Miejski Ośrodek Pomocy Rodzinie w Gdańsku"))
    pdf.setSubject(_("Listy do wręczenia darczyńcom"))
    pdf.setCreator("Każdy Może Pomóc")
    drop_off_texts: dict[int, list[str]] = {}
    for letter in letters:
        if letter.center_id not in drop_off_texts:
            drop_off_texts[letter.center_id] = drop_off_lines(letter.center)
        draw_letter_page(pdf, letter, base_url.rstrip("/"), drop_off_texts[letter.center_id])
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def drop_off_lines(center: Center) -> list[str]:
    lines = [f"{center.label} – {center.name}", center.address]
    slots = [
        f"{weekday_name(h.weekday)} {h.opens_at:%H:%M}–{h.closes_at:%H:%M}" for h in center.hours
    ]
    if slots:
        lines.append(_("Godziny otwarcia: %(slots)s", slots="; ".join(slots)))
    if center.phone:
        lines.append(_("tel. %(phone)s", phone=center.phone))
    return lines


def draw_letter_page(pdf: Canvas, letter: Letter, base_url: str, drop_off: list[str]) -> None:
    campaign = letter.campaign
    top = HEIGHT - MARGIN
    _text(pdf, MARGIN, top, campaign.name, FONT, 10, MUTED)
    _text(pdf, MARGIN, top - 14, _("Miejski Ośrodek Pomocy Rodzinie w Gdańsku"), FONT, 10, MUTED)

    qr_x, qr_y = WIDTH - MARGIN - QR_SIZE, top - QR_SIZE
    url = f"{base_url}/p/{letter.display_code}"
    draw_qr(pdf, url, qr_x, qr_y, QR_SIZE)

    _text(pdf, MARGIN, top - 50, _("Kod listu"), FONT, 10, MUTED)
    _text(pdf, MARGIN, top - 80, letter.display_code, FONT_MONO_BOLD, 28)
    heading = _(
        "%(gender)s, wiek: %(age)s", gender=letter.gender_label.capitalize(), age=letter.age
    )
    _text(pdf, MARGIN, top - 115, heading, FONT_BOLD, 16)

    y = top - QR_SIZE - 30
    # Line budgets keep every part on the page whatever the lengths: long texts get smaller.
    y = _section(pdf, y, _("Marzenie"), letter.wish, size=16, max_lines=10)
    if letter.needs:
        y = _section(pdf, y - 8, _("Potrzeby (rozmiary)"), letter.needs, size=12, max_lines=4)
    y = _section(pdf, y - 8, _("Gdzie przynieść paczkę"), "\n".join(drop_off), size=11, max_lines=6)
    deadline = _("Przynieś paczkę do %(date)s.", date=local_date(campaign.parcel_deadline))
    _text(pdf, MARGIN, y - 10, deadline, FONT_BOLD, 12)
    if campaign.slip_instructions:
        _paragraph(pdf, MARGIN, y - 30, campaign.slip_instructions, FONT, 9, max_lines=4)
    _code_strip(pdf, letter, campaign.contact_phone)


def _section(pdf: Canvas, y: float, title: str, body: str, *, size: int, max_lines=12) -> float:
    _text(pdf, MARGIN, y, title, FONT_BOLD, 11, MUTED)
    return _paragraph(pdf, MARGIN, y - size - 4, body, FONT, size, max_lines=max_lines)


def _paragraph(pdf: Canvas, x, y, text: str, font: str, size: int, *, max_lines: int) -> float:
    """Wrapped text from the baseline `y` down; shrinks the font rather than overflow the page."""
    lines = _wrap(text, font, size)
    while len(lines) > max_lines and size > 8:
        size -= 1
        lines = _wrap(text, font, size)
    leading = size * 1.3
    for line in lines:
        _text(pdf, x, y, line, font, size)
        y -= leading
    return y


def _wrap(text: str, font: str, size: int) -> list[str]:
    lines: list[str] = []
    for part in text.splitlines() or [""]:
        lines += simpleSplit(part, font, size, TEXT_WIDTH) or [""]
    return lines


def _code_strip(pdf: Canvas, letter: Letter, phone: str) -> None:
    """The bottom strip, to cut off and stick on the parcel."""
    y = MARGIN + 34
    pdf.setDash(4, 3)
    pdf.setStrokeColor(MUTED)
    pdf.line(MARGIN, y + 16, WIDTH - MARGIN, y + 16)
    pdf.setDash()
    _text(pdf, MARGIN, y, _("Odetnij i przyklej do paczki:"), FONT, 10, MUTED)
    _text(pdf, MARGIN, y - 26, letter.display_code, FONT_MONO_BOLD, 22)
    if phone:
        contact = _("Pytania: tel. %(phone)s", phone=phone)
        pdf.setFont(FONT, 9)
        pdf.setFillColor(MUTED)
        pdf.drawRightString(WIDTH - MARGIN, y - 26, contact)


def _text(pdf: Canvas, x, y, text: str, font: str, size: float, color=INK) -> None:
    pdf.setFont(font, size)
    pdf.setFillColor(color)
    pdf.drawString(x, y, text)
