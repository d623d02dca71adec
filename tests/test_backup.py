"""`kb backup` while the server runs, and `kb restore`: the restored copy searches and keeps curator work."""

from __future__ import annotations

import json
import threading

from click.testing import CliRunner

from kb.cli import cli
from kb.store import Store, Target
from tests.test_crash import write_corpus


def run(*args, code=0):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def test_backup_under_writes_then_restore_and_search(tmp_path):
    db = tmp_path / "live" / "kb.db"
    folder = tmp_path / "docs"
    write_corpus(folder, n=20)
    run("--db", str(db), "ingest", str(folder))
    with Store(db) as store:
        store.add_tag(Target("document", "crash/doc03"), "keep-me", actor="carl")
        session_id = store.create_session({"title": "备份测试分享会"}, actor="carl")

    stop = threading.Event()

    def writer():  # a curator keeps tagging while the backup runs
        with Store(db) as store:
            n = 0
            while not stop.is_set():
                store.add_tag(Target("document", "crash/doc04"), f"busy-{n}", actor="carl")
                n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    out = run("--db", str(db), "backup", str(tmp_path / "backup"))
    stop.set()
    thread.join()
    assert "Backed up 20 documents" in out
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["files"] == ["kb.db", "kb.faiss", "kb.faiss.json"]

    restored = tmp_path / "restored" / "kb.db"
    out = run("--db", str(restored), "restore", str(tmp_path / "backup"))
    assert "Restored 20 documents" in out
    assert "OK:" in run("--db", str(restored), "check")
    hits = json.loads(run("--db", str(restored), "search", "供应商接口交付延期", "--json"))
    assert hits["total"] >= 5
    with Store(restored) as store:
        assert store.scalar("PRAGMA integrity_check") == "ok"
        assert "keep-me" in [t["label"] for t in store.document("crash/doc03")["tags"]]
        assert store.session(session_id)["title"] == "备份测试分享会"
    run("--db", str(restored), "restore", str(tmp_path / "backup"), code=1)  # refuses to overwrite
    run("--db", str(restored), "restore", str(tmp_path / "backup"), "--force")
    run("--db", str(restored), "restore", str(tmp_path), code=1)  # not a backup
