"""What a request sends, read with one kind of line end: a browser sends a textarea's lines ended by CR LF (HTML's
form encoding), which stored as they came would carry a stray CR into Markdown, spreadsheets and the agenda's .ics.

``LineEndRequest`` is the app's request class: every value of its form and query string has CR LF, and a lone CR,
read as LF, before any view (or the CSRF check) reads it; the rest of the site sees one kind of line end. The API's
JSON bodies, which a script may send with CR LF as well, are read through ``lf_values`` (web/views/api.py, ``_body``).
"""

from __future__ import annotations

from typing import Any

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict


def one_line_end(text: str) -> str:
    """``text`` with its line ends as LF: CR LF and a lone CR (old Mac) alike."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def lf_values(value: Any) -> Any:
    """A JSON value with every string in it, at any depth, read by ``one_line_end`` (an object's keys kept)."""
    if isinstance(value, str):
        return one_line_end(value)
    if isinstance(value, dict):
        return {key: lf_values(item) for key, item in value.items()}
    if isinstance(value, list):
        return [lf_values(item) for item in value]
    return value


class LineEndMultiDict(ImmutableMultiDict):  # type: ignore[type-arg]
    """A request's form or query values, their line ends read as LF (``one_line_end``); uploaded files untouched."""

    def __init__(self, mapping: Any = None) -> None:
        super().__init__(mapping)
        for key, values in list(dict.items(self)):
            dict.__setitem__(self, key, [one_line_end(v) if isinstance(v, str) else v for v in values])


class LineEndRequest(Request):
    """The app's request: its ``form`` and ``args`` hold LF line ends only (module docstring)."""

    parameter_storage_class = LineEndMultiDict


__all__ = ["LineEndMultiDict", "LineEndRequest", "lf_values", "one_line_end"]
