"""How much structure each candidate library keeps: the measurements behind ingest/docx_doc.py and ingest/pdf_doc.py.

    .venv/bin/python benchmarks/office_readers.py          (needs the bench and test extras, and fonts-noto-cjk)

Word: one document written as Chinese Word and WPS write them (标题 1 styles, an outline-level style, numbered and
bold headings, two list levels, a register table, a tracked deletion, a comment), read (a) by ingest/docx_doc.py on
python-docx and (b) by mammoth 1.13 to HTML and then the existing HTML path. Counted: headings found of those
written, items at level 2 of those written, table rows, deleted or comment text that leaked into the text.

PDF: the first corpus PDFs (Chinese and English, Noto CJK embedded by fpdf2) read by pypdfium2 and by pdfplumber:
characters found, and seconds.

Measured (2 cores, loaded): python-docx walker 9 of 9 headings, 2 of 2 second-level items, 2 table rows, nothing
leaked; mammoth 2 of 9 headings, 0 second-level items, 2 table rows, nothing leaked. pypdfium2 read 645-1,740
characters from each of the four corpus PDFs in 0.01-0.03 s; pdfplumber 0.11.10 read 0 characters from each.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADINGS = ["ERP升级一期复盘", "第一章 项目概况", "做得好的地方", "需要改进", "经验教训", "供应商沟通", "二、问题与整改",
            "What went well", "1.1 Timeline"]


def _docx() -> bytes:
    from tests.ingest.office_files import add_style, add_table, add_tracked, docx_bytes, new_docx

    d = new_docx(title="ERP升级一期复盘", author="张伟", created=datetime(2024, 6, 28))
    add_style(d, "标题 1")
    add_style(d, "章节标题", outline=1)
    d.add_paragraph("ERP升级一期复盘", style="Title")
    d.add_paragraph("第一章 项目概况")
    d.add_paragraph("项目于6月上线。")
    d.add_paragraph("做得好的地方", style="标题 1")
    d.add_paragraph("每日站会让问题在当天暴露。", style="List Bullet")
    d.add_paragraph("站会控制在十五分钟以内。", style="List Bullet 2")
    d.add_paragraph("需要改进", style="章节标题")
    paragraph = d.add_paragraph("测试环境直到SIT前一周才就绪，")
    add_tracked(paragraph, deleted="DELETED-TEXT", inserted="压缩了测试窗口。")
    d.add_comment(paragraph.runs[0], text="COMMENT-TEXT", author="王总")
    d.add_paragraph().add_run("经验教训").bold = True
    d.add_paragraph("长周期采购要在立项时启动。")
    d.add_paragraph().add_run("供应商沟通").bold = True
    d.add_paragraph("周会纪要当天发出。")
    d.add_paragraph("二、问题与整改")
    add_table(d, [["问题", "原因分析", "改进措施", "责任人"], ["接口延期", "合同无罚则", "合同加里程碑", "李娜"]])
    d.add_heading("What went well", 1)
    d.add_paragraph("Runbooks were rehearsed.", style="List Bullet")
    d.add_paragraph("Twice, with the DBAs.", style="List Bullet 2")
    d.add_heading("1.1 Timeline", 2)
    return docx_bytes(d)


def _count(blocks: list, text: str) -> dict[str, int]:
    headings = {b.text for b in blocks if b.kind == "heading"}
    return {"headings": sum(h in headings for h in HEADINGS), "of": len(HEADINGS),
            "level-2 items": sum(1 for b in blocks if b.kind == "item" and b.level == 2),
            "table rows": sum(1 for b in blocks if b.kind == "row"),
            "leaked deleted/comment": int("DELETED-TEXT" in text) + int("COMMENT-TEXT" in text)}


def word() -> None:
    import io

    import docx
    import mammoth

    from ingest.blocks import html_blocks
    from ingest.docx_body import _BodyWalker
    from ingest.docx_styles import _Styles

    data = _docx()
    document = docx.Document(io.BytesIO(data))
    blocks = _BodyWalker(_Styles(document.styles.element)).walk(document.element.body)
    print("python-docx walker:", _count(blocks, "\n".join(b.text for b in blocks)))
    html = mammoth.convert_to_html(io.BytesIO(data)).value
    blocks = html_blocks(html)
    print("mammoth -> HTML path:", _count(blocks, "\n".join(b.text for b in blocks)))


def pdf() -> None:
    import pdfplumber
    import pypdfium2 as pdfium

    for path in sorted((ROOT / "corpus").glob("*/*.pdf")):
        started = time.perf_counter()
        document = pdfium.PdfDocument(str(path))
        chars = sum(page.get_textpage().count_chars() for page in document)
        pdfium_s = time.perf_counter() - started
        started = time.perf_counter()
        with pdfplumber.open(path) as plumbed:
            plumber_chars = sum(len(page.chars) for page in plumbed.pages)
        plumber_s = time.perf_counter() - started
        print(f"{path.relative_to(ROOT)}: pypdfium2 {chars} characters in {pdfium_s:.3f} s; "
              f"pdfplumber {plumber_chars} in {plumber_s:.3f} s")


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    word()
    pdf()


if __name__ == "__main__":
    main()
