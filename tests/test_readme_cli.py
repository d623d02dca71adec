"""README, The CLI: each synopsis in its table names commands that exist, with options they have, and every command
is in the table (its --help and the README had parted: `kb tag list|rename|merge` without --limit or --into,
`kb user passwd …|role|list … NAME` for a role command that takes a role and a list that takes no name)."""

from __future__ import annotations

import re
from pathlib import Path

import click

from kb.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
ROWS = [line for line in README.split("## The CLI", 1)[1].split("\nFilters:", 1)[0].splitlines()
        if line.startswith("| `kb ")]
GLOBAL = {"--db", "--config", "--version"}


def _commands(command: click.Command, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], click.Command]:
    if not isinstance(command, click.Group):
        return {path: command}
    return {leaf: c for name, sub in command.commands.items() for leaf, c in _commands(sub, (*path, name)).items()}


COMMANDS = _commands(cli)


def _heads(synopsis: str) -> list[tuple[str, ...]]:
    """The commands a synopsis names: `kb tag add|remove TARGET TAG...` -> ('tag', 'add'), ('tag', 'remove')."""
    heads: list[tuple[str, ...]] = [()]
    for word in synopsis.split()[1:]:
        longer = [(*head, name) for head in heads for name in word.split("|")]
        longer = [h for h in longer if any(path[:len(h)] == h for path in COMMANDS)]
        if not longer:
            break
        heads = longer
    return [head for head in heads if head in COMMANDS]


def _synopses() -> list[tuple[str, str]]:
    """Each synopsis of the table's first column, with the rest of its row."""
    found = []
    for row in ROWS:
        first, rest = row[2:].split(" | ", 1)
        found += [(s.replace("\\|", "|"), rest) for s in re.findall(r"`(kb [^`]+)`", first)]
    return found


def test_each_synopsis_names_commands_with_the_options_they_have():
    for synopsis, _ in _synopses():
        heads = _heads(synopsis)
        assert heads, f"README names a command kb does not have: {synopsis}"
        options = set(re.findall(r"(?<![\w|-])(--?[a-zA-Z][a-z-]*)", synopsis)) - GLOBAL
        for head in heads:
            have = {o for p in COMMANDS[head].params for o in (*p.opts, *p.secondary_opts)}
            assert options <= have, (synopsis, head, sorted(options - have))


def test_every_command_is_in_the_table():
    named = set()
    for synopsis, rest in _synopses():
        for head in _heads(synopsis):  # and its siblings said in the row's text: "also `list [--json]`, …"
            named |= {head} | {(*head[:-1], word) for word in re.findall(r"`([a-z]+)[ `]", rest)}
    assert sorted(" ".join(path) for path in COMMANDS if path not in named) == []
