"""Why relevant documents miss the hybrid's first ten: for each judged query of a group (default: the
cross-language queries, ``metadata.set`` = ``cross``), the documents judged relevant that the hybrid ranks below
10th, with their grade, their language, where the hybrid put them, and where each leg ranked them
(BENCHMARKS.md, "Why cross-language queries miss").

    .venv/bin/python benchmarks/cross_misses.py SET_DIR [--set cross] [--detail] [--db PATH] [--work DIR] [--json]

Each query is ranked as ``kb eval`` ranks it (hybrid, 1,000 chunks a leg, documents by their best chunk, the
query's ``self`` left out); a leg's document rank is where the document's first chunk stands among the leg's
documents, in the legs as the last fusion takes them: the document-side translation leg where its gate opened, the
semantic leg as the feedback in the vector space re-ordered it. The summary counts the relevant documents in the
query's language and in the other, the misses by grade, by language, those ranked 11th to 20th, and those that no
leg, exactly one leg (which), or two or more legs rank among their first ten: misses that one leg finds point at
that leg's weight; misses no leg finds, at the legs themselves. It also says how many relevant documents the first
ten would hold if their split between the two languages moved by one to three documents either way, each language's
documents in the hybrid's order: where the fusion gives a language too few places, a move toward it finds more. Each query also lists its words that get no
translation (each word alone, as the translated leg would translate it: glossary, CC-CEDICT, the model's scores,
the collection's vocabulary; Chinese single characters, never translated, are not listed).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.reader_sets import arguments, emit, log, open_store
from kb.store import Filters
from kb.text import detect_language
from search import Searcher
from search import legs as legs_module
from search.evaluate import key_resolver, recall
from search.legs import LEG_ORDER
from search.translate import STOPWORDS
from search.translated_index import LEG as TRANSLATIONS_LEG
from search.translated_index import translation_tools

DEPTH = 100  # documents ranked per query, from DEPTH x 10 chunks per leg (as kb eval)
FIRST = 10


LEGS = (*LEG_ORDER, TRANSLATIONS_LEG)
SHIFTS = (-3, -2, -1, 0, 1, 2, 3)  # documents moved into the first ten from the query's language (-: from the other)
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
SUMMARY = ("relevant", "relevant in the query's language", "missed", "grade 2", "grade 1", "query's language", "other language", "at 11-20",
           "in no leg's first ten", "in one leg's first ten", "in two or more legs' first ten")


def measure(searcher: Searcher, beir, group: str | None, first: int = FIRST) -> dict:  # type: ignore[no-untyped-def]
    """The misses of each query of ``group`` (every judged query if None) from the ``first`` documents, and their
    summary."""
    chunk_doc, language = _chunk_documents(searcher, beir)
    queries = [q for q in beir.queries if q.id in beir.qrels and (group is None or q.group == group)]
    per_query, summary, single, split = [], Counter(dict.fromkeys(SUMMARY, 0)), Counter(), Counter()
    recalls = []
    for query in queries:
        ranked, legs = _ranked(searcher, query, chunk_doc)
        judged, own = beir.qrels[query.id], (detect_language(query.text).value, "mixed")
        recalls.append(recall(ranked, judged, first))
        split.update(_split_moved(ranked, judged, {d for d in ranked if language.get(d) in own}, first))
        misses = []
        for document, grade in sorted(judged.items()):
            if grade <= 0 or document == query.origin:  # its self is never ranked (nor credited)
                continue
            counts, miss, found_by = _judged(document, grade, language.get(document), own, _positions(ranked), legs,
                                             first)
            summary.update(counts)
            single.update(found_by if len(found_by) == 1 else [])
            misses += [miss] if miss else []
        per_query.append({"query": query.id, "text": query.text, "recall": round(recalls[-1], 3), "misses": misses,
                          "untranslated": untranslated(searcher, query.text)})
    return {"queries": len(queries), "group": group, "recall": round(sum(recalls) / max(len(recalls), 1), 3),
            "split_moved": {shift: split[shift] for shift in SHIFTS},
            "summary": dict(summary), "missed_in_one_leg_only": dict(single), "per_query": per_query}


def _chunk_documents(searcher: Searcher, beir) -> tuple[dict[int, str], dict[str, str]]:  # type: ignore[no-untyped-def]
    """Each chunk's judged document, and each document's language."""
    rows = searcher.store.conn.execute(
        "SELECT c.id, d.key, d.language FROM chunks c JOIN documents d ON d.id = c.document_id").fetchall()
    resolve = key_resolver(list({r[1] for r in rows}), beir.qrels)
    return {i: resolve(k) for i, k, _ in rows}, {resolve(k): lang for _, k, lang in rows}


def _ranked(searcher: Searcher, query, chunk_doc: dict[int, str]) -> tuple[list[str], dict[str, dict[str, int]]]:  # type: ignore[no-untyped-def]
    """A query's documents as the hybrid ranks them, and each leg's document positions (its last fusion's)."""
    with final_legs() as found:
        fused = searcher.rank(query.text, "hybrid", Filters(), depth=DEPTH * 10)
    legs = {name: _positions(_documents(found.get(name, []), chunk_doc, query.origin)) for name in LEGS}
    return _documents((f.id for f in fused), chunk_doc, query.origin), legs


def _judged(document: str, grade: int, lang: str | None, own: tuple[str, ...], position: dict[str, int],
            legs: dict[str, dict[str, int]], first: int) -> tuple[Counter, dict | None, list[str]]:  # type: ignore[type-arg]
    """What a relevant document adds to the summary; where the first ``first`` miss it, the miss and the legs that
    rank it among their first (else None and no legs)."""
    counts = Counter({"relevant": 1, "relevant in the query's language": int(lang in own)})
    if position.get(document, first + 1) <= first:
        return counts, None, []
    found_by = [name for name in LEGS if legs[name].get(document, first + 1) <= first]
    counts.update({"missed": 1, f"grade {grade}": 1, "query's language" if lang in own else "other language": 1,
                   "at 11-20": int(position.get(document, 2 * first + 1) <= 2 * first),
                   "in no leg's first ten": int(not found_by), "in one leg's first ten": int(len(found_by) == 1),
                   "in two or more legs' first ten": int(len(found_by) > 1)})
    return counts, {"document": document, "grade": grade, "language": lang, "position": position.get(document),
                    "legs": {n: legs[n].get(document) for n in LEGS}}, found_by


@contextmanager
def final_legs() -> Iterator[dict[str, list[int]]]:
    """The chunk ids of each leg as the last fusion of a search in the block takes them (a fusion of every chunk,
    not the first fusion's few that the feedback legs read)."""
    found: dict[str, list[int]] = {}
    fuse = legs_module.Legs.fuse

    def spy(self, weights, **options):  # type: ignore[no-untyped-def]
        if options.get("limit") is None:
            found.clear()
            found.update({name: list(ids) for name, ids in self.found.items() if weights.get(name, 1.0) > 0})
        return fuse(self, weights, **options)

    legs_module.Legs.fuse = spy  # type: ignore[method-assign]
    try:
        yield found
    finally:
        legs_module.Legs.fuse = fuse  # type: ignore[method-assign]


def untranslated(searcher: Searcher, text: str) -> list[str]:
    """The query's words (Chinese dictionary words, English words of three letters or more) that get no translation
    on their own, in the order they come; English words of a glossary phrase that the query holds and that is
    translated ("go live" -> 上线) are not among them."""
    translator = translation_tools(searcher.index, searcher.settings, scored=False)[0]
    words = [w for run in _CJK_RUN.findall(text) for w in translator.segment(run) if len(w) > 1]
    english = " ".join(re.findall(r"[a-z0-9][a-z0-9-]*", _CJK_RUN.sub(" ", text).lower()))
    phrases = [p for p in translator.en_zh if " " in p and f" {p} " in f" {english} " and searcher.translated_terms(p)]
    covered = {w for p in phrases for w in p.split()}
    words += [w for w in english.split() if len(w) > 2 and w not in STOPWORDS and not w.isdigit() and w not in covered]
    return [w for w in dict.fromkeys(words) if not searcher.translated_terms(w)]


def _split_moved(ranked: list[str], judged: dict[str, int], own: set[str], first: int) -> dict[int, int]:
    """How many relevant documents the first ``first`` would hold if their split between the query's language and
    the other (``own``: the documents in the query's language) moved by each of ``SHIFTS`` documents, each language's
    documents kept in the hybrid's order: whether the fusion gives one language too few places."""
    same = [d for d in ranked if d in own]
    other = [d for d in ranked if d not in own]
    places = sum(1 for d in ranked[:first] if d in own)
    found = {}
    for shift in SHIFTS:
        n = min(max(places + shift, 0), first)
        found[shift] = sum(1 for d in [*same[:n], *other[:first - n]] if judged.get(d, 0) > 0)
    return found


def _documents(chunks, chunk_doc: dict[int, str], origin: str | None) -> list[str]:  # type: ignore[no-untyped-def]
    """Documents in the order of their first chunk, less the query's ``self``."""
    return [d for d in dict.fromkeys(chunk_doc[c] for c in chunks if c in chunk_doc) if d != origin]


def _positions(documents: list[str]) -> dict[str, int]:
    return {d: n for n, d in enumerate(documents, start=1)}


def main() -> None:
    def extra(parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("--set", default="cross", help="the queries' metadata.set to look at ('': every query)")
        parser.add_argument("--detail", action="store_true", help="list each query's misses")

    args = arguments(__doc__, extra)
    beir, prepared = open_store(args)
    log(f"ranking {len(beir.queries)} queries")
    try:
        report = {"set": beir.name, **measure(Searcher(prepared.index()), beir, args.set or None)}
    finally:
        prepared.store.close()
    if emit(report, args):
        return
    print(f"\n### {beir.name}: {report['queries']} queries ({args.set or 'all'}), Recall@{FIRST} {report['recall']:.3f}\n")
    print("| relevant documents | count |\n| --- | --- |")
    for name, count in report["summary"].items():
        print(f"| {name} | {count} |")
    print(f"\nrelevant in the first {FIRST}, its split between the languages moved by k documents toward the query's"
          " language: " + ", ".join(f"{k:+d}: {n}" for k, n in report["split_moved"].items()))
    print("\nmissed, in one leg's first ten only: "
          + (", ".join(f"{leg} {n}" for leg, n in sorted(report["missed_in_one_leg_only"].items())) or "none"))
    if args.detail:
        for q in report["per_query"]:
            print(f"\n{q['query']} (Recall@{FIRST} {q['recall']:.2f}) {q['text'][:80]}")
            print(f"  no translation: {' '.join(q['untranslated']) or '-'}")
            for m in q["misses"]:
                legs = " ".join(f"{leg}={rank or '-'}" for leg, rank in m["legs"].items())
                print(f"  {m['position'] or '-':>4} g{m['grade']} {m['language']} {m['document'][:50]:50s} {legs}")


if __name__ == "__main__":
    main()
