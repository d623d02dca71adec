"""The ingest run: discover files, skip unchanged ones by hash, parse the rest, store each file atomically."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ingest.discovery import Found, discover, with_folder_projects
from ingest.file_names import as_text, name_text, on_disk
from ingest.parsers import PARSERS
from ingest.reading import read_inside
from ingest.source import RawFile
from kb.disk import unwritten
from kb.display import human_bytes
from kb.errors import EmptyFile, IngestError, InvalidInput, OutsideFolder
from kb.models import ParseResult, ParseWarning
from kb.parser_version import PARSER_VERSION
from kb.store import SourceInfo, Store


class Progress(Protocol):
    """What the pipeline needs of a progress bar."""

    def update(self, n: int = 1) -> Any: ...
    def set_postfix_str(self, s: str) -> Any: ...
    def close(self) -> Any: ...


@dataclass
class Problem:
    """A file that failed, or a warning about one."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class IngestReport:
    """What an ingest run did. Counts of added/updated/unchanged/failed are files; removed are documents."""

    run_id: int
    files: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    removed: int = 0
    documents: int = 0  # documents in the files seen (registers hold one per row)
    seconds: float = 0.0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # stored files that are gone (removed with --prune)
    skipped: list[Problem] = field(default_factory=list)  # files and folders not ingested, and why
    changed: bool = False  # whether anything in the store changed
    named: frozenset[str] = frozenset()  # the files given by name (as_text of the absolute path), not in a folder

    def refused(self) -> list[Problem]:
        """The files given by name that were not ingested (a kind kb does not read, empty): asked for by name, they
        are errors, where in a folder they are passed over as warnings."""
        return [problem for problem in self.skipped if problem.path in self.named]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        return {
            "run_id": self.run_id, "files": self.files, "added": self.added, "updated": self.updated,
            "unchanged": self.unchanged, "failed": self.failed, "removed": self.removed,
            "documents": self.documents, "seconds": round(self.seconds, 3),
            "errors": [vars(p) for p in self.errors], "warnings": [vars(p) for p in self.warnings],
            "stale": self.stale, "skipped": [vars(p) for p in self.skipped],
        }


def ingest(store: Store, paths: list[Path], *, max_file_mb: float = 20.0, prune: bool = False,
           column_map: dict[str, str] | None = None,
           progress: Callable[[int], Progress] | None = None, roots: dict[str, str] | None = None,
           project_from_folder: bool = False) -> IngestReport:
    """Ingest files and folders into the store.

    Unchanged files (same content hash and parser options) are only hashed. A changed file is parsed
    and replaces its documents in one transaction. A file that cannot be read or parsed is recorded as
    an error and skipped; what was stored before stays. With ``prune``, stored files below the given
    folders that were not found are removed. A file given alone is keyed from the folder it was stored from before,
    else from ``roots`` (path -> folder: a file just put into a folder that holds many, read alone), else from the
    folder it is in. With ``project_from_folder``, a document that names no project gets its first folder's
    (``discovery.with_folder_projects``).
    """
    started = time.perf_counter()
    column_map = column_map or {}
    report = IngestReport(run_id=store.start_run([as_text(p) for p in paths]),
                          named=frozenset(as_text(os.path.abspath(p)) for p in paths if Path(p).is_file()))
    known = {**(roots or {}), **{r["path"]: r["root"] for r in store.rows("SELECT path, root FROM sources")}}
    found = discover(paths, set(PARSERS), known)
    if project_from_folder:
        found.files = with_folder_projects(found.files)
    for where, message in found.problems:
        _problem(store, report, as_text(where), message, warning=message.startswith("ignored"))
    for where, message in found.skipped:
        _not_ingested(store, report, as_text(where), message)
    bar = progress(len(found.files)) if progress else None
    seen: list[int] = []
    try:
        for item in found.files:
            named = bar is not None and _say_reading(bar, item)
            _ingest_file(store, report, item, max_file_mb, column_map, seen)
            if bar is not None:
                if named:
                    bar.set_postfix_str("")
                bar.update(1)
    except KeyboardInterrupt:  # Ctrl-C: the files read so far are stored whole; the run says it did not finish
        _finish(store, report, started, "interrupted")
        raise
    except (OSError, sqlite3.Error) as exc:  # a full disk: the run says so, where it stayed "running"
        _stop(store, report, exc)
        raise
    finally:
        if bar is not None:
            bar.close()
    if seen:
        with store.transaction():
            store.conn.executemany("UPDATE sources SET last_seen_run = ? WHERE id = ?",
                                   [(report.run_id, i) for i in seen])
    _stale(store, report, [Path(p).absolute() for p in paths if Path(p).is_dir()], prune)
    _finish(store, report, started, "failed" if report.failed else "finished")
    return report


LONG_READ_BYTES = 1 << 20  # a file this large takes seconds (llis.jsonl, 8.8 MB: 2,102 documents, ~10 s)


def _say_reading(bar: Progress, item: Found) -> bool:
    """Name a large file on the bar while it is read, and say whether it did: one file of thousands of documents
    held the bar at 98 % for ten seconds with nothing to say what it was doing. Small files are not named (a
    redraw each would cost more than they take)."""
    try:
        size = item.path.stat().st_size
    except OSError:  # unreadable or gone: _ingest_file reports it
        return False
    if size < LONG_READ_BYTES:
        return False
    bar.set_postfix_str(f"reading {as_text(item.rel_path)} ({human_bytes(size)})")
    return True


def _finish(store: Store, report: IngestReport, started: float, status: str) -> None:
    """Close the run record: finished, failed (a file could not be read) or interrupted."""
    report.seconds = time.perf_counter() - started
    store.finish_run(report.run_id, added=report.added, updated=report.updated, unchanged=report.unchanged,
                     failed=report.failed, removed=report.removed, seconds=report.seconds, status=status)


def _stop(store: Store, report: IngestReport, exc: BaseException) -> None:
    """Record the run as stopped by the disk, with the disk's reason (``kb.disk.unwritten``); any other failure is
    left to say itself. The disk may refuse this write too: the run then stays "running", as kb errors words it."""
    reason = unwritten(exc)
    if reason is None:
        return
    with contextlib.suppress(OSError, sqlite3.Error):
        store.stop_run(report.run_id, reason)


def parser_signature(item: Found, column_map: dict[str, str]) -> str:
    """Parser version and the options that change what a file yields."""
    options = {"v": PARSER_VERSION, "map": column_map, "defaults": item.defaults, "root": str(item.root)}
    return hashlib.sha1(json.dumps(options, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _ingest_file(store: Store, report: IngestReport, item: Found, max_file_mb: float,
                 column_map: dict[str, str], seen: list[int]) -> None:
    name = name_text(item.path)
    path = name.text
    report.files += 1
    if not name.readable:
        _fail(store, report, path, IngestError(name.problem))
        return
    if name.problem:  # said on every run while it holds (kb errors lists the latest), the file unchanged or not
        _problem(store, report, path, name.problem, warning=True)
    stored = store.source_by_path(path)
    try:
        data = read_inside(item.path, item.root, max_mb=max_file_mb)
    except OutsideFolder as exc:
        if stored:  # stored by an earlier run: what the path holds now comes from outside the folder
            report.removed += store.delete_source(stored["id"])
            report.changed = True
            exc = OutsideFolder(f"{exc}; the documents stored from it earlier were removed")
        _fail(store, report, path, exc)
        return
    except IngestError as exc:
        _fail(store, report, path, exc)
        return
    digest = hashlib.sha256(data).hexdigest()
    signature = parser_signature(item, column_map)
    if stored and stored["content_hash"] == digest and stored["parser_signature"] == signature:
        if stored["parser_version"] != PARSER_VERSION:  # read before the version was stored beside the signature
            store.record_parser(PARSER_VERSION, [(stored["id"], column_map or None)])
        report.unchanged += 1
        report.documents += int(store.scalar("SELECT count(*) FROM documents WHERE source_id = ?", [stored["id"]]))
        seen.append(stored["id"])
        return
    raw = RawFile(data=data, default_key=as_text(item.rel_path), column_map=column_map, defaults=item.defaults,
                  max_file_mb=max_file_mb)
    source = SourceInfo(path=path, root=as_text(item.root), rel_path=raw.default_key, content_hash=digest,
                        size=len(raw.data), parser_signature=signature, parser_version=PARSER_VERSION,
                        column_map=column_map or None)
    try:
        result = parse(item.path.suffix.lower(), raw)
        try:
            outcome = store.save_file(source, result.documents, report.run_id, key_owner_exists=on_disk)
        except UnicodeEncodeError:  # a lone surrogate, which UTF-8 cannot hold (rolled back): replaced, stored
            result = _storable(result)
            outcome = store.save_file(source, result.documents, report.run_id, key_owner_exists=on_disk)
    except EmptyFile as exc:
        _empty(store, report, path, exc, stored)
        if stored:
            seen.append(stored["id"])
        return
    except (IngestError, InvalidInput) as exc:  # InvalidInput: a value the store refuses (rolled back)
        _fail(store, report, path, exc if isinstance(exc, IngestError) else IngestError(str(exc)))
        if stored:
            seen.append(stored["id"])
        return
    for warning in result.warnings:
        _problem(store, report, path, warning.message, line=warning.line, warning=True)
    for message in outcome.warnings:  # an uploader's lesson correction that no lesson read now matches
        _problem(store, report, path, message, warning=True)
    stored_docs = outcome.added + outcome.updated + outcome.unchanged
    for dup in outcome.errors:
        _problem(store, report, path, str(dup.args[0]), line=dup.line, warning=bool(stored_docs))
    if not stored_docs:
        report.failed += 1
        if not outcome.errors:
            _problem(store, report, path, "nothing could be stored")
        return
    report.documents += stored_docs
    report.removed += outcome.removed
    report.changed = report.changed or bool(outcome.added or outcome.updated or outcome.removed)
    if stored is None:
        report.added += 1
    else:
        report.updated += 1


def parse(suffix: str, raw: RawFile) -> ParseResult:
    """Parse one file with the parser for its extension.

    Raises:
        IngestError: the file yields no documents, or its parser failed in any way (our parsers' errors, a
            library's exceptions, too deep a nesting, memory running out): one file can never stop a run.
    """
    try:
        result = PARSERS[suffix](raw)
    except IngestError:
        raise
    except RecursionError:
        raise IngestError("the file is nested too deeply to parse") from None
    except MemoryError:
        raise IngestError("the file needs more memory to parse than there is") from None
    except Exception as exc:  # noqa: BLE001 (a parser's or a library's failure is that file's problem alone)
        raise IngestError(f"the file cannot be parsed ({type(exc).__name__}: {str(exc)[:120]})") from None
    if not result.documents:
        raise IngestError("no documents found in the file")
    return _without_controls(result)


# C0 and C1 control characters but tab and the line breaks (LF, VT, FF, CR, NEL): what an escape in YAML, JSON or HTML
# (\e, \u001b, &#27;) or a stray byte puts in a title, project, tag or text. Stored, an ESC or BEL reached every
# reader of it: a terminal (kb/terminal.py made that safe), an e-mail, a spreadsheet, the API's JSON.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def _without_controls(result: ParseResult) -> ParseResult:
    """The result with every control character (``_CONTROL``) taken out of its documents' text, the one place every
    parser's output passes; the same object when it holds none."""
    documents = [_replaced(doc, _CONTROL, "") for doc in result.documents]
    if all(new is old for new, old in zip(documents, result.documents, strict=True)):
        return result
    return ParseResult(documents, result.warnings)


_SURROGATE = re.compile(r"[\ud800-\udfff]")
SURROGATE_REPLACED = "an invalid character (a lone UTF-16 surrogate) was replaced with U+FFFD"


def _storable(result: ParseResult) -> ParseResult:
    """The result with every lone UTF-16 surrogate (a JSON or YAML escape such as ``\\ud800``, a PDF's broken
    character map) replaced by U+FFFD, with a warning for each document that had one: SQLite stores UTF-8, which
    cannot hold one, and the file's other text is worth keeping. Called only when storing failed so (walking
    every document costs about a fifth of parsing a register)."""
    documents = [_replaced(doc, _SURROGATE, "\ufffd") for doc in result.documents]
    changed = [new for new, old in zip(documents, result.documents, strict=True) if new is not old]
    if not changed:
        return result
    warnings = [*result.warnings, *(ParseWarning(SURROGATE_REPLACED, line=doc.line) for doc in changed)]
    return ParseResult(documents, warnings)


def _replaced(value: Any, pattern: re.Pattern[str], by: str) -> Any:
    """A value (text, list, dict or dataclass, walked through) with what ``pattern`` matches replaced ``by``; the same
    object if it holds none."""
    if isinstance(value, str):
        return pattern.sub(by, value) if pattern.search(value) else value
    if isinstance(value, list | tuple):
        items = [_replaced(item, pattern, by) for item in value]
        return type(value)(items) if any(a is not b for a, b in zip(items, value, strict=True)) else value
    if isinstance(value, dict):
        pairs = [(_replaced(k, pattern, by), _replaced(v, pattern, by)) for k, v in value.items()]
        same = all(k is k0 and v is v0 for (k, v), (k0, v0) in zip(pairs, value.items(), strict=True))
        return value if same else dict(pairs)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: new for f in dataclasses.fields(value)
                   if (new := _replaced(getattr(value, f.name), pattern, by)) is not getattr(value, f.name)}
        return dataclasses.replace(value, **changes) if changes else value
    return value


def _stale(store: Store, report: IngestReport, roots: list[Path], prune: bool) -> None:
    for root in roots:
        for source in store.sources_under(as_text(root)):
            if source["last_seen_run"] == report.run_id:
                continue
            if prune:
                report.removed += store.delete_source(source["id"])
                report.changed = True
                report.stale.append(source["path"])
            elif not on_disk(source["path"]):
                report.stale.append(source["path"])


EMPTY_ADVICE = "nothing to ingest; add its text and ingest it again, or delete it"
EMPTIED_ADVICE = ("the documents stored from it before are kept; put its text back, or delete it and ingest its folder "
                  "with --prune")


def _empty(store: Store, report: IngestReport, path: str, exc: EmptyFile, stored: Any) -> None:
    """An empty file is passed over and listed as not ingested, as one of a kind kb does not read (a placeholder, a
    template never filled: not a failure of the run); one that held text when last read fails, its documents kept
    (a copy cut off, a sync gone wrong: someone should look)."""
    if stored:
        _fail(store, report, path, IngestError(f"{exc}: {EMPTIED_ADVICE}"))
        return
    report.files -= 1  # not a file read: the summary's counts add up to its files
    _not_ingested(store, report, path, f"{exc}: {EMPTY_ADVICE}")


def not_ingested(reason: str) -> str:
    """What is said of a file or folder passed over, recorded for ``kb errors`` and printed by ``kb ingest`` in these
    same words: "not ingested: unknown extension '.rtf' (…)"."""
    return f"not ingested: {reason}"


def _not_ingested(store: Store, report: IngestReport, path: str, message: str) -> None:
    """Record a file passed over: a warning in a folder, an error when it was given by name (as kb ingest says it)."""
    level = "error" if path in report.named else "warning"
    store.record_error(report.run_id, path, not_ingested(message), level=level)
    report.skipped.append(Problem(path, message))


def _fail(store: Store, report: IngestReport, path: str, exc: IngestError) -> None:
    report.failed += 1
    message = exc.args[0] if exc.args else type(exc).__name__
    _problem(store, report, path, message, line=exc.line)


def _problem(store: Store, report: IngestReport, path: str, message: str, *, line: int | None = None,
             warning: bool = False) -> None:
    store.record_error(report.run_id, path, message, line=line, level="warning" if warning else "error")
    (report.warnings if warning else report.errors).append(Problem(path, message, line))
