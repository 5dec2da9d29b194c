"""`presslate check` in CI: a malformed catalog is one finding among the others, errors come
first, machine suggestions awaiting review do not drown them, --min-severity, figures that agree."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

from tests.conftest import Invoke
from tests.qa.catalogs import E, write_article

WORDS = {"one": ("un", "uno"), "two": ("deux", "dos"), "three": ("trois", "tres"),
         "four": ("quatre", "cuatro"), "five": ("cinq", "cinco"), "six": ("six", "seis")}
MACHINE = [E(f"Sentence number {en} of the report.", f"Phrase numéro {fr} du rapport.",
             state="machine") for en, (fr, _) in WORDS.items()]
MACHINE_ES = [E(f"Sentence number {en} of the report.", f"Frase número {es} del informe.",
                state="machine") for en, (_, es) in WORDS.items()]
ERRORS = [E("Russia sent 15 soldiers in 2018.", "La Russie a envoyé quinze soldats en 2018.")]


def noisy(workspace: Path) -> None:
    """Six machine suggestions awaiting review before one real error, in fr and es."""
    write_article(workspace, "story", {
        "fr": [*MACHINE, *ERRORS],
        "es": [*MACHINE_ES, E(ERRORS[0].text, "Rusia envió 15 soldados en 2018.")]})


def test_machine_suggestions_are_one_line_per_catalog_and_errors_come_first(run: Invoke,
                                                                            workspace: Path) -> None:
    noisy(workspace)
    result = run("check")
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln.startswith("  ")]
    assert lines[0].startswith("  error ") and "numbers" in lines[0]
    awaiting = [ln for ln in lines if "awaiting review" in ln]
    assert len(awaiting) == 2  # one per catalog, not one per entry
    assert "6 machine suggestions awaiting review" in awaiting[0]
    assert "--verbose" in awaiting[0]
    # the figures still count every finding
    assert "1 error, 12 warnings in 14 entries of 2 catalogs" in result.output
    assert "story [fr] catalogs/fr/LC_MESSAGES/story.po: 1 error, 6 warnings" in result.output
    # the catalog with the error comes first
    assert result.output.index("story [fr]") < result.output.index("story [es]")

    every = run("check", "--verbose")
    assert sum("machine suggestion (apertium" in ln for ln in every.output.splitlines()) == 12
    assert run("-v", "check").output == every.output


def test_github_annotations_put_errors_first_and_summarise_machine_suggestions(
        run: Invoke, workspace: Path) -> None:
    noisy(workspace)
    lines = run("check", "--format", "github").output.splitlines()
    assert lines[0].startswith("::error ") and "numbers" in lines[0]
    warnings = [ln for ln in lines if ln.startswith("::warning ")]
    assert len(warnings) == 2
    assert all("6 machine suggestions awaiting review" in ln for ln in warnings)
    # JSON and JUnit keep every finding
    data = json.loads(run("check", "--format", "json").output)
    assert [f["severity"] for f in data["findings"]] == ["error"] + ["warning"] * 12


def test_min_severity_error(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    noisy(workspace)
    junit = tmp_path / "qa.xml"
    result = run("check", "--min-severity", "error", "--junit", str(junit))
    assert result.exit_code == 1
    findings = [ln for ln in result.output.splitlines() if ln.startswith("  ") and "line" in ln]
    assert len(findings) == 1 and findings[0].startswith("  error ")
    assert "1 error, 0 warnings in 14 entries of 2 catalogs (12 below --min-severity not shown)" \
        in result.output
    cases = ET.parse(junit).getroot().iter("testcase")
    assert not [c for c in cases if c.find("system-err") is not None]
    data = json.loads(run("check", "--min-severity", "error", "--format", "json").output)
    assert data["summary"]["hidden"] == 12 and len(data["findings"]) == 1
    # warnings alone never fail, shown or not
    write_article(workspace, "story", {"fr": MACHINE})
    assert run("check", "--min-severity", "error").exit_code == 0
    assert run("check", "--min-severity", "info").exit_code == 2


def test_a_malformed_catalog_is_a_finding_and_the_others_are_checked(run: Invoke, workspace: Path,
                                                                     tmp_path: Path) -> None:
    ws = write_article(workspace, "story", {"fr": ERRORS, "es": ERRORS, "de": ERRORS})
    broken = ws.catalog_path("story", "es")
    lines = broken.read_text(encoding="utf-8").splitlines()
    bad_line = len(lines) + 2
    broken.write_text("\n".join(lines) + '\n\nmsgid "unterminated\n', encoding="utf-8")
    before = broken.read_bytes()
    junit, as_json = tmp_path / "qa.xml", tmp_path / "qa.json"
    result = run("check", "--format", "github", "--junit", str(junit), "--json", str(as_json))
    assert result.exit_code == 1
    out = result.output.splitlines()
    malformed = [ln for ln in out if "malformed" in ln]
    assert len(malformed) == 1
    assert malformed[0].startswith(f"::error file=catalogs/es/LC_MESSAGES/story.po,line={bad_line},")
    assert "cannot be read" in malformed[0]
    # the other catalogs were checked: their number errors are reported too
    numbers = [ln for ln in out if "presslate numbers" in ln]
    assert sorted("[fr]" in ln or "[de]" in ln for ln in numbers) == [True, True]
    data = json.loads(as_json.read_text(encoding="utf-8"))
    assert {f["locale"] for f in data["findings"] if f["check"] == "numbers"} == {"fr", "de"}
    assert [(f["locale"], f["line"]) for f in data["findings"] if f["check"] == "malformed"] == [
        ("es", bad_line)]
    cases = list(ET.parse(junit).getroot().iter("testcase"))
    failed = [c for c in cases if c.find("failure") is not None and c.get("name") == "catalog malformed"]
    assert len(failed) == 1
    assert failed[0].get("file") == "catalogs/es/LC_MESSAGES/story.po"
    assert failed[0].get("line") == str(bad_line)
    assert broken.read_bytes() == before  # never rewritten
    text = run("check").output
    assert "story [es] catalogs/es/LC_MESSAGES/story.po: 1 error" in text
    assert f"(line {bad_line})" in text


def test_json_positions_are_numbers(run: Invoke, workspace: Path) -> None:
    noisy(workspace)
    data = json.loads(run("check", "--format", "json").output)
    assert all(isinstance(f["position"], int) for f in data["findings"])
    assert all(f["positions"] == [f["position"]] for f in data["findings"])
