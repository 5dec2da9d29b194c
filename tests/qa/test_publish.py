"""`presslate publish`: the gate's decisions, compiled catalogs, exports, reports, exit codes."""

from __future__ import annotations

import gettext
import json
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.qa.catalogs import E, write_article

REVIEWED = [
    E(
        "Netanyahu, Putin agree to meet",
        "Netanyahou et Poutine conviennent de se rencontrer",
        kind="headline",
    ),
    E("Russia sent 1,000 tanks in 2018.", "La Russie a envoyé 1 000 chars en 2018."),
    E(
        "The talks will continue next week in Moscow.",
        "Les pourparlers reprendront la semaine prochaine à Moscou.",
    ),
]
MACHINE = [
    REVIEWED[0],
    E("Russia sent 1,000 tanks in 2018.", "La Russie a envoyé 1 000 chars en 2018.", state="machine"),
    E(
        "The talks will continue next week in Moscow.",
        "Les pourparlers reprendront la semaine prochaine à Moscou.",
        state="machine",
    ),
]
BROKEN = [*REVIEWED[:2], E("The talks will continue on 12 May.", "Les pourparlers reprendront le 13 mai.")]


def config(workspace: Path, text: str) -> None:
    (workspace / "presslate.toml").write_text(text, encoding="utf-8")


def test_reviewed_article_is_compiled_exported_and_reported(run: Invoke, workspace: Path) -> None:
    ws = write_article(workspace, "story", {"fr": REVIEWED})
    result = run("publish")
    assert result.exit_code == 0, result.output
    assert "story [fr]: published (100% reviewed)" in result.output
    html = workspace / "public" / "fr" / "story.html"
    assert html.is_file()
    page = html.read_text(encoding="utf-8")
    assert "Netanyahou et Poutine conviennent de se rencontrer" in page and 'lang="fr"' in page
    mo = ws.catalog_path("story", "fr").with_suffix(".mo")
    with mo.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.pgettext("body", "Russia sent 1,000 tanks in 2018.") == (
        "La Russie a envoyé 1 000 chars en 2018."
    )
    data = json.loads((workspace / "public" / "publish-report.json").read_text(encoding="utf-8"))
    assert data["failed"] is False
    [decision] = data["decisions"]
    assert decision["publish"] is True and decision["files"] == ["public/fr/story.html"]
    assert decision["compiled"] == "catalogs/fr/LC_MESSAGES/story.mo"
    assert "1 published, 0 held back" in (workspace / "public" / "publish-report.txt").read_text()


def test_unreviewed_machine_translation_is_held_back(run: Invoke, workspace: Path) -> None:
    write_article(workspace, "story", {"fr": MACHINE})
    result = run("publish")
    assert result.exit_code == 1
    assert "story [fr]: held back (33.3% reviewed)" in result.output
    assert "the policy requires 100%" in result.output
    assert not (workspace / "public" / "fr").exists()
    assert (workspace / "public" / "publish-report.json").is_file()


def test_allow_machine_publishes_with_a_visible_notice(run: Invoke, workspace: Path) -> None:
    config(workspace, "[publish]\nallow_machine = true\n")
    write_article(workspace, "story", {"fr": MACHINE})
    result = run("publish")
    assert result.exit_code == 0, result.output
    assert "published (machine notice)" in result.output
    page = (workspace / "public" / "fr" / "story.html").read_text(encoding="utf-8")
    assert "traduites automatiquement" in page
    assert "La Russie a envoyé 1 000 chars en 2018." in page


def test_error_level_finding_holds_back_a_reviewed_article(run: Invoke, workspace: Path) -> None:
    write_article(workspace, "story", {"fr": BROKEN})
    result = run("publish", "--json")
    assert result.exit_code == 1
    [decision] = json.loads(result.output)["decisions"]
    assert decision["publish"] is False and decision["reviewed_percent"] == 100.0
    assert decision["errors"] == {"numbers": 2}
    assert any("error-level QA findings (numbers 2)" in r for r in decision["reasons"])


def test_dry_run_writes_nothing(run: Invoke, workspace: Path) -> None:
    ws = write_article(workspace, "story", {"fr": REVIEWED})
    result = run("publish", "--dry-run")
    assert result.exit_code == 0
    assert "would write public/fr/story.html" in result.output
    assert "[dry run: nothing written]" in result.output
    assert not (workspace / "public").exists()
    assert not ws.catalog_path("story", "fr").with_suffix(".mo").exists()


@pytest.mark.parametrize(
    ("targets", "code", "needle"),
    [
        pytest.param('["fr"]', 0, "story [de]: held back (optional)", id="optional-locale-held"),
        pytest.param('["fr", "de"]', 1, "story [de]: held back (33.3% reviewed)", id="required-locale-held"),
        pytest.param('["fr", "es"]', 1, "no es catalog", id="required-catalog-missing"),
    ],
)
def test_required_and_optional_locales(
    run: Invoke, workspace: Path, targets: str, code: int, needle: str
) -> None:
    config(workspace, f"target_languages = {targets}\n")
    write_article(workspace, "story", {"fr": REVIEWED, "de": MACHINE})
    result = run("publish", "--dry-run")
    assert result.exit_code == code, result.output
    assert needle in result.output
    assert "story [fr]: published" in result.output


def test_threshold_and_refuse_fallback(run: Invoke, workspace: Path) -> None:
    config(workspace, '[publish]\nmin_reviewed = 30\nfallback = "refuse"\n')
    write_article(workspace, "story", {"fr": MACHINE})
    result = run("publish", "--dry-run")
    assert result.exit_code == 1
    assert "the export refuses it" in result.output
    config(workspace, '[publish]\nmin_reviewed = 30\nfallback = "source"\nformats = ["md", "json"]\n')
    result = run("publish")
    assert result.exit_code == 0, result.output
    assert (workspace / "public" / "fr" / "story.md").is_file()
    assert (workspace / "public" / "fr" / "story.json").is_file()


def test_format_and_out_options(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    write_article(workspace, "story", {"fr": REVIEWED})
    out = tmp_path / "site"
    result = run("publish", "story", "--format", "txt", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "fr" / "story.txt").is_file() and (out / "publish-report.txt").is_file()


def test_bad_input_exits_2(run: Invoke, workspace: Path) -> None:
    write_article(workspace, "story", {"fr": REVIEWED})
    assert run("publish", "nope").exit_code == 2
    config(workspace, "[publish]\nmin_reviewed = 120\n")
    result = run("publish")
    assert result.exit_code == 2 and "min_reviewed" in result.output


def test_publish_help_has_an_example(run: Invoke) -> None:
    result = run("publish", "--help")
    assert result.exit_code == 0 and "Example:" in result.output


UNTRANSLATED = [E(e.text, kind=e.kind, state="untranslated") for e in REVIEWED]
UNTRANSLATED_FR = "3 parties sur 3 de cet article sont affichées en anglais, faute de traduction."


@pytest.mark.parametrize(
    ("policy", "entries", "status", "summaries", "page_notes"),
    [
        pytest.param("allow_machine = true\nmin_reviewed = 0\n", UNTRANSLATED,
                     "published (untranslated notice)",
                     ["3 of 3 segments not translated, shown in English"], [UNTRANSLATED_FR],
                     id="nothing-translated-allow-machine-min-0"),
        pytest.param("min_reviewed = 0\n", UNTRANSLATED, "published (untranslated notice)",
                     ["3 of 3 segments not translated, shown in English"], [UNTRANSLATED_FR],
                     id="nothing-translated-min-0"),
        pytest.param("allow_machine = true\n", MACHINE, "published (machine notice)",
                     ["2 of 3 segments machine-translated, not yet reviewed"],
                     ["Certaines parties de cet article ont été traduites automatiquement et n’ont pas "
                      "encore été relues par la rédaction."],
                     id="machine-allowed"),
        pytest.param("min_reviewed = 30\n", MACHINE, "published (untranslated notice)",
                     ["2 of 3 segments not translated, shown in English"],
                     ["2 parties sur 3 de cet article sont affichées en anglais, faute de traduction."],
                     id="machine-not-allowed-source-fallback"),
        pytest.param('min_reviewed = 30\nfallback = "omit"\n', MACHINE, "published",
                     ["2 of 3 segments left out, not translated"], [], id="omit"),
        pytest.param("", REVIEWED, "published", [], [], id="all-reviewed"),
    ],
)
def test_publish_reports_what_each_page_shows(
    run: Invoke, workspace: Path, policy: str, entries: list[E], status: str, summaries: list[str],
    page_notes: list[str],
) -> None:
    config(workspace, "[publish]\n" + policy)
    write_article(workspace, "story", {"fr": entries})
    result = run("publish")
    assert result.exit_code == 0, result.output
    assert f"story [fr]: {status} (" in result.stdout
    assert result.stderr.splitlines() == [f"story [fr]: {line}" for line in summaries]
    for line in summaries:
        assert f"    notice: {line}" in result.stdout
    report = (workspace / "public" / "publish-report.txt").read_text(encoding="utf-8")
    assert [ln.strip() for ln in report.splitlines() if ln.startswith("    notice: ")] == [
        f"notice: {line}" for line in summaries]
    [decision] = json.loads((workspace / "public" / "publish-report.json").read_text(encoding="utf-8"))[
        "decisions"]
    assert decision["status"] == status and decision["summaries"] == summaries
    assert [n["text"] for n in decision["notices"]] == page_notes
    assert all(n["total"] == 3 for n in decision["notices"])
    assert [n["languages"] for n in decision["notices"] if n["kind"] == "untranslated"] == (
        [["en"]] if "untranslated" in status else [])
    page = (workspace / "public" / "fr" / "story.html").read_text(encoding="utf-8")
    assert [note in page for note in page_notes] == [True] * len(page_notes)
    assert page.count('role="note"') == len(page_notes)


def test_publish_json_and_dry_run_list_the_notice(run: Invoke, workspace: Path) -> None:
    config(workspace, "[publish]\nallow_machine = true\nmin_reviewed = 0\n")
    write_article(workspace, "story", {"fr": UNTRANSLATED})
    result = run("publish", "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    [decision] = json.loads(result.stdout)["decisions"]
    assert decision["summaries"] == ["3 of 3 segments not translated, shown in English"]
    assert result.stderr == "story [fr]: 3 of 3 segments not translated, shown in English\n"
    assert not (workspace / "public").exists()
