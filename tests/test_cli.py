"""The kb CLI: exit codes and messages, JSON output, --help everywhere, errors without tracebacks."""

import json
import re
import sqlite3
from datetime import datetime, timedelta

import click
import pytest

from kb.cli import cli
from kb.store import MAX_ROW_ID
from kb.text import clean_query
from tests.conftest import TEST_SECRET_KEY

RETRO = """---
id: erp/retro
title: ERP升级复盘
project: ERP系统升级
type: retrospective
date: 2024-06-28
tags: [供应商]
---
# ERP升级复盘

## 需要改进
- 供应商接口交付延期五周。

## Lessons learned
- Order long-lead hardware at approval.
"""


@pytest.fixture
def ingested(kb, write):
    write("erp/retro.md", RETRO)
    write("crm/status.txt", "CRM weekly status\n\nDate: 2025-05-02\n\nIssues and risks:\n- Data migration slipped.\n")
    kb("ingest", str(write.base))
    return write


def test_init_creates_the_database(kb, db_path):
    result = kb("init")
    assert db_path.exists() and "Database ready" in result.output


def test_ingest_summary_and_second_run_unchanged(kb, write):
    write("erp/retro.md", RETRO)
    first = kb("ingest", str(write.base))
    assert "1 file (1 document): 1 added, 0 updated, 0 unchanged, 0 failed" in first.output  # not "1 files"
    second = kb("ingest", str(write.base), "--json")
    data = json.loads(second.output)
    assert (data["added"], data["unchanged"], data["failed"]) == (0, 1, 0)


def test_index_lines_say_one_chunk_in_the_singular(kb, write):
    write("note.md", "# Note\n\nThe release slipped a week.\n")
    first = kb("ingest", str(write.base))
    assert "Index: 1 chunk (1 added, 0 removed); 1 text embedded, 0 from cache" in first.output  # not "1 chunks"
    assert "Index: 1 chunk, up to date" in kb("ingest", str(write.base)).output
    assert "Reindexed 1 document into 1 chunk: " in kb("reindex").output


def test_ingest_exits_1_when_a_file_failed_and_says_which(kb, write):
    write("good.md", RETRO)
    write("broken.md", b"\x00\x00binary")
    result = kb("ingest", str(write.base), ok=False)
    assert result.exit_code == 1
    assert "broken.md: binary file" in result.output
    assert "1 added, 0 updated, 0 unchanged, 1 failed" in result.output


def test_ingest_of_a_path_that_does_not_exist_exits_1(kb, write, tmp_path):
    # It printed "error: …: no such file or folder" and exited 0, so a cron job or script went on as if all was read.
    write("good.md", RETRO)
    missing = tmp_path / "no-such-folder"
    result = kb("ingest", str(write.base), str(missing), ok=False)
    assert result.exit_code == 1
    assert f"{missing}: no such file or folder" in result.output
    assert "1 added, 0 updated, 0 unchanged, 0 failed" in result.output  # the good file is still stored


@pytest.mark.parametrize("args, message", [
    (["search", "供应商", "--json", "--csv", "-"], "--json cannot be combined with --csv"),
    (["lessons", "--json", "--csv", "-"], "--json cannot be combined with --csv"),
    (["lessons", "--json", "--xlsx", "out.xlsx"], "--json cannot be combined with --xlsx"),
    (["lessons", "--json", "--csv", "out.csv", "--xlsx", "out.xlsx"], "--json cannot be combined with --csv or --xlsx"),
])
def test_json_with_a_spreadsheet_export_is_a_usage_error_not_a_silent_choice(kb, ingested, args, message):
    # --json was silently dropped: 'kb lessons --json --csv -' printed CSV to a script that expected JSON.
    result = kb(*[str(ingested.base / a) if a.startswith("out.") else a for a in args], ok=False)
    assert result.exit_code == 2 and message in result.output and "Usage: " in result.output
    assert not list(ingested.base.glob("out.*"))


def test_similar_with_both_a_lesson_id_and_text_is_a_usage_error(kb, ingested):
    # --text was dropped silently: the lesson's neighbours came back as if they answered the description.
    result = kb("similar", "1", "--text", "vendor late", ok=False)
    assert result.exit_code == 2 and "give a LESSON_ID or --text, not both" in result.output


def test_similar_takes_a_lesson_as_kb_show_names_it(kb, ingested):
    # 'kb show lesson:1' then 'kb similar lesson:1' was a usage error, "'lesson:1' is not a valid integer" (c-cli)
    lesson = json.loads(kb("lessons", "--json").stdout)["lessons"][0]["id"]
    named = kb("similar", f"lesson:{lesson}", "--json")
    assert named.exit_code == 0 and json.loads(named.stdout) == json.loads(kb("similar", str(lesson), "--json").stdout)
    assert kb("similar", f" Lesson: {lesson}").stdout.startswith(f"Like lesson {lesson} ")


LONG = "data migration slipped " * 480  # 11,040 characters: a pasted report, longer than search reads (10,000)


def test_a_long_query_says_it_was_cut_as_the_search_page_does(kb, ingested, tmp_path):
    # the CLI cut a query to its first 2,000 characters without a word (the page says so; c-cli); 10,000 since s-paste
    said = "only the query's first 10,000 characters were searched (it has 11,039)"
    shown = kb("search", LONG)
    assert shown.exit_code == 0 and f"note: {said}\n" in shown.stderr and said not in shown.stdout
    found = kb("search", LONG, "--json")
    assert json.loads(found.stdout)["notes"][0] == said and found.stderr == ""
    exported = kb("search", LONG, "--csv", str(tmp_path / "hits.csv"))
    assert exported.exit_code == 0 and f"note: {said}\n" in exported.stderr
    assert "first 10,000" not in kb("search", LONG[:10_000]).stderr
    assert json.loads(kb("search", "data migration", "--json").stdout)["notes"] == []


def test_a_long_similar_text_says_it_was_cut(kb, ingested):
    said = "note: only the text's first 10,000 characters were searched (it has 11,039)\n"
    found = kb("similar", "--text", LONG, "--json")
    assert found.exit_code == 0 and found.stderr == said and json.loads(found.stdout) is not None
    assert "note:" not in kb("similar", "--text", LONG[:9999]).stderr  # the language preferred is said, no cut


def test_a_pasted_query_or_text_is_read_from_standard_input(kb, ingested):
    # a lesson piped in ("kb similar --text - < lesson.md"), not through the shell's quoting (s-paste)
    piped = kb("search", "-", "--json", input="  data migration slipped\n")
    assert json.loads(piped.stdout)["query"] == "data migration slipped"
    assert json.loads(piped.stdout)["results"] == json.loads(kb("search", "data migration slipped", "--json").stdout)[
        "results"]
    similar = kb("similar", "--text", "-", "--json", input=LONG)
    assert similar.stderr == ("note: only the text's first 10,000 characters were searched: standard input went on, "
                              "and was read no further\n")
    assert json.loads(similar.stdout) == json.loads(kb("similar", "--text", LONG, "--json").stdout)


def test_standard_input_is_read_no_further_than_search_reads(kb, ingested, monkeypatch):
    # a log of megabytes piped in was read whole, to be cut at 10,000 characters (r-review)
    import io

    from kb.commands.searching import standard_input

    big = "data migration slipped " * 200_000  # 4.6 million characters
    piped = kb("search", "-", "--json", input=big)
    assert json.loads(piped.stdout)["notes"][0] == ("only the query's first 10,000 characters were searched: standard "
                                                    "input went on, and was read no further")
    assert json.loads(piped.stdout)["results"] == json.loads(kb("search", big[:10_001], "--json").stdout)["results"]
    stream = io.StringIO("\u200b" * 5 + big)  # what cleaning drops is read past: 10,001 characters kept
    monkeypatch.setattr("sys.stdin", stream)
    text, more = standard_input(10_000)
    assert more and stream.tell() == 10_006 and clean_query(text) == big[:10_001]
    for given, read, went_on in (("  a short paste\n", 16, False), ("\x01" * 100 + "word", 45, True)):
        stream = io.StringIO(given)  # the second: control characters alone, read to 4 times the limit (10)
        monkeypatch.setattr("sys.stdin", stream)
        assert standard_input(10 if went_on else 100)[1] is went_on and stream.tell() == read


GBK = "供应商延期".encode("gbk")  # a GBK file piped in
NOT_UTF8 = f"Error: standard input is not UTF-8 text (bytes {GBK.hex(' ')}, which GB18030 reads as '供应商延期')"


@pytest.mark.parametrize("args", [("search", "-"), ("similar", "--text", "-")])
def test_standard_input_that_is_not_utf8_is_said_in_one_line(kb, args):
    # a locale that decodes strictly (CliRunner's stdin): it was a UnicodeDecodeError's traceback
    refused = kb(*args, input=GBK, ok=False)
    assert refused.exit_code == 1 and refused.stderr.startswith(NOT_UTF8), refused.stderr


def test_standard_input_kept_as_surrogates_is_said_as_standard_input(monkeypatch):
    # the C locale's surrogateescape: it was "'...' is not UTF-8 text: rename it to UTF-8", as for a file name
    import io

    from kb.commands.searching import standard_input

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"vendor " + GBK), "utf-8", "surrogateescape"))
    with pytest.raises(click.ClickException) as refused:
        standard_input(10_000)
    assert f"Error: {refused.value.format_message()}".startswith(NOT_UTF8)


@pytest.mark.parametrize("text, message", [
    ("！！", "Error: punctuation and symbols alone are not searched for; give a word or two\n"),  # as kb search says
    ("   ", "Error: describe the problem, or give a lesson id\n"),
    ("", "Error: describe the problem, or give a lesson id\n"),  # was "give a LESSON_ID or --text", exit 2: it was given
])
def test_similar_says_why_a_text_is_not_searched(kb, ingested, text, message):
    # "！！" was answered "describe the problem, or give a lesson id", as if nothing had been given (rev20)
    result = kb("similar", "--text", text, ok=False)
    assert result.exit_code == 1 and result.output.endswith(message)


def test_ingest_register_with_column_mapping(kb, write):
    write("reg.csv", "Ref,What we learned\nA1,Freeze scope early.\n")
    assert kb("ingest", str(write.base), ok=False).exit_code == 1
    result = kb("ingest", str(write.base), "--map", "lesson=What we learned")
    assert "1 added" in result.output
    assert json.loads(kb("show", "reg.csv#A1", "--json").output)["lessons"][0]["text"] == "Freeze scope early."


def test_prune_of_one_folder_keeps_the_documents_of_a_sibling_whose_name_starts_the_same(kb, tmp_path):
    docs, docs2 = tmp_path / "docs", tmp_path / "docs2"
    for folder, key in ((docs, "erp/retro"), (docs2, "crm/retro")):
        folder.mkdir()
        (folder / "retro.md").write_text(RETRO.replace("erp/retro", key), encoding="utf-8")
    kb("ingest", str(docs), str(docs2), "--no-index")
    result = kb("ingest", str(docs), "--prune", "--no-index", "--json")
    assert json.loads(result.output)["removed"] == 0
    keys = [d["key"] for d in json.loads(kb("docs", "--json").output)["documents"]]
    assert sorted(keys) == ["crm/retro", "erp/retro"]


@pytest.mark.parametrize(("gone", "said"), [(1, "1 document removed"), (2, "2 documents removed")])
def test_prune_counts_the_documents_it_removed_in_words(kb, write, gone, said):
    # the summary said "1 documents removed"
    for name in ("a.md", "b.md", "c.md"):
        write(name, f"# {name}\n\nText of {name}.\n")
    kb("ingest", str(write.base), "--no-index")
    for name in ("a.md", "b.md")[:gone]:
        (write.base / name).unlink()
    result = kb("ingest", str(write.base), "--prune", "--no-index")
    assert f", 0 failed, {said} in " in result.stdout


def test_docs_listing_filters_and_json(kb, ingested):
    result = kb("docs")
    assert "erp/retro" in result.output and "ERP升级复盘" in result.output
    data = json.loads(kb("docs", "--lang", "mixed", "--json").output)  # Chinese with an English section
    assert data["total"] == 1 and data["documents"][0]["key"] == "erp/retro"
    assert [d["key"] for d in json.loads(kb("docs", "--lang", "en", "--json").output)["documents"]] == [
        "crm/status.txt"]
    data = json.loads(kb("docs", "--type", "status-report", "--json").output)
    assert [d["key"] for d in data["documents"]] == ["crm/status.txt"]
    assert json.loads(kb("docs", "--tag", "供应商", "--json").output)["total"] == 1
    assert json.loads(kb("docs", "--since", "2025-01-01", "--json").output)["total"] == 1
    assert json.loads(kb("docs", "--since", "2025/1/1", "--json").output)["total"] == 1  # as the web forms take it
    assert json.loads(kb("docs", "--until", "2000年1月1日", "--json").output)["total"] == 0


def test_show_prints_lessons_by_kind(kb, ingested):
    out = kb("show", "erp/retro").output
    assert "ERP升级复盘" in out and "Went wrong / 需要改进" in out and "供应商接口交付延期五周。" in out
    assert "Lesson / 经验教训" in out
    data = json.loads(kb("show", "erp/retro", "--json").output)
    assert [l["kind"] for l in data["lessons"]] == ["went_wrong", "lesson"]


def test_lessons_listing_with_kind_and_project(kb, ingested):
    data = json.loads(kb("lessons", "--kind", "went_wrong", "--json").output)
    assert {l["text"] for l in data["lessons"]} == {"供应商接口交付延期五周。", "Data migration slipped."}
    data = json.loads(kb("lessons", "--project", "ERP系统升级", "--kind", "lesson", "--json").output)
    assert [l["text"] for l in data["lessons"]] == ["Order long-lead hardware at approval."]


def test_tag_add_list_rename_remove(kb, ingested):
    assert "tagged erp/retro with '经验分享'" in kb("tag", "add", "erp/retro", "经验分享").output
    lesson_id = json.loads(kb("show", "erp/retro", "--json").output)["lessons"][0]["id"]
    assert f"tagged lesson:{lesson_id}" in kb("tag", "add", f"lesson:{lesson_id}", "vendor").output
    tags = {t["label"]: t for t in json.loads(kb("tag", "list", "--json").output)}
    assert tags["经验分享"]["documents"] == 1 and tags["vendor"]["lessons"] == 1
    kb("tag", "rename", "经验分享", "分享会")
    kb("tag", "remove", "erp/retro", "分享会")
    doc = json.loads(kb("show", "erp/retro", "--json").output)
    assert [t["label"] for t in doc["tags"]] == ["供应商"]


@pytest.mark.parametrize(("typed", "tags"), [
    (["供应商管理，测试"], ["供应商管理", "测试"]),  # one tag named "供应商管理，测试" before, which the web could not add
    (["a, b", "c、d"], ["a", "b", "c", "d"]),
    (["vendor"], ["vendor"]),
])
def test_tag_add_reads_commas_as_the_web_does(kb, ingested, typed, tags):
    result = kb("tag", "add", "erp/retro", *typed)
    assert result.exit_code == 0
    assert result.stdout == "".join(f"tagged erp/retro with '{t}'\n" for t in tags)
    assert {t["label"] for t in json.loads(kb("show", "erp/retro", "--json").stdout)["tags"]} == {"供应商", *tags}


def test_tag_add_names_each_tag_as_stored(kb, ingested):
    # it said the text typed: "tagged crm/status.txt with 'ｓａｐ'" where the existing tag SAP was added,
    # "'Vendor   Mgmt'" for a tag stored as "Vendor Mgmt"
    kb("tag", "add", "erp/retro", "SAP")
    result = kb("tag", "add", "crm/status.txt", "ｓａｐ", "  Vendor   Mgmt ")
    assert result.stdout == "tagged crm/status.txt with 'SAP'\ntagged crm/status.txt with 'Vendor Mgmt'\n"
    assert kb("tag", "add", "crm/status.txt", "Ｓａｐ").stdout == "already tagged crm/status.txt with 'SAP'\n"
    assert kb("tag", "remove", "crm/status.txt", "ｓａｐ").stdout == "removed 'SAP' from crm/status.txt\n"


@pytest.mark.parametrize(("refused", "said"), [
    ("  ", "a tag needs at least one letter or character"),
    ("，", "'，' names no tag: commas (, ， 、) separate tags"),  # was a tag named '，'
])
def test_tag_add_is_all_or_none(kb, ingested, refused, said):
    # the names before a refused one were added, and the command said only the error
    result = kb("tag", "add", "erp/retro", "kept-out", refused, ok=False)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: {said}\n"
    assert [t["label"] for t in json.loads(kb("show", "erp/retro", "--json").stdout)["tags"]] == ["供应商"]


def test_tag_remove_is_all_or_none_and_its_help_says_so(kb, ingested):
    # README, The CLI: "remove takes off all the tags given or, when the target lacks one, none"; its --help said
    # only "Detach tags from a document or lesson."
    result = kb("tag", "remove", "erp/retro", "供应商", "nosuch", ok=False)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "Error: erp/retro has no tag 'nosuch'\n")
    assert [t["label"] for t in json.loads(kb("show", "erp/retro", "--json").stdout)["tags"]] == ["供应商"]
    assert "all of them or, if it lacks one, none" in " ".join(kb("tag", "remove", "--help").stdout.split())


@pytest.mark.parametrize("typed", [["供应商管理，测试"], ["供应商管理, 测试"], ["供应商管理、测试"], ["供应商管理", "测试"]])
def test_tag_remove_reads_commas_as_tag_add_does(kb, ingested, typed):
    # add split "供应商管理，测试" into two tags, remove took it whole: "erp/retro has no tag '供应商管理，测试'"
    kb("tag", "add", "erp/retro", "供应商管理，测试")
    result = kb("tag", "remove", "erp/retro", *typed)
    assert (result.exit_code, result.stdout) == (0, "removed '供应商管理' from erp/retro\nremoved '测试' from erp/retro\n")
    assert [t["label"] for t in json.loads(kb("show", "erp/retro", "--json").stdout)["tags"]] == ["供应商"]
    refused = kb("tag", "remove", "erp/retro", "，", ok=False)
    assert (refused.exit_code, refused.stderr) == (1, "Error: '，' names no tag: commas (, ， 、) separate tags\n")


def test_tag_remove_takes_a_tag_named_with_a_comma_whole(kb, write):
    # a front-matter list item may name a tag with a comma in it; remove still finds it by that name
    write("a/x.md", "---\nid: a/x\ntags: [\"R&D, EMEA\", vendor]\n---\n# X\n\nText.\n")
    kb("ingest", str(write.base))
    assert kb("tag", "remove", "a/x", "R&D, EMEA").stdout == "removed 'R&D, EMEA' from a/x\n"
    assert [t["label"] for t in json.loads(kb("show", "a/x", "--json").stdout)["tags"]] == ["vendor"]


def test_stats_json_has_the_counts(kb, ingested):
    data = json.loads(kb("stats", "--json").output)
    assert (data["documents"], data["lessons"], data["tags"]) == (2, 3, 1)
    assert data["sections"] >= 3
    assert "Documents" in kb("stats").output


def test_errors_lists_the_latest_run(kb, write):
    write("binary.md", b"\x00\x01binary")
    kb("ingest", str(write.base), ok=False)
    assert "binary.md: binary file" in kb("errors").output


def test_errors_counts_errors_and_warnings_apart_and_names_the_run(kb, write):
    # it said "3 problems" after a clean ingest of corpus/ (the folders .kbignore leaves out), as of failures (c-cli)
    write("binary.md", b"\x00\x01binary")
    write("renamed.docx", "# Notes\n\n## Lessons learned\n\n- Plan.\n")  # read, with a warning
    kb("ingest", "--no-index", str(write.base), ok=False)
    result = kb("errors")
    assert result.exit_code == 0 and result.stderr == "2 problems in run 1: 1 error, 1 warning\n"
    assert kb("errors", "--no-warnings").stderr == "1 problem in run 1: 1 error, 0 warnings\n"


@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_errors_of_a_run_that_does_not_exist_says_so(kb, ingested, json_flag):
    # It printed "0 problems" and exited 0, as for a run that went well.
    result = kb("errors", "--run", "999", *json_flag, ok=False)
    assert result.exit_code == 1 and result.output == "Error: no ingest run 999; the latest is run 1\n"
    assert "0 problems" in kb("errors", "--run", "1").output  # not "0 problem(s)"


def test_errors_before_any_ingest_says_nothing_was_ingested_and_lists_no_problem(kb):
    kb("init")
    result = kb("errors")  # it printed "0 problems", as after an ingest that went well; then it exited 1
    assert result.stdout == "" and "Nothing has been ingested yet" in result.stderr
    listed = kb("errors", "--json")  # it exited 1 with "Error: nothing has been ingested yet", not JSON
    assert json.loads(listed.stdout) == {"run": None, "status": None, "reason": None, "problems": [],
                                         "message": "Nothing has been ingested yet: kb ingest PATH... records what "
                                                    "it meets."} and listed.stderr == ""


def test_errors_json_says_how_the_run_ended_in_the_words_of_the_text(kb, ingested, db_path):
    # the JSON was the list of problems alone: a script could not tell a finished run from an interrupted one
    finished = json.loads(kb("errors", "--json").stdout)
    assert (finished["run"], finished["status"], finished["message"]) == (1, "finished", None)
    assert finished["problems"] == []
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE ingest_runs SET status = 'interrupted' WHERE id = 1")
    conn.close()
    interrupted = json.loads(kb("errors", "--json").stdout)
    said = "Run 1 was interrupted before it read every file: 'kb ingest' again finishes it."
    assert (interrupted["status"], interrupted["message"]) == ("interrupted", said)
    assert kb("errors").stderr.endswith(f"{said}\n")



@pytest.mark.parametrize("args, message", [
    (["show", "nope"], "Error: no document with key 'nope'"),
    (["tag", "add", "nope", "x"], "Error: no document with key 'nope'"),
    (["tag", "add", "lesson:999", "x"], "Error: no lesson 999"),
    # Was "no document with key 'lesson:abc'".
    (["tag", "add", "lesson:abc", "x"], "'lesson:abc' is no lesson: write lesson:ID, the lesson's number"),
    (["tag", "remove", "Lesson: 7b", "x"], "'Lesson: 7b' is no lesson"),
    # A ValueError and an OverflowError traceback; lesson:١ tagged lesson 1 ("١" is Arabic-Indic 1) (r-review).
    (["tag", "add", "lesson:" + "1" * 5000, "x"], "is no lesson: write lesson:ID"),
    (["tag", "add", "lesson:99999999999999999999", "x"], "'lesson:99999999999999999999' is no lesson"),
    (["tag", "add", "lesson:١", "x"], "'lesson:١' is no lesson"),
    (["tag", "remove", "erp/retro", "missing"], "Error: erp/retro has no tag 'missing'"),
    (["tag", "rename", "missing", "x"], "Error: no tag 'missing'"),
    (["docs", "--type", "memo"], "unknown type 'memo'"),
    (["lessons", "--kind", "good"], "unknown kind 'good'"),
    (["docs", "--since", "last week"], "'last week' is not a date; use 2025-01-31, 2025/1/31, 2025.1.31 or 2025年1月31日"),
    (["docs", "--until", "2026-02-30"], "'2026-02-30' does not exist; use 2025-01-31, 2025/1/31"),  # was "is not a date"
    (["ingest", "x", "--map", "nonsense"], "'nonsense' is not FIELD=COLUMN"),
    # An unknown field was accepted without a word when no register was among the files ingested.
    (["ingest", "x", "--map", "lessen=What we learned"], "unknown field 'lessen'; fields are id, title, abstract"),
])
def test_errors_are_one_line_without_traceback(kb, ingested, args, message):
    result = kb(*args, ok=False)
    assert result.exit_code in (1, 2)
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args, said", [
    # then "Error: {bad}/preview.html: No such file or directory", where an export says "cannot write …" (c-left)
    (["digest", "preview", "--html", "{bad}/preview.html"], "cannot write {bad}/preview.html: No such file or directory"),
    (["lessons", "--csv", "{bad}/lessons.csv"], "cannot write {bad}/lessons.csv: No such file or directory"),
    # then "Error: {file}/backup: Not a directory" (c-left)
    (["backup", "{file}/backup"], ("cannot make the backup folder {file}/backup: {file} is a file, not a folder; name a "
                                  "folder you can write to (nothing was written)")),
])
def test_a_file_or_folder_that_cannot_be_written_is_one_line_naming_it(kb, ingested, tmp_path, args, said):
    # Both printed a FileNotFoundError / NotADirectoryError traceback.
    (tmp_path / "a-file").write_text("x")
    named = {"bad": tmp_path / "no-such-folder", "file": tmp_path / "a-file"}
    result = kb(*[a.format(**named) for a in args], ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.splitlines()[-1] == f"Error: {said.format(**named)}"


@pytest.mark.parametrize("args", [["stats"], ["search", "供应商"], ["docs"], ["tag", "list"], ["lessons"],
                                  ["user", "list"], ["user", "role", "ann", "curator"], ["user", "tokens", "ann"],
                                  ["user", "token", "ann"], ["user", "disable", "ann"], ["user", "enable", "ann"],
                                  ["subscribers", "list"], ["subscribers", "remove", "ann@example.org"],
                                  ["subscribers", "update", "ann@example.org", "--frequency", "off"],
                                  ["subscribers", "resume", "ann@example.org"], ["digest", "preview"],
                                  ["digest", "send", "--dry-run"]])
def test_a_reading_command_where_there_is_no_database_says_so_and_makes_none(runner, tmp_path, args):
    # Run from another folder (or with a mistyped --db) they made an empty kb-data/kb.db there and answered from it:
    # 'kb stats' printed zeros, 'kb search' "No results".
    missing = tmp_path / "elsewhere" / "kb.db"
    result = runner.invoke(cli, ["--db", str(missing), *args], env={"KB_SECRET_KEY": ""})
    assert result.exit_code == 1
    # that alone: kb digest send --dry-run warned first that a real send needs a secret key
    assert result.output == f"Error: database {missing} does not exist; run 'kb init' or 'kb ingest' first\n"
    assert not missing.parent.exists()
    assert runner.invoke(cli, ["--db", str(missing), "init"]).exit_code == 0 and missing.exists()  # these still make it


@pytest.mark.parametrize(("args", "stdin", "said"), [
    (["user", "add", "ann"], None, "no terminal to ask for the password on"),
    (["user", "add", "ann", "--password-stdin"], "short\n", "a password needs at least 8 characters"),
    (["user", "add", "a b", "--password-stdin"], "password123\n", "a user name is 1-64 characters without spaces"),
    (["subscribers", "add", "ann"], None, "'ann' is not an e-mail address"),
    (["subscribers", "import", "{empty}"], None, "the file is empty"),
    (["subscribers", "import", "{refused}"], None, "'not-an-address' is not an e-mail address"),
])
def test_a_creating_command_that_refuses_its_input_makes_no_database(runner, tmp_path, args, stdin, said):
    # 'kb user add' without a terminal, 'kb subscribers add' of a bad address and an import of an empty file said so
    # and left a new, empty database behind: only what they store makes one (c-left3)
    missing = tmp_path / "elsewhere" / "kb.db"
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "refused.csv").write_text("email\nnot-an-address\n", encoding="utf-8")
    named = {"empty": tmp_path / "empty.csv", "refused": tmp_path / "refused.csv"}
    result = runner.invoke(cli, ["--db", str(missing), *[a.format(**named) for a in args]], input=stdin)
    assert result.exit_code == 1 and said in result.output and "Traceback" not in result.output
    assert not missing.parent.exists()


@pytest.mark.parametrize(("args", "stdin"), [(["user", "add", "ann", "--password-stdin"], "password123\n"),
                                             (["subscribers", "add", "ann@example.org"], None),
                                             (["subscribers", "import", "{good}"], None)])
def test_a_creating_command_given_what_it_stores_makes_the_database(runner, tmp_path, args, stdin):
    missing = tmp_path / "elsewhere" / "kb.db"
    (tmp_path / "good.csv").write_text("email\nann@example.org\nnot-an-address\n", encoding="utf-8")
    result = runner.invoke(cli, ["--db", str(missing), *[a.format(good=tmp_path / "good.csv") for a in args]],
                           input=stdin)
    assert result.exit_code == (1 if args[1] == "import" else 0), result.output  # the import's refused row: exit 1
    assert missing.is_file()


@pytest.mark.parametrize("args", [["stats"], ["search", "供应商"], ["lessons"]])
def test_run_from_another_folder_it_names_the_folder_and_the_way_out(runner, tmp_path, monkeypatch, args):
    # "database kb-data/kb.db does not exist; run 'kb init' or 'kb ingest' first" from /tmp: it did not say where it
    # looked, and the advice made an empty store there instead of pointing back at the project's folder
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KB_DB", raising=False)
    monkeypatch.delenv("KB_CONFIG", raising=False)
    result = runner.invoke(cli, args)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"Error: database kb-data/kb.db does not exist in {tmp_path}: run kb from the project's "
                             "folder, or give --db or KB_DB; 'kb init' or 'kb ingest' makes a new one here\n")
    assert not (tmp_path / "kb-data").exists()


@pytest.mark.parametrize("key", [TEST_SECRET_KEY, ""])
def test_serve_where_there_is_no_database_says_so_and_makes_none(runner, tmp_path, monkeypatch, key):
    # 'kb serve' made an empty database (its web app opened the store with create=True) and served "No documents yet".
    # Without a key it said "needs a secret key: run 'kb init' to make …/secret_key", and kb init made a database there.
    import web.server

    monkeypatch.setattr(web.server, "serve", lambda *a, **k: pytest.fail("the server started"))
    monkeypatch.delenv("KB_SECRET_KEY", raising=False)
    missing = tmp_path / "elsewhere" / "kb.db"
    result = runner.invoke(cli, ["--db", str(missing), "serve", "--port", "5999"],
                           env={"KB_SECRET_KEY": key} if key else {})
    assert result.exit_code == 1
    assert f"database {missing} does not exist; run 'kb init' or 'kb ingest' first" in result.output
    assert not missing.parent.exists()


def test_the_web_app_makes_no_database_either(tmp_path):
    from kb.errors import StoreError
    from kb.settings import Settings
    from web import create_app

    missing = tmp_path / "elsewhere" / "kb.db"
    with pytest.raises(StoreError, match="does not exist; run 'kb init' or 'kb ingest' first"):
        create_app(Settings(db=missing, secret_key=TEST_SECRET_KEY))
    assert not missing.parent.exists()


def test_bad_database_file_is_a_clean_error(runner, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database" * 200)
    result = runner.invoke(cli, ["--db", str(bad), "stats"])
    assert result.exit_code == 1 and "cannot open" in result.output and "Traceback" not in result.output


def test_unknown_setting_in_config_file(runner, tmp_path):
    config = tmp_path / "kb.toml"
    config.write_text("dbb = 'x'\n")
    result = runner.invoke(cli, ["--config", str(config), "stats"])
    assert result.exit_code == 1 and "unknown setting 'dbb'; did you mean 'db'?" in result.output


@pytest.mark.parametrize("name, meant", [("KB_SMTP_PROT", "KB_SMTP_PORT"), ("KB_SMTP_PASSWD", "KB_SMTP_PASSWORD"),
                                         ("kb_time_zone", "KB_TIME_ZONE"), ("KB_THREAD", "KB_THREADS")])
def test_a_misspelt_settings_variable_is_named_with_the_one_meant(runner, kb, db_path, name, meant):
    # KB_SMTP_PROT=587 in kb.env was ignored without a word: the cron job's digest went to port 25 (c-cli)
    kb("init")
    result = runner.invoke(cli, ["--db", str(db_path), "stats", "--json"],
                           env={name: "587", "KB_PORT": "5741", "KB_TOKEN": "x"})
    assert result.exit_code == 0 and json.loads(result.stdout)["documents"] == 0
    assert result.stderr == f"warning: {name} is set but sets nothing (ignored); did you mean {meant}?\n"


def test_subscribers_list_says_why_a_digest_does_not_go_and_when_the_last_period_ended(runner, kb, db_path):
    # the status said "yes" or "no" (left, or never confirmed?), and the last period's end was the stored UTC form,
    # "2026-12-06T16:00:00+00:00" for the end of a Shanghai week (c-cli)
    import sqlite3

    for address in ("ann@example.org", "bob@example.org", "cy@example.org"):
        kb("subscribers", "add", address)
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE subscribers SET active = 0 WHERE email = 'bob@example.org'")
        conn.execute("UPDATE subscribers SET confirmed = 0 WHERE email = 'cy@example.org'")
        conn.execute("UPDATE subscribers SET last_period_end = '2026-12-06T16:00:00+00:00' WHERE email LIKE 'ann%'")
    conn.close()
    result = runner.invoke(cli, ["--db", str(db_path), "subscribers", "list"], env={"KB_TIME_ZONE": "Asia/Shanghai"})
    assert result.exit_code == 0
    rows = {line.split()[0]: line.split()[3:] for line in result.stdout.splitlines()[2:]}
    assert rows == {"ann@example.org": ["active", "everything", "2026-12-07", "00:00"],
                    "bob@example.org": ["unsubscribed", "everything"], "cy@example.org": ["unconfirmed", "everything"]}


def test_digest_send_with_nobody_subscribed_says_how_to_subscribe_them(kb):
    # a first cron run said "2026-W48: 0 sent, 0 with nothing new, …" twice and no more (c-cli)
    kb("init")
    note = ("note: nobody subscribes to the digest yet: 'kb subscribers add EMAIL' (or 'kb subscribers import "
            "FILE.csv') adds them, and readers subscribe themselves at /subscribe\n")
    for args in (["--dry-run"], ["--dry-run", "--json"]):
        result = kb("digest", "send", *args)
        assert result.exit_code == 0 and result.stderr == note
    kb("subscribers", "add", "li.lei@example.com")
    assert "nobody subscribes" not in kb("digest", "send", "--dry-run").stderr


def test_search_and_similar_in_a_store_with_nothing_ingested_say_so(kb):
    # kb init, then kb search: "No results. Try other words, the other language, …" (c-cli)
    kb("init")
    said = "Nothing found: no document has been ingested yet; 'kb ingest PATH...' adds them."
    searched = kb("search", "测试环境")
    assert searched.exit_code == 0 and searched.stdout == f"{said}\n"
    assert json.loads(kb("search", "vendor", "--json").stdout)["message"] == said
    assert kb("similar", "--text", "the vendor delivered late").stdout == f"{said}\n"


def test_db_from_environment(runner, tmp_path, write):
    write("a.md", RETRO)
    db = tmp_path / "env.db"
    result = runner.invoke(cli, ["ingest", str(write.base)], env={"KB_DB": str(db)})
    assert result.exit_code == 0 and db.exists()


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("path", [(), *_commands(cli)], ids=lambda p: " ".join(p) or "kb")
def test_every_command_has_help(runner, path):
    result = runner.invoke(cli, [*path, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    assert len(result.output.splitlines()) > 3


def test_every_option_of_every_command_says_what_it_does_in_help():
    # kb eval, reindex, check, errors, config, tag list/history, digest send, subscribers list and user tokens showed
    # a bare '--json' in --help, where the other commands said 'Print JSON.'; and options with a value too: kb search
    # --page, kb docs/similar/tag list/tag history --limit, kb lessons --offset, kb eval --mode, kb serve --port, kb
    # subscribers add --lang/--frequency showed only their range or choices.
    bare = []
    for path in _commands(cli):
        command = cli
        for name in path:
            command = command.commands[name]
        bare += [f"kb {' '.join(path)} {p.opts[0]}" for p in command.params
                 if isinstance(p, click.Option) and not p.help]
    assert bare == []


@pytest.mark.parametrize("args, message", [
    (["similar", str(2**64)], f"is too large (at most {MAX_ROW_ID})"),
    (["search", "risk", "--page", str(2**64)], f"Invalid value for '--page': {2**64} is not a number from 1 to 1000"),
    (["tag", "history", "-n", str(2**64)], f"is too large (at most {MAX_ROW_ID})"),  # these two were tracebacks:
    (["tag", "undo", str(2**64)], f"is too large (at most {MAX_ROW_ID})"),  # OverflowError from SQLite
    (["user", "token", "ann", "--revoke", str(2**64)], f"is too large (at most {MAX_ROW_ID})"),  # and this one
])
def test_numbers_too_large_for_sqlite_are_usage_errors(kb, ingested, args, message):
    result = kb(*args, ok=False)
    assert result.exit_code == 2 and message in result.output


def test_no_help_shows_the_64_bit_ceiling(runner):
    # kb docs/lessons --offset showed '[0<=x<=9223372036854775807]' in --help, and kb errors --run 'x<=9223…'
    shown = [" ".join(path) for path in _commands(cli)
             if str(MAX_ROW_ID) in runner.invoke(cli, [*path, "--help"]).output]
    assert shown == []


def test_no_help_names_a_module_of_the_code(runner):
    # kb session show --help said "each item's time (kb.agenda: an item without a start time ...)"
    module = re.compile(r"\b(kb|ingest|search|web)[./][a-z_]+(\.py)?\b")
    named = [(" ".join(path), found.group()) for path in _commands(cli)
             for found in module.finditer(runner.invoke(cli, [*path, "--help"], terminal_width=200).output)]
    assert named == []


@pytest.mark.parametrize("args, message", [
    (["errors", "--run", "-5"], "Invalid value for '--run': -5 is not a number from 1"),  # was taken as a run id
    (["lessons", "-n", "-5"], "Invalid value for '--limit' / '-n': -5 is not a number from 1 to 10000"),  # as --run
    (["session", "list", "-n", "0"], "Invalid value for '--limit' / '-n': 0 is not a number from 1 to 500"),
    (["tag", "list", "-n", "0"], "Invalid value for '--limit' / '-n': 0 is not a number from 1"),
    (["docs", "--offset", "-1"], "Invalid value for '--offset': -1 is not a number from 0"),
    # kb similar -5 said "No such option '-5'", and kb similar -- -5 or 0 looked the lesson up ("no lesson -5", exit 1)
    (["similar", "-5"], "Invalid value for '[LESSON_ID]': -5 is not a number from 1"),
    (["similar", "--", "-5"], "Invalid value for '[LESSON_ID]': -5 is not a number from 1"),  # as "similar -5"
    (["similar", "0"], "Invalid value for '[LESSON_ID]': 0 is not a number from 1"),
    (["lessons", "--offset", str(2**64)], f"Invalid value for '--offset': {2**64} is too large (at most {MAX_ROW_ID})."),
    # a word said "'abc' is not a valid integer range." (click's IntRange's name)
    (["similar", "abc"], "Invalid value for '[LESSON_ID]': 'abc' is not a lesson id: write 802 or lesson:802"),
    (["similar", "lesson:abc"], "Invalid value for '[LESSON_ID]': 'lesson:abc' is not a lesson id: write 802 or"),
    (["similar", "lesson:0"], "Invalid value for '[LESSON_ID]': 0 is not a number from 1"),
    # kb similar ١٢ searched for lesson 12, where kb show lesson:١٢ and kb session add refuse it (s-left6)
    (["similar", "١٢"], ("Invalid value for '[LESSON_ID]': '١٢' is not a lesson id: write it in ASCII digits, 12 or "
                        "lesson:12")),
    (["similar", "lesson:１２"], "Invalid value for '[LESSON_ID]': 'lesson:１２' is not a lesson id: write it in ASCII"),
    (["session", "list", "--offset", "abc"], "Invalid value for '--offset': 'abc' is not a valid integer."),
    (["search", "risk", "--limit", "abc"], "Invalid value for '--limit' / '-n': 'abc' is not a valid integer."),
])
def test_row_numbers_out_of_range_are_usage_errors_naming_the_option(kb, ingested, args, message):
    result = kb(*args, ok=False)
    assert result.exit_code == 2 and message in result.output


def test_a_role_not_known_is_a_usage_error_naming_the_argument_not_its_choices(kb):
    # "Invalid value for '{reader|contributor|curator|admin}': 'god' is not one of …": the choices as its name (c-left)
    kb("init")
    result = kb("user", "role", "ann", "god", ok=False)
    assert result.exit_code == 2 and "user role [OPTIONS] NAME ROLE\n" in result.stderr
    assert result.stderr.endswith("Error: Invalid value for 'ROLE': 'god' is not one of 'reader', 'contributor', "
                                  "'curator', 'admin'.\n")


def test_eval_checks_the_run_file_directory_before_running(kb, tmp_path):
    queries, qrels = tmp_path / "q.jsonl", tmp_path / "qrels.tsv"
    queries.write_text('{"_id": "q1", "text": "risk"}\n')
    qrels.write_text("q1\tdoc\t1\n")
    result = kb("eval", "--queries", str(queries), "--qrels", str(qrels), "--run-out",
                str(tmp_path / "missing" / "run.txt"), ok=False)
    assert result.exit_code == 2 and "directory" in result.output and "does not exist" in result.output


@pytest.mark.parametrize("since, until", [("2025-05-02", "2025-05-01"), ("2025/5/2", "2025/5/1"),
                                          ("2025.5.2", "2025.5.1"), ("2025年5月2日", "2025年5月1日"),
                                          ("２０２５年５月２日", "２０２５／５／１")])
def test_since_and_until_take_every_form_their_help_lists(kb, ingested, runner, since, until):
    # --help said only "YYYY-MM-DD", where 2025/5/2 and 2025年5月2日 were taken too (c-left)
    from kb.cli import cli

    assert "2025-01-31, 2025/1/31, 2025.1.31 or 2025年1月31日" in " ".join(
        runner.invoke(cli, ["docs", "--help"], terminal_width=400).stdout.split())
    dated = {d["key"] for d in json.loads(kb("docs", "--json", "--since", since).stdout)["documents"]}
    assert "crm/status.txt" in dated
    before = {d["key"] for d in json.loads(kb("docs", "--json", "--until", until).stdout)["documents"]}
    assert "crm/status.txt" not in before


@pytest.mark.parametrize("flag, month, listed", [("--since", "2025-05", True), ("--since", "2025年6月", False),
                                                 ("--until", "2025-05", True), ("--until", "2025年4月", False),
                                                 ("--until", "２０２５／５", True)])
def test_since_and_until_take_a_month_from_its_first_day_to_its_last(kb, ingested, runner, flag, month, listed):
    # "--since 2025-01" and "--since 2025年1月" were refused, "is not a date" (c-left2); status.txt is of 2025-05-02
    from kb.cli import cli

    assert "or a month, 2025-01 or 2025年1月" in " ".join(
        runner.invoke(cli, ["docs", "--help"], terminal_width=400).stdout.split())
    dated = {d["key"] for d in json.loads(kb("docs", "--json", flag, month).stdout)["documents"]}
    assert ("crm/status.txt" in dated) is listed


def test_since_after_until_is_an_error(kb, ingested):
    result = kb("search", "risk", "--since", "2025-06-01", "--until", "2024-01-01", ok=False)
    assert result.exit_code == 1 and "'since' (2025-06-01) is after 'until' (2024-01-01)" in result.output


def test_serve_without_a_secret_key_says_so_once_before_starting(kb, db_path, monkeypatch):
    from kb.store import Store

    monkeypatch.delenv("KB_SECRET_KEY", raising=False)
    Store(db_path).close()  # a database, made without kb init's secret key file
    result = kb("serve", "--port", "5999", ok=False)
    assert result.exit_code == 1 and "needs a secret key" in result.output
    assert "Lessons KB on http" not in result.output  # no server started, no banner


def test_eval_says_when_the_judged_documents_are_not_in_the_store(kb, ingested, tmp_path):
    queries, qrels = tmp_path / "q.jsonl", tmp_path / "qrels.tsv"
    queries.write_text('{"_id": "q1", "text": "vendor interface late"}\n{"_id": "q2", "text": "data migration"}\n')
    qrels.write_text("q1\tnot-ingested\t1\nq2\tnot-ingested-either\t1\n")
    result = kb("eval", "--queries", str(queries), "--qrels", str(qrels), "-m", "keyword", ok=False)
    assert result.exit_code == 1 and "none of the 2 documents judged relevant" in result.output
    assert "ingest the set's documents first" in result.output and "Traceback" not in result.output
    qrels.write_text("q1\terp/retro\t1\nq2\tnot-ingested\t1\n")
    result = kb("eval", "--queries", str(queries), "--qrels", str(qrels), "-m", "keyword")
    # "1 of the 2 documents judged relevant are not in this store"; "2 judged queries" stays plural
    assert "note: 1 of the 2 documents judged relevant is not in this store (e.g. 'not-ingested'); no mode can find " \
           "it" in result.output and "2 judged queries (2 in the file)" in result.output
    assert json.loads(kb("eval", "--queries", str(queries), "--qrels", str(qrels), "-m", "keyword",
                         "--json").output)["missing_judged"] == 1
    queries.write_text('{"_id": "q1", "text": "vendor interface late"}\n')
    qrels.write_text("q1\terp/retro\t1\n")
    result = kb("eval", "--queries", str(queries), "--qrels", str(qrels), "-m", "keyword")
    assert "1 judged query (1 in the file)" in result.output  # it said "1 judged queries"


def test_similar_takes_at_most_per_document_lessons_from_one_document(kb, write):
    write("km/retro.md", "---\nid: km/retro\ntitle: Sharing sessions\nproject: KM\n---\n# Sharing sessions\n\n"
                         "## What didn't go well\n- The workshop venue was booked late.\n"
                         "- Workshop speakers were confirmed late.\n- The workshop agenda reached people late.\n")
    write("events/retro.md", "---\nid: events/retro\ntitle: Events\nproject: Events\n---\n# Events\n\n"
                             "## What didn't go well\n- The workshop room was booked too late.\n")
    kb("ingest", str(write.base))

    def documents(*flags):
        return [h["document_key"] for h in json.loads(kb("similar", "--text", "workshop booked late", "--json",
                                                          *flags).output)["items"]]

    assert documents("--per-document", "0").count("km/retro") == 3
    assert documents().count("km/retro") == 2 and "events/retro" in documents()
    assert documents("--per-document", "1").count("km/retro") == 1
    bad = kb("similar", "--text", "x", "--per-document", "-1", ok=False)
    assert bad.exit_code == 2 and "Invalid value for '--per-document': -1 is not a number from 0 to 100" in bad.output


class _WeakMatchOnly:
    """A searcher whose legs find one document under the relevance floor, as the model finds "……" near a line of
    dots in the shipped corpus."""

    def search(self, query):
        from search.results import SearchResults

        return SearchResults(query=query.text, mode=query.mode, total=1, offset=0, groups=[], took_ms=1.0,
                             relevant=0, listed=0)


@pytest.mark.parametrize(("query", "says"), [
    ("……", "punctuation and symbols alone are not searched for"),
    ("xyzzy", "Nothing relevant found: 1 document shares only a word"),
])
def test_search_for_punctuation_alone_asks_for_words_even_after_a_weak_match(kb, monkeypatch, query, says):
    """"……" said "Nothing relevant found: 1 document shares only a word … --all lists it"."""
    from kb.cli_support import App

    kb("init")
    monkeypatch.setattr(App, "searcher", lambda self: _WeakMatchOnly())
    assert says in kb("search", query, ok=False).output


@pytest.mark.parametrize(("args", "message"), [
    (["user", "passwd", "nobody"], "Error: no user 'nobody'\n"),
    (["user", "add", "carol"], "Error: user 'carol' already exists\n"),
    (["user", "add", ""], "Error: a user name is 1-64 characters without spaces\n"),
    (["user", "add", "li lei"], "Error: a user name is 1-64 characters without spaces\n"),
])
def test_a_user_name_is_refused_before_the_password_is_asked_for(kb, db_path, monkeypatch, args, message):
    """At a terminal, the password was asked for twice and only then was the name refused."""
    from kb.store import Store

    kb("init")
    with Store(db_path) as store:
        store.add_user("carol", "carol-pass-1", "reader")
    asked = []
    monkeypatch.setattr("kb.commands.serving._password", lambda prompt: asked.append(prompt) or "a-new-pass-1")
    result = kb(*args, ok=False)
    assert result.exit_code == 1 and result.output == message and asked == []


@pytest.mark.parametrize(("args", "command"), [(["user", "add", "王芳"], "kb user add 王芳"),
                                               (["user", "passwd", "li.lei"], "kb user passwd li.lei")])
def test_with_no_terminal_to_ask_on_the_password_hint_names_the_command_run(kb, db_path, args, command):
    # 'kb user passwd' in a script was told to pipe the password into 'kb user add NAME'
    kb("init")
    from kb.store import Store

    with Store(db_path) as store:
        store.add_user("li.lei", "carol-pass-1", "reader")
    result = kb(*args, ok=False, input="")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("Error: no terminal to ask for the password on: give it on standard input with "
                             f"--password-stdin, e.g. printf '%s\\n' \"$PASSWORD\" | {command} --password-stdin\n")


@pytest.mark.parametrize("args", [["user", "add", "carol"], ["user", "passwd", "li.lei"]])
@pytest.mark.parametrize("given", ["", "\n", "\r\n"])
def test_password_stdin_with_nothing_on_it_says_so(kb, db_path, args, given):
    # printf '%s\n' "$CURATOR_PASSWORD" | kb user add alice --role curator --password-stdin, as the README has it, with
    # the variable unset was told "a password needs at least 8 characters"
    kb("init")
    from kb.store import Store

    with Store(db_path) as store:
        store.add_user("li.lei", "carol-pass-1", "reader")
    result = kb(*args, "--password-stdin", ok=False, input=given)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("Error: --password-stdin read no password: standard input was empty or a blank line "
                             "(is the variable piped in set?)\n")


def test_kb_user_help_names_every_role(kb):
    """It said "readers, curators and admins": contributors, who upload from the browser, were missing."""
    from kb.store import Role

    summary = kb("--help").output + kb("user", "--help").output
    assert all(f"{role.value}s" in summary for role in Role)


@pytest.mark.parametrize(("args", "says"), [
    (["docs"], "1-2 of 2 documents\n"),
    (["docs", "--project", "ERP系统升级"], "1-1 of 1 document\n"),  # it said "1 documents"
    (["docs", "--offset", "5"], "none past the 2 documents (--offset 5)\n"),  # it said "0-5 of 2 documents"
    (["docs", "--project", "Nope"], ("warning: no project is named 'Nope'; kb docs --sort project lists them\n"
                                    "0 documents\n")),  # it said "0-0 of 0 documents"
    (["lessons", "--offset", "100"], "none past the"),
])
def test_listings_say_which_of_how_many_they_show(kb, ingested, args, says):
    result = kb(*args)
    assert result.stderr == says if says.endswith("\n") else says in result.stderr


@pytest.mark.parametrize(("workers", "threads", "says"), [("1", "1", "1 process x 1 thread)"),
                                                         ("2", "4", "2 processes x 4 threads)")])
def test_serve_says_how_many_processes_and_threads_in_words(kb, db_path, monkeypatch, workers, threads, says):
    """It said "1 process(es) x 4 threads"."""
    import web.server
    from kb.commands import serving
    from kb.store import Store

    monkeypatch.setattr(web.server, "serve", lambda *a, **k: None)
    checked = []  # kb serve first checks it can listen there (5000 may be another server's): not what is tested here
    monkeypatch.setattr(serving, "_check_address", lambda host, port: checked.append((host, port)))
    monkeypatch.setenv("KB_SECRET_KEY", TEST_SECRET_KEY)
    Store(db_path).close()
    assert says in kb("serve", "--workers", workers, "--threads", threads).output
    assert checked == [("127.0.0.1", 5000)]


def test_a_mode_or_an_order_in_any_case_as_the_web_takes_it(ingested, kb):
    """The web takes ?mode=Keyword and ?sort=Title (web.views.search_args.choice_arg); --mode KEYWORD and
    --sort TITLE were usage errors, exit 2. Each reads as its lower-case spelling."""
    assert kb("docs", "--sort", "TITLE", "--json").stdout == kb("docs", "--sort", "title", "--json").stdout
    assert kb("lessons", "--sort", "Date", "--json").stdout == kb("lessons", "--sort", "date", "--json").stdout
    found = [json.loads(kb("search", "hardware approval", "--mode", mode, "--json").stdout) for mode in ("KEYWORD", "keyword")]
    assert found[0]["results"] and [{**f, "took_ms": 0} for f in found] == [{**found[1], "took_ms": 0}] * 2
    assert kb("docs", "--sort", "height", ok=False).exit_code == 2


def test_search_suggests_the_collections_spelling_on_stderr_and_in_json(ingested, kb):
    result = kb("search", "hardwre aproval", "--mode", "keyword")
    assert 'did you mean: hardware approval? kb search "hardware approval"' in result.stderr
    assert "did you mean" not in result.stdout
    data = json.loads(kb("search", "hardwre aproval", "--mode", "keyword", "--json").stdout)
    assert data["suggestion"] == "hardware approval"
    right = kb("search", "hardware approval", "--mode", "keyword", "--json")
    assert json.loads(right.stdout)["suggestion"] is None and "did you mean" not in right.stderr


def test_search_json_took_ms_counts_the_suggestion(ingested, kb, monkeypatch):
    """It stopped before the suggestion's search (tests/timed_searcher.py)."""
    from kb.cli_support import App
    from tests.timed_searcher import TimedSearcher

    made: list[TimedSearcher] = []
    original = App.searcher
    monkeypatch.setattr(App, "searcher", lambda self: made.append(TimedSearcher(original(self).index)) or made[-1])
    data = json.loads(kb("search", "hardwre aproval", "--mode", "keyword", "--json").stdout)
    assert data["suggestion"] == "hardware approval"
    assert len(made) == 1 and made[0].counted(data["took_ms"])


@pytest.mark.parametrize(("sort", "texts"), [
    ("date", ["Data migration slipped.", "供应商接口交付延期五周。", "Order long-lead hardware at approval."]),
    ("-date", ["供应商接口交付延期五周。", "Order long-lead hardware at approval.", "Data migration slipped."]),
    ("title", ["Data migration slipped.", "供应商接口交付延期五周。", "Order long-lead hardware at approval."]),
    ("-title", ["供应商接口交付延期五周。", "Order long-lead hardware at approval.", "Data migration slipped."]),
    ("key", ["Data migration slipped.", "供应商接口交付延期五周。", "Order long-lead hardware at approval."]),
])
def test_lessons_sort_as_documents_do_each_documents_lessons_in_its_order(kb, ingested, sort, texts):
    # `kb lessons` had no --sort, where kb docs and the browse page have one: the same orders, the page's shape kept
    data = json.loads(kb("lessons", "--sort", sort, "--json").output)
    assert list(data) == ["total", "offset", "limit", "lessons"]
    assert [l["text"] for l in data["lessons"]] == texts


def test_lessons_sorted_by_ingested_list_the_latest_added_first(kb, ingested, db_path):
    import sqlite3

    with sqlite3.connect(db_path) as conn:  # the retrospective's lessons arrived a day later than the status report's
        latest = datetime.fromisoformat(conn.execute("SELECT max(created_at) FROM lessons").fetchone()[0])
        conn.execute("UPDATE lessons SET created_at = ? WHERE text LIKE '供应商%'",
                     [(latest + timedelta(days=1)).isoformat(timespec="seconds")])
    texts = [l["text"] for l in json.loads(kb("lessons", "--sort", "ingested", "--json").output)["lessons"]]
    assert texts[0] == "供应商接口交付延期五周。"
    assert "ingested: the lessons added latest first" in " ".join(kb("lessons", "--help").output.split())


def test_search_names_the_other_documents_of_a_lesson_by_title_as_the_page_does(kb, write):
    # "(also in mes/pm-digest)": the key, where the search page says "Also in: PMO lessons digest"
    lesson = "- The vendor delivered the label module late; order long-lead items at approval.\n"
    write("mes/pm.md", f"---\nid: mes/pm\ntitle: MES go-live post-mortem\n---\n# MES\n\n## Lessons learned\n{lesson}")
    write("pmo/digest.md", f"---\nid: pmo/digest\ntitle: PMO lessons digest\n---\n# PMO\n\n## Lessons learned\n{lesson}")
    kb("ingest", str(write.base))
    out = kb("search", "vendor delivered the label module late", "--mode", "keyword").stdout
    also = re.search(r"\(also in ([^)]*)\)", out)
    assert also, out
    shown = "MES go-live post-mortem" if "1. PMO lessons digest" in out else "PMO lessons digest"
    assert also[1] == shown


def test_similar_marks_the_lessons_in_the_other_language(kb, ingested):
    # a Chinese description finds the English status report's lesson too, marked as kb search marks a document
    out = kb("similar", "--text", "数据迁移延期了").output
    line = next(line for line in out.splitlines() if "crm/status" in line)
    assert line.endswith("· CRM weekly status · crm/status.txt  (in English)")
    assert all("(in English)" not in line for line in out.splitlines() if "erp/retro" in line)
