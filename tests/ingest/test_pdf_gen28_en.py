"""What a PDF's text layer hides (e-gen28en): zero-width spaces written between every word, and a first list level
set left of the body's edge. Files made here from excerpts of the seen documents named in each test; none of those
files is stored here."""

from __future__ import annotations

import pytest

from ingest.pdf_blocks import lines_to_blocks
from ingest.pdf_doc import parse_pdf
from ingest.pdf_lines import read_lines
from ingest.source import RawFile
from kb.models import LessonKind as K
from tests.ingest.office_files import new_pdf, pdf_bytes, pdf_line

_Z = "\u200b"


def _spaced(text: str) -> str:
    """Text as Google Docs' PDF export writes it: a zero-width space on each side of every space."""
    return text.replace(" ", f"{_Z} {_Z}")


def _zero_width_pdf(lines: list[tuple[str, int, int, int]]) -> bytes:
    """A one-page PDF in Helvetica whose lines (text, size, left, baseline) keep their zero-width spaces in the text
    layer, as Google Docs' export does: each is written as the code 0x01, which the font's ToUnicode map reads as
    U+200B (fpdf2 drops a character its font has no glyph for)."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /ZW def "
            b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <01> <200B> endbfchar "
            b"1 beginbfrange <20> <7E> <0020> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end")
    shown = []
    for text, size, left, baseline in lines:
        raw = text.replace(_Z, "\x01").encode("latin-1").replace(b"(", b"\\(").replace(b")", b"\\)")
        shown.append(b"BT /F1 %d Tf %d %d Td (%s) Tj ET" % (size, left, baseline, raw))
    content = b"\n".join(shown)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
                b"/Contents 5 0 R >>"),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap)]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture(scope="module")
def summarizer() -> bytes:
    """held 48's text summarizer sprint retrospective (simplif-ai/Project-Documents, PDF): every word parted by
    zero-width spaces, so "1. What went well?" named no kind and its paragraph was no lesson."""
    return _zero_width_pdf([
        (_spaced("CS 307 Team 3 - Sprint 1 Retrospective"), 18, 175, 720),
        (_spaced("1. What went well?"), 14, 91, 680),
        (_spaced("Overall as a team, we were very successful with functionality coming together. Our NLP"), 12, 72, 655),
        (_spaced("algorithm was extremely functional and we overcame many obstacles and challenges along"), 12, 72, 638),
        (_spaced("the way."), 12, 72, 621),
        (_spaced("2. What did not go well?"), 14, 91, 590),
        (_spaced("Early on we realized how much time is spent coordinating between different aspects of"), 12, 72, 565),
        (_spaced("the application. This extra time was not anticipated."), 12, 72, 548)])


def test_zero_width_spaces_are_not_read_as_text(summarizer):
    pages, _ = read_lines(summarizer)
    texts = [line.text for line in pages[0]]
    assert "1. What went well?" in texts
    assert not any(_Z in text for text in texts)


def test_a_retrospective_parted_by_zero_width_spaces_has_its_lessons(summarizer):
    doc = parse_pdf(RawFile(data=summarizer, default_key="Sprint 1 Retrospective.pdf")).documents[0]
    assert [lesson.kind for lesson in doc.lessons] == [K.WENT_WELL, K.WENT_WRONG]
    assert doc.lessons[0].text.startswith("Overall as a team, we were very successful")


def test_a_first_list_level_left_of_the_body_edge_holds_the_points_under_it():
    """held 48's enzyme stability post-mortem (BAHMLE/Rivka-Final-Project, PDF): lists alone, "• Successes" at 91 pt
    and its "o" points at 127 pt, the most common left edge, taken for the body's; both were read as the first level, so
    no point stood under "Successes" and nothing was extracted."""
    document = new_pdf()
    pdf_line(document, "Team 4 - An Army of One")
    pdf_line(document, "Post Mortem", bold=True)
    # (mark, indent in mm, text): the marks' edges as in the file, 91, 127, 163 and 199 pt
    for mark, indent, text in [
            ("\u2022", 7, "Successes"), ("o", 19, "Utilized lightweight processes"),
            ("o", 19, "Able to incorporate protein structure information"),
            ("\u2022", 7, "Challenges"), ("o", 19, "Training data wasn't clean, highly skew, varying precision"),
            ("o", 19, "Kaggle data not similar to training data"),
            ("\u2022", 7, "Future Updates"), ("o", 19, "Data"),
            ("\u25aa", 32, "Over/under sample to reduce pH bias"), ("\u25aa", 32, "Look into standardizing stability scores by source/lab"),
            ("\u25aa", 32, "Consider supplemental data sources"), ("o", 19, "Model"), ("\u25aa", 32, "General"),
            ("\u2022", 45, "Look into expanded use of biopython and similar packages"),
            ("\u2022", 45, "Examine skip-gram sequences/longer amino acid sequences"), ("\u2022", 45, "Try other models (e.g. neural networks)"), ("\u2022", 45, "Model pruning"),
            ("\u2022", 45, "Tune hyperparameters"), ("\u25aa", 32, "Kaggle results"),
            ("\u2022", 45, "Examine features in the baseline/wildtype sample"), ("\u2022", 45, "Focus model on most similar sequences"),
            ("\u2022", 7, "Lessons learned"), ("o", 19, "Business use case must align closely to training data"),
            ("o", 19, "Use of external models/data can improve performance")]:
        pdf_line(document, f"{mark} {text}", indent=indent)
    doc = parse_pdf(RawFile(data=pdf_bytes(document), default_key="Post Mortem.pdf")).documents[0]
    assert [(lesson.kind, lesson.text) for lesson in doc.lessons] == [
        (K.WENT_WELL, "Utilized lightweight processes"),
        (K.WENT_WELL, "Able to incorporate protein structure information"),
        (K.WENT_WRONG, "Training data wasn't clean, highly skew, varying precision"),
        (K.WENT_WRONG, "Kaggle data not similar to training data"),
        (K.LESSON, "Business use case must align closely to training data"),
        (K.LESSON, "Use of external models/data can improve performance")]


def test_a_numbered_line_in_the_margin_does_not_move_the_list_levels():
    """held 44's game engine reflection (HNoodles/Game, PDF): "4. Event management system" set bold left of the body,
    its "a) For manager, …" points at the body's edge. A number in the margin is a section's: counting the levels from it
    put the points under the section's line, and joined them into one lesson (2 matched lessons lost)."""
    document = new_pdf()
    pdf_line(document, "Engine reuse reflection", size=16, bold=True, indent=50)
    pdf_line(document, "Student 200333470", indent=60)
    pdf_line(document, "4. Event management system", bold=True, gap=4)
    pdf_line(document, "This subsystem can be divided into events, handler and manager, each of which was", indent=6)
    pdf_line(document, "written for the first game and moved to the second one with few changes.", indent=6)
    pdf_line(document, "a) For manager, I'm using GVTs and queues to manage events, which turns out to be a", indent=6)
    pdf_line(document, "quite good way to implement a manager.", indent=11)
    pdf_line(document, "b) For handler, I have to modify the switch-case block manually for every new", indent=6)
    pdf_line(document, "event type, which is the bad point of a giant handler.", indent=11)
    pages, _ = read_lines(pdf_bytes(document))
    items = [(block.level, block.text[:12]) for block in lines_to_blocks(pages[0]) if block.kind == "item"]
    assert items == [(1, "Event manage"), (1, "For manager,"), (1, "For handler,")]
