"""Search results and lessons as CSV and XLSX, from the page, the API and the CLI; a cell that a spreadsheet would
run as a formula never is one."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from kb.cli import cli
from kb.export import LESSON_COLUMNS, SEARCH_COLUMNS, lesson_rows, neutralise, search_rows, to_csv, to_xlsx
from kb.models import LESSON_KIND_LABELS, DocType, LessonKind
from kb.store import Store
from tests.web.conftest import login

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_cell_that_starts_like_a_formula_is_text(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["a=b", "供应商", "2024-05-01", 5, -5, 1.5, None, ""])
def test_other_cells_are_left_alone(value):
    assert neutralise(value) == value


def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # a byte-order mark: spreadsheets then read the Chinese right
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_and_xlsx_keep_formulas_as_text():
    rows = [[1, text] for text in FORMULAS]
    assert [r[1] for r in _csv(to_csv(["n", "text"], rows))[1:]] == ["'" + t for t in FORMULAS]
    data = to_xlsx(["n", "text"], rows)
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no formula anywhere
    sheet = load_workbook(io.BytesIO(data)).active
    # the text itself, as text (a carriage return written as Excel writes it, _x000D_, which openpyxl leaves as it is)
    assert [unescape(c.value) for c in sheet["B"][1:]] == FORMULAS
    assert all(c.data_type == "s" and c.quotePrefix for c in sheet["B"][1:])
    assert sheet["A2"].value == 1  # numbers stay numbers


def test_xlsx_is_one_sheet_with_the_header_frozen_and_chinese_and_every_kind_of_cell_as_given():
    rows = [[1, "供应商交付延期，集成测试被压缩", 0.5, None, "a\x01b", "𠀀 CJK Extension B"], [2, "", -3, "x", "y", "z"]]
    book = load_workbook(io.BytesIO(to_xlsx(["编号", "内容", "得分", "项目", "文本", "扩展"], rows)))
    sheet = book.active
    assert book.sheetnames == ["Sheet"] and sheet.freeze_panes == "A2"
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["编号", "内容", "得分", "项目", "文本", "扩展"], [1, "供应商交付延期，集成测试被压缩", 0.5, None, "ab", "𠀀 CJK Extension B"],
        [2, None, -3, "x", "y", "z"]]  # None and "" are empty cells; a control character XML cannot hold is gone
    assert not [d for d in sheet.column_dimensions.values() if d.customWidth]  # Excel's own widths, as before


@pytest.mark.parametrize("unit", ["a", "长", "𠀀"])  # one UTF-16 unit, one (Chinese), two (beyond the BMP)
def test_a_text_longer_than_an_excel_cell_holds_is_cut_and_says_so(unit):
    """Excel holds 32,767 UTF-16 units a cell: a Hadoop bug report read as one lesson of 73,158 characters was cut
    there without a mark (openpyxl, XlsxWriter alike); it ends in "…", the row's link leading to all of it."""
    text = unit * 40_000
    value = load_workbook(io.BytesIO(to_xlsx(["text"], [[text], [unit * 100]]))).active["A2"].value
    assert value.endswith("…") and text.startswith(value[:-1])
    assert len(value.encode("utf-16-le")) // 2 <= 32_767 and len(value.encode("utf-16-le")) // 2 >= 32_765
    assert load_workbook(io.BytesIO(to_xlsx(["text"], [[unit * 100]]))).active["A2"].value == unit * 100


def _plant_formula(settings) -> int:
    store = Store(settings.db)
    lesson_id = store.rows("SELECT l.id FROM lessons l JOIN documents d ON d.id = l.document_id"
                           " WHERE d.project = 'ERP系统升级' ORDER BY l.id LIMIT 1")[0]["id"]
    store.conn.execute("UPDATE lessons SET text = '=cmd|'' /C calc''!A0' WHERE id = ?", [lesson_id])
    store.conn.commit()
    store.close()
    return lesson_id


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_api_lessons_as_csv_and_xlsx(client, settings, lang):
    lesson_id = _plant_formula(settings)
    client.set_cookie("kb_lang", lang)
    response = client.get("/api/lessons?format=csv&project=ERP系统升级")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    table = _csv(response.data)
    assert table[0][0] == ("经验编号" if lang == "zh" else "Lesson")
    planted = next(r for r in table[1:] if r[0] == str(lesson_id))
    assert planted[2] == "'=cmd|' /C calc'!A0"
    assert {r[5] for r in table[1:]} == {"ERP系统升级"}
    assert planted[12].endswith(f"/lessons/{lesson_id}")
    # kind and review as the pages word them, not as codes
    assert {r[1] for r in table[1:]} <= ({"需要改进", "经验教训", "做得好的"} if lang == "zh" else
                                         {"Went wrong", "Lesson", "Went well"})
    assert {r[11] for r in table[1:]} == {"未审核" if lang == "zh" else "Unreviewed"}
    assert table[0][-2:] == (["类别代码", "审核代码"] if lang == "zh" else ["Kind code", "Review code"])
    assert {r[-2] for r in table[1:]} <= {"went_wrong", "lesson", "went_well"} and {r[-1] for r in table[1:]} == {
        "unreviewed"}  # the codes, the same in either language
    book = client.get("/api/lessons?format=xlsx&project=ERP系统升级")
    sheet = load_workbook(io.BytesIO(book.data)).active
    cell = next(row[2] for row in sheet.iter_rows(min_row=2) if row[0].value == lesson_id)
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s" and cell.quotePrefix


def test_exports_leave_hidden_lessons_out_even_for_curators(client, settings):
    store = Store(settings.db)
    hidden = store.rows("SELECT id FROM lessons ORDER BY id LIMIT 1")[0]["id"]
    store.set_review(hidden, "hidden", actor="carl")
    store.close()
    login(client, "carl")
    ids = [r[0] for r in _csv(client.get("/api/lessons?format=csv").data)[1:]]
    assert ids and str(hidden) not in ids
    assert hidden in [r["id"] for r in client.get("/api/lessons?limit=500").get_json()["items"]]  # JSON: curators


def test_api_search_as_csv_and_a_bad_format(client):
    table = _csv(client.get("/api/search?q=供应商交付延期&format=csv").data)
    assert table[0][:2] == ["Rank", "Document"] and table[1][0] == "1"
    assert {r[3] for r in table[1:]} <= {"Retrospective", "Post-mortem", "Other"}  # the type as the page says it
    assert any(r[1] == "ERP升级一期复盘" for r in table[1:])
    bad = client.get("/api/search?q=x&format=pdf")
    assert bad.status_code == 400 and "'format' must be json, csv or xlsx" in bad.get_json()["error"]["message"]


def test_the_pages_link_to_their_exports(client):
    client.set_cookie("kb_lang", "zh")
    page = client.get("/?q=测试环境&mode=keyword&project=ERP系统升级").get_data(as_text=True)
    links = re.findall(r'href="([^"]+format=(?:csv|xlsx))"', page)
    assert len(links) == 2
    table = _csv(client.get(links[0].replace("&amp;", "&")).data)
    assert table[0][0] == "排名" and {r[2] for r in table[1:]} == {"ERP系统升级"}
    browse = client.get("/browse?project=CRM").get_data(as_text=True)
    links = [link.replace("&amp;", "&") for link in re.findall(r'href="([^"]+format=csv)"', browse)]
    assert [link.split("?")[0] for link in links] == ["/api/documents", "/api/lessons"]
    assert {r[1] for r in _csv(client.get(links[0]).data)[1:]} == {"CRM"}  # the documents listed (u-left2)
    assert {r[5] for r in _csv(client.get(links[1]).data)[1:]} == {"CRM"}  # and their lessons


@pytest.mark.parametrize(("sort", "kept"), [("title", "title"), ("-date", "-date"), ("matched", None)])
def test_browse_exports_its_documents_in_its_order(client, sort, kept):
    """The documents export keeps browse's order where the API has it (best match it has not: newest first)."""
    client.set_cookie("kb_lang", "en")
    browse = client.get(f"/browse?sort={sort}&lang=en").get_data(as_text=True)
    link = html.unescape(re.search(r'<p class="exports" id="export-documents">.*?href="([^"]+)"', browse).group(1))
    assert link.startswith("/api/documents?") and dict(parse_qsl(urlsplit(link).query)).get("sort") == kept
    listed = [html.unescape(t) for t in re.findall(r'<tr><td><a href="/documents/[^"]+">([^<]+)</a>', browse)]
    exported = [row[0] for row in _csv(client.get(link).data)[1:]]
    assert sorted(exported) == sorted(listed) and len(listed) > 2
    if kept:
        assert exported == listed


def test_cli_exports(settings, tmp_path):
    lesson_id = _plant_formula(settings)
    runner = CliRunner()
    out = tmp_path / "lessons.csv"
    result = runner.invoke(cli, ["--db", str(settings.db), "lessons", "--csv", str(out), "--xlsx",
                                 str(tmp_path / "lessons.xlsx")], catch_exceptions=False, env=ENGLISH)
    assert result.exit_code == 0, result.output
    table = _csv(out.read_bytes())
    store = Store(settings.db)
    assert len(table) - 1 == store.scalar("SELECT count(*) FROM lessons WHERE review_status != 'hidden'")
    store.close()
    assert next(r for r in table if r[0] == str(lesson_id))[2].startswith("'=")
    assert load_workbook(tmp_path / "lessons.xlsx").active.max_row == len(table)
    result = runner.invoke(cli, ["--db", str(settings.db), "search", "vendor late", "--csv", "-"],
                           catch_exceptions=False, env=ENGLISH)
    assert result.exit_code == 0 and result.stdout.startswith('\ufeff"Rank","Document"')
    bad = runner.invoke(cli, ["--db", str(settings.db), "lessons", "--csv", str(tmp_path / "no" / "such.csv")])
    assert bad.exit_code == 1 and "cannot write" in bad.output and "Traceback" not in bad.output


ENGLISH = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"}


@pytest.mark.parametrize(("args", "env", "lang"), [
    ([], ENGLISH, "en"), ([], {"LC_ALL": None, "LC_MESSAGES": None, "LANG": "zh_CN.UTF-8"}, "zh"),
    (["--export-lang", "zh"], ENGLISH, "zh"), (["--export-lang", "en"], {"LC_ALL": "zh_CN.UTF-8"}, "en")])
def test_cli_exports_write_kinds_as_words_in_their_language_and_keep_the_codes(settings, tmp_path, args, env, lang):
    """What Excel shows is what the pages show (需要改进 / Went wrong), in the locale's language unless --export-lang says;
    the codes (went_wrong) stay in their own columns for scripts."""
    runner = CliRunner()
    out = tmp_path / "lessons.csv"
    result = runner.invoke(cli, ["--db", str(settings.db), "lessons", "--project", "ERP系统升级", "--csv", str(out),
                                 *args], catch_exceptions=False, env=env)
    assert result.exit_code == 0, result.output
    table = _csv(out.read_bytes())
    head = dict(zip(LESSON_COLUMNS, table[0], strict=True))
    rows = [dict(zip(LESSON_COLUMNS, row, strict=True)) for row in table[1:]]
    assert head["kind"] == ("类别" if lang == "zh" else "Kind") and head["review_status_code"] == (
        "审核代码" if lang == "zh" else "Review code")
    words = {code.value: labels[1 if lang == "zh" else 0] for code, labels in LESSON_KIND_LABELS.items()}
    assert rows and all(row["kind"] == words[row["kind_code"]] for row in rows)
    assert "went_wrong" in {row["kind_code"] for row in rows}
    assert {row["review_status"] for row in rows} == {"未审核" if lang == "zh" else "Unreviewed"}
    result = runner.invoke(cli, ["--db", str(settings.db), "search", "供应商交付延期", "--mode", "keyword", "--csv",
                                 "-", *args], catch_exceptions=False, env=env)
    hits = [dict(zip(SEARCH_COLUMNS, row, strict=True)) for row in _csv(result.stdout_bytes)[1:]]
    assert hits and all(hit["kind"] == words[hit["kind_code"]] for hit in hits if hit["kind_code"])
    assert {hit["doc_type_code"] for hit in hits} <= {t.value for t in DocType}


def test_lesson_rows_join_tags_and_link():
    row = lesson_rows([{"id": 7, "kind": "lesson", "text": "t", "project": "P", "document_title": "D",
                        "document_key": "k", "date": None, "tags": ["a", "供应商"]}], "http://kb.example/")[0]
    assert row[10] == "a; 供应商" and row[12] == "http://kb.example/lessons/7" and row[13] == "lesson"


def test_spreadsheets_are_written_in_the_languages_they_declare_and_no_other():
    from kb.export import LANGUAGES, header, labelled

    assert header(["kind", "date"], "en") == ["Kind", "Date"] and header(["kind", "date"], "zh") == ["类别", "日期"]
    assert labelled(["kind"], [["went_wrong"]], "zh") == [[LESSON_KIND_LABELS[LessonKind.WENT_WRONG][1]]]
    for make in (lambda: header(["kind"], "fr"), lambda: labelled(["kind"], [["went_wrong"]], "zh-TW")):
        with pytest.raises(ValueError, match="spreadsheets are written in en or zh, not '(fr|zh-TW)'"):
            make()  # (it came out in English, unsaid)
    result = CliRunner().invoke(cli, ["lessons", "--csv", "-", "--export-lang", "fr"])
    assert result.exit_code == 2 and all(f"'{lang}'" in result.output for lang in LANGUAGES)


def test_a_search_rows_document_link_keeps_a_register_rows_key_whole():
    """A hit outside any lesson links to its document; a register row's ``#`` (and a space, and Chinese) are
    percent-encoded, or the link would stop at the ``#`` and open the register, not the row."""
    hit = SimpleNamespace(lesson_id=None, lesson_kind=None, heading="H", text="t", score=0.5)
    group = SimpleNamespace(document_title="D", project="P", doc_type="lessons_register", date=None,
                            document_key="pmo/经验 登记.csv#LL-7", hits=[hit])
    row = search_rows(SimpleNamespace(groups=[group], offset=0), "http://kb.example/")[0]
    assert row[11] == "http://kb.example/documents/pmo/%E7%BB%8F%E9%AA%8C%20%E7%99%BB%E8%AE%B0.csv%23LL-7"


@pytest.mark.parametrize(("fmt", "args"), [("csv", ["--project", "ERP系统升级"]), ("csv", ["--sort", "title"]),
                                           ("xlsx", ["--sort", "-date"])])
def test_kb_docs_exports_what_api_documents_exports(client, settings, tmp_path, fmt, args):
    # kb docs had no --csv or --xlsx, where kb lessons, kb search and /api/documents had them (c-left3)
    query = "&".join(f"{a[2:]}={v}" for a, v in zip(args[::2], args[1::2], strict=True))
    api = client.get(f"/api/documents?format={fmt}&{query}").data
    out = tmp_path / f"documents.{fmt}"
    result = CliRunner().invoke(cli, ["--db", str(settings.db), "docs", *args, f"--{fmt}", str(out)],
                                catch_exceptions=False, env=ENGLISH)
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        assert out.read_bytes() == api and _csv(api)[0][:3] == ["Document", "Project", "Type"]
        assert len(_csv(api)) - 1 == client.get(f"/api/documents?{query}").get_json()["total"] > 0
    else:
        rows = [[c.value for c in row] for row in load_workbook(out).active.iter_rows()]
        assert rows == [[c.value for c in row] for row in load_workbook(io.BytesIO(api)).active.iter_rows()]
    assert re.fullmatch(r"(\d+) of \1 documents? exported\n", result.stderr)


def test_kb_docs_exports_a_register_row_whose_lesson_is_hidden_only_when_asked(client, settings, tmp_path):
    register = tmp_path / "registers" / "register.csv"
    register.parent.mkdir()
    register.write_text("id,title,lesson\nLL-1,Late vendor,Keep a fallback vendor\nLL-2,No load test,Test at peak\n",
                        encoding="utf-8")
    ingested = CliRunner().invoke(cli, ["--db", str(settings.db), "ingest", str(register.parent), "--no-index"])
    assert ingested.exit_code == 0, ingested.output
    store = Store(settings.db)
    row = store.rows("SELECT d.key, l.id FROM documents d JOIN lessons l ON l.document_id = d.id"
                     " WHERE d.key LIKE '%#LL-1'")[0]
    store.set_review(row["id"], "hidden", actor="carl")
    store.close()

    def keys(*args):
        result = CliRunner().invoke(cli, ["--db", str(settings.db), "docs", "--csv", "-", *args], env=ENGLISH)
        assert result.exit_code == 0, result.output
        return [r[6] for r in _csv(result.stdout_bytes)[1:]]

    assert row["key"] not in keys() and keys() == [r[6] for r in _csv(client.get("/api/documents?format=csv").data)[1:]]
    assert keys("--hidden") == [row["key"]]
    listed = CliRunner().invoke(cli, ["--db", str(settings.db), "docs", "--limit", "500"], env=ENGLISH).stdout
    assert row["key"] in listed  # the table still lists it, marked, as before


def test_kb_docs_refuses_json_with_a_spreadsheet(settings):
    result = CliRunner().invoke(cli, ["--db", str(settings.db), "docs", "--json", "--xlsx", "d.xlsx"])
    assert result.exit_code == 2 and "--json cannot be combined with --xlsx" in result.output
