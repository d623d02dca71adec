"""A pasted text as a query (s-paste): what search reads of it, and how its meaning is embedded."""

from __future__ import annotations

import numpy as np

from search.embedder import Embedder
from search.evaluate import DocumentRanker
from search.long_query import MAX_QUERY_CHARS, WINDOW_CHARS, searched_text, windows
from tests.search.conftest import FakeModel


class RecordingModel(FakeModel):
    """The fake model, noting each batch of texts it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[list[str]] = []

    def encode(self, texts, **kwargs):
        self.batches.append(list(texts))
        return super().encode(texts, **kwargs)


LESSON = " ".join(f"Lesson {n}: the vendor delivered interface {n} late, so integration testing was cut short."
                  for n in range(120))  # 10,690 characters


def test_a_long_text_is_cut_into_windows_at_sentence_ends():
    parts = windows(LESSON)
    assert len(parts) == 6 and all(len(p) <= WINDOW_CHARS for p in parts)
    assert "".join(parts) == LESSON  # nothing lost, nothing repeated
    assert all(p.endswith(("short. ", "short.")) for p in parts)  # at a sentence's end, not inside a word
    assert windows("a short question") == ["a short question"]
    assert windows("x" * 5000) == ["x" * 2000, "x" * 2000, "x" * 1000]  # no break anywhere: cut at the size
    assert windows("测" * 900 + "。" + "试" * 2500)[0] == "测" * 900 + "。" + "试" * 1099  # a stop in the first half: no
    assert windows("测" * 1500 + "。" + "试" * 1500)[0] == "测" * 1500 + "。"  # after a Chinese full stop
    assert windows("word " * 600)[0] == "word " * 400  # no sentence end: after the last space


def test_a_long_query_is_embedded_as_the_mean_of_its_windows():
    model = RecordingModel()
    embedder = Embedder("fake", model)
    vector = embedder.encode_query(LESSON)
    parts = windows(LESSON[:MAX_QUERY_CHARS])
    assert model.batches == [parts]  # one batch of its windows, the text read to MAX_QUERY_CHARS
    rows = FakeModel().encode(parts, normalize_embeddings=True)
    mean = rows.mean(axis=0)
    assert vector.shape == (1, 256) and np.allclose(vector[0], mean / np.linalg.norm(mean), atol=1e-6)
    assert np.isclose(np.linalg.norm(vector), 1.0)


def test_a_query_of_one_window_is_embedded_whole_as_before():
    model = RecordingModel()
    Embedder("fake", model).encode_query("vendor delivered late " * 90)  # 1,980 characters
    assert model.batches == [["vendor delivered late " * 90]]


def test_search_and_eval_read_the_same_text(monkeypatch):
    assert searched_text("\ufeff  vendor\u200b late \x00 ") == "vendor late"
    assert searched_text("长" * 12_000) == "长" * MAX_QUERY_CHARS
    ranked = []

    class Searcher:
        def rank(self, text, mode, filters, depth):
            ranked.append(text)
            return []

    ranker = DocumentRanker.__new__(DocumentRanker)  # no store: only what it asks the searcher to rank
    ranker.chunk_doc = {}
    ranker.rank(Searcher(), "\ufeff" + "长" * 12_000 + "\n", "hybrid")
    assert ranked == ["长" * MAX_QUERY_CHARS]  # eval read the whole text; search its first 2,000 characters
