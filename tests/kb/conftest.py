"""Fixtures for tests/kb: a store copied from a database migrated once per run (migrating a new file costs about
50 ms of fsyncs, a third of these tests' time; the copy is opened by Store as any existing database is), and
passwords hashed cheaply (each default scrypt hash costs a quarter of a second here)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.permissions import private_file
from kb.store import Store
from tests.conftest import cheap_password_hash


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("migrated") / "kb.db"
    Store(path).close()
    return path


@pytest.fixture
def store(db_path: Path, migrated_db: Path) -> Iterator[Store]:
    private_file(db_path)
    shutil.copyfile(migrated_db, db_path)
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """New password hashes with few iterations (checking reads the method from the hash, so nothing else changes)."""
    monkeypatch.setattr("kb.store.people.generate_password_hash", cheap_password_hash)
