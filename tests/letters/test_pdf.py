"""Paper letters: read back with pypdf, QR codes decoded with zxing-cpp."""

import io

import pypdf
import pypdfium2
import pytest
import zxingcpp

from campaign.extensions import db
from campaign.letters.models import Letter
from campaign.letters.printing import printed_letters_pdf
from tests.conftest import login

POLISH = "ą ę ł ń ś ź ż"


def pages_of(pdf: bytes):
    return pypdf.PdfReader(io.BytesIO(pdf)).pages


def qr_urls(pdf: bytes, index: int, dpi: int = 150) -> list[str]:
    """What a scanner reads off page `index` printed at `dpi`: the QR code is vector squares (no
    image to extract), so the page is rendered as a printer would, then decoded."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        picture = document[index].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    return [code.text for code in zxingcpp.read_barcodes(picture)]


def test_each_letter_is_a_page_with_its_code_text_and_a_readable_qr(app, world, letter_of):
    letters = [
        letter_of("available", wish=f"Marzę o sankach: {POLISH} (Zażółć gęślą jaźń)."),
        letter_of("available", wish="Chciałbym klocki LEGO 60337.", needs="kurtka 134/140"),
    ]
    with app.test_request_context():
        pdf = printed_letters_pdf(letters, "https://kmp.example.org/")
    pages = pages_of(pdf)
    assert len(pages) == 2
    for index, (page, letter) in enumerate(zip(pages, letters, strict=True)):
        text = page.extract_text()
        assert letter.display_code in text
        assert letter.wish in " ".join(text.split())
        assert "CPS 1" in text and world.center.address in text
        assert "wtorek 12:00–18:00" in text
        assert not page.images  # vector squares: sharp at any printer's resolution
        for dpi in (100, 300):  # a cheap office printer and a good one
            assert qr_urls(pdf, index, dpi) == [f"https://kmp.example.org/p/{letter.display_code}"]
    assert POLISH in pages[0].extract_text()
    assert "kurtka 134/140" in pages[1].extract_text()


def test_a_printed_letter_never_shows_the_case_reference_or_the_author(app, world, letter_of):
    letter = letter_of("available", case_reference="SYGNATURA-TAJNA-77")
    with app.test_request_context():
        text = pages_of(printed_letters_pdf([letter], "http://localhost"))[0].extract_text()
    assert "SYGNATURA-TAJNA-77" not in text
    assert world.worker.display_name not in text


def test_a_long_wish_still_fits_on_its_page(app, world, letter_of):
    long_wish = "Marzę o wielkim zestawie klocków z zamkiem, rycerzami i smokiem. " * 15
    letter = letter_of("available", wish=long_wish.strip(), needs="rozmiar 128, " * 20)
    with app.test_request_context():
        pages = pages_of(printed_letters_pdf([letter], "http://localhost"))
    assert len(pages) == 1
    text = pages[0].extract_text()
    assert "Odetnij i przyklej do paczki" in text and letter.display_code in text


def test_the_coordinator_prints_a_centres_available_letters(client, world, letter_of):
    available = letter_of("available")
    letter_of("draft")
    letter_of("claimed")
    other = letter_of("available", center=world.other_center)
    login(client, world.coordinator)
    response = client.get(f"/koordynacja/kampanie/{world.campaign.id}/listy.pdf?center=1")
    assert response.mimetype == "application/pdf"
    pages = pages_of(response.data)
    assert len(pages) == 1
    assert available.display_code in pages[0].extract_text()
    whole = client.get(f"/koordynacja/kampanie/{world.campaign.id}/listy.pdf")
    codes = [page.extract_text() for page in pages_of(whole.data)]
    assert len(codes) == 2 and other.display_code in codes[1]
    assert db.session.get(Letter, available.id).status == "available"  # printing changes nothing


@pytest.mark.parametrize("center", ["999", "abc", ""])
def test_an_unknown_centre_prints_nothing_rather_than_every_centre(
    client, world, letter_of, center
):
    letter_of("available")
    login(client, world.coordinator)
    response = client.get(f"/koordynacja/kampanie/{world.campaign.id}/listy.pdf?center={center}")
    assert response.status_code == 404


def test_nothing_to_print_says_so(client, world, letter_of):
    letter_of("draft")
    login(client, world.coordinator)
    response = client.get(
        f"/koordynacja/kampanie/{world.campaign.id}/listy.pdf", follow_redirects=True
    )
    assert "Nie ma dostępnych listów do wydrukowania" in response.get_data(as_text=True)
