"""The registry of parsers, by file extension."""

from __future__ import annotations

from collections.abc import Callable

from ingest.html_doc import parse_html
from ingest.markdown_doc import parse_markdown
from ingest.register import parse_csv, parse_jsonl, parse_xlsx
from ingest.source import RawFile
from ingest.text_doc import parse_text
from kb.models import ParseResult

Parser = Callable[[RawFile], ParseResult]

# Bump when parsing changes what is stored: every file is parsed again on the next ingest.
PARSER_VERSION = "3"

PARSERS: dict[str, Parser] = {
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".html": parse_html,
    ".htm": parse_html,
    ".txt": parse_text,
    ".csv": parse_csv,
    ".tsv": parse_csv,
    ".jsonl": parse_jsonl,
    ".ndjson": parse_jsonl,
    ".xlsx": parse_xlsx,
}
