"""A Word form and a PDF report as a PMO uploads them (the UI walk of 2026-12-03 found each of these read wrongly): a
form's 项目名称 / 日期 cells are the document's metadata and its "问题" cell's numbered lines are lessons; a PDF's
"项目名称：… 日期：…" line gives both fields, the date the text states wins over the file's creation date (what a PM
means by the report's date is the project's, not when the PDF was exported), and a numbered heading with its text on
one line ("二、经验教训：…") is that section with its lesson."""

from datetime import date, datetime

from ingest.docx_doc import parse_docx
from ingest.pdf_doc import parse_pdf
from ingest.source import RawFile
from ingest.text_doc import header_metadata
from tests.ingest.office_files import add_table, docx_bytes, new_docx, new_pdf, pdf_bytes, pdf_line


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


def test_a_word_forms_field_cells_are_metadata_and_its_answer_cells_lessons():
    document = new_docx(created=datetime(2026, 11, 30))
    document.add_paragraph("项目复盘表")
    add_table(document, [["项目名称", "仓储系统升级"], ["日期", "2025-07-04"],
                         ["问题", "1. 需求评审没有邀请一线仓管员参加\n2. 测试环境没有准备好"],
                         ["经验教训", "上线前要做全量数据演练"], ["备注", "无"]])
    doc = parse_docx(RawFile(data=docx_bytes(document), default_key="复盘/仓储系统升级复盘表.docx")).documents[0]
    assert doc.project == "仓储系统升级"
    assert doc.date == date(2025, 7, 4)
    assert lessons(doc) == [("went_wrong", "需求评审没有邀请一线仓管员参加"), ("went_wrong", "测试环境没有准备好"),
                            ("lesson", "上线前要做全量数据演练")]


def test_a_tables_header_row_is_no_metadata():
    document = new_docx(created=datetime(2026, 11, 30))
    add_table(document, [["项目", "负责人"], ["仓储系统升级", "李娜"], ["门店系统", "王伟"]])
    doc = parse_docx(RawFile(data=docx_bytes(document), default_key="项目清单.docx")).documents[0]
    assert (doc.project, doc.date) == (None, date(2026, 11, 30))


def test_a_pdf_reports_own_date_and_project_and_its_one_line_sections():
    pdf = new_pdf()  # created 2025-03-14
    for text in ["仓储系统升级项目复盘", "项目名称：仓储系统升级 日期：2025年7月4日", "一、项目概况", "本项目于2025年6月完成上线。",
                 "二、经验教训：需求评审要邀请一线仓管员参加，避免上线后返工。", "三、改进措施：上线前做全量数据演练。"]:
        pdf_line(pdf, text)
    doc = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="仓储系统升级复盘.pdf")).documents[0]
    assert (doc.project, doc.date) == ("仓储系统升级", date(2025, 7, 4))
    assert lessons(doc) == [("lesson", "需求评审要邀请一线仓管员参加，避免上线后返工。"), ("action_item", "上线前做全量数据演练。")]


def test_fields_on_one_line_split_at_each_field_name():
    assert header_metadata("项目名称：仓储系统升级 日期：2025年7月4日") == {"project": "仓储系统升级", "date": "2025年7月4日"}
    assert header_metadata("整理人：张三 李四") == {"authors": ["张三 李四"]}


def test_a_forms_labels_spaced_out_to_the_column_width_are_its_fields():
    # yanchenyuxia/HealthyAPP 项目周报-0523.docx: a meeting form whose date is "时    间" | "2020年5月23日星期六"; the
    # file was made from a template on 2019-09-02, the date it was stored under before
    document = new_docx(created=datetime(2019, 9, 2))
    table = add_table(document, [["主    题", "会议记要", "", ""], ["时    间", "2020年5月23日星期六", "地    点", "微信语音会议"],
                                 ["缺席人员", "无", "记 录 人", "李鹏翔"], ["内    容", "一．本周成果", "", ""]])
    for row in (0, 3):
        table.cell(row, 1).merge(table.cell(row, 3))
    doc = parse_docx(RawFile(data=docx_bytes(document), default_key="HealthyAPP/项目周报-0523.docx")).documents[0]
    assert (doc.date, doc.authors) == (date(2020, 5, 23), ["李鹏翔"])


def test_a_text_files_spaced_out_labels_are_its_fields_and_spaced_words_elsewhere_are_not():
    assert header_metadata("时    间：2020年6月27日\n记 录 人：张宇") == {"date": "2020年6月27日", "authors": ["张宇"]}
    assert header_metadata("项目名称：仓储系统升级  日 期：2025年7月4日") == {"project": "仓储系统升级", "date": "2025年7月4日"}
    assert header_metadata("问题  原因：测试环境晚到") == {}  # two words, each whole: no label spaced out


def test_the_header_row_of_a_table_of_names_and_values_names_no_field():
    # sumzuwangou 项目总结报告.docx: "项目 | 说明" over "项目名称 | AI 智能驱动的电商网购平台" (the project was stored as "说明")
    document = new_docx(created=datetime(2026, 6, 29))
    add_table(document, [["项目", "说明"], ["项目名称", "AI 智能驱动的电商网购平台"], ["负责人", "项目组"],
                         ["日期", "2026-06-29"]])
    doc = parse_docx(RawFile(data=docx_bytes(document), default_key="项目总结报告.docx")).documents[0]
    assert (doc.project, doc.date) == ("AI 智能驱动的电商网购平台", date(2026, 6, 29))
    assert header_metadata("Project: Description\nProject: CRM migration") == {"project": "CRM migration"}
