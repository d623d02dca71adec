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


@pytest.mark.parametrize("value, message", [("lots", "expects float"), ("-1", "must not be negative")])
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
    with pytest.raises(ConfigError, match="KB_PREFER_LANG: setting 'prefer_lang'.*choose one of auto, zh, en, any"):
        load_settings(env={"KB_PREFER_LANG": "fr"})
