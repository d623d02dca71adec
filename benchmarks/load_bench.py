"""Load test: `kb serve` on 127.0.0.1 with ~10k documents; 1, 5, 20 and 50 concurrent readers mixing search,
document pages and browsing for 60 s each, while a curator tags documents. Reports requests/s, p50/p95/p99
latency, errors, and the server's memory after warm-up and after the run.

    .venv/bin/python benchmarks/load_bench.py [--seconds 60] [--users 1 5 20 50] [--keep DIR] [--out FILE]

More than the shipped corpus's documents needs ../shared/data; ``--documents 100`` runs on the corpus alone.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import BENCH_SECRET_KEY
from benchmarks.collection import ROOT, available, write_replica
from benchmarks.stats import percentile
from ingest import ingest
from kb.settings import Settings
from kb.store import Store
from search import SearchIndex
from search.evaluate import load_queries


def build(work: Path, target_docs: int) -> Settings:
    settings = Settings(db=work / "kb.db")
    store = Store(settings.db)
    if store.stats()["documents"] >= target_docs:
        store.close()
        return settings
    ingest(store, [ROOT / "corpus"])
    if store.stats()["documents"] < target_docs and not available():
        sys.exit(f"the shipped corpus has {store.stats()['documents']} documents; more needs ../shared/data "
                 "(llis, hadoop-bugs), or a smaller --documents")
    replica = 0
    while store.stats()["documents"] < target_docs:
        write_replica(work / "files" / f"r{replica}", replica)
        ingest(store, [work / "files" / f"r{replica}"])
        replica += 1
    started = time.perf_counter()
    report = SearchIndex(store, settings).sync()
    print(f"built {store.stats()['documents']:,} documents, {report.chunks:,} chunks in "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    store.add_user("loadcurator", "load-test-pass", "curator")
    store.close()
    return settings


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (gunicorn's workers), in MB."""
    total = 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            if int(proc.name) != pid and int(stat[1]) != pid:
                continue
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except (OSError, IndexError, ValueError):
            continue
    return total


class Client:
    """One keep-alive connection per user, like a browser."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None) -> tuple[int, str]:
        data = urllib.parse.urlencode(body) if body else None
        head = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        if data:
            head["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=data, headers=head)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                for value in response.headers.get_all("Set-Cookie") or []:
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
                return response.status, text
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise
        raise RuntimeError("unreachable")


def reader(port: int, stop: threading.Event, results: list, queries: list[str], keys: list[str], seed: int,
           think: float) -> None:
    rng = random.Random(seed)
    client = Client(port)
    while not stop.is_set():
        if think:
            stop.wait(rng.expovariate(1 / think))  # a person reads before the next click
            if stop.is_set():
                break
        roll = rng.random()
        if roll < 0.6:
            path = "/?" + urllib.parse.urlencode({"q": rng.choice(queries)})
        elif roll < 0.85:
            path = "/documents/" + urllib.parse.quote(rng.choice(keys), safe="/")
        else:
            path = "/browse?" + urllib.parse.urlencode({"page": rng.randint(1, 40), "sort": rng.choice(["date", "title"])})
        started = time.perf_counter()
        try:
            status, _ = client.request("GET", path)
        except Exception as exc:  # noqa: BLE001 (any failure counts as an error)
            status = f"{type(exc).__name__}"
        results.append((path.split("?")[0].split("/")[1] or "search", time.perf_counter() - started, status))


def curator(port: int, stop: threading.Event, results: list, keys: list[str]) -> None:
    rng = random.Random(99)
    client = Client(port)
    _, page = client.request("GET", "/login")
    token = re.search(r'data-csrf="([^"]+)"', page).group(1)
    client.request("POST", "/login", {"username": "loadcurator", "password": "load-test-pass", "csrf_token": token})
    _, page = client.request("GET", "/")
    token = re.search(r'data-csrf="([^"]+)"', page).group(1)
    n = 0
    while not stop.is_set():
        key = rng.choice(keys)
        started = time.perf_counter()
        status, _ = client.request("POST", "/curate/tags/add", {"csrf_token": token, "target": "document", "ref": key,
                                                                 "tag": f"load-{n % 20}"}, {"Accept": "application/json"})
        results.append(("tag", time.perf_counter() - started, status))
        n += 1
        time.sleep(0.2)


def level(port: int, users: int, seconds: float, queries: list[str], keys: list[str], think: float = 0.0) -> dict:
    stop = threading.Event()
    results: list = []
    threads = [threading.Thread(target=reader, args=(port, stop, results, queries, keys, i, think))
               for i in range(users)]
    tagging: list = []
    threads.append(threading.Thread(target=curator, args=(port, stop, tagging, keys)))
    started = time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    times = sorted(r[1] * 1000 for r in results)
    errors = [r for r in results + tagging if not (isinstance(r[2], int) and r[2] < 400)]

    by_kind = {k: round(statistics.median(sorted(r[1] * 1000 for r in results if r[0] == k)), 1)
               for k in {r[0] for r in results}}
    return {"users": users, "think_s": think, "requests": len(results), "requests_per_second": round(len(results) / elapsed, 1),
            "p50_ms": round(percentile(times, 50), 1), "p95_ms": round(percentile(times, 95), 1), "p99_ms": round(percentile(times, 99), 1),
            "errors": len(errors), "error_samples": [str(e) for e in errors[:5]], "tag_writes": len(tagging),
            "median_ms_by_page": by_kind}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--users", type=int, nargs="+", default=[1, 5, 20, 50])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per server process")
    parser.add_argument("--think", type=float, nargs="+", default=[0.0, 1.0],
                        help="mean seconds a user waits between requests (0: back to back)")
    parser.add_argument("--keep", type=Path, help="build (or reuse) the collection in this folder")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kb-load-"))
    work.mkdir(parents=True, exist_ok=True)
    settings = build(work, args.documents)
    with Store(settings.db) as store:
        SearchIndex(store, settings).sync()  # an index built with other settings is brought in line (e.g. to IVF)
    with Store(settings.db) as store:
        keys = [r[0] for r in store.conn.execute("SELECT key FROM documents ORDER BY random() LIMIT 2000")]
        titles = [r[0] for r in store.conn.execute(
            "SELECT title FROM documents WHERE doc_type = 'lessons_register' ORDER BY random() LIMIT 200")]
        documents = store.stats()["documents"]
    queries = [q.text for q in load_queries(ROOT / "corpus" / "eval" / "queries.jsonl")] + titles
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    env = {**os.environ, "KB_SECRET_KEY": BENCH_SECRET_KEY}
    # the server's own log: the traceback behind any error counted below
    with open(work / "server.log", "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "kb.cli", "--db", str(settings.db), "serve",
                                   "--port", str(port), "--workers", str(args.workers),
                                   "--threads", str(args.threads)],
                                  cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    if Client(port).request("GET", "/api/tags?limit=1")[0] == 200:
                        break
                except OSError:
                    time.sleep(0.3)
            level(port, 5, 15, queries, keys)  # warm-up
            warm = rss_mb(server.pid)
            levels = []
            for think in args.think:
                for users in args.users:
                    result = level(port, users, args.seconds, queries, keys, think)
                    result["server_rss_mb"] = round(rss_mb(server.pid), 1)
                    levels.append(result)
                    print(json.dumps(result), file=sys.stderr)
            after = rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=60)
    output = {"documents": documents, "server_workers": args.workers, "server_threads": args.threads,
              "seconds_per_level": args.seconds,
              "rss_after_warmup_mb": round(warm, 1), "rss_after_run_mb": round(after, 1),
              "rss_growth": round(after / warm - 1, 3), "levels": levels}
    print(json.dumps(output, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(output, indent=2))
    if any(level["errors"] for level in levels):
        kept = Path(tempfile.gettempdir()) / "kb-load-server.log"
        shutil.copy(work / "server.log", kept)
        print(f"errors: the server's log is in {kept}", file=sys.stderr)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
