"""The document list as CSV and XLSX from /api/documents (``format=csv|xlsx``), as /api/lessons exports lessons: the
columns browse shows, Chinese intact, a byte-order mark, no cell a formula, never what a curator hid."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook

from kb.export import DOCUMENT_COLUMNS
from kb.store import Store
from tests.web.conftest import login
from tests.web.test_exports import _csv

FORMULA = "=cmd|' /C calc'!A0"
REGISTER_KEY = "pmo/register.csv#LL-2024-019"
HEADERS = {"en": ["Document", "Project", "Type", "Date", "Lessons", "Tags", "Key", "Link", "Added", "Type code"],
           "zh": ["文档", "项目", "类型", "日期", "经验数", "标签", "文档编号", "链接", "添加时间", "类型代码"]}


def _plant(settings) -> None:
    """The CRM retrospective titled like a formula and keyed as a register row (a ``#`` in its key)."""
    with Store(settings.db) as store:
        store.conn.execute("UPDATE documents SET title = ?, key = ? WHERE key = 'crm/retro'", [FORMULA, REGISTER_KEY])
        store.conn.commit()


def _rows(table: list[list[str]]) -> dict[str, dict[str, str]]:
    return {row[6]: dict(zip(DOCUMENT_COLUMNS, row, strict=True)) for row in table[1:]}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_api_documents_as_csv(client, settings, lang):
    _plant(settings)
    client.set_cookie("kb_lang", lang)
    response = client.get("/api/documents?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="lessons-kb-documents.csv"'
    table = _csv(response.data)  # (with its byte-order mark)
    assert table[0] == HEADERS[lang]
    rows = _rows(table)
    listed = client.get("/api/documents?limit=500").get_json()["items"]
    assert set(rows) == {d["key"] for d in listed}  # every document the API lists, and no other
    assert {k: int(r["lessons"]) for k, r in rows.items()} == {d["key"]: d["lessons"] for d in listed}
    erp = rows["erp/retro"]
    assert (erp["document_title"], erp["project"], erp["tags"], erp["date"]) == (
        "ERP升级一期复盘", "ERP系统升级", "供应商管理", "2024-06-28")
    assert erp["doc_type"] == ("项目复盘" if lang == "zh" else "Retrospective") and erp["doc_type_code"] == "retrospective"
    assert erp["added"] == next(d["first_ingested"] for d in listed if d["key"] == "erp/retro")
    planted = rows[REGISTER_KEY]
    assert planted["document_title"] == "'" + FORMULA  # text to a spreadsheet, never a formula
    assert planted["url"].endswith("/documents/pmo/register.csv%23LL-2024-019")  # the "#" would end the path
    assert client.get(urlsplit(planted["url"]).path).status_code == 200  # the link leads to the document


def test_api_documents_as_xlsx(client, settings):
    _plant(settings)
    response = client.get("/api/documents?format=xlsx&project=ERP系统升级&project=CRM")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [c.value for c in sheet[1]] == HEADERS["en"]
    rows = {row[6].value: row for row in sheet.iter_rows(min_row=2)}
    assert set(rows) == {"erp/retro", REGISTER_KEY}  # the filters apply
    title = rows[REGISTER_KEY][0]
    assert title.value == FORMULA and title.data_type == "s" and title.quotePrefix
    assert isinstance(rows["erp/retro"][4].value, int) and rows["erp/retro"][1].value == "ERP系统升级"


def test_document_exports_leave_hidden_lessons_out_even_for_curators(client, settings):
    """A register row whose lesson is hidden (titled with it) is not listed, a hidden lesson not counted."""
    with Store(settings.db) as store:
        store.conn.execute("UPDATE documents SET meta = json_set(meta, '$.register', 'pmo/register.csv')"
                           " WHERE key = 'crm/retro'")  # a register's row, for the test
        store.conn.commit()
        crm = store.rows("SELECT l.id FROM lessons l JOIN documents d ON d.id = l.document_id"
                         " WHERE d.key = 'crm/retro'")
        erp = store.rows("SELECT l.id FROM lessons l JOIN documents d ON d.id = l.document_id"
                         " WHERE d.key = 'erp/retro' ORDER BY l.id")
        for row in [*crm, erp[0]]:
            store.set_review(row["id"], "hidden", actor="carl")
    login(client, "carl")
    rows = _rows(_csv(client.get("/api/documents?format=csv").data))
    assert "crm/retro" not in rows  # a register row whose every lesson is hidden
    assert rows["erp/retro"]["lessons"] == str(len(erp) - 1)  # its hidden lesson not counted
    curators = {d["key"]: d for d in client.get("/api/documents?limit=500").get_json()["items"]}
    assert curators["crm/retro"]["hidden"] and curators["erp/retro"]["lessons"] == len(erp)  # JSON: curators'


def test_a_document_export_takes_up_to_10000_and_says_a_larger_limit_is_refused(client):
    assert client.get("/api/documents?format=csv&limit=10000").status_code == 200
    refused = client.get("/api/documents?format=csv&limit=10001")
    assert refused.status_code == 400 and "between 1 and 10000" in refused.get_json()["error"]["message"]
    assert client.get("/api/documents?limit=501").status_code == 400  # JSON pages: at most 500, as before
