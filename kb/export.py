"""Lessons, documents and search results as spreadsheets (CSV and XLSX) that are safe to open.

A cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or the full-width ``＝＋－＠``)
is a formula to a spreadsheet (CSV injection, OWASP): in CSV it gets a leading apostrophe, which spreadsheets
show as text; in XLSX it is written as a text cell with the "quote prefix" style, so it is never a formula, even
after the cell is edited. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from kb.models import DOC_TYPE_LABELS, LESSON_KIND_LABELS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
FORMATS = ("csv", "xlsx")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}

# column -> (English, Chinese) header
HEADERS: dict[str, tuple[str, str]] = {
    "rank": ("Rank", "排名"), "id": ("Lesson", "经验编号"), "kind": ("Kind", "类别"), "text": ("Text", "内容"),
    "driving_event": ("Driving event", "问题描述"), "recommendation": ("Recommendation", "改进建议"),
    "project": ("Project", "项目"), "document_title": ("Document", "文档"), "document_key": ("Key", "文档编号"),
    "date": ("Date", "日期"), "doc_type": ("Type", "类型"), "section": ("Section", "章节"), "tags": ("Tags", "标签"),
    "review_status": ("Review", "审核"), "score": ("Score", "得分"), "url": ("Link", "链接"),
    "kind_code": ("Kind code", "类别代码"), "doc_type_code": ("Type code", "类型代码"),
    "review_status_code": ("Review code", "审核代码"),
    "position": ("#", "序号"), "slot_start": ("Starts", "开始"), "slot_end": ("Ends", "结束"),
    "duration_minutes": ("Length (min)", "时长（分钟）"), "presenter": ("Presenter", "分享人"), "note": ("Note", "备注"),
    "minutes": ("Minutes", "会议纪要"), "item": ("Item", "议程项编号"),
    "lessons": ("Lessons", "经验数"), "added": ("Added", "添加时间"),
}
# The kind, type and review columns hold the words a reader sees (Went wrong, 需要改进); the ``*_code`` columns at the
# end hold the same values as codes (went_wrong), the same in every language, for scripts.
LESSON_COLUMNS = ("id", "kind", "text", "driving_event", "recommendation", "project", "document_title",
                  "document_key", "date", "section", "tags", "review_status", "url", "kind_code", "review_status_code")
SEARCH_COLUMNS = ("rank", "document_title", "project", "doc_type", "date", "document_key", "id", "kind", "section",
                  "text", "score", "url", "doc_type_code", "kind_code")
# The documents as browse lists them (title, project, type, date, lessons, tags), then what a curator files them by.
DOCUMENT_COLUMNS = ("document_title", "project", "doc_type", "date", "lessons", "tags", "document_key", "url", "added",
                    "doc_type_code")
# A share session's agenda, one row an item in order (a hidden lesson's text left out: its review column says why).
AGENDA_COLUMNS = ("position", "slot_start", "slot_end", "duration_minutes", "presenter", "id", "kind", "text", "project",
                  "document_title", "document_key", "note", "minutes", "review_status", "url", "item", "kind_code",
                  "review_status_code")
LANGUAGES = ("en", "zh")  # the languages of headers and labels, in the order of the (English, Chinese) pairs


REVIEW_LABELS: dict[str, tuple[str, str]] = {"unreviewed": ("Unreviewed", "未审核"), "approved": ("Approved", "已认可"),
                                             "hidden": ("Hidden", "已隐藏")}
_CODE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "kind": {k.value: v for k, v in LESSON_KIND_LABELS.items()},
    "doc_type": {k.value: v for k, v in DOC_TYPE_LABELS.items()},
    "review_status": REVIEW_LABELS,
}


def labelled(columns: Sequence[str], rows: Iterable[Sequence[Any]], lang: str) -> list[list[Any]]:
    """Rows with the codes of the kind, type and review columns (``went_wrong``) as the words the pages show
    ("Went wrong", 需要改进), in a language of ``LANGUAGES``; a code without a label is kept."""
    index = _language_index(lang)
    tables = [_CODE_LABELS.get(column) for column in columns]
    return [[table[value][index] if table and value in table else value for table, value in zip(tables, row,
                                                                                                   strict=True)]
            for row in rows]


def neutralise(value: Any) -> Any:
    """A cell's value that no spreadsheet reads as a formula: text starting like one gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def header(columns: Sequence[str], lang: str) -> list[str]:
    """Column headers in a language of ``LANGUAGES``."""
    index = _language_index(lang)
    return [HEADERS[c][index] for c in columns]


def _language_index(lang: str) -> int:
    """Where a language's words are in the (English, Chinese) pairs.

    Raises:
        ValueError: a language the spreadsheets are not written in (it used to come out in English unsaid).
    """
    if lang not in LANGUAGES:
        raise ValueError(f"spreadsheets are written in {' or '.join(LANGUAGES)}, not {lang!r}")
    return LANGUAGES.index(lang)


def lesson_rows(lessons: Iterable[dict[str, Any]], base_url: str) -> list[list[Any]]:
    """Rows of ``LESSON_COLUMNS`` for lessons as the store lists them."""
    base = base_url.rstrip("/")
    return [[r["id"], r["kind"], r["text"], r.get("driving_event"), r.get("recommendation"), r["project"],
             r["document_title"], r["document_key"], r["date"], r.get("section"), "; ".join(r.get("tags") or []),
             r.get("review_status"), f"{base}/lessons/{r['id']}", r["kind"], r.get("review_status")]
            for r in lessons]


def document_rows(documents: Iterable[dict[str, Any]], base_url: str) -> list[list[Any]]:
    """Rows of ``DOCUMENT_COLUMNS`` for documents as the store lists them (``added``: first ingested, UTC); the link
    has the key percent-encoded where it must be (a register row's ``#``, which would end a link's path)."""
    base = base_url.rstrip("/")
    return [[d["title"], d["project"], d["doc_type"], d["date"], d["lessons"], "; ".join(d.get("tags") or []),
             d["key"], f"{base}/documents/{quote(d['key'], safe='/')}", d["first_ingested"], d["doc_type"]]
            for d in documents]


def agenda_rows(session: dict[str, Any], base_url: str) -> list[list[Any]]:
    """Rows of ``AGENDA_COLUMNS`` for a session as ``Store.session`` returns it (its items' slots included)."""
    base = base_url.rstrip("/")
    return [[n, i["slot_start"], i["slot_end"], i["duration_minutes"], i["presenter"], i["lesson_id"], i["lesson_kind"],
             i["lesson_text"], i["project"], i["document_title"], i["document_key"], i["note"], i["minutes"],
             i["review_status"], f"{base}/lessons/{i['lesson_id']}" if i["lesson_id"] else None, i["id"],
             i["lesson_kind"], i["review_status"]]
            for n, i in enumerate(session["items"], start=1)]


def search_rows(results: Any, base_url: str) -> list[list[Any]]:
    """Rows of ``SEARCH_COLUMNS`` for a page of search results: one row per hit, ranked by document."""
    base = base_url.rstrip("/")
    out = []
    for rank, group in enumerate(results.groups, start=results.offset + 1):
        for hit in group.hits:
            url = f"{base}/lessons/{hit.lesson_id}" if hit.lesson_id else f"{base}/documents/{group.document_key}"
            out.append([rank, group.document_title, group.project, group.doc_type, group.date, group.document_key,
                        hit.lesson_id, hit.lesson_kind, hit.heading, hit.text, round(hit.score, 4), url,
                        group.doc_type, hit.lesson_kind])
    return out


def to_csv(head: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (so spreadsheets read Chinese right), every text cell quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in head])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


XLSX_CELL_CHARS = 32_767  # the most a cell of Excel holds (UTF-16 units): a longer one is "a problem with some content"


def to_xlsx(head: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """An XLSX workbook with one sheet ("Sheet"), the header row frozen; text cells are never formulas, and one that
    starts like a formula has the "quote prefix" style, so it stays text when someone edits it. Written by XlsxWriter
    as Excel writes a workbook (shared strings; a carriage return as ``_x000D_``): openpyxl took 1.7 s of CPU for the
    7,296 lessons of a real-sized store, this 1.3 s, for the same cells read back (BENCHMARKS.md, "Exports")."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                        "strings_to_numbers": False})
    sheet = book.add_worksheet("Sheet")
    quoted = book.add_format({"quote_prefix": True})
    sheet.freeze_panes(1, 0)
    for r, row in enumerate([list(head), *rows]):
        for c, value in enumerate(row):
            if value is None or value == "":  # an empty cell, not one of empty text
                continue
            if isinstance(value, str):
                text = _cell_text(value)
                sheet.write_string(r, c, text, quoted if text.startswith(FORMULA_STARTS) else None)
            else:
                sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def _cell_text(value: str) -> str:
    """A text as a cell can hold it: without the control characters XML cannot carry, and cut with "…" to what Excel
    holds (a lesson of 73,158 characters, a whole report read as one, was cut there unmarked; the row's link leads to
    all of it)."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(text) <= XLSX_CELL_CHARS // 2 or len(text.encode("utf-16-le", "surrogatepass")) // 2 <= XLSX_CELL_CHARS:
        return text  # (a character is one or two UTF-16 units: the short need no counting)
    cut = text[:XLSX_CELL_CHARS - 1]
    while len(cut.encode("utf-16-le", "surrogatepass")) // 2 > XLSX_CELL_CHARS - 1:  # characters beyond the BMP
        cut = cut[:-1]
    return cut + "…"


def export(fmt: str, head: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """The rows in a format of ``FORMATS``."""
    return to_xlsx(head, rows) if fmt == "xlsx" else to_csv(head, rows)


def spreadsheet(fmt: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], lang: str) -> bytes:
    """Rows of ``columns`` (codes as the store has them) as a spreadsheet in a format of ``FORMATS``, headers and
    the kind, type and review columns in a language of ``LANGUAGES``."""
    return export(fmt, header(columns, lang), labelled(columns, rows, lang))
