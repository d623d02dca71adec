"""Language centring: the offsets are the per-language means around their midpoint, and taking them out lets a
text in the other language on the query's subject beat same-language text on another subject."""

import sqlite3

import numpy as np
import pytest

from search.centring import MIN_CHUNKS, LanguageCentres, language_offsets
from search.forward import LANGUAGES, ChunkFacts
from search.vector_index import VectorIndex

DIM = 16
LANG_AXIS, TOPICS = 0, range(1, 9)  # an axis for the language, one per subject


def unit(v):
    return (v / np.linalg.norm(v)).astype(np.float32)


def text_vector(language: str, topic: int) -> np.ndarray:
    """What a multilingual encoder does, reduced to its essence: the subject, plus an offset per language."""
    v = np.zeros(DIM, dtype=np.float32)
    v[topic] = 1.0
    v[LANG_AXIS] = {"zh": 1.0, "en": -1.0, "mixed": 0.0}[language]
    return unit(v)


def collection(rows: list[tuple[str, int]], index_type: str = "flat") -> tuple[VectorIndex, ChunkFacts]:
    """A FAISS index and the forward index of chunks 1..n, chunk i written in rows[i-1]'s language."""
    conn = sqlite3.connect(":memory:")
    conn.executescript("CREATE TABLE documents (id INTEGER PRIMARY KEY, language TEXT);"
                       "CREATE TABLE lessons (id INTEGER PRIMARY KEY, text_hash TEXT);"
                       "CREATE TABLE chunks (id INTEGER PRIMARY KEY, document_id INT, kind TEXT, lesson_id INT);")
    for i, (language, _) in enumerate(rows, start=1):
        conn.execute("INSERT INTO documents VALUES (?, ?)", [i, language])
        conn.execute("INSERT INTO chunks VALUES (?, ?, 'section', NULL)", [i, i])
    facts = ChunkFacts()
    facts.refresh(conn, version=1)
    vectors = np.stack([text_vector(language, topic) for language, topic in rows])
    index = VectorIndex("m", DIM, index_type, nlist=4, nprobe=4)
    index.train(np.vstack([vectors] * 40))
    index.add(np.arange(1, len(rows) + 1), vectors)
    return index, facts


def balanced(per_topic: int = 3) -> list[tuple[str, int]]:
    return [(language, topic) for language in ("zh", "en") for topic in TOPICS for _ in range(per_topic)]


@pytest.mark.parametrize("index_type", ["flat", "ivf"])
def test_offsets_are_each_language_mean_minus_their_midpoint(index_type):
    rows = [*balanced(), ("mixed", 1), ("mixed", 2)]
    index, facts = collection(rows, index_type)
    offsets = language_offsets(index, facts)
    stored = np.stack([text_vector(language, topic) for language, topic in rows])
    means = {lang: stored[[r[0] == lang for r in rows]].mean(axis=0) for lang in ("zh", "en")}
    midpoint = (means["zh"] + means["en"]) / 2
    assert np.allclose(offsets[LANGUAGES.index("zh")], means["zh"] - midpoint, atol=1e-6)
    assert np.allclose(offsets[LANGUAGES.index("en")], means["en"] - midpoint, atol=1e-6)
    assert not offsets[LANGUAGES.index("mixed")].any()  # mixed-language chunks are not moved
    assert offsets[LANGUAGES.index("zh")][LANG_AXIS] > 0.5  # here the offset is the language axis itself


def test_too_few_chunks_in_a_language_means_no_correction():
    index, facts = collection([*[("zh", t) for t in TOPICS] * 5, *[("en", 1)] * (MIN_CHUNKS - 1)])
    centres = LanguageCentres()
    centres.refresh(index, facts, version=1)
    assert centres.offsets is None
    query = text_vector("zh", 1)
    found = index.search(query, 5)
    assert centres.shift(query, "zh") is query and centres.rescore(query, found, np.zeros(5, dtype=np.int8)) == found


def test_the_other_language_on_the_subject_beats_this_language_off_it():
    rows = balanced()
    index, facts = collection(rows)
    query = text_vector("zh", 1)  # a Chinese question about subject 1; the English texts on it are its answer
    english_on_subject = {i for i, (language, topic) in enumerate(rows, start=1) if language == "en" and topic == 1}

    plain = [i for i, _ in index.search(query, 10)]
    assert not set(plain) & english_on_subject  # uncorrected, Chinese text on other subjects comes first

    centres = LanguageCentres()
    centres.refresh(index, facts, version=1)
    shifted = centres.shift(query, "zh")
    found = index.search(shifted, len(rows))
    ranked = centres.rescore(shifted, found, facts.language_codes(np.array([i for i, _ in found])))
    top = [i for i, _ in ranked[:6]]
    assert english_on_subject <= set(top)  # with the Chinese texts on subject 1: both languages, same subject
    assert {rows[i - 1][1] for i in top} == {1}
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)


def test_centres_are_recomputed_only_when_the_version_changes():
    index, facts = collection(balanced())
    centres = LanguageCentres()
    centres.refresh(index, facts, version="a")
    first = centres.offsets
    index.add(np.array([999]), text_vector("zh", 3)[None, :])
    centres.refresh(index, facts, version="a")
    assert centres.offsets is first
    centres.refresh(index, facts, version="b")
    assert centres.offsets is not first
