"""Retrieval evaluation on BEIR-style sets: nDCG@10, Recall@10, Recall@100, MRR@10, and TREC run files."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kb.errors import InvalidInput
from kb.store import Filters
from search.long_query import searched_text
from search.ranked import FusedRanking

METRICS = ("ndcg@10", "recall@10", "recall@100", "mrr@10")


@dataclass
class Query:
    """One evaluation query."""

    id: str
    text: str
    group: str | None = None  # metadata.set or metadata.lang, for per-group figures
    origin: str | None = None  # BEIR "self": the document the query was taken from; a hit on it does not count


@dataclass
class ModeResult:
    """Metrics of one mode: overall, per query group, per query; and its run."""

    mode: str
    metrics: dict[str, float]
    groups: dict[str, dict[str, float]] = field(default_factory=dict)
    per_query: dict[str, dict[str, float]] = field(default_factory=dict)
    run: dict[str, list[tuple[str, float]]] = field(default_factory=dict)


def load_queries(path: Path) -> list[Query]:
    """Queries from a BEIR ``queries.jsonl`` ({"_id", "text", "self", "metadata": {...}}).

    ``self`` (optional) is the document the query was taken from, which a run must not be credited for finding.
    """
    queries = []
    for number, line in _lines(path):
        try:
            data = json.loads(line)
            meta = data.get("metadata") or {}
            qid, text, group, origin = str(data["_id"]), data["text"], meta.get("set") or meta.get("lang"), \
                data.get("self")
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
            raise InvalidInput(f"{path}:{number}: not a BEIR query line: {_why(exc)} (a line is "
                               '{"_id": "q1", "text": "…"})') from None
        if not isinstance(text, str) or not text.strip():
            raise InvalidInput(f"{path}:{number}: 'text' must be a non-empty string, not {text!r:.40}")
        if group is not None and not isinstance(group, str):
            raise InvalidInput(f"{path}:{number}: metadata 'set' or 'lang' must be a string, not {group!r:.40}")
        if origin is not None and not isinstance(origin, (str, int)):
            raise InvalidInput(f"{path}:{number}: 'self' must be a document id or null, not {origin!r:.40}")
        queries.append(Query(qid, text, group, None if origin is None else str(origin)))
    if not queries:  # it said "none of the 0 queries has judgements in qrels.tsv", naming the other file
        raise InvalidInput(f"{path} holds no queries: the file is empty")
    return queries


def _why(exc: Exception) -> str:
    """What is wrong with a query line, in words: "no '_id' field", "not valid JSON (…, column 1)", where the message
    named the exception ("KeyError: '_id'")."""
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON ({exc.msg}, column {exc.colno})"
    if isinstance(exc, KeyError):
        return f"no {exc.args[0]!r} field"
    return "not a JSON object"


QRELS_HEADERS = ("query-id", "query_id", "qid")  # a first line starting so names the columns


def load_qrels(path: Path) -> dict[str, dict[str, int]]:
    """Judgements from a BEIR ``qrels.tsv`` (query-id, corpus-id, score; a header line is optional)."""
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    for number, line in _lines(path):
        row = line.split("\t")
        if number == 1 and row[0].strip().lower() in QRELS_HEADERS:
            continue
        if len(row) < 3:
            raise InvalidInput(f"{path}:{number}: expected query-id, corpus-id and score, separated by tabs")
        try:
            qrels[row[0].strip()][row[1].strip()] = int(row[-1])
        except ValueError:
            raise InvalidInput(f"{path}:{number}: the score must be an integer, not {row[-1].strip()[:20]!r}") \
                from None
    if not qrels:
        raise InvalidInput(f"{path} holds no judgements: the file is empty, or a header alone")
    return dict(qrels)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) of a UTF-8 text file's non-blank lines."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"cannot read {path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, line


def key_resolver(document_keys: list[str], qrels: dict[str, dict[str, int]]) -> Callable[[str], str]:
    """Map stored document keys to the corpus ids the judgements use.

    A BEIR ``corpus.jsonl`` ingested as a register stores rows as ``corpus.jsonl#ID``; when the judged
    ids are not keys themselves, the part after '#' is used.
    """
    judged = {doc for docs in qrels.values() for doc in docs}
    keys = set(document_keys)
    if judged & keys or not judged:
        return lambda key: key
    return lambda key: key.rsplit("#", 1)[-1]


def evaluate_run(run: dict[str, list[tuple[str, float]]], qrels: dict[str, dict[str, int]]) -> dict[str, dict[str, float]]:
    """Per-query metrics of a run (query id -> ranked (doc id, score))."""
    out = {}
    for qid, judged in qrels.items():
        ranked = [doc for doc, _ in run.get(qid, [])]
        out[qid] = {"ndcg@10": ndcg(ranked, judged, 10), "recall@10": recall(ranked, judged, 10),
                    "recall@100": recall(ranked, judged, 100), "mrr@10": mrr(ranked, judged, 10)}
    return out


def ndcg(ranked: list[str], judged: dict[str, int], k: int) -> float:
    """Normalised discounted cumulative gain with graded gains 2^rel - 1."""
    dcg = sum((2 ** judged.get(doc, 0) - 1) / math.log2(i + 2) for i, doc in enumerate(ranked[:k]))
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: list[str], judged: dict[str, int], k: int) -> float:
    """Share of the relevant documents found in the top k."""
    relevant = {d for d, g in judged.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def mrr(ranked: list[str], judged: dict[str, int], k: int) -> float:
    """Reciprocal rank of the first relevant document in the top k."""
    for i, doc in enumerate(ranked[:k]):
        if judged.get(doc, 0) > 0:
            return 1.0 / (i + 1)
    return 0.0


def mean(rows: list[dict[str, float]]) -> dict[str, float]:
    """Average each metric over queries."""
    return {m: sum(r[m] for r in rows) / len(rows) if rows else 0.0 for m in METRICS}


def run_mode(searcher: Any, queries: list[Query], qrels: dict[str, dict[str, int]], mode: str, *,
             depth: int = 100, on_query: Callable[[], Any] | None = None,
             filters: Filters | None = None) -> ModeResult:
    """Run every judged query in one mode; rank documents by their best chunk (as curators see the collection,
    hidden lessons included, unless ``filters`` say otherwise), leaving out the query's ``self``."""
    ranker = DocumentRanker(searcher.store, qrels)
    run: dict[str, list[tuple[str, float]]] = {}
    for query in queries:
        if query.id not in qrels:
            continue
        run[query.id] = ranker.rank(searcher, query.text, mode, depth, origin=query.origin, filters=filters)
        if on_query:
            on_query()
    return summarise(mode, run, queries, qrels)


class DocumentRanker:
    """Our search's documents for a query, each ranked by its best chunk and named as the judgements name it."""

    def __init__(self, store: Any, qrels: dict[str, dict[str, int]]) -> None:
        keys = [r["key"] for r in store.rows("SELECT key FROM documents")]
        self.resolve = key_resolver(keys, qrels)
        resolve = self.resolve
        self.chunk_doc: dict[int, str] = {chunk: resolve(key) for chunk, key in store.conn.execute(
            "SELECT c.id, d.key FROM chunks c JOIN documents d ON d.id = c.document_id")}  # judged names
        # The same as arrays: the chunk ids sorted, each one's name as a number, and the names by number.
        self.names = sorted(set(self.chunk_doc.values()))
        self.number = {name: n for n, name in enumerate(self.names)}
        self.chunks = np.array(sorted(self.chunk_doc), dtype=np.int64)
        self.numbers = np.array([self.number[self.chunk_doc[c]] for c in self.chunks.tolist()], dtype=np.int64)

    def rank(self, searcher: Any, text: str, mode: str, depth: int = 100, *, origin: str | None = None,
             filters: Filters | None = None) -> list[tuple[str, float]]:
        """The ``depth`` best documents (from ``depth`` x 10 chunks per leg), less the query's ``origin``."""
        fused = searcher.rank(searched_text(text), mode, filters or Filters(), depth=depth * 10)  # as search reads it
        if isinstance(fused, FusedRanking) and not fused.made:  # arrays (a rank fusion's): no item made for this
            return self.best_hits(fused.ids, fused.scores, depth, origin)
        # items made already (a fusion by score's): one pass that stops at the depth-th document (in a large
        # collection, after a few hundred of the thousands fused)
        documents: dict[str, float] = {}
        document_of = self.chunk_doc.get
        for item in fused:
            key = document_of(item[0])
            if key is None or key == origin or key in documents:
                continue
            documents[key] = item[1]  # its best chunk's score: the fused ranking is best first
            if len(documents) == depth:
                break
        return list(documents.items())

    def best_hits(self, ids: np.ndarray, scores: np.ndarray, depth: int,
                  origin: str | None = None) -> list[tuple[str, float]]:
        """documents_by_best_hit(without_self(...)) over a fused ranking's chunks (ids and scores, best first) that
        the store names: each document at its first (best) chunk, with that chunk's score."""
        if not len(ids) or not len(self.chunks):
            return []
        at = np.minimum(np.searchsorted(self.chunks, ids), len(self.chunks) - 1)
        named = np.flatnonzero(self.chunks[at] == ids)
        numbers = self.numbers[at[named]]
        if origin in self.number:
            kept = numbers != self.number[origin]
            named, numbers = named[kept], numbers[kept]
        _, first = np.unique(numbers, return_index=True)  # each document's first place among the named chunks
        places = named[np.sort(first)[:depth]]
        return list(zip([self.names[n] for n in self.numbers[at[places]].tolist()], scores[places].tolist()))


def summarise(mode: str, run: dict[str, list[tuple[str, float]]], queries: list[Query],
              qrels: dict[str, dict[str, int]]) -> ModeResult:
    """A run's metrics: per query, their means overall and per query group (over the queries the run has)."""
    per_query = evaluate_run(run, {q: qrels[q] for q in run})
    groups: dict[str, list[dict[str, float]]] = defaultdict(list)
    for query in queries:
        if query.id in per_query and query.group:
            groups[query.group].append(per_query[query.id])
    return ModeResult(mode, mean(list(per_query.values())), {g: mean(rows) for g, rows in sorted(groups.items())},
                      per_query, run)


def without_self(hits: Iterable[tuple[str, float]], origin: str | None) -> Iterator[tuple[str, float]]:
    """The hits, less those on the document a query came from (its ``self``), which a run is not credited for."""
    return (hit for hit in hits if hit[0] != origin) if origin is not None else iter(hits)


def missing_judged(document_ids: Iterable[str], qrels: dict[str, dict[str, int]]) -> list[str]:
    """The judged documents that are not among ``document_ids`` (sorted): a store that lacks them cannot score
    full marks, and a set whose ids none resolve to scores nothing at all."""
    present = set(document_ids)
    return sorted({doc for docs in qrels.values() for doc, grade in docs.items() if grade > 0} - present)


def documents_by_best_hit(hits: Iterable[tuple[str, float]], depth: int) -> list[tuple[str, float]]:
    """Documents ranked by their best hit: (document, score) pairs, best hit first -> the first ``depth``
    distinct documents, each with its best score."""
    ranked: dict[str, float] = {}
    for key, score in hits:
        ranked.setdefault(key, score)
        if len(ranked) >= depth:
            break
    return list(ranked.items())


def write_trec_run(path: Path, results: list[ModeResult]) -> None:
    """Write runs in TREC format: ``qid Q0 doc-key rank score tag`` (tag = lessons-kb-<mode>)."""
    with open(path, "w", encoding="utf-8") as fh:
        for result in results:
            for qid, ranked in result.run.items():
                fh.writelines(f"{qid} Q0 {doc.replace(' ', '_')} {rank} {score:.6f} lessons-kb-{result.mode}\n"
                              for rank, (doc, score) in enumerate(ranked, start=1))
