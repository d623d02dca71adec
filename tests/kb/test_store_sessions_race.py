"""kb/store/sessions.py: a session's status and date are checked inside the write transaction, so a change made
by another connection between the check and the write cannot leave a scheduled session without its date."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from kb.errors import InvalidInput
from kb.store import Store


def _before_each_transaction(store: Store, monkeypatch: pytest.MonkeyPatch, change) -> None:
    """Run ``change`` (another connection's write) just before the store opens its next write transaction: the
    moment a check made outside the transaction would already be stale."""
    original = store.transaction

    @contextmanager
    def transaction():
        change()
        with original() as conn:
            yield conn

    monkeypatch.setattr(store, "transaction", transaction)


def test_a_date_cleared_while_the_session_is_scheduled_elsewhere_is_refused(store: Store, db_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch):
    session_id = store.create_session({"title": "T", "scheduled_at": "2026-03-01"})

    def schedule_elsewhere():
        with Store(db_path) as other:
            other.set_session_status(session_id, "scheduled")

    _before_each_transaction(store, monkeypatch, schedule_elsewhere)
    with pytest.raises(InvalidInput, match=r"^a scheduled or held session keeps its date"):
        store.update_session(session_id, {"scheduled_at": ""})
    monkeypatch.undo()
    session = store.session(session_id)
    assert session["status"] == "scheduled" and session["scheduled_at"]


def test_a_session_whose_date_is_cleared_elsewhere_is_not_scheduled(store: Store, db_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch):
    session_id = store.create_session({"title": "T", "scheduled_at": "2026-03-01"})

    def clear_date_elsewhere():
        with Store(db_path) as other:
            other.update_session(session_id, {"scheduled_at": ""})

    _before_each_transaction(store, monkeypatch, clear_date_elsewhere)
    with pytest.raises(InvalidInput, match=r"^give the session a date and time before scheduling it$"):
        store.set_session_status(session_id, "scheduled")
    monkeypatch.undo()
    session = store.session(session_id)
    assert session["status"] == "draft" and not session["scheduled_at"]
