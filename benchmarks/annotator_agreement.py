"""How far two readers' annotations of the same documents agree, scored as the extraction benchmark scores the extractor.

    .venv/bin/python benchmarks/annotator_agreement.py --split held29 --second benchmarks/extraction/agreement/held29-b
                                                       [--first benchmarks/extraction/annotations] [--docs]
                                                       [--disagreements] [--extractor] [--json out.json]

The first folder's annotation (default: the benchmark's own, benchmarks/extraction/annotations) is the truth and the
second's lessons stand where the extractor's would: they are matched one-to-one with exactly the benchmark's matcher
(``benchmarks.extraction.match``, strict: 70% of an annotation's bigrams in the lesson, making at least 12% of it, best
pairs first). P = matched / second, R = matched / first; "kind" is the share of matched pairs of the same kind; "type"
the share of documents whose types agree (either annotation may list several types: they agree when the lists share
one). The matcher is not symmetric (cover is measured on the truth, density on the other text), so the same is
printed with the two folders swapped. ``--extractor`` also scores the extractor (each document parsed as
benchmarks/extraction.py parses it) against each reader, so the part of its figures that depends on who annotated shows.
A frozen split's annotations are not read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.extraction import DATA, SPLITS, frozen, match, ratio, run_doc


@dataclass(frozen=True)
class Pairing:
    """One document's two annotations, the first taken as the truth, and their matches (first index, second index)."""

    id: str
    language: str
    first: dict
    second: dict
    matches: list[tuple[int, int]]

    @property
    def kinds_agree(self) -> int:
        return sum(1 for i, j in self.matches
                   if self.first["lessons"][i]["kind"] == self.second["lessons"][j]["kind"])

    @property
    def types_agree(self) -> bool:
        return bool(_types(self.first) & _types(self.second))


def _types(annotation: dict) -> set[str]:
    doc_type = annotation["doc_type"]
    return {doc_type} if isinstance(doc_type, str) else set(doc_type)


def pair(doc_id: str, language: str, first: dict, second: dict) -> Pairing:
    """Match a document's second annotation against its first, as the benchmark matches extracted lessons."""
    return Pairing(doc_id, language, first, second, match(first["lessons"], second["lessons"]))


def read_pairs(docs: list[dict], first: Path, second: Path) -> tuple[list[Pairing], list[str]]:
    """The documents annotated in both folders, paired (first as truth), and the ids missing from either folder."""
    pairs, absent = [], []
    for doc in docs:
        paths = first / f"{doc['id']}.json", second / f"{doc['id']}.json"
        if not all(p.exists() for p in paths):
            absent.append(doc["id"])
            continue
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in paths)
        pairs.append(pair(doc["id"], doc["language"], a, b))
    return pairs, absent


def summarise(pairs: list[Pairing]) -> dict:
    """Counts, P, R, kind agreement among matched pairs and document-type agreement of some documents."""
    n_first = sum(len(p.first["lessons"]) for p in pairs)
    n_second = sum(len(p.second["lessons"]) for p in pairs)
    matched = sum(len(p.matches) for p in pairs)
    return {"documents": len(pairs), "first": n_first, "second": n_second, "matched": matched,
            "precision": ratio(matched, n_second), "recall": ratio(matched, n_first),
            "kind_agreement": ratio(sum(p.kinds_agree for p in pairs), matched),
            "type_agreement": ratio(sum(p.types_agree for p in pairs), len(pairs))}


def by_language(pairs: list[Pairing]) -> dict:
    """Summaries for English, Chinese and both."""
    return {lang: summarise([p for p in pairs if lang == "all" or p.language == lang]) for lang in ("en", "zh", "all")}


def swapped(pairs: list[Pairing]) -> list[Pairing]:
    """The same documents with the second annotation taken as the truth."""
    return [pair(p.id, p.language, p.second, p.first) for p in pairs]


def agreement(docs: list[dict], first: Path, second: Path) -> dict:
    """Both directions, per language and per document, for the documents annotated in both folders."""
    pairs, absent = read_pairs(docs, first, second)
    return {"first_as_truth": by_language(pairs), "second_as_truth": by_language(swapped(pairs)),
            "documents": [{"id": p.id, "language": p.language, "first": len(p.first["lessons"]),
                           "second": len(p.second["lessons"]), "matched": len(p.matches),
                           "kinds_agree": p.kinds_agree, "matched_second_as_truth": len(q.matches),
                           "first_type": p.first["doc_type"], "second_type": p.second["doc_type"],
                           "types_agree": p.types_agree}
                          for p, q in zip(pairs, swapped(pairs), strict=True)],
            "not_in_both": absent}


def extractor_scores(docs: list[dict], folders: dict[str, Path], mirror: Path) -> dict:
    """The extractor's P and R per language against each folder's annotation, on the documents it parsed."""
    counts: dict[str, dict[str, Counter]] = {name: {} for name in folders}
    for doc in docs:
        result = run_doc(doc, mirror) if _annotated(doc, folders) else None
        if result is None or result.status != "ok":
            continue
        for name, folder in folders.items():
            lessons = json.loads((folder / f"{doc['id']}.json").read_text(encoding="utf-8"))["lessons"]
            found = len(match(lessons, result.extracted))
            for lang in (doc["language"], "all"):
                counts[name].setdefault(lang, Counter()).update(
                    documents=1, annotated=len(lessons), extracted=len(result.extracted), matched=found)
    return {name: {lang: {**c, "precision": ratio(c["matched"], c["extracted"]),
                          "recall": ratio(c["matched"], c["annotated"])} for lang, c in by_lang.items()}
            for name, by_lang in counts.items()}


def _annotated(doc: dict, folders: dict[str, Path]) -> bool:
    return all((folder / f"{doc['id']}.json").exists() for folder in folders.values())


def _f(value: float | None) -> str:
    return f"{value:>7.2f}" if value is not None else f"{'-':>7}"


def print_table(title: str, summary: dict) -> None:
    print(f"\n== {title} ==")
    print(f"{'lang':<5}{'docs':>5}{'truth':>7}{'other':>7}{'match':>7}{'P':>7}{'R':>7}{'kind':>7}{'type':>7}")
    for lang, s in summary.items():
        print(f"{lang:<5}{s['documents']:>5}{s['first']:>7}{s['second']:>7}{s['matched']:>7}{_f(s['precision'])}"
              f"{_f(s['recall'])}{_f(s['kind_agreement'])}{_f(s['type_agreement'])}")


def print_disagreements(pairs: list[Pairing]) -> None:
    """Every lesson only one reader took, and every matched pair of two kinds, per document."""
    for p in pairs:
        first_matched = {i for i, _ in p.matches}
        second_matched = {j for _, j in p.matches}
        print(f"\n# {p.id}  types {p.first['doc_type']} / {p.second['doc_type']}")
        for i, lesson in enumerate(p.first["lessons"]):
            if i not in first_matched:
                print(f"  first only  | {lesson['kind']} | {lesson['text']}")
        for j, lesson in enumerate(p.second["lessons"]):
            if j not in second_matched:
                print(f"  second only | {lesson['kind']} | {lesson['text']}")
        for i, j in p.matches:
            a, b = p.first["lessons"][i], p.second["lessons"][j]
            if a["kind"] != b["kind"]:
                print(f"  kinds       | {a['kind']} / {b['kind']} | {a['text']}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=SPLITS, required=True)
    parser.add_argument("--second", type=Path, required=True, help="the other reader's annotation folder")
    parser.add_argument("--first", type=Path, default=DATA / "annotations", help="the annotation taken as the truth")
    parser.add_argument("--sources", type=Path, default=DATA / "sources.json")
    parser.add_argument("--docs", action="store_true", help="print one line per document")
    parser.add_argument("--disagreements", action="store_true", help="print every lesson only one reader took")
    parser.add_argument("--extractor", action="store_true", help="also score the extractor against each reader")
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if frozen(args.split):
        parser.error(f"{args.split} is frozen: its annotations are not read before its one run")
    docs = [d for d in json.loads(args.sources.read_text(encoding="utf-8")) if d["split"] == args.split]
    result = agreement(docs, args.first, args.second)
    print_table(f"{args.split}: {args.first.name} as truth, {args.second.name} scored", result["first_as_truth"])
    print_table(f"{args.split}: {args.second.name} as truth, {args.first.name} scored", result["second_as_truth"])
    if args.docs:
        print_documents(result["documents"])
    if args.disagreements:
        print_disagreements(read_pairs(docs, args.first, args.second)[0])
    if args.extractor:
        result["extractor"] = extractor_scores(docs, {"first": args.first, "second": args.second}, args.mirror)
        print_extractor(result["extractor"], args.first.name, args.second.name)
    if result["not_in_both"]:
        print(f"\nnot annotated in both folders: {', '.join(result['not_in_both'])}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


def print_extractor(scores: dict, first: str, second: str) -> None:
    print("\n== the extractor against each reader ==")
    print(f"{'lang':<5}{'docs':>5}{'ext':>6}{'truth':>7}{'match':>7}{'P':>7}{'R':>7}  truth")
    for name, label in (("first", first), ("second", second)):
        for lang in [lang for lang in ("en", "zh", "all") if lang in scores[name]]:
            c = scores[name][lang]
            print(f"{lang:<5}{c['documents']:>5}{c['extracted']:>6}{c['annotated']:>7}{c['matched']:>7}"
                  f"{_f(c['precision'])}{_f(c['recall'])}  {label}")


def print_documents(rows: list[dict]) -> None:
    print("\nid | first / second / matched (swapped) | kinds agree | types first / second")
    for r in rows:
        print(f"{r['id']} | {r['first']} / {r['second']} / {r['matched']} ({r['matched_second_as_truth']}) | "
              f"{r['kinds_agree']} | {r['first_type']} / {r['second_type']}")


if __name__ == "__main__":
    sys.exit(main())
