"""Settings precedence: CLI flags > SUMMARIZER_* environment > TOML config (--config) > defaults."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli import cli
from summarizer.errors import ConfigError
from summarizer.settings import GROUPS, Settings, load_settings, settings_groups


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "s.toml"
    path.write_text("[summarizer]\nwords = 111\nsource_words = 33\n\n[summarizer.llm]\nmodel = 'from-toml'\n")
    return path


def test_defaults_then_toml(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WORDS", "SOURCE_WORDS", "MODEL"):
        monkeypatch.delenv(f"SUMMARIZER_{name}", raising=False)
    assert load_settings().words == Settings.model_fields["words"].default == 200
    s = load_settings(config)
    assert (s.words, s.source_words, s.model) == (111, 33, "from-toml")


def test_environment_beats_toml_and_flags_beat_both(config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUMMARIZER_WORDS", "222")
    monkeypatch.setenv("SUMMARIZER_MODEL", "from-env")
    s = load_settings(config)
    assert (s.words, s.source_words, s.model) == (222, 33, "from-env")
    s = load_settings(config, words=333, model=None)  # a flag left unset falls through
    assert (s.words, s.model) == (333, "from-env")


def test_toml_values_do_not_leak_into_later_settings(config: Path) -> None:
    load_settings(config)
    assert Settings().source_words == 90


def test_bad_values_are_one_line_config_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("words = -1\n")
    with pytest.raises(ConfigError, match="invalid setting words"):
        load_settings(bad)
    bad.write_text("words = \n")
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_settings(bad)


def test_every_field_is_described_and_grouped() -> None:
    groups = settings_groups()
    assert set(groups) == set(GROUPS)
    assert sorted(n for names in groups.values() for n in names) == sorted(Settings.model_fields)
    for name, info in Settings.model_fields.items():
        assert info.description, f"{name} has no description"
    assert "chunk_tokens" not in Settings.model_fields  # nothing read it


def test_cli_flag_beats_environment_and_toml(config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end through the CLI: the key points' word target recorded in the JSON."""
    import json

    article = tmp_path / "a.txt"
    article.write_text("Storm closes harbor\n\nA storm closed the Port Alder harbor on Tuesday morning. "
                       "Officials said twelve boats sank at their moorings overnight.\n")
    monkeypatch.setenv("SUMMARIZER_WORDS", "222")
    monkeypatch.setenv("SUMMARIZER_EMBEDDER", "tfidf")
    runner = CliRunner()
    base = ["brief", str(article), "-q", "-f", "json", "--engine", "extractive", "--config", str(config)]
    env_run = runner.invoke(cli, base)
    flag_run = runner.invoke(cli, [*base, "--words", "44"])
    assert env_run.exit_code == 0 and flag_run.exit_code == 0, env_run.output + flag_run.output
    assert json.loads(env_run.stdout)["method"]["words_target"] == 222
    assert json.loads(flag_run.stdout)["method"]["words_target"] == 44


@pytest.mark.parametrize("text,message", [
    ("[summarizer]\nwrods = 100\n", "unknown setting 'wrods' (did you mean 'words'?)"),
    ("[summarizer.llm]\nmodle = 'x'\n", "unknown setting 'modle' (did you mean 'model'?)"),
    ("words = 50\n[summarizer]\nengine = 'extractive'\n", "'words' is outside the [summarizer] table"),
])
def test_a_config_key_the_settings_do_not_have_is_an_error_not_ignored(tmp_path: Path, text: str,
                                                                        message: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_settings(bad)
    good = tmp_path / "good.toml"  # the near miss: the same keys spelled right
    good.write_text("[summarizer]\nwords = 100\n[summarizer.llm]\nmodel = 'x'\n")
    assert load_settings(good).words == 100
