"""What the store and the search build their SQL with."""

from __future__ import annotations

from collections.abc import Sized


def placeholders(values: Sized) -> str:
    """One ``?`` for each value, comma-separated: the inside of ``IN (…)`` for that many parameters ("" for none)."""
    return ", ".join("?" * len(values))
