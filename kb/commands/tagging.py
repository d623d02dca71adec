"""``kb tag synonym``, ``kb tag history`` and ``kb tag undo``: curated synonyms and undoing renames and merges."""

from __future__ import annotations

import click

from kb.cli_support import App, actor
from kb.commands.corpus import tag
from kb.display import echo_json, table
from kb.store import synonym_names


@tag.group("synonym")
def synonym() -> None:
    """Curated synonyms (数据迁移 = data migration): filters and search treat a group's names as one tag."""


@synonym.command("add")
@click.argument("names", nargs=-1, required=True)
@click.pass_obj
def synonym_add(app: App, names: tuple[str, ...]) -> None:
    """Make two or more tag names synonyms (a name already in a group brings its group along).

    Names go one an argument, or several in one separated by = or commas, as on the web: "数据迁移 = data migration".
    """
    members = app.store().add_synonyms(synonym_names(names), actor=actor())
    click.echo(f"synonyms: {' = '.join(members)}")


@synonym.command("remove")
@click.argument("name")
@click.pass_obj
def synonym_remove(app: App, name: str) -> None:
    """Take a name out of its synonym group."""
    app.store().remove_synonym(name, actor=actor())
    click.echo(f"'{name}' has no synonyms any more")


@synonym.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def synonym_list(app: App, as_json: bool) -> None:
    """Every synonym group, with how often each name is used as a tag."""
    groups = app.store().synonym_groups()
    if as_json:
        echo_json([[{"name": n["name"], "label": n["label"], "uses": n["uses"]} for n in g] for g in groups])
        return
    if not groups:
        click.echo("no synonyms yet: kb tag synonym add 数据迁移 'data migration'")
        return
    click.echo(table([[" = ".join(n["label"] for n in g), sum(n["uses"] for n in g)] for g in groups],
                     ["synonyms", "uses"]))


@tag.command("history")
@click.option("--limit", "-n", type=click.IntRange(1), default=30, show_default=True, help="Changes to list.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def tag_history(app: App, limit: int, as_json: bool) -> None:
    """The latest tag changes, newest first; renames and merges can be undone by their number (kb tag undo)."""
    rows = app.store().tag_events(limit)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("no tag changes yet: kb tag add, rename and merge record them here")
        return
    click.echo(table([[r["id"], r["at"], r["actor"] or "", r["action"], r["tag"], r["detail"] or "",
                       "yes" if r["undoable"] else ("undone" if r["undone_at"] else "")] for r in rows],
                     ["#", "when (UTC)", "who", "change", "tag", "on / into", "undo"]))


@tag.command("undo")
@click.argument("change", type=click.IntRange(1))
@click.pass_obj
def tag_undo(app: App, change: int) -> None:
    """Undo a rename or merge (its number from kb tag history): the tags and their links come back as they were."""
    event = app.store().undo_tag_event(change, actor=actor())
    click.echo(f"undone: {event['action']} '{event['tag']}' → '{event['detail']}'")
