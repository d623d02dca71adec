"""``kb init``, ``kb ingest`` and ``kb errors``: the store made, files read into it, and what a run met."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from kb.cli_support import App, progress_bar, sync_index, write_search_cache
from kb.cli_types import Megabytes, RowNumber
from kb.commands.abandoned_runs import say_abandoned
from kb.commands.messages import counted
from kb.display import echo_json, human_bytes, human_duration
from kb.wording import number


@click.command(short_help="Create the database (running any pending migrations) and, if there is none, a "
               "secret key file.")
@click.pass_obj
def init(app: App) -> None:
    """Create the database (and run any pending migrations), and a random secret key file if no key is set and
    there is none (for 'kb serve' and 'kb digest'; readable by its owner only)."""
    from kb.secret_key import create_secret_key_file

    store = app.store()
    read_only = "" if os.access(store.path, os.W_OK) else (
        "; read-only: searches and listings work, but ingest, tags and every other change will fail (its permissions, "
        "an immutable flag, or a read-only disk)")
    click.echo(f"Database ready: {store.path} ({human_bytes(store.database_bytes())}){read_only}")
    made = create_secret_key_file(app.settings)
    if made is not None:
        click.echo(f"Secret key made: {made}")


INTERRUPTED = ("interrupted: the files read before it are stored, each whole; 'kb ingest' again reads the rest "
               "(unchanged files are skipped) and updates the search index")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--prune", is_flag=True, help="Remove stored documents whose files are gone from these folders.")
@click.option("--map", "mappings", multiple=True, metavar="FIELD=COLUMN",
              help="Register column for a field, e.g. --map lesson='What we learned' (repeatable).")
@click.option("--max-file-mb", type=Megabytes(), metavar="MB",
              help="Skip files larger than this many megabytes [default: setting max_file_mb, 20].")
@click.option("--project-from-folder/--no-project-from-folder", default=None,
              help="A document that names no project (nor its folder's .kbmeta.yaml) gets the name of its first "
                   "folder under the path given [default: setting project_from_folder, false]. Set the setting "
                   "rather than the flag for a folder ingested again by cron: a run without it reads them again "
                   "without.")
@click.option("--no-index", is_flag=True, help="Do not update the search index (run 'kb reindex' later).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no warnings: the summary and the errors only.")
@click.pass_obj
def ingest(app: App, paths: tuple[Path, ...], prune: bool, mappings: tuple[str, ...], max_file_mb: float | None,
           project_from_folder: bool | None, no_index: bool, as_json: bool, quiet: bool) -> None:
    """Ingest files and folders: Markdown, HTML, web page archives (.mht), text, Word, PowerPoint, PDF, and CSV / TSV /
    JSON lines / XLSX lesson registers.

    Unchanged files are skipped by content hash; a changed file replaces its documents in one
    transaction. Files that cannot be read are reported and skipped. In a folder, files of a kind kb does not read
    and empty files are passed over and listed as not ingested. Exit status 1 if any file failed, or a path given
    cannot be read, is a file of a kind kb does not read, or is empty.

    A document's project is what it says (front matter "project:", a "项目：" line, a form's field), else its
    folder's .kbmeta.yaml ("project: 智慧仓储WMS上线", for the documents below it), else, with
    --project-from-folder, its first folder's name.

    \b
    Examples:
      kb ingest corpus/
      kb ingest registers/2025.csv --map lesson='What we learned'
      kb ingest 项目文档/ --project-from-folder
    """
    from ingest import ingest as run_ingest

    column_map = _parse_mappings(mappings)
    settings = app.settings.replace(max_file_mb=max_file_mb) if max_file_mb else app.settings
    store = app.store()
    say_abandoned(store)
    show_progress = not (quiet or as_json)
    try:
        report = run_ingest(store, list(paths), max_file_mb=settings.max_file_mb, prune=prune, column_map=column_map,
                            progress=progress_bar("Ingesting", "file") if show_progress else None,
                            project_from_folder=(settings.project_from_folder if project_from_folder is None
                                                 else project_from_folder))
    except KeyboardInterrupt:
        raise click.ClickException(INTERRUPTED) from None
    try:
        sync = None if no_index else sync_index(app, show_progress=show_progress)
    except click.ClickException:  # Ctrl-C while indexing: what is stored (and what failed) first, then how to finish
        _print_report(report, None, as_json=as_json, quiet=quiet)
        raise
    try:
        if sync is not None and sync.chunks:  # an empty index (a mistyped path into a new store) needs no cache
            write_search_cache(app, quiet=not show_progress)
    except click.ClickException:  # Ctrl-C while writing the cache: what was done first, as above
        _print_report(report, sync, as_json=as_json, quiet=quiet)
        raise
    _print_report(report, sync, as_json=as_json, quiet=quiet)
    store.checkpoint()  # said if the database file cannot take what the run wrote
    # a path that does not exist, a folder that cannot be read, or a file named that kb does not read fails too
    if report.failed or report.errors or report.refused():
        sys.exit(1)


def _print_report(report: Any, sync: Any, *, as_json: bool, quiet: bool) -> None:
    if as_json:
        echo_json({**report.as_dict(), "index": sync.as_dict() if sync else None})
        return
    _print_ingest_report(report, quiet, report.refused())
    if sync is not None:
        _print_sync(sync)


def _parse_mappings(mappings: tuple[str, ...]) -> dict[str, str]:
    from ingest.register import FIELDS

    out = {}
    for item in mappings:
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise click.BadParameter(f"'{item}' is not FIELD=COLUMN", param_hint="'--map'")
        if field.strip().lower() not in FIELDS:  # checked here too, so a run without registers does not pass it
            raise click.BadParameter(f"unknown field '{field.strip()}'; fields are {', '.join(FIELDS)}",
                                     param_hint="'--map'")
        out[field.strip().lower()] = column.strip()
    return out


def _print_ingest_report(report: Any, quiet: bool, refused: list[Any]) -> None:
    from ingest.pipeline import not_ingested

    if not quiet:
        for problem in report.warnings[:50]:
            click.echo(problem_line("warning", problem.path, problem.line, problem.message), err=True)
        if len(report.warnings) > 50:
            click.echo(f"warning: ... and {number(len(report.warnings) - 50)} more (kb errors --warnings)", err=True)
    for problem in report.errors:
        click.echo(problem_line("error", problem.path, problem.line, problem.message), err=True)
    for problem in refused:
        click.echo(problem_line("error", problem.path, None, not_ingested(problem.message)), err=True)
    if not quiet:
        passed_over = [p for p in report.skipped if p not in refused]
        for problem in passed_over[:50]:
            click.echo(problem_line("warning", problem.path, None, not_ingested(problem.message)), err=True)
        if len(passed_over) > 50:
            click.echo(f"warning: ... and {number(len(passed_over) - 50)} more not ingested (kb errors)", err=True)
    click.echo(f"{counted('files', report.files)} ({counted('documents', report.documents)}): "
               f"{number(report.added)} added, {number(report.updated)} updated, {number(report.unchanged)} unchanged, "
               f"{number(report.failed)} failed, {counted('documents', report.removed)} removed "
               f"in {human_duration(report.seconds)}{_skipped_summary(report.skipped)}")
    gone = [p for p in report.stale if not Path(p).exists()]
    if gone and not report.removed:
        click.echo(f"{counted('files_gone', len(gone))}; run with --prune to remove their documents.", err=True)


# How the summary counts the files passed over, by reason (one, several): "2 unknown extension" read as a typo
SKIPPED_REASONS = {"ignored by .kbignore": ("ignored by .kbignore", "ignored by .kbignore"),
                   "not a regular file": ("not a regular file", "not regular files"),
                   "empty file": ("empty", "empty"),
                   "unknown extension": ("with an unknown extension", "with an unknown extension")}


def _skipped_summary(skipped: list[Any]) -> str:
    """"; 3 not ingested (2 with an unknown extension, 1 ignored by .kbignore)", or nothing."""
    if not skipped:
        return ""
    reasons: dict[str, int] = {}
    for problem in skipped:
        reason = next((r for r in SKIPPED_REASONS if r in problem.message), "unknown extension")
        reasons[reason] = reasons.get(reason, 0) + 1
    said = ", ".join(f"{number(n)} {SKIPPED_REASONS[r][n != 1]}" for r, n in reasons.items())
    return f"; {number(len(skipped))} not ingested ({said})"


def _print_sync(sync: Any) -> None:
    if sync.documents or sync.removed or sync.repaired:
        click.echo(f"Index: {counted('chunks', sync.chunks)} ({number(sync.added)} added, {number(sync.removed)} removed); "
                   f"{counted('texts_embedded', sync.embedded)}, {number(sync.cached)} from cache, in {human_duration(sync.seconds)}")
    else:
        click.echo(f"Index: {counted('chunks', sync.chunks)}, up to date")
    for note in sync.notes:
        click.echo(f"Index: {note}")
    if sync.repaired:
        click.echo(f"Index: repaired {counted('vectors_repaired', sync.repaired)}", err=True)


@click.command()
@click.option("--run", "run_id", type=RowNumber(1), help="Run id [default: the latest run].")
@click.option("--warnings/--no-warnings", default=True, show_default=True, help="Include warnings.")
@click.option("--json", "as_json", is_flag=True,
              help='Print JSON: {"run", "status", "reason", "message", "problems"}.')
@click.pass_obj
def errors(app: App, run_id: int | None, warnings: bool, as_json: bool) -> None:
    """Files that failed (and warnings) in an ingest run, and whether it ran to its end (or was interrupted, or
    stopped by a full disk). With the latest run, every uploader's lesson correction that still matches no lesson.

    \b
    Examples:
      kb errors
      kb errors --run 3 --no-warnings
    """
    store = app.store()
    say_abandoned(store)
    rows = store.run_errors(run_id, level=None if warnings else "error")
    if run_id is None and warnings:
        rows += _standing(store, rows)
    run = store.row("SELECT id, status, reason FROM ingest_runs WHERE id = coalesce(?, (SELECT max(id) FROM ingest_runs))",
                    [run_id])
    said = run_status(run)
    if as_json:  # before any ingest, no problems and no run (a script reads it as it reads a clean run's)
        echo_json({"run": run and run["id"], "status": run and run["status"], "reason": run and run["reason"],
                   "message": said, "problems": rows})
        return
    if run is None:  # not "0 problems", as after an ingest that went well
        click.echo(said, err=True)
        return
    for r in rows:
        click.echo(problem_line(r["level"], r["path"], r["line"], r["message"]))
    click.echo(_problem_count(rows, run["id"]), err=True)
    if said:
        click.echo(said, err=True)


def problem_line(level: str, path: str, line: int | None, message: str) -> str:
    """A problem as ``kb ingest`` and ``kb errors`` both say it, one line: "error: PATH:LINE: why", a file passed over
    "warning: PATH: not ingested: why" ("error: …" when it was given by name), and why in plain words where the parser
    named a library's exception ("not a readable .docx document: the file is damaged, …", as the upload's page says
    it, not "(BadZipFile: File is not a zip file)"); the JSON keeps the parser's own words. kb ingest said a file
    passed over "not ingested: PATH: why", and kb errors "warning: PATH: not ingested: why"."""
    from ingest.unreadable import plain_reason

    return f"{level}: {f'{path}:{line}' if line else path}: {plain_reason(message, 'ingest that')}"


def _problem_count(rows: list[dict[str, Any]], run_id: int) -> str:
    """"3 problems in run 4: 0 errors, 3 warnings": it said "3 problems" after a clean ingest of corpus/, whose three
    were the folders .kbignore leaves out, and named no run for --run."""
    if not rows:
        return f"{counted('problems', 0)} in run {run_id}"
    failed = sum(r["level"] == "error" for r in rows)
    return (f"{counted('problems', len(rows))} in run {run_id}: {_some(failed, 'error')}, "
            f"{_some(len(rows) - failed, 'warning')}")


def _some(n: int, what: str) -> str:
    """"1 error", "3 warnings"."""
    return f"{number(n)} {what}{'' if n == 1 else 's'}"


def _standing(store: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Warnings that hold until someone acts, whichever run said them first: the lesson corrections that match no
    lesson read from their file now (said by the run that re-read it, and listed on until matched or forgotten)."""
    said = {(r["path"], r["message"]) for r in rows}
    return [{"path": c["path"] or c["key"], "line": None, "level": "warning", "message": c["message"],
             "created_at": None, "run_id": None}
            for c in store.unmatched_corrections() if (c["path"], c["message"]) not in said]


def run_status(run: dict[str, Any] | None) -> str | None:
    """What kb errors says of a run that did not finish (None for one that did): interrupted, stopped by the disk, or
    still "running" (running now, or stopped where it could not record so), and what to do; said the same in its
    JSON."""
    if run is None:
        return "Nothing has been ingested yet: kb ingest PATH... records what it meets."
    if run["status"] == "interrupted":  # its list stops where it stopped; the reason, when its process was killed
        why = f" ({run['reason']})" if run["reason"] else ""
        return f"Run {run['id']} was interrupted before it read every file{why}: 'kb ingest' again finishes it."
    if run["status"] == "stopped":
        return (f"Run {run['id']} stopped before it read every file: {run['reason']}; free some space and 'kb ingest' "
                "again reads the files it did not (those read before are stored, each whole).")
    if run["status"] == "running":  # or it stopped where it could not record so (a full disk)
        return (f"Run {run['id']} has not finished: it is still running, or it stopped where it could not say so (a "
                "full disk, a crash); 'kb ingest' again reads the files it did not.")
    return None
