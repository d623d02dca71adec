"""kb search and kb similar on a terminal of 60 and 200 columns: lines wrapped to its width, Chinese between
characters (never before a "，"), English at spaces, a snippet to three lines cut with "…"; whole lines in a pipe.
They ignored COLUMNS: a Chinese snippet ran 150 columns, broken by the terminal wherever the edge fell."""

import click
import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.line_wrap import Piece, wrap
from kb.text import display_width, graphemes
from tests.wms_retro import wms_retro

RETRO = wms_retro("""## 需要改进
- 生产环境在上线前没有完成性能压测：信息技术部 2 月 14 日才交付生产服务器，标签打印服务器沿用了测试环境的单机配置，出库高峰每分钟 400 张标签时队列堵塞，首周积压两万箱，门店投诉连续三天上升，最后靠临时加派人工才清完积压。
- 供应商讯扬电子的 RF 手持终端晚到七周，合同只约定了总交货期，没有分批数量和最晚到货日期。
""")
ENGLISH = """---
title: Payroll System Replacement – Go-live Retrospective
project: Payroll System Replacement
date: 2025-06-30
---
# Payroll System Replacement – Go-live Retrospective

## What went wrong
- The vendor delivered the interfaces five weeks late, and instead of moving the go-live we shortened the regression testing to hold the date; the first payroll run then paid 212 people twice and the correction took the whole of the following week.
"""
SEARCHES = [["search", "性能压测"], ["search", "vendor delivered the interfaces late"],
            ["similar", "--text", "供应商交货延期", "--same-project"]]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store of a Chinese and an English retrospective, indexed with the real model."""
    base = tmp_path_factory.mktemp("width")
    (base / "docs" / "wms").mkdir(parents=True)
    (base / "docs" / "wms" / "retro.md").write_text(RETRO, encoding="utf-8")
    (base / "docs" / "payroll-go-live-retrospective.md").write_text(ENGLISH, encoding="utf-8")
    db = base / "kb.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(base / "docs")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db


def shown(store, args, columns):
    result = CliRunner().invoke(
        cli, ["--db", str(store), *args, "--all"], env={"COLUMNS": columns}, color=True)
    assert result.exit_code == 0, result.output
    return [click.unstyle(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("columns", [60, 200])
@pytest.mark.parametrize("args", SEARCHES, ids=" ".join)
def test_every_line_fits_the_terminal(store, args, columns):
    lines = shown(store, args, str(columns))
    assert lines and max(map(display_width, lines)) <= columns, lines
    assert not any(line.lstrip().startswith(("，", "。", "、", "：", "；")) for line in lines)  # kept with their word


def test_a_narrow_terminal_wraps_a_chinese_snippet_to_three_lines_cut_with_an_ellipsis(store):
    lines = shown(store, ["search", "性能压测"], "60")
    start = next(i for i, line in enumerate(lines) if "生产环境在上线前" in line)
    snippet = lines[start:start + 3]
    assert all(line.startswith("   ") for line in snippet) and snippet[2].endswith("…")
    assert "门店投诉" in "".join(shown(store, ["search", "性能压测"], None)) and "门店投诉" not in "".join(lines)
    assert [display_width(line) >= 56 for line in snippet[:2]] == [True, True]  # filled, not cut short
    assert any(line.strip() == "wms/retro" or line.rstrip().endswith("wms/retro") for line in lines)  # key whole


def test_a_wide_terminal_keeps_the_english_snippet_whole_words_at_its_edge(store):
    lines = shown(store, ["search", "vendor delivered the interfaces late"], "200")
    text = " ".join(line.strip() for line in lines)
    assert "shortened the regression testing" in text  # wrapped at a space: every word whole
    narrow = shown(store, ["search", "vendor delivered the interfaces late"], "60")
    words = {w for line in narrow for w in line.split()}
    assert {"vendor", "delivered", "interfaces", "regression"} <= words


def test_a_pipe_gets_whole_lines_as_before(store):
    lines = shown(store, ["search", "性能压测"], None)
    assert max(map(display_width, lines)) > 200  # the snippet whole on one line, for grep and files
    assert any("首周积压两万箱" in line for line in lines)


def test_a_marked_word_is_not_broken_where_its_mark_ends():
    # "<mark>deliver</mark>ed": two pieces, one word
    lines = wrap([Piece("the vendor "), Piece("deliver", "mark"), Piece("ed the interfaces late")], 18)
    assert [click.unstyle(line) for line in lines] == ["the vendor", "delivered the", "interfaces late"]
    assert "\x1b[" in lines[1]  # the mark is still styled


def test_a_closing_mark_never_starts_a_line_and_a_character_stays_whole():
    lines = [click.unstyle(line) for line in wrap([Piece("测试环境没有准备好，上线推迟")], 18)]
    assert lines == ["测试环境没有准备", "好，上线推迟"]  # "，" would have started the second line
    accented = wrap([Piece("Cafe\u0301 " * 6)], 12)
    assert all(not line.startswith("\u0301") and display_width(line) <= 12 for line in accented)
    assert all(len(graphemes(word)) == 4 for line in accented for word in line.split())


def test_a_key_is_never_broken_and_a_cut_ends_within_the_width():
    lines = wrap([Piece("1. 标题  "), Piece("wms-rollout/lessons-summary-2025-07.txt", whole=True)], 20)
    assert lines == ["1. 标题", "wms-rollout/lessons-summary-2025-07.txt"]
    cut = wrap([Piece("生产环境在上线前没有完成性能压测，出库高峰时队列堵塞。" * 3)], 20, max_lines=2)
    assert len(cut) == 2 and cut[1].endswith("…") and max(map(display_width, cut)) <= 20


def test_a_hits_heading_is_marked_as_its_snippet_is(store):
    """The heading line marks the query's words the heading holds (a hit found by its heading shows why)."""
    result = CliRunner().invoke(cli, ["--db", str(store), "search", "需要改进的压测", "--all"], env={"COLUMNS": "200"},
                                color=True)
    heading = next(line for line in result.stdout.splitlines() if "· went_wrong" in click.unstyle(line))
    assert click.style("需要改进", bold=True, fg="yellow") in heading, heading  # styled as a snippet's mark
    assert click.unstyle(heading).strip().startswith("需要改进 · went_wrong")
