"""How much of a query's specific content a collection holds (search/coverage.py): the relevance floor's coverage."""

from dataclasses import replace

import pytest

from search.coverage import SMALL, Word, content_words, coverage, query_words, translation_credit

CHUNKS = 1882  # the shipped corpus's chunks


def test_content_words_leave_out_question_words_and_stopwords():
    assert content_words("如何做好跨部门沟通") == ["做好", "跨部门", "沟通"]
    assert content_words("What causes the Northern Lights?") == ["causes", "northern", "lights"]
    assert content_words("为什么项目总是延期 vendor") == ["项目", "总是", "延期", "vendor"]
    assert content_words("怎么办？") == [] and content_words("the of and") == []


def test_specific_words_the_collection_lacks_weigh_most():
    # 马拉松 and 饮食 are rare in Chinese at large; 训练 and 计划, which the lessons hold, common
    marathon = [Word("马拉松", 0, tag="nr"), Word("训练", 3, tag="vn"), Word("计划", 241, tag="n"), Word("饮食", 0, tag="n")]
    assert coverage(marathon, CHUNKS) == pytest.approx(0.41, abs=0.01)
    # a common word weighs little: 做好 as a noun would not make 如何做好跨部门沟通 off-topic
    teams = [Word("做好", 0, tag="n"), Word("跨部门", 46, tag="n"), Word("沟通", 14, tag="v")]
    assert coverage(teams, CHUNKS) == pytest.approx(0.73, abs=0.01)


def test_a_word_held_only_through_its_translation_counts_as_much_as_the_other_language_holds():
    diet = [Word("饮食", 0, translated=True, tag="n")]
    assert coverage(diet, CHUNKS) == 0.5  # the query's language not known
    assert coverage(diet, CHUNKS, translated=1.0) == 1.0
    assert coverage([*diet, Word("马拉松", 0, tag="nr")], CHUNKS) < 0.5 * 0.5
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


def test_names_the_collection_lacks_are_not_counted():
    # each listed nothing when their names counted: the name weighed the most (s-floor2's gate, reverted)
    acme = [Word("vendor", 89), Word("delivered", 44), Word("late", 115), Word("acme", 0, capitalised=True)]
    assert coverage(acme, CHUNKS) == 1.0
    assert coverage([*acme[:3], Word("acme", 0)], CHUNKS) < 0.65  # a word like any other: a subject the lessons lack
    zhang = [Word("张伟", 0, tag="nr", in_dictionary=False), Word("负责", 232, tag="v"), Word("供应商", 108, tag="n"),
             Word("延期", 74, tag="v")]
    assert coverage(zhang, CHUNKS) == 1.0
    assert coverage([replace(zhang[0], in_dictionary=True), *zhang[1:]], CHUNKS) < 0.65
    sap = [Word("上线", 310, tag="n"), Word("sap", 0, beside_chinese=True)]
    assert coverage(sap, CHUNKS) == 1.0


def test_a_chinese_word_that_is_no_noun_says_nothing_of_the_subject():
    # 交接没做好 (a PM's query, 40 relevant documents): 交接 is in 43 chunks, 做好 (a verb) in none
    handover = [Word("交接", 43, tag="v"), Word("做好", 0, tag="v")]
    assert coverage(handover, CHUNKS) == 1.0
    # 马拉松训练计划和饮食: the missing nouns count
    assert coverage([Word("训练", 3, tag="vn"), Word("饮食", 0, tag="n")], CHUNKS) < 0.65


def test_a_misspelt_word_near_a_collection_term_counts_as_matched():
    typo = [Word("requirments", 0, misspelt=True), Word("signed", 30), Word("late", 115)]
    assert coverage(typo, CHUNKS) == 1.0
    assert coverage([replace(typo[0], misspelt=False), *typo[1:]], CHUNKS) < 0.65


def test_a_small_collection_is_not_asked():
    # "payment supplier delay" over 31 chunks on late vendors: supplier and delay are nowhere, the subject is there
    words = [Word("payment", 12), Word("supplier", 0), Word("delay", 0)]
    assert coverage(words, SMALL - 1) == 1.0
    assert coverage(words, SMALL) < 0.65


def test_query_words_tell_names_from_words():
    words = {w.text: w for w in query_words("test environment Zhang San", lambda w: 0, lambda w: [])}
    assert [t for t, w in words.items() if w.capitalised] == ["zhang", "san"]
    # a capital tells a name wherever it stands, the query's first word too ("Deloitte consultants left early", 37
    # documents, and "Mike approved the change without review", 40, listed none when an opening capital did not)
    words = {w.text: w for w in query_words("Deloitte consultants left EARLY", lambda w: 0, lambda w: [])}
    assert [t for t, w in words.items() if w.capitalised] == ["deloitte", "early"]
    words = query_words("deloitte consultants left early", lambda w: 0, lambda w: [])
    assert not any(w.capitalised for w in words)  # a lower-case query: every missing word counts
    words = {w.text: w for w in query_words("张伟负责的供应商延期 SAP", lambda w: 0, lambda w: [])}
    assert not words["张伟"].in_dictionary and words["供应商"].in_dictionary and words["供应商"].tag == "n"
    assert words["sap"].beside_chinese and words["负责"].tag == "v"
    held = {"late": 3}
    words = query_words("deliverd late", lambda w: held.get(w, 0), lambda w: [], lambda w: w == "deliverd")
    assert [(w.text, w.misspelt) for w in words] == [("deliverd", True), ("late", False)]
