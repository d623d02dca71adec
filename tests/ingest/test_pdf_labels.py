"""'Label:' paragraphs in PDFs (issue 17, e-pdf9): a paragraph that opens with a label naming a kind ("What worked:",
"What did not work:", "Lesson:", "经验：", "心得：") is a lesson of that kind, without the label. After held 25's
three-paragraph game retrospective PDF, whose 'What worked:' and 'What did not work:' paragraphs gave nothing."""

from __future__ import annotations

import pytest

from ingest.pdf_doc import parse_pdf
from ingest.source import RawFile
from kb.models import LessonKind as K
from tests.ingest.office_files import new_pdf, pdf_bytes, pdf_line


@pytest.fixture(scope="module")
def lessons():
    pdf = new_pdf()
    pdf_line(pdf, "Dungeon Escape", size=18, bold=True)
    pdf_line(pdf, "What worked: We were very proud of making the game a hybrid of logic, memory and quick", gap=4)
    pdf_line(pdf, "thinking. The first idea was a plain chase game.")
    pdf_line(pdf, "What did not work: We tried to let only doors with a room behind them open, and ran out of", gap=4)
    pdf_line(pdf, "time before it worked.")
    pdf_line(pdf, "Lesson: agree on the level format before two people build levels at once.", gap=4)
    pdf_line(pdf, "经验：接口文档要在开发前评审，不能边写边改。", gap=4)
    pdf_line(pdf, "心得：每天合并一次主干，冲突就小得多。", gap=4)
    doc = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="docs/retrospective.pdf")).documents[0]
    return [(lesson.kind, lesson.text) for lesson in doc.lessons]


def test_label_paragraphs_are_lessons_of_the_kind_they_name(lessons):
    assert lessons == [
        (K.WENT_WELL, ("We were very proud of making the game a hybrid of logic, memory and quick thinking. "
                       "The first idea was a plain chase game.")),
        (K.WENT_WRONG, "We tried to let only doors with a room behind them open, and ran out of time before it worked."),
        (K.LESSON, "agree on the level format before two people build levels at once."),
        (K.LESSON, "接口文档要在开发前评审，不能边写边改。"),
        (K.LESSON, "每天合并一次主干，冲突就小得多。"),
    ]
