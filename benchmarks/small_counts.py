"""Counts on small collections (issue 16 item 4, s-small2): what the relevance floor counts in a collection of 3-30
documents, where a leg's first 20 documents are all of it.

    .venv/bin/python benchmarks/small_counts.py [--only NAME ...] [--json FILE]

Each collection is ingested into a temporary store with the real default model: subsets of the shipped corpus's
projects (corpus/eval's and corpus/eval-dev's 95 queries, a document relevant where their qrels judge it so: a query
with no judged document in the subset is about nothing there), and of tests/search/test_small_collections.py's
twelve retrospectives (its queries and the documents about them, decided by reading them). Each query is searched as
the page searches it (``Searcher.ranked_documents``), and each floor of ``FLOORS`` is applied to the same evidence.
Printed for each collection and floor: the documents counted, the judged relevant among them, the others (over-counts),
and each document a floor counts otherwise than the first (today's), by name, for reading.
"""

from __future__ import annotations

import argparse
import csv
import json
import pickle
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest import ingest
from kb.settings import Settings
from kb.store import Store
from search import Searcher, SearchQuery
from search.evaluate import load_qrels, load_queries
from search.index import SearchIndex
from search.relevance import FLOOR, Evidence, above_floor

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
# The floor before s-small2 (the two feedback legs vote apart), today's, and, tried, a leg voting only for documents
# scoring a share of its best
BEFORE = replace(FLOOR, echo_part=0)
FLOORS = {"before": BEFORE, "today": FLOOR, "before s-item2": replace(FLOOR, repetitions=False),
          **{f"share {share}": replace(BEFORE, vote_share=share) for share in (0.05, 0.1, 0.25, 0.33)}}
# Today's floor less one of its rules (``--rules``): the documents it then loses are those counted by that rule alone
RULES = {"before": BEFORE, "no meaning": replace(BEFORE, minimum=2.0), "agreement 1": replace(BEFORE, agreement=0),
         "no lead": replace(BEFORE, lead=0), "no holders": replace(BEFORE, holders=False)}
# Subsets of the shipped corpus: whole projects, both languages
PROJECTS = {
    "crm 3": ["crm-migration/retrospective.md", "crm-migration/post-mortem-wave1-data-migration.md",
              "crm-migration/user-training-lessons.txt"],
    "crm 6": ["crm-migration"],
    "erp+mes 14": ["erp-upgrade", "mes-rollout"],
    "km+gdpr 11": ["km-initiative", "gdpr-compliance"],
    "five projects 30": ["crm-migration", "erp-upgrade", "mes-rollout", "wms-rollout", "pmp-training"],
}


def corpus_sets() -> list[tuple[str, dict[str, Path], list[tuple[str, set[str]]]]]:
    """Each corpus subset: its files (relative key -> path) and the 95 judged queries with their relevant keys."""
    queries, qrels = [], {}
    for folder in ("eval", "eval-dev"):
        queries += load_queries(CORPUS / folder / "queries.jsonl")
        qrels.update(load_qrels(CORPUS / folder / "qrels.tsv"))
    sets = []
    for name, parts in PROJECTS.items():
        files = {}
        for part in parts:
            path = CORPUS / part
            for file in sorted(path.iterdir()) if path.is_dir() else [path]:
                files[str(file.relative_to(CORPUS))] = file
        sets.append((name, files, [(q.text, {d for d, g in qrels.get(q.id, {}).items() if g > 0}) for q in queries]))
    return sets


def made_up_sets() -> list[tuple[str, dict[str, str], list[tuple[str, set[str]]]]]:
    """tests/search/test_small_collections.py's retrospectives: the 6 English, the 6 Chinese, all 12, with queries
    whose relevant documents were decided by reading the twelve."""
    from tests.search.test_small_collections import CHINESE, DOCS, ENGLISH
    about = {"测试环境": {"mes", "crm"}, "test environment": {"mes", "crm"},
             "上线前测试环境没准备好": {"mes", "crm"}, "数据迁移": {"wms"}, "data migration": {"wms"},
             "the vendor delivered the interface late": {"pay", "crm"}, "供应商交付延期": {"pay", "crm"},
             "vendor delivered late": {"pay", "crm"}, "rollback plan": {"dc"}, "回退方案没有演练": {"dc"},
             "scope creep": {"hr", "bi"}, "范围蔓延": {"hr", "bi"}, "预算超支": {"erp"}, "budget overrun": {"erp"},
             "审核被拒": {"mob"}, "penetration testing": {"sec"}, "渗透测试太晚": {"sec"}, "approval": {"proc", "erp"},
             "培训太晚": {"trn", "pay"}, "training started too late": {"trn", "pay"},
             "红烧肉的家常做法": set(), "quantum entanglement rocket launch": set()}
    collections = (("made-up en 6", ENGLISH), ("made-up zh 6", CHINESE), ("made-up 12", DOCS))
    return [(name, docs, [(text, {key for key in docs if key.split("/")[0] in projects})
                          for text, projects in about.items()]) for name, docs in collections]


DATA = ROOT.parent / "shared" / "data"  # real third-party data (../shared/data/README.md); skipped when absent
# NASA lessons (Lesson ID) and Hadoop bug reports (Issue id), and queries whose relevant ones were decided by reading
# each record's title, abstract or summary and description
NASA = [30301, 586, 976, 1562, 5656, 1612, 10302, 1327, 536, 1267, 889, 20101]
NASA_QUERIES = {"budget reserve": {889}, "预算储备不足": {889}, "network outage": {5656}, "网络中断": {5656},
                "vendor certification of test equipment": {586}, "供应商设备认证": {586},
                "earned value management": {1562}, "挣值管理": {1562}, "change management during development": {10302},
                "变更管理": {10302}, "pressure testing of enclosed volumes": {20101}, "压力测试": {20101},
                "adhesive tape in a clean room": {536}, "红烧肉的家常做法": set(), "marathon training diet plan": set()}
HADOOP = [13527422, 13510782, 13389573, 13337399, 13581628, 13339607, 13484056, 13303453, 13592102, 13527178]
HADOOP_QUERIES = {"upgrade a library version": {13527422, 13303453}, "依赖库升级": {13527422, 13303453},
                  "no error message when the S3 bucket does not exist": {13389573}, "S3 timeout": {13510782},
                  "log level": {13581628, 13527178}, "日志级别": {13581628, 13527178},
                  "test fails": {13337399, 13592102}, "测试失败": {13337399, 13592102},
                  "delegation token sequence number": {13339607}, "红烧肉的家常做法": set(),
                  "marathon training diet plan": set()}


def real_data_sets() -> list[tuple[str, dict[str, str], list[tuple[str, set[str]]]]]:
    """Twelve NASA lessons and ten Hadoop bug reports as Markdown documents, with their judged queries."""
    if not DATA.is_dir():
        return []
    lessons = {row["Lesson ID"]: row for row in map(json.loads, (DATA / "llis" / "llis.jsonl").open(encoding="utf-8"))}
    nasa = {f"llis/{i}.md": "\n\n".join([f"# {lessons[i]['Title']}", *(
        f"## {field}\n\n{lessons[i][field]}" for field in ("Abstract", "Driving Event", "Lesson(s) Learned",
                                                           "Recommendation(s)") if lessons[i].get(field))]) for i in NASA}
    with (DATA / "hadoop-bugs" / "hadoop_bugs.csv").open(encoding="utf-8", errors="replace") as handle:
        bugs = {int(row["Issue id"]): row for row in csv.DictReader(handle) if int(row["Issue id"]) in HADOOP}
    hadoop = {f"hadoop/{i}.md": f"# {bugs[i]['Summary']}\n\n{bugs[i]['Description'][:3000]}" for i in HADOOP}
    return [("NASA 12", nasa, [(t, {f"llis/{i}" for i in ids}) for t, ids in NASA_QUERIES.items()]),
            ("Hadoop 10", hadoop, [(t, {f"hadoop/{i}" for i in ids}) for t, ids in HADOOP_QUERIES.items()])]


def build(files: dict[str, Path | str], base: Path) -> tuple[Store, SearchIndex]:
    """A store and index of these files (relative key -> a path to copy, or a text to write)."""
    folder = base / "docs"
    for rel, source in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, Path):
            shutil.copyfile(source, path)
        else:
            path.write_text(source, encoding="utf-8")
    settings = Settings(db=base / "kb.db")
    store = Store(settings.db)
    index = SearchIndex(store, settings)
    ingest(store, [folder])
    index.sync()
    return store, index


def stem(key: str) -> str:
    """A key as the qrels name it (corpus/eval's keys drop the Markdown suffix alone)."""
    return key.removesuffix(".md")


SAVED: list | None = None  # type: ignore[type-arg]  # ``--save``: each search's evidence, to replay other floors


def fixed(evidence: Evidence, chunks: list[list[int]]) -> dict:  # type: ignore[type-arg]
    """The evidence as plain data (for pickling): its callables answered for the listed documents."""
    firsts = [c[0] for c in chunks]
    documents = dict(zip(firsts, evidence.documents_of(firsts))) if evidence.documents_of and firsts else {}
    return {"found": evidence.found, "scores": evidence.scores, "cosines": evidence.cosines,
            "holding": set(evidence.holding()), "nearest": evidence.nearest,
            "collection_documents": evidence.collection_documents, "documents": documents}


def replayed(saved: dict) -> Evidence:  # type: ignore[type-arg]
    """An Evidence from ``fixed``'s data."""
    documents, holding = saved["documents"], saved["holding"]
    return Evidence(found=saved["found"], scores=saved["scores"], cosines=saved["cosines"],
                    holding=lambda: holding, nearest=saved["nearest"],
                    collection_documents=saved["collection_documents"],
                    documents_of=lambda ids: [documents.get(i) for i in ids])


def measure(name: str, files: dict, queries: list[tuple[str, set[str]]]) -> dict:  # type: ignore[type-arg]
    """Each floor's counts over a collection's queries, and the documents counted otherwise than today."""
    with tempfile.TemporaryDirectory() as tmp:
        store, index = build(files, Path(tmp))
        searcher = Searcher(index)
        keys = {i: stem(k) for i, k in store.conn.execute("SELECT id, key FROM documents").fetchall()}
        totals = {floor: {"counted": 0, "relevant": 0, "over": 0, "missed": 0} for floor in FLOORS}
        changes: list[dict] = []
        judged = 0
        for text, relevant in queries:
            relevant = {stem(k) for k in relevant} & set(keys.values())
            judged += len(relevant)
            evidence = Evidence(keep_scores=True)  # the vote shares compared
            groups, _ = searcher.ranked_documents(SearchQuery(text), text, evidence=evidence)
            named = [keys[g[0].document_id] for g in groups]
            chunks = [[c.chunk_id for c in g] for g in groups]
            counted = {floor: {k for k, ok in zip(named, above_floor(chunks, evidence, values)) if ok}
                       for floor, values in FLOORS.items()}
            if SAVED is not None:
                SAVED.append((name, text, relevant, named, chunks, fixed(evidence, chunks)))
            for floor, docs in counted.items():
                totals[floor]["counted"] += len(docs)
                totals[floor]["relevant"] += len(docs & relevant)
                totals[floor]["over"] += len(docs - relevant)
                totals[floor]["missed"] += len(relevant - docs)
                dropped, added = counted["before"] - docs, docs - counted["before"]
                if dropped or added:
                    changes.append({"floor": floor, "query": text, "dropped": sorted(dropped), "added": sorted(added),
                                    "relevant dropped": sorted(dropped & relevant)})
        store.close()
    return {"collection": name, "documents": len(keys), "queries": len(queries), "judged": judged,
            "totals": totals, "changes": changes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="collections to measure (by name; default all)")
    parser.add_argument("--json", type=Path, help="write the results here too")
    parser.add_argument("--rules", action="store_true", help="today's floor less each of its rules, not the shares")
    parser.add_argument("--save", type=Path, help="pickle each search's evidence here (to replay floors)")
    args = parser.parse_args()
    global SAVED
    if args.save:
        SAVED = []
    if args.rules:
        FLOORS.clear()
        FLOORS.update(RULES)
    results = []
    for name, files, queries in corpus_sets() + made_up_sets() + real_data_sets():
        if args.only and name not in args.only:
            continue
        result = measure(name, files, queries)
        results.append(result)
        print(f"\n{name}: {result['documents']} documents, {result['queries']} queries, {result['judged']} judged")
        for floor, total in result["totals"].items():
            print(f"  {floor:12} counted {total['counted']:5}  relevant {total['relevant']:4}  "
                  f"over {total['over']:5}  missed {total['missed']:4}")
        for change in result["changes"]:
            print(f"  {change['floor']:12} {change['query'][:40]}: -{change['dropped']} +{change['added']}"
                  f"{'  RELEVANT ' + str(change['relevant dropped']) if change['relevant dropped'] else ''}")
        sys.stdout.flush()
    if args.save:
        args.save.write_bytes(pickle.dumps(SAVED))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
