"""Tags that name a document type (章程, status report, 周报 …): a tag suggestion does not lend one to a document of
another type (``Searcher.suggest_tags``): a charter of the same project is no status report. Which names are a type's
is said once, in kb/type_names.py, as ingestion reads a type field by it."""

from __future__ import annotations

from kb.type_names import tag_type


def lendable(tag: str, doc_type: str | None) -> bool:
    """Whether a tag may be suggested to a document of this type: any tag but one that names another type."""
    named = tag_type(tag)
    return named is None or named.value == doc_type
