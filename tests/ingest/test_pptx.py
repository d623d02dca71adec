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
from tests.ingest.office_files import add_smartart, pptx_bytes

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


def text_box(slide, lines: list[tuple[int, str]], *, top: float = 2.0, bold_first: bool = False,
             first_size: int | None = None, size: int | None = None, bulleted: bool = False):
    """A text box (not a placeholder) of paragraphs at their levels; optionally its first line in bold or in a larger
    font, and the other lines with a bullet character as PowerPoint writes one (a:buChar)."""
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    box = slide.shapes.add_textbox(Inches(0.5), Inches(top), Inches(9), Inches(3))
    frame = box.text_frame
    for number, (level, text) in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.level = level
        run = paragraph.runs[0]
        if number == 0:
            run.font.bold = bold_first or None
            if first_size:
                run.font.size = Pt(first_size)
        else:
            if size:
                run.font.size = Pt(size)
            if bulleted:
                bullet = paragraph._p.get_or_add_pPr().makeelement(qn("a:buChar"), {"char": "•"})
                paragraph._p.get_or_add_pPr().append(bullet)
    return box


def parse(prs, key: str = "retro.pptx"):
    return parse_pptx(RawFile(data=pptx_bytes(prs), default_key=key)).documents[0]


def title_only(prs, title: str):
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = title
    return slide


@pytest.mark.parametrize("style", [{"bold_first": True}, {"first_size": 24, "size": 16}])
def test_a_text_box_whose_first_line_stands_out_heads_its_bulleted_lines(style):
    """A text box (not a placeholder) is how most decks made from a blank layout write a column: its first line in
    bold or larger is a sub-heading, and its bulleted lines are items at their levels, so a sub-point stays with its
    point."""
    prs = Presentation()
    slide = title_only(prs, "MES二期上线复盘")
    text_box(slide, [(0, "需要改进的地方"), (0, "测试环境晚到一周"), (1, "厂商的服务器到货延迟"), (0, "变更没有走评审")],
             bulleted=True, **style)
    doc = parse(prs)
    assert [(s.level, s.heading) for s in doc.sections] == [(1, "MES二期上线复盘"), (3, "需要改进的地方")]
    assert doc.sections[1].text.startswith("- 测试环境晚到一周\n  - 厂商的服务器到货延迟\n- 变更没有走评审")
    assert [(lesson.kind, lesson.text) for lesson in doc.lessons] == [
        (K.WENT_WRONG, "测试环境晚到一周；厂商的服务器到货延迟"), (K.WENT_WRONG, "变更没有走评审")]


def test_a_text_box_whose_first_line_does_not_stand_out_is_paragraphs():
    prs = Presentation()
    slide = title_only(prs, "Background")
    text_box(slide, [(0, "The plant runs three shifts"), (0, "MES replaced paper travellers in 2024")])
    doc = parse(prs)
    assert [s.heading for s in doc.sections] == ["Background"]
    assert doc.sections[0].text == "The plant runs three shifts\nMES replaced paper travellers in 2024"


def test_smartart_text_is_read_as_items_in_the_diagrams_order():
    """SmartArt keeps its text in the diagram's data part, not on the slide: it was lost."""
    prs = Presentation()
    title_only(prs, "MES二期上线复盘")
    slide = title_only(prs, "经验教训")
    add_smartart(slide, [(1, "切换前必须做三轮演练"), (2, "每轮都要书面复核"), (1, "上线前两周必须完成班组长的培训")])
    doc = parse(prs)
    assert doc.sections[1].text == "- 切换前必须做三轮演练\n  - 每轮都要书面复核\n- 上线前两周必须完成班组长的培训"
    assert [(lesson.kind, lesson.text) for lesson in doc.lessons] == [
        (K.LESSON, "切换前必须做三轮演练；每轮都要书面复核"), (K.LESSON, "上线前两周必须完成班组长的培训")]


def test_smartart_whose_text_is_only_in_its_drawing_part():
    prs = Presentation()
    slide = title_only(prs, "Lessons learned")
    add_smartart(slide, [(1, "Book the data centre engineers early"), (1, "Freeze the scope before the sprint")],
                 drawing_only=True)
    assert [lesson.text for lesson in parse(prs).lessons] == [
        "Book the data centre engineers early", "Freeze the scope before the sprint"]


@pytest.mark.parametrize(("spaced", "word"), [("总 结", "总结"), ("T H A N K S", "THANKS"), ("Q & A", "Q&A")])
def test_a_title_spelled_with_spaces_is_read_as_its_word(spaced, word):
    prs = Presentation()
    title_only(prs, spaced)
    assert parse(prs).sections[0].heading == word


def test_a_spaced_summary_title_announces_lessons():
    prs = Presentation()
    title_only(prs, "迭代三复盘")
    slide = title_only(prs, "总 结")
    text_box(slide, [(0, "接口文档要在开发前定稿，否则前后端反复返工。")])
    assert [(lesson.kind, lesson.text) for lesson in parse(prs).lessons] == [
        (K.LESSON, "接口文档要在开发前定稿，否则前后端反复返工。")]


@pytest.mark.parametrize("closing", ["谢谢", "THANKS", "T H A N K S！", "Q&A", "感谢聆听", "Thank you for listening"])
def test_a_closing_slide_holds_no_lessons(closing):
    """A deck's last slide ("T H A N K S！" in a text box on a blank layout) was a went-wrong lesson after the
    previous slide's problems, or its line a lesson."""
    prs = Presentation()
    title_only(prs, "安卓大作业报告")
    slide = title_only(prs, "遇到的问题")
    text_box(slide, [(0, "真机上无法加载 HTTP 视频，要求必须使用 HTTPS。")])
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank: text boxes only
    text_box(slide, [(0, closing)], top=1.0)
    text_box(slide, [(0, "欢迎各位老师批评指正，有问题可以随时提出来")], top=3.0)
    doc = parse(prs)
    assert [(lesson.kind, lesson.text) for lesson in doc.lessons] == [
        (K.WENT_WRONG, "真机上无法加载 HTTP 视频，要求必须使用 HTTPS。")]
    assert doc.sections[-1].text == "欢迎各位老师批评指正，有问题可以随时提出来"


def test_a_cards_label_in_bold_alone_in_its_text_box_is_a_point_not_a_sub_heading():
    """A slide of cards (a group each: a problem in bold in one text box, what was done about it in another; the
    Cebudongle Alpha deck of benchmarks/extraction held19): the labels were sub-headings, so no problem was a lesson."""
    from pptx.util import Pt

    prs = Presentation()
    title_only(prs, "Alpha冲刺答辩")
    slide = title_only(prs, "问题及解决方式")
    for column, (problem, answer) in enumerate([("技术参差不齐", "冲刺前预留时间供组员学习技术，技术强的组员带动。"),
                                                ("交流沟通少", "每次冲刺时与组员沟通进度，技术方面组织相互讨论。")]):
        group = slide.shapes.add_group_shape()
        label = group.shapes.add_textbox(Inches(0.5 + 4.5 * column), Inches(2), Inches(4), Inches(0.5))
        label.text_frame.text = problem
        label.text_frame.paragraphs[0].runs[0].font.bold = True
        label.text_frame.paragraphs[0].runs[0].font.size = Pt(20)
        body = group.shapes.add_textbox(Inches(0.5 + 4.5 * column), Inches(2.8), Inches(4), Inches(1.5))
        body.text_frame.text = answer
    doc = parse(prs)
    assert [s.heading for s in doc.sections] == ["Alpha冲刺答辩", "问题及解决方式"]
    assert [lesson.text for lesson in doc.lessons] == [
        "技术参差不齐", "冲刺前预留时间供组员学习技术，技术强的组员带动。",
        "交流沟通少", "每次冲刺时与组员沟通进度，技术方面组织相互讨论。"]


def test_a_smartart_frame_whose_data_part_is_missing_is_skipped():
    from lxml import etree

    prs = Presentation()
    slide = title_only(prs, "Lessons learned")
    text_box(slide, [(0, "Book the data centre engineers early")])
    frame = etree.fromstring(
        '<p:graphicFrame xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><p:nvGraphicFramePr>'
        '<p:cNvPr id="77" name="Diagram"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm>'
        '<a:off x="0" y="0"/><a:ext cx="10" cy="10"/></p:xfrm><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/diagram"><dgm:relIds '
        'xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" r:dm="rId999"/></a:graphicData>'
        '</a:graphic></p:graphicFrame>')
    slide.shapes._spTree.append(frame)
    assert [lesson.text for lesson in parse(prs).lessons] == ["Book the data centre engineers early"]


@pytest.mark.parametrize(("line", "project", "when"), [
    ("Project: Warehouse Robotics Pilot · 2026-11-15", "Warehouse Robotics Pilot", date(2026, 11, 15)),
    ("Date: 2026-11-15 · Project: Warehouse Robotics Pilot", "Warehouse Robotics Pilot", date(2026, 11, 15)),
    ("项目：海外仓扩建　日期：2026-11-20", "海外仓扩建", date(2026, 11, 20)),
    ("项目：海外仓扩建 ｜ 2026年11月20日", "海外仓扩建", date(2026, 11, 20)),
])
def test_the_title_slide_s_project_and_date_are_read_as_word_s_first_lines(line, project, when):
    """A title slide's "Project: Warehouse Robotics Pilot · 2026-11-15" gave no project and no date (the properties'
    date stood), where a Word paragraph "项目：海外仓扩建　日期：2026-11-20" gave both (u-pm #11): the first slide's lines
    are read as Word's first paragraphs are, and a Word paragraph of the same line gives the same."""
    from docx import Document

    from ingest.docx_doc import parse_docx
    from tests.ingest.office_files import docx_bytes

    prs = Presentation()
    prs.core_properties.created = datetime(2025, 1, 6)
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = "Retrospective 复盘"
    slide.placeholders[1].text = line
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Lessons learned"
    bullets(slide, [(0, "Book the data centre engineers before the cut-over weekend")])
    slide = prs.slides.add_slide(prs.slide_layouts[1])  # fields on a later slide are not the deck's
    slide.shapes.title.text = "Next project"
    bullets(slide, [(0, "Project: Cold Chain · 2027-03-01")])
    deck = parse_pptx(RawFile(data=pptx_bytes(prs), default_key="wh/retro.pptx")).documents[0]
    assert (deck.project, deck.date) == (project, when)
    assert [lesson.text for lesson in deck.lessons] == ["Book the data centre engineers before the cut-over weekend"]
    document = Document()
    document.add_paragraph(line)
    document.add_paragraph("Book the data centre engineers before the cut-over weekend")
    word = parse_docx(RawFile(data=docx_bytes(document), default_key="wh/retro.docx")).documents[0]
    assert (word.project, word.date) == (project, when)


def test_a_title_slide_without_fields_keeps_the_properties_date(zh_deck):
    # "制造运营部 · 2025年9月" names no field: the deck's properties date it, as before
    assert (zh_deck.project, zh_deck.date) == (None, date(2025, 9, 30))
