"""The home page: one search box, modes, facets with counts, results grouped by document."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from kb.text import clean_query, has_words, shorten
from search import MODES, SORTS, SearchQuery, SearchResults
from search.facets import facet_counts
from search.preference import reading_language
from web.views.common import (
    MAX_QUERY,
    Page,
    active_filters,
    asked_page,
    filters_from_args,
    known_titles,
    page_arg,
    pasted_text,
    query_maxlength,
    searcher,
    toggle_url,
)
from web.views.examples import example_searches
from web.views.home import home_sections, record_search
from web.views.search_args import (
    choice_arg,
    flag_arg,
    mark_other_language,
    preference_arg,
    replaced_url,
    sort_arg,
)

bp = Blueprint("search", __name__)
SHOWN_QUERY = 200  # characters of a long query the page's title and headings show (the paste box holds it whole;
# kb.text.shorten: whole characters, a flag or an emoji sequence never cut in two)



@bp.route("/", methods=["GET", "POST"])
def home() -> str | Response:
    """Search (or the start page when there is no query); a text POSTed from the page's paste box is searched at the
    address it is redirected to (``pasted_search``)."""
    if request.method == "POST":
        return pasted_search()
    paste = request.args.get("paste", "")
    q = clean_query(pasted_text(paste) if paste else request.args.get("q", ""))
    mode = choice_arg("mode", MODES, "hybrid")
    if len(q) > MAX_QUERY:
        abort(400, description=f"the query is longer than {MAX_QUERY:,} characters")
    sort = sort_arg()
    filters = filters_from_args()
    page_number = page_arg(high=1000)
    size = g.settings.page_size
    sessions = _sessions_for_adding()
    g.query_maxlength = query_maxlength(g.settings.max_url_kb)
    examples = example_searches(g.store.document_languages(), g.lang)
    if not q:
        return render_template("search.html", q="", mode=mode, sort=sort, results=None, examples=examples, page=None,
                               paste="", paste_action=_paste_action(), max_query=MAX_QUERY,
                               facets=None, sessions=sessions, filters=filters, toggle_url=toggle_url,
                               active=active_filters(), home=home_sections(), empty=g.store.is_empty())
    # The reader's language: the UI's, or the query's for a Chinese query or an English sentence, unless the page says
    # otherwise ("any language" is one link away).
    preferred = preference_arg(default=reading_language(g.lang, q))
    if has_words(q):
        results = searcher().search(SearchQuery(q, mode=mode, filters=filters, limit=size,
                                                offset=(page_number - 1) * size, prefer_lang=preferred,
                                                all_matches=flag_arg("all"), suggest=True, sort=sort))
        record_search(q, mode, results.relevant_count, topic=page_number == 1 and not paste)  # a page is no topic
        mark_other_language(results, preferred, q)
    else:  # "!!!", emoji: not searched (a search by meaning always finds neighbours); the page says why
        results = SearchResults(q, mode, total=0, offset=0, groups=[], took_ms=0.0, prefer_lang=preferred)
    facets = facet_counts(g.store.conn, results.document_ids, results.lesson_ids)
    known_titles(other for group in results.groups for hit in group.hits for other in hit.duplicates)  # one query
    return render_template("search.html", q=q, mode=mode, results=results, examples=examples,
                           page=Page(page_number, size, results.listed_count), asked_page=asked_page(page_number),
                           facets=facets, sessions=sessions,
                           filters=filters, toggle_url=toggle_url, active=active_filters(), preferred=preferred,
                           all_matches=flag_arg("all"), replaced_url=replaced_url, sort=sort, sorts=SORTS,
                           empty=not results.groups and g.store.is_empty(),
                           wordless=not has_words(q),
                           paste=paste, paste_action=_paste_action(), max_query=MAX_QUERY,
                           q_shown=shorten(q, SHOWN_QUERY))



@bp.route("/search")
def search_address() -> Response:
    """``/search?q=…``, the address people and browsers' site-search settings try first: the search lives at the home
    page, so it goes there with every parameter kept (it was a 404)."""
    params = urlencode(list(request.args.items(multi=True)))
    return redirect(f"{url_for('search.home')}?{params}" if params else url_for("search.home"), 301)


def pasted_search() -> Response:
    """A text POSTed from the paste box (``q``), searched at an address: one that carries the text where the search
    box could (``query_maxlength``), else one that names it by the key it is kept under (``?paste=KEY``,
    kb.store.pasted), so that its pages, filters and language links work as a typed query's. The address's other
    parameters (mode, filters) are kept."""
    text = clean_query(request.form.get("q", ""))
    if len(text) > MAX_QUERY:  # the form again, the text in it and the box marked: nothing cut without a word
        return too_long_paste(text)
    if not text:
        return redirect(_paste_action(), 303)
    params = _kept_args()
    if not has_words(text):  # symbols alone are not searched (the page says so): nothing worth keeping under a key
        params.insert(0, ("q", shorten(text, SHOWN_QUERY)))
    elif len(text) <= query_maxlength(g.settings.max_url_kb):
        params.insert(0, ("q", text))
    else:
        params.insert(0, ("paste", g.store.keep_pasted(text, current_app.secret_key)))
    return redirect(f"{url_for('search.home')}?{urlencode(params)}", 303)


def too_long_paste(text: str) -> Response:
    """The start page with a refused paste in its box, marked, and what to do (400): the box has no ``maxlength``,
    which cut a longer paste without a word; app.js counts the characters as they are pasted."""
    g.query_maxlength = query_maxlength(g.settings.max_url_kb)
    error = f"the text has {len(text):,} characters, more than the {MAX_QUERY:,} searched: shorten it (a section or two) and search again"
    page = render_template("search.html", q="", mode=choice_arg("mode", MODES, "hybrid"), sort="relevance",
                           results=None, examples=example_searches(g.store.document_languages(), g.lang), page=None,
                           paste="", paste_text=text, paste_error=error, paste_action=_paste_action(),
                           max_query=MAX_QUERY, facets=None, sessions=[], filters=filters_from_args(),
                           toggle_url=toggle_url, active=active_filters(), home=None, empty=False)
    return Response(page, status=400, mimetype="text/html")


def _paste_action() -> str:
    """Where the paste box posts: this page with its mode and filters, without a query or a page."""
    params = _kept_args()
    return f"{url_for('search.home')}?{urlencode(params)}" if params else url_for("search.home")


def _kept_args() -> list[tuple[str, str]]:
    """The address's parameters a pasted text is searched with: mode and filters, without a query or a page."""
    return [(k, v) for k, v in request.args.items(multi=True) if k not in ("q", "paste", "page")]


def _sessions_for_adding() -> list[dict]:
    """Sessions a curator can add lessons to (not yet held): the next one first, as the form's choice (the latest
    date first chose next quarter's session over next week's), then those without a date (newest first), then
    those whose date has passed."""
    from datetime import date

    from kb.store import Role
    from web.security import can

    if not can(Role.CURATOR):
        return []
    rows, _ = g.store.sessions(when="all", limit=50)
    today = date.today().isoformat()

    def place(row: dict) -> tuple[int, str]:
        when = row["scheduled_at"] or ""
        return (0, when) if when[:10] >= today else (1, "") if not when else (2, "")

    return sorted((r for r in rows if r["status"] != "held"), key=place)  # stable: undated and past keep their order
