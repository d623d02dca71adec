"""Text the Word and PowerPoint readers once lost on real files (benchmarks/reader_coverage.py): text boxes, cells
inside content controls, shapes PowerPoint writes inside ``mc:AlternateContent``; each read once, never twice."""

from __future__ import annotations

import io
import zipfile

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from pptx import Presentation
from pptx.util import Inches

from ingest.docx_doc import parse_docx
from ingest.pptx_doc import parse_pptx
from ingest.source import RawFile
from tests.ingest.office_files import docx_bytes, new_docx, pptx_bytes

MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
WPS = 'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
WP = 'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
V = 'xmlns:v="urn:schemas-microsoft-com:vml"'


def _box(texts: list[str]) -> str:
    return "<w:txbxContent>" + "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in texts) + "</w:txbxContent>"


def _drawn_box(texts: list[str]) -> str:
    """A run holding a text box as Word 2010+ writes it: a DrawingML shape in the Choice, the same box in VML in the
    Fallback."""
    return (f'<w:r {nsdecls("w")} {MC} {WPS} {WP} {A} {V}><mc:AlternateContent>'
            '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData '
            'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>'
            f'{_box(texts)}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
            f'<mc:Fallback><w:pict><v:shape><v:textbox>{_box(texts)}</v:textbox></v:shape></w:pict></mc:Fallback>'
            '</mc:AlternateContent></w:r>')


def test_word_text_boxes_are_read_once_as_section_text_never_lessons():
    # A root-cause fishbone drawn in text boxes (a real RCA's causes: "Multiple tools (Cypress, Selenium, Framework)").
    d = new_docx()
    d.add_heading("问题与原因", level=1)
    anchor = d.add_paragraph("鱼骨图如下：")
    anchor._p.append(parse_xml(_drawn_box(["工具选型迟缓", "Multiple tools (Cypress, Selenium, Framework)"])))
    d.add_paragraph("测试环境不稳定，导致回归测试推迟两周。")
    doc = parse_docx(RawFile(data=docx_bytes(d), default_key="docs/rca.docx")).documents[0]
    assert doc.raw_text.count("工具选型迟缓") == 1
    assert doc.raw_text.count("Multiple tools (Cypress, Selenium, Framework)") == 1
    assert doc.raw_text.index("鱼骨图如下") < doc.raw_text.index("工具选型迟缓") < doc.raw_text.index("测试环境不稳定")
    assert any("工具选型迟缓" in s.text for s in doc.sections)
    assert not any("工具选型迟缓" in lesson.text or "Cypress" in lesson.text for lesson in doc.lessons)


def test_a_deleted_text_box_stays_out():
    d = new_docx()
    anchor = d.add_paragraph("正文")
    anchor._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="7" w:author="李娜" w:date="2024-06-20T00:00:00Z">'
                               + _drawn_box(["删掉的框"]).replace("<w:r ", "<w:r ", 1) + "</w:del>"))
    doc = parse_docx(RawFile(data=docx_bytes(d), default_key="a.docx")).documents[0]
    assert "删掉的框" not in doc.raw_text


def test_table_cells_inside_content_controls_are_read():
    # A meeting-minutes template: the fill-in cells are content controls around w:tc.
    d = new_docx()
    d.add_paragraph("Meeting minutes")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Topic", "Owner"
    row = table.rows[1]._tr
    for tc, text in zip(list(row.iterchildren("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc")),
                        ["Release slipped a week", "Facilitator: Dana"], strict=True):
        tc.append(parse_xml(f'<w:p {nsdecls("w")}><w:r><w:t>{text}</w:t></w:r></w:p>'))
        wrapper = parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr/><w:sdtContent/></w:sdt>')
        tc.addprevious(wrapper)
        wrapper[1].append(tc)
    doc = parse_docx(RawFile(data=docx_bytes(d), default_key="minutes.docx")).documents[0]
    assert "Release slipped a week" in doc.raw_text and "Facilitator: Dana" in doc.raw_text


def test_a_word_file_whose_body_is_not_named_document_xml_is_read():
    d = new_docx()
    d.add_paragraph("项目总结：接口联调比计划晚了两周。")
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(d)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in source.infolist():
            data = source.read(item.filename)
            name = item.filename
            if name == "word/document.xml":
                name = "word/document2.xml"
            elif name == "word/_rels/document.xml.rels":
                name = "word/_rels/document2.xml.rels"
            elif name in ("_rels/.rels", "[Content_Types].xml"):
                data = data.replace(b"word/document.xml", b"word/document2.xml")
            z.writestr(name, data)
    doc = parse_docx(RawFile(data=out.getvalue(), default_key="summary.docx")).documents[0]
    assert "接口联调比计划晚了两周" in doc.raw_text


P = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
A14 = 'xmlns:a14="http://schemas.microsoft.com/office/drawing/2010/main"'


def _alternate_box(shape_id: int, text: str, fallback_text: str) -> str:
    def shape(words: str) -> str:
        return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="TextBox {shape_id}"/><p:cNvSpPr txBox="1"/><p:nvPr/>'
                '</p:nvSpPr><p:spPr><a:xfrm><a:off x="457200" y="2743200"/><a:ext cx="8000000" cy="900000"/></a:xfrm>'
                '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>'
                f'<a:p><a:r><a:rPr lang="zh-CN"/><a:t>{words}</a:t></a:r></a:p></p:txBody></p:sp>')
    return (f'<mc:AlternateContent {MC} {P} {A} {A14}><mc:Choice Requires="a14">{shape(text)}</mc:Choice>'
            f'<mc:Fallback>{shape(fallback_text)}</mc:Fallback></mc:AlternateContent>')


def test_powerpoint_shapes_inside_alternate_content_are_read_once():
    # A slide's text box holding an equation is written inside mc:AlternateContent; python-pptx lists no such shape.
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "缺陷定位方法"
    box = slide.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(8), Inches(0.8))
    box.text_frame.text = "根据可疑度排序"
    slide.shapes._spTree.append(parse_xml(_alternate_box(99, "可疑度越高的语句排越前", "可疑度越高的语句排越前（图）")))
    doc = parse_pptx(RawFile(data=pptx_bytes(deck), default_key="deck.pptx")).documents[0]
    assert doc.raw_text.count("可疑度越高的语句排越前") == 1
    assert "（图）" not in doc.raw_text
    assert doc.raw_text.index("根据可疑度排序") < doc.raw_text.index("可疑度越高")


def test_a_word_file_without_any_text_is_an_empty_document_not_a_crash():
    # Real files in the mirrors (a template saved blank) made the reader fail with "zip() argument 2 is longer".
    doc = parse_docx(RawFile(data=docx_bytes(new_docx()), default_key="blank.docx")).documents[0]
    assert (doc.title, doc.raw_text, doc.lessons) == ("blank", "", [])


def test_a_deck_without_any_text_is_an_empty_document():
    deck = Presentation()
    deck.slides.add_slide(deck.slide_layouts[6])
    doc = parse_pptx(RawFile(data=pptx_bytes(deck), default_key="blank.pptx")).documents[0]
    assert (doc.raw_text, doc.lessons) == ("", [])


def test_a_text_box_in_a_table_cell_is_read_once():
    d = new_docx()
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "阶段", "说明"
    table.cell(1, 0).text = "联调"
    table.cell(1, 1).paragraphs[0]._p.append(parse_xml(_drawn_box(["接口文档滞后"])))
    doc = parse_docx(RawFile(data=docx_bytes(d), default_key="plan.docx")).documents[0]
    assert doc.raw_text.count("接口文档滞后") == 1
