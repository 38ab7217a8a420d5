"""One way for a document (PDF, CSV, JSON) to leave the site as a download."""

import unicodedata
from urllib.parse import quote

from flask import Response

# Letters NFKD does not split into a base letter and an accent.
_NO_DECOMPOSITION = str.maketrans({"ł": "l", "Ł": "L"})


def download(
    body: bytes | str,
    filename: str,
    mimetype: str,
    *,
    inline: bool = False,
    personal: bool = True,
) -> Response:
    """`body` as a file named `filename`: opened in the browser when `inline` (PDFs to print),
    saved otherwise.

    A personal document (a slip, a list naming donors, a child's letter, an export) is
    `no-store`: a shared computer at a drop-off point must not keep a copy in its cache. The
    audit record, where a document needs one, is the job of the service that made the body.
    """
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = content_disposition(filename, inline=inline)
    if personal:
        response.headers["Cache-Control"] = "no-store"
    return response


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """The header value, with an ASCII name for old clients and the exact one in `filename*`."""
    # Quotes, backslashes and line breaks would end the quoted name or the header itself.
    name = "".join(ch for ch in filename if ch not in '"\\\r\n')
    plain = unicodedata.normalize("NFKD", name.translate(_NO_DECOMPOSITION))
    ascii_name = plain.encode("ascii", "ignore").decode("ascii")
    value = f'{"inline" if inline else "attachment"}; filename="{ascii_name}"'
    if ascii_name != name:
        value += f"; filename*=UTF-8''{quote(name, safe='')}"
    return value
