"""Settings, declared once with name, default and help.

Layers, later wins: defaults -> config file (TOML) -> environment (``KB_<NAME>``) -> command-line flags.
Unknown keys in the config file are rejected at start-up with a hint.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import os
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kb.errors import ConfigError
from kb.text import shown_value

CONFIG_ENV = "KB_CONFIG"
DEFAULT_CONFIG_FILE = Path("kb.toml")


def _setting(default: Any, help: str, *, secret: bool = False, choices: tuple[str, ...] = (),
             minimum: float = 0, positive: bool = False, zone: bool = False) -> Any:
    """A setting's field: its default and help; a number's least value (``minimum``, or more than 0: ``positive``);
    ``zone``: an IANA time zone name."""
    return field(default=default, metadata={"help": help, "secret": secret, "choices": choices, "minimum": minimum,
                                            "positive": positive, "zone": zone})


DEFAULT_BASE_URL = "http://127.0.0.1:5000"


@dataclass(frozen=True)
class Settings:
    """Every setting of Lessons KB. Read-only once loaded; use ``replace`` to derive variants."""

    db: Path = _setting(Path("kb-data/kb.db"),  # noqa: RUF009 (_setting returns a field(); Path is immutable)
                        "SQLite database file; the index files live beside it.")
    max_file_mb: float = _setting(20.0, "Files larger than this (in MB) are reported and skipped by ingest.", positive=True)
    project_from_folder: bool = _setting(False, "kb ingest: a document that names no project (nor its folder's "
                                                ".kbmeta.yaml) gets its first folder's name under the path ingested.")
    model: str = _setting("use-multilingual", "Embedding model: a bundled name (use-multilingual, minilm), a local "
                                              "SentenceTransformer folder, or a hub name.")
    index_type: str = _setting("auto", "Vector index: flat (exact), ivf (approximate), or auto (ivf above "
                                       "ann_threshold chunks).", choices=("auto", "flat", "ivf"))
    ann_threshold: int = _setting(20_000, "With index_type auto, collections above this many chunks use IVF.")
    nprobe: int = _setting(128, "IVF lists searched per query (higher: better recall, slower).", minimum=1)
    chunk_words: int = _setting(200, "Section windows are about this many words (a Chinese character counts 1/2); a "
                                     "change needs kb reindex (kb ingest cuts only the documents it indexes anew "
                                     "by it).", minimum=10)
    chunk_overlap: int = _setting(50, "Overlap between consecutive section windows, in words (a change needs kb "
                                      "reindex, as chunk_words).")
    chunk_chars: int = _setting(4000, "Section windows and lesson chunks also end at about this many characters (a "
                                      "text without spaces has no words to count); a change needs kb reindex.", minimum=100)
    cache_dir: str = _setting("", "Folder of the fast-start cache: tables a cold search loads in milliseconds (the "
                                  "dictionary, translation scores, the model unpacked; about 100 MB), written by kb "
                                  "ingest, kb reindex and kb restore. Empty: kb.cache beside the database.")
    embed_batch: int = _setting(64, "Texts per embedding batch.", minimum=1)
    threads: int = _setting(0, "CPU threads for embedding (0: one per core).")
    rrf_k: int = _setting(60, "Reciprocal-rank-fusion constant (larger flattens the rank differences).")
    common_term_share: float = _setting(0.05, "Keyword search ignores query terms found in more than this share of "
                                              "chunks, and in more than 2,000 (they cost the most and weigh the "
                                              "least in BM25).")
    keyword_postings: int = _setting(8000, "Keyword search keeps a query's rarest terms while the rows they match, "
                                            "summed, stay within this budget (bounds BM25 time on large collections; "
                                            "0: no budget).")
    keyword_postings_per_term: int = _setting(1000, "A query's own keyword search may spend this many rows per term "
                                                    "it keeps, when that exceeds keyword_postings (a paragraph keeps "
                                                    "more of its words; 0: the budget alone).")
    keyword_weight: float = _setting(1.0, "Weight of the keyword (BM25) ranking in hybrid search.")
    semantic_weight: float = _setting(1.0, "Weight of the semantic (embedding) ranking in hybrid search.")
    english_keyword_weight: float = _setting(2.0, "In a collection of one language, an English query's keyword "
                                                  "ranking counts this many times keyword_weight when the two legs "
                                                  "are fused by score (the default model is weak in English: BM25 "
                                                  "beats it there on every set measured).")
    semantic_spread_share: float = _setting(0.5, "When the keyword and semantic legs are fused by score, the "
                                                 "semantic leg's scores are standardised by this share of the "
                                                 "collection's spread of cosines (measured when the index is saved) "
                                                 "instead of the query's own spread; 0: the query's own.")
    semantic_min_score: float = _setting(0.15, "Semantic matches less similar than this (cosine) are dropped, so a "
                                                "query about nothing in the collection finds nothing.")
    language_centring: bool = _setting(True, "Semantic search takes the offset between Chinese and English vectors "
                                             "out of the query and the chunks, so texts in the other language "
                                             "compete on meaning.")
    language_offset_scale: float = _setting(1.0, "How much of the measured language offset centring takes out (1: "
                                                 "all of it, 0: none).")
    translated_weight: float = _setting(1.0, "Weight of the cross-language keyword ranking (the query translated "
                                             "with the glossary and CC-CEDICT) in hybrid search; 0 turns it off.")
    feedback_weight: float = _setting(1.0, "Weight of the feedback ranking (keywords of the first results) in hybrid "
                                           "search; 0 turns it off.")
    translation_min_similarity: float = _setting(0.55, "CC-CEDICT translations of an English query word whose "
                                                       "cosine with the word (by the model) is below this are not "
                                                       "searched; the rest go best first. 0: the dictionary's order.")
    cross_feedback_weight: float = _setting(0.25, "Weight of the cross-language feedback ranking (keywords of the best "
                                                 "semantic matches in the other language) in hybrid search.")
    document_support: float = _setting(0.5, "In hybrid search across languages, each chunk also counts this share of "
                                            "the score of its document's second-best chunk (a document matching in "
                                            "two places outranks one lucky passage); 0 turns it off.")
    other_language_margin: float = _setting(0.2, "In a collection of two languages, a hybrid query searches the "
                                                 "other language (its translation, feedback legs, rank fusion) only "
                                                 "when one of its best semantic matches in that language scores "
                                                 "within this of its best match (cosine); otherwise it is ranked as "
                                                 "in a collection of one language. 2 (every cosine): always.")
    document_translation_weight: float = _setting(0.5, "Weight of the document-side translation leg in hybrid "
                                                      "search across languages: the query's words searched over "
                                                      "each chunk's words translated at index time (kept with the "
                                                      "index; filled by the next sync once above 0); 0 turns it "
                                                      "off and the index keeps no translations.")
    document_translation_gate: float = _setting(0.6, "The document-side translation leg runs only when at least "
                                                     "this share of the first fused results is in the other "
                                                     "language than the query's.")
    feedback_chunks: int = _setting(10, "How many first results the feedback keywords are taken from.")
    dense_feedback_chunks: int = _setting(2, "In hybrid search across languages, the semantic leg's chunks are "
                                             "re-ordered by the query's vector moved toward the mean vector of this "
                                             "many first fused results (feedback in the vector space); 0 turns it "
                                             "off.")
    feedback_terms: int = _setting(20, "How many feedback keywords are added.")
    glossary: str = _setting("", "An extra Chinese<TAB>English glossary file for cross-language search.")
    secret_key: str = _setting("", "Signs web sessions and links; 'kb serve' and 'kb digest' need it, of at least 32 "
                                   "varied characters. When empty, they read it from secret_key_file.", secret=True)
    secret_key_file: str = _setting("", "File holding the secret key, read only by 'kb serve' and 'kb digest' "
                                        "(empty: secret_key beside the database; 'kb init' makes one).")
    allow_anonymous: bool = _setting(True, "Let visitors who are not logged in search and read (an intranet).")
    secure_cookies: bool = _setting(False, "Send session cookies only over HTTPS (turn on behind TLS).")
    debug: bool = _setting(False, "Flask debug mode (never in production).")
    page_size: int = _setting(10, "Search results (documents) per page.", minimum=1)
    prefer_lang: str = _setting("auto", "The reader's language for kb search, kb similar and the API: its documents "
                                        "first where about as relevant. auto: a Chinese query's or an English "
                                        "sentence's own language (a similar lesson's: the lesson's), none for a term "
                                        "or a mixed query; zh or en: always that one; "
                                        "any: none. --prefer-lang and the API's prefer_lang override it; the web page "
                                        "prefers its own language.", choices=("auto", "zh", "en", "any"))
    max_request_kb: int = _setting(512, "Largest request body the web app accepts, in KB.", minimum=1)
    max_upload_mb: float = _setting(50.0, "Largest upload from the web page's Upload form (all its files together), in "
                                          "MB; each file is also held to max_file_mb.", positive=True)
    max_url_kb: int = _setting(24, "Longest address (path and query) the web app accepts, in KB; longer ones get 414. "
                                   "A 2,000-character Chinese query takes 18 KB; longer texts, up to the 10,000 characters search "
                                   "reads, go by POST (the page's paste box, POST /api/search).", minimum=1)
    client_timeout: float = _setting(30.0, "Seconds 'kb serve' lets a connection sit silent, or take to send one "
                                           "whole request, before it drops the connection.", positive=True)
    trusted_proxy: str = _setting("", "Address of a reverse proxy in front of 'kb serve' (e.g. 127.0.0.1) whose "
                                      "X-Forwarded-For and X-Forwarded-Proto headers are believed, so login and "
                                      "sign-up limits count each client, not the proxy; empty: none is believed.")
    login_max_failures: int = _setting(5, "Failed logins for one user name within 15 minutes before its logins wait, "
                                          "except from a browser or address that logged in as that user before.", minimum=1)
    base_url: str = _setting(DEFAULT_BASE_URL, "The web UI's public address, for links in e-mails, downloads (.ics, "
                                               "CSV, agendas); while it is the default, 'kb serve' uses the port "
                                               "and address it listens on instead.")
    smtp_host: str = _setting("127.0.0.1", "SMTP server for digest e-mails.")
    smtp_port: int = _setting(25, "SMTP port (587 for starttls, 465 for ssl are usual).", minimum=1)
    smtp_tls: str = _setting("none", "SMTP encryption: none, starttls or ssl.", choices=("none", "starttls", "ssl"))
    smtp_user: str = _setting("", "SMTP user name (empty: no login).")
    smtp_password: str = _setting("", "SMTP password.", secret=True)
    smtp_timeout: float = _setting(30.0, "Seconds to wait for the SMTP server.", positive=True)
    mail_from: str = _setting("Lessons KB <lessons-kb@localhost>", "The From address of digest e-mails.")
    mail_retries: int = _setting(3, "Attempts per recipient when the SMTP server fails temporarily.", minimum=1)
    mail_backoff: float = _setting(2.0, "Seconds before the first retry; doubled after each failed attempt.")
    time_zone: str = _setting("UTC", "The PMO's time zone (an IANA name: Asia/Shanghai): digest weeks and days, and "
                                     "browse's added=2026-W48 and the like, start at midnight there.", zone=True)
    digest_send_empty: bool = _setting(False, "Send a digest even when nothing new matches a subscriber's interests.")
    similar_per_document: int = _setting(2, "Similar past issues show at most this many lessons from one document, so "
                                            "the list spans several documents (0: no limit).")
    recurring_min_score: float = _setting(0.5, "How similar (cosine) an earlier lesson must be to count as the same "
                                                "problem in the digest's recurring problems.")
    recurring_min_similar: int = _setting(3, "A new lesson is a recurring problem when similar lessons exist in at "
                                             "least this many earlier projects (several lessons of one project "
                                             "count once).")

    @property
    def zone(self) -> tzinfo:
        """``time_zone`` as a tzinfo."""
        return _zone(self.time_zone)

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with some settings changed (values are coerced like environment strings)."""
        known = {f.name: f for f in fields(self)}
        coerced = {}
        for name, value in changes.items():
            if name not in known:
                raise ConfigError(_unknown_message(name, known))
            coerced[name] = _coerce(known[name], value, source="override")
        return dataclasses.replace(self, **coerced)

    def describe(self) -> list[dict[str, Any]]:
        """Name, value, environment variable and help of every setting (secrets masked)."""
        rows = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.metadata.get("secret") and value:
                value = "********"
            rows.append({"name": f.name, "value": value if not isinstance(value, Path) else str(value),
                         "env": env_name(f.name), "help": f.metadata["help"]})
        return rows


def env_name(name: str) -> str:
    """The environment variable that sets a setting."""
    return "KB_" + name.upper()


def misspelt_variables(env: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """The ``KB_*`` variables set in ``env`` that set nothing but nearly name a setting's variable (KB_SMTP_PROT,
    KB_SMTP_PASSWD, kb_smtp_port in lower case), each with the one meant: read by no layer, they were ignored without
    a word, and a cron job's digest went to port 25. Names far from any setting (run.sh's KB_PORT, the tests' own)
    are left alone.

    Returns:
        (the variable set, the setting's variable it is nearest to) pairs, by name.
    """
    env = os.environ if env is None else env
    known = [env_name(f.name) for f in fields(Settings)]
    found = []
    for name in sorted(env):
        if not name.upper().startswith("KB_") or name in known or name == CONFIG_ENV:
            continue
        near = [name.upper()] if name.upper() in known else difflib.get_close_matches(name, known, n=1, cutoff=0.8)
        found.extend((name, meant) for meant in near)
    return found


def load_settings(config_file: Path | None = None, env: Mapping[str, str] | None = None,
                  **overrides: Any) -> Settings:
    """Build settings from defaults, a config file, the environment and explicit overrides.

    Args:
        config_file: a TOML file; when None, ``$KB_CONFIG`` or ``./kb.toml`` if it exists.
        env: the environment to read ``KB_*`` variables from (default ``os.environ``).
        overrides: values from command-line flags; ``None`` values are ignored.

    Returns:
        The loaded settings.

    Raises:
        ConfigError: a key is unknown or a value has the wrong type.
    """
    env = os.environ if env is None else env
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    path = config_file or (Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else None)
    if path is None and DEFAULT_CONFIG_FILE.is_file():
        path = DEFAULT_CONFIG_FILE
    if path is not None:
        for name, value in _read_config(path).items():
            if name not in known:
                raise ConfigError(f"{path}: {_unknown_message(name, known)}")
            values[name] = _coerce(known[name], value, source=str(path))
    for name, f in known.items():
        if env.get(env_name(name)) not in (None, ""):
            values[name] = _coerce(f, env[env_name(name)], source=env_name(name))
    for name, value in overrides.items():
        if value is None:
            continue
        if name not in known:
            raise ConfigError(_unknown_message(name, known))
        values[name] = _coerce(known[name], value, source=f"--{name.replace('_', '-')}")
    _check_windows(values, path, env)
    return Settings(**values)


def _check_windows(values: dict[str, Any], path: Path | None, env: Mapping[str, str]) -> None:
    """Section windows must move on: an overlap as long as the window made 'kb reindex' run for ever.

    Raises:
        ConfigError: ``chunk_overlap`` not less than ``chunk_words``, naming where the overlap was set.
    """
    words = values.get("chunk_words", Settings.chunk_words)
    overlap = values.get("chunk_overlap", Settings.chunk_overlap)
    if overlap >= words:
        source = _where("chunk_overlap", values, path, env) or _where("chunk_words", values, path, env)
        raise ConfigError(f"{source}: setting 'chunk_overlap' ({overlap}) must be less than chunk_words ({words}): "
                          "each section window must start past the one before")


def _where(name: str, values: dict[str, Any], path: Path | None, env: Mapping[str, str]) -> str | None:
    """Which layer set a setting: its environment variable, else the config file; None for its default."""
    if env.get(env_name(name)):
        return env_name(name)
    return str(path) if name in values and path else None


def _read_config(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return data


def _unknown_message(name: str, known: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else f"; known settings: {', '.join(sorted(known))}"
    return f"unknown setting '{shown_value(name)}'{hint}"


def _coerce(f: dataclasses.Field[Any], value: Any, *, source: str) -> Any:
    kind = typing.get_type_hints(Settings)[f.name]
    try:
        if kind is bool:
            return _to_bool(value)
        if kind is Path:
            return Path(os.path.expanduser(str(value)))
        if kind in (int, float):
            return _number(f, kind, value)
        text = kind(value)
        if f.metadata.get("zone"):
            _zone(text)
        choices = f.metadata.get("choices")
        if choices and text not in choices:
            raise ValueError(f"choose one of {', '.join(choices)}")
        return text
    except (TypeError, ValueError) as exc:
        why = f" ({exc})" if isinstance(exc, _Refused) else ""  # not Python's "invalid literal for int() with base 10"
        raise ConfigError(f"{source}: setting '{f.name}' expects {_expected(f, kind)}, got {value!r}{why}") from None


class _Refused(ValueError):
    """A value of the right type that a setting cannot work with ("must be 1 or more"): said after the value."""


_KIND_WORDS = {int: "a whole number", float: "a number", bool: "true or false", str: "text", Path: "a path"}


def _expected(f: dataclasses.Field[Any], kind: type) -> str:
    """What a setting takes, in words ("a whole number", "one of auto, zh, en, any"), not a Python type's name."""
    if choices := f.metadata.get("choices"):
        return f"one of {', '.join(choices)}"
    if f.metadata.get("zone"):
        return "a time zone name such as Asia/Shanghai or UTC"
    return _KIND_WORDS.get(kind, kind.__name__)


def _number(f: dataclasses.Field[Any], kind: type, value: Any) -> Any:
    """A number setting's value, at least its minimum ("0" for a count that must be 1 or more crashed or hung)."""
    if isinstance(value, bool):  # TOML's true would be int 1
        raise _Refused("a number, not true/false")
    number = kind(value)
    if not math.isfinite(number):
        raise _Refused("must be a finite number")
    least = f.metadata.get("minimum", 0)
    if number < least:
        raise _Refused("must not be negative" if least == 0 else f"must be {least} or more")
    if f.metadata.get("positive") and number == 0:
        raise _Refused("must be more than 0")
    return number


def _zone(name: str) -> tzinfo:
    """The time zone of an IANA name (Asia/Shanghai, UTC).

    Raises:
        ValueError: no such zone on this machine.
    """
    try:
        return UTC if name == "UTC" else ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("not a time zone name such as Asia/Shanghai or UTC") from None


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    raise ValueError("expected true/false")
