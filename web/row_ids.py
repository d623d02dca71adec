"""Records named by their row id in an address (/lessons/42, /sessions/3/print, /api/sessions/3/items/7): the ``<id:...>``
converter takes any segment, so that an address naming a record by something that is no row id (/lessons/abc,
/api/lessons/99999999999999999999) reaches its page, which says which record is missing ("no lesson 'abc'"), as
/lessons/999 does, instead of "URL not found"."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.routing import BaseConverter

from kb.store import row_id

# a view argument an <id:...> gives -> what is missing when it is no row id, as the store says it (web/error_text.py)
_MISSING = {"lesson_id": "no lesson '{lesson_id}'", "session_id": "no share session '{session_id}'",
            "item_id": "no item '{item_id}' in share session {session_id}", "upload_id": "no upload '{upload_id}'"}


class RowId(BaseConverter):
    """``<id:...>``: a row id (1 to SQLite's largest) as an ``int``; any other segment as it was typed, a ``str`` that
    ``missing_record`` names before the view runs."""

    regex = "[^/]+"
    weight = 50  # as <int:...>: before a <string:...> beside it

    def to_python(self, value: str) -> int | str:
        number = row_id(value)
        return value if number is None else number


def missing_record(values: Mapping[str, Any] | None) -> str | None:
    """What a 404 says for an address whose record is named by no row id ("no lesson 'abc'"), from the view's
    arguments (the first such, as the address reads); None when every id is a row id."""
    for name, value in (values or {}).items():
        if name in _MISSING and isinstance(value, str):
            return _MISSING[name].format(**values)
    return None
