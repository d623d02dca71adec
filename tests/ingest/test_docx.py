"""Word files made here with python-docx: headings (English and Chinese Word), lists, tables, properties, revisions."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ingest.docx_doc import parse_docx
from ingest.legacy import OLE_MAGIC
from ingest.source import RawFile
from kb.errors import IngestError
from kb.models import DocType, Language, LessonKind
from tests.ingest.office_files import add_numbered, add_style, add_table, add_tracked, docx_bytes, new_docx

K = LessonKind


def parse(data: bytes, key: str = "docs/retro.docx", **kw):
    return parse_docx(RawFile(data=data, default_key=key, **kw)).documents[0]


def lessons(doc):
    return [(lesson.kind, lesson.text) for lesson in doc.lessons]


def headings(doc):
    return [(s.level, s.heading) for s in doc.sections]


@pytest.fixture(scope="module")
def zh_doc():
    """A Chinese retrospective as Chinese Word writes one: 标题 styles, numbered and bold headings, a register table,
    revisions and a comment."""
    d = new_docx(title="ERP升级一期复盘", author="张伟", created=datetime(2024, 6, 28), keywords="供应商管理, 数据迁移")
    add_style(d, "标题 1")
    add_style(d, "章节标题", outline=1)  # a custom style with an outline level: a level-2 heading
    d.add_paragraph("ERP升级一期复盘", style="Title")
    d.add_paragraph("项目：ERP系统升级    部门：信息技术部")
    d.add_paragraph("第一章 项目概况")
    d.add_paragraph("项目于6月上线，覆盖财务和采购两个模块。")
    d.add_paragraph("（一）里程碑")
    add_table(d, [["里程碑", "计划", "实际"], ["上线", "6月1日", "6月28日"]])
    d.add_paragraph("做得好的地方", style="标题 1")
    d.add_paragraph("每日站会让问题在当天暴露。", style="List Bullet")
    d.add_paragraph("站会控制在十五分钟以内。", style="List Bullet 2")
    add_numbered(d, "关键用户全程参与UAT。", 1)
    d.add_paragraph("需要改进", style="章节标题")
    paragraph = d.add_paragraph("测试环境直到SIT前一周才就绪，")
    add_tracked(paragraph, deleted="这句话已被删除", inserted="压缩了测试窗口。")
    d.add_comment(paragraph.runs[0], text="批注：这里要补数据", author="王总")
    bold = d.add_paragraph()
    bold.add_run("经验教训").bold = True
    d.add_paragraph("长周期采购要在立项时启动。")
    d.add_paragraph().add_run("供应商沟通").bold = True
    moved = d.add_paragraph("周会纪要当天发出。")
    moved._p.append(parse_xml(f'<w:moveFrom {nsdecls("w")} w:id="93" w:author="李娜"><w:r><w:t>移走的句子</w:t></w:r>'
                              "</w:moveFrom>"))
    d.add_paragraph("二、问题与整改")
    add_table(d, [["问题", "原因分析", "改进措施", "责任人", "状态"],
                  ["供应商接口延期五周", "合同没有里程碑罚则", "合同增加交付里程碑", "李娜", "进行中"],
                  ["", "", "", "", ""]])
    return parse(docx_bytes(d))


def test_chinese_word_headings_by_name_outline_level_numbering_and_bold(zh_doc):
    assert headings(zh_doc) == [
        (1, "ERP升级一期复盘"), (1, "第一章 项目概况"), (3, "（一）里程碑"), (1, "做得好的地方"), (2, "需要改进"),
        (3, "经验教训"), (3, "供应商沟通"), (2, "二、问题与整改")]


def test_lists_keep_their_levels_and_sub_items_stay_with_their_parent(zh_doc):
    section = zh_doc.sections[3]
    assert section.text == "- 每日站会让问题在当天暴露。\n  - 站会控制在十五分钟以内。\n- 关键用户全程参与UAT。"
    assert lessons(zh_doc)[:2] == [(K.WENT_WELL, "每日站会让问题在当天暴露。站会控制在十五分钟以内。"),
                                   (K.WENT_WELL, "关键用户全程参与UAT。")]


def test_tracked_deletions_and_comments_are_not_content_insertions_are(zh_doc):
    assert (K.WENT_WRONG, "测试环境直到SIT前一周才就绪，压缩了测试窗口。") in lessons(zh_doc)
    assert "这句话已被删除" not in zh_doc.raw_text and "批注" not in zh_doc.raw_text
    assert "周会纪要当天发出。" in zh_doc.raw_text and "移走的句子" not in zh_doc.raw_text
    assert (K.LESSON, "长周期采购要在立项时启动。") in lessons(zh_doc)


def test_a_register_like_table_makes_lessons_of_each_kind_per_row(zh_doc):
    rows = [(lesson.kind, lesson.text, lesson.title) for lesson in zh_doc.lessons
            if lesson.section_index == 7]
    assert rows == [
        (K.WENT_WRONG, "供应商接口延期五周", None),
        (K.ROOT_CAUSE, "合同没有里程碑罚则", "供应商接口延期五周"),
        (K.ACTION_ITEM, "合同增加交付里程碑 (责任人: 李娜; 状态: 进行中)", "供应商接口延期五周")]


def test_other_tables_stay_section_text(zh_doc):
    assert zh_doc.sections[2].text == "里程碑 | 计划 | 实际\n上线 | 6月1日 | 6月28日"
    assert not [lesson for lesson in zh_doc.lessons if lesson.section_index == 2]


def test_document_properties_and_header_lines_are_metadata(zh_doc):
    assert (zh_doc.title, zh_doc.authors, zh_doc.date) == ("ERP升级一期复盘", ["张伟"], date(2024, 6, 28))
    assert (zh_doc.project, zh_doc.department) == ("ERP系统升级", "信息技术部")
    assert zh_doc.tags == ["供应商管理", "数据迁移"]
    assert (zh_doc.doc_type, zh_doc.language, zh_doc.format) == (DocType.RETROSPECTIVE, Language.ZH, "docx")
    assert "<table>" in zh_doc.html and "<th>原因分析</th>" in zh_doc.html


def test_english_word_headings_numbered_headings_and_an_issue_table():
    d = new_docx(title="Wave 3 post-mortem", author="python-docx")  # the tool's placeholder author is no author
    d.add_heading("Wave 3 rollback", 0)
    d.add_heading("1.1 Timeline", 1)
    d.add_paragraph("The cut-over was rolled back at 02:00.")
    d.add_heading("What went well", 1)
    d.add_paragraph("The rollback runbook worked first time.", style="List Number")
    d.add_heading("Issues and actions", 2)
    add_table(d, [["Issue", "Root cause", "Action", "Owner"],
                  ["Replica lagged six hours", "No lag alert", "Alert on replica lag", "Priya"]])
    doc = parse(docx_bytes(d), key="cloud/wave3.docx")
    assert headings(doc) == [(1, "Wave 3 rollback"), (1, "1.1 Timeline"), (1, "What went well"),
                             (2, "Issues and actions")]
    assert lessons(doc) == [(K.WENT_WELL, "The rollback runbook worked first time."),
                            (K.WENT_WRONG, "Replica lagged six hours"), (K.ROOT_CAUSE, "No lag alert"),
                            (K.ACTION_ITEM, "Alert on replica lag (Owner: Priya)")]
    assert doc.title == "Wave 3 post-mortem" and doc.authors == [] and doc.date is None
    assert doc.doc_type == DocType.POST_MORTEM and doc.language == Language.EN


def test_a_damaged_docx_is_refused_by_name_of_its_format():
    d = new_docx()
    d.add_paragraph("text")
    data = docx_bytes(d)
    with pytest.raises(IngestError, match="not a readable .docx document"):
        parse(data[: len(data) // 2])


def test_an_old_word_file_renamed_docx_says_save_as_docx():
    with pytest.raises(IngestError, match="old binary Office file, not .docx: open it and save it as .docx"):
        parse(OLE_MAGIC + b"\x00" * 600)


def test_a_docx_that_unpacks_out_of_proportion_is_refused():
    d = new_docx()
    d.add_paragraph("text")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes(d))) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            z.writestr(info.filename, source.read(info.filename))
        z.writestr("word/media/padding.bin", b"\0" * (30 << 20))
    with pytest.raises(IngestError, match="more than 100 times its size"):
        parse(out.getvalue(), max_file_mb=20)


def test_a_password_protected_docx_says_so():
    # Word saves an encrypted .docx as an OLE compound file holding an "EncryptedPackage" stream.
    data = OLE_MAGIC + bytes(500) + "EncryptedPackage".encode("utf-16-le") + bytes(500)
    with pytest.raises(IngestError, match="the file is password-protected: save a copy without a password"):
        parse(data)


def test_a_paragraph_numbered_without_a_level_takes_its_list_style_level():
    """Word writes ``w:numPr`` with a ``w:numId`` and no ``w:ilvl`` on a paragraph of style "List Bullet 2": the
    level is the style's (2), not the first."""
    d = new_docx(title="迭代回顾")
    d.add_paragraph("做得好的地方", style="Heading 1")
    d.add_paragraph("每日站会让问题在当天暴露。", style="List Bullet")
    child = d.add_paragraph("站会控制在十五分钟以内。", style="List Bullet 2")
    child._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="2"/></w:numPr>'))
    doc = parse(docx_bytes(d))
    assert doc.sections[0].text == "- 每日站会让问题在当天暴露。\n  - 站会控制在十五分钟以内。"
    assert lessons(doc) == [(K.WENT_WELL, "每日站会让问题在当天暴露。站会控制在十五分钟以内。")]


def test_a_label_and_its_points_on_soft_line_breaks_give_one_lesson_a_point():
    """Chinese Word documents often put a label and its points in one paragraph, separated by Shift+Enter."""
    d = new_docx(title="月度复盘")
    d.add_paragraph("三月项目复盘", style="Heading 1")
    paragraph = d.add_paragraph()
    for number, text in enumerate(["做得好的：", "1. 需求评审提前一周完成", "2. 上线零回滚"]):
        run = paragraph.add_run(text)
        if number < 2:
            run.add_break()
    doc = parse(docx_bytes(d))
    assert lessons(doc) == [(K.WENT_WELL, "1. 需求评审提前一周完成"), (K.WENT_WELL, "2. 上线零回滚")]


@pytest.mark.parametrize("columns", [1, 2])  # a one-cell box, and a form's row of one cell spanning a 2-column table
def test_a_table_inside_a_box_or_a_spanning_row_keeps_its_text(columns):
    d = new_docx(title="项目复盘")
    d.add_heading("经验教训", 2)
    box = d.add_table(rows=1 if columns == 1 else 2, cols=columns)
    if columns == 2:
        box.cell(0, 0).text, box.cell(0, 1).text = "阶段", "说明"
        box.cell(1, 0).merge(box.cell(1, 1))
    cell = box.cell(0 if columns == 1 else 1, 0)
    cell.paragraphs[0].text = "框里的第一段：需求评审要请业务签字。"
    inner = cell.add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "问题", "措施"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "嵌套表格里的问题：接口延期", "每周联调一次"
    cell.add_paragraph("框里的最后一段。")
    text = parse(docx_bytes(d)).raw_text
    for part in ("框里的第一段", "嵌套表格里的问题：接口延期", "每周联调一次", "框里的最后一段"):
        assert part in text
    assert text.index("框里的第一段") < text.index("接口延期") < text.index("框里的最后一段")  # in reading order


def _form_table(d, rows: list[list[str]], layout: str):
    """A form table. Each row whose other cells are empty is, by ``layout``: "empty" left so, "hmerge" its cells
    joined with the legacy ``w:hMerge`` (restart, continue) as some Chinese forms write them (the other cells merged
    duplicates), "span" one cell spanning the table (``w:gridSpan``, read as text before)."""
    columns = max(len(row) for row in rows)
    table = d.add_table(rows=len(rows), cols=columns)
    for r, row in enumerate(rows):
        row = row + [""] * (columns - len(row))
        alone = not any(row[1:])
        if layout == "span" and alone:
            table.cell(r, 0).merge(table.cell(r, columns - 1))
        for c, text in enumerate(row[:1] if layout == "span" and alone else row):
            cell = table.cell(r, c)
            lines = text.split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
            if layout == "hmerge" and alone:
                cell._tc.get_or_add_tcPr().append(
                    parse_xml(f'<w:hMerge {nsdecls("w")} w:val="{"restart" if c == 0 else "continue"}"/>'))
    return table


# A 项目总结报告 form, two columns, as held 10's forms have it: "软件需求特性 || ", then the answers || "".
_SUMMARY_FORM = [["软件需求特性", ""],
                 ["需求实现情况\n实现的新增需求：用户代码历史版本管理\n未实现的需求：", ""],
                 ["软件度量", ""], ["软件代码行数：", "35390"], ["类的个数：", "18"],
                 ["经验和教训", ""],
                 ["问题：\n测试开始得太晚，上线前两天才发现接口不一致。\n经验：\n需求评审要请业务方签字确认。", ""]]
# A 迭代评估报告 form, four columns: key-value rows, then each answer in a row merged across the table (hMerge).
_EVALUATION_FORM = [["组号", "2", "项目名称", "Testland"], ["迭代名称", "技术原型迭代", "实际起止日期", "6.27-7.6"],
                    ["任务达成情况\n项目基本框架搭建完成。"],
                    ["问题、变更和返工\n问题\n测试开始得太晚，上线前两天才发现接口不一致。"],
                    ["经验和教训\n需求评审要请业务方签字确认。"]]


@pytest.mark.parametrize("form,layout", [(_SUMMARY_FORM, "empty"), (_SUMMARY_FORM, "hmerge"),
                                         (_EVALUATION_FORM, "hmerge")])
def test_a_form_answer_in_a_row_whose_other_cells_are_empty_is_read_as_text(form, layout):
    """Read as the same form with rows of one spanning cell is, the key-value rows of the table staying rows."""
    def read(form_layout):
        d = new_docx(title="项目总结报告")
        _form_table(d, form, form_layout)
        return parse(docx_bytes(d))

    doc, spanning = read(layout), read("span")
    assert "测试开始得太晚，上线前两天才发现接口不一致。" in [text for _, text in lessons(doc)]
    assert lessons(doc) == lessons(spanning) and headings(doc) == headings(spanning)
    assert doc.raw_text == spanning.raw_text and doc.html == spanning.html
    assert "<td>18</td>" in doc.html or "<th>Testland</th>" in doc.html  # the filled rows are still a table


@pytest.mark.parametrize("layout", ["span", "hmerge"])
def test_a_form_fragment_of_one_row_is_not_a_header_row(layout):
    """A form split by its rows of one cell into fragments of one row each: each is shown as data cells (<td>), not
    as a header row (<th>) heading nothing; a fragment of two rows or more keeps its first row as its header."""
    d = new_docx(title="项目总结报告")
    _form_table(d, [["项目名称", "仓储系统升级"], ["经验和教训\n需求评审要请业务方签字确认。", ""], ["负责人", "张伟"],
                    ["问题\n测试开始得太晚。", ""], ["阶段", "说明"], ["设计", "两周"]], layout)
    html = parse(docx_bytes(d)).html
    assert "<tr><td>项目名称</td><td>仓储系统升级</td></tr>" in html
    assert "<tr><td>负责人</td><td>张伟</td></tr>" in html
    assert "<tr><th>阶段</th><th>说明</th></tr>" in html and "<tr><td>设计</td><td>两周</td></tr>" in html


def test_a_data_table_or_register_row_with_empty_cells_stays_a_row():
    """A data table (no spanning rows, more than two columns) or a register: a row with only its first cell filled
    is a row (a register's row gives its lesson)."""
    d = new_docx(title="项目复盘")
    d.add_heading("贡献度", 1)
    add_table(d, [["姓名", "需求", "设计", "编码"], ["董绍启", "8%", "5%", "3%"], ["王璟昊", "", "", ""]])
    d.add_heading("问题清单", 1)
    add_table(d, [["问题", "改进措施"], ["接口延期五周", "合同增加交付里程碑"], ["测试环境晚到两周", ""]])
    doc = parse(docx_bytes(d))
    assert "<td>王璟昊</td>" in doc.html and "<td>测试环境晚到两周</td>" in doc.html
    assert (K.WENT_WRONG, "测试环境晚到两周") in lessons(doc)
