"""Plain-text files (.txt): headings recognised by the conventions people use in e-mail and Word."""

from __future__ import annotations

import html
import itertools
import re

from ingest.blocks import Block
from ingest.document import Parts, build_document
from ingest.headings import classify_heading
from ingest.metadata import parse_date
from ingest.source import RawFile
from kb.models import ParseResult, ParseWarning

_ATX = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_UNDERLINE = re.compile(r"^\s*(=+|-+|~+)\s*$")
_CN_CHAPTER = re.compile(r"^\s*(第[一二三四五六七八九十百\d]+[章节部分]|[一二三四五六七八九十]+\s*[、.．])\s*\S")
_CN_SUB = re.compile(r"^\s*[（(][一二三四五六七八九十]+[)）]\s*\S")
_NUMBERED_HEADING = re.compile(r"^\s*\d+(\.\d+)+\s+\S")  # "2.1 Schedule"
_ITEM = re.compile(r"^(\s*)([-+•·▪○●◦–]|\*(?!\*)|\d{1,3}[.)、]|[（(]\d{1,3}[)）]|[①-⑳]|[a-zA-Z][.)])\s*(.*)$")  # "**Root cause**:" is bold, no "*" item
_SENTENCE_END = re.compile(r"[.。!！?？;；,，]$")
_FIELD = re.compile(r"^[^:：\s][^:：]{0,14}[:：]\s*\S")  # "日期：2024-06-28", "Owner: Li Na"
# Header lines of a text file that give its metadata ("日期：2024-06-28", "Prepared by: ...").
_META_FIELDS = {
    "date": ("日期", "时间", "报告日期", "编写日期", "复盘日期", "会议日期", "填写日期", "填表日期", "项目日期",
             "date", "report date", "date issued", "reporting period"),
    "project": ("项目", "项目名称", "project"),
    "department": ("部门", "组织部门", "所属部门", "department"),
    "authors": ("作者", "整理人", "编写人", "报告人", "记录人", "项目经理", "author", "authors", "prepared by", "written by"),
    "type": ("类型", "文档类型", "type", "document type"),
    "tags": ("标签", "关键词", "tags", "keywords"),
}
_META_NAMES = {name: field for field, names in _META_FIELDS.items() for name in names}
_META_LINE = re.compile(r"^\s*(?P<name>[^:：]{1,20}?)\s*[:：]\s*(?P<value>\S.*)$")
# Where a form puts two fields on one line with a single space ("项目名称：仓储系统升级 日期：2025年7月4日", as a PDF's
# text layer gives a form's row), each known field name after a space starts a field of its own; after a dot, bar or
# dash ("Project: X · Date: 2026-11-15", a title slide's) or a tab ("Project: X<TAB>Date: 2026-11-20", Word's way of
# setting two apart), whatever its case.
_FIELD_NAMES = "|".join(sorted(map(re.escape, _META_NAMES), key=len, reverse=True))
_NEXT_FIELD = re.compile(rf"\s+(?=(?:{_FIELD_NAMES})\s*[:：])|\s*[·•|｜–—]\s*(?=(?i:{_FIELD_NAMES})\s*[:：])"
                         rf"|[ ]*\t\s*(?=(?i:{_FIELD_NAMES})\s*[:：])")
# A form's label spaced out to the width of its column ("时    间：", "记 录 人："): one word once its spaces are gone.
_SPACED_LABEL = re.compile(r"(?<![\u3400-\u9fff])(?:[\u3400-\u9fff][ \t\u3000]+){1,4}[\u3400-\u9fff](?=\s*[:：])")
# The header row of a table of names and values ("项目 | 说明", "Item | Description"): its second cell names a column,
# and is no value ("项目：说明" does not name the project "说明"; "项目名称 | AI 电商平台" below it does).
_COLUMN_WORDS = {"说明", "内容", "描述", "备注", "详情", "信息", "值", "取值", "value", "description", "details", "notes"}
# A field's value followed, after a dot, bar or dash, by a date alone: a title slide's "Project: Warehouse Robotics
# Pilot · 2026-11-15" names the project and, unlabelled, the date. The marks a value ends with before the next field
# ("Project: X · Date: 2026-11-15") are no part of it.
_BETWEEN = "·•|｜–—"
_TRAILING_DATE = re.compile(rf"^(?P<value>.*?\S)\s*[{_BETWEEN}]\s*(?P<date>[^{_BETWEEN}]{{6,24}})$")
_DATE_MARKS = re.compile(r"\d+|[年月日号]|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|[\s,./-]")
_ROLE_WORDS = re.compile(r"manager|lead|director|officer|head of|\bpm\b|经理|总监|负责人|主管", re.IGNORECASE)
MAX_HEADING = 60
# A label in bold at a line's start, as Markdown writes it, alone on its line or before a colon: its marks are not text.
_BOLD_LABEL = re.compile(r"^(\s*)(?:\*\*|__)([^*_\n]{1,40}?)(?:\*\*|__)(?=\s*[:：]|\s*$)")


def parse_text(raw: RawFile) -> ParseResult:
    """Parse a plain-text file into blocks, then into a document."""
    decoded = raw.decode()
    warnings = [ParseWarning(decoded.warning)] if decoded.warning else []
    blocks = text_blocks(decoded.text)
    meta = header_metadata(decoded.text)
    if title := _title_line(decoded.text):
        meta.setdefault("title", title)
    parts = Parts(meta=meta, blocks=blocks, raw_text=decoded.text, html=blocks_html(blocks), format="text")
    return ParseResult([build_document(parts, default_key=raw.default_key, defaults=raw.defaults, encoding=decoded.encoding,
                                       warnings=warnings)], warnings)


def header_metadata(text: str) -> dict[str, object]:
    """Metadata from "Field: value" lines among the first lines of a text file."""
    meta: dict[str, object] = {}
    for line in text.split("\n", 20)[:20]:
        line = _SPACED_LABEL.sub(lambda m: re.sub(r"\s+", "", m.group()), line)
        for part in (p for chunk in re.split(r"\s{2,}|\u3000+", line) for p in _NEXT_FIELD.split(chunk)):
            m = _META_LINE.match(part)
            field = _META_NAMES.get(m.group("name").strip().lower()) if m else None
            if not field or field in meta:
                continue
            value, dated = _value_and_date(m.group("value"))
            if not value or value.lower() in _COLUMN_WORDS:  # "Project: —", a field left empty: a later line may fill it
                continue
            if dated and field != "date" and "date" not in meta:
                meta["date"] = dated
            if field == "date" and parse_date(value) is None:
                continue
            if field == "authors":
                names = re.split(r"[,，、;；]|\band\b|\s和\s", re.split(r"[（(]", value)[0])
                meta[field] = [n.strip() for n in names if n.strip() and not _ROLE_WORDS.search(n)][:5]
            else:
                meta[field] = value
    return meta


_TITLE_FIELD = re.compile(r"^\s*(?:title|标题|題目|题目)\s*[:：]\s*(?P<value>\S.*?)\s*$", re.IGNORECASE)


def _title_line(text: str) -> str | None:
    """The value of a "Title: …" / "标题：…" line among a text file's first lines: its title (the line itself was)."""
    return next((m.group("value") for line in text.split("\n", 20)[:20] if (m := _TITLE_FIELD.match(line))), None)


def _header_field(text: str) -> bool:
    """Whether a line is one of a header's fields: a known one (``starts_field``) or the title's."""
    return starts_field(text) or bool(_TITLE_FIELD.match(text))


def starts_field(text: str) -> bool:
    """Whether a text opens with a known field's name and its colon ("Date: 2026-11-20", "日期：…")."""
    m = _META_LINE.match(text)
    return bool(m) and m.group("name").strip().lower() in _META_NAMES


def _value_and_date(written: str) -> tuple[str, str | None]:
    """A field's value without the marks it ends with, and a date alone after a dot, bar or dash at its end, cut off
    ("Warehouse Robotics Pilot · 2026-11-15": the value and "2026-11-15"; None without one)."""
    value = written.strip().rstrip(_BETWEEN + " ")
    m = _TRAILING_DATE.match(value)
    if m and not _DATE_MARKS.sub("", m.group("date")) and parse_date(m.group("date")) is not None:
        return m.group("value"), m.group("date").strip()
    return value, None


def text_blocks(text: str) -> list[Block]:
    """Split text into headings, list items and paragraphs."""
    lines = text.split("\n")
    blocks: list[Block] = []
    para: list[str] = []
    first_content = True

    def flush() -> None:
        if para:
            # A label's paragraph keeps its lines: ``structure`` makes each line one of its points.
            labelled = len(para) > 1 and _kind_label(para[0])
            blocks.append(Block("para", _join(para), lines=list(para) if labelled else []))
            para.clear()

    i = 0
    while i < len(lines):
        line = _BOLD_LABEL.sub(r"\1\2", lines[i].rstrip())  # "**Root cause**: …" written as in Markdown
        stripped = line.strip()
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not stripped:
            flush()
        elif _UNDERLINE.match(nxt) and len(stripped) <= 120 and not _UNDERLINE.match(line):
            flush()
            blocks.append(Block("heading", stripped, level=1 if nxt.strip().startswith("=") else 2))
            i += 1
        elif m := _ATX.match(stripped):
            flush()
            blocks.append(Block("heading", m.group(2), level=len(m.group(1))))
        elif first_content and len(stripped) <= 120 and not _ITEM.match(line) and not nxt.strip() \
                and not _header_field(stripped):
            flush()
            blocks.append(Block("heading", stripped, level=1))
        elif _kind_label(stripped) and _points_under(lines, i + 1):
            flush()
            para.append(stripped)  # "1.好：" over bare lines: a label and its points, as in Markdown
        elif (level := _heading_level(stripped)) is not None:
            flush()
            blocks.append(Block("heading", stripped.rstrip(":："), level=level))
        elif (m := _ITEM.match(line)) and m.group(3):
            flush()
            depth = len(m.group(1).expandtabs(4)) // 2 + 1
            item = [m.group(3).strip()]
            while i + 1 < len(lines) and lines[i + 1].strip() and lines[i + 1][:1] in (" ", "\t") \
                    and not _ITEM.match(lines[i + 1]):
                i += 1
                item.append(lines[i].strip())
            blocks.append(Block("item", _join(item), level=depth))
        elif _FIELD.match(stripped):
            flush()
            blocks.append(Block("para", stripped))
        elif not _UNDERLINE.match(line):
            para.append(stripped)
        if stripped and not _header_field(stripped):
            first_content = False  # a header's "Date: …" line is metadata, not the title: the line after it may be
        i += 1
    flush()
    return blocks


LABEL_CHARS = 20
# A line wrapped inside a sentence: it ends in a word or a comma, and the next goes on in lower case.
_WRAPPED = re.compile(r"[A-Za-z,]\s*$")


def _kind_label(line: str) -> bool:
    """A short line that ends with a colon and names a kind of lesson ("2.不足：", "Went well:"), numbered or not."""
    name = _LABEL_NUMBER.sub("", line.strip().rstrip(":：").strip(), count=1)
    return len(line) <= LABEL_CHARS and line.rstrip().endswith((":", "：")) and bool(name) \
        and classify_heading(name) is not None and not _ITEM.match(_LABEL_NUMBER.sub("", line.strip(), count=1))


_LABEL_NUMBER = re.compile(r"^\s*(\d{1,2}\s*[.、．)）]|[一二三四五六七八九十]+\s*[、.．])\s*")


def _points_under(lines: list[str], start: int) -> bool:
    """Whether the lines right under a label (no blank line between) are plain lines, one point each: no list marks,
    headings or fields, and not prose wrapped across them."""
    under: list[str] = []
    for line in lines[start:]:
        if not line.strip():
            break
        under.append(line.strip())
    if not under or any(_ITEM.match(line) or _FIELD.match(line) or _ATX.match(line) for line in under):
        return False
    return not any(_WRAPPED.search(a) and b[:1].islower() for a, b in itertools.pairwise(under))


def _heading_level(line: str) -> int | None:
    if len(line) > MAX_HEADING:
        return None
    if _CN_CHAPTER.match(line):
        return 2
    if _CN_SUB.match(line) or _NUMBERED_HEADING.match(line):
        return 3
    if line.endswith((":", "：")) and not _ITEM.match(line):
        return 2
    if classify_heading(line) and not _SENTENCE_END.search(line):
        return 2
    letters = [ch for ch in line if ch.isalpha()]
    if len(letters) >= 4 and all(ch.isascii() and ch.isupper() for ch in letters):
        return 2
    return None


def _join(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        joint = "" if out and line and ord(out[-1]) > 0x2E80 and ord(line[0]) > 0x2E80 else " "
        out += joint + line
    return out


def blocks_html(blocks: list[Block]) -> str:
    """Simple escaped HTML for formats that have none of their own."""
    out: list[str] = []
    in_list = False
    for block in blocks:
        if block.kind == "item" and not in_list:
            out.append("<ul>")
            in_list = True
        elif block.kind != "item" and in_list:
            out.append("</ul>")
            in_list = False
        text = "<br>".join(map(html.escape, block.lines)) if block.lines else html.escape(block.text)
        if block.kind == "heading":
            out.append(f"<h{block.level}>{text}</h{block.level}>")
        elif block.kind == "item":
            out.append(f"<li>{text}</li>")
        else:
            out.append(f"<p>{text}</p>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out)
