"""The privacy guard on the project's corpus (tests/letters/privacy_corpus/): the share of disguised
personal data refused, the share of ordinary wishes blocked or sent to confirmation, and the
guard's time on a 1,000-character wish against a plain `str.lower()` over the same text."""

from pathlib import Path

from bench.common import Result, median_seconds

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "letters" / "privacy_corpus"
WISH = (
    "Drogi Mikołaju, mam 9 lat i marzę o klockach LEGO Technic 42141 albo 42154. Potrzebuję też "
    "ciepłej kurtki w rozmiarze 134/140 i butów 33, a siostra chciałaby lalkę Elsa z Krainy Lodu "
    "i książkę Ulica Sezamkowa. Budżet do 150 zł. "
)


def _cases(kind: str) -> list[str]:
    """The texts of every `<kind>*.txt` file of the corpus, as the corpus test reads them."""
    texts = []
    for path in sorted(CORPUS.glob(f"{kind}*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        texts += [line.split("\t", 1)[1] for line in lines if line.strip() and line[0] != "#"]
    return texts


def run() -> list[Result]:
    from campaign.letters.privacy import check_text

    refused = _cases("refused")
    allowed = _cases("allowed")
    caught = sum(any(f.certain for f in check_text(text)) for text in refused)
    stopped = sum(bool(check_text(text)) for text in allowed)
    text = (WISH * 10)[:1000]
    guard = median_seconds(lambda: [check_text(text) for _ in range(20)]) / 20
    lower = median_seconds(lambda: [text.lower() for _ in range(20_000)]) / 20_000
    return [
        Result(
            "disguised personal data refused",
            100 * caught / len(refused),
            "%",
            note=f"{caught} of {len(refused)}",
        ),
        Result(
            "ordinary wishes blocked or sent to confirmation",
            100 * stopped / len(allowed),
            "%",
            note=f"{stopped} of {len(allowed)}",
        ),
        Result("guard on a 1,000-character wish", guard * 1e6, "µs", "str.lower()", lower * 1e6),
    ]
