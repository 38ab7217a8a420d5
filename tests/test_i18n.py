"""Polish first, with a complete English translation, switchable by the visitor."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "campaign" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "N_": None,
}


def _source_messages() -> set[str]:
    found = set()
    method_map = [
        ("campaign/**.py", "python"),
        ("templates/**.html", "jinja2"),
        ("templates/**.txt", "jinja2"),
    ]
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog():
    with PO_FILE.open("rb") as handle:
        return read_po(handle, locale="en")


def test_every_interface_string_has_an_english_translation():
    catalog = _catalog()
    missing = sorted(
        m for m in _source_messages() if not (catalog.get(m) and catalog.get(m).string)
    )
    assert missing == [], (
        f"{len(missing)} strings lack English (run make i18n-update): {missing[:20]}"
    )


def test_no_translation_is_fuzzy():
    fuzzy = [m.id for m in _catalog() if m.id and m.fuzzy]
    assert fuzzy == []


def test_language_switch_turns_the_site_english_and_back(client):
    assert 'lang="pl"' in client.get("/").get_data(as_text=True)
    response = client.post("/jezyk/en", data={"next": "/kontakt"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/kontakt")
    assert 'lang="en"' in client.get("/").get_data(as_text=True)
    client.post("/jezyk/pl", data={"next": "/"})
    assert 'lang="pl"' in client.get("/").get_data(as_text=True)


def test_language_switch_never_redirects_off_site(client):
    response = client.post("/jezyk/en", data={"next": "//evil.example/"})
    assert response.headers["Location"].endswith("/")
    assert "evil" not in response.headers["Location"]


def test_browser_language_is_respected_without_a_choice(client):
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert 'lang="en"' in html
