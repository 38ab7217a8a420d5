"""What every PDF document shares: the embedded fonts with Polish letters, and QR images."""

from functools import cache
from io import BytesIO
from pathlib import Path

import qrcode
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_MONO_BOLD = "DejaVuSansMono-Bold"


@cache
def register_fonts() -> None:
    """Register the TTF fonts once per process (reportlab's built-ins have no ą, ę, ł, ...)."""
    for name in (FONT, FONT_BOLD, FONT_MONO_BOLD):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))


def qr_image(data: str, box_size: int = 8) -> ImageReader:
    """A QR code as a raster image, embedded as such so that it can be extracted and decoded.

    Error correction M survives a crease or a smudge on a printed slip. The mask pattern is
    fixed: every mask is valid and scanners read them all, while choosing the "best" one means
    building the symbol eight times, which was most of the time spent printing 1,000 letters.
    """
    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=box_size,
        border=4,
        mask_pattern=0,
    )
    qr.add_data(data)
    qr.make(fit=True)
    buffer = BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    buffer.seek(0)
    return ImageReader(buffer)


def draw_qr(canvas, data: str, x: float, y: float, size: float) -> None:
    """A QR code drawn as vector squares (reportlab's widget): sharp at any printer resolution,
    and no raster image to build, compress and embed. Error correction M, a 4-module margin."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(data, barLevel="M", barBorder=4)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0]
    )
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)
