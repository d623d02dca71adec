"""The reader's language (issue 16 item 3): what preferring the query's language (search/preference.py) does.

    .venv/bin/python benchmarks/language_bench.py SET_DIR [--boosts 0,0.25,...] [--other | --page zh|en|none
        [--min-words N]] [--db PATH] [--work DIR] [--json]

On a BEIR-style set, each judged query is ranked as ``kb eval`` ranks it (hybrid, documents by their best chunk),
once, and then with a preference for the query's own language at each boost (0: none; the default boost is
search/preference.py's BOOST). Per query language: nDCG@10 over all documents judged relevant, and nDCG@10
counting only the documents in the query's language (or mixed) as relevant, over the queries that have any. The
goal: the second rises while the first stays within 0.02 (for English queries on corpus/eval). In a collection of
one language every document gets the same boost, so nothing moves.

Each boost above 0 is measured twice, in the same run: the boost alone ("lifted": no), and with the on-point
documents in the preferred language lifted too ("lifted": yes, what search does: search/preference.py, ``lifted``);
both by ``Searcher.prefer``, the code search and similar past issues run. "own in first 3": the queries with a
document in their own language judged relevant among the first three; "rankings moved": the queries whose first 100
documents are not those of no preference, in that order.

``--other``: the preference goes to the other language than the query's (a Chinese query on the English page took
the page's language before s-sim: search/preference.py, ``reading_language``); the columns are as before, so "own
language only" still counts the query's language.

``--page zh|en``: the preference goes where the page in that language sends a reader who has not chosen one
(search/preference.py, ``reading_language``, with ``--min-words`` content words for an English query to take its own
language; default MIN_WORDS, and a large number gives the page's language to every English query, as before s-pref).
``--page none``: what a reader with no page language gets, as ``kb search`` does by default (s-clipref): the query's
language for a Chinese query or an English sentence, no preference for a term or a mixed query.
Queries of mixed language are measured too (their "own language only" column is empty).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.reader_sets import arguments, emit, log, open_store
from kb.store import Filters
from kb.text import detect_language
from search import Searcher
from search.evaluate import documents_by_best_hit, key_resolver, ndcg, without_self
from search.preference import BOOST, MIN_WORDS, PREFERABLE, reading_language
from search.relevance import Evidence

NO_PAGE = "none"  # --page none: no page language (the command line)
DEPTH = 100  # documents ranked per query, from DEPTH x 10 chunks per leg (as kb eval)


def measure(searcher: Searcher, beir, boosts: list[float], other: bool = False,  # type: ignore[no-untyped-def]
            page: str | None = None, min_words: int = MIN_WORDS) -> dict:
    """nDCG@10 (all relevant documents, and those in the query's language only) per query language and boost; the
    preference for the query's language, the other (``other``), or the page's reader's (``page``: module docstring)."""
    rows = searcher.store.conn.execute("SELECT key, language FROM documents").fetchall()
    resolve = key_resolver([k for k, _ in rows], beir.qrels)
    language = {resolve(k): lang for k, lang in rows}
    chunk_doc = dict(searcher.store.conn.execute(
        "SELECT c.id, d.key FROM chunks c JOIN documents d ON d.id = c.document_id").fetchall())
    # all, own, queries, own q, own in the first 3, rankings moved (their first DEPTH documents)
    sums: dict[tuple[str, float, bool], list[float]] = defaultdict(lambda: [0.0, 0.0, 0, 0, 0, 0])
    for n, query in enumerate(beir.queries, start=1):
        preferred = detect_language(query.text).value
        if preferred not in PREFERABLE and page is None:
            continue
        judged = beir.qrels[query.id]
        own = {doc: grade for doc, grade in judged.items() if language.get(doc) in (preferred, "mixed")}
        evidence = Evidence()
        fused = searcher.rank(query.text, "hybrid", Filters(), depth=DEPTH * 10, evidence=evidence)
        favoured = _favoured(query.text, preferred, other, page, min_words)
        plain = _documents(fused, chunk_doc, resolve, query.origin)
        for boost, lift in [(b, lift) for b in boosts for lift in ((False, True) if b > 0 else (False,))]:
            ranked = searcher.prefer(fused, favoured, evidence if lift else None, boost) if boost > 0 else fused
            docs = _documents(ranked, chunk_doc, resolve, query.origin)
            row = sums[(preferred, boost, lift)]
            row[5] += docs != plain
            row[0] += ndcg(docs, judged, 10)
            row[2] += 1
            if any(g > 0 for g in own.values()):
                row[1] += ndcg(docs, own, 10)
                row[3] += 1
                row[4] += any(own.get(doc, 0) > 0 for doc in docs[:3])
        if n % 50 == 0:
            log(f"{n} of {len(beir.queries)} queries")
    return {"set": beir.name, "rows": [
        {"query_language": lang, "boost": boost, "lifted": lift, "queries": int(r[2]), "queries_with_own": int(r[3]),
         "ndcg_all": round(r[0] / r[2], 4) if r[2] else None,
         "ndcg_own_language": round(r[1] / r[3], 4) if r[3] else None, "own_in_first_3": int(r[4]),
         "moved": int(r[5])}
        for (lang, boost, lift), r in sorted(sums.items())]}


def _documents(ranked, chunk_doc: dict, resolve, origin: str | None) -> list[str]:  # type: ignore[no-untyped-def]
    """A chunk ranking's first DEPTH documents, by their best chunk, less the query's own."""
    hits = ((resolve(chunk_doc[f.id]), f.score) for f in ranked if f.id in chunk_doc)
    return [doc for doc, _ in documents_by_best_hit(without_self(hits, origin), DEPTH)]


def _favoured(text: str, language: str, other: bool, page: str | None, min_words: int) -> str | None:
    """The language a query's ranking prefers (``measure``)."""
    if page is not None:
        return reading_language(None if page == NO_PAGE else page, text, min_words)
    return next(p for p in PREFERABLE if p != language) if other else language


def print_report(report: dict) -> None:
    print(f"\n### {report['set']}")
    print("| query language | boost | lifted | queries | nDCG@10, all documents | nDCG@10, own language only | "
          "own in first 3 | rankings moved |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in report["rows"]:
        own = "-" if r["ndcg_own_language"] is None else f"{r['ndcg_own_language']:.4f}"
        print(f"| {r['query_language']} | {r['boost']:g} | {'yes' if r['lifted'] else 'no'} | {r['queries']} "
              f"({r['queries_with_own']}) | {r['ndcg_all']:.4f} | {own} | {r['own_in_first_3']} | {r['moved']} |")


def main() -> None:
    args = arguments(__doc__, _options)
    try:
        boosts = sorted({float(b) for b in args.boosts.split(",") if b.strip()})
    except ValueError:
        raise SystemExit(f"error: --boosts must be numbers separated by commas, not {args.boosts!r}") from None
    beir, prepared = open_store(args)
    try:
        report = measure(Searcher(prepared.index()), beir, boosts, args.other, args.page, args.min_words)
    finally:
        prepared.store.close()
    if not emit(report, args):
        print_report(report)


def _options(parser) -> None:  # type: ignore[no-untyped-def]
    parser.add_argument("--boosts", default=f"0,{BOOST}", help=f"boosts to measure, comma-separated (default: 0,{BOOST})")
    parser.add_argument("--other", action="store_true", help="prefer the other language than the query's")
    parser.add_argument("--page", choices=(*PREFERABLE, NO_PAGE),
                        help="prefer what the page in this language prefers ('none': kb search, no page language)")
    parser.add_argument("--min-words", type=int, default=MIN_WORDS,
                        help=f"with --page: an English query's content words to prefer English (default {MIN_WORDS})")


if __name__ == "__main__":
    main()
