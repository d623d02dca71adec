"""The home page beside the search box: recent lessons, upcoming share sessions, the most searched topics; for
curators the review queue's count, searches that found nothing and new untagged documents. Also where searches are
counted for those topics: the normalised query, the form it was last typed in, and a count, never who searched."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from flask import g, session

from kb.store import Role
from kb.text import search_topic
from web.security import can
from web.views.common import active_filters, actor

RECENT_LESSONS = 6
UPCOMING_SESSIONS = 4
POPULAR_TOPICS = 8
MIN_SEARCHES = 3  # a query is shown to everyone only once searched this often: one person's search stays theirs
CURATOR_ITEMS = 6
UNTAGGED_DAYS = 30  # "new documents without tags": first ingested in this many days
COUNTED_KEY = "counted_searches"  # in the visitor's own (signed) session cookie: the searches already counted
COUNTED_KEEP = 30


def home_sections() -> dict[str, Any]:
    """What the home page shows the current visitor (never a hidden lesson or, to readers, a draft session)."""
    curator = can(Role.CURATOR)
    sessions, _ = g.store.sessions(when="upcoming", drafts=curator, limit=UPCOMING_SESSIONS)
    # a draft without a date is not upcoming (it was listed last, under an empty date line): the sessions page lists
    # it apart, "No date yet" (undated ones come after the dated, so none dated is lost to the limit)
    sessions = [s for s in sessions if s["scheduled_at"]]
    sections: dict[str, Any] = {
        "recent": g.store.recent_lessons(limit=RECENT_LESSONS),
        "sessions": sessions,
        "popular": g.store.popular_searches(limit=POPULAR_TOPICS, at_least=MIN_SEARCHES),
        "curator": None,
    }
    if curator:
        untagged, untagged_total = g.store.untagged_documents(days=UNTAGGED_DAYS, limit=CURATOR_ITEMS)
        sections["curator"] = {"queue": g.store.review_queue_count(),
                               "fruitless": g.store.fruitless_searches(limit=CURATOR_ITEMS),
                               "untagged": untagged, "untagged_more": untagged_total - len(untagged),
                               "untagged_days": UNTAGGED_DAYS}
    return sections


def record_search(query: str, mode: str, found: int, *, topic: bool) -> None:
    """Log a search (the digest's searches that found nothing) and, with ``topic``, count it for the topics; not one
    that filters narrowed: what it finds says as much about its filters ("vendor late" in a project with nothing on
    it found nothing, where the collection has plenty on it)."""
    if active_filters():
        return
    g.store.log_search(query, mode, found, actor())
    if topic:
        count_search(query, found)


def count_search(query: str, found: int) -> None:
    """Count a search towards the popular topics, once per visitor's session and day: a visitor repeating or paging
    through a search does not make it popular. What is kept server-side is the query and a count, not who."""
    topic = search_topic(query)
    if not topic:
        return
    mark = hashlib.sha256(f"{datetime.now(UTC).date()}\x1f{topic}".encode()).hexdigest()[:12]
    counted = session.get(COUNTED_KEY)
    counted = counted if isinstance(counted, list) else []
    if mark in counted:
        return
    g.store.count_search(query, found)  # counted under its topic, shown as typed
    session[COUNTED_KEY] = [*counted, mark][-COUNTED_KEEP:]
