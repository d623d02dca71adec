"""Normalising metadata values from front matter, <meta> tags and register columns."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from kb.models import DocType, Language, ParseWarning
from kb.text import MAX_TAG_LENGTH, fit_tag, normalize_space
from kb.type_names import field_type

_DATE_PATTERNS = (
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"), "ymd"),
    (re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?"), "ymd"),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})"), "mdy"),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})"), "dmy"),
)
_TEXT_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%d/%b/%y", "%d/%b/%Y", "%Y-%m")
# A date in words with more after it, a time or a place ("Dec 13, 2022 5:50 PM to 6:50 PM", "13 December 2022,
# 17:50"): the date is its start.
_TEXT_DATE_START = re.compile(r"^([A-Za-z]{3,9}\.? \d{1,2},? \d{4}|\d{1,2} [A-Za-z]{3,9},? \d{4})(?=[\s,;(（]|$)")


def doc_type(value: Any) -> DocType | None:
    """The document type a value names (its English or Chinese names: kb/type_names.py), or None if unknown."""
    if value is None:
        return None
    return field_type(str(value))


def doc_type_names() -> list[str]:
    """The canonical type names, for messages."""
    return [t.value for t in DocType]


def language(value: Any) -> Language | None:
    """A declared language: zh/en/mixed, also 'chinese', '中文', 'zh-CN', 'english'..."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if text.startswith(("zh", "chinese", "中文", "cn")):
        return Language.ZH
    if text.startswith(("en", "english", "英文")):
        return Language.EN
    if text in {"mixed", "bilingual", "中英", "双语"}:
        return Language.MIXED
    return None


def parse_date(value: Any) -> date | None:
    """A date from a YAML date, an ISO string, 2024/6/28, 2024年6月28日, 07/18/2018, 18/Jul/21...

    Slash dates are month/day/year (as in US exports) unless the first number is over 12.
    Returns None when the value is not a recognisable date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = normalize_space(str(value))
    for pattern, order in _DATE_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        a, b, c = (int(g) for g in m.groups())
        if order == "ymd":
            y, mo, d = a, b, c
        elif order == "mdy":
            y, mo, d = (c, b, a) if a > 12 else (c, a, b)
        else:
            y, mo, d = c, b, a
        try:
            return date(y, mo, d)
        except ValueError:
            return None
    start = _TEXT_DATE_START.match(text)
    for candidate in (text, start and start.group(1).replace(".", "")):
        for fmt in _TEXT_DATE_FORMATS if candidate else ():
            try:
                return datetime.strptime(candidate.split(" ")[0] if fmt.startswith("%d/") else candidate, fmt).date()
            except ValueError:
                continue
    return None


def string_list(value: Any) -> list[str]:
    """A list of strings from a YAML list, or a string split on commas, semicolons or 、."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple, set)) else re.split(r"[,;，；、|]", str(value))
    out: list[str] = []
    for item in items:
        if item is None or isinstance(item, (dict, list)):
            continue
        text = normalize_space(str(item))
        if text and text not in out:
            out.append(text)
    return out


def tag_names(value: Any) -> list[str]:
    """Tag names as typed in a metadata value: a list, or a string split on commas, semicolons and 、 — or, when it
    has none of those and holds Chinese, on spaces ("linux 服务器 zfs" is three tags; an English phrase such as "Role
    of civil service technical staff" stays one). Each once, as typed (web/static/js/app.js follows the same rule)."""
    if isinstance(value, str) and not re.search(r"[,;，；、|]", value) and re.search(r"[\u3400-\u9fff]", value):
        value = value.split()
    return string_list(value)


def tag_list(value: Any, warnings: list[ParseWarning], line: int | None = None) -> list[str]:
    """Tags from a metadata value (``tag_names``). One too long for a tag is shortened, with a warning."""
    out: list[str] = []
    for tag in tag_names(value):
        short = fit_tag(tag)
        if short != tag:
            warnings.append(ParseWarning(f"tag {tag[:100]!r} is longer than {MAX_TAG_LENGTH} characters; "
                                         f"stored as {short!r}", line=line))
        if short not in out:
            out.append(short)
    return out


def scalar(value: Any, limit: int = 500) -> str | None:
    """A single-line string from a metadata value, or None if empty."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = normalize_space(str(value))
    return text[:limit] or None
