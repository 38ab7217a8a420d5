"""Letter codes: the check character catches every single typo and every swap of neighbours."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campaign.letters import codes
from campaign.letters.queries import lookup_code

bodies = st.text(alphabet=codes.ALPHABET, min_size=codes.BODY_LENGTH, max_size=codes.BODY_LENGTH)
prefixes = st.from_regex(r"[A-Z0-9]{2,8}", fullmatch=True)


def make_code(prefix: str, body: str) -> str:
    return prefix + body + codes.check_character(body)


def substitutions(code: str):
    """Every code that differs from `code` in exactly one character of body or check."""
    prefix, body, check = codes.split(code)
    tail = body + check
    for i, original in enumerate(tail):
        for ch in codes.ALPHABET:
            if ch != original:
                yield prefix + tail[:i] + ch + tail[i + 1 :]


def neighbour_swaps(code: str):
    prefix, body, check = codes.split(code)
    tail = body + check
    for i in range(len(tail) - 1):
        if tail[i] != tail[i + 1]:
            yield prefix + tail[:i] + tail[i + 1] + tail[i] + tail[i + 2 :]


@given(prefix=prefixes, body=bodies)
def test_every_single_substitution_is_detected(prefix, body):
    code = make_code(prefix, body)
    assert codes.is_valid(code)
    assert not any(codes.is_valid(wrong) for wrong in substitutions(code))


@given(prefix=prefixes, body=bodies)
def test_every_swap_of_neighbours_is_detected(prefix, body):
    code = make_code(prefix, body)
    assert not any(codes.is_valid(wrong) for wrong in neighbour_swaps(code))


@pytest.mark.parametrize("body", ["22222", "ZZZZZ", "7KQ4M", "ABCDE", "2Z2Z2", "XY9W3"])
def test_exhaustively_over_positions_for_some_codes(body):
    code = make_code("KMP26", body)
    wrong = list(substitutions(code))
    assert len(wrong) == (codes.BODY_LENGTH + 1) * (codes.MODULUS - 1)
    assert [w for w in wrong if codes.is_valid(w)] == []
    assert [w for w in neighbour_swaps(code) if codes.is_valid(w)] == []


def test_generated_codes_use_the_prefix_and_no_look_alike_characters():
    for _ in range(200):
        code = codes.generate_code("KMP26")
        assert code.startswith("KMP26")
        assert codes.is_valid(code)
        assert not set(code[5:]) & set("01OIL")


@pytest.mark.parametrize(
    "typed",
    ["KMP26-7KQ4M-X", "kmp26-7kq4m-x", "KMP267KQ4MX", " kmp26 7kq4m x ", "Kmp26_7kQ4m.X"],
)
def test_codes_are_normalised_from_any_case_and_separators(typed):
    assert codes.normalise(typed) == "KMP267KQ4MX"


def test_display_form_has_dashes():
    assert codes.format_code("kmp267kq4mx") == "KMP26-7KQ4M-X"


@pytest.mark.parametrize(
    "variant",
    [
        lambda c: c,
        lambda c: c.lower(),
        lambda c: codes.format_code(c),
        lambda c: codes.format_code(c).lower(),
        lambda c: " ".join(codes.format_code(c).split("-")),
        lambda c: f"https://kmp.example.org/p/{codes.format_code(c)}",
    ],
)
def test_lookup_finds_a_letter_typed_in_any_form(make_letter, variant):
    letter = make_letter()
    found = lookup_code(variant(letter.code))
    assert found.problem is None
    assert found.letter.id == letter.id


def test_lookup_with_a_wrong_check_character_says_check_and_suggests_the_letter(make_letter):
    letter = make_letter()
    prefix, body, check = codes.split(letter.code)
    wrong_check = next(ch for ch in codes.ALPHABET if ch != check)
    found = lookup_code(prefix + body + wrong_check, suggest=True)
    assert found.problem == "check"
    assert found.letter is None
    assert letter.id in [near.id for near in found.near]


def test_lookup_of_a_valid_but_unused_code_is_unknown(make_campaign):
    make_campaign(code_prefix="ZZ99")
    assert lookup_code(codes.generate_code("ZZ99")).problem == "unknown"


def _with_prefix(code: str, prefix: str) -> str:
    _old, body, check = codes.split(code)
    return prefix + body + check


def test_a_prefix_no_campaign_has_is_a_typo_and_suggests_the_letter(make_campaign, make_letter):
    letter = make_letter(campaign=make_campaign(code_prefix="KMP26"))
    typo = _with_prefix(letter.code, "KMP27")

    found = lookup_code(typo, suggest=True)

    assert (found.problem, found.letter) == ("check", None)
    assert [near.id for near in found.near] == [letter.id]
    assert lookup_code(typo).near == ()


def test_a_prefix_typo_suggests_letters_under_every_known_prefix(make_campaign, make_letter):
    old = make_letter(campaign=make_campaign(code_prefix="KMP25"))
    _prefix, body, check = codes.split(old.code)
    new = make_letter(campaign=make_campaign(code_prefix="KMP26"), code="KMP26" + body + check)
    make_letter(campaign=make_campaign(code_prefix="KMP24"))  # another tail: not suggested

    found = lookup_code(_with_prefix(old.code, "KMP2"), suggest=True)

    assert found.problem == "check"
    assert {near.id for near in found.near} == {old.id, new.id}


def test_a_known_prefix_of_another_campaign_is_no_typo(make_campaign, make_letter):
    letter = make_letter(campaign=make_campaign(code_prefix="KMP26"))
    make_campaign(code_prefix="KMP25")

    assert lookup_code(_with_prefix(letter.code, "KMP25"), suggest=True).problem == "unknown"


def test_the_letter_page_says_check_the_code_for_a_prefix_typo(client, make_campaign, make_letter):
    letter = make_letter(campaign=make_campaign(code_prefix="KMP26"))

    response = client.get(f"/listy/{codes.format_code(_with_prefix(letter.code, 'KMP27'))}")

    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "literówka" in page and "Kod jest poprawny" not in page
    assert letter.display_code in page  # suggested under its real prefix


def test_the_api_answers_check_character_for_a_prefix_typo(client, make_campaign, make_letter):
    letter = make_letter(campaign=make_campaign(code_prefix="KMP26"))

    response = client.get(f"/api/v1/letters/{_with_prefix(letter.code, 'KMP27')}")

    assert response.status_code == 422
    assert response.json["error"]["code"] == "check_character"
