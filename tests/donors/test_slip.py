"""The coded slip: one A4 page, read back with pypdf, its QR code decoded with zxing-cpp."""

from io import BytesIO

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from campaign.core.transactions import writing
from campaign.donors.slip import slip_pdf
from campaign.templating import local_date
from tests.conftest import login


@pytest.fixture
def claim(app, make_claim, make_letter, make_center, make_user):
    center = make_center(name="Centrum Pracy Socjalnej nr 7 — Żabianka", address="ul. Źródlana 5")
    donor = make_user("donor", display_name="Bożena Darczyńczyni")
    letter = make_letter(
        "claimed",
        donor=donor,
        center=center,
        wish="Marzę o łyżwach i książce o żółwiach.",
        needs="rozmiar buta 33, kurtka 140",
        case_reference="TAJNE/2026/ŚĆ-17",
    )
    return make_claim(letter=letter, donor=donor)


@pytest.fixture
def polish_request(app):
    """The slip's words follow the request's language; outside the web they come from e-mails.

    The tests build and change rows while the request is open, so it may write; the slip's own
    GET route is read-only and is exercised through the client elsewhere.
    """
    with app.test_request_context(headers={"Accept-Language": "pl"}), writing():
        yield


def _render(pdf: bytes, dpi: int = 150):
    """The first page as a picture, as a printer and then a phone camera would see it."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[0].render(scale=dpi / 72).to_pil()
    finally:
        document.close()


def _read(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_slip_is_one_a4_page_with_code_drop_off_point_deadline_and_polish_letters(
    polish_request, claim
):
    reader, text = _read(slip_pdf(claim))

    assert len(reader.pages) == 1
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (595, 842)
    letter = claim.letter
    assert letter.display_code in text
    assert "Centrum Pracy Socjalnej nr 7 — Żabianka" in text
    assert "ul. Źródlana 5" in text
    assert local_date(claim.deadline) in text
    assert "Marzę o łyżwach i książce o żółwiach." in text
    assert "rozmiar buta 33, kurtka 140" in text
    assert "58 342 31 34" in text  # whom to call
    assert "Zapakuj prezent" in text  # the campaign's instructions


def test_slip_never_shows_the_case_reference_author_or_donor(polish_request, claim, make_user):
    claim.letter.author = make_user("social_worker", display_name="Pracownica Jadwiga")
    text = _read(slip_pdf(claim))[1]

    assert "TAJNE" not in text
    assert "ŚĆ-17" not in text
    assert "Jadwiga" not in text
    assert "Bożena" not in text
    assert claim.donor.email not in text


def test_slip_sets_title_author_and_language(polish_request, claim):
    reader, _ = _read(slip_pdf(claim))

    assert claim.letter.display_code in reader.metadata.title
    assert reader.metadata.author == "MOPR Gdańsk"
    assert reader.trailer["/Root"]["/Lang"] == "pl"


def test_slip_qr_code_decodes_to_the_parcel_address(polish_request, claim):
    reader, _ = _read(slip_pdf(claim))

    assert len(reader.pages[0].images) == 0  # the QR code is vector squares, not a picture
    decoded = zxingcpp.read_barcodes(_render(slip_pdf(claim)))
    assert [barcode.text for barcode in decoded] == [
        f"http://localhost/p/{claim.letter.display_code}"
    ]


def test_donor_downloads_the_slip_of_their_claim_as_pdf(client, claim):
    login(client, claim.donor)

    response = client.get(f"/moje-listy/{claim.id}/kupon.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert claim.letter.display_code in _read(response.data)[1]
    # A slip left in a shared computer's browser cache would tell who gives what to which child.
    assert response.headers["Cache-Control"] == "no-store"


def test_long_texts_are_shortened_and_whom_to_call_stays_on_the_page(polish_request, claim):
    claim.letter.wish = "Bardzo długie marzenie o zabawkach. " * 80
    claim.letter.needs = "Rozmiary: " + "134, " * 100
    claim.letter.campaign.slip_instructions = "Długa instrukcja pakowania paczki. " * 40
    claim.letter.center.name = "Centrum Pracy Socjalnej o bardzo długiej nazwie " * 2  # 120 at most

    reader, text = _read(slip_pdf(claim))

    assert len(reader.pages) == 1
    assert claim.letter.display_code in text
    assert "…" in text
    assert "58 342 31 34" in text
    assert local_date(claim.deadline) in text
