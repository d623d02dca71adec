"""Domain errors. Each is translated only at the edges: CLI, web pages, JSON API."""

from __future__ import annotations


class KBError(Exception):
    """Base class for every error Lessons KB raises on purpose."""


class ConfigError(KBError):
    """A setting is unknown, malformed or missing."""


class StoreError(KBError):
    """The database cannot be opened or is not a Lessons KB database."""


class NotFound(KBError):
    """A document, lesson, tag or other record does not exist."""


class InvalidInput(KBError):
    """A value given by a user (CLI argument, form field, query parameter) is not acceptable."""


class InvalidFields(InvalidInput):
    """Several fields of a form are not acceptable: ``wrong`` holds (field, message) for each, in the form's order."""

    def __init__(self, wrong: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(message for _, message in wrong))
        self.wrong = wrong


class IngestError(KBError):
    """A file cannot be ingested; the message names the reason (and the line, where known)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line

    def __str__(self) -> str:
        message = super().__str__()
        return f"line {self.line}: {message}" if self.line else message


class DecodeError(IngestError):
    """A file's bytes cannot be decoded as text with confidence."""


class EmptyFile(DecodeError):
    """A file holds nothing to read: no bytes, or only whitespace."""


class OutsideFolder(IngestError):
    """A file (or folder) is a link whose target lies outside the folder being ingested."""


class OversizeCell(IngestError):
    """A workbook cell holds more text than a spreadsheet cell can: the whole workbook is refused."""


class DuplicateKey(IngestError):
    """A document key (front-matter id) is already used by another file."""


class ReindexNeeded(KBError):
    """The search index must be rebuilt (kb reindex) before it can answer; raised by the search package."""
