"""The data folder's files (database and its -wal/-shm, index, backups, secret key) are created for their owner
only, whatever the umask; existing files keep their mode."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.store import Store
from search.vector_index import VectorIndex, sidecar_path


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """The common umask 022, under which plain creation would make files readable by everyone."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_database_folder_and_wal_files_are_private(tmp_path):
    db = tmp_path / "kb-data" / "kb.db"
    with Store(db) as store:
        store.conn.execute("CREATE TABLE t (x)")  # writes through the WAL
        wal, shm = Path(f"{db}-wal"), Path(f"{db}-shm")
        assert wal.exists() and shm.exists()
        assert (mode(db.parent), mode(db), mode(wal), mode(shm)) == (0o700, 0o600, 0o600, 0o600)


def test_an_existing_database_keeps_its_mode(tmp_path):
    db = tmp_path / "kb.db"
    Store(db).close()
    os.chmod(db, 0o640)
    Store(db).close()
    assert mode(db) == 0o640


def test_vector_index_and_sidecar_are_private(tmp_path):
    index = VectorIndex("fake", 4)
    index.add(np.array([1, 2]), np.eye(4, dtype=np.float32)[:2])
    path = tmp_path / "kb-data" / "kb.faiss"
    index.save(path)
    assert (mode(path.parent), mode(path), mode(sidecar_path(path))) == (0o700, 0o600, 0o600)


def test_backups_are_private(tmp_path):
    db = tmp_path / "live" / "kb.db"
    run("--db", str(db), "init")
    dest = tmp_path / "backups" / "monday"
    run("--db", str(db), "backup", str(dest))
    assert mode(dest) == 0o700
    assert {p.name: mode(p) for p in dest.iterdir()} == {"kb.db": 0o600, "manifest.json": 0o600}


def test_init_makes_a_private_secret_key_once(tmp_path, monkeypatch):
    monkeypatch.delenv("KB_SECRET_KEY", raising=False)
    db = tmp_path / "kb-data" / "kb.db"
    out = run("--db", str(db), "init")
    secret = db.parent / "secret_key"
    assert f"Secret key made: {secret}" in out
    assert mode(secret) == 0o600 and len(secret.read_text().strip()) == 64
    first = secret.read_text()
    assert "Secret key made" not in run("--db", str(db), "init")
    assert secret.read_text() == first


def test_a_restored_database_is_private(tmp_path):
    """kb restore into a new place made kb.db 0644 (password hashes, subscribers' addresses) beside a 0600 index."""
    db = tmp_path / "live" / "kb.db"
    run("--db", str(db), "init")
    run("--db", str(db), "backup", str(tmp_path / "backup"))
    restored = tmp_path / "restored" / "kb.db"
    run("--db", str(restored), "restore", str(tmp_path / "backup"))
    assert (mode(restored.parent), mode(restored)) == (0o700, 0o600)


def test_a_database_restored_over_another_keeps_its_mode(tmp_path):
    """--force over a database shared with a group (0640) keeps 0640: the file replaced, not its mode."""
    db = tmp_path / "live" / "kb.db"
    run("--db", str(db), "init")
    run("--db", str(db), "backup", str(tmp_path / "backup"))
    os.chmod(db, 0o640)
    run("--db", str(db), "restore", str(tmp_path / "backup"), "--force")
    assert mode(db) == 0o640
