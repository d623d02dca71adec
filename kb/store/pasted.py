"""Texts pasted into the search page, kept so that the results' links can name them by a short key.

A pasted lesson of 10,000 Chinese characters is 90 KB in an address, past what a server takes (``max_url_kb``): the
page posts it once, and its results, pages and filters are addresses that carry its key instead (``?paste=KEY``).
"""

from __future__ import annotations

import hashlib

from kb.store.core import StoreCore, now

PASTED_KEPT = 1000  # texts kept, the most recently pasted; an older key's page says it is no longer kept


def pasted_key(text: str) -> str:
    """A text's key: the first 16 hex digits of its SHA-256 (the same text pasted twice is one key)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class PastedOps(StoreCore):
    """Pasted search texts, by key."""

    def keep_pasted(self, text: str) -> str:
        """Keep a pasted text (the newest ``PASTED_KEPT``) and return its key."""
        key = pasted_key(text)
        with self.transaction():
            # replaced, not updated: a new rowid makes it the newest (pasted within the same second as others too)
            self.conn.execute("INSERT OR REPLACE INTO pasted_queries (key, text, at) VALUES (?, ?, ?)", [key, text, now()])
            self.conn.execute("DELETE FROM pasted_queries WHERE rowid NOT IN"
                              " (SELECT rowid FROM pasted_queries ORDER BY rowid DESC LIMIT ?)", [PASTED_KEPT])
        return key

    def pasted(self, key: str) -> str | None:
        """The text pasted under a key, or None (never pasted, or no longer kept)."""
        return self.scalar("SELECT text FROM pasted_queries WHERE key = ?", [key])
