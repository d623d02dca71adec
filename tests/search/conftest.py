"""A deterministic fake embedder (hashed word and character-bigram features) and indexed-store fixtures."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from ingest import ingest
from kb.settings import Settings
from kb.store import Store
from search import Searcher, SearchIndex
from search.embedder import DEFAULT_MODEL, Embedder, get_embedder
from tests.conftest import CORPUS, built_once, worker_threads

DIM = 256
_FEATURES = re.compile(r"[\u4e00-\u9fff]{2}|[a-z0-9]{3,}")


class FakeModel:
    """Bag of hashed features: texts sharing words or Chinese bigrams are close. Counts its calls."""

    def __init__(self) -> None:
        self.encoded = 0

    def get_embedding_dimension(self) -> int:
        return DIM

    def encode(self, texts, **kwargs):
        self.encoded += len(texts)
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            lowered = text.lower()
            feats = _FEATURES.findall(lowered) + [lowered[i:i + 2] for i in range(len(lowered) - 1)
                                                 if "\u4e00" <= lowered[i] <= "\u9fff"]
            for feat in feats or ["<empty>"]:
                h = int.from_bytes(hashlib.blake2b(feat.encode(), digest_size=4).digest(), "little")
                out[row, h % DIM] += 1.0
            out[row] /= np.linalg.norm(out[row]) or 1.0
        return out


def fake_embedder(name: str = "fake") -> Embedder:
    return Embedder(name, FakeModel())


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # The fake embedder knows no languages, so the cross-language feedback leg would only add noise here, and
    # it would score every dictionary translation 0 (tests that score translations set the threshold). Nor does
    # it put a text near its translation, so every query would seem to have nothing in the other language: the
    # bilingual fixtures take all five legs (other_language_margin 2), and the gate's own tests set the margin.
    # The document-side translation leg is gated by the first results' languages, which the fake model's rankings
    # make arbitrary: its tests (test_translated_index.py) use the real model.
    return Settings(db=tmp_path / "kb.db", model="fake", semantic_min_score=0.0, cross_feedback_weight=0.0,
                    translation_min_similarity=0.0, other_language_margin=2.0, document_translation_weight=0.0)


@pytest.fixture
def make_index(settings):
    """Build (store, index) over a folder, with the fake embedder (one instance per test)."""
    opened = []

    def build(folder: Path | None = None, **overrides):
        s = settings.replace(**overrides) if overrides else settings
        store = Store(s.db)
        embedder = fake_embedder(s.model)
        index = SearchIndex(store, s, embedder_factory=lambda name: embedder)
        if folder is not None:
            ingest(store, [folder])
            index.sync()
        opened.append(store)
        return store, index

    yield build
    for store in opened:
        store.close()


DOCS = {
    "erp/retro.md": """---
id: erp/retro
title: ERP升级复盘
project: ERP
date: 2024-06-28
tags: [供应商]
---
# ERP升级复盘

## 需要改进
- 外包供应商的接口交付延期五周，压缩了集成测试时间。
- 项目风险管理流于形式，风险登记册三个月没有更新。

## 经验教训
- 关键接口只有一个人懂，她休假时联调停滞。
""",
    "crm/retro.md": """---
id: crm/retro
title: CRM migration retrospective
project: CRM
date: 2025-05-01
tags: [data]
---
# CRM migration retrospective

## What didn't go well
- Data migration: duplicate customer records were found only in the third rehearsal.
- The vendor delivered the interface late, five weeks after the plan.

## Lessons learned
- Profile source data quality before designing the migration.
""",
    "mes/postmortem.md": """---
id: mes/pm
title: MES go-live post-mortem
project: MES
date: 2025-09-01
type: post-mortem
---
# MES go-live post-mortem

## Root cause
- The test environment was not ready until one week before go-live.

## Recommendations
- Make a ready test environment an entry criterion for integration testing.
""",
    "pmo/register.csv": "ID,Title,Project,Date,Lesson,Tags\n"
                        "A1,Late vendor,PAY,2024-03-01,The payroll vendor delivered the interface late.,vendor\n"
                        "A2,Late vendor again,PAY,2024-04-01,The payroll vendor delivered the interface late.,vendor\n",
}


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "small"
    for rel, text in DOCS.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def indexed(make_index, small_corpus):
    store, index = make_index(small_corpus)
    return store, index, Searcher(index)


@pytest.fixture(scope="module")
def use():
    """The real default model (one instance per process: ``get_embedder`` keeps it), on a parallel run's worker's
    share of the cores (tests/conftest.py ``worker_threads``)."""
    return get_embedder(DEFAULT_MODEL, threads=worker_threads())


@pytest.fixture
def real_index(tmp_path: Path, use):
    """(store, index) over some documents, with the real model; each call its own store (``name``: its file and folder)."""
    opened: list[Store] = []

    def make(docs: dict[str, str], name: str = "kb", **overrides) -> tuple[Store, SearchIndex]:
        folder = tmp_path / f"{name}-docs"
        for rel, text in docs.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        settings = Settings(db=tmp_path / f"{name}.db", **overrides)
        store = Store(settings.db)
        opened.append(store)
        index = SearchIndex(store, settings, embedder_factory=lambda model: use)
        ingest(store, [folder])
        index.sync()
        return store, index

    yield make
    for store in opened:
        store.close()


@pytest.fixture(scope="session")
def shipped_corpus(tmp_path_factory) -> Path:
    """A read-only folder holding kb.db and its index: the whole shipped corpus ingested and indexed with the real
    default model, once a run. Copy it (``copy_built``), or give a store of some of its documents its vectors
    (``take_embeddings``): test_earlier_batched.py embedded five of its projects again (635 chunks, 48 s of its
    54 s setup on 2 cores at load 5; 187 s in a suite run)."""
    return built_once(tmp_path_factory, "shipped-corpus", _build_shipped)


def _build_shipped(base: Path) -> None:
    settings = Settings(db=base / "kb.db")
    with Store(settings.db) as store:
        assert ingest(store, [CORPUS]).failed == 0
        SearchIndex(store, settings).sync()


def copy_built(built: Path, target: Path) -> Path:
    """The built store's files (database, index, sidecars) copied into ``target``; returns the database's path."""
    target.mkdir(parents=True, exist_ok=True)
    for path in built.iterdir():
        if path.is_file():
            shutil.copy(path, target / path.name)
    return target / "kb.db"


def take_embeddings(store: Store, built: Path) -> int:
    """Copy a built store's embedding cache (the same model's vectors, by text hash) into ``store``, whose index must
    be opened first (it makes the table): its sync then embeds only text the built store did not hold. Returns how
    many vectors were copied."""
    source = sqlite3.connect(f"{(built / 'kb.db').as_uri()}?immutable=1", uri=True)  # read as it is: no -shm made
    try:
        rows = source.execute("SELECT model, text_hash, vector FROM embedding_cache").fetchall()
    finally:
        source.close()
    with store.transaction():
        store.conn.executemany("INSERT OR IGNORE INTO embedding_cache (model, text_hash, vector) VALUES (?, ?, ?)", rows)
    return len(rows)
