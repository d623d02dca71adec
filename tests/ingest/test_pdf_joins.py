"""PDF lines of one paragraph or list item joined (issue 17, e-pdf9), after held 25's PDF 项目总结报告: a numbered item's
second line under its text (a hanging indent) went on as a paragraph of its own, cutting the lesson in two, when the
item's first line stopped short or the second opened with code in a smaller face; and a full line that stops
mid-sentence was cut from a next line mostly of code (a line's size is its characters' median)."""

from __future__ import annotations

import pytest

from ingest.pdf_doc import parse_pdf
from ingest.source import RawFile
from kb.models import LessonKind as K
from tests.ingest.office_files import new_pdf, pdf_bytes, pdf_line

FULL = "在调用写文件之前必须至少调用一次缩放或者尺寸方法，否则构建器会在没有任何提示的情况下直接跳过写入步骤而且"


@pytest.fixture(scope="module")
def lessons():
    pdf = new_pdf()
    pdf_line(pdf, "图片压缩工具项目总结报告", size=18, bold=True)
    pdf_line(pdf, "5.1 缩放方法没有调用导致静默失败", size=13, bold=True, gap=4)
    pdf_line(pdf, "现象：格式转换时报异常，只有一种格式转换正常，其余的格式全部失败，用户看不到任何错误提示信息。")
    pdf_line(pdf, "原因：" + FULL)
    pdf_line(pdf, "ScaleMode.NONE applyScale() builder.toFile() 为空操作。", size=9)
    pdf_line(pdf, "8.1 技术收获", size=13, bold=True, gap=4)
    pdf_line(pdf, "1. MVC 架构实操：从零搭建分层项目，理解依赖方向")
    pdf_line(pdf, "（Model←Util←Service←Controller→View）", indent=6)
    pdf_line(pdf, "2. Swing 线程模型：EDT 单线程限制 → SwingWorker +")
    pdf_line(pdf, "SwingUtilities.invokeLater() + javax.swing.Timer", size=9, indent=6)
    pdf_line(pdf, "3. Gson 向后兼容：自定义 TypeAdapter 处理枚举变更")
    doc = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="docs/项目总结报告.pdf")).documents[0]
    return [(lesson.kind, lesson.text) for lesson in doc.lessons]


def test_an_items_hanging_line_goes_on_with_it(lessons):
    texts = [text for kind, text in lessons if kind == K.LESSON]
    assert texts == ["MVC 架构实操：从零搭建分层项目，理解依赖方向（Model←Util←Service←Controller→View）",
                     "Swing 线程模型：EDT 单线程限制 → SwingWorker + SwingUtilities.invokeLater() + javax.swing.Timer",
                     "Gson 向后兼容：自定义 TypeAdapter 处理枚举变更"]


def test_a_full_line_stopping_mid_sentence_goes_on_with_a_line_of_code(lessons):
    assert (K.ROOT_CAUSE, FULL + "ScaleMode.NONE applyScale() builder.toFile() 为空操作。") in lessons


def test_a_line_the_next_word_would_have_fitted_on_ends_its_item_without_a_full_stop():
    """held 25's Start / Stop / Keep PDF lists its action items as indented lines without marks or full stops: each
    line the next one's first word would have fitted on ends its item ('…to the Trello' / 'Check off …')."""
    pdf = new_pdf()
    pdf_line(pdf, "Sprint retrospective", size=18, bold=True)
    for line in ("We met on Friday after the demo to look back at the sprint and agree on what to change before the",
                 "next one starts. Everyone took part, and the notes below were written up by the scrum master on",
                 "the same day so that nothing would be forgotten before the planning meeting on Monday morning."):
        pdf_line(pdf, line)
    pdf_line(pdf, "Action items", size=14, bold=True, gap=4)
    for line in ("Add what you are doing to the Trello board",
                 "Check off what you have done on the Trello board and tell the group about it on the team",
                 "messenger",
                 "Set daily or weekly tasks for yourself",
                 "Push regularly"):
        pdf_line(pdf, line, indent=10)
    doc = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="docs/retrospective.pdf")).documents[0]
    assert [lesson.text for lesson in doc.lessons if lesson.kind == K.ACTION_ITEM] == [
        "Add what you are doing to the Trello board",
        "Check off what you have done on the Trello board and tell the group about it on the team messenger",
        "Set daily or weekly tasks for yourself",
        "Push regularly"]


def test_a_paragraph_set_larger_than_the_body_is_text_not_headings():
    """held 25's reflections PDF sets its last section's paragraphs at 13.9 pt over a 12 pt body: each of their lines
    was a heading ('Stoyan- I will improve my professional skills, I will communicate more and achieve' / 'better
    results.'), so the plans under 'What will be improved as an individual for next semester:' were lost."""
    pdf = new_pdf()
    pdf_line(pdf, "Project evaluation", size=18, bold=True)
    for line in ("The project implementation went well. What more could have been done is to hold more frequent",
                 "team meetings, which would have increased the team's efficiency over the six weeks of the course.",
                 "Everybody knew what to do and how to do it, and the final product exceeds our expectations."):
        pdf_line(pdf, line)
    pdf_line(pdf, "What will be improved as an individual for next semester:", size=13.5, gap=6)
    pdf_line(pdf, "Stoyan- I will improve my professional skills, I will communicate more and", size=13.5, gap=2)
    pdf_line(pdf, "achieve better results.", size=13.5)
    pdf_line(pdf, "Milan- I will be more motivated, I will keep up a much better level and I will", size=13.5, gap=2)
    pdf_line(pdf, "take my exams.", size=13.5)
    doc = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="docs/evaluation.pdf")).documents[0]
    assert [(lesson.kind, lesson.text) for lesson in doc.lessons if lesson.kind == K.ACTION_ITEM] == [
        (K.ACTION_ITEM, "Stoyan- I will improve my professional skills, I will communicate more and achieve better results."),
        (K.ACTION_ITEM, "Milan- I will be more motivated, I will keep up a much better level and I will take my exams.")]


def test_a_short_bold_line_set_a_little_smaller_than_the_body_is_a_heading():
    """held 22's CS 314 retrospective PDF sets "What Went Well" in bold at 14.7 over a 16 pt body (its sub-headings
    bold at 16): read as a paragraph, it named no kind, and the went-wells under its first sub-headings were lost."""
    pdf = new_pdf()
    pdf_line(pdf, "What Went Well", size=11, bold=True)
    pdf_line(pdf, "Completion of Requirements", size=12, bold=True, gap=3)
    pdf_line(pdf, "Overall the project went well and our team completed all of the required deliverables on time.",
             size=12)
    pdf_line(pdf, "Final Deliverables", size=12, bold=True, gap=3)
    pdf_line(pdf, "The final product compiles and runs without any issues, and the code is clean and readable.",
             size=12)
    pdf_line(pdf, "What Didn't Go Well", size=11, bold=True, gap=3)
    pdf_line(pdf, "Timeline", size=12, bold=True, gap=3)
    pdf_line(pdf, "Assignment deadlines were frequently changed, which caused some confusion amongst the team.",
             size=12)
    pdf_line(pdf, "Document Format", size=12, bold=True, gap=3)
    pdf_line(pdf, "The document templates were difficult to understand and did not align with common practices.",
             size=12)
    doc = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="docs/retrospective.pdf")).documents[0]
    went_well = [lesson.text for lesson in doc.lessons if lesson.kind == K.WENT_WELL]
    assert [text.split(" — ")[-1][:30] for text in went_well] == ["Overall the project went well ",
                                                                 "The final product compiles and"]
