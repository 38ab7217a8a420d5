"""Text helpers for the centre's content: Markdown to safe HTML, and slugs from titles."""

import re
import unicodedata

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope", "colspan", "rowspan"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Polish letters have no decomposition for ł/Ł, so a table, not only Unicode normalisation.
POLISH = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
SLUG_MAX = 200


def render_markdown(text: str) -> str:
    """Markdown written by editors, rendered and then sanitised: no script ever survives."""
    html = markdown.markdown(text or "", extensions=["tables", "fenced_code", "sane_lists"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener",
    )


def slugify(title: str, fallback: str = "aktualnosc") -> str:
    """`Spełnijmy marzenia dzieci!` -> `spelnijmy-marzenia-dzieci`."""
    text = unicodedata.normalize("NFKD", (title or "").translate(POLISH))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    slug = slug[:SLUG_MAX].rstrip("-")
    return slug or fallback
