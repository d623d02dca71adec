"""A snippet from a later window of a long section begins where that window does, mid-sentence: it says so with
"…", as a snippet cut short does ("…过。家具延期" rather than "过。家具延期")."""

from __future__ import annotations

from kb.store import Filters
from search import Searcher, SearchQuery
from search.assembly import window_snippet
from search.chunks import windows

# One section of about 230 word units (a Chinese character is half of one): two windows, the second beginning
# mid-sentence and short enough to be shown whole.
FIRST = "风险登记册在四月开工时建立后，从五月到八月中旬就没有再更新过。" * 12
SECOND = "家具延期、专线路由审批、消防验收三项风险，在事后访谈中至少有一位同事在六月就担心过。"
SECTION = FIRST + SECOND * 2


def test_a_later_windows_snippet_begins_with_an_ellipsis_and_keeps_its_marks():
    pieces = windows(SECTION, 200, 50)
    assert len(pieces) >= 2 and not SECTION.startswith(pieces[1])
    snippet, spans = window_snippet(pieces[1], "消防验收", continued=True)
    assert snippet.startswith("…") and not snippet.startswith("……")
    assert spans and all(snippet[start:end] == "消防验收" for start, end in spans)
    first, _ = window_snippet(pieces[0][:100], "风险", continued=False)
    assert not first.startswith("…")


def test_search_shows_a_later_window_as_continued(make_index, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "notes.md").write_text(f"# 供应商管理经验总结\n\n## 项目背景\n\n{SECTION}\n", encoding="utf-8")
    _, index = make_index(folder)
    found = Searcher(index).search(SearchQuery("消防验收", mode="keyword", filters=Filters(include_hidden=False)))
    sections = [h for g in found.groups for h in g.hits if h.kind == "section"]
    later = [h for h in sections if not SECTION.startswith(h.text)]
    assert later and all(h.snippet.startswith("…") and "<mark>消防验收</mark>" in h.snippet_html for h in later)
