"""Ctrl-C during `kb ingest`: the store stays whole, the run is recorded as interrupted, and both the command and
`kb errors` say how to finish (rev19: it said only "Error: interrupted", and the run stayed "running" for good)."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ingest import ingest
from kb.cli import cli
from kb.digest import current_week
from kb.store import Store
from tests.clock import STORE, stop_clock, utc_now
from tests.conftest import TEST_SECRET_KEY
from tests.servers import SmtpController
from tests.test_crash import ROOT, wait_for, write_corpus

pytestmark = pytest.mark.usefixtures("fast_start_cache_written")  # its kb processes start as a user's second ingest


class StopAfter:
    """A progress bar whose reader presses Ctrl-C after ``n`` files."""

    def __init__(self, n: int) -> None:
        self.left = n

    def __call__(self, total: int) -> StopAfter:
        return self

    def update(self, _: int) -> None:
        self.left -= 1
        if not self.left:
            raise KeyboardInterrupt

    def close(self) -> None:
        pass


def test_the_kb_processes_here_find_the_fast_start_cache():
    # each would parse CC-CEDICT and unpack the model without it, as no user's second ingest does (a first 4-document
    # ingest took 18 s of CPU, 4 s with it; BENCHMARKS.md, t-trim9a)
    from search import fast_start

    assert fast_start.is_current(Path(os.environ["KB_CACHE_DIR"]))


def test_an_interrupted_run_is_recorded_so_and_kb_errors_says_it(tmp_path, runner):
    write_corpus(tmp_path / "docs", n=6)
    with Store(tmp_path / "kb.db") as store:
        with pytest.raises(KeyboardInterrupt):
            ingest(store, [tmp_path / "docs"], progress=StopAfter(3))
        assert store.scalar("SELECT status FROM ingest_runs") == "interrupted"
        assert store.scalar("SELECT count(*) FROM documents") == 3
        assert store.scalar("PRAGMA integrity_check") == "ok"
    result = runner.invoke(cli, ["--db", str(tmp_path / "kb.db"), "errors"])
    assert result.exit_code == 0
    assert "Run 1 was interrupted before it read every file: 'kb ingest' again finishes it." in result.stderr


# kb as a terminal runs it: a job started in the background of a shell ignores SIGINT, and so would its children
KB_WITH_CTRL_C = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
                  "from kb.cli import cli; cli(sys.argv[1:], prog_name='kb')")


def test_ctrl_c_during_kb_ingest_says_what_is_stored_and_how_to_finish(tmp_path):
    db, folder = tmp_path / "kb.db", tmp_path / "docs"
    write_corpus(folder, n=3000)
    process = subprocess.Popen([sys.executable, "-c", KB_WITH_CTRL_C, "--db", str(db), "ingest", "--no-index",
                                str(folder)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def started() -> bool:
        try:
            with sqlite3.connect(db) as conn:
                return conn.execute("SELECT count(*) FROM documents").fetchone()[0] > 0
        except sqlite3.Error:
            return False

    assert wait_for(started, 120)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert err.endswith("Error: interrupted: the files read before it are stored, each whole; 'kb ingest' again "
                        "reads the rest (unchanged files are skipped) and updates the search index\n")
    with Store(db) as store:
        assert store.scalar("SELECT status FROM ingest_runs") == "interrupted"
        assert 0 < store.scalar("SELECT count(*) FROM documents") < 3000


@pytest.mark.parametrize("nth", [2, 3, 5])  # the writes of the 1st, 2nd and 4th file (the 1st is the run's record)
def test_ctrl_c_landing_as_a_write_begins_is_an_interruption_like_any_other(tmp_path, runner, monkeypatch, nth):
    # Under load the Ctrl-C test above failed once: a signal lands when the C call under it returns, and one that
    # landed as BEGIN IMMEDIATE returned (before the transaction's try) left it open; the run's record of the
    # interruption then failed with "cannot start a transaction within a transaction", the run stayed "running" and
    # kb said that, not how to finish. Here the Ctrl-C is made to land there, on the nth write of the run.
    from kb.store.core import StoreCore

    real, begun = StoreCore._begin, []

    def begin_then_ctrl_c(self) -> None:
        real(self)
        begun.append(1)
        if len(begun) == nth:
            raise KeyboardInterrupt

    write_corpus(tmp_path / "docs", n=4)
    with Store(tmp_path / "kb.db"):
        pass  # made before: the store's own first writes are not the run's
    monkeypatch.setattr(StoreCore, "_begin", begin_then_ctrl_c)
    result = runner.invoke(cli, ["--db", str(tmp_path / "kb.db"), "ingest", "--no-index", str(tmp_path / "docs")])
    monkeypatch.undo()
    assert result.exit_code == 1 and result.stderr.endswith("Error: interrupted: the files read before it are stored, "
                                                            "each whole; 'kb ingest' again reads the rest (unchanged "
                                                            "files are skipped) and updates the search index\n")
    with Store(tmp_path / "kb.db") as store:
        assert store.scalar("SELECT status FROM ingest_runs") == "interrupted"
        assert store.scalar("SELECT count(*) FROM documents") == nth - 2  # the files before it, each whole
        assert store.scalar("PRAGMA integrity_check") == "ok"


def test_ctrl_c_while_writing_the_search_cache_says_the_index_is_whole(tmp_path, runner, monkeypatch):
    # It said only "Error: interrupted", after the index was saved, and no summary: the user re-ran a whole ingest
    # not knowing that every document and the index were done (c-cli).
    from search.index import SearchIndex

    def pressed(self) -> bool:
        raise KeyboardInterrupt

    write_corpus(tmp_path / "docs", n=4)
    monkeypatch.setattr(SearchIndex, "write_cache", pressed)
    result = runner.invoke(cli, ["--db", str(tmp_path / "kb.db"), "ingest", str(tmp_path / "docs")])
    assert result.exit_code == 1
    assert result.stdout.startswith("4 files (4 documents): 4 added, ") and "\nIndex: 12 chunks (12 added" in result.stdout
    assert result.stderr.endswith("Error: interrupted while writing the search cache: every document is stored and "
                                  "the search index is up to date; only the cache for a fast start is unfinished, "
                                  "which the next 'kb ingest' or 'kb reindex' writes (search works meanwhile, slower "
                                  "to start)\n")
    monkeypatch.undo()
    assert runner.invoke(cli, ["--db", str(tmp_path / "kb.db"), "check"]).exit_code == 0  # as the message says


def _run_until(tmp_path, args: list[str], ready, code: str = KB_WITH_CTRL_C) -> tuple[str, str]:
    """Run kb with ``args`` (by ``code``), press Ctrl-C once ``ready(connection)`` holds, and return what it wrote to
    stdout and stderr."""
    db = tmp_path / "kb.db"
    process = subprocess.Popen([sys.executable, "-c", code, "--db", str(db), *args], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def holds() -> bool:
        try:
            with sqlite3.connect(db) as conn:
                return ready(conn)
        except sqlite3.OperationalError:  # no chunks table before the index is first opened
            return False

    assert wait_for(holds, 300)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1, err[-2000:]
    return out, err


def _chunks(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM chunks").fetchone()[0]


# kb indexing 20 documents a batch, not 200 (search/index_sync.py DOCS_PER_BATCH): 100 documents are indexed in 5
# batches, so Ctrl-C lands between them as it did in 1,000 (which took over 300 s to embed on 2 busy cores); in a
# larger store it lands after the first 20 are written, not the first 200
KB_WITH_CTRL_C_SMALL_INDEX_BATCHES = f"import search.index_sync as s; s.DOCS_PER_BATCH = 20; {KB_WITH_CTRL_C}"


@pytest.mark.slow
def test_ctrl_c_while_indexing_or_reindexing_says_what_is_stored_and_what_to_run(tmp_path, runner):
    # Both said only "Error: interrupted" (rev20). 1,000 documents (the summary's counts still need their thousands
    # separators), indexed 20 a batch (Ctrl-C lands after the first batch written, not the first 200: the test's CPU
    # went on embedding what the interruption then threw away; 1,500 at 200 took 23.3 s of CPU, this 10.7 s)
    folder = tmp_path / "docs"
    write_corpus(folder, n=1000)
    with Store(tmp_path / "kb.db") as store:
        ingest(store, [folder])
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    out, err = _run_until(tmp_path, ["ingest", str(folder)], lambda conn: _chunks(conn) > 0,
                          KB_WITH_CTRL_C_SMALL_INDEX_BATCHES)
    # what the run stored and what failed, said before the interruption (it was not said at all)
    assert out.startswith("1,001 files (1,000 documents): 0 added, 0 updated, 1,000 unchanged, 1 failed, ")
    assert f"error: {folder / 'broken.docx'}: not a readable .docx document" in err
    assert err.endswith("Error: interrupted while indexing: every document is stored, each whole, but the search "
                        "index has only some of the changes ('kb check' lists what it lacks); 'kb ingest' again "
                        "(unchanged files are skipped) finishes it, reusing the texts already embedded\n")
    with sqlite3.connect(tmp_path / "kb.db") as conn:
        before = _chunks(conn)
    # begun once the count differs from the stopped ingest's (the reindex emptied the table): a state that holds
    # from then on, where the moment of 0 chunks, until its first batch was written, could pass between two looks
    _, err = _run_until(tmp_path, ["reindex"], lambda conn: _chunks(conn) != before,
                        KB_WITH_CTRL_C_SMALL_INDEX_BATCHES)
    assert err.endswith("Error: interrupted: the documents and lessons are untouched, but the search index is "
                        "incomplete until 'kb reindex' runs to the end (the texts already embedded are taken from "
                        "the cache)\n")
    with Store(tmp_path / "kb.db") as store:
        assert store.scalar("PRAGMA integrity_check") == "ok"
        assert store.scalar("SELECT count(*) FROM documents") == 1000
        assert store.scalar("SELECT count(*) FROM lessons") == 2000
    assert runner.invoke(cli, ["--db", str(tmp_path / "kb.db"), "check"]).exit_code == 1  # as the message says


def _translated(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM chunks_translated").fetchone()[0]


# kb translating 50 chunks a transaction, not 500 (search/translated_index.py BATCH): a store of 100 documents is
# translated in 6 batches, so Ctrl-C lands between them as it did in a store of 1,000 (which took minutes to embed)
KB_WITH_CTRL_C_SMALL_BATCHES = f"import search.translated_index as t; t.BATCH = 50; {KB_WITH_CTRL_C}"


@pytest.mark.slow
def test_ctrl_c_while_a_new_stores_chunks_are_translated_then_ingest_again_translates_only_the_rest(tmp_path):
    # The next 'kb ingest' said "made 500 chunks' document-side translations again (their rules changed)" and made
    # all 3,000 again, after "repaired 3,000 vectors that disagreed with the database": a first sync had no index file
    # to record its translations' rules in before Ctrl-C (search/index_sync.py, _record_translation_rules).
    folder = tmp_path / "docs"
    write_corpus(folder, n=100)
    _run_until(tmp_path, ["ingest", str(folder)], lambda conn: _translated(conn) > 0, KB_WITH_CTRL_C_SMALL_BATCHES)
    with sqlite3.connect(tmp_path / "kb.db") as conn:
        chunks, made = _chunks(conn), _translated(conn)
        first = conn.execute("SELECT rowid, body FROM chunks_translated ORDER BY rowid").fetchall()
    assert 0 < made < chunks == 300  # stopped while translating
    process = subprocess.run([sys.executable, "-c", KB_WITH_CTRL_C, "--db", str(tmp_path / "kb.db"), "ingest",
                              str(folder)], check=False, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert process.returncode == 0, process.stderr[-2000:]
    assert "rules changed" not in process.stdout and "repaired" not in process.stderr
    assert "\nIndex: 300 chunks, up to date\n" in process.stdout
    with sqlite3.connect(tmp_path / "kb.db") as conn:
        assert _translated(conn) == 300
        assert conn.execute(f"SELECT rowid, body FROM chunks_translated WHERE rowid <= {first[-1][0]} ORDER BY rowid"
                            ).fetchall() == first  # those made before Ctrl-C kept as they were


@pytest.mark.slow
def test_ctrl_c_while_restore_indexes_says_the_database_is_restored_and_what_to_run(tmp_path, runner):
    # It said only "Error: interrupted": whether the database had been restored, and what to run, was left unsaid.
    live, backup = tmp_path / "live" / "kb.db", tmp_path / "backup"
    write_corpus(tmp_path / "docs", n=100)
    with Store(live) as store:  # not indexed: the restore has the whole index to build, a batch at a time
        ingest(store, [tmp_path / "docs"])
    assert runner.invoke(cli, ["--db", str(live), "backup", str(backup)]).exit_code == 0
    # --force: waiting for the first chunks opens (so makes) the database before the restore puts it there
    _, err = _run_until(tmp_path, ["restore", "--force", str(backup)], lambda conn: _chunks(conn) > 0,
                        KB_WITH_CTRL_C_SMALL_INDEX_BATCHES)
    assert err.endswith(f"Error: interrupted while indexing: the backup's database is restored whole into "
                        f"{tmp_path / 'kb.db'}, but its search index has only some of it ('kb check' lists what it "
                        "lacks); 'kb reindex' finishes it, reusing the texts already embedded\n")
    with Store(tmp_path / "kb.db") as store:
        assert store.scalar("PRAGMA integrity_check") == "ok"
        assert store.scalar("SELECT count(*) FROM documents") == 100
        assert 0 < _chunks(store.conn) < 300  # stopped while indexing
    assert runner.invoke(cli, ["--db", str(tmp_path / "kb.db"), "check"]).exit_code == 1  # as the message says
    assert runner.invoke(cli, ["--db", str(tmp_path / "kb.db"), "reindex"]).exit_code == 0
    assert runner.invoke(cli, ["--db", str(tmp_path / "kb.db"), "check"]).exit_code == 0


class SlowInbox:
    """An SMTP server's handler that takes a while over each message, so that Ctrl-C lands mid-run."""

    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.05)
        self.count += 1
        return "250 Message accepted"


def _lessons_and_subscribers(tmp_path, runner, monkeypatch, subscribers: int) -> tuple:
    """A store of four documents' lessons and ``subscribers`` subscribers; its path and the week of its lessons."""
    db = tmp_path / "kb.db"
    write_corpus(tmp_path / "docs", n=4)
    # The week the lessons are stored in, whenever this runs: it was the machine's local date's week (UTC+8 on a
    # Monday before 08:00 named the week after the lessons'), or the next if the ingest ended past Sunday midnight.
    moment = stop_clock(monkeypatch, STORE, utc_now())
    assert runner.invoke(cli, ["--db", str(db), "ingest", str(tmp_path / "docs")]).exit_code == 0
    (tmp_path / "subs.csv").write_text("email\n" + "".join(f"u{i}@example.com\n" for i in range(subscribers)))
    assert runner.invoke(cli, ["--db", str(db), "subscribers", "import", str(tmp_path / "subs.csv")]).exit_code == 0
    return db, current_week(moment.date()).label


@pytest.mark.slow
def test_ctrl_c_while_sending_digests_says_how_many_were_sent_and_what_to_run(tmp_path, runner, monkeypatch):
    # It said only "Error: interrupted": how many had gone, and whether a re-run would send them twice, unsaid.
    db, week = _lessons_and_subscribers(tmp_path, runner, monkeypatch, 300)
    inbox = SlowInbox()
    controller = SmtpController(inbox)
    controller.start()
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", KB_WITH_CTRL_C, "--db", str(db), "digest", "send", "--period", week], cwd=ROOT,
            env={**os.environ, "KB_SECRET_KEY": TEST_SECRET_KEY, "KB_SMTP_PORT": str(controller.port)}, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        assert wait_for(lambda: inbox.count >= 5, 120)
        accepted = inbox.count
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=120)
    finally:
        controller.stop()
    assert process.returncode == 1, err[-2000:]
    said = re.search(rf"Error: interrupted while sending {week}: (\d+) digests sent before it, each recorded; 'kb "
                     r"digest send' again sends the rest, exactly once \(a digest being sent at that moment is left in "
                     r"doubt: check the mail log, then --retry-unknown\)\n$", err)
    assert said, err[-2000:]
    with Store(db) as store:
        recorded = store.scalar("SELECT count(*) FROM digest_deliveries WHERE status = 'sent'")
    # the server counts a message before its "250" reaches kb, so the last one it counted may not be recorded yet
    assert accepted - 1 <= int(said.group(1)) == recorded < 300


def test_ctrl_c_between_a_digests_record_and_its_count_says_it_sent(tmp_path, runner, monkeypatch):
    # The count was the progress callback's: Ctrl-C after a digest was recorded as sent and before the callback ran
    # said one fewer than the store held (seen on a loaded machine: "4 digests sent", 5 recorded).
    from kb.digest import delivery

    db, week = _lessons_and_subscribers(tmp_path, runner, monkeypatch, 6)
    real_one, done = delivery._one, []

    def one_then_ctrl_c(*args, **kwargs):
        outcome = real_one(*args, **kwargs)  # sent and recorded
        done.append(outcome)
        if len(done) == 3:
            raise KeyboardInterrupt
        return outcome

    monkeypatch.setattr(delivery, "_one", one_then_ctrl_c)
    controller = SmtpController(SlowInbox())
    controller.start()
    try:
        result = runner.invoke(cli, ["--db", str(db), "digest", "send", "--period", week],
                               env={"KB_SECRET_KEY": TEST_SECRET_KEY, "KB_SMTP_PORT": str(controller.port)})
    finally:
        controller.stop()
    assert done == ["sent"] * 3
    assert result.exit_code == 1
    assert f"interrupted while sending {week}: 3 digests sent before it, each recorded" in result.output


def test_ctrl_c_in_a_dry_run_says_what_it_had_composed(tmp_path, runner, monkeypatch):
    # kb digest send --dry-run stopped by Ctrl-C said "0 digests sent": it counted sends, which a dry run has none of
    from kb.digest import delivery

    db, week = _lessons_and_subscribers(tmp_path, runner, monkeypatch, 6)
    real_one, done = delivery._one, []

    def three_then_ctrl_c(*args, **kwargs):
        if len(done) == 3:
            raise KeyboardInterrupt
        done.append(real_one(*args, **kwargs))
        return done[-1]

    monkeypatch.setattr(delivery, "_one", three_then_ctrl_c)
    result = runner.invoke(cli, ["--db", str(db), "digest", "send", "--period", week, "--dry-run"],
                           env={"KB_SECRET_KEY": TEST_SECRET_KEY})
    assert done == ["would_send"] * 3
    assert result.exit_code == 1
    assert result.stderr.endswith(f"Error: dry run interrupted in {week}: 3 digests composed before it (3 with news, "
                                  "which a run would send); nothing was sent or recorded\n")
    with Store(db) as store:
        assert store.scalar("SELECT count(*) FROM digest_deliveries") == 0
