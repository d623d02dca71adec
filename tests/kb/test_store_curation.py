"""kb/store/curation.py: curators' verdicts on lessons, and the log of searches that found nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kb.errors import InvalidInput, NotFound
from kb.models import ReviewStatus
from kb.store import Store
from tests.kb.factories import doc, source


@pytest.fixture
def lessons(store: Store) -> list[int]:
    store.save_file(source(), [doc()])
    return [lesson["id"] for lesson in store.lessons()[0]]


def _review(store: Store, lesson_id: int) -> tuple[str, str | None, str | None]:
    row = store.row("SELECT review_status, reviewed_by, reviewed_at FROM lessons WHERE id = ?", [lesson_id])
    return row["review_status"], row["reviewed_by"], row["reviewed_at"]


def _recent(stamp: str | None) -> bool:
    return stamp is not None and datetime.now(UTC) - datetime.fromisoformat(stamp) < timedelta(seconds=60)


@pytest.mark.parametrize("status", ["approved", ReviewStatus.HIDDEN, "hidden"])
def test_a_verdict_records_who_and_when_on_that_lesson_only(store, lessons, status):
    store.set_review(lessons[0], status, actor="alice")
    verdict, by, at = _review(store, lessons[0])
    assert verdict == str(status) and by == "alice" and _recent(at)
    assert _review(store, lessons[1]) == ("unreviewed", None, None)


def test_back_to_unreviewed_forgets_who_and_when(store, lessons):
    store.set_review(lessons[0], "approved", actor="alice")
    store.set_review(lessons[0], ReviewStatus.UNREVIEWED, actor="bob")
    assert _review(store, lessons[0]) == ("unreviewed", None, None)


def test_a_verdict_without_an_actor(store, lessons):
    store.set_review(lessons[0], "hidden")
    verdict, by, at = _review(store, lessons[0])
    assert (verdict, by) == ("hidden", None) and _recent(at)


@pytest.mark.parametrize("status", ["bogus", "APPROVED", ""])
def test_an_unknown_verdict_is_refused_and_nothing_changes(store, lessons, status):
    with pytest.raises(InvalidInput, match=rf"^unknown review status '{status}'; use unreviewed, approved or hidden$"):
        store.set_review(lessons[0], status, actor="alice")
    assert _review(store, lessons[0]) == ("unreviewed", None, None)


def test_a_verdict_on_a_missing_lesson_is_not_found(store, lessons):
    with pytest.raises(NotFound, match=r"^no lesson 999$"):
        store.set_review(999, "approved")
    assert not store.conn.in_transaction


def test_log_search_keeps_the_query_its_mode_results_actor_and_time(store):
    store.log_search("风险", "hybrid", 0, actor="rita")
    store.log_search("vendor", "keyword", 7)
    rows = store.rows("SELECT query, mode, results, actor, at FROM search_log ORDER BY id")
    assert [r["query"] for r in rows] == ["风险", "vendor"]  # a pasted text: its opening (the test below)
    assert [(r["mode"], r["results"], r["actor"]) for r in rows] == [("hybrid", 0, "rita"), ("keyword", 7, None)]
    assert all(_recent(r["at"]) for r in rows)


def _logged(store: Store, query: str, results: int, at: str) -> None:
    store.conn.execute("INSERT INTO search_log (query, mode, results, at) VALUES (?, 'hybrid', ?, ?)",
                       [query, results, at])


def test_failed_searches_group_case_insensitively_most_frequent_first(store):
    _logged(store, "Vendor risk", 0, "2026-01-02T00:00:00+00:00")
    _logged(store, "vendor risk", 0, "2026-01-03T00:00:00+00:00")
    _logged(store, "VENDOR RISK", 0, "2026-01-01T00:00:00+00:00")
    _logged(store, "budget", 0, "2026-01-05T00:00:00+00:00")
    _logged(store, "budget", 3, "2026-01-06T00:00:00+00:00")  # found something: not a failure
    _logged(store, "go-live", 0, "2026-01-04T00:00:00+00:00")
    _logged(store, "ancient", 0, "2025-12-01T00:00:00+00:00")  # before the window
    found = store.failed_searches("2026-01-01T00:00:00+00:00")
    assert [(f["query"].lower(), f["times"], f["last"]) for f in found] == [
        ("vendor risk", 3, "2026-01-03T00:00:00+00:00"),
        ("budget", 1, "2026-01-05T00:00:00+00:00"),  # ties: the latest first
        ("go-live", 1, "2026-01-04T00:00:00+00:00")]
    assert [f["query"] for f in store.failed_searches("2026-01-01T00:00:00+00:00", limit=2)] == [
        found[0]["query"], "budget"]
    assert [f["query"] for f in store.failed_searches("2026-01-05T00:00:00+00:00")] == ["budget"]  # inclusive


def test_a_pasted_search_is_logged_as_its_opening_and_its_length(store):
    # its first 500 characters were logged, and shown whole in the digest's searches that found nothing (r-review)
    pasted = "供应商接口交付延期，测试环境没有准备好。" * 300  # 6,000 characters
    typed = "vendor " * 14 + "zz"  # 100 characters: as long as a typed search (a topic) may be
    store.log_search(pasted, "hybrid", 0)
    store.log_search(typed, "hybrid", 0)
    rows = store.rows("SELECT query, pasted_chars FROM search_log ORDER BY id")
    assert rows == [{"query": "供应商接口交付延期，测试环境没有准备好。" * 2 + "供应商接口交付延期，测试环境没有准备好…",
                     "pasted_chars": 6000},
                    {"query": typed, "pasted_chars": None}]
    assert [(f["query"], f["pasted_chars"]) for f in store.failed_searches("2000-01-01")] == [
        (r["query"], r["pasted_chars"]) for r in rows[::-1]]  # ties: the latest first


def test_pasted_texts_of_one_opening_are_one_line_only_when_as_long(store):
    # two reports of one template, their 60-character openings alike, were one line "searched twice"
    heading = "项目名称：智慧仓储WMS上线 复盘报告\n一、项目背景与目标\n本项目于2024年启动，目标是在三个仓库上线新的仓储管理系统并完成数据迁移。"
    first, second = heading + "供应商接口交付延期。" * 40, heading + "测试环境没有准备好，" * 70
    for text in (first, second, first):
        store.log_search(text, "hybrid", 0)
    found = [(f["times"], f["pasted_chars"]) for f in store.failed_searches("2000-01-01")]
    assert len({f["query"] for f in store.failed_searches("2000-01-01")}) == 1  # the same opening
    assert found == [(2, len(first)), (1, len(second))]


def test_failed_searches_default_limit_is_20(store):
    for i in range(25):
        _logged(store, f"q{i}", 0, "2026-01-01T00:00:00+00:00")
    assert len(store.failed_searches("2026-01-01")) == 20
