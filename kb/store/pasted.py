"""Texts pasted into the search page, kept so that the results' links can name them by a short key.

A pasted lesson of 10,000 Chinese characters is 90 KB in an address, past what a server takes (``max_url_kb``): the
page posts it once, and its results, pages and filters are addresses that carry its key instead (``?paste=KEY``).
A key is keyed with the app's secret (``pasted_key``), so that no one can tell from a text they guess whether someone
pasted it; a text is kept ``PASTED_DAYS`` after it was last pasted or opened, and only the newest ``PASTED_KEPT``.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

from kb.store.core import StoreCore, now

PASTED_KEPT = 1000  # texts kept, the most recently pasted; an older key's page says it is no longer kept
PASTED_DAYS = 30  # a text neither pasted again nor opened for this long is forgotten: it may be a confidential report
TOUCHED_AFTER = timedelta(days=1)  # an opened text's time is renewed at most once a day (a write on a page's GET)


def pasted_key(text: str, secret: str) -> str:
    """A text's key: the first 16 hex digits of its HMAC-SHA256 under ``secret`` (the app's secret key). The same text
    pasted twice is one key; without the secret, a text's key cannot be worked out (its SHA-256 could: anyone who
    guessed a text could tell, from ``/?paste=KEY``, whether someone had pasted it)."""
    mac = hmac.new(secret.encode("utf-8", "surrogatepass"), text.encode("utf-8", "surrogatepass"), hashlib.sha256)
    return mac.hexdigest()[:16]


def _ago(delta: timedelta) -> str:
    return (datetime.now(UTC) - delta).isoformat(timespec="seconds")


class PastedOps(StoreCore):
    """Pasted search texts, by key."""

    def keep_pasted(self, text: str, secret: str) -> str:
        """Keep a pasted text (the newest ``PASTED_KEPT``, none older than ``PASTED_DAYS``) and return its key
        (``pasted_key`` under ``secret``)."""
        key = pasted_key(text, secret)
        with self.transaction():
            # replaced, not updated: a new rowid makes it the newest (pasted within the same second as others too)
            self.conn.execute("INSERT OR REPLACE INTO pasted_queries (key, text, at) VALUES (?, ?, ?)", [key, text, now()])
            self.conn.execute("DELETE FROM pasted_queries WHERE at < ?", [_ago(timedelta(days=PASTED_DAYS))])
            self.conn.execute("DELETE FROM pasted_queries WHERE rowid NOT IN"
                              " (SELECT rowid FROM pasted_queries ORDER BY rowid DESC LIMIT ?)", [PASTED_KEPT])
        return key

    def pasted(self, key: str) -> str | None:
        """The text pasted under a key, or None (never pasted, or no longer kept). Opening it keeps it
        ``PASTED_DAYS`` more; one found expired is forgotten, with every other expired one."""
        row = self.conn.execute("SELECT text, at FROM pasted_queries WHERE key = ?", [key]).fetchone()
        if row is None:
            return None
        if row[1] < _ago(timedelta(days=PASTED_DAYS)):
            with self.transaction():
                self.conn.execute("DELETE FROM pasted_queries WHERE at < ?", [_ago(timedelta(days=PASTED_DAYS))])
            return None
        if row[1] < _ago(TOUCHED_AFTER):
            with self.transaction():
                self.conn.execute("UPDATE pasted_queries SET at = ? WHERE key = ?", [now(), key])
        return row[0]
