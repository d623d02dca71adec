"""What saving a published document's lesson correction, and publishing a new upload, cost with a managed folder of
many uploads: the file read alone (``web.contributions.publishing``, now) against the whole managed folder ingested
again (before c-corr), alternated in the same run on the same store.

    KB_THREADS=1 .venv/bin/python benchmarks/correction_save.py [--uploads 400] [--rounds 5] [--out FILE]

The corpus's files are copied into ``uploads/<project>-<n>/`` until there are ``--uploads`` of them; each round
corrects one lesson's kind (alternating, so the file really is read again) and times the store's part of the save,
then puts a new file into the folder and times its first reading (publishing's). The index sync that follows is the
same in both (one document changed) and is not timed here. Then publishing's failure path (l-ingest4): a file that
cannot be stored (its key another file's), replacing a published one or new, and the folder put back as it was: the
whole managed folder ingested again (before) against that file alone (``publishing._put_back``), timed, with the SQL
statements and the files each reads counted. And withdrawing a recorded lesson (l-tags2): a row taken out of a
register of recorded lessons, then the whole managed folder ingested (before: ``registers.ingest_all``) against that
register alone (``registers.reread_register``), counted the same way.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from ingest import PARSERS, ingest
from kb.settings import Settings
from kb.store import Store
from web.contributions.folder import REGISTER_NAME, restore
from web.contributions.publishing import _put_back, reread
from web.contributions.registers import reread_register, rewrite_register

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _fill(uploads: Path, count: int) -> None:
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix.lower() in PARSERS
                   and "eval" not in p.parts and p.name != "README.md")
    for n in range(count):
        source = files[n % len(files)]
        target = uploads / f"{source.parent.name}-{n // len(files)}" / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def _save(store: Store, key: str, path: Path, kind: str, whole_folder: Path | None) -> float:
    text = store.document(key)["lessons"][0]["text"]
    started = time.perf_counter()
    store.set_overrides([key], {"lessons": {"changed": [{"text": text, "kind": kind}], "added": []}}, actor="pat")
    if whole_folder is not None:
        ingest(store, [whole_folder])  # before: registers.ingest_all, the managed folder
    else:
        reread(store, path)
    return time.perf_counter() - started


def _publish(store: Store, uploads: Path, n: int, whole_folder: bool) -> float:
    target = uploads / "published" / f"retro-{n}.md"
    target.parent.mkdir(exist_ok=True)
    target.write_text(f"# Retro {n}\n\n## Lessons learned\n- Book the cranes {n} weeks ahead.\n", encoding="utf-8")
    started = time.perf_counter()
    if whole_folder:
        ingest(store, [uploads])  # before: the managed folder
    else:
        ingest(store, [target], roots={str(target): str(uploads)})
    elapsed = time.perf_counter() - started
    assert store.scalar("SELECT count(*) FROM documents WHERE key = ?", [f"published/retro-{n}.md"]) == 1
    return elapsed


def _publish_fails(store: Store, uploads: Path, target: Path, whole_folder: bool) -> tuple[float, int, int]:
    """A publication whose file cannot be stored, then the folder and store put back: seconds, SQL statements and
    files read by the putting back (replacing ``target`` when it exists, else a new file)."""
    previous = target.read_bytes() if target.exists() else None
    target.parent.mkdir(exist_ok=True)
    target.write_text("---\nid: published/retro-0.md\n---\n# Taken\n\n## Lessons\n- A key another file holds.\n",
                      encoding="utf-8")
    failed = ingest(store, [target], roots={str(target): str(uploads)})
    assert failed.errors, "the publication was meant to fail"
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    started = time.perf_counter()
    if whole_folder:
        restore(target, previous)
        files = ingest(store, [uploads]).files  # before: registers.ingest_all, the managed folder
    else:
        _put_back(store, target, previous, uploads)
        files = int(previous is not None)
    elapsed = time.perf_counter() - started
    store.conn.set_trace_callback(None)
    assert (target.read_bytes() if target.exists() else None) == previous
    return elapsed, len(statements), files


def _failures(store: Store, uploads: Path, replaced: Path, rounds: int) -> dict[str, list[tuple[float, int, int]]]:
    out: dict[str, list[tuple[float, int, int]]] = {}
    for n in range(rounds):
        for whole, label in ((True, "whole folder (before)"), (False, "that file (now)")):
            out.setdefault(f"fails, replacing: {label}", []).append(_publish_fails(store, uploads, replaced, whole))
            new = uploads / "published" / f"new-{n}-{int(whole)}.md"
            out.setdefault(f"fails, new file: {label}", []).append(_publish_fails(store, uploads, new, whole))
    return out


def _withdraw(store: Store, uploads: Path, n: int, whole_folder: bool) -> tuple[float, int, int]:
    """A recorded lesson withdrawn from a register that keeps another row: seconds, SQL statements, files read."""
    register = uploads / "published" / REGISTER_NAME
    register.parent.mkdir(exist_ok=True)
    for row_id in ("kept", f"web-{n}"):
        rewrite_register(register, row_id, {"id": row_id, "title": f"Row {row_id}", "lesson": f"Book cranes ({row_id})."})
    ingest(store, [register], roots={str(register): str(uploads)})
    rewrite_register(register, f"web-{n}", None)
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    started = time.perf_counter()
    if whole_folder:
        files = ingest(store, [uploads]).files
    else:
        files = reread_register(store, Settings(db=uploads.parent / "kb.db"), register).files
    elapsed = time.perf_counter() - started
    store.conn.set_trace_callback(None)
    assert store.scalar("SELECT count(*) FROM documents WHERE key LIKE ?", [f"%#web-{n}"]) == 0
    return elapsed, len(statements), files


def _withdrawals(store: Store, uploads: Path, rounds: int) -> dict[str, list[tuple[float, int, int]]]:
    out: dict[str, list[tuple[float, int, int]]] = {}
    for n in range(rounds):
        for whole, label in ((True, "whole folder (before)"), (False, "that register (now)")):
            out.setdefault(f"withdraw: {label}", []).append(_withdraw(store, uploads, 2 * n + whole, whole))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uploads", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        uploads = Path(tmp) / "uploads"
        _fill(uploads, args.uploads)
        with Store(Path(tmp) / "kb.db") as store:
            started = time.perf_counter()
            report = ingest(store, [uploads])
            print(f"{report.files} files, {report.documents} documents ingested in {time.perf_counter() - started:.1f} s")
            row = store.row("SELECT d.key, s.path FROM documents d JOIN sources s ON s.id = d.source_id WHERE"
                            " EXISTS (SELECT 1 FROM lessons l WHERE l.document_id = d.id) ORDER BY d.id LIMIT 1")
            times: dict[str, list[float]] = {"whole folder (before)": [], "that file (now)": [],
                                             "publish: whole folder (before)": [], "publish: that file (now)": []}
            for n in range(args.rounds):
                kind = "root_cause" if n % 2 else "action_item"
                times["whole folder (before)"].append(_save(store, row["key"], Path(row["path"]), kind, uploads))
                kind = "recommendation" if n % 2 else "went_well"
                times["that file (now)"].append(_save(store, row["key"], Path(row["path"]), kind, None))
                times["publish: whole folder (before)"].append(_publish(store, uploads, 2 * n, True))
                times["publish: that file (now)"].append(_publish(store, uploads, 2 * n + 1, False))
            failures = _failures(store, uploads, Path(row["path"]), args.rounds)
            withdrawals = _withdrawals(store, uploads, args.rounds)
    out = {"uploads": args.uploads, "files": report.files, "documents": report.documents, "rounds": args.rounds,
           "seconds": {name: [round(t, 4) for t in ts] for name, ts in times.items()},
           "median": {name: round(statistics.median(ts), 4) for name, ts in times.items()},
           "failure_path": {name: {"median_seconds": round(statistics.median(r[0] for r in rs), 4),
                                   "statements": [r[1] for r in rs], "files_read": [r[2] for r in rs]}
                            for name, rs in failures.items()},
           "withdraw_recorded": {name: {"median_seconds": round(statistics.median(r[0] for r in rs), 4),
                                        "statements": [r[1] for r in rs], "files_read": [r[2] for r in rs]}
                                 for name, rs in withdrawals.items()}}
    for name, ts in times.items():
        print(f"{name:32} median {statistics.median(ts) * 1000:8.1f} ms  ({', '.join(f'{t * 1000:.0f}' for t in ts)})")
    for name, rs in {**failures, **withdrawals}.items():
        print(f"{name:40} median {statistics.median(r[0] for r in rs) * 1000:8.1f} ms, "
              f"{statistics.median(r[1] for r in rs):,.0f} statements, {statistics.median(r[2] for r in rs):,.0f} files")
    if args.out:
        args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
