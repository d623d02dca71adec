"""How much of a query's specific content a collection holds (search/coverage.py): the relevance floor's coverage."""

import pytest

from search.coverage import Word, content_words, coverage, query_words, translation_credit

CHUNKS = 1882  # the shipped corpus's chunks


def test_content_words_leave_out_question_words_and_stopwords():
    assert content_words("如何做好跨部门沟通") == ["做好", "跨部门", "沟通"]
    assert content_words("What causes the Northern Lights?") == ["causes", "northern", "lights"]
    assert content_words("为什么项目总是延期 vendor") == ["项目", "总是", "延期", "vendor"]
    assert content_words("怎么办？") == [] and content_words("the of and") == []


def test_specific_words_the_collection_lacks_weigh_most():
    # 马拉松 and 饮食 are rare in Chinese at large; 训练 and 计划, which the lessons hold, common
    marathon = [Word("马拉松", 0), Word("训练", 3), Word("计划", 241), Word("饮食", 0)]
    assert coverage(marathon, CHUNKS) == pytest.approx(0.41, abs=0.01)
    # 做好 is missing from the collection too, but it is a common word: its absence says little
    teams = [Word("做好", 0), Word("跨部门", 46), Word("沟通", 14)]
    assert coverage(teams, CHUNKS) == pytest.approx(0.73, abs=0.01)


def test_a_word_held_only_through_its_translation_counts_as_much_as_the_other_language_holds():
    diet = [Word("饮食", 0, translated=True)]
    assert coverage(diet, CHUNKS) == 0.5  # the query's language not known
    assert coverage(diet, CHUNKS, translated=1.0) == 1.0
    assert coverage([*diet, Word("马拉松", 0)], CHUNKS) < 0.5 * 0.5
    # a Chinese query: in an English collection a translation is the only way in; in a mostly Chinese one, a
    # word missing in Chinese and found as a common English word (food) is weak evidence
    assert translation_credit("zh", {"en": 11397}) == 1.0
    assert translation_credit("zh", {"zh": 947, "en": 935}) == pytest.approx(0.497, abs=0.001)
    assert translation_credit("zh", {"zh": 3393, "en": 947, "mixed": 758}) == pytest.approx(0.334, abs=0.001)
    assert translation_credit("en", {"zh": 3393, "en": 947, "mixed": 758}) == pytest.approx(0.814, abs=0.001)
    assert translation_credit("mixed", {"zh": 10}) == translation_credit("en", {}) == 0.5


def test_english_words_weigh_their_rarity_in_the_collection():
    # "northern" and "lights" are nowhere: each weighs as much as a word can; "causes" (in 82 chunks) less
    lights = [Word("causes", 82), Word("northern", 0), Word("lights", 0)]
    assert coverage(lights, CHUNKS) == pytest.approx(0.16, abs=0.01)
    assert coverage([Word("vendor", 40), Word("late", 90)], CHUNKS) == 1.0


def test_a_query_without_content_words_misses_nothing():
    assert coverage([], CHUNKS) == 1.0


def test_query_words_ask_for_a_translation_only_of_words_no_chunk_holds():
    held = {"供应商": 12, "延期": 3}
    asked = []

    def translations(word):
        asked.append(word)
        return ["catering"] if word == "饮食" else []

    found = query_words("供应商延期和饮食问题", lambda w: held.get(w, 0), translations)
    assert [(w.text, w.chunks, w.translated, w.matched) for w in found] == [
        ("供应商", 12, False, True), ("延期", 3, False, True), ("饮食", 0, True, True), ("问题", 0, False, False)]
    assert asked == ["饮食", "问题"]
