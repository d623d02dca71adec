"""`kb session`: share sessions from the shell, validated as on the web, its JSON the API's, its files the page's."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from kb.cli_support import actor
from kb.store import Store
from kb.text import display_width

RETRO = """---
id: erp/retro
title: ERP升级复盘
project: ERP系统升级
type: retrospective
date: 2024-06-28
---
# ERP升级复盘

## 需要改进
- 供应商接口交付延期五周。
- 测试环境没有按时就绪。

## Lessons learned
- Order long-lead hardware at approval.
"""


@pytest.fixture
def lessons(kb, write):
    """The three lesson ids of the ingested retrospective, in document order."""
    write("erp/retro.md", RETRO)
    kb("ingest", "--no-index", str(write.base))
    return [row["id"] for row in json.loads(kb("lessons", "--json").stdout)["lessons"]]


def _session(kb, *args):
    return json.loads(kb("session", "create", "--json", *args).stdout)


def test_create_add_and_show_record_the_local_administrator_as_kb_tag_add_does(kb, lessons, db_path):
    made = _session(kb, "--title", "供应商管理经验分享会", "--starts-at", "2026年12月15日14时30分",
                    "--presenter", "张三", "--presenter", "李四，王五")
    assert (made["status"], made["scheduled_at"], made["presenters"]) == ("draft", "2026-12-15T14:30",
                                                                         ["张三", "李四", "王五"])
    kb("session", "add", str(made["id"]), str(lessons[0]), str(lessons[2]), "--minutes", "20", "--note", "讲背景")
    with Store(db_path) as store:
        assert store.scalar("SELECT created_by FROM share_sessions") == actor()
        assert {r["added_by"] for r in store.rows("SELECT added_by FROM session_items")} == {actor()}
    assert actor().startswith("cli")


def test_show_gives_each_item_its_time_presenter_note_and_document(kb, lessons):
    sid = str(_session(kb, "--title", "复盘分享", "--starts-at", "2026-12-15 14:30")["id"])
    kb("session", "add", sid, str(lessons[0]), "--minutes", "20", "--note", "请项目经理讲背景")
    kb("session", "add", sid, str(lessons[1]))
    out = kb("session", "show", sid).stdout
    assert "Agenda: 2 items, 20 min in all, 14:30–14:50; 1 without a length" in out
    first, second = out.split("  1. ")[1].split("  2. ")
    assert first.startswith("14:30–14:50 (20 min)  Went wrong") and "note: 请项目经理讲背景" in first
    assert "ERP系统升级 · ERP升级复盘 (erp/retro)" in first and "供应商接口交付延期五周。" in first
    assert second.startswith("14:50  Went wrong")  # it starts when the one before it ends (kb.agenda)


def test_list_aligns_chinese_titles_and_pages_like_kb_lessons(kb, lessons):
    for title in ("供应商管理经验分享会", "Cut-over lessons", "测试"):
        _session(kb, "--title", title, "--presenter", "Ann")
    result = kb("session", "list")
    header, _, *rows = result.stdout.splitlines()
    starts = {display_width(header[:header.index("presenters")])} | {display_width(r[:r.index("Ann")]) for r in rows}
    assert len(starts) == 1, result.stdout  # the presenters column starts at one place, after wide and narrow titles
    assert "1-3 of 3 sessions" in result.stderr
    page = json.loads(kb("session", "list", "-n", "1", "--offset", "1", "--json").stdout)
    assert (page["total"], page["offset"], page["limit"], len(page["sessions"])) == (3, 1, 1, 1)
    assert "2-2 of 3 sessions" in kb("session", "list", "-n", "1", "--offset", "1").stderr


def test_json_is_the_apis_session_object(kb, lessons, db_path, runner):
    from kb.settings import load_settings
    from web.app import create_app

    sid = _session(kb, "--title", "接口分享", "--starts-at", "2026-12-15 09:00")["id"]
    added = json.loads(kb("session", "add", str(sid), str(lessons[0]), "--minutes", "15", "--json").stdout)
    kb("init")  # the secret key the web app needs
    kb("user", "add", "cur", "--role", "curator", "--password-stdin", input="a long enough pass phrase\n")
    token = kb("user", "token", "cur").stdout.strip()
    client = create_app(load_settings(None, db=db_path)).test_client()
    api = client.get(f"/api/sessions/{sid}", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert json.loads(kb("session", "show", str(sid), "--json").stdout) == api
    assert added == api  # the session, as every session write prints it (was {ok, item_ids, places, session})
    listed = client.get("/api/sessions", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert json.loads(kb("session", "list", "--json").stdout)["sessions"] == listed["items"]


def test_exports_are_the_pages_files_without_hidden_text(kb, lessons, db_path, tmp_path):
    sid = str(_session(kb, "--title", "导出 *测试*", "--starts-at", "2026-12-15 14:30")["id"])
    kb("session", "add", sid, *map(str, lessons[:2]), "--minutes", "10")
    with Store(db_path) as store:
        store.set_review(lessons[1], "hidden", actor="carl")
    assert "测试环境没有按时就绪" in kb("session", "show", sid).stdout  # the administrator sees it, marked
    markdown = kb("session", "show", sid, "--format", "markdown", "--export-lang", "zh").stdout
    assert markdown.startswith("# 导出 \\*测试\\*\n") and "（已被知识管理员隐藏）" in markdown
    invitation = kb("session", "show", sid, "-f", "ics", "--export-lang", "en").stdout_bytes
    assert invitation.startswith(b"BEGIN:VCALENDAR\r\n") and b"DTSTART:20261215T143000Z\r\n" in invitation
    assert b"DTEND:20261215T145000Z\r\n" in invitation
    rows = list(csv.reader(io.StringIO(kb("session", "show", sid, "-f", "csv", "--export-lang", "zh")
                                       .stdout_bytes.decode("utf-8-sig"))))
    assert rows[0][:4] == ["序号", "开始", "结束", "时长（分钟）"]
    assert [r[1] for r in rows[1:]] == ["14:30", "14:40"] and rows[2][7] == "" and rows[2][13] == "已隐藏"
    kb("session", "show", sid, "-f", "xlsx", "-o", str(tmp_path / "agenda.xlsx"))
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "agenda.xlsx").active
    assert sheet.max_row == 3 and sheet["H2"].value == "供应商接口交付延期五周。"
    for output in (markdown, invitation.decode(), "".join(",".join(r) for r in rows)):
        assert "测试环境没有按时就绪" not in output


def test_move_up_down_and_to_a_place(kb, lessons):
    sid = str(_session(kb, "--title", "顺序")["id"])
    items = [i["id"] for i in json.loads(kb("session", "add", sid, *map(str, lessons), "--json").stdout)["items"]]

    def order():
        return [i["id"] for i in json.loads(kb("session", "show", sid, "--json").stdout)["items"]]

    kb("session", "move", sid, str(items[2]), "--up")
    assert order() == [items[0], items[2], items[1]]
    kb("session", "move", sid, str(items[0]), "--down")
    assert order() == [items[2], items[0], items[1]]
    assert "is number 3 of 3" in kb("session", "move", sid, str(items[2]), "--to", "3").stdout
    assert order() == [items[0], items[1], items[2]]
    assert "is number 2 of 3" in kb("session", "move", sid, str(items[2]), "--to", "2").stdout
    assert order() == [items[0], items[2], items[1]]
    kb("session", "remove", sid, str(items[2]))
    assert order() == [items[0], items[1]]


def test_add_takes_a_lesson_as_kb_show_names_it(kb, lessons):
    # 'kb session add 1 lesson:802' said "'LESSON_ID': 'lesson:802' is not an id", though kb show and kb tag add
    # name a lesson so (c-cli)
    sid = str(_session(kb, "--title", "分享")["id"])
    added = kb("session", "add", sid, f"lesson:{lessons[0]}", str(lessons[1]))
    assert added.exit_code == 0 and f"added lesson {lessons[0]} to share session {sid}" in added.stdout
    shown = json.loads(kb("session", "show", sid, "--json").stdout)
    assert [i["lesson_id"] for i in shown["items"]] == lessons[:2]


def test_status_follows_the_store_and_delete_asks_first(kb, lessons):
    sid = str(_session(kb, "--title", "状态")["id"])
    refused = kb("session", "status", sid, "scheduled", ok=False)
    # it named no command; the session's next step is a date (c-cli)
    hint = f'kb session edit {sid} --starts-at "YYYY-MM-DD HH:MM"'
    assert (refused.exit_code, refused.output) == (1, f"Error: give the session a date and time before scheduling it: {hint}\n")
    held = kb("session", "status", sid, "held", ok=False)
    assert held.exit_code == 1 and held.output.endswith(f"{hint}\n")
    kb("session", "edit", sid, "--starts-at", "2026-12-15 14:30")
    assert kb("session", "status", sid, "scheduled").stdout == f"share session {sid} is now scheduled\n"
    assert kb("session", "status", sid, "draft").stdout == f"share session {sid} is now draft\n"
    kept = kb("session", "delete", sid, ok=False, input="n\n")
    assert kept.exit_code == 1 and "Delete share session" in kept.output
    assert json.loads(kb("session", "list", "--json").stdout)["total"] == 1
    kb("session", "delete", sid, input="y\n")
    assert json.loads(kb("session", "list", "--json").stdout)["total"] == 0
    assert json.loads(kb("session", "delete", str(_session(kb, "--title", "x")["id"]), "--yes", "--json").stdout)["ok"]


@pytest.mark.parametrize(("args", "says"), [
    (["show", "99"], "no share session 99"),
    (["show", "abc"], "'ID': 'abc' is not an id (a whole number from 1)"),
    (["show", "-5"], "'ID': -5 is not a number from 1"),
    (["show", "0"], "'ID': '0' is not an id (a whole number from 1)"),
    (["add", "{sid}", "12x"], "'LESSON_ID': '12x' is not an id (a whole number from 1)"),
    (["add", "{sid}", "lesson:١٢"], "'LESSON_ID': 'lesson:١٢' is not an id: write it in ASCII digits, 12"),  # s-left6
    (["add", "{sid}", "lesson:x"], "'LESSON_ID': 'lesson:x' is not an id (a whole number from 1)"),
    (["add", "lesson:{sid}", "{lesson}"], "'ID': 'lesson:{sid}' is not an id (a whole number from 1)"),
    (["add", "{sid}", "{lesson}", "-3"], "'ID' / 'LESSON_ID...': -3 is not a number from 1"),
    (["add", "{sid}", "{lesson}", "99999"], "no lesson 99999"),
    (["add", "{sid}", "{lesson}", "--minutes", "0"], "'--minutes': a length must be whole minutes from 1 to 600"),
    (["add", "99", "{lesson}"], "no share session 99"),
    (["create", "--title", "t", "--starts-at", "next tuesday"], "'--starts-at': 'next tuesday' is not a date and time"),
    (["create", "--title", " "], "a share session needs a title"),
    # the options typed, as --starts-at and --minutes: the store's own names ('title', 'note') were said before
    (["create", "--title", "题" * 201], "'--title' is a text of 201 characters, longer than the 200 allowed"),
    (["create", "--title", "t", "--presenter", "p" * 101], "'--presenter' is a text of 101 characters"),
    (["create", "--title", "t", "--description", "a\x01"], "'--description' contains a control character (U+0001)"),
    (["add", "{sid}", "{lesson}", "--note", "长" * 2001], "'--note' is a text of 2,001 characters"),
    (["status", "{sid}", "published"], "unknown status 'published'; use one of: draft, scheduled, held"),
    (["remove", "{sid}", "99"], "no item 99 in share session {sid}"),
    (["move", "{sid}", "99", "--up"], "no item 99 in share session {sid}"),
    (["move", "{sid}", "{item}", "--to", "4"], "'--to': the agenda has 1 item; give a place from 1 to 1, not '4'"),
    (["move", "{sid}", "{item}", "--to", "0"], "'--to': the agenda has 1 item; give a place from 1 to 1, not '0'"),
    (["move", "{sid}", "{item}", "--to", "-1"], "'--to': the agenda has 1 item; give a place from 1 to 1, not '-1'"),
    (["delete", "99", "--yes"], "no share session 99"),
    (["show", "{sid}", "--format", "ics"], "give the session a date before downloading an invitation"),
])
def test_bad_input_is_one_line_naming_the_field_and_exit_1(kb, lessons, db_path, args, says):
    sid = _session(kb, "--title", "错误")["id"]
    item = json.loads(kb("session", "add", str(sid), str(lessons[0]), "--json").stdout)["items"][-1]["id"]
    values = {"sid": sid, "lesson": lessons[1], "item": item}
    before = kb("session", "show", str(sid), "--json").stdout
    result = kb("session", *[a.format(**values) for a in args], ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: {says.format(**values)}") and result.output.count("\n") == 1
    assert kb("session", "show", str(sid), "--json").stdout == before  # nothing of it was done


def test_the_readme_cli_table_names_every_session_command():
    from pathlib import Path

    from kb.commands.sessions import session

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("## The CLI", 1)[1].split("\n## ", 1)[0]
    assert [name for name in session.commands if f"`kb session {name} " not in table] == []


def test_show_to_a_file_is_the_text_without_terminal_styling(kb, lessons, tmp_path):
    sid = str(_session(kb, "--title", "复盘分享", "--starts-at", "2026-12-15 14:30")["id"])
    kb("session", "add", sid, str(lessons[0]), "--minutes", "20")
    kb("session", "show", sid, "-o", str(tmp_path / "agenda.txt"))
    written = (tmp_path / "agenda.txt").read_text(encoding="utf-8")
    assert "\x1b" not in written  # no bold escapes for a file's reader
    assert written == kb("session", "show", sid).stdout  # what the terminal shows (click strips them off a tty)


def test_edit_changes_what_the_details_form_does_and_leaves_the_rest(kb, lessons):
    sid = str(_session(kb, "--title", "复盘分享", "--theme", "供应商", "--location", "3楼", "--presenter", "张三")["id"])
    said = kb("session", "edit", sid, "--starts-at", "2026年12月16日9时30分", "--presenter", "李四、王五",
              "--theme", "").stdout
    assert said == f"changed share session {sid}: --theme, --starts-at, --presenter\n"
    found = json.loads(kb("session", "show", sid, "--json").stdout)
    assert (found["scheduled_at"], found["presenters"], found["theme"]) == ("2026-12-16T09:30", ["李四", "王五"], None)
    assert (found["title"], found["location"]) == ("复盘分享", "3楼")  # left out: kept
    edited = json.loads(kb("session", "edit", sid, "--title", "新标题", "--json").stdout)
    assert (edited["title"], edited["location"]) == ("新标题", "3楼")


def test_item_changes_an_items_length_time_presenter_note_and_minutes(kb, lessons):
    sid = str(_session(kb, "--title", "复盘分享", "--starts-at", "2026-12-15 14:30")["id"])
    item = json.loads(kb("session", "add", sid, str(lessons[0]), "--note", "旧", "--json").stdout)["items"][-1]["id"]
    assert kb("session", "item", sid, str(item), "--minutes", "20", "--starts-at", "14:45", "--presenter", "王芳",
              "--meeting-minutes", "结论：提前锁定接口\n负责人：王芳").stdout == f"changed item {item} of share session {sid}\n"
    got = json.loads(kb("session", "show", sid, "--json").stdout)["items"][0]
    assert (got["duration_minutes"], got["starts_at"], got["slot_end"]) == (20, "14:45", "15:05")
    assert (got["presenter"], got["note"], got["minutes"]) == ("王芳", "旧", "结论：提前锁定接口\n负责人：王芳")
    cleared = json.loads(kb("session", "item", sid, str(item), "--note", "", "--minutes", "", "--json").stdout)
    assert (cleared["items"][0]["note"], cleared["items"][0]["duration_minutes"]) == (None, None)


@pytest.mark.parametrize(("args", "says"), [
    (["edit", "99", "--title", "t"], "no share session 99"),
    (["edit", "{sid}", "--title", " "], "the title cannot be empty"),
    (["edit", "{sid}", "--starts-at", "next tuesday"], "'--starts-at': 'next tuesday' is not a date and time"),
    (["edit", "{sid}", "--presenter", "p" * 101], "'--presenter' is a text of 101 characters"),
    (["edit", "{sid}", "--location", "楼" * 201], "'--location' is a text of 201 characters"),
    (["edit", "{held}", "--starts-at", ""], "a scheduled or held session keeps its date and time"),
    (["item", "{sid}", "99", "--note", "x"], "no item 99 in share session {sid}"),
    (["item", "{sid}", "{item}", "--minutes", "0"], "'--minutes': a length must be whole minutes from 1 to 600"),
    (["item", "{sid}", "{item}", "--starts-at", "25:00"], "'--starts-at': '25:00' is not a time of day; use 14:30"),
    (["item", "{sid}", "{item}", "--presenter", "p" * 101], "'--presenter' is a text of 101 characters"),
    (["item", "{sid}", "{item}", "--note", "长" * 2001], "'--note' is a text of 2,001 characters"),
    (["item", "{sid}", "{item}", "--meeting-minutes", "a\x01"], "'--meeting-minutes' contains a control character"),
    (["item", "{sid}", "-3", "--note", "x"], "'ID' / 'ITEM_ID': -3 is not a number from 1"),
])
def test_edit_and_item_refuse_as_create_and_add_do_naming_the_option(kb, lessons, args, says):
    sid = _session(kb, "--title", "错误")["id"]
    held = _session(kb, "--title", "已举行", "--starts-at", "2026-12-01 10:00")["id"]
    kb("session", "status", str(held), "held")
    item = json.loads(kb("session", "add", str(sid), str(lessons[0]), "--json").stdout)["items"][-1]["id"]
    values = {"sid": sid, "held": held, "item": item}
    before = [kb("session", "show", str(n), "--json").stdout for n in (sid, held)]
    result = kb("session", *[a.format(**values) for a in args], ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: {says.format(**values)}") and result.output.count("\n") == 1
    assert [kb("session", "show", str(n), "--json").stdout for n in (sid, held)] == before


DATE_TIME_FORMS = "use 2026-12-15 14:30, 2026/12/15 14:30 or 2026年12月15日14时30分, or a date alone"
TIME_FORMS = "use 14:30, 14.30 or 14时30分, on its session's day"


@pytest.mark.parametrize(("args", "says"), [
    (["create", "--title", "t", "--starts-at", "next tuesday"], "'next tuesday' is not a date and time; " + DATE_TIME_FORMS),
    (["create", "--title", "t", "--starts-at", "2026-02-30 14:30"], "'2026-02-30 14:30' does not exist; " + DATE_TIME_FORMS),
    (["edit", "{sid}", "--starts-at", "下周二下午"], "'下周二下午' is not a date and time; " + DATE_TIME_FORMS),
    (["edit", "{sid}", "--starts-at", "2026/13/01"], "'2026/13/01' does not exist; " + DATE_TIME_FORMS),
    (["item", "{sid}", "{item}", "--starts-at", "25:00"], "'25:00' is not a time of day; " + TIME_FORMS),
    (["item", "{sid}", "{item}", "--starts-at", "afternoon"], "'afternoon' is not a time of day; " + TIME_FORMS),
    (["item", "{sid}", "{item}", "--starts-at", "2026-12-15 14:30"],
     "'2026-12-15 14:30' is a date and time, not a time of day; " + TIME_FORMS),
])
def test_a_bad_starts_at_is_worded_alike_on_every_command_naming_the_forms_it_takes(kb, lessons, args, says):
    # create and edit said "'--starts-at': 'x' is not a date and time (use YYYY-MM-DD HH:MM)" or "'--starts-at' is
    # invalid: '2026-02-30' does not exist; use YYYY-MM-DD HH:MM", item "… is not a time of day (use HH:MM)" (c-walk)
    sid = _session(kb, "--title", "错误")["id"]
    item = json.loads(kb("session", "add", str(sid), str(lessons[0]), "--json").stdout)["items"][-1]["id"]
    result = kb("session", *[a.format(sid=sid, item=item) for a in args], ok=False)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: '--starts-at': {says}\n")


@pytest.mark.parametrize(("command", "forms"), [
    (["create"], DATE_TIME_FORMS[4:]), (["edit"], DATE_TIME_FORMS[4:]), (["item"], TIME_FORMS[4:])])
def test_starts_at_help_lists_the_forms_its_errors_name(runner, command, forms):
    from kb.cli import cli

    said = runner.invoke(cli, ["session", *command, "--help"], terminal_width=400).stdout
    assert forms in re.sub(r"\s+", " ", said)



@pytest.mark.parametrize("args", [["edit", "1"], ["item", "1", "1"]])
def test_edit_and_item_with_nothing_to_change_say_so(kb, lessons, args):
    result = kb("session", *args, ok=False)
    assert result.exit_code == 2 and "say what to change" in result.output


@pytest.mark.parametrize("answer", ["n\n", ""])
def test_delete_unanswered_or_refused_says_it_kept_the_session_and_how_to_delete(kb, lessons, answer):
    # standard input closed (cron, a script): "… [y/N]: Aborted!" and nothing said of --yes
    sid = str(_session(kb, "--title", "状态")["id"])
    kept = kb("session", "delete", sid, ok=False, input=answer)
    assert kept.exit_code == 1 and "Aborted" not in kept.output
    assert kept.stderr.endswith(f"Error: share session {sid} is not deleted ('kb session delete {sid} --yes' deletes "
                                "it without asking)\n")
    assert json.loads(kb("session", "list", "--json").stdout)["total"] == 1


def test_add_reports_the_place_show_numbers_and_the_items_id(kb, lessons):
    """It said "as item 8" (the item's id, counted across every session) where kb session show numbers 1, 2, ..."""
    other = str(_session(kb, "--title", "别的")["id"])
    kb("session", "add", other, str(lessons[0]), str(lessons[1]))  # ids 1 and 2 go to another session
    sid = str(_session(kb, "--title", "位置")["id"])
    first = json.loads(kb("session", "add", sid, str(lessons[0]), "--json").stdout)
    said = kb("session", "add", sid, str(lessons[2]), str(lessons[1])).stdout
    items = [i["id"] for i in json.loads(kb("session", "show", sid, "--json").stdout)["items"]]
    assert [i["id"] for i in first["items"]] == [items[0]] == [3]
    assert f"added lesson {lessons[2]} to share session {sid} as number 2 of 3 [item {items[1]}]" in said
    assert f"added lesson {lessons[1]} to share session {sid} as number 3 of 3 [item {items[2]}]" in said
    shown = kb("session", "show", sid).stdout
    assert f"2.  Lesson  [item {items[1]}]" in shown


def test_show_leaves_out_a_missing_project_with_its_separator(kb, lessons, write):
    """187 of 200 real Chinese documents are filed under no project: "  · 酒店预订系统 (key) · lesson 185"."""
    write("hotel/复盘.md", "# 酒店预订系统\n\n## 需要改进\n- 支付接口联调太晚，上线前一周才发现签名算法不一致。\n")
    kb("ingest", "--no-index", str(write.base))
    unfiled = json.loads(kb("lessons", "--json", "--document", "hotel/复盘.md").stdout)["lessons"][0]["id"]
    sid = str(_session(kb, "--title", "复盘分享")["id"])
    kb("session", "add", sid, str(lessons[0]), str(unfiled))
    first, second = kb("session", "show", sid).stdout.split("  1. ")[1].split("  2. ")
    assert f"     ERP系统升级 · ERP升级复盘 (erp/retro) · lesson {lessons[0]}\n" in first
    assert f"\n     酒店预订系统 (hotel/复盘.md) · lesson {unfiled}\n" in second
