"""Dictionary translation of queries: the collection's vocabulary and, given one, the context choose the senses."""

import gzip

import pytest

from search.translate import get_translator
from search.translation_scores import ScoreTable, model_words


@pytest.fixture(scope="module")
def translator():
    return get_translator([])


def test_translations_the_collection_lacks_are_dropped(translator):
    assert translator.terms("extract") == ["引出", "抽取"]
    assert translator.terms("extract", doc_freq=lambda term: term == "抽取") == ["抽取"]
    assert translator.terms("extract", doc_freq=lambda term: 0) == []


@pytest.mark.parametrize("query, context, expected", [
    ("extract", "我们用了三个月前的数据抽取做演练", ["抽取"]),  # the sense the other-language text uses
    ("区域", "Each region reported revenue its own way", ["region"]),
    ("区域", "regional sales teams disagreed", ["region"]),  # a word start: region(al)
    ("区域", "the subregion", ["area", "region"]),  # not inside a word: no sense confirmed, both kept
    ("extract", "nothing related at all", ["引出", "抽取"]),  # no sense in the context: the dictionary's order
    ("extract", "", ["引出", "抽取"]),
])
def test_the_context_picks_among_a_words_translations(translator, query, context, expected):
    assert translator.terms(query, context=context) == expected


def test_dictionary_entries_that_mean_the_word_alone_come_first(translator):
    # CC-CEDICT has "stock" in 库存 (stock) and in 优先股 (preferred stock), 合股 (joint stock), ...
    assert translator.terms("stock")[0] == "库存"
    assert "优先股" not in translator.terms("stock")


def _scores(table):
    """A similarity for Translator.terms from a hand-made table of (word, translation) -> score."""
    def similarity(pairs):
        return [[table.get((word, c), 0.0) for c in candidates] for word, candidates in pairs]
    return similarity


def test_a_model_orders_dictionary_translations_and_drops_the_far_ones(translator):
    calls = []
    table = {("extract", "抽取"): 0.86, ("extract", "引出"): 0.4, ("carrier", "运营商"): 0.53}

    def similarity(pairs):
        calls.append(pairs)
        return _scores(table)(pairs)

    assert translator.terms("extract carrier") == ["引出", "抽取", "带原者", "承运人"]  # the dictionary's order
    terms = translator.terms("extract carrier", similarity=similarity, min_similarity=0.6)
    assert terms == ["抽取"]  # 引出 too far from "extract"; nothing for "carrier" reaches 0.6
    assert len(calls) == 1 and [w for w, _ in calls[0]] == ["extract", "carrier"]  # one model call per query
    assert translator.terms("extract", similarity=similarity, min_similarity=0.3) == ["抽取", "引出"]


@pytest.mark.parametrize(("word", "expected"), [
    ("回退", ["rollback", "roll back", "fall back"]), ("回滚", ["rollback", "roll back"])])
def test_a_rollback_in_chinese_is_a_rollback_not_a_return(translator, word, expected):
    # 回退 is "revert, return" in CC-CEDICT; in a project it is the rollback of a cutover (回退方案, 回退点), and
    # "return" found the Customer Portal's returns flow first on the English page
    assert translator.terms(word, context="the returns flow was rebuilt") == expected


def test_glossary_entries_and_chinese_words_keep_their_order_under_a_model(translator):
    nothing = _scores({})  # every pair scores 0: only what the model scores can be dropped
    assert translator.terms("budget", similarity=nothing, min_similarity=0.6) == translator.terms("budget")
    assert translator.terms("区域", similarity=nothing, min_similarity=0.6) == ["area", "region"]


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "scores.tsv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("# model=some-model\n# a comment\nextract\t抽取 0.86 引出 0.40\ncarrier\t承运人 0.66\n")
    return ScoreTable.read(path)


def test_a_score_table_answers_what_it_lists_and_asks_the_model_once_for_the_rest(table):
    asked = []

    def model(pairs):
        asked.append(pairs)
        return [[0.7 for _ in candidates] for _, candidates in pairs]

    pairs = [("extract", ["抽取", "引出"]), ("carrier", ["承运人", "运营商"]), ("extracted", ["抽取"])]
    assert table.model == "some-model"
    assert table.with_fallback(model)(pairs) == [[0.86, 0.40], [0.66, 0.7], [0.7]]
    assert asked == [[("carrier", ["运营商"]), ("extracted", ["抽取"])]]  # one call, only what the table lacks
    assert table.unscored(pairs) == ["carrier", "运营商", "extracted", "抽取"]
    asked.clear()
    assert table.with_fallback(model)(pairs[:1]) == [[0.86, 0.40]] and asked == []


def test_the_translator_lists_the_pairs_a_model_would_score(translator):
    in_collection = {"引出", "抽取", "承运人", "预算"}.__contains__
    pairs = translator.scored_pairs("extract 数据 from the carrier budget", doc_freq=in_collection)
    # "budget" is a glossary entry (curated, not scored); only translations in the collection are scored
    assert pairs == [("extract", ["引出", "抽取"]), ("carrier", ["承运人"])]


def test_the_shipped_table_is_read_once_and_only_for_its_model(monkeypatch):
    from search import translation_scores

    calls = []
    monkeypatch.setattr(translation_scores, "_SCORES", None)
    monkeypatch.setattr(ScoreTable, "model_of", staticmethod(lambda path: calls.append("header") or "m1"))
    monkeypatch.setattr(ScoreTable, "read",
                        classmethod(lambda cls, path: calls.append("table") or cls("m1", {"a": {"b": 1.0}})))
    assert translation_scores.builtin_scores("other") is None and translation_scores.builtin_scores("other") is None
    assert calls == ["header"]  # a search per query must not open the file again
    assert translation_scores.builtin_scores("m1").scores == {"a": {"b": 1.0}}
    assert translation_scores.builtin_scores("m1") is translation_scores.builtin_scores("m1")
    assert calls == ["header", "header", "table"]


def test_a_word_start_is_found_as_the_regular_expression_finds_it() -> None:
    import random
    import re

    from search.translate import _at_word_start

    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice("ab1 -é.x") for _ in range(rng.randrange(0, 30)))
        term = "".join(rng.choice("ab1-x") for _ in range(rng.randrange(1, 4)))
        assert _at_word_start(text, term) == (re.search(r"(?<![a-z0-9])" + re.escape(term), text) is not None), \
            (text, term)


def test_model_words_are_the_dictionary_words_the_model_can_be_asked_to_embed():
    table = ScoreTable("m", {"test": {"测试": 0.9, "考验": 0.5}, "tested": {"经受考验": 0.7}, "budget": {"预算": 0.9}})
    held = {"测试", "经受考验", "预算"}  # 考验 is not in the collection
    words = model_words(table, lambda term: int(term in held))
    assert set(words) == {"测试", "经受考验", "预算", "tested"}  # "tested" takes "test"'s translations too
    pairs = [("tested", ["经受考验", "测试"]), ("test", ["测试"]), ("budget", ["预算"])]  # as a search asks
    assert set(table.unscored(pairs)) <= set(words)
    assert table.unscored([("tests", ["测试"])]) == ["tests", "测试"]  # an inflected form: embedded by its search


def test_a_pair_the_table_lacks_is_scored_by_the_words_other_forms_without_a_model():
    table = ScoreTable("m", {"negotiation": {"谈判": 0.8, "议付": 0.5}, "slip": {"滑倒": 0.6}})
    pairs = [("negotiations", ["谈判", "议付", "聚议"]), ("slipped", ["滑倒"])]  # what a one-language sync asks
    assert table.by_forms(pairs) == [[0.8, 0.5, 0.0], [0.6]]  # 聚议: no form of the word has it scored
    assert table.with_fallback(table.by_forms)([("negotiation", ["谈判"]), *pairs]) == [[0.8], [0.8, 0.5, 0.0], [0.6]]


@pytest.mark.parametrize(("word", "wanted", "not_wanted"), [
    ("keyed", {"键入"}, {"关键", "钥匙"}),  # "keyed in by hand" is typed in, not crucial (PM walk, session 18)
    ("trained", {"培训", "训练"}, {"列车", "火车"}),  # a trained key user, not a train
    ("delayed", {"延期", "延迟"}, set()),  # a verb's form takes the verb's senses as before
    ("arrived", {"到达"}, set()),  # "to reach; to arrive": every word of a verb sense is a verb
    ("approved", {"审批", "批准"}, set()),  # "to examine and approve"
])
def test_a_past_tense_or_participle_takes_only_the_verbs_senses_of_its_stem(translator, word, wanted, not_wanted):
    found = {z for _, candidates in translator.scored_pairs(word, doc_freq=lambda term: 1) for z in candidates}
    assert wanted <= found and not found & not_wanted


def test_a_plural_still_takes_its_nouns_senses(translator):
    # "keys" and "key users" are nouns: 关键 and 钥匙 stay theirs
    found = {z for _, candidates in translator.scored_pairs("keys", doc_freq=lambda term: 1) for z in candidates}
    assert {"关键", "钥匙", "键入"} <= found


@pytest.mark.parametrize(("text", "wanted", "not_wanted"), [
    ("lessons", ["经验教训"], {"授课", "补课"}),  # the glossary's "lesson", not the dictionary's "to give lessons"
    ("contractors", ["外包", "承包商"], {"包工"}),  # the glossary's "contractor", not a labour contractor
    ("root causes", ["根本原因", "根因"], set()),  # a phrase whose last word is a plural
    ("action items", ["行动项"], {"项目"}),
    ("reported", ["汇报"], {"报表"}),  # a verb's form is not a plural: the dictionary's verb, not 报表
])
def test_a_plural_reaches_its_glossary_entry(translator, text, wanted, not_wanted):
    found = translator.terms(text)
    assert found[:len(wanted)] == wanted and not set(found) & not_wanted


def test_a_sense_the_word_is_only_part_of_comes_after_the_words_own(translator):
    scores = _scores({("data", "数据"): 0.93, ("data", "资料"): 0.67, ("data", "数据处理"): 0.73,  # "data processing"
                      ("time", "时间"): 0.91, ("time", "时差"): 0.79,  # "time difference"
                      ("management", "项目管理"): 0.62})  # "project management": no sense is "management" alone
    assert translator.terms("data time management", similarity=scores, min_similarity=0.6) == [
        "数据", "资料", "时间", "项目管理"]
    # the alternatives within a sense are each the word alone: 审批 "to examine and approve", 到达 "to reach; to arrive"
    assert {(True, "审批")} <= {(alone, zh) for alone, _, zh in translator.dict_en_zh["approve"]}
    assert {(True, "到达")} <= {(alone, zh) for alone, _, zh in translator.dict_en_zh["arrive"]}
    assert {(False, "项目管理")} <= {(alone, zh) for alone, _, zh in translator.dict_en_zh["management"]}


def test_a_sense_out_of_todays_usage_is_not_read(translator):
    assert translator.terms("电商") == ["e-commerce"]  # not "(old) to negotiate by telegram or telephone"
    assert translator.terms("名学") == []  # "(archaic term) logic"
    assert "电商" not in {zh for _, _, zh in translator.dict_en_zh.get("negotiate", [])}


@pytest.mark.parametrize(("word", "expected"), [
    ("太仓", ["taicang"]),  # "Taicang, county-level city in Suzhou": a Taicang text is not a Suzhou one
    ("上海", ["shanghai"]),  # "Shanghai municipality, central east China"
    ("阿里", ["ali"]),  # "Ali (name)/Ali (c. 600-661), the fourth caliph of Islam"
    ("深圳", ["shenzhen"]),  # "Shenzhen subprovincial city in Guangdong, special economic zone close to Hong Kong"
])
def test_a_proper_noun_is_translated_by_its_name_not_its_gloss(translator, word, expected):
    assert translator.terms(word) == expected


@pytest.mark.parametrize(("text", "wanted", "not_wanted"), [
    ("report", ["报告"], set()),  # 报表 "report|dashboard" had made every report a 报表
    ("integration", ["集成"], set()),  # not only 接口 (an interface)
    ("risk owner", ["风险", "负责人"], {"业主"}),  # an owner of a risk or an action, not of a property
    ("负责人", ["owner"], {"person", "charge"}),  # "person in charge", searched word by word
    ("数据中台", ["data platform"], {"china"}),  # CC-CEDICT's 中台 is "China and Taiwan"
])
def test_the_glossary_holds_the_pm_terms_the_dictionary_misreads(translator, text, wanted, not_wanted):
    found = translator.terms(text)
    assert set(wanted) <= set(found) and not set(found) & not_wanted


def test_an_english_word_reaches_an_entry_whose_later_sense_is_the_word_alone(translator):
    # 管理 is "to supervise/to manage/to administer/management": "management" is its fourth sense
    assert (True, 3, "管理") in translator.dict_en_zh["management"]
    scores = _scores({("management", "管理"): 0.89, ("management", "项目管理"): 0.62})
    assert translator.terms("management", similarity=scores, min_similarity=0.6) == ["管理"]
    # a Chinese word's English is still read from its first three senses
    assert "management" not in translator.dict_zh_en["管理"]


@pytest.mark.parametrize(("word", "wanted", "not_wanted"), [
    ("结果", {"outcome", "result"}, {"bear", "fruit"}),  # jie2guo3, not jie1guo3 "to bear fruit"
    ("资源", {"resource"}, {"ziyuan"}),  # a word's reading before a name's (Ziyuan county)
    ("不是", set(), {"fault", "blame"}),  # bu4shi4 "is not", not bu2shi5 "fault; blame"
    ("地方", {"place"}, {"regional"}),  # di4fang5 "area/place/space/...", not di4fang1 "regional"
])
def test_a_word_with_several_readings_takes_its_commonest(translator, word, wanted, not_wanted):
    found = set(translator.dict_zh_en[word])
    assert wanted <= found and not found & not_wanted
    assert translator.segment("不是结果") == ["不是", "结果"]  # still words for the segmenter


@pytest.mark.parametrize(("word", "wanted", "not_wanted"), [
    ("slipped", {"打滑", "滑倒"}, set()),  # a doubled consonant: "slip"
    ("planning", {"计划"}, set()),
    ("built", {"建造", "修建"}, set()),  # an irregular past: "build"
    ("kept", {"保持"}, set()),
    ("passed", {"通过"}, {"得罪", "洋相"}),  # "pass", never "pas" (of "faux pas")
])
def test_a_verbs_form_no_ending_rule_undoes_reaches_its_base(translator, word, wanted, not_wanted):
    found = {z for _, candidates in translator.scored_pairs(word, doc_freq=lambda term: 1) for z in candidates}
    assert wanted <= found and not found & not_wanted


def test_a_word_whose_own_sense_is_a_character_reads_no_longer_sense_in_its_place(translator):
    # 四 is "four" (a character is no search term); 四个全面 "Four Comprehensives" is not "four"
    assert translator.terms("four") == []
    assert translator.terms("two", doc_freq=lambda term: term in {"两端", "后两者"}) == []
    assert "四" not in {z for _, candidates in translator.scored_pairs("four", lambda term: 1) for z in candidates}


def test_a_sense_that_is_a_words_grammar_is_not_read(translator):
    # 不了 "(as a resultative verb suffix) unable to (do sth)", "(pattern: ...) without end; incessantly"
    assert not {"unable", "end"} & set(translator.dict_zh_en.get("不了", []))
    assert "不了" not in {zh for _, _, zh in translator.dict_en_zh.get("incessantly", [])}
