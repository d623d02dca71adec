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
    return type(value).__name__
