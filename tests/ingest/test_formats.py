"""Each format and language: metadata, sections, and lessons with their kinds (asserted texts)."""

import io
import json
from datetime import date

import pytest

from ingest.html_doc import parse_html
from ingest.markdown_doc import parse_markdown
from ingest.register import parse_csv, parse_jsonl, parse_xlsx
from ingest.source import RawFile
from ingest.text_doc import parse_text, text_blocks
from kb.errors import IngestError
from kb.models import DocType, Language, LessonKind
from web.error_text import match

K = LessonKind

MD_ZH = """---
id: erp/retro-1
title: ERP升级一期复盘
date: 2024-06-28
project: ERP系统升级
department: 信息技术部
type: 复盘
tags: [供应商管理, 数据迁移]
authors: 张伟, 李娜
sponsor: 王总
---
# ERP升级一期复盘

项目于6月上线。

## 一、做得好的地方
- 每日站会让问题在当天暴露。
- 关键用户全程参与UAT。

## 二、存在的问题
1. 供应商接口交付延期五周，挤占了测试时间。
    - 合同中没有里程碑罚则。
2. 测试环境直到SIT前一周才就绪。

## 三、经验教训
以下是本次的经验：

- 长周期采购要在立项时启动。

## 四、行动项
| 行动 | 负责人 | 截止日期 |
| --- | --- | --- |
| 合同增加交付里程碑 | 张伟 | 2024-07-15 |

## 附录
无。
"""

MD_EN_LLIS = """---
id: cloud/pm-wave3
title: Wave 3 rollback post-mortem
date: 2025-03-02
type: post-mortem
---
# Wave 3 rollback

## Driving Event
The wave 3 cut-over was rolled back after the database replica lagged for six hours.

## Lesson(s) Learned
- Only one engineer knew the replication setup.

## Recommendation(s)
- Pair a second engineer on every critical runbook.
"""


def parse(fn, content, key="docs/file", **kw):
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    return fn(RawFile(data=data, default_key=key, **kw))


def kinds_and_texts(doc):
    return [(l.kind, l.text) for l in doc.lessons]


def test_markdown_chinese_front_matter_and_lessons():
    result = parse(parse_markdown, MD_ZH)
    doc = result.documents[0]
    assert (doc.key, doc.title, doc.project, doc.department) == ("erp/retro-1", "ERP升级一期复盘", "ERP系统升级", "信息技术部")
    assert doc.doc_type == DocType.RETROSPECTIVE and doc.date == date(2024, 6, 28)
    assert doc.tags == ["供应商管理", "数据迁移"] and doc.authors == ["张伟", "李娜"]
    assert doc.language == Language.ZH and doc.meta == {"sponsor": "王总"}
    assert kinds_and_texts(doc) == [
        (K.WENT_WELL, "每日站会让问题在当天暴露。"),
        (K.WENT_WELL, "关键用户全程参与UAT。"),
        (K.WENT_WRONG, "供应商接口交付延期五周，挤占了测试时间。合同中没有里程碑罚则。"),
        (K.WENT_WRONG, "测试环境直到SIT前一周才就绪。"),
        (K.LESSON, "长周期采购要在立项时启动。"),
        (K.ACTION_ITEM, "合同增加交付里程碑 (负责人: 张伟; 截止日期: 2024-07-15)"),
    ]
    headings = [s.heading for s in doc.sections]
    assert headings == ["ERP升级一期复盘", "一、做得好的地方", "二、存在的问题", "三、经验教训", "四、行动项", "附录"]
    assert doc.sections[2].kind == K.WENT_WRONG and doc.sections[5].kind is None
    assert "<table>" in doc.html and not result.warnings


def test_markdown_english_llis_style_fills_the_llis_fields():
    doc = parse(parse_markdown, MD_EN_LLIS).documents[0]
    assert doc.doc_type == DocType.POST_MORTEM and doc.language == Language.EN
    assert kinds_and_texts(doc) == [(K.LESSON, "Only one engineer knew the replication setup."),
                                    (K.RECOMMENDATION, "Pair a second engineer on every critical runbook.")]
    event = "The wave 3 cut-over was rolled back after the database replica lagged for six hours."
    assert all(l.driving_event == event for l in doc.lessons)
    assert doc.lessons[0].lesson == doc.lessons[0].text
    assert doc.lessons[1].recommendation == doc.lessons[1].text


def test_markdown_without_front_matter_or_retrospective_headings_still_has_sections():
    doc = parse(parse_markdown, "# Charter\n\n## Scope\nMigrate 40 apps.\n\n## Budget\nEUR 2m.\n",
                key="cloud/charter.md").documents[0]
    assert doc.key == "cloud/charter.md" and doc.title == "Charter" and doc.doc_type == DocType.CHARTER
    assert [s.heading for s in doc.sections] == ["Charter", "Scope", "Budget"]
    assert doc.lessons == []


HTML_EN = """<!DOCTYPE html><html lang="en"><head><title>Portal release retro - Confluence</title>
<meta name="kb-id" content="portal/release-retro"><meta name="project" content="Customer Portal">
<meta name="date" content="2024-11-20"><meta name="keywords" content="scope, testing">
<meta name="author" content="Priya Raman"><style>body{color:red}</style>
<script>window.analytics = "What went well";</script></head>
<body><nav class="breadcrumbs"><a href="/">Spaces</a> &gt; Portal</nav>
<div id="sidebar">Page tree: What went well</div>
<div id="main-content" class="wiki-content"><h1>Release retrospective</h1>
<p><strong>What went well</strong></p>
<ul><li>Design system components were reused across all pages.</li></ul>
<h2>What didn't go well</h2>
<ol><li><p>Marketing added three features after the freeze.</p></li>
<li>Load testing started two days before launch.</li></ol>
<h2>Root cause</h2><p>No change control board for the portal.</p>
</div><footer>Powered by Confluence</footer></body></html>"""

HTML_ZH_NOTION = """<html><head><meta charset="utf-8"><title>WMS上线周复盘</title>
<meta name="type" content="事后分析"><meta name="project" content="智慧仓储WMS上线"></head>
<body><article class="page"><header><h1 class="page-title">WMS上线周复盘</h1></header>
<div class="page-body"><h2>📌 问题</h2><ul><li>RF扫描枪晚到两周，培训只能用模拟器。</li>
<li>临时工没有参加任何培训就上岗。</li></ul><h3>改进建议</h3><ul><li>硬件在设计冻结前下单。</li></ul>
<script>alert(1)</script></div></article></body></html>"""


def test_html_confluence_export_drops_chrome_and_reads_meta():
    doc = parse(parse_html, HTML_EN).documents[0]
    assert (doc.key, doc.project, doc.date, doc.tags, doc.authors) == (
        "portal/release-retro", "Customer Portal", date(2024, 11, 20), ["scope", "testing"], ["Priya Raman"])
    assert doc.title == "Release retrospective" and doc.language == Language.EN
    assert kinds_and_texts(doc) == [
        (K.WENT_WELL, "Design system components were reused across all pages."),
        (K.WENT_WRONG, "Marketing added three features after the freeze."),
        (K.WENT_WRONG, "Load testing started two days before launch."),
        (K.ROOT_CAUSE, "No change control board for the portal."),
    ]
    for chrome in ("analytics", "Spaces", "Page tree", "Powered by", "color:red"):
        assert chrome not in doc.raw_text and chrome not in doc.html


def test_html_notion_export_in_chinese():
    doc = parse(parse_html, HTML_ZH_NOTION, key="wms/golive.html").documents[0]
    assert doc.key == "wms/golive.html" and doc.doc_type == DocType.POST_MORTEM and doc.language == Language.ZH
    assert kinds_and_texts(doc) == [(K.WENT_WRONG, "RF扫描枪晚到两周，培训只能用模拟器。"),
                                    (K.WENT_WRONG, "临时工没有参加任何培训就上岗。"),
                                    (K.RECOMMENDATION, "硬件在设计冻结前下单。")]
    assert "alert" not in doc.html


TEXT_ZH = """数据中台二期复盘总结

日期：2026-03-20　　整理人：郑雅琴（项目经理）
项目：数据中台建设

一、做得好的
- 指标字典在第二个月就冻结了。

二、需要改进
1) 五个部门对“销售额”有五种口径，
   返工了三周。
2) 外包工程师离场时只交接了两天。

经验教训：
• 指标口径要在需求阶段由业务负责人签字确认。
"""

TEXT_EN = """PAYROLL PARALLEL RUN - LESSONS
===============================

Date issued: 3 April 2025
Prepared by: Fiona Walsh, Project Manager

WHAT WENT WELL
- Daily reconciliation calls with Finance.

What could be improved:
- The vendor delivered the pension interface
  six weeks late.

2.1 Next steps
- Book a second parallel run before go-live.
"""


@pytest.mark.parametrize(("line", "meta"), [
    ("Project: Payment Gateway\tDate: 2026-11-20", ("Payment Gateway", date(2026, 11, 20))),  # it read one project
    ("项目名称：支付网关\t\t日期：2026-11-20", ("支付网关", date(2026, 11, 20))),
    ("Project:\tPayment Gateway", ("Payment Gateway", None)),  # a label and its value apart by a tab: one field
])
def test_fields_apart_by_a_tab_are_two_fields_in_text_and_word(line, meta):
    # README, Documents and lessons: fields may share a line, apart by wide spaces; a tab (Word's way of setting two
    # fields apart, kept as written in a .txt) set nothing apart: the project read "Payment Gateway\tDate: …"
    from ingest.docx_doc import parse_docx
    from tests.ingest.office_files import docx_bytes, new_docx

    text = parse_text(RawFile(data=f"Payment retro\n{line}\n\nText.\n".encode(), default_key="r.txt")).documents[0]
    document = new_docx()
    document.add_paragraph("Payment retro", style="Heading 1")
    document.add_paragraph(line)
    word = parse_docx(RawFile(data=docx_bytes(document), default_key="r.docx")).documents[0]
    assert (text.project, text.date) == (word.project, word.date) == meta


def test_text_chinese_headings_items_and_header_metadata():
    doc = parse(parse_text, TEXT_ZH, key="data/retro.txt").documents[0]
    assert doc.title == "数据中台二期复盘总结" and doc.date == date(2026, 3, 20)
    assert doc.project == "数据中台建设" and doc.authors == ["郑雅琴"] and doc.doc_type == DocType.RETROSPECTIVE
    assert kinds_and_texts(doc) == [
        (K.WENT_WELL, "指标字典在第二个月就冻结了。"),
        (K.WENT_WRONG, "五个部门对“销售额”有五种口径，返工了三周。"),
        (K.WENT_WRONG, "外包工程师离场时只交接了两天。"),
        (K.LESSON, "指标口径要在需求阶段由业务负责人签字确认。"),
    ]


@pytest.mark.parametrize("empty", ["Project: —", "Project: –", "项目：—", "Project: ·"])
def test_a_field_left_empty_with_a_dash_names_nothing_and_a_later_line_does(empty):
    """A form's field left empty with a dash read as the field found, empty (its marks cut off since the title slide's
    "Project: X · 2026-11-15"), and the project given on a later line of the first ones was not read (r-review2)."""
    text = f"{empty}\nDate: 2026-03-20\nProject: Payroll Replacement\n\nLessons learned\n\n- Run payroll in parallel.\n"
    doc = parse(parse_text, text, key="payroll/retro.txt").documents[0]
    assert (doc.project, doc.date) == ("Payroll Replacement", date(2026, 3, 20))


@pytest.mark.parametrize(("text", "title"), [
    ("Project: Payment Gateway\n\nDate: 2026-11-20\n\nWhat went well\n- Deploys were boring.\n", "retro"),
    ("日期：2026-11-20\n\n项目复盘\n\n经验教训\n- 接口延期。\n", "项目复盘"),
    ("Prepared by: Li Na\n\nSprint 12 retrospective\n\nLessons learned\n- Book the rehearsal early.\n",
     "Sprint 12 retrospective"),
    # a title field gives the title, not the line it stands on
    ("Title: Sprint 12 retro\n\nLessons learned\n- Book the rehearsal early.\n", "Sprint 12 retro"),
    ("标题：二期复盘\n日期：2026-11-20\n\n经验教训\n- 接口延期。\n", "二期复盘"),
])
def test_a_header_field_line_is_no_title(text, title):
    """A "Date: 2026-11-20" line standing alone at the top was the document's title (and stays its date): the title is
    the line after the header's fields, or the file's name."""
    doc = parse(parse_text, text, key="team/retro.txt").documents[0]
    assert doc.title == title
    assert doc.date == date(2026, 11, 20) if "2026-11-20" in text else doc.authors == ["Li Na"] or "Title" in text


def test_text_english_underlines_caps_and_colon_headings():
    doc = parse(parse_text, TEXT_EN, key="payroll/lessons.txt").documents[0]
    assert doc.title == "PAYROLL PARALLEL RUN - LESSONS" and doc.date == date(2025, 4, 3)
    assert doc.authors == ["Fiona Walsh"]
    assert kinds_and_texts(doc) == [
        (K.WENT_WELL, "Daily reconciliation calls with Finance."),
        (K.WENT_WRONG, "The vendor delivered the pension interface six weeks late."),
        (K.ACTION_ITEM, "Book a second parallel run before go-live."),
    ]


CSV_ZH = """编号,标题,项目,日期,经验教训,建议,标签
LL-1,接口延期,ERP系统升级,2024-02-08,供应商只在最后交付，问题暴露太晚。,按两周交付并验收。,供应商;合同
LL-2,培训不足,智慧仓储WMS上线,2024/11/3,临时工未培训即上岗。,,培训
LL-3,空行,,,,,
"""


def test_csv_register_with_chinese_columns_one_document_per_row():
    result = parse(parse_csv, CSV_ZH, key="pmo/register.csv")
    assert [d.key for d in result.documents] == ["pmo/register.csv#LL-1", "pmo/register.csv#LL-2"]
    first = result.documents[0]
    assert (first.title, first.project, first.date, first.tags) == ("接口延期", "ERP系统升级", date(2024, 2, 8),
                                                                    ["供应商", "合同"])
    assert first.doc_type == DocType.LESSONS_REGISTER and first.language == Language.ZH
    lesson = first.lessons[0]
    assert (lesson.kind, lesson.text, lesson.recommendation) == (K.LESSON, "供应商只在最后交付，问题暴露太晚。",
                                                                  "按两周交付并验收。")
    assert result.documents[1].date == date(2024, 11, 3)
    assert [str(w) for w in result.warnings] == ["line 4: no lesson text in this row"]


@pytest.mark.parametrize(("row", "headings"), [
    ({"lesson": "主数据清洗要在第二次演练前完成。", "driving_event": "上线前一周才发现主数据重复。",
      "recommendation": "把主数据清洗列为准入条件。", "root_cause": "没有数据负责人。"},
     ["问题描述", "经验教训", "改进建议", "根本原因"]),
    ({"lesson": "SAP 接口的 cutover 要提前演练两次，vendor 的 API 文档要在 SIT 前拿到。"}, ["经验教训"]),  # mixed
    ({"lesson": "Rehearse the cut-over twice.", "driving_event": "The cut-over ran four hours late."},
     ["Driving Event", "Lesson(s) Learned"]),
    ({"lesson": "Rehearse the cut-over twice with 华为.", "action": "Book the rehearsal."}, ["Lesson(s) Learned", "Action"]),
    ({"lesson": "主数据清洗要在第二次演练前完成。", "language": "en"}, ["Lesson(s) Learned"]),  # declared wins
])
def test_register_row_sections_are_headed_in_the_language_of_its_text(row, headings):
    result = parse(parse_jsonl, json.dumps({"id": "r1", **row}, ensure_ascii=False) + "\n", key="p/recorded.jsonl")
    doc = result.documents[0]
    assert [s.heading for s in doc.sections] == headings
    assert all(f"<h2>{h}</h2>" in doc.html for h in headings)
    assert doc.sections[doc.lessons[0].section_index].text == row["lesson"]


def test_jsonl_register_with_llis_column_names_and_bad_lines():
    rows = [
        {"Lesson ID": 101, "Title": "Facility impedance", "Driving Event": "The test article failed in EMI testing.",
         "Lesson(s) Learned": "Check facility impedance first.", "Recommendation(s)": "Measure input impedance.",
         "Organization": "LaRC", "Project / Program": "SAGE III", "Date Lesson Occurred": "07/18/2018",
         "Topics": "Facilities, Parts, Materials, & Processes", "Sensitivity": "Public"},
    ]
    text = json.dumps(rows[0]) + "\n{not json\n[1, 2]\n"
    result = parse(parse_jsonl, text, key="llis.jsonl")
    doc = result.documents[0]
    assert doc.key == "llis.jsonl#101" and (doc.project, doc.department) == ("SAGE III", "LaRC")
    assert doc.date == date(2018, 7, 18) and doc.tags == ["Facilities", "Parts", "Materials, & Processes"]
    lesson = doc.lessons[0]
    assert (lesson.kind, lesson.text) == (K.LESSON, "Check facility impedance first.")
    assert lesson.driving_event == "The test article failed in EMI testing."
    assert doc.meta["Sensitivity"] == "Public"
    assert [s.heading for s in doc.sections] == ["Driving Event", "Lesson(s) Learned", "Recommendation(s)"]
    assert [w.line for w in result.warnings] == [2, 3]


@pytest.mark.parametrize(("text", "says"), [
    ('{"lesson": "Order early", "title": "A"\n', "no usable rows (1 problem: line 1: not valid JSON (Expecting ',' "),
    ('"just a string"\n42\n', "no usable rows (2 problems, first: line 1: expected a JSON object, got str)"),
    ('[1, 2]\n[{"lesson": "Order early"},\n',
     "no usable rows (2 problems, first: line 1: expected a JSON object, got list)"),  # a one-line array: lines
    # a JSON array spread over lines, broken: refused whole, naming the line where it breaks
    ('[\n  {"lesson": "Order early"},\n  {"lesson": "Book the rehearsal"}\n  {"lesson": "Rehearse twice"}\n]\n',
     "line 4: not valid JSON (Expecting ',' delimiter, column 3); the file opens a JSON array on line 1"),
])
def test_a_jsonl_register_without_one_good_line_names_the_first_bad_line_and_what_is_wrong(text, says):
    """It said "the register has no header row": a JSON-lines file has none, and the line at fault went unsaid."""
    with pytest.raises(IngestError) as raised:
        parse(parse_jsonl, text, key="broken.jsonl")
    assert says in str(raised.value) and "header row" not in str(raised.value)
    assert match(str(raised.value)) is not None  # said in Chinese on an upload's page too


@pytest.mark.parametrize("indent", [None, 2])
def test_a_json_array_spread_over_lines_is_read_as_one_array(indent):
    """A pretty-printed export in a .jsonl file (an array, one object a line with commas between, or indented): its
    last object alone parsed as a line and was stored, every other reported as not valid JSON."""
    rows = [{"id": 1, "lesson": "Order long-lead items at approval."}, {"id": 2, "lesson": "Book the rehearsal."},
            "a note", {"id": 3, "lesson": "Rehearse the cut-over twice."}]
    text = json.dumps(rows, indent=indent, ensure_ascii=False) if indent else \
        "[\n" + ",\n".join(json.dumps(row) for row in rows) + "\n]\n"
    result = parse(parse_jsonl, text, key="reg.jsonl")
    assert [d.key for d in result.documents] == ["reg.jsonl#1", "reg.jsonl#2", "reg.jsonl#3"]
    assert result.documents[2].lessons[0].text == "Rehearse the cut-over twice."
    line = 10 if indent else 4  # the line the string starts on
    assert [(w.line, w.message) for w in result.warnings] == [(line, "expected a JSON object, got str")]


def test_a_jsonl_line_without_a_lesson_field_is_a_bad_line_and_the_good_lines_are_kept():
    """The first object's names were taken as every line's columns: a first line of export notes refused the file."""
    text = ('{"note": "exported 2024-01"}\n{"Lesson": "Order long-lead items at approval.", "id": 7}\n'
            '{"id": 8, "title": "Cut-over", "lessons learned": "Rehearse the cut-over twice.", "cost": "5k"}\n')
    result = parse(parse_jsonl, text, key="reg.jsonl")
    assert [d.key for d in result.documents] == ["reg.jsonl#7", "reg.jsonl#8"]
    assert result.documents[1].lessons[0].text == "Rehearse the cut-over twice."
    assert result.documents[1].meta["cost"] == "5k"  # its own extra field, not the first line's names
    assert [(w.line, w.message.split(";")[0]) for w in result.warnings] == [(1, "no lesson column among: note")]


def test_register_column_mapping_for_other_names():
    text = "Ref,What we learned,Programme\nA1,Lock scope at gate 2.,Portal\n"
    with pytest.raises(Exception, match="no lesson column among: Ref, What we learned, Programme"):
        parse(parse_csv, text)
    doc = parse(parse_csv, text, column_map={"lesson": "What we learned"}).documents[0]
    assert (doc.key, doc.project, doc.lessons[0].text) == ("docs/file#A1", "Portal", "Lock scope at gate 2.")


def test_register_kind_column_and_semicolon_dialect():
    text = "Title;Lesson;Kind\nStandups;Daily standups surfaced blockers early.;What went well\n"
    doc = parse(parse_csv, text).documents[0]
    assert doc.lessons[0].kind == K.WENT_WELL


def test_xlsx_register():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["ID", "Title", "Project", "Date", "Lesson Learned", "Tags"])
    from datetime import datetime

    sheet.append(["X-1", "Late test environments", "MES", datetime(2025, 5, 4), "Order test hardware at approval.",
                  "environments; hardware"])
    buf = io.BytesIO()
    book.save(buf)
    doc = parse(parse_xlsx, buf.getvalue(), key="reg.xlsx").documents[0]
    assert (doc.key, doc.project, doc.date, doc.tags) == ("reg.xlsx#X-1", "MES", date(2025, 5, 4),
                                                          ["environments", "hardware"])
    assert doc.lessons[0].text == "Order test hardware at approval."


def test_corrupt_xlsx_is_a_clear_error():
    with pytest.raises(Exception, match="not a readable .xlsx workbook"):
        parse(parse_xlsx, b"PK\x03\x04 truncated zip")


TEXT_BOLD_LABELS = """Vendor onboarding retrospective

**What went well**
* Weekly calls with the vendor kept issues small.

**What went wrong**
* The vendor delivered the interface three weeks late.

**Root cause**: nobody owned the vendor's test plan.
"""


def test_text_with_markdown_bold_labels_keeps_them_as_labels_not_list_items():
    # "**Root cause**:" was read as a "*" list item: the lesson "*Root cause**: nobody owned …", stars and all
    doc = parse(parse_text, TEXT_BOLD_LABELS, key="vendor/retro.txt").documents[0]
    assert [s.heading for s in doc.sections] == ["Vendor onboarding retrospective", "What went well", "What went wrong"]
    assert kinds_and_texts(doc) == [
        (K.WENT_WELL, "Weekly calls with the vendor kept issues small."),
        (K.WENT_WRONG, "The vendor delivered the interface three weeks late."),
        (K.ROOT_CAUSE, "nobody owned the vendor's test plan."),
    ]
    # bold that opens a sentence is no "*" item either; a "*" item is one with or without its space
    blocks = text_blocks("**Note** the plan came late.\n* one\n*two\n")
    assert [(b.kind, b.text) for b in blocks] == [("para", "**Note** the plan came late."), ("item", "one"), ("item", "two")]
