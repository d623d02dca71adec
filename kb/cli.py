"""The ``kb`` command line: the one place that wires settings, store, ingestion, search and web together."""

from __future__ import annotations

import getpass
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import click

from kb.display import echo_json, human_bytes, table
from kb.errors import KBError
from kb.models import DOC_TYPE_LABELS, LESSON_KIND_LABELS, DocType, LessonKind, ReviewStatus
from kb.settings import Settings, load_settings
from kb.store import DOCUMENT_SORTS, Filters, Store, Target

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class App:
    """What every command needs: the settings, and the store opened on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None
        self._index: Any = None

    def store(self, *, create: bool = True) -> Store:
        """The store, opened once."""
        if self._store is None:
            self._store = Store(self.settings.db, create=create)
        return self._store

    def index(self) -> Any:
        """The search index of the store (the model loads only when text must be embedded)."""
        if self._index is None:
            from search import SearchIndex

            self._index = SearchIndex(self.store(), self.settings)
        return self._index

    def searcher(self) -> Any:
        """A searcher over the index."""
        from search import Searcher

        return Searcher(self.index())

    def close(self) -> None:
        """Close the store if it was opened."""
        if self._store is not None:
            self._store.close()


class KBGroup(click.Group):
    """Turns domain errors into a one-line message and exit status 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KBError as exc:
            raise click.ClickException(str(exc)) from None
        except sqlite3.OperationalError as exc:
            raise click.ClickException(f"database error: {exc}") from None
        except KeyboardInterrupt:
            raise click.ClickException("interrupted") from None


def _enum_choice(enum: type, label: str) -> click.Choice:
    return click.Choice([e.value for e in enum], case_sensitive=False)


def _normalize_choices(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    return [v.strip().lower().replace("-", "_").replace(" ", "_") for v in values]


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; use YYYY-MM-DD") from None


def filter_options(*, kinds: bool = False, status: bool = False) -> Any:
    """The filter flags shared by listings (and search)."""

    def decorate(f: Any) -> Any:
        options = [
            click.option("--project", "-p", multiple=True, help="Only this project (repeatable)."),
            click.option("--tag", "-t", "tags", multiple=True, help="Only documents/lessons with this tag (repeatable)."),
            click.option("--all-tags", is_flag=True, help="With several --tag: require all of them (default: any)."),
            click.option("--type", "doc_types", multiple=True, callback=_normalize_choices,
                         help=f"Document type: {', '.join(t.value for t in DocType)} (repeatable)."),
            click.option("--lang", "languages", multiple=True, type=click.Choice(["zh", "en", "mixed"]),
                         help="Document language (repeatable)."),
            click.option("--since", callback=_date, help="Documents dated on or after YYYY-MM-DD."),
            click.option("--until", callback=_date, help="Documents dated on or before YYYY-MM-DD."),
        ]
        if kinds:
            options.append(click.option("--kind", "-k", "kinds", multiple=True, callback=_normalize_choices,
                                        help=f"Lesson kind: {', '.join(k.value for k in LessonKind)} (repeatable)."))
        if status:
            options.append(click.option("--status", "statuses", multiple=True,
                                        type=_enum_choice(ReviewStatus, "status"), help="Review status (repeatable)."))
        for option in reversed(options):
            f = option(f)
        return f

    return decorate


def make_filters(kw: dict[str, Any]) -> Filters:
    """Build store filters from the shared flags, rejecting unknown types and kinds."""
    doc_types = kw.pop("doc_types", [])
    kinds = kw.pop("kinds", []) or []
    for value in doc_types:
        if value not in {t.value for t in DocType}:
            raise click.BadParameter(f"unknown type '{value}'; use one of: {', '.join(t.value for t in DocType)}",
                                     param_hint="--type")
    for value in kinds:
        if value not in {k.value for k in LessonKind}:
            raise click.BadParameter(f"unknown kind '{value}'; use one of: {', '.join(k.value for k in LessonKind)}",
                                     param_hint="--kind")
    return Filters(project=list(kw.pop("project", [])), tags=list(kw.pop("tags", [])),
                   tags_mode="all" if kw.pop("all_tags", False) else "any", doc_type=doc_types, kind=kinds,
                   language=list(kw.pop("languages", [])), since=kw.pop("since", None), until=kw.pop("until", None),
                   review_status=list(kw.pop("statuses", []) or []))


@click.group(cls=KBGroup, context_settings=CONTEXT_SETTINGS)
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), envvar="KB_DB", show_envvar=True,
              help="SQLite database file [default: kb-data/kb.db].")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TOML settings file [default: $KB_CONFIG or ./kb.toml].")
@click.version_option(package_name="lessons-kb")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, config_file: Path | None) -> None:
    """Lessons KB: the PMO's lessons-learned knowledge base.

    Ingest retrospectives and project documents, browse and tag them, find similar past issues.
    """
    try:
        settings = load_settings(config_file, db=db)
    except KBError as exc:
        raise click.ClickException(str(exc)) from None
    app = App(settings)
    ctx.obj = app
    ctx.call_on_close(app.close)


@cli.command()
@click.pass_obj
def init(app: App) -> None:
    """Create the database (and run any pending migrations)."""
    store = app.store()
    click.echo(f"Database ready: {store.path} ({human_bytes(store.path.stat().st_size)})")


@cli.command()
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
    """Ingest files and folders: Markdown, HTML, text, and CSV / JSON lines / XLSX lesson registers.

    Unchanged files are skipped by content hash; a changed file replaces its documents in one
    transaction. Files that cannot be read are reported and skipped. Exit status 1 if any file failed.
    """
    from ingest import ingest as run_ingest

    column_map = _parse_mappings(mappings)
    settings = app.settings.replace(max_file_mb=max_file_mb) if max_file_mb else app.settings
    store = app.store()
    show_progress = not (quiet or as_json)
    report = run_ingest(store, list(paths), max_file_mb=settings.max_file_mb, prune=prune, column_map=column_map,
                        progress=_progress_bar("Ingesting", "file") if show_progress else None)
    sync = None if no_index else app.index().sync(_progress_bar("Indexing", "doc") if show_progress else None)
    if as_json:
        echo_json({**report.as_dict(), "index": sync.as_dict() if sync else None})
    else:
        _print_ingest_report(report, quiet)
        if sync is not None:
            _print_sync(sync)
    if report.failed:
        sys.exit(1)


def _parse_mappings(mappings: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in mappings:
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise click.BadParameter(f"'{item}' is not FIELD=COLUMN", param_hint="--map")
        out[field.strip().lower()] = column.strip()
    return out


def _progress_bar(label: str, unit: str) -> Any:
    def factory(total: int) -> Any:
        from tqdm import tqdm

        return tqdm(total=total, desc=label, unit=unit, file=sys.stderr, disable=not sys.stderr.isatty(),
                    leave=False, dynamic_ncols=True)

    return factory


def _print_ingest_report(report: Any, quiet: bool) -> None:
    if not quiet:
        for problem in report.warnings[:50]:
            click.echo(f"warning: {problem}", err=True)
        if len(report.warnings) > 50:
            click.echo(f"warning: ... and {len(report.warnings) - 50} more (kb errors --warnings)", err=True)
    for problem in report.errors:
        click.echo(f"error: {problem}", err=True)
    click.echo(f"{report.files} files ({report.documents} documents): {report.added} added, {report.updated} updated, "
               f"{report.unchanged} unchanged, {report.failed} failed, {report.removed} documents removed "
               f"in {report.seconds:.2f} s")
    gone = [p for p in report.stale if not Path(p).exists()]
    if gone and not report.removed:
        click.echo(f"{len(gone)} stored file(s) no longer exist; run with --prune to remove their documents.", err=True)


def _print_sync(sync: Any) -> None:
    if sync.documents or sync.removed or sync.repaired:
        click.echo(f"Index: {sync.chunks:,} chunks ({sync.added:,} added, {sync.removed:,} removed); "
                   f"{sync.embedded:,} texts embedded, {sync.cached:,} from cache, in {sync.seconds:.2f} s")
    else:
        click.echo(f"Index: {sync.chunks:,} chunks, up to date")
    for note in sync.notes:
        click.echo(f"Index: {note}")
    if sync.repaired:
        click.echo(f"Index: repaired {sync.repaired:,} vector(s) that disagreed with the database", err=True)


@cli.command()
@filter_options()
@click.option("--sort", type=click.Choice(sorted(DOCUMENT_SORTS)), default="date", show_default=True,
              help="Order of the listing.")
@click.option("--limit", "-n", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many documents (paging).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def docs(app: App, sort: str, limit: int, offset: int, as_json: bool, **kw: Any) -> None:
    """List documents, newest first."""
    rows, total = app.store().documents(make_filters(kw), sort=sort, limit=limit, offset=offset)
    if as_json:
        echo_json({"total": total, "offset": offset, "documents": rows})
        return
    click.echo(table([[r["key"], r["date"], r["doc_type"], r["language"], r["project"], r["lessons"], r["title"]]
                      for r in rows], ["key", "date", "type", "lang", "project", "lessons", "title"],
                     max_widths=[48, 10, 16, 5, 26, 7, 60]))
    click.echo(f"{offset + 1 if rows else 0}-{offset + len(rows)} of {total} documents", err=True)


@cli.command()
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (with the raw text and sections).")
@click.pass_obj
def show(app: App, key: str, as_json: bool) -> None:
    """Show one document: metadata, tags, sections and lessons."""
    doc = app.store().document(key)
    if as_json:
        echo_json(doc)
        return
    type_label = DOC_TYPE_LABELS[DocType(doc["doc_type"])][0]
    click.secho(doc["title"], bold=True)
    fields = [("key", doc["key"]), ("type", type_label), ("project", doc["project"]),
              ("department", doc["department"]), ("date", doc["date"]), ("authors", ", ".join(doc["authors"])),
              ("language", doc["language"]), ("source", doc["source_path"]),
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


@cli.command()
@filter_options(kinds=True, status=True)
@click.option("--document", "-d", help="Only lessons of this document key.")
@click.option("--limit", "-n", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def lessons(app: App, document: str | None, limit: int, offset: int, as_json: bool, **kw: Any) -> None:
    """List lessons (filter by project, tag, kind, type, language, date, review status)."""
    filters = make_filters(kw)
    filters.document = document
    rows, total = app.store().lessons(filters, limit=limit, offset=offset)
    if as_json:
        echo_json({"total": total, "offset": offset, "lessons": rows})
        return
    click.echo(table([[r["id"], r["kind"], r["project"], r["date"], r["text"]] for r in rows],
                     ["id", "kind", "project", "date", "lesson"], max_widths=[7, 14, 24, 10, 90]))
    click.echo(f"{offset + 1 if rows else 0}-{offset + len(rows)} of {total} lessons", err=True)


@cli.group()
def tag() -> None:
    """Add, remove, list, rename and merge tags.

    TARGET is a document key, or lesson:ID for a lesson.
    """


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@tag.command("add")
@click.argument("target")
@click.argument("tags", nargs=-1, required=True)
@click.pass_obj
def tag_add(app: App, target: str, tags: tuple[str, ...]) -> None:
    """Attach tags to a document or lesson (kept across re-ingestion)."""
    where = Target.parse(target)
    for name in tags:
        added = app.store().add_tag(where, name, actor=_actor())
        click.echo(f"{'tagged' if added else 'already tagged'} {where} with '{name}'")


@tag.command("remove")
@click.argument("target")
@click.argument("tags", nargs=-1, required=True)
@click.pass_obj
def tag_remove(app: App, target: str, tags: tuple[str, ...]) -> None:
    """Detach tags from a document or lesson."""
    where = Target.parse(target)
    for name in tags:
        removed = app.store().remove_tag(where, name, actor=_actor())
        if not removed:
            raise click.ClickException(f"{where} has no tag '{name}'")
        click.echo(f"removed '{name}' from {where}")


@tag.command("list")
@click.option("--limit", "-n", type=click.IntRange(1), default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def tag_list(app: App, limit: int, as_json: bool) -> None:
    """Tags with the number of documents and lessons they are on."""
    rows = app.store().tags(limit=limit)
    if as_json:
        echo_json(rows)
        return
    click.echo(table([[r["label"], r["documents"], r["lessons"]] for r in rows], ["tag", "documents", "lessons"]))


@tag.command("rename")
@click.argument("old")
@click.argument("new")
@click.pass_obj
def tag_rename(app: App, old: str, new: str) -> None:
    """Rename a tag everywhere (onto an existing tag: merge them)."""
    app.store().rename_tag(old, new, actor=_actor())
    click.echo(f"renamed '{old}' to '{new}'")


@tag.command("merge")
@click.argument("sources", nargs=-1, required=True)
@click.option("--into", required=True, help="The tag to keep.")
@click.pass_obj
def tag_merge(app: App, sources: tuple[str, ...], into: str) -> None:
    """Merge tags into one."""
    app.store().merge_tags(list(sources), into, actor=_actor())
    click.echo(f"merged {', '.join(sources)} into '{into}'")


@cli.command()
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
        click.echo(f"{name.capitalize():<17}{data[name]:,}")
    for title, key in (("By language", "by_language"), ("By type", "by_type"), ("Lessons by kind", "lessons_by_kind")):
        if data[key]:
            click.echo(f"{title + ':':<17}" + ", ".join(f"{k} {v:,}" for k, v in data[key].items()))


@cli.command()
@click.option("--run", "run_id", type=int, help="Run id [default: the latest run].")
@click.option("--warnings/--no-warnings", default=True, help="Include warnings.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def errors(app: App, run_id: int | None, warnings: bool, as_json: bool) -> None:
    """Files that failed (and warnings) in an ingest run."""
    rows = app.store().run_errors(run_id, level=None if warnings else "error")
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        where = f"{r['path']}:{r['line']}" if r["line"] else r["path"]
        click.echo(f"{r['level']}: {where}: {r['message']}")
    click.echo(f"{len(rows)} problem(s)", err=True)


@cli.command()
@click.argument("query")
@click.option("--mode", "-m", type=click.Choice(["hybrid", "keyword", "semantic"]), default="hybrid",
              show_default=True, help="Keyword (BM25), semantic (embeddings), or both fused.")
@filter_options(kinds=True)
@click.option("--limit", "-n", type=click.IntRange(1, 200), default=10, show_default=True, help="Documents per page.")
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option("--include-hidden", is_flag=True, help="Also show lessons a curator has hidden.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def search(app: App, query: str, mode: str, limit: int, page: int, include_hidden: bool, as_json: bool,
           **kw: Any) -> None:
    """Search lessons and documents, in Chinese or English; hits are grouped by document."""
    from search import SearchQuery

    filters = make_filters(kw)
    filters.include_hidden = include_hidden
    results = app.searcher().search(SearchQuery(query, mode=mode, filters=filters, limit=limit,
                                                offset=(page - 1) * limit))
    if as_json:
        echo_json(results.as_dict())
        return
    for note in results.notes:
        click.echo(f"note: {note}", err=True)
    if not results.groups:
        click.echo("No results. Try other words, the other language, --mode semantic, or fewer filters.")
        return
    for n, group in enumerate(results.groups, start=results.offset + 1):
        meta = " · ".join(x for x in (group.project, group.date, group.document_key) if x)
        click.echo(click.style(f"{n}. {group.document_title}", bold=True) + f"  [{group.doc_type}]  {meta}")
        for hit in group.hits:
            label = hit.lesson_kind or hit.kind
            where = f"{hit.heading} · " if hit.heading else ""
            extra = f"  (also in {', '.join(hit.duplicates)})" if hit.duplicates else ""
            click.echo(f"   {where}{label}  [{'+'.join(hit.legs)}]{extra}")
            click.echo(f"   {_terminal_snippet(hit)}")
        if group.more:
            click.echo(f"   … {group.more} more in this document")
    click.echo(f"{results.offset + 1}-{results.offset + len(results.groups)} of {results.total} documents "
               f"({results.mode}, {results.took_ms:.0f} ms)", err=True)


def _terminal_snippet(hit: Any) -> str:
    import html as html_lib
    import re

    parts = re.split(r"(<mark>.*?</mark>)", hit.snippet_html)
    out = []
    for part in parts:
        if part.startswith("<mark>"):
            out.append(click.style(html_lib.unescape(part[6:-7]), bold=True, fg="yellow"))
        else:
            out.append(html_lib.unescape(part))
    return "".join(out)


@cli.command()
@click.argument("lesson_id", type=int, required=False)
@click.option("--text", "-t", help="Describe a problem instead of giving a lesson id.")
@click.option("--same-project", is_flag=True, help="Include lessons from the lesson's own project.")
@click.option("--limit", "-n", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def similar(app: App, lesson_id: int | None, text: str | None, same_project: bool, limit: int, as_json: bool) -> None:
    """Similar past issues: lessons from other documents and projects like a lesson or a description."""
    if lesson_id is None and not text:
        raise click.UsageError("give a LESSON_ID or --text 'a description of the problem'")
    hits = app.searcher().similar(lesson_id=lesson_id, text=text, limit=limit, other_projects=not same_project)
    if as_json:
        echo_json([h.as_dict() for h in hits])
        return
    if lesson_id is not None:
        lesson = app.store().lesson(lesson_id)
        click.echo(click.style(f"Like lesson {lesson_id}", bold=True) + f" ({lesson['project']}): {lesson['text']}\n")
    for n, hit in enumerate(hits, start=1):
        click.echo(click.style(f"{n}. [{hit.lesson_id}] {hit.lesson_kind}", bold=True)
                   + f"  {hit.project or ''} · {hit.document_title} · {hit.document_key}")
        click.echo(f"   {_terminal_snippet(hit)}")
    if not hits:
        click.echo("No similar lessons found in other documents.")


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def reindex(app: App, as_json: bool) -> None:
    """Rebuild the search index from the store (cached embeddings are reused; only new text is embedded)."""
    report = app.index().reindex(_progress_bar("Indexing", "doc") if not as_json else None)
    if as_json:
        echo_json(report.as_dict())
        return
    click.echo(f"Reindexed {report.documents:,} documents into {report.chunks:,} chunks: {report.embedded:,} texts "
               f"embedded, {report.cached:,} from cache, in {report.seconds:.2f} s")
    for note in report.notes:
        click.echo(f"Index: {note}")


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def check(app: App, as_json: bool) -> None:
    """Compare the store with the search index; exit 1 if they disagree."""
    from search import IndexMismatch

    index = app.index()
    try:
        problems = index.check()
    except IndexMismatch as exc:
        problems = [str(exc)]
    chunks = index.chunk_count()
    if as_json:
        echo_json({"ok": not problems, "problems": problems, "chunks": chunks})
    elif problems:
        for problem in problems:
            click.echo(f"problem: {problem}", err=True)
        click.echo("The index disagrees with the store: run 'kb reindex' (or 'kb ingest' again) to repair it.",
                   err=True)
    else:
        click.echo(f"OK: {chunks:,} chunks; the keyword and vector indexes agree with the store.")
    if problems:
        sys.exit(1)


@cli.command("eval")
@click.option("--queries", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="BEIR queries.jsonl.")
@click.option("--qrels", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="BEIR qrels .tsv (query-id, corpus-id, score).")
@click.option("--mode", "-m", type=click.Choice(["keyword", "semantic", "hybrid", "all"]), default="all",
              show_default=True)
@click.option("--run-out", type=click.Path(dir_okay=False, path_type=Path), help="Write a TREC run file here.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def eval_command(app: App, queries: Path, qrels: Path, mode: str, run_out: Path | None, as_json: bool) -> None:
    """Evaluate retrieval: nDCG@10, Recall@10, Recall@100 and MRR@10 per mode (documents ranked by best hit)."""
    from search.evaluate import METRICS, load_qrels, load_queries, run_mode, write_trec_run

    query_list = load_queries(queries)
    judgements = load_qrels(qrels)
    judged = [q for q in query_list if q.id in judgements]
    if not judged:
        raise click.ClickException(f"none of the {len(query_list)} queries has judgements in {qrels}")
    modes = ["keyword", "semantic", "hybrid"] if mode == "all" else [mode]
    searcher = app.searcher()
    results = []
    for m in modes:
        bar = _progress_bar(f"eval {m}", "query")(len(judged)) if not as_json else None
        results.append(run_mode(searcher, judged, judgements, m, on_query=(lambda: bar.update(1)) if bar else None))
        if bar is not None:
            bar.close()
    if run_out:
        write_trec_run(run_out, results)
    if as_json:
        echo_json({"queries": len(judged), "modes": {r.mode: {"metrics": r.metrics, "groups": r.groups}
                                                      for r in results}})
        return
    rows = [[r.mode, *(f"{r.metrics[m]:.3f}" for m in METRICS)] for r in results]
    click.echo(f"{len(judged)} judged queries ({len(query_list)} in the file)")
    click.echo(table(rows, ["mode", *METRICS]))
    groups = sorted({g for r in results for g in r.groups})
    if groups:
        click.echo("\nBy query set:")
        rows = [[r.mode, g, *(f"{r.groups[g][m]:.3f}" for m in METRICS)] for r in results for g in groups
                if g in r.groups]
        click.echo(table(rows, ["mode", "set", *METRICS]))
    if run_out:
        click.echo(f"\nRun file: {run_out}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
@click.pass_obj
def serve(app: App, host: str, port: int, threads: int) -> None:
    """Run the web UI and JSON API on a production WSGI server (waitress)."""
    import waitress

    from web import create_app

    flask_app = create_app(app.settings)
    _warm_up(app)
    click.echo(f"Lessons KB on http://{host}:{port}/ (database {app.settings.db}); Ctrl+C stops it.")
    waitress.serve(flask_app, host=host, port=port, threads=threads, ident="lessons-kb", clear_untrusted_proxy_headers=True)


def _warm_up(app: App) -> None:
    """Load the model, vector index, dictionary and vocabulary before the first request, so it need not wait."""
    from search import IndexMismatch, SearchQuery

    try:
        if app.index().chunk_count():
            app.searcher().search(SearchQuery("供应商 vendor"))
    except IndexMismatch as exc:
        click.echo(f"warning: {exc}", err=True)


@cli.group()
def user() -> None:
    """Manage accounts: readers, curators and admins."""


def _password(prompt: bool) -> str:
    return click.prompt("Password", hide_input=True, confirmation_prompt=True) if prompt else \
        click.get_text_stream("stdin").readline().rstrip("\n")


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["reader", "curator", "admin"]), default="reader", show_default=True)
@click.option("--display-name", help="Name shown in the UI.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@click.pass_obj
def user_add(app: App, name: str, role: str, display_name: str | None, password_stdin: bool) -> None:
    """Create an account (the password is asked for, and stored only as a salted hash)."""
    app.store().add_user(name, _password(not password_stdin), role, display_name)
    click.echo(f"added {role} '{name}'")


@user.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@click.pass_obj
def user_passwd(app: App, name: str, password_stdin: bool) -> None:
    """Change a password."""
    app.store().set_password(name, _password(not password_stdin))
    click.echo(f"password of '{name}' changed")


@user.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(["reader", "curator", "admin"]))
@click.pass_obj
def user_role(app: App, name: str, role: str) -> None:
    """Change a user's role."""
    app.store().set_role(name, role)
    click.echo(f"'{name}' is now {role}")


@user.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def user_list(app: App, as_json: bool) -> None:
    """Every account."""
    rows = app.store().users()
    if as_json:
        echo_json(rows)
        return
    click.echo(table([[r["name"], r["role"], "yes" if r["active"] else "no", r["last_login"]] for r in rows],
                     ["user", "role", "active", "last login"]))


@user.command("token")
@click.argument("name")
@click.option("--label", help="What the token is for.")
@click.pass_obj
def user_token(app: App, name: str, label: str | None) -> None:
    """Create an API token (shown once; send it as 'Authorization: Bearer TOKEN')."""
    click.echo(app.store().create_token(name, label))


@cli.group()
def subscribers() -> None:
    """Manage digest subscribers."""


def _interest_options(f: Any) -> Any:
    for option in reversed([
        click.option("--tag", "tags", multiple=True, help="Interested in this tag (repeatable; none = everything)."),
        click.option("--project", "projects", multiple=True, help="Interested in this project (repeatable)."),
        click.option("--kind", "kinds", multiple=True, type=click.Choice([k.value for k in LessonKind]),
                     help="Interested in this lesson kind (repeatable)."),
    ]):
        f = option(f)
    return f


@subscribers.command("add")
@click.argument("email")
@click.option("--name", "-n", help="The subscriber's name.")
@click.option("--lang", "language", type=click.Choice(["zh", "en"]), default="en", show_default=True)
@_interest_options
@click.option("--frequency", type=click.Choice(["weekly", "daily", "off"]), default="weekly", show_default=True)
@click.option("--curator", is_flag=True, help="Also send the curators' sections (failed searches, untagged).")
@click.pass_obj
def subscribers_add(app: App, email: str, name: str | None, language: str, tags: tuple[str, ...],
                    projects: tuple[str, ...], kinds: tuple[str, ...], frequency: str, curator: bool) -> None:
    """Subscribe an address to the digest."""
    app.store().add_subscriber(email, name=name, language=language, frequency=frequency,
                               interests={"tags": list(tags), "projects": list(projects), "kinds": list(kinds)},
                               role="curator" if curator else "reader")
    click.echo(f"subscribed {email} ({frequency}, {language})")


@subscribers.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def subscribers_list(app: App, as_json: bool) -> None:
    """Every subscriber with language, frequency and interests."""
    rows = app.store().subscribers()
    if as_json:
        echo_json(rows)
        return
    click.echo(table([[r["email"], r["name"], r["language"], r["frequency"],
                       "yes" if r["active"] and r["confirmed"] else "no",
                       "; ".join(f"{k}: {', '.join(v)}" for k, v in r["interests"].items() if v) or "everything",
                       r["last_period_end"]] for r in rows],
                     ["email", "name", "lang", "frequency", "active", "interests", "last digest up to"],
                     max_widths=[40, 20, 4, 9, 6, 50, 25]))
    click.echo(f"{len(rows)} subscriber(s)", err=True)


@subscribers.command("remove")
@click.argument("email")
@click.pass_obj
def subscribers_remove(app: App, email: str) -> None:
    """Remove a subscriber."""
    app.store().remove_subscriber(email)
    click.echo(f"removed {email}")


@subscribers.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def subscribers_import(app: App, file: Path) -> None:
    """Import subscribers from a CSV (email, name, language, tags, projects, kinds, frequency; tags etc.
    separated by ';'). Existing addresses are updated; bad rows are reported by line and skipped."""
    from kb.subscriber_import import import_subscribers

    report = import_subscribers(app.store(), file)
    for line, message in report.errors:
        click.echo(f"error: {file}:{line}: {message}", err=True)
    click.echo(f"{report.added} added, {report.updated} updated, {len(report.errors)} rejected")
    if report.errors:
        sys.exit(1)


@cli.group()
def digest() -> None:
    """Preview and send the digest e-mails."""


def _past_lessons(app: App) -> Any:
    """The 'recurring problems' finder (search lives above kb, so it is wired here)."""
    from search import IndexMismatch

    searcher = app.searcher()

    def past(lesson_id: int, before: str) -> list[dict[str, Any]]:
        try:
            return searcher.earlier_similar(lesson_id, before=before)
        except IndexMismatch:
            return []

    return past


@digest.command("preview")
@click.option("--subscriber", "-s", "email", help="Whose digest (default: an English reader interested in everything).")
@click.option("--period", help="2026-W47 or 2026-11-25 [default: the week so far].")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Language of the default reader.")
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path), help="Also write the HTML here.")
@click.pass_obj
def digest_preview(app: App, email: str | None, period: str | None, lang: str | None, html_file: Path | None) -> None:
    """Show a digest as it would be sent (text on the terminal, HTML to a file), without sending or recording."""
    from kb.digest import compose, current_week, parse_period, render

    chosen = parse_period(period) if period else current_week()
    sub = app.store().subscriber(email) if email else {
        "id": 0, "email": "preview@example.org", "name": "Preview", "language": lang or "en", "interests": {},
        "role": "curator", "link_nonce": "preview", "last_period_end": None}
    content = compose(app.store(), sub, chosen.label, (chosen.default_window_start, chosen.end), _past_lessons(app),
                      min_similar=app.settings.recurring_min_similar)
    subject, html, text = render(content, base_url=app.settings.base_url, secret=app.settings.secret_key or "preview")
    click.echo(f"Subject: {subject}\n\n{text}")
    if html_file:
        html_file.write_text(html, encoding="utf-8")
        click.echo(f"HTML written to {html_file}", err=True)


@digest.command("send")
@click.option("--period", help="2026-W47 (weekly subscribers) or 2026-11-25 (daily) [default: the last complete "
                               "week for weekly subscribers and yesterday for daily ones].")
@click.option("--dry-run", is_flag=True, help="Compose every digest, send and record nothing.")
@click.option("--subscriber", "-s", "only", help="Only this address.")
@click.option("--retry-unknown", is_flag=True, help="Resend digests whose earlier send was interrupted (may duplicate).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def digest_send(app: App, period: str | None, dry_run: bool, only: str | None, retry_unknown: bool,
                as_json: bool) -> None:
    """Send the digests that are due, exactly once per subscriber and period (safe to re-run from cron).

    Exit status 1 if any recipient failed or an earlier interrupted send is in doubt.
    """
    from kb.digest import last_complete_week, parse_period, send_digests, yesterday

    if not app.settings.secret_key:
        raise click.ClickException("digests contain signed unsubscribe links: set KB_SECRET_KEY")
    periods = [parse_period(period)] if period else [last_complete_week(), yesterday()]
    past = _past_lessons(app)
    reports = []
    for chosen in periods:
        bar = None if as_json else _progress_bar(f"digest {chosen.label}", "mail")(
            len(app.store().subscribers(frequency=chosen.frequency, due_only=True)))
        reports.append(send_digests(app.store(), app.settings, chosen, past_lessons=past, dry_run=dry_run,
                                    retry_unknown=retry_unknown, only=only,
                                    after_each=(lambda e, o: bar.update(1)) if bar else None))
        if bar is not None:
            bar.close()
    if as_json:
        echo_json([r.as_dict() for r in reports])
    else:
        for r in reports:
            for address, why in r.failed:
                click.echo(f"failed: {address}: {why}", err=True)
            for address in r.unknown:
                click.echo(f"in doubt: {address}: an earlier run stopped while sending; check the mail log, "
                           "then --retry-unknown to resend", err=True)
            verb = "would send" if dry_run else "sent"
            click.echo(f"{r.period}: {len(r.would_send if dry_run else r.sent)} {verb}, {len(r.empty)} with nothing "
                       f"new, {len(r.already)} already done, {len(r.busy)} being sent by another run, "
                       f"{len(r.failed)} failed, {len(r.unknown)} in doubt, in {r.seconds:.1f} s")
    if any(not r.ok for r in reports):
        sys.exit(1)


@cli.command()
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
def backup(app: App, dest: Path) -> None:
    """Back up the database (online, safe while the server runs) and the vector index into a folder."""
    import json
    import shutil

    from search import index_path

    store = app.store()
    dest.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    store.backup_to(dest / "kb.db")
    faiss = index_path(app.settings)
    copied = []
    for path in (faiss, faiss.with_suffix(faiss.suffix + ".json")):
        if path.exists():
            tmp = dest / (path.name + ".partial")
            shutil.copyfile(path, tmp)
            tmp.replace(dest / path.name)
            copied.append(path.name)
    stats = store.stats()
    manifest = {"created": _now(), "source": str(app.settings.db), "documents": stats["documents"],
                "lessons": stats["lessons"], "files": ["kb.db", *copied], "model": app.settings.model}
    (dest / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    size = sum((dest / name).stat().st_size for name in manifest["files"])
    click.echo(f"Backed up {stats['documents']:,} documents ({human_bytes(size)}) to {dest} "
               f"in {time.perf_counter() - started:.1f} s")


@cli.command()
@click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing database.")
@click.pass_obj
def restore(app: App, src: Path, force: bool) -> None:
    """Restore a backup made by 'kb backup' into --db, then bring the search index in line with it."""
    import shutil

    from kb.store import Store
    from search import index_path

    source = src / "kb.db"
    if not source.exists():
        raise click.ClickException(f"{src} holds no kb.db: not a backup made by 'kb backup'")
    target = app.settings.db
    if target.exists() and not force:
        raise click.ClickException(f"{target} exists; add --force to replace it")
    with Store(source, create=False) as backup_store:
        backup_store.backup_to(target)
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    faiss = index_path(app.settings)
    for name, path in (("kb.faiss", faiss), ("kb.faiss.json", faiss.with_suffix(faiss.suffix + ".json"))):
        if (src / name).exists():
            shutil.copyfile(src / name, path)
        else:
            path.unlink(missing_ok=True)
    report = app.index().sync()
    problems = app.index().check()
    click.echo(f"Restored {app.store().stats()['documents']:,} documents into {target}; index: {report.chunks:,} "
               f"chunks" + (f", {report.repaired:,} vectors repaired" if report.repaired else "")
               + ("" if not problems else f"; problems: {'; '.join(problems)}"))
    if problems:
        sys.exit(1)


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def config(app: App, as_json: bool) -> None:
    """Show every setting, its value and the environment variable that sets it."""
    rows = app.settings.describe()
    if as_json:
        echo_json(rows)
        return
    click.echo(table([[r["name"], r["value"], r["env"], r["help"]] for r in rows], ["setting", "value", "env", "help"]))


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="kb")


if __name__ == "__main__":
    main()
