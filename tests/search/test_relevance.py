"""The relevance floor (search/relevance.py), on hand-made evidence: documents are lists of chunk ids."""

from dataclasses import replace

from search.relevance import Evidence, Floor, above_floor, floor_for

LEAD = Floor(gate=0.22, gate_rank=3, margin=0.15, minimum=0.15, lead=10, agreement=20)
FLOOR = Floor(gate=0.22, gate_rank=3, margin=0.15, minimum=0.15, lead=0, agreement=20)  # each rule alone
# Forty documents of one chunk each (chunk id = 10 x document number), and one of three chunks (chunk ids 7, 8, 9).
DOCS = [[10 * n] for n in range(1, 41)] + [[7, 8, 9]]


def evidence(cosines, **found):
    return Evidence(found={"semantic": sorted(cosines, key=lambda i: -cosines[i]), **found}, cosines=dict(cosines))


def kept(flags, docs=DOCS):
    return [docs[n][0] for n, ok in enumerate(flags) if ok]


def test_without_a_semantic_leg_every_match_counts():
    assert above_floor(DOCS, Evidence(found={"keyword": [10, 20]})) == [True] * len(DOCS)


def test_a_query_whose_best_match_is_far_is_about_nothing_here():
    ev = evidence({10: 0.20, 20: 0.19, 30: 0.18}, keyword=[40, 50, 60], feedback=[40, 50, 60])
    assert above_floor(DOCS, ev, FLOOR) == [False] * len(DOCS)


def test_the_gate_opens_when_keyword_and_meaning_agree_on_one_of_their_first_documents():
    # the best cosine is low (a terse query), but both legs put document 30 in their first three
    ev = evidence({10: 0.20, 20: 0.19, 30: 0.18}, keyword=[40, 30, 50])
    assert kept(above_floor(DOCS, ev, FLOOR)) == [10, 20, 30]
    late = evidence({10: 0.20, 20: 0.19, 30: 0.18}, keyword=[40, 50, 60, 30])  # fourth: not agreement enough
    assert not any(above_floor(DOCS, late, FLOOR))


def test_meaning_within_the_margin_of_the_best_match():
    ev = evidence({10: 0.60, 20: 0.46, 30: 0.44, 40: 0.30})
    assert kept(above_floor(DOCS, ev, FLOOR)) == [10, 20]  # 0.60 - 0.15 = 0.45


def test_meaning_never_below_the_minimum():
    ev = evidence({10: 0.25, 20: 0.16, 30: 0.14})
    assert kept(above_floor(DOCS, ev, FLOOR)) == [10, 20]  # the margin allows 0.10, the minimum does not


def test_two_legs_agreeing_count_without_the_meaning():
    ev = evidence({10: 0.60, 20: 0.30}, keyword=[30, 20], feedback=[30])
    # 30: keyword and feedback agree; 20: keyword and semantic agree; 10: meaning
    assert kept(above_floor(DOCS, ev, FLOOR)) == [10, 20, 30]


def test_one_leg_alone_does_not_count():
    ev = evidence({10: 0.60}, keyword=[30, 40], translated=[50])
    assert kept(above_floor(DOCS, ev, FLOOR)) == [10]


def test_agreement_counts_documents_not_chunks():
    # a three-chunk document first in two legs takes one rank, so document 200 (twentieth) is still in the first 20
    ahead = [7, 8, 9] + [10 * n for n in range(1, 19)]  # documents 7.., then 10..180: 19 documents
    ev = evidence({10: 0.60}, keyword=[*ahead, 200], feedback=[*ahead, 200])
    assert 200 in kept(above_floor(DOCS, ev, FLOOR))
    ev = evidence({10: 0.60}, keyword=[*ahead, 190, 200], feedback=[*ahead, 190, 200])  # now twenty-first
    assert 200 not in kept(above_floor(DOCS, ev, FLOOR))


def test_a_document_counts_by_its_best_chunk():
    ev = evidence({8: 0.50, 7: 0.10, 10: 0.55})
    assert kept(above_floor(DOCS, ev, FLOOR)) == [10, 7]


def test_no_documents():
    assert above_floor([], evidence({}), FLOOR) == []


def test_the_first_documents_of_the_query_s_own_legs_count():
    ev = evidence({10: 0.60, 20: 0.30}, keyword=[30 + 10 * n for n in range(12)])
    # 20: semantic's second; 30..120: keyword's first ten; 130, 140: eleventh and twelfth, one leg only
    assert kept(above_floor(DOCS, ev, LEAD)) == [10, 20, *range(30, 121, 10)]
    expansion = evidence({10: 0.60}, translated=[30, 40])  # an expansion leg alone leads nothing
    assert kept(above_floor(DOCS, expansion, LEAD)) == [10]
    assert kept(above_floor(DOCS, evidence({10: 0.20}, keyword=[30]), LEAD)) == []  # no lead past the gate


def test_a_model_without_measured_values_has_no_floor():
    assert floor_for("use-multilingual") is not None and floor_for("minilm") is None
    assert above_floor(DOCS[:2], evidence({10: 0.01}), None) == [True, True]


def test_the_gate_opens_when_a_found_chunk_holds_every_term_of_the_query():
    terse = evidence({10: 0.19, 20: 0.17}, keyword=[30, 40])  # "vendor": low cosines with whole passages
    assert not any(above_floor(DOCS, terse, FLOOR))
    terse.holding = lambda: {30}
    assert kept(above_floor(DOCS, terse, replace(FLOOR, holders=False))) == [10, 20]


def test_a_document_holding_every_word_of_the_query_counts():
    # 上线: the keyword leg's chunks 30..150 hold it; only its first ten lead (and the semantic leg's, 10 and 20)
    holders = [10 * n for n in range(3, 16)]
    ev = evidence({10: 0.30, 20: 0.20}, keyword=holders)
    ev.holding = lambda: set(holders)
    assert kept(above_floor(DOCS, ev, replace(LEAD, holders=False))) == [10, 20, *range(30, 121, 10)]
    assert kept(above_floor(DOCS, ev, LEAD)) == [10, 20, *range(30, 151, 10)]
    ev.holding = lambda: {8}  # a document counts by any of its chunks
    assert kept(above_floor(DOCS, ev, LEAD)) == [10, 20, *range(30, 121, 10), 7]


def test_the_gate_stays_closed_when_no_found_chunk_holds_every_word():
    ev = evidence({10: 0.19, 20: 0.17}, keyword=[30, 40])
    ev.holding = lambda: set()
    assert not any(above_floor(DOCS, ev, LEAD))


def _near(ev, documents, collection=120):
    """The semantic leg's nearest documents (before its cosine floor; document n holds chunk 10 x n, document 41
    chunks 7-9) in a collection of ``collection`` documents."""
    return replace(ev, nearest=documents, collection_documents=collection,
                   documents_of=lambda ids: [i // 10 if i >= 10 else 41 for i in ids])


def test_the_semantic_leg_votes_by_its_nearest_chunks_when_a_chunk_holds_every_word():
    # "scope creep": a word or two is far from every passage, so the semantic leg keeps two chunks of cosine 0.15 or
    # more and agrees with no other leg; its nearest chunks, under that floor, still say which documents it puts first
    ev = evidence({10: 0.19, 20: 0.17}, keyword=[30, 40, 50], translated=[60])
    ev.holding = lambda: {30}
    assert kept(above_floor(DOCS, ev, FLOOR)) == [10, 20, 30]
    near = _near(ev, [1, 2, 5, 6, 7])  # the documents past the first two scored under 0.15
    assert kept(above_floor(DOCS, near, FLOOR)) == [10, 20, 30, 50, 60]  # 50: keyword; 60: translated; 70: alone
    assert kept(above_floor(DOCS, near, replace(FLOOR, nearest_votes=False))) == [10, 20, 30]
    deep = _near(ev, [1, 2, *range(21, 40), 5])  # document 5 is the leg's 22nd: too far
    assert kept(above_floor(DOCS, deep, FLOOR)) == [10, 20, 30]


def test_the_nearest_chunks_vote_for_a_sixth_of_the_collection_at_most():
    # the nearest documents of a small collection are all of it: a rank among them is no evidence, so they vote for
    # one document in six (20 of the 120 where the agreement depth was chosen), none in a collection of five
    ev = evidence({10: 0.19, 20: 0.17}, keyword=[30, 40, 50], translated=[60])
    ev.holding = lambda: {30}
    for collection in (3, 5):
        assert kept(above_floor(DOCS, _near(ev, [5, 6, 7], collection), FLOOR)) == [10, 20, 30]
    for collection in (6, 11):  # one
        assert kept(above_floor(DOCS, _near(ev, [5, 6, 7], collection), FLOOR)) == [10, 20, 30, 50]
    assert kept(above_floor(DOCS, _near(ev, [5, 6, 7], 12), FLOOR)) == [10, 20, 30, 50, 60]  # two in twelve
    assert kept(above_floor(DOCS, _near(ev, [7, 5, 6], 12), FLOOR)) == [10, 20, 30, 50]  # 7 votes alone, 6 is third
    assert kept(above_floor(DOCS, _near(ev, [7, 5, 6], 18), FLOOR)) == [10, 20, 30, 50, 60]
    assert kept(above_floor(DOCS, _near(ev, [1, *range(21, 40), 5], 10_000), FLOOR)) == [10, 20, 30]  # 20 at most


def test_a_leg_s_lead_is_a_share_of_a_small_collection():
    # a leg's first ten are all of a collection of six: in 6 English retrospectives "the vendor delivered the interface
    # late" counted the 5 it matched. A lead is one document in twelve of the collection, 10 from 120 on (s-small)
    ev = evidence({10: 0.30}, keyword=[20, 30, 40])
    assert kept(above_floor(DOCS, ev, LEAD)) == [10, 20, 30, 40]  # size not known: not bounded
    for collection in (120, 132, 10_000):  # as before
        assert kept(above_floor(DOCS, replace(ev, collection_documents=collection), LEAD)) == [10, 20, 30, 40]
    assert kept(above_floor(DOCS, replace(ev, collection_documents=11), LEAD)) == [10]
    assert kept(above_floor(DOCS, replace(ev, collection_documents=12), LEAD)) == [10, 20]  # the first of each leg
    assert kept(above_floor(DOCS, replace(ev, collection_documents=35), LEAD)) == [10, 20, 30]
    assert kept(above_floor(DOCS, replace(ev, collection_documents=36), LEAD)) == [10, 20, 30, 40]
    ev.found["translated"] = [40]  # agreement is not bounded: two legs touching document 4 count it
    assert kept(above_floor(DOCS, replace(ev, collection_documents=6), LEAD)) == [10, 40]
    shared = replace(LEAD, agreement_part=6)  # tried: one in six, the first at least
    assert kept(above_floor(DOCS, replace(ev, collection_documents=6), shared)) == [10]
    assert kept(above_floor(DOCS, replace(ev, collection_documents=18), shared)) == [10, 20, 40]


def test_the_nearest_chunks_vote_only_for_a_query_whose_words_a_chunk_holds():
    # "what causes the northern lights": its gate opens on the two legs agreeing on a document about "causes", but
    # no chunk holds all its words; its semantic leg votes by its own chunks alone, and the nearest open no gate
    ev = _near(evidence({10: 0.19, 20: 0.17}, keyword=[10, 40, 50], translated=[60]), [1, 2, 5, 6, 7])
    assert kept(above_floor(DOCS, ev, FLOOR)) == [10, 20]
    off = _near(evidence({10: 0.19}, keyword=[30, 40]), [3, 4, 1])
    assert not any(above_floor(DOCS, off, FLOOR))


def test_the_two_feedback_legs_vote_once_together_in_a_small_collection():
    # 测试环境 in six English retrospectives: the feedback legs search the terms of the same first results (in the
    # query's language and the other), and in six documents those terms reach nearly all of them: the two agreeing
    # counted five relevant documents where one is about test environments (s-small2)
    feedback = [10, 20, 30, 40, 50]
    ev = evidence({10: 0.24, 20: 0.20}, feedback=feedback, cross_feedback=feedback, translated=[40])
    assert kept(above_floor(DOCS, ev, FLOOR)) == [10, 20, 30, 40, 50]  # the size not known: apart, as before
    for collection in (6, 12, 119):  # one vote: 40 counts by the translated leg's too, 30 and 50 by theirs alone
        assert kept(above_floor(DOCS, replace(ev, collection_documents=collection), FLOOR)) == [10, 20, 40]
    for collection in (120, 132, 10_000):  # 20 documents are a sixth of the collection or less: apart, as before
        assert kept(above_floor(DOCS, replace(ev, collection_documents=collection), FLOOR)) == [10, 20, 30, 40, 50]
    apart = replace(FLOOR, echo_part=0)  # the floor before s-small2
    assert kept(above_floor(DOCS, replace(ev, collection_documents=6), apart)) == [10, 20, 30, 40, 50]


def test_the_feedback_legs_voting_together_still_vote_with_another_leg():
    ev = evidence({10: 0.60}, feedback=[30, 40], cross_feedback=[50], keyword=[60, 50])
    ev.collection_documents = 6
    # 50: the echoes' one vote and the keyword leg's; 30, 40: the echoes' alone; 60: the keyword leg's alone
    assert kept(above_floor(DOCS, ev, FLOOR)) == [10, 50]


def test_a_leg_votes_only_for_documents_near_its_own_best_score():
    # tried, not kept (s-small2): a leg's vote for a document scoring under a share of the leg's best does not count;
    # in the six English retrospectives the feedback legs score the one about test environments 17, three others
    # 0.65-1.2
    feedback = [10, 20, 30, 40, 50]
    ev = evidence({10: 0.24, 20: 0.20}, feedback=feedback, cross_feedback=feedback)
    ev.scores = {"feedback": [17.0, 16.0, 1.2, 1.0, 0.65], "cross_feedback": [17.0, 16.0, 1.2, 1.0, 0.65]}
    shared = replace(FLOOR, vote_share=0.25)
    assert kept(above_floor(DOCS, ev, FLOOR)) == [10, 20, 30, 40, 50]  # no share: ranks alone
    assert kept(above_floor(DOCS, ev, shared)) == [10, 20]
    ev.scores["cross_feedback"] = [17.0, 16.0, 5.0, 1.0, 0.65]  # 30 near one leg's best, not the other's
    assert kept(above_floor(DOCS, ev, shared)) == [10, 20]
    ev.scores["feedback"] = [17.0, 16.0, 4.25, 1.0, 0.65]  # a quarter of the best: both legs vote
    assert kept(above_floor(DOCS, ev, shared)) == [10, 20, 30]
    del ev.scores["feedback"]  # a leg without scores votes by its ranks
    assert kept(above_floor(DOCS, ev, shared)) == [10, 20, 30]


def test_a_share_of_a_best_score_not_above_zero_says_nothing():
    ev = evidence({10: 0.60}, keyword=[30, 40], feedback=[30, 40])
    ev.scores = {"keyword": [0.0, -1.0], "feedback": [3.0, 2.0]}
    assert kept(above_floor(DOCS, ev, replace(FLOOR, vote_share=0.25))) == [10, 30, 40]


def test_a_share_is_of_the_best_listed_document_by_its_best_chunk():
    # the three-chunk document's chunks 7 and 9 rank first and fourth in the leg: its best chunk is its score, and a
    # chunk of no listed document (5) is not the leg's best
    ev = evidence({10: 0.60}, keyword=[5, 7, 30, 9, 40], feedback=[30, 40, 7])
    ev.scores = {"keyword": [100.0, 8.0, 4.0, 1.0, 1.0]}
    assert kept(above_floor(DOCS, ev, replace(FLOOR, vote_share=0.25))) == [10, 30, 7]



def test_a_text_repeating_one_short_unit_is_judged_by_its_words_alone():
    # "x" x 2,000 on the shipped corpus: its best cosine (0.243) cleared the gate and the margin took in the semantic
    # leg's whole list, where no chunk holds its word; "ab " x 666 the same, where chunks hold "ab" (AB 角)
    ev = evidence({10: 0.243, 20: 0.24, 30: 0.23, 40: 0.2}, keyword=[50, 70], feedback=[50, 60], cross_feedback=[60])
    ev.holding = lambda: {50}
    counted = kept(above_floor(DOCS, ev, LEAD))
    assert counted == [10, 20, 30, 40, 50, 60, 70]
    run = replace(ev, repetition=True)
    assert kept(above_floor(DOCS, run, replace(LEAD, repetitions=False))) == counted
    # its meaning counts nothing: the words' lead (50, 70), holders (50) and the expansion legs agreeing (60) do
    assert kept(above_floor(DOCS, run, LEAD)) == [50, 60, 70]
    run.holding = lambda: set()  # no chunk holds the run's word: the gate stays shut
    assert not any(above_floor(DOCS, run, LEAD))
    # nor do its nearest chunks vote: 80, which the translated leg found, would count with them
    near = _near(replace(ev, found={**ev.found, "translated": [80]}), [8])
    assert kept(above_floor(DOCS, near, LEAD)) == [10, 20, 30, 40, 50, 60, 70, 80]
    assert kept(above_floor(DOCS, replace(near, repetition=True), LEAD)) == [50, 60, 70]
    # without a semantic leg (keyword mode) every match counts, a repetition's too: what the reader asked for
    assert all(above_floor(DOCS, Evidence(found={"keyword": [50]}, repetition=True), LEAD))
