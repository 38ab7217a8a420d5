"""A donor's own data: download it as JSON, delete the account (claims stay, anonymous)."""

import json

from campaign.auth.models import User
from campaign.donors.models import Claim, ClaimStatus
from campaign.donors.services import claim_letters
from campaign.extensions import db
from campaign.letters.models import Letter, LetterStatus
from tests.conftest import TEST_PASSWORD


def test_donor_downloads_their_data_as_json(client, login_as, make_letter, make_claim):
    donor = login_as("donor", display_name="Zofia", phone="600 100 200")
    letter = make_letter(case_reference="SPRAWA/TAJNA/1")
    claim_letters(donor, [letter], send_confirmation=False)
    someone_else = make_claim()

    response = client.get("/moje-dane/pobierz")

    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == donor.email
    assert data["account"]["display_name"] == "Zofia"
    assert data["account"]["phone"] == "600 100 200"
    assert [(c["code"], c["status"]) for c in data["claims"]] == [(letter.display_code, "active")]
    text = response.get_data(as_text=True)
    assert "SPRAWA/TAJNA/1" not in text
    assert "password" not in text
    assert someone_else.letter.display_code not in text


def test_deleting_the_account_gives_letters_back_and_keeps_claims_without_identity(
    client, login_as, make_letter
):
    donor = login_as("donor", display_name="Zofia")
    active_letter = make_letter()
    [active] = claim_letters(donor, [active_letter], send_confirmation=False)
    received_letter = make_letter("received", donor=donor)

    response = client.post("/moje-dane/usun-konto", data={"password": TEST_PASSWORD})

    assert response.status_code == 302
    user = db.session.get(User, donor.id)
    assert user.email is None
    assert user.display_name == ""
    assert user.anonymised_at is not None
    assert db.session.get(Claim, active.id).status == ClaimStatus.CANCELLED
    assert db.session.get(Letter, active_letter.id).status == LetterStatus.AVAILABLE
    kept = db.session.scalar(db.select(Claim).where(Claim.letter_id == received_letter.id))
    assert kept.status == ClaimStatus.RECEIVED
    assert kept.holder_name == ""
    # Logged out: the donor's pages now ask to log in.
    assert client.get("/moje-listy").status_code == 302


def test_a_wrong_password_deletes_nothing_and_says_so(client, login_as, make_letter):
    donor = login_as("donor")
    [claim] = claim_letters(donor, [make_letter()], send_confirmation=False)

    response = client.post("/moje-dane/usun-konto", data={"password": "nie-to-haslo"})

    assert response.status_code == 422
    assert "Hasło się nie zgadza." in response.get_data(as_text=True)
    assert db.session.get(User, donor.id).email == donor.email
    assert db.session.get(Claim, claim.id).status == ClaimStatus.ACTIVE


def test_delete_page_says_how_many_letters_go_back(client, login_as, make_letter):
    donor = login_as("donor")
    claim_letters(donor, [make_letter(), make_letter()], send_confirmation=False)

    page = client.get("/moje-dane/usun-konto").get_data(as_text=True)

    assert "(2)" in page
    assert 'type="password"' in page


def test_account_page_shows_the_donor_section(client, login_as):
    login_as("donor")

    page = client.get("/konto").get_data(as_text=True)

    assert "/moje-dane/pobierz" in page
    assert "/moje-dane/usun-konto" in page
