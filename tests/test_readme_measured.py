"""README, Measured: the extraction row's figures on every seen document are today's parser's. They were PARSER_VERSION
75's (Chinese 0.697 / 0.658) after c3f1cb0 made it 76 (0.698 / 0.663): the row named the version, so a reader could
not tell that the code they ran no longer gave them."""

from __future__ import annotations

import re
from pathlib import Path

from kb.parser_version import PARSER_VERSION

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_the_seen_extraction_figures_are_of_todays_parser():
    section = README.split("\n## Measured\n", 1)[1].split("\n## ", 1)[0]
    [row] = [line for line in section.splitlines() if line.startswith("| lesson extraction on real documents")]
    [version] = re.findall(r"documents seen \(`--split tuned`[^)]*\), PARSER_VERSION (\d+) \(today's", row)
    assert version == PARSER_VERSION, ("run benchmarks/extraction.py --split tuned and give its figures in README's "
                                       "Measured row, naming the PARSER_VERSION they are of")


def test_the_fast_start_quotes_the_measured_tables_cold_search_figures():
    """A fast start said a cold hybrid search "costs a median 1.04 s of CPU", keyword 0.62 s: the first fast start's
    figures, while Measured's row gave b-verify's later 0.74 / 0.47 s. A figure quoted twice is the same figure."""
    fast = README.split("\n### A fast start\n", 1)[1].split("\n## ", 1)[0]
    [(hybrid, keyword)] = re.findall(r"costs a median ([\d.]+) s of CPU in a fresh process, a keyword query ([\d.]+) s",
                                     fast)
    section = README.split("\n## Measured\n", 1)[1].split("\n## ", 1)[0]
    [row] = [line for line in section.splitlines() if line.startswith("| `kb search` from the shell")]
    assert re.search(rf"\| CPU median {re.escape(hybrid)} / {re.escape(keyword)} s ", row), row[:200]
