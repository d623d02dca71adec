"""Reading: document pages, lesson pages, browsing documents, the tags page."""

from __future__ import annotations

import html as html_text
import re
from datetime import datetime, timedelta

import nh3
from flask import Blueprint, abort, g, render_template, request
from markupsafe import Markup

from kb.digest.periods import days_named, moments_named, whole_days
from kb.errors import ReindexNeeded
from kb.models import LessonKind
from kb.store import DOCUMENT_SORTS, MATCHED, Filters, Role
from search.facets import facet_counts
from search.preference import PREFERABLE, reading_language
from web.security import can
from web.views.common import (
    Page,
    active_filters,
    either_arg,
    filters_from_args,
    int_arg,
    known_titles,
    page_arg,
    searcher,
    toggle_url,
)
from web.views.contribute import change_actions, is_recorded
from web.views.search import _sessions_for_adding
from web.views.search_args import choice_arg, preference_arg, preference_choice, replaced_url

bp = Blueprint("documents", __name__)
# Tags the tags page lists without a filter, the most used first: it listed every one (724 tags, 197 KB; thousands
# made a page of megabytes), and a filter finds any other.
TAG_CLOUD_LIMIT = 500

ALLOWED_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "dl", "dt", "dd", "table",
                "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "blockquote", "pre", "code", "em", "strong",
                "b", "i", "u", "s", "sub", "sup", "a", "span", "div", "mark", "small", "abbr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"},
                      "abbr": {"title"}}


def sanitize(html: str) -> Markup:
    """Document HTML made safe to show: no scripts, event handlers, styles or javascript: URLs survive."""
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                      link_rel="noopener noreferrer nofollow", strip_comments=True)
    return Markup(clean)  # sanitised by nh3 just above


LEADING_H1 = re.compile(r"\s*<h1>(.*?)</h1>\s*", re.DOTALL)


def without_title_heading(content: Markup, title: str) -> Markup:
    """Sanitised content without its opening ``<h1>`` when that heading is the document's title, which the page's own
    heading already shows (a Markdown retrospective's ``# Title``, a recorded lesson's text: shown twice, one under the
    other)."""
    opening = LEADING_H1.match(content)
    if opening and _words(html_text.unescape(re.sub(r"<[^>]+>", "", opening.group(1)))) == _words(title):
        return Markup(content[opening.end():])  # a cut at a tag boundary of sanitised HTML stays sanitised
    return content


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


@bp.get("/documents/<path:key>")
def document(key: str) -> str:
    """A document: metadata, tags, sanitised content, lessons by kind, similar past issues beside it."""
    curator = can(Role.CURATOR)
    # Readers get the document without hidden lessons; if it holds one, its sections stand in for the original
    # (whose HTML would show the hidden text), those holding a hidden lesson marked as hidden.
    doc = g.store.document(key, for_readers=not curator)
    hidden_here = curator and any(l["review_status"] == "hidden" for l in doc["lessons"])
    by_kind = [(kind.value, [l for l in doc["lessons"] if l["kind"] == kind.value]) for kind in LessonKind]
    similar, suggestions, note = [], [], None
    # the reader's language first, as on a lesson's page: the document's own (a Chinese document is read in Chinese),
    # else the UI's; ?prefer_lang=any: none, zh or en: that one
    reading = preference_arg(default=doc["language"] if doc["language"] in PREFERABLE else g.lang)
    try:
        similar = searcher().similar_to_document(key, prefer_lang=reading)
        known_titles(other for hit in similar for other in hit.duplicates)  # "also in": one query, not one a key
        if curator:
            suggestions = searcher().suggest_tags(key)
    except ReindexNeeded as exc:
        note = str(exc)
    content = None if doc["redacted"] else without_title_heading(sanitize(doc["html"]), doc["title"])
    return render_template("document.html", doc=doc, content=content, by_kind=by_kind, hidden_here=hidden_here,
                           similar=similar, suggestions=suggestions, note=note, sessions=_sessions_for_adding(),
                           changes=change_actions(key), preferred=reading, replaced_url=replaced_url,
                           recorded=is_recorded(key))


@bp.get("/lessons/<id:lesson_id>")
def lesson(lesson_id: int) -> str:
    """A lesson with its context, tags and similar lessons elsewhere."""
    item = g.store.lesson(lesson_id)
    if item["review_status"] == "hidden" and not can(Role.CURATOR):
        abort(404, description=f"no lesson {lesson_id}")
    section = g.store.section(item["section_id"]) if item["section_id"] else None
    if section and not can(Role.CURATOR) and item["section_id"] in g.store.hidden_sections():
        section = None  # the section also holds a hidden lesson's text
    similar, note, reading = [], None, None
    try:
        # the reader's language first, as the search page takes it with the lesson for the query (a Chinese lesson
        # or an English sentence: its own; else the UI's); ?prefer_lang=any: none, zh or en: that one
        reading = preference_arg(default=reading_language(g.lang, item["text"]))
        similar = searcher().similar(lesson_id=lesson_id, limit=8, prefer_lang=preference_choice(reading))
        known_titles(other for hit in similar for other in hit.duplicates)
    except ReindexNeeded as exc:
        note = str(exc)
    sessions_with = g.store.lesson_sessions(lesson_id)
    holding = {s["id"] for s in sessions_with}
    sessions = _sessions_for_adding()
    return render_template("lesson.html", lesson=item, section=section, similar=similar, note=note,
                           document_tags=g.store.document_tags(item["document_key"]),
                           sessions=sessions, sessions_with=sessions_with,
                           open_sessions=[s for s in sessions if s["id"] not in holding],
                           changes=change_actions(item["document_key"]), preferred=reading, replaced_url=replaced_url,
                           recorded=is_recorded(item["document_key"]),
                           review_note=g.store.review_note_of(lesson_id) if can(Role.CURATOR) else None)


@bp.get("/browse")
def browse() -> str:
    """Documents by project, tag, type and date: sortable and paginated."""
    filters = filters_from_args()
    filters.include_hidden = can(Role.CURATOR)  # readers: not a document whose every lesson is hidden
    filters.either = either_arg()  # tags or projects, as a digest's "and N more" counted
    sort = choice_arg("sort", (*DOCUMENT_SORTS, MATCHED), "date")
    page_number = page_arg(high=100_000)
    size = int_arg("size", 25, low=5, high=200)
    rows, total = g.store.documents(filters, sort=sort, limit=size, offset=(page_number - 1) * size)
    if not rows and total and page_number > 1:  # past the last page: the last page, as paginators do
        page_number = Page(page_number, size, total).pages
        rows, total = g.store.documents(filters, sort=sort, limit=size, offset=(page_number - 1) * size)
    active = active_filters()
    facets = facet_counts(g.store.conn, g.store.document_ids(filters) if active else None, [], limit=30,
                          for_readers=not filters.include_hidden)  # counts what the list shows
    return render_template("browse.html", rows=rows, page=Page(page_number, size, total), sort=sort, facets=facets,
                           filters=filters, toggle_url=toggle_url, sorts=_sorts(sort, filters),
                           active=active, replaced_url=replaced_url,
                           added_dates=_dates(filters.added_since, filters.added_before),
                           updated_dates=_dates(filters.updated_since, filters.updated_before),
                           lessons_added_dates=_dates(filters.lessons_added_since, filters.lessons_added_before),
                           lessons_matched=g.store.lessons(filters, limit=0)[1] if filters.by_lessons() else None,
                           tagged_apart=g.store.lessons_tagged_apart(filters) if not filters.by_lessons() else ([], 0),
                           empty=not total and g.store.is_empty())


def _sorts(sort: str, filters: Filters) -> list[str]:
    """The orders browse offers: "best match" (a digest's order, where its "and N more" leads) with tags or projects
    to match, or when chosen."""
    matching = sort == MATCHED or bool(filters.tag_names() or filters.project)
    return ["date", "-date", "title", "project", "ingested", *([MATCHED] if matching else [])]


def _dates(since: str | None, before: str | None) -> str | None:
    """The days of an ``added`` or ``updated`` filter by week or days, for its chip ("Added Nov 16–22, 2026"), or
    None (no filter, or one by a number of days)."""
    if not since or not before:
        return None
    start, end = (datetime.fromisoformat(moment).astimezone(g.settings.zone) for moment in (since, before))
    if not whole_days(start, end):  # a digest's window from where the last one ended: to the minute
        return moments_named(start, end, g.lang)
    return days_named(start.date(), end.date() - timedelta(days=1), g.lang, year=True)


@bp.get("/tags")
def tags() -> str:
    """Every tag with its counts (``?q=`` keeps those whose name, or a synonym's, holds the text); curators rename,
    merge, undo and manage synonyms here."""
    query = request.args.get("q", "")[:60].strip()
    readers = not can(Role.CURATOR)  # counts of what they see; not a tag on nothing they see
    every = g.store.tags(for_readers=readers)
    rows = g.store.tags(contains=query, for_readers=readers) if query else every[:TAG_CLOUD_LIMIT]
    history = g.store.tag_events(30) if can(Role.CURATOR) else []
    synonyms = g.store.synonyms(for_readers=readers)
    return render_template("tags.html", rows=rows, every=every, query=query, history=history,
                           capped=not query and len(every) > len(rows),
                           targets=_event_targets(history), live_tags={r["name"] for r in every}, synonyms=synonyms,
                           groups=g.store.synonym_groups() if can(Role.CURATOR) else [])


def _event_targets(events: list[dict]) -> dict[int, dict]:
    """What each tag change was about, to link to: a lesson, a document (with its title), or the other tag of a
    rename or merge. A document that is gone since has no entry (its key is shown as text)."""
    keys = [e["detail"] for e in events if e["action"] in ("add", "remove") and e["detail"]
            and not e["detail"].startswith("lesson:")]
    titles = g.store.document_titles(keys)
    out: dict[int, dict] = {}
    for e in events:
        detail = e["detail"] or ""
        if e["action"] in ("rename", "merge", "undo") and detail:
            out[e["id"]] = {"kind": "tag", "ref": detail}
        elif detail.startswith("lesson:") and detail[7:].isdigit():
            out[e["id"]] = {"kind": "lesson", "ref": int(detail[7:])}
        elif detail in titles:
            out[e["id"]] = {"kind": "document", "ref": detail, "title": titles[detail]}
    return out
