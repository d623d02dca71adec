"""The search parameters of issue 16 shared by the page and the API: the reader's language (``prefer_lang``), all
matches or only the relevant ones (``all``), and what to say when nothing is relevant."""

from __future__ import annotations

from collections.abc import Sequence

from flask import abort, g, request

from search.preference import (
    ANY,
    AUTO,
    PREFERABLE,
    chosen_language,
    parse_preference,
    readable,
    reading_language,
    spelled,
)
from search.query import SORTS
from search.results import SearchResults
from web.i18n import translate

PREFER_ARG = "prefer_lang"


def preference_arg(default: str | None = None) -> str | None:
    """The reader's language from ``prefer_lang`` (zh, en, or any for none); ``default`` when it is absent or auto
    (the page's own choice: an address made for the API, where auto is the query's language, opens on the page).

    Aborts with 400 naming the parameter for any other value.
    """
    raw = request.args.get(PREFER_ARG)
    if raw is None or spelled(raw) == AUTO:
        return default
    try:
        return parse_preference(raw)
    except ValueError:
        abort(400, description="'prefer_lang' must be zh, en, any or auto")


def choice_arg(name: str, choices: Sequence[str], default: str) -> str:
    """A parameter that takes one of a few words (``mode``, ``sort``), read as ``lang`` and ``prefer_lang`` are
    (``search.preference.spelled``): in any case, spaces around it ignored (``?sort=Date`` was refused while
    ``?lang=ZH`` was taken); ``default`` when it is absent or empty.

    Aborts with 400 naming the parameter and the values it takes for any other value.
    """
    raw = request.args.get(name)
    value = spelled(raw) if raw else ""
    if not value:
        return default
    if value not in choices:
        abort(400, description=f"'{name}' must be one of {', '.join(choices)}")
    return value


def sort_arg() -> str:
    """The documents' order from ``sort`` (search/query.py, SORTS): relevance when it is absent or empty.

    Aborts with 400 naming the parameter for any other value.
    """
    return choice_arg("sort", SORTS, "relevance")


def mark_other_language(results: SearchResults, preferred: str | None, query: str) -> str:
    """Mark the documents not in the reader's language (``other_language``, the page's "in English" / "中文文档"):
    the language preferred, or with none ("any language") the one the page would have preferred, the UI's or the
    query's (``reading_language``), so that the choice reorders the results without changing their marks; the page
    and the API mark alike. Returns that language."""
    reading = preferred or reading_language(g.get("lang", "en"), query)
    for group in results.groups:
        group.other_language = not readable(group.language, reading)
    return reading


def api_preference(query: str) -> tuple[str | None, str]:
    """The reader's language for the API, which has no page language: as ``kb search --prefer-lang`` reads it, from
    ``prefer_lang`` (zh, en, any, or auto: a Chinese query's or an English sentence's own language) or, when it is
    absent, the prefer_lang setting; and what chose it: "query" (auto), "parameter" or "setting".

    Aborts with 400 naming the parameter for any other value.
    """
    choice = api_preference_choice()  # aborts with 400 for a value it does not know
    chosen_by = "parameter" if PREFER_ARG in request.args else "setting"
    return chosen_language(choice, query), "query" if spelled(choice) == AUTO else chosen_by


def api_preference_choice() -> str:
    """The reader's language as the API asks for it (``api_preference`` for a search, the similar past issues): ``prefer_lang``
    (zh, en, any, or auto: the query's or the lesson's own) or, when it is absent, the prefer_lang setting, as
    ``kb similar --prefer-lang`` reads it.

    Aborts with 400 naming the parameter for any other value.
    """
    raw = request.args.get(PREFER_ARG)
    if raw is None:
        return g.settings.prefer_lang
    if spelled(raw) not in (*PREFERABLE, ANY, AUTO):
        abort(400, description="'prefer_lang' must be zh, en, any or auto")
    return spelled(raw)


def preference_choice(preferred: str | None) -> str:
    """The value a link carries for a preference (``any`` for none)."""
    return preferred or ANY


def flag_arg(name: str) -> bool:
    """A yes/no parameter: 1, true, yes or on mean yes; absent or 0, false, no, off, empty mean no (400 otherwise)."""
    raw = request.args.get(name, "").strip().lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("", "0", "false", "no", "off"):
        return False
    abort(400, description=f"'{name}' must be 1 or 0")


def nothing_relevant_message(results: SearchResults, q: str) -> str:
    """Why nothing relevant is listed, in the UI's language: how many documents matched at all ('Nothing relevant
    found: 3 documents matched only a word'), or that none did."""
    lang = g.get("lang", "en")
    if results.total:
        return translate("nothing_relevant", lang, total=results.total)
    return translate("no_results", lang, q=q)


def replaced_url(name: str, value: str | None) -> str:
    """The current URL with one parameter set to a value (or removed for None), back on page 1."""
    from urllib.parse import urlencode

    from web.views.common import page_args

    params = page_args(name, "page")
    if value is not None:
        params.append((name, value))
    return f"{request.path}?{urlencode(params)}"
