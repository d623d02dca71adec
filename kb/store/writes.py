"""Writing ingested files: one file, all its documents, in one transaction."""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kb.errors import DuplicateKey
from kb.models import ParsedDocument, ParsedLesson, TagOrigin
from kb.store.changes import ADDED, CHANGED, REMOVED
from kb.store.contributions import corrected_document
from kb.store.core import now
from kb.store.filters import Filters
from kb.store.lesson_corrections import Corrected, unmatched_message
from kb.store.tags import TagOps
from kb.text import sort_key, text_hash

# Below this similarity an edited lesson counts as a new lesson (and loses its curator tags and review).
LESSON_MATCH_RATIO = 0.75
NO_CHANGE = frozenset({"updated_at"})  # of a lesson as shown, what is not compared: when it last changed


@dataclass(frozen=True)
class SourceInfo:
    """A file as seen by ingestion."""

    path: str
    root: str
    rel_path: str
    content_hash: str
    size: int
    parser_signature: str
    parser_version: str | None = None  # what the signature was made of: the parser's version and the --map given
    column_map: dict[str, str] | None = None


@dataclass
class SaveOutcome:
    """What saving one file did to the store."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    errors: list[DuplicateKey] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # lesson corrections that matched no lesson read this time


def document_hash(doc: ParsedDocument, *, with_row: bool = False) -> str:
    """A hash of everything stored for a document, to tell a changed document from an unchanged one: all but where
    it stands in its file (its line, and a register row's ``meta.row``), which a row removed above it moves.
    ``with_row``: the hash as stores hashed a register row before (its ``meta.row`` in it)."""
    payload = asdict(doc)
    payload.pop("line", None)
    if not with_row:
        payload["meta"] = {k: v for k, v in payload["meta"].items() if k != "row"}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _unchanged(owner: dict[str, Any], doc: ParsedDocument, digest: str) -> bool:
    """Whether a stored document's hash is this document's: as hashed now, or as a store of before hashed a register
    row, with the place it had then (its stored ``meta.row``): else every row of every register was ingested again
    once, at the first reading after the upgrade."""
    if owner["content_hash"] == digest:
        return True
    if "row" not in doc.meta:
        return False
    then = json.loads(owner["meta"] or "{}").get("row") if (owner["meta"] or "").startswith("{") else None
    return owner["content_hash"] == document_hash(doc.replace(meta={**doc.meta, "row": then}), with_row=True)


class WriteOps(TagOps):
    """Saving and removing ingested files."""

    def record_parser(self, version: str, sources: list[tuple[int, dict[str, str] | None]]) -> None:
        """Record the parser version and --map (source id, map) of stored files whose signature was found to be this
        version's (read before the two were stored beside it)."""
        with self.transaction():
            self.conn.executemany("UPDATE sources SET parser_version = ?, column_map = ? WHERE id = ?",
                                  [(version, _map_text(column_map), i) for i, column_map in sources])

    def source_by_path(self, path: str) -> dict[str, Any] | None:
        """The stored record of a file, by absolute path."""
        return self.row("SELECT * FROM sources WHERE path = ?", [path])

    def sources_under(self, root: str) -> list[dict[str, Any]]:
        """Every stored file below a folder."""
        prefix = root.rstrip("/") + "/"
        return self.rows("SELECT * FROM sources WHERE path = ? OR substr(path, 1, ?) = ?",
                         [root, len(prefix), prefix])

    def touch_source(self, source_id: int, run_id: int | None) -> None:
        """Record that a file was seen unchanged by a run."""
        with self.transaction():
            self.conn.execute("UPDATE sources SET last_seen_run = ? WHERE id = ?", [run_id, source_id])

    def save_file(self, source: SourceInfo, documents: list[ParsedDocument], run_id: int | None = None,
                  *, key_owner_exists: Any = None) -> SaveOutcome:
        """Store a parsed file: insert or update its documents, drop the ones it no longer has.

        Everything happens in one transaction: a crash leaves the previous version of the file. A file none of whose
        documents can be stored (every key another's) keeps the documents it had (their tags, reviews and
        contributor), recorded as read: it is said again when it changes.

        Args:
            source: the file.
            documents: what the parser found in it.
            run_id: the ingest run, recorded on the source.
            key_owner_exists: callable(path) -> bool telling whether another file still exists; a key
                owned by a file that is gone is taken over (the file was moved or renamed).

        Returns:
            Counts of documents added, updated, unchanged and removed, and duplicate-key errors.
        """
        exists = key_owner_exists or (lambda p: Path(p).exists())
        outcome = SaveOutcome()
        stamp = now()
        with self.transaction():
            source_id = self._upsert_source(source, run_id, stamp)
            previous = {r["key"]: r for r in self.rows(
                "SELECT id, key, content_hash FROM documents WHERE source_id = ?", [source_id])}
            seen = self._store_documents(documents, source, source_id, stamp, exists, outcome)
            if documents and not seen:  # every one refused: the documents stored before stay, tags and reviews
                return outcome
            for key, row in previous.items():
                if key not in seen:
                    self._record_documents("d.id = ?", [row["id"]])
                    self.conn.execute("DELETE FROM documents WHERE id = ?", [row["id"]])
                    outcome.removed += 1
        return outcome

    def _store_documents(self, documents: list[ParsedDocument], source: SourceInfo, source_id: int, stamp: str,
                         exists: Any, outcome: SaveOutcome) -> set[str]:
        """Write a file's documents (inside ``save_file``'s transaction), counting them in ``outcome``; the keys
        stored, the refused ones (a key used twice in the file, or by another file that exists) in its errors."""
        seen: set[str] = set()
        for doc in documents:
            if doc.key in seen:
                outcome.errors.append(DuplicateKey(
                    f"duplicate document id '{doc.key}' in the same file", line=doc.line))
                continue
            owner = self.row("SELECT d.id, d.content_hash, d.source_id, d.meta, s.path FROM documents d "
                             "LEFT JOIN sources s ON s.id = d.source_id WHERE d.key = ?", [doc.key])
            if owner and owner["source_id"] != source_id and owner["path"] and exists(owner["path"]):
                outcome.errors.append(DuplicateKey(
                    f"duplicate document id '{doc.key}': already used by {owner['path']}", line=doc.line))
                continue
            seen.add(doc.key)
            doc = self._corrected(doc, outcome.warnings)
            digest = document_hash(doc)
            if owner and owner["source_id"] == source_id and _unchanged(owner, doc, digest):
                self._restate_place(owner, doc, digest)
                outcome.unchanged += 1
                outcome.document_ids.append(owner["id"])
                continue
            doc_id = self._write_document(doc, digest, source, source_id, owner, stamp)
            outcome.document_ids.append(doc_id)
            if owner:
                outcome.updated += 1
            else:
                outcome.added += 1
        return seen

    def _restate_place(self, owner: dict[str, Any], doc: ParsedDocument, digest: str) -> None:
        """An unchanged document's new place in its file (a register row's ``meta.row``, moved by a row removed,
        inserted or moved above it), and its hash as hashed now, written without counting the document as ingested
        again: its lessons, the change feed and a digest's "updated documents" see no change."""
        meta = json.dumps(doc.meta, ensure_ascii=False, default=str)
        if meta != owner["meta"] or digest != owner["content_hash"]:
            self.conn.execute("UPDATE documents SET meta = ?, content_hash = ? WHERE id = ?", [meta, digest, owner["id"]])

    def _corrected(self, doc: ParsedDocument, warnings: list[str]) -> ParsedDocument:
        """The document with the metadata and lessons an uploader corrected (kept by key, ``kb.store.contributions``);
        its lesson corrections restated as matched to the lessons read this time, each that matched none said in
        ``warnings``."""
        found = self.scalar("SELECT fields FROM document_overrides WHERE key = ?", [doc.key])
        if not found:
            return doc
        fields = json.loads(found)
        doc, lessons = corrected_document(doc, fields)
        if lessons is not None:
            self._restate_changes(doc.key, fields, lessons)
            warnings += [unmatched_message(doc.key, change) for change in lessons.unmatched]
        return doc

    def _restate_changes(self, key: str, fields: dict[str, Any], lessons: Corrected) -> None:
        """Keep the lesson corrections as matched this time: a lesson read a little differently is named by its new
        text, one that found no lesson is marked ``unmatched``."""
        if lessons.changes != fields["lessons"].get("changed", []):
            fields["lessons"]["changed"] = lessons.changes
            self.conn.execute("UPDATE document_overrides SET fields = ? WHERE key = ?",
                              [json.dumps(fields, ensure_ascii=False), key])

    def delete_source(self, source_id: int) -> int:
        """Remove a file and its documents; return how many documents went."""
        with self.transaction():
            self._record_documents("d.source_id = ?", [source_id])
            count = self.conn.execute("DELETE FROM documents WHERE source_id = ?", [source_id]).rowcount
            self.conn.execute("DELETE FROM sources WHERE id = ?", [source_id])
        return count

    def _upsert_source(self, source: SourceInfo, run_id: int | None, stamp: str) -> int:
        self.conn.execute(
            "INSERT INTO sources (path, root, rel_path, content_hash, size, parser_signature, ingested_at,"
            " last_seen_run, parser_version, column_map) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(path)"
            " DO UPDATE SET root = excluded.root, rel_path = excluded.rel_path, content_hash = excluded.content_hash,"
            " size = excluded.size, parser_signature = excluded.parser_signature, ingested_at = excluded.ingested_at,"
            " last_seen_run = excluded.last_seen_run, parser_version = excluded.parser_version,"
            " column_map = excluded.column_map",
            [source.path, source.root, source.rel_path, source.content_hash, source.size,
             source.parser_signature, stamp, run_id, source.parser_version, _map_text(source.column_map)])
        return int(self.scalar("SELECT id FROM sources WHERE path = ?", [source.path]))

    def _write_document(self, doc: ParsedDocument, digest: str, source: SourceInfo, source_id: int,
                        owner: dict[str, Any] | None, stamp: str) -> int:
        values = {
            "key": doc.key, "source_id": source_id, "source_path": source.path, "title": doc.title,
            "title_sort": sort_key(doc.title),
            "doc_type": doc.doc_type.value, "project": doc.project, "department": doc.department,
            "date": doc.date.isoformat() if doc.date else None,
            "authors": json.dumps(doc.authors, ensure_ascii=False), "language": doc.language.value,
            "format": doc.format, "encoding": doc.encoding, "content_hash": digest, "raw_text": doc.raw_text,
            "html": doc.html, "meta": json.dumps(doc.meta, ensure_ascii=False, default=str),
            "last_ingested": stamp,
        }
        shown = self._lessons_shown(owner["id"]) if owner else {}
        if owner:
            doc_id = owner["id"]
            assignments = ", ".join(f"{k} = :{k}" for k in values)
            self.conn.execute(f"UPDATE documents SET {assignments} WHERE id = :id", {**values, "id": doc_id})
        else:
            values["first_ingested"] = stamp
            columns = ", ".join(values)
            marks = ", ".join(f":{k}" for k in values)
            doc_id = self.conn.execute(f"INSERT INTO documents ({columns}) VALUES ({marks})", values).lastrowid
        section_ids = self._merge_sections(doc_id, doc)
        self._merge_lessons(doc_id, doc.lessons, section_ids, stamp)
        self._replace_front_matter_tags("document", doc_id, doc.tags, stamp)
        self._record_shown_changes(shown, self._lessons_shown(doc_id), stamp)
        return int(doc_id)

    def _lessons_shown(self, doc_id: int) -> dict[int, dict[str, Any]]:
        """The document's lessons as ``/api/lessons`` shows them (hidden ones too), by id, without when each last
        changed."""
        ids = [r[0] for r in self.conn.execute("SELECT id FROM lessons WHERE document_id = ?", [doc_id])]
        rows, _ = self.lessons(Filters(include_hidden=True), ids=ids, limit=max(len(ids), 1), count=False)
        return {row["id"]: {k: v for k, v in row.items() if k not in NO_CHANGE} for row in rows}

    def _record_shown_changes(self, before: dict[int, dict[str, Any]], after: dict[int, dict[str, Any]],
                              stamp: str) -> None:
        """A re-read's kept lessons that show otherwise (text, kind, place, section, tags, document's title...)
        changed, ``updated_at`` now; the others did not: a register row's lesson is the same when a row above it is
        removed, inserted or moved (its document's ``meta`` says its new row), a section's when one goes before it."""
        changed = [i for i, row in after.items() if i in before and before[i] != row]
        self.conn.executemany("UPDATE lessons SET updated_at = ? WHERE id = ?", [[stamp, i] for i in changed])
        self._record(changed, CHANGED)

    def _merge_sections(self, doc_id: int, doc: ParsedDocument) -> list[int]:
        """The document's sections, in order; each keeps the id of an old one of the same heading, level and kind
        (the first left), so that a lesson whose section stayed keeps its ``section_id``; the old ones left go."""
        old: dict[tuple[Any, ...], list[int]] = {}
        for row in self.rows("SELECT id, heading, level, kind FROM sections WHERE document_id = ? ORDER BY position",
                             [doc_id]):
            old.setdefault((row["heading"], row["level"], row["kind"]), []).append(row["id"])
        ids = []
        for position, section in enumerate(doc.sections):
            kind = section.kind.value if section.kind else None
            values = [doc_id, position, section.heading, section.level, kind, section.text]
            same = old.get((section.heading, section.level, kind))
            if same:
                ids.append(same.pop(0))
                self.conn.execute("UPDATE sections SET document_id = ?, position = ?, heading = ?, level = ?,"
                                  " kind = ?, text = ? WHERE id = ?", [*values, ids[-1]])
            else:
                ids.append(int(self.conn.execute("INSERT INTO sections (document_id, position, heading, level, kind,"
                                                 " text) VALUES (?, ?, ?, ?, ?, ?)", values).lastrowid))
        self.conn.executemany("DELETE FROM sections WHERE id = ?", [[i] for ids_ in old.values() for i in ids_])
        return ids

    def _merge_lessons(self, doc_id: int, lessons: list[ParsedLesson], section_ids: list[int], stamp: str) -> None:
        """Keep the ids of lessons that survive an edit, so their tags, reviews and agenda places stay."""
        old = self.rows("SELECT id, text, text_hash FROM lessons WHERE document_id = ?", [doc_id])
        assigned = _match_lessons(old, lessons)
        kept: set[int] = set()
        for position, lesson in enumerate(lessons):
            section_id = section_ids[lesson.section_index] if lesson.section_index is not None else None
            values = {
                "document_id": doc_id, "section_id": section_id, "position": position, "kind": lesson.kind.value,
                "title": lesson.title, "text": lesson.text, "driving_event": lesson.driving_event,
                "lesson": lesson.lesson, "recommendation": lesson.recommendation,
                "text_hash": text_hash(lesson.text),
            }
            lesson_id = assigned.get(position)
            if lesson_id is not None:  # changed or not, as it shows now (_record_shown_changes)
                kept.add(lesson_id)
                assignments = ", ".join(f"{k} = :{k}" for k in values)
                self.conn.execute(f"UPDATE lessons SET {assignments} WHERE id = :id", {**values, "id": lesson_id})
            else:
                values["created_at"] = values["updated_at"] = stamp
                columns, marks = ", ".join(values), ", ".join(f":{k}" for k in values)
                lesson_id = self.conn.execute(f"INSERT INTO lessons ({columns}) VALUES ({marks})", values).lastrowid
                self._record([int(lesson_id)], ADDED)
            self._replace_front_matter_tags("lesson", int(lesson_id), lesson.tags, stamp)
        gone = [row["id"] for row in old if row["id"] not in kept]
        self._record(gone, REMOVED)
        self.conn.executemany("DELETE FROM lessons WHERE id = ?", [[i] for i in gone])

    def _replace_front_matter_tags(self, target: str, target_id: int, names: list[str], stamp: str) -> None:
        table, column = ("document_tags", "document_id") if target == "document" else ("lesson_tags", "lesson_id")
        self.conn.execute(f"DELETE FROM {table} WHERE {column} = ? AND origin = ?",
                          [target_id, TagOrigin.FRONT_MATTER.value])
        for name in names:
            tag_id = self.ensure_tag(name)
            if tag_id is None:
                continue
            self.conn.execute(
                f"INSERT OR IGNORE INTO {table} ({column}, tag_id, origin, added_by, added_at) VALUES (?, ?, ?, ?, ?)",
                [target_id, tag_id, TagOrigin.FRONT_MATTER.value, None, stamp])


def _match_lessons(old: list[dict[str, Any]], new: list[ParsedLesson]) -> dict[int, int]:
    """Map positions of new lessons to ids of old ones: same text first, then close edits."""
    by_hash: dict[str, list[int]] = {}
    for row in old:
        by_hash.setdefault(row["text_hash"], []).append(row["id"])
    assigned: dict[int, int] = {}
    for position, lesson in enumerate(new):
        ids = by_hash.get(text_hash(lesson.text))
        if ids:
            assigned[position] = ids.pop(0)
    used = set(assigned.values())
    left_old = [r for r in old if r["id"] not in used]
    left_new = [p for p in range(len(new)) if p not in assigned]
    if not left_old or not left_new or len(left_old) * len(left_new) > 40_000:
        return assigned
    for position in left_new:
        best, best_ratio = None, LESSON_MATCH_RATIO
        for row in left_old:
            matcher = difflib.SequenceMatcher(None, row["text"], new[position].text, autojunk=False)
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio >= best_ratio:
                best, best_ratio = row, ratio
        if best is not None:
            assigned[position] = best["id"]
            left_old.remove(best)
    return assigned


def _map_text(column_map: dict[str, str] | None) -> str | None:
    """A --map as stored: JSON, None for none."""
    return json.dumps(column_map, ensure_ascii=False, sort_keys=True) if column_map else None
