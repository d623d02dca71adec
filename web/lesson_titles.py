"""The title of a lesson recorded without a document: the one typed, else the lesson's start, cut short."""

from __future__ import annotations

from typing import Any

from kb.text import TITLE_CHARS, normalize_space, shorten


def derived_title(text: str, limit: int = TITLE_CHARS) -> str | None:
    """The start of a lesson's text as its title, cut short as the register parser cuts one (``shorten``: at a
    word, with "…"); None when the text fits whole (the register parser titles it with the text, as before)."""
    return None if len(normalize_space(text)) <= limit else shorten(text, limit)


def typed_title(row: dict[str, Any]) -> str | None:
    """A stored row's title as its author typed it: None when it is the one made from its text (the edit form
    leaves the field empty, so a changed text gets a title of its own). A title that is the text's start with "…" is
    one made from it, however it was cut: lessons recorded before titles were cut as ``shorten`` cuts them keep
    titles cut otherwise (further back, or before an opened bracket)."""
    title = row.get("title") or None
    text = row.get("lesson") or ""
    if title is None or title == derived_title(text):
        return None
    return None if title.endswith("…") and normalize_space(text).startswith(title[:-1]) else title
