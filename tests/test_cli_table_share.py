"""A table's first column (a key, never cut) shares the line with its last (a title) when one long key would leave
every title a few columns: 'kb docs' at COLUMNS=160 gave an 86-column key and titles of 16 ("数据中台建设三…")."""

from kb.display import table
from kb.text import display_width

HEADERS = ["key", "date", "type", "lang", "project", "lessons", "title"]
MAX = [48, 10, 16, 5, 26, 7, 60]
LONG = "yuluo-yx.github.io/src_content_blogs_Bug-summary_Spring-Boot-Web-应用请求故障排查.md"  # 84 columns
TITLE = "数据中台建设三期复盘与下一阶段规划"  # 34 columns


def _rows(count: int = 9) -> list[list]:
    rows = [[f"data-platform/复盘-{n}.md", "2026-09-25", "retrospective", "zh", "数据中台建设", 21, TITLE]
            for n in range(count)]
    return [*rows, [LONG, "2024-08-01", "post_mortem", "zh", "", 4, "Spring Boot Web 应用请求故障排查"]]


def test_one_long_key_no_longer_cuts_every_title_and_stays_whole_on_a_line_of_its_own():
    assert display_width(LONG) == 84
    lines = table(_rows(), HEADERS, max_widths=MAX, width=160).splitlines()
    assert all(TITLE in line for line in lines[2:11]), lines  # was "数据中台建设三…"
    date_at = display_width(lines[0][:lines[0].index("date")])
    assert lines[11] == LONG  # the key whole: what 'kb show' takes
    below = lines[12]
    assert below.endswith("Spring Boot Web 应用请求故障排查") and display_width(below[:below.index("2024")]) == date_at
    assert all(display_width(line[:line.index("2026")]) == date_at for line in lines[2:11])
    assert max(display_width(line) for line in lines if line != LONG) <= 160


def test_keys_that_fit_beside_a_readable_title_stay_on_its_line():
    lines = table(_rows()[:9], HEADERS, max_widths=MAX, width=160).splitlines()
    assert len(lines) == 11 and all(line.startswith("data-platform/") for line in lines[2:])


def test_a_terminal_too_narrow_for_a_readable_title_beside_a_key_keeps_each_row_on_one_line():
    lines = table(_rows(), HEADERS, max_widths=MAX, width=100).splitlines()
    assert len(lines) == 12 and lines[11].startswith(LONG + "  2024-08-01")


def test_the_kb_docs_listing_at_160_columns(kb, write, runner, db_path):
    from kb.cli import cli

    write(LONG, "# Spring Boot Web 应用请求故障排查\n\n## 问题\n- 网关超时配置过短，导致长请求被中断。\n")
    write("data-platform/复盘.md", f"# {TITLE}\n\n## 需要改进\n- 供应商接口交付延期五周。\n")
    kb("ingest", "--no-index", str(write.base))
    listed = runner.invoke(cli, ["--db", str(db_path), "docs"], env={"COLUMNS": "160"}).stdout.splitlines()
    assert LONG in listed and any(line.startswith("data-platform/复盘.md") and TITLE in line for line in listed), listed
