"""One line on stderr from ``kb search`` when an upgrade is pending: files read by an older parser than this
version's, which the 'kb ingest' that ``kb check`` names reads again. One query of the stored parser versions (the
plan itself, which finds each file on disk and reads its folders' .kbmeta.yaml, is left to kb check)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.cli_support import notice
from kb.commands.messages import counted
from kb.parser_version import PARSER_VERSION

if TYPE_CHECKING:  # the store is imported by the command that opens it, as ``kb search`` starts up
    from kb.store import Store


def say_upgrade_pending(store: Store) -> None:
    """Say it when some stored file was read by another parser version; of files read before versions were stored
    (NULL), that kb check finds out (and records, so that it is said no more)."""
    older, unknown = store.row(
        "SELECT count(*) FILTER (WHERE parser_version != ?) AS older, count(*) FILTER (WHERE parser_version IS NULL)"
        " AS unknown FROM sources", [PARSER_VERSION]).values()
    if older:
        notice(f"note: an upgrade is pending: {counted('files', older)} in this store read by an older parser, found "
               "by searches as read then; 'kb check' says the 'kb ingest' that finishes it")
    elif unknown:
        notice(f"note: {counted('files', unknown)} in this store read before kb recorded which parser read each: "
               "'kb check' says whether an upgrade is pending (and records it)")
