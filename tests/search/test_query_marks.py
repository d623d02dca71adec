"""A Chinese query's snippets mark its words, not the bigrams that straddle two of them (search/query_marks.py).
The texts are excerpts of real retrospectives from public repositories (u-search, session 22)."""

import pytest

from search import SearchQuery
from search.query_marks import MAX_CHINESE, word_marks
from search.searcher import Searcher
from search.snippets import highlight_html, match_spans
from search.translate import get_translator


@pytest.fixture(scope="module")
def is_word():
    return get_translator([]).is_word


def marked(text: str, query: str, is_word) -> list[str]:
    return [text[start:end] for start, end in match_spans(text, word_marks(query, is_word))]


# (query, a real excerpt, what is marked in it)
CASES = [
    # 进度|延期: 度延 of 进度延迟 lit "进度延", a stray 延
    ("进度延期", "实际进度比计划进度延迟了，主要原因是小组成员水平低、能力较差。", ["进度", "进度"]),
    # 代码|评审: 码评 lit "代码评" of 代码评估
    ("代码评审", "后端通过WebSocket向前端发送信息，实时向用户提供代码评估和反馈，无需他们手动刷新页面。", ["代码"]),
    # a question word alone is not what the reader looks for (为什么); 上线前 is
    ("上线前要检查什么", "什么事数据库索引，为什么要使用索引？", []),
    ("上线前要检查什么", "仓储系统上线前，生产环境（服务器、打印、网络）必须在真实作业高峰负荷下完成压测。", ["上线前"]),
    ("部署失败怎么办", "在开发过程和使用过程中出现的错误该怎么处理，如何进行测试。", []),
    # the parts of a compound, and the compound whole where the text has it (Traditional too)
    ("测试环境", "測試環境與預生產環境共用一個 VPC，测试时两次影响了已上线的应用。", ["測試環境", "環境", "测试"]),
    ("需求变更", "发布需求变更流程说明，并在业务方群内置顶；需求的变更要评估影响。", ["需求变更", "需求", "变更"]),
    # a single character of the query goes with its neighbour in the query only
    ("沟通不畅", "开发过程交流不足，沟通不够及时；沟通不畅导致返工。", ["沟通", "沟通不畅"]),
    ("跨团队协作", "团队协作：Git 的使用极大提高了协作效率，跨部门沟通。", ["团队协作", "协作"]),
    # a word the dictionary lacks (联调) is marked as its bigram was; a particle of the query is not (了)
    ("联调延期", "外部接口延期 | 合同没有约定联调窗口和响应时间 | 外部接口在合同中写明联调窗口", ["延期", "联调", "联调"]),
    ("测试了吗", "测试环境准备好了吗？还没有，联调也没开始。", ["测试"]),
]


@pytest.mark.parametrize(("query", "text", "expected"), CASES)
def test_a_chinese_query_marks_its_words(query, text, expected, is_word):
    assert marked(text, query, is_word) == expected


def test_a_query_that_is_only_a_small_word_is_marked_as_typed(is_word):
    assert marked("的确，测试的结果", "的", is_word) == ["的", "的"]
    assert marked("为什么要使用索引", "什么", is_word) == ["什么"]


def test_english_words_and_translations_are_marked_beside_the_chinese_words(is_word):
    text = "金融类 App 的所有渠道都应灰度发布；rollback 决策：回滚方案按大区拆分。"
    assert marked(text, "灰度发布 rollback 回滚", is_word) == ["灰度发布", "rollback", "回滚"]


def test_the_searcher_marks_by_words(indexed):
    """The searcher's snippets are marked by the query's words (its translator's dictionary), not its bigrams."""
    _, _, searcher = indexed
    text = "实际进度比计划进度延迟了。"
    assert highlight_html(text, match_spans(text, searcher.marks("进度延期"))) == \
        "实际<mark>进度</mark>比计划<mark>进度</mark>延迟了。"
    results = searcher.search(SearchQuery("测试环境没有准备好", limit=3))
    shown = " ".join(hit.snippet_html for group in results.groups for hit in group.hits)
    assert "<mark>" in shown and "境没</mark>" not in shown and "<mark>没</mark>" not in shown


CHECKLIST = """智慧仓储WMS上线项目经验教训汇总

六、建议纳入 PMO 上线准备评审的检查项

- 硬件到货率 100% 且完成配置。
- 生产环境压测报告（含打印和网络）。
- 全库区 WiFi 勘测报告。
"""


def test_a_hit_found_by_its_heading_has_the_headings_words_marked(make_index, tmp_path):
    """A lesson matched by its heading alone ("全库区 WiFi 勘测报告。" under "…上线准备评审的检查项") showed no mark at
    all: the reader could not see why it was found. Its heading is marked."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "lessons-summary.txt").write_text(CHECKLIST, encoding="utf-8")
    _, index = make_index(folder)
    results = Searcher(index).search(SearchQuery("上线前要检查什么", mode="keyword"))
    hits = [hit for group in results.groups for hit in group.hits if hit.heading and "检查项" in hit.heading]
    assert hits
    for hit in hits:
        assert hit.heading_html == "六、建议纳入 PMO <mark>上线</mark>准备评审的<mark>检查</mark>项"
    wifi = next(hit for hit in hits if "WiFi" in hit.snippet)
    assert "<mark>" not in wifi.snippet_html


def test_a_heading_is_escaped_where_it_is_marked():
    assert highlight_html("<b>上线</b> & 检查", match_spans("<b>上线</b> & 检查", "上线")) == \
        "&lt;b&gt;<mark>上线</mark>&lt;/b&gt; &amp; 检查"


def test_chinese_past_the_first_400_characters_is_not_marked():
    """Only the first MAX_CHINESE characters of a query's Chinese are cut into words; a run after them was cut from
    its end instead (run[:budget] with the budget below 0), so most of it was marked after all."""
    words = {"测试", "环境", "稳定"}.__contains__
    first = word_marks("测试环境不稳定", words).chinese
    assert "测试" in first and "环境" in first
    long = word_marks("上" * (MAX_CHINESE + 5) + " 测试环境不稳定", words).chinese
    assert not {"测试", "环境"} & set(long)
