"""``--help`` on a narrow terminal: each option's text under its name, where click squeezed it into a column.

click gives an option's names up to 30 columns and its text what is left: at COLUMNS=40 that was 16, so the text
ran a word or two a line and long words were cut ("documents/l" / "essons"). Where the text would have fewer than
``NARROWEST`` columns, each name is a line of its own and its text follows, indented, in the whole width.
"""

from __future__ import annotations

from collections.abc import Iterable

import click
from click.formatting import wrap_text

NARROWEST = 30  # columns an option's text needs beside its name to read as sentences
UNDER = 4  # how far an option's text is indented under its name


class HelpFormatter(click.HelpFormatter):
    """click's formatter, with definition lists (options, commands) stacked on a narrow terminal."""

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        names = max((len(click.unstyle(name)) for name, _ in rows), default=0)
        if self.width - self.current_indent - min(names, col_max) - col_spacing - 2 >= NARROWEST:
            super().write_dl(rows, col_max, col_spacing)
            return
        indent = " " * (self.current_indent + UNDER)
        for name, text in rows:
            self.write(f"{'':>{self.current_indent}}{name}\n")
            if text:
                self.write(wrap_text(text, self.width, initial_indent=indent, subsequent_indent=indent,
                                     preserve_paragraphs=True) + "\n")


class Context(click.Context):
    """A command's context, whose --help is written by ``HelpFormatter``."""

    formatter_class = HelpFormatter


def narrow_help(command: click.Command) -> None:
    """Have a command, and every command under it, write its --help with ``HelpFormatter``, and be listed in its
    group's --help by its first sentence, wrapped: click cut it to the width left, mid-thought ("check  Compare the
    store with the search index; exit 1 if they..." at 80 columns)."""
    command.context_class = Context
    if not command.short_help and command.help:
        command.short_help = first_sentence(command.help)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            narrow_help(sub)


def first_sentence(text: str) -> str:
    """The first sentence of a help text's first paragraph: up to the first full stop outside brackets that ends
    it (followed by a space or nothing), on one line."""
    paragraph = " ".join(text.split("\n\n")[0].split())
    depth = 0
    for i, ch in enumerate(paragraph):
        depth += (ch in "(（") - (ch in ")）")
        if ch == "." and depth == 0 and paragraph[i + 1:i + 2] in ("", " "):
            return paragraph[:i + 1]
    return paragraph
