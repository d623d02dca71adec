"""Digest benchmark: compose and send digests to N subscribers through a local SMTP server (aiosmtpd).

    .venv/bin/python benchmarks/digest_bench.py --subscribers 1000 [--out benchmarks/results/digest.json]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import socket
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest import ingest
from kb.digest import current_week, send_digests
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
    args = parser.parse_args()
    from aiosmtpd.controller import Controller

    work = Path(tempfile.mkdtemp(prefix="kb-digest-bench-"))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    settings = Settings(db=work / "kb.db", secret_key="bench", smtp_port=port, base_url="http://kb.example.org")
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

    def past(lesson_id: int, before: str) -> list[dict]:
        return searcher.earlier_similar(lesson_id, before=before)

    started = time.perf_counter()
    report = send_digests(store, settings, current_week(), past_lessons=past)
    seconds = time.perf_counter() - started
    controller.stop()
    result = {"subscribers": args.subscribers, "sent": len(report.sent), "empty": len(report.empty),
              "failed": len(report.failed), "received_by_server": counter.messages, "seconds": round(seconds, 2),
              "messages_per_second": round(len(report.sent) / seconds, 1),
              "average_message_kb": round(counter.bytes / max(counter.messages, 1) / 1024, 1)}
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2))
    store.close()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
