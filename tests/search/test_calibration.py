"""The collection's spread of cosines (search/calibration.py), where it is kept (the index's sidecar), and the fusion
by score that standardises the semantic leg by it instead of by the query's own spread."""

import json

import numpy as np
import pytest

from kb.store import Filters
from search import Searcher
from search.calibration import MIN_CHUNKS, cosine_spread
from search.hybrid import standardised_fusion
from search.vector_index import VectorIndex, sidecar_path


def unit_rows(count: int, dimension: int = 8, seed: int = 1) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(count, dimension)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_the_spread_pools_each_sampled_chunks_cosines_with_chunks_of_other_documents():
    rows = unit_rows(40)
    ids = np.arange(1, 41, dtype=np.int64)
    vectors = VectorIndex("m", 8)
    vectors.add(ids, rows)
    document = {int(i): int(i) // 2 for i in ids}  # two chunks a document: a chunk's neighbour is not evidence

    def documents_of(chunks):
        return np.array([document[c] for c in chunks])

    # every chunk is sampled (40 < 200) and every other document's chunk is among its first 100 matches
    expected = np.concatenate([
        (rows[n] @ rows[[m for m in range(40) if document[m + 1] != document[n + 1]]].T) for n in range(40)])
    assert cosine_spread(vectors, documents_of) == pytest.approx(float(expected.std()), rel=1e-5)
    assert cosine_spread(vectors, documents_of) == cosine_spread(vectors, documents_of)  # a fixed sample


def test_a_collection_too_small_or_of_one_text_has_no_spread():
    small = VectorIndex("m", 8)
    small.add(np.arange(1, MIN_CHUNKS, dtype=np.int64), unit_rows(MIN_CHUNKS - 1))
    assert cosine_spread(small, lambda chunks: np.array(chunks)) is None
    same = VectorIndex("m", 8)
    same.add(np.arange(1, 31, dtype=np.int64), np.repeat(unit_rows(1), 30, axis=0))
    assert cosine_spread(same, lambda chunks: np.array(chunks)) is None


def test_a_leg_standardised_by_a_given_spread_keeps_its_lead_where_its_own_spread_would_shrink_it():
    # The semantic leg puts a paraphrase first, ahead of a document that shares the query's words; the keyword
    # leg has them the other way round.
    semantic = [("paraphrase", 0.95), ("lexical", 0.90)] + [(f"s{n}", 0.85 - n * 0.004) for n in range(98)]
    keyword = [("lexical", 12.0), ("paraphrase", 9.0)] + [(f"k{n}", 5.0 - n * 0.01) for n in range(98)]
    legs = {"semantic": semantic, "keyword": keyword}
    # the query's own cosines spread wide (0.95 down to 0.46), so the semantic lead counts for little
    assert standardised_fusion(legs)[0].id == "lexical"
    # against a narrower spread measured on the collection, the same lead stands out
    assert standardised_fusion(legs, spreads={"semantic": 0.01})[0].id == "paraphrase"
    # a spread for another leg, or none, leaves the fusion as it was
    assert [f.id for f in standardised_fusion(legs, spreads={})] == [f.id for f in standardised_fusion(legs)]


def lessons(folder, count: int = 24):
    (folder / "ops").mkdir(parents=True)
    topics = ("vendor delivery slipped", "the data migration failed", "testing started late", "scope grew")
    for n in range(count):
        (folder / "ops" / f"retro-{n}.md").write_text(
            f"---\nid: ops/retro-{n}\ntitle: Retro {n}\nproject: OPS\n---\n# Retro {n}\n\n"
            f"## What went wrong\n- In wave {n} {topics[n % 4]} and the team worked weekends.\n", encoding="utf-8")
    return folder


def test_the_index_keeps_the_spread_in_its_sidecar_and_measures_an_older_sidecars_once(make_index, tmp_path):
    _, index = make_index(lessons(tmp_path / "docs"))
    saved = json.loads(sidecar_path(index.path).read_text(encoding="utf-8"))["cosine_spread"]
    vectors = index.vectors()
    assert saved > 0 and saved == pytest.approx(cosine_spread(vectors, index.chunk_facts().document_codes), rel=1e-5)
    assert index.cosine_spread() == saved
    vectors.info.cosine_spread = None  # as an index saved before the spread was kept
    assert index.cosine_spread() == pytest.approx(saved, rel=1e-5) and vectors.info.cosine_spread is not None


def test_a_query_fused_by_score_standardises_its_semantic_leg_by_the_collections_spread(make_index, tmp_path,
                                                                                     monkeypatch):
    from search import legs as legs_module

    used: list[object] = []
    real = legs_module.standardised_ids
    monkeypatch.setattr(legs_module, "standardised_ids",
                        lambda scored, weights, **options: used.append(options.get("spreads")) or
                        real(scored, weights, **options))
    _, index = make_index(lessons(tmp_path / "docs"))  # one language: the legs are fused by score
    query = "vendor delivery slipped"
    Searcher(index).rank(query, "hybrid", Filters(include_hidden=False))
    assert used[-1] == {"semantic": pytest.approx(index.cosine_spread() * 0.5)}  # semantic_spread_share
    _, plain = make_index(lessons(tmp_path / "more"), db=tmp_path / "plain.db", semantic_spread_share=0.0)
    Searcher(plain).rank(query, "hybrid", Filters(include_hidden=False))
    assert used[-1] is None  # the query's own spread, as before
    Searcher(index).rank(query, "keyword", Filters(include_hidden=False))
    assert len(used) == 2  # keyword mode fuses nothing
