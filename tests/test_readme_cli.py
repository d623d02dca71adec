"""README, The CLI: each synopsis in its table names commands that exist, with options they have, and every command
is in the table (its --help and the README had parted: `kb tag list|rename|merge` without --limit or --into,
`kb user passwd …|role|list … NAME` for a role command that takes a role and a list that takes no name)."""

from __future__ import annotations

import re
from pathlib import Path

import click

from kb.cli import cli
from kb.models import DocType, LessonKind

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
ROWS = [line for line in README.split("## The CLI", 1)[1].split("\nFilters:", 1)[0].splitlines()
        if line.startswith("| `kb ")]
FILTERS = README.split("## The CLI", 1)[1].split("\nFilters:", 1)[1].split("\n\n", 1)[0]
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


def test_each_synopsis_lists_the_values_an_option_takes():
    # `--sort date|-date|title…`, `--format text|markdown|ics|csv|xlsx`: the values a reader may type, as click takes them
    listed = 0
    for synopsis, _ in _synopses():
        for head in _heads(synopsis):
            for option, values in re.findall(r"(--[a-z-]+) ([a-z-]+(?:\|[a-z-]+)+)", synopsis):
                [param] = [p for p in COMMANDS[head].params if option in p.opts]
                assert isinstance(param.type, click.Choice), (head, option)
                assert set(values.split("|")) == set(param.type.choices), (synopsis, head, option)
                listed += 1
    assert listed >= 15


def test_a_positional_choice_in_a_synopsis_lists_its_values():
    # `kb user role NAME reader|contributor|curator|admin`: the words after the command's name are its arguments'
    listed = 0
    for synopsis, _ in _synopses():
        words = synopsis.split()
        for head in _heads(synopsis):
            arguments = [p for p in COMMANDS[head].params if isinstance(p, click.Argument)]
            for param, word in zip(arguments, words[1 + len(head):], strict=False):
                if isinstance(param.type, click.Choice):
                    assert set(word.split("|")) == set(param.type.choices), (synopsis, param.name)
                    listed += 1
    assert listed >= 1


def test_the_filters_list_the_values_the_code_takes():
    kinds = re.search(r"`--kind` \(([a-z_,\s]+)\)", FILTERS).group(1)
    types = re.search(r"`--type` \(([a-z_,\s]+)\)", FILTERS).group(1)
    assert "".join(kinds.split()).split(",") == [k.value for k in LessonKind]
    assert "".join(types.split()).split(",") == [t.value for t in DocType]
    [langs] = re.findall(r"`--lang ([a-z|]+)`", FILTERS)
    for head in [("search",), ("docs",), ("lessons",)]:
        [param] = [p for p in COMMANDS[head].params if "--lang" in p.opts]
        assert set(langs.split("|")) == set(param.type.choices), head
