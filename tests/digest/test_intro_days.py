"""The line below a digest's greeting names its days as its header does: "2026年11月16日至11月22日", "between Nov 16 and
Nov 22, 2026", never ISO dates in a sentence ("以下是 2026-11-30 至 2026-12-05 期间…" under "2026年11月30日–12月6日")."""

from __future__ import annotations

import pytest

from kb.digest.render import render
from kb.digest.text_lines import wrap
from tests.digest.test_render import BASE, SECRET, full, subscriber


def _intro(lang: str, period: str, start: str, end: str) -> tuple[str, str]:
    content = full(subscriber(language=lang), period=period, window_start=f"{start}T00:00:00+00:00",
                   window_end=f"{end}T00:00:00+00:00")
    _, html, text = render(content, base_url=BASE, secret=SECRET)
    return html, text.split("\n\n")[1]  # the paragraph below the greeting


@pytest.mark.parametrize(("lang", "period", "start", "end", "line"), [
    ("zh", "2026-W48", "2026-11-23", "2026-11-30", "以下是2026年11月23日至11月29日期间知识库新增的内容。"),
    ("zh", "2026-W53", "2026-12-28", "2027-01-04", "以下是2026年12月28日至2027年1月3日期间知识库新增的内容。"),
    ("zh", "2026-11-25", "2026-11-25", "2026-11-26", "以下是2026年11月25日知识库新增的内容。"),
    ("en", "2026-W48", "2026-11-23", "2026-11-30",
     "Here is what the PMO's knowledge base learned between Nov 23 and Nov 29, 2026."),
    ("en", "2026-W53", "2026-12-28", "2027-01-04",
     "Here is what the PMO's knowledge base learned between Dec 28, 2026 and Jan 3, 2027."),
    ("en", "2026-11-25", "2026-11-25", "2026-11-26", "Here is what the PMO's knowledge base learned on Nov 25, 2026."),
])
def test_the_intro_names_the_days_in_the_readers_language(lang, period, start, end, line):
    html, text_line = _intro(lang, period, start, end)
    assert text_line.startswith(wrap(line) + "\n")  # on lines of 78 columns (kb/digest/text_lines.py)
    assert f'<p style="margin:0 0 8px;">{line}</p>'.replace("'", "&#39;") in html


@pytest.mark.parametrize(("lang", "line"), [
    ("zh", "以下是2026年11月30日至12月6日期间知识库新增的内容。"),
    ("en", "Here is what the PMO's knowledge base learned between Nov 30 and Dec 6, 2026.")])
def test_the_preview_of_the_week_so_far_names_its_days_in_the_periods_time_zone(tmp_path, lang, line):
    """time_zone Asia/Shanghai, /curate/digest on Sunday Dec 6 at 10:25 there (02:25 UTC): the subject said
    11月30日–12月6日 and the line below it 2026年11月29日至12月6日, the window's end being "now" in UTC."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from kb.digest.content import compose
    from kb.digest.periods import parse_period
    from kb.digest.render import intro
    from kb.store import Store

    window = parse_period("2026-W49", ZoneInfo("Asia/Shanghai")).preview_window(datetime(2026, 12, 6, 2, 25, tzinfo=UTC))
    with Store(tmp_path / "kb.db") as store:
        content = compose(store, subscriber(language=lang), "2026-W49", window)
    assert intro(content, lang) == line
