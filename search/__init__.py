"""Search: embeddings, vector index, keyword index, hybrid ranking, evaluation."""

from __future__ import annotations

from search.index import SearchIndex, index_path
from search.index_sync import SyncReport
from search.query import MODES, SORTS, SearchQuery
from search.results import DocumentGroup, Hit, SearchResults
from search.searcher import Searcher
from search.vector_index import IndexMismatch, ModelMismatch

__all__ = ["MODES", "SORTS", "DocumentGroup", "Hit", "IndexMismatch", "ModelMismatch", "SearchIndex", "SearchQuery", "SearchResults",
           "Searcher", "SyncReport", "index_path"]
