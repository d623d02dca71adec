"""Commands for the web UI and its users: serve, user (backup and restore: kb/commands/backups.py)."""

from __future__ import annotations

import re
import shlex
import sys
from datetime import timedelta
from typing import Any

import click

from kb.cli_support import App
from kb.cli_types import Count, Lifetime, RowNumber
from kb.commands.messages import counted
from kb.display import echo_json, local_time, table
from kb.settings import DEFAULT_BASE_URL, Settings
from kb.store.people import TOKEN_SCOPES
from kb.text import shown_value


@click.command(short_help="Run the web UI and JSON API on a production WSGI server (gunicorn and waitress).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=Count(1, 65535), help="Port to listen on.")
@click.option("--workers", type=Count(1, 64), help="Server processes [default: one per core].")
@click.option("--threads", default=4, show_default=True, type=Count(1, 64), help="Threads per process.")
@click.pass_obj
def serve(app: App, host: str, port: int, workers: int | None, threads: int) -> None:
    """Run the web UI and JSON API on a production WSGI server (gunicorn manages one process per core; in each,
    waitress reads whole requests before one of its threads runs them; each process loads the model and index
    once and picks up a newer index by itself).

    \b
    Examples:
      kb serve
      kb serve --host 0.0.0.0 --port 8080 --workers 2
    """
    import os

    from kb.store.core import check_database
    from web.app import check_settings
    from web.server import serve as run_server

    # A missing database first (kb init makes it), then the settings: run from another folder, "needs a secret key:
    # run 'kb init'" would have had an empty database made there. Here, once, not as a traceback from every worker.
    # Only then is the database opened as it serves (not another application's, nor a newer version's) and upgraded:
    # a server refused for its key had applied an upgrade's migrations first.
    check_database(app.settings.db)
    settings = check_settings(app.settings)
    app.store()  # the upgrade said, as every command says it
    if settings.base_url.startswith("https://") and not settings.secure_cookies:
        click.echo("warning: base_url is https but secure_cookies is off: a login cookie would also be sent over plain "
                   "http (set secure_cookies = true behind TLS: README, Putting it on the internet)", err=True)
    _check_address(host, port)
    _say_if_behind(app)
    settings = _links_follow(settings, host, port)
    host = f"[{host}]" if ":" in host else host  # an IPv6 address, as a URL and gunicorn's bind write it
    workers = workers or os.cpu_count() or 1
    processes = f"{workers} process" + ("" if workers == 1 else "es")
    click.echo(f"Lessons KB on http://{host}:{port}/ (database {settings.db}, {processes} x {threads} thread"
               f"{'' if threads == 1 else 's'}); Ctrl+C stops it.")
    run_server(settings, host=host, port=port, workers=workers, threads=threads)


def _links_follow(settings: Settings, host: str, port: int) -> Settings:
    """While base_url is its default, the links this server writes (a session's .ics, the CSV's 链接, agendas, the
    mails it sends) name the address it listens on: 'kb serve --port 5871' wrote http://127.0.0.1:5000 into them.
    Said at start when that differs from the default, which 'kb digest' run on its own still uses, or when only this
    machine can open it."""
    if settings.base_url != DEFAULT_BASE_URL:
        return settings
    anywhere = host in {"0.0.0.0", "::", ""}
    shown = "127.0.0.1" if anywhere else f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}"
    if anywhere:
        click.echo(f"warning: base_url is not set: links in downloads and e-mails say {url}, which only this machine "
                   "opens: set base_url (KB_BASE_URL) to the address readers use", err=True)
    elif url != DEFAULT_BASE_URL:
        click.echo(f"note: base_url is not set: links in this server's downloads and e-mails say {url}; 'kb digest' "
                   f"run on its own says {DEFAULT_BASE_URL}: set base_url (KB_BASE_URL) for both", err=True)
    return settings.replace(base_url=url)


def _say_if_behind(app: App) -> None:
    """Say, once and before the workers start, when the index lags the database: after an upgrade whose migrations
    chunk documents otherwise, or 'kb ingest --no-index', searches miss those documents until 'kb reindex' (which the
    running server picks up by itself); it served them silently."""
    behind = app.index().behind()
    if behind:
        click.echo(f"warning: the search index is behind the database ({counted('documents', behind)} not indexed as "
                   "stored, as after an upgrade or 'kb ingest --no-index'): searches miss them until 'kb reindex' (after "
                   "an upgrade, the 'kb ingest' that 'kb check' names), which this server picks up without a restart", err=True)


def _check_address(host: str, port: int) -> None:
    """Refuse an address that cannot be listened on, in one line and before the server starts: gunicorn said it
    in ten log lines over five seconds, after 'Lessons KB on http://…' had announced it."""
    import errno
    import socket

    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        socket.create_server((host, port), family=family).close()
    except socket.gaierror as exc:
        raise click.ClickException(f"cannot listen on {host}: {exc.strerror}") from None
    except OSError as exc:
        why = {errno.EADDRINUSE: "is in use (another kb serve, or another server): stop it, or give another --port",
               errno.EACCES: "needs more rights (ports below 1024 need root): give --port 5000 or another above 1023",
               errno.EADDRNOTAVAIL: "is not an address of this machine: give --host 127.0.0.1 or 0.0.0.0"}
        address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        raise click.ClickException(f"{address} {why.get(exc.errno, f'cannot be listened on ({exc.strerror})')}") \
            from None


@click.group()
@click.pass_obj
def user(app: App) -> None:
    """Manage accounts: readers, contributors, curators and admins."""
    # Only 'add' makes a missing database, once its name and password are checked: 'kb user list' in another folder
    # answered "no users" from a new one, and 'kb user add' without a terminal left one behind.
    app.may_create = click.get_current_context().invoked_subcommand == "add"


def _check_name(app: App, name: str, *, exists: bool) -> None:
    """Refuse a user name before asking for a password: a missing user (or, for ``add``, a taken name) was said
    only after the password had been typed twice."""
    if not exists:  # 'kb user add ""' asked for the password twice before refusing the name
        from kb.store.people import user_name

        user_name(name)
        if not app.has_database():  # nobody to clash with, and no database made before the password is given
            return
    known = any(u["name"] == name.strip() for u in app.store().users())
    if exists and not known:
        raise click.ClickException(f"no user '{shown_value(name)}'")
    if not exists and known:
        raise click.ClickException(f"user '{name.strip()}' already exists")


def _password(prompt: bool) -> str:
    if prompt and not sys.stdin.isatty():  # a script: click would read a blank line twice and abort
        ctx = click.get_current_context()  # the command run, as it was typed: 'kb user passwd' was told 'kb user add'
        name = ctx.params["name"]
        command = " ".join(["kb", *ctx.command_path.split()[1:], name if re.fullmatch(r"[\w@.+-]+", name) else
                            shlex.quote(name)])
        raise click.ClickException("no terminal to ask for the password on: give it on standard input with "
                                   f"--password-stdin, e.g. printf '%s\\n' \"$PASSWORD\" | {command} --password-stdin")
    if prompt:
        return click.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:  # printf '%s\n' "$PASSWORD" with the variable unset, or nothing piped: not "at least 8 characters"
        raise click.ClickException("--password-stdin read no password: standard input was empty or a blank line "
                                   "(is the variable piped in set?)")
    return password


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["reader", "contributor", "curator", "admin"]), default="reader",
              show_default=True,
              help="reader: search and read; contributor: also upload documents and record lessons from the "
                   "browser; curator: also tag, review and curate share sessions; admin: as a curator (accounts are "
                   "made and changed with kb user, on the server).")
@click.option("--display-name", help="Name shown in the UI.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@click.option("--json", "as_json", is_flag=True, help="Print the account after it as JSON (as kb user list --json).")
@click.pass_obj
def user_add(app: App, name: str, role: str, display_name: str | None, password_stdin: bool, as_json: bool) -> None:
    """Create an account (the password is asked for, and stored only as a salted hash).

    \b
    Examples:
      kb user add alice --role curator
      printf '%s\\n' "$PASSWORD" | kb user add 王芳 --role reader --password-stdin
    """
    from kb.store.people import check_password

    _check_name(app, name, exists=False)
    password = _password(not password_stdin)
    check_password(password)  # before the store: a short password made a database where there was none
    app.store().add_user(name, password, role, display_name)
    _said(app, name, f"added {role} '{name}'", as_json)


@user.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@click.option("--keep-tokens", is_flag=True, help="Keep the user's API tokens (by default they are revoked too).")
@click.option("--json", "as_json", is_flag=True, help="Print the account after it as JSON (as kb user list --json).")
@click.pass_obj
def user_passwd(app: App, name: str, password_stdin: bool, keep_tokens: bool, as_json: bool) -> None:
    """Change a password. The user is logged out everywhere and, unless --keep-tokens, loses every API token.

    \b
    Examples:
      kb user passwd alice
      kb user passwd alice --keep-tokens
    """
    _check_name(app, name, exists=True)
    revoked = app.store().set_password(name, _password(not password_stdin), keep_tokens=keep_tokens)
    tokens = "API tokens kept" if keep_tokens else counted("api_tokens_revoked", revoked.tokens)
    _said(app, name, f"password of '{name}' changed; {counted('sessions_ended', revoked.sessions)}, {tokens}", as_json)


@user.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(["reader", "contributor", "curator", "admin"]), metavar="ROLE")
@click.option("--json", "as_json", is_flag=True, help="Print the account after it as JSON (as kb user list --json).")
@click.pass_obj
def user_role(app: App, name: str, role: str, as_json: bool) -> None:
    """Change a user's role: ROLE is reader, contributor, curator or admin (as kb user add --help says what each
    may do).

    \b
    Example:
      kb user role alice admin
    """
    app.store().set_role(name, role)
    _said(app, name, f"'{name}' is now {role}", as_json)


@user.command("disable")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the account after it as JSON (as kb user list --json).")
@click.pass_obj
def user_disable(app: App, name: str, as_json: bool) -> None:
    """Disable an account: its web sessions end and its API tokens stop working at once (until 'enable').

    \b
    Example:
      kb user disable alice
    """
    revoked = app.store().set_active(name, False)
    _said(app, name, f"'{name}' is disabled; {counted('sessions_ended', revoked.sessions)}, "
                     f"{counted('api_tokens_stop', revoked.tokens)} until it is enabled again "
                     f"('kb user token {name} --revoke-all' drops them)", as_json)


@user.command("enable")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the account after it as JSON (as kb user list --json).")
@click.pass_obj
def user_enable(app: App, name: str, as_json: bool) -> None:
    """Enable a disabled account again (its API tokens work again; it logs in anew).

    \b
    Example:
      kb user enable alice
    """
    app.store().set_active(name, True)
    _said(app, name, f"'{name}' is enabled", as_json)


def _said(app: App, name: str, message: str, as_json: bool) -> None:
    """After a change to an account: the account as JSON (its row of kb user list --json), or what was done."""
    if as_json:
        echo_json(next(u for u in app.store().users() if u["name"] == name.strip()))
    else:
        click.echo(message)


@user.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def user_list(app: App, as_json: bool) -> None:
    """Every account: role, enabled or disabled, live web sessions, API tokens, last login."""
    rows = app.store().users()
    if as_json:
        echo_json(rows)
        return
    if not rows:  # not a bare header, as 'kb tag history' before any change
        click.echo("no accounts yet: kb user add NAME --role reader|contributor|curator|admin makes one", err=True)
        return
    click.echo(table([[r["name"], r["role"], "enabled" if r["active"] else "DISABLED", r["sessions"], r["tokens"],
                       local_time(r["last_login"]) or "never", _shown_as(r)] for r in rows],
                     ["user", "role", "status", "sessions", "tokens", "last login", "shown as"]))
    click.echo(counted("accounts", len(rows)), err=True)


def _shown_as(row: dict[str, Any]) -> str:
    """The name pages show for an account when it is not its user name ("王芳（PMO）", set by kb user add
    --display-name, which no listing showed); blank when it is."""
    return "" if row["display_name"] == row["name"] else row["display_name"]


@user.command("token")
@click.argument("name")
@click.option("--label", help="What the new token is for.")
@click.option("--revoke", "revoke_id", type=RowNumber(1), metavar="ID", help="Revoke this token (an id 'kb user tokens' lists).")
@click.option("--revoke-all", is_flag=True, help="Revoke every token of the user.")
@click.option("--expires", type=Lifetime(), metavar="TIME",
              help="The new token stops working after this long: 90d, 12w, 8h [default: never].")
@click.option("--scope", type=click.Choice(TOKEN_SCOPES), default=TOKEN_SCOPES[0], show_default=True,
              help="What the new token may do: all its user's role may, or only read (every write: 403).")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON: the new token (as kb user tokens --json, with the token itself), or those revoked.")
@click.pass_obj
def user_token(app: App, name: str, label: str | None, revoke_id: int | None, revoke_all: bool,
               expires: timedelta | None, scope: str, as_json: bool) -> None:
    """Create an API token (shown once; send it as 'Authorization: Bearer TOKEN'), or revoke tokens.

    \b
    Examples:
      kb user token alice --label "weekly report script"
      kb user token alice --label warehouse --expires 90d --scope read
      kb user token alice --revoke 3
    """
    if revoke_id is not None and revoke_all:
        raise click.UsageError("use --revoke ID or --revoke-all, not both")
    if (revoke_id is not None or revoke_all) and (label is not None or expires is not None or scope != TOKEN_SCOPES[0]):
        raise click.UsageError("--label, --expires and --scope are for a new token, not with --revoke or --revoke-all")
    store = app.store()
    before = store.tokens(name)
    if revoke_id is not None:
        store.revoke_token(name, revoke_id)
        said = f"token {revoke_id} of '{name}' revoked"
    elif revoke_all:
        said = counted("tokens_revoked", store.revoke_tokens(name), name=name)
    else:
        said = store.create_token(name, label, lifetime=expires, scope=scope)
    if not as_json:
        click.echo(said)
        return
    echo_json(_token_change(before, store.tokens(name), said, one=revoke_id is not None))


def _token_change(before: list[dict], after: list[dict], token: str, *, one: bool) -> object:
    """The token made (with the token itself, shown this once), the one revoked, or the list of those revoked."""
    made = [{**t, "token": token} for t in after if t["id"] not in {b["id"] for b in before}]
    gone = [t for t in before if t["id"] not in {a["id"] for a in after}]
    return made[0] if made else gone[0] if one else gone


@user.command("tokens")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def user_tokens(app: App, name: str, as_json: bool) -> None:
    """A user's API tokens: id, label, scope, created, last used (to the nearest few minutes), when it expires.

    \b
    Example:
      kb user tokens alice
    """
    rows = app.store().tokens(name)
    if as_json:
        echo_json(rows)
        return
    click.echo(table([[r["id"], r["label"], r["scope"], local_time(r["created_at"]),
                       local_time(r["last_used"]) or "never", _expiry(r)] for r in rows],
                     ["id", "label", "scope", "created", "last used", "expires"]))
    click.echo(counted("tokens", len(rows)), err=True)


def _expiry(token: dict) -> str:
    """When a token stops working, in local time: 'never', or 'expired 2026-12-05 16:19'."""
    if not token["expires_at"]:
        return "never"
    return f"{'expired ' if token['expired'] else ''}{local_time(token['expires_at'])}"

