"""Similar lessons mark what they share with the lesson that found them that tells, not its function words: 的 and
the bigrams around it, 我们, 没有, "rather", "meant", a year, a lone 月."""

from __future__ import annotations

import re

from kb.store import Filters
from search import Searcher
from search.telling import telling_terms

ZH = "我们在上线前没有完成供应商接口的压测，3 月高峰期订单堵塞。"
EN = "The vendor was late rather than early, and we meant to add the interface tests in 2025."


def test_the_terms_that_tell_leave_function_words_and_numbers_out():
    zh = telling_terms(ZH).split()
    assert {"上线", "供应", "应商", "接口", "压测", "高峰", "峰期", "堵塞"} <= set(zh)
    assert not {"我们", "们在", "在上", "前没", "没有", "口的", "的压", "月", "月高", "3"} & set(zh)
    en = telling_terms(EN).split()
    assert set(en) == {"vendor", "late", "early", "add", "interface", "tests"}
    assert telling_terms("我们的，是在 2025 年 and the") == ""


def _marks(hit) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", hit.snippet_html)


def test_similar_lessons_mark_only_what_tells_in_both_languages(make_index, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.md").write_text(f"---\nid: a\ntitle: 仓储复盘\nproject: WMS\n---\n## 需要改进\n- {ZH}\n- {EN}\n",
                                 encoding="utf-8")
    (folder / "b.md").write_text(
        "---\nid: b\ntitle: 订单系统复盘\nproject: OMS\n---\n## 需要改进\n"
        "- 我们在上线前没有安排压测，供应商接口在 5 月高峰期超时，订单堵塞。\n"
        "- The payroll vendor delivered the interface late rather than on time, as we meant to in 2025.\n",
        encoding="utf-8")
    store, index = make_index(folder)
    searcher = Searcher(index)
    zh, en = (store.lessons(Filters(document="a"))[0][i] for i in (0, 1))
    zh_hit = next(h for h in searcher.similar(lesson_id=zh["id"], mode="keyword") if "压测" in h.text)
    assert set(_marks(zh_hit)) == {"上线前", "压测", "供应商接口", "高峰期", "订单堵塞"}
    # (before: 们在上线前没, 月高峰期: the bigrams 们在, 前没 and 月高 straddle two words)
    en_hit = next(h for h in searcher.similar(lesson_id=en["id"], mode="keyword") if "payroll" in h.text)
    assert sorted(set(_marks(en_hit))) == ["interface", "late", "vendor"]
