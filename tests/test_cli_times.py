"""Times in the CLI's tables are the reader's local time, to the minute (--json keeps the stored UTC ISO form);
durations are read as a person says them."""

import json
import time
from datetime import datetime, timedelta

import pytest

from kb.display import human_duration


@pytest.fixture
def shanghai(monkeypatch):
    """The machine's time zone is Asia/Shanghai (UTC+8, no summer time) for the test."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _shanghai(stamp: str) -> str:
    utc = datetime.fromisoformat(stamp)
    assert utc.utcoffset() == timedelta(0)  # stored in UTC
    return (utc + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")


def _row(output: str, first: str) -> str:
    return next(line for line in output.splitlines() if line.startswith(first))


def test_a_tokens_creation_is_shown_in_local_time(kb, shanghai):
    kb("user", "add", "alice", "--password-stdin", input="correct horse battery\n")
    kb("user", "token", "alice", "--label", "周报脚本", "--expires", "90d")
    token = json.loads(kb("user", "tokens", "alice", "--json").stdout)[0]
    row = _row(kb("user", "tokens", "alice").stdout, "1 ")
    # created and expires in local time (was 2026-12-05T08:19:22+00:00); last used "never"
    assert row.split() == ["1", "周报脚本", "all", *_shanghai(token["created_at"]).split(), "never",
                           *_shanghai(token["expires_at"]).split()]
    assert "never" in _row(kb("user", "list").stdout, "alice")  # no login yet: not an empty cell


def test_tag_history_says_when_in_local_time(kb, write, shanghai):
    write("retro.md", "# Retro\n\n## Lessons learned\n\n- Order long-lead hardware at approval.\n")
    kb("ingest", "--no-index", str(write.base))
    kb("tag", "add", "retro.md", "供应商")
    kb("tag", "rename", "供应商", "供应商管理")
    at = json.loads(kb("tag", "history", "--json").stdout)[0]["at"]
    table = kb("tag", "history").stdout
    assert table.splitlines()[0].split()[:3] == ["#", "when", "who"]  # not "when (UTC)"
    assert _row(table, "2 ").split()[1:3] == _shanghai(at).split()


@pytest.mark.parametrize("seconds, said", [
    (0.004, "0.00 s"), (4.871, "4.87 s"), (59.994, "59.99 s"),
    (60.2, "1 min 00 s"), (1234.56, "20 min 35 s"),  # a long reindex said "in 1234.56 s"
    (3599.6, "1 h 00 min"), (7530, "2 h 05 min"),
])
def test_a_duration_in_seconds_minutes_or_hours(seconds, said):
    assert human_duration(seconds) == said
