"""A real searcher that notes when each of its searches starts and ends, the one a spelling suggestion makes among
them, so that a test can say whether a reported took_ms counts the suggestion (search/suggestion.py)."""

from __future__ import annotations

import time

from search import Searcher, SearchQuery
from search.results import SearchResults


class TimedSearcher(Searcher):
    """A searcher recording each search as (asked for a suggestion, start, end), in the order they end."""

    def __init__(self, index) -> None:  # type: ignore[no-untyped-def]
        super().__init__(index)
        self.spans: list[tuple[bool, float, float]] = []

    def search(self, query: SearchQuery) -> SearchResults:
        started = time.perf_counter()
        results = super().search(query)
        self.spans.append((query.suggest, started, time.perf_counter()))
        return results

    def counted(self, took_ms: float) -> bool:
        """Whether a reported time counts the suggestion's search: before, it stopped before that search began;
        the rounding of a shown time (half a millisecond) is allowed for."""
        (inner, inner_start, inner_end), (outer, outer_start, _) = self.spans
        assert outer and not inner  # the suggestion's search ran inside the one asked for
        seconds = (took_ms + 0.5) / 1000
        return seconds > inner_start - outer_start and seconds >= inner_end - inner_start
