"""Finding the files to ingest: supported extensions, ``.kbignore`` patterns, ``.kbmeta.yaml`` defaults.

Nothing is passed over silently: a file with an extension no parser reads, and a file or folder a ``.kbignore``
pattern leaves out, are listed in ``Discovery.skipped`` with the reason (hidden files and folders, whose names
start with a dot, are the one exception: ``.git`` would fill the list). A file without an extension is found,
and its content decides how it is read (``ingest.sniff``).
"""

from __future__ import annotations

import fnmatch
import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ingest.frontmatter import load_yaml
from ingest.reading import OUTSIDE_MESSAGE, read_inside, resolves_inside
from kb.errors import IngestError, OutsideFolder

IGNORE_FILE = ".kbignore"
SETTINGS_FILE_MB = 1.0  # .kbignore and .kbmeta.yaml are small
DEFAULTS_FILE = ".kbmeta.yaml"
DEFAULT_FIELDS = {"project", "department", "type", "tags", "authors", "language"}
NOT_REGULAR = "not a regular file: kb reads only regular files and folders"
_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"))


def with_folder_projects(files: list[Found]) -> list[Found]:
    """``kb ingest --project-from-folder``: each file below a folder of the ingested root gets that first folder's
    name as its project ("项目A/复盘/总结.docx": 项目A), under what its ``.kbmeta.yaml`` and the document itself say
    (front matter, a "项目：" line, a form's field); a file at the root gets none."""
    out = []
    for item in files:
        folders = PurePosixPath(item.rel_path).parts[:-1]
        if folders and "project" not in item.defaults:
            item = replace(item, defaults={**item.defaults, "project": folders[0]})
        out.append(item)
    return out


@dataclass
class Found:
    """A file to ingest, the root its key is relative to, and folder-level default metadata."""

    path: Path
    root: Path
    defaults: dict[str, Any] = field(default_factory=dict)

    @property
    def rel_path(self) -> str:
        """The path relative to the root, with '/' separators: the document's default key."""
        return self.path.relative_to(self.root).as_posix() if self.path != self.root else self.path.name


@dataclass
class Discovery:
    """Files found, and problems met while looking (unreadable folders, bad .kbmeta.yaml)."""

    files: list[Found] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why it is not ingested)


def discover(paths: list[Path], extensions: set[str], known_roots: dict[str, str] | None = None) -> Discovery:
    """Walk the given files and folders for files with a supported extension.

    Hidden files and folders are skipped, as is anything matching a pattern in a ``.kbignore`` file of
    a folder above it (patterns are relative to that folder; ``name/`` matches folders only).
    Folder links are not followed; one that leads outside the folder is reported. (File links are listed: the
    pipeline reads them only if they stay inside, see ``ingest.reading``.) A file given directly keeps the root
    it was first ingested under.
    """
    out = Discovery()
    known_roots = known_roots or {}
    for given in paths:
        path = Path(os.path.abspath(given))
        if path.is_file():
            if path.suffix.lower() not in extensions:
                out.skipped.append((str(path), unknown_extension(path.suffix, extensions)))
                continue
            root = Path(known_roots.get(str(path), path.parent))
            out.files.append(Found(path, root, _defaults_for(path, root, out)))
        elif path.is_dir():
            _walk(path, extensions, out)
        elif kind := special_kind(path):  # it exists: said what it is, never opened (a FIFO's read would block)
            out.problems.append((str(given), f"{kind}, {NOT_REGULAR}"))
        else:
            out.problems.append((str(given), _missing(str(given))))
    return out


def _missing(given: str) -> str:
    """Why a path given is not there, with the likely cause when the shell left it unexpanded (quoted in a script or
    a crontab: 'corpus/*.md', '~/retros')."""
    if any(c in given for c in "*?["):
        return ("no such file or folder (a pattern the shell did not expand: kb takes files and folders, so leave the "
                "pattern unquoted, or give the folder)")
    if given.startswith("~"):
        return "no such file or folder (a '~' the shell did not expand, in quotes: write $HOME or the whole path)"
    return "no such file or folder"


def _walk(root: Path, extensions: set[str], out: Discovery) -> None:
    ignores: dict[Path, list[str]] = {}
    defaults: dict[Path, dict[str, Any]] = {}

    def on_error(exc: OSError) -> None:
        out.problems.append((str(exc.filename), f"cannot read folder: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        here = Path(dirpath)
        ignores[here] = _read_ignore(here / IGNORE_FILE, root, out)
        parent_defaults = defaults.get(here.parent, {}) if here != root else {}
        defaults[here] = {**parent_defaults, **_read_defaults(here / DEFAULTS_FILE, root, out)}
        kept = []
        for name in sorted(dirnames):
            if name.startswith("."):
                continue
            if pattern := _ignored(here / name, root, ignores, is_dir=True):
                out.skipped.append((str(here / name) + os.sep, f"folder ignored by .kbignore ({pattern!r})"))
            elif not _folder_link(here / name, root, out):
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = here / name
            if name.startswith("."):
                continue
            if pattern := _ignored(path, root, ignores, is_dir=False):
                out.skipped.append((str(path), f"ignored by .kbignore ({pattern!r})"))
            elif kind := special_kind(path):
                out.skipped.append((str(path), f"{kind}, {NOT_REGULAR}"))
            elif path.suffix.lower() not in extensions:
                out.skipped.append((str(path), unknown_extension(path.suffix, extensions)))
            else:
                out.files.append(Found(path, root, defaults[here]))


def special_kind(path: Path) -> str | None:
    """What a path that is neither a regular file nor a folder is ("a named pipe (FIFO)"), from its status alone
    (links followed); None for a file, a folder, or a path that does not exist."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    return next((kind for test, kind in _KINDS if test(mode)), None)


def unknown_extension(suffix: str, extensions: set[str]) -> str:
    """Why a file of this extension is not ingested."""
    known = ", ".join(sorted(e for e in extensions if e))
    return f"unknown extension {suffix.lower()!r} (kb reads {known})"


def _folder_link(path: Path, root: Path, out: Discovery) -> bool:
    """Whether a folder is a link (not followed: what it holds inside the root is walked where it really is);
    one leading outside the root is reported."""
    if not path.is_symlink():
        return False
    if not resolves_inside(path, root):
        out.problems.append((str(path), OUTSIDE_MESSAGE))
    return True


def _read_setting_file(path: Path, root: Path, out: Discovery) -> str | None:
    """The text of a .kbignore or .kbmeta.yaml, or None if there is none (or it cannot be used: reported)."""
    if not path.is_file():
        return None
    try:
        return read_inside(path, root, max_mb=SETTINGS_FILE_MB).decode("utf-8-sig")
    except OutsideFolder as exc:
        out.problems.append((str(path), str(exc)))
    except (IngestError, UnicodeDecodeError) as exc:
        out.problems.append((str(path), f"ignored: {exc}"))
    return None


def _read_ignore(path: Path, root: Path, out: Discovery) -> list[str]:
    text = _read_setting_file(path, root, out)
    if text is None:
        return []
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _ignored(path: Path, root: Path, ignores: dict[Path, list[str]], *, is_dir: bool) -> str | None:
    """The .kbignore pattern that leaves a path out, or None."""
    folder = path.parent
    while True:
        for written in ignores.get(folder, []):
            dir_only = written.endswith("/")
            pattern = written.rstrip("/").lstrip("/")
            rel = path.relative_to(folder).as_posix()
            if dir_only and not is_dir:
                # "eval/" also ignores every file below a folder named eval
                if any(fnmatch.fnmatch(part, pattern) for part in Path(rel).parts[:-1]):
                    return written
                continue
            if fnmatch.fnmatch(rel, pattern) or ("/" not in pattern and fnmatch.fnmatch(path.name, pattern)):
                return written
        if folder == root or folder.parent == folder:
            return None
        folder = folder.parent


def _read_defaults(path: Path, root: Path, out: Discovery) -> dict[str, Any]:
    text = _read_setting_file(path, root, out)
    if text is None:
        return {}
    try:
        data = load_yaml(text)
    except RecursionError:
        out.problems.append((str(path), "ignored: nested too deeply"))
        return {}
    except yaml.YAMLError as exc:
        out.problems.append((str(path), f"ignored: not valid YAML ({str(exc).splitlines()[0][:80]})"))
        return {}
    if not isinstance(data, dict):
        out.problems.append((str(path), "ignored: must be a mapping of default fields"))
        return {}
    unknown = set(map(str, data)) - DEFAULT_FIELDS
    if unknown:
        out.problems.append((str(path), (f"ignored fields {', '.join(sorted(unknown))} "
                                         f"(defaults may set: {', '.join(sorted(DEFAULT_FIELDS))})")))
    return {k: v for k, v in data.items() if k in DEFAULT_FIELDS}


def _defaults_for(path: Path, root: Path, out: Discovery) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    folders = [root, *[root / Path(*path.parent.relative_to(root).parts[:i + 1])
                       for i in range(len(path.parent.relative_to(root).parts))]] \
        if path.is_relative_to(root) else [path.parent]
    for folder in folders:
        merged.update(_read_defaults(folder / DEFAULTS_FILE, root if path.is_relative_to(root) else folder, out))
    return merged

