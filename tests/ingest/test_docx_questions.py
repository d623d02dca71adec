"""Questions over their answers in Word (issue 17, e-pdf9): a retrospective form's questions written as plain
paragraphs over 'List Paragraph' bullets, or as list items over answer paragraphs, head their answers, which are
lessons of the kind the question names. After held 25's sprint retrospective ("What you did well?", "What you did not
do well?", "What will you do differently next time to improve the performance of the team?": nothing was extracted)
and its question-bullet post-mortem ("- What went wrong?" over a paragraph, missed)."""

from __future__ import annotations

from ingest.docx_doc import parse_docx
from ingest.source import RawFile
from kb.models import LessonKind as K
from tests.ingest.office_files import docx_bytes, new_docx


def _parsed(document):
    return parse_docx(RawFile(data=docx_bytes(document), default_key="docs/sprint1-retrospective.docx")).documents[0]


def _lessons(document) -> list[tuple[K, str]]:
    return [(lesson.kind, lesson.text) for lesson in _parsed(document).lessons]


def test_plain_questions_over_list_paragraphs_give_their_kinds():
    document = new_docx()
    document.add_paragraph("Sprint 1 Retrospective", style="Title")
    document.add_paragraph("What you did well?")
    document.add_paragraph("Worked well together as a team and hit the due dates we agreed on.", style="List Paragraph")
    document.add_paragraph("Prepared for the workshop by reading the material beforehand.", style="List Paragraph")
    document.add_paragraph("What you did not do well?")
    document.add_paragraph("Attendance dropped because of work commitments.", style="List Paragraph")
    document.add_paragraph("What will you do differently next time to improve the performance of the team?")
    document.add_paragraph("Set a structured meeting in advance so that everyone can attend.", style="List Paragraph")
    assert _lessons(document) == [
        (K.WENT_WELL, "Worked well together as a team and hit the due dates we agreed on."),
        (K.WENT_WELL, "Prepared for the workshop by reading the material beforehand."),
        (K.WENT_WRONG, "Attendance dropped because of work commitments."),
        (K.RECOMMENDATION, "Set a structured meeting in advance so that everyone can attend."),
    ]


def test_question_items_over_answer_paragraphs_give_their_kinds():
    document = new_docx()
    document.add_paragraph("Post-mortem", style="Title")
    document.add_paragraph("How long did it take?", style="List Bullet")
    document.add_paragraph("Maybe 8-10 hours total?")
    document.add_paragraph("What went wrong?", style="List Bullet")
    document.add_paragraph("Things got messy with the mixed data types, and the UI took longer than planned.")
    document.add_paragraph("What would you do differently next time?", style="List Bullet")
    document.add_paragraph("I would sketch the UI on paper before building it.")
    got = _lessons(document)
    assert (K.WENT_WRONG, "Things got messy with the mixed data types, and the UI took longer than planned.") in got
    assert (K.RECOMMENDATION, "I would sketch the UI on paper before building it.") in got
    assert not any("8-10 hours" in text for _, text in got)  # a question that names no kind heads nothing


def test_a_numbered_problem_line_over_its_fix_is_one_lesson_not_a_heading():
    """held 25's Word 项目总结文档 numbers its problems as Heading 3 paragraphs ("2.1.1问题：…") over a "解决：…" line: the
    problem was a heading and only its fix was kept, as a recommendation."""
    document = new_docx()
    document.add_paragraph("项目总结", style="Heading 1")
    document.add_paragraph("2.1关于代码", style="Heading 2")
    document.add_paragraph("2.1.1问题：数据库sql语句中日期类型数据不知道怎么转换格式", style="Heading 3")
    document.add_paragraph("解决：百度搜索发现可以使用convert()处理时间数据")
    document.add_paragraph("2.1.2问题：开发文件有大量无用的配置类文件使得体积太大")  # numbered as text, Normal style
    document.add_paragraph("解决：编写了gitignore忽略那些无用文件")
    assert _lessons(document) == [(K.WENT_WRONG, "问题：数据库sql语句中日期类型数据不知道怎么转换格式"),
                                  (K.WENT_WRONG, "问题：开发文件有大量无用的配置类文件使得体积太大")]
    assert [lesson.recommendation for lesson in _parsed(document).lessons] == [
        "解决：百度搜索发现可以使用convert()处理时间数据", "解决：编写了gitignore忽略那些无用文件"]
