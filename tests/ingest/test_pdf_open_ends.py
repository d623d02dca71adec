"""A PDF line that stops on a word in mid-sentence and a next line that opens in lower case are one sentence, however
short the first line is (e-gen25en; slides and board cards wrap their text in narrow boxes). Files made here from
excerpts of the seen documents named in each test; none of those files is stored here."""

from __future__ import annotations

from ingest.pdf_doc import parse_pdf
from ingest.source import RawFile
from kb.models import LessonKind as K
from tests.ingest.office_files import new_pdf, pdf_bytes, pdf_line

_WIDE = ("The incident response plan was reviewed by the whole team after the meeting, and every member agreed on the "
         "owners.")


def _pdf_lessons(pdf, key: str) -> list[tuple[K, str]]:
    doc = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key=key)).documents[0]
    return [(lesson.kind, lesson.text) for lesson in doc.lessons]


def test_a_slide_line_that_stops_mid_sentence_goes_on_with_the_next():
    """held 43's post-incident review deck (k-sophia/Clicked-Sprint-Incident-Response-and-Review, PDF): under "What Went
    Well", "Good communication between" / "different teams involved in the incident" / "response process" were three
    lessons, because the next line's first word would have fitted on the short line before it."""
    document = new_pdf()
    pdf_line(document, "Post-Incident Review", size=18, bold=True)
    pdf_line(document, _WIDE)
    pdf_line(document, "What Went Well", size=14, bold=True, gap=6)
    pdf_line(document, "Quickly identified suspicious activity")
    pdf_line(document, "indicating an incident")
    pdf_line(document, "Good communication between", gap=6)
    pdf_line(document, "different teams involved in the incident")
    pdf_line(document, "response process")
    pdf_line(document, "Being able to continue business operations and resilience", gap=6)
    assert _pdf_lessons(document, "Post-Incident Review.pdf") == [
        (K.WENT_WELL, "Quickly identified suspicious activity indicating an incident"),
        (K.WENT_WELL, "Good communication between different teams involved in the incident response process"),
        (K.WENT_WELL, "Being able to continue business operations and resilience")]


def test_a_line_that_ends_a_sentence_or_a_label_still_ends_its_paragraph():
    """The rule reads only a line that stops on a letter: "…has not been signed off." then a line in lower case, or a
    label "Outputs:" over its text, are not run together (held 39's TechLauncher audit reflection, ch4ser/21-S1-2-C-Cinema,
    whose action items are wrapped in a table's narrow column)."""
    document = new_pdf()
    pdf_line(document, "Action items", size=18, bold=True)
    pdf_line(document, _WIDE)
    pdf_line(document, "Presentation skills can be", gap=6)
    pdf_line(document, "improved. Especially")
    pdf_line(document, "length and fluence.")
    pdf_line(document, "Updated SoW has not been signed off.", gap=6)
    pdf_line(document, "needing to introduce a method to track the progress.")
    lessons = [text for _, text in _pdf_lessons(document, "Reflection.pdf")]
    assert "Presentation skills can be improved. Especially length and fluence." in lessons
    assert "Updated SoW has not been signed off." in lessons
