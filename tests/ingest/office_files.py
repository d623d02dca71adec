"""Makers of Word, PowerPoint and PDF files for the tests (python-docx, python-pptx, fpdf2 with a Noto CJK font)."""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import tempfile
import weakref
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from ingest.docx_doc import parse_docx
from ingest.source import RawFile
from tests.conftest import lock_beside

# Debian's fonts-noto-cjk (scripts/test.sh installs it): collection index 2 is Simplified Chinese.
CJK_FONTS = {"": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
             "B": Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")}
SC_INDEX = 2


def docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def new_docx(title: str | None = None, author: str | None = None, created: datetime | None = None,
             keywords: str | None = None):
    document = Document()
    props = document.core_properties
    props.title = title or ""
    props.author = author or ""
    if created:
        props.created = created
    if keywords:
        props.keywords = keywords
    return document


def lines_docx(key: str, lines: list[tuple[str, str]], *, heading_level: int = 1):
    """A Word file read as if named ``key``: each line a heading ("h"), a bulleted item ("i") or a paragraph ("p")."""
    document = new_docx()
    for shape, text in lines:
        if shape == "h":
            document.add_heading(text, level=heading_level)
        elif shape == "i":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    return parse_docx(RawFile(data=docx_bytes(document), default_key=key)).documents[0]


def add_style(document, name: str, *, outline: int | None = None, style_id: str | None = None):
    """A paragraph style as Chinese Word or WPS writes one (a Chinese name, an outline level, a bare id)."""
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if style_id:
        style.element.set(qn("w:styleId"), style_id)
    if outline is not None:
        style.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{outline}"/>'))
    return style


def add_numbered(document, text: str, level: int):
    """A list paragraph numbered directly (w:numPr with w:ilvl), as Word writes a list at a level."""
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level - 1}"/><w:numId w:val="1"/></w:numPr>'))
    return paragraph


def add_tracked(paragraph, deleted: str, inserted: str) -> None:
    """A tracked deletion and a tracked insertion in a paragraph."""
    paragraph._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="91" w:author="李娜" w:date="2024-06-20T00:00:00Z">'
                                  f'<w:r><w:delText>{deleted}</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="92" w:author="李娜" w:date="2024-06-20T00:00:00Z">'
                                  f'<w:r><w:t>{inserted}</w:t></w:r></w:ins>'))


def add_table(document, rows: list[list[str]]):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    return table


def pptx_bytes(presentation) -> bytes:
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


_DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
_DRAWINGML = "http://schemas.openxmlformats.org/drawingml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def add_smartart(slide, nodes: list[tuple[int, str]], top: float = 2.0, *, drawing_only: bool = False):
    """A SmartArt graphic as PowerPoint writes one: a graphicFrame naming a diagram data part whose points hang
    under a doc point by parent-of connections ((depth, text) in order, depth 1 at the top), written in reverse
    document order (their order is the connections'), and a drawing part with the drawn text. ``drawing_only``:
    the data part's points have no text (the drawing part has it)."""
    from lxml import etree
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI
    from pptx.util import Inches

    package = slide.part.package
    number = len([p for p in package.iter_parts() if str(p.partname).startswith("/ppt/diagrams/data")]) + 1
    points, cxns, shapes, parents = [], [], [], {0: "{doc}"}
    order: dict[str, int] = {}
    for index, (depth, text) in enumerate(nodes, start=1):
        model = f"{{node-{index}}}"
        parents[depth] = model
        parent = parents[depth - 1]
        body = "" if drawing_only else f"<a:r><a:t>{text}</a:t></a:r>"
        points.append(f'<dgm:pt modelId="{model}"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:p>{body}</a:p>'
                      f"</dgm:t></dgm:pt>")
        points.append(f'<dgm:pt modelId="{{par-{index}}}" type="parTrans" cxnId="{{cxn-{index}}}"/>')
        cxns.append(f'<dgm:cxn modelId="{{cxn-{index}}}" srcId="{parent}" destId="{model}" '
                    f'srcOrd="{order.get(parent, 0)}" destOrd="0"/>')
        order[parent] = order.get(parent, 0) + 1
        shapes.append(f'<dsp:sp modelId="{model}"><dsp:txBody><a:bodyPr/><a:p><a:r><a:t>{text}</a:t></a:r></a:p>'
                      "</dsp:txBody></dsp:sp>")
    drawing = Part(PackURI(f"/ppt/diagrams/drawing{number}.xml"),
                   "application/vnd.ms-office.drawingml.diagramDrawing+xml", package,
                   (f'<dsp:drawing xmlns:dsp="http://schemas.microsoft.com/office/drawing/2008/diagram" '
                    f'xmlns:a="{_DRAWINGML}"><dsp:spTree>{"".join(shapes)}</dsp:spTree></dsp:drawing>').encode())
    drawing_id = slide.part.relate_to(drawing, "http://schemas.microsoft.com/office/2007/relationships/diagramDrawing")
    data = Part(PackURI(f"/ppt/diagrams/data{number}.xml"),
                "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml", package,
                (f'<dgm:dataModel xmlns:dgm="{_DGM}" xmlns:a="{_DRAWINGML}"><dgm:ptLst>'
                 f'<dgm:pt modelId="{{doc}}" type="doc"><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:p/></dgm:t></dgm:pt>'
                 f'{"".join(reversed(points))}</dgm:ptLst><dgm:cxnLst>{"".join(reversed(cxns))}</dgm:cxnLst><dgm:bg/>'
                 f'<dgm:whole/><dgm:extLst><a:ext uri="http://schemas.microsoft.com/office/drawing/2008/diagram">'
                 f'<dsp:dataModelExt xmlns:dsp="http://schemas.microsoft.com/office/drawing/2008/diagram" '
                 f'relId="{drawing_id}" minVer="http://schemas.openxmlformats.org/drawingml/2006/diagram"/></a:ext>'
                 f"</dgm:extLst></dgm:dataModel>").encode())
    data_id = slide.part.relate_to(data, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/diagramData")
    frame = etree.fromstring(
        f'<p:graphicFrame xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="{_DRAWINGML}" '
        f'xmlns:r="{_RELS}"><p:nvGraphicFramePr><p:cNvPr id="{900 + number}" name="Diagram {number}"/>'
        f'<p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="457200" y="{int(Inches(top))}"/>'
        f'<a:ext cx="8229600" cy="3000000"/></p:xfrm><a:graphic><a:graphicData uri="{_DGM}">'
        f'<dgm:relIds xmlns:dgm="{_DGM}" r:dm="{data_id}" r:lo="rId90" r:qs="rId91" r:cs="rId92"/>'
        f"</a:graphicData></a:graphic></p:graphicFrame>")
    slide.shapes._spTree.append(frame)


def font_path(style: str = "") -> Path:
    """The Noto CJK font file, or a failure saying how to install it (CI installs it: scripts/test.sh)."""
    path = CJK_FONTS[style]
    if not path.exists():
        pytest.fail(f"{path} is missing: install Debian's fonts-noto-cjk (scripts/test.sh does)")
    return path


TESTS_ROOT = Path(__file__).resolve().parents[1]
_TEXT_SUFFIXES = {".py", ".md", ".txt", ".csv", ".jsonl", ".json", ".html"}


def pdf_characters() -> str:
    """What the tests' PDFs can print: every character of the tests' own files, ASCII and Latin-1, general and CJK
    punctuation, full-width forms and the 3,755 GB2312 level-1 hanzi (texts built at run time)."""
    chars = set(map(chr, range(0x20, 0x100))) | set(map(chr, range(0x2000, 0x2070)))
    chars |= set(map(chr, range(0x3000, 0x3040))) | set(map(chr, range(0xFF00, 0xFFF0)))
    chars |= {bytes([high, low]).decode("gb2312") for high in range(0xB0, 0xD8) for low in range(0xA1, 0xFF)
              if (high, low) < (0xD7, 0xFA)}
    for path in TESTS_ROOT.rglob("*"):
        if path.suffix in _TEXT_SUFFIXES and path.is_file():
            chars |= set(path.read_text(encoding="utf-8", errors="ignore"))
    return "".join(sorted(chars))


@functools.cache
def small_font(style: str = "") -> tuple[Path, frozenset[int]]:
    """The collection's Simplified Chinese face cut down to ``pdf_characters`` (fontTools.subset; metrics, names and
    layout tables kept), and the code points that only the full face has.

    fpdf2 parsed the 20 MB collection for each style of each PDF and subset it again on output: about 1.7 s of
    CPU a PDF (BENCHMARKS.md, t-trim10d). Made once per machine for these fonts and this character set (their
    sizes, times and hash name the file, in the temporary folder), under a lock for a parallel run's workers."""
    full = font_path(style)
    chars = pdf_characters()
    stat = full.stat()
    key = hashlib.sha256(f"{full}|{stat.st_size}|{stat.st_mtime_ns}|{SC_INDEX}|{chars}".encode()).hexdigest()[:20]
    folder = Path(tempfile.gettempdir()) / "kb-test-fonts"
    small, codes = folder / f"{key}.otf", folder / f"{key}.codes.json"
    with lock_beside(folder / key):
        if not (small.exists() and codes.exists()):
            _write_small_font(full, chars, small, codes)
    return small, frozenset(json.loads(codes.read_text()))


def _write_small_font(full: Path, chars: str, small: Path, codes: Path) -> None:
    from fontTools.ttLib import TTFont

    # Bounding boxes and the time stamp kept as the full face's (recalculating them was 2/3 of the build's 36 s).
    with TTFont(str(full), fontNumber=SC_INDEX, lazy=True, recalcBBoxes=False, recalcTimestamp=False) as font:
        _subset_into(font, chars, small, codes)


def _subset_into(font, chars: str, small: Path, codes: Path) -> None:
    from fontTools import subset

    all_codes = set(font.getBestCmap())
    options = subset.Options(layout_features=["*"], name_IDs=["*"], name_languages=["*"], name_legacy=True,
                             notdef_outline=True, notdef_glyph=True, hinting=True, legacy_kern=True,
                             glyph_names=True, symbol_cmap=True, legacy_cmap=True, prune_unicode_ranges=False,
                             layout_closure=False)  # fpdf2 draws from the cmap (no text shaping here): 8 s less
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(char) for char in chars])
    subsetter.subset(font)
    kept = set(font.getBestCmap())
    partial = small.with_name(f"{small.name}.{os.getpid()}")
    font.save(str(partial))
    os.replace(partial, small)
    codes.write_text(json.dumps(sorted(all_codes - kept)))


def _small_font_pdf_class():
    from fpdf import FPDF

    class SmallFontPDF(FPDF):
        """FPDF whose "cjk" fonts are ``small_font``'s: a character the small font lacks and the full face has
        fails, named (fpdf2 would drop it silently); one neither has is dropped as before."""

        def normalize_text(self, text: str) -> str:
            if self.font_family == "cjk":
                full_only = small_font(self.font_style)[1]
                for char in text:
                    if ord(char) in full_only:
                        raise AssertionError(
                            f"{char!r} (U+{ord(char):04X}) is not in the tests' small CJK font: write it in a test "
                            "file (tests/ingest/office_files.py pdf_characters)")
            return super().normalize_text(text)

    return SmallFontPDF


def _close_fonts(fonts: list) -> None:
    for font in fonts:
        font.close()


def new_pdf(title: str | None = None, author: str | None = None, header: str | None = None,
            page_numbers: str | None = None):
    """An fpdf2 document with the CJK font, an optional running header and page numbers ("第 {n} 页")."""
    pdf = _small_font_pdf_class()()
    for style in ("", "B"):
        pdf.add_font("cjk", style=style, fname=str(small_font(style)[0]))
    # fpdf2 holds a font file open until output (the collection was read whole): closed too for a PDF never output.
    weakref.finalize(pdf, _close_fonts, list(pdf.fonts.values()))
    pdf.set_creation_date(datetime(2025, 3, 14))
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_auto_page_break(True, margin=25)

    def on_header() -> None:
        if header:
            pdf.set_font("cjk", size=8)
            pdf.set_y(8)
            pdf.cell(0, 5, header, align="C")
        pdf.set_y(25)

    def on_footer() -> None:
        if page_numbers:
            pdf.set_y(-15)
            pdf.set_font("cjk", size=8)
            pdf.cell(0, 10, page_numbers.format(n=pdf.page_no()), align="C")

    pdf.header = on_header
    pdf.footer = on_footer
    pdf.add_page()
    return pdf


def pdf_line(pdf, text: str, size: float = 11, bold: bool = False, indent: float = 0, gap: float = 0) -> None:
    """One line of text, exactly as given (no wrapping), below the previous one."""
    pdf.set_font("cjk", "B" if bold else "", size)
    if gap:
        pdf.ln(gap)
    pdf.set_x(pdf.l_margin + indent)
    pdf.cell(0, size * 0.55, text, new_x="LMARGIN", new_y="NEXT")


def pdf_bytes(pdf) -> bytes:
    return bytes(pdf.output())

