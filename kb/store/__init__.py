"""The SQLite store: one file, WAL mode, named migrations."""

from __future__ import annotations

from kb.store.contributions import ContributionOps
from kb.store.core import MAX_ROW_ID, is_row_id, row_id
from kb.store.curation import CURATION_LIMITS, CurationOps
from kb.store.filters import Filters
from kb.store.home import HomeOps
from kb.store.pasted import PastedOps
from kb.store.people import SCOPE_READ, TOKEN_SCOPES, PeopleOps, Role
from kb.store.previews import PreviewOps
from kb.store.reads import (
    ADDED,
    DOCUMENT_SORTS,
    LESSON_SORTS,
    MATCHED,
    SOURCE_PATH,
    ReadOps,
    tag_clause,
)
from kb.store.refusals import RefusalOps
from kb.store.review_queue import QueueFilters, ReviewQueueOps
from kb.store.runs import RunOps
from kb.store.sessions import SESSION_LIMITS, STATUSES, SessionOps
from kb.store.subscribers import SubscriberOps
from kb.store.synonyms import synonym_names
from kb.store.tags import MAX_TAGS, Target, tag_list
from kb.store.visibility import ALL_HIDDEN_DOCUMENTS, HIDDEN_LESSONS, HIDDEN_SECTIONS
from kb.store.writes import SaveOutcome, SourceInfo, WriteOps

__all__ = [
    "ADDED",
    "ALL_HIDDEN_DOCUMENTS",
    "CURATION_LIMITS",
    "DOCUMENT_SORTS",
    "HIDDEN_LESSONS",
    "HIDDEN_SECTIONS",
    "LESSON_SORTS",
    "MATCHED",
    "MAX_ROW_ID",
    "MAX_TAGS",
    "SCOPE_READ",
    "SESSION_LIMITS",
    "SOURCE_PATH",
    "STATUSES",
    "TOKEN_SCOPES",
    "Filters",
    "QueueFilters",
    "Role",
    "SaveOutcome",
    "SourceInfo",
    "Store",
    "Target",
    "is_row_id",
    "row_id",
    "synonym_names",
    "tag_clause",
    "tag_list",
]


class Store(WriteOps, ReadOps, RunOps, PeopleOps, SessionOps, CurationOps, SubscriberOps, RefusalOps, ReviewQueueOps,
            HomeOps, ContributionOps, PreviewOps, PastedOps):
    """Everything Lessons KB keeps, in one SQLite file."""
