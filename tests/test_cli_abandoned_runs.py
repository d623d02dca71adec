"""An ingest whose process was killed (SIGKILL while reading) left its run "running" for good, and the next ingest
said nothing: the run now names its process (pid, host, that process's start), and the next kb ingest / kb errors /
kb check marks it "interrupted" and says so once. A run whose process is alive, or ran on another host, is not
touched."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from kb.store import Store, run_owner

ROOT = Path(__file__).resolve().parents[1]
RETRO = "# Retro {n}\n\n## Went wrong\n- The vendor delivered the interfaces {n} weeks late.\n"
# The real kb ingest, held after its first file is read (as if the next file took long): the test kills it there.
HELD_INGEST = """
import sys, time
import ingest.pipeline as pipeline
read_one = pipeline._ingest_file
def held(*args):
    read_one(*args)
    print("read", flush=True)
    time.sleep(120)
pipeline._ingest_file = held
from kb.cli import cli
cli(["--db", sys.argv[1], "ingest", "--no-index", "--quiet", sys.argv[2]])
"""


@pytest.fixture
def held_ingest(db_path, write, tmp_path):
    """Start a real kb ingest of two files in another process and return it once it has read the first."""
    for n in (1, 2):
        write(f"retro{n}.md", RETRO.format(n=n))
    started = []

    def start() -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-c", HELD_INGEST, str(db_path), str(tmp_path / "docs")],
                                cwd=ROOT, stdout=subprocess.PIPE, text=True,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        started.append(proc)
        assert proc.stdout.readline().strip() == "read"
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stdout.close()


def _killed(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL


def _status(db_path: Path, run_id: int = 1) -> tuple[str, str | None]:
    with Store(db_path) as store:
        row = store.row("SELECT status, reason FROM ingest_runs WHERE id = ?", [run_id])
    return row["status"], row["reason"]


def test_a_killed_ingest_is_said_interrupted_once_by_kb_errors(held_ingest, kb, db_path):
    proc = held_ingest()
    _killed(proc)
    first = kb("errors")
    assert f"(run 1) was interrupted: its process (pid {proc.pid} on {run_owner.host()}) ended" in first.stderr
    assert "Run 1 was interrupted before it read every file (its process" in first.stderr
    assert _status(db_path)[0] == "interrupted"
    again = kb("errors", "--json")
    assert "(run 1) was interrupted:" not in again.stderr  # said once
    assert json.loads(again.stdout)["status"] == "interrupted"


def test_the_next_ingest_says_it_and_reads_the_rest(held_ingest, kb, db_path, tmp_path):
    _killed(held_ingest())
    result = kb("ingest", "--no-index", str(tmp_path / "docs"))
    assert result.stderr.count("(run 1) was interrupted:") == 1
    assert _status(db_path) == ("interrupted", _status(db_path)[1])
    assert _status(db_path, 2)[0] == "finished"
    with Store(db_path) as store:
        assert store.scalar("SELECT count(*) FROM documents") == 2


def test_kb_check_says_it(held_ingest, kb, db_path):
    _killed(held_ingest())
    result = kb("check", ok=False)
    assert "(run 1) was interrupted:" in result.stderr
    assert _status(db_path)[0] == "interrupted"


def test_a_run_whose_process_lives_is_left_running(held_ingest, kb, db_path):
    proc = held_ingest()
    result = kb("errors")
    assert "was interrupted" not in result.stderr
    assert "Run 1 has not finished: it is still running" in result.stderr
    assert _status(db_path) == ("running", None)
    assert proc.poll() is None


def _planted_run(db_path: Path, **owner: object) -> None:
    with Store(db_path) as store, store.transaction():
        store.conn.execute("INSERT INTO ingest_runs (started_at, paths, pid, host, process_start) "
                           "VALUES ('2026-12-05T18:02:00+00:00', '[]', :pid, :host, :process_start)", owner)


def test_a_pid_given_to_another_process_since_is_not_the_runs(db_path, kb):
    # this test's own pid, alive, but a process that started at another moment: the run's process is gone
    _planted_run(db_path, pid=os.getpid(), host=run_owner.host(), process_start="another-boot:1")
    assert "(run 1) was interrupted" in kb("errors").stderr


def test_another_hosts_run_and_a_run_recorded_before_pids_are_left_alone(db_path, kb):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          check=True, capture_output=True, text=True)
    _planted_run(db_path, pid=int(dead.stdout), host="another-host", process_start="x:1")
    _planted_run(db_path, pid=None, host=None, process_start=None)
    assert "was interrupted" not in kb("errors").stderr
    assert _status(db_path, 1)[0] == _status(db_path, 2)[0] == "running"
