"""The filter flags listings and search share (--project, --tag, --type, --kind, --since …), read into store filters,
and the warning for a project, tag or document key that names nothing, with the nearest names."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

import click

from kb.cli_types import ascii_digits
from kb.errors import NotFound
from kb.models import DOC_TYPE_LABELS, LESSON_KIND_LABELS, DocType, LessonKind, ReviewStatus
from kb.store import Filters, Store, is_row_id
from kb.store import row_id as stored_row_id
from kb.text import nocase, shown_value


def _enum_choice(enum: type, label: str) -> click.Choice:
    return click.Choice([e.value for e in enum], case_sensitive=False)


# A kind or type may be typed as its code (went_wrong), its English label ("Went wrong") or its Chinese one (需要改进),
# as the web pages name them.
_KIND_NAMES = {zh: kind.value for kind, (_, zh) in LESSON_KIND_LABELS.items()}
_TYPE_NAMES = {zh: doc_type.value for doc_type, (_, zh) in DOC_TYPE_LABELS.items()}


def _normalize_kinds(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    return [_KIND_NAMES.get(v.strip(), _code(v)) for v in values]


def lesson_kinds(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    """A ``--kind`` option's values as codes, typed as codes or as English or Chinese names (需要改进).

    Raises:
        click.BadParameter: a name that is no kind, listing each code with its Chinese name.
    """
    kinds = _normalize_kinds(ctx, param, values)
    for value in kinds:
        if value not in {k.value for k in LessonKind}:
            raise click.BadParameter(f"unknown kind '{shown_value(value)}'; use one of: {_named(_KIND_NAMES)}")
    return kinds


def _normalize_types(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    return [_TYPE_NAMES.get(v.strip(), _code(v)) for v in values]


def _code(value: str) -> str:
    return value.strip().lower().replace("-", "_").replace(" ", "_")


def _named(names: dict[str, str]) -> str:
    """"went_well 做得好的, went_wrong 需要改进, …": each code with its Chinese name."""
    return ", ".join(f"{code} {zh}" for zh, code in names.items())


KINDS_NAMED = _named(_KIND_NAMES)  # for a --kind option's help


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from kb.errors import InvalidInput
    from kb.fields import bound_field

    try:  # 2025/01/31, 2025年1月31日 and a month (2025-01: since its first day, until its last) too, as on the web
        return bound_field(value, param.name or "date", last=param.name == "until")
    except InvalidInput as exc:  # what is wrong as the web says it (2026-02-30 does not exist), without the field
        wrong = "does not exist" if "does not exist" in str(exc) else "is not a date"
        raise click.BadParameter(f"'{shown_value(value)}' {wrong}; use {DATE_FORMS}") from None


# The forms --since and --until take (kb.fields.date_field: full-width digits too), in their help and their errors
DATE_FORMS = "2025-01-31, 2025/1/31, 2025.1.31 or 2025年1月31日, or a month, 2025-01 or 2025年1月"


def filter_options(*, kinds: bool = False, status: bool = False) -> Any:
    """The filter flags shared by listings (and search)."""

    def decorate(f: Any) -> Any:
        options = [
            click.option("--project", "-p", multiple=True, help="Only this project (repeatable)."),
            click.option("--tag", "-t", "tags", multiple=True, help="Only documents/lessons with this tag (repeatable)."),
            click.option("--all-tags", is_flag=True, help="With several --tag: require all of them (default: any)."),
            click.option("--type", "doc_types", multiple=True, callback=_normalize_types,
                         help=f"Document type: {_named(_TYPE_NAMES)} (repeatable)."),
            click.option("--lang", "languages", multiple=True, type=click.Choice(["zh", "en", "mixed"], case_sensitive=False),
                         help="Document language (repeatable)."),
            click.option("--since", callback=_date, metavar="DATE",
                         help=f"Documents dated on or after this day: {DATE_FORMS} (its first day)."),
            click.option("--until", callback=_date, metavar="DATE",
                         help="Documents dated on or before this day (the same forms; a month: its last day)."),
        ]
        if kinds:
            options.append(click.option("--kind", "-k", "kinds", multiple=True, callback=_normalize_kinds,
                                        help=f"Lesson kind: {_named(_KIND_NAMES)} (repeatable)."))
        if status:
            options.append(click.option("--status", "statuses", multiple=True,
                                        type=_enum_choice(ReviewStatus, "status"), help="Review status (repeatable)."))
        for option in reversed(options):
            f = option(f)
        return f

    return decorate


def make_filters(kw: dict[str, Any]) -> Filters:
    """Build store filters from the shared flags, rejecting unknown types and kinds."""
    doc_types = kw.pop("doc_types", [])
    kinds = kw.pop("kinds", []) or []
    for value in doc_types:
        if value not in {t.value for t in DocType}:
            raise click.BadParameter(f"unknown type '{shown_value(value)}'; use one of: {_named(_TYPE_NAMES)}",
                                     param_hint="'--type'")
    for value in kinds:
        if value not in {k.value for k in LessonKind}:
            raise click.BadParameter(f"unknown kind '{shown_value(value)}'; use one of: {_named(_KIND_NAMES)}",
                                     param_hint="'--kind' / '-k'")
    return Filters(project=list(kw.pop("project", [])), tags=list(kw.pop("tags", [])),
                   tags_mode="all" if kw.pop("all_tags", False) else "any", doc_type=doc_types, kind=kinds,
                   language=list(kw.pop("languages", [])), since=kw.pop("since", None), until=kw.pop("until", None),
                   review_status=list(kw.pop("statuses", []) or []))


def warn_unmatched(store: Store, filters: Filters) -> None:
    """Say on stderr which --project, --tag or --document no document or lesson has, with the nearest names, so a typo
    (-p 智慧仓储 for 智慧仓储WMS上线) is not read as "0 lessons"."""
    projects = [r["value"] for r in store.facet_values("project")] if filters.project else []
    folded = {nocase(p) for p in projects}  # as COLLATE NOCASE compares them
    for name in filters.project:
        if nocase(name.strip()) not in folded:
            _warn_unmatched("project", name, _nearest(name.strip(), projects), "kb docs --sort project")
    if filters.document and not store.document_titles([filters.document]):
        _warn_no_document(store, filters.document)
    names = filters.tag_names()
    for name, group in zip(names, store.tag_groups(names)):
        if not any(store.tags(exact=n) for n in group):
            near = [t["name"] for t in store.tags(contains=name, limit=3)]
            _warn_unmatched("tag", name, near or _nearest(name, [t["name"] for t in store.tags()]), "kb tag list")


def _warn_no_document(store: Store, key: str) -> None:
    click.echo(f"warning: no document has the key '{shown_value(key)}'; {key_hint(store, key)}", err=True)


def key_hint(store: Store, key: str) -> str:
    """What to say after "no document has the key": the nearest keys, or where they are listed."""
    near = _nearest(key.strip(), [r["key"] for r in store.rows("SELECT key FROM documents ORDER BY key")])
    return f"did you mean {' or '.join(repr(k) for k in near)}?" if near else "kb docs --sort key lists them"


def lesson_hint(store: Store, key: str, command: Callable[[int], str]) -> str | None:
    """What to say after "no document has the key" of a key that is a number, as a listing's [802] is a lesson's: the
    ``command`` naming the lesson of that number where there is one, or that there is none; None for a key that is no
    number. A number in another script's digits (١٢) is said in ASCII digits, as a row id is written."""
    text = key.strip()
    digits = text if is_row_id(text) else ascii_digits(text)
    if digits is None:
        return None
    number, written = stored_row_id(digits), "" if digits == text else " (an id is written in ASCII digits)"
    try:
        if number is None or number == 0:
            raise NotFound(digits)
        store.lesson(number)
    except NotFound:
        return f"no lesson {digits.lstrip('0') or '0'} either{written}"
    return f"for lesson {number}: {command(number)}{written}"


def _warn_unmatched(what: str, name: str, near: list[str], lister: str) -> None:
    hint = f"did you mean {' or '.join(repr(n) for n in near)}?" if near else f"{lister} lists them"
    click.echo(f"warning: no {what} is named '{shown_value(name)}'; {hint}", err=True)


def _nearest(name: str, names: list[str]) -> list[str]:
    holding = [n for n in names if nocase(name) in nocase(n)]
    return (holding or difflib.get_close_matches(name, names, n=3, cutoff=0.6))[:3]
