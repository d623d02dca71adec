"""A list drawn from both of the knowledge base's languages: a share session's suggestions for its theme were eight
Chinese lessons for the theme 数据迁移, the English lessons on data migration ranked just below them; the PMO
presents both. Each language takes its turn, in the order of its first (best) item; within one, the ranking stays."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def take_turns(ranked: Iterable[tuple[str | None, T]], limit: int) -> list[T]:
    """Up to ``limit`` items from ``(language, item)`` pairs, best first, the languages taking turns.

    Args:
        ranked: the items with their language (zh, en, mixed, None), best first.
        limit: how many to return.

    Returns:
        The items, one of each language in turn while each has some left (then the rest of those that do).
    """
    queues: dict[str | None, list[T]] = {}
    for language, item in ranked:
        queues.setdefault(language, []).append(item)
    out: list[T] = []
    while len(out) < limit and any(queues.values()):
        for queue in queues.values():
            if queue and len(out) < limit:
                out.append(queue.pop(0))
    return out
