"""XLIFF 1.2 export/import round-trips translations and states."""

from __future__ import annotations

from pathlib import Path

from presslate.i18n.catalog import (
    MACHINE,
    REVIEWED,
    SOURCE,
    UNTRANSLATED,
    entry_state,
    load_po,
    save_po,
    set_machine,
    set_source_as_written,
)
from presslate.i18n.edition import open_edition
from presslate.i18n.workspace import Workspace
from tests.conftest import Invoke

ARTICLE = """Example Daily | Floods close the valley road

The road was closed on Monday after heavy rain, officials said.

Residents were told to avoid the area.

Engineers will inspect the bridge.
"""


def prepare(run: Invoke, workspace: Path, tmp_path: Path) -> Path:
    source = tmp_path / "floods.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    assert run("pull", str(source), "--slug", "floods", "--lang", "en").exit_code == 0
    ws = Workspace.open(workspace)
    # An editor says the last paragraph is French: the French catalog uses it as written.
    last = ws.load_article("floods").included[-1]
    assert run("segment", "floods", last.id, "--lang", "fr").exit_code == 0
    catalog = open_edition(ws, "floods", "fr", create=True).catalog
    entries = list(catalog)
    entries[0].msgstr = "Des inondations ferment la route"
    entries[0].tcomment = "Titre validé par la rédaction."
    set_machine(entries[1], "La route a été fermée lundi.", "apertium en→fr")
    set_source_as_written(entries[3])
    path = ws.catalog_path("floods", "fr")
    save_po(path, catalog)
    return path


def export(run: Invoke, tmp_path: Path) -> Path:
    out = tmp_path / "floods.fr.xlf"
    result = run("xliff", "export", "floods", "--lang", "fr", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_round_trip_changes_nothing(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    path = prepare(run, workspace, tmp_path)
    before = path.read_bytes()
    xlf = export(run, tmp_path)
    result = run("xliff", "import", "floods", str(xlf), "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("0 updated")
    assert path.read_bytes() == before
    states = [entry_state(e) for e in load_po(path)]
    assert states == [REVIEWED, MACHINE, UNTRANSLATED, SOURCE]


def test_states_are_readable_by_other_xliff_tools(run: Invoke, workspace: Path,
                                                  tmp_path: Path) -> None:
    from translate.storage import xliff

    prepare(run, workspace, tmp_path)
    store = xliff.xlifffile.parsefile(str(export(run, tmp_path)))  # type: ignore[no-untyped-call]
    units = [u for u in store.units if not u.isheader()]
    assert units[0].source == "Floods close the valley road"
    assert [u.isapproved() for u in units] == [True, False, False, True]
    assert [u.isfuzzy() for u in units] == [False, True, False, False]


def test_import_approves_edits_and_keeps_a_persons_translation(run: Invoke, workspace: Path,
                                                               tmp_path: Path) -> None:
    path = prepare(run, workspace, tmp_path)
    xlf = export(run, tmp_path)
    text = xlf.read_text(encoding="utf-8")
    # The translator approves a corrected MT suggestion, translates a new unit (not approved),
    # and a stale, unapproved target would replace the reviewed headline.
    text = text.replace(
        '<target state="needs-review-translation" state-qualifier="mt-suggestion">'
        "La route a été fermée lundi.</target>",
        '<target state="translated">La route a été fermée lundi après de fortes pluies.</target>')
    text = text.replace('resname="headline" approved="yes"', 'resname="headline"')
    text = text.replace('<target state="translated">Des inondations ferment la route</target>',
                        '<target state="needs-review-translation">Inondations</target>')
    text = text.replace("<source>Residents were told to avoid the area.</source>",
                        "<source>Residents were told to avoid the area.</source>"
                        '<target state="needs-review-translation">Évitez la zone.</target>')
    xlf.write_text(text, encoding="utf-8")
    result = run("xliff", "import", "floods", str(xlf), "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert "2 updated" in result.output and "1 reviewed translations kept" in result.output
    entries = list(load_po(path))
    assert (entries[0].msgstr, entry_state(entries[0])) == ("Des inondations ferment la route",
                                                            REVIEWED)
    assert entries[0].tcomment == "Titre validé par la rédaction."
    assert (entries[1].msgstr, entry_state(entries[1])) == (
        "La route a été fermée lundi après de fortes pluies.", REVIEWED)
    assert entries[2].msgstr == "Évitez la zone." and "fuzzy" in entries[2].flags


def test_malformed_xliff_is_reported_and_nothing_changes(run: Invoke, workspace: Path,
                                                         tmp_path: Path) -> None:
    path = prepare(run, workspace, tmp_path)
    before = path.read_bytes()
    bad = tmp_path / "bad.xlf"
    bad.write_text('<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n</xliff>\n',
                   encoding="utf-8")
    result = run("xliff", "import", "floods", str(bad), "--lang", "fr")
    assert result.exit_code == 2
    assert f"{bad}:4: not well-formed XML" in result.output
    assert path.read_bytes() == before


def test_a_translators_unapproved_draft_is_no_machine_suggestion(run: Invoke, workspace: Path,
                                                                 tmp_path: Path) -> None:
    """A translator rewrites an MT suggestion without approving it: the draft loses the machine
    provenance, so `translate --refresh-machine` does not replace the person's work."""
    path = prepare(run, workspace, tmp_path)
    xlf = export(run, tmp_path)
    text = xlf.read_text(encoding="utf-8").replace(
        '<target state="needs-review-translation" state-qualifier="mt-suggestion">'
        "La route a été fermée lundi.</target>",
        '<target state="needs-review-translation">La route est fermée depuis lundi.</target>')
    xlf.write_text(text, encoding="utf-8")
    assert run("xliff", "import", "floods", str(xlf), "--lang", "fr").exit_code == 0
    draft = list(load_po(path))[1]
    assert draft.msgstr == "La route est fermée depuis lundi." and "fuzzy" in draft.flags
    assert entry_state(draft) != MACHINE
    run("translate", "--to", "fr", "--engine", "tm", "--refresh-machine")
    assert list(load_po(path))[1].msgstr == "La route est fermée depuis lundi."
