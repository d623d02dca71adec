"""A stopped clock for one module, for tests whose data and whose question must fall in the same period (an ISO
week, a day) whenever the suite runs: a run that crosses Sunday midnight UTC stored its lessons in one week and
asked for the digest of the next.

The module must read the time as ``datetime.now(...)`` of its own ``datetime`` name (``from datetime import
datetime``): kb.store.core (every stamp the store writes) and kb.digest.periods ("today", "this week", a preview's
"now") do. If one of them stops doing so, monkeypatch's setattr fails, saying which name is gone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

STORE = "kb.store.core"  # every created_at, first_ingested, … the store writes
DIGEST = "kb.digest.periods"  # current_week(), last_complete_week(), yesterday(), Period.preview_window()


def utc_now() -> datetime:
    """The moment to stop the clocks at: now, in UTC, to the microsecond."""
    return datetime.now(UTC)


def local_day(days: int) -> str:
    """The machine's local date ``days`` from today, as a share session's date is written (YYYY-MM-DD).

    A session dated ``local_day(30)`` is upcoming whenever the suite runs (the store counts a session upcoming from
    its local date on); one dated in 2099 was so only until 2099."""
    return (datetime.now() + timedelta(days=days)).date().isoformat()


def stop_clock(monkeypatch: pytest.MonkeyPatch, module: str, at: datetime) -> datetime:
    """Make ``datetime.now()`` in ``module`` return ``at`` (aware) until ``monkeypatch`` undoes it; return ``at``.

    ``now(tz)`` gives ``at`` in that zone; ``now()`` the machine's local time at that moment, naive, as the real
    one does."""

    class Stopped(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return at.astimezone(tz) if tz else at.astimezone().replace(tzinfo=None)

    monkeypatch.setattr(f"{module}.datetime", Stopped)
    return at
