"""A file handed to a parser: its bytes, its default key and the options of this run."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from ingest.decoding import Decoded, decode
from kb.text import drop_blobs


@dataclass
class RawFile:
    """The bytes of one file and what a parser needs to know about it."""

    data: bytes
    default_key: str  # the path relative to the ingested root, with '/' separators
    column_map: dict[str, str] = field(default_factory=dict)  # register field -> column name
    defaults: dict[str, Any] = field(default_factory=dict)  # folder-level metadata (.kbmeta.yaml)
    max_file_mb: float = 20.0  # the run's size limit (archives are held to a multiple of it once unpacked)

    @cached_property
    def _decoded(self) -> Decoded:
        decoded = decode(self.data)
        return replace(decoded, text=drop_blobs(decoded.text))

    def decode(self) -> Decoded:
        """The file's text (decoded once, without data: URIs and base64 blobs: ``kb.text.drop_blobs``), or
        DecodeError."""
        return self._decoded
