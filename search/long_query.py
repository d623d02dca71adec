"""A pasted text as a query: how much of it search reads, and how its meaning is embedded (BENCHMARKS.md, "Pasted
lessons as queries (s-paste)").

A project manager finds similar past issues by pasting a lesson, a problem description or a whole retrospective
section. Search reads ``MAX_QUERY_CHARS`` of it (a whole NASA lesson is a median 4,800; cut at 2,000, as search did,
llis-cites-dev's hybrid fell from 0.601 to 0.461 nDCG@10); the keyword leg keeps its rarest terms
(search/keyword.py, ``OWN_QUERY_TERMS``), and the semantic leg embeds it in windows of about ``WINDOW_CHARS``,
averaged, so every part of it counts at a bounded cost per window (search/embedder.py says why a text is bounded).
"""

from __future__ import annotations

import re

from kb.text import clean_query

MAX_QUERY_CHARS = 10_000  # read of a query or a similar search's text; the rest is cut, and the reader told so
WINDOW_CHARS = 2_000  # a longer text is embedded in windows of about this size, their vectors averaged
_SENTENCE_END = re.compile(r"(?<=[.!?。！？;；\n])\s*")  # a window ends after a sentence's end (and its spaces)
_SPACE = re.compile(r"\s+")  # or after a space


def searched_text(query: str) -> str:
    """What search reads of a query: its text cleaned (kb.text.clean_query), then its first ``MAX_QUERY_CHARS``. The
    search page, the CLI, the API and ``kb eval`` read the same (eval read every character, search its first 2,000)."""
    return clean_query(query)[:MAX_QUERY_CHARS]


def windows(text: str, size: int = WINDOW_CHARS) -> list[str]:
    """The text in consecutive windows of at most ``size`` characters, each ended after the last sentence end of its
    second half, or else after its last space there, or else cut at ``size``; a text of ``size`` or fewer is one
    window. Windows of nothing but spaces are dropped."""
    if len(text) <= size:
        return [text]
    found, start = [], 0
    while start < len(text):
        stop = min(len(text), start + size)
        if stop < len(text):
            stop = _last_break(text, start + size // 2, stop)
        found.append(text[start:stop])
        start = stop
    return [window for window in found if window.strip()]


def _last_break(text: str, low: int, high: int) -> int:
    """Where a window between ``low`` and ``high`` ends: after its last sentence end, or space, or at ``high``."""
    for pattern in (_SENTENCE_END, _SPACE):
        ends = [m.end() for m in pattern.finditer(text, low, high) if low < m.end() <= high]
        if ends:
            return ends[-1]
    return high


__all__ = ["MAX_QUERY_CHARS", "WINDOW_CHARS", "searched_text", "windows"]
