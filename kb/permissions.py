"""Files and folders of the data folder (database, index, backups, secret key) are created for their owner only.

Only what is created here is restricted: an existing file or folder keeps the mode it has (never loosened or
changed behind the owner's back).
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def private_folder(path: Path) -> None:
    """Create a folder (and any missing parents) that only its owner can enter, if it does not exist."""
    missing = []
    here = path
    while not here.exists() and here.parent != here:
        missing.append(here)
        here = here.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            continue
        os.chmod(folder, PRIVATE_FOLDER)  # mkdir's mode is filtered by the umask, which may only narrow it


def private_file(path: Path) -> bool:
    """Create an empty file that only its owner can read and write, if it does not exist.

    Returns:
        Whether the file was created (False: it existed and was left as it is).
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, PRIVATE_FILE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def write_private(path: Path, data: bytes) -> None:
    """Write a whole file, created for its owner only if new."""
    private_file(path)
    with open(path, "wb") as fh:
        fh.write(data)
