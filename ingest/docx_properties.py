"""A package's core properties (Word and PowerPoint alike): the title, authors, date, keywords (tags), category
(type) and language they give, less what tools and templates write of their own (python-docx's creation date,
"Administrator")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from kb.text import normalize_space

# The creation dates in python-docx's and python-pptx's own templates: a file made with them that does not set
# its date says one of these, which is not the document's date.
TEMPLATE_DATES = {date(2013, 12, 23), date(2013, 1, 27)}
# Authors that tools and fresh installations write, not people.
PLACEHOLDER_AUTHORS = {"python-docx", "python-pptx", "microsoft office user", "administrator", "admin", "user",
                       "windows user", "微软用户", "windows 用户", "unknown"}


def core_metadata(props: Any) -> dict[str, Any]:
    """Title, authors, date, tags and type from a package's core properties (docx and pptx alike)."""
    meta: dict[str, Any] = {}
    title = normalize_space(props.title or "")
    if title:
        meta["title"] = title
    author = normalize_space(props.author or "")
    if author and author.lower() not in PLACEHOLDER_AUTHORS:
        meta["authors"] = author
    when = props.created or props.modified
    if isinstance(when, datetime) and when.date() not in TEMPLATE_DATES:
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
