"""`presslate check`: findings from real catalogs, every output format, flags, severities, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tests.conftest import Invoke
from tests.qa.catalogs import E, write_article

SEEDED = {
    "fr": [
        E(
            "Netanyahu, Putin agree to meet",
            "Netanyahou et Poutine conviennent de se rencontrer",
            kind="headline",
        ),
        E("Le président russe Vladimir Poutine", lang="fr", kind="caption", state="source"),
        E(
            "Russia sent 15 soldiers and 1,000 tanks in 2018.",
            "La Russie a envoyé quinze soldats et 1 000 chars en 2018.",
            state="machine",
        ),
        E("The S-300 system was delivered to the cabinet.", "Le système S 300 a été livré au cabinet."),
        E("A short text that nobody translated yet.", ""),
    ],
}
CLEAN = {
    "fr": [
        E(
            "Netanyahu, Putin agree to meet",
            "Netanyahou et Poutine conviennent de se rencontrer",
            kind="headline",
        ),
        E("Russia sent 1,000 tanks in 2018.", "La Russie a envoyé 1 000 chars en 2018."),
    ],
}


@pytest.fixture
def seeded(workspace: Path) -> Path:
    (workspace / "glossary.csv").write_text(
        "term,source,target,translation,flag\nS-300,,,,dnt\ncabinet,en,fr,conseil des ministres,\n",
        encoding="utf-8",
    )
    (workspace / "presslate.toml").write_text('glossary = "glossary.csv"\n', encoding="utf-8")
    write_article(workspace, "story", SEEDED)
    return workspace


def test_clean_catalog_passes(run: Invoke, workspace: Path) -> None:
    write_article(workspace, "story", CLEAN)
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings in 2 entries of 1 catalog" in result.output


def test_text_report_groups_findings_with_counts(run: Invoke, seeded: Path) -> None:
    result = run("check", "story")
    assert result.exit_code == 1
    out = result.output
    assert "story [fr] catalogs/fr/LC_MESSAGES/story.po: 3 errors, 2 warnings" in out
    for check in ("numbers", "do_not_translate", "glossary", "fuzzy", "untranslated"):
        assert check in out
    assert "by check:" in out
    assert "3 errors, 2 warnings in 5 entries of 1 catalog" in out


def test_json_report(run: Invoke, seeded: Path) -> None:
    result = run("check", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["summary"]["errors"] == 3 and data["summary"]["failed"] is True
    numbers = [f for f in data["findings"] if f["check"] == "numbers"]
    assert len(numbers) == 1
    finding = numbers[0]
    assert finding["article"] == "story" and finding["locale"] == "fr"
    assert finding["kind"] == "body" and finding["position"] == 3
    assert finding["positions"] == [3]
    assert finding["segment_id"].startswith("body-")
    assert finding["severity"] == "error" and "15" in finding["message"]
    assert finding["path"] == "catalogs/fr/LC_MESSAGES/story.po" and finding["line"] > 0
    assert data["catalogs"][0]["states"] == {"reviewed": 2, "source": 1, "machine": 1, "untranslated": 1}


def test_junit_report_parses_one_case_per_entry_and_check(run: Invoke, seeded: Path) -> None:
    result = run("check", "--format", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.output.encode("utf-8"))
    assert root.tag == "testsuites"
    cases = root.findall("./testsuite/testcase")
    assert int(root.get("tests", "0")) == len(cases) > 5 * 3
    failures = [c for c in cases if c.find("failure") is not None]
    assert int(root.get("failures", "0")) == len(failures) == 3
    names = {c.get("name") for c in failures}
    assert names == {"body 3 numbers", "body 4 do_not_translate", "body 4 glossary"}
    assert all(c.get("file") == "catalogs/fr/LC_MESSAGES/story.po" for c in cases)


def test_github_annotations(run: Invoke, seeded: Path) -> None:
    result = run("check", "--format", "github")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    errors = [ln for ln in lines if ln.startswith("::error ")]
    warnings = [ln for ln in lines if ln.startswith("::warning ")]
    assert len(errors) == 3 and len(warnings) == 2
    assert errors[0].startswith("::error file=catalogs/fr/LC_MESSAGES/story.po,line=")
    assert "title=presslate numbers [fr] body 3::number 15" in errors[0]


def test_report_to_file(run: Invoke, seeded: Path, tmp_path: Path) -> None:
    out = tmp_path / "qa.xml"
    result = run("check", "--format", "junit", "-o", str(out))
    assert result.exit_code == 1 and result.output == ""
    ET.parse(out)


def test_translator_comment_silences_a_check(run: Invoke, workspace: Path) -> None:
    ws = write_article(workspace, "story", {"fr": [E("15 soldiers died.", "Quinze soldats sont morts.")]})
    path = ws.catalog_path("story", "fr")
    text = path.read_text(encoding="utf-8").replace("#. body 1", "# presslate-no-numbers\n#. body 1")
    path.write_text(text, encoding="utf-8")
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "numbers" not in result.output


def test_po_flag_silences_one_check_on_one_entry(run: Invoke, workspace: Path) -> None:
    catalogs = {
        "fr": [
            E("15 soldiers died.", "Quinze soldats sont morts.", flags=("presslate-no-numbers",)),
            E("15 tanks came.", "Quinze chars sont venus."),
        ]
    }
    write_article(workspace, "story", catalogs)
    result = run("check", "--format", "json")
    findings = json.loads(result.output)["findings"]
    assert [f["position"] for f in findings if f["check"] == "numbers"] == [2]
    junit = ET.fromstring(run("check", "--format", "junit").output.encode())
    skipped = [c for c in junit.iter("testcase") if c.find("skipped") is not None]
    assert [c.get("name") for c in skipped] == ["body 1 numbers"]


@pytest.mark.parametrize(
    ("severity", "code", "shown"),
    [
        pytest.param("warning", 0, True, id="downgraded"),
        pytest.param("off", 0, False, id="off"),
        pytest.param("error", 1, True, id="error"),
    ],
)
def test_severity_from_config(run: Invoke, workspace: Path, severity: str, code: int, shown: bool) -> None:
    (workspace / "presslate.toml").write_text(
        f'[qa]\nseverity = {{ numbers = "{severity}" }}\n', encoding="utf-8"
    )
    write_article(workspace, "story", {"fr": [E("15 soldiers died.", "Quinze soldats sont morts.")]})
    result = run("check")
    assert result.exit_code == code, result.output
    assert ("numbers" in result.output) is shown


def test_fuzzy_and_untranslated_can_be_made_errors(run: Invoke, workspace: Path) -> None:
    (workspace / "presslate.toml").write_text('[qa]\nseverity = { fuzzy = "error" }\n', encoding="utf-8")
    write_article(
        workspace, "story", {"fr": [E("Hello there, friends.", "Bonjour, les amis.", state="machine")]}
    )
    assert run("check").exit_code == 1


@pytest.mark.parametrize(
    ("setup", "needle"),
    [
        pytest.param(
            {"presslate.toml": '[qa]\nseverity = { number = "warning" }\n'},
            "did you mean numbers",
            id="unknown-check",
        ),
        pytest.param(
            {"presslate.toml": 'glossary = "missing.csv"\n'},
            "glossary file does not exist",
            id="missing-glossary",
        ),
        pytest.param(
            {"presslate.toml": 'glossary = "g.csv"\n', "g.csv": "term,source,target,translation\nx,en\n"},
            "g.csv:2",
            id="bad-glossary-row",
        ),
    ],
)
def test_bad_input_exits_2(run: Invoke, workspace: Path, setup: dict[str, str], needle: str) -> None:
    for name, text in setup.items():
        (workspace / name).write_text(text, encoding="utf-8")
    write_article(workspace, "story", CLEAN)
    result = run("check")
    assert result.exit_code == 2
    assert needle in result.output


def test_unknown_slug_and_bad_format_exit_2(run: Invoke, workspace: Path) -> None:
    write_article(workspace, "story", CLEAN)
    assert run("check", "nope").exit_code == 2
    assert run("check", "--format", "xml").exit_code == 2


def test_missing_catalog_for_a_requested_locale(run: Invoke, workspace: Path) -> None:
    write_article(workspace, "story", CLEAN)
    result = run("check", "--lang", "es", "--format", "json")
    data = json.loads(result.output)
    assert [f["check"] for f in data["findings"]] == ["untranslated"]
    assert "no es catalog" in data["findings"][0]["message"]
    assert run("check", "--lang", "xx-nope").exit_code == 2


def test_check_help_has_an_example(run: Invoke) -> None:
    result = run("check", "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and "presslate-no-" in result.output


def test_check_and_publish_do_not_import_the_mt_stack(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from presslate.cli.main import main\n"
        "try:\n"
        f"    main(['-C', {str(tmp_path)!r}, 'check'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('ctranslate2', 'torch', 'stanza', 'spacy', 'argostranslate')\n"
        "heavy = [m for m in heavy if m in sys.modules]\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_one_run_writes_several_reports(run: Invoke, seeded: Path, tmp_path: Path) -> None:
    """--format github on stdout plus --junit, --json and --text files, from one run: each the
    same as the report a run of its own writes."""
    junit, as_json, text = tmp_path / "qa.xml", tmp_path / "qa.json", tmp_path / "qa.txt"
    result = run("check", "--format", "github", "--junit", str(junit), "--json", str(as_json),
                 "--text", str(text))
    assert result.exit_code == 1
    assert result.output == run("check", "--format", "github").output
    assert junit.read_text(encoding="utf-8") == run("check", "--format", "junit").output
    assert as_json.read_text(encoding="utf-8") == run("check", "--format", "json").output
    assert text.read_text(encoding="utf-8") == run("check").output
    ET.fromstring(junit.read_text(encoding="utf-8"))
    assert json.loads(as_json.read_text(encoding="utf-8"))["summary"]["failed"] is True


def test_two_reports_into_one_file_is_a_usage_error(run: Invoke, seeded: Path,
                                                     tmp_path: Path) -> None:
    same = tmp_path / "qa.out"
    result = run("check", "-o", str(same), "--junit", str(same))
    assert result.exit_code == 2 and "its own file" in result.output
    assert not same.exists()
