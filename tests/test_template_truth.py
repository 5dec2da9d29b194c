"""The template is the truth of what an edition holds: a catalog emptied, cut short or
left behind by its template is measured against the template by status, check, the
gate, export and translate (which merges the template in before filling)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from presslate.i18n.catalog import load_po
from presslate.i18n.workspace import Workspace
from tests.conftest import Invoke
from tests.qa.catalogs import E, write_article

ENTRIES = [
    E("Harbour workers strike again", "Les dockers de nouveau en grève", kind="headline"),
    E("The port was closed three times this year.", "Le port a été fermé trois fois cette année."),
    E("Talks resume next week with a mediator.",
      "Les négociations reprennent la semaine prochaine avec un médiateur."),
    E("Les dockers devant le port, lundi.", lang="fr", kind="caption", state="source"),
]
ENGLISH = [e.text for e in ENTRIES if e.lang == "en"]


def reviewed_workspace(workspace: Path) -> Path:
    """One article whose French catalog is wholly reviewed (the gate publishes it)."""
    (workspace / "presslate.toml").write_text('target_languages = ["fr"]\n', encoding="utf-8")
    ws = write_article(workspace, "story", {"fr": ENTRIES})
    return ws.catalog_path("story", "fr")


def empty(path: Path) -> None:
    path.write_bytes(b"")


def header_only(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("\n\n", 1)[0] + "\n", encoding="utf-8")


def two_deleted(path: Path) -> None:
    """The headline's and the last body paragraph's entries deleted by hand."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    kept = [b for b in blocks if "Harbour workers" not in b and "Talks resume" not in b]
    path.write_text("\n\n".join(kept), encoding="utf-8")


DAMAGE: dict[str, Callable[[Path], None]] = {
    "empty file": empty, "header only": header_only, "entries deleted": two_deleted}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_cut_catalog_is_not_published(run: Invoke, workspace: Path,
                                        damage: Callable[[Path], None]) -> None:
    path = reviewed_workspace(workspace)
    assert run("publish", "--dry-run").exit_code == 0
    damage(path)

    status = json.loads(run("status", "--json").output)["catalogs"]
    [fr] = [s for s in status if s["locale"] == "fr"]
    assert fr["total"]["entries"] == 4
    assert fr["percent"] < 100
    assert fr["untranslated"]["entries"] >= 2

    check = run("check", "--format", "json")
    report = json.loads(check.output)
    untranslated = [f for f in report["findings"] if f["check"] == "untranslated"]
    assert len(untranslated) >= 2
    assert all("presslate translate" in f["message"] for f in untranslated)

    result = run("publish")
    assert result.exit_code == 1, result.output
    assert "story [fr]: held back" in result.output
    assert not (workspace / "public" / "fr").exists()


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_translate_adds_back_what_the_template_has(run: Invoke, workspace: Path,
                                                   damage: Callable[[Path], None]) -> None:
    path = reviewed_workspace(workspace)
    before = {e.msgid: e.msgstr for e in load_po(path)}
    damage(path)
    result = run("translate", "--engine", "none")
    assert result.exit_code == 0, result.output
    assert "nothing to translate" not in result.output
    assert "from the template" in result.output
    catalog = load_po(path)
    assert catalog.metadata["Language"] == "fr"
    live = {e.msgid: e for e in catalog if not e.obsolete}
    assert set(live) == set(before)
    for msgid, entry in live.items():
        assert entry.msgstr in ("", before[msgid])  # what is left is kept, nothing invented
    assert live["Les dockers devant le port, lundi."].msgstr == "Les dockers devant le port, lundi."
    again = run("translate", "--engine", "none")
    assert "wrote" not in again.output  # the catalog is now whole: a second run writes nothing
    assert run("publish", "--dry-run").exit_code == 1


def test_entries_the_template_no_longer_has_are_not_part_of_the_edition(
        run: Invoke, workspace: Path) -> None:
    path = reviewed_workspace(workspace)
    text = path.read_text(encoding="utf-8")
    extra = ('\n#. body 9\nmsgctxt "body"\nmsgid "A paragraph cut from the article."\n'
             'msgstr "Un paragraphe retiré de l\'article."\n')
    path.write_text(text + extra, encoding="utf-8")
    status = json.loads(run("status", "--json").output)["catalogs"]
    [fr] = [s for s in status if s["locale"] == "fr"]
    assert fr["total"]["entries"] == 4 and fr["obsolete"]["entries"] == 1
    assert fr["percent"] == 100.0
    assert run("check", "--format", "json").exit_code == 0
    # translate keeps what a person wrote: the extra translation becomes obsolete (#~), not lost
    run("translate", "--engine", "none")
    catalog = load_po(path)
    [gone] = [e for e in catalog if e.msgid == "A paragraph cut from the article."]
    assert gone.obsolete and gone.msgstr == "Un paragraphe retiré de l'article."


def test_export_lists_the_records_segments_not_the_catalogs(run: Invoke, workspace: Path) -> None:
    path = reviewed_workspace(workspace)
    two_deleted(path)
    result = run("export", "story", "--lang", "fr", "--format", "json", "--fallback", "refuse")
    assert result.exit_code == 1, result.output
    result = run("export", "story", "--lang", "fr", "--format", "json", "--fallback", "source",
                 "--out", str(workspace / "out"))
    assert result.exit_code == 0, result.output
    data = json.loads((workspace / "out" / "fr" / "story.json").read_text(encoding="utf-8"))
    texts = json.dumps(data, ensure_ascii=False)
    assert "Harbour workers strike again" in texts and "Talks resume next week" in texts


@pytest.mark.parametrize("how", ["deleted", "emptied", "cut"])
def test_a_catalog_without_a_sound_template_is_an_error(run: Invoke, workspace: Path,
                                                        how: str) -> None:
    reviewed_workspace(workspace)
    template = Workspace.open(workspace).template_path("story")
    if how == "deleted":
        template.unlink()
    elif how == "emptied":
        template.write_bytes(b"")
    else:
        blocks = template.read_text(encoding="utf-8").split("\n\n")
        template.write_text("\n\n".join(blocks[:2]) + "\n", encoding="utf-8")
    for command in (["status"], ["check"], ["publish", "--dry-run"], ["translate", "--engine", "none"],
                    ["export", "story", "--lang", "fr"], ["compile"]):
        result = run(*command)
        assert result.exit_code == 2, (command, result.output)
        assert "story.pot" in result.output, (command, result.output)
        assert "100%" not in result.output, (command, result.output)


def test_junit_reports_each_missing_entry_once(run: Invoke, workspace: Path) -> None:
    import xml.etree.ElementTree as ET

    path = reviewed_workspace(workspace)
    two_deleted(path)
    result = run("check", "--format", "junit")
    cases = [c for c in ET.fromstring(result.output).iter("testcase")
             if c.get("name", "").endswith(" untranslated")]
    assert len(cases) == 2
    for case in cases:
        err = case.find("system-err")
        assert err is not None and err.text is not None
        assert err.text.count("missing from the catalog") == 1
