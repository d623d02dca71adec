"""One line on stderr from ``kb search`` when an upgrade is pending: files read by an older parser than this
version's, which the 'kb ingest' that ``kb check`` names reads again. One query of the stored parser versions (the
plan itself, which finds each file on disk and reads its folders' .kbmeta.yaml, is left to kb check); only the files
it finds read by another version are looked for on disk, as kb check's plan looks: a file gone since is no upgrade
(kb check counts it apart; the upgrade's ingest leaves it, so it was said after every search for good)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kb.cli_support import notice
from kb.commands.messages import counted
from kb.parser_version import PARSER_VERSION

if TYPE_CHECKING:  # the store is imported by the command that opens it, as ``kb search`` starts up
    from kb.store import Store


def say_upgrade_pending(store: Store) -> None:
    """Say it when some stored file on disk was read by another parser version; of files read before versions were
    stored (NULL), that kb check finds out (and records, so that it is said no more)."""
    others = store.rows("SELECT path, parser_version FROM sources WHERE parser_version != ?", [PARSER_VERSION])
    versions = [row["parser_version"] for row in others if Path(row["path"]).is_file()]
    newer = [v for v in versions if v.isdigit() and int(v) > int(PARSER_VERSION)]
    unknown = store.scalar("SELECT count(*) FROM sources WHERE parser_version IS NULL")
    if newer:
        notice(f"note: {counted('files', len(newer))} in this store read by a newer parser (version {max(newer, key=int)})"
               f" than this kb's ({PARSER_VERSION}): is an older kb running on this store? its next 'kb ingest' of "
               "them reads them again as this version reads")
    elif versions:
        notice(f"note: an upgrade is pending: {counted('files', len(versions))} in this store read by an older parser,"
               " found by searches as read then; 'kb check' says the 'kb ingest' that finishes it")
    elif unknown:
        notice(f"note: {counted('files', unknown)} in this store read before kb recorded which parser read each: "
               "'kb check' says whether an upgrade is pending (and records it)")
