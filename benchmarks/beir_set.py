"""A BEIR-style evaluation set on disk, and a store holding its documents.

A set is a folder with ``queries.jsonl`` and ``qrels.tsv`` (or ``qrels/test.tsv``); its documents are
``corpus/`` (files ``kb ingest`` reads: Markdown with front matter ``id`` is keyed by that id), or
``corpus.jsonl`` (ingested as a register: keys ``corpus.jsonl#ID``, resolved to ``ID`` as ``kb eval`` does), or,
for the project's own ``corpus/eval`` and ``corpus/eval-dev``, the folder above the set (the shipped corpus, whose
``.kbignore`` leaves the sets out).

The store is made once under a work folder outside the project and brought up to date on each run (``kb ingest``
with pruning, then an index sync: unchanged files are only hashed), so a re-run costs seconds.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest import ingest
from kb.errors import InvalidInput
from kb.settings import Settings
from kb.store import Store
from search import SearchIndex
from search.embedder import Embedder
from search.evaluate import Query, key_resolver, load_qrels, load_queries, missing_judged

QRELS = ("qrels.tsv", "qrels/test.tsv", "qrels/dev.tsv")
BEIR_COLUMNS = {"id": "_id", "title": "title", "lesson": "text"}  # a corpus.jsonl, as the README ingests one


@dataclass
class BeirSet:
    """A set's name, files, queries and judgements (only judged queries are kept)."""

    name: str
    folder: Path
    corpus: Path
    queries: list[Query]
    qrels: dict[str, dict[str, int]]


def open_set(folder: Path, corpus: Path | None = None) -> BeirSet:
    """Read a set's queries and judgements and find its documents.

    Args:
        folder: the set's folder.
        corpus: its documents, when they are elsewhere than the places the module docstring lists.

    Raises:
        InvalidInput: no queries, no judgements, or no judged query.
    """
    folder = folder.resolve()
    queries_file = folder / "queries.jsonl"
    qrels_file = next((folder / q for q in QRELS if (folder / q).is_file()), None)
    if not queries_file.is_file() or qrels_file is None:
        raise InvalidInput(f"{folder}: a BEIR set needs queries.jsonl and one of {', '.join(QRELS)}")
    qrels = load_qrels(qrels_file)
    queries = [q for q in load_queries(queries_file) if q.id in qrels]
    if not queries:
        raise InvalidInput(f"{folder}: none of the queries has judgements in {qrels_file.name}")
    return BeirSet(folder.name, folder, (corpus or _corpus_of(folder)).resolve(), queries, qrels)


def _corpus_of(folder: Path) -> Path:
    for candidate in (folder / "corpus", folder / "corpus.jsonl"):
        if candidate.exists():
            return candidate
    return folder.parent


@dataclass
class Prepared:
    """A store holding a set's documents, and what bringing it up to date cost."""

    store: Store
    settings: Settings
    ingest_seconds: float
    sync_seconds: float
    documents: int
    chunks: int
    embedder_factory: Callable[[str], Embedder] | None = None

    def index(self, settings: Settings | None = None) -> SearchIndex:
        """The store's search index, with these settings or the store's own."""
        return SearchIndex(self.store, settings or self.settings, embedder_factory=self.embedder_factory)


def store_dir(work: Path, beir: BeirSet) -> Path:
    """The folder under ``work`` that keeps this set's store: one per corpus path, so sets on the same documents
    (``corpus/eval`` and ``corpus/eval-dev``) share it."""
    digest = hashlib.sha1(str(beir.corpus).encode()).hexdigest()[:8]
    return work / f"{beir.corpus.parent.name}-{beir.corpus.name}-{digest}"


def prepare(beir: BeirSet, settings: Settings, *, update: bool = True,
            embedder_factory: Callable[[str], Embedder] | None = None) -> Prepared:
    """Open the store ``settings.db``, first bringing it up to date with the set's corpus if ``update``.

    Args:
        embedder_factory: model name -> embedder (default: the bundled model, loaded once per process).

    Raises:
        InvalidInput: none of the documents judged relevant is in the store (the wrong corpus, or keys that are not
            the set's ids).
    """
    settings.db.parent.mkdir(parents=True, exist_ok=True)
    store = Store(settings.db, create=update)
    ingest_seconds = sync_seconds = 0.0
    if update:
        started = time.perf_counter()
        columns = BEIR_COLUMNS if beir.corpus.is_file() else None
        report = ingest(store, [beir.corpus], prune=True, column_map=columns)
        ingest_seconds = time.perf_counter() - started
        if report.failed:
            print(f"warning: {report.failed} files of {beir.corpus} could not be ingested", file=sys.stderr)
        started = time.perf_counter()
        SearchIndex(store, settings, embedder_factory=embedder_factory).sync()
        sync_seconds = time.perf_counter() - started
    keys = [r[0] for r in store.conn.execute("SELECT key FROM documents")]
    missing = missing_judged(map(key_resolver(keys, beir.qrels), keys), beir.qrels)
    relevant = len({d for docs in beir.qrels.values() for d, g in docs.items() if g > 0})
    if missing and len(missing) == relevant:
        store.close()
        raise InvalidInput(f"none of the {relevant} documents judged relevant is in {settings.db} "
                       f"(e.g. '{missing[0]}'); is {beir.corpus} the set's corpus?")
    if missing:
        print(f"note: {len(missing)} of {relevant} documents judged relevant are not in the store "
              f"(e.g. '{missing[0]}')", file=sys.stderr)
    chunks = store.scalar("SELECT count(*) FROM chunks")
    return Prepared(store, settings, ingest_seconds, sync_seconds, len(keys), chunks, embedder_factory)


@dataclass
class Document:
    """A whole document as the baselines see it: its judged id and its title and text."""

    id: str
    text: str


def documents(store: Store, qrels: dict[str, dict[str, int]]) -> list[Document]:
    """Every stored document, whole: its title, then its sections' text in order (the title is not repeated
    when the text already starts with it), keyed by the id the judgements use."""
    keys = [r[0] for r in store.conn.execute("SELECT key FROM documents")]
    resolve = key_resolver(keys, qrels)
    parts: dict[int, list[str]] = {}
    for document_id, text in store.conn.execute(
            "SELECT document_id, text FROM sections ORDER BY document_id, position"):
        parts.setdefault(document_id, []).append(text)
    out = []
    for document_id, key, title, raw in store.conn.execute("SELECT id, key, title, raw_text FROM documents ORDER BY id"):
        body = "\n".join(parts.get(document_id, [])) or raw
        text = body if body.lstrip().startswith(title) else f"{title}\n{body}"
        out.append(Document(resolve(key), text))
    return out
