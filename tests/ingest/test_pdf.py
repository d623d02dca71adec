"""PDF files made here with fpdf2 and a Noto CJK font: headings, running headers and footers, page numbers,
joined lines, list items, a scan without text, a damaged file."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.pdf_doc import parse_pdf
from ingest.source import RawFile
from kb.errors import IngestError
from kb.models import Language, LessonKind
from tests.ingest.office_files import new_pdf, pdf_bytes, pdf_line

K = LessonKind


def parse(data: bytes, key: str = "docs/report.pdf"):
    return parse_pdf(RawFile(data=data, default_key=key)).documents[0]


@pytest.fixture(scope="module")
def zh_pdf():
    """Three pages: a running header, "第 N 页" footers, headings by size, weight and numbering."""
    pdf = new_pdf(title="仓储系统上线复盘报告", author="赵敏", header="WMS仓储系统项目 · 内部资料", page_numbers="第 {n} 页")
    pdf_line(pdf, "仓储系统上线复盘报告", size=20, bold=True)
    pdf_line(pdf, "日期：2025-05-20", gap=2)
    pdf_line(pdf, "一、做得好的地方", size=15, bold=True, gap=4)
    pdf_line(pdf, "• 波次拣货规则在上线前用真实订单回放了两周，", gap=1)
    pdf_line(pdf, "  上线当天没有出现拣货路径错误。", indent=4)
    pdf_line(pdf, "• 供应商驻场工程师与仓库主管同班次值守。")
    for number in range(40):  # filler to reach the next pages
        pdf_line(pdf, f"• 第{number + 1}号库区的盘点差异在三天内关闭。")
    pdf_line(pdf, "二、存在的问题", size=15, bold=True, gap=4)
    pdf_line(pdf, "手持终端的电池在夜班第六个小时就耗尽，备用电池数量按白班估算，", gap=1)
    pdf_line(pdf, "导致夜班拣货中断约四十分钟。")
    pdf_line(pdf, "改进措施", bold=True, gap=4)
    pdf_line(pdf, "1. 按班次时长重新核算备用电池数量。")
    pdf_line(pdf, "2. 上线前做一次整夜的压力演练。")
    return parse(pdf_bytes(pdf), key="wms/retro.pdf")


def test_headings_from_size_weight_and_numbering(zh_pdf):
    assert [(s.level, s.heading) for s in zh_pdf.sections] == [
        (1, "仓储系统上线复盘报告"), (2, "一、做得好的地方"), (2, "二、存在的问题"), (3, "改进措施")]


def test_running_headers_and_page_numbers_are_removed(zh_pdf):
    assert "内部资料" not in zh_pdf.raw_text and "第 2 页" not in zh_pdf.raw_text
    assert "第 1 页" not in zh_pdf.raw_text


def test_wrapped_chinese_lines_are_joined_without_a_space_and_items_keep_their_continuation(zh_pdf):
    assert (K.WENT_WELL, "波次拣货规则在上线前用真实订单回放了两周，上线当天没有出现拣货路径错误。") in [
        (lesson.kind, lesson.text) for lesson in zh_pdf.lessons]
    assert (K.WENT_WRONG, "手持终端的电池在夜班第六个小时就耗尽，备用电池数量按白班估算，导致夜班拣货中断约四十分钟。") in [
        (lesson.kind, lesson.text) for lesson in zh_pdf.lessons]


def test_every_item_across_pages_is_a_lesson_and_numbered_items_are_actions(zh_pdf):
    went_well = [lesson.text for lesson in zh_pdf.lessons if lesson.kind == K.WENT_WELL]
    assert len(went_well) == 42 and went_well[-1] == "第40号库区的盘点差异在三天内关闭。"
    assert [lesson.text for lesson in zh_pdf.lessons if lesson.kind == K.ACTION_ITEM] == [
        "按班次时长重新核算备用电池数量。", "上线前做一次整夜的压力演练。"]


def test_metadata_from_the_first_lines_and_the_document_information(zh_pdf):
    assert (zh_pdf.title, zh_pdf.authors, zh_pdf.date) == ("仓储系统上线复盘报告", ["赵敏"], date(2025, 5, 20))
    assert zh_pdf.language == Language.ZH and zh_pdf.format == "pdf"


def test_two_fields_set_apart_on_one_line_are_two_fields():
    # README, Documents and lessons: fields may share a line, apart by wide spaces, in every format that reads them;
    # the text layer joined the gap with one space, so the project read "Payment Gateway Date: 2026-11-20" and the
    # date was the file's creation date (2025-03-14). A label set apart from its own value is still one field.
    pdf = new_pdf()
    pdf_line(pdf, "Payment gateway retrospective", size=18, bold=True)
    pdf_line(pdf, "Project: Payment Gateway" + " " * 16 + "Date: 2026-11-20", gap=2)
    pdf_line(pdf, "作者：" + " " * 16 + "王恒宇")
    pdf_line(pdf, "Lessons learned", size=14, bold=True, gap=4)
    pdf_line(pdf, "1. Freeze the certification scope before the build starts.", gap=1)
    doc = parse(pdf_bytes(pdf))
    assert (doc.project, doc.date, doc.authors) == ("Payment Gateway", date(2026, 11, 20), ["王恒宇"])


def test_english_hyphenation_is_joined_and_page_x_of_y_removed():
    pdf = new_pdf(header="Data platform - internal", page_numbers="Page {n} of 1")  # one page: nothing repeats
    pdf_line(pdf, "Data platform migration post-mortem", size=18, bold=True)
    pdf_line(pdf, "Background", bold=True, gap=4)  # bold at body size: a heading below the sized ones
    pdf_line(pdf, "The platform moved to the new cluster in March.", gap=1)
    pdf_line(pdf, "Root cause", size=14, bold=True, gap=4)
    pdf_line(pdf, "The nightly load job had no owner after the reorgani-", gap=1)
    pdf_line(pdf, "zation, so its failure alerts went to a mailbox nobody read; about")
    pdf_line(pdf, "2.5 million rows were reloaded by hand.")  # a wrapped line, not a list item
    pdf_line(pdf, "Lessons learned", size=14, bold=True, gap=4)
    pdf_line(pdf, "- Every scheduled job needs a named owner in the run book.", gap=1)
    doc = parse(pdf_bytes(pdf), key="data/pm.pdf")
    assert [(lesson.kind, lesson.text) for lesson in doc.lessons] == [
        (K.ROOT_CAUSE, ("The nightly load job had no owner after the reorganization, so its failure alerts went to "
                        "a mailbox nobody read; about 2.5 million rows were reloaded by hand.")),
        (K.LESSON, "Every scheduled job needs a named owner in the run book.")]
    assert [(s.level, s.heading) for s in doc.sections] == [
        (1, "Data platform migration post-mortem"), (3, "Background"), (2, "Root cause"), (2, "Lessons learned")]
    assert "Page 1" not in doc.raw_text and "internal" not in doc.raw_text and doc.language == Language.EN


def scan_without_text(pages: int) -> bytes:
    """A PDF of ``pages`` "scanned" pages: marks, no text (and none for OCR to find)."""
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.rect(20, 20, 100, 60, style="F")
    return pdf_bytes(pdf)


@pytest.mark.parametrize("pages, said", [(1, "(1 page without a text layer"), (2, "(2 pages without a text layer")])
def test_a_pdf_without_a_text_layer_is_reported_as_scanned(pages, said):
    with pytest.raises(IngestError, match="^scanned: no text") as raised:
        parse(scan_without_text(pages))
    assert said in str(raised.value)  # it said "(1 page(s) without a text layer"


def test_a_damaged_pdf_is_refused():
    with pytest.raises(IngestError, match="not a readable PDF"):
        parse(b"%PDF-1.7\n" + b"garbage " * 200)


def test_a_password_protected_pdf_says_so():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.cell(0, 6, "Lessons learned")
    pdf.set_encryption(owner_password="owner", user_password="reader")
    with pytest.raises(IngestError, match="the PDF is password-protected: save a copy without a password"):
        parse(bytes(pdf.output()))


def test_a_scan_is_read_by_ocr_where_tesseract_is_installed_and_marked_so():
    import pypdfium2 as pdfium
    from fpdf import FPDF

    from ingest.ocr import ocr_engine

    if ocr_engine() is None:
        pytest.skip("the optional OCR extra is not installed (pip install 'lessons-kb[ocr]', tesseract-ocr-chi-sim)")
    text_pdf = new_pdf()
    pdf_line(text_pdf, "仓储系统上线复盘", size=18, bold=True)
    pdf_line(text_pdf, "存在的问题", size=14, bold=True, gap=4)
    pdf_line(text_pdf, "- 手持终端的电池在夜班第六个小时就耗尽。", gap=2)
    pdf_line(text_pdf, "- The label printers arrived two weeks late.")
    image = pdfium.PdfDocument(pdf_bytes(text_pdf))[0].render(scale=200 / 72).to_pil()
    scan = FPDF()
    scan.add_page()
    scan.image(image, x=0, y=0, w=210)  # a page that is only a picture of text
    result = parse_pdf(RawFile(data=bytes(scan.output()), default_key="wms/scan.pdf"))
    doc = result.documents[0]
    assert doc.meta["ocr"].startswith("tesseract ") and "chi_sim" in doc.meta["ocr"]
    assert result.warnings[0].message.startswith("scanned: no text layer; the text was read by OCR")
    assert [(lesson.kind, lesson.text) for lesson in doc.lessons] == [
        (K.WENT_WRONG, "手持终端的电池在夜班第六个小时就耗尽。"), (K.WENT_WRONG, "The label printers arrived two weeks late.")]


def test_a_short_chinese_line_ends_its_paragraph_even_without_a_full_stop():
    """Chinese text fills its lines to the margin: a line that stops well short of it ends a paragraph, even when
    the writer leaves off the full stop (lovemilk2333/notes, Gitea 事故通报, read from a PDF)."""
    pdf = new_pdf(title="事故通报", author="")
    pdf_line(pdf, "原因分析", size=15, bold=True, gap=4)
    pdf_line(pdf, "2025 年 12 月 26 日, 本人尝试彻底解决该硬盘问题半小时后, 本人最终确认硬盘并非因自身原因, 而")
    pdf_line(pdf, "是 SATA 数据连接线出现问题导致硬盘频繁断链或挂载无效,故更换了 SATA 数据连接线")
    pdf_line(pdf, "两小时后, smartctl 的 long test 成功, 测试显示硬盘无异常情况, 最终基本上确认了 \"硬盘问题\" 由 SATA")
    pdf_line(pdf, "数据连接线导致")
    doc = parse(pdf_bytes(pdf), key="notes/incident.pdf")
    assert [lesson.text[:6] for lesson in doc.lessons] == ["2025 年", "两小时后, "]
    assert doc.lessons[0].text.endswith("故更换了 SATA 数据连接线")


def _cells(pdf, texts: list[str], lefts: list[float], size: float = 10) -> None:
    """One row of text pieces set at the same height, each at its own left edge (millimetres)."""
    pdf.set_font("cjk", "", size)
    y = pdf.get_y()
    for text, left in zip(texts, lefts):
        pdf.set_xy(pdf.l_margin + left, y)
        pdf.cell(0, size * 0.55, text)
    pdf.set_xy(pdf.l_margin, y + size * 0.6)


def test_a_register_table_becomes_lessons_and_two_columns_read_one_after_the_other():
    pdf = new_pdf(title="系统切换复盘")
    pdf_line(pdf, "问题与整改", size=15, bold=True, gap=4)
    _cells(pdf, ["问题", "原因分析", "改进措施", "责任人"], [0, 45, 95, 150])
    _cells(pdf, ["供应商接口延期五周", "合同没有里程碑罚则", "合同增加交付里程碑", "李娜"], [0, 45, 95, 150])
    _cells(pdf, ["数据迁移漏了历史订单", "迁移范围未经业务确认", "迁移范围由业务签字", "王强"], [0, 45, 95, 150])
    pdf_line(pdf, "经验教训", size=15, bold=True, gap=6)
    # Two columns set line by line across the page, as some writers do: the left column is read first.
    _cells(pdf, ["长周期采购要在立项时启动，不能等", "切换前必须做一次完整的彩排，包括"], [0, 95])
    _cells(pdf, ["到设计冻结以后再启动。", "回退步骤和通知客户的模板。"], [0, 95])
    doc = parse(pdf_bytes(pdf), key="retro/cutover.pdf")
    got = [(lesson.kind, lesson.text) for lesson in doc.lessons]
    assert (K.WENT_WRONG, "供应商接口延期五周") in got and (K.ROOT_CAUSE, "合同没有里程碑罚则") in got
    assert (K.ACTION_ITEM, "迁移范围由业务签字 (责任人: 王强)") in got
    assert (K.LESSON, "长周期采购要在立项时启动，不能等到设计冻结以后再启动。") in got
    assert (K.LESSON, "切换前必须做一次完整的彩排，包括回退步骤和通知客户的模板。") in got


def test_a_justified_line_with_few_spaces_is_prose_not_a_table_row():
    """fpdf2 justifies by default, as Word can: a Chinese line with a few spaces has them stretched wide
    ("…为空；6     月     22     日     02:30"). Such a line is its paragraph's, not a row of cells; a table whose
    columns happen to sit evenly apart (short cells) is still a table."""
    pdf = new_pdf(title="切换故障复盘")
    pdf_line(pdf, "一、事件经过", size=15, bold=True, gap=4)
    pdf.set_font("cjk", "", 10.5)
    pdf.multi_cell(0, 6, "第二批（华南、华东两个大区，约 18 万条客户记录）于 6 月 21 日周六晚切换。22:40 数据校验发现约 1.2 "
                         "万条客户的归属销售为空；6 月 22 日 02:30 决定部分回滚，华东大区回到旧系统运行，华南大区在新系统上"
                         "手工修复后于周一 9:00 开放。华东大区延后一周、在 6 月 28 日重新切换并成功。", align="J",
                   new_x="LMARGIN", new_y="NEXT")
    pdf_line(pdf, "二、季度指标", size=15, bold=True, gap=4)
    for row in (["季度", "Q1", "Q2", "Q3"], ["准时率", "81%", "86%", "92%"]):
        _cells(pdf, row, [0, 40, 80, 120])
    doc = parse(pdf_bytes(pdf), key="retro/cutover.pdf")
    assert "6 月 22 日 02:30" in doc.raw_text and "周一 9:00" in doc.raw_text
    assert doc.html.count("<table>") == 1 and "<td>81%</td>" in doc.html and "<td>万条" not in doc.html


def test_a_numbered_bold_line_a_little_larger_than_the_text_is_a_heading():
    """Markdown "####" headings printed at 12 pt over 11 pt text, numbered "3." (sunshine2285/PCES 项目总结, read
    from a PDF): headings, not list items."""
    pdf = new_pdf(title="项目总结")
    pdf_line(pdf, "1. 项目成员分工和预期计划", size=12, bold=True, gap=4)
    pdf_line(pdf, "孙浩杰负责项目整体架构的设计。")
    pdf_line(pdf, "3. 实际遇到哪些问题，是如何解决的 ？", size=12, bold=True, gap=4)
    pdf_line(pdf, "• 问题：数据库设计存在不足，如何设计完备的数据库？")
    pdf_line(pdf, "• 问题：前后端接口不统一，如何设计统一数据交换接口？")
    doc = parse(pdf_bytes(pdf), key="blog/summary.pdf")
    assert [s.heading for s in doc.sections] == ["1. 项目成员分工和预期计划", "3. 实际遇到哪些问题，是如何解决的 ？"]
    assert [lesson.kind for lesson in doc.lessons] == [K.WENT_WRONG, K.WENT_WRONG]
