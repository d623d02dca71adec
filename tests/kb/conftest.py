"""The store fixture for tests/kb: a copy of one database migrated once per run (migrating a new file costs about
50 ms of fsyncs, a third of these tests' time). The copy is opened by Store as any existing database is."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.permissions import private_file
from kb.store import Store


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
