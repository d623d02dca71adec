"""The curators' review queue: unreviewed lessons, newest first, filtered by project, kind and author, approved,
hidden or tagged one at a time or in bulk; its count in the navigation bar; the same in the API."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, flash, g, jsonify, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from kb.errors import InvalidInput, NotFound
from kb.fields import describe
from kb.models import LessonKind
from kb.store import CURATION_LIMITS, QueueFilters, Role, row_id, tag_list
from web import i18n
from web.error_text import error_text
from web.kept_forms import fits
from web.security import can, require
from web.views.api_input import NotAnId, check_address, check_format, json_body, options_answer, row_ids
from web.views.common import Page, actor, bad_arg, int_arg, page_arg, safe_next
from web.views.curation import warn_if_on_agenda

bp = Blueprint("queue", __name__, url_prefix="/review")
api_bp = Blueprint("queue_api", __name__, url_prefix="/api/review")
api_bp.before_request(check_address)  # as every API address: UTF-8, or a 400 naming the parameter
api_bp.before_request(check_format)  # as every API address: a format it does not answer in is a 400
api_bp.after_request(options_answer)

PAGE_SIZE = 25
FILTER_PARAMS = ("project", "kind", "author")
ACTIONS = {"approve": "approved", "hide": "hidden"}  # and "tag", "untag", and "undo" (back to the queue)
VERDICT = "queue_verdict"  # the session's last verdict in the queue, said once beside its Undo
REFUSED_HIDE = "queue_refused_hide"  # a lesson's reason form sent without its reason: opened again, said under it
KEPT = "queue_kept"  # the bulk form refused (no tag typed): its lessons, action, tag and reason, shown again once
MAX_UNDO = 100  # lessons an Undo may name (kept in the session cookie)


@bp.app_context_processor
def _nav_count() -> dict[str, Any]:
    """``review_queue_count()`` for the navigation bar: counted only when a page asks (curators' pages)."""
    return {"review_queue_count": lambda: g.store.review_queue_count() if can(Role.CURATOR) else 0}


def queue_filters(args: Any) -> QueueFilters:
    """The queue's filters from query parameters (a kind must be a lesson kind)."""
    kind = args.get("kind") or None
    if kind and kind not in {k.value for k in LessonKind}:
        bad_arg("kind", f"unknown lesson kind {kind[:40]!r}")
    return QueueFilters(project=(args.get("project") or "").strip()[:200] or None, kind=kind,
                        author=(args.get("author") or "").strip()[:200] or None)


@bp.get("")
@require(Role.CURATOR)
def index() -> str:
    """One page of the queue, with the filter menus and the bulk form."""
    filters = queue_filters(request.args)
    number = page_arg(100_000)  # leniently, as the search and browse pages read it
    rows, total = g.store.review_queue(filters, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    page = Page(number, PAGE_SIZE, total)
    if not rows and number > page.pages:  # the last page was emptied by the action that led here
        number = page.pages
        rows, total = g.store.review_queue(filters, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
        page = Page(number, PAGE_SIZE, total)
    kept = session.pop(KEPT, None)
    if kept and kept["ids"]:  # said below the error that sent the form back (act)
        flash(i18n.translate("queue_bulk_kept", g.lang, n=len(kept["ids"])), "error")
    return render_template("queue.html", rows=rows, page=page, filters=filters, choices=g.store.review_queue_choices(),
                           filtered=any(request.args.get(p) for p in FILTER_PARAMS), here_url=_here_url(number),
                           verdict=session.pop(VERDICT, None), kept=kept, refused_hide=session.pop(REFUSED_HIDE, None))


@bp.post("")
@require(Role.CURATOR)
def act() -> Response:
    """Approve, hide or tag the lessons named by ``ids`` (one or many), then back to the queue, where a message says
    what was done, or what was missing (nothing chosen, no tag): the queue is never lost to an error page."""
    action = request.form.get("action", "")
    tag, note = (request.form.get("tag") or "").strip(), (request.form.get("note") or "").strip()
    try:
        ids = _ids(request.form.getlist("ids"))
        if action == "hide" and not note and request.form.get("reason") == "required":  # Hide with a reason…, none
            raise InvalidInput("give the reason for hiding it")
        done = _apply(action, ids, tag, note)
    except (InvalidInput, NotFound) as exc:
        refused = row_id(request.form.get("ids", "").strip()) if request.form.get("reason") == "required" else None
        if refused:
            # back at the lesson whose reason is missing, its reason form open, the field marked and focused (its
            # words under it): the page came back at #lesson-N with the form closed, the focus nowhere (a fragment
            # stops Chromium's autofocus), the message above the lesson
            session[REFUSED_HIDE] = {"id": refused, "said": error_text(str(exc), g.lang)}
            return redirect(safe_next(request.form.get("next"), url_for("queue.index")).split("#")[0])
        flash(error_text(str(exc), g.lang), "error")
        _keep_bulk_form(action, tag, note)
    else:
        key = {"approve": "queue_done_approved", "hide": "queue_done_hidden", "tag": "queue_done_tagged",
               "untag": "queue_done_untagged", "undo": "queue_done_undone"}[action]
        if action == "hide" and note:
            key = "queue_done_hidden_reason"
        said = i18n.translate(key, g.lang, n=done, tags=_quoted(tag_list(tag), g.lang), note=note)
        if action == "hide" and done:
            warn_if_on_agenda(ids)
        if action in ACTIONS and done and len(ids) <= MAX_UNDO:  # said beside an Undo button (queue.html)
            session[VERDICT] = {"said": said, "ids": ids}
        else:
            flash(said)
    return redirect(safe_next(request.form.get("next"), url_for("queue.index")))


def _keep_bulk_form(action: str, tag: str, note: str) -> None:
    """The bulk form sent with a mistake (a tag action with no tag typed) comes back as it was sent: the lessons
    ticked (they were all unticked, to be found and ticked again), the action, the tag and the reason, and a line
    saying so beside the error."""
    if not request.form.get("bulk"):
        return
    ids = [n for n in (row_id(v.strip()) for v in request.form.getlist("ids")) if n][:PAGE_SIZE * 4]
    typed = {"action": action[:20], "tag": tag[:CURATION_LIMITS["tag"]], "note": note[:CURATION_LIMITS["note"]]}
    # A browser drops a cookie past 4 KB, and the login with it (web/kept_forms.py): a hundred lessons ticked with a
    # long tag list and reason did not fit. The ticks are let go first (they can be ticked again; the text typed
    # cannot be found again), then the whole form: the error is said either way.
    # The line saying the ticks are kept is flashed when the queue shows them (index), not here: the cookie holds no
    # more than what it is measured with.
    for kept in ({"ids": ids, **typed}, {"ids": [], **typed}):
        if fits({**session, KEPT: kept}):
            session[KEPT] = kept
            return


def _quoted(names: list[str], lang: str) -> str:
    """Tags as a message names them, each in quotes: “数据迁移”, “割接” (“数据迁移”、“割接” in Chinese); the text as
    typed, “数据迁移，割接”, read as one tag with a comma in its name."""
    return ("、" if lang == "zh" else ", ").join(f"“{name}”" for name in names)


def _apply(action: str, ids: list[int], tag: str, note: str | None = None) -> int:
    """Do one action on lessons (``note``: why they are hidden, for their contributors); how many changed.

    Raises:
        InvalidInput: an unknown action, no tag to add, no lesson or too many.
        NotFound: a lesson that does not exist (nothing is changed).

    Returns:
        How many lessons changed (with several tags, the most any one of them changed).
    """
    if action in ACTIONS:
        return g.store.set_reviews(ids, ACTIONS[action], actor=actor(), note=note if action == "hide" else None)
    if action == "undo":  # a verdict just given, taken back: the lessons are unreviewed again, in the queue
        return g.store.set_reviews(ids, "unreviewed", actor=actor())
    if action in ("tag", "untag"):
        names = tag_list(tag)  # several with commas between them, as tagging in place reads them
        if not names:
            raise InvalidInput("type a tag")
        change = g.store.tag_lessons if action == "tag" else g.store.untag_lessons
        with g.store.transaction():  # all or none
            return max(change(ids, name, actor=actor()) for name in names)
    if not action:  # the bulk form, sent unchecked by the browser (novalidate), with its list left at "Action…"
        raise InvalidInput("choose an action for the lessons ticked")
    raise InvalidInput("'action' must be approve, hide, tag or untag")


def _ids(raw: list[Any]) -> list[int]:
    """Lesson ids from a form or a JSON list.

    Raises:
        InvalidInput: a value that is not a lesson number, named with its position.
    """
    try:
        return row_ids(raw)
    except NotAnId as exc:
        raise InvalidInput(f"'ids' must be a list of lesson numbers: value {exc.position} ({exc.shown}) is not one") \
            from None


def _here_url(number: int) -> str:
    params = [(k, v) for k, v in request.args.items(multi=True) if k in FILTER_PARAMS and v]
    if number > 1:
        params.append(("page", str(number)))
    return url_for("queue.index") + (f"?{urlencode(params)}" if params else "")


# ---- the API ------------------------------------------------------------------------------------------------------
@api_bp.get("")
@require(Role.CURATOR)
def api_index() -> Response:
    """``GET /api/review?project=&kind=&author=&limit=&offset=``: unreviewed lessons, newest first."""
    limit = int_arg("limit", 50, low=1, high=200)
    offset = int_arg("offset", 0, low=0, high=10_000_000)
    rows, total = g.store.review_queue(queue_filters(request.args), limit=limit, offset=offset)
    return jsonify({"items": rows, "total": total, "offset": offset, "limit": limit})


@api_bp.post("")
@require(Role.CURATOR)
def api_act() -> Response:
    """``POST /api/review`` with ``{"action": "approve" | "hide" | "tag" | "untag", "ids": [...], "tag": "..."}``
    (and with ``hide``, ``"note"``: why, shown to the lessons' contributors)."""
    data = json_body()
    ids = data.get("ids")
    if not isinstance(ids, list):
        raise InvalidInput("'ids' must be a list of lesson numbers, like [12, 13]")
    action, tag = data.get("action"), data.get("tag")
    if not isinstance(action, str):
        raise InvalidInput("'action' must be approve, hide, tag or untag")
    if tag is not None and not isinstance(tag, str):  # it said "type a tag" of {"tag": true}, naming no wrong type
        raise InvalidInput(f"'tag' must be text, not {describe(tag)}")
    changed = _apply(action, _ids(ids), (tag or "").strip(), data.get("note"))
    return jsonify({"ok": True, "action": action, "changed": changed, "remaining": g.store.review_queue_count()})
