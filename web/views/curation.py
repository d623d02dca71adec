"""Curators: tagging documents and lessons in place, tag suggestions, rename and merge, lesson review."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlencode

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from kb.errors import InvalidInput, NotFound, ReindexNeeded
from kb.store import MAX_ROW_ID, Role, Target, row_id, synonym_names, tag_list
from kb.text import normalize_tag, shown_value
from web import i18n
from web.error_text import error_text
from web.security import require
from web.views.common import actor, filter_values, int_arg, page_args, posted_by_script, safe_next, searcher

bp = Blueprint("curation", __name__, url_prefix="/curate")


CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # not given back to a form field (a NUL was the mistake, say)
MAX_TAG_OPTIONS = 2000  # tags offered as you type (the most used first)


TAG_OPTIONS_ID = "tag-options"


@bp.app_context_processor
def _tag_options() -> dict:
    return {"tag_options": tag_options, "tag_options_list": tag_options_list,
            "tag_options_wanted": lambda: bool(g.get("tag_options_wanted")), "moved_tags": moved_tags}


def moved_tags() -> list[dict[str, str]]:
    """The page's tag filters naming a tag renamed or merged away since (a link kept, a page left open): each with
    the tag it is now and this page filtered by that one instead (``old``, ``new``, ``url``). Filtered by the old
    name, browse said only "no documents match these filters", search "nothing found"."""
    out = []
    for old in filter_values("tag"):  # those applied: an address may repeat thousands
        new = g.store.renamed_to(old) if old.strip() else None
        if new:
            params = [(k, new if (k, v) == ("tag", old) else v) for k, v in page_args("page")]
            out.append({"old": old, "new": new, "url": f"{request.path}?{urlencode(list(dict.fromkeys(params)))}"})
    return out


def tag_options_list() -> str:
    """The id of the page's one list of tags, which a tag field names (``list=``); the page then writes it once, after
    its content (base.html), not once a field."""
    g.tag_options_wanted = True
    return TAG_OPTIONS_ID


def tag_options() -> list[tuple[str, list[str]]]:
    """Tag names to offer while a curator types one (a datalist: the browser's own autocomplete, keyboard and all,
    matching Chinese and Latin names alike): the ``MAX_TAG_OPTIONS`` most used tags, most used first, then the synonyms that are not tags yet;
    each with its synonyms as a hint (listed in the page's language by the template)."""
    if "tag_options" not in g:
        synonyms = g.store.synonyms()
        rows = g.store.tags(limit=MAX_TAG_OPTIONS)
        names = {r["name"] for r in rows}
        options = [(r["label"], synonyms.get(r["name"], [])) for r in rows]
        options += [(name, others) for name, others in synonyms.items() if name not in names]
        g.tag_options = options
    return g.tag_options


def _target() -> Target:
    kind = request.form.get("target", "document")
    ref = request.form.get("ref", "").strip()
    if kind not in ("document", "lesson") or not ref or (kind == "lesson" and row_id(ref) is None):
        abort(400, description="say which document (target=document, ref=KEY) or lesson (target=lesson, ref=ID)")
    return Target(kind, ref)


def _back(target: Target) -> Response:
    default = url_for("documents.document", key=target.ref) if target.kind == "document" else \
        url_for("documents.lesson", lesson_id=int(target.ref))
    return redirect(safe_next(request.form.get("next"), default))


def _reply(target: Target, payload: dict) -> Response:
    if posted_by_script():
        return jsonify(payload)
    return _back(target)


@bp.post("/tags/add")
@require(Role.CURATOR)
def add_tag() -> Response:
    """Attach a tag, or several typed with commas between them, all or none (recorded with who and when). A tag
    that cannot be one comes back as a message on the page the form is on, not as an error page."""
    target = _target()
    typed = request.form.get("tag", "").strip()
    names = tag_list(typed)
    if not names:
        if not posted_by_script():  # the form, sent unchecked by the browser: said on its page, as a bad name is
            flash(error_text("type a tag", g.lang), "error")
            return _back(target)
        abort(400, description="type a tag")
    try:
        with g.store.transaction():
            added = [g.store.add_tag(target, name, actor=actor()) for name in names]
    except InvalidInput as exc:
        if posted_by_script():
            raise
        flash(i18n.field_error(str(exc), g.lang), "error")  # "Tag contains …", not "'tag' contains …"
        return _back(target)
    payload = {"ok": True, "added": any(added), "tag": typed, "tags": names}
    if not any(added):  # said, not a reload that changed nothing ("数据迁移" typed again)
        quoted = i18n.translate("list_comma", g.lang).join(f"“{name}”" for name in names)
        payload["message"] = i18n.translate("tag_already", g.lang, tags=quoted)
        if not posted_by_script():
            flash(payload["message"])
    return _reply(target, payload)


@bp.post("/tags/remove")
@require(Role.CURATOR)
def remove_tag() -> Response:
    """Detach a tag."""
    target = _target()
    name = request.form.get("tag", "").strip()
    if not g.store.remove_tag(target, name, actor=actor()):
        abort(404, description=f"{target} has no tag '{name[:60]}'")
    return _reply(target, {"ok": True, "removed": name})


@bp.get("/tags/suggest")
@require(Role.CURATOR)
def suggest() -> Response:
    """Tag suggestions for a document, from the tags of the most similar documents (JSON); ``lent_from`` (zh, en)
    marks a tag lent by the other language's documents that the store has in no tag of the document's language."""
    key = request.args.get("key", "")
    g.store.document_id(key)
    try:
        found = searcher().suggest_tags(key)
    except ReindexNeeded as exc:
        abort(503, description=str(exc))
    return jsonify({"key": key, "suggestions": [{"tag": s.tag, "score": round(s.score, 3), "lent_from": s.lent_from}
                                                for s in found]})


def _on_tags_page(change: Callable[[], Response | str], anchor: str, **typed: str) -> Response | str:
    """Make a change from a form of /tags; a mistake (no such tag, a name that cannot be one, an undo that later
    changes stand in the way of) comes back to that form on /tags, said in red in the page's language, what was typed
    kept, rather than as an error page whose one link leads to search; the field it is about (``wrong_field``) is
    marked there and takes the focus (it was left at the page)."""
    try:
        return change()
    except (InvalidInput, NotFound) as exc:
        flash(i18n.field_error(str(exc), g.lang), "error")  # a field called as the form calls it, not 'new', 'into'
        wrong = wrong_field(exc, typed)
        if wrong:
            flash(wrong, TAGS_FIELD)
        kept = {name: CONTROL.sub("", value)[:600] for name, value in typed.items() if value}
        # a marked field takes the focus and the page to itself: an address's #fragment stops a browser's autofocus
        return redirect(url_for("documents.tags", **kept, _anchor=None if wrong else anchor))


TAGS_FIELD = "field"  # the flashed category naming the field of a /tags form a mistake is about (tags.html)


def wrong_field(exc: Exception, typed: dict[str, str]) -> str | None:
    """The field of a /tags form (its fields ``typed``, in the form's order: the tag, then the name) that a mistake
    is about: one left empty; one the message names ("'new' contains a control character"); the tag for a tag that
    is none; else the name typed (too long, empty once normalised)."""
    fields = list(typed)
    if not fields:
        return None
    named = i18n.error_field(str(exc))
    named = fields[0] if named == "tag" else named  # "'tag' contains an invalid character": the tag to change
    empty = [name for name in fields if not typed[name].strip()]
    if named in fields:
        return named
    if empty:
        return empty[0]
    return fields[0] if isinstance(exc, NotFound) else fields[-1]


@bp.post("/tags/rename")
@require(Role.CURATOR)
def rename_tag() -> Response | str:
    """Rename a tag everywhere. Onto an existing name it is a merge: the page says so and asks first."""
    old, new = request.form.get("old", "").strip(), request.form.get("new", "").strip()
    return _on_tags_page(lambda: _rename(old, new), "manage", old=old, new=new)


def _rename(old: str, new: str) -> Response | str:
    if not old or not new:  # the form is sent unchecked by the browser (novalidate): said on it
        raise InvalidInput("give the tag and its new name")
    into = g.store.rename_would_merge(old, new)
    if into is not None and request.form.get("confirm") != "merge":
        source = g.store.tags(exact=normalize_tag(old))
        if not source:
            g.store.rename_tag(old, new)  # no such tag: the store says so
        return render_template("tag_merge_confirm.html", old=old, new=new, source=source[0], into=into)
    done = g.store.rename_tag(old, new, actor=actor())
    if done == "unchanged":  # nothing done: said on the form, as a mistake in the new name
        raise InvalidInput(f"nothing renamed: '{shown_value(new)}' is the tag's name already")
    flash(i18n.translate("tag_merged" if done == "merge" else "tag_renamed", g.lang, old=old, new=new))
    return redirect(url_for("documents.tags"))


@bp.post("/tags/merge")
@require(Role.CURATOR)
def merge_tags() -> Response:
    """Merge several tags into one."""
    sources = tag_list(request.form.get("sources", ""))
    into = request.form.get("into", "").strip()
    return _on_tags_page(lambda: _merge(sources, into), "manage", sources=request.form.get("sources", ""), into=into)


def _merge(sources: list[str], into: str) -> Response:
    if not sources or not into:  # the form is sent unchecked by the browser (novalidate): said on it
        raise InvalidInput("give the tags to merge (comma-separated) and the tag to keep")
    g.store.merge_tags(sources, into, actor=actor())  # a source that is no tag: the store says so
    if all(normalize_tag(source) == normalize_tag(into) for source in sources):  # the store did nothing
        raise InvalidInput(f"nothing merged: '{shown_value(into)}' is the tag to keep")
    flash(i18n.translate("tag_merged", g.lang, old=i18n.translate("list_comma", g.lang).join(sources), new=into))
    return redirect(url_for("documents.tags"))


@bp.post("/tags/undo")
@require(Role.CURATOR)
def undo_tag_change() -> Response:
    """Undo a rename or merge from the tag history."""
    event_id = int_arg("event", 0, low=1, high=MAX_ROW_ID, source=request.form)
    if not event_id:
        abort(400, description="'event' must be a tag change number")
    return _on_tags_page(lambda: _undo(event_id), "history")


def _undo(event_id: int) -> Response:
    event = g.store.undo_tag_event(event_id, actor=actor())
    flash(i18n.translate("tag_change_undone", g.lang, tag=event["tag"], other=event["detail"] or ""))
    return redirect(url_for("documents.tags"))


@bp.post("/tags/synonyms")
@require(Role.CURATOR)
def add_synonyms() -> Response:
    """Make tag names synonyms (one per line, or separated by = or commas)."""
    typed = request.form.get("names", "")
    return _on_tags_page(lambda: _synonyms(typed), "synonyms", names=typed)


def _synonyms(typed: str) -> Response:
    members = g.store.add_synonyms(synonym_names([typed]), actor=actor())
    flash(i18n.translate("synonyms_saved", g.lang, names=" = ".join(members)))
    return redirect(url_for("documents.tags", _anchor="synonyms"))


@bp.post("/tags/synonyms/remove")
@require(Role.CURATOR)
def remove_synonym() -> Response:
    """Take a name out of its synonym group."""
    name = request.form.get("name", "")
    return _on_tags_page(lambda: _unsynonym(name), "synonyms")


def _unsynonym(name: str) -> Response:
    g.store.remove_synonym(name, actor=actor())
    flash(i18n.translate("synonym_removed", g.lang, name=name.strip()))
    return redirect(url_for("documents.tags", _anchor="synonyms"))


@bp.post("/review")
@require(Role.CURATOR)
def review() -> Response:
    """Approve, hide or reset a lesson."""
    lesson_id = int_arg("lesson_id", 0, low=1, high=MAX_ROW_ID, source=request.form)
    if not lesson_id:
        abort(400, description="'lesson_id' must be a lesson number")
    g.store.set_review(lesson_id, request.form.get("status", ""), actor=actor(), note=request.form.get("note"))
    if request.form.get("status") == "hidden" and not posted_by_script():
        warn_if_on_agenda([lesson_id])
    target = Target("lesson", str(lesson_id))
    return _reply(target, {"ok": True, "lesson_id": lesson_id, "status": request.form.get("status")})


def warn_if_on_agenda(lesson_ids: list[int]) -> None:
    """Lessons just hidden that are on the agenda of a session not held yet: say so, and what its readers see there
    now (the agenda shows "hidden by a curator" in place of the text, presenter and time kept), so that the curator
    removes the item or brings the lesson back; hiding one said nothing of the session."""
    titles: list[str] = []
    for lesson_id in lesson_ids[:100]:
        titles += [s["title"] for s in g.store.lesson_sessions(lesson_id)
                   if s["status"] != "held" and s["title"] not in titles]
    if titles:
        named = i18n.translate("list_comma", g.lang).join(f"“{title}”" for title in titles)
        flash(i18n.translate("hidden_on_agenda", g.lang, sessions=named), "error")
