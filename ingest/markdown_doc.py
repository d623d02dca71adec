"""Markdown files (.md, .markdown) with optional YAML front matter."""

from __future__ import annotations

import markdown as md

from ingest.blocks import html_blocks
from ingest.document import Parts, build_document
from ingest.frontmatter import split_front_matter
from ingest.source import RawFile
from kb.models import ParseResult, ParseWarning

EXTENSIONS = ["tables", "fenced_code", "sane_lists", "def_list"]


def parse_markdown(raw: RawFile) -> ParseResult:
    """Parse a Markdown file: front matter for metadata, the rendered HTML for structure."""
    decoded = raw.decode()
    warnings = [ParseWarning(decoded.warning)] if decoded.warning else []
    meta, body, _ = split_front_matter(decoded.text)
    html = render_markdown(body)
    parts = Parts(meta=meta, blocks=html_blocks(html), raw_text=body, html=html, format="markdown")
    return ParseResult([build_document(parts, default_key=raw.default_key, defaults=raw.defaults, encoding=decoded.encoding,
                                       warnings=warnings)], warnings)


def render_markdown(text: str) -> str:
    """Markdown to HTML (not sanitised: the web UI sanitises when it shows it)."""
    try:
        return md.markdown(text, extensions=EXTENSIONS, output_format="html")
    except RecursionError:
        # Pathological nesting (thousands of '>' or list levels): keep the text, lose the structure.
        from html import escape

        return "<pre>" + escape(text) + "</pre>"
