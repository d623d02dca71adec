"""Uploading real documents from the browser (in-process WSGI calls), beside `kb ingest` of the same files.

For each real file (the Word, PDF, PowerPoint and Markdown retrospectives of benchmarks/extraction/docs, and a slice
of NASA's LLIS register from ../shared/data when present): the time to read it in the background, whether what the
upload page shows (title, type, date, language, lessons by kind) is what `kb ingest` stores, the time from
publishing until keyword search finds it (ingest and index update; a large file is indexed in the background).

    .venv/bin/python benchmarks/upload_bench.py [--llis-rows 200]
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import BENCH_SECRET_KEY
from ingest import ingest
from kb.settings import Settings
from kb.store import Store
from search import SearchIndex
from web import create_app

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "benchmarks" / "extraction" / "docs"
LLIS = ROOT.parent / "shared" / "data" / "llis" / "llis.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--llis-rows", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = _files(Path(tmp), args.llis_rows)
        print(f"{'file':44} {'read s':>7} {'shown = stored':>15} {'found after s':>13} {'ingest s':>9} {'found':>6}")
        for path in files:
            _one(Path(tmp) / path.name.replace(".", "_"), path)


def _files(tmp: Path, rows: int) -> list[Path]:
    files = sorted(p for p in DOCS.iterdir() if p.is_file())
    if LLIS.exists() and rows:
        lines = LLIS.read_text(encoding="utf-8").splitlines()[:rows]
        sliced = tmp / f"llis-{rows}.jsonl"
        sliced.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(sliced)
    return files


def _one(base: Path, path: Path) -> None:
    base.mkdir()
    settings = Settings(db=base / "kb.db", secret_key=BENCH_SECRET_KEY, threads=2)
    with Store(settings.db) as store:
        store.add_user("pat", "bench-pass-1", "contributor")
    client = create_app(settings).test_client()
    token = _login(client)
    started = time.perf_counter()
    response = client.post("/contribute/upload", data={"csrf_token": token, "files": [(io.BytesIO(path.read_bytes()),
                                                                                        path.name)]},
                           content_type="multipart/form-data")
    url = response.headers["Location"]
    while client.get(url + "/status").get_json()["done"] < 1:
        time.sleep(0.05)
    read_seconds = time.perf_counter() - started
    with Store(settings.db) as store:
        upload = store.rows("SELECT id, preview FROM uploads")[0]
    preview = json.loads(upload["preview"])
    started = time.perf_counter()
    client.post(f"/contribute/uploads/{upload['id']}/publish", data={"csrf_token": token, "project": ""})
    with Store(settings.db) as store:
        stored = _summary(store)
        title = store.scalar("SELECT title FROM documents ORDER BY id LIMIT 1")
    word = max(re.findall(r"\w{5,}", title) or [title], key=len)
    found = False
    while not found and time.perf_counter() - started < 1800:  # a large file is indexed in the background
        found = client.get("/api/search", query_string={"q": word, "mode": "keyword"}).get_json()["total"] > 0
        time.sleep(0 if found else 0.2)
    publish_seconds = time.perf_counter() - started
    shown = ({(d["title"], d["doc_type"], d["date"], d["language"]) for d in preview["documents"]},
             preview["lesson_counts"])
    stored_shown = ({x for x in stored[0] if x[0] in {d["title"] for d in preview["documents"]}}, stored[1])
    baseline = _plain_ingest(base / "plain", path)
    print(f"{path.name[:44]:44} {read_seconds:7.2f} {shown == stored_shown and stored == baseline[0]!s:>15} "
          f"{publish_seconds:13.2f} {baseline[1]:9.2f} {found!s:>6}")


def _summary(store: Store) -> tuple[set[tuple], dict[str, int]]:
    docs = {(r["title"], r["doc_type"], r["date"], r["language"]) for r in store.rows(
        "SELECT title, doc_type, date, language FROM documents")}
    kinds = {r["kind"]: r["n"] for r in store.rows("SELECT kind, count(*) AS n FROM lessons GROUP BY kind")}
    return docs, kinds


def _plain_ingest(base: Path, path: Path) -> tuple[tuple[set[tuple], dict[str, int]], float]:
    """The baseline: `kb ingest` of the same file, index included, in a store of its own."""
    base.mkdir()
    settings = Settings(db=base / "kb.db", threads=2)
    started = time.perf_counter()
    with Store(settings.db) as store:
        ingest(store, [path])
        SearchIndex(store, settings).sync()
        return _summary(store), time.perf_counter() - started


def _login(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'data-csrf="([^"]+)"', page).group(1)
    client.post("/login", data={"username": "pat", "password": "bench-pass-1", "csrf_token": token})
    return re.search(r'data-csrf="([^"]+)"', client.get("/").get_data(as_text=True)).group(1)


if __name__ == "__main__":
    main()
