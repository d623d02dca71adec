"""How ``kb search`` and ``kb similar`` print their hits on a terminal: wrapped to its width (``COLUMNS``, or the
terminal's; ``kb.display.terminal_width``), Chinese and English alike, a snippet to at most ``SNIPPET_LINES`` lines
cut with "…"; in a file or a pipe each on one line, whole, as before."""

from __future__ import annotations

import html
import re
from typing import Any

import click

from kb.display import terminal_width
from kb.line_wrap import Piece, wrap

SNIPPET_LINES = 3  # lines of a snippet on a terminal: about three sentences at 80 columns, 70 Chinese characters
INDENT = "   "


def echo_group(n: int, group: Any, marks: str, also_in: Any) -> None:
    """A document of a search's results: its title line, then each hit's heading and kind, and its snippet.

    Args:
        n: the document's number in the results.
        group: the ``search.results`` group.
        marks: what follows the meta ("  (in Chinese)", "  (under the relevance floor)").
        also_in: the other documents holding a hit, as "  (also in ...)", from a hit's duplicates.
    """
    width = terminal_width()
    meta = [x for x in (group.project, group.date) if x]
    head = [Piece(f"{n}. {group.document_title}", "bold"), Piece(f"  [{group.doc_type}]  "),
            Piece(" · ".join([*meta, ""]) if meta else ""), Piece(group.document_key, whole=True), Piece(marks)]
    _echo(wrap(head, width, first="", indent=INDENT))
    for hit in group.hits:
        # the heading with the query's words marked, as on the page (a hit found by its heading shows why)
        where = [*marked_pieces(hit.heading_html or html.escape(hit.heading)), Piece(" · ")] if hit.heading else []
        label = hit.lesson_kind or hit.kind
        _echo(wrap([*where, Piece(f"{label}  "), Piece(f"[{'+'.join(hit.legs)}]", breaks="+"),
                    Piece(also_in(hit.duplicates))], width, indent=INDENT))
        _echo(wrap(snippet_pieces(hit), width, indent=INDENT, max_lines=SNIPPET_LINES))
    if group.more:
        click.echo(f"{INDENT}… {group.more} more in this document")


def echo_similar(n: int, hit: Any, language: str) -> None:
    """A lesson of kb similar: its number, id and kind, project, document and key, then its snippet."""
    width = terminal_width()
    head = [Piece(f"{n}. ", "bold"), Piece(f"[{hit.lesson_id}]", "bold", whole=True),
            Piece(f" {hit.lesson_kind}", "bold"), Piece(f"  {hit.project or ''} · {hit.document_title} · "),
            Piece(hit.document_key, whole=True), Piece(language)]
    _echo(wrap(head, width, first="", indent=INDENT))
    _echo(wrap(snippet_pieces(hit), width, indent=INDENT, max_lines=SNIPPET_LINES))


def echo_lesson(lesson_id: int, lesson: Any) -> None:
    """The lesson kb similar starts from: "Like lesson 802 (project): its text", wrapped, then a blank line."""
    pieces = [Piece(f"Like lesson {lesson_id}", "bold"), Piece(f" ({lesson['project']}): {lesson['text']}")]
    _echo(wrap(pieces, terminal_width(), first="", indent=INDENT, max_lines=SNIPPET_LINES))
    click.echo()


def snippet_pieces(hit: Any) -> list[Piece]:
    """A hit's snippet as pieces, the words the search matched marked (``<mark>`` in its HTML)."""
    return marked_pieces(hit.snippet_html)


def marked_pieces(marked_html: str) -> list[Piece]:
    """Highlighted HTML (a snippet's, a heading's) as pieces, each ``<mark>`` a marked piece."""
    return [Piece(html.unescape(part[6:-7]), "mark") if part.startswith("<mark>") else Piece(html.unescape(part))
            for part in re.split(r"(<mark>.*?</mark>)", marked_html) if part]


def _echo(lines: list[str]) -> None:
    for line in lines:
        click.echo(line.rstrip())
