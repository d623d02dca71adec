"""The SQLite store: one file, WAL mode, named migrations."""

from __future__ import annotations

from kb.store.reads import DOCUMENT_SORTS, Filters, ReadOps
from kb.store.runs import RunOps
from kb.store.tags import Target
from kb.store.writes import SaveOutcome, SourceInfo, WriteOps

__all__ = ["DOCUMENT_SORTS", "Filters", "SaveOutcome", "SourceInfo", "Store", "Target"]


class Store(WriteOps, ReadOps, RunOps):
    """Everything Lessons KB keeps, in one SQLite file."""
