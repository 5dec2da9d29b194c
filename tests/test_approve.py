"""presslate approve / reopen: a person's review decision, written as gettext tools keep it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest

from presslate.i18n.catalog import CHANGED, MACHINE, REVIEWED, entry_state

from .conftest import Invoke, require_tool
from .export_fixtures import BODY1, BODY2, HEADLINE, SLUG, STANDFIRST, build_article, write_workspace

IDS = {seg.text: seg.id for seg in build_article().segments}
FR = {
    HEADLINE: ("changed", "La grève des dockers ferme le port"),  # a draft, its source changed
    STANDFIRST: ("machine", STANDFIRST),  # left in English: error-level findings
    BODY1: ("reviewed", "Le port a été fermé lundi après le départ des dockers."),
    BODY2: ("machine", "Les négociations doivent reprendre mercredi."),
}
ANA = "Ana Silva <ana@example.org>"


@pytest.fixture
def catalog(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("PRESSLATE_TRANSLATOR", raising=False)
    write_workspace(workspace, translations={"fr": FR})
    return workspace / "catalogs" / "fr" / "LC_MESSAGES" / f"{SLUG}.po"


def entries(path: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in polib.pofile(str(path))}


def test_approve_removes_fuzzy_and_previous_source_and_records_who_and_when(
        run: Invoke, catalog: Path) -> None:
    before = entries(catalog)
    assert before[HEADLINE].previous_msgid and "fuzzy" in before[HEADLINE].flags
    result = run("approve", SLUG, "--lang", "fr", IDS[HEADLINE], "--translator", ANA)
    assert result.exit_code == 0, result.output
    assert f"approved 1 in catalogs/fr/LC_MESSAGES/{SLUG}.po as {ANA}" in result.output
    text = catalog.read_text(encoding="utf-8")
    assert "#|" not in text
    after = entries(catalog)
    assert entry_state(after[HEADLINE]) == REVIEWED
    assert after[HEADLINE].msgstr == FR[HEADLINE][1]
    for msgid in (STANDFIRST, BODY1, BODY2):  # the others are as they were
        assert str(after[msgid]) == str(before[msgid])
    meta = polib.pofile(str(catalog)).metadata
    assert meta["Last-Translator"] == ANA
    assert meta["PO-Revision-Date"] != "2024-03-05 10:00+0000"
    assert len(meta["PO-Revision-Date"]) == len("2024-03-05 10:00+0000")
    subprocess.run([require_tool("msgfmt"), "--check", "-o", "/dev/null", str(catalog)], check=True)


def test_an_entry_with_an_error_finding_is_refused_unless_forced(run: Invoke, catalog: Path) -> None:
    before = catalog.read_bytes()
    result = run("approve", SLUG, "--lang", "fr", IDS[BODY2], IDS[STANDFIRST], "--translator", ANA)
    assert result.exit_code == 1
    assert IDS[STANDFIRST] in result.output and "unchanged" in result.output
    assert IDS[BODY2] not in result.output.split("error-level QA findings on")[1].split("(")[0]
    assert catalog.read_bytes() == before  # nothing written, not even the entry without findings
    result = run("approve", SLUG, "--lang", "fr", IDS[STANDFIRST], "--force", "--translator", ANA)
    assert result.exit_code == 0, result.output
    assert entry_state(entries(catalog)[STANDFIRST]) == REVIEWED


def test_all_checked_approves_every_fuzzy_entry_without_error_findings(
        run: Invoke, catalog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESSLATE_TRANSLATOR", "Bo Lind <bo@example.org>")
    result = run("approve", SLUG, "--lang", "fr", "--all-checked")
    assert result.exit_code == 0, result.output
    after = entries(catalog)
    assert {m: entry_state(e) for m, e in after.items() if m} == {
        HEADLINE: REVIEWED, STANDFIRST: MACHINE, BODY1: REVIEWED, BODY2: REVIEWED,
        **{m: entry_state(e) for m, e in after.items() if m and m not in FR}}
    assert f"left fuzzy {IDS[STANDFIRST]}" in result.output
    assert polib.pofile(str(catalog)).metadata["Last-Translator"] == "Bo Lind <bo@example.org>"


def test_reopen_marks_entries_fuzzy_again(run: Invoke, catalog: Path) -> None:
    assert run("approve", SLUG, "--lang", "fr", IDS[BODY2], "--translator", ANA).exit_code == 0
    result = run("reopen", SLUG, "--lang", "fr", IDS[BODY2], IDS[BODY1])
    assert result.exit_code == 0, result.output
    after = entries(catalog)
    assert entry_state(after[BODY2]) == MACHINE  # still the engine's text
    assert entry_state(after[BODY1]) == CHANGED  # a person's text awaiting approval
    again = run("reopen", SLUG, "--lang", "fr", IDS[BODY1])
    assert "already fuzzy" in again.output and "nothing reopened" in again.output


@pytest.mark.parametrize("args", [
    ("approve", SLUG, "--lang", "fr", "body-00000000", "--translator", ANA),
    ("approve", SLUG, "--lang", "fr", "--translator", ANA),
    ("approve", SLUG, "--lang", "fr", "--all-checked", "--translator", "Ana\nEvil: header"),
    ("reopen", SLUG, "--lang", "fr", "body-00000000"),
    ("approve", SLUG, "--lang", "es", "--all-checked", "--translator", ANA),
])
def test_bad_input_exits_2_and_writes_nothing(run: Invoke, catalog: Path,
                                               args: tuple[str, ...]) -> None:
    before = catalog.read_bytes()
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert catalog.read_bytes() == before


def test_approve_without_any_translator_is_refused(run: Invoke, catalog: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    before = catalog.read_bytes()
    result = run("approve", SLUG, "--lang", "fr", "--all-checked")
    assert result.exit_code == 2
    assert "--translator" in result.output and "PRESSLATE_TRANSLATOR" in result.output
    assert catalog.read_bytes() == before
