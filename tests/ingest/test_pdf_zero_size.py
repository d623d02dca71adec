"""A PDF whose text is set at font size 0 (PDFium reports 0.0 for every line) is read, not refused: the blocks
are laid out by measures in body sizes, so such lines are read at the size their spacing suggests."""

from __future__ import annotations

import re

from ingest.pdf_doc import parse_pdf
from ingest.pdf_lines import read_lines
from ingest.source import RawFile
from kb.models import LessonKind

LESSONS = [("Every scheduled job needs a named owner in the run book, with a deputy for holidays and nights, and the"
            " owner reviews its alerts every Monday morning with the team."),  # long: not a heading candidate
           "Test the rollback before the cut-over weekend, on a copy of the real data, not on the demo set."]


def _zero_size_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_compression(False)  # so that the font sizes can be rewritten in the content stream
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    pdf.cell(0, 10, "Lessons learned", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 11)
    for lesson in LESSONS:
        pdf.cell(0, 6, f"- {lesson}", new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    # The same number of bytes, so the cross-reference table stays right: 16 pt and 11 pt become 0.01 pt.
    zero = re.sub(rb"/F(\d) 1[16]\.00 Tf", lambda m: b"/F" + m.group(1) + b" 0.010 Tf", data)
    assert zero != data and len(zero) == len(data)
    return zero


def test_a_pdf_with_text_at_size_zero_is_read():
    data = _zero_size_pdf()
    pages, _ = read_lines(data)
    assert {line.size for line in pages[0]} == {0.0}  # what the reviewer saw: a body size of 0
    doc = parse_pdf(RawFile(data=data, default_key="ops/retro.pdf")).documents[0]
    assert [(lesson.kind, lesson.text) for lesson in doc.lessons] == [(LessonKind.LESSON, text) for text in LESSONS]
