"""CSV import: the whole file or nothing, every problem listed by row number."""

import io
import re

import pytest

from campaign.core.audit import Event
from campaign.extensions import db
from campaign.letters import importer
from campaign.letters.models import Letter
from tests.conftest import login

HEADER = "age;gender;wish;needs;sibling_group;case_reference"
GOOD_ROWS = [
    "8;f;Marzę o lalce z wózkiem.;rozmiar 128;R1;SPR/1",
    "10;m;Chciałbym klocki LEGO City 60337.;buty 34;R1;SPR/1",
    "15;K;Słuchawki bezprzewodowe;bluza 164;;",
]


def csv_bytes(lines, *, delimiter=";", bom=False, encoding="utf-8") -> bytes:
    text = "\r\n".join(line.replace(";", delimiter) for line in lines) + "\r\n"
    return (("\ufeff" if bom else "") + text).encode(encoding)


def upload(client, data: bytes, **fields):
    form = {"file": (io.BytesIO(data), "listy.csv"), **fields}
    return client.post("/pracownik/listy/import", data=form, content_type="multipart/form-data")


def count() -> int:
    return db.session.query(Letter).count()


@pytest.mark.parametrize(
    ("delimiter", "bom", "encoding"),
    [
        (";", True, "utf-8"),
        (";", False, "utf-8"),
        (",", False, "utf-8"),
        (",", True, "utf-8"),
        (";", False, "cp1250"),
        ("\t", False, "utf-8"),
    ],
    ids=["semicolon-bom", "semicolon", "comma", "comma-bom", "cp1250", "tab"],
)
def test_a_good_file_becomes_drafts_in_one_go(client, world, delimiter, bom, encoding):
    login(client, world.worker)
    response = upload(
        client, csv_bytes([HEADER, *GOOD_ROWS], delimiter=delimiter, bom=bom, encoding=encoding)
    )
    assert response.status_code == 302
    letters = db.session.scalars(db.select(Letter).order_by(Letter.age)).all()
    assert [(x.age, x.gender, x.status) for x in letters] == [
        (8, "f", "draft"),
        (10, "m", "draft"),
        (15, "f", "draft"),
    ]
    assert letters[0].wish == "Marzę o lalce z wózkiem."
    assert {x.center_id for x in letters} == {world.center.id}
    assert letters[0].sibling_group == letters[1].sibling_group == "R1"
    assert db.session.query(Event).filter(Event.to_status == "draft").count() == 3


def test_the_template_is_utf8_with_bom_and_imports_as_is(client, world):
    login(client, world.worker)
    template = client.get("/pracownik/listy/import/wzor.csv").data
    assert template.startswith("\ufeff".encode())
    assert template.decode("utf-8-sig").strip() == HEADER
    response = upload(client, template + "7;m;Piłka do nogi;;;\r\n".encode())
    assert response.status_code == 302 and count() == 1


def test_one_bad_row_rejects_the_file_and_every_problem_is_listed(client, world):
    login(client, world.worker)
    rows = [
        HEADER,
        GOOD_ROWS[0],
        "19;f;Rower;;;",  # row 3: age
        GOOD_ROWS[1],
        "7;x;;;;",  # row 5: gender and wish
        "9;m;Zadzwoń 600 700 800;ul. Kwiatowa 5;;",  # row 6: privacy guard, two fields
    ]
    response = upload(client, csv_bytes(rows))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert count() == 0
    assert listed_problems(page) == [
        (3, "age"),
        (5, "gender"),
        (5, "wish"),
        (6, "wish"),
        (6, "needs"),
    ]
    assert "nie zapisano żadnego listu" in page


def listed_problems(page: str) -> list[tuple[int, str]]:
    """(row, column) of each line in the import page's table of problems."""
    cells = re.findall(r'<tr><th scope="row">(\d+)</th><td>([^<]*)</td><td>', page)
    return [(int(row), column) for row, column in cells]


def test_names_count_as_errors_unless_confirmed(client, world):
    login(client, world.worker)
    data = csv_bytes([HEADER, "6;f;Lalka dla Zosi;;;"])
    refused = upload(client, data)
    assert refused.status_code == 422 and count() == 0
    assert "Zosi" in refused.get_data(as_text=True)
    assert upload(client, data, confirm_names="y").status_code == 302
    assert count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Plik jest pusty"),
        (b"\xef\xbb\xbf\r\n\r\n", "Plik jest pusty"),
        (HEADER.encode() + b"\r\n", "tylko nagłówek"),
        (b"wiek;plec;opis\r\n8;f;Rower\r\n", "Nagłówek pliku się nie zgadza"),
        (b"age,gender\r\n8,f\r\n", "brakujące: wish"),
        (b"\x81\x8d\x8f\x90\x98", "Nie udało się odczytać pliku"),
        (b"age;gender;wish\r\n8;f;Rower\x00\r\n", "To nie jest plik CSV"),
        (b"PK\x03\x04\x14\x00\x06\x00", "To nie jest plik CSV"),
    ],
    ids=[
        "empty",
        "bom-only",
        "header-only",
        "wrong-headers",
        "missing-column",
        "binary",
        "nul",
        "xlsx",
    ],
)
def test_an_unreadable_file_gets_a_clear_message(client, world, data, message):
    login(client, world.worker)
    response = upload(client, data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count() == 0


def test_a_cell_longer_than_the_csv_modules_limit_gets_a_clear_message(client, world):
    login(client, world.worker)
    data = csv_bytes(["age;gender;wish", "5;f;" + "a" * 200_000])  # limit: 131,072 characters
    response = upload(client, data)
    assert response.status_code == 422
    assert "jedna z komórek jest bardzo długa" in response.get_data(as_text=True)
    assert count() == 0


@pytest.mark.parametrize("center", ["²", "١", "1²"])
def test_a_centre_written_with_unicode_digits_is_an_unknown_centre(client, world, center):
    login(client, world.coordinator)
    data = csv_bytes(["age;gender;wish;center", f"5;f;Rower;{center}"])
    response = upload(client, data, center="0")
    assert response.status_code == 422
    assert f"Nie ma centrum o numerze „{center}”" in response.get_data(as_text=True)
    assert count() == 0


def test_too_many_rows_are_refused(client, world):
    login(client, world.worker)
    rows = [HEADER] + ["8;f;Rower;;;"] * (importer.MAX_ROWS + 1)
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 422
    assert f"najwyżej {importer.MAX_ROWS}" in response.get_data(as_text=True)
    assert count() == 0


def test_a_too_big_file_is_refused(client, world):
    login(client, world.worker)
    rows = [HEADER] + ["8;f;" + "a" * 900 + ";;;"] * 1200
    response = upload(client, csv_bytes(rows))
    assert response.status_code == 422
    assert "Plik jest za duży" in response.get_data(as_text=True)
    assert count() == 0


def test_a_coordinator_imports_for_the_centres_named_in_the_file(client, world):
    login(client, world.coordinator)
    rows = ["center;age;gender;wish", "1;8;f;Lalka", "2;9;m;Auto"]
    assert upload(client, csv_bytes(rows), center="0").status_code == 302
    centers = sorted(db.session.scalars(db.select(Letter.center_id)))
    assert centers == sorted([world.center.id, world.other_center.id])


def test_a_coordinator_must_say_which_centre(client, world):
    login(client, world.coordinator)
    response = upload(client, csv_bytes(["age;gender;wish", "8;f;Lalka"]), center="0")
    assert response.status_code == 422 and count() == 0
    assert (
        upload(client, csv_bytes(["age;gender;wish", "8;f;Lalka"]), center="2").status_code == 302
    )
    assert db.session.scalar(db.select(Letter.center_id)) == world.other_center.id


def test_a_social_worker_cannot_import_for_another_centre(client, world):
    login(client, world.worker)
    response = upload(client, csv_bytes(["center;age;gender;wish", "2;8;f;Lalka", "9;8;f;Auto"]))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and count() == 0
    assert "tylko swojego centrum" in page
    assert "Nie ma centrum o numerze" in page


def test_polish_headers_and_quoted_multiline_wishes_are_understood(client, world):
    login(client, world.worker)
    data = 'Wiek;Płeć;Marzenie;Potrzeby\r\n8;dziewczynka;"Lalka;\r\nwózek";rozmiar 128\r\n'.encode()
    assert upload(client, data).status_code == 302
    assert db.session.scalar(db.select(Letter.wish)) == "Lalka;\r\nwózek"


def test_the_parser_reads_the_row_numbers_a_spreadsheet_shows(app, world):
    with app.test_request_context():
        parsed = importer.parse_letters_csv(
            csv_bytes([HEADER, GOOD_ROWS[0], ";;;;;", "abc;f;Rower;;;"]),
            default_center=world.center,
        )
    assert [row.row for row in parsed.rows] == [2]
    assert [(p.row, p.column) for p in parsed.problems] == [(4, "age")]


@pytest.mark.parametrize("age", ["1e309", "inf", "nan", "1" + "0" * 309, "9" * 400])
def test_a_huge_age_in_a_file_is_that_rows_problem_and_nothing_is_imported(client, world, age):
    login(client, world.worker)

    response = upload(client, csv_bytes([HEADER, *GOOD_ROWS, f"{age};f;Klocki;;;"]))

    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Wiek musi być liczbą od 0 do 18." in text
    assert count() == 0
