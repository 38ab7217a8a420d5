"""/moje-listy: each claim with its status, deadline, drop-off point, slip and cancel."""

from datetime import timedelta

import pytest

from campaign.core.clock import today
from campaign.donors.services import claim_letters
from tests.conftest import counted_statements


def test_my_letters_lists_each_claim_with_deadline_drop_off_point_and_actions(
    client, login_as, make_letter, make_center
):
    donor = login_as("donor")
    center = make_center(name="Centrum Pracy Socjalnej nr 5", address="ul. Wolności 6")
    letter = make_letter(center=center, wish="Ciepłe kapcie")
    [claim] = claim_letters(donor, [letter], send_confirmation=False)

    page = client.get("/moje-listy").get_data(as_text=True)

    assert letter.display_code in page
    assert "Ciepłe kapcie" in page
    assert "zarezerwowany — przygotuj paczkę" in page
    assert f"pozostało dni: {claim.days_left}" in page
    assert "Centrum Pracy Socjalnej nr 5" in page
    assert "ul. Wolności 6" in page
    assert "wtorek 12:00–18:00" in page  # opening hours of the drop-off point
    assert f"/moje-listy/{claim.id}/kupon.pdf" in page
    assert f"/moje-listy/{claim.id}/rezygnuj" in page
    assert "data-confirm" in page


def test_an_overdue_claim_is_highlighted(client, login_as, make_claim):
    donor = login_as("donor")
    make_claim(donor=donor, deadline=today() - timedelta(days=2))

    page = client.get("/moje-listy").get_data(as_text=True)

    assert "claim-overdue" in page
    assert "po terminie" in page
    assert "dni temu: 2" in page


@pytest.mark.parametrize(
    ("status", "label"),
    [("received", "paczka przyjęta"), ("delivered", "paczka przekazana rodzinie")],
)
def test_received_and_delivered_parcels_show_their_status_without_cancel(
    client, login_as, make_letter, status, label
):
    donor = login_as("donor")
    make_letter(status, donor=donor)

    page = client.get("/moje-listy").get_data(as_text=True)

    assert label in page
    assert "/rezygnuj" not in page


def test_my_letters_shows_only_my_own_claims(client, login_as, make_claim):
    others = make_claim()
    donor = login_as("donor")
    mine = make_claim(donor=donor)

    page = client.get("/moje-listy").get_data(as_text=True)

    assert mine.letter.display_code in page
    assert others.letter.display_code not in page


def test_my_letters_statements_do_not_grow_with_the_number_of_claims(
    client, login_as, make_letter, make_center, make_campaign
):
    donor = login_as("donor", letter_limit=20)
    campaign = make_campaign()
    centers = [make_center() for _ in range(3)]

    def statements_with(n: int) -> int:
        letters = [make_letter(campaign=campaign, center=centers[i % 3]) for i in range(n)]
        claim_letters(donor, letters, send_confirmation=False)
        client.get("/moje-listy")
        with counted_statements() as counted:
            assert client.get("/moje-listy").status_code == 200
        return len(counted)

    few = statements_with(2)
    many = statements_with(10)  # 12 claims in all

    assert few == many


def test_another_donors_slip_is_404(client, login_as, make_claim):
    claim = make_claim()
    login_as("donor")

    assert client.get(f"/moje-listy/{claim.id}/kupon.pdf").status_code == 404


def test_a_cancelled_claims_slip_is_gone(client, login_as, make_claim):
    donor = login_as("donor")
    claim = make_claim(donor=donor, status="cancelled")

    assert client.get(f"/moje-listy/{claim.id}/kupon.pdf").status_code == 404


@pytest.mark.parametrize(
    ("role", "same_center", "expected"),
    [
        ("coordinator", False, 200),
        ("admin", False, 200),
        ("social_worker", True, 200),
        ("social_worker", False, 404),
    ],
)
def test_staff_may_download_slips_within_their_scope(
    client, login_as, make_claim, make_letter, make_center, role, same_center, expected
):
    center = make_center()
    claim = make_claim(letter=make_letter("claimed", center=center))
    login_as(
        role, center=center if same_center else (make_center() if role == "social_worker" else None)
    )

    assert client.get(f"/moje-listy/{claim.id}/kupon.pdf").status_code == expected
