"""What an upgrade still has to do to a store, said by ``kb check`` before it is done: the documents the next ingest
reads again (a new ``PARSER_VERSION``), the chunks made again and the translations made again, and roughly how long.

The rates are those measured upgrading a store of 4,594 documents and 16,144 chunks made by the release of 2026-12-02
to this one, on one core (BENCHMARKS.md, "Upgrading a real-sized store (m-upgrade)"); a machine's speed and the
share of texts that change move them, so the figure is said as rough.
"""

from __future__ import annotations

import shlex
from dataclasses import asdict, dataclass, field
from typing import Any

from ingest.parsers import PARSER_VERSION
from ingest.rereading import rereading
from kb.commands.messages import counted
from kb.display import human_duration

SECONDS_A_DOCUMENT_READ = 0.0052  # parsing and storing again (24.1 s for 4,594 documents)
SECONDS_A_CHUNK_TRANSLATED = 0.0071  # the document-side translation (115 s for 16,145 chunks)
SECONDS_A_DOCUMENT_CHUNKED = 0.004  # chunked again, its unchanged texts' vectors taken from the cache


@dataclass
class UpgradePlan:
    """What is left: files and documents to read again, documents whose chunks are made again, chunks to translate."""

    files: int = 0
    documents: int = 0
    missing_files: int = 0
    rechunked: int = 0
    translations: int = 0
    paths: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        """Roughly how long it takes on one core (the rates above)."""
        return (self.documents * SECONDS_A_DOCUMENT_READ + self.rechunked * SECONDS_A_DOCUMENT_CHUNKED
                + self.translations * SECONDS_A_CHUNK_TRANSLATED)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with the estimate."""
        return {**asdict(self), "parser_version": PARSER_VERSION, "seconds": round(self.seconds)}


def upgrade_plan(app: Any) -> UpgradePlan:
    """What the next ``kb ingest`` of the stored files will do that an upgrade made due."""
    index = app.index()
    reread = rereading(app.store())
    behind, translations = index.pending()
    return UpgradePlan(files=reread.files, documents=reread.documents, missing_files=reread.missing_files,
                       rechunked=max(behind, reread.documents), translations=translations, paths=reread.paths)


def plan_lines(plan: UpgradePlan) -> list[str]:
    """The plan as kb check says it (nothing when the store is up to date)."""
    if not plan.files:
        return []
    lines = [f"upgrade: {counted('files', plan.files)} ({counted('documents', plan.documents)}) were read by an older "
             f"parser than this version's ({PARSER_VERSION}): the next 'kb ingest' of them reads them again, then "
             f"makes their chunks again (texts that did not change keep their vectors)"
             + (f" and gives {counted('chunks', plan.translations)} their document-side translation"
                if plan.translations else "")
             + f"; roughly {human_duration(plan.seconds)} on one core (README, Upgrading)"]
    lines.append("upgrade: back up first (kb backup FOLDER), then run: kb ingest "
                 + " ".join(shlex.quote(p) for p in plan.paths)
                 + " (stopped, by a kill or a full disk, it loses nothing: run it again to go on)")
    if plan.missing_files:
        lines.append(f"upgrade: {counted('files_gone', plan.missing_files)}; their documents stay as they were read "
                     "('kb ingest --prune FOLDER' removes them)")
    return lines
