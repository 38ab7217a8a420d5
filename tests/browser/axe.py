"""axe-core in the browser tests: WCAG 2.1 A and AA violations of the page as it is now."""

from functools import cache
from pathlib import Path

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@cache
def _axe_source() -> str:
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page, tags: list[str] | None = None) -> list[dict]:
    """Run axe-core on `page` and return its violations (id, impact, help, the nodes' targets).

    The script is evaluated through the DevTools protocol, not added as a <script> element, so the
    site's strict CSP (no inline script) stays in force for the page under test.
    """
    page.evaluate(_axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        tags or WCAG_21_AA,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [node["target"] for node in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
