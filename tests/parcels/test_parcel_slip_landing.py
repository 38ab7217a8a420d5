"""`/p/<code>`: the address in the slip's QR code."""

import pytest

from campaign.letters.models import LetterStatus
from tests.conftest import login
from tests.parcels.parcel_helpers import text_of


@pytest.fixture
def claimed(make_user, make_letter):
    donor = make_user("donor", display_name="Zdzisława", email="zdzislawa@example.org")
    letter = make_letter(
        LetterStatus.CLAIMED, donor=donor, age=11, wish="Łyżwy figurowe w rozmiarze 36"
    )
    return letter, donor


def main_of(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def assert_reveals_nothing(html: str) -> None:
    for secret in ("Łyżwy", "figurowe", "Zdzisława", "zdzislawa@", "SPRAWA/", "11 lat", "wiek"):
        assert secret not in html


def test_visitor_gets_a_thank_you_and_nothing_about_the_child_or_donor(client, claimed):
    letter, _donor = claimed
    response = client.get(f"/p/{letter.display_code}")
    html = text_of(response)
    assert response.status_code == 200
    assert "Dziękujemy" in html
    assert letter.display_code not in main_of(html)  # not even echoed back
    assert_reveals_nothing(html)


def test_unknown_code_gets_the_very_same_page(client, claimed):
    letter, _donor = claimed
    known = text_of(client.get(f"/p/{letter.display_code}"))
    unknown = text_of(client.get("/p/KMP99-22222-2"))
    assert main_of(known) == main_of(unknown)  # the header echoes the path for the language switch


def test_donor_even_the_holder_gets_only_the_thank_you(client, claimed):
    letter, donor = claimed
    login(client, donor)
    response = client.get(f"/p/{letter.display_code}")
    assert response.status_code == 200
    assert "Dziękujemy" in text_of(response)
    assert_reveals_nothing(text_of(response))


@pytest.mark.parametrize("role", ["social_worker", "coordinator", "admin"])
def test_staff_land_on_the_intake_card(client, claimed, make_user, role):
    letter, _donor = claimed
    staff = make_user(role, center=letter.center)
    login(client, staff)
    response = client.get(f"/p/{letter.display_code.lower().replace('-', '')}")
    assert response.status_code == 302
    card = client.get(response.headers["Location"])
    assert letter.display_code in text_of(card)
    assert "Przyjmij" in text_of(card)
