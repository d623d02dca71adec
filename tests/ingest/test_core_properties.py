"""A Word or PowerPoint file saved without core properties (docProps/core.xml; some converters and older tools
write none): python-docx and python-pptx make them up, and the file was titled "Word Document" and dated the
moment it was read (a real team's "Lessons Learned.docx", uploaded, showed both)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime

import pytest
from pptx import Presentation

from ingest.docx_doc import parse_docx
from ingest.pptx_doc import parse_pptx
from ingest.source import RawFile
from tests.ingest.office_files import docx_bytes, new_docx, pptx_bytes


def _without_core_properties(data: bytes) -> bytes:
    """The package without docProps/core.xml, its relationship and its content type."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename == "docProps/core.xml":
                continue
            content = src.read(item)
            if item.filename in ("_rels/.rels", "[Content_Types].xml"):
                content = re.sub(rb"<(Relationship|Override)[^>]*core[.-]?(xml|properties)[^>]*/>", b"", content)
            dst.writestr(item, content)
    return out.getvalue()


def _docx() -> bytes:
    d = new_docx(title="酒店预订系统测试回顾", created=None)
    d.add_paragraph("测试回顾", style="Heading 1")
    d.add_paragraph("没有按照功能分工，导致测试互相关联的部分不能顺利串起来。")
    return docx_bytes(d)


def _pptx() -> bytes:
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "Sprint 2 retrospective"
    slide.placeholders[1].text = "Integration began too late."
    deck.core_properties.title = "Sprint 2 retrospective"
    return pptx_bytes(deck)


@pytest.mark.parametrize(("make", "parser", "name"), [(_docx, parse_docx, "Lessons Learned.docx"),
                                                      (_pptx, parse_pptx, "Lessons Learned.pptx")])
def test_a_file_without_core_properties_takes_no_made_up_title_or_date(make, parser, name):
    data = _without_core_properties(make())
    assert b"docProps/core.xml" not in data
    doc = parser(RawFile(data=data, default_key=name)).documents[0]
    assert doc.title not in ("Word Document", "PowerPoint Presentation")
    assert doc.date != date.today()
    kept = parser(RawFile(data=make(), default_key=name)).documents[0]  # with its properties: as before
    assert kept.title == doc.title or kept.title in ("酒店预订系统测试回顾", "Sprint 2 retrospective")


def test_a_file_made_from_wps_offices_blank_document_is_dated_by_its_last_save():
    # loslian/dexdeer-doc 事故报告.docx, about an incident of 2018-10-21: created 2014-10-29 12:08 (WPS's blank
    # document, kept by every copy), last saved 2018-11-07
    d = new_docx(created=datetime(2014, 10, 29, 12, 8))
    d.core_properties.modified = datetime(2018, 11, 7, 13, 47)
    d.add_paragraph("9月份企业所得税A申报错误分析报告")
    d.add_paragraph("事故经过", style="Heading 1")
    d.add_paragraph("2018年10月21日，在进行纳税申报时，将全部申报表执行作废操作。")
    assert parse_docx(RawFile(data=docx_bytes(d), default_key="事故报告.docx")).documents[0].date == date(2018, 11, 7)
    d.core_properties.created = datetime(2017, 3, 2, 9, 30)  # a date of its own: kept
    assert parse_docx(RawFile(data=docx_bytes(d), default_key="事故报告.docx")).documents[0].date == date(2017, 3, 2)


@pytest.mark.parametrize("placeholder", ["PowerPoint 演示文稿", "PowerPoint Presentation"])
def test_the_title_office_gives_an_unnamed_deck_is_not_its_title(placeholder):
    # Leftovers4/BigHomework 大作业展示.pptx: titled "PowerPoint 演示文稿" in its properties, "酒店预订系统" on its first slide
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "酒店预订系统"
    slide.placeholders[1].text = "大作业展示"
    deck.core_properties.title = placeholder
    assert parse_pptx(RawFile(data=pptx_bytes(deck), default_key="大作业展示.pptx")).documents[0].title == "酒店预订系统"


def test_a_label_left_in_the_properties_by_a_template_is_not_the_title():
    # spot-palm 项目总结报告.docx (and six more teams' copies of the course's template): titled "初始阶段递交工件：" in its
    # properties, "项目总结报告" on its first line
    d = new_docx(title="初始阶段递交工件：", created=datetime(2023, 6, 16))
    d.add_paragraph("项目总结报告")
    d.add_paragraph("日期：2023年6月16日")
    doc = parse_docx(RawFile(data=docx_bytes(d), default_key="spot-palm/项目总结报告.docx")).documents[0]
    assert doc.title == "项目总结报告"
    d.core_properties.title = "Sprint 2: lessons"  # a colon inside a title is the title's
    assert parse_docx(RawFile(data=docx_bytes(d), default_key="x.docx")).documents[0].title == "Sprint 2: lessons"


def _steps_deck(first: str, others: list[str], title: str | None = None):
    deck = Presentation()
    for text in [first, *others]:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = text
        slide.placeholders[1].text = "做得好的：按期交付了特征融合。"
    if title is not None:
        deck.core_properties.title = title
    return deck


@pytest.mark.parametrize("stale", ["1.任务描述", "一、项目背景", "第一章 概述", "1. Task"])
def test_a_stale_numbered_step_in_a_decks_properties_is_not_its_title(stale):
    # Ali/王续武-工作总结-0829.pptx: "1.任务描述" in its properties (a slide of the deck it was made from), its first
    # slide "工作总结-王续武"
    deck = _steps_deck("工作总结-王续武", ["问题定义", "解决思路", "测试结果"], title=stale)
    assert parse_pptx(RawFile(data=pptx_bytes(deck), default_key="王续武-工作总结-0829.pptx")).documents[0].title \
        == "工作总结-王续武"


@pytest.mark.parametrize("title", ["1.0 版本复盘", "2024年工作总结", "12.12大促复盘", "10 lessons from the migration"])
def test_a_title_that_starts_with_a_number_but_is_no_step_is_kept(title):
    deck = _steps_deck("封面", ["问题定义"], title=title)
    assert parse_pptx(RawFile(data=pptx_bytes(deck), default_key="x.pptx")).documents[0].title == title


@pytest.mark.parametrize(("title", "expected"), [("项目周报", "项目周报"), (None, "周报-0829")])
def test_a_decks_first_slide_numbered_as_one_step_of_several_gives_way_to_its_properties_or_file_name(title, expected):
    """Its first slide is read at level 1 and the others at level 2: "1.任务描述" stood alone at its level and was the
    title, though "2.解决思路" and "3.测试结果" follow."""
    deck = _steps_deck("1.任务描述", ["2.解决思路", "3.测试结果"], title=title)
    assert parse_pptx(RawFile(data=pptx_bytes(deck), default_key="周报-0829.pptx")).documents[0].title == expected
    lone = _steps_deck("1.任务描述", ["解决思路", "测试结果"], title=title)  # a lone number: its slide's title stands
    assert parse_pptx(RawFile(data=pptx_bytes(lone), default_key="周报-0829.pptx")).documents[0].title \
        == (title or "1.任务描述")
