"""Choosing a message from a catalogue in English and Chinese: the reader's language, and the singular where a count
is one. The web pages (web/i18n.py) and the digest e-mails (kb/digest/messages.py) both say things through it."""

from __future__ import annotations

from collections.abc import Mapping

# key -> (English, Chinese). A message that counts something may have a ``KEY_one`` form for a count of one.
Catalogue = Mapping[str, tuple[str, str]]

COUNTS = ("n", "total", "relevant", "count")  # the placeholders that count something


def say(catalogue: Catalogue, key: str, lang: str, **values: object) -> str:
    """A message in a language (Chinese for ``zh``, else English), with its {placeholders} filled.

    Where a count (one of ``COUNTS``) is 1 and the catalogue has the message's ``KEY_one`` form, that form: "1 new
    lesson", not "1 new lessons". An unknown key shows itself, so a missing message is seen, not a traceback.
    """
    count = next((values[name] for name in COUNTS if name in values), None)
    if count == 1 and f"{key}_one" in catalogue:
        key = f"{key}_one"
    pair = catalogue.get(key)
    text = key if pair is None else pair[1 if lang == "zh" else 0]
    return text.format(**values) if values else text
