"""Choosing a message from a catalogue in English and Chinese: the reader's language, and the singular where a count
is one. The web pages (web/i18n/) and the digest e-mails (kb/digest/messages.py) both say things through it."""

from __future__ import annotations

from collections.abc import Mapping

# key -> (English, Chinese). A message that counts something may have a ``KEY_one`` form for a count of one.
Catalogue = Mapping[str, tuple[str, str]]

COUNTS = ("n", "total", "relevant", "count")  # the placeholders that count something
# The placeholders that hold an amount, written with thousands separators; ids, line numbers, years, page numbers
# (the page=1000 of an address) and setting values are not among them ("lesson #1099", not "lesson #1,099").
AMOUNTS = (*COUNTS, "shown", "done", "hidden", "approved", "lessons", "documents", "docs", "files", "into_docs",
           "into_lessons", "limit", "ms", "days", "minutes")


def number(value: int) -> str:
    """An amount as people read it: digits grouped by three with a comma ("1,099"), in English and in Chinese alike.

    zh-CN writes large numbers with the same comma every three digits (CLDR's ``#,##0``), so one form serves both; the
    pages, the digest and the CLI all write amounts through here.
    """
    return f"{value:,}"


def say(catalogue: Catalogue, key: str, lang: str, **values: object) -> str:
    """A message in a language (Chinese for ``zh``, else English), with its {placeholders} filled.

    Where a count (one of ``COUNTS``) is 1 and the catalogue has the message's ``KEY_one`` form, that form: "1 new
    lesson", not "1 new lessons". An amount (one of ``AMOUNTS``) is written with thousands separators ("1,099 new
    lessons"). An unknown key shows itself, so a missing message is seen, not a traceback.
    """
    count = next((values[name] for name in COUNTS if name in values), None)
    if count == 1 and f"{key}_one" in catalogue:
        key = f"{key}_one"
    pair = catalogue.get(key)
    text = key if pair is None else pair[1 if lang == "zh" else 0]
    if not values:
        return text
    return text.format(**{name: _shown(name, value) for name, value in values.items()})


def _shown(name: str, value: object) -> object:
    # bool is an int too: a flag is never an amount
    return number(value) if name in AMOUNTS and isinstance(value, int) and not isinstance(value, bool) else value
