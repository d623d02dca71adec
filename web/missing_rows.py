"""What a 404 says when an address names a record by something that is no row id (/lessons/abc, /sessions/x/print,
/api/lessons/99999999999999999999): "no lesson 'abc'", as a missing row's page says it, not "URL not found"."""

from __future__ import annotations

from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import MapAdapter

from kb.store import MAX_ROW_ID

# the word before an id in an address -> what is missing, as the store and the views say it (web/error_text.py)
_RECORDS = {"lessons": "no lesson '{id}'", "sessions": "no share session '{id}'", "uploads": "no upload '{id}'"}


def missing_row(path: str, adapter: MapAdapter) -> str | None:
    """The message for an address that would be a page if its bad id were a number, or None (no such page at all)."""
    parts = path.split("/")
    for i in range(1, len(parts) - 1):
        word, value = parts[i], parts[i + 1]
        if word not in _RECORDS and word != "items" or _row_id(value):
            continue
        if not _answers("/".join([*parts[:i + 1], "1", *parts[i + 2:]]), adapter):
            return None
        if word == "items":
            return f"no item '{value}' in share session {parts[i - 1]}"
        return _RECORDS[word].format(id=value)
    return None


def _row_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and int(value) <= MAX_ROW_ID


def _answers(path: str, adapter: MapAdapter) -> bool:
    try:
        adapter.match(path, method="GET")
    except MethodNotAllowed:  # a form's address (POST /sessions/x/edit): a page, for another method
        return True
    except HTTPException:
        return False
    return True
