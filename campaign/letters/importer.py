"""The CSV import of letters: reading the file (encoding, delimiter, headers, limits, each row's
shape) and saving its rows as drafts, all of them or none.

Accepts what people actually produce: the downloadable template, Excel's semicolon CSV, comma
CSV, UTF-8 with or without a BOM, and (as a fallback) Windows-1250 from an older Excel. The rows'
business checks (privacy guard, centres) are the import service's.
"""

import csv
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from campaign.auth.models import User
from campaign.core import centres
from campaign.core.centres import Center
from campaign.core.errors import Conflict, DomainError, ValidationFailed
from campaign.extensions import db
from campaign.i18n import N_
from campaign.letters import codes
from campaign.letters.forms import LetterFields
from campaign.letters.models import Letter, LetterStatus
from campaign.letters.services import (
    CODE_ATTEMPTS,
    LetterInput,
    allowed_center,
    current_campaign,
    letter_problems,
)
from campaign.letters.transitions import new_letter, record_status_event

MAX_BYTES = 1024 * 1024
MAX_ROWS = 500
COLUMNS = ("age", "gender", "wish", "needs", "sibling_group", "case_reference")
REQUIRED_COLUMNS = ("age", "gender", "wish")
KNOWN_COLUMNS = (*COLUMNS, "center")
# Polish headers a person may type instead of the template's.
ALIASES = {
    "wiek": "age",
    "płeć": "gender",
    "plec": "gender",
    "marzenie": "wish",
    "potrzeby": "needs",
    "rodzeństwo": "sibling_group",
    "grupa rodzeństwa": "sibling_group",
    "sygnatura": "case_reference",
    "sygnatura sprawy": "case_reference",
    "centrum": "center",
}
GENDERS = {
    "f": "f",
    "k": "f",
    "d": "f",
    "dziewczynka": "f",
    "m": "m",
    "c": "m",
    "ch": "m",
    "chłopiec": "m",
    "chlopiec": "m",
}
ENCODING_NAMES = {"utf-8": "UTF-8", "utf-16": "UTF-16", "cp1250": "Windows-1250"}


@dataclass(frozen=True)
class ImportRow:
    """One well-formed row of an import file; `row` is its number as a spreadsheet shows it."""

    row: int
    data: LetterInput
    center: Center | None


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str  # "" when the problem is the whole row
    message: str


class ImportRejected(ValidationFailed):
    """Some rows are wrong: the whole file is refused and `problems` lists every one."""

    code = "import_rejected"

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(
            N_(
                "Plik odrzucony, nie zapisano żadnego listu. "
                "Popraw wskazane wiersze i wyślij go ponownie."
            )
        )
        self.problems = sorted(problems, key=lambda problem: problem.row)


class ImportFileError(ValidationFailed):
    """The file as a whole cannot be read: too big, empty, wrong headers, too many rows."""

    code = "import_file"


@dataclass
class ParsedFile:
    rows: list[ImportRow]
    problems: list[RowProblem]
    encoding: str


def template_csv() -> bytes:
    """The downloadable template: UTF-8 with a BOM (Excel then shows Polish letters), semicolons."""
    return ("\ufeff" + ";".join(COLUMNS) + "\r\n").encode("utf-8")


def parse_letters_csv(data: bytes, *, default_center: Center | None) -> ParsedFile:
    text, encoding = _decode(data)
    if "\x00" in text:
        # A spreadsheet's binary format (.xls, .xlsx, .ods) rather than CSV text; PostgreSQL could
        # not store the NUL characters anyway.
        raise ImportFileError(
            N_("To nie jest plik CSV. W arkuszu wybierz „Zapisz jako” → CSV (UTF-8) i wczytaj go.")
        )
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error:  # e.g. a cell longer than the csv module's field limit (131,072 characters)
        raise ImportFileError(
            N_(
                "Nie udało się odczytać pliku: jedna z komórek jest bardzo długa albo plik "
                "nie jest zwykłym plikiem CSV. Sprawdź, czy to plik zapisany z szablonu listów."
            )
        ) from None
    while records and not any(cell.strip() for cell in records[0]):
        records.pop(0)
    if not records:
        raise ImportFileError(N_("Plik jest pusty."))
    columns = _columns(records[0])
    numbered = [(n, r) for n, r in enumerate(records[1:], start=2) if any(c.strip() for c in r)]
    if not numbered:
        raise ImportFileError(N_("Plik ma tylko nagłówek, bez żadnego listu."))
    if len(numbered) > MAX_ROWS:
        raise ImportFileError(
            N_("Plik ma %(n)s listów; naraz można wczytać najwyżej %(max)s. Podziel go na części."),
            n=len(numbered),
            max=MAX_ROWS,
        )
    parsed = ParsedFile([], [], ENCODING_NAMES[encoding])
    centers = {c.number: c for c in centres.all_centers()}
    for number, record in numbered:
        _parse_row(number, record, columns, default_center, centers, parsed)
    return parsed


def _decode(data: bytes) -> tuple[str, str]:
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            N_("Plik jest za duży (%(size)s kB); najwyżej %(max)s kB, czyli kilkaset listów."),
            size=len(data) // 1024,
            max=MAX_BYTES // 1024,
        )
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))  # Excel's "Unicode text"
    attempts = ["utf-16"] if utf16 else ["utf-8", "cp1250"]
    for encoding in attempts:
        try:
            text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
        except UnicodeDecodeError:
            continue
        if not text.strip():
            raise ImportFileError(N_("Plik jest pusty."))
        return text.lstrip("\ufeff"), encoding
    raise ImportFileError(
        N_(
            "Nie udało się odczytać pliku. Zapisz go w Excelu jako "
            "„CSV UTF-8 (rozdzielany przecinkami)”."
        )
    )


def _delimiter(text: str) -> str:
    """The header line tells: Excel in Poland writes semicolons, most other tools commas."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    return max((";", ",", "\t"), key=header.count)


def _columns(header: list[str]) -> list[str]:
    columns = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
    while columns and not columns[-1]:
        columns.pop()  # Excel's trailing empty cells
    unknown = [c or "(pusta)" for c in columns if c not in KNOWN_COLUMNS]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if unknown or missing or repeated:
        raise ImportFileError(
            N_(
                "Nagłówek pliku się nie zgadza (nieznane kolumny: %(unknown)s; brakujące: "
                "%(missing)s; powtórzone: %(repeated)s). "
                "Pierwszy wiersz musi zawierać: %(expected)s."
            ),
            unknown=", ".join(unknown) or "—",
            missing=", ".join(missing) or "—",
            repeated=", ".join(repeated) or "—",
            expected=";".join(COLUMNS),
        )
    return columns


def _parse_row(number, record, columns, default_center, centers, parsed: ParsedFile) -> None:
    if any(cell.strip() for cell in record[len(columns) :]):
        parsed.problems.append(
            RowProblem(
                number, "", _("Wiersz ma więcej kolumn niż nagłówek (może średnik w tekście?).")
            )
        )
        return
    values = {
        column: (record[i] if i < len(record) else "").strip() for i, column in enumerate(columns)
    }
    values["gender"] = GENDERS.get(values.get("gender", "").lower(), values.get("gender", ""))
    center, center_problem = _row_center(values.pop("center", ""), default_center, centers)
    if center_problem:
        parsed.problems.append(RowProblem(number, "center", center_problem))
    form = LetterFields(formdata=MultiDict(values), meta={"csrf": False})
    if not form.validate():
        for field, messages in form.errors.items():
            parsed.problems.append(RowProblem(number, field, str(messages[0])))
        return
    if not center_problem:
        parsed.rows.append(ImportRow(number, LetterInput.from_values(form.values()), center))


def _row_center(raw: str, default: Center | None, centers: dict[int, Center]):
    if not raw:
        return default, None
    # isdigit() alone accepts "²" and other Unicode digits that int() refuses.
    if not (raw.isascii() and raw.isdigit()) or int(raw) not in centers:
        return None, _("Nie ma centrum o numerze „%(raw)s”.", raw=raw)
    return centers[int(raw)], None


# --- saving the rows ---------------------------------------------------------------------------


def import_letters(
    rows: list[ImportRow],
    *,
    actor: User,
    confirm_names: bool = False,
    problems: list[RowProblem] | tuple = (),
) -> list[Letter]:
    """All rows become drafts in one transaction, or none does.

    `problems` are the shape problems the parser already found; the privacy guard and the letter
    rules add theirs, so that the author sees every problem of the file at once.
    """
    campaign = current_campaign()
    found = list(problems) + _import_problems(rows, actor, campaign, confirm_names)
    if found:
        raise ImportRejected(found)
    if not rows:
        raise ValidationFailed(N_("Plik nie zawiera żadnego listu."))
    letters = [
        new_letter(
            campaign_id=campaign.id,
            center_id=allowed_center(actor, row.center).id,
            author_id=actor.id,
            **row.data.columns(),
        )
        for row in rows
    ]
    _assign_unique_codes(letters, campaign.code_prefix)
    db.session.add_all(letters)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(N_("Nie udało się nadać kodów listom. Spróbuj ponownie.")) from None
    for letter in letters:
        record_status_event(
            letter, None, LetterStatus.DRAFT, actor_id=actor.id, data={"source": "import"}
        )
    db.session.commit()
    return letters


def _import_problems(rows, actor, campaign, confirm_names) -> list[RowProblem]:
    found: list[RowProblem] = []
    group_centers: dict[str, int] = {}
    for row in rows:
        try:
            center = allowed_center(actor, row.center)
        except DomainError as error:
            found.append(RowProblem(row.row, "center", error.translated()))
            continue
        fields, _names = letter_problems(
            row.data, campaign=campaign, center=center, confirm_names=confirm_names
        )
        group = row.data.sibling_group
        if group and group_centers.setdefault(group, center.id) != center.id:
            fields.setdefault(
                "sibling_group", _("Ta sama grupa rodzeństwa nie może być w dwóch centrach.")
            )
        found += [RowProblem(row.row, column, message) for column, message in fields.items()]
    return found


def _assign_unique_codes(letters: list[Letter], prefix: str) -> None:
    """Fresh codes for a batch: none repeated within it, none already stored."""
    pending, used = list(letters), set()
    for _attempt in range(CODE_ATTEMPTS):
        for letter in pending:
            letter.code = codes.generate_code(prefix)
        stored = set(
            db.session.scalars(
                select(Letter.code).where(Letter.code.in_([x.code for x in pending]))
            )
        )
        retry = []
        for letter in pending:
            if letter.code in stored or letter.code in used:
                retry.append(letter)
            else:
                used.add(letter.code)
        pending = retry
        if not pending:
            return
    raise Conflict(N_("Nie udało się nadać kodów listom. Spróbuj ponownie."))
