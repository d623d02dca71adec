"""Text that people type into fields (tags, titles, notes, minutes), checked once before it is stored.

JSON, forms and the command line can all carry what no field means: a value that is not text at all, a lone
surrogate (JSON's ``"\\ud800"``, or undecodable bytes in a command-line argument), NUL and other control
characters. Each is refused with a message naming the field, so nothing half-valid reaches the store.
"""

from __future__ import annotations

import re
from typing import Any

from kb.errors import InvalidInput

_SURROGATE = re.compile(r"[\ud800-\udfff]")
# single-line fields: every C0 and C1 control but the tab (a tab is whitespace, normalised like a space)
_LINE_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
# multi-line fields (notes, minutes, descriptions) keep tabs and line breaks
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def text_field(value: Any, field: str, *, limit: int, multiline: bool = False) -> str | None:
    """The value, stripped, if it is acceptable text for a field; None stays None.

    Args:
        value: what was sent.
        field: the field's name, for the message.
        limit: the most characters allowed (after stripping).
        multiline: whether tabs and line breaks are allowed (notes), or only tabs (titles, tags).

    Returns:
        The stripped text, or None for None.

    Raises:
        InvalidInput: not a string, a lone surrogate, a control character, or too long.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"'{field}' must be text, not {describe(value)}")
    check_encodable(value, field)
    control = (_TEXT_CONTROLS if multiline else _LINE_CONTROLS).search(value)
    if control:
        raise InvalidInput(f"'{field}' contains a control character (U+{ord(control.group()):04X}); "
                           + ("remove it" if multiline else "use one line of plain text"))
    text = value.strip()
    if len(text) > limit:
        raise InvalidInput(f"'{field}' is a text of {len(text):,} characters, longer than the {limit:,} allowed")
    return text


_LINE_BREAKERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # kb.text.has_line_breakers: tab included


def check_one_line(value: str, field: str) -> None:
    """Refuse a line break, a tab or another control character, or a Unicode line or paragraph separator in a
    one-line field that goes into an e-mail header (a subscriber's name, address, interests), naming the field.

    Raises:
        InvalidInput: naming the field and the character.
    """
    found = _LINE_BREAKERS.search(value)
    if found is None:
        return
    code = f"U+{ord(found.group()):04X}"
    if found.group() in "\u2028\u2029":
        raise InvalidInput(f"'{field}' contains a line separator ({code}); use one line of plain text")
    raise InvalidInput(f"'{field}' contains a control character ({code}); use one line of plain text")


def check_encodable(value: str, field: str) -> None:
    """Refuse a string that cannot be stored as UTF-8 (a lone surrogate).

    Raises:
        InvalidInput: naming the field.
    """
    if _SURROGATE.search(value):
        raise InvalidInput(f"'{field}' contains an invalid character (a lone UTF-16 surrogate)")


def describe(value: Any) -> str:
    """What kind of JSON value this is, for messages: a number, a list, an object..."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if value is None:
        return "null"
    return type(value).__name__


# A date as people type it: 2026-10-15, 2026/10/15, 2026.10.15, 2026-3-1, 2026年10月15日 (full-width digits and
# punctuation are folded first). The same separator between all three parts; a four-digit year first.
_DATE = r"(?P<y>\d{4})\s*(?:(?P<sep>[-/.])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})" \
        r"|年\s*(?P<cm>\d{1,2})\s*月\s*(?P<cd>\d{1,2})\s*(?P<cday>[日号])?)"
# a time after it: 14:30, 14:30:00, 14时30分, 14点30分, 14时, 14点; after a space or a T (none needed after 日)
_TIME = r"(?P<h>\d{1,2})\s*(?::\s*(?P<mi>\d{2})(?:\s*:\s*\d{2})?|[时點点]\s*(?:(?P<cmi>\d{1,2})\s*分?)?)"
_DATE_ONLY = re.compile(rf"^{_DATE}$")
_DATE_TIME = re.compile(rf"^{_DATE}(?:(?:\s*[Tt]\s*|\s+|(?<=[日号])\s*){_TIME})?$")


def _parts(text: str, with_time: bool) -> tuple[str, str | None] | None:
    """(ISO date, HH:MM or None), or None when the text is not a real date (and time)."""
    import unicodedata
    from datetime import datetime

    folded = unicodedata.normalize("NFKC", text).strip()  # full-width ２０２６／１０／１５ and ：
    found = (_DATE_TIME if with_time else _DATE_ONLY).match(folded)
    if not found:
        return None
    year, month, day = int(found["y"]), int(found["m"] or found["cm"]), int(found["d"] or found["cd"])
    hour = found.groupdict().get("h")
    minute = found.groupdict().get("mi") or found.groupdict().get("cmi") or "0"
    try:
        moment = datetime(year, month, day, int(hour or 0), int(minute))
    except ValueError:  # 2026-02-30, 2026/13/01, 25:00
        return None
    return moment.date().isoformat(), (moment.strftime("%H:%M") if hour is not None else None)


def date_field(value: Any, field: str) -> str | None:
    """An ISO date (2026-10-15) from a date as people type it, or None when empty.

    Accepts 2026-10-15, 2026/10/15, 2026.10.15, 2026-3-1 and 2026年10月15日 (also with full-width digits).

    Raises:
        InvalidInput: not text, or not a real date (2026-02-30, 2026/13/01), naming the field.
    """
    text = text_field(value, field, limit=40)
    if not text:
        return None
    parts = _parts(text, with_time=False)
    if parts is None:
        raise _invalid(field, text, with_time=False)
    return parts[0]


# A whole month, as --since and --until (and the web's since= and until=) take it: 2025-01, 2025/1, 2025.1, 2025年1月
_MONTH = re.compile(r"^(?P<y>\d{4})\s*(?:[-/.]\s*(?P<m>\d{1,2})|年\s*(?P<cm>\d{1,2})\s*月份?)$")


def bound_field(value: Any, field: str, *, last: bool = False) -> str | None:
    """An ISO date bounding a period of days (since, until): a day as ``date_field`` takes it, or a whole month
    (2025-01, 2025/1, 2025.1, 2025年1月): its first day, or with ``last`` its last day; None when empty.

    Raises:
        InvalidInput: as ``date_field`` does (a month that does not exist, 2025-13, as a day that does not), saying
            that a month is taken too.
    """
    import calendar
    import unicodedata

    text = text_field(value, field, limit=40)
    if not text:
        return None
    month = _MONTH.match(unicodedata.normalize("NFKC", text).strip())
    if not month:
        try:
            return date_field(text, field)
        except InvalidInput as exc:  # said with the month it takes too (it said "use YYYY-MM-DD" alone)
            if "does not exist" in str(exc):
                raise _no_such_bound(field, text) from None
            raise InvalidInput(f"'{field}' is invalid: '{text[:30]}' is not a date or a month; use YYYY-MM-DD or "
                               "YYYY-MM (like 2025-01-31 or 2025-01)") from None
    year, number = int(month["y"]), int(month["m"] or month["cm"])
    if not 1 <= number <= 12:
        raise _no_such_bound(field, text)
    return f"{year:04d}-{number:02d}-{calendar.monthrange(year, number)[1] if last else 1:02d}"


def _no_such_bound(field: str, text: str) -> InvalidInput:
    """A day or a month of the right form that does not exist (2025-02-30, 2025-13), and the forms a bound takes."""
    return InvalidInput(f"'{field}' is invalid: '{text[:30]}' does not exist; use YYYY-MM-DD or YYYY-MM (like "
                        "2025-01-31 or 2025-01)")


def datetime_field(value: Any, field: str) -> str | None:
    """An ISO date and time (2026-10-15T14:30), or an ISO date when no time is given, or None when empty.

    The date as ``date_field`` accepts it, then optionally a time: 14:30, 14:30:00 (seconds dropped), 14时30分,
    14点30分 or 14时, after a space or a T (or directly after 日).

    Raises:
        InvalidInput: not text, or not a real date and time, naming the field and quoting what was typed.
    """
    text = text_field(value, field, limit=40)
    if not text:
        return None
    parts = _parts(text, with_time=True)
    if parts is None:
        raise _invalid(field, text, with_time=True)
    day, time = parts
    return f"{day}T{time}" if time else day


def _invalid(field: str, text: str, *, with_time: bool) -> InvalidInput:
    """What is wrong with a date (and time) as typed, naming the field and the form to use: a day that does not exist
    (2026-02-30, 2026/13/01, 25:00) or text that is not a date at all."""
    import unicodedata

    typed = text[:30]
    shaped = (_DATE_TIME if with_time else _DATE_ONLY).match(unicodedata.normalize("NFKC", text).strip())
    if shaped:
        form = "YYYY-MM-DD HH:MM" if with_time else "YYYY-MM-DD"
        return InvalidInput(f"'{field}' is invalid: '{typed}' does not exist; use {form}")
    if with_time:
        return InvalidInput(f"'{field}': '{typed}' is not a date and time (use YYYY-MM-DD HH:MM, or YYYY-MM-DD for "
                            "the day alone)")
    return InvalidInput(f"'{field}' is invalid: '{typed}' is not a date; use YYYY-MM-DD (like 2025-01-31)")
