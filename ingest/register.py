"""Lesson registers: CSV, JSON lines and XLSX, one lesson per row, each row its own document.

Column names are matched against English and Chinese defaults (title/标题, lesson/经验教训, ...), NASA
LLIS export names included; other names are mapped with ``--map FIELD=COLUMN``.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from typing import Any

from ingest import metadata
from ingest.archive import archive_cap, check_archive
from ingest.headings import as_kind, classify_heading
from ingest.source import RawFile
from ingest.variants import fold_variants
from kb.errors import IngestError, OversizeCell
from kb.models import (
    DocType,
    Language,
    LessonKind,
    ParsedDocument,
    ParsedLesson,
    ParsedSection,
    ParseResult,
    ParseWarning,
)
from kb.text import detect_language, drop_blobs, normalize_space, shorten

FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "_id", "lesson id", "lesson_id", "lesson no", "no", "ref", "reference", "issue id", "key",
           "编号", "序号", "id号", "经验编号"),
    "title": ("title", "subject", "summary", "name", "lesson title", "标题", "主题", "名称", "经验标题"),
    "abstract": ("abstract", "overview", "摘要", "概述"),
    "driving_event": ("driving event", "event", "issue", "problem", "description", "what happened", "situation",
                      "background", "事件", "驱动事件", "问题描述", "问题", "事件描述", "背景", "情况描述"),
    "lesson": ("lesson", "lessons", "lesson learned", "lessons learned", "lesson(s) learned", "learning", "text",
               "body", "content",
               "经验教训", "教训", "经验", "心得"),
    "recommendation": ("recommendation", "recommendations", "recommendation(s)", "suggestion", "suggestions",
                       "建议", "改进建议", "措施建议"),
    "root_cause": ("root cause", "root causes", "cause", "根本原因", "根因", "原因", "原因分析"),
    "action": ("action", "actions", "action item", "action items", "follow-up", "corrective action", "行动项",
               "改进措施", "整改措施", "纠正措施", "措施"),
    "evidence": ("evidence", "impact", "影响", "证据"),
    "project": ("project", "project / program", "project/program", "program", "programme", "项目", "项目名称"),
    "department": ("department", "organization", "organisation", "org", "team", "business unit", "部门", "组织",
                   "所属部门"),
    "date": ("date", "date lesson occurred", "created", "date raised", "日期", "时间", "发生日期", "登记日期"),
    "tags": ("tags", "tag", "topics", "keywords", "category", "categories", "labels", "标签", "分类", "关键词",
             "类别"),
    "kind": ("kind", "lesson type", "lesson kind", "种类", "经验类型"),
    "authors": ("author", "authors", "owner", "submitted by", "submitter", "作者", "提交人", "登记人"),
    "type": ("document type", "doc type", "文档类型"),
    "language": ("language", "lang", "语言"),
}
TEXT_FIELDS = ("abstract", "driving_event", "lesson", "recommendation", "root_cause", "action", "evidence")
# A row's sections are headed in the language of its text (a Chinese lesson recorded in the browser reads as
# Chinese on its page); the Chinese words are those of the record form and the exports (``web.i18n``).
_SECTION_HEADINGS = {"abstract": "Abstract", "driving_event": "Driving Event", "lesson": "Lesson(s) Learned",
                     "recommendation": "Recommendation(s)", "root_cause": "Root Cause", "action": "Action",
                     "evidence": "Evidence"}
_SECTION_HEADINGS_ZH = {"abstract": "摘要", "driving_event": "问题描述", "lesson": "经验教训",
                        "recommendation": "改进建议", "root_cause": "根本原因", "action": "行动项",
                        "evidence": "证据"}
MAX_ROWS = 200_000
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell


def _norm(name: str) -> str:
    return re.sub(r"[\s_]+", " ", fold_variants(unicodedata.normalize("NFKC", name)).strip().lower())


_ALIASES = {_norm(alias): field for field, aliases in FIELDS.items() for alias in aliases}


def normalize_column(name: str) -> str:
    """A column name as it is matched: NFKC, lower case, spaces and underscores as one space."""
    return _norm(name)


def column_field(name: str) -> str | None:
    """The register field a column of that name holds (``FIELDS``), or None."""
    return _ALIASES.get(_norm(name))


def parse_csv(raw: RawFile) -> ParseResult:
    """A CSV (or TSV, or semicolon-separated) lessons register."""
    decoded = raw.decode()
    text = decoded.text
    try:
        dialect: Any = csv.Sniffer().sniff(text[:65536], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect, strict=True)
    warnings = [ParseWarning(decoded.warning)] if decoded.warning else []
    return _parse_rows(_csv_rows(reader, warnings), raw, "csv", decoded.encoding, warnings)


def parse_jsonl(raw: RawFile) -> ParseResult:
    """A JSON-lines lessons register: one JSON object per line.

    A file whose first line opens a JSON array that goes on over later lines (a pretty-printed export, one object a
    line with commas between) is read as that one array, each object a row numbered by the line it starts on: its
    last object alone parsed as a line, and was stored, while every other was reported as not valid JSON. Such a
    file that is not valid JSON as a whole is refused, naming the line where it breaks."""
    decoded = raw.decode()
    warnings = [ParseWarning(decoded.warning)] if decoded.warning else []
    if _spans_lines_as_array(decoded.text):
        return _parse_rows(_array_rows(decoded.text, warnings), raw, "jsonl", decoded.encoding, warnings, keyed=True)

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        for number, line in enumerate(decoded.text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                hint = "; a .jsonl register holds one JSON object per line, not an array" \
                    if line.lstrip().startswith("[") else ""
                warnings.append(ParseWarning(f"not valid JSON ({getattr(exc, 'msg', 'nested too deeply')}){hint}",
                                             line=number))
                continue
            if not isinstance(value, dict):
                warnings.append(ParseWarning(f"expected a JSON object, got {type(value).__name__}", line=number))
                continue
            yield number, value

    return _parse_rows(rows(), raw, "jsonl", decoded.encoding, warnings, keyed=True)


def _spans_lines_as_array(text: str) -> bool:
    """Whether a .jsonl file's first line opens a JSON array that does not end on that line."""
    first = next((line for line in text.split("\n", 50) if line.strip()), "")
    if not first.lstrip().startswith("["):
        return False
    try:
        json.loads(first)
    except (json.JSONDecodeError, RecursionError):
        return True
    return False


def _array_rows(text: str, warnings: list[ParseWarning]) -> Iterator[tuple[int, dict[str, Any]]]:
    """The objects of a JSON array spread over lines, each with the line it starts on; the file refused, naming the
    line, when it is not valid JSON as a whole."""
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(f"line {exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno}); the file opens a JSON "
                          "array on line 1, read as one array of objects") from None
    except RecursionError:
        raise IngestError("not valid JSON (nested too deeply); the file opens a JSON array on line 1, read as one "
                          "array of objects") from None
    decoder, space = json.JSONDecoder(), re.compile(r"\s*")
    index, line, counted = space.match(text, text.index("[") + 1).end(), 1, 0
    while text[index] != "]":
        line += text.count("\n", counted, index)
        counted = index
        value, index = decoder.raw_decode(text, index)
        if isinstance(value, dict):
            yield line, value
        else:
            warnings.append(ParseWarning(f"expected a JSON object, got {type(value).__name__}", line=line))
        index = space.match(text, index).end()
        index = space.match(text, index + 1).end() if text[index] == "," else index


def parse_xlsx(raw: RawFile) -> ParseResult:
    """An Excel lessons register: the first sheet whose header row names a lesson column.

    The archive must unpack to a size in proportion to the file (``ingest.archive``), and no cell may hold more
    than Excel's 32,767 characters: a workbook that breaks either is refused, naming the member or the cell.
    """
    import zipfile

    from openpyxl import load_workbook

    check_archive(raw.data, max_bytes=archive_cap(raw.max_file_mb), kind=".xlsx workbook")
    try:
        book = load_workbook(io.BytesIO(raw.data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise IngestError(f"not a readable .xlsx workbook ({type(exc).__name__}: {normalize_space(str(exc))[:80]})"
                          ) from None
    except Exception as exc:  # noqa: BLE001 (openpyxl's InvalidFileException, XML errors, ...)
        raise IngestError(f"not a readable .xlsx workbook ({type(exc).__name__})") from None
    try:
        for sheet in book.worksheets:
            rows = _sheet_rows(sheet)
            try:
                return _parse_rows(rows, raw, "xlsx", None, [])
            except OversizeCell:
                raise
            except IngestError:
                continue
    finally:
        book.close()
    raise IngestError("no sheet has a header row with a lesson column "
                      f"(looked for: {', '.join(FIELDS['lesson'][:6])}...)")


def _sheet_rows(sheet: Any) -> Iterator[tuple[int, list[Any]]]:
    """A worksheet's rows with their numbers; a cell longer than Excel allows refuses the file, naming the cell."""
    from openpyxl.utils import get_column_letter

    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise OversizeCell(f"cell {sheet.title}!{get_column_letter(column)}{number} holds "
                                   f"{len(value):,} characters, more than a cell can ({MAX_CELL_CHARS:,})")
        yield number, ["" if v is None else v for v in row]


def _csv_rows(reader: Any, warnings: list[ParseWarning]) -> Iterator[tuple[int, list[str]]]:
    """Rows with their line numbers; malformed CSV ends the file there, with a warning (earlier rows are kept)."""
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        warnings.append(ParseWarning(f"malformed CSV, the rest of the file was skipped: {exc}", line=reader.line_num))


def _parse_rows(rows: Iterator[tuple[int, Any]], raw: RawFile, fmt: str, encoding: str | None,
                warnings: list[ParseWarning], *, keyed: bool = False) -> ParseResult:
    columns: dict[str, str | int] | None = None
    headers: list[str] = []
    documents: list[ParsedDocument] = []
    _check_map(raw.column_map)
    keyed_columns: dict[tuple[str, ...], dict[str, str | int] | IngestError] = {}
    for line, row in rows:
        if keyed:  # JSON objects carry their names on every row: each row's own names map its fields
            headers = [str(h) for h in row]
            mapped = _keyed_columns(headers, raw.column_map, keyed_columns)
            if isinstance(mapped, IngestError):  # this row has no lesson field: a bad line, not a bad file
                warnings.append(ParseWarning(str(mapped), line=line))
                continue
            columns = mapped
        elif columns is None:
            headers = [str(h) for h in row]
            columns = _map_columns(headers, raw.column_map, keyed=keyed)
            continue
        if len(documents) >= MAX_ROWS:
            warnings.append(ParseWarning(f"more than {MAX_ROWS:,} rows; the rest were skipped", line=line))
            break
        values = _row_values(row, columns, headers, keyed)
        for field, default in raw.defaults.items():
            if not _text(values.get(field)):
                values[field] = default
        try:
            documents.append(_row_document(values, raw.default_key, fmt, encoding, line, warnings))
        except IngestError as exc:
            warnings.append(ParseWarning(str(exc), line=line))
    if not documents and warnings:
        if len(warnings) == 1:
            raise IngestError(f"no usable rows (1 problem: {warnings[0]})")
        raise IngestError(f"no usable rows ({len(warnings):,} problems, first: {warnings[0]})")
    if columns is None:
        raise IngestError("the register has no JSON object" if keyed else "the register has no header row")
    return ParseResult(documents, warnings)


def _check_map(overrides: dict[str, str]) -> None:
    for field in overrides:
        if field not in FIELDS:
            raise IngestError(f"--map: unknown field '{field}'; fields are {', '.join(FIELDS)}")


def _keyed_columns(headers: list[str], overrides: dict[str, str],
                   seen: dict[tuple[str, ...], dict[str, str | int] | IngestError]
                   ) -> dict[str, str | int] | IngestError:
    """A JSON row's fields by its own names (rows of one file may name theirs differently), or why it has none."""
    names = tuple(headers)
    if names not in seen:
        try:
            seen[names] = _map_columns(headers, overrides, keyed=True)
        except IngestError as exc:
            seen[names] = exc
    return seen[names]


def _map_columns(headers: list[str], overrides: dict[str, str], *, keyed: bool) -> dict[str, str | int]:
    found: dict[str, str | int] = {}
    by_norm = {_norm(h): (h if keyed else i) for i, h in enumerate(headers)}
    for field, column in overrides.items():
        if field not in FIELDS:
            raise IngestError(f"--map: unknown field '{field}'; fields are {', '.join(FIELDS)}")
        if _norm(column) not in by_norm:
            raise IngestError(f"--map {field}={column}: no such column (columns: {', '.join(headers[:20])})")
        found[field] = by_norm[_norm(column)]
    for norm, where in by_norm.items():
        field = _ALIASES.get(norm)
        if field and field not in found:
            found[field] = where
    if not any(f in found for f in ("lesson", "recommendation", "driving_event", "abstract")):
        raise IngestError(f"no lesson column among: {', '.join(h[:40] for h in headers[:20])}; name one with "
                          "--map lesson=COLUMN (or title the column 'Lesson' / '经验教训')")
    return found


def _row_values(row: Any, columns: dict[str, str | int], headers: list[str], keyed: bool) -> dict[str, Any]:
    values: dict[str, Any] = {}
    used: set[str | int] = set()
    for field, where in columns.items():
        if keyed:
            value = row.get(where)
        else:
            value = row[where] if isinstance(where, int) and where < len(row) else None
        values[field] = value
        used.add(where)
    extra = {}
    for i, header in enumerate(headers):
        where: str | int = header if keyed else i
        if where in used:
            continue
        value = row.get(header) if keyed else (row[i] if i < len(row) else None)
        if value not in (None, "", "None"):
            extra[header[:100]] = value if isinstance(value, (int, float, bool)) else _text(value)
    values["_extra"] = extra
    return values


def _row_document(values: dict[str, Any], file_key: str, fmt: str, encoding: str | None, line: int,
                  warnings: list[ParseWarning]) -> ParsedDocument:
    texts = {f: drop_blobs(_text(values.get(f))) for f in TEXT_FIELDS}
    lesson_text = texts["lesson"] or texts["recommendation"] or texts["driving_event"] or texts["abstract"]
    title = normalize_space(_text(values.get("title")))[:300]
    if not lesson_text:
        raise IngestError("no lesson text in this row")
    ident = normalize_space(_text(values.get("id")))
    if not ident:
        ident = "h" + hashlib.sha1(f"{title}\n{lesson_text}".encode()).hexdigest()[:10]
    kind = _kind(values.get("kind"))
    language = metadata.language(values.get("language")) or detect_language(
        "\n".join([title or normalize_space(lesson_text)[:80], *(texts[f] for f in TEXT_FIELDS if texts[f])]))
    sections = _sections(texts, language)
    lesson = ParsedLesson(
        kind=kind, text=lesson_text, section_index=next(
            (i for i, s in enumerate(sections) if s.text == lesson_text), None),
        title=title or None, driving_event=texts["driving_event"] or None, lesson=texts["lesson"] or None,
        recommendation=texts["recommendation"] or None)
    title = title or shorten(lesson_text)
    body = "\n\n".join(f"{s.heading}\n{s.text}" for s in sections)
    doc_type = metadata.doc_type(values.get("type")) or DocType.LESSONS_REGISTER
    return ParsedDocument(
        key=f"{file_key}#{ident}", title=title, doc_type=doc_type,
        project=metadata.scalar(values.get("project"), 200), department=metadata.scalar(values.get("department"), 200),
        date=_date(values.get("date"), warnings, line), authors=metadata.string_list(values.get("authors")),
        language=language,
        tags=_tags(values.get("tags"), warnings, line), raw_text=f"{title}\n\n{body}", html=_html(title, sections),
        format=fmt, encoding=encoding, meta={"row": line, "register": file_key, **values["_extra"]},
        sections=sections, lessons=[lesson], line=line)


def _sections(texts: dict[str, str], language: Language) -> list[ParsedSection]:
    """A row's text fields as sections, headed in English for an English row and in Chinese otherwise (a mixed
    row is mostly a Chinese writer's, with English terms)."""
    headings = _SECTION_HEADINGS if language is Language.EN else _SECTION_HEADINGS_ZH
    return [ParsedSection(heading=headings[f], level=2, text=texts[f]) for f in TEXT_FIELDS if texts[f]]


def _kind(value: Any) -> LessonKind:
    text = normalize_space(_text(value)).lower().replace(" ", "_")
    if not text:
        return LessonKind.LESSON
    try:
        return LessonKind(text)
    except ValueError:
        return as_kind(classify_heading(_text(value))) or LessonKind.LESSON


def _date(value: Any, warnings: list[ParseWarning], line: int) -> date | None:
    """The row's date; one that is there but is no date is said, naming the row (it was dropped without a word)."""
    parsed = metadata.parse_date(value)
    if parsed is None and normalize_space(_text(value)):
        warnings.append(ParseWarning(f"date: '{normalize_space(_text(value))[:40]}' is not a date; the row is kept "
                                     "without one (use YYYY-MM-DD)", line=line))
    return parsed


def _tags(value: Any, warnings: list[ParseWarning], line: int) -> list[str]:
    parts = metadata.string_list(value)
    merged: list[str] = []
    for part in parts:
        if merged and (part.startswith("&") or part.lower().startswith("and ")):
            merged[-1] = f"{merged[-1]}, {part}"
        else:
            merged.append(part)
    return metadata.tag_list(merged, warnings, line)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(v) for v in value if v is not None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value).strip()
    return "" if text in ("None", "null", "N/A", "n/a") else text


def _html(title: str, sections: list[ParsedSection]) -> str:
    parts = [f"<h1>{html.escape(title)}</h1>"]
    for section in sections:
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in section.text.split("\n") if p.strip())
        parts.append(f"<h2>{html.escape(section.heading)}</h2>{paragraphs}")
    return "\n".join(parts)
