"""Ingestion: files in, documents, sections and lessons out."""

from __future__ import annotations

from ingest.parsers import PARSERS
from ingest.pipeline import IngestReport, Problem, ingest

__all__ = ["PARSERS", "IngestReport", "Problem", "ingest"]
