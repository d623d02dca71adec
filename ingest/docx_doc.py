"""Word files (.docx): headings, lists, tables and document properties, read with python-docx.

python-docx opens the package; the body's XML is walked by our own modules, so that what Word shows is what is
read (``ingest.docx_body``: paragraphs, ``docx_tables``, ``docx_styles``: styles and numbering, ``docx_text``: a
paragraph's shown text, ``docx_properties``: the core properties):
- headings: paragraph styles named ``Heading N`` / ``标题 N`` (by name, by style id, or by the outline level a
  style or paragraph sets, as Chinese Word and WPS write them), the ``Title`` style, numbered headings typed as
  text (第一章, 一、, （一）, 1.1), and short paragraphs that are bold throughout;
- list items with their level (``w:numPr``/``w:ilvl``, on the paragraph or its style);
- tables: a register-like header makes lessons of each row (``ingest.tables``); other tables are rows of text,
  except a box of one column and a form's row of one cell (spanning, merged, or its other cells empty): text;
- tracked deletions (``w:del``, ``w:moveFrom``) and comments are not content; insertions are;
- a text box's paragraphs (``w:txbxContent``: a cover's names, a diagram's labels) follow the paragraph it is drawn
  in, as notes (section text, never lessons), read once (the Choice of ``mc:AlternateContent``, not its Fallback);
  a table's cells are read inside content controls (``w:sdt``) too;
- headers and footers are running text, the same on every page, and not read (``benchmarks/reader_coverage.py``:
  on the seen splits' 168 Word files they are 181 of 212,000 words);
- a table of contents, captions, a form's field lines and empty fields are notes, never lessons; what the layout says
  beyond the styles (sections numbered with list numbering, a cover, questions over answers) is read in
  ``ingest.docx_layout``.
Document properties give the title, authors, date, keywords (tags) and category (type).

Why python-docx rather than mammoth (docx -> HTML -> the HTML path): on one document written as Chinese Word
writes it (``benchmarks/office_readers.py``), mammoth 1.13 found 2 of its 9 headings (it maps English style names
only, so ``标题 1``, outline-level styles, numbered and bold headings became paragraphs) and none of its 2
second-level list items; this walker found all of them. Neither let deleted or comment text through.
"""

from __future__ import annotations

import io
from typing import Any

from ingest.archive import archive_cap, check_archive
from ingest.document import Parts, build_document
from ingest.docx_body import _BodyWalker
from ingest.docx_layout import read_layout
from ingest.docx_properties import package_metadata
from ingest.docx_styles import _bullet_lists, _Styles
from ingest.legacy import check_not_ole
from ingest.source import RawFile
from ingest.tables import blocks_html
from ingest.text_doc import header_metadata
from kb.errors import IngestError
from kb.models import ParseResult


def parse_docx(raw: RawFile) -> ParseResult:
    """Parse a Word document into blocks, then a document (see the module docstring)."""
    document = open_docx(raw)
    styles = _Styles(document.styles.element)
    walker = _BodyWalker(styles, _bullet_lists(document))
    blocks = read_layout(walker.walk(document.element.body), walker.numbered)
    # What the first lines say ("日期：2024-06-28") is the document's own word; properties fill the rest.
    meta = {**package_metadata(document), **header_metadata("\n".join(walker.first_lines))}
    parts = Parts(meta=meta, blocks=blocks, raw_text="\n".join(b.text for b in blocks), html=blocks_html(blocks),
                  format="docx")
    return ParseResult([build_document(parts, default_key=raw.default_key, defaults=raw.defaults, encoding=None,
                                       warnings=[])], [])


def open_docx(raw: RawFile) -> Any:
    """The python-docx Document of a file, after the zip checks; IngestError if it is not a readable .docx."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_not_ole(raw, ".docx")
    check_archive(raw.data, max_bytes=archive_cap(raw.max_file_mb), kind=".docx document")
    try:
        return docx.Document(io.BytesIO(raw.data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise IngestError(f"not a readable .docx document ({type(exc).__name__}: {str(exc)[:80]})") from None
    except Exception as exc:  # noqa: BLE001 (lxml's XMLSyntaxError and others: a broken part)
        raise IngestError(f"not a readable .docx document ({type(exc).__name__}: {str(exc)[:80]})") from None
