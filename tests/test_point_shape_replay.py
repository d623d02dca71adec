"""benchmarks/point_shape_replay.py: the shapes of several points in one extracted lesson, each cut as its annotator may
have split it (BENCHMARKS.md, e-shape). The figures come from the benchmark documents; these tests check each shape on a
real excerpt of a lesson the extractor made whole: benchmarks/extraction/docs/zh-vonng-aliyun-outage-2023.md and
zh-cloudwego-tanwan-case.md (stored under their licences), and short quotes of documents with no licence found
(darewolf-cyber/BUAA_OO's unit blogs, the NewsMind Beta post-mortem, the TestLand product evaluation, the HMS database
report), read from their mirrors."""

import pytest

from benchmarks import point_shape_replay as replay
from benchmarks.extraction import frozen
from benchmarks.topic_turns import chosen

# darewolf-cyber/BUAA_OO, unit 1 blog: a flaw and, after a space, its "修改：" in one paragraph
FLAW_AND_FIX = ("一个Poly类中放置了2个HashMap对象分别保存求导前的表达式和求导后的表达式，这样一来toString方法中就限定了输出diffPloy对象，"
                "耦合度高。 修改：可以Poly类中只放置一个HashMap对象代表一个表达式")
# the HMS database report (PDF): a conclusion's two lessons, each stated in its own words
TWO_LESSONS = ("我们团队通过 Git 进行了规范化的协作开发，在分支管理与代码合并的过程中，深刻体会到了版本控制对于多人项目开发效率的保障作用。"
               "相比于 Git 的掌握，更重要的是，本次实践中，我们亲手打通了从底层数据库建模到后端逻辑处理，再到前端界面展示的完整链路，"
               "真正厘清了一个真实项目在各层级间的运作逻辑与数据流转，使我们对全栈开发有了全局性的认识。")


def test_a_label_that_starts_a_later_sentence_starts_a_point():
    assert replay.labels(FLAW_AND_FIX, "went_wrong", 100) == [FLAW_AND_FIX[:FLAW_AND_FIX.index(" 修改")],
                                                       FLAW_AND_FIX[FLAW_AND_FIX.index("修改"):]]
    # a number before the lesson's own label is no point of its own
    assert replay.labels("6.经验教训：我们在后端代码检查不够严谨导致后面出了很多bug。", "lesson", 100) == \
        ["6.经验教训：我们在后端代码检查不够严谨导致后面出了很多bug。"]


def test_numbers_in_the_running_text_start_points_but_not_a_names_digit():
    # darewolf-cyber/BUAA_OO, unit 2 blog: "修改：" over two numbered fixes in one line
    assert replay.numbers("（1）可以改用更高效的调度策略，比如look算法，scan算法等。（2）重构一些函数，解耦合。", "recommendation", 100) == \
        ["（1）可以改用更高效的调度策略，比如look算法，scan算法等。", "（2）重构一些函数，解耦合。"]
    region = "阿里云总部所在地的杭州（华东1）和北京（华北2）故障修复的速度明显要比其他区域快很多"  # zh-vonng-aliyun-outage-2023
    assert replay.numbers(region, "lesson", 100) == [region]


def test_semicolon_clauses_and_a_next_time_clause():
    # the NewsMind Beta post-mortem: a label item, its fault, then "；未来需要…"
    item = "单元测试覆盖率提升：虽然建立了 E2E 测试框架，但单元测试覆盖率仍偏低；未来需要加强单元测试，提高代码质量保障"
    assert replay.clauses(item, "recommendation", 100) == [item[:item.index("未来")], item[item.index("未来"):]]
    assert replay.clauses("问题；原因不明", "went_wrong", 100) == ["问题；原因不明"]  # clauses too short to be points
    # the TestLand product evaluation: a fault, then what the team will do next time
    fault = "在提出需求和安排进度时，没有按照功能的粒度和优先级排序，一定程度上拖慢了进度。未来会更从大局出发，合理安排每一项待办地顺序。"
    assert replay.next_time(fault, "went_wrong", 100) == [fault[:fault.index("未来")], fault[fault.index("未来"):]]
    assert replay.next_time("We slipped. Next time we plan.", "went_wrong", 100) == ["We slipped. Next time we plan."]


def test_cued_cuts_a_long_lesson_of_an_outcome_kind_where_each_sentence_states_a_point():
    first = TWO_LESSONS[:TWO_LESSONS.index("相比于")]
    assert replay.cued(TWO_LESSONS, "lesson", 100) == [first, TWO_LESSONS[len(first):]]
    assert replay.cued(TWO_LESSONS, "lesson", 200) == [TWO_LESSONS]  # shorter than --min-chars
    assert replay.cued(TWO_LESSONS, "recommendation", 100) == [TWO_LESSONS]  # not an outcome kind


def test_opening_cuts_a_long_chinese_lesson_after_a_short_opening_sentence():
    # zh-cloudwego-tanwan-case: a problem stated, then its scenarios
    text = ("瞬时高并发场景下，php - fpm 处理能力明显不够用。场景1：游戏大推 。比如邀请了一个很受欢迎的代言人，在今日头条、抖音、广点通、"
            "微信朋友圈等各个媒体里大推广告时，如果我们的平台无法承受压力，可能会导致资金浪费。")
    assert replay.opening(text, "went_wrong", 100) == ["瞬时高并发场景下，php - fpm 处理能力明显不够用。", text[text.index("场景1"):]]
    assert replay.opening(TWO_LESSONS, "lesson", 100) == [TWO_LESSONS]  # its opening sentence is over a third of it


def test_counts_match_each_part_one_to_one():
    annotated = [{"kind": "lesson", "text": "我们团队通过 Git 进行了规范化的协作开发，在分支管理与代码合并的过程中，深刻体会到了版本控制对于"
                                            "多人项目开发效率的保障作用"},
                 {"kind": "went_well", "text": "本次实践中，我们亲手打通了从底层数据库建模到后端逻辑处理，再到前端界面展示的完整链路"}]
    extracted = [{"kind": "lesson", "text": TWO_LESSONS}]
    assert replay.counts(annotated, extracted, replay.cued, 100) == (2, 1, 1, 2, 2)
    assert replay.counts(annotated, extracted, replay.numbers, 100) == (2, 1, 1, 1, 1)


def test_the_spans_never_read_a_frozen_split():
    assert not any(frozen(doc["split"]) for span in (replay.DESIGN, replay.REPLAY) for doc in chosen(*span))
    with pytest.raises(ValueError):
        chosen("held21", "held53")
    assert sorted(replay.SHAPES) == ["clauses", "cued", "labels", "next-time", "numbers", "opening"]
