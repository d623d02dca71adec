"""FAISS vectors keyed by SQLite row ids (IndexIDMap2), inner product on normalised vectors.

Exact (flat) by default; IVF for large collections. Saved atomically (temp file + rename) next to the
database, with a JSON sidecar naming the model, dimension, count and index type, so an index built with
another model is detected instead of silently giving nonsense.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kb.errors import ReindexNeeded
from kb.permissions import private_folder
from search.forward import in_sorted

FORMAT_VERSION = 1
BITMAP_SPARSITY = 64  # ids up to this many times the allowed count: a bitmap selector, else a hash set


class IndexMismatch(ReindexNeeded):
    """The saved index is missing, damaged, or was built with another model."""


class ModelMismatch(IndexMismatch):
    """The saved index was built with another model: only a reindex (with the new model) can fix that."""


@dataclass
class IndexInfo:
    """The JSON sidecar of an index file."""

    model: str
    dimension: int
    count: int
    index_type: str  # "flat" or "ivf"
    nlist: int = 0
    format: int = FORMAT_VERSION
    # The Chinese-minus-English language offset of the vectors (search/centring.py), computed when the index is
    # saved; None: not computed, or fewer than two languages to compare.
    language_offset: list[float] | None = None
    # The spread of the collection's cosines (search/calibration.py), computed when the index is saved; None: not
    # computed (an older sidecar: measured on first use); 0: too few chunks to say.
    cosine_spread: float | None = None
    # Which rules made the chunks' document-side translations (search/translated_index.py TRANSLATION_VERSION);
    # None: none made, or by rules older than the version's record: a sync makes them again.
    translation_version: int | None = None


class VectorIndex:
    """A FAISS index of normalised vectors whose ids are chunk row ids."""

    def __init__(self, model: str, dimension: int, index_type: str = "flat", *, nlist: int = 0,
                 nprobe: int = 16) -> None:
        import faiss

        self.faiss = faiss
        self.info = IndexInfo(model=model, dimension=dimension, count=0, index_type=index_type, nlist=nlist)
        self.nprobe = nprobe
        self._lists: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # IVF: sorted ids, their lists, sizes
        self._allowed_counts: dict[tuple[int, int], np.ndarray] = {}  # allowed-id set -> allowed ids per list
        if index_type == "flat":
            self.index: Any = faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
        elif index_type == "ivf":
            # IVF stores ids itself; IndexIDMap2 around it could not remove ids. A hashtable direct map
            # gives reconstruct() and remove_ids().
            quantizer = faiss.IndexFlatIP(dimension)
            self.index = faiss.IndexIVFFlat(quantizer, dimension, max(nlist, 1), faiss.METRIC_INNER_PRODUCT)
            self.index.set_direct_map_type(faiss.DirectMap.Hashtable)
        else:
            raise ValueError(f"unknown index type '{index_type}' (flat or ivf)")

    # ---- building -------------------------------------------------------------------------------
    @staticmethod
    def ivf_lists(count: int) -> int:
        """A sensible number of IVF lists for a collection size (about 4 * sqrt(n))."""
        return max(16, int(4 * math.sqrt(max(count, 1))))

    @property
    def needs_training(self) -> bool:
        """True for an IVF index that has not been trained yet."""
        return not self.index.is_trained

    def train(self, vectors: np.ndarray) -> None:
        """Train the IVF quantizer (no-op for flat)."""
        if self.needs_training:
            self.index.train(np.ascontiguousarray(vectors, dtype=np.float32))

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        """Add vectors under the given ids (ids must not be present already)."""
        if len(ids) == 0:
            return
        self.index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32),
                                np.ascontiguousarray(ids, dtype=np.int64))
        self.info.count = int(self.index.ntotal)
        self._forget_lists()

    def remove(self, ids: np.ndarray | list[int]) -> int:
        """Remove ids; return how many were present."""
        if len(ids) == 0:
            return 0
        removed = self.index.remove_ids(np.asarray(ids, dtype=np.int64))
        self.info.count = int(self.index.ntotal)
        self._forget_lists()
        return int(removed)

    def ids(self) -> np.ndarray:
        """Every id in the index."""
        if self.info.index_type == "flat":
            return self.faiss.vector_to_array(self.index.id_map).astype(np.int64)
        return self._ivf_lists()[0]

    def _ivf_lists(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """IVF: every id (sorted), the list each one sits in, and each list's size; kept until the index changes."""
        cached = self._lists
        if cached is None:
            lists = self.index.invlists
            sizes = np.array([lists.list_size(i) for i in range(lists.nlist)], dtype=np.int64)
            parts = [self.faiss.rev_swig_ptr(lists.get_ids(i), int(sizes[i])).copy()
                     for i in range(lists.nlist) if sizes[i]]
            ids = np.concatenate(parts).astype(np.int64) if parts else np.empty(0, dtype=np.int64)
            owner = np.repeat(np.arange(lists.nlist, dtype=np.int64), sizes)
            order = np.argsort(ids, kind="stable")
            cached = self._lists = (ids[order], owner[order], sizes)
        return cached

    def _forget_lists(self) -> None:
        self._lists = None
        self._allowed_counts = {}

    def vectors(self, ids: list[int] | np.ndarray) -> np.ndarray:
        """The stored vectors of some ids (each must be present)."""
        if len(ids) == 0:
            return np.empty((0, self.info.dimension), dtype=np.float32)
        with _one_thread(self.faiss):  # a search's few hundred: OpenMP's threads cost 10-40 times the copy
            return self.index.reconstruct_batch(np.asarray(ids, dtype=np.int64))  # IVF: through its direct map

    def __len__(self) -> int:
        return int(self.index.ntotal)

    # ---- searching ------------------------------------------------------------------------------
    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The k nearest ids with their inner products; ``allowed`` restricts the search to those ids."""
        ids, scores = self.search_arrays(query, k, allowed)
        return list(zip(ids.tolist(), scores.tolist()))  # Python ints and floats

    def search_arrays(self, query: np.ndarray, k: int,
                      allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """``search`` as arrays: the ids (int64) and their inner products (float32), best first."""
        if len(self) == 0 or k <= 0 or (allowed is not None and len(allowed) == 0):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        k = min(k, len(self))
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        params = self._params(allowed, query=q)
        with _one_thread(self.faiss):
            scores, ids = self.index.search(q, k, params=params) if params is not None else self.index.search(q, k)
        found = ids[0] != -1
        return ids[0][found].astype(np.int64, copy=False), scores[0][found]

    def search_many(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k nearest ids (-1 where fewer) and their inner products for each query row, searched as one batch."""
        k = min(k, len(self))
        if len(queries) == 0 or k <= 0:
            return np.zeros((len(queries), 0), dtype=np.int64), np.zeros((len(queries), 0), dtype=np.float32)
        q = np.ascontiguousarray(queries, dtype=np.float32)
        params = self._params(None)
        scores, ids = self.index.search(q, k, params=params) if params is not None else self.index.search(q, k)
        return ids.astype(np.int64, copy=False), scores

    def search_within(self, queries: np.ndarray, k: int, allowed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``search_many`` restricted to the ``allowed`` ids (sorted), in one FAISS call: each row's scores are
        those ``search`` gives it with the same ids allowed (a selector's search scores row by row)."""
        k = min(k, len(self))
        if len(queries) == 0 or k <= 0 or len(allowed) == 0:
            return np.full((len(queries), 0), -1, dtype=np.int64), np.zeros((len(queries), 0), dtype=np.float32)
        q = np.ascontiguousarray(queries, dtype=np.float32)
        scores, ids = self.index.search(q, k, params=self._params(allowed))
        return ids.astype(np.int64, copy=False), scores

    def nearest_ids(self, queries: np.ndarray, allowed: np.ndarray) -> np.ndarray:
        """For each query row, the id of its nearest vector among ``allowed`` (-1 if none), searched as one batch
        (IVF probes its usual ``nprobe`` lists: a near neighbour, not always the nearest)."""
        if len(queries) == 0 or len(self) == 0 or len(allowed) == 0:
            return np.full(len(queries), -1, dtype=np.int64)
        q = np.ascontiguousarray(queries, dtype=np.float32)
        _, ids = self.index.search(q, 1, params=self._params(allowed))
        return ids[:, 0].astype(np.int64)

    def _params(self, allowed: np.ndarray | None, *, query: np.ndarray | None = None) -> Any:
        """FAISS search parameters: the id selector of a filter, and for IVF the lists to probe (with a filter and
        a query, as many as it takes to scan the allowed vectors an unfiltered search would; else ``nprobe``)."""
        faiss = self.faiss
        selector = _selector(faiss, allowed) if allowed is not None else None
        if self.info.index_type == "ivf":
            if selector is None:
                return faiss.SearchParametersIVF(nprobe=self.nprobe)
            probes = self.nprobe if query is None else self.filtered_probes(query, allowed)  # type: ignore[arg-type]
            return faiss.SearchParametersIVF(sel=selector, nprobe=probes)
        return faiss.SearchParameters(sel=selector) if selector else None

    def filtered_probes(self, query: np.ndarray, allowed: np.ndarray) -> int:
        """IVF only: how many lists a search for ``query`` restricted to ``allowed`` ids must probe, nearest list
        first, so that it scans as many allowed vectors as an unfiltered search scans in its ``nprobe`` lists.

        A filter's ids need not be spread evenly over the lists: the lists follow the vectors' clusters, and a
        language filter, say, may leave most lists near an English query empty. Counting the allowed ids list by
        list keeps such a search from coming back short; when the filter allows fewer vectors than that, every
        list is probed, so a filter never empties a page that has results.
        """
        nlist = int(self.index.nlist)
        counts = self._allowed_per_list(allowed)
        _, order = self.index.quantizer.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), nlist)
        order = order[0][order[0] >= 0]
        sizes = self._ivf_lists()[2]
        wanted = int(sizes[order[:self.nprobe]].sum())
        scanned = np.cumsum(counts[order])
        if not len(scanned) or scanned[-1] < wanted:
            return nlist
        return int(min(nlist, max(self.nprobe, int(np.searchsorted(scanned, wanted)) + 1)))

    def _allowed_per_list(self, allowed: np.ndarray) -> np.ndarray:
        """How many of the allowed ids sit in each IVF list (kept for the last few sets: a document page asks
        for the same set a dozen times)."""
        allowed = np.ascontiguousarray(allowed, dtype=np.int64)
        key = (len(allowed), hash(allowed.tobytes()))
        counts = self._allowed_counts.get(key)
        if counts is None:
            ids, owner, sizes = self._ivf_lists()
            if len(ids):
                pos, present = in_sorted(ids, allowed)
                counts = np.bincount(owner[pos[present]], minlength=len(sizes))
            else:
                counts = np.zeros(len(sizes), dtype=np.int64)
            if len(self._allowed_counts) >= 8:
                self._allowed_counts.clear()
            self._allowed_counts[key] = counts
        return counts

    # ---- files ----------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write the index and its sidecar atomically (each to a temp file, then renamed)."""
        private_folder(path.parent)
        self.info.count = len(self)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        os.close(fd)
        try:
            self.faiss.write_index(self.index, tmp)
            _fsync(tmp)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        _write_json_atomic(sidecar_path(path), asdict(self.info))

    @classmethod
    def load(cls, path: Path, *, nprobe: int = 16) -> VectorIndex:
        """Read an index and check it against its sidecar."""
        import faiss

        info = read_info(path)
        try:
            raw = faiss.read_index(str(path))
        except RuntimeError as exc:
            raise IndexMismatch(f"the vector index {path} cannot be read ({str(exc).splitlines()[0][:120]}); "
                                "run 'kb reindex'") from None
        if raw.d != info.dimension:
            raise IndexMismatch(f"{path} has dimension {raw.d} but its sidecar says {info.dimension}; "
                                "run 'kb reindex'")
        self = cls.__new__(cls)
        self.faiss = faiss
        self.info = info
        self.nprobe = nprobe
        self.index = raw
        self._forget_lists()
        if info.index_type == "ivf":
            raw.set_direct_map_type(faiss.DirectMap.Hashtable)
        self.info.count = int(raw.ntotal)
        return self


def _selector(faiss: Any, allowed: np.ndarray) -> Any:
    """A FAISS id selector for the allowed ids. A bitmap (one bit per id up to the largest) is built in a fraction
    of a millisecond; the hash set of ``IDSelectorBatch`` took about 4 ms for a filter allowing 110,000 ids, so it
    is kept for sparse sets, where the bitmap would be mostly empty."""
    ids = np.ascontiguousarray(allowed, dtype=np.int64)
    largest = int(ids.max())
    if ids.min() < 0 or largest >= len(ids) * BITMAP_SPARSITY:
        return faiss.IDSelectorBatch(ids)
    mask = np.zeros(largest + 1, dtype=bool)
    mask[ids] = True
    return faiss.IDSelectorBitmap(np.packbits(mask, bitorder="little"))


def sidecar_path(path: Path) -> Path:
    """Where the JSON sidecar of an index file lives."""
    return path.with_suffix(path.suffix + ".json")


def read_info(path: Path) -> IndexInfo:
    """The sidecar of an index file, or IndexMismatch if missing or unreadable."""
    try:
        data = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
        return IndexInfo(**data)
    except FileNotFoundError:
        raise IndexMismatch(f"{sidecar_path(path)} is missing; run 'kb reindex'") from None
    except (json.JSONDecodeError, TypeError, UnicodeDecodeError) as exc:
        raise IndexMismatch(f"{sidecar_path(path)} is damaged ({exc}); run 'kb reindex'") from None


def write_info(path: Path, info: IndexInfo) -> None:
    """Write an index file's sidecar alone (atomically), the index file as it is."""
    _write_json_atomic(sidecar_path(path), asdict(info))


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _fsync(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def _one_thread(faiss: Any) -> Iterator[None]:
    """Search one query on this thread's core only.

    A single query gains nothing from FAISS's OpenMP threads, and right after the model's BLAS threads have run
    they contend for the cores: a flat search over 15,000 vectors measured p50 4.0 ms / p95 24 ms with two threads,
    1.3 / 1.5 ms with one. (OpenMP's thread count is per calling thread, so other threads are unaffected.)
    """
    before = faiss.omp_get_max_threads()
    if before == 1:
        yield
        return
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)
