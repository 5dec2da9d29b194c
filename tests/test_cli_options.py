"""Options work the same way on every command: locale lists, one-locale options, -q/-v,
--json summaries, -o FILE, highlighted errors (NO_COLOR), shell completion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslate.cli.main import cli

from .conftest import Invoke
from .export_fixtures import SLUG, write_workspace

ESC = "\x1b["


@pytest.fixture
def three(workspace: Path) -> Path:
    """An article with fr, he and ar catalogs."""
    write_workspace(workspace)
    return workspace


def _locales_in_status(output: str) -> list[str]:
    return [row["locale"] for row in json.loads(output)["catalogs"]]


@pytest.mark.parametrize("form", [["--lang", "fr,he"], ["--lang", "fr", "--lang", "he"],
                                  ["--lang", "fr, he", "--lang", "fr"]],
                         ids=["comma", "repeated", "both"])
def test_a_list_of_locales_is_accepted_both_ways(run: Invoke, three: Path, form: list[str]) -> None:
    assert _locales_in_status(run("status", "--json", *form).output) == ["fr", "he"]
    check = json.loads(run("check", "--format", "json", *form).output)
    assert sorted(c["locale"] for c in check["catalogs"]) == ["fr", "he"]
    compiled = run("compile", *form)
    assert compiled.exit_code == 0, compiled.output
    assert sorted(p.parent.parent.name for p in (three / "catalogs").glob("*/LC_MESSAGES/*.mo")) == [
        "fr", "he"]
    exported = run("export", SLUG, "--fallback", "machine", "--json", *form)
    assert exported.exit_code == 0, exported.output
    assert sorted(f["locale"] for f in json.loads(exported.stdout)["files"]) == ["fr", "he"]
    published = json.loads(run("publish", "--dry-run", "--json", *form).output)
    assert sorted(d["locale"] for d in published["decisions"]) == ["fr", "he"]


def test_translate_takes_targets_both_ways(run: Invoke, three: Path) -> None:
    for form, made in ((["--to", "de,es"], ["de", "es"]), (["--to", "it", "--to", "pt,it"], ["it", "pt"])):
        result = run("translate", "--engine", "none", "--json", *form)
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert sorted(Path(p).parent.parent.name for p in data["catalogs"]) == made
        assert data["not_requested"] > 0 and data["partial"] is False


def test_a_bad_locale_in_a_list_is_a_usage_error(run: Invoke, three: Path) -> None:
    result = run("status", "--lang", "fr,xx-nope")
    assert result.exit_code == 2
    assert "'xx-nope'" in result.output and "--lang" in result.output


@pytest.mark.parametrize("command", [
    ["review", SLUG], ["approve", SLUG, "--all-checked"], ["reopen", SLUG, "x"],
    ["xliff", "export", SLUG], ["segment", SLUG, "x"],
])
@pytest.mark.parametrize("form", [["--lang", "fr,he"], ["--lang", "fr", "--lang", "he"]],
                         ids=["comma", "repeated"])
def test_a_one_locale_option_refuses_two_instead_of_keeping_the_last(
        run: Invoke, three: Path, command: list[str], form: list[str]) -> None:
    before = {p: p.read_bytes() for p in (three / "catalogs").rglob("*") if p.is_file()}
    result = run(*command, *form)
    assert result.exit_code == 2
    assert "takes one locale, got fr, he" in result.output
    assert {p: p.read_bytes() for p in (three / "catalogs").rglob("*") if p.is_file()} == before
    assert not (three / "review").exists()


def test_quiet_leaves_only_what_was_asked_for(run: Invoke, three: Path, tmp_path: Path) -> None:
    loud = run("export", SLUG, "--lang", "fr", "--fallback", "machine")
    assert loud.stdout.startswith("wrote ")
    for args in (["-q", "export"], ["export", "-q"], ["--quiet", "export"]):
        result = run(*args, SLUG, "--lang", "fr", "--fallback", "machine")
        assert result.exit_code == 0 and result.stdout == ""
        assert "machine-translated" in result.stderr  # what the page says about itself stays
    assert run("-q", "review", SLUG, "--lang", "fr", "-o", str(tmp_path / "r.html")).output == ""
    assert (tmp_path / "r.html").is_file()
    assert run("-q", "compile").output == ""
    assert run("-q", "status", "--json").output.startswith("{")  # asked for: printed
    both = run("-q", "-v", "status")
    assert both.exit_code == 2 and "either --quiet or --verbose" in both.output


def test_review_writes_to_o_file(run: Invoke, three: Path, tmp_path: Path) -> None:
    for flag in ("-o", "--output", "--out"):
        out = tmp_path / f"page{flag}.html"
        assert run("review", SLUG, "--lang", "he", flag, str(out)).exit_code == 0
        assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_errors_are_highlighted_on_a_terminal_unless_no_color(three: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["-C", str(three), "show", "nope"]
    monkeypatch.delenv("NO_COLOR", raising=False)
    plain = CliRunner().invoke(cli, args)  # not a terminal: no colour codes
    assert plain.exit_code == 2 and ESC not in plain.output
    assert plain.output.startswith("presslate: error: ")
    coloured = CliRunner().invoke(cli, args, color=True)  # a terminal
    assert coloured.exit_code == 2 and f"{ESC}31m" in coloured.output
    assert click_unstyle(coloured.output) == plain.output
    monkeypatch.setenv("NO_COLOR", "1")
    assert CliRunner().invoke(cli, args, color=True).output == plain.output
    # click's usage errors too
    monkeypatch.delenv("NO_COLOR")
    usage = ["-C", str(three), "review", SLUG, "--lang", "fr,he"]
    plain_usage = CliRunner().invoke(cli, usage)
    assert plain_usage.exit_code == 2 and ESC not in plain_usage.output
    assert "Error: Invalid value for '--lang': takes one locale" in plain_usage.output
    coloured_usage = CliRunner().invoke(cli, usage, color=True)
    assert coloured_usage.exit_code == 2 and f"Error: {ESC}31m" in coloured_usage.output
    assert click_unstyle(coloured_usage.output) == plain_usage.output
    monkeypatch.setenv("NO_COLOR", "1")
    assert CliRunner().invoke(cli, usage, color=True).output == plain_usage.output
    # the check report's findings too
    monkeypatch.delenv("NO_COLOR")
    report = CliRunner().invoke(cli, ["-C", str(three), "check"], color=True).output
    assert any(line.startswith(f"{ESC}33m  warning ") for line in report.splitlines())
    assert click_unstyle(report) == CliRunner().invoke(cli, ["-C", str(three), "check"]).output
    monkeypatch.setenv("NO_COLOR", "1")
    assert ESC not in CliRunner().invoke(cli, ["-C", str(three), "check"], color=True).output


def click_unstyle(text: str) -> str:
    import click

    return click.unstyle(text)


def _complete(words: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("_PRESSLATE_COMPLETE", "bash_complete")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(words.split()) - (0 if words.endswith(" ") else 1)))
    result = CliRunner().invoke(cli, [], prog_name="presslate")
    assert result.exit_code == 0, result.output
    return [line.split(",", 1)[1] for line in result.output.splitlines() if line]


def test_shell_completion_completes_commands_and_options(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "check" in _complete("presslate che", monkeypatch)
    assert _complete("presslate check --min", monkeypatch) == ["--min-severity"]
    assert _complete("presslate check --min-severity ", monkeypatch) == ["error", "warning"]
    assert "list" in _complete("presslate models l", monkeypatch)
    monkeypatch.setenv("_PRESSLATE_COMPLETE", "bash_source")
    script = CliRunner().invoke(cli, [], prog_name="presslate").output
    assert "_PRESSLATE_COMPLETE=bash_complete" in script


@pytest.mark.apertium
def test_engines_json_says_what_the_text_says(run: Invoke, workspace: Path) -> None:
    from .conftest import require_tool

    require_tool("apertium")
    text = run("engines").output
    data = json.loads(run("engines", "--json").output)
    by_name = {e["name"]: e for e in data["engines"]}
    assert set(by_name) >= {"argos", "apertium", "tm"}
    apertium = by_name["apertium"]
    assert apertium["available"] is True and apertium["direct"]
    assert f"  direct: {', '.join(apertium['direct'])}" in text
    for route in data["routes"]:
        assert f"  {route['source']}→{route['target']}: {route['route'] or 'none'} — {route['reason']}" \
            in text


def test_models_list_json_with_no_package(run: Invoke, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "none"))
    data = json.loads(run("models", "list", "--json").output)
    assert data == {"directory": str(tmp_path / "none"), "packages": []}


def test_shell_completion_offers_the_workspace_s_locales(three: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (three / "presslate.toml").write_text('target_languages = ["fr", "de"]\n', encoding="utf-8")
    monkeypatch.chdir(three)
    assert _complete("presslate status --lang ", monkeypatch) == ["ar", "de", "fr", "he"]
    assert _complete("presslate check --lang fr,", monkeypatch) == ["fr,ar", "fr,de", "fr,he"]
    assert _complete("presslate review story --lang h", monkeypatch) == ["he"]
    monkeypatch.chdir(three.parent)  # no workspace here: nothing offered, no error
    assert _complete("presslate status --lang ", monkeypatch) == []
