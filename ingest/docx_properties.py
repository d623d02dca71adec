"""A package's core properties (Word and PowerPoint alike): the title, authors, date, keywords (tags), category
(type) and language they give, less what tools and templates write of their own (python-docx's creation date,
"Administrator")."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from kb.text import normalize_space

# The creation dates in python-docx's and python-pptx's own templates, and WPS Office's blank document (2014-10-29
# 12:08, kept when Word saves it again): a file made from them says one of these, which is not the document's date;
# its last save, where that is another day, is nearer (a 2018 事故报告 was dated 2014-10-29).
TEMPLATE_DATES = {date(2013, 12, 23), date(2013, 1, 27), date(2014, 10, 29)}
# Titles that Office writes into a new file's properties when nobody names it, not the document's title.
PLACEHOLDER_TITLES = {"powerpoint 演示文稿", "powerpoint presentation", "word document", "microsoft word 文档",
                      "演示文稿", "文档"}
# A title numbered as one step of several ("1.任务描述", "1. Introduction", "一、前言", "第一章 概述"): the properties of
# the section or slide a file was made from, not the document's title (a 工作总结 deck whose first slide says
# "工作总结-王续武" was titled "1.任务描述"). "1.0 版本复盘", "2.1 release review" and "2024年总结" are titles.
_NUMBERED_STEP = re.compile(r"^(?:\d{1,2}[.、．](?!\d)|[一二三四五六七八九十]{1,3}\s*[、.．]|第[一二三四五六七八九十\d]{1,3}[章节部分])")
# Authors that tools and fresh installations write, not people.
PLACEHOLDER_AUTHORS = {"python-docx", "python-pptx", "microsoft office user", "administrator", "admin", "user",
                       "windows user", "微软用户", "windows 用户", "unknown"}


_CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"


def package_metadata(document: Any) -> dict[str, Any]:
    """``core_metadata`` of a Word document or a presentation (python-docx's or python-pptx's), or nothing when its
    package has no core properties: the library then makes them up, "Word Document" or "PowerPoint Presentation"
    modified this very moment, and the upload of a file saved without them was titled so and dated today."""
    try:
        document.part.package.part_related_by(_CORE_PROPERTIES)
    except KeyError:
        return {}
    return core_metadata(document.core_properties)


def core_metadata(props: Any) -> dict[str, Any]:
    """Title, authors, date, tags and type from a package's core properties (docx and pptx alike)."""
    meta: dict[str, Any] = {}
    title = normalize_space(props.title or "")
    # a label left in the properties by the template a team filled in ("初始阶段递交工件：") titles nothing
    if title and title.lower() not in PLACEHOLDER_TITLES and not title.endswith((":", "：")) \
            and not _NUMBERED_STEP.match(title):
        meta["title"] = title
    author = normalize_space(props.author or "")
    if author and author.lower() not in PLACEHOLDER_AUTHORS:
        meta["authors"] = author
    when = next((d for d in (props.created, props.modified) if isinstance(d, datetime) and d.date() not in TEMPLATE_DATES),
                None)
    if when is not None:
        meta["date"] = when.date()
    if normalize_space(props.keywords or ""):
        meta["tags"] = props.keywords
    if normalize_space(props.category or ""):
        from ingest import metadata

        if metadata.doc_type(props.category):
            meta["type"] = props.category
    if normalize_space(props.language or ""):
        meta["language"] = props.language
    return meta
