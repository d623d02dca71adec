"""A document as a flat list of blocks (headings, list items, paragraphs, table rows).

Every format is turned into blocks first; ``structure`` then turns blocks into sections and lessons,
so retrospective recognition is written once for Markdown, HTML and text alike.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

from bs4 import (
    BeautifulSoup,
    Comment,
    Declaration,
    Doctype,
    MarkupResemblesLocatorWarning,
    NavigableString,
    ProcessingInstruction,
    Tag,
)

from ingest.headings import farewell
from kb.text import normalize_space

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements that are never content: scripts, styles, navigation, page chrome.
DROP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
        "select", "svg", "iframe", "object", "embed", "canvas", "head", "menu", "dialog"}
# Elements whose text is one block of its own.
BLOCK_ELEMENTS = {"p", "div", "section", "article", "main", "blockquote", "pre", "dd", "dt", "figcaption",
                  "address", "details", "summary", "center"}
LISTS = {"ul", "ol", "dl"}
# A list item's bullet or number in Word's HTML (Save as Web Page, a .mht): shown only by browsers without lists.
_WORD_LIST_MARK = re.compile(r"mso-list\s*:\s*ignore", re.IGNORECASE)
# Class or id fragments of page chrome in wiki exports (Confluence, Notion).
CHROME_HINTS = ("breadcrumb", "sidebar", "navigation", "footer", "page-metadata", "comment", "toolbar",
                "menu", "cookie", "banner", "like-button", "labels-section")


@dataclass
class Block:
    """One unit of a document's text ("code" is preformatted text, "quote" a block quotation: never lessons)."""

    kind: str  # "heading", "item", "para", "row" or "note" (section text that is never a lesson)
    text: str
    level: int = 0  # heading level, or list depth for items
    cells: list[str] = field(default_factory=list)
    header: bool = False  # a table header row
    lessons: list[TableLesson] = field(default_factory=list)  # a register table's row: its lessons (``tables``)
    # The text's own lines where it had several (<br>, a soft line break, a line of a Markdown paragraph):
    # ``structure`` splits "Did well:<br>Planning<br>Communication" into a label and its lines.
    lines: list[str] = field(default_factory=list)
    # A table row's cells as lines, where a cell had several (paragraphs or line breaks in a Word or PowerPoint
    # cell), for the document's HTML; [] when each cell is one line. ``cells`` holds each on one line.
    cell_lines: list[list[str]] = field(default_factory=list)
    split: bool = False  # an item made from a line of a paragraph (``structure``), not a list item the author wrote
    bold: bool = False  # a paragraph bold throughout ("**不要把鸡蛋放在同一个篮子里**" alone on its line)


# A farewell ("THANKS", "Q&A") closes a deck on one of its last two slides; in the middle it heads research questions.
CLOSING_SLIDES = 2


def farewell_as_notes(slide: list[Block]) -> list[Block]:
    """A deck's closing slide's blocks: when its title is a farewell ("THANKS", "谢谢观看", "Q&A"), what follows it is
    section text that is never a lesson ("欢迎各位老师批评指正")."""
    if not slide or slide[0].kind != "heading" or not farewell(slide[0].text):
        return slide
    return [slide[0], *(Block("note", b.text) if b.kind in ("para", "item", "heading") else b for b in slide[1:])]


@dataclass
class TableLesson:
    """A lesson that a row of a register-like table states outright (its column says the kind)."""

    kind: str  # a LessonKind value
    text: str
    title: str | None = None
    recommendation: str | None = None  # how the row's problem was fixed (a problem table's fix column)


def parse_html_tree(text: str) -> BeautifulSoup:
    """BeautifulSoup's tree of a text (html.parser), without its warning that short text looks like a file name."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(text, "html.parser")


def html_blocks(html: str | Tag) -> list[Block]:
    """Walk HTML (iteratively: deep nesting cannot overflow the stack) and return its blocks."""
    root = html if isinstance(html, Tag) else parse_html_tree(html)
    walker = _Walker()
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            walker.leave(node)  # type: ignore[arg-type]
            continue
        if isinstance(node, (Comment, Declaration, Doctype, ProcessingInstruction)):  # Word's <![if !supportLists]>
            continue
        if isinstance(node, NavigableString):
            walker.text(str(node))
            continue
        if not isinstance(node, Tag) or _is_chrome(node):
            continue
        walker.enter(node)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    walker.flush()
    return walker.blocks


def strip_chrome(root: Tag) -> None:
    """Remove scripts, styles, navigation and page chrome from a tree, in place."""
    for tag in [t for t in root.find_all(True) if _is_chrome(t)]:
        if tag.parent is not None:
            tag.extract()


def _is_chrome(tag: Tag) -> bool:
    if tag.name in DROP:
        return True
    if tag.get("hidden") is not None or tag.get("aria-hidden") == "true":
        return True
    role = tag.get("role")
    if role in ("navigation", "banner", "contentinfo", "search", "menu"):
        return True
    if _WORD_LIST_MARK.search(str(tag.get("style") or "")):  # Word's typed bullet ("·", "1."): read, it led lessons
        return True
    marks = " ".join([*(tag.get("class") or []), str(tag.get("id") or "")]).lower()
    return bool(marks) and any(hint in marks for hint in CHROME_HINTS)


class _Walker:
    """Collects text into the innermost open block and emits blocks in reading order."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.open: list[Tag] = []  # open block-level elements that own the current text
        self.list_depth = 0
        self.row: list[str] | None = None
        self.row_lines: list[list[str]] = []  # the row's cells as lines (a <br> or a list in a cell)
        self.row_header = False
        self.quote_depth = 0

    def text(self, text: str) -> None:
        if self.open and self.open[-1].name == "pre":
            self.buffer.append(text)
        else:
            self.buffer.append(text)

    def enter(self, tag: Tag) -> None:
        name = tag.name
        if name == "blockquote":
            self.quote_depth += 1
        if name == "br" or self._in_cell() and (name in LISTS or name == "li" or name in BLOCK_ELEMENTS):
            self.buffer.append("\n")  # a list or paragraphs inside a table cell: lines of the cell (``cell_lines``)
        elif name in LISTS or name == "table":
            self.flush()
            if name in LISTS:
                self.list_depth += 1
        elif name in HEADINGS or name == "li" or name in ("td", "th", "tr"):
            if name == "tr":
                self.row, self.row_lines, self.row_header = [], [], False
            self.flush()
            self.open.append(tag)
        elif name in BLOCK_ELEMENTS and not self._inside_leaf():
            self.flush()
            self.open.append(tag)
        elif name in BLOCK_ELEMENTS:
            self.buffer.append(" ")

    def leave(self, tag: Tag) -> None:
        name = tag.name
        if name == "blockquote":
            if self.open and self.open[-1] is tag:
                self.flush()
                self.open.pop()
            self.quote_depth -= 1
            return
        if self._in_cell() and (name in LISTS or name == "li" or name in BLOCK_ELEMENTS):
            self.buffer.append("\n")
            return
        if name in LISTS:
            self.flush()
            self.list_depth -= 1
        elif name == "tr":
            while self.row and not self.row[-1]:  # trailing empty cells: nothing after them to keep in place
                self.row.pop()
                self.row_lines.pop()
            if self.row and any(self.row):
                lines = self.row_lines if any(len(cell) > 1 for cell in self.row_lines) else []
                self.blocks.append(Block("row", " | ".join(c for c in self.row if c), cells=self.row,
                                         header=self.row_header, cell_lines=lines))
            self.row = None
            self._close(tag)
        elif self.open and self.open[-1] is tag:
            cells = len(self.row) if self.row is not None else 0
            self.flush()
            self.open.pop()
            if name in ("td", "th") and self.row is not None and len(self.row) == cells:
                self.row.append("")  # an empty cell keeps its place: the cells after it stay under their columns
                self.row_lines.append([])
        elif name in BLOCK_ELEMENTS:
            self.buffer.append(" ")

    def flush(self) -> None:
        """Emit the text collected so far as a block of the innermost open element's kind."""
        raw = "".join(self.buffer)
        self.buffer = []
        owner = self.open[-1] if self.open else None
        text = raw.strip("\n") if owner is not None and owner.name == "pre" else normalize_space(raw)
        if not text:
            return
        name = owner.name if owner is not None else "p"
        lines = [line for line in (normalize_space(part) for part in raw.split("\n")) if line]
        if name in ("td", "th") and self.row is not None:
            self.row_lines.append(lines)
        lines = lines if len(lines) > 1 and name not in ("pre", "td", "th") else []
        if name in HEADINGS:
            self.blocks.append(Block("heading", text, level=HEADINGS[name]))
        elif name == "li":
            self.blocks.append(Block("item", text, level=max(self.list_depth, 1), lines=lines,
                                     bold=owner is not None and _all_strong(owner, text, own=True)))
        elif name in ("td", "th"):
            if self.row is not None:
                self.row.append(text)
                self.row_header = self.row_header or name == "th" or _in_thead(owner)
            else:
                self.blocks.append(Block("para", text))
        elif name == "pre":
            prose = None if _has_language(owner) else prose_paragraphs(text)
            self.blocks.extend(Block("para", _join_lines(para), lines=para if len(para) > 1 else []) for para in prose or [])
            if not prose:
                self.blocks.append(Block("code", text))
        else:
            self.blocks.append(Block("quote" if self.quote_depth else "para", text, lines=lines,
                                     bold=owner is not None and owner.name == "p" and _all_strong(owner, text)))

    def _in_cell(self) -> bool:
        """Whether the text goes into a cell of a table row being read (the innermost open element is its cell)."""
        return self.row is not None and bool(self.open) and self.open[-1].name in ("td", "th")

    def _inside_leaf(self) -> bool:
        return bool(self.open) and self.open[-1].name in {*HEADINGS, "li", "td", "th", "dt", "dd", "pre"}

    def _close(self, tag: Tag) -> None:
        if self.open and self.open[-1] is tag:
            self.open.pop()


# What marks a line as code, a command, a config or a log rather than a sentence.
_CODE_MARKS = re.compile(r"[{}\[\]();=<>$|\\`@^~*#/_]")
_CODE_LINE = re.compile(r"^\s*(#|//|--|>>>|\$|[A-Za-z_][\w.-]*\s*[:=]|(import|from|def|class|return|if|for|while|let|var"
                        r"|const|function|public|private|static|SELECT|INSERT|UPDATE|File|Traceback)\b)")
_BOX_DRAWING = re.compile(r"[\u2500-\u257f]")
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[A-Za-z']+")
CODE_MARK_SHARE = 0.03  # ASCII code punctuation per visible character: prose has next to none
PROSE_HAN_SHARE = 0.5  # Chinese prose: at least half of its visible characters are Chinese
PROSE_WORDS = 8  # English prose: each line a sentence of this many words or more


def prose_paragraphs(text: str) -> list[list[str]] | None:
    """The paragraphs of preformatted text that is prose, not code: a fence without a language or a tab-indented
    paragraph holding sentences ("```⏎   本周最主要的就是…，同时初步建立了学习记录提交机制。⏎```"), or None.

    Prose is Chinese sentences (half the visible characters Chinese) or English lines of PROSE_WORDS words and more,
    with hardly any code punctuation, no line that starts like code, a command or a log, and no drawing (a directory
    tree). Each paragraph as its lines: a blank line or a line indented past the block's margin starts one (Chinese
    writers indent each paragraph; a wrapped line starts at the margin).
    """
    lines = [line.rstrip() for line in text.split("\n")]
    visible = "".join(line.strip() for line in lines).replace(" ", "")
    if not visible or _BOX_DRAWING.search(text) or len(_CODE_MARKS.findall(visible)) > CODE_MARK_SHARE * len(visible):
        return None
    filled = [line.strip() for line in lines if line.strip()]
    if any(_CODE_LINE.match(line) for line in filled):
        return None
    chinese = len(_HAN_CHAR.findall(visible)) >= PROSE_HAN_SHARE * len(visible)
    if not chinese and not all(len(_WORD.findall(line)) >= PROSE_WORDS for line in filled):
        return None
    margin = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if not line.strip() or len(line) - len(line.lstrip()) > margin:
            paragraphs.append([])
        if line.strip():
            paragraphs[-1].append(line.strip())
    return [p for p in paragraphs if p]


def _join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one line, without a space between Chinese characters."""
    out = lines[0]
    for line in lines[1:]:
        out += line if _HAN_CHAR.match(line[:1]) and _HAN_CHAR.match(out[-1:] or " ") else " " + line
    return normalize_space(out)


def _has_language(pre: Tag | None) -> bool:
    """Whether a <pre> says what language it holds (```python, <code class="language-sql">): code, whatever it reads like."""
    code = pre.find("code") if pre is not None else None
    marks = [*(pre.get("class") or []), *((code.get("class") or []) if code is not None else [])] if pre is not None else []
    return any(mark.startswith(("language-", "lang-")) or mark in ("highlight", "sourceCode") for mark in marks)


def _all_strong(tag: Tag, text: str, own: bool = False) -> bool:
    """Whether a paragraph's text is all in bold (``<p><strong>…</strong></p>``); with ``own``, a list item's own text
    (``<li><strong>服务启动</strong><ul>…</ul></li>``: the bold of its sub-items is theirs)."""
    strong = "".join(b.get_text() for b in tag.find_all(("strong", "b")) if not own or not _in_sub_list(b, tag))
    return bool(strong) and normalize_space(strong) == text


def _in_sub_list(tag: Tag, item: Tag) -> bool:
    """Whether a tag inside a list item stands in a list nested in that item."""
    parent = tag.parent
    while parent is not None and parent is not item:
        if parent.name in LISTS:
            return True
        parent = parent.parent
    return False


def _in_thead(tag: Tag | None) -> bool:
    parent = tag.parent if tag is not None else None
    while parent is not None and parent.name not in ("table", "thead"):
        parent = parent.parent
    return parent is not None and parent.name == "thead"
