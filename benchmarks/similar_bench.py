"""Similar past issues across languages (s-simx): what ``Searcher.similar_lessons`` lists, by language.

    .venv/bin/python benchmarks/similar_bench.py SET_DIR --db DB [--before CHECKOUT] [--probes FILE] [--json]

On a BEIR-style set's store (``--db``, used as it is), three measures, each as the reader gets it (above the
relevance floor, the default spread of lessons per document):

- **texts** (``kb similar --text``, 10 lessons): each judged query as the text; the judged relevant documents among
  the documents listed, in the text's language and in the *other* one (Chinese for an English text and the other
  way round; a mixed text's count as its own), with how many the store holds, and nDCG@10 of the documents in
  the order the list first shows them; overall and per query language;
- **lesson seeds** (the lesson page, 8 lessons): for each query, a lesson of each of its judged relevant documents
  (its first lesson of a problem kind, else its first; at most ``--seeds`` documents a query) as the seed; the
  target is the query's other judged relevant documents that the seed's list may show (not the seed's document
  nor its project's), counted in the seed's language and the other;
- **latency**: the p50 and p90 of a similar call over the texts, and over the seeds (each call's median of
  ``--repeat`` runs);
- with ``--probes FILE``: each off-topic probe as a text, the lessons listed (the goal: none).

``--before CHECKOUT`` measures another checkout's code on the same store in a child process (this script, with
``--code CHECKOUT``: its ``kb`` and ``search`` packages are imported instead of this checkout's) and prints the
two side by side; make one with ``git archive COMMIT | tar -x -C DIR``.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_CODE = sys.argv[sys.argv.index("--code") + 1] if "--code" in sys.argv[:-1] else None
sys.path.insert(0, _CODE or str(ROOT))  # the code measured: this checkout's, or another's

from benchmarks.reader_sets import arguments, emit, log, open_store
from kb.models import PROBLEM_KINDS
from search import Searcher
from search.evaluate import key_resolver, ndcg

TEXT_LIMIT, SEED_LIMIT = 10, 8  # kb similar --text's list; the lesson page's
SIDES = ("same", "other")


def measure(searcher: Searcher, beir, seeds: int, probes: list[str],  # type: ignore[no-untyped-def]
            repeat: int = 1) -> dict:
    """Every measure of the module docstring on one store."""
    documents = Documents(searcher, beir.qrels)
    searcher.similar_lessons(text=beir.queries[0].text)  # the model and index loaded before anything is timed
    report = {"set": beir.name, "texts": texts(searcher, beir, documents, repeat),
              "seeds": lesson_seeds(searcher, beir, documents, seeds, repeat)}
    if probes:
        report["probes"] = [{"probe": p, "lessons": len(searcher.similar(text=p))} for p in probes]
    return report


class Documents:
    """The store's documents as the judgements name them: language, project, and a first lesson."""

    def __init__(self, searcher: Searcher, qrels: dict[str, dict[str, int]]) -> None:
        rows = searcher.store.conn.execute("SELECT id, key, language, project FROM documents").fetchall()
        resolve = key_resolver([r[1] for r in rows], qrels)
        self.judged_id = {r[1]: resolve(r[1]) for r in rows}
        self.language = {resolve(r[1]): r[2] for r in rows}
        self.project = {resolve(r[1]): r[3] for r in rows}
        by_id = {r[0]: resolve(r[1]) for r in rows}
        kinds = ", ".join(f"'{k}'" for k in PROBLEM_KINDS)
        self.seed: dict[str, int] = {}
        for doc_id, lesson_id in searcher.store.conn.execute(
                f"SELECT document_id, id FROM lessons WHERE review_status != 'hidden'"
                f" ORDER BY document_id, kind NOT IN ({kinds}), position, id"):
            self.seed.setdefault(by_id[doc_id], lesson_id)

    def side(self, doc: str, language: str | None) -> str:
        """"same" or "other": a document's language against a text's (a mixed one is neither's other)."""
        theirs = self.language.get(doc)
        return "other" if {language, theirs} == {"zh", "en"} else "same"

    def listed(self, hits: list) -> list[str]:  # type: ignore[type-arg]
        """The judged ids of the documents a list shows, in the order it first shows them."""
        return list(dict.fromkeys(self.judged_id.get(h.document_key, h.document_key) for h in hits))


def texts(searcher: Searcher, beir, documents: Documents, repeat: int) -> dict:  # type: ignore[no-untyped-def]
    """Each judged query as a similar search's text (module docstring)."""
    rows, took = [], []
    for query in beir.queries:
        hits, ms = _timed(repeat, searcher.similar, text=query.text, limit=TEXT_LIMIT)
        took.append(ms)
        language = _language(query.text)
        listed = documents.listed(hits)
        relevant = {d for d, grade in beir.qrels[query.id].items() if grade > 0 and d in documents.language}
        row = {"language": language, "lessons": len(hits), "ndcg": ndcg(listed, beir.qrels[query.id], 10)}
        # the same-language documents' order alone, judged by the same-language judgements (language_bench's way)
        same = {d: g for d, g in beir.qrels[query.id].items() if documents.side(d, language) == "same"}
        row["ndcg_same"] = ndcg([d for d in listed if documents.side(d, language) == "same"], same, 10)
        for side in SIDES:
            mine = {d for d in relevant if documents.side(d, language) == side}
            row[f"found_{side}"], row[f"held_{side}"] = len(mine & set(listed)), len(mine)
            row[f"listed_{side}"] = sum(documents.side(d, language) == side for d in listed)
        rows.append(row)
    return {"all": _totals(rows), **{lang: _totals([r for r in rows if r["language"] == lang])
                                     for lang in sorted({r["language"] for r in rows})},
            "ms": _percentiles(took)}


def lesson_seeds(searcher: Searcher, beir, documents: Documents, most: int,  # type: ignore[no-untyped-def]
                 repeat: int) -> dict:
    """A lesson of each judged relevant document as the seed, the query's other judged documents as the target."""
    rows, took = [], []
    for query in beir.queries:
        relevant = sorted(d for d, grade in beir.qrels[query.id].items() if grade > 0 and d in documents.seed)
        for doc in relevant[:most]:
            project = documents.project.get(doc)
            targets = [d for d in relevant if d != doc and (project is None or documents.project.get(d) != project)]
            if not targets:
                continue
            hits, ms = _timed(repeat, searcher.similar, lesson_id=documents.seed[doc], limit=SEED_LIMIT)
            took.append(ms)
            listed, language = set(documents.listed(hits)), documents.language.get(doc)
            row = {"language": language or "none", "lessons": len(hits)}
            for side in SIDES:
                mine = {d for d in targets if documents.side(d, language) == side}
                row[f"found_{side}"], row[f"held_{side}"] = len(mine & listed), len(mine)
                row[f"listed_{side}"] = sum(documents.side(d, language) == side for d in listed)
            rows.append(row)
    return {"all": _totals(rows), **{lang: _totals([r for r in rows if r["language"] == lang])
                                     for lang in sorted({r["language"] for r in rows})},
            "ms": _percentiles(took)}


def _timed(repeat: int, call, **options) -> tuple[list, float]:  # type: ignore[no-untyped-def]
    """A call's answer and its median time in ms over ``repeat`` runs."""
    times = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        answer = call(**options)
        times.append((time.perf_counter() - started) * 1000)
    return answer, statistics.median(times)


def _language(text: str) -> str:
    from kb.text import detect_language

    return detect_language(text).value


def _totals(rows: list[dict]) -> dict:
    out = {"count": len(rows), **{key: sum(r[key] for r in rows) for key in
                                  ("lessons", "found_same", "held_same", "found_other", "held_other",
                                   "listed_same", "listed_other")}}
    out["empty"] = sum(not r["lessons"] for r in rows)
    for key in ("ndcg", "ndcg_same"):
        if rows and key in rows[0]:
            out[key] = round(sum(r[key] for r in rows) / len(rows), 4)
    return out


def _percentiles(values: list[float]) -> dict:
    if not values:
        return {"p50": 0.0, "p90": 0.0}
    ordered = sorted(values)
    return {"p50": round(statistics.median(ordered), 1), "p90": round(ordered[int(0.9 * (len(ordered) - 1))], 1)}


def before(checkout: Path) -> dict:
    """This script's report with another checkout's code, from a child process."""
    argv = [a for a in sys.argv[1:] if a != "--json"]
    if "--before" in argv:
        at = argv.index("--before")
        del argv[at:at + 2]
    command = [sys.executable, str(Path(__file__).resolve()), *argv, "--code", str(checkout.resolve()), "--json"]
    log(f"measuring {checkout} in a child process")
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=checkout)
    return json.loads(done.stdout)["now"]


def print_report(reports: dict[str, dict]) -> None:
    names = list(reports)
    first = reports[names[0]]
    print(f"\n### {first['set']}: " + " | ".join(names))
    for measure_name, title in (("texts", "queries as texts (10 lessons)"), ("seeds", "lesson seeds (8 lessons)")):
        print(f"\n{title}\n\n| | {' | '.join(names)} |\n| --- |{' --- |' * len(names)}")
        for group in first[measure_name]:
            if group == "ms":
                continue
            cells = [_cell(reports[n][measure_name].get(group)) for n in names]
            print(f"| {group} ({first[measure_name][group]['count']}) | {' | '.join(cells)} |")
        print(f"| ms p50 / p90 | {' | '.join(_ms(reports[n][measure_name]['ms']) for n in names)} |")
    if "probes" in first:
        listed = {n: [p["lessons"] for p in reports[n]["probes"]] for n in names}
        print("\noff-topic probes: lessons listed " + ", ".join(f"{n} {sum(v)} (largest {max(v, default=0)})"
                                                             for n, v in listed.items()))


def _cell(t: dict | None) -> str:
    if not t:
        return "–"
    ndcg_part = f"nDCG@10 {t['ndcg']:.4f} (same language only {t['ndcg_same']:.4f}); " if "ndcg" in t else ""
    return (f"{ndcg_part}same {t['found_same']}/{t['held_same']} of {t['listed_same']} listed, other "
            f"{t['found_other']}/{t['held_other']} of {t['listed_other']}; {t['lessons']} lessons, {t['empty']} empty")


def _ms(ms: dict) -> str:
    return f"{ms['p50']:.1f} / {ms['p90']:.1f}"


def main() -> None:
    args = arguments(__doc__, _options)
    if args.db is None:
        raise SystemExit("error: give the store with --db (both versions measure the same one)")
    beir, prepared = open_store(args)
    probes = [line.strip() for line in args.probes.read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.lstrip().startswith("#")] if args.probes else []
    try:
        report = measure(Searcher(prepared.index()), beir, args.seeds, probes, args.repeat)
    finally:
        prepared.store.close()
    reports = {"before": before(args.before), "now": report} if args.before else {"now": report}
    if not emit(reports, args):
        print_report(reports)


def _options(parser) -> None:  # type: ignore[no-untyped-def]
    parser.add_argument("--before", type=Path, help="another checkout to measure on the same store, side by side")
    parser.add_argument("--code", type=Path, help="measure this checkout's code (how --before runs its child)")
    parser.add_argument("--seeds", type=int, default=5, help="judged documents of a query used as seeds [5]")
    parser.add_argument("--probes", type=Path, help="off-topic probes, one a line")
    parser.add_argument("--repeat", type=int, default=1, help="time each call this many times (its median) [1]")


if __name__ == "__main__":
    main()
