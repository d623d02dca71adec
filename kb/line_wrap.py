"""Text wrapped to a terminal's width, Chinese and English alike: English breaks at spaces, Chinese between any two
characters (but never before a closing mark such as "，" or "」"), and a line is never broken inside a character
(a grapheme cluster: 👩‍💻, a decomposed é). Pieces may be styled (a search term marked, a title bold); the styles
are applied once a line is made, so a line's width is its text's."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import click

from kb.text import display_width, graphemes

# What never starts a line of Chinese: closing punctuation and brackets (kinsoku), which stay with the character
# before them.
_NO_START = set("，。、；：！？）」』】》〉”’…·,.;:!?)]}%")
STYLES = {"bold": {"bold": True}, "mark": {"bold": True, "fg": "yellow"}}


@dataclass(frozen=True)
class Piece:
    """A run of text of one style (None, "bold" or "mark"); ``whole`` keeps it on one line, however long (a document
    key: what is copied into the next command); ``breaks``: characters after which a line may break besides spaces
    ("+" between a hit's search legs)."""

    text: str
    style: str | None = None
    whole: bool = False
    breaks: str = ""


@dataclass
class _Token:
    parts: list[tuple[str, str | None]]  # its text, in runs of one style: a word may be marked in part ("<mark>")
    kind: str  # "space", "word" (a run of narrow characters), "wide" (one wide character)
    whole: bool = False

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.parts)

    @property
    def width(self) -> int:
        return display_width(self.text)


def wrap(pieces: Sequence[Piece], width: int | None, *, indent: str = "", first: str | None = None,
         max_lines: int | None = None) -> list[str]:
    """The pieces as lines of at most ``width`` columns (a ``whole`` piece, or a word, longer than a line is left
    whole on a line of its own), each after ``indent`` (the first after ``first`` when given); past ``max_lines``
    lines the last is cut with "…". Width None (a file or a pipe): one line, whole."""
    lead = indent if first is None else first
    if width is None:
        return [lead + _render(_tokens(pieces))]
    room = max(width - max(display_width(lead), display_width(indent)), 8)
    lines = _fill(_tokens(pieces), room)
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _ellipsis(lines[-1], room)
    return [(lead if i == 0 else indent) + _render(line) for i, line in enumerate(lines)]


def _tokens(pieces: Iterable[Piece]) -> list[_Token]:
    """Spaces, words (runs of narrow characters, across pieces: "<mark>deliver</mark>ed" is one word) and wide
    characters, each part with its piece's style."""
    tokens: list[_Token] = []
    word: _Token | None = None
    for piece in pieces:
        if piece.whole:
            tokens.append(word := _Token([(piece.text, piece.style)], "word", whole=True))
            continue
        for cluster in graphemes(piece.text):
            if cluster.isspace() or display_width(cluster) == 2:
                tokens.append(_Token([(" " if cluster.isspace() else cluster, piece.style)],
                                     "space" if cluster.isspace() else "wide"))
                word = None
                continue
            if word is None or word.whole:
                tokens.append(word := _Token([], "word"))
            word.parts.append((cluster, piece.style))
            if cluster in piece.breaks:
                word = None
    return tokens


def _fill(tokens: list[_Token], room: int) -> list[list[_Token]]:
    """Tokens laid into lines of ``room`` columns, greedily; spaces at a line's ends are dropped."""
    lines: list[list[_Token]] = [[]]
    for token in _broken(tokens, room):
        line = lines[-1]
        if token.kind == "space":
            if line:
                line.append(token)
            continue
        if _used(line) + token.width > room and any(t.kind != "space" for t in line):
            carried = _carried(line, token)
            while line and line[-1].kind == "space":
                line.pop()
            lines.append(carried)
        lines[-1].append(token)
    return [line for line in lines if line]


def _broken(tokens: list[_Token], room: int) -> Iterable[_Token]:
    """The tokens, with a word longer than a whole line (a long address in a snippet) broken between characters; a
    ``whole`` one is left as it is."""
    for token in tokens:
        if token.kind != "word" or token.width <= room or token.whole:
            yield token
            continue
        for cluster, style in ((c, style) for text, style in token.parts for c in graphemes(text)):
            yield _Token([(cluster, style)], "wide")


def _carried(line: list[_Token], token: _Token) -> list[_Token]:
    """What moves to the next line with a token that may not start one (a "，" after a Chinese character): that
    character, taken off the end of the line."""
    if token.text[:1] in _NO_START and len(line) > 1 and line[-1].kind == "wide":
        return [line.pop()]
    return []


def _used(line: list[_Token]) -> int:
    return sum(t.width for t in line)


def _ellipsis(line: list[_Token], room: int) -> list[_Token]:
    """A line cut to end in "…" within ``room`` columns: where more text follows that is not shown."""
    line = list(line)
    while line and (_used(line) + 1 > room or line[-1].kind == "space"):
        line.pop()
    if line and line[-1].text.endswith("…"):
        return line
    return [*line, _Token([("…", None)], "word")]


def _render(line: list[_Token]) -> str:
    """A line's text with its styles, one escape sequence a run of one style."""
    runs: list[tuple[str, str | None]] = []
    for text, style in (part for token in line for part in token.parts):
        if runs and runs[-1][1] == style:
            runs[-1] = (runs[-1][0] + text, style)
        else:
            runs.append((text, style))
    return "".join(click.style(text, **STYLES[style]) if style in STYLES else text for text, style in runs)
