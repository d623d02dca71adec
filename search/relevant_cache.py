"""The documents an unfiltered search finds relevant, remembered per query: what a filtered search of it asks.

A filtered search lists, of the documents it matches, those above the relevance floor over the whole collection
(``Searcher.relevant_anywhere``): one unfiltered ranking more for every facet a reader clicks. The unfiltered search
just before (the page the facets were on) or the same filter's next page made it already; so it is kept here, in one
least-recently-used table a process, for ``SIZE`` queries.

A key holds all that the ranking depends on: the store and index (the database file's path), the settings, the
collection's state (``Store.search_stamp``: a lesson added, changed, hidden or removed, on any connection, or a
document added or removed; and the vector index's version: a sync), the query's words, mode, depth, hits per
document, reader's language and hidden lessons, and the curated synonyms its words call in. A publish, a sync or a
removal makes another key, so nothing stale is served; the old entries leave as the table fills.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

SIZE = 256  # queries remembered; an entry is a few dozen documents' candidates (a few kB)


class RelevantCache:
    """A small least-recently-used table, safe to share between a server's threads."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0  # lookups that found their entry (benchmarks/filtered_bench.py and the tests count them)

    def get(self, key: Hashable) -> Any:
        """The value kept under ``key`` (None: none), now the most recently used."""
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
                self.hits += 1
            return value

    def put(self, key: Hashable, value: Any) -> None:
        """Keep ``value`` under ``key``; the least recently used entry leaves when the table is full."""
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()
            self.hits = 0

    def __len__(self) -> int:
        return len(self._entries)


RELEVANT = RelevantCache()  # the process's table: searchers are made per request, their queries' rankings outlive them

__all__ = ["RELEVANT", "SIZE", "RelevantCache"]
