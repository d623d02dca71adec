"""What every ``kb`` command shares: the application object, error handling, common options."""

from __future__ import annotations

import functools
import getpass
import shutil
import sqlite3
import sys
import time
from typing import Any

import click

from kb.commands.messages import counted
from kb.display import human_duration, squeezed
from kb.settings import Settings
from kb.store import Store
from kb.text import display_width

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# The commands that may make a new database where --db points (the rest, kb serve and its web app too, say it does
# not exist): one run from another folder, or with a mistyped --db, must not answer from a new, empty database that
# it leaves behind. Of the groups 'user' and 'subscribers', only 'add' (and 'subscribers import') may: each group
# narrows App.may_create for its subcommand, and each of those opens the store only once what it was given is checked
# (a refused name, address, password or file makes none).
CREATING_COMMANDS = frozenset({"init", "ingest", "restore", "user", "subscribers"})


class App:
    """What every command needs: the settings, and the store opened on first use."""

    def __init__(self, settings: Settings, *, may_create: bool = True) -> None:
        self.settings = settings
        self.may_create = may_create
        self._store: Store | None = None
        self._index: Any = None
        self._said_waiting = False

    def store(self, *, create: bool | None = None) -> Store:
        """The store, opened once (made if missing only when the command may create it)."""
        if self._store is None:
            self._store = Store(self.settings.db, create=self.may_create if create is None else create,
                                on_lock_wait=self._say_waiting)
            say_upgraded(f"{self.settings.db}", self._store.migrated, self._store.migration_seconds)
        return self._store

    def has_database(self) -> bool:
        """Whether there is a database at --db to read (a file, not empty), without making one."""
        path = self.settings.db
        return self._store is not None or (path.is_file() and path.stat().st_size > 0)

    def _say_waiting(self, left: float) -> None:
        """A write waits for another process's write lock: said at once on stderr (stdout stays clean for --json),
        once a command, where the wait was silent until it failed 30 s later."""
        if not self._said_waiting:
            self._said_waiting = True
            notice(f"waiting for {self.settings.db}: another kb process is writing to it (an ingest, a reindex, "
                   f"a serve); this goes on once it is done, or gives up {left:.0f} s from now")

    def index(self) -> Any:
        """The search index of the store (the model loads only when text must be embedded)."""
        if self._index is None:
            from search import SearchIndex
            from search.schema import upgrade_ahead

            ahead = upgrade_ahead(self.store().conn)
            if ahead:  # some read every chunk: a wait of seconds to minutes, said before it starts
                notice(f"upgrading the search tables of {self.settings.db}: {counted('migrations', len(ahead))} to "
                       "apply (some read every chunk) …")
            self._index = SearchIndex(self.store(), self.settings)
            say_upgraded(f"the search tables of {self.settings.db}", self._index.migrated,
                         self._index.migration_seconds)
        return self._index

    def searcher(self) -> Any:
        """A searcher over the index."""
        from search import Searcher

        return Searcher(self.index())

    def close(self) -> None:
        """Close the store if it was opened."""
        if self._store is not None:
            self._store.close()


CACHE_INTERRUPTED = ("interrupted while writing the search cache: every document is stored and the search index is "
                     "up to date; only the cache for a fast start is unfinished, which the next 'kb ingest' or "
                     "'kb reindex' writes (search works meanwhile, slower to start)")


def write_search_cache(app: App, *, quiet: bool) -> None:
    """After indexing: write the tables a cold search loads fastest from (search/fast_start.py), if they are
    missing or out of date. A failure costs only speed, so it is a warning."""
    started = time.perf_counter()
    try:
        written = app.index().write_cache()
    except KeyboardInterrupt:  # seconds after the index is saved: it said only "interrupted", and no summary
        raise click.ClickException(CACHE_INTERRUPTED) from None
    except (OSError, sqlite3.Error) as exc:
        click.echo(f"warning: the search cache was not written ({exc}); search still works, only slower to start",
                   err=True)
        return
    if written and not quiet:
        click.echo(f"Search cache written to {app.index().cache_folder} in {human_duration(time.perf_counter() - started)} "
                   "(for a fast start)", err=True)


SYNC_INTERRUPTED = ("interrupted while indexing: every document is stored, each whole, but the search index has "
                    "only some of the changes ('kb check' lists what it lacks); 'kb ingest' again (unchanged files "
                    "are skipped) finishes it, reusing the texts already embedded")


def sync_index(app: App, *, show_progress: bool) -> Any:
    """Bring the search index in step with the store; on Ctrl-C say what is stored and how to finish."""
    try:
        return app.index().sync(progress_bar("Indexing", "doc") if show_progress else None,
                                progress_bar("Translating", "chunk") if show_progress else None)
    except KeyboardInterrupt:  # chunks are written one batch per transaction: the store stays whole
        raise click.ClickException(SYNC_INTERRUPTED) from None




def progress_bar(label: str, unit: str) -> Any:
    def factory(total: int) -> Any:
        return fitted_bar()(total=total, desc=label, unit=unit, file=sys.stderr, disable=not sys.stderr.isatty(),
                            leave=False, dynamic_ncols=True)

    return factory


@functools.cache
def fitted_bar() -> type:
    """tqdm's bar, its note (``set_postfix_str``: "reading NAME (8.4 MB)") squeezed into the line's room: tqdm cut the
    line's end, and a long file name's end went with the size after it ("reading 大型经验教训登记表_二" on 80
    columns), and a name with a line break split the bar in two."""
    from tqdm import tqdm

    class FittedBar(tqdm):  # type: ignore[misc]
        def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
            if self.disable:  # no terminal (cron, a pipe): nothing drawn, and no width to fit
                return
            width = self.ncols or shutil.get_terminal_size().columns
            frame = display_width(self.format_meter(**{**self.format_dict, "postfix": None, "ncols": None}))
            # the line as it is with a bar of 10, less 6 of the bar, and ", " and "]" around the note
            super().set_postfix_str(squeezed(s, max(width - frame + 6 - 3, 16)), refresh)

    return FittedBar


def say_upgraded(what: str, applied: list[str], seconds: float) -> None:
    """Say on stderr that opening brought a store made by an older version up to date (README, Upgrading): which
    migrations ran and how long they took. They ran silently before: 18 on a store of 4,594 documents, 9 s."""
    if not applied:
        return
    names = applied[0] if len(applied) == 1 else f"{applied[0]} … {applied[-1]}"
    notice(f"upgraded {what} to this version: {counted('migrations', len(applied))} applied ({names}) in "
           f"{human_duration(seconds)}, each recorded as it finished")


def notice(message: str) -> None:
    """A line on stderr that a progress bar there cannot break: with a bar on the screen (``progress_bar``), the bar
    is cleared, the line written and the bar drawn again below it (tqdm.write); written after the bar's text, the
    line ran on from it and the bar's next redraw overwrote its start."""
    tqdm = sys.modules.get("tqdm")  # no bar was ever made without it: nothing to clear, and no import to pay for
    if tqdm is None:
        click.echo(message, err=True)
        return
    tqdm.tqdm.write(message, file=sys.stderr)


def actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"
