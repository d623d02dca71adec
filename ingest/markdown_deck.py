"""Markdown slide decks (Marp, Slidev, Deckset, reveal.js): one section a slide, speaker notes kept with their slide.

A deck is a Markdown file whose slides are separated by ``---`` lines (and ``--`` for reveal.js's vertical slides),
each with a blank line before it. It is recognised by ``marp: true`` in its front matter (or Slidev's own settings
there, "highlighter: shiki"; a Slidev slide's settings block is dropped), by Deckset's settings at its
top ("build-lists: true", "theme: …"), its speaker notes ("^ …") or its fitted headings ("# [fit] …"), or, with
slides that open with a heading, by reveal.js's notes ("Note: …", ``<aside class="notes">``) or vertical separators.
Each slide is read on its own: its first heading heads it (a heading under an image moves to the slide's top), so
what a slide says never runs into the next one's, and a separator under a line of text is not taken for a setext
heading. Speaker notes (``Note:`` to the slide's end and ``<aside class="notes">`` in reveal.js, ``^`` paragraphs in
Deckset, HTML comments in Marp and Slidev other than Marp's directives) are section text, never lessons; so is what
a closing slide ("Thanks", "Q&A", "谢谢": one of the last two) says.
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Any

from ingest.blocks import CLOSING_SLIDES, Block, farewell_as_notes, html_blocks
from kb.text import is_cjk, normalize_space

_FENCE = re.compile(r"^\s*(```|~~~)")
_SEPARATOR = re.compile(r"^(---|--)[ \t]*$")
# Deckset's settings: the first lines of the file, before its first blank line ("build-lists: true").
_DECKSET_SETTING = re.compile(
    r"^(theme|autoscale|build-lists|slidenumbers|slidecount|slide-transition|footer|presenter-notes|slide-dividers"
    r"|fit-headers?|code-language|background-color|text|text-strong|text-emphasis|header|header-strong"
    r"|header-emphasis|list|table|quote|footnote-separator|link|code|image-caption)[ \t]*:", re.IGNORECASE)
_DECKSET_NOTE = re.compile(r"^\^(\s|$)")
_FIT = re.compile(r"^(#{1,6}\s+)\[(fit|\.[\w-]+)\]\s*", re.IGNORECASE)
# A Deckset slide command on a line of its own: "[.build-lists: false]", "[.column]", "[.background-color: #000]".
_COMMAND = re.compile(r"^\[\.[\w-]+(:[^\]]*)?\]\s*$")
_REVEAL_NOTE = re.compile(r"^(Notes?|Speaker notes?)\s*:\s*", re.IGNORECASE)
# reveal.js's other way to write them, in HTML inside the slide's Markdown: <aside class="notes">…</aside>.
_REVEAL_ASIDE = re.compile(r"<aside\b[^>]*?\bclass\s*=\s*(\"[^\"]*\bnotes\b[^\"]*\"|'[^']*\bnotes\b[^']*'|notes\b)[^>]*>"
                           r"(?P<notes>.*?)</aside\s*>", re.IGNORECASE | re.DOTALL)
_BREAKING_TAG = re.compile(r"</?(p|br|li|ul|ol|div|h[1-6]|blockquote|tr)\b[^>]*>", re.IGNORECASE)  # a line ends
_TAG = re.compile(r"<[^>]+>")
# A comment that sets something rather than says it: Marp's directives ("<!-- _class: lead -->", "<!-- paginate:
# true -->"), reveal.js's attributes ("<!-- .slide: data-background="#fff" -->", "<!-- .element: class="fragment" -->").
_DIRECTIVE = re.compile(r"^\s*(\.?_?[A-Za-z][\w-]*\s*:[^\n]*(\n\s*\.?_?[A-Za-z][\w-]*\s*:[^\n]*)*|fit)\s*$")
MAX_DIRECTIVE_CHARS = 500  # a longer comment is a note, whatever it looks like
_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s")
MIN_SLIDES = 3
SLIDE_LINES = 15  # a reveal.js deck's median slide has at most this many lines
# Front-matter keys only Slidev reads ("highlighter: shiki", "drawings: {persist: false}", "mdc: true").
_SLIDEV_KEYS = {"highlighter", "drawings", "mdc", "colorschema", "canvaswidth", "aspectratio", "slidev", "monaco",
                "presenter", "selectable", "record", "contextmenu", "wakelock", "themeconfig", "twoslash"}


# A slide's own front matter in a Markdown deck (Slidev, Marp): "---⏎layout: section⏎class: text-center⏎---" between
# slides. Left in, "layout: section⏎---" reads as a setext heading.
_SLIDE_FRONT_MATTER = re.compile(r"^---[ \t]*\n((?:[A-Za-z_][\w-]*[ \t]*:[^\n]*|#[^\n]*)\n)+---[ \t]*$", re.MULTILINE)


def drop_slide_front_matter(text: str) -> str:
    """The body without the settings block of each slide, the slide break kept."""
    return _SLIDE_FRONT_MATTER.sub("---", text)


def deck_kind(meta: dict[str, Any], body: str) -> str | None:
    """"marp", "slidev", "deckset" or "reveal" when a Markdown file is a slide deck of that kind, else None."""
    slides = split_slides(body)
    if meta.get("marp") is True:
        return "marp"
    if _SLIDEV_KEYS & set(meta):
        return "slidev"
    if len(slides) < MIN_SLIDES:
        return None
    first = body.lstrip("\n").split("\n\n", 1)[0].split("\n")
    lines = [line for slide in slides for line in slide.split("\n")]
    if all(_DECKSET_SETTING.match(line) for line in first) or any(_FIT.match(line) for line in lines) or sum(
            1 for line in lines if _DECKSET_NOTE.match(line)) >= 2:
        return "deckset"
    headed = sum(1 for slide in slides if any(_HEADING_LINE.match(line) for line in slide.split("\n")[:3]))
    vertical = any(re.match(r"^--[ \t]*$", line) for line in body.split("\n"))
    noted = sum(1 for slide in slides
                if _REVEAL_ASIDE.search(slide) or any(_REVEAL_NOTE.match(line) for line in slide.split("\n")))
    if (vertical or noted >= 2) and headed * 2 >= len(slides) and _short(slides):
        return "reveal"
    return None


def _short(slides: list[str]) -> bool:
    """Whether most slides are short, as a talk's are (a document's sections between rules run longer)."""
    sizes = sorted(sum(1 for line in slide.split("\n") if line.strip()) for slide in slides)
    return sizes[len(sizes) // 2] <= SLIDE_LINES


def split_slides(body: str) -> list[str]:
    """A deck's slides: the text between separator lines that have a blank line (or the start) before them, outside
    fenced code."""
    slides: list[list[str]] = [[]]
    fenced = False
    for line in body.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        current = slides[-1]
        if not fenced and _SEPARATOR.match(line) and (not current or not current[-1].strip()):
            slides.append([])
        else:
            current.append(line)
    return [text for text in ("\n".join(lines).strip("\n") for lines in slides) if text.strip()]


def deck_blocks(body: str, kind: str, render: Any) -> tuple[list[Block], str]:
    """The blocks and HTML of a deck, slide by slide; ``render`` turns a slide's Markdown into HTML."""
    if kind == "deckset":
        body = _without_settings(body)
    elif kind == "slidev":
        body = drop_slide_front_matter(body)
    blocks: list[Block] = []
    html: list[str] = []
    slides = split_slides(body)
    for number, slide in enumerate(slides, start=1):
        text, notes = _notes(slide, kind)
        rendered = render(text)
        own = _heading_first(html_blocks(rendered))
        if number > len(slides) - CLOSING_SLIDES:
            own = farewell_as_notes(own)
        own.extend(Block("note", note) for note in notes)
        blocks.extend(own)
        html.append(rendered + "".join(f"<p>{escape(note)}</p>" for note in notes))
    return blocks, "\n<hr>\n".join(html)


def _without_settings(body: str) -> str:
    """A Deckset deck without the settings at its top."""
    head, _, rest = body.lstrip("\n").partition("\n\n")
    return rest if all(_DECKSET_SETTING.match(line) for line in head.split("\n")) else body


def _notes(slide: str, kind: str) -> tuple[str, list[str]]:
    """A slide's text without its speaker notes, and the notes."""
    notes: list[str] = []
    lines = slide.split("\n")
    if kind == "reveal":
        asides = [_note_text(unescape(_TAG.sub("", _BREAKING_TAG.sub("\n", m.group("notes")))).split("\n"))
                  for m in _REVEAL_ASIDE.finditer(slide)]
        lines = _REVEAL_ASIDE.sub("", slide).split("\n")
        at = next((i for i, line in enumerate(lines) if _REVEAL_NOTE.match(line)), None)
        if at is not None:
            notes.append(_note_text([_REVEAL_NOTE.sub("", lines[at]), *lines[at + 1:]]))
            lines = lines[:at]
        notes.extend(asides)
    elif kind == "deckset":
        kept: list[str] = []
        note: list[str] | None = None
        for line in lines:
            if note is None and _DECKSET_NOTE.match(line):
                note = [line[1:]]
            elif note is not None and line.strip():
                note.append(line)
            else:
                if note is not None:
                    notes.append(normalize_space(" ".join(note)))
                    note = None
                kept.append(_FIT.sub(r"\1", line) if not _COMMAND.match(line) else "")
        if note is not None:
            notes.append(normalize_space(" ".join(note)))
        lines = kept
    text = "\n".join(lines)
    if kind in ("marp", "slidev"):
        text, comments = _comments(text)
        notes.extend(normalize_space(c) for c in comments
                     if c.strip() and (len(c) > MAX_DIRECTIVE_CHARS or not _DIRECTIVE.match(c)))
    return text, [note for note in notes if note]


def _note_text(lines: list[str]) -> str:
    """A note's lines as one paragraph: no space where a Chinese line runs on into the next ("，⏎要讲" -> "，要讲")."""
    out = ""
    for line in (normalize_space(line) for line in lines):
        if line:
            out += line if not out or is_cjk(out[-1]) and is_cjk(line[0]) else " " + line
    return out


def _comments(text: str) -> tuple[str, list[str]]:
    """Text without its HTML comments, and the comments (scanned, not matched: an unclosed "<!--" costs one pass)."""
    kept: list[str] = []
    comments: list[str] = []
    at = 0
    while (start := text.find("<!--", at)) != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        kept.append(text[at:start])
        comments.append(text[start + 4:end])
        at = end + 3
    kept.append(text[at:])
    return "".join(kept), comments


def _heading_first(blocks: list[Block]) -> list[Block]:
    """A slide's blocks with its first heading first (a logo or a picture's caption may come before it)."""
    at = next((i for i, block in enumerate(blocks) if block.kind == "heading"), None)
    if not at:
        return blocks
    return [blocks[at], *blocks[:at], *blocks[at + 1:]]
