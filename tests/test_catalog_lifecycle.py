"""Catalogs in a workspace: pull merges changes, status counts, compile writes MO files."""

from __future__ import annotations

import gettext
import json
import subprocess
from pathlib import Path

import pytest

from presslate.i18n.catalog import load_po, save_po, set_machine
from presslate.i18n.edition import open_edition
from presslate.i18n.workspace import Workspace
from tests.conftest import Invoke, require_tool

FIRST = """Example Daily | Floods close the valley road

The road was closed on Monday after heavy rain, officials said, and it will stay closed until \
the water level drops below the danger mark.

Residents were told to avoid the area.

Engineers will inspect the bridge.
"""
SECOND = FIRST.replace("on Monday", "on Tuesday").replace(
    "Residents were told to avoid the area.", "Schools in the valley stay shut.")


def pull(run: Invoke, tmp_path: Path, text: str) -> str:
    source = tmp_path / "floods.txt"
    source.write_text(text, encoding="utf-8")
    result = run("pull", str(source), "--slug", "floods", "--lang", "en")
    assert result.exit_code == 0, result.output
    return result.output


def translate_some(workspace: Path) -> Path:
    """A person translates the headline and the first paragraph; an engine fills another."""
    ws = Workspace.open(workspace)
    catalog = open_edition(ws, "floods", "fr", create=True).catalog
    for entry in catalog:
        if entry.msgctxt == "headline":
            entry.msgstr = "Des inondations ferment la route de la vallée"
        elif "on Monday" in entry.msgid:
            entry.msgstr = "La route a été fermée lundi après de fortes pluies."
            entry.tcomment = "Vérifier « lundi » avec la rédaction."
        elif entry.msgid.startswith("Residents"):
            set_machine(entry, "Les habitants ont été invités à éviter la zone.", "apertium en→fr")
    path = ws.catalog_path("floods", "fr")
    save_po(path, catalog)
    return path


def test_pull_merges_a_changed_article_into_every_catalog(run: Invoke, workspace: Path,
                                                          tmp_path: Path) -> None:
    pull(run, tmp_path, FIRST)
    path = translate_some(workspace)
    output = pull(run, tmp_path, SECOND)
    assert "merged into 1 catalogs: 1 fuzzy, 1 obsolete, 1 new" in output
    catalog = load_po(path)
    edited = next(e for e in catalog if not e.obsolete and "on Tuesday" in e.msgid)
    assert "fuzzy" in edited.flags and "on Monday" in (edited.previous_msgid or "")
    assert edited.msgstr == "La route a été fermée lundi après de fortes pluies."
    # The translator's comment stays; presslate notes what was approved for the old source.
    assert edited.tcomment.splitlines()[0] == "Vérifier « lundi » avec la rédaction."
    assert edited.tcomment.splitlines()[1].startswith("presslate-approved: ")
    gone = next(e for e in catalog if e.obsolete)
    assert gone.msgid == "Residents were told to avoid the area."
    headline = next(e for e in catalog if e.msgctxt == "headline")
    assert headline.msgstr and "fuzzy" not in headline.flags
    # Pulling the same article again changes nothing, byte for byte.
    before = path.read_bytes()
    assert "(unchanged)" in pull(run, tmp_path, SECOND)
    assert path.read_bytes() == before


@pytest.mark.msgfmt
def test_every_catalog_written_passes_msgfmt(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    pull(run, tmp_path, FIRST)
    translate_some(workspace)
    pull(run, tmp_path, SECOND)
    msgfmt = require_tool("msgfmt")
    files = sorted((workspace / "catalogs").rglob("*.po*"))
    assert len(files) == 2
    for path in files:
        check = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(path)],
                               capture_output=True, text=True)
        assert check.returncode == 0, (path, check.stderr)


def test_a_malformed_catalog_stops_pull_before_any_write(run: Invoke, workspace: Path,
                                                         tmp_path: Path) -> None:
    pull(run, tmp_path, FIRST)
    path = translate_some(workspace)
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    template = workspace / "catalogs" / "floods.pot"
    before = (path.read_bytes(), template.read_bytes())
    source = tmp_path / "floods.txt"
    source.write_text(SECOND, encoding="utf-8")
    result = run("pull", str(source), "--slug", "floods", "--lang", "en")
    assert result.exit_code == 2
    assert f"{path}:" in result.output
    assert (path.read_bytes(), template.read_bytes()) == before


def test_status_text_and_json(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    pull(run, tmp_path, FIRST)
    translate_some(workspace)
    result = run("status", "--json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)["catalogs"]
    assert (row["slug"], row["locale"]) == ("floods", "fr")
    assert row["total"]["entries"] == 4
    assert (row["translated"]["entries"], row["fuzzy"]["entries"], row["machine"]["entries"],
            row["untranslated"]["entries"], row["obsolete"]["entries"]) == (2, 1, 1, 1, 0)
    assert row["translated"]["words"] == 6 + 24
    assert row["percent"] == 50.0
    text = run("status", "floods", "--lang", "fr")
    assert text.exit_code == 0
    assert "floods" in text.output and "50.0%" in text.output and "1 (1)" in text.output
    pull(run, tmp_path, SECOND)
    [row] = json.loads(run("status", "--json").output)["catalogs"]
    assert (row["translated"]["entries"], row["fuzzy"]["entries"], row["machine"]["entries"],
            row["untranslated"]["entries"], row["obsolete"]["entries"]) == (1, 1, 0, 2, 1)


def test_status_lists_configured_locales_without_catalogs(run: Invoke, workspace: Path,
                                                          tmp_path: Path) -> None:
    (workspace / "presslate.toml").write_text('target_languages = ["de"]\n', encoding="utf-8")
    pull(run, tmp_path, FIRST)
    result = run("status")
    assert result.exit_code == 0, result.output
    assert "de" in result.output and "0.0%" in result.output and "no catalog yet" in result.output


def test_status_rejects_an_unknown_locale_with_a_suggestion(run: Invoke, workspace: Path,
                                                            tmp_path: Path) -> None:
    pull(run, tmp_path, FIRST)
    result = run("status", "--lang", "fr-CAA")
    assert result.exit_code == 2
    assert "unknown language code 'fr-CAA'" in result.output and "did you mean fr_CA" in result.output


@pytest.mark.msgfmt
def test_compile_writes_mo_files_without_fuzzy_entries(run: Invoke, workspace: Path,
                                                       tmp_path: Path) -> None:
    pull(run, tmp_path, FIRST)
    po_path = translate_some(workspace)
    result = run("compile")
    assert result.exit_code == 0, result.output
    mo_path = po_path.with_suffix(".mo")
    assert "catalogs/fr/LC_MESSAGES/floods.mo: 2 messages" in result.output
    # What msgunfmt reads back is what msgfmt itself would have compiled.
    reference = tmp_path / "reference.mo"
    subprocess.run([require_tool("msgfmt"), "-o", str(reference), str(po_path)], check=True)
    msgunfmt = require_tool("msgunfmt")
    ours = subprocess.run([msgunfmt, str(mo_path)], capture_output=True, text=True, check=True)
    theirs = subprocess.run([msgunfmt, str(reference)], capture_output=True, text=True, check=True)
    assert ours.stdout == theirs.stdout
    with mo_path.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.pgettext("headline", "Floods close the valley road") == \
        "Des inondations ferment la route de la vallée"
    assert translations.pgettext("body", "Residents were told to avoid the area.") == \
        "Residents were told to avoid the area."  # fuzzy: left out, as msgfmt does
    again = run("compile")
    assert "(unchanged)" in again.output


def test_compile_plural_entries(tmp_path: Path) -> None:
    from presslate.i18n.mo import build_mo
    from presslate.i18n.po import parse_po

    catalog = parse_po('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                       '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
                       'msgid "One ship"\nmsgid_plural "%d ships"\nmsgstr[0] "Un navire"\n'
                       'msgstr[1] "%d navires"\n')
    path = tmp_path / "x.mo"
    path.write_bytes(build_mo(catalog))
    with path.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    assert translations.ngettext("One ship", "%d ships", 1) == "Un navire"
    assert translations.ngettext("One ship", "%d ships", 3) == "%d navires"


@pytest.mark.shared
@pytest.mark.msgfmt
def test_template_of_the_real_article_is_what_msgcat_writes(run: Invoke, workspace: Path,
                                                            shared_article: Path) -> None:
    assert run("pull", str(shared_article), "--slug", "np").exit_code == 0
    template = workspace / "catalogs" / "np.pot"
    msgcat = subprocess.run([require_tool("msgcat"), str(template)], capture_output=True,
                            text=True, check=True)
    assert msgcat.stdout == template.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["merge"], ["status"], ["compile"], ["xliff"],
                                     ["xliff", "export"], ["xliff", "import"]],
                         ids=["merge", "status", "compile", "xliff", "xliff-export", "xliff-import"])
def test_catalog_commands_have_help_with_an_example(run: Invoke, command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_an_approved_machine_draft_whose_source_changes_is_left_for_review(
        run: Invoke, workspace: Path, tmp_path: Path) -> None:
    """A person approved a machine draft (its provenance comment stays as history); then the
    source changes: the entry is 'changed', not 'machine', and no refresh replaces it."""
    pull(run, tmp_path, FIRST)
    ws = Workspace.open(workspace)
    catalog = open_edition(ws, "floods", "fr", create=True).catalog
    entry = next(e for e in catalog if e.msgid.startswith("The road was closed"))
    set_machine(entry, "La route a été fermée lundi.", "apertium en→es→fr (test)")
    entry.flags.remove("fuzzy")  # approved by a person
    path = ws.catalog_path("floods", "fr")
    save_po(path, catalog)
    pull(run, tmp_path, SECOND)
    status = json.loads(run("status", "--lang", "fr", "--json").output)["catalogs"][0]
    assert status["fuzzy"]["entries"] == 1
    assert status["machine"]["entries"] == 0
    result = run("translate", "--to", "fr", "--engine", "tm", "--refresh-machine")
    assert result.exit_code in (0, 3), result.output
    changed = next(e for e in load_po(path) if e.msgid.startswith("The road was closed on Tuesday"))
    assert changed.msgstr == "La route a été fermée lundi."
    assert "fuzzy" in changed.flags and changed.previous_msgid


def test_a_persons_fuzzy_draft_is_not_a_machine_suggestion(run: Invoke, workspace: Path,
                                                            tmp_path: Path) -> None:
    """A translator edits a machine suggestion in Poedit and leaves it fuzzy: the provenance
    fingerprint no longer matches, the entry is a draft ('changed'), and a refresh of machine
    suggestions leaves it alone; an untouched suggestion stays 'machine'."""
    from presslate.i18n.catalog import CHANGED, MACHINE, entry_state, provenance

    pull(run, tmp_path, FIRST)
    ws = Workspace.open(workspace)
    catalog = open_edition(ws, "floods", "fr", create=True).catalog
    draft, kept = [e for e in catalog if e.msgctxt == "body"][:2]
    set_machine(draft, "La route a été fermée lundi.", "apertium en→es→fr (test)")
    set_machine(kept, "On a dit aux habitants d'éviter la zone.", "apertium en→es→fr (test)")
    assert entry_state(draft) == MACHINE and provenance(draft) == "apertium en→es→fr (test)"
    draft.msgstr = "La route est fermée depuis lundi."  # edited, still fuzzy
    path = ws.catalog_path("floods", "fr")
    save_po(path, catalog)
    entries = {e.msgid: e for e in load_po(path)}
    assert entry_state(entries[draft.msgid]) == CHANGED
    assert entry_state(entries[kept.msgid]) == MACHINE
    run("translate", "--to", "fr", "--engine", "tm", "--refresh-machine")
    assert {e.msgid: e.msgstr for e in load_po(path)}[draft.msgid] == "La route est fermée depuis lundi."
