"""Commands that read the collection: documents, one document, lessons, counts, and the settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kb.cli_exports import export_language_option, locale_language, refuse_json_with_export, write_export
from kb.cli_filters import filter_options, key_hint, lesson_hint, make_filters, warn_unmatched
from kb.cli_support import App
from kb.cli_types import LESSON_PREFIX, Count, FileName, RowNumber, row_id
from kb.commands.messages import counted
from kb.display import echo_json, human_bytes, listed, table
from kb.errors import NotFound
from kb.models import DOC_TYPE_LABELS, LESSON_KIND_LABELS, DocType, LessonKind
from kb.store import DOCUMENT_SORTS, LESSON_SORTS
from kb.wording import number


@click.command(short_help="List documents, newest first (register rows a curator has hidden, marked so).")
@filter_options()
@click.option("--sort", type=click.Choice(sorted(DOCUMENT_SORTS), case_sensitive=False), default="date", show_default=True,
              help="Order of the listing: date newest first, -date oldest first, title A-Z, -title Z-A, project, key, "
                   "ingested (latest first).")
@click.option("--limit", "-n", type=Count(1, 10_000), default=None,
              help="Documents to list (default 50; with --csv or --xlsx, all up to 10,000).")
@click.option("--offset", type=RowNumber(0), default=0, help="Skip this many documents (paging).")
@click.option("--hidden/--no-hidden", default=None,
              help="Only the register rows hidden from readers (their lesson is hidden: marked 'hidden'), or "
                   "--no-hidden: none of them, as readers see the list.  [default: both; with --csv or --xlsx, "
                   "--no-hidden]")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--csv", "csv_file", type=FileName(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write the documents to this CSV file ('-': standard output), as /api/documents?format=csv.")
@click.option("--xlsx", "xlsx_file", type=FileName(dir_okay=False, path_type=Path),
              help="Write the documents to this Excel workbook ('-': standard output, not a terminal).")
@export_language_option
@click.pass_obj
def docs(app: App, sort: str, limit: int | None, offset: int, hidden: bool | None, as_json: bool,
         csv_file: Path | None, xlsx_file: Path | None, export_lang: str | None, **kw: Any) -> None:
    """List documents, newest first; a register row whose lesson a curator has hidden is listed (the CLI is the
    curators'), marked hidden: readers see it nowhere. A spreadsheet (--csv, --xlsx) has the columns of
    /api/documents?format=csv and, as it, the documents as readers see them (--hidden: only those they do not).

    \b
    Examples:
      kb docs --project 智慧仓储WMS上线
      kb docs --lang zh --type 项目复盘 --sort -date
      kb docs --since 2025-01-01 --limit 20 --offset 20 --json
      kb docs --tag 供应商管理 --xlsx documents.xlsx
      kb docs --hidden
    """
    refuse_json_with_export(as_json, csv=csv_file, xlsx=xlsx_file)
    exporting = csv_file is not None or xlsx_file is not None
    limit = limit or (10_000 if exporting else 50)
    filters = make_filters(kw)
    if exporting and hidden is None:  # a spreadsheet leaves the shell: as the API's, what readers see
        hidden = False
    filters.include_hidden, filters.only_hidden = hidden is not False, hidden is True
    rows, total = app.store().documents(filters, sort=sort, limit=limit, offset=offset)
    warn_unmatched(app.store(), filters)
    if exporting:
        _export(app, rows, {"csv": csv_file, "xlsx": xlsx_file}, export_lang, "documents", total)
        return
    if as_json:
        echo_json({"total": total, "offset": offset, "limit": limit, "documents": rows})  # as /api/documents pages
        return
    if rows:  # none: the line below says why, under no bare header
        click.echo(table([[r["key"], r["date"], r["doc_type"], r["language"], r["project"], r["lessons"],
                           hidden_mark(r["hidden"]) + r["title"]] for r in rows],
                         ["key", "date", "type", "lang", "project", "lessons", "title"],
                         max_widths=[48, 10, 16, 5, 26, 7, 60]))
    click.echo(listed(offset, len(rows), total, "documents"), err=True)


@click.command(short_help="Show one document (metadata, tags, sections, lessons), or one lesson: lesson:ID.")
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a document's with the raw text and sections).")
@click.pass_obj
def show(app: App, key: str, as_json: bool) -> None:
    """Show one document: metadata, tags, sections and lessons; or one lesson (lesson:ID, the [ID] that search,
    similar and lessons list) with its document.

    \b
    Examples:
      kb show wms-rollout/lessons-summary-2025-07.txt
      kb show 'pmo/zh-lessons-register-2025.csv#LL-2025-012' --json
      kb show lesson:802
    """
    if key.strip().lower().startswith(LESSON_PREFIX):  # Lesson:802 too, as kb tag add and kb similar take it
        _show_lesson(app, row_id(key.strip()[len(LESSON_PREFIX):], "KEY"), as_json)
        return
    try:
        doc = app.store().document(key)
    except NotFound as exc:  # a number: the [802] of a listing is a lesson's
        hint = lesson_hint(app.store(), key, lambda n: f"kb show lesson:{n}") or key_hint(app.store(), key)
        raise click.ClickException(f"{exc}; {hint}") from None
    doc["source_file"] = app.store().source_file(key)  # the CLI runs on the server: the absolute path helps here
    if as_json:
        echo_json(doc)
        return
    type_label = DOC_TYPE_LABELS[DocType(doc["doc_type"])][0]
    click.secho(hidden_mark(_all_hidden(doc)) + doc["title"], bold=True)
    fields = [("key", doc["key"]), ("type", type_label), ("project", doc["project"]),
              ("department", doc["department"]), ("date", doc["date"]), ("authors", ", ".join(doc["authors"])),
              ("language", doc["language"]), ("source", doc["source_file"]),
              ("tags", ", ".join(f"{t['label']}" + ("" if t["origin"] == "front_matter" else f" ({t['origin']})")
                                 for t in doc["tags"]))]
    for name, value in fields:
        if value:
            click.echo(f"  {name:<11}{value}")
    click.echo(f"\nSections ({number(len(doc['sections']))}):")
    for s in doc["sections"]:
        click.echo(f"  {'  ' * max(s['level'] - 1, 0)}{s['heading']}")
    click.echo(f"\nLessons ({number(len(doc['lessons']))}):")
    for kind in LessonKind:
        items = [lesson for lesson in doc["lessons"] if lesson["kind"] == kind.value]
        if items:
            click.secho(f"  {LESSON_KIND_LABELS[kind][0]} / {LESSON_KIND_LABELS[kind][1]}", bold=True)
            for lesson in items:
                click.echo(f"    [{lesson['id']}] {hidden_mark(lesson['review_status'] == 'hidden')}{lesson['text']}")


def _export(app: App, rows: list[dict[str, Any]], paths: dict[str, Path | None], lang: str | None, what: str,
            total: int) -> None:
    """Write ``kb lessons`` or ``kb docs`` rows to the spreadsheets asked for, with the API export's columns, and say
    how many of how many went."""
    from kb import export

    columns, shaped = ((export.LESSON_COLUMNS, export.lesson_rows) if what == "lessons" else
                       (export.DOCUMENT_COLUMNS, export.document_rows))
    rows_out = shaped(rows, app.settings.base_url)
    for fmt, path in paths.items():
        if path is not None:
            write_export(export.spreadsheet(fmt, columns, rows_out, lang or locale_language()), path)
    click.echo(f"{number(len(rows))} of {counted(what, total)} exported", err=True)


def hidden_mark(hidden: bool | None) -> str:
    """What starts a hidden lesson's or register row's line in a listing (as ``kb lessons --status hidden`` finds it;
    readers see neither)."""
    return "(hidden) " if hidden else ""


def _all_hidden(doc: dict[str, Any]) -> bool:
    """Whether a document is a register row whose every lesson is hidden (readers find it nowhere)."""
    lessons = doc["lessons"]
    return doc["meta"].get("register") is not None and bool(lessons) and all(
        lesson["review_status"] == "hidden" for lesson in lessons)


def _show_lesson(app: App, lesson_id: int, as_json: bool) -> None:
    lesson = app.store().lesson(lesson_id)  # the CLI is the curators': a hidden lesson is shown, with its reason
    lesson["review_note"] = app.store().review_note_of(lesson_id)
    if as_json:
        echo_json(lesson)
        return
    labels = LESSON_KIND_LABELS[LessonKind(lesson["kind"])]
    click.secho(f"[{lesson_id}] {labels[0]} / {labels[1]}", bold=True)
    click.echo(f"  {lesson['text']}")
    fields = [("document", f"{lesson['document_title']} ({lesson['document_key']})"), ("project", lesson["project"]),
              ("date", lesson["date"]), ("section", lesson["section"]), ("review", lesson["review_status"]),
              ("reason", lesson["review_note"]),  # why a curator hid it (shown to its contributor)
              ("tags", ", ".join(lesson["tags"])),
              ("doc tags", ", ".join(app.store().document_tags(lesson["document_key"]))),  # it carries them too
              ("event", lesson["driving_event"]),
              ("recommend", lesson["recommendation"])]
    click.echo("")
    for name, value in fields:
        if value:
            click.echo(f"  {name:<11}{value}")
    click.echo(f"\nkb similar {lesson_id} lists similar past issues; kb show {lesson['document_key']} its document",
               err=True)


@click.command()
@filter_options(kinds=True, status=True)
@click.option("--document", "-d", help="Only lessons of this document key.")
@click.option("--sort", type=click.Choice(sorted(LESSON_SORTS), case_sensitive=False), default="date", show_default=True,
              help="Order, as kb docs and the browse page sort documents, each document's lessons together in its "
                   "order: its date newest first, -date oldest first, title A-Z, -title Z-A, project, key; "
                   "ingested: the lessons added latest first.")
@click.option("--limit", "-n", type=Count(1, 10_000), default=None,
              help="Lessons to list (default 50; with --csv or --xlsx, all up to 10,000).")
@click.option("--offset", type=RowNumber(0), default=0, help="Skip this many lessons (paging).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--csv", "csv_file", type=FileName(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write the lessons to this CSV file ('-': standard output).")
@click.option("--xlsx", "xlsx_file", type=FileName(dir_okay=False, path_type=Path),
              help="Write the lessons to this Excel workbook ('-': standard output, not a terminal).")
@export_language_option
@click.pass_obj
def lessons(app: App, document: str | None, sort: str, limit: int | None, offset: int, as_json: bool,
            csv_file: Path | None, xlsx_file: Path | None, export_lang: str | None, **kw: Any) -> None:
    """List lessons (filter by project, tag, kind, type, language, date, review status).

    \b
    Examples:
      kb lessons --project 智慧仓储WMS上线 --kind went_wrong
      kb lessons --tag 供应商管理 --csv lessons.csv
      kb lessons --status unreviewed --sort ingested --limit 20
    """
    refuse_json_with_export(as_json, csv=csv_file, xlsx=xlsx_file)
    filters = make_filters(kw)
    filters.document = document
    exporting = csv_file is not None or xlsx_file is not None
    limit = limit or (10_000 if exporting else 50)
    rows, total = app.store().lessons(filters, limit=limit, offset=offset, sort=sort)
    warn_unmatched(app.store(), filters)
    if exporting:
        _export(app, rows, {"csv": csv_file, "xlsx": xlsx_file}, export_lang, "lessons", total)
        return
    if as_json:
        echo_json({"total": total, "offset": offset, "limit": limit, "lessons": rows})  # as /api/lessons pages
        return
    if rows:
        click.echo(table([[r["id"], r["kind"], r["project"], r["date"],
                           hidden_mark(r["review_status"] == "hidden") + r["text"]] for r in rows],
                         ["id", "kind", "project", "date", "lesson"], max_widths=[7, 14, 24, 10, 90]))
    click.echo(listed(offset, len(rows), total, "lessons"), err=True)


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
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def config(app: App, as_json: bool) -> None:
    """Show every setting, its value and the environment variable that sets it."""
    rows = app.settings.describe()
    if as_json:
        echo_json(rows)
        return
    click.echo(table([[r["name"], _setting_value(r["value"]), r["env"], r["help"]] for r in rows],
                     ["setting", "value", "env", "help"]))


def _setting_value(value: object) -> object:
    """A setting's value as it is typed in kb.toml or KB_*: true / false, not Python's True / False."""
    return str(value).lower() if isinstance(value, bool) else value
