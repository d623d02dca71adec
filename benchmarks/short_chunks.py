"""What a group of documents does to a ranking (BENCHMARKS.md, "Documents of short chunks").

    .venv/bin/python benchmarks/short_chunks.py SET_DIR [--group SUFFIXES] [--db PATH] [--work DIR] [--json]

The group is the documents whose key ends with one of ``--group`` (default: the Word, PowerPoint and PDF documents,
``.docx,.pptx,.pdf``). On a BEIR-style set, each judged query ranked as ``kb eval`` ranks it:

- hybrid nDCG@10 as it is (a query's ``self`` left out, as ``kb eval`` does); with the group's documents struck from the ranking (the judgements as they are); with only
  the group's documents *not* judged relevant struck (an oracle: the most a fix of their intrusions could give); and
  with the group and its judgements struck (the collection as it was before them);
- the semantic leg's first ten documents per query: how often a document of the group, and any other, stands there
  judged relevant and not (per document and query), and the length of the chunk that put it there (characters
  after the chunk's first line, its title and heading).
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.reader_sets import arguments, emit, log, open_store
from kb.store import Filters
from search import Searcher
from search.evaluate import key_resolver, ndcg
from search.relevance import Evidence

OFFICE = ".docx,.pptx,.pdf"


def measure(searcher: Searcher, beir, group: tuple[str, ...]) -> dict:  # type: ignore[no-untyped-def]
    """The figures above, for one set."""
    rows = searcher.store.conn.execute(
        "SELECT c.id, d.key, c.text FROM chunks c JOIN documents d ON d.id = c.document_id").fetchall()
    resolve = key_resolver(list({r[1] for r in rows}), beir.qrels)
    chunk_doc = {i: resolve(k) for i, k, _ in rows}
    body = {i: len(text.split("\n", 1)[-1]) for i, _, text in rows}
    documents = set(chunk_doc.values())
    in_group = {d for d in documents if d.endswith(group)}
    ndcgs: dict[str, list[float]] = {"as is": [], "group struck": [], "oracle": [], "before the group": []}
    seen = {"group": [0, 0], "other": [0, 0]}  # [relevant, not] appearances in the semantic leg's first ten
    lengths: dict[str, list[int]] = {"group relevant": [], "group not": [], "other relevant": [], "other not": []}
    queries = [q for q in beir.queries if q.id in beir.qrels]
    for query in queries:
        judged = beir.qrels[query.id]
        evidence = Evidence()
        fused = searcher.rank(query.text, "hybrid", Filters(), depth=1000, evidence=evidence)
        ranked = [d for d in dict.fromkeys(chunk_doc[f.id] for f in fused if f.id in chunk_doc) if d != query.origin]
        before = {d: g for d, g in judged.items() if d not in in_group}
        ndcgs["as is"].append(ndcg(ranked, judged, 10))
        ndcgs["group struck"].append(ndcg([d for d in ranked if d not in in_group], judged, 10))
        ndcgs["oracle"].append(ndcg([d for d in ranked if d not in in_group or judged.get(d, 0) > 0], judged, 10))
        ndcgs["before the group"].append(ndcg([d for d in ranked if d not in in_group], before, 10))
        first: dict[str, int] = {}
        for chunk in evidence.found.get("semantic", []):
            first.setdefault(chunk_doc[chunk], chunk)
            if len(first) == 10:
                break
        for document, chunk in first.items():
            side, relevant = ("group" if document in in_group else "other"), judged.get(document, 0) > 0
            seen[side][0 if relevant else 1] += 1
            lengths[f"{side} {'relevant' if relevant else 'not'}"].append(body[chunk])
    n, sizes = len(queries), {"group": len(in_group), "other": len(documents - in_group)}
    return {
        "queries": n, "group_documents": sizes["group"], "other_documents": sizes["other"],
        "hybrid_ndcg@10": {name: round(sum(v) / n, 3) for name, v in ndcgs.items()},
        "semantic_first_ten_per_document_and_query": {
            side: {"relevant": round(r / max(sizes[side], 1) / n, 3), "not": round(x / max(sizes[side], 1) / n, 3)}
            for side, (r, x) in seen.items()},
        "chunk_characters_after_title": {
            name: {"count": len(v), "median": statistics.median(v) if v else None,
                   "share_under_60": round(sum(x < 60 for x in v) / len(v), 2) if v else None}
            for name, v in lengths.items()},
    }


def main() -> None:
    args = arguments(__doc__, lambda p: p.add_argument("--group", default=OFFICE,
                                                       help="key endings of the group's documents, comma-separated"))
    beir, prepared = open_store(args)
    group = tuple(s.strip() for s in args.group.split(",") if s.strip())
    log(f"ranking {len(beir.queries)} queries")
    report = {"set": beir.name, "group": list(group), **measure(Searcher(prepared.index()), beir, group)}
    prepared.store.close()
    if emit(report, args):
        return
    print(f"\n### {beir.name}: {report['queries']} queries; group {', '.join(group)}: "
          f"{report['group_documents']} documents, others {report['other_documents']}\n")
    print("| hybrid nDCG@10 | " + " | ".join(report["hybrid_ndcg@10"]) + " |")
    print("| --- |" + " --- |" * len(report["hybrid_ndcg@10"]))
    print("| | " + " | ".join(f"{v:.3f}" for v in report["hybrid_ndcg@10"].values()) + " |\n")
    print("| semantic first ten, per document and query | judged relevant | not |\n| --- | --- | --- |")
    for side, v in report["semantic_first_ten_per_document_and_query"].items():
        print(f"| {side} | {v['relevant']:.3f} | {v['not']:.3f} |")
    print("\n| the chunk that put it there | count | median characters after the title | share under 60 |")
    print("| --- | --- | --- | --- |")
    for name, v in report["chunk_characters_after_title"].items():
        print(f"| {name} | {v['count']} | {v['median']} | {v['share_under_60']} |")


if __name__ == "__main__":
    main()
