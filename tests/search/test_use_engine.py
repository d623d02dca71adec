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
