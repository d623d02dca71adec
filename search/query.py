"""A search query: what to search for and how (the modes, the page, the filters, the reader's language)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.errors import InvalidInput
from kb.store import Filters
from search.preference import PREFERABLE

MODES = ("keyword", "semantic", "hybrid")
# The orders of a search's documents: as ranked; by their date, newest or oldest first (those without one last)
SORTS = ("relevance", "date", "-date")


@dataclass
class SearchQuery:
    """What to search for and how."""

    text: str
    mode: str = "hybrid"
    filters: Filters = field(default_factory=lambda: Filters(include_hidden=False))
    limit: int = 10  # documents per page
    offset: int = 0
    hits_per_document: int = 3
    depth: int = 200  # chunks fetched per leg
    prefer_lang: str | None = None  # the reader's language (zh, en): its documents first where about as relevant
    all_matches: bool = False  # also list the documents under the relevance floor (search/relevance.py)
    suggest: bool = False  # weak results: look for a spelling suggestion (search/suggestion.py)
    sort: str = "relevance"  # one of SORTS: the documents listed (the relevant ones) in that order

    def validate(self) -> None:
        """Raise InvalidInput for an unusable query."""
        if self.mode not in MODES:
            raise InvalidInput(f"unknown mode '{self.mode}'; use one of: {', '.join(MODES)}")
        if not self.text or not self.text.strip():
            raise InvalidInput("the query is empty")
        if not 1 <= self.limit <= 200:
            raise InvalidInput("limit must be between 1 and 200")
        if self.offset < 0:
            raise InvalidInput("offset must not be negative")
        if self.sort not in SORTS:
            raise InvalidInput(f"unknown sort '{self.sort}'; use one of: {', '.join(SORTS)}")
        if self.prefer_lang not in (None, *PREFERABLE):
            raise InvalidInput(f"unknown language '{self.prefer_lang}'; use one of: {', '.join(PREFERABLE)}")


__all__ = ["MODES", "SORTS", "SearchQuery"]
