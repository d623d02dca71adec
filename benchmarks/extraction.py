"""Lesson extraction on real documents: precision and recall of lessons against annotations made by reading them.

    .venv/bin/python benchmarks/extraction.py [--split dev|dev2|held|...|held53|tuned|all] [--mirror /work/.mirror]
                                              [--out benchmarks/results/extraction.json] [--docs]

The documents and their sources are listed in benchmarks/extraction/sources.json (see SOURCES.md): the ones whose
licence allows it are stored in benchmarks/extraction/docs/, the others are read from a local git mirror of their
repository (`--mirror`, layout `owner+name/repo`) and counted as unavailable when it is missing. Eight documents are
benchmarked as Word, PowerPoint or PDF files converted from Markdown (benchmarks/extraction_convert.py); a format
without a registered parser is skipped with a note.

Each document goes through the parser for its extension, exactly as `kb ingest` would parse it (the file's
original repository path is its key, so folder names count). Extracted lessons are matched one-to-one to the
annotated ones by text: character-bigram sets of both texts (letters and digits only, lower case); a pair
matches when at least 70% of the annotation's bigrams are in the lesson and they are at least 12% of the lesson's
(so an annotation matches its lesson with sub-items attached, but not a whole section swallowed as one "lesson").
Pairs are taken best first. Precision = matched / extracted, recall = matched / annotated; per kind, precision
counts extracted lessons of that kind and recall annotated ones of that kind (a match of the wrong kind counts for
neither; the kind agreement of matched pairs is reported apart). Unmatched extracted lessons are sorted into junk
classes by what they look like.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.extraction_convert import convert
from ingest.parsers import PARSERS
from ingest.source import RawFile
from kb.errors import IngestError

DATA = ROOT / "benchmarks" / "extraction"
SPLITS = ("dev", "dev2", "held", "held2", "held3", "held4", "held5", "held6", "held7", "held8", "held9", "held10", "held11",
          "held12", "held13", "held14", "held15", "held16", "held17", "held18", "held19", "held20", "held21", "held22",
          "held23", "held24", "held25", "held26", "held27", "held28", "held29", "held30", "held31",
          "held32", "held33", "held34", "held35", "held36", "held37", "held38", "held39", "held40", "held41", "held42", "held43",
          "held44", "held45", "held46", "held47", "held48", "held49", "held50", "held51", "held52", "held53")
# Sets kept unseen to judge the next general extraction change, and any added after them: "--split tuned" runs every
# split but these.
FIRST_FROZEN = 53
KINDS = ["went_well", "went_wrong", "lesson", "recommendation", "action_item", "root_cause"]
COVER, DENSITY = 0.70, 0.12


@dataclass
class DocResult:
    """What the extractor made of one document."""

    id: str
    language: str
    split: str
    format: str
    status: str  # "ok", "unavailable", "skipped: ...", "error: ..."
    expected_type: list[str] | None = None
    got_type: str | None = None
    got_language: str | None = None
    annotated: list[dict] = field(default_factory=list)
    extracted: list[dict] = field(default_factory=list)
    matches: list[tuple[int, int]] = field(default_factory=list)  # (annotated index, extracted index)


def frozen(split: str) -> bool:
    """Whether a split is kept unseen (held53 and any later one; held30 and held31 judged, then studied by e-gen12en and
    e-gen12zh; held32 judged on 90e451c, held33 on 8f1da6d, held34 on 29148cb, held35 on 8cd728e, held36 on 09bb2ac,
    held37 on 6338400, held38 on 54ab918, held39 on fe39c2f, held40 on bb4d753, held41 on adcc0de, held42 on 5072436, held43 on f1af1b5, held44 on 65b822d, held45 on c284783, held46 on 471aea9, held47 on e5dffe5, held48 on d6f51b4, held49 on c2758e8, held50 on 64503fc, held51 on 4863719, held52 on ae93a9a)."""
    numbered = re.fullmatch(r"held(\d+)", split)
    return bool(numbered) and int(numbered.group(1)) >= FIRST_FROZEN


def queued(split: str) -> bool:
    """Whether a frozen split waits behind the next judge (held{FIRST_FROZEN}): it is not run by name until that set is
    judged and FIRST_FROZEN moves on to it, so each set judges one general change, in turn."""
    numbered = re.fullmatch(r"held(\d+)", split)
    return bool(numbered) and int(numbered.group(1)) > FIRST_FROZEN


def bigrams(text: str) -> set[str]:
    """Character bigrams of a text's letters and digits, lower case (works for Chinese and English alike)."""
    norm = unicodedata.normalize("NFKC", text).lower()
    chars = [ch for ch in norm if ch.isalnum()]
    return {chars[i] + chars[i + 1] for i in range(len(chars) - 1)} or set(chars)


# A sentence's end: what the opening of a lesson runs to (``--match opening``).
_SENTENCE_END = re.compile(r"[。！？!?\n]|\.(\s|$)")
# Under ``--match opening`` the annotation must still be this share of the whole lesson's bigrams: a long section
# taken as one lesson is not matched by its first sentence.
OPENING_DENSITY = 0.04


def first_sentence(text: str) -> str:
    """A text up to the end of its first sentence (all of it when it has one)."""
    end = _SENTENCE_END.search(text.strip())
    return text.strip()[:end.end()] if end else text.strip()


def match(annotated: list[dict], extracted: list[dict], opening: bool = False) -> list[tuple[int, int]]:
    """One-to-one matches (annotated index, extracted index), best pairs first. ``opening``: a pair also matches when
    the annotation matches the lesson's first sentence by the same bounds (an annotation of a paragraph's opening
    words, the paragraph extracted whole: the lesson is the annotated one with its explanation)."""
    ann = [bigrams(a["text"]) for a in annotated]
    ext = [bigrams(e["text"]) for e in extracted]
    heads = [bigrams(first_sentence(e["text"])) for e in extracted] if opening else [set()] * len(extracted)
    pairs = []
    for i, a in enumerate(ann):
        for j, e in enumerate(ext):
            if not a or not e:
                continue
            common = len(a & e)
            cover, density = common / len(a), common / len(e)
            head = heads[j]
            if cover >= COVER and density >= DENSITY:
                pairs.append((cover + density, i, j))
            elif head and len(a & head) >= COVER * len(a) and len(a & head) >= DENSITY * len(head) \
                    and density >= OPENING_DENSITY:
                pairs.append((len(a & head) / len(a) + density, i, j))
    pairs.sort(reverse=True)
    used_a, used_e, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_a and j not in used_e:
            used_a.add(i)
            used_e.add(j)
            out.append((i, j))
    return out


_CODE = re.compile(r"(^\s*[$#>]\s|[{};]\s*$|\b(sudo|kubectl|docker|git|curl|npm|pip|cd|cat|grep|SELECT|def|return|"
                   r"import|const|function)\b.*[-/=|]|[=(){}<>]{2,}|^\s*[\[{].*[\]}]\s*$|`{3})", re.IGNORECASE)
_LOG = re.compile(r"^\s*\[?\d{1,2}:\d{2}(:\d{2})?\s*(AM|PM)?\]?|^\s*\[\s*\d+\.\d+\]|\b(ERROR|WARN|INFO|DEBUG)\b"
                  r"|^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_TEMPLATE = re.compile(r"\{\{.*\}\}|\[[^\]]{3,}\]\s*$|<[^>]{2,}>|^[^：:]{1,20}[：:]\s*$|\b(TBD|TODO|N/A|XXX)\b"
                       r"|行动项\s*\d|Item \d|\[(List|Describe|Insert|Example)\b|^_?\(.*\)_?$", re.IGNORECASE)
_SIGNOFF = re.compile(r"@\w+\.\w+|^(所属)?部门[：:]|^整理人|^日期[：:]|^(prepared|written|signed|approved) by"
                      r"|^(thanks|regards|cheers)\b|^译者|^translat|^(本文|原文)(作者|链接|地址)|^(作者|author)[：:]",
                      re.IGNORECASE)
_TABLE = re.compile(r"^\s*\|.*\|\s*$|(\s\|\s.*){3,}")


def junk_class(text: str) -> str:
    """What an extracted text that matches no annotated lesson looks like."""
    stripped = text.strip()
    if _LOG.search(stripped):
        return "log"
    if _CODE.search(stripped):
        return "code"
    if _SIGNOFF.search(stripped):
        return "metadata/sign-off"
    if _TEMPLATE.search(stripped):
        return "template"
    if _TABLE.search(stripped):
        return "table markup"
    if len(bigrams(stripped)) < 4:
        return "fragment"
    return "other"


def source_bytes(doc: dict, mirror: Path) -> bytes | None:
    """A document's original bytes: stored in the repository, or from a local git mirror of its repository."""
    if doc["stored"]:
        return (DATA / "docs" / doc["file"]).read_bytes()
    git_dir = mirror / doc["repo"].replace("/", "+") / "repo"
    if (git_dir / ".git").is_dir():  # some mirrors are a checkout with its .git inside
        git_dir = git_dir / ".git"
    if not git_dir.is_dir():
        return None
    done = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{doc['commit']}:{doc['path']}"],
                          capture_output=True, check=False)
    return done.stdout if done.returncode == 0 else None


def document_file(doc: dict, mirror: Path) -> tuple[bytes | None, str, str]:
    """The bytes to parse, the key (original path, extension of the benchmarked format) and the format."""
    original = Path(doc["path"])
    target = doc.get("convert_to")
    if not target:
        return source_bytes(doc, mirror), doc["path"], original.suffix.lower()
    key = str(original.with_suffix("." + target))
    stored = DATA / "docs" / (Path(doc["file"]).stem + "." + target)
    if doc["stored"] and stored.exists():
        return stored.read_bytes(), key, "." + target
    data = source_bytes(doc, mirror)
    if data is None:
        return None, key, "." + target
    title = Path(doc["path"]).stem
    return convert(data.decode("utf-8-sig"), target, title), key, "." + target


def run_doc(doc: dict, mirror: Path, opening: bool = False) -> DocResult:
    """Parse one document and match its lessons to its annotation."""
    ann = json.loads((DATA / "annotations" / f"{doc['id']}.json").read_text(encoding="utf-8"))
    expected = ann["doc_type"]
    result = DocResult(doc["id"], doc["language"], doc["split"], doc.get("convert_to") or Path(doc["path"]).suffix,
                       "ok", expected_type=[expected] if isinstance(expected, str) else expected,
                       annotated=ann["lessons"])
    data, key, suffix = document_file(doc, mirror)
    if data is None:
        result.status = "unavailable"
        return result
    if suffix not in PARSERS:
        result.status = f"skipped: no parser for {suffix}"
        return result
    try:
        parsed = PARSERS[suffix](RawFile(data=data, default_key=key))
    except IngestError as exc:
        result.status = f"error: {exc}"
        return result
    documents = parsed.documents
    result.got_type = documents[0].doc_type.value if documents else None
    result.got_language = documents[0].language.value if documents else None
    result.extracted = [{"kind": lesson.kind.value, "text": lesson.text} for d in documents for lesson in d.lessons]
    result.matches = match(result.annotated, result.extracted, opening)
    return result


def ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def summarise(results: list[DocResult]) -> dict:
    """Precision, recall, per kind, kind agreement, document-type accuracy and junk classes of some documents."""
    ok = [r for r in results if r.status == "ok"]
    n_ann = sum(len(r.annotated) for r in ok)
    n_ext = sum(len(r.extracted) for r in ok)
    n_match = sum(len(r.matches) for r in ok)
    kinds: dict[str, dict[str, int]] = {k: Counter() for k in KINDS}
    agree = 0
    junk: Counter[str] = Counter()
    for r in ok:
        for a in r.annotated:
            kinds[a["kind"]]["annotated"] += 1
        for e in r.extracted:
            kinds[e["kind"]]["extracted"] += 1
        matched_ext = set()
        for i, j in r.matches:
            matched_ext.add(j)
            if r.annotated[i]["kind"] == r.extracted[j]["kind"]:
                agree += 1
                kinds[r.annotated[i]["kind"]]["matched"] += 1
        for j, e in enumerate(r.extracted):
            if j not in matched_ext:
                junk[junk_class(e["text"])] += 1
    typed = [r for r in ok if r.expected_type]
    type_ok = sum(1 for r in typed if r.got_type in r.expected_type)
    return {
        "documents": len(results), "parsed": len(ok),
        "not_parsed": {r.id: r.status for r in results if r.status != "ok"},
        "annotated": n_ann, "extracted": n_ext, "matched": n_match,
        "precision": ratio(n_match, n_ext), "recall": ratio(n_match, n_ann),
        "kind_agreement": ratio(agree, n_match),
        "per_kind": {k: {"annotated": v["annotated"], "extracted": v["extracted"],
                         "precision": ratio(v["matched"], v["extracted"]), "recall": ratio(v["matched"], v["annotated"])}
                     for k, v in kinds.items()},
        "doc_type_accuracy": ratio(type_ok, len(typed)), "doc_types_scored": len(typed),
        "junk": dict(junk.most_common()),
    }


def report(results: list[DocResult]) -> dict:
    """Summaries per split and language."""
    out: dict = {}
    for split in (*SPLITS, "tuned", "all"):
        chosen = [r for r in results if split == "all" or r.split == split or split == "tuned" and not frozen(r.split)]
        out[split] = {lang: summarise([r for r in chosen if lang == "all" or r.language == lang])
                      for lang in ("en", "zh", "all")}
    return out


def print_table(summary: dict, split: str) -> None:
    print(f"\n== {split} ==")
    print(f"{'lang':<5}{'docs':>5}{'ann':>6}{'ext':>6}{'match':>7}{'P':>7}{'R':>7}{'kind':>7}{'type':>7}  junk")
    for lang, s in summary[split].items():
        print(f"{lang:<5}{s['parsed']:>5}{s['annotated']:>6}{s['extracted']:>6}{s['matched']:>7}"
              f"{_f(s['precision'])}{_f(s['recall'])}{_f(s['kind_agreement'])}{_f(s['doc_type_accuracy'])}  "
              f"{', '.join(f'{k} {v}' for k, v in s['junk'].items())}")
    kinds = summary[split]["all"]["per_kind"]
    print("per kind (all languages): " + "; ".join(
        f"{k} P {_f(v['precision']).strip()} R {_f(v['recall']).strip()} ({v['annotated']}/{v['extracted']})"
        for k, v in kinds.items()))
    skipped = summary[split]["all"]["not_parsed"]
    if skipped:
        print("not parsed: " + "; ".join(f"{k} ({v})" for k, v in skipped.items()))


def _f(value: float | None) -> str:
    return f"{value:>7.2f}" if value is not None else f"{'-':>7}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=[*SPLITS, "tuned", "all"], default="tuned",
                        help="run only this split's documents (a held-back split is run once, after the rules are frozen);"
                             " 'tuned', the default: every split but the frozen ones (held53 and later; held30 to held52 were judged, then studied);"
                             " 'all': every split, refused while one is frozen")
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--docs", action="store_true", help="print one line per document")
    parser.add_argument("--match", choices=["strict", "opening"], default="strict",
                        help="'opening': an annotation also matches a lesson whose first sentence it matches (a "
                             "paragraph extracted whole, its opening words annotated); figures are not comparable "
                             "with 'strict' ones")
    args = parser.parse_args()
    if args.split == "all" and any(frozen(s) for s in SPLITS):  # the default was "all": a run without --split
        parser.error(f"'all' would run {', '.join(s for s in SPLITS if frozen(s))}, frozen until judged once: "  # judged
                     "use --split tuned (every other split), or name the frozen split to judge it")  # the next set unseen
    if queued(args.split):
        parser.error(f"{args.split} is frozen behind held{FIRST_FROZEN}, the next judge: it is run once, after "
                     f"held{FIRST_FROZEN} is judged and FIRST_FROZEN moves on")
    sources = json.loads((DATA / "sources.json").read_text(encoding="utf-8"))
    stored = {doc["id"] for doc in sources if doc["stored"]}
    start = time.perf_counter()
    chosen = [doc for doc in sources if args.split == "all" or doc["split"] == args.split
              or args.split == "tuned" and not frozen(doc["split"])]
    results = [run_doc(doc, args.mirror, args.match == "opening") for doc in chosen]
    summary = report(results)
    shown = {"all": (*SPLITS, "all"), "tuned": (*(s for s in SPLITS if not frozen(s)), "tuned")}
    for split in shown.get(args.split, (args.split,)):
        print_table(summary, split)
    if args.docs:
        print("\nid | split | format | annotated / extracted / matched | type expected -> got | language")
        for r in results:
            if args.split not in ("all", "tuned") and r.split != args.split:
                continue
            print(f"{r.id} | {r.split} | {r.format} | {len(r.annotated)} / {len(r.extracted)} / {len(r.matches)} | "
                  f"{r.expected_type} -> {r.got_type} | {r.got_language} | {r.status}")
    print(f"\n{len(results)} documents in {time.perf_counter() - start:.1f} s")
    if args.out:
        args.out.write_text(json.dumps({"summary": summary, "documents": [
            {"id": r.id, "split": r.split, "language": r.language, "format": r.format, "status": r.status,
             "expected_type": r.expected_type, "type": r.got_type, "detected_language": r.got_language,
             "annotated": len(r.annotated),
             # Texts only of the documents whose licence lets them be stored here; of the others, only kinds.
             "extracted": r.extracted if r.id in stored else [{"kind": e["kind"]} for e in r.extracted],
             "matches": r.matches} for r in results]},
            ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
