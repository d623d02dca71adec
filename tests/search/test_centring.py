"""Language centring: the offset between the languages is measured on texts that say the same thing, and taking
it out lets a text in the other language on the query's subject beat same-language text on another subject."""

import sqlite3

import numpy as np
import pytest

from search import centring
from search.centring import MIN_CHUNKS, CentredRows, LanguageCentres, centred, language_offset, offsets_from
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
def test_the_offset_is_language_not_subject(index_type):
    # Chinese texts on all eight subjects, English ones mostly on subject 1: the means differ by subject too.
    rows = [*[("zh", t) for t in TOPICS for _ in range(3)], *[("en", 1)] * 20, *[("en", t) for t in TOPICS],
            ("mixed", 2)]
    index, facts = collection(rows, index_type)
    stored = np.stack([text_vector(language, topic) for language, topic in rows])
    means = [stored[[r[0] == language for r in rows]].mean(axis=0) for language in ("zh", "en")]
    assert abs((means[0] - means[1])[1]) > 0.3  # plain means: a large part of the difference is subject 1

    offset = language_offset(index, facts)
    language_only = text_vector("zh", 1) - text_vector("en", 1)
    assert np.allclose(offset, language_only, atol=1e-5)  # pairs on the same subject: the language alone


def test_too_few_chunks_in_a_language_means_no_correction():
    index, facts = collection([*[("zh", t) for t in TOPICS] * 5, *[("en", 1)] * (MIN_CHUNKS - 1)])
    assert language_offset(index, facts) is None
    centres = LanguageCentres()
    centres.refresh(index, facts, version=1)
    query = text_vector("zh", 1)
    found = index.search(query, 5)
    assert centres.offsets is None
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
    ids, scores = index.search_arrays(shifted, len(rows))  # the search's own path: the same, to the last bit
    assert list(zip(ids.tolist(), scores.tolist())) == found
    assert centres.rescore_arrays(shifted, ids, scores, facts.language_codes(ids)) == ranked


def test_the_sidecar_offset_is_used_and_refreshed_with_the_version():
    index, facts = collection(balanced())
    centres = LanguageCentres()
    centres.refresh(index, facts, version="a")
    measured = centres.offsets
    assert np.allclose(measured[LANGUAGES.index("zh")], -measured[LANGUAGES.index("en")])
    assert not measured[LANGUAGES.index("mixed")].any()  # mixed-language chunks are not moved
    index.info.language_offset = [0.5] * DIM  # as a saved sidecar carries it
    centres.refresh(index, facts, version="a")
    assert centres.offsets is measured  # same version: nothing recomputed
    centres.refresh(index, facts, version="b")
    assert np.allclose(centres.offsets, offsets_from(np.full(DIM, 0.5, np.float32), DIM))
    assert offsets_from(np.ones(3, np.float32), DIM) is None  # another model's offset is ignored


def test_the_scale_takes_out_part_of_the_offset():
    index, facts = collection(balanced())
    centres = LanguageCentres()
    centres.refresh(index, facts, version="a")
    full = centres.offsets.copy()
    centres.refresh(index, facts, version="a", scale=0.5)  # a changed setting counts, not only a new version
    assert np.allclose(centres.offsets, full / 2)
    none = centres.refresh(index, facts, version="a", scale=0.0)
    query = text_vector("zh", 1)
    assert np.allclose(centres.shift(query, "zh", none), query)  # nothing taken out
    # Two settings in one process share the centres: each keeps its rows, and nothing is measured again.
    index.info.language_offset = [9.0] * DIM  # would show if the offset were read again for the same version
    half = centres.refresh(index, facts, version="a", scale=0.5)
    assert np.allclose(half, full / 2) and centres.refresh(index, facts, version="a", scale=0.5) is half
    assert np.allclose(centres.shift(query, "zh", half), query - full[LANGUAGES.index("zh")] / 2)


def test_kept_centred_rows_are_the_stored_vectors_less_their_language_offset_as_each_search_made_them(monkeypatch):
    index, facts = collection([*balanced(), ("mixed", 2)])
    index.add(np.array([99]), text_vector("en", 3)[None, :])  # a vector the forward index does not know yet
    offsets = offsets_from(language_offset(index, facts), DIM)
    assert offsets is not None
    ids = [5, 1, 49, 99, 3, 3]  # any order, repeats, each language (49: mixed) and an unknown one
    per_search = centred(index.vectors(ids), facts.language_codes(np.asarray(ids)), offsets)
    assert not np.array_equal(per_search, index.vectors(ids))
    kept = CentredRows()
    rows = kept.rows(index, facts, 1, offsets, ids)
    assert rows is not None and rows.dtype == np.float64 and np.array_equal(rows, per_search)  # to the last bit
    rows[:] = 0  # a copy: what the caller does with it leaves the kept rows as they are
    assert np.array_equal(kept.rows(index, facts, 1, offsets, ids), per_search)
    assert kept.rows(index, facts, 1, offsets, [1, 100]) is None  # not held: FAISS is asked, and says so

    index.add(np.array([100]), text_vector("zh", 4)[None, :])  # the next index version holds one more
    assert kept.rows(index, facts, 1, offsets, [100]) is None
    assert np.array_equal(kept.rows(index, facts, 2, offsets, [100]), centred(index.vectors([100]), np.array([-1],
                                                                                                          np.int8), offsets))
    monkeypatch.setattr(centring, "MAX_CENTRED", len(index) - 1)  # a larger collection: nothing kept
    assert kept.rows(index, facts, 3, offsets, ids) is None


def test_kept_rows_products_are_each_rows_inner_product_whichever_rows_are_asked():
    index, facts = collection([*balanced(), ("mixed", 2)])
    offsets = offsets_from(language_offset(index, facts), DIM)
    kept, vector = CentredRows(), np.linspace(-1.0, 1.0, DIM)
    ids = [5, 1, 49, 3, 3]
    products = kept.products(index, facts, 1, offsets, ids, vector)
    rows = centred(index.vectors(ids), facts.language_codes(np.asarray(ids)), offsets).astype(np.float64)
    assert products.dtype == np.float64 and products == pytest.approx(rows @ vector, rel=1e-12)
    assert kept.products(index, facts, 1, offsets, [1, 100], vector) is None


def test_a_kept_rows_product_does_not_depend_on_the_rows_scored_with_it():
    # One product over every kept row: a chunk's score is the same to the last bit whichever chunks are scored with
    # it (a product over a search's own rows can take another kernel path for a row, by where it stands).
    rng = np.random.default_rng(5)
    _, facts = collection([("zh" if i % 2 else "en", 1 + i % 8) for i in range(1003)])
    index = VectorIndex("m", 512, "flat")
    index.add(np.arange(1, 1004), rng.standard_normal((1003, 512)).astype(np.float32))
    offsets = offsets_from((rng.standard_normal(512) / 10).astype(np.float32), 512)
    kept, vector, ids = CentredRows(), rng.standard_normal(512), list(range(1003, 1, -1))
    products = kept.products(index, facts, 1, offsets, ids, vector)
    assert [kept.products(index, facts, 1, offsets, [i], vector)[0] for i in ids] == products.tolist()
