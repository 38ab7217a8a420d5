"""The audit page: every staff action is in it, newest first, filterable."""

from datetime import timedelta

import pytest

from campaign.core.audit import Event
from campaign.core.clock import today, utcnow
from campaign.extensions import db
from campaign.letters.models import LetterStatus
from campaign.parcels.services import deliver_parcels, extend_deadline, receive_parcel
from tests.conftest import login
from tests.parcels.parcel_helpers import claim_of, text_of


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator", email="koordynatorka@example.org")


@pytest.fixture
def history(coordinator, make_user, make_letter):
    worker = make_user("social_worker", email="ela@example.org")
    first = make_letter(LetterStatus.CLAIMED, center=worker.center, donor=make_user())
    second = make_letter(LetterStatus.CLAIMED, center=worker.center, donor=make_user())
    receive_parcel(worker, first, "complete")
    deliver_parcels(worker, [first])
    extend_deadline(coordinator, claim_of(second), today() + timedelta(days=15))
    return worker, first, second


def rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return body.split("<tr>")[1:]


def test_every_action_is_listed_newest_first(client, coordinator, history):
    _worker, first, second = history
    login(client, coordinator)
    listed = rows(text_of(client.get("/koordynacja/dziennik")))
    assert len(listed) == 3
    assert second.display_code in listed[0] and "przedłużenie terminu" in listed[0]
    assert first.display_code in listed[1] and "paczka wydana rodzinie" in listed[1]
    assert "ela@example.org" in listed[2] and "paczka przyjęta" in listed[2]


def test_filter_by_code_in_any_spelling(client, coordinator, history):
    _worker, first, _second = history
    login(client, coordinator)
    html = text_of(client.get("/koordynacja/dziennik", query_string={"code": first.code.lower()}))
    listed = rows(html)
    assert len(listed) == 2 and all(first.display_code in row for row in listed)


def test_filter_by_person(client, coordinator, history):
    login(client, coordinator)
    html = text_of(
        client.get("/koordynacja/dziennik", query_string={"email": "KOORDYNATORKA@example.org"})
    )
    assert len(rows(html)) == 1


def test_filter_by_date_range(client, coordinator, history):
    _worker, first, _second = history
    old = db.session.scalar(db.select(Event).where(Event.to_status == "received"))
    old.created_at = utcnow() - timedelta(days=10)
    db.session.commit()
    login(client, coordinator)
    recent = {
        "date_from": (today() - timedelta(days=1)).isoformat(),
        "date_to": today().isoformat(),
    }
    assert len(rows(text_of(client.get("/koordynacja/dziennik", query_string=recent)))) == 2
    back_then = (today() - timedelta(days=10)).isoformat()
    listed = rows(
        text_of(
            client.get(
                "/koordynacja/dziennik", query_string={"date_from": back_then, "date_to": back_then}
            )
        )
    )
    assert len(listed) == 1 and first.display_code in listed[0]


def test_a_malformed_date_is_shown_back_with_a_message(client, coordinator, history):
    login(client, coordinator)
    response = client.get("/koordynacja/dziennik", query_string={"date_from": "wczoraj"})
    assert response.status_code == 422
    assert 'value="wczoraj"' in text_of(response)


def test_pages_of_fifty(client, coordinator, make_letter):
    letter = make_letter(LetterStatus.AVAILABLE)
    for i in range(55):
        db.session.add(
            Event(
                kind="letter.status", actor_id=coordinator.id, letter_id=letter.id, reason=f"r{i}"
            )
        )
    db.session.commit()
    login(client, coordinator)
    assert len(rows(text_of(client.get("/koordynacja/dziennik")))) == 50
    second = text_of(client.get("/koordynacja/dziennik", query_string={"page": 2}))
    assert len(rows(second)) == 5


@pytest.mark.parametrize(
    "dates",
    [
        {"date_to": "9999-12-31"},
        {"date_from": "0001-01-01"},
        {"date_from": "1999-12-31", "date_to": "2101-01-01"},
    ],
)
def test_a_date_out_of_range_is_shown_back_with_a_message_not_an_error(
    client, coordinator, history, dates
):
    login(client, coordinator)
    response = client.get("/koordynacja/dziennik", query_string={"code": "KMP", **dates})
    assert response.status_code == 422
    html = text_of(response)
    assert "Podaj datę z lat 2000–2100" in html
    for typed in dates.values():
        assert f'value="{typed}"' in html
    assert 'value="KMP"' in html  # the rest of the filter is kept too


def test_dates_at_the_edges_of_the_range_are_accepted(client, coordinator, history):
    login(client, coordinator)
    response = client.get(
        "/koordynacja/dziennik", query_string={"date_from": "2000-01-01", "date_to": "2100-12-31"}
    )
    assert response.status_code == 200
    assert len(rows(text_of(response))) == 3


@pytest.mark.parametrize("typed", ["abc", "99999999999999999999", "1x", "²"])
def test_a_centre_that_is_not_on_the_list_is_shown_back_with_a_polish_message(
    client, coordinator, history, typed
):
    login(client, coordinator)
    response = client.get("/koordynacja/dziennik", query_string={"center": typed, "code": "KMP"})
    assert response.status_code == 422
    html = text_of(response)
    assert "Wybierz punkt przyjęcia z listy." in html
    assert "Not a valid" not in html
    assert 'value="KMP"' in html  # the rest of the filter is kept


@pytest.mark.parametrize("typed", [" ", "   ", "\t"])
def test_a_blank_centre_means_any_centre(client, coordinator, history, typed):
    login(client, coordinator)
    response = client.get("/koordynacja/dziennik", query_string={"center": typed})
    assert response.status_code == 200
    assert len(rows(text_of(response))) == 3


def test_a_centre_from_the_list_filters_the_trail(client, coordinator, history, make_center):
    worker, _first, _second = history
    other = make_center()
    login(client, coordinator)
    own = client.get("/koordynacja/dziennik", query_string={"center": worker.center.number})
    assert own.status_code == 200 and rows(text_of(own))
    empty = client.get("/koordynacja/dziennik", query_string={"center": other.number})
    assert empty.status_code == 200 and "Brak zdarzeń dla tych filtrów." in text_of(empty)


@pytest.mark.parametrize(
    ("args", "message", "english"),
    [
        ({"date_from": "wczoraj"}, "Podaj datę w formacie RRRR-MM-DD.", "Not a valid date value."),
        ({"date_to": "2026-13-45"}, "Podaj datę w formacie RRRR-MM-DD.", "Not a valid date value."),
        ({"to_status": "zgubiony"}, "Wybierz jedną z pozycji listy.", "Not a valid choice."),
    ],
)
def test_filter_errors_are_in_polish(client, coordinator, history, args, message, english):
    login(client, coordinator)
    response = client.get("/koordynacja/dziennik", query_string=args)
    assert response.status_code == 422
    html = text_of(response)
    assert message in html and english not in html


def test_the_donor_search_at_the_intake_table_speaks_polish(client, make_user):
    worker = make_user("social_worker")
    login(client, worker)
    response = client.get("/punkt/przyjecie", query_string={"email": "nie-adres"})
    html = text_of(response)
    assert "Nieprawidłowy adres e-mail." in html
    assert "Invalid email address." not in html
    assert 'value="nie-adres"' in html
