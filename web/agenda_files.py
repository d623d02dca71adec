"""A share session's agenda as the files that leave the site, in a reader's language: Markdown (``agenda.md``, every
user string made literal by web/markdown_text.py) and a calendar invitation (kb/ics.py). The web's downloads and
``kb session show --format markdown|ics`` both make them here, so the two cannot drift apart."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from kb import ics
from web import i18n, markdown_text

TEMPLATES = Path(__file__).parent / "templates"


def markdown(session: dict[str, Any], lang: str) -> str:
    """The agenda as Markdown.

    Args:
        session: as ``Store.session`` returns it, with ``hidden_text=False`` for anything that leaves the site.
        lang: ``zh`` or ``en``, for the labels.
    """
    return _environment().get_template("agenda.md").render(session=session, t=_translator(lang))


def invitation(session: dict[str, Any], lang: str, *, url: str, host: str, zone: str = "UTC") -> str:
    """The session as an ``.ics`` invitation, its description's words in ``lang``, its times in ``zone`` (the
    time_zone setting; see ``kb.ics.invitation``).

    Raises:
        InvalidInput: the session has no date.
    """
    t = _translator(lang)
    labels = {key: t(name) for key, name in
              (("agenda", "agenda"), ("minutes", "minutes_unit"), ("hidden", "hidden_by_curator"))}
    labels["theme"] = t("theme") + t("colon")
    labels["presenter"] = t("item_presenter") + t("colon")
    labels["presenters"] = t("presenters_label") + t("colon")
    labels["audience"] = t("audience") + t("colon")
    labels["list_comma"] = t("list_comma")  # 张伟、李娜 in Chinese, as the ``names`` filter
    for aside in ("parens", "after_parens"):  # the page's brackets around an item's length, "{text}" left to fill
        labels[aside] = t(aside, text="{text}")
    return ics.invitation(session, url=url, host=host, labels=labels, zone=zone)


def _translator(lang: str) -> Any:
    def t(key: str, **values: Any) -> str:
        return i18n.translate(key, lang, **values)

    return t


def untimed_note(session: dict[str, Any], t: Any) -> str:
    """Which agenda items want a length, by their numbers on the agenda ("items 3 and 4 without a length"; "2 items
    without a length" left the curator to find them); "No item has a length yet" when none has one (no total is
    said then); "" when every item has one, or for a reader (``untimed_items`` None: a curator's planning note).

    Args:
        session: as ``Store.session`` returns it.
        t: the messages of the page's language (``key, **values -> text``).
    """
    if not session.get("untimed_items"):
        return ""
    numbers = [str(number) for number, item in enumerate(session["items"], 1) if not item["duration_minutes"]]
    if len(numbers) == len(session["items"]):
        return t("untimed_all")
    listed = numbers[0] if len(numbers) == 1 else f"{t('list_comma').join(numbers[:-1])}{t('list_and')}{numbers[-1]}"
    return t("untimed_items", n=len(numbers), numbers=listed)


@cache
def _environment() -> jinja2.Environment:
    """The templates' folder with the filters agenda.md uses (as web/app.py gives them to the pages); the labels
    come from the ``t`` of the render, so one environment serves both languages."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False)
    env.filters.update(md=markdown_text.escape, md_line=markdown_text.escape_line, md_code=markdown_text.code,
                       kind_label=_kind_label, colon=_colon, parens=_parens, aside=_aside,
                       names=_names, untimed_note=_untimed_note)
    return env


@jinja2.pass_context
def _untimed_note(context: Any, session: dict[str, Any]) -> str:
    return untimed_note(session, context["t"])


@jinja2.pass_context
def _kind_label(context: Any, kind: str | None) -> str:
    return context["t"](f"kind_{kind}") if kind else ""


@jinja2.pass_context
def _colon(context: Any, label: str) -> str:
    return f"{label}{context['t']('colon')}"


@jinja2.pass_context
def _parens(context: Any, text: str) -> Markup:
    return Markup(context["t"]("parens", text=escape(text)))  # as the pages' filter: the text escaped once


@jinja2.pass_context
def _aside(context: Any, text: str) -> Markup:
    return Markup(context["t"]("after_parens", text=escape(text)))  # after a word, as the pages' filter


@jinja2.pass_context
def _names(context: Any, items: list[str]) -> str:
    return context["t"]("list_comma").join(items)  # 张伟、李娜 in Chinese, as the pages' filter
