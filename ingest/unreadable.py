"""Why a file could not be read, in plain words: the parser's message names a library's exception ("not a readable
.docx document (BadZipFile: File is not a zip file)"), which tells a reader nothing; these say what is wrong with
the file and what to do. One wording for the upload's page (web/file_messages.py) and the CLI (``kb ingest``,
``kb errors``), each saying how the mended file comes back ("upload that", "ingest that")."""

from __future__ import annotations

import functools
import re

# key (web/file_messages.FILE_ERRORS) -> (the parser's message, with {values}; the plain words, {again} the way back)
UNREADABLE: dict[str, tuple[str, str]] = {
    "err_file_docx": ("not a readable .docx document ({detail})",
                      ("not a readable .docx document: the file is damaged, or is not a Word document; open it in Word, "
                       "save it again as .docx and {again}")),
    "err_file_pptx": ("not a readable .pptx presentation ({detail})",
                      ("not a readable .pptx presentation: the file is damaged, or is not a PowerPoint file; open it in "
                       "PowerPoint, save it again as .pptx and {again}")),
    "err_file_xlsx": ("not a readable .xlsx workbook ({detail})",
                      ("not a readable .xlsx workbook: the file is damaged, or is not an Excel file; open it in Excel, "
                       "save it again as .xlsx and {again}")),
    "err_file_pdf": ("not a readable PDF ({detail})",
                     "not a readable PDF: the file is damaged, or is not a PDF; export it as PDF again and {again}"),
    "err_file_zip": ("not a readable {kind} ({detail})",
                     "not a readable {kind}: the file is damaged; save it again and {again}"),
    "err_file_encrypted_part": ("the {kind} cannot be read ({detail})",
                                "the {kind} cannot be read: part of it is encrypted; save a copy without encryption"),
    "err_file_unparsable": ("the file cannot be parsed ({detail})",
                            "the file cannot be read; save it again, or as Word, PDF or Markdown, and {again}"),
}


@functools.lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """Each parser's message as a pattern, the one with the most fixed text first (a .docx's before any zip's)."""
    out = []
    for key, (technical, _) in UNREADABLE.items():
        parts = re.split(r"\{(\w+)\}", technical)
        source = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.*?)" for i, p in enumerate(parts))
        out.append((sum(len(p) for p in parts[::2]), re.compile(f"^{source}$", re.DOTALL), key))
    return [(pattern, key) for _, pattern, key in sorted(out, key=lambda item: -item[0])]


def plain_reason(message: str, again: str) -> str:
    """A parser's message about a file it could not read in plain words (``again``: how the mended file comes back,
    "upload that", "ingest that"); any other message as it was.

    >>> plain_reason("not a readable PDF (Data format error)", "ingest that")
    'not a readable PDF: the file is damaged, or is not a PDF; export it as PDF again and ingest that'
    """
    for pattern, key in _patterns():
        found = pattern.match(message)
        if found:
            return UNREADABLE[key][1].format(**{**found.groupdict(), "again": again})
    return message


__all__ = ["UNREADABLE", "plain_reason"]
