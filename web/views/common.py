"""Helpers shared by the views: the search index of the request, parameter parsing, pagination."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NoReturn
from urllib.parse import urlencode, urlsplit

from flask import abort, g, request
from werkzeug.urls import iri_to_uri

from kb.digest.periods import parse_days, parse_moments
from kb.errors import InvalidInput
from kb.fields import bound_field
from kb.models import DocType, LessonKind
from kb.store import DOCUMENT_SORTS, Filters, Role
from kb.store.home import days_ago
from search import Searcher, SearchIndex
from search.long_query import MAX_QUERY_CHARS
from search.preference import spelled
from web.security import can
from web.views.search_args import PREFER_ARG

MAX_QUERY = MAX_QUERY_CHARS  # the longest query a page or the API takes: what search reads
URL_ALLOWANCE = 4096  # bytes of a search address besides the query: path, mode, filters
ENCODED_BYTES = 9  # the most a character the search box counts takes in a URL ("长" is %E9%95%BF)
# control characters (browsers and Werkzeug drop some of them from a URL), backslashes (browsers read "/" for
# them) and lone surrogates (no URL can carry them)
_UNSAFE_IN_NEXT = re.compile(r"[\x00-\x1f\x7f-\x9f\\\ud800-\udfff]")


def query_maxlength(max_url_kb: int) -> int:
    """The search box's maxlength: what search reads at most, or less where that many Chinese characters,
    percent-encoded, would not fit in an address the server takes (a 414 instead of results)."""
    return min(MAX_QUERY_CHARS, (max_url_kb * 1024 - URL_ALLOWANCE) // ENCODED_BYTES)


def document_title(key: str) -> str:
    """A document's title, for naming it where a result gives its key ("Also in: ERP升级一期复盘"); the key where it
    has no title (or is gone). Looked up once a request."""
    known_titles([key])
    return g.document_titles[key] or key


def person(name: str | None) -> str:
    """A user named on a page (a contributor, a reviewer, who changed a tag) by the name the header shows them by:
    their display name, or the login name where none was given; a name that is no user's (an author typed in a
    file, a user removed) as it is. The users' names are read once a request."""
    if not name:
        return ""
    if "display_names" not in g:
        g.display_names = g.store.display_names()
    return str(g.display_names.get(name, name))


def known_titles(keys: Iterable[str]) -> None:
    """Look up the titles ``document_title`` will be asked for, in one query: the documents a page's hits were also
    found in (a document page of 12 similar lessons asked once a key)."""
    titles: dict[str, str] = g.setdefault("document_titles", {})
    wanted = sorted({key for key in keys if key not in titles})
    if wanted:
        found = g.store.document_titles(wanted)
        titles.update({key: found.get(key, "") for key in wanted})


def index() -> SearchIndex:
    """The search index for this request (the model and FAISS index are shared by the process)."""
    if "index" not in g:
        g.index = SearchIndex(g.store, g.settings)
    return g.index


def searcher() -> Searcher:
    """A searcher for this request."""
    return Searcher(index())


def visible_session(session_id: int, *, export: bool = False) -> dict[str, Any]:
    """A session as the current user may see it: drafts are for curators (404 for anyone else, so a draft's
    existence is not revealed), and the text of a lesson a curator has hidden is left out for readers, and for
    everyone in exports, which leave the site. How many items still want a length is a curator's planning note:
    a reader's session has ``untimed_items`` None, so no page, print view or Markdown agenda says "1 without a length"
    to the attendees.

    Raises:
        NotFound: no such session, or a draft and the user is not a curator.
    """
    curator = can(Role.CURATOR)
    session = g.store.session(session_id, drafts=curator, hidden_text=curator and not export)
    if not curator:
        session["untimed_items"] = None
    return session


def int_arg(name: str, default: int, *, low: int = 0, high: int = 10_000, source: Any = None) -> int:
    """An integer parameter within bounds, or 400 naming the parameter."""
    raw = (source if source is not None else request.args).get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        abort(400, description=f"'{name}' must be a whole number, not {str(raw)[:30]!r}")
    if not low <= value <= high:
        abort(400, description=f"'{name}' must be between {low} and {high}")
    return value


def page_arg(high: int) -> int:
    """The ``page`` of a listing, read leniently as paginators do (Django's ``Paginator.get_page``): a value that is
    not a whole number, or below 1, is page 1; one above ``high`` is ``high`` (the page then says when that is past
    the last page). A page number is navigation, not data: a stray or stale one is no reason for an error page."""
    raw = (request.args.get("page") or "").strip()
    try:
        value = int(raw)
    except ValueError:
        return 1
    return min(max(value, 1), high)


def asked_page(read: int) -> int:
    """The page asked for, as the address gives it, for saying that it is past the last page: ``page_arg`` caps it
    (?page=99999 is read as page 1000, and the page said "Page 1000 is past the last page", a page nobody asked for);
    ``read``, what page_arg made of it, when it is no whole number."""
    raw = (request.args.get("page") or "").strip()
    try:
        return max(int(raw), read)
    except ValueError:
        return read


EITHER_ARG = "match"
FILTER_PARAMS = ("project", "tag", "type", "kind", "year", "lang", "since", "until", "untagged", "added",
                 "updated", "lessons_added")


MAX_FILTER_VALUES = 20  # values of one filter applied (?tag=… twenty times at most): an address may repeat one thousands


# filters whose values are read in one spelling: ?lang=ZH is lang=zh, as prefer_lang=ZH is prefer_lang=zh
SPELLED = {"lang": spelled}


def filter_values(name: str, args: Any = None) -> list[str]:
    """A filter parameter's values as applied (``SPELLED``): each once, empty ones left out, the first
    ``MAX_FILTER_VALUES``."""
    args = args if args is not None else request.args
    read = SPELLED.get(name, str)
    return list(dict.fromkeys(value for value in map(read, args.getlist(name)) if value))[:MAX_FILTER_VALUES]


def page_args(*leaving: str) -> list[tuple[str, str]]:
    """The page's address parameters, in order, but ``leaving`` and with each filter's values as applied
    (``filter_values``): what its links carry on. An address repeating a tag filter 2,500 times fits in max_url_kb; each
    of its links a value (a chip, a facet, a moved tag's note) repeating them all made a page of 80 MB."""
    applied = {name: set(filter_values(name)) for name in FILTER_PARAMS}
    params = []
    for key, raw in request.args.items(multi=True):
        value = SPELLED.get(key, str)(raw)
        if key in leaving or (key in applied and value not in applied[key]):
            continue
        applied.get(key, {value}).discard(value)  # a filter's value once
        params.append((key, value))
    return params


def active_filters(args: Any = None) -> int:
    """How many filter values the page's address sets (for "Clear filters" and the phone's filter button)."""
    return sum(len(filter_values(name, args)) for name in FILTER_PARAMS)


def bad_arg(name: str, message: str) -> NoReturn:
    """Refuse a bad address parameter whose message does not begin with its name ("unknown lesson kind 'x'"): a 400
    whose page still links back to this page without it, as for "'since' is invalid" (web/app.py)."""
    g.bad_arg = name
    abort(400, description=message)


def filters_from_args(args: Any = None) -> Filters:
    """Filters from query parameters (project, tag, type, kind, year, lang, since, until; untagged=1, added=DAYS,
    updated=DAYS and lessons_added=DAYS: documents without tags, first ingested in the last DAYS days, ingested again
    in them, given a lesson in them), validated."""
    args = args if args is not None else request.args
    types = filter_values("type", args)
    kinds = filter_values("kind", args)
    for value in types:
        if value not in {t.value for t in DocType}:
            bad_arg("type", f"unknown document type {value[:40]!r}")
    for value in kinds:
        if value not in {k.value for k in LessonKind}:
            bad_arg("kind", f"unknown lesson kind {value[:40]!r}")
    languages = filter_values("lang", args)
    if any(v not in ("zh", "en", "mixed") for v in languages):
        abort(400, description="'lang' (the documents' language) must be zh, en or mixed; for every language leave it"
                               " out (prefer_lang=any only stops putting one language first)")
    since, until = _date_arg(args, "since"), _date_arg(args, "until")
    years = filter_values("year", args)
    if years:
        if not all(y.isdigit() and len(y) == 4 for y in years):
            abort(400, description="'year' must be a four-digit year")
        since = max(filter(None, [since, f"{min(years)}-01-01"]))
        until = min(filter(None, [until, f"{max(years)}-12-31"]))
    return Filters(project=filter_values("project", args), tags=filter_values("tag", args),
                   tags_mode="all" if args.get("tags") == "all" else "any", doc_type=types, kind=kinds,
                   language=languages, since=since, until=until, include_hidden=False,
                   untagged=args.get("untagged") == "1", **_ingested_arg(args, "added"),
                   **_ingested_arg(args, "updated"), **_ingested_arg(args, "lessons_added"))


def _ingested_arg(args: Any, name: str) -> dict[str, str | None]:
    """When documents were first ingested (``name`` "added"), ingested again (``name`` "updated") or given a new lesson
    (``name`` "lessons_added"), days in the setting time_zone:
    ``added=DAYS``, the last DAYS days; ``added=2026-W48``, a week, ``added=2026-11-25``, a day, or
    ``added=2026-11-16..2026-11-22``, the days between (what a digest counted); as ``added_since`` and
    ``added_before`` (or ``updated_…``, ``lessons_added_…``) of :class:`Filters`."""
    raw = (args.get(name) or "").strip()
    if not raw or raw.lstrip("-").isdigit():
        days = int_arg(name, 0, low=1, high=36_500, source=args)
        return {f"{name}_since": days_ago(days) if days else None}
    try:
        moments = parse_moments(raw)
        if moments:  # a digest's window starting or ending within a day: to the second, as it counted
            return {f"{name}_since": _utc(moments[0]), f"{name}_before": _utc(moments[1])}
        first, last = parse_days(raw)
    except InvalidInput:
        bad_arg(name, f"'{name}' cannot be {raw[:40]!r}: use a number of days, an ISO week like 2026-W48, a day"
                      " like 2026-11-25 or two days like 2026-11-16..2026-11-22")
    return {f"{name}_since": _midnight(first), f"{name}_before": _midnight(last + timedelta(days=1))}


def _midnight(day: date) -> str:
    """The moment a day starts in the setting time_zone, as the store's UTC text (2026-11-22T16:00:00+00:00 in
    Shanghai): browse's days are the digest's, whose "and N more" links lead here."""
    return _utc(datetime.combine(day, time(), tzinfo=g.settings.zone))


def _utc(moment: datetime) -> str:
    """A moment as the store's times are: UTC text to the second."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _date_arg(args: Any, name: str) -> str | None:
    try:
        # 2025/01/31, 2025年1月31日 and a month (2025-01, 2025年1月: since its first day, until its last) too
        return bound_field(args.get(name) or None, name, last=name == "until")
    except InvalidInput as exc:
        abort(400, description=str(exc))


class Page:
    """Pagination arithmetic and links that keep the other parameters."""

    def __init__(self, page: int, size: int, total: int) -> None:
        self.page, self.size, self.total = page, size, total
        self.pages = max(1, math.ceil(total / size)) if size else 1
        self.offset = (page - 1) * size

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    def url(self, page: int) -> str:
        """The current URL with another page number."""
        params = page_args("page")
        params.append(("page", str(page)))
        return f"{request.path}?{urlencode(params)}"


def export_url(fmt: str, *, documents: bool = False, **extra: object) -> str:
    """This page's query as a spreadsheet from the API: search results (``/api/search``) from the search page,
    lessons (``/api/lessons``) from the others, with the same query and filters; with ``documents``, the documents
    browse lists (``/api/documents``), in its order where the API has it (not "best match": then newest first)."""
    from flask import url_for

    searching = request.endpoint == "search.home"
    keep = ("q", "paste", "mode", "prefer_lang", "all", "sort", *FILTER_PARAMS) if searching else (*FILTER_PARAMS, EITHER_ARG)
    params = [(k, v) for k, v in request.args.items(multi=True) if k in keep and v]
    if searching and PREFER_ARG not in request.args:  # the page prefers the reader's language, the API none: the
        params.append((PREFER_ARG, g.get("lang", "en")))  # spreadsheet lists what the page listed, in its order
    if documents and spelled(request.args.get("sort", "")) in DOCUMENT_SORTS:
        params.append(("sort", spelled(request.args["sort"])))
    params += [(k, str(v)) for k, v in extra.items()] + [("format", fmt)]
    endpoint = "api.search" if searching else "api.documents" if documents else "api.lessons"
    return f"{url_for(endpoint)}?{urlencode(params)}"


def pasted_text(key: str) -> str:
    """The text kept under a paste box's key; 404 when it is not (or no longer) kept."""
    text = g.store.pasted(key) if re.fullmatch(r"[0-9a-f]{16}", key) else None
    if text is None:
        abort(404, description="that pasted text is no longer kept: paste it again")
    return text


def either_arg() -> bool:
    """``match=any``: a listing of documents or lessons of any of the projects OR with any of the tags (a digest's
    "and N more" counts so for a reader of both), not of one of the projects AND with one of the tags. Search does
    not take it."""
    return request.args.get(EITHER_ARG) == "any"


def toggle_url(name: str, value: str) -> str:
    """The current search URL with a facet value added (or removed if present), back on page 1."""
    params = page_args("page")
    if (name, value) in params:
        params.remove((name, value))
    else:
        params.append((name, value))
    return f"{request.path}?{urlencode(params)}"


def posted_by_script() -> bool:
    """Whether a form was posted by the page's script (it asks for JSON, or says it is XHR) rather than by the form
    itself: the script gets the JSON reply, the form a redirect back."""
    return request.accept_mimetypes.best == "application/json" or bool(request.headers.get("X-Requested-With"))


def actor() -> str | None:
    """Who is making a change (for the audit trail)."""
    return g.user["name"] if g.get("user") else None


def safe_next(target: str | None, default: str) -> str:
    """A redirect target only if it stays on this site, else ``default``.

    The target is checked as the response will send it: Werkzeug passes a Location through ``iri_to_uri``,
    which drops tabs and line breaks (``next=/%09/evil.example`` would leave as ``//evil.example``) and quotes
    the rest. So a target with a control character or a backslash is refused outright, then the normalised form
    must be a path on this site: one leading slash, no scheme, no host. The normalised form is returned.
    """
    if not isinstance(target, str) or target.startswith("//") or _UNSAFE_IN_NEXT.search(target):
        return default
    try:
        emitted = iri_to_uri(target)
    except (ValueError, UnicodeError):  # a lone surrogate, a bad port or host
        return default
    parts = urlsplit(emitted)
    if parts.scheme or parts.netloc or not emitted.startswith("/") or emitted.startswith("//"):
        return default
    return emitted
