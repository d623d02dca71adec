"""Digest benchmark: compose and send digests to N subscribers through a local SMTP server (aiosmtpd); or, with
--preview, time the curators' /curate/digest preview (one new subscriber's digest of this week, recurring problems
included) on the shipped corpus, and the share of it spent finding earlier similar lessons. Both find them as the
digest does (``kb digest send`` and /curate/digest): a week's new lessons in one ``earlier_similar_many`` call; the
preview also times the one-lesson path (``earlier_similar`` a lesson) in the same run, as the baseline.

    .venv/bin/python benchmarks/digest_bench.py --subscribers 1000 [--out benchmarks/results/digest.json]
    .venv/bin/python benchmarks/digest_bench.py --preview 5 [--out benchmarks/results/digest-preview.json]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import BENCH_SECRET_KEY
from ingest import ingest
from kb.digest import compose, current_week, new_subscriber, send_digests
from kb.digest.content import ManyPastLessons
from kb.settings import Settings
from kb.store import Store
from search import Searcher, SearchIndex

ROOT = Path(__file__).resolve().parent.parent


class Counter:
    def __init__(self) -> None:
        self.messages = 0
        self.bytes = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        self.bytes += len(envelope.content)
        return "250 OK"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--preview", type=int, default=0, metavar="N",
                        help="time the /curate/digest preview N times instead of sending")
    args = parser.parse_args()
    if args.preview:
        _write(preview(args.preview), args.out)
        return
    from aiosmtpd.controller import Controller

    work = Path(tempfile.mkdtemp(prefix="kb-digest-bench-"))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    settings = Settings(db=work / "kb.db", secret_key=BENCH_SECRET_KEY, smtp_port=port, base_url="http://kb.example.org")
    store = Store(settings.db)
    ingest(store, [ROOT / "corpus"])
    index = SearchIndex(store, settings)
    index.sync()
    searcher = Searcher(index)
    rng = random.Random(7)
    tags = [t["label"] for t in store.tags(limit=40)]
    projects = [r["value"] for r in store.facet_values("project")]
    for i in range(args.subscribers):
        interests = rng.choice([{}, {"tags": rng.sample(tags, 2)}, {"projects": [rng.choice(projects)]},
                                {"kinds": ["went_wrong", "lesson"]}])
        store.add_subscriber(f"user{i:04d}@example.org", name=f"User {i}", language=rng.choice(["zh", "en"]),
                             interests=interests, role="curator" if i % 50 == 0 else "reader")

    past = ManyPastLessons(lambda ids, before: searcher.earlier_similar_many(ids, before=before))  # as kb digest send
    started = time.perf_counter()
    report = send_digests(store, settings, current_week(), past_lessons=past)
    seconds = time.perf_counter() - started
    controller.stop()
    result = {"subscribers": args.subscribers, "sent": len(report.sent), "empty": len(report.empty),
              "failed": len(report.failed), "received_by_server": counter.messages, "seconds": round(seconds, 2),
              "messages_per_second": round(len(report.sent) / seconds, 1),
              "average_message_kb": round(counter.bytes / max(counter.messages, 1) / 1024, 1)}
    _write(result, args.out)
    store.close()
    shutil.rmtree(work, ignore_errors=True)


def preview(repeats: int) -> dict:
    """The /curate/digest preview's composition (web/views/digest.py), timed ``repeats`` times after one warm-up:
    every lesson of the corpus is new this week, so each problem lesson looks for its earlier occurrences. Found as
    the preview does (all at once, ``earlier_similar_many``) and, as the baseline, one lesson a call."""
    work = Path(tempfile.mkdtemp(prefix="kb-digest-preview-"))
    settings = Settings(db=work / "kb.db", secret_key=BENCH_SECRET_KEY)
    store = Store(settings.db)
    ingest(store, [ROOT / "corpus"])
    index = SearchIndex(store, settings)
    index.sync()
    searcher = Searcher(index)
    result = {"repeats": repeats,
              "batched": _preview_runs(store, settings, repeats, searcher.earlier_similar_many, batched=True),
              "one_by_one": _preview_runs(store, settings, repeats, searcher.earlier_similar_many, batched=False)}
    store.close()
    shutil.rmtree(work, ignore_errors=True)
    return result


def _preview_runs(store: Store, settings: Settings, repeats: int, many: Any, *, batched: bool) -> dict:
    """Compose the preview ``repeats`` times after a warm-up, timing the search for earlier lessons: in one call of
    ``many`` (``batched``), or one lesson a call (``earlier_similar``, which ``many`` of one lesson is)."""
    period = current_week()
    calls: list[float] = []
    asked: list[int] = []

    def timed(ids: list[int], before: str) -> dict[int, list[dict]]:
        started = time.perf_counter()
        found = many(ids, before=before)
        calls.append(time.perf_counter() - started)
        asked.extend(ids)
        return found

    past = ManyPastLessons(timed)
    totals, in_calls, recurring = [], [], 0
    for run in range(repeats + 1):
        calls.clear()
        asked.clear()
        started = time.perf_counter()
        content = compose(store, new_subscriber("en"), period.label, period.preview_window(),
                          past if batched else lambda lesson_id, before: past(lesson_id, before),
                          min_similar=settings.recurring_min_similar)
        if run:  # the first run warms the model, the index and SQLite's cache
            totals.append(time.perf_counter() - started)
            in_calls.append(sum(calls))
        recurring = len(content.recurring.items) + content.recurring.more
    return {"calls": len(calls), "lessons_searched": len(asked), "recurring_problems": recurring,
            "compose_seconds_median": round(statistics.median(totals), 3),
            "earlier_similar_seconds_median": round(statistics.median(in_calls), 3)}


def _write(result: dict, out: Path | None) -> None:
    print(json.dumps(result, indent=2))
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
