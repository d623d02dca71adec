"""The kb CLI on a terminal: NO_COLOR, narrow terminals with Chinese text."""

import pytest

from kb.cli import cli

RETRO = """---
id: wms/retro
title: 智慧仓储WMS上线复盘
project: 智慧仓储WMS上线
type: retrospective
date: 2025-03-28
---
# 智慧仓储WMS上线复盘

## 需要改进
- 生产环境在上线前没有完成性能压测，标签打印服务器沿用了测试环境的单机配置，出库高峰时队列堵塞，首周积压两万箱。
"""


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
