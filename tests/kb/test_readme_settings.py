"""README's configuration table says what kb/settings.py declares: every setting it names exists, under its
environment variable, with the default it states."""

from __future__ import annotations

import dataclasses
import fnmatch
import re
from pathlib import Path

from kb.settings import Settings, env_name

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
_TICKED = re.compile(r"`([^`]*)`")


def _rows() -> list[list[str]]:
    lines = README.split("| setting | environment | default | meaning |", 1)[1].splitlines()[2:]
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def _shown(value: object) -> str:
    """A default as the README writes it: true/false, 20 for 20.0, a path as written."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def test_the_configuration_table_matches_the_settings():
    defaults = {f.name: f.default for f in dataclasses.fields(Settings)}
    rows = _rows()
    assert len(rows) >= 20
    for setting, environment, default, _meaning in rows:
        names = _TICKED.findall(setting)
        variables = [v for v in _TICKED.findall(environment) if v.startswith("KB_")]
        stated = _TICKED.findall(default)
        assert names, setting
        for name in names:
            assert name in defaults, f"README names a setting kb/settings.py does not have: {name}"
            assert any(fnmatch.fnmatchcase(env_name(name), v) for v in variables), (name, environment)
            value = defaults[name]
            if value in ("", None) or not stated:  # no default, or one said in words ("beside the database")
                continue
            if len(stated) == len(names):
                assert _shown(value) == stated[names.index(name)], (name, value, default)
            else:
                assert _shown(value) in stated, (name, value, default)


def test_every_setting_is_in_the_configuration_table():
    # kb config lists every setting, but the README's table named 39 of 62: a reader looking for nprobe, threads
    # or the digest's recurring-problem thresholds found them nowhere but in the code.
    named = {name for setting, *_ in _rows() for name in _TICKED.findall(setting)}
    assert [f.name for f in dataclasses.fields(Settings) if f.name not in named] == []
