"""Write the corpus's Word, PowerPoint and PDF documents (12: six Chinese, six English) from the text below.

Usage: .venv/bin/python scripts/make_office_corpus.py   (needs the test extras: fpdf2; and fonts-noto-cjk)

The files are committed; this script is how they were made, so they can be made again. Their text is in
``corpus_office_text.py`` beside it: each document is a list of parts, rendered as Word headings, lists and tables,
as slides (a heading starts one, ``notes`` are its speaker notes), or as a PDF page flow with a running header and
page numbers. Dates, authors and titles are set in the files' properties, as Word and PowerPoint do.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from corpus_office_text import DOCUMENTS

FONTS = {"": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
         "B": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")}


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    for doc in DOCUMENTS:
        path = ROOT / "corpus" / doc["path"]
        writer = {".docx": write_docx, ".pptx": write_pptx, ".pdf": write_pdf}[path.suffix]
        data = writer(doc)
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)}: {len(data):,} bytes")


def _when(doc: dict) -> datetime:
    return datetime.fromisoformat(doc["date"])


def write_docx(doc: dict) -> bytes:
    import io

    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    props = document.core_properties
    props.title, props.author, props.created = doc["title"], ", ".join(doc["authors"]), _when(doc)
    props.keywords, props.last_modified_by = ", ".join(doc.get("tags", [])), doc["authors"][0]
    heading_styles = {}
    if doc.get("chinese_styles"):
        # As Chinese Word shows them: styles named 标题 1 / 标题 2 with outline levels.
        for level in (1, 2):
            style = document.styles.add_style(f"标题 {level}", WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = document.styles[f"Heading {level}"]
            style.element.get_or_add_pPr().append(
                parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{level - 1}"/>'))
            heading_styles[level] = style
    document.add_paragraph(doc["title"], style="Title")
    for part in doc["parts"]:
        kind, value = part[0], part[1]
        if kind in ("h1", "h2"):
            level = int(kind[1])
            if level in heading_styles:
                document.add_paragraph(value, style=heading_styles[level])
            else:
                document.add_heading(value, level)
        elif kind == "bold":
            document.add_paragraph().add_run(value).bold = True
        elif kind == "p":
            document.add_paragraph(value)
        elif kind == "ul":
            for level, text in value:
                document.add_paragraph(text, style="List Bullet" if level == 1 else "List Bullet 2")
        elif kind == "ol":
            for text in value:
                document.add_paragraph(text, style="List Number")
        elif kind == "table":
            table = document.add_table(rows=len(value), cols=len(value[0]))
            table.style = "Table Grid"
            for r, row in enumerate(value):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
        elif kind == "notes":
            continue  # speaker notes: slides only
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_pptx(doc: dict) -> bytes:
    import io

    from pptx import Presentation
    from pptx.util import Inches, Pt

    presentation = Presentation()
    props = presentation.core_properties
    props.title, props.author, props.created = doc["title"], ", ".join(doc["authors"]), _when(doc)
    props.keywords, props.last_modified_by = ", ".join(doc.get("tags", [])), doc["authors"][0]
    slide = presentation.slides.add_slide(presentation.slide_layouts[0])
    slide.shapes.title.text = doc["title"]
    slide.placeholders[1].text = doc["subtitle"]
    frame = None
    for part in doc["parts"]:
        kind, value = part[0], part[1]
        if kind in ("h1", "h2"):
            slide = presentation.slides.add_slide(presentation.slide_layouts[1])
            slide.shapes.title.text = value
            frame = slide.placeholders[1].text_frame
            frame.text = ""
        elif kind in ("ul", "ol", "p", "bold"):
            items = value if kind == "ul" else [(1, t) for t in value] if kind == "ol" else [(1, value)]
            for level, text in items:
                paragraph = frame.paragraphs[0] if not frame.text and len(frame.paragraphs) == 1 else \
                    frame.add_paragraph()
                paragraph.text = text
                paragraph.level = level - 1
                paragraph.font.size = Pt(16 if level == 1 else 14)
        elif kind == "table":
            body = slide.placeholders[1]
            body.element.getparent().remove(body.element)  # the table takes the body's place
            shape = slide.shapes.add_table(len(value), len(value[0]), Inches(0.4), Inches(1.6), Inches(9.2),
                                           Inches(0.4) * len(value))
            for r, row in enumerate(value):
                for c, text in enumerate(row):
                    cell = shape.table.cell(r, c)
                    cell.text = text
                    cell.text_frame.paragraphs[0].font.size = Pt(11)
        elif kind == "notes":
            slide.notes_slide.notes_text_frame.text = value
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def write_pdf(doc: dict) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    for style, path in FONTS.items():
        if not path.exists():
            raise SystemExit(f"{path} is missing: apt-get install fonts-noto-cjk")
        pdf.add_font("cjk", style=style, fname=str(path), collection_font_number=2)
    pdf.set_title(doc["title"])
    pdf.set_author(", ".join(doc["authors"]))
    pdf.set_keywords(", ".join(doc.get("tags", [])))
    pdf.set_creation_date(_when(doc))
    pdf.set_auto_page_break(True, margin=22)
    page_label = doc.get("page_label", "Page {n}")

    def header() -> None:
        pdf.set_font("cjk", size=8)
        pdf.set_y(9)
        pdf.cell(0, 5, doc["running_header"], align="R")
        pdf.set_y(24)

    def footer() -> None:
        pdf.set_y(-14)
        pdf.set_font("cjk", size=8)
        pdf.cell(0, 8, page_label.format(n=pdf.page_no()), align="C")

    pdf.header, pdf.footer = header, footer
    pdf.add_page()
    write = pdf.multi_cell
    pdf.set_font("cjk", "B", 18)
    write(0, 9, doc["title"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=10.5)
    pdf.ln(1)
    for line in doc.get("header_lines", []):
        write(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    for part in doc["parts"]:
        kind, value = part[0], part[1]
        if kind in ("h1", "h2"):
            pdf.ln(4)
            pdf.set_font("cjk", "B", 14 if kind == "h1" else 12)
            write(0, 8, value, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("cjk", size=10.5)
        elif kind == "bold":
            pdf.ln(2)
            pdf.set_font("cjk", "B", 10.5)
            write(0, 6, value, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("cjk", size=10.5)
        elif kind == "p":
            pdf.ln(1.5)
            write(0, 6, value, new_x="LMARGIN", new_y="NEXT")
        elif kind in ("ul", "ol"):
            items = value if kind == "ul" else [(1, t) for t in value]
            for number, (level, text) in enumerate(items, start=1):
                mark = f"{number}." if kind == "ol" else ("•" if level == 1 else "–")
                pdf.ln(1)
                pdf.set_x(pdf.l_margin + 6 * (level - 1))
                width = pdf.epw - 6 * (level - 1)
                write(width, 6, f"{mark} {text}", new_x="LMARGIN", new_y="NEXT")
        elif kind == "table":
            # Tables in a PDF are text: the reader sees lines, so write each row as a list item.
            header, rows = value[0], value[1:]
            for row in rows:
                pdf.ln(1)
                text = "；".join(f"{h}：{c}" for h, c in zip(header, row) if c) if doc["lang"] == "zh" else \
                    "; ".join(f"{h}: {c}" for h, c in zip(header, row) if c)
                write(0, 6, f"• {text}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


if __name__ == "__main__":
    main()
