"""kb --help as a newcomer reads it: where to start, and an example on every command that takes something."""

import re
import shlex

import click
import pytest

from kb.cli import cli

# Commands that take no argument, and only flags or a --limit: their usage line is the example.
NO_EXAMPLE_NEEDED = {"init", "stats", "config", "reindex", "check", "tag list", "tag synonym list", "user list",
                     "subscribers list"}


def _leaves(group, prefix=()):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _leaves(command, (*prefix, name))
        else:
            yield " ".join((*prefix, name)), command


LEAVES = dict(_leaves(cli))


def _help(runner, path: str) -> str:
    result = runner.invoke(cli, [*path.split(), "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def test_kb_help_says_where_to_start_in_both_languages(runner):
    # it said only "Ingest retrospectives and project documents, browse and tag them, find similar past issues."
    text = _help(runner, "")
    assert "Chinese and English" in text and 'kb search "测试环境没有准备好"' in text
    assert "kb COMMAND --help" in text


def test_every_command_that_takes_something_shows_an_example(runner):
    # kb docs, show, errors, eval, serve, backup, restore, digest preview, every tag and user command but add and
    # list, subscribers remove and import showed none
    missing = [path for path in LEAVES if path not in NO_EXAMPLE_NEEDED and "Example" not in _help(runner, path)]
    assert missing == []


def _examples(text: str) -> list[str]:
    lines = text.split("Example", 1)[1].splitlines()[1:] if "Example" in text else []
    found = []
    for line in lines:
        if not line.startswith("    "):
            break
        found.append(line.strip().split("| ")[-1])  # printf '%s\n' "$PASSWORD" | kb user add ...
    return [e for e in found if e.startswith("kb ")]


def kb_words(example: str) -> list[str]:
    """An example's words as kb gets them: a redirection (``kb search - < lesson.md``) is the shell's, not kb's."""
    words = shlex.split(example)
    return words[:words.index("<")] if "<" in words else words


@pytest.mark.parametrize("path", sorted(LEAVES))
def test_each_example_line_is_whole_shell_words(runner, path):
    # kb user add's docstring said printf '%s\n': Python made the \n a newline, and --help broke the command in two
    text = _help(runner, path)
    lines = text.split("Example", 1)[1].splitlines()[1:] if "Example" in text else []
    for line in lines:
        if not line.startswith("    "):
            break
        shlex.split(line)  # "No closing quotation" for half a command


@pytest.mark.parametrize("path", sorted(LEAVES))
def test_each_example_is_a_command_kb_would_take(runner, path):
    for example in _examples(_help(runner, path)):
        words = kb_words(example)[1:]
        while words[0].startswith("--"):  # kb --db FILE restore ...
            words = words[2:]
        command, name = cli, None
        while isinstance(command, click.Group):
            name, words = words[0], words[1:]
            command = command.commands[name]
        assert command in LEAVES.values(), example  # kb tag undo's examples begin with kb tag history
        try:
            command.make_context(name, words)
        except click.BadParameter as exc:  # a file named in an example need not exist here
            assert re.search(r"does not exist", str(exc)), (example, str(exc))


@pytest.mark.parametrize("path", sorted(LEAVES))
def test_on_a_narrow_terminal_an_options_text_is_under_its_name_in_the_whole_width(runner, path):
    # at 40 columns click left an option's text 16 of them, beside names of up to 30: a word or two a line, and long
    # words cut ("Only documents/l" / "essons with this")
    out = runner.invoke(cli, [*path.split(), "--help"], terminal_width=40).output
    options = out[out.index("\nOptions:\n") + 10:].splitlines()
    assert all(re.match(r"  -|      \S", line) for line in options if line.strip()), out


def test_a_narrow_help_keeps_words_whole_and_a_wide_one_its_two_columns(runner):
    narrow = runner.invoke(cli, ["lessons", "--help"], terminal_width=40).output
    assert "  -t, --tag TEXT\n      Only documents/lessons with this\n      tag (repeatable).\n" in narrow
    wide = runner.invoke(cli, ["lessons", "--help"], terminal_width=100).output
    assert "  -t, --tag TEXT                  Only documents/lessons with this tag (repeatable).\n" in wide


def _groups(group, prefix=()):
    yield " ".join(prefix), group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _groups(command, (*prefix, name))


@pytest.mark.parametrize("path", [path for path, _ in _groups(cli)], ids=lambda p: p or "kb")
def test_a_group_lists_each_command_by_a_whole_sentence_at_80_columns(runner, path):
    # click cut each to the width left, mid-thought: "check  Compare the store with the search index; exit 1 if
    # they...", "serve  Run the web UI and JSON API on a production WSGI server..."
    result = runner.invoke(cli, [*path.split(), "--help"], terminal_width=80)
    listing = result.output.split("\nCommands:\n")[1]
    entries = re.split(r"\n(?=  \S)", listing.rstrip())
    assert all(entry.rstrip().endswith(".") and not entry.rstrip().endswith("...") for entry in entries), entries
    assert max(len(line) for line in listing.splitlines()) <= 80
    assert all(len(entry.splitlines()) <= 3 for entry in entries), entries  # a line to read, not the whole help


@pytest.mark.parametrize("path", sorted(p for p, command in LEAVES.items()
                                        if any(o.name in ("csv_file", "xlsx_file") for o in command.params)))
def test_each_spreadsheet_option_says_what_a_dash_writes_to(runner, path):
    # kb lessons --xlsx said only "Write the lessons to this Excel workbook.", where kb docs --xlsx names '-' (standard
    # output, not a terminal), which both take (README, The CLI: "kb lessons --xlsx -")
    options = {o.name: o for o in LEAVES[path].params}
    for name in ("csv_file", "xlsx_file"):
        if name in options:
            assert "'-': standard output" in options[name].help, (path, options[name].opts)


def _file_options(group, prefix=()):
    for param in group.params:
        if isinstance(param, click.Option) and isinstance(param.type, click.Path):
            yield " ".join(prefix) or "kb", param
    for name, command in getattr(group, "commands", {}).items():
        yield from _file_options(command, (*prefix, name))


def test_every_option_naming_a_file_takes_no_option_for_one():
    """`kb docs --csv --help` wrote the listing to a file named '--help': every option whose value is a file's name
    (kb.cli_types.FileName) prints the help for --help or -h there, and refuses any other option."""
    from kb.cli_types import FileName

    found = {f"{where} {param.opts[0]}": type(param.type) for where, param in _file_options(cli)}
    assert {"kb --db", "docs --csv", "docs --xlsx", "session show --output", "eval --run-out"} <= set(found)
    assert [name for name, kind in found.items() if kind is not FileName] == []


@pytest.mark.parametrize("asked", ["--help", "-h"])
def test_help_typed_where_a_file_goes_prints_the_help_and_writes_nothing(runner, db_path, tmp_path, monkeypatch,
                                                                        asked):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["--db", str(db_path), "docs", "--csv", asked])
    assert result.exit_code == 0 and "docs [OPTIONS]\n\n  List documents" in result.output
    assert list(tmp_path.iterdir()) == []


def test_another_option_typed_where_a_file_goes_is_refused_naming_it(runner, db_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["--db", str(db_path), "docs", "--csv", "--xlsx", "out.xlsx"])
    assert result.exit_code == 2 and list(tmp_path.iterdir()) == []
    assert "Invalid value for '--csv': '--xlsx' is an option, not a file name (a file whose name starts with '-': " \
           "./--xlsx)" in result.output


@pytest.mark.parametrize("args", [["user", "add", "zed", "--display-name", "--help", "--password-stdin"],
                                  ["user", "add", "zed", "--role", "-h"]])
def test_help_taken_for_an_options_value_prints_the_help_and_does_nothing(runner, db_path, args):
    """`kb user add zed --display-name --help` made the account 'zed' whose name to show was '--help'."""
    result = runner.invoke(cli, ["--db", str(db_path), *args], input="a-long-password\n")
    assert result.exit_code == 0 and "user add [OPTIONS] NAME" in result.output
    listed = runner.invoke(cli, ["--db", str(db_path), "user", "list"])
    assert listed.exit_code in (0, 1) and "zed" not in listed.output  # (1: no database made either)
    runner.invoke(cli, ["--db", str(db_path), "user", "add", "zed", "--password-stdin"], input="a-long-password\n")
    assert "zed" in runner.invoke(cli, ["--db", str(db_path), "user", "list"]).output  # (the listing would show it)
