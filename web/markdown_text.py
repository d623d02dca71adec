"""User text made literal in Markdown: no raw HTML, no links or images, no headings or lists it did not ask for.

Agendas exported as Markdown carry titles, notes and minutes anyone may have typed; opened in a Markdown viewer,
``<script>`` or ``[m](javascript:…)`` must stay text. HTML-significant characters become entities, inline markup
characters get a backslash, and a line's leading markers (``#``, ``>``, ``-``, ``+``, ``=``, ``1.``) are escaped.
Only characters every Markdown dialect (Python-Markdown included) accepts escaped are backslash-escaped.
"""

from __future__ import annotations

import re

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_INLINE = re.compile(r"[\\`*_\[\]]")
_LEADING = re.compile(r"^([#+\-])|^(\d+)([.)])|^=")


def escape(text: object, *, indent: int = 0) -> str:
    """``text`` as literal Markdown. Line breaks are kept as hard breaks (blank lines dropped, so the text
    stays in its paragraph or list item), continued at ``indent`` spaces.

    Args:
        text: any value (None is the empty string).
        indent: the indentation of continuation lines (the column the list item's text starts at).
    """
    lines = [_line(line.strip()) for line in str(text or "").splitlines() if line.strip()]
    return ("  \n" + " " * indent).join(lines)


def escape_line(text: object) -> str:
    """``text`` as literal Markdown on one line (headings, labels): whitespace runs become one space."""
    return _line(" ".join(str(text or "").split()))


def code(text: object) -> str:
    """``text`` as an inline code span (nothing inside one is interpreted), fenced by more backticks than any run
    in it."""
    value = " ".join(str(text or "").split())
    if not value:
        return ""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _line(line: str) -> str:
    line = "".join(_ENTITIES.get(ch, ch) for ch in line)
    line = _INLINE.sub(lambda m: "\\" + m.group(0), line)
    return _LEADING.sub(_leading, line, count=1)


def _leading(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    if match.group(2):
        return f"{match.group(2)}\\{match.group(3)}"
    return "&#61;"
