"""The default model's numpy engine gives the vectors of its sentence-transformers module, without torch."""

import subprocess
import sys

import numpy as np
import pytest

from search.use_engine import USEEngine

pytestmark = pytest.mark.slow

TEXTS = ["测试环境没有准备好", "The test environment was not ready until one week before go-live.",
         "供应商交付延期，影响了集成测试；关键接口只有一个人懂。", "vendor", "延期",
         "Budget approval took three months, so the hardware arrived after the pilot had started. " * 3,
         "项目经理 changed twice: 需求 were lost between the two.", ""]


@pytest.fixture(scope="module")
def sentence_transformer():
    from sentence_transformers import SentenceTransformer

    from search.use_module import USEModule

    return SentenceTransformer(modules=[USEModule(threads=2)], device="cpu")


@pytest.fixture(scope="module")
def engine():
    return USEEngine(threads=2)  # loading its weights takes seconds; one engine serves every batch size


@pytest.mark.parametrize("batch_size", [1, 3, 64])
def test_the_numpy_engine_gives_the_sentence_transformers_vectors(sentence_transformer, engine, batch_size):
    expected = sentence_transformer.encode(TEXTS, batch_size=batch_size, convert_to_numpy=True,
                                           normalize_embeddings=True, show_progress_bar=False)
    found = engine.encode(TEXTS, batch_size=batch_size, normalize_embeddings=True)
    assert found.shape == (len(TEXTS), 512) and found.dtype == np.float32
    assert float(np.abs(found - expected).max()) < 1e-5
    assert np.allclose(np.linalg.norm(found, axis=1), 1.0, atol=1e-5)


def test_embedding_a_query_imports_neither_torch_nor_sentence_transformers():
    code = ("import sys; from search.embedder import get_embedder; get_embedder('use-multilingual', threads=1)"
            ".encode_query('测试环境没有准备好'); print(sorted({'torch', 'sentence_transformers'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_threads_per_call_give_the_same_vectors_to_float32_rounding_and_leave_the_engines_own(engine):
    # A query is embedded on one thread, the index's vectors on several (search/embedder.py). Bit for bit on the
    # Intel machines this was written on; on an AMD EPYC (2026-12-07) OpenBLAS's kernels split some sums between
    # threads and the last bits differ (at most 1.5e-7 here): a ranking can change only between exact ties.
    own = engine.use._model.threads
    texts = [*TEXTS, "vendor delivered late", "供应商", "delay"]
    one = engine.encode(texts, batch_size=4, normalize_embeddings=True, threads=1)
    assert engine.use._model.threads == own == 2
    for two in (engine.encode(texts, batch_size=4, normalize_embeddings=True, threads=2),
                engine.encode(texts, batch_size=4, normalize_embeddings=True)):
        assert float(np.abs(one - two).max()) < 1e-6
        assert (np.argsort(-(one @ one.T), axis=1) == np.argsort(-(two @ one.T), axis=1)).all()


def test_the_engines_thread_count_comes_back_after_a_failed_call(engine, monkeypatch):
    seen = []

    def fail(texts):
        seen.append(engine.use._model.threads)
        raise RuntimeError("the model failed")

    monkeypatch.setattr(engine.use, "encode", fail)
    with pytest.raises(RuntimeError, match="the model failed"):
        engine.encode(["a query"], threads=1)
    assert seen == [1] and engine.use._model.threads == 2
