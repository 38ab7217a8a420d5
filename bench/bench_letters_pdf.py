"""Printing paper letters (campaign/letters/printing.py): 1,000 letters into one PDF.

Time: seconds per page of `printed_letters_pdf`, against a bare reportlab page carrying the same
text in the same fonts but no QR code and no layout logic (so the ratio is the price of the QR
codes, drawn as vector squares, and the layout). Memory: how much the peak resident memory of a
fresh process grows while it prints 1,000 letters, against printing 100 (peak reset just before
printing, Linux). reportlab keeps every page until it writes the file, so memory grows with the
page count; about 10× for 10× the pages is proportional, far more would mean something else piles
up per page. (Against 10 letters the baseline was a fraction of a megabyte, within the allocator's
granularity: the same code gave 133× and 261× in two runs.)
The letters are built in memory (no database), with realistic wishes and six centres.
"""

import gc
import multiprocessing
import resource
import time
from datetime import date
from datetime import time as clock
from io import BytesIO

from bench.common import Result, bench_app

LETTERS = 1000
SMALL_RUN = 100
BASE_URL = "https://kmp.example.org"
WISHES = [
    "Marzę o klockach LEGO City z wozem strażackim i o ciepłej czapce na zimę.",
    "Chciałabym lalkę z długimi włosami, którą można czesać, i książkę o koniach. Zażółć jaźń.",
    "Chciałbym piłkę do nogi i rękawice bramkarskie, bo gram w drużynie na podwórku.",
    "Marzę o słuchawkach bezprzewodowych i bluzie z kapturem.",
]
NEEDS = ["kurtka 134/140, buty 32", "rozmiar 152", "", "bluza 164, buty 38"]


def build_letters(count: int):
    from campaign.core.centres import Center, DropOffHours
    from campaign.letters.codes import generate_code
    from campaign.letters.models import Campaign, Letter

    campaign = Campaign(
        name="Każdy Może Pomóc 2026",
        code_prefix="KMP26",
        parcel_deadline=date(2026, 12, 14),
        slip_instructions="Zapakuj prezent, przyklej kod i przynieś paczkę do punktu zbiórki.",
        contact_phone="58 342 31 34",
    )
    centers = []
    for number in range(1, 7):
        center = Center(
            id=number,
            number=number,
            name=f"Centrum Pracy Socjalnej nr {number}",
            address=f"ul. Przykładowa {number}, 80-00{number} Gdańsk",
            phone=f"58 320 51 0{number}",
        )
        center.hours = [
            DropOffHours(weekday=1, opens_at=clock(12), closes_at=clock(18)),
            DropOffHours(weekday=5, opens_at=clock(9), closes_at=clock(13)),
        ]
        centers.append(center)
    return [
        Letter(
            code=generate_code("KMP26"),
            campaign=campaign,
            center=centers[i % 6],
            center_id=centers[i % 6].id,
            age=i % 18,
            gender="fm"[i % 2],
            wish=WISHES[i % len(WISHES)],
            needs=NEEDS[i % len(NEEDS)],
        )
        for i in range(count)
    ]


def bare_pages(letters) -> bytes:
    """The same strings on A4 pages in the same fonts: no QR code, no layout decisions."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    from campaign.letters.printing import drop_off_lines
    from campaign.pdf.common import FONT, FONT_MONO_BOLD, register_fonts

    register_fonts()
    buffer = BytesIO()
    pdf = Canvas(buffer, pagesize=A4, pageCompression=1)
    for letter in letters:
        pdf.setFont(FONT_MONO_BOLD, 28)
        pdf.drawString(50, 760, letter.display_code)
        pdf.setFont(FONT, 14)
        y = 700
        for line in simpleSplit(letter.wish + " " + letter.needs, FONT, 14, 495):
            pdf.drawString(50, y, line)
            y -= 18
        for line in drop_off_lines(letter.center):
            pdf.drawString(50, y, line)
            y -= 18
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def timed(fn, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - started, result


def peak_growth_kb(count: int) -> int:
    """In a fresh process: growth of peak resident memory (kB) while printing `count` letters."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_print_and_measure, (count,))


def _print_and_measure(count: int) -> int:
    from campaign.letters.printing import printed_letters_pdf

    app = bench_app()
    with app.test_request_context():
        letters = build_letters(count)
        printed_letters_pdf(letters[:1], BASE_URL)  # fonts and imports are not the print run
        gc.collect()
        before = _reset_peak_rss_kb()
        printed_letters_pdf(letters, BASE_URL)
        return _status_kb("VmHWM") - before


def _reset_peak_rss_kb() -> int:
    """Make the peak resident size (VmHWM) the current one (Linux: clear_refs "5"); return it.

    Without a reset the peak would still be that of start-up (imports, schema), hiding the print.
    """
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return _status_kb("VmRSS")


def _status_kb(key: str) -> int:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run() -> list[Result]:
    from campaign.letters.printing import printed_letters_pdf

    app = bench_app()
    with app.test_request_context():
        letters = build_letters(LETTERS)
        printed_letters_pdf(letters[:SMALL_RUN], BASE_URL)  # fonts and caches warm
        bare_seconds, _bare = timed(bare_pages, letters)
        seconds, pdf = timed(printed_letters_pdf, letters, BASE_URL)
    # Never below one page's worth, so that a tiny baseline cannot blow the ratio up.
    small_peak = max(peak_growth_kb(SMALL_RUN), 1)
    peak = peak_growth_kb(LETTERS)
    return [
        Result(
            "printed letters, seconds per page (1,000 pages)",
            seconds / LETTERS,
            "s",
            "bare reportlab page, same text, no QR",
            bare_seconds / LETTERS,
            note=f"{seconds:.1f} s for the whole PDF",
        ),
        Result(
            "printed letters, peak memory growth (1,000 letters)",
            peak / 1024,
            "MB",
            f"peak memory growth printing {SMALL_RUN} letters",
            small_peak / 1024,
            note=f"PDF size {len(pdf) / 1e6:.2f} MB ({len(pdf) // LETTERS} bytes per page)",
        ),
    ]
