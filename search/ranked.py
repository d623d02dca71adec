"""Rankings as arrays: a leg's chunk ids and scores (``Ranked``), and a fused ranking (``FusedRanking``) whose
items (``search.hybrid.Fused``) are made only when a caller reads them.

A bilingual search at ``kb eval``'s depth ranks five or six legs of a thousand chunks and fuses them twice: as
(id, score) tuples and ``Fused`` items that was about eight thousand short-lived Python objects a query, most never
read (the evaluation and the feedback legs need only the ids and scores, in order), and their conversions to and from
arrays (BENCHMARKS.md, "Legs as arrays end to end").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np

from search.hybrid import Fused


@dataclass(frozen=True, slots=True)
class Ranked:
    """One leg's ranking: chunk ids (int64) and their scores (float64), aligned, best first."""

    ids: np.ndarray
    scores: np.ndarray

    @classmethod
    def of(cls, pairs: Sequence[tuple[int, float]]) -> Ranked:
        """A ranking from (id, score) pairs, best first."""
        if not len(pairs):
            return cls.empty()
        ids, scores = zip(*pairs)  # columns in C: a generator per column costs several times as much
        return cls(np.array(ids, dtype=np.int64), np.array(scores, dtype=np.float64))

    @classmethod
    def empty(cls) -> Ranked:
        """A leg that found nothing."""
        return cls(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))

    def pairs(self) -> list[tuple[int, float]]:
        """(id, score) pairs of Python ints and floats, best first."""
        return list(zip(self.ids.tolist(), self.scores.tolist()))

    def head(self, count: int) -> Ranked:
        """The first ``count`` items."""
        return Ranked(self.ids[:count], self.scores[:count])

    def __len__(self) -> int:
        return len(self.ids)


class FusedRanking(Sequence[Fused]):
    """A fused ranking, best first: its ids and scores as arrays; its ``Fused`` items (with the legs that ranked each
    one, from a bit mask per item) made at the first read of an item, once. A ranking of items already made (``of``)
    makes its arrays only if they are read."""

    __slots__ = ("_ids", "_items", "_masks", "_names", "_scores")

    def __init__(self, ids: np.ndarray, scores: np.ndarray, masks: np.ndarray | None = None,
                 names: Sequence[str] = (), items: list[Fused] | None = None) -> None:
        """
        Args:
            ids: the items' ids (int64), best first.
            scores: their scores (float64), aligned.
            masks: each item's legs as bits (bit n: ``names[n]``), aligned; needed unless ``items`` are given.
            names: the legs' names, by bit.
            items: the items themselves, if already made.
        """
        self._ids: np.ndarray | None = ids
        self._scores: np.ndarray | None = scores
        self._masks, self._names, self._items = masks, tuple(names), items

    @classmethod
    def of(cls, items: Iterable[Fused]) -> FusedRanking:
        """A ranking of items already made (integer ids); its arrays are made if read."""
        ranking = cls(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64), items=list(items))
        ranking._ids = ranking._scores = None
        return ranking

    @property
    def made(self) -> bool:
        """Whether the items are made (reading them costs nothing more)."""
        return self._items is not None

    @property
    def ids(self) -> np.ndarray:
        """The items' ids (int64), best first."""
        if self._ids is None:
            self._columns()
        return self._ids  # type: ignore[return-value]

    @property
    def scores(self) -> np.ndarray:
        """The items' scores (float64), aligned with ``ids``."""
        if self._scores is None:
            self._columns()
        return self._scores  # type: ignore[return-value]

    def _columns(self) -> None:
        ids, scores, _ = zip(*self._items) if self._items else ((), (), ())  # columns in C, not a generator each
        self._ids, self._scores = np.array(ids, dtype=np.int64), np.array(scores, dtype=np.float64)

    def items(self) -> list[Fused]:
        """The ranking's items, made once."""
        if self._items is None:
            masks = self._masks if self._masks is not None else np.zeros(len(self.ids), dtype=np.int64)
            names = self._names
            legs = {m: tuple(leg for bit, leg in enumerate(names) if m >> bit & 1)
                    for m in np.flatnonzero(np.bincount(masks)).tolist()}  # the masks found (np.unique: slower)
            make = tuple.__new__  # a named tuple's own constructor is a Python function: a third of the time here
            self._items = [make(Fused, item) for item in
                           zip(self.ids.tolist(), self.scores.tolist(), map(legs.__getitem__, masks.tolist()))]
        return self._items

    def item(self, at: int) -> Fused:
        """One item (a position from 0), made alone when the items are not: a page reads a few of hundreds."""
        if self._items is not None:
            return self._items[at]
        mask = int(self._masks[at]) if self._masks is not None else 0
        legs = tuple(leg for bit, leg in enumerate(self._names) if mask >> bit & 1)
        return tuple.__new__(Fused, (int(self.ids[at]), float(self.scores[at]), legs))

    def reordered(self, scores: np.ndarray, order: np.ndarray) -> FusedRanking:
        """This ranking with new scores (aligned with its items as they are), its items taken in ``order``."""
        if self._masks is not None:
            return FusedRanking(self.ids[order], scores[order], self._masks[order], self._names)
        items, make = self.items(), tuple.__new__
        return FusedRanking.of([make(Fused, (items[i][0], s, items[i][2]))
                                for i, s in zip(order.tolist(), scores[order].tolist())])

    def __len__(self) -> int:
        return len(self._items) if self._ids is None else len(self._ids)  # type: ignore[arg-type]

    @overload
    def __getitem__(self, at: int) -> Fused: ...

    @overload
    def __getitem__(self, at: slice) -> list[Fused]: ...

    def __getitem__(self, at: int | slice) -> Fused | list[Fused]:
        return self.items()[at]

    def __iter__(self) -> Iterator[Fused]:
        return iter(self.items())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and self.items() == list(other)

    __hash__ = None  # type: ignore[assignment]  (mutable cache, compared by items: as a list)

    def __repr__(self) -> str:
        return f"FusedRanking({self.items()!r})"


__all__ = ["FusedRanking", "Ranked"]
