import re
from pathlib import Path

import pytest

from kb.errors import ConfigError
from kb.settings import Settings, load_settings


def test_defaults():
    s = load_settings(env={})
    assert s.db == Path("kb-data/kb.db")
    assert s.max_file_mb == 20.0


def test_layers_config_then_env_then_overrides(tmp_path):
    config = tmp_path / "kb.toml"
    config.write_text('db = "from-config.db"\nmax_file_mb = 5\n')
    assert load_settings(config, env={}).db == Path("from-config.db")
    assert load_settings(config, env={"KB_DB": "from-env.db"}).db == Path("from-env.db")
    s = load_settings(config, env={"KB_DB": "from-env.db"}, db="from-flag.db")
    assert s.db == Path("from-flag.db")
    assert s.max_file_mb == 5.0


def test_config_file_from_environment(tmp_path):
    config = tmp_path / "other.toml"
    config.write_text("max_file_mb = 1.5\n")
    assert load_settings(env={"KB_CONFIG": str(config)}).max_file_mb == 1.5


def test_unknown_key_is_rejected_with_a_hint(tmp_path):
    config = tmp_path / "kb.toml"
    config.write_text("max_file_md = 5\n")
    with pytest.raises(ConfigError, match="unknown setting 'max_file_md'; did you mean 'max_file_mb'"):
        load_settings(config, env={})


@pytest.mark.parametrize("value, message", [("lots", "expects a number"), ("-1", "must not be negative")])
def test_bad_environment_values_name_the_variable(value, message):
    with pytest.raises(ConfigError, match=f"KB_MAX_FILE_MB.*{message}"):
        load_settings(env={"KB_MAX_FILE_MB": value})


def test_invalid_toml_names_the_file(tmp_path):
    config = tmp_path / "kb.toml"
    config.write_text("db = \n")
    with pytest.raises(ConfigError, match="kb.toml: not valid TOML"):
        load_settings(config, env={})


def test_settings_are_frozen_and_replace_coerces():
    s = Settings()
    with pytest.raises(AttributeError):
        s.db = Path("x")  # type: ignore[misc]
    assert s.replace(max_file_mb="3").max_file_mb == 3.0


def test_the_readers_language_is_a_setting_of_four_choices():
    assert load_settings(env={}).prefer_lang == "auto"
    assert load_settings(env={"KB_PREFER_LANG": "zh"}).prefer_lang == "zh"
    with pytest.raises(ConfigError, match="KB_PREFER_LANG: setting 'prefer_lang' expects one of auto, zh, en, any, got 'fr'"):
        load_settings(env={"KB_PREFER_LANG": "fr"})


@pytest.mark.parametrize("name, value, message", [
    ("KB_EMBED_BATCH", "0", "setting 'embed_batch' expects a whole number, got '0' (must be 1 or more)"),  # was a traceback
    ("KB_CHUNK_CHARS", "0", "setting 'chunk_chars' expects a whole number, got '0' (must be 100 or more)"),  # reindex hung
    ("KB_CHUNK_WORDS", "3", "setting 'chunk_words' expects a whole number, got '3' (must be 10 or more)"),
    ("KB_NPROBE", "0", "must be 1 or more"),
    ("KB_MAIL_RETRIES", "0", "must be 1 or more"),  # no attempt at all: nothing would ever be sent
    ("KB_MAX_FILE_MB", "0", "setting 'max_file_mb' expects a number, got '0' (must be more than 0)"),
    ("KB_SMTP_TIMEOUT", "0", "must be more than 0"),
    ("KB_SEMANTIC_MIN_SCORE", "nan", "setting 'semantic_min_score' expects a number, got 'nan' (must be a finite number)"),
    ("KB_KEYWORD_WEIGHT", "inf", "must be a finite number"),
])
def test_a_value_a_setting_cannot_work_with_is_refused_naming_it(name, value, message):
    with pytest.raises(ConfigError, match=rf"^{name}: (.*\()?{re.escape(message)}"):
        load_settings(env={name: value})


def test_the_least_values_that_work_are_taken():
    s = load_settings(env={"KB_EMBED_BATCH": "1", "KB_CHUNK_WORDS": "10", "KB_CHUNK_OVERLAP": "9",
                           "KB_MAX_FILE_MB": "0.00005", "KB_THREADS": "0", "KB_FEEDBACK_WEIGHT": "0"})
    assert (s.embed_batch, s.chunk_words, s.chunk_overlap, s.max_file_mb, s.threads) == (1, 10, 9, 0.00005, 0)


def test_true_is_not_a_number_in_the_config_file(tmp_path):
    config = tmp_path / "kb.toml"
    config.write_text("chunk_words = true\n")
    with pytest.raises(ConfigError, match=r"kb\.toml: setting 'chunk_words' expects a whole number, got True \(a number, not"):
        load_settings(config, env={})


def test_an_overlap_as_long_as_the_window_is_refused_naming_where_it_was_set(tmp_path):
    """kb reindex ran for ever with KB_CHUNK_OVERLAP=500 (the window is 200 words)."""
    with pytest.raises(ConfigError, match=r"^KB_CHUNK_OVERLAP: setting 'chunk_overlap' \(500\) must be less than "
                                          r"chunk_words \(200\)"):
        load_settings(env={"KB_CHUNK_OVERLAP": "500"})
    config = tmp_path / "kb.toml"
    config.write_text("chunk_words = 40\n")  # under the default overlap, 50
    with pytest.raises(ConfigError, match=r"kb\.toml: setting 'chunk_overlap' \(50\) must be less than chunk_words"):
        load_settings(config, env={})


@pytest.mark.parametrize(("name", "value", "message"), [
    # "expects int, got 'abc' (invalid literal for int() with base 10: 'abc')": Python's words, not a curator's
    ("KB_SMTP_PORT", "abc", "setting 'smtp_port' expects a whole number, got 'abc'"),
    ("KB_SMTP_TIMEOUT", "x", "setting 'smtp_timeout' expects a number, got 'x'"),
    ("KB_PROJECT_FROM_FOLDER", "maybe", "setting 'project_from_folder' expects true or false, got 'maybe'"),
    # "expects str, got 'fr' (choose one of …)": it was text, only not one of the choices
    ("KB_PREFER_LANG", "fr", "setting 'prefer_lang' expects one of auto, zh, en, any, got 'fr'"),
    ("KB_MAX_FILE_MB", "-3", "setting 'max_file_mb' expects a number, got '-3' (must not be negative)"),
])
def test_kb_says_a_bad_setting_in_plain_words(runner, db_path, monkeypatch, name, value, message):
    from kb.cli import cli

    monkeypatch.setenv(name, value)
    result = runner.invoke(cli, ["--db", str(db_path), "stats"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: {name}: {message}\n"
