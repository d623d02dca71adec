"""A text that says one short thing over and over (search/repetition.py)."""

import pytest

from search.repetition import REPEATS, UNIT, is_repetition

PARAGRAPH = ("Approach 1 made it difficult to understand the complete risk profile of the project because risks were "
             "split between the contractor and the government risk registers. ")


@pytest.mark.parametrize("text", ["x" * 2000, "ab " * 666, "测" * 2000, "测试" * 500, "X x\tX\nx " * 300,
                                  "test " * 20, "x" * 10])
def test_a_run_of_one_short_unit_is_a_repetition(text):
    assert is_repetition(text)


@pytest.mark.parametrize("text", [
    "test test failure", "测试环境测试数据测试报告都没有准备好", "测试测试", "test test test", "blah blah", "jjjjj", "x",
    "xy", "上线", "vendor delivered late", "x" * 2000 + " vendor delivered late, the go-live slipped two weeks",
    PARAGRAPH * 60,  # a long text of many words repeats its trigrams many times, but has hundreds of them
    "the vendor delivered late. " * 100,  # a sentence said over and over carries the sentence
])
def test_a_real_query_is_no_repetition(text):
    assert not is_repetition(text)


def test_the_unit_and_the_repeats_are_both_needed():
    unit = "abcdefghijk "  # twelve distinct trigrams once it runs on: "abc" .. "k a", " ab"
    assert is_repetition(unit * REPEATS * 2) and UNIT == 12
    assert not is_repetition((unit + "l") * REPEATS * 2)  # one distinct trigram more
    assert not is_repetition("test " * (REPEATS - 2))  # said a few times: a stutter, no run
