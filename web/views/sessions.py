"""Share sessions (经验分享会): create, fill from search, reorder, notes and minutes, suggestions (the agenda's
files and print view: web/views/session_files.py)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from kb.errors import InvalidInput, NotFound, ReindexNeeded
from kb.store import STATUSES, Role
from kb.text import shorten
from search import SearchQuery
from web import i18n, kept_forms, session_edits
from web.bilingual import take_turns
from web.error_text import error_text
from web.security import can, require
from web.views.common import actor, int_arg, posted_by_script, safe_next, searcher, visible_session

bp = Blueprint("sessions", __name__, url_prefix="/sessions")


@bp.get("")
def index(typed: dict | None = None, error: str | None = None, wrong: str | None = None) -> str:
    """Upcoming and past sessions (drafts for curators only); ``typed`` and ``error``: the new-session form again,
    as it was filled in, saying what is wrong (``wrong``: the field it is about, marked)."""
    kept = kept_forms.take("sessions")  # a new session's form refused, redirected here (create)
    if kept:
        typed, error, wrong = kept["typed"], kept["error"], kept["wrong"]
    curator = can(Role.CURATOR)
    upcoming, _ = g.store.sessions(when="upcoming", drafts=curator)
    past, _ = g.store.sessions(when="past", drafts=curator, limit=50)
    # a draft without a date is not upcoming: listed under it, it read as the next session after the dated ones
    undated = [s for s in upcoming if not s["scheduled_at"]]
    return render_template("sessions.html", upcoming=[s for s in upcoming if s["scheduled_at"]], undated=undated,
                           past=past, typed=typed, form_error=error, wrong=wrong)


@bp.post("")
@require(Role.CURATOR)
def create() -> Response | tuple[str, int]:
    """Create a draft session (a wrong field: the form again as typed, not an error page that loses it)."""
    try:
        session_id = g.store.create_session(_form(), actor=actor())
    except InvalidInput as exc:
        form = {"typed": _form(), "error": i18n.field_error(str(exc), g.lang), "wrong": i18n.error_field(str(exc))}
        return kept_forms.again("sessions", form, url_for("sessions.index"), lambda: (index(**form), 400))
    flash(i18n.translate("session_created", g.lang, title=g.store.session(session_id)["title"]))
    return redirect(url_for("sessions.show", session_id=session_id))


@bp.get("/<id:session_id>")
def show(session_id: int, typed: dict | None = None, error: str | None = None, base: str | None = None,
         item_form: dict | None = None, wrong: str | None = None) -> str:
    """A session: details, agenda, and (for curators) suggestions; ``typed`` and ``error`` as for ``index``;
    ``base``: the details form's digest of what it showed, when it is not the session as it is now; ``item_form``:
    an agenda item's form that was not saved (``id``, ``values`` as typed, ``error``, ``base``), shown open."""
    session = visible_session(session_id)
    # the details form or an item's, refused and redirected here (_again): taken on this session's GET only, not by
    # another session's page or by a POST's error page, which would throw it away
    kept = kept_forms.take(f"session:{session_id}") or {}
    item_form = kept.get("item", item_form)
    if "typed" in kept:
        typed, error, base, wrong = kept["typed"], kept["error"], kept["base"], kept["wrong"]
    suggestions, note = [], None
    if can(Role.CURATOR) and (session["theme"] or session["title"]).strip():
        try:
            suggestions = suggest(session, limit=8)
        except ReindexNeeded as exc:
            note = str(exc)
    details = _shown(session)
    items = {item["id"]: session_edits.item_shown(item) for item in session["items"]}
    item_forms = {i: {"values": values, "base": session_edits.base(values, session_edits.ITEM_FIELDS)}
                  for i, values in items.items()}
    if item_form and item_form["id"] in item_forms:
        item_forms[item_form["id"]] = item_form
    # a session still to come marked held by a slip (the button beside Schedule) is asked about first
    ahead = (session["scheduled_at"] or "")[:10] > datetime.now(g.settings.zone).date().isoformat()
    return render_template("session.html", session=session, suggestions=suggestions, note=note, statuses=STATUSES,
                           typed=typed, form_error=error, wrong=wrong, details=details, base=base or session_edits.base(details),
                           item_forms=item_forms, held_ahead=ahead)


def suggest(session: dict, limit: int) -> list:
    """Lessons about the theme (or, without one, the title: a new session's only words), not presented in earlier
    sessions and not already on this agenda, one a document, in both languages in turn (web/bilingual.py)."""
    presented = g.store.presented_lessons(before=session["scheduled_at"] or date.today().isoformat(),
                                          exclude_session=session["id"])
    on_agenda = {i["lesson_id"] for i in session["items"]}
    results = searcher().search(SearchQuery(session["theme"] or session["title"], limit=30,
                                            hits_per_document=3))
    firsts = ((group.language, next((hit for hit in group.hits if hit.lesson_id and hit.lesson_id not in presented
                                     and hit.lesson_id not in on_agenda), None)) for group in results.groups)
    return take_turns(((language, hit) for language, hit in firsts if hit), limit)


@bp.post("/<id:session_id>/edit")
@require(Role.CURATOR)
def edit(session_id: int) -> Response | tuple[str, int]:
    """Change a session's details: only the fields changed in the form, so a change made elsewhere since the form
    was opened is kept; one to the same field is a conflict, said, with the form as typed (so is a wrong field). A
    script is answered in JSON: the conflict (409) or the wrong field (400) with its message, ``{"ok": true}``."""
    typed, sent_base = _form(), request.form.get("base")
    try:
        current = _shown(g.store.session(session_id))
    except NotFound:
        if posted_by_script():
            raise
        return _session_gone(session_edits.merge(typed, sent_base, {}).changes)
    merged = session_edits.merge(typed, sent_base, current)
    if merged.conflicts:
        error = i18n.translate("session_changed_meanwhile", g.lang, fields=_changed(merged.conflicts, current))
        if posted_by_script():  # the JSON error shape, as the agenda item's form answers a script
            abort(409, description=error)
        return _again(session_id, {"typed": session_edits.form_after_conflict(typed, sent_base, current),
                                   "error": error, "base": None, "wrong": None}, 409)
    try:
        g.store.update_session(session_id, merged.changes)
    except InvalidInput as exc:
        if posted_by_script():
            raise
        return _again(session_id, {"typed": typed, "error": i18n.field_error(str(exc), g.lang), "base": sent_base,
                                   "wrong": i18n.error_field(str(exc))}, 400)
    if not posted_by_script():
        flash(i18n.translate("saved_kept_theirs", g.lang, fields=_changed(merged.kept, current)) if merged.kept
              else i18n.translate("saved", g.lang))
    return _back_to(session_id, {"ok": True})


SESSION_DELETED = ("that share session no longer exists (it was deleted in another tab or by another curator): "
                   "reload the page and choose another")


def _session_exists(session_id: int) -> bool:
    try:
        g.store.session(session_id)
    except NotFound:
        return False
    return True


def _session_gone(changed: dict) -> Response:
    """The details form of a session deleted meanwhile (another tab, another curator): back to the sessions, saying
    so and quoting what was changed in the form, not saved; it was a bare 404 page, and the text typed was lost."""
    flash(i18n.translate("session_gone", g.lang), "error")
    typed = [str(value).strip() for value in changed.values() if str(value or "").strip()]
    if typed:
        flash(i18n.translate("item_gone_unsaved", g.lang, text=" / ".join(typed)), "error")
    return redirect(url_for("sessions.index"))


def _shown(session: dict) -> dict:
    return session_edits.shown(session, i18n.translate("list_comma", g.lang))


def _changed(names: list[str], current: dict) -> str:
    """Fields and what they are now: 地点（现为“5楼培训室”）、标题（现为“…”）."""
    return i18n.translate("list_comma", g.lang).join(
        i18n.translate("field_now", g.lang, field=i18n.translate(session_edits.LABELS[name], g.lang),
                       value=shorten(current.get(name) or "", 60) or i18n.translate("field_empty", g.lang))
        for name in names)


@bp.post("/<id:session_id>/status")
@require(Role.CURATOR)
def status(session_id: int) -> Response:
    """draft -> scheduled -> held (or back), saying what that means for readers (it said nothing)."""
    status = request.form.get("status", "")
    g.store.set_session_status(session_id, status)
    flash(i18n.translate(f"session_now_{status}", g.lang))
    return redirect(url_for("sessions.show", session_id=session_id))


@bp.post("/<id:session_id>/delete")
@require(Role.CURATOR)
def delete(session_id: int) -> Response:
    """Delete a session, saying which (it said nothing); one deleted already, in another tab, is said so."""
    try:
        title = g.store.session(session_id)["title"]
        g.store.delete_session(session_id)
    except NotFound:
        flash(i18n.translate("session_gone", g.lang), "error")
    else:
        flash(i18n.translate("session_deleted", g.lang, title=title))
    return redirect(url_for("sessions.index"))


@bp.post("/items")
@require(Role.CURATOR)
def add_from_anywhere() -> Response:
    """"Add to session" from search results, document and lesson pages (the session is in the form)."""
    session_id = int_arg("session_id", 0, low=1, high=2**31, source=request.form)
    return add(session_id)


@bp.post("/<id:session_id>/items")
@require(Role.CURATOR)
def add(session_id: int) -> Response:
    """Put a lesson on the agenda."""
    lesson_id = int_arg("lesson_id", 0, low=1, high=2**31, source=request.form)
    if not lesson_id:
        abort(400, description="say which lesson to add (lesson_id)")
    try:
        item_id = g.store.add_session_item(session_id, lesson_id, note=request.form.get("note"), actor=actor())
    except NotFound:
        if not _session_exists(session_id):  # deleted while the list offering it was open: not "no session 2"
            if posted_by_script():
                raise NotFound(SESSION_DELETED) from None
            flash(error_text(SESSION_DELETED, g.lang), "error")
            return redirect(safe_next(request.form.get("next"), url_for("sessions.index")))
        raise
    except InvalidInput as exc:
        if posted_by_script():
            raise
        flash(error_text(str(exc), g.lang), "error")
        return redirect(safe_next(request.form.get("next"), url_for("sessions.show", session_id=session_id)))
    if posted_by_script():
        return jsonify({"ok": True, "item_id": item_id, "session_id": session_id})
    flash(i18n.translate("added_to_session", g.lang, title=g.store.session(session_id)["title"]))
    return redirect(safe_next(request.form.get("next"), url_for("sessions.show", session_id=session_id)))


def _on_agenda(view: Callable[..., Response]) -> Callable[..., Response]:
    """An agenda item's form sent from a page left open while the item was removed, or its session deleted (in
    another tab, by another curator): back to the agenda, or to the sessions, saying so and quoting what was typed
    and not saved; it was a bare 404 page whose one link led to search. A script is answered with the 404."""
    @functools.wraps(view)
    def checked(session_id: int, item_id: int) -> Response:
        if posted_by_script():
            return view(session_id=session_id, item_id=item_id)
        try:
            session = g.store.session(session_id)
        except NotFound:
            flash(i18n.translate("session_gone", g.lang), "error")
            return redirect(url_for("sessions.index"))
        if any(item["id"] == item_id for item in session["items"]):
            return view(session_id=session_id, item_id=item_id)
        flash(i18n.translate("item_gone", g.lang), "error")
        typed = [request.form.get(name, "").strip() for name in ("presenter", "note", "minutes")]
        if any(typed):
            flash(i18n.translate("item_gone_unsaved", g.lang, text=" / ".join(t for t in typed if t)), "error")
        return redirect(url_for("sessions.show", session_id=session_id, _anchor="agenda"))

    return checked


@bp.post("/<id:session_id>/items/<id:item_id>")
@require(Role.CURATOR)
@_on_agenda
def update_item(session_id: int, item_id: int) -> Response | tuple[str, int]:
    """Change an item's note, minutes, presenter and time slot: only the fields changed in the form (its ``base``),
    so a change another curator made since it was opened is kept, and one to the same field is a conflict, said,
    nothing saved. A conflict or a wrong field brings the page back with the item's form open as typed: a redirect
    lost the minutes typed beside a wrong start time."""
    fields = session_edits.ITEM_FIELDS
    typed = {name: request.form[name] for name in fields if name in request.form}
    sent_base = request.form.get("base")
    item = next(i for i in g.store.session(session_id)["items"] if i["id"] == item_id)  # there: @_on_agenda
    current = session_edits.item_shown(item)
    merged = session_edits.merge(typed, sent_base, current, fields)
    if merged.conflicts:
        error = i18n.translate("item_changed_meanwhile", g.lang, fields=_changed(merged.conflicts, current))
        if posted_by_script():  # refused alike: a script sent a stale form's base too
            abort(409, description=error)
        values = session_edits.form_after_conflict(typed, sent_base, current, fields)
        return _item_again(session_id, item_id, values, error, session_edits.base(current, fields), 409)
    try:
        g.store.update_session_item(session_id, item_id, **merged.changes)
    except InvalidInput as exc:
        if posted_by_script():
            raise
        values = {**current, **typed}
        return _item_again(session_id, item_id, values, i18n.field_error(str(exc), g.lang), sent_base, 400,
                           wrong=i18n.error_field(str(exc)))
    if not posted_by_script():
        flash(i18n.translate("saved_kept_theirs", g.lang, fields=_changed(merged.kept, current)) if merged.kept
              else i18n.translate("saved", g.lang))
    return _back_to(session_id, {"ok": True}, anchor=f"item-{item_id}")  # back at the item, saying so


def _item_again(session_id: int, item_id: int, values: dict, error: str, base: str | None,
                status: int, wrong: str | None = None) -> Response | tuple[str, int]:
    """The session page with an item's form open as typed and the error in it (``wrong``: the field it is about,
    marked and focused, as the session's own form does), after a redirect (``_again``)."""
    form = {"id": item_id, "values": values, "error": error, "base": base or "", "wrong": wrong}
    return _again(session_id, {"item": form}, status)


def _again(session_id: int, form: dict, status: int) -> Response | tuple[str, int]:
    """The session's page with a refused form (``item``: an agenda item's; else the details form's ``typed``,
    ``error``, ``base`` and ``wrong``), after a redirect (post/redirect/get, web/kept_forms.py): the page answering
    the POST was sent again by a reload. A form too long for the cookie session is answered on the POST's page, with
    ``status``."""
    return kept_forms.again(f"session:{session_id}", form, url_for("sessions.show", session_id=session_id),
                            lambda: (show(session_id, item_form=form["item"]) if "item" in form
                                     else show(session_id, **form), status))  # no #item: it stops the autofocus


@bp.post("/<id:session_id>/items/<id:item_id>/remove")
@require(Role.CURATOR)
@_on_agenda
def remove_item(session_id: int, item_id: int) -> Response:
    """Take an item off the agenda; without JavaScript, back at the item after it (before it, at the end)."""
    ids = [item["id"] for item in g.store.session(session_id)["items"]]
    g.store.remove_session_item(session_id, item_id)
    at = ids.index(item_id)  # (it was there: the store raised NotFound otherwise)
    others = ids[at + 1:at + 2] or ids[max(at - 1, 0):at]
    return _back_to(session_id, {"ok": True}, anchor=f"item-{others[0]}" if others else "agenda")


@bp.post("/<id:session_id>/items/<id:item_id>/move")
@require(Role.CURATOR)
@_on_agenda
def move_item(session_id: int, item_id: int) -> Response:
    """Move an item up or down (works without JavaScript)."""
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400, description="'direction' must be up or down")
    g.store.move_session_item(session_id, item_id, -1 if direction == "up" else 1)
    return _back_to(session_id, {"ok": True}, anchor=f"item-{item_id}")  # back where the item went, not the top


@bp.post("/<id:session_id>/order")
@require(Role.CURATOR)
def reorder(session_id: int) -> Response:
    """Set the whole order at once (drag and drop), as the page knew the agenda: an item added since (another
    curator, another tab) keeps its place among the others, one removed since is left out. The whole order was
    refused then, and the page's script reloaded it without a word: the drag was undone, nobody said why."""
    raw = request.form.get("order", "")
    try:
        ids = [int(x) for x in raw.split(",") if x.strip()]
    except ValueError:
        abort(400, description="'order' must be item ids separated by commas")
    ids = _with_changes_meanwhile(ids, [i["id"] for i in g.store.session(session_id)["items"]])
    g.store.reorder_session(session_id, ids)
    return _back_to(session_id, {"ok": True, "order": ids})


def _with_changes_meanwhile(sent: list[int], now: list[int]) -> list[int]:
    """An order sent for the agenda a page showed, made to fit the agenda now: the items the page knew, in the order
    sent, then those it did not know (added since, which adding puts at the end), in their order now."""
    present = set(now)
    order = list(dict.fromkeys(i for i in sent if i in present))
    return order + [i for i in now if i not in order]


def _form() -> dict:
    return {name: request.form.get(name) for name in
            ("title", "theme", "scheduled_at", "location", "presenters", "audience", "description")
            if name in request.form}


def _back_to(session_id: int, payload: dict, anchor: str | None = None) -> Response:
    if posted_by_script():
        return jsonify(payload)
    return redirect(url_for("sessions.show", session_id=session_id, _anchor=anchor))
