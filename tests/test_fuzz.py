"""Property-based fuzzing (hypothesis, bounded budget): no input makes a parser or the query path raise anything
but the project's own, clearly worded errors."""

from __future__ import annotations

import os
import sqlite3

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.headings import classify_heading
from ingest.html_doc import parse_html
from ingest.markdown_doc import parse_markdown
from ingest.register import parse_csv, parse_jsonl, parse_xlsx
from ingest.source import RawFile
from ingest.text_doc import parse_text
from kb.errors import KBError
from search.keyword import keyword_search
from search.schema import ensure_schema
from search.segment import fts_query, index_text, query_terms

# A bounded budget in the suite; KB_FUZZ_EXAMPLES=20000 runs a longer campaign.
EXAMPLES = int(os.environ.get("KB_FUZZ_EXAMPLES", "200"))
BUDGET = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PARSERS = [parse_markdown, parse_html, parse_text, parse_csv, parse_jsonl]
# Every character but a surrogate: the very set st.text() draws from by default (characters(codec="utf-8"), the same
# intervals), named by category so that hypothesis does not first try which of the 1.1 million code points UTF-8
# encodes, one by one (2.7 s of CPU wherever .hypothesis/ lacks that table, as in a fresh clone: BENCHMARKS.md,
# t-trim9b).
CHARS = st.characters(exclude_categories=("Cs",))

# Text made of the pieces that matter to the parsers: markup, front matter, CJK, separators, odd characters.
PIECES = st.sampled_from([
    "---\n", "id: x\n", "title: [", "tags: {a: 1}\n", "- ", "* ", "1. ", "一、", "## ", "# ", "\n", "\n\n", "| a | b |\n",
    "|---|---|\n", "<h2>", "</h2>", "<ul><li>", "</li></ul>", "<script>", "&amp;", "&#x0;", "<div>" * 3, "What went well",
    "经验教训", "需要改进", "Driving Event", "：", ":", ",", ";", "\t", '"', "'", "\\", "\x00", "\ufeff", "\u202e",
    "供应商延期", "测试", "lesson", "Lesson(s) Learned", "编号,标题,经验教训\n", "{\"Lesson\": 1}\n", "{", "}", "[", "]",
    "\r\n", "```", "> ", "    ", "<", ">", "🙂", "\ud7ff", "é", "\x7f",
])
MARKUP_TEXT = st.lists(PIECES | st.text(CHARS, max_size=20), max_size=40).map("".join)


def run_parser(parser, data: bytes) -> None:
    try:
        result = parser(RawFile(data=data, default_key="fuzz/file"))
    except KBError as exc:
        assert str(exc)  # our own error, with a message
        return
    for doc in result.documents:
        assert doc.key and isinstance(doc.title, str)
        for lesson in doc.lessons:
            assert lesson.text.strip()


@BUDGET
@given(data=st.binary(max_size=2048))
def test_parsers_on_arbitrary_bytes(data):
    for parser in PARSERS:
        run_parser(parser, data)


@BUDGET
@given(text=MARKUP_TEXT, encoding=st.sampled_from(["utf-8", "utf-16", "gb18030", "utf-8-sig"]))
def test_parsers_on_structured_text(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", "surrogatepass")
    for parser in PARSERS:
        run_parser(parser, data)


@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=512))
def test_xlsx_parser_on_arbitrary_bytes(data):
    run_parser(parse_xlsx, b"PK\x03\x04" + data)


@BUDGET
@given(text=st.text(CHARS, max_size=200))
def test_heading_classifier(text):
    assert classify_heading(text) in (None, "driving_event", "narrative", "assessment", "went_well", "went_wrong", "lesson",
                                      "recommendation", "action_item", "root_cause")


def _fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.executescript("CREATE TABLE documents (id INTEGER PRIMARY KEY, key TEXT); INSERT INTO documents VALUES (1, 'd');")
    ensure_schema(conn)
    for rowid, text in enumerate(["项目风险管理", "vendor delay", "需求不清晰 rework", "NEAR AND OR NOT"], start=1):
        conn.execute("INSERT INTO chunks (id, document_id, doc_hash, kind, text, text_hash) VALUES (?, 1, 'h', 'section',"
                     " ?, 'x')", [rowid, text])
        conn.execute("INSERT INTO chunks_fts (rowid, body) VALUES (?, ?)", [rowid, index_text(text)])
    return conn


CONN = _fts()
QUERY_TEXT = st.lists(st.sampled_from(['"', "'", "AND", "OR", "NOT", "NEAR(", ")", "(", "*", "^", ":", "-", "+", "col:",
                                       "风险", "供应", "vendor", " ", "\x00", "{", "}", "\\", "%", "_", ";", "--"])
                      | st.text(CHARS, max_size=10), max_size=30).map("".join)


@BUDGET
@given(query=QUERY_TEXT | st.text(CHARS, max_size=300))
def test_any_query_is_safe_for_fts5(query):
    terms = query_terms(query)
    fts_query(terms)
    keyword_search(CONN, query, limit=10)
    assert CONN.execute("SELECT count(*) FROM chunks").fetchone()[0] == 4
