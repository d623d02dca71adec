"""Importing digest subscribers from a CSV file (one per row; bad rows reported by line, good ones kept)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.errors import InvalidInput, KBError, NotFound
from kb.store import Store
from kb.store.subscribers import subscriber_problems

COLUMNS = {"email": ("email", "e-mail", "mail", "邮箱", "电子邮件"), "name": ("name", "姓名", "名字"),
           "language": ("language", "lang", "语言"), "tags": ("tags", "标签"), "projects": ("projects", "项目"),
           "kinds": ("kinds", "类别"), "frequency": ("frequency", "频率")}


@dataclass
class ImportReport:
    """Rows added, updated and rejected (line, reason)."""

    added: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Row:
    """A row that passed every check: its line, address and fields."""

    line: int
    email: str
    fields: dict[str, Any]


def import_subscribers(store: Store, path: Path) -> ImportReport:
    """Add or update the subscribers listed in a CSV file."""
    rows, report = read_subscribers(path)
    return store_subscribers(store, rows, report)


def read_subscribers(path: Path) -> tuple[list[Row], ImportReport]:
    """The rows of a subscribers' CSV file that pass every check, and a report holding the others' (by line) and the
    file's encoding: read before the store is opened, so that a file with nothing to import makes no database.

    Raises:
        InvalidInput: the file is empty, or has no 'email' column.
    """
    report = ImportReport()
    text, report.encoding = _decoded(path)
    # Not text.splitlines(): it would drop a line break inside a quoted cell without a word, and split rows at
    # characters (U+2028, form feeds) that are no line ends for CSV. Such values now reach the checks and are refused.
    reader = csv.DictReader(io.StringIO(text, newline=""))
    mapping = {field: next((h for h in reader.fieldnames or [] if h.strip().lower() in aliases), None)
               for field, aliases in COLUMNS.items()}
    if not reader.fieldnames:  # "no 'email' column (columns: )" said of an empty file
        raise InvalidInput(f"{path}: the file is empty: give a header line with an 'email' column, then a row a "
                           "subscriber")
    if mapping["email"] is None:
        raise InvalidInput(f"{path}: no 'email' column (columns: {', '.join(reader.fieldnames or [])})")
    rows = []
    for row in reader:
        line = reader.line_num
        value = {f: (row.get(c) or "").strip() if c else "" for f, c in mapping.items()}
        interests = {k: [v.strip() for v in value[k].replace("；", ";").split(";") if v.strip()]
                     for k in ("tags", "projects", "kinds")}
        fields = {"name": value["name"] or None, "language": value["language"] or "en",
                  "frequency": value["frequency"] or "weekly", "interests": interests}
        problems = subscriber_problems(value["email"], fields)
        if problems:  # every one of the row's, so that one edit of the file mends it
            report.errors.append((line, "; and ".join(problems)))
            continue
        rows.append(Row(line, value["email"], fields))
    return rows, report


def store_subscribers(store: Store, rows: list[Row], report: ImportReport) -> ImportReport:
    """Add or update the subscribers of rows read by ``read_subscribers``, counted in its report."""
    for row in rows:
        try:
            try:
                existing = store.subscriber(row.email)
            except NotFound:
                store.add_subscriber(row.email, **row.fields)
                report.added += 1
            else:
                store.update_subscriber(existing["id"], **row.fields)
                report.updated += 1
        except KBError as exc:
            report.errors.append((row.line, str(exc)))
    report.errors.sort()  # by line, as read
    return report


def _decoded(path: Path) -> tuple[str, str]:
    """The file's text and its encoding: UTF-8, or the GBK / GB18030 that Excel saves "CSV" in on a Chinese Windows
    (taken only when every character it gives is one of GB2312's, so a Latin-1 file is not misread as Chinese).

    Raises:
        InvalidInput: neither, naming the line of the first byte that is no UTF-8.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        bad = data[exc.start]
    try:
        text = data.decode("gb18030")
        text.encode("gb2312")  # Latin-1 read as GBK falls outside GB2312's 7,445 characters: M\xfcller is "M黮ler"
        return text, "gb18030"
    except (UnicodeDecodeError, UnicodeEncodeError):
        pass
    raise InvalidInput(f"{path}:{line}: not UTF-8 text (byte 0x{bad:02x}), nor GBK Chinese; save it as 'CSV UTF-8'")
