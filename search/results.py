"""Typed search results."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Hit:
    """One matching lesson or section, with its document, score, legs and a highlighted snippet."""

    chunk_id: int
    kind: str  # "lesson", "section" or "document"
    document_key: str
    document_title: str
    score: float
    legs: tuple[str, ...]
    snippet: str
    snippet_html: str
    text: str
    lesson_id: int | None = None
    lesson_kind: str | None = None
    section_id: int | None = None
    heading: str | None = None
    project: str | None = None
    date: str | None = None
    doc_type: str | None = None
    language: str | None = None
    source_path: str | None = None  # relative to the folder the file was ingested from
    review_status: str | None = None
    duplicates: tuple[str, ...] = ()  # keys of documents whose near-identical lesson was collapsed into this one
    other_language: bool = False  # similar past issues: written in another language than the lesson or text
    heading_html: str | None = None  # the heading with the query's words marked (a hit matched by its heading)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        data = asdict(self)
        data["legs"] = list(self.legs)
        data["duplicates"] = list(self.duplicates)
        return data


@dataclass
class DocumentGroup:
    """The hits of one document, best first."""

    document_key: str
    document_title: str
    project: str | None
    date: str | None
    doc_type: str | None
    language: str | None
    score: float
    hits: list[Hit]
    more: int = 0  # further hits in this document not shown
    relevant: bool = True  # above the relevance floor (search/relevance.py)
    other_language: bool = False  # not in the reader's preferred language (search/preference.py)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        data = {k: v for k, v in vars(self).items() if k != "hits"}
        data["hits"] = [h.as_dict() for h in self.hits]
        return data


@dataclass
class SearchResults:
    """A page of results grouped by document."""

    query: str
    mode: str
    total: int  # matching documents (within the candidate depth)
    offset: int
    groups: list[DocumentGroup]
    took_ms: float
    notes: list[str] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)  # every matching document, best first (for facets)
    lesson_ids: list[int] = field(default_factory=list)  # every matching lesson (for the lesson-kind facet)
    relevant: int | None = None  # documents above the relevance floor (None: all ``total``)
    listed: int | None = None  # documents the list pages through: the relevant ones, or all (None: ``total``)
    prefer_lang: str | None = None  # the reader's language, whose documents come first where about as relevant
    suggestion: str | None = None  # the query spelt as the collection spells it, when that finds more
    lifted: int = 0  # documents in the reader's language lifted, on point, past the other's (search/preference.py)
    sort: str = "relevance"  # the documents' order (search/query.py, SORTS)

    @property
    def relevant_count(self) -> int:
        """Documents above the relevance floor."""
        return self.total if self.relevant is None else self.relevant

    @property
    def listed_count(self) -> int:
        """Documents the list pages through (for paging)."""
        return self.total if self.listed is None else self.listed

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: ``relevant`` documents above the floor, of ``total`` that any leg matched; ``listed``
        is what ``offset`` pages through; ``lifted``, the documents the on-point lift moved up."""
        return {"query": self.query, "mode": self.mode, "total": self.total, "relevant": self.relevant_count,
                "listed": self.listed_count, "offset": self.offset, "sort": self.sort, "prefer_lang": self.prefer_lang,
                "lifted": self.lifted, "took_ms": round(self.took_ms, 1), "notes": self.notes, "suggestion": self.suggestion,
                "results": [g.as_dict() for g in self.groups]}
