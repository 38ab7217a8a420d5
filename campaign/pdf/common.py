"""What every PDF document shares: the embedded fonts with Polish letters, and QR codes."""

import itertools
from functools import cache
from pathlib import Path

import qrcode
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


def qr_modules(data: str) -> list[list[bool]]:
    """The QR code of `data` as rows of modules (True is dark), its 4-module margin included.

    Error correction M survives a crease or a smudge on a printed slip or letter. The mask pattern
    is fixed: every mask is valid and scanners read them all, while choosing the "best" one
    (as reportlab's QrCodeWidget does, on every draw) builds the symbol eight times, which made
    printing 1,000 letters six times slower than with a fixed mask.
    """
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, mask_pattern=0)
    qr.add_data(data)
    qr.make(fit=True)
    return qr.get_matrix()


def draw_qr(canvas, data: str, x: float, y: float, size: float) -> None:
    """A QR code drawn as vector squares, `size` points wide with its lower left corner at x, y:
    sharp at any printer's resolution, and no raster image to build, compress and embed. Each
    row's run of dark modules is one rectangle, all of them one filled path."""
    modules = qr_modules(data)
    step = size / len(modules)
    path = canvas.beginPath()
    for row, cells in enumerate(modules):
        bottom = y + size - (row + 1) * step
        for dark, run in itertools.groupby(enumerate(cells), key=lambda cell: cell[1]):
            if dark:
                run = list(run)
                path.rect(x + run[0][0] * step, bottom, len(run) * step, step)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
