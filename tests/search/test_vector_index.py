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


def test_a_broad_filter_and_a_narrow_one_select_exactly_their_ids(built):
    # A filter allowing most ids is a bitmap, a sparse one a hash set; both must give the exact search's answer.
    from search import vector_index

    index, vectors = built
    everything = [i for i, _ in index.search(vectors[10], 400)]
    broad = np.array([i for i in range(1000, 1400) if i % 7], dtype=np.int64)
    narrow = np.array([1003, 1010, 1390], dtype=np.int64)
    assert type(vector_index._selector(index.faiss, broad)).__name__ == "IDSelectorBitmap"
    assert type(vector_index._selector(index.faiss, narrow)).__name__ == "IDSelectorBatch"
    for allowed in (broad, narrow):
        found = [i for i, _ in index.search(vectors[10], 10, allowed=allowed)]
        assert found == [i for i in everything if i in set(allowed.tolist())][:10]


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


def clustered(rng, n_per_side=1000, d=32):
    """Two groups of vectors far apart (like two languages): IVF lists each hold one group."""
    centre = np.zeros(d, dtype=np.float32)
    centre[0] = 3.0
    a = rng.normal(size=(n_per_side, d)).astype(np.float32) + centre
    b = rng.normal(size=(n_per_side, d)).astype(np.float32) - centre
    v = np.vstack([a, b])
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_a_filter_probes_as_many_lists_as_it_takes_to_scan_enough_allowed_vectors():
    rng = np.random.default_rng(3)
    vectors = clustered(rng)
    index = VectorIndex("m", 32, "ivf", nlist=32, nprobe=4)
    index.train(vectors)
    index.add(np.arange(2000), vectors)
    query = vectors[0]  # in the first group
    everything = np.arange(2000)
    assert index.filtered_probes(query, everything) == 4  # everything allowed: the usual probe
    half = np.arange(0, 2000, 2)  # every other id, spread over all lists
    assert 6 <= index.filtered_probes(query, half) <= 12

    # The other group only: the lists near the query hold none of it, so the probe reaches the far lists.
    other = np.arange(1000, 2000)
    assert index.filtered_probes(query, other) > 16
    assert len(index.search(query, 10, allowed=other)) == 10

    def recall(q, allowed):
        exact = allowed[np.argsort(-(vectors[allowed] @ q))[:10]]
        return len({i for i, _ in index.search(q, 10, allowed=allowed)} & set(exact.tolist())) / 10

    # Queries in the first group, filtered to the second, find its top 10 about as well as the second group's own
    # queries do without a filter (a probe of the usual nprobe lists would find almost nothing).
    filtered = np.mean([recall(vectors[i], other) for i in range(0, 200, 10)])
    unfiltered = np.mean([recall(vectors[i], everything) for i in range(1000, 1200, 10)])
    assert filtered >= unfiltered - 0.1

    assert index.filtered_probes(query, np.arange(1000, 1010)) == 32  # few allowed: every list
    assert index.filtered_probes(query, np.array([], dtype=np.int64)) == 32
    index.remove(np.arange(1000, 2000))  # the counts follow the index
    assert index.filtered_probes(query, other) == 32 and index.search(query, 5, allowed=other) == []
