"""Commands for the web UI and operations: serve, users, backup, restore."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from kb.cli_support import App
from kb.display import echo_json, human_bytes, table


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", type=click.IntRange(1, 64), help="Server processes [default: one per core].")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Threads per process.")
@click.pass_obj
def serve(app: App, host: str, port: int, workers: int | None, threads: int) -> None:
    """Run the web UI and JSON API on a production WSGI server (gunicorn manages one process per core; in each,
    waitress reads whole requests before one of its threads runs them; each process loads the model and index
    once and picks up a newer index by itself)."""
    import os

    from web.app import check_settings
    from web.server import serve as run_server

    check_settings(app.settings)  # here, once, not as a traceback from every worker
    workers = workers or os.cpu_count() or 1
    click.echo(f"Lessons KB on http://{host}:{port}/ (database {app.settings.db}, {workers} process(es) x "
               f"{threads} threads); Ctrl+C stops it.")
    run_server(app.settings, host=host, port=port, workers=workers, threads=threads)


@click.group()
def user() -> None:
    """Manage accounts: readers, curators and admins."""


def _password(prompt: bool) -> str:
    return click.prompt("Password", hide_input=True, confirmation_prompt=True) if prompt else \
        click.get_text_stream("stdin").readline().rstrip("\n")


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["reader", "curator", "admin"]), default="reader", show_default=True)
@click.option("--display-name", help="Name shown in the UI.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@click.pass_obj
def user_add(app: App, name: str, role: str, display_name: str | None, password_stdin: bool) -> None:
    """Create an account (the password is asked for, and stored only as a salted hash)."""
    app.store().add_user(name, _password(not password_stdin), role, display_name)
    click.echo(f"added {role} '{name}'")


@user.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@click.pass_obj
def user_passwd(app: App, name: str, password_stdin: bool) -> None:
    """Change a password."""
    app.store().set_password(name, _password(not password_stdin))
    click.echo(f"password of '{name}' changed")


@user.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(["reader", "curator", "admin"]))
@click.pass_obj
def user_role(app: App, name: str, role: str) -> None:
    """Change a user's role."""
    app.store().set_role(name, role)
    click.echo(f"'{name}' is now {role}")


@user.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def user_list(app: App, as_json: bool) -> None:
    """Every account."""
    rows = app.store().users()
    if as_json:
        echo_json(rows)
        return
    click.echo(table([[r["name"], r["role"], "yes" if r["active"] else "no", r["last_login"]] for r in rows],
                     ["user", "role", "active", "last login"]))


@user.command("token")
@click.argument("name")
@click.option("--label", help="What the token is for.")
@click.pass_obj
def user_token(app: App, name: str, label: str | None) -> None:
    """Create an API token (shown once; send it as 'Authorization: Bearer TOKEN')."""
    click.echo(app.store().create_token(name, label))



@click.command()
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
def backup(app: App, dest: Path) -> None:
    """Back up the database (online, safe while the server runs) and the vector index into a folder."""
    import json
    import shutil

    from search import index_path

    store = app.store()
    dest.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    store.backup_to(dest / "kb.db")
    faiss = index_path(app.settings)
    copied = []
    for path in (faiss, faiss.with_suffix(faiss.suffix + ".json")):
        if path.exists():
            tmp = dest / (path.name + ".partial")
            shutil.copyfile(path, tmp)
            tmp.replace(dest / path.name)
            copied.append(path.name)
    stats = store.stats()
    manifest = {"created": _now(), "source": str(app.settings.db), "documents": stats["documents"],
                "lessons": stats["lessons"], "files": ["kb.db", *copied], "model": app.settings.model}
    (dest / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    size = sum((dest / name).stat().st_size for name in manifest["files"])
    click.echo(f"Backed up {stats['documents']:,} documents ({human_bytes(size)}) to {dest} "
               f"in {time.perf_counter() - started:.1f} s")


@click.command()
@click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing database.")
@click.pass_obj
def restore(app: App, src: Path, force: bool) -> None:
    """Restore a backup made by 'kb backup' into --db, then bring the search index in line with it."""
    import shutil

    from kb.store import Store
    from search import index_path

    source = src / "kb.db"
    if not source.exists():
        raise click.ClickException(f"{src} holds no kb.db: not a backup made by 'kb backup'")
    target = app.settings.db
    if target.exists() and not force:
        raise click.ClickException(f"{target} exists; add --force to replace it")
    with Store(source, create=False) as backup_store:
        backup_store.backup_to(target)
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    faiss = index_path(app.settings)
    for name, path in (("kb.faiss", faiss), ("kb.faiss.json", faiss.with_suffix(faiss.suffix + ".json"))):
        if (src / name).exists():
            shutil.copyfile(src / name, path)
        else:
            path.unlink(missing_ok=True)
    report = app.index().sync()
    problems = app.index().check()
    click.echo(f"Restored {app.store().stats()['documents']:,} documents into {target}; index: {report.chunks:,} "
               f"chunks" + (f", {report.repaired:,} vectors repaired" if report.repaired else "")
               + ("" if not problems else f"; problems: {'; '.join(problems)}"))
    if problems:
        sys.exit(1)


def _now() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="seconds")
