"""The embedder's word cache (for scoring translations), with the fake model."""

import search.embedder as embedder_module
from tests.search.conftest import fake_embedder


def test_words_are_embedded_once_and_the_least_recently_used_go_first(monkeypatch):
    monkeypatch.setattr(embedder_module, "WORD_CACHE", 3)
    embedder = fake_embedder()
    model = embedder.model
    assert embedder.word_similarity([]) == []
    assert embedder.word_similarity([("delay", [])]) == [[]]
    scores = embedder.word_similarity([("delay", ["delay plan", "budget"])])
    assert scores[0][0] > 0.5 > scores[0][1]  # the fake scores shared words high
    assert model.encoded == 3  # "delay" was kept from the call before
    embedder.word_similarity([("delay", [])])  # a hit makes "delay" the most recently used
    embedder.encode_query("a query", ["scope"])  # embedded with the query; "delay plan" is the oldest and goes
    assert model.encoded == 5
    embedder.word_similarity([("delay", ["budget", "scope"])])
    assert model.encoded == 5  # all three kept
    embedder.word_similarity([("delay plan", [])])
    assert model.encoded == 6  # evicted, so embedded again
