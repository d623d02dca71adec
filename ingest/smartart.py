"""The text of a SmartArt diagram on a PowerPoint slide, as list items at their depth in the diagram.

A SmartArt graphic is a ``graphicFrame`` whose graphic data names its parts by relationship id (``dgm:relIds
r:dm=…``). The data part (``ppt/diagrams/dataN.xml``) holds the diagram's points (``dgm:pt``, each node with its text
in ``dgm:t``) and their connections (``dgm:cxn``: parent, child, and the child's order); the points hang under one
``doc`` point. PowerPoint also caches the drawn shapes in a drawing part (``drawingN.xml``, ``dsp:sp`` with text),
read when the data part gives no text.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from kb.text import normalize_space

DIAGRAM_URI = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
_NS = {"dgm": DIAGRAM_URI, "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "dsp": "http://schemas.microsoft.com/office/drawing/2008/diagram"}
_DRAWING_REL = "http://schemas.microsoft.com/office/2007/relationships/diagramDrawing"
MAX_DEPTH = 20
_REL_IDS = etree.XPath(".//dgm:relIds", namespaces=_NS)  # lxml's own: python-pptx's elements take no namespaces


def smartart_items(shape: Any, part: Any) -> list[tuple[int, str]]:
    """(depth, text) of each node of a SmartArt shape, in the diagram's order (depth 1 under the diagram itself);
    [] for any other shape, or when its parts are missing or broken."""
    ids = _REL_IDS(shape._element) if hasattr(shape, "_element") else []
    if not ids:
        return []
    data_id = ids[0].get(f"{{{_NS['r']}}}dm")
    data = _related_xml(part, data_id)
    items = _data_items(data) if data is not None else []
    if not items:
        drawing = _related_xml(part, _drawing_id(data, part))
        items = _drawing_items(drawing) if drawing is not None else []
    return items


def _related_xml(part: Any, rel_id: str | None) -> Any:
    """The parsed XML of a part related to a slide, or None."""
    if not rel_id:
        return None
    try:
        blob = part.related_part(rel_id).blob
        return etree.fromstring(blob, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except (KeyError, ValueError, etree.XMLSyntaxError, AttributeError):
        return None


def _point_text(point: Any) -> str:
    """A point's text, its paragraphs joined by a space."""
    paragraphs = ["".join(point_run.text or "" for point_run in p.xpath(".//a:t", namespaces=_NS))
                  for p in point.xpath("./dgm:t/a:p", namespaces=_NS)]
    return normalize_space(" ".join(p for p in paragraphs if p.strip()))


def _data_items(root: Any) -> list[tuple[int, str]]:
    """Nodes with text from the data part, walked from its ``doc`` point along parent-of connections."""
    points = root.xpath("./dgm:ptLst/dgm:pt", namespaces=_NS)
    texts = {p.get("modelId"): _point_text(p) for p in points if p.get("type", "node") == "node"}
    children: dict[str, list[tuple[int, str]]] = {}
    for cxn in root.xpath("./dgm:cxnLst/dgm:cxn", namespaces=_NS):
        if cxn.get("type", "parOf") == "parOf":
            children.setdefault(cxn.get("srcId"), []).append((int(cxn.get("srcOrd") or 0), cxn.get("destId")))
    roots = [p.get("modelId") for p in points if p.get("type") == "doc"]
    if not roots or not children:
        return [(1, text) for text in texts.values() if text]
    out: list[tuple[int, str]] = []
    seen: set[str] = set()
    stack = [(1, child) for _, child in sorted(children.get(roots[0], []), reverse=True)]
    while stack:
        depth, node = stack.pop()
        if node in seen or depth > MAX_DEPTH:
            continue
        seen.add(node)
        if texts.get(node):
            out.append((depth, texts[node]))
        stack.extend((depth + 1, child) for _, child in sorted(children.get(node, []), reverse=True))
    return out


def _drawing_id(data: Any, part: Any) -> str | None:
    """The relationship id of the drawing part: as the data part names it (``dsp:dataModelExt relId``), else the
    slide's only diagram drawing."""
    found = data.xpath(".//dsp:dataModelExt/@relId", namespaces=_NS) if data is not None else []
    if found:
        return str(found[0])
    drawings = [rel_id for rel_id, rel in part.rels.items() if rel.reltype == _DRAWING_REL]
    return drawings[0] if len(drawings) == 1 else None


def _drawing_items(root: Any) -> list[tuple[int, str]]:
    """The text of the drawn shapes, in their order (no depth is known: all at depth 1)."""
    out = []
    for body in root.xpath(".//dsp:txBody", namespaces=_NS):
        text = normalize_space(" ".join("".join(t.text or "" for t in p.xpath(".//a:t", namespaces=_NS))
                                        for p in body.xpath("./a:p", namespaces=_NS)))
        if text:
            out.append((1, text))
    return out
