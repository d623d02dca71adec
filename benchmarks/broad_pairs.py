"""Counts for broad queries (issue 16 item 4, s-floor): does a query one word shorter count as many relevant documents?

    KB_THREADS=1 .venv/bin/python benchmarks/broad_pairs.py --db STORE [--lessons-every 10] [--show 20] [--json]

Run it on a store of the shipped corpus (``kb ingest corpus/``). The pairs are made mechanically, none picked: each
text of corpus/eval-dev's queries, the store's document titles and every tenth lesson's text (``--lessons-every``)
is cut after each of its first four content words (in Chinese, jieba's words of two characters or more that hold no
question word; in English, words of two letters or more that are not stop words), and each cut with the next makes a
pair (供应商 / 供应商交付, 供应商交付 / 供应商交付延期, ...); a query of eval-dev also gives itself without its last
word beside itself. Each query is ranked as the search page ranks it (``Searcher.ranked_documents``) and its
documents marked by the relevance floor before s-floor and by today's floor, from the same evidence. Printed for
each floor:

- **collapsed**: pairs whose shorter query counts fewer than half the relevant documents of the longer one (the PM's
  供应商交付, 10 where 供应商交付延期 counted 32);
- **missed**: documents the longer query counts that hold every term of the shorter one in a chunk (a broader query
  asked for them by name) and that the shorter one does not count; and the pairs with one or more;
- the median count, and why each collapsed pair's shorter query counts few (its gate closed; its words are in
  fewer than ten documents, so the longer query's added word brings documents without them; its search had no
  expansion legs where the longer one's had them; or none of these);
- **judged**: for the pairs cut from an eval-dev query, the documents judged relevant to that query (corpus/eval-dev's
  qrels) that the shorter query counts and that the longer one counts, summed over the pairs, beside all the
  documents each counts: a query cut short asks for more than the whole one, so what is relevant to the whole is
  relevant to the cut too (s-short).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.relevance_bench import COMPARED as FLOORS
from benchmarks.relevance_bench import floor_flags
from kb.settings import Settings
from kb.store import Store
from search import Searcher, SearchIndex, SearchQuery
from search.evaluate import key_resolver, load_qrels
from search.keyword import KEYWORD_TABLE, whole_words
from search.relevance import Evidence
from search.segment import STOPWORDS, _segmenter, content_word

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CUTS = 4  # a text's first four content words: three pairs
_RUN = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z][A-Za-z0-9'\-]*")


def word_ends(text: str) -> list[int]:
    """Where each of a text's content words ends (offsets), in order."""
    ends = []
    for m in _RUN.finditer(text):
        run = m.group(0)
        if run[0].isascii():
            if run.lower() not in STOPWORDS and len(run) > 1:
                ends.append(m.end())
            continue
        position = m.start()
        for word in _segmenter().lcut(run):
            position += len(word)
            if len(word) >= 2 and content_word(word):
                ends.append(position)
    return ends


def pairs_of(text: str, whole: bool = False) -> list[tuple[str, str]]:
    """A text's (shorter, longer) pairs: its cuts after each of its first ``CUTS`` content words, one with the next;
    with ``whole``, also the text without its last word and the text."""
    text = " ".join(text.split())
    ends = word_ends(text)
    cuts = [text[:end].strip() for end in ends[:CUTS]]
    pairs = list(itertools.pairwise(cuts))
    if whole and len(ends) >= 2:
        pairs.append((text[:ends[-2]].strip(), text))
    return [(a, b) for a, b in pairs if a != b]


def eval_dev_queries() -> dict[str, str]:
    """corpus/eval-dev's queries: text -> query id."""
    rows = [json.loads(line) for line in
            (CORPUS / "eval-dev" / "queries.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["text"]: row["_id"] for row in rows}


def judged_documents(store: Store) -> dict[str, set[int]]:
    """Each eval-dev query's judged relevant documents, as the store's document ids."""
    qrels = load_qrels(CORPUS / "eval-dev" / "qrels.tsv")
    key_of = dict(store.conn.execute("SELECT id, key FROM documents").fetchall())
    resolve = key_resolver(list(key_of.values()), qrels)
    return {qid: {d for d, key in key_of.items() if judged.get(resolve(key), 0) > 0} for qid, judged in qrels.items()}


def judged_pairs(store: Store) -> list[tuple[str, str, set[int]]]:
    """(shorter, longer, the judged relevant documents of the eval-dev query they were cut from) for eval-dev's
    pairs."""
    judged = judged_documents(store)
    return [(shorter, longer, judged.get(qid, set())) for text, qid in eval_dev_queries().items()
            for shorter, longer in pairs_of(text, whole=True)]


def build_pairs(store: Store, lessons_every: int) -> list[tuple[str, str, str]]:
    """(source, shorter, longer) for the store's titles, every ``lessons_every``-th lesson and eval-dev's queries."""
    queries = list(eval_dev_queries())
    titles = [r[0] for r in store.conn.execute("SELECT title FROM documents ORDER BY id") if r[0]]
    lessons = [r[0] for r in store.conn.execute(
        "SELECT text FROM lessons WHERE review_status != 'hidden' ORDER BY id").fetchall()][::lessons_every]
    seen: set[tuple[str, str, str]] = set()
    pairs = []
    for source, texts in (("eval-dev", queries), ("title", titles), ("lesson", lessons)):
        for text in texts:
            for shorter, longer in pairs_of(text, whole=source == "eval-dev"):
                if (source, shorter, longer) not in seen:
                    seen.add((source, shorter, longer))
                    pairs.append((source, shorter, longer))
    return pairs


def holders(searcher: Searcher, text: str) -> set[int]:
    """The documents with a chunk holding every word of a query (``whole_words``), anywhere in the store."""
    terms = whole_words(text, searcher.is_word())
    if not terms:
        return set()
    match = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
    sql = (f"SELECT DISTINCT c.document_id FROM {KEYWORD_TABLE} JOIN chunks c ON c.id = {KEYWORD_TABLE}.rowid"
           f" WHERE {KEYWORD_TABLE} MATCH ?")
    return {r[0] for r in searcher.store.conn.execute(sql, [match])}


def measure_query(searcher: Searcher, text: str) -> dict:
    """A query's relevant documents by each floor, and what its evidence says of why it counts few."""
    evidence = Evidence()
    groups, _ = searcher.ranked_documents(SearchQuery(text), text, evidence=evidence)
    chunks = [[c.chunk_id for c in g] for g in groups]
    ids = [g[0].document_id for g in groups]
    relevant = {name: {d for d, ok in zip(ids, floor_flags(searcher, text, groups, evidence, floor), strict=True) if ok}
                for name, floor in FLOORS.items()}
    keyword = {c: d for d, group in zip(ids, chunks, strict=True) for c in group}
    keyword_documents = {keyword[c] for c in evidence.found.get("keyword", []) if c in keyword}
    return {"relevant": relevant, "legs": set(evidence.found), "keyword_documents": len(keyword_documents)}


def why(short: dict, long: dict, floor: str) -> str:
    """Why a collapsed pair's shorter query counts few."""
    if not short["relevant"][floor]:
        return "gate closed"
    if short["keyword_documents"] < 10:
        return "its words in fewer than 10 documents"
    if "feedback" in long["legs"] and "feedback" not in short["legs"]:
        return "no expansion legs where the longer query had them"
    return "other"


def measure(searcher: Searcher, pairs: list[tuple[str, str, str]],
            judged: list[tuple[str, str, set[int]]] | None = None) -> dict:
    texts = sorted({t for _, a, b in pairs for t in (a, b)} | {t for a, b, _ in judged or [] for t in (a, b)})
    found = {t: measure_query(searcher, t) for t in texts}
    named = {shorter: holders(searcher, shorter) for _, shorter, _ in pairs}
    report: dict = {"pairs": len(pairs), "queries": len(texts), "sources": dict(Counter(s for s, _, _ in pairs))}
    for name in FLOORS:
        collapsed, missed, missing_pairs, reasons = [], 0, 0, Counter()
        for source, shorter, longer in pairs:
            a, b = found[shorter]["relevant"][name], found[longer]["relevant"][name]
            lost = (b & named[shorter]) - a
            missed += len(lost)
            missing_pairs += bool(lost)
            if len(a) < len(b) / 2:
                reason = why(found[shorter], found[longer], name)
                reasons[reason] += 1
                collapsed.append({"source": source, "shorter": shorter, "longer": longer, "counts": [len(a), len(b)],
                                  "why": reason})
        counts = [len(found[t]["relevant"][name]) for t in texts]
        judged_counts = [sum(len(pair[2] & found[pair[side]]["relevant"][name]) for pair in judged or [])
                         for side in (0, 1)]
        judged_counts += [sum(len(found[pair[side]]["relevant"][name]) for pair in judged or []) for side in (0, 1)]
        report[name] = {"collapsed": len(collapsed), "by_source": dict(Counter(c["source"] for c in collapsed)),
                        "why": dict(reasons), "missed": missed, "pairs_missing": missing_pairs,
                        "median": statistics.median(counts), "judged": judged_counts, "list": collapsed}
    return report


def print_report(report: dict, show: int) -> None:
    print(f"{report['pairs']} pairs ({report['sources']}), {report['queries']} queries")
    print("\n| floor | collapsed (shorter < half the longer) | missed documents (pairs) | median relevant |"
          " judged relevant counted, shorter / longer | of the documents counted |\n| --- | --- | --- | --- | --- | --- |")
    for name in FLOORS:
        r = report[name]
        print(f"| {name} | {r['collapsed']} {r['by_source']} | {r['missed']} ({r['pairs_missing']}) | {r['median']:g} |"
              f" {r['judged'][0]} / {r['judged'][1]} | {r['judged'][2]} / {r['judged'][3]} |")
    for name in FLOORS:
        print(f"\n{name}, why the shorter query counts few: {report[name]['why']}")
        for c in report[name]["list"][:show]:
            print(f"  {c['source']}: {c['shorter']} {c['counts'][0]} / {c['longer']} {c['counts'][1]} ({c['why']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a store of the shipped corpus")
    parser.add_argument("--lessons-every", type=int, default=10)
    parser.add_argument("--show", type=int, default=0, help="collapsed pairs listed per floor")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    settings = Settings(db=args.db)
    store = Store(settings.db, create=False)
    try:
        report = measure(Searcher(SearchIndex(store, settings)), build_pairs(store, args.lessons_every),
                         judged_pairs(store))
    finally:
        store.close()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print_report(report, args.show)


if __name__ == "__main__":
    main()
