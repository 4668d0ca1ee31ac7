"""Input refused at the edge, in one place, before any view or query sees it.

Ids in paths are bounded by the `int` URL converter (past the database's integer range they name
nothing: 404); a NUL character in a path or a query is refused with 400, in a form or a JSON body
(`check_json`) with 422: no text we keep may hold one, and PostgreSQL refuses it with an error,
not an answer.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_to_bytes

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from werkzeug.routing import IntegerConverter

from eexpo.errors import DomainError, Invalid

# The largest id, count or number either database keeps in an INTEGER column.
MAX_INT = 2**31 - 1
# The most pages any listing is paged to (its offset must stay a valid integer).
MAX_PAGE = 100_000


class IdConverter(IntegerConverter):
    """`<int:…>` as an id: a number past the database's integer range names no row, so it is
    read as 0, which no row has (404 from the view, as for any other unknown id; refusing the
    match instead would make Werkzeug answer 405 where another method's rule has the path)."""

    def to_python(self, value: str) -> int:
        number = int(value)
        return number if number <= MAX_INT else 0


def refuse_nul_and_undecodable() -> None:
    """Refuse a NUL anywhere in the path or query (every request), or in a urlencoded body; and
    a urlencoded body whose values are not UTF-8 (Werkzeug would keep them as literal
    %-escapes, silently storing garbage). Multipart bodies are checked by `forms.Form`."""
    environ = request.environ
    if "\x00" in environ.get("PATH_INFO", "") or _has_nul(environ.get("QUERY_STRING", "")):
        raise DomainError(_l("The address contains a NUL character."))
    if request.method in ("GET", "HEAD") or request.mimetype != "application/x-www-form-urlencoded":
        return
    body = request.get_data(cache=True)
    try:
        for pair in body.split(b"&"):
            for part in pair.split(b"=", 1):
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        raise DomainError(
            _l("The form contained text that is not valid UTF-8. Please retype it and send again.")
        ) from None
    if b"\x00" in body or _has_nul(body.decode("latin-1")):
        raise Invalid(_l("The form contains a NUL character. Please retype the text."))


def _has_nul(encoded: str) -> bool:
    return "%00" in encoded or "\x00" in encoded


def check_json(value: Any, where: str = "") -> None:
    """Raise Invalid, naming the field, for a NUL in any string or key of a parsed JSON body
    (the API's models bound its numbers)."""
    if isinstance(value, str):
        if "\x00" in value:
            raise Invalid(
                _l("'%(name)s' contains a NUL character.", name=where or "body"),
                fields={where or "body": "invalid"},
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            check_json(key, where)
            check_json(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_json(item, f"{where}[{index}]")


def init_app(app: Flask) -> None:
    """The converter goes in before any blueprint's rules are built; the check runs first of
    all hooks, since it must read the raw body before any extension parses the form."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_nul_and_undecodable)
