"""A document's stated type (front matter's ``type:``, a register's document type column) is read by the one table of
each type's names (kb/type_names.py) that tag suggestions also read: ingestion knew "status", 总结 and 经验库, tag
suggestions 事故通报, 回顾会 and 立项报告, each missing the other's."""

from __future__ import annotations

import pytest

from ingest.markdown_doc import parse_markdown
from ingest.register import parse_csv
from ingest.source import RawFile
from kb.models import DocType


def _parsed(value: str):
    text = f"---\ntitle: 二季度报告\ntype: {value}\n---\n\n- 测试环境直到上线前一周才准备好。\n"
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key="notes/report.md"))


@pytest.mark.parametrize(("value", "expected"), [
    ("事故通报", DocType.POST_MORTEM),  # tag suggestions' names before
    ("复盘会", DocType.RETROSPECTIVE),
    ("立项报告", DocType.CHARTER),
    ("Weekly Status", DocType.STATUS_REPORT),
    ("週報", DocType.STATUS_REPORT),  # Traditional, folded
    ("Status Reports", DocType.STATUS_REPORT),  # a plural
    ("status", DocType.STATUS_REPORT),  # ingestion's before, and still
    ("总结", DocType.RETROSPECTIVE),
    ("风险台账", DocType.RISK_REGISTER),
    ("其他", DocType.OTHER),
])
def test_a_stated_type_is_read_by_every_name_of_the_table(value, expected):
    result = _parsed(value)
    assert result.documents[0].doc_type == expected
    assert not [w for w in result.warnings if "document type" in w.message]


def test_a_value_that_names_no_type_is_said_with_the_types_to_use():
    result = _parsed("季度汇报")
    assert any("unknown document type '季度汇报'" in w.message and "status_report" in w.message
               for w in result.warnings)


def test_a_register_rows_document_type_column_reads_the_table_too():
    csv = "Title,Lesson,Document type\n网络割接,割接前两周冻结变更。,事故通报\n".encode()
    rows = parse_csv(RawFile(data=csv, default_key="register.csv")).documents
    assert [doc.doc_type for doc in rows] == [DocType.POST_MORTEM]
