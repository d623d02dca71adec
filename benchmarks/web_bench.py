"""Server-side latency of the search page and /api/search (in-process WSGI calls, no network), p50/p95.

    .venv/bin/python benchmarks/web_bench.py --db kb-data/kb.db --label corpus [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import BENCH_SECRET_KEY
from benchmarks.stats import percentile
from kb.settings import Settings
from kb.store import Store
from search.evaluate import load_queries
from web import create_app

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    settings = Settings(db=args.db, secret_key=BENCH_SECRET_KEY)
    with Store(args.db) as store:
        documents = store.stats()["documents"]
        titles = [r[0] for r in store.conn.execute("SELECT title FROM documents ORDER BY random() LIMIT ?",
                                                   [args.queries])]
    queries = ([q.text for q in load_queries(ROOT / "corpus" / "eval" / "queries.jsonl")] + titles)[:args.queries]
    client = create_app(settings).test_client()
    client.get("/?q=warm+up")  # the model, the index and the dictionary load once per process
    result = {"label": args.label, "documents": documents, "queries": len(queries)}
    for name, path in (("search page", "/?q={}"), ("/api/search", "/api/search?q={}")):
        times = []
        for q in queries:
            started = time.perf_counter()
            response = client.get(path.format(urllib.parse.quote(q)))
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        result[name] = {"p50_ms": round(percentile(times, 50), 1), "p95_ms": round(percentile(times, 95), 1),
                        "mean_ms": round(statistics.mean(times), 1)}
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
