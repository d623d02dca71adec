"""Standard output and error made safe for a terminal: text from documents cannot drive it.

A document's title, project or lesson can hold control characters the file's own bytes did not: ``\\e`` in a YAML
string, ``\\u001b`` in a JSON-lines register, ``&#27;`` in HTML all become ESC after decoding. Printed as they are
by ``kb search`` or ``kb show``, ``ESC ] 0 ; … BEL`` retitles the reader's terminal, ``ESC [ 2 J`` clears it and
``ESC ] 52`` writes to the clipboard in some terminals. On a terminal, every control character but tab, line feed and
carriage return is dropped, and ESC is kept only where it starts a colour or bold code (``ESC [ … m``, what
``click.style`` writes). Output to a file or a pipe is left exactly as it is (an export to standard output keeps
its bytes).
"""

from __future__ import annotations

import re
import sys
from typing import Any, TextIO

_UNSAFE = re.compile(r"\x1b(?!\[[0-9;]*m)|[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
# The same, in UTF-8 bytes (C1 controls are \xc2\x80-\xc2\x9f there), for what is written to the stream's buffer
_UNSAFE_BYTES = re.compile(rb"\x1b(?!\[[0-9;]*m)|[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]|\xc2[\x80-\x9f]")


def terminal_text(text: str) -> str:
    """``text`` without the control characters a terminal acts on (colour and bold codes kept)."""
    return _UNSAFE.sub("", text)


class _SafeTerminal:
    """A text stream that passes what is written through ``terminal_text``; everything else is the stream's own."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_text(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    @property
    def buffer(self) -> _SafeBuffer:
        """The stream's bytes, guarded too: click writes there, past the text, when the stream's encoding is ASCII
        (``PYTHONIOENCODING=ascii``, a C locale without UTF-8), and for bytes echoed."""
        return _SafeBuffer(self._stream.buffer)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class _SafeBuffer:
    """A binary stream that drops, from what is written, the control characters ``terminal_text`` drops (as UTF-8)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, data: bytes) -> int:
        self._stream.write(_UNSAFE_BYTES.sub(b"", bytes(data)))
        return len(data)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def guard_terminal() -> None:
    """Wrap ``sys.stdout`` and ``sys.stderr`` where each is a terminal (the ``kb`` command calls this first)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, _SafeTerminal) and stream.isatty():
            setattr(sys, name, _SafeTerminal(stream))
