"""The guard on the project's corpus (tests/letters/privacy_corpus/, one case a line) and on
refused texts disguised further by hypothesis: inserted separators, look-alikes, case changes
and invisible characters must not let personal data through."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from campaign.letters.privacy import check_text

CORPUS = Path(__file__).resolve().parent / "privacy_corpus"


def _cases(kind: str) -> list[tuple[str, str]]:
    """Every case of the files named `<kind>*.txt` (refused.txt, refused_names.txt...)."""
    cases = []
    for path in sorted(CORPUS.glob(f"{kind}*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        cases += [tuple(line.split("\t", 1)) for line in lines if line.strip() and line[0] != "#"]
    return cases


REFUSED = _cases("refused")
ALLOWED = _cases("allowed")


def test_the_corpus_has_at_least_three_hundred_cases_each_way():
    assert len(REFUSED) >= 300
    assert len(ALLOWED) >= 300


def test_every_disguised_case_is_refused():
    missed = [text for _family, text in REFUSED if not any(f.certain for f in check_text(text))]
    assert missed == []


def test_no_ordinary_wish_is_refused_and_at_most_two_percent_warn():
    refused = [text for _f, text in ALLOWED if any(f.certain for f in check_text(text))]
    warned = [text for _f, text in ALLOWED if check_text(text)]
    assert refused == []
    assert len(warned) <= 0.02 * len(ALLOWED)


NUMBERS = ["501234567", "15221512346", "601234567"]
INVISIBLE = ["\u200b", "\u00ad", "\u2060", "\ufeff"]


@st.composite
def disguised_number(draw):
    digits = draw(st.sampled_from(NUMBERS))
    out = []
    for i, digit in enumerate(digits):
        if digit == "0" and draw(st.booleans()) and 0 < i < len(digits) - 1:
            digit = draw(st.sampled_from(["O", "o"]))
        out.append(digit)
        if i < len(digits) - 1:
            out.append(
                draw(st.sampled_from(["", "", " ", "  ", ".", "-", "\u2011", "/", *INVISIBLE]))
            )
    return "".join(out)


@settings(max_examples=150, deadline=None)
@given(disguised_number(), st.sampled_from(["{}", "tel {}", "Chcę lalkę, numer {} mamy"]))
def test_a_number_stays_refused_however_it_is_split(number, context):
    assert any(f.certain for f in check_text(context.format(number)))


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([text for family, text in REFUSED if family in ("email", "street", "school")]),
    st.sampled_from(["lower", "upper", "same"]),
    st.sampled_from(INVISIBLE),
)
def test_case_and_invisible_characters_do_not_unlock_a_refused_text(text, case, mark):
    changed = {"lower": text.lower(), "upper": text.upper(), "same": text}[case]
    changed = changed.replace(" ", " " + mark, 1)
    assert any(f.certain for f in check_text(changed)), changed
