"""The relevance floor's inputs, captured once per query, so that floors can be compared on the same searches.

    .venv/bin/python benchmarks/floor_capture.py SET_DIR OUT.pkl [--probes FILE] [--db PATH] [--work DIR]
        [--recount FROM.pkl]

Each judged query of a BEIR-style set (or each line of ``--probes``) is ranked as the search page ranks it
(``Searcher.ranked_documents``); what ``above_floor`` (search/relevance.py) was given is kept: each document's chunk
ids, each leg's ranking, the semantic leg's cosines, whether a chunk holds every term, and the query's coverage
(``Searcher.coverage``); with the judged grade of each document. ``benchmarks/floor_variants.py`` scores floors on
the file. ``--recount`` searches nothing: it reads an earlier capture and counts each query's coverage words again
with the current code (search/coverage.py), so a change of coverage alone is scored on the same searches.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import search.searcher as searcher_module
from benchmarks.reader_sets import arguments, log, open_store
from benchmarks.relevance_bench import read_probes
from kb.text import detect_language
from search import Searcher, SearchQuery
from search.coverage import translation_credit
from search.evaluate import key_resolver

LIST = 100


def credit(searcher: Searcher, text: str) -> float:
    """What a word held only through a translation counts for this query here (search/coverage.py)."""
    return translation_credit(detect_language(text).value, searcher.index.chunk_facts().language_counts())


def capture(searcher: Searcher, texts: list[tuple[str, str, dict]], resolve, key_of) -> list[dict]:  # type: ignore[no-untyped-def]
    """Each query's floor inputs, and the judged grade of each of its first ``LIST`` documents."""
    seen: list[tuple] = []
    original = searcher_module.above_floor

    def recording(documents, evidence, floor=None):  # type: ignore[no-untyped-def]
        seen.append((documents, dict(evidence.found), dict(evidence.cosines), evidence.whole_query()))
        return original(documents, evidence, floor)

    searcher_module.above_floor = recording
    rows = []
    try:
        for n, (qid, text, judged) in enumerate(texts, start=1):
            seen.clear()
            groups, kept = searcher.ranked_documents(SearchQuery(text), text)
            documents, found, cosines, whole = seen[0]
            keys = [resolve(key_of[g[0].document_id]) for g in groups]
            rows.append({"id": qid, "text": text, "documents": documents, "found": found, "cosines": cosines,
                         "whole_query": whole, "kept": kept, "keys": keys,
                         "grades": [judged.get(k, 0) for k in keys], "coverage": searcher.query_words(text),
                         "credit": credit(searcher, text)})
            if n % 50 == 0:
                log(f"{n} of {len(texts)}")
    finally:
        searcher_module.above_floor = original
    return rows


def recount(searcher: Searcher, rows: list[dict]) -> list[dict]:
    """Captured rows with their coverage words counted again (the searches as they were)."""
    return [{**row, "coverage": searcher.query_words(row["text"]), "credit": credit(searcher, row["text"])}
            for row in rows]


def main() -> None:
    args = arguments(__doc__, _options)
    beir, prepared = open_store(args)
    try:
        searcher = Searcher(prepared.index())
        if args.recount:
            rows = recount(searcher, pickle.loads(args.recount.read_bytes()))
            args.out_file.write_bytes(pickle.dumps(rows))
            log(f"wrote {args.out_file}: {len(rows)} queries recounted")
            return
        key_of = dict(searcher.store.conn.execute("SELECT id, key FROM documents").fetchall())
        resolve = key_resolver(list(key_of.values()), beir.qrels)
        if args.probes:
            texts = [(str(n), p, {}) for n, p in enumerate(read_probes(args.probes))]
        else:
            texts = [(q.id, q.text, beir.qrels[q.id]) for q in beir.queries]
            origin = {q.id: q.origin for q in beir.queries}
        rows = capture(searcher, texts, resolve, key_of)
        if not args.probes:
            for row in rows:
                row["origin"] = origin[row["id"]]
    finally:
        prepared.store.close()
    args.out_file.write_bytes(pickle.dumps(rows))
    log(f"wrote {args.out_file}: {len(rows)} queries")


def _options(parser) -> None:  # type: ignore[no-untyped-def]
    parser.add_argument("out_file", type=Path, help="where the captured inputs go (a pickle)")
    parser.add_argument("--probes", type=Path, help="probes, one a line, instead of the judged queries")
    parser.add_argument("--recount", type=Path, help="an earlier capture whose coverage words are counted again")


if __name__ == "__main__":
    main()
