"""The apps of a test session share werkzeug's compiled URL builders (tests/conftest.py
``url_builders_compiled_once``): each rule of every app builds the URLs an app compiled on its own builds."""

from __future__ import annotations

from werkzeug.routing.rules import Rule

from web import create_app

VALUES = {"IntegerConverter": 7, "FloatConverter": 1.5, "PathConverter": "a/b c"}  # by converter; others: text


def _value(converter):
    return min(converter.items) if hasattr(converter, "items") else VALUES.get(type(converter).__name__, "x y/é")


def _urls(app, rule_of_app) -> list:
    """Every rule's URL, with each argument given (and an unknown one, which only append_unknown keeps)."""
    urls = []
    for rule in app.url_map.iter_rules():
        values = {name: _value(converter) for name, converter in rule._converters.items()}
        for append_unknown in (True, False):
            urls.append((rule.endpoint, rule.rule, append_unknown,
                         rule.build({**values, "extra": "1"}, append_unknown=append_unknown)))
        rule_of_app[rule.endpoint, rule.rule] = rule
    return urls


def test_every_rule_builds_what_a_builder_of_its_own_builds(settings, monkeypatch):
    first, second = {}, {}
    shared = _urls(create_app(settings), first)
    assert _urls(create_app(settings), second) == shared
    for key, rule in first.items():  # really shared: the same compiled function, bound to each app's rule
        assert rule._build.__func__ is second[key]._build.__func__, key
        assert rule._build_unknown.__func__ is second[key]._build_unknown.__func__, key
        assert rule._build.__self__ is rule and second[key]._build.__self__ is second[key]
    monkeypatch.setattr(Rule, "_compile_builder", Rule._compile_builder.original)
    own: dict = {}
    assert _urls(create_app(settings), own) == shared
    assert len(shared) > 140 and any("?extra=1" in url[1] for *_, url in shared if url)
