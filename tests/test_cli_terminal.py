"""The kb CLI on a terminal: NO_COLOR, narrow terminals with Chinese text."""

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from kb.cli import cli
from kb.display import table
from kb.text import display_width
from tests.wms_retro import wms_retro

RETRO = wms_retro("""## 需要改进
- 生产环境在上线前没有完成性能压测，标签打印服务器沿用了测试环境的单机配置，出库高峰时队列堵塞，首周积压两万箱。
- RF terminals dropped off the network in zone B for 25 minutes because the wireless controller firmware was upgraded at peak.
""")


@pytest.fixture
def stored(kb, write):
    """A store of one Chinese retrospective, not indexed (these commands read the store alone)."""
    write("wms/retro.md", RETRO)
    kb("ingest", "--no-index", str(write.base))


def show(runner, db_path, env):
    return runner.invoke(cli, ["--db", str(db_path), "show", "wms/retro"], env=env, color=True)


def test_no_color_turns_bold_off_on_a_terminal(stored, runner, db_path):
    styled = show(runner, db_path, {"NO_COLOR": None})
    assert styled.exit_code == 0 and "\x1b[1m智慧仓储WMS上线复盘" in styled.output  # a terminal gets bold titles
    plain = show(runner, db_path, {"NO_COLOR": "1"})
    assert plain.exit_code == 0, plain.output
    assert "\x1b[" not in plain.output and plain.output.startswith("智慧仓储WMS上线复盘\n")
    assert "\x1b[1m" in show(runner, db_path, {"NO_COLOR": ""}).output  # set but empty does not count (no-color.org)


def lessons(runner, db_path, columns):
    result = runner.invoke(cli, ["--db", str(db_path), "lessons"], env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_a_narrow_terminal_gets_a_table_that_fits_it_aligned(stored, runner, db_path):
    lines = lessons(runner, db_path, "60")
    assert len(lines) == 4 and max(map(display_width, lines)) <= 60, lines  # was over 130 columns, wrapped
    dates = [line.index("2025-03-28") for line in lines[2:]]
    starts = {display_width(line[:at]) for line, at in zip(lines[2:], dates)}
    assert starts == {display_width(lines[0][:lines[0].index("date")])}  # full-width text cut without skewing
    assert lines[2].endswith("…") and "智慧仓储" in lines[2]


def test_a_file_or_pipe_gets_whole_lines(stored, runner, db_path):
    lines = lessons(runner, db_path, None)
    assert max(map(display_width, lines)) > 100 and "首周积压" not in "".join(lines)  # cut only at 90 columns
    assert "RF terminals dropped off the network in zone B for 25 minutes" in "".join(lines)


def test_columns_are_cut_widest_first_and_dates_stay_whole():
    rows = [["2025-03-28", "智慧仓储WMS上线", "生产环境在上线前没有完成性能压测"]]
    lines = table(rows, ["date", "project", "lesson"], width=40).splitlines()
    assert lines[2] == "2025-03-28  智慧仓储W…  生产环境在上线…"  # the lesson to 16 columns first, then the project
    assert max(map(display_width, lines)) <= 40
    assert table(rows, ["date", "project", "lesson"], width=200) == table(rows, ["date", "project", "lesson"], width=0)


def test_a_date_and_time_stays_whole_as_a_date_does():
    # kb tag history, kb user tokens and kb session list at COLUMNS=60: "2026-12-0…", where the README says dates are
    # not cut (c-left)
    rows = [["2", "2026-12-06 18:10", "cli:root", "synonym", "数据迁移", "data migration", ""],
            ["1", "", "cli:root", "rename", "资源冲突", "资源冲突管理", "yes"]]
    lines = table(rows, ["#", "when", "who", "change", "tag", "on / into", "undo"], width=66).splitlines()
    assert lines[2] == "2  2026-12-06 18:10  cli:root  synonym  数据迁移  data migr…"  # the widest cut is the text's
    assert max(map(display_width, lines)) <= 66
    narrow = table(rows, ["#", "when", "who", "change", "tag", "on / into", "undo"], width=40).splitlines()
    assert narrow[2].startswith("2  2026-12-06 18:10  ")  # too narrow to fit: the line runs over, the date whole


def test_the_first_column_is_never_cut_it_is_what_the_next_command_takes():
    # "li.lei@exampl…" and "data-plat…": the address or key a reader copies into kb subscribers remove or kb show
    rows = [["wms-rollout/lessons-summary-2025-07.txt", "2025-07-04", "智慧仓储WMS上线项目经验教训汇总"]]
    lines = table(rows, ["key", "date", "title"], width=60).splitlines()
    assert lines[2].startswith("wms-rollout/lessons-summary-2025-07.txt  2025-07-04  智慧仓储")


def test_a_long_key_or_address_stays_whole_in_a_pipe_for_the_next_command(kb, write, runner, db_path):
    # kb docs cut keys to 48 columns and kb subscribers list addresses to 40 even in a pipe, where the README says the
    # first column is never cut: the shipped corpus's "gdpr-compliance/post-mortem-processor-breach-no…" was no key
    key = "gdpr-compliance/post-mortem-processor-breach-notification.md"
    write(key, "# Breach notification post-mortem\n\n## Lessons learned\n\n- Notify the DPO within a day.\n")
    kb("ingest", "--no-index", str(write.base))
    address = "a-very-long-address-for-the-pmo-digest@subsidiary.example.com"
    kb("subscribers", "add", address)
    for command, first in ((["docs"], key), (["subscribers", "list"], address)):
        listed = runner.invoke(cli, ["--db", str(db_path), *command], env={"COLUMNS": None}).stdout.splitlines()
        assert listed[2].startswith(f"{first}  "), listed
    kb("show", key)


def test_a_decomposed_accent_takes_no_column_and_stays_with_its_letter():
    # a project typed on a Mac (NFD: "e" + U+0301) pushed its row's later columns one column right per accent,
    # and a cut could leave the accent on the "…"
    rows = [["1", "Cafe\u0301 Ro\u0302le", "went_wrong"], ["2", "Data platform", "lesson"]]
    lines = table(rows, ["id", "project", "kind"]).splitlines()
    assert lines[2] == "1   Cafe\u0301 Ro\u0302le      went_wrong"  # 9 columns, padded to 13
    assert lines[3] == "2   Data platform  lesson"
    assert table([["1", "x", "Cafe\u0301s and more"]], ["id", "k", "text"], max_widths=[2, 2, 5]).splitlines()[2] \
        == "1   x  Cafe\u0301…"


def test_kb_config_shows_yes_and_no_as_kb_toml_and_kb_star_take_them(kb):
    # "allow_anonymous  True": Python's spelling, where the file and the variables take true / false
    rows = {line.split()[0]: line.split()[1] for line in kb("config").stdout.splitlines()[2:]}
    assert (rows["allow_anonymous"], rows["debug"]) == ("true", "false")
    assert rows["chunk_words"] == "200"


def _on_a_terminal(db_path, *args):
    """Run kb with standard output on a real terminal (a pseudo-terminal): its exit status, what reached the
    terminal, and standard error."""
    main, secondary = pty.openpty()
    root = Path(__file__).resolve().parents[1]
    try:
        done = subprocess.run([sys.executable, "-m", "kb.cli", "--db", str(db_path), *args], cwd=root,
                              stdout=secondary, stderr=subprocess.PIPE, check=False)
        os.close(secondary)
        shown = b""
        while select.select([main], [], [], 0)[0]:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal's other end is closed and drained
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main)
    return done.returncode, shown, done.stderr.decode()


@pytest.mark.parametrize("args", [["lessons", "--xlsx", "-"], ["session", "show", "1", "--format", "xlsx", "-o", "-"]])
def test_a_workbook_is_not_written_onto_a_terminal(stored, kb, db_path, args):
    # kb lessons --xlsx - poured a zip's bytes onto the terminal (and could leave it in a garbled state)
    kb("session", "create", "--title", "供应商管理经验分享会")
    code, shown, err = _on_a_terminal(db_path, *args)
    assert code == 1 and b"PK" not in shown
    assert err == "Error: an Excel workbook is no text for a terminal: name a file, or send standard output to one " \
        "('- > lessons.xlsx')\n"
    assert kb(*args).stdout_bytes.startswith(b"PK\x03\x04")  # to a pipe or a file it is written, as before
