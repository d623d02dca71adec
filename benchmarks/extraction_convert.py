"""Markdown -> Word, PowerPoint or PDF, for the extraction benchmark's converted documents.

The Markdown is rendered with the project's own renderer and walked into blocks (headings, list items with their
levels, paragraphs, table rows). Those become Word heading styles and list styles, slides (one per top-level
section, the heading as the slide title, items as bulleted paragraphs with levels), or PDF lines (headings larger
and bold). The result is what a person gets by pasting a Markdown retrospective into Word or PowerPoint by hand,
which is how these formats usually carry retrospectives.

    .venv/bin/python benchmarks/extraction_convert.py SOURCE.md OUT.docx|OUT.pptx|OUT.pdf
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.blocks import Block, html_blocks
from ingest.frontmatter import split_front_matter
from ingest.markdown_doc import render_markdown

CJK_FONTS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
CJK_BOLD_FONTS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
                  "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc")


def markdown_blocks(text: str) -> list[Block]:
    """The blocks of a Markdown text (front matter left out)."""
    _, body, _ = split_front_matter(text)
    return html_blocks(render_markdown(body))


def to_docx(blocks: list[Block]) -> bytes:
    """A Word document: headings as 'Heading N', items as 'List Bullet' with their level (w:ilvl, as Word writes a
    nested list), rows as a table."""
    import docx

    document = docx.Document()
    bullet_num = document.styles["List Bullet"].element.pPr.numPr.numId.val
    table = None
    for block in blocks:
        if block.kind != "row":
            table = None
        if block.kind == "heading":
            document.add_heading(block.text, level=min(block.level, 9))
        elif block.kind == "item":
            paragraph = document.add_paragraph(block.text, style="List Bullet")
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = min(max(block.level - 1, 0), 8)
            num_pr.get_or_add_numId().val = bullet_num
        elif block.kind == "row":
            if table is None or len(block.cells) != len(table.columns):
                table = document.add_table(rows=0, cols=max(len(block.cells), 1))
            cells = table.add_row().cells
            for cell, text in zip(cells, block.cells):
                cell.text = text
        else:
            document.add_paragraph(block.text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_pptx(blocks: list[Block], title: str) -> bytes:
    """Slides: a title slide, then one slide per level-1/2 heading with its items and paragraphs as bullets."""
    import pptx
    from pptx.util import Pt

    deck = pptx.Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    slide.shapes.title.text = title
    body = None
    for block in blocks:
        if block.kind == "heading" and block.level <= 2:
            slide = deck.slides.add_slide(deck.slide_layouts[1])
            slide.shapes.title.text = block.text
            body = slide.placeholders[1].text_frame
            body.clear()
            continue
        if body is None:
            slide = deck.slides.add_slide(deck.slide_layouts[1])
            slide.shapes.title.text = title
            body = slide.placeholders[1].text_frame
            body.clear()
        paragraph = body.paragraphs[0] if not body.paragraphs[0].text else body.add_paragraph()
        if block.kind == "heading":
            paragraph.text = block.text
            paragraph.runs[0].font.bold = True
        elif block.kind == "item":
            paragraph.text = block.text
            paragraph.level = min(max(block.level - 1, 0), 4)
        elif block.kind == "row":
            paragraph.text = " | ".join(block.cells)
        else:
            paragraph.text = block.text
        for run in paragraph.runs:
            run.font.size = Pt(14)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def to_pdf(blocks: list[Block]) -> bytes:
    """A PDF with a text layer: headings in a larger bold font, items indented with a bullet."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    regular = next((f for f in CJK_FONTS if Path(f).exists()), None)
    bold = next((f for f in CJK_BOLD_FONTS if Path(f).exists()), regular)
    if regular is None:
        raise RuntimeError("a CJK font is needed to write the PDF (Debian: fonts-noto-cjk)")
    pdf.add_font("cjk", "", regular)
    pdf.add_font("cjk", "B", bold)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for block in blocks:
        if block.kind == "heading":
            pdf.set_font("cjk", "B", {1: 18, 2: 15, 3: 13}.get(block.level, 12))
            pdf.ln(3)
            pdf.multi_cell(width, 8, block.text)
        elif block.kind == "item":
            pdf.set_font("cjk", "", 11)
            indent = 6 * max(block.level, 1)
            pdf.set_x(pdf.l_margin + indent)
            pdf.multi_cell(width - indent, 6, "• " + block.text)
        elif block.kind == "row":
            pdf.set_font("cjk", "", 10)
            pdf.multi_cell(width, 6, "  |  ".join(block.cells))
        else:
            pdf.set_font("cjk", "", 11)
            pdf.multi_cell(width, 6, block.text)
        pdf.set_x(pdf.l_margin)
    return bytes(pdf.output())


def convert(markdown: str, target: str, title: str = "") -> bytes:
    """Markdown text converted to 'docx', 'pptx' or 'pdf' bytes."""
    blocks = markdown_blocks(markdown)
    if target == "docx":
        return to_docx(blocks)
    if target == "pptx":
        return to_pptx(blocks, title or next((b.text for b in blocks if b.kind == "heading"), "Retrospective"))
    if target == "pdf":
        return to_pdf(blocks)
    raise ValueError(f"cannot convert to {target!r} (docx, pptx or pdf)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the Markdown file")
    parser.add_argument("out", type=Path, help="the file to write: .docx, .pptx or .pdf")
    args = parser.parse_args()
    args.out.write_bytes(convert(args.source.read_text(encoding="utf-8"), args.out.suffix.lstrip(".")))


if __name__ == "__main__":
    main()
