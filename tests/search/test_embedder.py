"""The embedder's word cache (for scoring translations), its kept words, and its threads per call, with the fake
model."""

import search.embedder as embedder_module
from search.embedder import Embedder
from tests.search.conftest import FakeModel, fake_embedder


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
    embedder.word_similarity([("scope", [])])  # "delay plan" is the oldest and goes
    assert model.encoded == 4
    embedder.encode_query("a query")  # a query is not a word: it takes no place among them
    assert model.encoded == 5
    embedder.word_similarity([("delay", ["budget", "scope"])])
    assert model.encoded == 5  # all three kept
    embedder.word_similarity([("delay plan", [])])
    assert model.encoded == 6  # evicted, so embedded again


class ThreadedModel(FakeModel):
    """The fake model, taking BLAS threads per call as the default model's engine does; records what it was given."""

    threads_per_call = True

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[int | None] = []

    def encode(self, texts, **kwargs):
        self.threads.append(kwargs.get("threads"))
        return super().encode(texts)


def test_queries_and_their_words_are_embedded_with_the_query_thread_count_and_bulk_text_with_the_models_own(monkeypatch):
    monkeypatch.setattr(embedder_module, "QUERY_THREADS", 1)  # the default (None) is the engine's own count
    model = ThreadedModel()
    embedder = Embedder("threaded", model)
    embedder.encode(["a chunk", "another chunk"])  # ingest: the model's own thread count
    embedder.encode_query("a query")
    embedder.word_similarity([("delay", ["延期"])])  # the words that score a query's translations
    embedder.keep_words(["scope", "范围"], threads=2)  # a warm-up's: as it asks
    assert model.threads == [None, 1, 1, 2]


def test_a_model_that_takes_no_threads_per_call_is_not_given_any():
    model = FakeModel()  # as a SentenceTransformer: its encode has no such argument
    seen = []
    real = model.encode
    model.encode = lambda texts, **kwargs: seen.append(kwargs) or real(texts)
    embedder = Embedder("fake", model)
    embedder.encode_query("a query")
    embedder.word_similarity([("scope", ["范围"])])
    embedder.keep_words(["delay"], threads=1)
    assert seen and all("threads" not in kwargs for kwargs in seen)


def test_a_query_is_embedded_alone(monkeypatch):
    embedder = fake_embedder()
    batches = []
    encode = embedder.model.encode
    monkeypatch.setattr(embedder.model, "encode", lambda texts, **kwargs: batches.append(list(texts)) or encode(texts))
    vector = embedder.encode_query("the vendors delayed the tests")
    assert batches == [["the vendors delayed the tests"]] and vector.shape == (1, embedder.dimension)


def test_kept_words_are_embedded_once_and_never_evicted(monkeypatch):
    monkeypatch.setattr(embedder_module, "WORD_CACHE", 2)
    embedder = fake_embedder()
    model = embedder.model
    assert embedder.keep_words(["delay", "延期", "delay"]) == 2  # distinct words only
    assert embedder.keep_words(["delay", "budget"]) == 1 and model.encoded == 3  # those kept are not embedded again
    expected = fake_embedder().word_similarity([("delay", ["延期", "budget"])])
    for word in ("a", "b", "c", "d"):
        embedder.word_similarity([(word, [])])  # fill the bounded cache many times over
    assert model.encoded == 7
    assert embedder.word_similarity([("delay", ["延期", "budget"])]) == expected
    assert model.encoded == 7  # the kept words were still there


def test_a_query_asked_again_is_not_embedded_again_and_the_least_recently_asked_go_first(monkeypatch):
    # The next page of results, another filter or sort: the same text's vector, kept (the encode was about half of a
    # hybrid search at 100k chunks). A long pasted text, embedded as the mean of its windows, is kept the same way.
    monkeypatch.setattr(embedder_module, "QUERY_CACHE", 2)
    embedder = fake_embedder()
    model = embedder.model
    first = embedder.encode_query("schedule slipped")
    again = embedder.encode_query("schedule slipped")
    assert model.encoded == 1 and again is first and first.shape == (1, embedder.dimension)
    try:
        first[0, 0] = 5.0
        raise AssertionError("a kept query's vector could be changed by one caller for every other")
    except ValueError:
        pass
    embedder.encode_query("vendor late")
    embedder.encode_query("schedule slipped")  # asked again: now the most recent
    embedder.encode_query("测试环境不稳定")  # the third: "vendor late", the least recently asked, goes
    assert model.encoded == 3
    embedder.encode_query("schedule slipped")
    assert model.encoded == 3
    embedder.encode_query("vendor late")
    assert model.encoded == 4
    pasted = " ".join(f"word{n}" for n in range(3000))
    embedder.encode_query(pasted)
    windows_embedded = model.encoded - 4
    assert windows_embedded > 1
    assert embedder.encode_query(pasted) is embedder.encode_query(pasted) and model.encoded == 4 + windows_embedded
    embedder.forget_queries()  # a latency benchmark's pass: every query new again
    embedder.encode_query("vendor late")
    assert model.encoded == 5 + windows_embedded
