"""The coded slip PDF (`campaign.donors.slip.slip_pdf`), built on every request: its time compared
with a bare reportlab page carrying the same text, with the same embedded font, drawn line by line
without any layout, and the same QR code drawn by reportlab's own QrCodeWidget."""

from datetime import time as clock
from datetime import timedelta
from io import BytesIO

from bench.common import Result, bench_app, median_seconds

REPEAT = 30


def _claim(app):
    from campaign.auth.models import User
    from campaign.core.centres import Center, DropOffHours
    from campaign.core.clock import today, utcnow
    from campaign.donors.models import Claim
    from campaign.extensions import db
    from campaign.letters.codes import generate_code
    from campaign.letters.models import Campaign, Letter

    center = Center(number=3, name="Centrum Pracy Socjalnej nr 3", address="ul. Dywizjonu 303 3")
    center.hours = [
        DropOffHours(weekday=d, opens_at=clock(12), closes_at=clock(18)) for d in (1, 3)
    ]
    campaign = Campaign(
        name="Każdy Może Pomóc 2026",
        year=2026,
        code_prefix="KMP26",
        claims_open_at=utcnow() - timedelta(days=1),
        claims_close_at=utcnow() + timedelta(days=20),
        parcel_deadline=today() + timedelta(days=14),
        delivery_date=today() + timedelta(days=21),
        slip_instructions="Zapakuj prezent do kartonu, przyklej kupon i przynieś paczkę "
        "do punktu zbiórki w godzinach jego otwarcia. Nie podpisuj paczki nazwiskiem.",
        contact_phone="58 342 31 34",
        is_current=True,
    )
    letter = Letter(
        code=generate_code("KMP26"),
        campaign=campaign,
        center=center,
        age=9,
        gender="f",
        wish="Marzę o łyżwach, ciepłej czapce i książce o żółwiach morskich. " * 3,
        needs="buty 33, kurtka 140, czapka 54",
        status="claimed",
    )
    donor = User(email="bench@example.org", role="donor", display_name="Bench")
    claim = Claim(letter=letter, donor=donor, deadline=campaign.parcel_deadline)
    db.session.add_all([center, campaign, letter, donor, claim])
    db.session.commit()
    return claim


def _bare_page(lines: list[str], qr_url: str) -> bytes:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from campaign.pdf.common import FONT, register_fonts

    register_fonts()
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    drawing = Drawing(150, 150)
    drawing.add(QrCodeWidget(qr_url, barLevel="M", barBorder=4, barWidth=150, barHeight=150))
    renderPDF.draw(drawing, canvas, 400, 650)
    canvas.setFont(FONT, 11)
    y = 800
    for line in lines:
        canvas.drawString(42, y, line)
        y -= 14
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def run() -> list[Result]:
    from pypdf import PdfReader

    from campaign.core.transactions import writing
    from campaign.donors.slip import parcel_url, slip_pdf

    app = bench_app()
    with app.test_request_context(headers={"Accept-Language": "pl"}):
        with writing():
            claim = _claim(app)
        pdf = slip_pdf(claim)
        lines = PdfReader(BytesIO(pdf)).pages[0].extract_text().splitlines()
        url = parcel_url(claim.letter.display_code)
        slip = median_seconds(lambda: slip_pdf(claim), repeat=REPEAT)
        bare = median_seconds(lambda: _bare_page(lines, url), repeat=REPEAT)
    note = f"median of {REPEAT}; {len(pdf) // 1024} KiB"
    return [
        Result("slip PDF", slip * 1000, "ms", "bare reportlab page", bare * 1000, note),
        Result("slips per second (one core)", 1 / slip, "slips/s", note=note),
    ]
