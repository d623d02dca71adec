"""Addresses the mail server refuses for good ("550 no such user"), counted across digest runs.

A refused address was tried on every run, forever, so cron exited 1 daily and its mail was learned to be ignored.
Each run that has a subscriber's address refused counts once; a sent digest starts the count again; at
``PAUSE_AFTER`` runs in a row the subscriber is paused (no digest) until ``kb subscribers resume``. The caller
decides whether a run's refusals count at all: when most of a run's addresses were refused, the relay, not the
addresses, is the likelier fault (kb.digest.delivery).
"""

from __future__ import annotations

from typing import Any

from kb.sql import placeholders
from kb.store.core import StoreCore, now

PAUSE_AFTER = 3  # runs in a row with the address refused


class RefusalOps(StoreCore):
    """Counting refused addresses, pausing and resuming their subscribers."""

    def record_refusals(self, refused: dict[int, str]) -> list[dict[str, Any]]:
        """Count one run's refusals (subscriber id -> the server's answer); pause those refused ``PAUSE_AFTER``
        runs in a row. Returns the subscribers paused now (email, refusals, refused_error), by address."""
        if not refused:
            return []
        stamp, ids = now(), list(refused)
        marks = placeholders(ids)
        with self.transaction():
            self.conn.executemany("UPDATE subscribers SET refusals = refusals + 1, refused_at = ?, refused_error = ?"
                                  " WHERE id = ?", [(stamp, error[:300], i) for i, error in refused.items()])
            self.conn.execute(f"UPDATE subscribers SET paused_at = ? WHERE id IN ({marks}) AND refusals >= ?"
                              " AND paused_at IS NULL", [stamp, *ids, PAUSE_AFTER])
        return self.rows(f"SELECT email, refusals, refused_error FROM subscribers WHERE id IN ({marks})"
                         " AND paused_at = ? ORDER BY email", [*ids, stamp])

    def resume_subscriber(self, subscriber_id: int) -> None:
        """Send to a paused subscriber again (their address fixed at the mail server), the count started again."""
        with self.transaction():
            self.conn.execute("UPDATE subscribers SET paused_at = NULL, refusals = 0 WHERE id = ?", [subscriber_id])
