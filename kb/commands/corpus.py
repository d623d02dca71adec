"""Commands for the collection: init, ingest, listing, showing, tagging, stats, errors, config."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from kb.cli_support import (
    App,
    RowNumber,
    actor,
    export_language_option,
    filter_options,
    locale_language,
    make_filters,
    progress_bar,
    refuse_json_with_export,
    sync_index,
    write_export,
    write_search_cache,
)
from kb.commands.messages import counted
from kb.display import echo_json, human_bytes, listed, table
from kb.models import DOC_TYPE_LABELS, LESSON_KIND_LABELS, DocType, LessonKind
from kb.store import DOCUMENT_SORTS, Target
from kb.wording import number


@click.command()
@click.pass_obj
def init(app: App) -> None:
    """Create the database (and run any pending migrations), and a random secret key file if no key is set and
    there is none (for 'kb serve' and 'kb digest'; readable by its owner only)."""
    from kb.secret_key import create_secret_key_file

    store = app.store()
    click.echo(f"Database ready: {store.path} ({human_bytes(store.database_bytes())})")
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
@click.option("--max-file-mb", type=click.FloatRange(min=0.001), help="Skip files larger than this [default: 20].")
@click.option("--no-index", is_flag=True, help="Do not update the search index (run 'kb reindex' later).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no warnings, just the summary.")
@click.pass_obj
def ingest(app: App, paths: tuple[Path, ...], prune: bool, mappings: tuple[str, ...], max_file_mb: float | None,
           no_index: bool, as_json: bool, quiet: bool) -> None:
    """Ingest files and folders: Markdown, HTML, text, Word, PowerPoint, PDF, and CSV / JSON lines / XLSX lesson
    registers.

    Unchanged files are skipped by content hash; a changed file replaces its documents in one
    transaction. Files that cannot be read are reported and skipped. Exit status 1 if any file failed or a path
    given cannot be read.

    \b
    Examples:
      kb ingest corpus/
      kb ingest registers/2025.csv --map lesson='What we learned'
    """
    from ingest import ingest as run_ingest

    column_map = _parse_mappings(mappings)
    settings = app.settings.replace(max_file_mb=max_file_mb) if max_file_mb else app.settings
    store = app.store()
    show_progress = not (quiet or as_json)
    try:
        report = run_ingest(store, list(paths), max_file_mb=settings.max_file_mb, prune=prune, column_map=column_map,
                            progress=progress_bar("Ingesting", "file") if show_progress else None)
    except KeyboardInterrupt:
        raise click.ClickException(INTERRUPTED) from None
    sync = None if no_index else sync_index(app, show_progress=show_progress)
    if sync is not None:
        write_search_cache(app, quiet=not show_progress)
    if as_json:
        echo_json({**report.as_dict(), "index": sync.as_dict() if sync else None})
    else:
        _print_ingest_report(report, quiet)
        if sync is not None:
            _print_sync(sync)
    if report.failed or report.errors:  # a path that does not exist, or a folder that cannot be read, fails too
        sys.exit(1)


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


def _print_ingest_report(report: Any, quiet: bool) -> None:
    if not quiet:
        for problem in report.warnings[:50]:
            click.echo(f"warning: {problem}", err=True)
        if len(report.warnings) > 50:
            click.echo(f"warning: ... and {len(report.warnings) - 50} more (kb errors --warnings)", err=True)
    for problem in report.errors:
        click.echo(f"error: {problem}", err=True)
    if not quiet:
        for problem in report.skipped[:50]:
            click.echo(f"not ingested: {problem}", err=True)
        if len(report.skipped) > 50:
            click.echo(f"not ingested: ... and {len(report.skipped) - 50} more (kb errors)", err=True)
    click.echo(f"{counted('files', report.files)} ({counted('documents', report.documents)}): "
               f"{number(report.added)} added, {number(report.updated)} updated, {number(report.unchanged)} unchanged, "
               f"{number(report.failed)} failed, {number(report.removed)} documents removed "
               f"in {report.seconds:.2f} s{_skipped_summary(report.skipped)}")
    gone = [p for p in report.stale if not Path(p).exists()]
    if gone and not report.removed:
        click.echo(f"{counted('files_gone', len(gone))}; run with --prune to remove their documents.", err=True)


def _skipped_summary(skipped: list[Any]) -> str:
    """"; 3 not ingested (2 unknown extension, 1 ignored by .kbignore)", or nothing."""
    if not skipped:
        return ""
    reasons: dict[str, int] = {}
    for problem in skipped:
        reason = "ignored by .kbignore" if "ignored by .kbignore" in problem.message else "unknown extension"
        reasons[reason] = reasons.get(reason, 0) + 1
    return f"; {len(skipped)} not ingested ({', '.join(f'{n} {r}' for r, n in reasons.items())})"


def _print_sync(sync: Any) -> None:
    if sync.documents or sync.removed or sync.repaired:
        click.echo(f"Index: {counted('chunks', sync.chunks)} ({number(sync.added)} added, {number(sync.removed)} removed); "
                   f"{counted('texts_embedded', sync.embedded)}, {number(sync.cached)} from cache, in {sync.seconds:.2f} s")
    else:
        click.echo(f"Index: {counted('chunks', sync.chunks)}, up to date")
    for note in sync.notes:
        click.echo(f"Index: {note}")
    if sync.repaired:
        click.echo(f"Index: repaired {counted('vectors_repaired', sync.repaired)}", err=True)


@click.command()
@filter_options()
@click.option("--sort", type=click.Choice(sorted(DOCUMENT_SORTS)), default="date", show_default=True,
              help="Order of the listing: date newest first, -date oldest first, title A-Z, -title Z-A, project, key, "
                   "ingested (latest first).")
@click.option("--limit", "-n", type=click.IntRange(1, 10_000), default=50, show_default=True,
              help="Documents to list.")
@click.option("--offset", type=RowNumber(0), default=0, help="Skip this many documents (paging).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def docs(app: App, sort: str, limit: int, offset: int, as_json: bool, **kw: Any) -> None:
    """List documents, newest first."""
    rows, total = app.store().documents(make_filters(kw), sort=sort, limit=limit, offset=offset)
    if as_json:
        echo_json({"total": total, "offset": offset, "limit": limit, "documents": rows})  # as /api/documents pages
        return
    if rows:  # none: the line below says why, under no bare header
        click.echo(table([[r["key"], r["date"], r["doc_type"], r["language"], r["project"], r["lessons"], r["title"]]
                          for r in rows], ["key", "date", "type", "lang", "project", "lessons", "title"],
                         max_widths=[48, 10, 16, 5, 26, 7, 60]))
    click.echo(listed(offset, len(rows), total, "documents"), err=True)


@click.command()
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (with the raw text and sections).")
@click.pass_obj
def show(app: App, key: str, as_json: bool) -> None:
    """Show one document: metadata, tags, sections and lessons."""
    doc = app.store().document(key)
    doc["source_file"] = app.store().source_file(key)  # the CLI runs on the server: the absolute path helps here
    if as_json:
        echo_json(doc)
        return
    type_label = DOC_TYPE_LABELS[DocType(doc["doc_type"])][0]
    click.secho(doc["title"], bold=True)
    fields = [("key", doc["key"]), ("type", type_label), ("project", doc["project"]),
              ("department", doc["department"]), ("date", doc["date"]), ("authors", ", ".join(doc["authors"])),
              ("language", doc["language"]), ("source", doc["source_file"]),
              ("tags", ", ".join(f"{t['label']}" + ("" if t["origin"] == "front_matter" else f" ({t['origin']})")
                                 for t in doc["tags"]))]
    for name, value in fields:
        if value:
            click.echo(f"  {name:<11}{value}")
    click.echo(f"\nSections ({len(doc['sections'])}):")
    for s in doc["sections"]:
        click.echo(f"  {'  ' * max(s['level'] - 1, 0)}{s['heading']}")
    click.echo(f"\nLessons ({len(doc['lessons'])}):")
    for kind in LessonKind:
        items = [lesson for lesson in doc["lessons"] if lesson["kind"] == kind.value]
        if items:
            click.secho(f"  {LESSON_KIND_LABELS[kind][0]} / {LESSON_KIND_LABELS[kind][1]}", bold=True)
            for lesson in items:
                click.echo(f"    [{lesson['id']}] {lesson['text']}")


@click.command()
@filter_options(kinds=True, status=True)
@click.option("--document", "-d", help="Only lessons of this document key.")
@click.option("--limit", "-n", type=click.IntRange(1, 10_000), default=None,
              help="Lessons to list (default 50; with --csv or --xlsx, all up to 10,000).")
@click.option("--offset", type=RowNumber(0), default=0, help="Skip this many lessons (paging).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write the lessons to this CSV file ('-': standard output).")
@click.option("--xlsx", "xlsx_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the lessons to this Excel workbook.")
@export_language_option
@click.pass_obj
def lessons(app: App, document: str | None, limit: int | None, offset: int, as_json: bool, csv_file: Path | None,
            xlsx_file: Path | None, export_lang: str | None, **kw: Any) -> None:
    """List lessons (filter by project, tag, kind, type, language, date, review status).

    \b
    Examples:
      kb lessons --project 智慧仓储WMS上线 --kind went_wrong
      kb lessons --tag 供应商管理 --csv lessons.csv
    """
    refuse_json_with_export(as_json, csv=csv_file, xlsx=xlsx_file)
    filters = make_filters(kw)
    filters.document = document
    exporting = csv_file is not None or xlsx_file is not None
    limit = limit or (10_000 if exporting else 50)
    rows, total = app.store().lessons(filters, limit=limit, offset=offset)
    if exporting:
        from kb import export

        rows_out = export.lesson_rows(rows, app.settings.base_url)
        for fmt, path in (("csv", csv_file), ("xlsx", xlsx_file)):
            if path is not None:
                write_export(export.spreadsheet(fmt, export.LESSON_COLUMNS, rows_out,
                                                export_lang or locale_language()), path)
        click.echo(f"{number(len(rows))} of {counted('lessons', total)} exported", err=True)
        return
    if as_json:
        echo_json({"total": total, "offset": offset, "limit": limit, "lessons": rows})  # as /api/lessons pages
        return
    if rows:
        click.echo(table([[r["id"], r["kind"], r["project"], r["date"], r["text"]] for r in rows],
                         ["id", "kind", "project", "date", "lesson"], max_widths=[7, 14, 24, 10, 90]))
    click.echo(listed(offset, len(rows), total, "lessons"), err=True)


@click.group()
def tag() -> None:
    """Add, remove, list, rename and merge tags; synonyms; undo renames and merges.

    TARGET is a document key, or lesson:ID for a lesson.
    """


def _target(text: str) -> Target:
    """A document key or lesson:ID; 'lesson:' with no number after it is refused, not looked up as a key."""
    where = Target.parse(text)
    if where.kind == "document" and text.strip().lower().startswith("lesson:"):
        raise click.BadParameter(f"'{text}' is no lesson: write lesson:ID, the lesson's number (lesson:12)",
                                 param_hint="'TARGET'")
    return where


@tag.command("add")
@click.argument("target")
@click.argument("tags", nargs=-1, required=True)
@click.pass_obj
def tag_add(app: App, target: str, tags: tuple[str, ...]) -> None:
    """Attach tags to a document or lesson (kept across re-ingestion).

    \b
    Examples:
      kb tag add wms-rollout/retrospective 供应商管理 "vendor management"
      kb tag add lesson:802 testing
    """
    where = _target(target)
    for name in tags:
        added = app.store().add_tag(where, name, actor=actor())
        click.echo(f"{'tagged' if added else 'already tagged'} {where} with '{name}'")


@tag.command("remove")
@click.argument("target")
@click.argument("tags", nargs=-1, required=True)
@click.pass_obj
def tag_remove(app: App, target: str, tags: tuple[str, ...]) -> None:
    """Detach tags from a document or lesson."""
    where = _target(target)
    for name in tags:
        removed = app.store().remove_tag(where, name, actor=actor())
        if not removed:
            raise click.ClickException(f"{where} has no tag '{name}'")
        click.echo(f"removed '{name}' from {where}")


@tag.command("list")
@click.option("--limit", "-n", type=click.IntRange(1), default=100, show_default=True, help="Tags to list, most used first.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def tag_list(app: App, limit: int, as_json: bool) -> None:
    """Tags with the number of documents and lessons they are on."""
    every = app.store().tags()
    rows = every[:limit]
    if as_json:
        echo_json(rows)
        return
    if rows:
        click.echo(table([[r["label"], r["documents"], r["lessons"]] for r in rows], ["tag", "documents", "lessons"]))
    more = f" (--limit {len(every)} lists them all)" if len(rows) < len(every) else ""
    click.echo(listed(0, len(rows), len(every), "tags") + more, err=True)


@tag.command("rename")
@click.argument("old")
@click.argument("new")
@click.pass_obj
def tag_rename(app: App, old: str, new: str) -> None:
    """Rename a tag everywhere (onto an existing tag: merge them)."""
    done = app.store().rename_tag(old, new, actor=actor())
    click.echo(f"merged '{old}' into the existing tag '{new}'" if done == "merge" else f"renamed '{old}' to '{new}'")
    click.echo("(kb tag history lists it; kb tag undo N puts it back)")


@tag.command("merge")
@click.argument("sources", nargs=-1, required=True)
@click.option("--into", required=True, help="The tag to keep.")
@click.pass_obj
def tag_merge(app: App, sources: tuple[str, ...], into: str) -> None:
    """Merge tags into one."""
    from kb.text import normalize_tag

    app.store().merge_tags(list(sources), into, actor=actor())
    merged = [name for name in sources if normalize_tag(name) != normalize_tag(into)]  # not merged into itself
    if not merged:
        click.echo(f"nothing merged: '{into}' is the tag to keep")
        return
    quoted = ", ".join(f"'{s}'" for s in merged)
    click.echo(f"merged {quoted} into '{into}'")
    click.echo("(kb tag history lists it; kb tag undo N puts it back)")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def stats(app: App, as_json: bool) -> None:
    """Counts of documents, sections, lessons and tags."""
    data = app.store().stats()
    if as_json:
        echo_json(data)
        return
    click.echo(f"{'Database':<17}{app.settings.db} ({human_bytes(data['database_bytes'])})")
    for name in ("documents", "sections", "lessons", "tags", "projects", "sources"):
        click.echo(f"{name.capitalize():<17}{number(data[name])}")
    for title, key in (("By language", "by_language"), ("By type", "by_type"), ("Lessons by kind", "lessons_by_kind")):
        if data[key]:
            click.echo(f"{title + ':':<17}" + ", ".join(f"{k} {number(v)}" for k, v in data[key].items()))


@click.command()
@click.option("--run", "run_id", type=RowNumber(1), help="Run id [default: the latest run].")
@click.option("--warnings/--no-warnings", default=True, show_default=True, help="Include warnings.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def errors(app: App, run_id: int | None, warnings: bool, as_json: bool) -> None:
    """Files that failed (and warnings) in an ingest run."""
    store = app.store()
    rows = store.run_errors(run_id, level=None if warnings else "error")
    if as_json:  # before any ingest, no problems: [] (a script reads it as it reads a clean run's)
        echo_json(rows)
        return
    if run_id is None and not store.runs(limit=1):  # not "0 problems", as after an ingest that went well
        click.echo("Nothing has been ingested yet: kb ingest PATH... records what it meets.", err=True)
        return
    for r in rows:
        where = f"{r['path']}:{r['line']}" if r["line"] else r["path"]
        click.echo(f"{r['level']}: {where}: {r['message']}")
    click.echo(counted("problems", len(rows)), err=True)
    run = store.row("SELECT id, status FROM ingest_runs WHERE id = coalesce(?, (SELECT max(id) FROM ingest_runs))",
                    [run_id])
    if run is not None and run["status"] == "interrupted":  # its list stops where it stopped
        click.echo(f"Run {run['id']} was interrupted before it read every file: 'kb ingest' again finishes it.",
                   err=True)



@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def config(app: App, as_json: bool) -> None:
    """Show every setting, its value and the environment variable that sets it."""
    rows = app.settings.describe()
    if as_json:
        echo_json(rows)
        return
    click.echo(table([[r["name"], r["value"], r["env"], r["help"]] for r in rows], ["setting", "value", "env", "help"]))
