"""What the next ``kb ingest`` of the stored files will read again because this version's parser differs from the one
that read them (``PARSER_VERSION``): said by ``kb check`` after an upgrade, before the work is done."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.discovery import discover, with_folder_projects
from ingest.parsers import PARSERS
from ingest.pipeline import parser_signature
from kb.errors import StoreError
from kb.parser_version import PARSER_VERSION
from kb.store import Store

OLDER = "older"  # the parser version recorded of a file read before versions were, whose signature is not this one's


@dataclass
class Rereading:
    """Stored files read by another parser (or other options), their documents, and those whose file is gone."""

    files: int = 0
    documents: int = 0
    missing_files: int = 0
    newer: int = 0  # of ``files``, those read by a newer parser than this (an older kb run on a newer one's store)
    paths: list[str] = field(default_factory=list)  # what to give 'kb ingest': the files and folders ingested before


def rereading(store: Store) -> Rereading:
    """The stored files whose signature this version's parser would not give them (read with the ``--map`` they were
    read with, with or without ``--project-from-folder``), counted with their documents; a stored file that is
    no longer on disk is counted apart (an ingest of its folder leaves it, ``--prune`` removes it). A file read
    before its parser version was stored, whose signature is this version's, has the version recorded (kb search
    tells a pending upgrade by it)."""
    rows = store.rows("SELECT s.id, s.path, s.root, s.parser_signature, s.parser_version, s.column_map,"
                      " (SELECT count(*) FROM documents d WHERE d.source_id = s.id) AS documents"
                      " FROM sources s ORDER BY s.id")
    present = [r for r in rows if Path(r["path"]).is_file()]
    current = _signatures(present)
    given = _given_paths(store)
    out = Rereading(missing_files=len(rows) - len(present))
    _record_versions(store, present, current)
    for row in present:
        if row["parser_signature"] not in current.get(row["path"], {row["parser_signature"]}):
            out.files += 1
            out.documents += int(row["documents"])
            out.newer += _newer(row["parser_version"])
            path = next((p for p in given if row["path"] == p or row["path"].startswith(p.rstrip(os.sep) + os.sep)),
                        row["root"])
            out.paths += [path] if path not in out.paths else []
    return out


def _newer(version: str | None) -> bool:
    """Whether a stored parser version is a later one than this code's (a store read by a newer release)."""
    return bool(version and version.isdigit() and int(version) > int(PARSER_VERSION))


def _record_versions(store: Store, rows: list[dict[str, Any]], current: dict[str, set[str]]) -> None:
    """Record which parser read the files read before that was stored: this version where a file's signature is this
    version's, OLDER where it is not (kb search then says an upgrade is pending, as kb check does); a store that
    cannot be written (read-only) is left as it is."""
    unknown = [r for r in rows if r["parser_version"] is None and r["path"] in current]
    for version, read_so in ((PARSER_VERSION, True), (OLDER, False)):
        due = [(r["id"], _stored_map(r) or None) for r in unknown
               if (r["parser_signature"] in current[r["path"]]) is read_so]
        if due:
            with contextlib.suppress(sqlite3.Error, StoreError):
                store.record_parser(version, due)


def _signatures(rows: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Each stored file's signatures as this version would read it again from its root (ingest.discovery gives its
    folders' ``.kbmeta.yaml`` defaults), with and without ``--project-from-folder``."""
    found = discover([Path(r["path"]) for r in rows], set(PARSERS), {r["path"]: r["root"] for r in rows})
    maps = {r["path"]: _stored_map(r) for r in rows}
    return {str(item.path): {parser_signature(variant, maps.get(str(item.path)) or {})
                             for variant in (item, *with_folder_projects([item]))}
            for item in found.files if item.path.is_relative_to(item.root)}


def _stored_map(row: dict[str, Any]) -> dict[str, str]:
    """The --map a stored file was read with (none: not given, or read before the map was stored)."""
    try:
        stored = json.loads(row["column_map"] or "{}")
    except ValueError:
        return {}
    return stored if isinstance(stored, dict) else {}


def _given_paths(store: Store) -> list[str]:
    """The files and folders earlier ingest runs were given (newest run first), those recorded as absolute paths (a
    relative one was relative to a folder not recorded)."""
    paths: list[str] = []
    for (given,) in store.conn.execute("SELECT paths FROM ingest_runs ORDER BY id DESC"):
        try:
            listed = json.loads(given)
        except (TypeError, ValueError):
            continue
        for path in listed if isinstance(listed, list) else []:
            if isinstance(path, str) and os.path.isabs(path) and os.path.normpath(path) not in paths:
                paths.append(os.path.normpath(path))
    return paths
