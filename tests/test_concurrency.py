"""Searching through the running web server while `kb ingest` adds, changes and prunes documents: no errors,
and afterwards the new state is searchable without a restart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from ingest import ingest
from kb.settings import Settings
from kb.store import Store
from search import SearchIndex
from tests.conftest import TEST_SECRET_KEY
from tests.servers import kb_serve
from tests.test_crash import write_corpus

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("fast_start_cache_written")]  # warm kb processes
ROOT = Path(__file__).resolve().parent.parent
# Seconds a reader waits between its requests while `kb ingest` runs. Asking as fast as the server answered, the
# server's CPU grew with the ingest's time (43 s of the test's 65 at load 13-16); paced, 27 s of 45, and still a few
# answers a second: a search that fails on a chunk removed meanwhile failed 145 of 586 (BENCHMARKS.md, t-trim3).
READER_PAUSE = 0.2
# Documents the ingest adds while the readers ask. 40 made the ingest embed 82 texts and the test take 270-310 s of
# wall at load 17, against pytest's 300 s; 12 keep every check (the new ones all found, in both languages, a changed
# and a removed one) for about a third of the embedding (BENCHMARKS.md, t-trim4)
NEW_DOCUMENTS = 12


def get(base: str, path: str, **params: str) -> tuple[int, bytes]:
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.fixture
def server(tmp_path):
    folder = tmp_path / "docs"
    write_corpus(folder, n=30)
    settings = Settings(db=tmp_path / "kb.db")
    with Store(settings.db) as store:
        ingest(store, [folder])
        SearchIndex(store, settings).sync()
    env = {**os.environ, "KB_SECRET_KEY": TEST_SECRET_KEY}
    # two workers, as `kb serve` runs by default: the readers' requests reach both processes, each of which must see the
    # ingest's new state without a restart (one worker saves a warm-up, but tests no second process)
    process, port = kb_serve(settings.db, "--workers", "2", env=env, log=tmp_path / "server.log", timeout=90,
                             ready=lambda port, _: get(f"http://127.0.0.1:{port}", "/api/tags")[0] == 200)
    base = f"http://127.0.0.1:{port}"
    yield base, settings, folder
    process.terminate()
    process.wait(timeout=30)


def test_search_while_ingesting_then_new_state_without_restart(server):
    base, settings, folder = server
    for i in range(NEW_DOCUMENTS):
        (folder / f"new{i:02d}.md").write_text(
            f"---\nid: new/{i}\nproject: Zebra\n---\n# New {i}\n\n## Lessons learned\n"
            f"- The zebraquartz migration {i} taught us to rehearse cut-overs. 斑马石英迁移要提前演练。\n", encoding="utf-8")
    (folder / "doc00.md").write_text("---\nid: crash/doc00\n---\n# Doc 0\n\n## Lessons learned\n"
                                     "- Rewritten: the heliotrope audit found missing sign-offs.\n", encoding="utf-8")
    (folder / "doc01.md").unlink()
    errors: list[str] = []
    statuses: list[int] = []
    stop = threading.Event()

    def reader(paths):
        while not stop.is_set():
            for path, params in paths:
                try:
                    status, body = get(base, path, **params)
                except OSError as exc:
                    errors.append(f"{path}: {exc}")
                    stop.wait(READER_PAUSE)  # a dead server is not asked again at full speed
                    continue
                statuses.append(status)
                if status != 200:
                    errors.append(f"{path} {params}: {status} {body[:200]!r}")
                stop.wait(READER_PAUSE)

    readers = [threading.Thread(target=reader, args=([("/api/search", {"q": "vendor late"}), ("/", {"q": "供应商"}),
                                                      ("/browse", {})],), daemon=True),
               threading.Thread(target=reader, args=([("/documents/crash/doc02", {}), ("/api/search", {"q": "测试环境"}),
                                                      ("/api/documents", {"limit": "5"})],), daemon=True)]
    for thread in readers:
        thread.start()
    try:  # the readers stop however the ingest ends (a timeout left them asking a dead server for 40 minutes)
        ingest_run = subprocess.run([sys.executable, "-m", "kb.cli", "--db", str(settings.db), "ingest", str(folder),
                                     "--prune"], cwd=ROOT, capture_output=True, text=True, check=False,
                                    timeout=300)
        time.sleep(1.0)
    finally:
        stop.set()
        for thread in readers:
            thread.join()
    assert ingest_run.returncode == 0, ingest_run.stderr
    assert errors == [] and len(statuses) > 20

    found = json.loads(get(base, "/api/search", q="zebraquartz")[1])
    assert found["total"] >= NEW_DOCUMENTS and all(r["document_key"].startswith("new/") for r in found["results"])
    chinese = json.loads(get(base, "/api/search", q="斑马石英", mode="keyword")[1])
    assert chinese["total"] >= NEW_DOCUMENTS
    changed = json.loads(get(base, "/api/search", q="heliotrope", mode="keyword")[1])
    assert [r["document_key"] for r in changed["results"]] == ["crash/doc00"]
    assert get(base, "/documents/crash/doc01")[0] == 404
    gone = json.loads(get(base, "/api/search", q="Project 1: the vendor delivered", mode="keyword")[1])
    assert "crash/doc01" not in [r["document_key"] for r in gone["results"]]


def test_backup_while_the_server_serves_then_restore_and_search(server, tmp_path):
    base, settings, _ = server
    stop = threading.Event()
    failures: list[str] = []

    def reader():
        while not stop.is_set():
            status, _ = get(base, "/api/search", q="vendor late")
            if status != 200:
                failures.append(str(status))

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    try:
        backup = subprocess.run([sys.executable, "-m", "kb.cli", "--db", str(settings.db), "backup",
                                 str(tmp_path / "bk")], cwd=ROOT, capture_output=True, text=True, check=False,
                                timeout=120)
    finally:
        stop.set()
        thread.join()
    assert backup.returncode == 0, backup.stderr
    assert failures == []
    restored = tmp_path / "restored" / "kb.db"
    restore = subprocess.run([sys.executable, "-m", "kb.cli", "--db", str(restored), "restore", str(tmp_path / "bk")],
                             cwd=ROOT, capture_output=True, text=True, check=False, timeout=300)
    assert restore.returncode == 0, restore.stderr
    found = subprocess.run([sys.executable, "-m", "kb.cli", "--db", str(restored), "search", "供应商接口交付延期",
                            "--json"], cwd=ROOT, capture_output=True, text=True, check=False, timeout=300)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["total"] > 0
