"""PowerPoint files made here with python-pptx: slide titles, bullet levels, tables, speaker notes, properties."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from pptx import Presentation
from pptx.util import Inches

from ingest.pptx_doc import parse_pptx
from ingest.source import RawFile
from kb.errors import IngestError
from kb.models import DocType, Language, LessonKind
from tests.ingest.office_files import pptx_bytes

K = LessonKind


def bullets(slide, items: list[tuple[int, str]]) -> None:
    frame = slide.placeholders[1].text_frame
    for number, (level, text) in enumerate(items):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.level = level


def table(slide, rows: list[list[str]], top: float = 2.0) -> None:
    shape = slide.shapes.add_table(len(rows), len(rows[0]), Inches(0.5), Inches(top), Inches(9), Inches(1.5))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            shape.table.cell(r, c).text = value


@pytest.fixture(scope="module")
def zh_deck():
    prs = Presentation()
    prs.core_properties.title = "MES二期上线复盘"
    prs.core_properties.author = "陈静"
    prs.core_properties.created = datetime(2025, 9, 30)
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = "MES二期上线复盘"
    slide.placeholders[1].text = "制造运营部 · 2025年9月"
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "做得好的地方"
    bullets(slide, [(0, "切换演练做了三轮"), (1, "每轮都有书面复核"), (0, "车间班组长提前两周培训")])
    slide.notes_slide.notes_text_frame.text = "这里感谢一下设备科的同事。"
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # title only: a table below it
    slide.shapes.title.text = "问题与改进"
    table(slide, [["问题", "根本原因", "改进措施", "负责人"],
                  ["条码枪与新系统不兼容", "选型时未做现场测试", "选型阶段加入现场测试", "刘洋"]])
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "上线时间线"
    table(slide, [["日期", "事项"], ["9月1日", "冻结需求"]])
    box = slide.shapes.add_textbox(Inches(0.5), Inches(5), Inches(9), Inches(1))
    box.text_frame.text = "详见附件。"
    return parse_pptx(RawFile(data=pptx_bytes(prs), default_key="mes/retro.pptx")).documents[0]


def test_slide_titles_are_headings(zh_deck):
    assert [(s.level, s.heading) for s in zh_deck.sections] == [
        (1, "MES二期上线复盘"), (2, "做得好的地方"), (2, "问题与改进"), (2, "上线时间线")]


def test_bullet_levels_are_items_and_sub_bullets_stay_with_their_parent(zh_deck):
    assert zh_deck.sections[1].text.startswith("- 切换演练做了三轮\n  - 每轮都有书面复核\n- 车间班组长提前两周培训")
    assert [(lesson.kind, lesson.text) for lesson in zh_deck.lessons if lesson.section_index == 1] == [
        (K.WENT_WELL, "切换演练做了三轮；每轮都有书面复核"), (K.WENT_WELL, "车间班组长提前两周培训")]


def test_speaker_notes_stay_with_their_slide_but_are_no_lesson(zh_deck):
    assert zh_deck.sections[1].text.endswith("这里感谢一下设备科的同事。")
    assert not [lesson for lesson in zh_deck.lessons if "设备科" in lesson.text]


def test_tables_as_in_word(zh_deck):
    assert [(lesson.kind, lesson.text) for lesson in zh_deck.lessons if lesson.section_index == 2] == [
        (K.WENT_WRONG, "条码枪与新系统不兼容"), (K.ROOT_CAUSE, "选型时未做现场测试"),
        (K.ACTION_ITEM, "选型阶段加入现场测试 (负责人: 刘洋)")]
    assert zh_deck.sections[3].text == "日期 | 事项\n9月1日 | 冻结需求\n详见附件。"
    assert not [lesson for lesson in zh_deck.lessons if lesson.section_index == 3]


def test_properties(zh_deck):
    assert (zh_deck.title, zh_deck.authors, zh_deck.date) == ("MES二期上线复盘", ["陈静"], date(2025, 9, 30))
    assert (zh_deck.doc_type, zh_deck.language, zh_deck.format) == (DocType.RETROSPECTIVE, Language.ZH, "pptx")


def test_an_english_deck_and_the_python_pptx_template_date_is_not_its_date():
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Lessons learned"
    bullets(slide, [(0, "Book the data centre engineers before the cut-over weekend")])
    doc = parse_pptx(RawFile(data=pptx_bytes(prs), default_key="cloud/lessons-2025-03-02.pptx")).documents[0]
    assert [(lesson.kind, lesson.text) for lesson in doc.lessons] == [
        (K.LESSON, "Book the data centre engineers before the cut-over weekend")]
    assert doc.date == date(2025, 3, 2) and doc.language == Language.EN  # from the file name, not 2013-01-27


def test_a_damaged_pptx_is_refused():
    data = pptx_bytes(Presentation())
    with pytest.raises(IngestError, match="not a readable .pptx presentation"):
        parse_pptx(RawFile(data=data[:2000], default_key="x.pptx"))


def test_a_bold_line_in_a_slide_body_is_a_sub_heading_and_not_a_lesson():
    """Slides put a section's sub-headings as bold body lines ("What worked", then what did): the flutter
    Windows Defender post-mortem as a deck (benchmarks/extraction)."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Lessons learned"
    frame = slide.placeholders[1].text_frame
    for number, (text, bold) in enumerate([("What worked", True), ("We did not in fact get compromised.", False),
                                           ("What didn't work", True), ("Windows Defender, obviously.", False)]):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.runs[0].font.bold = bold
    doc = parse_pptx(RawFile(data=pptx_bytes(prs), default_key="postmortem.pptx")).documents[0]
    assert [(lesson.kind, lesson.text) for lesson in doc.lessons] == [
        (K.WENT_WELL, "We did not in fact get compromised."), (K.WENT_WRONG, "Windows Defender, obviously.")]
    assert [s.heading for s in doc.sections] == ["Lessons learned", "What worked", "What didn't work"]


def test_a_label_and_its_points_on_soft_line_breaks_in_a_text_box():
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "三月项目复盘"
    slide.placeholders[1].text_frame.paragraphs[0].text = "需要改进：\v测试环境晚到一周\v变更没有走评审"
    doc = parse_pptx(RawFile(data=pptx_bytes(prs), default_key="retro.pptx")).documents[0]
    assert [(lesson.kind, lesson.text) for lesson in doc.lessons] == [
        (K.WENT_WRONG, "测试环境晚到一周"), (K.WENT_WRONG, "变更没有走评审")]
