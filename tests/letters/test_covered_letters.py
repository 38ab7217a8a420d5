"""A letter covered by the centre or a partner stays `available` (nobody took it) but is not for
donors: no claim button, not `available` in the API, no paper copy, no walk-in donor."""

import io

import pypdf
import pytest

from campaign.core.clock import utcnow
from campaign.core.errors import Conflict
from campaign.donors import services as donor_services
from campaign.donors.models import Claim
from campaign.extensions import db
from campaign.letters.models import Letter
from tests.conftest import login


@pytest.fixture
def covered(letter_of):
    return letter_of("available", covered_at=utcnow(), covered_note="Paczkę przygotuje partner.")


def test_the_letter_page_offers_no_claim_button_for_a_covered_letter(client, covered, make_user):
    login(client, make_user("donor"))
    page = client.get(f"/listy/{covered.code}").get_data(as_text=True)
    assert "Tym listem zajęło się już centrum lub partner akcji" in page
    assert "Biorę ten list" not in page


def test_the_api_says_a_covered_letter_is_not_available(client, covered, letter_of):
    open_letter = letter_of("available")
    assert client.get(f"/api/v1/letters/{covered.code}").json["available"] is False
    assert client.get(f"/api/v1/letters/{open_letter.code}").json["available"] is True


def test_covered_letters_are_not_printed_as_paper_letters(client, world, covered, letter_of):
    open_letter = letter_of("available")
    login(client, world.coordinator)
    response = client.get(f"/koordynacja/kampanie/{world.campaign.id}/listy.pdf")
    pages = pypdf.PdfReader(io.BytesIO(response.data)).pages
    assert len(pages) == 1
    assert open_letter.display_code in pages[0].extract_text()


def test_a_covered_letter_cannot_be_given_to_a_walkin_donor(app, world, covered):
    with pytest.raises(Conflict) as refused:
        donor_services.record_walkin_claim(
            covered, actor=world.coordinator, name="Pan Marek", contact="600 700 800"
        )
    assert "zajęło się już centrum" in refused.value.translated()
    db.session.expire_all()
    assert db.session.get(Letter, covered.id).status == "available"
    assert db.session.query(Claim).count() == 0


def test_the_staff_page_offers_no_walkin_for_a_covered_letter(client, world, covered, letter_of):
    open_letter = letter_of("available")
    login(client, world.coordinator)
    walkin = "Zapisz darczyńcę listu papierowego"
    assert walkin not in client.get(f"/pracownik/listy/{covered.code}").get_data(as_text=True)
    assert walkin in client.get(f"/pracownik/listy/{open_letter.code}").get_data(as_text=True)
