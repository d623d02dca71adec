"""What the process keeps of each index file, shared by every ``SearchIndex`` of it (search/index.py)."""

from __future__ import annotations

import threading

from search.bm25 import MemoryBM25
from search.centring import CentredRows, LanguageCentres
from search.feedback import TermSets
from search.forward import ChunkFacts
from search.keyword import Vocabulary
from search.vector_index import VectorIndex

# One loaded FAISS index, one vocabulary and one forward index per index file, shared by every SearchIndex of the
# process (the web app makes one SearchIndex per request); reloaded when another process rewrites the file.
_SHARED_VECTORS: dict[str, tuple[float, VectorIndex]] = {}
_SHARED_VOCABULARIES: dict[str, Vocabulary] = {}
_SHARED_FACTS: dict[str, ChunkFacts] = {}
_SHARED_SCORERS: dict[str, MemoryBM25] = {}
_SHARED_TRANSLATION_SCORERS: dict[str, MemoryBM25] = {}
_SHARED_CENTRES: dict[str, LanguageCentres] = {}
_SHARED_CENTRED: dict[str, CentredRows] = {}
_SHARED_TERM_SETS: dict[str, TermSets] = {}
_SHARED_TRANSLATION_VOCABULARIES: dict[str, Vocabulary] = {}
_SHARED_LOCK = threading.Lock()
_MTIMES: dict[str, tuple[float, int | None]] = {}  # index file -> (when read, its mtime)
MTIME_TTL = 0.05
