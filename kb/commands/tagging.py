"""``kb tag``: tags added, removed, listed, renamed and merged; curated synonyms; renames and merges undone."""

from __future__ import annotations

import shlex

import click

from kb.cli_filters import key_hint, lesson_hint
from kb.cli_support import App, actor
from kb.cli_types import Count, RowNumber
from kb.display import echo_json, listed, local_time, table
from kb.errors import InvalidInput
from kb.store import Store, Target, synonym_names
from kb.text import normalize_tag, shown_value


@click.group()
def tag() -> None:
    """Add, remove, list, rename and merge tags; synonyms; undo renames and merges.

    TARGET is a document key, or lesson:ID for a lesson.
    """


def _target(text: str) -> Target:
    """A document key or lesson:ID; 'lesson:' with no number after it is refused, not looked up as a key."""
    where = Target.parse(text)
    if where.kind == "document" and text.strip().lower().startswith("lesson:"):
        raise click.BadParameter(f"'{shown_value(text)}' is no lesson: write lesson:ID, the lesson's number (lesson:12)",
                                 param_hint="'TARGET'")
    return where


@tag.command("add", short_help="Attach tags to a document or lesson (kept across re-ingestion).")
@click.argument("target")
@click.argument("tags", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help='Print the target after it as JSON: {"target", "tags"}.')
@click.pass_obj
def tag_add(app: App, target: str, tags: tuple[str, ...], as_json: bool) -> None:
    """Attach tags to a document or lesson (kept across re-ingestion): all of them or, if one is refused, none.
    Commas separate tags, as in the web's tag field ("供应商管理，测试" is two).

    \b
    Examples:
      kb tag add wms-rollout/retrospective 供应商管理 "vendor management"
      kb tag add lesson:802 testing
    """
    where = _target(target)
    _check_document(app, where, "add", tags)
    names = _typed_names(tags)
    store = app.store()
    with store.transaction():  # all or none, as the web's form: a refused name left the ones before it added
        added = [(store.add_tag(where, name, actor=actor()), name) for name in names]
    said = [f"{'tagged' if done else 'already tagged'} {where} with '{_stored(store, name)}'" for done, name in added]
    _said(app, where, said, as_json)


def _typed_names(tags: tuple[str, ...], store: Store | None = None) -> list[str]:
    """The tags named by the arguments of add and remove: "供应商管理，测试" is two, as the web's tag field and record
    form read it (add made one tag with a comma in its name, which the web could then not add; remove took the text
    whole: 'kb tag remove KEY "a, b"' said the target had no tag 'a, b'). Given the store (remove), an argument that
    is itself an existing tag's name stays whole (a front-matter list item "R&D, EMEA" is one tag). One of no name
    ("  ") is passed on for the store to refuse; one of only commas is refused here."""
    from kb.store.tags import tag_list

    if bad := next((typed for typed in tags if typed.strip() and not tag_list(typed)), None):
        raise click.ClickException(f"'{shown_value(bad)}' names no tag: commas (, ， 、) separate tags")
    return [name for typed in tags
            for name in ([typed] if store and store.tags(exact=normalize_tag(typed)) else tag_list(typed) or [typed])]


def _stored(store: Store, name: str) -> str:
    """A tag as stored, by any form of its name: "ＡＧＶ" is the existing "AGV", "Vendor   X" is "Vendor X" (add and
    remove said the text typed, not the tag they changed)."""
    found = store.tags(exact=normalize_tag(name))
    return found[0]["label"] if found else name


def _said(app: App, where: Target, lines: list[str], as_json: bool) -> None:
    """After tags were added or removed: the target with every tag it has now as JSON, or what was done."""
    if not as_json:
        click.echo("\n".join(lines))
        return
    store = app.store()
    tags = store.document_tags(where.ref) if where.kind == "document" else store.lesson(int(where.ref))["tags"]
    echo_json({"target": str(where), "tags": tags})


def _check_document(app: App, where: Target, command: str, tags: tuple[str, ...]) -> None:
    """A document key that no document has is an error with the nearest keys (it said only "no document with key");
    a number, with how to name the lesson of that number, as kb show says it ('kb tag add 802 x' named no lesson)."""
    if where.kind == "document" and not app.store().document_titles([where.ref]):
        hint = (lesson_hint(app.store(), where.ref, lambda n: f"kb tag {command} lesson:{n} {shlex.join(tags)}")
                or key_hint(app.store(), where.ref))
        raise click.ClickException(f"no document with key '{shown_value(where.ref)}'; {hint}")


@tag.command("remove")
@click.argument("target")
@click.argument("tags", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help='Print the target after it as JSON: {"target", "tags"}.')
@click.pass_obj
def tag_remove(app: App, target: str, tags: tuple[str, ...], as_json: bool) -> None:
    """Detach tags from a document or lesson: all of them or, if it lacks one, none.
    Commas separate tags, as in kb tag add ("供应商管理，测试" is two).

    \b
    Examples:
      kb tag remove wms-rollout/retrospective 供应商管理
      kb tag remove lesson:802 testing
    """
    where = _target(target)
    _check_document(app, where, "remove", tags)
    store = app.store()
    names = _typed_names(tags, store)
    with store.transaction():  # all the tags or, on a tag it does not have, none (it removed those before it)
        for name in names:
            if not store.remove_tag(where, name, actor=actor()):
                raise click.ClickException(f"{where} has no tag '{shown_value(name)}'")
    _said(app, where, [f"removed '{_stored(store, name)}' from {where}" for name in names], as_json)


@tag.command("list")
@click.option("--limit", "-n", type=Count(1),
              help="Tags to list, most used first [default: 100; with --json, every tag].")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list of every tag, or of the first --limit).")
@click.pass_obj
def tag_list(app: App, limit: int | None, as_json: bool) -> None:
    """Tags with the number of documents and lessons they are on."""
    every = app.store().tags()
    rows = every[:limit or (len(every) if as_json else 100)]  # a script's list was cut at 100 without a word
    if as_json:
        echo_json(rows)
        return
    if rows:
        click.echo(table([[r["label"], r["documents"], r["lessons"]] for r in rows], ["tag", "documents", "lessons"]))
    more = f" (--limit {len(every)} lists them all)" if len(rows) < len(every) else ""
    click.echo(listed(0, len(rows), len(every), "tags") + more, err=True)


@tag.command("rename")
@click.argument("old")
@click.argument("new")
@click.option("--json", "as_json", is_flag=True, help="Print the tag after it as JSON (as kb tag list --json).")
@click.pass_obj
def tag_rename(app: App, old: str, new: str, as_json: bool) -> None:
    """Rename a tag everywhere (onto an existing tag: merge them).

    \b
    Examples:
      kb tag rename 供应商 供应商管理
      kb tag rename "vendor mgmt" "vendor management"
    """
    before = _latest_event(app)
    done = app.store().rename_tag(old, new, actor=actor())
    if as_json:
        _echo_tag(app, new)
        return
    if done == "unchanged":
        click.echo(f"nothing renamed: '{new}' is the tag's name already")
        return
    click.echo(f"merged '{old}' into the existing tag '{new}'" if done == "merge" else f"renamed '{old}' to '{new}'")
    click.echo(_undo_hint(app, before))


@tag.command("merge")
@click.argument("sources", nargs=-1, required=True)
@click.option("--into", required=True, help="The tag to keep.")
@click.option("--json", "as_json", is_flag=True, help="Print the tag after it as JSON (as kb tag list --json).")
@click.pass_obj
def tag_merge(app: App, sources: tuple[str, ...], into: str, as_json: bool) -> None:
    """Merge tags into one.

    \b
    Example:
      kb tag merge 供应商 "vendor mgmt" --into 供应商管理
    """
    before = _latest_event(app)
    app.store().merge_tags(list(sources), into, actor=actor())
    merged = [name for name in sources if normalize_tag(name) != normalize_tag(into)]  # not merged into itself
    if as_json:
        _echo_tag(app, into)
        return
    if not merged:
        click.echo(f"nothing merged: '{into}' is the tag to keep")
        return
    quoted = ", ".join(f"'{s}'" for s in merged)
    click.echo(f"merged {quoted} into '{into}'")
    click.echo(_undo_hint(app, before))


def _latest_event(app: App) -> int:
    """The number of the latest tag change (0 before any): the changes after it are a command's own."""
    rows = app.store().tag_events(1)
    return rows[0]["id"] if rows else 0


def _undo_hint(app: App, before: int) -> str:
    """How to undo what a rename or merge just did, by number: "(kb tag undo 8 puts it back)", "(kb tag undo 9, then
    kb tag undo 8, put them back)". It said "kb tag undo N", and the user looked N up in kb tag history."""
    numbers = [r["id"] for r in app.store().tag_events(100) if r["id"] > before and r["undoable"]]
    if not numbers:
        return "(kb tag history lists it)"
    if len(numbers) == 1:
        return f"(kb tag undo {numbers[0]} puts it back)"
    return f"({', then '.join(f'kb tag undo {n}' for n in numbers)}, put them back)"


def _echo_tag(app: App, name: str) -> None:
    """The tag a rename or merge kept, as JSON: its row of kb tag list --json."""
    echo_json(next(r for r in app.store().tags() if r["name"] == normalize_tag(name)))


@tag.group("synonym")
def synonym() -> None:
    """Curated synonyms (数据迁移 = data migration): filters and search treat a group's names as one tag."""


@synonym.command("add")
@click.argument("names", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the name's group after it as JSON (as kb tag synonym list --json).")
@click.pass_obj
def synonym_add(app: App, names: tuple[str, ...], as_json: bool) -> None:
    """Make two or more tag names synonyms (a name already in a group brings its group along).

    Names go one an argument, or several in one separated by = or commas, as on the web: "数据迁移 = data migration".

    \b
    Examples:
      kb tag synonym add 数据迁移 "data migration"
      kb tag synonym add "数据迁移 = data migration"
    """
    members = app.store().add_synonyms(synonym_names(names), actor=actor())
    if as_json:
        echo_json(_group(app, members[0]))
        return
    click.echo(f"synonyms: {' = '.join(members)}")


@synonym.command("remove")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the name's group after it as JSON (as kb tag synonym list --json).")
@click.pass_obj
def synonym_remove(app: App, name: str, as_json: bool) -> None:
    """Take a name out of its synonym group.

    \b
    Example:
      kb tag synonym remove "data migration"
    """
    app.store().remove_synonym(name, actor=actor())
    if as_json:
        echo_json(_group(app, name))
        return
    click.echo(f"'{name}' has no synonyms any more")


def _group(app: App, name: str) -> list[dict[str, object]]:
    """A name's synonym group as kb tag synonym list --json gives it; the name alone once it has none."""
    key = normalize_tag(name)
    for group in app.store().synonym_groups():
        if any(n["name"] == key for n in group):
            return [{"name": n["name"], "label": n["label"], "uses": n["uses"]} for n in group]
    found = [{"name": r["name"], "label": r["label"], "uses": r["documents"] + r["lessons"]}
             for r in app.store().tags() if r["name"] == key]
    return found or [{"name": key, "label": key, "uses": 0}]  # as the group listed a name with no tag


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
@click.option("--limit", "-n", type=RowNumber(1), default=30, show_default=True, help="Changes to list.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def tag_history(app: App, limit: int, as_json: bool) -> None:
    """The latest tag changes, newest first; renames and merges can be undone by their number (kb tag undo).

    \b
    Example:
      kb tag history -n 10
    """
    rows = app.store().tag_events(limit)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("no tag changes yet: kb tag add, rename and merge record them here")
        return
    click.echo(table([[r["id"], local_time(r["at"]), r["actor"] or "", r["action"], r["label"], r["detail"] or "",
                       "yes" if r["undoable"] else ("undone" if r["undone_at"] else "")] for r in rows],
                     ["#", "when", "who", "change", "tag", "on / into", "undo"]))


@tag.command("undo")
@click.argument("change", type=RowNumber(1))
@click.option("--json", "as_json", is_flag=True, help="Print the change undone as JSON (as kb tag history --json).")
@click.pass_obj
def tag_undo(app: App, change: int, as_json: bool) -> None:
    """Undo a rename or merge (its number from kb tag history): the tags and their links come back as they were.

    \b
    Examples:
      kb tag history
      kb tag undo 12
    """
    store = app.store()
    try:
        event = store.undo_tag_event(change, actor=actor())
    except InvalidInput:
        row = store.row("SELECT action, tag, detail FROM tag_events WHERE id = ? AND undone_at IS NULL", [change])
        if row is None or row["action"] in ("rename", "merge"):  # undone already, or changed since: said as it is
            raise
        raise click.ClickException(_not_undoable(change, row)) from None
    if as_json:
        echo_json(next(r for r in store.tag_events(store.scalar("SELECT count(*) FROM tag_events")) if r["id"] == change))
        return
    click.echo(f"undone: {event['action']} '{event['tag']}' → '{event['detail']}'")


def _not_undoable(change: int, event: dict[str, str]) -> str:
    """Why a change other than a rename or merge is not undone, and the command that does it instead."""
    action, tag, target = event["action"], shlex.quote(event["tag"]), shlex.quote(event["detail"] or "")
    instead = {"add": f"; to take the tag off: kb tag remove {target} {tag}",
               "remove": f"; to put it back: kb tag add {target} {tag}",
               "synonym": "; to take a name out of its group: kb tag synonym remove NAME"}.get(action, "")
    return f"tag change {change} is {'an' if action[0] in 'aeiou' else 'a'} {action}: only a rename or a merge can " \
           f"be undone{instead}"
