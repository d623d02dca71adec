"""Hostile clients against `kb serve` on 127.0.0.1: how long a giant request line takes to be answered, and how
ordinary requests fare while slow connections trickle a header line or a POST body byte every second.

    .venv/bin/python benchmarks/hostile_bench.py [--db FILE] [--slow 50] [--seconds 20] [--line-mb 8 16]

Without --db it serves a small collection it writes itself (no model needed). Run it from another checkout to
compare versions: the server is started from the checkout the script is in.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import BENCH_SECRET_KEY
from benchmarks.stats import percentile

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 10.0  # an ordinary request slower than this counts as stalled


def small_collection(folder: Path) -> Path:
    from ingest import ingest
    from kb.store import Store

    docs = folder / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for i in range(20):
        (docs / f"d{i}.md").write_text(f"---\nid: h/{i}\nproject: P{i % 4}\n---\n# Doc {i}\n\n## Lessons learned\n"
                                       f"- Lesson {i}: order long-lead items at approval.\n", encoding="utf-8")
    with Store(folder / "kb.db") as store:
        ingest(store, [docs])
    return folder / "kb.db"


def start(db: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "KB_SECRET_KEY": BENCH_SECRET_KEY}
    process = subprocess.Popen([sys.executable, "-m", "kb.cli", "--db", str(db), "serve", "--port", str(port)],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if timed_get(port)[0] == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    sys.exit("the server did not start")


def timed_get(port: int, path: str = "/api/tags?limit=5") -> tuple[int | str, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=TIMEOUT) as response:
            response.read()
            status: int | str = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError as exc:
        status = type(exc).__name__
    return status, time.perf_counter() - started


def giant_line(port: int, megabytes: float) -> dict:
    sock = socket.create_connection(("127.0.0.1", port), timeout=300)
    started = time.perf_counter()
    try:
        sock.sendall(b"GET /api/search?q=x&pad=" + b"a" * int(megabytes * 1024 * 1024) + b" HTTP/1.1\r\nHost: x\r\n"
                     b"Connection: close\r\n\r\n")
    except OSError:
        pass  # answered and closed before the whole line was sent
    answer = b""
    try:
        while chunk := sock.recv(65536):
            answer += chunk
    except OSError:
        pass
    sock.close()
    return {"megabytes": megabytes, "seconds": round(time.perf_counter() - started, 2),
            "status": answer.split(b"\r\n", 1)[0].decode("latin-1")}


def ordinary_requests(port: int, seconds: float) -> dict:
    results = []
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        results.append(timed_get(port))
        time.sleep(0.2)
    answered = sorted(t * 1000 for s, t in results if s == 200)
    return {"requests": len(results), "answered": len(answered), "stalled": len(results) - len(answered),
            "p50_ms": round(statistics.median(answered), 1) if answered else None,
            "max_ms": round(answered[-1], 1) if answered else None,
            "p95_ms": round(percentile(answered, 95), 1) if answered else None}


def with_slow_clients(port: int, count: int, seconds: float) -> dict:
    sockets, kinds = [], []
    for i in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        kind = "post" if i % 5 == 0 else "get"
        sock.sendall(b"POST /api/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{" if kind == "post"
                     else b"GET /api/tags HTTP/1.1\r\n")
        sockets.append(sock)
        kinds.append(kind)
    stop = threading.Event()

    def trickle() -> None:
        while not stop.wait(1.0):
            for sock, kind in zip(sockets, kinds, strict=True):
                try:
                    sock.sendall(b" " if kind == "post" else b"X-Slow: 1\r\n")
                except OSError:
                    pass

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        return ordinary_requests(port, seconds)
    finally:
        stop.set()
        thread.join()
        for sock in sockets:
            sock.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--slow", type=int, default=50, help="slow connections")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--line-mb", type=float, nargs="+", default=[8, 16])
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kb-hostile-"))
    db = args.db or small_collection(work)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = start(db, port)
    try:
        result = {"code": str(ROOT), "alone": ordinary_requests(port, 5),
                  f"with_{args.slow}_slow": with_slow_clients(port, args.slow, args.seconds),
                  "giant_lines": [giant_line(port, mb) for mb in args.line_mb]}
    finally:
        server.terminate()
        server.wait(timeout=60)
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
