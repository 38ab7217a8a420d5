"""Letter codes: short, unambiguous, not guessable and typo-detecting.

A code reads ``KMP26-7KQ4M-X``: the campaign prefix, five random characters and a check
character. The alphabet leaves out look-alikes (0/O, 1/I/L) and has 31 characters, a prime. The
check character makes the weighted sum of body and check (weights 1, 2, ... 6) divisible by 31.
Because every weight is non-zero and all weights differ modulo 31, any single wrong character
changes the sum by w*d and any swap of neighbours by (w_i - w_j)*d, neither of which is a multiple
of 31: both are always detected (tests/letters/test_codes.py proves it exhaustively and by
property).
"""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
MODULUS = len(ALPHABET)  # 31, prime
VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
BODY_LENGTH = 5
_SEPARATORS = re.compile(r"[\s\-_.]+")


def check_character(body: str) -> str:
    total = sum((i + 1) * VALUE[ch] for i, ch in enumerate(body))
    weight = len(body) + 1
    # Solve total + weight * c ≡ 0 (mod 31) for c; pow(w, -1, m) is the modular inverse.
    return ALPHABET[(-total * pow(weight, -1, MODULUS)) % MODULUS]


def generate_code(prefix: str) -> str:
    """A new normalised code (no dashes) for a campaign prefix such as ``KMP26``."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return f"{prefix}{body}{check_character(body)}"


def normalise(raw: str) -> str:
    """Upper case, without dashes and spaces: the form codes are stored and looked up in."""
    return _SEPARATORS.sub("", raw or "").upper()


def split(code: str) -> tuple[str, str, str]:
    """(prefix, body, check) of a normalised code."""
    return code[: -BODY_LENGTH - 1], code[-BODY_LENGTH - 1 : -1], code[-1]


def has_valid_shape(code: str) -> bool:
    """Long enough, with body and check drawn from the alphabet."""
    if len(code) <= BODY_LENGTH + 1:
        return False
    _, body, check = split(code)
    return all(ch in VALUE for ch in body + check)


def is_valid(code: str) -> bool:
    """True when the normalised code has the right shape and its check character matches."""
    if not has_valid_shape(code):
        return False
    _, body, check = split(code)
    return check_character(body) == check


def format_code(code: str) -> str:
    """``KMP267KQ4MX`` → ``KMP26-7KQ4M-X`` for display and print."""
    code = normalise(code)
    if len(code) <= BODY_LENGTH + 1:
        return code
    prefix, body, check = split(code)
    return f"{prefix}-{body}-{check}"


def near_matches(code: str) -> list[str]:
    """Valid codes one substitution or one neighbour swap away from a mistyped one.

    Used to suggest what the person probably meant; the caller keeps only those that exist.
    """
    code = normalise(code)
    if len(code) <= BODY_LENGTH + 1:
        return []
    prefix, body, check = split(code)
    tail = body + check
    candidates: set[str] = set()
    for i in range(len(tail)):
        for ch in ALPHABET:
            if ch != tail[i]:
                candidates.add(tail[:i] + ch + tail[i + 1 :])
        if i + 1 < len(tail):
            candidates.add(tail[:i] + tail[i + 1] + tail[i] + tail[i + 2 :])
    return sorted(prefix + c for c in candidates if c != tail and check_character(c[:-1]) == c[-1])
