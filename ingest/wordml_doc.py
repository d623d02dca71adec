"""Word's XML of 2003 (WordprocessingML, ``<?mso-application progid="Word.Document"?>``): what Word's "Save as XML
Document" writes, and what systems that "export to Word" (导出Word) write from a template, named .doc. Written out as
HTML and read by the HTML reader (``ingest.html_doc``): its title and author (``o:DocumentProperties``), headings (a
paragraph style named "heading N", or an outline level), list items (``w:listPr``), tables and paragraphs.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from lxml import etree

from ingest.html_doc import parse_html
from ingest.source import RawFile
from kb.errors import IngestError
from kb.models import ParseResult

W = "{http://schemas.microsoft.com/office/word/2003/wordml}"
O = "{urn:schemas-microsoft-com:office:office}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
# A declaration of GB2312 or GBK read as GB18030, which holds both: a template declared GB2312 and filled with GBK's
# characters (朱镕基) was "not well-formed XML (line 1)".
_GB_DECLARED = re.compile(rb'\A(\s*<\?xml[^>]*?encoding\s*=\s*["\'])(?:gb2312|gbk|x-gbk)(["\'])', re.IGNORECASE)


def parse_wordml(raw: RawFile) -> ParseResult:
    """Parse a Word 2003 XML document as the HTML it shows.

    Raises:
        IngestError: the XML is not well formed (a template filled badly, a file cut off).
    """
    try:
        root = etree.fromstring(_GB_DECLARED.sub(rb"\1GB18030\2", raw.data, count=1), parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise IngestError(f"a Word 2003 XML document that is not well-formed XML (line {exc.lineno})") from None
    headings = _heading_styles(root)
    body = root.find(f"{W}body")
    parts = [_head(root)]
    if body is not None:
        parts += _blocks(body, headings)
    page = f"<html><head>{parts[0]}</head><body>{''.join(parts[1:])}</body></html>"
    return parse_html(replace(raw, data=page.encode("utf-8")))


def _head(root: etree._Element) -> str:
    """The document's title and author as the HTML reader reads them."""
    props = root.find(f"{O}DocumentProperties")
    if props is None:
        return ""
    title, author = props.findtext(f"{O}Title"), props.findtext(f"{O}Author")
    return (f"<title>{html.escape(title.strip())}</title>" if title and title.strip() else "") + (
        f'<meta name="author" content="{html.escape(author.strip())}">' if author and author.strip() else "")


def _heading_styles(root: etree._Element) -> dict[str, int]:
    """Paragraph style ids that are headings ("heading 1", whatever the id: Chinese Word's is "1"), by level; a
    template that defines no styles names them by id ("Heading1", "标题1")."""
    found = {f"{name}{n}": n for name in ("Heading", "heading", "标题") for n in range(1, 7)}
    for style in root.iter(f"{W}style"):
        name = (style.find(f"{W}name").get(f"{W}val") if style.find(f"{W}name") is not None else "") or ""
        words = name.lower().split()
        if len(words) == 2 and words[0] == "heading" and words[1].isdigit():
            found[style.get(f"{W}styleId") or ""] = min(int(words[1]), 6)
    return found


def _blocks(parent: etree._Element, headings: dict[str, int]) -> list[str]:
    """The HTML of the paragraphs and tables under an element, in order (Word wraps them in sections: wx:sect,
    wx:sub-section), consecutive list items in one list."""
    out: list[str] = []
    for child in parent:
        if child.tag == f"{W}p":
            out.append(_paragraph(child, headings))
        elif child.tag == f"{W}tbl":
            out.append(_table(child, headings))
        elif child.tag != f"{W}sectPr":
            out += _blocks(child, headings)
    return _lists(out)


def _paragraph(p: etree._Element, headings: dict[str, int]) -> str:
    text = html.escape(_text(p)).replace("\n", "<br>")
    ppr = p.find(f"{W}pPr")
    style = ppr.find(f"{W}pStyle") if ppr is not None else None
    outline = ppr.find(f"{W}outlineLvl") if ppr is not None else None
    level = headings.get(style.get(f"{W}val") or "") if style is not None else None
    if level is None and outline is not None and (outline.get(f"{W}val") or "").isdigit():
        level = min(int(outline.get(f"{W}val") or 0) + 1, 6)
    if level and text.strip():
        return f"<h{level}>{text}</h{level}>"
    if ppr is not None and ppr.find(f"{W}listPr") is not None and text.strip():
        return f"<li>{text}</li>"
    return f"<p>{text}</p>" if text.strip() else ""


def _table(tbl: etree._Element, headings: dict[str, int]) -> str:
    rows = []
    for tr in tbl.iter(f"{W}tr"):
        cells = ["<td>" + "<br>".join(html.escape(_text(p)) for p in tc.iter(f"{W}p")) + "</td>"
                 for tc in tr.findall(f"{W}tc")]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table>" + "".join(rows) + "</table>"


def _text(p: etree._Element) -> str:
    """A paragraph's text: its runs' text, tabs as spaces, line breaks kept; field codes left out."""
    parts = []
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}instrText"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append(" ")
        elif node.tag == f"{W}br":
            parts.append("\n")
    return "".join(parts)


def _lists(blocks: list[str]) -> list[str]:
    """Consecutive list items as one list."""
    out: list[str] = []
    for block in blocks:
        if block.startswith("<li>") and out and out[-1].endswith("</li></ul>"):
            out[-1] = out[-1][:-len("</ul>")] + block + "</ul>"
        elif block.startswith("<li>"):
            out.append(f"<ul>{block}</ul>")
        elif block:
            out.append(block)
    return out
