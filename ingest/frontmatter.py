"""Front matter: a YAML mapping between '---' lines, or a TOML one between '+++' lines (Hugo, Zola), at the top of a
Markdown file."""

from __future__ import annotations

import re
import tomllib
from typing import Any

import yaml

from kb.errors import IngestError
from kb.models import ParseWarning

_OPEN = re.compile(r"\A\ufeff?---[ \t]*\n")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$", re.MULTILINE)
_LEADING_TABS = re.compile(r"^( *)(\t+)", re.MULTILINE)
MAX_FRONT_MATTER_CHARS = 64_000


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases, so a 'billion laughs' front matter cannot exhaust memory."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in front matter",
                                              event.start_mark)
        return super().compose_node(parent, index)

    def construct_yaml_timestamp(self, node: Any) -> Any:
        """A date YAML reads as one but the calendar has not (``date: 2026-02-30``) stays text, as a quoted one does,
        so the file is stored and its date field reported by name, instead of the file failing on a ValueError."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_NoAliasLoader.add_constructor("tag:yaml.org,2002:timestamp", _NoAliasLoader.construct_yaml_timestamp)


def load_yaml(text: str) -> Any:
    """YAML as ``yaml.safe_load`` reads it, but refusing aliases (raises yaml.YAMLError, or RecursionError)."""
    return yaml.load(text, Loader=_NoAliasLoader)  # safe: a SafeLoader subclass


def split_front_matter(text: str, warnings: list[ParseWarning] | None = None) -> tuple[dict[str, Any], str, int]:
    """Separate front matter from the body.

    YAML forbids tabs in indentation, but blog engines' front matter often has them ("tags:\\n\\t- Hackaton"); such
    front matter is read with each leading tab as two spaces when that makes it valid, and a warning naming the line is
    added to ``warnings``. Anything else that is not valid YAML stays an error: its fields (the document's id among
    them) cannot be read, and storing the file without them would store it under another key.

    Returns:
        The front-matter mapping (empty if there is none), the body, and the line number where the
        body starts (1-based), so later messages can point into the file.

    Raises:
        IngestError: the front matter is not closed, not valid YAML, too large, or not a mapping.
    """
    opened = _OPEN.match(text)
    if not opened:
        return _toml_front_matter(text, warnings)
    closed = _CLOSE.search(text, opened.end())
    if not closed:
        raise IngestError("front matter starts with '---' on line 1 but is never closed by a '---' line")
    raw = text[opened.end():closed.start()]
    if len(raw) > MAX_FRONT_MATTER_CHARS:
        raise IngestError(f"front matter is larger than {MAX_FRONT_MATTER_CHARS:,} characters")
    try:
        data = load_yaml(raw)
    except yaml.YAMLError as exc:
        data = _with_tabs_as_spaces(raw, warnings)
        if data is None:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 2 if mark is not None else None
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise IngestError(f"front matter is not valid YAML: {problem}", line=line) from None
    except RecursionError:
        raise IngestError("front matter is nested too deeply") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise IngestError(f"front matter must be a mapping of fields (id, title, ...), not a {type(data).__name__}",
                          line=2)
    body_line = text.count("\n", 0, closed.end()) + 2
    return {str(k).strip().lower(): v for k, v in data.items()}, text[closed.end():].lstrip("\n"), body_line


_TOML_OPEN = re.compile(r"\A\ufeff?\+\+\+[ \t]*\n")
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE)


def _toml_front_matter(text: str, warnings: list[ParseWarning] | None) -> tuple[dict[str, Any], str, int]:
    """TOML front matter between '+++' lines (Hugo, Zola: 'title = "Postmortem"'), as ``split_front_matter`` returns
    it; none when the text does not open with '+++'. What TOML cannot read is dropped from the body with a warning (its
    fields are lost, not its text's lessons), as the '+++' block is never the document's text."""
    opened = _TOML_OPEN.match(text)
    closed = _TOML_CLOSE.search(text, opened.end()) if opened else None
    if not opened or not closed or closed.start() - opened.end() > MAX_FRONT_MATTER_CHARS:
        return {}, text, 1
    body_line = text.count("\n", 0, closed.end()) + 2
    body = text[closed.end():].lstrip("\n")
    try:
        data = tomllib.loads(text[opened.end():closed.start()])
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        if warnings is not None:
            warnings.append(ParseWarning(f"front matter between '+++' lines is not valid TOML ({str(exc)[:80]}); its "
                                         "fields are not read", line=2))
        return {}, body, body_line
    return {str(k).strip().lower(): v for k, v in data.items()}, body, body_line


def _with_tabs_as_spaces(raw: str, warnings: list[ParseWarning] | None) -> Any:
    """The front matter read with leading tabs as two spaces each, or None when it has none or is still not YAML."""
    tabbed = _LEADING_TABS.search(raw)
    if tabbed is None:
        return None
    try:
        data = load_yaml(_LEADING_TABS.sub(lambda m: m.group(1) + "  " * len(m.group(2)), raw))
    except (yaml.YAMLError, RecursionError):
        return None
    if data is None:
        data = {}  # the mapping check of the caller applies as for any front matter
    if warnings is not None:
        line = raw.count("\n", 0, tabbed.start()) + 2  # the '---' is line 1
        warnings.append(ParseWarning("front matter indents with tabs, which YAML does not allow; read as spaces",
                                     line=line))
    return data
