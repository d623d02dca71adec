"""The ``kb`` command line: the one place that wires settings, store, ingestion, search and web together."""

from __future__ import annotations

import os
from pathlib import Path

import click

from kb.cli_errors import KBGroup, database_file
from kb.cli_help import narrow_help
from kb.cli_support import CONTEXT_SETTINGS, CREATING_COMMANDS, App
from kb.cli_types import FileName
from kb.commands import (  # noqa: F401 (session_edits adds to 'kb session')
    backups,
    corpus,
    ingestion,
    mail,
    searching,
    serving,
    session_edits,
    sessions,
    subscribing,
    tagging,
)
from kb.errors import KBError
from kb.settings import load_settings, misspelt_variables
from kb.terminal import guard_terminal


@click.group(cls=KBGroup, context_settings=CONTEXT_SETTINGS)
@click.option("--db", type=FileName(dir_okay=False, path_type=Path), envvar="KB_DB", show_envvar=True,
              callback=database_file, help="SQLite database file [default: kb-data/kb.db].")
@click.option("--config", "config_file", type=FileName(exists=True, dir_okay=False, path_type=Path),
              help="TOML settings file [default: $KB_CONFIG or ./kb.toml].")
@click.version_option(package_name="lessons-kb")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, config_file: Path | None) -> None:
    """Lessons KB: the PMO's lessons-learned knowledge base.

    Ingest retrospectives and project documents in Chinese and English, browse and tag them, and find similar past
    issues across projects and languages (a Chinese query finds English lessons too, and the other way round).

    \b
    Start here:
      kb ingest corpus/
      kb search "测试环境没有准备好"
      kb similar --text "the vendor keeps delivering the interfaces late"
      kb lessons --project 智慧仓储WMS上线 --kind 需要改进
      kb COMMAND --help    (each command's options, with examples)
    """
    if os.environ.get("NO_COLOR"):  # no-color.org: set and not empty, no bold or colour even on a terminal
        ctx.color = False
    try:
        settings = load_settings(config_file, db=db)
    except KBError as exc:
        raise click.ClickException(str(exc)) from None
    for name, meant in misspelt_variables():
        click.echo(f"warning: {name} is set but sets nothing (ignored); did you mean {meant}?", err=True)
    app = App(settings, may_create=ctx.invoked_subcommand in CREATING_COMMANDS)
    ctx.obj = app
    ctx.call_on_close(app.close)


for command in (ingestion.init, ingestion.ingest, corpus.docs, corpus.show, corpus.lessons, tagging.tag, corpus.stats,
                ingestion.errors, corpus.config, searching.search, searching.similar, searching.reindex, searching.check,
                searching.eval_command, serving.serve, serving.user, backups.backup, backups.restore,
                sessions.session, subscribing.subscribers, mail.digest):
    cli.add_command(command)
narrow_help(cli)


def main() -> None:
    """Console-script entry point."""
    guard_terminal()  # a document's control characters never reach the terminal (kb/terminal.py)
    cli(prog_name="kb")


if __name__ == "__main__":
    main()
