"""PowerPoint files (.pptx), read with python-pptx.

Each slide's title is a heading (the first slide's at level 1, the others at level 2); the paragraphs of its body
placeholders are list items at their outline level, except a short line in bold throughout, which is a sub-heading
("What worked"); other text boxes are paragraphs; tables are read as in Word
(``ingest.tables``: a register-like header makes lessons of its rows). Shapes are read top to bottom, left to
right, groups included, and those PowerPoint writes inside ``mc:AlternateContent`` (a text box holding an equation),
once. A slide's speaker notes follow its content as section text (never lessons).
Document properties give the title, authors, date and tags, as for Word; the first slide's field lines
("项目：海外仓扩建　日期：2026-11-20", "Project: Warehouse Robotics Pilot · 2026-11-15") are the deck's own word over
them, read as Word's first paragraphs are (``ingest.text_doc.header_metadata``).
"""

from __future__ import annotations

import io
import re
from typing import Any

from ingest.archive import archive_cap, check_archive
from ingest.blocks import CLOSING_SLIDES, Block, farewell_as_notes
from ingest.document import Parts, build_document
from ingest.docx_properties import package_metadata
from ingest.docx_text import MC
from ingest.headings import MAX_HEADING_CHARS
from ingest.legacy import check_not_ole
from ingest.smartart import smartart_items
from ingest.source import RawFile
from ingest.tables import blocks_html, table_blocks
from ingest.text_doc import header_metadata
from kb.errors import IngestError
from kb.models import ParseResult
from kb.text import normalize_space

MAX_GROUP_DEPTH = 20
TITLE_CHARS = 40  # the longest top line of a titleless slide taken as its title
SHORT_TITLE_CHARS = 16  # a top line this short may end in "!" ("T H A N K S！") and still be the title


def parse_pptx(raw: RawFile) -> ParseResult:
    """Parse a presentation into blocks, then a document (see the module docstring)."""
    presentation = open_pptx(raw)
    count = len(presentation.slides)
    slides = [slide_blocks(slide, first=number == 1, closing=number > count - CLOSING_SLIDES)
              for number, slide in enumerate(presentation.slides, start=1)]
    blocks = [block for block in _drop_repeated(slides) for block in block]
    opening = first_lines(presentation.slides[0]) if count else ""
    parts = Parts(meta={**package_metadata(presentation), **header_metadata(opening)}, blocks=blocks,
                  raw_text="\n".join(b.text for b in blocks), html=blocks_html(blocks), format="pptx")
    return ParseResult([build_document(parts, default_key=raw.default_key, defaults=raw.defaults, encoding=None,
                                       warnings=[])], [])


def first_lines(slide: Any) -> str:
    """A slide's text as written, a line for each paragraph (or line break) of its text frames in reading order,
    title included: the title slide's, whose fields are read as Word's first paragraphs are."""
    lines = [paragraph.text for shape in _reading_order(slide.shapes, 0)
             if getattr(shape, "has_text_frame", False) and shape.has_text_frame
             for paragraph in shape.text_frame.paragraphs]
    return "\n".join(lines).replace("\v", "\n")


def open_pptx(raw: RawFile) -> Any:
    """The python-pptx Presentation of a file, after the zip checks; IngestError if it is not a readable .pptx."""
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    check_not_ole(raw, ".pptx")
    check_archive(raw.data, max_bytes=archive_cap(raw.max_file_mb), kind=".pptx presentation")
    try:
        return Presentation(io.BytesIO(raw.data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise IngestError(f"not a readable .pptx presentation ({type(exc).__name__}: {str(exc)[:80]})") from None
    except Exception as exc:  # noqa: BLE001 (lxml's XMLSyntaxError and others: a broken part)
        raise IngestError(f"not a readable .pptx presentation ({type(exc).__name__}: {str(exc)[:80]})") from None


def slide_blocks(slide: Any, *, first: bool, closing: bool = False) -> list[Block]:
    """One slide's blocks: its title, then its shapes in reading order, then its speaker notes. On one of the
    deck's last slides (``closing``), a farewell's ("THANKS", "Q&A") text is section text, never lessons."""
    blocks: list[Block] = []
    title_shape = slide.shapes.title
    title = unspaced(title_shape.text_frame.text) if title_shape is not None else ""
    if title:
        blocks.append(Block("heading", title, level=1 if first else 2))
    for shape in _reading_order(slide.shapes, 0):
        if title_shape is not None and shape.shape_id == title_shape.shape_id:
            continue
        if getattr(shape, "has_table", False) and shape.has_table:
            blocks.extend(table_blocks([[cell.text for cell in row.cells] for row in shape.table.rows]))
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            untitled = not any(b.kind in ("heading", "para", "item") for b in blocks)
            blocks.extend(_text_blocks(shape, untitled=untitled, first=first))
        else:
            blocks.extend(Block("item", text, level=depth) for depth, text in smartart_items(shape, slide.part))
    if closing:
        blocks = farewell_as_notes(blocks)
    if slide.has_notes_slide:
        notes = slide.notes_slide.notes_text_frame
        text = normalize_space(notes.text) if notes is not None else ""
        if text:
            blocks.append(Block("note", text))
    return blocks


def _text_blocks(shape: Any, *, untitled: bool, first: bool) -> list[Block]:
    """A text frame's paragraphs as blocks: the top line of a slide without a title is its title; a body
    placeholder's paragraphs are items at their outline level; in a text box, a first line in bold or larger than the
    rest is a sub-heading, and a paragraph with a bullet or a number is an item; the rest are paragraphs. A short line
    in bold throughout is a sub-heading too, but not alone in its text box: a card's label beside its description
    (a group of "技术参差不齐" in bold and what was done about it) is a point of its own."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    placeholder = shape.placeholder_format.type if shape.is_placeholder else None
    if placeholder in (PP_PLACEHOLDER.SLIDE_NUMBER, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.HEADER):
        return []
    paragraphs = [p for p in shape.text_frame.paragraphs if normalize_space(p.text)]
    if first and placeholder == PP_PLACEHOLDER.SUBTITLE:
        # The opening slide's subtitle says what the deck is ("记录曾经犯下的错误，以及未能及时参与的机会"), who and when
        return [Block("note", normalize_space(p.text)) for p in paragraphs]
    bullets = placeholder in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT)
    lead = not bullets and len(paragraphs) > 1 and _stands_out(paragraphs)
    blocks: list[Block] = []
    for number, paragraph in enumerate(paragraphs):
        written = paragraph.text if "\v" in paragraph.text else (
            "".join(run.text for run in paragraph.runs) or paragraph.text)
        text = normalize_space(written)
        if untitled and not blocks and _title_like(text):
            # A slide without a title placeholder (text boxes only): its top line is its title.
            blocks.append(Block("heading", unspaced(written), level=1 if first else 2))
        elif (_sub_heading(paragraph, text) and (bullets or len(paragraphs) > 1)) or (
                number == 0 and lead and _heading_like(text)):
            blocks.append(Block("heading", text.rstrip(":："), level=3))
        elif bullets or _bulleted(paragraph):
            blocks.append(Block("item", text, level=paragraph.level + 1, lines=_soft_lines(written)))
        else:
            blocks.append(Block("para", text, lines=_soft_lines(written)))
    return blocks


def _title_like(text: str) -> bool:
    """Short, and no sentence: a line that can be a slide's title (an exclamation only when it is a word or two,
    "THANKS！")."""
    end = r"[.。;；,，:：]$" if len(text) <= SHORT_TITLE_CHARS else r"[.。!！;；,，:：]$"
    return len(text) <= TITLE_CHARS and not re.search(end, text)


def unspaced(written: str) -> str:
    """A title spelled out letter by letter ("T H A N K S", "总 结", "Q & A") as its words ("THANKS", "总结", "Q&A");
    words apart by two spaces or more stay apart ("T H A N K   Y O U" is "THANK YOU"). Other text as it was."""
    words = [word for word in re.split(r"\s{2,}", written.strip()) if word]
    if words and all(re.fullmatch(r"\S( \S)+[!！?？.。~～]*", word) for word in words):
        return " ".join(word.replace(" ", "") for word in words)
    return normalize_space(written)


_BULLET_TAGS = ("buChar", "buAutoNum", "buBlip")


def _bulleted(paragraph: Any) -> bool:
    """Whether a paragraph of a text box has its own bullet or number (``a:buChar``, ``a:buAutoNum``)."""
    ppr = paragraph._p.pPr
    return ppr is not None and any(child.tag.rsplit("}", 1)[-1] in _BULLET_TAGS for child in ppr)


def _stands_out(paragraphs: list[Any]) -> bool:
    """Whether a text box's first paragraph is set apart from the rest: in bold throughout (and the rest not), or in a
    larger font than any of the rest."""
    head, rest = paragraphs[0], paragraphs[1:]
    if _all_bold(head) and not any(_all_bold(p) for p in rest):
        return True
    head_sizes = [run.font.size for run in head.runs if run.text.strip()]
    rest_sizes = [run.font.size for p in rest for run in p.runs if run.text.strip()]
    return (bool(head_sizes) and None not in head_sizes and bool(rest_sizes) and None not in rest_sizes
            and min(head_sizes) > max(rest_sizes))


def _all_bold(paragraph: Any) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.font.bold for run in runs)


def _heading_like(text: str) -> bool:
    """Short and without a sentence's end: a line that can head what follows it."""
    return len(text) <= MAX_HEADING_CHARS and not re.search(r"[.。!！;；,，]$", text)


REPEATED_SLIDES = 3


def _drop_repeated(slides: list[list[Block]]) -> list[list[Block]]:
    """Without the text a template repeats on slide after slide (a tagline, a footer typed into a text box): a line on
    REPEATED_SLIDES slides or more, and on a quarter of them at least."""
    seen: dict[str, int] = {}
    for blocks in slides:
        for text in {b.text for b in blocks if b.kind in ("para", "item")}:
            seen[text] = seen.get(text, 0) + 1
    limit = max(REPEATED_SLIDES, len(slides) / 4)
    return [[b for b in blocks if b.kind not in ("para", "item") or seen.get(b.text, 0) < limit] for blocks in slides]


def _soft_lines(written: str) -> list[str]:
    """A paragraph's lines where Shift+Enter broke it (python-pptx gives the break as a vertical tab)."""
    lines = [line for line in (normalize_space(part) for part in re.split(r"[\v\n]", written)) if line]
    return lines if len(lines) > 1 else []


def _sub_heading(paragraph: Any, text: str) -> bool:
    """A short body line in bold throughout, with no sentence end: a sub-heading of the slide ("What worked")."""
    return _all_bold(paragraph) and _heading_like(text)


def _reading_order(shapes: Any, depth: int) -> list[Any]:
    """Shapes top to bottom, then left to right; a group's shapes in its place."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    ordered = sorted([*shapes, *_alternate_shapes(shapes)],
                     key=lambda s: ((s.top or 0) // 50_000, s.left or 0))  # 50,000 EMU ≈ 1.4 mm rows
    out: list[Any] = []
    for shape in ordered:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP and depth < MAX_GROUP_DEPTH:
            out.extend(_reading_order(shape.shapes, depth + 1))
        else:
            out.append(shape)
    return out


_SHAPE_TAGS = {f"{{http://schemas.openxmlformats.org/presentationml/2006/main}}{name}"
               for name in ("sp", "grpSp", "graphicFrame")}


def _alternate_shapes(shapes: Any) -> list[Any]:
    """The shapes PowerPoint writes inside ``mc:AlternateContent`` (a text box holding an equation, ``a14:m``), which
    python-pptx does not list: the Choice's, or the Fallback's where the Choice holds none; one copy, never both."""
    out = []
    for alternate in shapes._spTree.iterchildren(f"{MC}AlternateContent"):
        for branch in (alternate.find(f"{MC}Choice"), alternate.find(f"{MC}Fallback")):
            found = [child for child in branch if child.tag in _SHAPE_TAGS] if branch is not None else []
            if found:
                out.extend(shapes._shape_factory(child) for child in found)
                break
    return out
