"""A search's filters as SQL: the condition each keyword leg joins on ``c`` (chunks) and ``d`` (documents), and
what kind of filter it is (search/scoped_legs.py decides from it how the legs apply it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kb.sql import placeholders
from kb.store import Filters, tag_clause
from search.visibility import VISIBLE

if TYPE_CHECKING:
    from kb.store import Store


def filter_condition(store: Store, filters: Filters) -> tuple[str, list[Any]]:
    """The SQL condition of some filters, with its parameters (tags with their curated synonyms)."""
    clauses, params = filters.document_clauses("d")
    if filters.kind:
        marks = placeholders(filters.kind)
        clauses.append(f"(c.lesson_id IN (SELECT id FROM lessons WHERE kind IN ({marks}))"
                       f" OR c.section_id IN (SELECT id FROM sections WHERE kind IN ({marks})))")
        params.extend([*filters.kind, *filters.kind])
    groups = store.tag_groups(filters.tag_names())  # each tag with its curated synonyms
    if groups:
        on_document, document_params = tag_clause("d.id", "document_tags", "document_id", groups, filters.tags_mode)
        on_lesson, lesson_params = tag_clause("c.lesson_id", "lesson_tags", "lesson_id", groups, filters.tags_mode)
        clauses.append(f"({on_document} OR {on_lesson})")
        params.extend([*document_params, *lesson_params])
    if not filters.include_hidden:
        clauses.append(VISIBLE)
    return " AND ".join(clauses), params


def on_documents(filters: Filters) -> bool:
    """Whether a filter is on documents alone (lesson kinds and tags need a join over every chunk)."""
    return not (filters.kind or filters.tag_names())


def has_user_filters(filters: Filters) -> bool:
    """Whether a reader filtered the search at all (hidden lessons aside)."""
    return bool(filters.project or filters.tags or filters.doc_type or filters.kind or filters.language
                or filters.department or filters.since or filters.until or filters.document or filters.review_status)


__all__ = ["filter_condition", "has_user_filters", "on_documents"]
