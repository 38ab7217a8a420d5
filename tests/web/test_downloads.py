"""Every document the site hands out is named for saving and, when personal, never cached."""

import pytest

from campaign.web.downloads import content_disposition, download
from tests.conftest import login


def test_the_donors_slip_opens_inline_under_its_code_and_is_never_cached(client, make_claim):
    claim = make_claim()
    login(client, claim.donor)

    response = client.get(f"/moje-listy/{claim.id}/kupon.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f'inline; filename="kupon-{claim.letter.display_code}.pdf"'
    )
    assert response.headers["Cache-Control"] == "no-store"


def test_the_donors_own_data_is_saved_as_an_attachment_and_never_cached(client, login_as):
    login_as("donor")

    response = client.get("/moje-dane/pobierz")

    assert response.headers["Content-Disposition"] == 'attachment; filename="moje-dane.json"'
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("path", "disposition"),
    [
        ("/koordynacja/eksport/claims.csv", 'attachment; filename="{prefix}-claims.csv"'),
        ("/koordynacja/lista/{number}.pdf", 'inline; filename="paczki-cps{number}.pdf"'),
        ("/koordynacja/kampanie/{campaign_id}/listy.pdf", 'inline; filename="listy-{prefix}.pdf"'),
    ],
)
def test_coordinators_documents_naming_donors_or_children_are_never_cached(
    client, login_as, make_claim, make_letter, path, disposition
):
    claim = make_claim()
    make_letter(campaign=claim.letter.campaign, center=claim.letter.center)  # one to print
    login_as("coordinator")
    values = {
        "prefix": claim.letter.campaign.code_prefix,
        "number": claim.letter.center.number,
        "campaign_id": claim.letter.campaign.id,
    }

    response = client.get(path.format(**values))

    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == disposition.format(
        **{**values, "prefix": values["prefix"].lower() if "csv" in path else values["prefix"]}
    )
    assert response.headers["Cache-Control"] == "no-store"


def test_a_polish_file_name_keeps_an_ascii_fallback_and_its_exact_spelling():
    value = content_disposition("zgłoszenia-łódź.csv")

    assert value == (
        'attachment; filename="zgloszenia-lodz.csv"; '
        "filename*=UTF-8''zg%C5%82oszenia-%C5%82%C3%B3d%C5%BA.csv"
    )


def test_a_file_name_cannot_break_out_of_the_header():
    value = content_disposition('a"; evil=1\r\nSet-Cookie: x.pdf', inline=True)

    assert value == 'inline; filename="a; evil=1Set-Cookie: x.pdf"'
    assert "\r" not in value and "\n" not in value


def test_a_document_that_is_not_personal_leaves_caching_to_the_site_wide_rule(app):
    with app.test_request_context():
        response = download(b"a;b\r\n", "wzor.csv", "text/csv", personal=False)

    assert "Cache-Control" not in response.headers
    assert response.headers["Content-Disposition"] == 'attachment; filename="wzor.csv"'
