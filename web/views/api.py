"""The JSON API: reads for everyone who may read; writes for curators (session cookie + CSRF header, or a
bearer token). Errors: {"error": {"status", "code", "message"}}."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, jsonify, request
from werkzeug.wrappers import Response

from kb import export
from kb.fields import text_field
from kb.models import ReviewStatus
from kb.store import ADDED, DOCUMENT_SORTS, LESSON_SORTS, MAX_ROW_ID, Role, Target, is_row_id
from kb.text import clean_query, has_words
from search import MODES, SearchQuery
from search.facets import facet_counts
from search.preference import readable
from web.security import can, require
from web.views.api_cursor import after_arg, next_after
from web.views.api_input import (
    NotAnId,
    check_address,
    check_format,
    json_body,
    json_only,
    options_answer,
    row_ids,
    writes_spreadsheets,
)
from web.views.api_shapes import document_shown, lessons_shown, session_shown
from web.views.common import (
    MAX_QUERY,
    actor,
    either_arg,
    filters_from_args,
    int_arg,
    pasted_text,
    searcher,
    visible_session,
)
from web.views.home import record_search
from web.views.search_args import (
    api_preference,
    api_preference_choice,
    choice_arg,
    flag_arg,
    mark_other_language,
    nothing_relevant_message,
    sort_arg,
)

bp = Blueprint("api", __name__, url_prefix="/api")
EXPORT_ROWS = 10_000  # lessons (or documents) in one spreadsheet at most
_body = json_body  # the checked JSON body of a write (the review queue's API reads it too)
bp.before_request(check_address)  # an address that is not UTF-8: 400 naming its parameter
bp.before_request(check_format)  # a format the address does not answer in: 400 naming those it does
bp.after_request(options_answer)  # OPTIONS: 204 with Allow


def _text(data: dict[str, Any], field: str, *, required: bool = False, limit: int = 1000) -> str | None:
    """A text field of the body (stripped), 400 naming it when it is not text (or missing when required)."""
    value = text_field(data.get(field), field, limit=limit, multiline=True)
    if required and not value:
        abort(400, description=f"'{field}' is required")
    return value


def _paged(items: list[Any], total: int, offset: int, limit: int, **extra: Any) -> Response:
    return jsonify({"total": total, "offset": offset, "limit": limit, "items": items, **extra})


@bp.route("/search", methods=["GET", "POST"])
@writes_spreadsheets
def search() -> Response:
    """GET /api/search?q=...&mode=hybrid&project=...&tag=...&type=...&kind=...&lang=...&since=...&until=...&limit&offset
    &prefer_lang=zh|en|any|auto&all=1&sort=relevance|date|-date

    POST /api/search with ``q`` in a JSON object (the other parameters in the address, as for GET): a pasted text of
    up to 10,000 characters, which an address of ``max_url_kb`` cannot carry in Chinese (9 bytes a character). It
    needs no CSRF token, as a GET does not: a search writes only its line in the search log (the digest's searches
    that found nothing), as its GET does, and JSON alone is taken (``json_only``: 415 for a form), which no other
    site can make a visitor's browser send.

    ``sort=date`` lists the same documents newest first, ``-date`` oldest first (those without a date last), as
    ``kb search --sort`` does; ``sort`` is said back.

    Without ``prefer_lang`` the reader's language is the prefer_lang setting's, as ``kb search`` takes it (auto:
    by the query's language); ``prefer_lang_by`` says what chose it (query, setting or parameter).

    ``relevant`` documents are above the relevance floor, of ``total`` that matched at all; ``results`` lists the
    relevant ones (``listed`` in all) unless ``all=1``. With nothing relevant, ``message`` says so in the UI's
    language. A result's ``other_language`` marks it as not in ``marked_lang``: the language preferred, or with none
    the one the page would prefer (the UI's, or a Chinese query's or an English sentence's own), as the page marks;
    each of its hits is marked the same way. ``lifted``: how many documents in the preferred language the on-point
    lift moved up past the other's (0: the boost alone ordered them). ``limit`` is said back, as every paged listing
    says it."""
    paste = request.args.get("paste", "")  # the search page's pasted text, by its key (its export links)
    q = clean_query(_posted_query() if request.method == "POST" else pasted_text(paste) if paste
                    else request.args.get("q", ""))
    if not q:
        abort(400, description="'q' is required")
    if len(q) > MAX_QUERY:
        abort(400, description=f"'q' is longer than {MAX_QUERY:,} characters")
    if not has_words(q):  # not searched: a search by meaning always finds neighbours, relevant to nothing
        abort(400, description="punctuation and symbols alone are not searched for; give a word or two")
    mode = choice_arg("mode", MODES, "hybrid")
    fmt = _format()
    sort = sort_arg()
    limit = int_arg("limit", 10, low=1, high=100)
    offset = int_arg("offset", 0, low=0, high=10_000)
    preferred, chosen_by = api_preference(q)
    results = searcher().search(SearchQuery(q, mode=mode, filters=filters_from_args(), limit=limit, offset=offset,
                                            prefer_lang=preferred, all_matches=flag_arg("all"),
                                            suggest=fmt == "json", sort=sort))
    record_search(q, mode, results.relevant_count, topic=False)
    reading = mark_other_language(results, preferred, q)
    if fmt != "json":
        return _spreadsheet(fmt, "search", export.SEARCH_COLUMNS, export.search_rows(results, g.settings.base_url))
    data = {**results.as_dict(), "limit": limit, "prefer_lang_by": chosen_by, "marked_lang": reading}
    for group in data["results"]:  # each hit marked as its document is (a mixed document's hits may differ)
        for hit in group["hits"]:
            hit["other_language"] = not readable(hit["language"], reading)
    if not results.relevant_count:
        data["message"] = nothing_relevant_message(results, q)
    data["facets"] = {k: [{"value": v, "count": c} for v, c in rows]
                      for k, rows in facet_counts(g.store.conn, results.document_ids, results.lesson_ids).items()}
    return jsonify(data)


search.csrf_exempt = True  # type: ignore[attr-defined]  # only its search-log line (as its GET); JSON only


def _posted_query() -> str:
    """A POSTed search's ``q``: from the JSON object of the body (``json_only``)."""
    text = text_field(json_only("q").get("q"), "q", limit=MAX_QUERY, multiline=True)
    return text or ""


@bp.get("/documents")
@writes_spreadsheets
def documents() -> Response:
    """GET /api/documents?project=&tag=&type=&kind=&lang=&since=&until=&sort=date&limit=&offset= (``sort=added``:
    with ``next_after``, and ``after``, as lessons); ``format=csv`` or ``xlsx``: a spreadsheet of up to 10,000, the
    columns browse shows and the key, link and when each was added, as readers see them (a spreadsheet leaves the
    site, as the lessons' never holds a hidden one): a hidden lesson not counted, no register row it was the lesson of."""
    fmt = _format()
    sort = _sort(DOCUMENT_SORTS)
    sheet = fmt != "json"
    limit = int_arg("limit", EXPORT_ROWS if sheet else 50, low=1, high=EXPORT_ROWS if sheet else 500)
    offset = int_arg("offset", 0, low=0, high=10_000_000)
    filters = filters_from_args()
    filters.include_hidden = can(Role.CURATOR) and not sheet  # readers: not a document whose every lesson is hidden
    filters.either = either_arg()
    filters.documents_after = after_arg(sort)
    rows, total = g.store.documents(filters, sort=sort, limit=limit, offset=offset)
    if sheet:
        return _spreadsheet(fmt, "documents", export.DOCUMENT_COLUMNS, export.document_rows(rows, g.settings.base_url))
    if sort != ADDED:
        return _paged(rows, total, offset, limit)
    return _paged(rows, total, offset, limit, next_after=next_after(rows, filters.documents_after, "first_ingested"))


@bp.get("/documents/<path:key>")
def document(key: str) -> Response:
    """One document with sections, lessons and tags (raw HTML is not included; use the page for display). Readers
    get it without hidden lessons and without the text of the sections that hold one (``redacted``)."""
    doc = g.store.document(key, for_readers=not can(Role.CURATOR))
    doc.pop("html", None)
    return jsonify(document_shown(doc))  # who contributed it and its lessons: to curators only


@bp.get("/lessons")
@writes_spreadsheets
def lessons() -> Response:
    """GET /api/lessons?project=&tag=&kind=&type=&lang=&document=&status=&sort=&limit=&offset= (``document``,
    ``status`` and ``sort`` as ``kb lessons --document KEY --status S --sort S``: one document's lessons, a review
    status, an order; ``sort=added``, oldest first, is the one to page through while lessons arrive, with
    ``next_after``, the cursor to give as ``after`` for the lessons that arrived after this page: the next page, or
    what is new by the next run)."""
    fmt = _format()
    sort = _sort(LESSON_SORTS)
    filters = filters_from_args()
    filters.document = request.args.get("document") or None
    filters.either = either_arg()  # browse's match=any: its spreadsheet lists what the page counted
    filters.review_status = [v for v in request.args.getlist("status") if v]
    if any(v not in {s.value for s in ReviewStatus} for v in filters.review_status):
        abort(400, description="'status' must be unreviewed, approved or hidden")
    filters.include_hidden = can(Role.CURATOR) and fmt == "json"  # a spreadsheet leaves the site: never hidden ones
    if fmt != "json":
        limit = int_arg("limit", EXPORT_ROWS, low=1, high=EXPORT_ROWS)
    else:
        limit = int_arg("limit", 50, low=1, high=500)
    offset = int_arg("offset", 0, low=0, high=10_000_000)
    filters.arrived_after = after_arg(sort)
    rows, total = g.store.lessons(filters, limit=limit, offset=offset, sort=sort)
    if fmt != "json":
        return _spreadsheet(fmt, "lessons", export.LESSON_COLUMNS, export.lesson_rows(rows, g.settings.base_url))
    lessons_shown(rows)
    if sort != ADDED:
        return _paged(rows, total, offset, limit)
    return _paged(rows, total, offset, limit, next_after=next_after(rows, filters.arrived_after))


def _sort(orders: dict[str, str]) -> str:
    """``sort``: one of a listing's orders (``date``, newest first, by default), or ``added``: as they arrived,
    oldest first, the order to page through while more arrive."""
    return choice_arg("sort", (*orders, ADDED), "date")


def _format() -> str:
    """``format``: json (the default), csv or xlsx (checked before the view by ``check_format``)."""
    return request.args.get("format", "json")


def _spreadsheet(fmt: str, name: str, columns: tuple[str, ...], rows: list[list[Any]]) -> Response:
    """A CSV or XLSX download, with headers, kinds, types and review states in the page's language."""
    body = export.spreadsheet(fmt, columns, rows, g.lang)
    return Response(body, content_type=export.MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="lessons-kb-{name}.{fmt}"'})


@bp.get("/lessons/<id:lesson_id>")
def lesson(lesson_id: int) -> Response:
    """One lesson with its document and tags; to curators, with ``review_note``: why a curator hid it (null for
    readers, who never see a hidden lesson, as on the lesson's page)."""
    item = g.store.lesson(lesson_id)
    curator = can(Role.CURATOR)
    if item["review_status"] == "hidden" and not curator:
        abort(404, description=f"no lesson {lesson_id}")
    return jsonify({**lessons_shown([item])[0], "review_note": g.store.review_note_of(lesson_id) if curator else None})


@bp.get("/lessons/<id:lesson_id>/similar")
def similar(lesson_id: int) -> Response:
    """Similar lessons from other documents and projects (?same_project=1 to include its own project), at most
    ``per_document`` (default: the similar_per_document setting; 0: no limit) from one document, from the
    ``relevant`` documents above the relevance floor of the ``matched`` ones, as /api/search counts them (``all=1``:
    every match, as ``kb similar LESSON_ID --all``); an item
    written in another language than ``marked_lang`` has ``other_language`` true: the reader's language
    (``prefer_lang``: zh, en, any, or auto, the lesson's own; default the prefer_lang setting), whose lessons are
    listed first where about as relevant (as /api/search prefers it), or with none the lesson's ``language``;
    ``lifted``: how many documents in it the on-point lift moved up, as /api/search says it."""
    limit = int_arg("limit", 10, low=1, high=50)
    per_document = int_arg("per_document", g.settings.similar_per_document, low=0, high=50)
    if not can(Role.CURATOR) and g.store.lesson(lesson_id)["review_status"] == "hidden":
        abort(404, description=f"no lesson {lesson_id}")
    found = searcher().similar_lessons(lesson_id=lesson_id, limit=limit, per_document=per_document,
                                       other_projects=not flag_arg("same_project"), all_matches=flag_arg("all"),
                                       prefer_lang=api_preference_choice())
    return jsonify({"lesson_id": lesson_id, **found.as_dict()})


@bp.route("/similar", methods=["GET", "POST"])
def similar_to_text() -> Response:
    """Similar past issues for a text, as ``kb similar --text`` finds them: ``text`` in the address (GET) or in a JSON
    object (POST: a pasted lesson or retrospective section of up to 10,000 characters, which an address cannot carry
    in Chinese); ``limit``, ``per_document``, ``prefer_lang`` and ``all=1`` as for a lesson's
    (``/api/lessons/<id>/similar``), which it answers like, with ``lesson_id`` null. A search changes nothing, so a
    POST needs no CSRF token, as a GET does not; it takes JSON alone (``json_only``), as ``POST /api/search``."""
    raw = json_only("text").get("text") if request.method == "POST" else request.args.get("text")
    text = clean_query(text_field(raw, "text", limit=MAX_QUERY, multiline=True) or "")
    if not text:
        abort(400, description="'text' is required")
    limit = int_arg("limit", 10, low=1, high=50)
    per_document = int_arg("per_document", g.settings.similar_per_document, low=0, high=50)
    found = searcher().similar_lessons(text=text, limit=limit, per_document=per_document,
                                       all_matches=flag_arg("all"), prefer_lang=api_preference_choice())
    return jsonify({"lesson_id": None, **found.as_dict()})


similar_to_text.csrf_exempt = True  # type: ignore[attr-defined]  # writes nothing (as its GET); JSON only


@bp.get("/tags")
def tags() -> Response:
    """Every tag with its document and lesson counts and its synonyms (?prefix= keeps the names that start so, ?q=
    those whose name or a synonym's holds the text, as ``/tags`` does), and every synonym group as ``kb tag synonym
    list --json`` gives it; to readers, counted and named as the tags page is (nothing only on what they do not see)."""
    prefix = request.args.get("prefix", "")[:60] or None
    contains = request.args.get("q", "")[:60].strip() or None
    limit = int_arg("limit", 500, low=1, high=5000)
    readers = not can(Role.CURATOR)  # counts of what they see, no tag used only on what they do not (as on /tags)
    same = g.store.synonyms(for_readers=readers)
    items = [{**row, "synonyms": same.get(row["name"], [])}
             for row in g.store.tags(limit=limit, prefix=prefix, contains=contains, for_readers=readers)]
    groups = [[{"name": n["name"], "label": n["label"], "uses": n["uses"]} for n in group]
              for group in g.store.synonym_groups(for_readers=readers)]
    return jsonify({"items": items, "synonym_groups": groups})


@bp.get("/sessions")
def sessions() -> Response:
    """GET /api/sessions?when=upcoming|past|all&status=&limit=&offset= (drafts for curators only)"""
    when = request.args.get("when", "all")
    if when not in ("upcoming", "past", "all"):
        abort(400, description="'when' must be upcoming, past or all")
    status = request.args.get("status") or None
    if status and status not in ("draft", "scheduled", "held"):
        abort(400, description="'status' must be draft, scheduled or held")
    limit = int_arg("limit", 50, low=1, high=500)
    offset = int_arg("offset", 0, low=0, high=1_000_000)
    rows, total = g.store.sessions(when=when, status=status, drafts=can(Role.CURATOR), limit=limit, offset=offset)
    return _paged([session_shown(r) for r in rows], total, offset, limit)


@bp.get("/sessions/<id:session_id>")
def session_detail(session_id: int) -> Response:
    """A session with its agenda (a draft is 404 for readers; a hidden lesson's text is None for them)."""
    return jsonify(session_shown(visible_session(session_id)))


# ---- writes (curators) ---------------------------------------------------------------------------
@bp.post("/documents/<path:key>/tags")
@require(Role.CURATOR)
def add_document_tag(key: str) -> Response:
    """{"tag": "..."}"""
    name = _text(_body(), "tag", required=True)
    added = g.store.add_tag(Target("document", key), name, actor=actor())
    return jsonify({"ok": True, "added": added}), 201 if added else 200  # type: ignore[return-value]


@bp.delete("/documents/<path:key>/tags/<tag>")
@require(Role.CURATOR)
def remove_document_tag(key: str, tag: str) -> Response:
    """Remove a tag from a document."""
    if not g.store.remove_tag(Target("document", key), tag, actor=actor()):
        abort(404, description=f"'{key}' has no tag '{tag[:60]}'")
    return jsonify({"ok": True})


@bp.post("/lessons/<id:lesson_id>/tags")
@require(Role.CURATOR)
def add_lesson_tag(lesson_id: int) -> Response:
    """{"tag": "..."}"""
    name = _text(_body(), "tag", required=True)
    added = g.store.add_tag(Target("lesson", str(lesson_id)), name, actor=actor())
    return jsonify({"ok": True, "added": added}), 201 if added else 200  # type: ignore[return-value]


@bp.delete("/lessons/<id:lesson_id>/tags/<tag>")
@require(Role.CURATOR)
def remove_lesson_tag(lesson_id: int, tag: str) -> Response:
    """Remove a tag from a lesson."""
    if not g.store.remove_tag(Target("lesson", str(lesson_id)), tag, actor=actor()):
        abort(404, description=f"lesson {lesson_id} has no tag '{tag[:60]}'")
    return jsonify({"ok": True})


@bp.post("/lessons/<id:lesson_id>/review")
@require(Role.CURATOR)
def review(lesson_id: int) -> Response:
    """{"status": "approved" | "hidden" | "unreviewed", "note": why it is hidden (optional)}"""
    body = _body()
    g.store.set_review(lesson_id, _text(body, "status", required=True), actor=actor(), note=body.get("note"))
    return jsonify({"ok": True, "lesson": g.store.lesson(lesson_id)})


@bp.post("/sessions")
@require(Role.CURATOR)
def create_session() -> Response:
    """{"title", "theme", "scheduled_at", "location", "presenters", "audience", "description"}"""
    session_id = g.store.create_session(_body(), actor=actor())
    return jsonify(session_shown(g.store.session(session_id))), 201  # type: ignore[return-value]


@bp.patch("/sessions/<id:session_id>")
@require(Role.CURATOR)
def update_session(session_id: int) -> Response:
    """Change fields; {"status": ...} moves it between draft, scheduled and held."""
    data = _body()
    status = _text(data, "status", required="status" in data)
    with g.store.transaction():  # all of it or nothing; the status last, so it sees a date sent with it
        g.store.update_session(session_id, data)
        if status is not None:
            g.store.set_session_status(session_id, status)
    return jsonify(session_shown(g.store.session(session_id)))


@bp.delete("/sessions/<id:session_id>")
@require(Role.CURATOR)
def delete_session(session_id: int) -> Response:
    """Delete a session."""
    g.store.delete_session(session_id)
    return jsonify({"ok": True})


@bp.post("/sessions/<id:session_id>/items")
@require(Role.CURATOR)
def add_item(session_id: int) -> Response:
    """{"lesson_id": 12, "note": "..."}"""
    data = _body()
    raw = data.get("lesson_id")
    digits = str(raw).strip() if isinstance(raw, int | str) and not isinstance(raw, bool) else ""
    if not is_row_id(digits) or len(digits) > 19:
        abort(400, description="'lesson_id' must be a lesson number")
    lesson_id = int(digits)
    if not 1 <= lesson_id <= MAX_ROW_ID:
        abort(400, description=f"'lesson_id' must be between 1 and {MAX_ROW_ID}")
    item_id = g.store.add_session_item(session_id, lesson_id, note=data.get("note"), actor=actor())
    return jsonify({"ok": True, "item_id": item_id, "session": session_shown(g.store.session(session_id))}), 201  # type: ignore


@bp.patch("/sessions/<id:session_id>/items/<id:item_id>")
@require(Role.CURATOR)
def update_item(session_id: int, item_id: int) -> Response:
    """{"note": "...", "minutes": "...", "presenter": "...", "starts_at": "HH:MM", "duration_minutes": 20}"""
    data = _body()
    g.store.update_session_item(session_id, item_id, note=data.get("note"), minutes=data.get("minutes"),
                                presenter=data.get("presenter"), starts_at=data.get("starts_at"),
                                duration_minutes=data.get("duration_minutes"))
    return jsonify({"ok": True})


@bp.delete("/sessions/<id:session_id>/items/<id:item_id>")
@require(Role.CURATOR)
def remove_item(session_id: int, item_id: int) -> Response:
    """Take an item off the agenda."""
    g.store.remove_session_item(session_id, item_id)
    return jsonify({"ok": True})


@bp.put("/sessions/<id:session_id>/order")
@require(Role.CURATOR)
def order(session_id: int) -> Response:
    """{"items": [item ids in the new order]}"""
    items = _body().get("items")
    if not isinstance(items, list):
        abort(400, description="'items' must be a list of item ids")
    try:
        ids = row_ids(items)
    except NotAnId as exc:
        abort(400, description=f"'items' must be a list of item ids: value {exc.position} ({exc.shown}) is not one")
    g.store.reorder_session(session_id, ids)
    return jsonify(session_shown(g.store.session(session_id)))
