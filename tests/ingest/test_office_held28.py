"""held 28's Word, PowerPoint and PDF error classes (issue 17, e-office11), each with a file made here from an excerpt
of the held 28 document it comes from (quoted with its source; none of those files is stored here)."""

from __future__ import annotations

import pytest

from ingest.docx_doc import parse_docx
from ingest.pdf_doc import parse_pdf
from ingest.source import RawFile
from kb.models import LessonKind as K
from tests.ingest.office_files import add_table, docx_bytes, new_docx, new_pdf, pdf_bytes, pdf_line


def _pdf_lessons(pdf, key: str) -> list[tuple[K, str]]:
    doc = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key=key)).documents[0]
    return [(lesson.kind, lesson.text) for lesson in doc.lessons]


def _heading_at(pdf, y: float, text: str, size: float) -> None:
    """A heading written after the text below it (the content stream goes back up the page)."""
    pdf.set_y(y)
    pdf_line(pdf, text, size=size, bold=True)


def test_headings_written_after_the_body_are_read_where_they_stand():
    """SjorsVanGelderen/Stacks Postmortem.pdf: the text layer gives each page's body first and its title and headings
    (Architecture, Challenges) after it, so the challenges fell under the heading of the page before and nothing of
    them was a lesson."""
    document = new_pdf()
    top = document.get_y()
    document.set_y(top + 30)
    pdf_line(document, "The main Unity project. Contains all assets and plugins.")
    pdf_line(document, "This is where the interface and visual environment are set up.")
    document.set_y(top + 60)
    pdf_line(document, "There is a distinct lack of documentation and support for combining F# with Unity.")
    pdf_line(document, "This is a very tedious process.", gap=10)
    _heading_at(document, top, "Stacks Postmortem", 24)
    _heading_at(document, top + 18, "Architecture", 18)
    _heading_at(document, top + 48, "Challenges", 18)
    assert _pdf_lessons(document, "Postmortem.pdf") == [
        (K.WENT_WRONG, "There is a distinct lack of documentation and support for combining F# with Unity."),
        (K.WENT_WRONG, "This is a very tedious process.")]


def test_a_column_read_after_the_one_beside_it_stays_after_it():
    """A two-column contents or page (held 27's CNN 结题报告 lists '3.1 Qt 使用框架' … beside '0. 摘要' …): the text layer
    gives the left column, then goes back up for the right one, which has no line of its own column below it and so
    stays where it is, not interleaved line by line with the left."""
    document = new_pdf()
    top = document.get_y()
    pdf_line(document, "What went well")
    for line in ("Good communication in the team.", "We shipped on time."):
        pdf_line(document, line)
    document.set_y(top)
    for line in ("What went wrong", "The tests ran late.", "Too many meetings."):
        document.set_x(document.l_margin + 100)
        document.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    doc = parse_pdf(RawFile(data=pdf_bytes(document), default_key="retro.pdf")).documents[0]
    assert doc.raw_text.index("We shipped on time.") < doc.raw_text.index("What went wrong")


def test_a_line_ending_on_a_comma_goes_on_with_the_next():
    """Stacks Postmortem.pdf sets a clause a line: "Since direct manipulation of the logic is not supposed to happen,"
    then "the C# script calls functions …" was two lessons, each half a sentence, because the next line's first word
    would have fitted on the short line before it."""
    document = new_pdf()
    pdf_line(document, "Challenges", size=18, bold=True)
    pdf_line(document, "Since direct manipulation of the logic is not supposed to happen,")
    pdf_line(document, "the C# script calls functions from the F# project that queue data in lists.")
    pdf_line(document, "When the logic is ready, it can import data from these lists and subsequently clear them.")
    pdf_line(document, "This is an awkward mode of communication that still isn’t really safe.", gap=10)
    assert _pdf_lessons(document, "Postmortem.pdf") == [
        (K.WENT_WRONG, ("Since direct manipulation of the logic is not supposed to happen, the C# script calls functions "
                        "from the F# project that queue data in lists.")),
        (K.WENT_WRONG, "When the logic is ready, it can import data from these lists and subsequently clear them."),
        (K.WENT_WRONG, "This is an awkward mode of communication that still isn’t really safe.")]


def test_a_problem_table_gives_the_problem_as_the_lesson_and_its_solution_as_the_recommendation():
    """A course team's 项目总结报告 (held 28), '7 项目遇到的问题与解决': a 问题 | 解决方案 table whose solution cells are long.
    Each row was one lesson '问题 — 解决方案：…', in which the problem was too small a part to be found (two of eight)."""
    document = new_docx()
    document.add_heading("7 项目遇到的问题与解决", 1)
    add_table(document, [["问题", "解决方案"],
                         ["MySQL 中文乱码", ("连接串加 useUnicode+characterEncoding=utf8mb4+utf8mb4_unicode_ci；HikariCP "
                                         "initSql SET NAMES utf8mb4")],
                         ["商品图片裂图", "用户后端静态资源映射 F:/temp/image/，配合 application.yml；打包时把图片目录拷进去"]])
    doc = parse_docx(RawFile(data=docx_bytes(document), default_key="项目总结报告.docx")).documents[0]
    assert [(lesson.kind, lesson.text, lesson.recommendation) for lesson in doc.lessons] == [
        (K.WENT_WRONG, "MySQL 中文乱码",
         "连接串加 useUnicode+characterEncoding=utf8mb4+utf8mb4_unicode_ci；HikariCP initSql SET NAMES utf8mb4"),
        (K.WENT_WRONG, "商品图片裂图", "用户后端静态资源映射 F:/temp/image/，配合 application.yml；打包时把图片目录拷进去")]


def test_sections_numbered_with_a_chinese_numeral_and_a_space_are_headings_of_their_kind():
    """The machine-learning practice report (held 28, Word): Normal lines '一 介绍' … '四 可以改进的地方', numbered with a
    space instead of '、', over numbered Normal lines. They were paragraphs, so the shortcomings under '四 可以改进的地方'
    were missed while the heading '三 遇到的问题以及解决方法' itself was stored as a lesson."""
    document = new_docx()
    document.add_paragraph("机器学习第三次实践心得体会")
    document.add_paragraph("一 介绍")
    document.add_paragraph("本次机器学习实践是随机森林，共有7个文件，其中train(树叶分类器数据集）是本次使用的训练集。")
    document.add_paragraph("二 结果")
    document.add_paragraph("随机森林在训练集上的准确率：")
    document.add_paragraph("三 遇到的问题以及解决方法")
    document.add_paragraph("四 可以改进的地方")
    document.add_paragraph("1.本次完成的决策树算法没有进行剪枝。")
    document.add_paragraph("2.没有画出决策树。")
    doc = parse_docx(RawFile(data=docx_bytes(document), default_key="实践心得.docx")).documents[0]
    assert [section.heading for section in doc.sections if section.heading[:1] in "一二三四"] == [
        "一 介绍", "二 结果", "三 遇到的问题以及解决方法", "四 可以改进的地方"]
    assert [(lesson.kind, lesson.text) for lesson in doc.lessons] == [
        (K.WENT_WRONG, "1.本次完成的决策树算法没有进行剪枝。"), (K.WENT_WRONG, "2.没有画出决策树。")]


@pytest.mark.parametrize("numbers", [["一", "三"], ["二", "三"]])
def test_lines_that_do_not_count_one_two_three_stay_paragraphs(numbers):
    """Only lines whose numerals count 一, 二, 三 … in order are the document's sections."""
    document = new_docx()
    for number, name in zip(numbers, ["介绍", "结果"], strict=True):
        document.add_paragraph(f"{number} {name}")
        document.add_paragraph("本次机器学习实践是随机森林，共有7个文件。")
    doc = parse_docx(RawFile(data=docx_bytes(document), default_key="实践心得.docx")).documents[0]
    assert not any(section.heading[:1] in "一二三" for section in doc.sections)
