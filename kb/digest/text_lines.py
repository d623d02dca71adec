"""The plain-text digest's lines as a terminal mail client shows them: at most 78 columns where the words allow (a
Chinese character takes two), broken between words and between Chinese characters but never before a closing mark
("，", "。", "）") nor after an opening one ("（", "“"), nor inside a word of full-width letters or digits ("ＡＰＩ"); a
word longer than a line (a link) is left whole."""

from __future__ import annotations

import unicodedata

WIDTH = 78
_NO_START = frozenset("，。、；：？！）」』】》〉〕”’…—·,.;:?!)]}%")  # a line never starts with these
_NO_END = frozenset("（「『【《〈〔“‘([{")  # nor ends with these


def columns(text: str) -> int:
    """How many columns a terminal gives the text: two for a wide (Chinese, full-width) character, one otherwise."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrap(text: str, first: str = "", rest: str = "", width: int = WIDTH) -> str:
    """The text on lines of at most ``width`` columns, the first starting with ``first``, the others with ``rest``
    (a bullet and its hanging indent: ``wrap(text, "* ", "  ")``)."""
    lines, prefix, line, spaced = [], first, first, False
    for piece in _pieces(text):
        if piece.isspace():
            spaced = True
            continue
        started = len(line) > len(prefix)
        gap = " " if spaced and started else ""
        if started and columns(line + gap + piece) > width:
            lines.append(line)
            prefix = line = rest
            gap = ""
        line, spaced = line + gap + piece, False
    return "\n".join([*lines, line])


def _pieces(text: str) -> list[str]:
    """The text cut where a line may break: runs of spaces, words, each wide character alone; a closing mark kept
    with what precedes it and an opening one with what follows."""
    pieces: list[str] = []
    for ch in " ".join(text.split()) if text.strip() else "":
        kind = "space" if ch.isspace() else "wide" if unicodedata.east_asian_width(ch) in "WF" else "word"
        last = pieces[-1] if pieces else ""
        joins = last and not last.isspace() and kind != "space" and (
            ch in _NO_START or last[-1] in _NO_END
            or (kind == "word" and unicodedata.east_asian_width(last[-1]) not in "WF")
            or _full_width_letter(ch) and _full_width_letter(last[-1]))
        if joins or (kind == "space" and last.isspace()):
            pieces[-1] += ch
        else:
            pieces.append(ch)
    return pieces


def _full_width_letter(ch: str) -> bool:
    """A full-width Latin letter or digit ("Ａ", "１"): wide, but a word's, not a character one line may end after."""
    return unicodedata.east_asian_width(ch) == "F" and ch.isalnum()
