"""What an upgrade still has to do to a store, said by ``kb check`` before it is done: the documents the next ingest
reads again (a new ``PARSER_VERSION``), the chunks made again and the translations made again, and roughly how long.

The rates are those measured upgrading a store of 4,594 documents and 16,144 chunks made by the release of 2026-12-02
to this one, on one core (BENCHMARKS.md, "Upgrading a real-sized store (m-upgrade)"); a machine's speed and the
share of texts that change move them, so the figure is said as rough.
"""

from __future__ import annotations

import shlex
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ingest.rereading import rereading
from kb.commands.messages import counted
from kb.display import human_bytes
from kb.parser_version import PARSER_VERSION

SECONDS_A_DOCUMENT_READ = 0.0052  # parsing and storing again (24.1 s for 4,594 documents)
SECONDS_A_CHUNK_TRANSLATED = 0.0071  # the document-side translation (115 s for 16,145 chunks)
SECONDS_A_DOCUMENT_CHUNKED = 0.004  # chunked again, its unchanged texts' vectors taken from the cache
BYTES_A_CHUNK_TRANSLATED = 2_500  # the database grew by 39 MB for 16,145 chunks' translations (and their FTS5 rows)


@dataclass
class UpgradePlan:
    """What is left: files and documents to read again, documents whose chunks are made again, chunks to translate."""

    files: int = 0
    documents: int = 0
    missing_files: int = 0
    newer: int = 0  # of ``files``, read by a newer parser than this version's (an older kb run on the store)
    rechunked: int = 0
    translations: int = 0
    paths: list[str] = field(default_factory=list)
    free_bytes: int | None = None  # free on the database's disk

    @property
    def bytes_needed(self) -> int:
        """Roughly how much the database grows by (the translations; documents read again replace their rows)."""
        return self.translations * BYTES_A_CHUNK_TRANSLATED

    @property
    def seconds(self) -> float:
        """Roughly how long it takes on one core (the rates above)."""
        return (self.documents * SECONDS_A_DOCUMENT_READ + self.rechunked * SECONDS_A_DOCUMENT_CHUNKED
                + self.translations * SECONDS_A_CHUNK_TRANSLATED)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with the estimate."""
        return {**asdict(self), "parser_version": PARSER_VERSION, "seconds": round(self.seconds),
                "bytes_needed": self.bytes_needed}


def upgrade_plan(app: Any) -> UpgradePlan:
    """What the next ``kb ingest`` of the stored files will do that an upgrade made due."""
    index = app.index()
    reread = rereading(app.store())
    behind, translations = index.pending()
    return UpgradePlan(files=reread.files, documents=reread.documents, missing_files=reread.missing_files,
                       newer=reread.newer,
                       rechunked=max(behind, reread.documents), translations=translations, paths=reread.paths,
                       free_bytes=_free(app.settings.db))


def _free(db: Path) -> int | None:
    """Free bytes on the disk that holds the database (None if that cannot be read)."""
    try:
        return shutil.disk_usage(db.parent).free
    except OSError:
        return None


def plan_lines(plan: UpgradePlan) -> list[str]:
    """The plan as kb check says it (nothing when the store is up to date)."""
    if not plan.files:
        return []
    lines = [f"upgrade: {counted('files', plan.files)} ({counted('documents', plan.documents)}) "
             f"{'was' if plan.files == 1 else 'were'} read by {_which(plan)} parser than this version's "
             f"({PARSER_VERSION}): the next 'kb ingest' of them reads them again, then "
             f"makes their chunks again (texts that did not change keep their vectors)"
             + (f" and gives {counted('chunks', plan.translations)} their document-side translation"
                if plan.translations else "")
             + f"; roughly {_rough(plan.seconds)} on one core and {human_bytes(plan.bytes_needed)} more disk "
               "(README, Upgrading)"]
    if plan.free_bytes is not None and plan.free_bytes < plan.bytes_needed:
        lines.append(f"upgrade: only {human_bytes(plan.free_bytes)} is free on the database's disk: free some space "
                     "first (a full disk stops the ingest, and what it stored stays usable)")
    lines.append("upgrade: back up first (kb backup FOLDER), then run: kb ingest "
                 + " ".join(shlex.quote(p) for p in plan.paths)
                 + " (stopped, by a kill or a full disk, it loses nothing: run it again to go on)")
    if plan.missing_files:
        lines.append(f"upgrade: {counted('files_gone', plan.missing_files)}; their documents stay as they were read "
                     "('kb ingest --prune FOLDER' removes them)")
    return lines


def _which(plan: UpgradePlan) -> str:
    """Whose parser read the files: an older one, or (a store a newer release read, under this older kb) a newer."""
    if not plan.newer:
        return "an older"
    return "a newer" if plan.newer == plan.files else "an older or a newer"


def _rough(seconds: float) -> str:
    """An estimate as one says it: "a minute", "12 minutes", "2.5 hours" (never "2 min 37 s", a precision it lacks)."""
    minutes = max(1, round(seconds / 60))
    if minutes == 1:
        return "a minute"
    return f"{minutes} minutes" if minutes < 90 else f"{minutes / 60:.1f} hours"
