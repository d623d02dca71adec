"""The ingest bar names a large file while it is read (m-upgrade: one file of 2,102 NASA lessons held the bar at 98 %
for ten seconds with nothing said), and names no small file."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest import pipeline
from kb.store import Store


class Recorder:
    """A progress bar that keeps what it was told, in order."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, object]] = []

    def __call__(self, total: int) -> Recorder:
        self.calls.append(("total", total))
        return self

    def update(self, n: int = 1) -> None:
        self.calls.append(("update", n))

    def set_postfix_str(self, s: str) -> None:
        self.calls.append(("postfix", s))

    def close(self) -> None:
        self.calls.append(("close", None))


def test_a_large_file_is_named_while_it_is_read_and_cleared_after(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a-small.md").write_text("# Small\n\n## Lessons learned\n- Book the room early.\n", encoding="utf-8")
    big = "\n".join(f"- 第{i}条：联调前先冻结接口文档，避免返工。" for i in range(200))
    (docs / "b-register.md").write_text(f"# 项目复盘\n\n## 经验教训\n{big}\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "LONG_READ_BYTES", 4096)  # b-register.md is ~12 KB, a-small.md 60 bytes
    bar = Recorder()
    with Store(tmp_path / "kb.db") as store:
        report = pipeline.ingest(store, [docs], progress=bar)
    assert report.added == 2
    size = (docs / "b-register.md").stat().st_size
    assert bar.calls == [("total", 2), ("update", 1),
                         ("postfix", f"reading b-register.md ({size / 1024:.1f} KB)"), ("postfix", ""),
                         ("update", 1), ("close", None)]


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("name", ["大型经验教训登记表_二零二六年度全部项目汇总_包括所有部门和所有子项目的完整记录.jsonl",
                                  "lessons\nregister.jsonl"])
def test_the_bar_naming_a_file_fits_its_line_with_the_size_and_one_line(columns: int, name: str) -> None:
    """What kb ingest's bar drew (a real run in an 80-column terminal): 'Ingesting:  50%|▌| 1/2 [00:05<00:05,
    5.69s/file, reading 大型经验教训登记表_二' (tqdm cut the line's end: the size went, and the name's end), and a
    name with a line break drew the bar on two lines, the first left on the screen."""
    import io

    from kb.cli_support import fitted_bar
    from kb.text import display_width

    screen = io.StringIO()
    bar = fitted_bar()(total=2, desc="Ingesting", unit="file", file=screen, ncols=columns, leave=False, mininterval=0)
    bar.update(1)
    bar.set_postfix_str(f"reading {name} (1.8 MB)")
    line = screen.getvalue().split("\r")[-1]
    bar.close()
    assert "\n" not in line and display_width(line) <= columns, line
    assert line.endswith(" (1.8 MB)]"), line
    if columns == 120:  # the short name whole, escaped; the long one cut in its middle, its end kept
        assert ("lessons\\nregister.jsonl" in line) != ("…" in line and "的完整记录.jsonl (1.8 MB)]" in line), line


def test_kb_ingest_without_a_terminal_reads_a_large_file(runner, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard error not a terminal (cron, a pipe, CliRunner): the bar is disabled, and naming a large file on it
    must still be nothing (a disabled tqdm has no width: the fitted note raised AttributeError)."""
    from kb.cli import cli

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "big.md").write_text("# 复盘\n\n## 经验教训\n" + "- 第一条：联调前先冻结接口文档。\n" * 200, encoding="utf-8")
    monkeypatch.setattr(pipeline, "LONG_READ_BYTES", 1024)
    result = runner.invoke(cli, ["--db", str(tmp_path / "kb.db"), "ingest", "--no-index", str(docs)],
                           catch_exceptions=False)
    assert result.exit_code == 0 and "1 added" in result.output, result.output
