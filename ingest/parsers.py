"""The registry of parsers, by file extension."""

from __future__ import annotations

from ingest.docx_doc import parse_docx
from ingest.html_doc import parse_html
from ingest.legacy import parse_legacy
from ingest.markdown_doc import parse_markdown
from ingest.mhtml_doc import parse_mhtml
from ingest.pdf_doc import parse_pdf
from ingest.pptx_doc import parse_pptx
from ingest.register import parse_csv, parse_jsonl, parse_xlsx
from ingest.sniff import Parser, misnamed, parse_untyped
from ingest.text_doc import parse_text

# Bumped in kb/parser_version.py when parsing changes what is stored: every file is parsed again on the next ingest.
from kb.parser_version import PARSER_VERSION  # noqa: F401 (where the parsers are: kb.parser_version keeps it for kb check, without importing them)

PARSERS: dict[str, Parser] = {
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".html": parse_html,
    ".htm": parse_html,
    ".mht": parse_mhtml,  # a web page archive: its page read as HTML
    ".mhtml": parse_mhtml,
    ".txt": parse_text,
    ".csv": parse_csv,
    ".tsv": parse_csv,
    ".jsonl": parse_jsonl,
    ".ndjson": parse_jsonl,
    ".xlsx": parse_xlsx,
    ".docx": parse_docx,
    ".pptx": parse_pptx,
    ".pdf": parse_pdf,
    ".doc": parse_legacy(".doc"),
    ".ppt": parse_legacy(".ppt"),
    ".xls": parse_legacy(".xls"),
    "": parse_untyped,  # no extension: the content decides (ingest.sniff)
}
# A binary format's name on a file that holds another kind (a text file renamed .docx): read as what it is.
for _suffix in (".xlsx", ".docx", ".pptx", ".pdf", ".doc", ".ppt", ".xls"):
    PARSERS[_suffix] = misnamed(_suffix, PARSERS[_suffix])
