"""The title of a lesson recorded without a document: the one typed, else the lesson's start, cut short."""

from __future__ import annotations

import re
from typing import Any

from kb.text import normalize_space

TITLE_CHARS = 80  # as the register parser cuts a title it makes itself
_CUT_AFTER = re.compile(r"[\s,;:，、；：。.!?！？]+$")


def derived_title(text: str, limit: int = TITLE_CHARS) -> str | None:
    """The start of a lesson's text as its title, cut at the last space (a word is not split; Chinese, written
    without spaces, at a character), trimmed of spaces and punctuation, with "…"; None when the text fits whole
    (the register parser titles it with the text, as before)."""
    text = normalize_space(text)
    if len(text) <= limit:
        return None
    cut = text[:limit]
    if not text[limit].isspace() and " " in cut[limit // 2:]:
        cut = cut[:cut.rindex(" ")]
    return _CUT_AFTER.sub("", cut) + "…"


def typed_title(row: dict[str, Any]) -> str | None:
    """A stored row's title as its author typed it: None when it is the one made from its text (the edit form
    leaves the field empty, so a changed text gets a title of its own)."""
    title = row.get("title") or None
    return None if title == derived_title(row.get("lesson") or "") else title
