"""The reader's language: a bounded boost after fusion (search/preference.py), on hand-made rankings."""

import pytest

from search.hybrid import Fused
from search.preference import (
    chosen_language,
    content_words,
    parse_preference,
    prefer_language,
    readable,
    reading_language,
)

LANGUAGES = {"zh1": "zh", "zh2": "zh", "en1": "en", "en2": "en", "mix": "mixed", "unk": None}


def ranking(*pairs):
    return [Fused(i, score, ("keyword",)) for i, score in pairs]


def language_of(ids):
    return [LANGUAGES[i] for i in ids]


def ids(fused):
    return [f.id for f in fused]


def test_a_preferred_document_about_as_relevant_comes_first():
    fused = ranking(("zh1", 0.050), ("en1", 0.045), ("zh2", 0.030))
    assert ids(prefer_language(fused, language_of, "en", boost=0.25)) == ["en1", "zh1", "zh2"]


def test_an_other_language_document_well_ahead_keeps_its_place_and_none_is_dropped():
    fused = ranking(("zh1", 0.050), ("zh2", 0.041), ("en1", 0.030))
    # 0.030 * 1.25 = 0.0375: below both Chinese documents, which stay in the ranking
    assert ids(prefer_language(fused, language_of, "en", boost=0.25)) == ["zh1", "zh2", "en1"]


def test_the_bound_is_the_boost_factor():
    fused = ranking(("zh1", 0.0500), ("en1", 0.0399), ("en2", 0.0401))
    # 0.0399 * 1.25 < 0.05 <= 0.0401 * 1.25
    assert ids(prefer_language(fused, language_of, "en", boost=0.25)) == ["en2", "zh1", "en1"]


def test_scores_of_preferred_items_are_multiplied_and_the_others_kept():
    out = {f.id: f.score for f in prefer_language(ranking(("zh1", 0.04), ("en1", 0.02)), language_of, "zh", 0.5)}
    assert out == {"zh1": pytest.approx(0.06), "en1": pytest.approx(0.02)}


def test_mixed_and_unknown_languages_count_as_readable():
    fused = ranking(("zh1", 0.050), ("mix", 0.045), ("unk", 0.044))
    assert ids(prefer_language(fused, language_of, "en", boost=0.25)) == ["mix", "unk", "zh1"]


@pytest.mark.parametrize(("preferred", "boost"), [(None, 0.25), ("en", 0.0)])
def test_no_preference_or_no_boost_changes_nothing(preferred, boost):
    fused = ranking(("zh1", 0.050), ("en1", 0.049))
    assert prefer_language(fused, language_of, preferred, boost) == fused


def test_a_collection_in_one_language_keeps_its_order_including_ties():
    fused = ranking(("en1", 0.05), ("en2", 0.05), ("mix", 0.04))
    for preferred in ("en", "zh"):  # every item boosted, or none
        out = prefer_language(fused[:2], language_of, preferred, boost=0.25)
        assert ids(out) == ["en1", "en2"]
    assert ids(prefer_language(fused, language_of, "en", boost=0.25)) == ["en1", "en2", "mix"]


@pytest.mark.parametrize(("raw", "expected"), [("zh", "zh"), (" EN ", "en"), ("any", None), ("", None), (None, None)])
def test_parse_preference(raw, expected):
    assert parse_preference(raw) == expected


@pytest.mark.parametrize("raw", ["fr", "chinese", "zh-CN"])
def test_parse_preference_rejects_other_values_naming_the_allowed_ones(raw):
    with pytest.raises(ValueError, match="use one of: zh, en, any"):
        parse_preference(raw)


@pytest.mark.parametrize(("query", "page", "expected"), [
    ("UAT", "zh", "zh"), ("go-live", "zh", "zh"), ("UAT sign-off", "zh", "zh"),  # a term a Chinese reader types
    ("the vendor was late", "zh", "zh"),  # two content words: still a term's length
    ("vendor delivered the interface late", "zh", "en"), ("test environment not ready", "zh", "en"),  # sentences
    ("vendor delivered the interface late", "en", "en"), ("UAT", "en", "en"),
    ("回退", "en", "zh"), ("供应商一直延期交货", "en", "zh"), ("回退", "zh", "zh"),  # who types Chinese reads it
    ("SAP 上线", "zh", "zh"), ("SAP 上线", "en", "en"),  # mixed: the page's
    ("UAT test cases 用例没写完", "zh", "zh"), ("UAT test cases 用例没写完", "en", "en"),  # mixed, three English words
    ("2024", "zh", "zh"),
])
def test_reading_language_takes_the_query_language_for_chinese_and_english_sentences_else_the_page(
        query, page, expected):
    assert reading_language(page, query) == expected


def test_reading_language_counts_content_words_against_min_words():
    assert reading_language("zh", "vendor delivered late", min_words=4) == "zh"
    assert reading_language("zh", "vendor late", min_words=2) == "en"


@pytest.mark.parametrize(("query", "expected"), [
    ("test environment not ready", 3), ("the vendor was late", 2), ("go-live", 1), ("UAT sign-off", 2),
    ("SAP 上线", 1), ("回退", 0), ("it's a go", 2)])
def test_content_words_are_english_words_less_stopwords(query, expected):
    assert content_words(query) == expected


def test_readable():
    assert readable("en", "en") and readable("mixed", "en") and readable(None, "en") and readable("zh", None)
    assert not readable("zh", "en") and not readable("en", "zh")


def test_the_arrays_prefer_as_the_list_does_ties_unknown_and_mixed_included():
    """prefer_codes, on a ranking's arrays with language codes (search.forward.LANGUAGES; -1 unknown), gives
    prefer_language's items, scores to the last bit and ties in their order; an empty ranking and one item too."""
    import numpy as np

    from search.forward import LANGUAGES
    from search.preference import prefer_codes
    from search.ranked import FusedRanking

    names = {1: "zh", 2: "en", 3: "en", 4: "mixed", 5: None, 6: "zh"}

    def codes(ids):
        return np.array([LANGUAGES.index(names[i]) if names[i] else -1 for i in ids.tolist()], dtype=np.int8)

    fused = [Fused(1, 0.05, ("keyword",)), Fused(2, 0.045, ("semantic",)), Fused(3, 0.045, ("keyword",)),
             Fused(4, 0.044, ("keyword",)), Fused(5, 0.04, ("keyword",)), Fused(6, 0.0391, ("semantic",))]
    masks = np.array([1, 2, 1, 1, 1, 2])
    for preferred in ("en", "zh", None):
        for boost in (0.15, 0.25, 0.0):
            expected = reference(fused, [names[f.id] for f in fused], preferred, boost)
            assert prefer_language(fused, lambda ids: [names[i] for i in ids], preferred, boost) == expected
            arrays = FusedRanking(np.array([f.id for f in fused]), np.array([f.score for f in fused]), masks,
                                  ["keyword", "semantic"])
            got = prefer_codes(arrays, codes(arrays.ids), preferred, boost)
            assert got.items() == expected and got.scores.tolist() == [f.score for f in expected]
            made = prefer_codes(FusedRanking.of(fused), codes(arrays.ids), preferred, boost)  # items made before
            assert made == expected and made.ids.tolist() == [f.id for f in expected]
    assert ids(prefer_codes(FusedRanking.of(fused), codes(np.array([1, 2, 3, 4, 5, 6])), "en", 0.25)) == \
        [2, 3, 4, 1, 5, 6]  # 2 and 3 tie at 0.045 * 1.25, in their order; 4 (mixed) and 5 (unknown) readable
    many = FusedRanking.of([Fused(n, 0.01 * (n % 3 == 0) + 0.02, ()) for n in range(60)])  # ties, many of them
    languages = np.array([n % 2 for n in range(60)], dtype=np.int8)  # zh, en, zh, ...
    assert prefer_codes(many, languages, "en", 0.5) == reference(many.items(), [LANGUAGES[n % 2] for n in range(60)],
                                                                 "en", 0.5)
    empty = FusedRanking.of([])
    assert prefer_codes(empty, np.zeros(0, dtype=np.int8), "en") == []
    one = FusedRanking.of(fused[:1])
    assert prefer_codes(one, codes(one.ids), "en").items() == fused[:1]


def reference(fused, languages, preferred, boost):
    """The preference as a loop over the items (its first version): the independent answer the arrays must give."""
    if preferred is None or boost <= 0:
        return list(fused)
    scored = [f._replace(score=f.score * (1.0 + boost)) if readable(language, preferred) else f
              for f, language in zip(fused, languages)]
    return sorted(scored, key=lambda f: -f.score)


@pytest.mark.parametrize(("choice", "query", "preferred"), [
    ("auto", "回退", "zh"), ("auto", "test environment not ready", "en"), ("auto", "UAT sign-off", None),
    ("auto", "SAP 上线", None), (" AUTO ", "回退", "zh"), ("any", "回退", None), ("en", "回退", "en"),
    ("zh", "test environment not ready", "zh"), (None, "回退", None)])
def test_a_choice_without_a_page_auto_takes_the_querys_language_or_none(choice, query, preferred):
    # kb search's default (auto): reading_language with no page language, so a term or a mixed query prefers nothing
    assert chosen_language(choice, query) == preferred


def on_point_ranking():
    """Ten chunks, best first, of eight documents: Chinese documents ahead by the translated legs' votes, the English
    ones the query's own legs lead with (documents 5 and 7) at about half the first one's score."""
    import numpy as np

    from search.forward import LANGUAGES
    from search.ranked import FusedRanking

    rows = [(10, 1, "zh", 0.088), (11, 2, "zh", 0.085), (12, 1, "zh", 0.080), (13, 3, "zh", 0.074),
            (14, 4, "zh", 0.068), (15, 6, "en", 0.050), (16, 8, "zh", 0.042), (17, 5, "en", 0.035),
            (18, 7, "en", 0.034), (19, 9, "en", 0.020)]
    fused = FusedRanking.of([Fused(i, score, ("keyword",)) for i, _, _, score in rows])
    documents = np.array([d for _, d, _, _ in rows], dtype=np.int64)
    codes = np.array([LANGUAGES.index(lang) for _, _, lang, _ in rows], dtype=np.int8)
    return fused, documents, codes


def documents_in(fused, documents):
    order = {i: d for i, d in zip(range(10, 20), documents.tolist())}
    return list(dict.fromkeys(order[i] for i in ids(fused)))


def test_on_point_documents_in_the_reader_s_language_come_no_lower_than_3rd_5th_7th():
    """An English document the query's own legs lead with, at half the first one's score, is out of a bounded boost's
    reach; lifted, the best three such come no lower than 3rd, 5th and 7th, each just before the document at its
    place, the others in their order; the Chinese ones are still listed, and a document's other chunks stay where
    they were."""
    from search.preference import prefer_codes

    fused, documents, codes = on_point_ranking()
    boosted = prefer_codes(fused, codes, "en")
    assert documents_in(boosted, documents) == [1, 2, 3, 4, 6, 8, 5, 7, 9]  # 0.035 * 1.15 stays below 0.042
    lifted = prefer_codes(fused, codes, "en", documents=documents, leads={5, 6, 7, 9})
    assert documents_in(lifted, documents) == [1, 2, 6, 3, 5, 4, 7, 8, 9]
    assert sorted(ids(lifted)) == list(range(10, 20)) and ids(lifted).index(12) > ids(lifted).index(10)
    scores = dict(zip(ids(boosted), boosted.scores.tolist()))
    assert dict(zip(ids(lifted), lifted.scores.tolist())) == scores  # the order changes, not the scores


@pytest.mark.parametrize(("leads", "expected"), [
    (set(), [1, 2, 3, 4, 6, 8, 5, 7, 9]),  # no leg leads with them: the boost alone
    ({9}, [1, 2, 3, 4, 6, 8, 5, 7, 9]),  # 0.020 * 1.15 is under 0.4 of the first score: not on point
    ({7}, [1, 2, 7, 3, 4, 6, 8, 5, 9]),  # the one on point, to the 3rd place; the other English ones keep theirs
])
def test_only_documents_the_own_legs_lead_with_and_within_the_share_of_the_first_are_lifted(leads, expected):
    from search.preference import prefer_codes

    fused, documents, codes = on_point_ranking()
    assert documents_in(prefer_codes(fused, codes, "en", documents=documents, leads=leads), documents) == expected


def test_lifting_passes_only_where_the_other_language_is_ahead_and_none_prefers_nothing():
    """In one language (every document readable) nothing moves; no preference, or a Chinese reader whose on-point
    documents lead already, keeps the order."""
    import numpy as np

    from search.preference import prefer_codes

    fused, documents, codes = on_point_ranking()
    english = np.ones_like(codes)  # as if every document were English
    assert ids(prefer_codes(fused, english, "en", documents=documents, leads={5, 6, 7, 9})) == ids(fused)
    assert ids(prefer_codes(fused, codes, None, documents=documents, leads={5, 6, 7})) == ids(fused)
    assert ids(prefer_codes(fused, codes, "zh", documents=documents, leads={1, 2, 3})) == ids(fused)


@pytest.mark.parametrize(("leads", "codes_of", "moved"), [
    ({5, 6, 7, 9}, "as built", 3), ({7}, "as built", 1), (set(), "as built", 0), ({9}, "as built", 0),
    ({5, 6, 7, 9}, "all English", 0),  # one language: nothing passes the other's
])
def test_the_lift_says_how_many_documents_it_moved(leads, codes_of, moved):
    # kb search's line said "English documents first where about as relevant" whether or not the lift had put one
    # 3rd from 7th: prefer_and_lift counts them, and prefer_codes' order is the same.
    import numpy as np

    from search.preference import prefer_and_lift, prefer_codes

    fused, documents, codes = on_point_ranking()
    codes = codes if codes_of == "as built" else np.ones_like(codes)
    ranking, lifted = prefer_and_lift(fused, codes, "en", documents=documents, leads=leads)
    assert lifted == moved
    assert ids(ranking) == ids(prefer_codes(fused, codes, "en", documents=documents, leads=leads))
    assert prefer_and_lift(fused, codes, None, documents=documents, leads=leads).lifted == 0


@pytest.mark.parametrize(("removed", "leads", "shown", "moved"), [
    # the Chinese document 2nd is removed: the English one on point comes 3rd of those listed, not 2nd
    ({2}, {7}, [1, 3, 7, 4, 6, 8, 5, 9], 1),
    # every Chinese one but the first removed: the English one on point is 2nd by relevance, and nothing moved
    ({2, 3, 4, 8}, {6}, [1, 6, 5, 7, 9], 0),
])
def test_a_removed_document_takes_no_place_and_is_not_passed(removed, leads, shown, moved):
    """A document removed since the index's last sync is dropped after the lift (Assembler.collapse): counted among
    the places, it let the lifted document land a place higher than PLACES among those listed, and a lift past only
    removed documents was counted though the reader saw nothing move (r-review)."""
    import numpy as np

    from search.preference import prefer_and_lift

    fused, documents, codes = on_point_ranking()
    live = ~np.isin(documents, list(removed))
    ranking, lifted = prefer_and_lift(fused, codes, "en", documents=documents, leads=leads, live=live)
    assert [d for d in documents_in(ranking, documents) if d not in removed] == shown
    assert lifted == moved
