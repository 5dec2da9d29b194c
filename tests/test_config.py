"""The workspace configuration: presslate.toml, [tool.presslate], init, -C, and its errors."""

from __future__ import annotations

import dataclasses
import tomllib
import typing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from presslate.cli.main import cli
from presslate.i18n.config import CONFIG_TEMPLATE, Config, load_config, parse_config
from presslate.i18n.errors import ConfigError

from .conftest import EXAMPLES, Invoke

HARBOUR = EXAMPLES / "scrape-harbour-strike.txt"


def test_init_writes_a_commented_config_that_loads_to_the_defaults(run: Invoke,
                                                                   workspace: Path) -> None:
    result = run("init")
    assert result.exit_code == 0
    path = workspace / "presslate.toml"
    assert result.output.splitlines()[0] == f"wrote {path}"
    text = path.read_text(encoding="utf-8")
    assert text == CONFIG_TEMPLATE
    assert sum(1 for line in text.splitlines() if line.startswith("#")) >= 10
    assert load_config(workspace) == (Config(), path)


def _field_names(cls: type[object], prefix: str = "") -> set[str]:
    hints = typing.get_type_hints(cls)
    out: set[str] = set()
    for fld in dataclasses.fields(cls):  # type: ignore[arg-type]
        hint = hints[fld.name]
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            out |= _field_names(hint, prefix + fld.name + ".")
        else:
            out.add(prefix + fld.name)
    return out


def _toml_keys(table: dict[str, Any], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for key, value in table.items():
        if isinstance(value, dict) and key not in ("severity", "routes"):
            out |= _toml_keys(value, prefix + key + ".")
        else:
            out.add(prefix + key)
    return out


def test_every_config_key_is_in_the_template() -> None:
    assert _toml_keys(tomllib.loads(CONFIG_TEMPLATE)) == _field_names(Config)


def test_init_refuses_to_overwrite(run: Invoke, workspace: Path) -> None:
    path = workspace / "presslate.toml"
    path.write_text('target_languages = ["fr"]\n', encoding="utf-8")
    result = run("init")
    assert result.exit_code == 2
    assert f"{path}: a configuration already exists" in result.output
    assert "--force" in result.output
    assert path.read_text(encoding="utf-8") == 'target_languages = ["fr"]\n'
    assert run("init", "--force").exit_code == 0
    assert path.read_text(encoding="utf-8") == CONFIG_TEMPLATE


def test_no_config_is_a_valid_workspace(workspace: Path) -> None:
    assert load_config(workspace) == (Config(), None)


@pytest.mark.parametrize(("text", "message", "hint"), [
    ('target_language = ["fr"]\n', "unknown key target_language", "did you mean target_languages?"),
    ("[detect]\nmin_confidense = 0.4\n", "unknown key detect.min_confidense",
     "did you mean detect.min_confidence?"),
    ("[translate]\nbeam = 2\n", "unknown key translate.beam", "did you mean translate.beam_size?"),
    ("[detect]\nmin_confidence = 2\n", "bad value for detect.min_confidence: must be between 0 and 1",
     None),
    ('[detect]\nmin_confidence = "high"\n', "bad value for detect.min_confidence: expected a number",
     None),
    ('target_languages = ["fr", "xx"]\n', "bad value for target_languages: unknown language code 'xx'",
     "did you mean"),
    ('[publish]\nfallback = "guess"\n', "bad value for publish.fallback: 'guess'",
     "use one of machine, source, omit, refuse"),
    ('[translate]\nengines = ["tm", "deepl"]\n', "bad value for translate.engines: unknown engine",
     None),
    ("detect = 3\n", "detect must be a table", None),
    ("target_languages = [\n", "invalid TOML", None),
], ids=["unknown-key", "unknown-nested-key", "unknown-key-prefix", "out-of-range", "wrong-type",
        "unknown-language", "bad-choice", "unknown-engine", "not-a-table", "bad-toml"])
def test_config_errors_name_the_key(run: Invoke, workspace: Path, text: str, message: str,
                                    hint: str | None) -> None:
    path = workspace / "presslate.toml"
    path.write_text(text, encoding="utf-8")
    result = run("pull", str(HARBOUR))
    assert result.exit_code == 2
    assert f"presslate: error: {path}: {message}" in result.output
    if hint:
        assert hint in result.output
    assert not (workspace / "catalogs").exists()


def test_tool_presslate_in_pyproject(run: Invoke, workspace: Path) -> None:
    pyproject = workspace / "pyproject.toml"
    pyproject.write_text('[project]\nname = "newsroom"\n\n[tool.presslate]\ncatalogs_dir = "l10n"\n'
                         'target_languages = ["fr", "es"]\n', encoding="utf-8")
    config, path = load_config(workspace)
    assert path == pyproject
    assert config.catalogs_dir == "l10n"
    assert config.target_languages == ("fr", "es")
    assert run("pull", str(HARBOUR), "--slug", "harbour").exit_code == 0
    assert (workspace / "l10n" / "harbour.pot").is_file()


def test_pyproject_errors_name_the_tool_table(workspace: Path) -> None:
    (workspace / "pyproject.toml").write_text("[tool.presslate]\ncatalog_dir = 'x'\n",
                                              encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(workspace)
    assert caught.value.message == "unknown key tool.presslate.catalog_dir"
    assert caught.value.hint == "did you mean tool.presslate.catalogs_dir?"


def test_pyproject_without_the_table_and_presslate_toml_first(workspace: Path) -> None:
    (workspace / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert load_config(workspace) == (Config(), None)
    (workspace / "pyproject.toml").write_text("[tool.presslate]\nsource_language = 'de'\n",
                                              encoding="utf-8")
    (workspace / "presslate.toml").write_text("source_language = 'fr'\n", encoding="utf-8")
    config, path = load_config(workspace)
    assert (config.source_language, path) == ("fr", workspace / "presslate.toml")


def test_values_are_canonicalised() -> None:
    config = parse_config({"source_language": "pt-br", "target-languages": "fr, es_MX",
                           "detect": {"min_confidence": 1}})
    assert config.source_language == "pt_BR"
    assert config.target_languages == ("fr", "es_MX")
    assert config.detect.min_confidence == 1.0


def test_dash_c_runs_on_another_folder(tmp_path: Path) -> None:
    newsroom = tmp_path / "newsroom"
    runner = CliRunner()
    result = runner.invoke(cli, ["-C", str(newsroom), "init"])
    assert result.exit_code == 0
    assert (newsroom / "presslate.toml").is_file()
    result = runner.invoke(cli, ["--workspace", str(newsroom), "pull", str(HARBOUR), "--slug", "h"])
    assert result.exit_code == 0, result.output
    assert (newsroom / "catalogs" / "h.pot").is_file()
    assert runner.invoke(cli, ["-C", str(newsroom), "show", "h"]).exit_code == 0


def test_dash_c_on_a_missing_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["-C", str(tmp_path / "nowhere"), "pull", str(HARBOUR)])
    assert result.exit_code == 2
    assert f"{tmp_path / 'nowhere'}: no such workspace folder" in result.output
    assert not (tmp_path / "nowhere").exists()
