"""Markdown files (.md, .markdown) with optional YAML front matter; slide decks slide by slide (``markdown_deck``)."""

from __future__ import annotations

import re
from collections.abc import Callable

import markdown as md

from ingest.blocks import html_blocks
from ingest.document import Parts, build_document
from ingest.frontmatter import split_front_matter
from ingest.markdown_deck import deck_blocks, deck_kind, drop_slide_front_matter
from ingest.source import RawFile
from ingest.text_doc import header_metadata
from kb.models import ParseResult, ParseWarning

EXTENSIONS = ["tables", "fenced_code", "sane_lists", "def_list"]


def parse_markdown(raw: RawFile) -> ParseResult:
    """Parse a Markdown file: front matter for metadata, the rendered HTML for structure."""
    decoded = raw.decode()
    warnings = [ParseWarning(decoded.warning)] if decoded.warning else []
    meta, body, _ = split_front_matter(decoded.text, warnings)
    kind = deck_kind(meta, body)
    meta = {**header_metadata(plain_header(body)), **meta}  # "Date: 2026-11-25" under the title, as in Word or text
    if kind:
        blocks, html = deck_blocks(body, kind, markdown_renderer())
    else:
        html = render_markdown(drop_slide_front_matter(body))
        blocks = html_blocks(html)
    parts = Parts(meta=meta, blocks=blocks, raw_text=body, html=html, format="markdown")
    return ParseResult([build_document(parts, default_key=raw.default_key, defaults=raw.defaults, encoding=decoded.encoding,
                                       warnings=warnings)], warnings)


_MARKUP = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+)|\*\*|__|`")


def plain_header(body: str) -> str:
    """A Markdown file's first lines without their markup ("**Date:** 2026-11-25", "- 项目：OA系统升级"), for the
    "Field: value" lines that give a document's metadata."""
    return "\n".join(_MARKUP.sub("", line) for line in body.lstrip("\n").split("\n", 20)[:20])


_LIST_LINE = re.compile(r"^( *)([-*+]|\d{1,3}[.)])\s")
_FENCE = re.compile(r"^\s*(```|~~~)")


def widen_list_indents(text: str) -> str:
    """Nested list items indented by 2 (as GitHub and most editors write them) indented by 4, as Python-Markdown
    needs to see them nested ("* We released …\n  * No P0 issues" is one item with a sub-item); so are an item's
    continuation paragraphs ("- **为什么不能传大包?**\n\n  因 dubbo 协议…" is one item, as on GitHub). A code block
    fenced inside an item is moved to the margin, so that it stays a code block."""
    fenced = False
    dedent = 0  # a fenced block indented under a list item is moved to the margin: Python-Markdown sees no fence
    base: int | None = None  # indentation of the current list's first item
    narrow = False  # whether the current list nests by 2 (or 3) spaces rather than 4
    out: list[str] = []
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            if fenced:
                dedent = (len(line) - len(line.lstrip(" "))) if base is not None else 0
        if fenced or _FENCE.match(line):
            out.append(line[min(dedent, len(line) - len(line.lstrip(" "))):])
            continue
        m = _LIST_LINE.match(line)
        if m and _interrupts(out, m):
            out.append("")  # "…主要集中在环境配置和框架兼容性上：⏎- **问题 1**…": a list that interrupts a paragraph
        if m:
            indent = len(m.group(1))
            if base is None or indent < base:
                base, narrow = indent, False
            extra = indent - base
            # A list indented by 2 keeps that step all the way down: its third level ("    * Appreciated …" under
            # "  * Positive") is 4 deep and becomes 8, not a sibling of its parent.
            narrow = narrow or extra % 4 != 0
            if extra % 4 or narrow:
                line = " " * (base + extra * 2) + line[indent:]
        elif line.strip() and not line.startswith((" ", "\t")):
            base = None
        elif line.strip() and base is not None:
            indent = len(line) - len(line.lstrip(" "))
            extra = indent - base
            if 0 < extra < 4:
                line = " " * (base + extra * 2) + line[indent:]
        out.append(line)
    return "\n".join(out)


# A line of paragraph text: not indented, not a heading, quote, table row, HTML, fence, rule or setext underline ("**问题**："
# and "*Note*" are text).
_PARAGRAPH_LINE = re.compile(r"^(?![-*_=]{3,}\s*$)[^\s#>|<`~]")


def _interrupts(out: list[str], m: re.Match[str]) -> bool:
    """Whether a list line starts a list right under a line of paragraph text, as GitHub reads it (CommonMark: a bullet
    list, or a numbered one that starts at 1, may interrupt a paragraph); Python-Markdown needs a blank line first."""
    if not out or m.group(1) or not m.group(2)[0] in "-*+1" or m.group(2)[0] == "1" and m.group(2)[:-1] != "1":
        return False
    prev = out[-1]
    return bool(prev.strip()) and bool(_PARAGRAPH_LINE.match(prev)) and not _LIST_LINE.match(prev) \
        and not prev.rstrip().endswith("  ")


def render_markdown(text: str) -> str:
    """Markdown to HTML (not sanitised: the web UI sanitises when it shows it)."""
    return markdown_renderer()(text)


def markdown_renderer() -> Callable[[str], str]:
    """``render_markdown`` with one Python-Markdown converter, reset between texts (a deck renders slide by slide:
    building a converter costs more than most slides)."""
    converter = md.Markdown(extensions=EXTENSIONS, output_format="html")

    def render(text: str) -> str:
        try:
            return converter.reset().convert(widen_list_indents(text))
        except RecursionError:
            # Pathological nesting (thousands of '>' or list levels): keep the text, lose the structure.
            from html import escape

            return "<pre>" + escape(text) + "</pre>"

    return render
