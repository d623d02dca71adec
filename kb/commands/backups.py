"""Commands for operations on the whole store: backup (the database online, and the vector index) and restore."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
import sys
import time
from pathlib import Path
from typing import Any

import click

from kb.cli_support import App, progress_bar, write_search_cache
from kb.cli_types import Folder
from kb.commands.messages import counted
from kb.disk import unwritten
from kb.display import human_bytes, human_duration
from kb.errors import KBError
from kb.permissions import private_file, private_folder, write_private


@click.command(short_help="Back up the database and the vector index into a folder, safe while the server "
               "runs.")
@click.argument("dest", type=Folder("a backup is a folder (kb.db, the index and manifest.json go in it): name a new one"))
@click.option("--force", is_flag=True, help="Replace an earlier backup in DEST.")
@click.pass_obj
def backup(app: App, dest: Path, force: bool) -> None:
    """Back up the database (online, safe while the server runs) and the vector index into a folder (a new one, or
    one that holds no backup yet, unless --force).

    \b
    Examples:
      kb backup /srv/backups/kb-2026-12-05
      kb backup /srv/backups/latest --force
    """
    import json

    from search import index_path

    earlier = [name for name in ("kb.db", "manifest.json") if (dest / name).exists()]
    if earlier and not force:  # as kb restore: a second run must not silently replace the only good copy
        raise click.ClickException(f"{dest} already holds a backup ({', '.join(earlier)}); name a new folder, "
                                   "or add --force to replace it")
    store = app.store()
    started = time.perf_counter()
    faiss = index_path(app.settings)
    try:
        private_folder(dest)
    except OSError as exc:  # it said "Error: /sys/x: Operation not permitted", and not of what
        raise click.ClickException(f"cannot make the backup folder {dest}: {_refused(exc, dest)}; name a folder you "
                                   "can write to (nothing was written)") from None
    try:
        copied = _write_backup(store, dest, faiss)
        stats = store.stats()
        manifest = {"created": _now(), "source": str(app.settings.db), "documents": stats["documents"],
                    "lessons": stats["lessons"], "files": ["kb.db", *copied], "model": app.settings.model}
        write_private(dest / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8"))
    except (OSError, sqlite3.Error) as exc:
        cause = unwritten(exc) or (_refused(exc, dest) if _in_backup(exc, dest) else None)
        if cause is None:  # not the writing: the database read, say (said as any command's)
            raise
        with contextlib.suppress(OSError):
            for name in ("kb.db.partial", f"{faiss.name}.partial", f"{faiss.name}.json.partial", "manifest.json"):
                (dest / name).unlink(missing_ok=True)  # the manifest: half written, or an earlier backup's
        again = "into a folder you can write to" if getattr(exc, "errno", None) in _NOT_HERE else "once there is space"
        raise click.ClickException(f"cannot write the backup to {dest}: {cause}; it is not whole (run 'kb backup' "
                                   f"again {again}); the database is unchanged") from None
    size = sum((dest / name).stat().st_size for name in manifest["files"])
    click.echo(f"Backed up {counted('documents', stats['documents'])} ({human_bytes(size)}) to {dest} "
               f"in {human_duration(time.perf_counter() - started)}")


_NOT_HERE = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT, errno.ENOTDIR}  # no space would help


def _refused(exc: OSError, dest: Path) -> str:
    """Why the system refused to make or write the backup (or the database kb restore makes), naming the path it
    refused where that is not ``dest``:
    "Operation not permitted (no permission to write in /sys)", "/srv/notes.txt is a file, not a folder"."""
    where = Path(exc.filename) if exc.filename else dest
    said = exc.strerror or str(exc)
    named = "" if where == dest else f"{where}: "
    if exc.errno == errno.ENOTDIR:
        blocker = next((p for p in where.parents if p.is_file()), None)
        if blocker is not None:
            return f"{blocker} is a file, not a folder"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"{named}{said} (no permission to write in {where.parent})"
    if exc.errno == errno.ENOENT and where.parent.is_dir():  # /proc: a folder there, yet "no such file"
        return f"{named}{said} ({where.parent} takes no new files or folders)"
    return f"{named}{said}"


def _in_backup(exc: BaseException, dest: Path) -> bool:
    """Whether an OSError is about a file in the backup folder (not the database or the index read)."""
    return isinstance(exc, OSError) and exc.filename is not None and Path(exc.filename).parent == dest


def _write_backup(store: Any, dest: Path, faiss: Path) -> list[str]:
    """Copy the database and the index files into dest, each whole (a copy, then a rename); the index files
    copied."""
    import shutil

    store.backup_to(dest / "kb.db")
    copied = []
    for path in (faiss, faiss.with_suffix(faiss.suffix + ".json")):
        if path.exists():
            tmp = dest / (path.name + ".partial")
            tmp.unlink(missing_ok=True)
            private_file(tmp)
            shutil.copyfile(path, tmp)
            tmp.replace(dest / path.name)
            copied.append(path.name)
        else:  # not an earlier backup's index beside this database: kb restore would take it
            (dest / path.name).unlink(missing_ok=True)
    return copied


RESTORE_INTERRUPTED = ("interrupted while indexing: the backup's database is restored whole into {target}, but "
                       "its search index has only some of it ('kb check' lists what it lacks); 'kb reindex' "
                       "finishes it, reusing the texts already embedded")


@click.command()
@click.argument("src", type=Folder("give the folder 'kb backup' made (it holds kb.db and manifest.json)", exists=True))
@click.option("--force", is_flag=True, help="Replace an existing database.")
@click.pass_obj
def restore(app: App, src: Path, force: bool) -> None:
    """Restore a backup made by 'kb backup' into --db, then bring the search index in line with it.

    \b
    Examples:
      kb restore /srv/backups/kb-2026-12-05
      kb --db /data/lessons.db restore /srv/backups/latest --force
    """
    source = src / "kb.db"
    if not source.exists():
        raise click.ClickException(f"{src} holds no kb.db: not a backup made by 'kb backup'")
    _refuse_no_backup(source)
    target = app.settings.db
    if target.exists() and not force:
        raise click.ClickException(f"{target} exists; add --force to replace it")
    _copy_backup(source, target)
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    try:  # the database is whole from here on: Ctrl-C leaves only the index behind, and says so
        _restore_index(app, src)
        # a backup without its index (taken after 'kb ingest --no-index') embeds every document here: minutes, shown
        report = app.index().sync(progress_bar("Indexing", "doc"), progress_bar("Translating", "chunk"))
    except KeyboardInterrupt:
        raise click.ClickException(RESTORE_INTERRUPTED.format(target=target)) from None
    if report.chunks:  # as kb ingest and kb reindex: a restore on a new machine starts searches fast too
        write_search_cache(app, quiet=False)
    problems = app.index().check()
    click.echo(f"Restored {counted('documents', app.store().stats()['documents'])} into {target}; "
               f"index: {counted('chunks', report.chunks)}"
               + (f", repaired {counted('vectors_repaired', report.repaired)}" if report.repaired else "")
               + ("" if not problems else f"; problems: {'; '.join(problems)}"))
    if problems:
        sys.exit(1)


def _refuse_no_backup(source: Path) -> None:
    """Refuse, before anything is made for --db (its folder included), a backup's kb.db that is no Lessons KB
    database: not SQLite, without tables, another application's, or one a newer version has migrated. It is only
    read (``kb restore`` of such a folder made --db's folders, then refused)."""
    from kb.store.core import refuse_foreign

    try:
        reader = sqlite3.connect(source.absolute().as_uri() + "?mode=ro", uri=True)
        try:
            tables = reader.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        finally:
            reader.close()
        refuse_foreign(source)
    except sqlite3.DatabaseError as exc:
        raise click.ClickException(f"cannot restore {source}: {exc}; nothing was changed") from None
    except KBError as exc:
        raise click.ClickException(str(exc)) from None
    if not tables:
        raise click.ClickException(f"{source} is an empty database, not a backup made by 'kb backup'; nothing was "
                                   "changed")


def _copy_backup(source: Path, target: Path) -> None:
    """Copy a backup's database over ``target`` without writing to the backup (it may be on a read-only disk, and
    one of an older version stays as it was taken): read, then opened as a copy, which refuses another application's
    file and brings the copy up to this version's migrations, its change feed given a new epoch (a cursor of the
    store before is told), then renamed into place."""
    from kb.store import Store

    copy = target.with_name(target.name + ".partial")
    try:
        private_folder(target.parent)
        copy.unlink(missing_ok=True)
        private_file(copy)  # sqlite3 would make it 0644: readable by all, password hashes and addresses included
    except OSError as exc:  # it said "Error: /sys/x: Operation not permitted", and not of what
        kept = "it is unchanged" if target.exists() else "nothing was made"
        raise click.ClickException(f"cannot restore into {target}: {_refused(exc, target)}; {kept} (give a --db in "
                                   "a folder you can write to)") from None
    if target.exists():  # replacing a database keeps its mode (one shared with a group stays so)
        os.chmod(copy, stat.S_IMODE(target.stat().st_mode))
    reader, writer = sqlite3.connect(source.absolute().as_uri() + "?mode=ro", uri=True), sqlite3.connect(copy)
    try:
        reader.backup(writer)
        writer.close()
        with Store(copy, create=False) as store:  # its change feed under a new epoch: cursors of before are told
            store.renew_feed_epoch()
    except (sqlite3.DatabaseError, KBError) as exc:
        copy.unlink(missing_ok=True)
        if not isinstance(exc, KBError) and (cause := unwritten(exc)):  # the copy's disk: the backup is only read
            kept = "it is unchanged" if target.exists() else "nothing was made"
            raise click.ClickException(f"cannot restore into {target}: {cause}; {kept}") from None
        said = str(exc).replace(str(copy), str(source))
        raise click.ClickException(said if isinstance(exc, KBError) else f"cannot restore {source}: {said}") from None
    finally:
        reader.close()
        writer.close()
    copy.replace(target)


def _restore_index(app: App, src: Path) -> None:
    """Put the backup's index (and its sidecar) where --db's index belongs, each whole (a copy, then a rename);
    without one, remove --db's own, which belongs to the database just replaced."""
    import shutil

    from search import index_path
    from search.vector_index import sidecar_path

    backed_up, faiss = _backed_up_index(src), index_path(app.settings)
    for source, path in ((backed_up, faiss), (sidecar_path(backed_up), sidecar_path(faiss))):
        if source.exists():
            tmp = path.with_name(path.name + ".partial")
            tmp.unlink(missing_ok=True)
            private_file(tmp)
            shutil.copyfile(source, tmp)
            tmp.replace(path)
        else:
            path.unlink(missing_ok=True)


def _backed_up_index(src: Path) -> Path:
    """The index file of a backup. It is named after the database it was taken from (live.db's is live.faiss), as
    its manifest lists it; kb.faiss for a backup without one."""
    import json

    try:
        files = json.loads((src / "manifest.json").read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        files = []
    names = [Path(name).name for name in files if isinstance(name, str) and name.endswith(".faiss")]
    return src / (names[0] if names else "kb.faiss")


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")
