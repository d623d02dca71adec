"""Commands for search: search, similar, reindex, check, eval."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kb.cli_exports import export_language_option, locale_language, refuse_json_with_export, write_export
from kb.cli_filters import filter_options, make_filters, warn_unmatched
from kb.cli_support import App, progress_bar, write_search_cache
from kb.cli_types import Count, FileName, LessonId, NumberArguments
from kb.commands.hit_lines import echo_group, echo_lesson, echo_similar
from kb.commands.messages import counted
from kb.display import echo_json, human_duration, table
from kb.errors import StoreError
from kb.text import clean_query, has_words
from kb.wording import number

if TYPE_CHECKING:
    from search.results import SearchResults

MAX_PAGE = 1000  # as on the search page
STDIN_SLACK = 4  # standard input read to at most this many times what search reads (kb search -)
REINDEX_INTERRUPTED = ("interrupted: the documents and lessons are untouched, but the search index is incomplete "
                       "until 'kb reindex' runs to the end (the texts already embedded are taken from the cache)")


@click.command()
@click.argument("query")
@click.option("--mode", "-m", type=click.Choice(["hybrid", "keyword", "semantic"], case_sensitive=False), default="hybrid",
              show_default=True, help="Keyword (BM25), semantic (embeddings), or both fused.")
@filter_options(kinds=True)
@click.option("--limit", "-n", type=Count(1, 200), default=10, show_default=True, help="Documents per page.")
@click.option("--page", type=Count(1, MAX_PAGE), default=1, show_default=True,
              help="Which page of --limit documents.")
@click.option("--include-hidden", is_flag=True, help="Also show lessons a curator has hidden.")
@click.option("--prefer-lang", type=click.Choice(["auto", "zh", "en", "any"], case_sensitive=False), default=None,
              help="Documents in this language first where they are about as relevant (others still listed, "
                   "marked); auto: the query's language for a Chinese query or an English sentence (3 content words "
                   "or more), none for a term or a mixed query; any: none.  [default: the prefer_lang setting, auto]")
@click.option("--all", "all_matches", is_flag=True,
              help="Also list the documents under the relevance floor (matched by a word or little meaning).")
@click.option("--sort", type=click.Choice(["relevance", "date", "-date"], case_sensitive=False), default="relevance", show_default=True,
              help="Order of the documents found (the same ones): relevance; date newest first (what went wrong last "
                   "time), -date oldest first; documents without a date last.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--csv", "csv_file", type=FileName(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write the hits of this page to a CSV file ('-': standard output).")
@export_language_option
@click.pass_obj
def search(app: App, query: str, mode: str, limit: int, page: int, include_hidden: bool, prefer_lang: str,
           all_matches: bool, sort: str, as_json: bool, csv_file: Path | None, export_lang: str | None, **kw: Any) -> None:
    """Search lessons and documents, in Chinese or English; hits are grouped by document. Only documents above
    the relevance floor are listed unless --all is given.

    \b
    QUERY "-" reads it from standard input: a pasted lesson or retrospective section (its first 10,000 characters are
    searched, as of any query).

    \b
    Examples:
      kb search "测试环境没有准备好" --limit 3
      kb search "vendor delivered late" --prefer-lang zh --kind lesson --page 2
      kb search "供应商交付延期" --sort date
      kb search - < lesson.md
    """
    from kb.commands.pending_upgrade import say_upgrade_pending
    from search import SearchQuery
    from search.long_query import MAX_QUERY_CHARS
    from search.preference import chosen_language

    refuse_json_with_export(as_json, csv=csv_file)
    query, unread = standard_input(MAX_QUERY_CHARS) if query == "-" else (query, False)
    if clean_query(query) and not has_words(query):  # a search by meaning would list neighbours of "!!!"
        raise click.ClickException("punctuation and symbols alone are not searched for; give a word or two")
    filters = make_filters(kw)
    filters.include_hidden = include_hidden
    warn_unmatched(app.store(), filters)
    say_upgrade_pending(app.store())
    choice, chosen_by = (prefer_lang, "option") if prefer_lang else (app.settings.prefer_lang, "setting")
    preferred = chosen_language(choice, query)
    results = app.searcher().search(SearchQuery(query, mode=mode, filters=filters, limit=limit,
                                                offset=(page - 1) * limit, prefer_lang=preferred,
                                                all_matches=all_matches, suggest=csv_file is None, sort=sort))
    results.notes[:0] = _cut_note(len(clean_query(query)), MAX_QUERY_CHARS, "query", unread=unread)
    if csv_file is not None:
        for note in results.notes:
            click.echo(f"note: {note}", err=True)
        from kb import export

        rows = export.search_rows(results, app.settings.base_url)
        write_export(export.spreadsheet("csv", export.SEARCH_COLUMNS, rows, export_lang or locale_language()),
                     csv_file)
        click.echo(f"{counted('hits', len(rows))} in {number(len(results.groups))} of "
                   f"{counted('documents', results.total)} exported", err=True)
        return
    marked = _mark_other_language(results, preferred, query)
    empty = _empty_page(results, query, page, limit, all_matches, filtered=bool(_narrowing(filters)))
    if empty and not results.total:
        empty = _unindexed(app) or empty
    if as_json:  # "message" as /api/search words it where nothing is listed; "limit" as every paged listing has it
        echo_json({**results.as_dict(), "prefer_lang_by": "query" if choice == "auto" else chosen_by,
                   "marked_lang": marked, "limit": limit,
                   **({"message": empty} if empty else {})})
        return
    for note in results.notes:
        click.echo(f"note: {note}", err=True)
    if results.suggestion:
        click.echo(f"did you mean: {results.suggestion}? {_search_command(results.suggestion)}", err=True)
    if empty:
        click.echo(empty)
        return
    for n, group in enumerate(results.groups, start=results.offset + 1):
        marks = (f"  ({LANGUAGE_NAMES.get(group.language or '', group.language)})" if group.other_language else "") \
            + ("  (under the relevance floor)" if not group.relevant else "")
        echo_group(n, group, marks, lambda keys: _also_in(app.store(), keys))
    click.echo(_SORTED.get(sort) or _preference_line(preferred, choice, chosen_by, lifted=results.lifted), err=True)
    click.echo(_summary(results, all_matches), err=True)


# What a sort by date says where the preference line says why the order is what it is
_SORTED = {"date": "Newest first, by the documents' dates (those without one last); --sort relevance: by relevance",
           "-date": "Oldest first, by the documents' dates (those without one last); --sort relevance: by relevance"}


def standard_input(limit: int) -> tuple[str, bool]:
    """A query or a text given as "-": standard input (a file piped in, or a paste ended by Ctrl-D), read no further
    than search reads: until its text cleaned (kb.text.clean_query) is one character longer than ``limit``, so that
    it is known to be longer (a log of gigabytes piped in was read whole, to be cut at 10,000 characters), or until
    it ends; and never more than ``STDIN_SLACK`` times ``limit`` characters (what cleaning drops: control and
    invisible characters, surrounding space).

    Returns:
        The text read, and whether standard input went on past what search reads (the rest not read).

    Raises:
        click.ClickException: when its bytes are not text in its encoding (a GBK file piped in), in one line.
    """
    text, more = "", False
    while not more:
        wanted = limit + 1 - len(clean_query(text))
        if wanted <= 0 or len(text) >= STDIN_SLACK * limit:
            more = wanted <= 0 or bool(_read_input(1))
            break
        chunk = _read_input(wanted)
        if not chunk:
            break
        text += chunk
    return text, more


def _read_input(size: int) -> str:
    """At most ``size`` characters of standard input, refused in one line when they are not text (``standard_input``)."""
    from kb.cli_errors import not_text_input, undecoded_start

    encoding = sys.stdin.encoding or "utf-8"
    try:
        text = sys.stdin.read(size)
    except UnicodeDecodeError as exc:  # a locale that decodes strictly
        raise click.ClickException(not_text_input(exc.object[exc.start:], encoding)) from None
    start = undecoded_start(text)  # the C locale's surrogateescape keeps such bytes as lone surrogates
    if start is not None:
        raise click.ClickException(not_text_input(text[start:start + 24].encode(encoding, "surrogateescape"), encoding))
    return text


def _cut_note(length: int, limit: int, what: str, *, unread: bool = False) -> list[str]:
    """The note that only the first ``limit`` characters of a long query (or a similar search's text, ``length``
    long as the searcher measures it) were searched: the cut was silent in the CLI, where a pasted report is easily
    longer (none when short). ``unread``: standard input went on past them, and was read no further
    (``standard_input``), so its length is not known."""
    if unread:
        return [(f"only the {what}'s first {number(limit)} characters were searched: standard input went on, and "
                 "was read no further")]
    if length <= limit:
        return []
    return [f"only the {what}'s first {number(limit)} characters were searched (it has {number(length)})"]


def _mark_other_language(results: SearchResults, preferred: str | None, query: str) -> str:
    """Mark the documents not in the reader's language, as the page and /api/search do: the language preferred or,
    with none (--prefer-lang any, or auto for a term), the one the page would have preferred, with the locale's
    language for the page's (``reading_language``); so a preference reorders without changing a mark. Returns it."""
    from search.preference import readable, reading_language

    reading = preferred or reading_language(locale_language(), query)
    for group in results.groups:
        group.other_language = not readable(group.language, reading)
    return reading


_AUTO_WHY = {"query": ("the query's language", "a term or a mixed query"),  # auto, with a language and without
             "text": ("the text's language", "a term or a mixed text"), "lesson": ("the lesson's language", "a mixed lesson")}


def _preference_line(preferred: str | None, choice: str, chosen_by: str, what: str = "query", lifted: int = 0) -> str:
    """Why the order is what it is, and how to change it, as the page shows its choices: "Chinese documents first
    where about as relevant (the query's language); --prefer-lang any: by relevance alone" (``what``: the query, or a
    similar search's text or lesson, whose lessons are listed); and, where the reader's language's documents on point
    were lifted past the other's (``lifted``, search/preference.py), how many: "…, 1 on-point document lifted past
    the other language's (…)", since a document well behind by score then stands 3rd."""
    why = {"option": f"--prefer-lang {choice}", "setting": f"the prefer_lang setting, {choice}"}[chosen_by]
    if choice == "auto":
        why = _AUTO_WHY[what][preferred is None]
    items = "documents" if what == "query" else "lessons"
    if preferred is None:
        return f"No language preferred ({why}); --prefer-lang zh or en puts one first where about as relevant"
    name = LANGUAGE_NAMES[preferred].removeprefix("in ")
    moved = f", {counted('lifted', lifted)}" if lifted else ""
    return f"{name} {items} first where about as relevant{moved} ({why}); --prefer-lang any: by relevance alone"


def _also_in(store: Any, keys: tuple[str, ...]) -> str:
    """"  (also in ERP升级一期复盘, PMO lessons digest)": the other documents holding the lesson, by title as the
    search page names them (the key of one without a title)."""
    if not keys:
        return ""
    titles = store.document_titles(keys)
    return f"  (also in {', '.join(titles.get(key) or key for key in keys)})"


def _search_command(query: str) -> str:
    """``kb search "query"``, quoted for a shell (single quotes when double ones would not hold it as it is)."""
    import shlex

    held = not any(c in query for c in '"$`\\!')
    return f'kb search "{query}"' if held else f"kb search {shlex.quote(query)}"


def _summary(results: Any, all_matches: bool) -> str:
    """"1-10 of 1,099 relevant documents (2,345 matched; hybrid, 16,057 ms)": the amounts grouped, as on the page."""
    shown = f"{number(results.offset + 1)}-{number(results.offset + len(results.groups))}"
    counts = (f"{shown} of {_documents(results.total, 'matched')} ({number(results.relevant_count)} relevant"
              if all_matches else
              f"{shown} of {_documents(results.relevant_count, 'relevant')} ({number(results.total)} matched")
    return f"{counts}; {results.mode}, {number(round(results.took_ms))} ms)"


def _narrowing(filters: Any) -> list[Any]:
    """The filters of kb search that narrow a search (empty: none given)."""
    return [value for value in (filters.project, filters.tags, filters.doc_type, filters.kind, filters.language,
                                filters.since, filters.until) if value]


def _empty_page(results: Any, query: str, page: int, limit: int, all_matches: bool, *,
                filtered: bool = False) -> str | None:
    """Why a page lists nothing (None when it lists something)."""
    if results.groups:
        return None
    if results.listed_count:  # as the search page says it, not "No results. Try other words"
        pages = -(-results.listed_count // limit)
        listed = _documents(results.listed_count, "matched" if all_matches else "relevant")
        return f"Page {page} is past the last page of results ({number(pages)}): {listed}, {limit} a page."
    if results.total and not results.relevant_count and not all_matches:
        return _nothing_relevant(clean_query(query), results.total)
    return _nothing_found(results.mode, filtered)


def _nothing_found(mode: str, filtered: bool) -> str:
    """What a reader can still do where nothing matched: as the search page says it, another mode only to one not
    searching by meaning, fewer filters only to one who gave some (it said "--mode semantic, or fewer filters" in
    semantic mode and without a filter too)."""
    ways = ["other words", "the other language", *(["--mode semantic"] if mode != "semantic" else []),
            *(["fewer filters"] if filtered else [])]
    return f"No results. Try {', '.join(ways[:-1])}{',' if len(ways) > 2 else ''} or {ways[-1]}."


def _documents(n: int, which: str) -> str:
    """"1 relevant document", "1,099 matched documents"."""
    return f"{number(n)} {which} document" + ("" if n == 1 else "s")


LANGUAGE_NAMES = {"zh": "in Chinese", "en": "in English"}


def _nothing_relevant(query: str, matched: int, what: str = "query") -> str:
    """The off-topic message, in the query's language (``what``: the query, or a similar search's text)."""
    from kb.models import Language
    from kb.text import detect_language

    if detect_language(query) == Language.ZH:
        return (f"没有找到相关的结果：{matched} 篇文档只是碰到了个别词语或意思相去甚远。"
                "加上 --all 可以列出它们。")
    shares, them = ("1 document shares", "it") if matched == 1 else (f"{matched} documents share", "them")
    return f"Nothing relevant found: {shares} only a word or a distant meaning with the {what}. --all lists {them}."


@click.command(cls=NumberArguments)
@click.argument("lesson_id", type=LessonId(), required=False)
@click.option("--text", "-t", help="Describe a problem instead of giving a lesson id ('-': read it from standard "
                                   "input, a pasted lesson or section; its first 10,000 characters are searched).")
@click.option("--same-project", is_flag=True,
              help="Include lessons from the lesson's own project (with LESSON_ID; --text searches every project).")
@click.option("--limit", "-n", type=Count(1, 100), default=10, show_default=True, help="Lessons to list.")
@click.option("--per-document", type=Count(0, 100), default=None,
              help="At most this many lessons from one document (0: no limit) [default: the similar_per_document "
                   "setting, 2].")
@click.option("--all", "all_matches", is_flag=True,
              help="Also list lessons of the documents under the relevance floor (matched by a word or little "
                   "meaning).")
@click.option("--prefer-lang", type=click.Choice(["auto", "zh", "en", "any"], case_sensitive=False), default=None,
              help="Lessons in this language first where they are about as relevant (others still listed, marked); "
                   "auto: the lesson's language, or the text's as kb search takes a query's; any: none.  [default: "
                   "the prefer_lang setting, auto]")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def similar(app: App, lesson_id: int | None, text: str | None, same_project: bool, limit: int,
            per_document: int | None, all_matches: bool, prefer_lang: str | None, as_json: bool) -> None:
    """Similar past issues: lessons from other documents and projects like a lesson or a description, a few
    from each document. LESSON_ID is the [ID] that search and lessons list (802, or lesson:802 as kb show
    takes it).

    \b
    Examples:
      kb similar 802
      kb similar --text "the vendor keeps delivering the interfaces late" --limit 3
      kb similar --text - < problem.txt
      kb similar 1025 --prefer-lang any
    """
    from search.long_query import MAX_QUERY_CHARS

    text, unread = standard_input(MAX_QUERY_CHARS) if text == "-" else (text, False)
    if lesson_id is None and text is None:  # --text "" is given, and said to be empty, as --text "   " is
        raise click.UsageError("give a LESSON_ID or --text 'a description of the problem'")
    if lesson_id is not None and text is not None:
        raise click.UsageError("give a LESSON_ID or --text, not both")
    found = app.searcher().similar_lessons(lesson_id=lesson_id, text=text, limit=limit,
                                           other_projects=not same_project, per_document=per_document,
                                           all_matches=all_matches, prefer_lang=prefer_lang)
    hits = found.hits
    for note in _cut_note(len((text or "").strip()), MAX_QUERY_CHARS, "text", unread=unread):  # on stderr with --json too
        click.echo(f"note: {note}", err=True)
    if as_json:  # as /api/lessons/<id>/similar answers (lesson_id null for a text)
        echo_json({"lesson_id": lesson_id, **found.as_dict()})
        return
    if lesson_id is not None:
        echo_lesson(lesson_id, app.store().lesson(lesson_id))
    for n, hit in enumerate(hits, start=1):
        language = f"  ({LANGUAGE_NAMES.get(hit.language or '', hit.language)})" if hit.other_language else ""
        echo_similar(n, hit, language)
    if hits:
        choice, chosen_by = (prefer_lang, "option") if prefer_lang else (app.settings.prefer_lang, "setting")
        click.echo(_preference_line(found.prefer_lang, choice, chosen_by, "text" if text else "lesson",
                                    lifted=found.lifted), err=True)
    if not hits and found.matched and not all_matches:  # as kb search says it of an off-topic query
        click.echo(_nothing_relevant(text or "", found.matched, "text" if text else "lesson"))
    elif not hits:
        click.echo(_unindexed(app) or "No similar lessons found in other documents.")


def _unindexed(app: App) -> str | None:
    """Why nothing was found when nothing has been ingested, or the search index lacks documents (kb ingest
    --no-index, or an ingest stopped while indexing): "No results. Try other words" sent the reader after other
    words."""
    if not app.store().scalar("SELECT count(*) FROM documents"):  # kb init, then kb search: "Try other words"
        return "Nothing found: no document has been ingested yet; 'kb ingest PATH...' adds them."
    missing = app.store().scalar(
        "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id"
        " AND c.doc_hash = d.content_hash)")
    if not missing:
        return None
    return (f"Nothing found, but {counted('documents', missing)} {'is' if missing == 1 else 'are'} not in the search "
            "index yet (ingested with --no-index, or stopped while indexing): 'kb reindex' adds them.")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def reindex(app: App, as_json: bool) -> None:
    """Rebuild the search index from the store (cached embeddings are reused; only new text is embedded)."""
    try:
        report = app.index().reindex(progress_bar("Indexing", "doc") if not as_json else None,
                                     progress_bar("Translating", "chunk") if not as_json else None)
    except KeyboardInterrupt:
        raise click.ClickException(REINDEX_INTERRUPTED) from None
    if report.chunks:  # nothing to search, nothing to start fast for
        write_search_cache(app, quiet=as_json)
    app.store().checkpoint()  # said if the database file cannot take what the reindex wrote
    if as_json:
        echo_json(report.as_dict())
        return
    click.echo(f"Reindexed {counted('documents', report.documents)} into {counted('chunks', report.chunks)}: "
               f"{counted('texts_embedded', report.embedded)}, {number(report.cached)} from cache, in {human_duration(report.seconds)}")
    for note in report.notes:
        click.echo(f"Index: {note}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def check(app: App, as_json: bool) -> None:
    """Compare the store with the search index; exit 1 if they disagree."""
    from kb.commands.abandoned_runs import say_abandoned
    from kb.commands.upgrade_plan import plan_lines, upgrade_plan
    from search import IndexMismatch

    say_abandoned(app.store())
    index = app.index()
    try:
        disagreements = index.check()
    except IndexMismatch as exc:
        disagreements = [str(exc)]
    problems = [*disagreements, *_unmerged(app)]
    chunks = index.chunk_count()
    unmatched = len(app.store().unmatched_corrections())  # not the index's problem: said, exit 0
    plan = upgrade_plan(app)
    if as_json:
        echo_json({"ok": not problems, "problems": problems, "chunks": chunks, "upgrade": plan.as_dict(),
                   "unmatched_corrections": unmatched})
    else:
        _say_check(problems, bool(disagreements), plan_lines(plan), plan.files, chunks)
    if unmatched and not as_json:
        click.echo(f"note: {counted('unmatched_corrections', unmatched)} since their files were read again "
                   "('kb errors' lists them; forget or redo each on its document's Edit page)", err=True)
    if chunks and not as_json and not _cache_current(app):
        click.echo(f"note: the search cache {index.cache_folder} is missing or out of date (written by another "
                   "version, or the project's files were moved), so each 'kb search' starts seconds slower: "
                   "'kb reindex' writes it again", err=True)
    if problems:
        sys.exit(1)


def _cache_current(app: App) -> bool:
    """Whether the fast-start cache is there for this version: after a move or an upgrade of the project's files
    every cold search took 10-20 s instead of 1-2 s, and 'kb check' said OK."""
    from search import fast_start

    return fast_start.is_current(app.index().cache_folder, app.index().model)


def _say_check(problems: list[str], disagree: bool, plan: list[str], rereading: int, chunks: int) -> None:
    """kb check's words: the problems, what repairs the index (the upgrade's ingest, when there is one), the plan."""
    for problem in problems:
        click.echo(f"problem: {problem}", err=True)
    if disagree:
        click.echo("The index disagrees with the store: " + (
            "the 'kb ingest' below repairs it as it upgrades (no 'kb reindex' needed before it)."
            if rereading else "run 'kb reindex' (or 'kb ingest' again) to repair it."), err=True)
    elif not problems:
        click.echo(f"OK: {number(chunks)} chunks; the keyword and vector indexes agree with the store.")
    for line in plan:
        click.echo(line, err=bool(problems))


def _unmerged(app: App) -> list[str]:
    """The write-ahead log's changes the database file cannot take in (a file size limit, a full disk), as a problem
    saying what to do; none when the checkpoint goes through."""
    try:
        app.store().checkpoint()
    except StoreError as exc:
        return [str(exc)]
    return []


@click.command("eval")
@click.option("--queries", type=FileName(exists=True, dir_okay=False, path_type=Path), required=True,
              help="BEIR queries.jsonl.")
@click.option("--qrels", type=FileName(exists=True, dir_okay=False, path_type=Path), required=True,
              help="BEIR qrels .tsv (query-id, corpus-id, score).")
@click.option("--mode", "-m", type=click.Choice(["keyword", "semantic", "hybrid", "all"], case_sensitive=False), default="all",
              show_default=True, help="The search mode to evaluate ('all': each of the three).")
@click.option("--run-out", type=FileName(dir_okay=False, path_type=Path), help="Write a TREC run file here.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def eval_command(app: App, queries: Path, qrels: Path, mode: str, run_out: Path | None, as_json: bool) -> None:
    """Evaluate retrieval: nDCG@10, Recall@10, Recall@100 and MRR@10 per mode (documents ranked by best hit).

    \b
    Example:
      kb eval --queries corpus/eval/queries.jsonl --qrels corpus/eval/qrels.tsv --mode hybrid
    """
    from search.evaluate import METRICS, load_qrels, load_queries, run_mode, write_trec_run

    if run_out and not run_out.parent.is_dir():  # say so now, not after the whole evaluation has run
        raise click.BadParameter(f"directory '{run_out.parent}' does not exist", param_hint="'--run-out'")
    query_list = load_queries(queries)
    judgements = load_qrels(qrels)
    judged = [q for q in query_list if q.id in judgements]
    if not judged:
        raise click.ClickException(f"none of the {len(query_list)} queries has judgements in {qrels}")
    modes = ["keyword", "semantic", "hybrid"] if mode == "all" else [mode]
    searcher = app.searcher()
    missing = _missing_judged(searcher.store, judgements, qrels, quiet=as_json)
    results = []
    for m in modes:
        bar = progress_bar(f"eval {m}", "query")(len(judged)) if not as_json else None
        on_query = (lambda bar=bar: bar.update(1)) if bar else None
        results.append(run_mode(searcher, judged, judgements, m, on_query=on_query))
        if bar is not None:
            bar.close()
    if run_out:
        write_trec_run(run_out, results)
    if as_json:
        echo_json({"queries": len(judged), "missing_judged": missing,
                   "modes": {r.mode: {"metrics": r.metrics, "groups": r.groups} for r in results}})
        return
    rows = [[r.mode, *(f"{r.metrics[m]:.3f}" for m in METRICS)] for r in results]
    click.echo(f"{counted('judged_queries', len(judged))} ({number(len(query_list))} in the file)")
    click.echo(table(rows, ["mode", *METRICS]))
    groups = sorted({g for r in results for g in r.groups})
    if groups:
        click.echo("\nBy query set:")
        rows = [[r.mode, g, *(f"{r.groups[g][m]:.3f}" for m in METRICS)] for r in results for g in groups
                if g in r.groups]
        click.echo(table(rows, ["mode", "set", *METRICS]))
    if run_out:
        click.echo(f"\nRun file: {run_out}")


def _missing_judged(store: Any, judgements: dict[str, dict[str, int]], qrels: Path, *, quiet: bool) -> int:
    """How many documents judged relevant the store lacks (said on stderr unless quiet); none of them there is an
    error, since every figure would be 0 (the set's documents not ingested, or keyed otherwise)."""
    from search.evaluate import key_resolver, missing_judged

    keys = [r["key"] for r in store.rows("SELECT key FROM documents")]
    missing = missing_judged(map(key_resolver(keys, judgements), keys), judgements)
    relevant = len({doc for docs in judgements.values() for doc, grade in docs.items() if grade > 0})
    if missing and len(missing) == relevant:
        raise click.ClickException(f"none of the {relevant} documents judged relevant in {qrels} is in this store "
                                   f"(e.g. '{missing[0]}'): ingest the set's documents first")
    if missing and not quiet:
        verb = "is" if len(missing) == 1 else "are"
        click.echo(f"note: {number(len(missing))} of the {counted('documents', relevant)} judged relevant {verb} not "
                   f"in this store (e.g. '{missing[0]}'); no mode can find {'it' if len(missing) == 1 else 'them'}",
                   err=True)
    return len(missing)
