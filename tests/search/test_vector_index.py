import json

import numpy as np
import pytest

from search.vector_index import IndexMismatch, VectorIndex, sidecar_path


def unit(rng, n, d=32):
    v = rng.normal(size=(n, d)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.fixture(params=["flat", "ivf"])
def built(request):
    rng = np.random.default_rng(7)
    vectors = unit(rng, 400)
    index = VectorIndex("m", 32, request.param, nlist=8, nprobe=8)
    index.train(vectors)
    index.add(np.arange(1000, 1400), vectors)
    return index, vectors


def test_nearest_is_itself_and_ids_are_row_ids(built):
    index, vectors = built
    assert index.search(vectors[10], 1)[0][0] == 1010
    assert sorted(index.ids().tolist()) == list(range(1000, 1400))


def test_allowed_ids_restrict_the_search(built):
    index, vectors = built
    found = index.search(vectors[10], 5, allowed=np.array([1001, 1002, 1003]))
    assert {i for i, _ in found} == {1001, 1002, 1003}
    assert index.search(vectors[10], 5, allowed=np.array([], dtype=np.int64)) == []


def test_remove_then_search_and_count(built):
    index, vectors = built
    assert index.remove([1010, 1011, 99999]) == 2
    assert len(index) == 398 and index.search(vectors[10], 1)[0][0] != 1010


def test_save_load_roundtrip_with_sidecar(built, tmp_path):
    index, vectors = built
    path = tmp_path / "kb.faiss"
    index.save(path)
    info = json.loads(sidecar_path(path).read_text())
    assert (info["model"], info["dimension"], info["count"], info["index_type"]) == (
        "m", 32, 400, index.info.index_type)
    loaded = VectorIndex.load(path)
    assert loaded.search(vectors[3], 1)[0][0] == 1003
    loaded.remove([1003])
    loaded.add(np.array([5000]), vectors[3:4])
    assert loaded.search(vectors[3], 1)[0][0] == 5000
    assert np.allclose(loaded.vectors([5000])[0], vectors[3])
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_missing_or_damaged_files_ask_for_a_reindex(tmp_path, built):
    index, _ = built
    path = tmp_path / "kb.faiss"
    with pytest.raises(IndexMismatch, match="missing; run 'kb reindex'"):
        VectorIndex.load(path)
    index.save(path)
    path.write_bytes(b"garbage")
    with pytest.raises(IndexMismatch, match="cannot be read"):
        VectorIndex.load(path)
    sidecar_path(path).write_text("{not json")
    with pytest.raises(IndexMismatch, match="damaged"):
        VectorIndex.load(path)


def test_empty_index_search():
    assert VectorIndex("m", 8).search(np.zeros(8, dtype=np.float32), 5) == []


def test_nearest_ids_searches_a_batch_within_allowed_ids(built):
    index, vectors = built
    allowed = np.arange(1000, 1400, 2)  # the even ids
    got = index.nearest_ids(vectors[[4, 5, 6]], allowed)
    assert got[0] == 1004 and got[2] == 1006 and got[1] % 2 == 0 and got[1] != 1005
    assert index.nearest_ids(vectors[:2], np.array([], dtype=np.int64)).tolist() == [-1, -1]


def test_a_filter_widens_the_ivf_probe_by_the_share_it_excludes():
    rng = np.random.default_rng(3)
    vectors = unit(rng, 2000)
    index = VectorIndex("m", 32, "ivf", nlist=64, nprobe=4)
    index.train(vectors)
    index.add(np.arange(2000), vectors)
    assert index.filtered_probes(2000) == 4  # everything allowed: the usual probe
    assert index.filtered_probes(1000) == 8  # half allowed: twice the lists
    assert index.filtered_probes(20) == 64 and index.filtered_probes(0) == 64  # few allowed: every list
    # Ids sitting in lists far from the query are still found when they are all a filter allows.
    query = vectors[0]
    far = np.argsort(vectors @ query)[:5]
    assert {i for i, _ in index.search(query, 5, allowed=far)} == set(far.tolist())
    # Half the collection allowed: the filtered search finds the allowed half's true top 10 about as well as an
    # unfiltered search finds the whole collection's.
    half = np.arange(0, 2000, 2)

    def recall(query, allowed):
        pool = np.arange(2000) if allowed is None else allowed
        exact = set(pool[np.argsort(-(vectors[pool] @ query))[:10]].tolist())
        return len({i for i, _ in index.search(query, 10, allowed=allowed)} & exact) / 10

    queries = unit(rng, 50)
    unfiltered = np.mean([recall(q, None) for q in queries])
    filtered = np.mean([recall(q, half) for q in queries])
    assert filtered >= unfiltered - 0.05
