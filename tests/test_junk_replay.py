"""benchmarks/junk_replay.py: Chinese junk grouped by what it is, and the two filters replayed on history (BENCHMARKS.md,
e-zhp). Excerpts, one sentence or line each (no licence found for these documents): zh-timemanager-project-summary-docx
(held 11), a design choice its annotator took as what went well; zh-estore-training-summary-docx (held 25) and
zh-darewolf-oo-unit4-blog (held 12), a recap of work done and a definition copied from course notes, both junk;
zh-database-course-forum-summary-docx (held 29), a cover-page field; zh-hxbolo-interview-review (held 24), an item of a
list of answers; zh-darewolf-oo-unit2-blog (held 12), a bug told (shortened); zh-tju-car-personal-summary-docx (held 25), a thank-you; zh-saucxs-2021-okr-summary (held 16), a key result
not done."""

import pytest

from benchmarks.extraction import DocResult
from benchmarks.first_sight import held_splits
from benchmarks.junk_replay import DESIGN, REPLAY, described, group, noun_list, replay_counts

CHOICE = "c.采用了本地数据库和服务端数据库结合方式，减少服务器端负担"
RECAP = ("还学习了商品详情的功能的实现，添加新的jsp，然后新建infoController来对jsp界面回传的参数进行查询，然后通过model回传到"
         "jsp界面进行显示。")
DEFINITION = ("UML（统一建模语言），提供一种面向对象式的抽象又直观的描述逻辑，是语法明确、语义清晰的可视化语言，UML图包括类图，"
              "顺序图，状态图等。")
FIELD = "学 号： (文楷昂: 19281141)"
ANSWER = "Nginx设置反向代理"
BUG = "这次的Bug不是很容易发现，因为一组数据能够恰好使得电梯满员而且主请求之后才随之到来恰好没能进入电梯，很难找到。"


def test_junk_is_grouped_by_what_its_text_is():
    assert group(RECAP) == "report of work done"
    assert group(FIELD) == "metadata or label line"
    assert group(ANSWER) == "bare phrase"
    assert group("首先，我想感谢为了这门课默默付出的每位老师") == "thanks or sign-off"


def test_described_drops_a_report_that_evaluates_nothing_and_a_recap_is_not_one():
    assert described(DEFINITION)  # junk it drops
    assert described(CHOICE)  # and an annotated went-well: why it loses on the design splits
    assert not described(RECAP)  # the recap junk evaluates in passing ("还学习了": a stated kind and "还")
    assert not described(BUG)  # no stated kind, but a negation and a difficulty: an evaluation


def test_noun_list_drops_bare_phrases_only():
    assert noun_list(ANSWER) and noun_list(FIELD)
    assert not noun_list(CHOICE)  # a clause
    assert not noun_list("Go学习 没有时间和精力进行")  # a negation evaluates


def test_replay_counts_rematch_after_the_filter():
    annotated = [{"kind": "went_well", "text": CHOICE}]
    extracted = [{"kind": "went_well", "text": CHOICE}, {"kind": "lesson", "text": DEFINITION}]
    result = DocResult("zh-x", "zh", "held11", ".docx", "ok", annotated=annotated, extracted=extracted,
                       matches=[(0, 0)])
    assert replay_counts(result, lambda text: text == DEFINITION) == (1, 2, 1, 1, 1)
    assert replay_counts(result, described) == (1, 2, 1, 0, 0)  # both dropped: the right one lost


def test_design_and_replay_splits_are_apart_and_never_frozen():
    assert not set(DESIGN) & set(REPLAY)
    assert REPLAY[0] == "held21" and REPLAY[-1] == "held29" and "held20" in DESIGN
    with pytest.raises(ValueError):
        held_splits("held21", "held53")
