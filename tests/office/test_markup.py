"""Slugs from Polish titles, and Markdown that can never carry a script onto a page."""

import pytest

from campaign.office.markup import SLUG_MAX, render_markdown, slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Dzień Pracownika Socjalnego", "dzien-pracownika-socjalnego"),
        (
            "Spełnijmy marzenia dzieci! - inauguracja akcji Każdy Może Pomóc",
            "spelnijmy-marzenia-dzieci-inauguracja-akcji-kazdy-moze-pomoc",
        ),
        ("Zażółć gęślą jaźń", "zazolc-gesla-jazn"),
        ("ąćęłńóśźż", "acelnoszz"),
        ("ĄĆĘŁŃÓŚŹŻ", "acelnoszz"),
        ("Łódź, Śrem i Żywiec", "lodz-srem-i-zywiec"),
        ("Café „Fot.ON – Nasz Świat”", "cafe-fot-on-nasz-swiat"),
        ("III Biennale 2026", "iii-biennale-2026"),
        ("  --!!--  ", "aktualnosc"),
        ("", "aktualnosc"),
    ],
)
def test_slug_transliterates_polish_letters(title, slug):
    assert slugify(title) == slug


def test_slug_of_a_very_long_title_is_cut_without_a_trailing_dash():
    slug = slugify("Bardzo długi tytuł " * 30)
    assert len(slug) <= SLUG_MAX
    assert not slug.endswith("-")


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script>",
        '<img src="x" onerror="alert(1)">',
        "[kliknij](javascript:alert(1))",
        '<a href="javascript:alert(1)">kliknij</a>',
        '<p onclick="alert(1)">tekst</p>',
        '<iframe src="https://evil.example"></iframe>',
        "<style>body{display:none}</style>",
    ],
)
def test_markdown_never_keeps_scripts_handlers_or_javascript_urls(hostile):
    html = render_markdown(f"Akapit.\n\n{hostile}\n\nKoniec.").lower()
    for forbidden in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<style"):
        assert forbidden not in html
    assert "koniec." in html


def test_markdown_keeps_the_safe_formatting_and_marks_links_noopener():
    html = render_markdown(
        "## Śródtytuł\n\n**ważne** i *ładne*\n\n- jeden\n- dwa\n\n"
        "> cytat\n\n[MOPR](https://www.mopr.gda.pl)\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    for kept in ("<h2>", "<strong>", "<em>", "<ul>", "<li>", "<blockquote>", "<table>", "<td>"):
        assert kept in html
    assert '<a href="https://www.mopr.gda.pl" rel="noopener">MOPR</a>' in html
