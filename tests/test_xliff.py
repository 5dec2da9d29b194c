"""XLIFF 1.2 export/import round-trips translations and states."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    unknown_words,
)
from presslate.i18n.edition import open_edition
from presslate.i18n.workspace import Workspace
from presslate.i18n.xliff import ImportStats, XliffOptions, export_xliff, import_xliff
from tests.conftest import Invoke

Q = "{urn:oasis:names:tc:xliff:document:1.2}"
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


@pytest.mark.parametrize("approved", [False, True], ids=["draft", "approved"])
def test_an_edit_keeps_only_the_unknown_words_still_in_the_text(run: Invoke, workspace: Path,
                                                                 tmp_path: Path, approved: bool) -> None:
    """The engine did not know "closed" and "Monday" (say): the translator translates one and keeps
    the other; the entry's unknown-words comment lists only the one still in the text."""
    path = prepare(run, workspace, tmp_path)
    catalog = load_po(path)
    set_machine(catalog[1], "La route a été closed Monday.", "apertium en→fr", ("closed", "Monday"))
    save_po(path, catalog)
    xlf = export(run, tmp_path)
    assert run("xliff", "import", "floods", str(xlf), "--lang", "fr").exit_code == 0
    assert unknown_words(load_po(path)[1]) == ("closed", "Monday")  # no edit, nothing changes
    state = "translated" if approved else "needs-review-translation"
    text = xlf.read_text(encoding="utf-8").replace(
        '<target state="needs-review-translation" state-qualifier="mt-suggestion">'
        "La route a été closed Monday.</target>",
        f'<target state="{state}">La route a été fermée Monday.</target>')
    xlf.write_text(text, encoding="utf-8")
    assert run("xliff", "import", "floods", str(xlf), "--lang", "fr").exit_code == 0
    entry = load_po(path)[1]
    assert entry.msgstr == "La route a été fermée Monday."
    assert unknown_words(entry) == ("Monday",)
    assert entry.tcomment.count("presslate-unknown:") == 1
    assert ("fuzzy" in entry.flags) is not approved


# --- a file for another locale or article is refused, and nothing changes ----------------------


def export_lang(run: Invoke, tmp_path: Path, lang: str, slug: str = "floods") -> Path:
    out = tmp_path / f"{slug}.{lang}.xlf"
    result = run("xliff", "export", slug, "--lang", lang, "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_a_file_for_another_target_language_is_refused(run: Invoke, workspace: Path,
                                                       tmp_path: Path) -> None:
    path = prepare(run, workspace, tmp_path)
    assert run("translate", "floods", "--to", "es", "--engine", "none").exit_code == 0
    before = path.read_bytes()
    spanish = export_lang(run, tmp_path, "es")
    result = run("xliff", "import", "floods", str(spanish), "--lang", "fr")
    assert result.exit_code == 2, result.output
    assert str(spanish) in result.output and "'es'" in result.output and "'fr'" in result.output
    assert path.read_bytes() == before


def test_a_file_for_another_source_language_is_refused(run: Invoke, workspace: Path,
                                                       tmp_path: Path) -> None:
    path = prepare(run, workspace, tmp_path)
    before = path.read_bytes()
    xlf = export(run, tmp_path)
    xlf.write_text(xlf.read_text(encoding="utf-8").replace('source-language="en"',
                                                           'source-language="de"'),
                   encoding="utf-8")
    result = run("xliff", "import", "floods", str(xlf), "--lang", "fr")
    assert result.exit_code == 2, result.output
    assert str(xlf) in result.output and "'de'" in result.output and "'en'" in result.output
    assert path.read_bytes() == before


def test_a_file_for_another_article_is_refused(run: Invoke, workspace: Path,
                                               tmp_path: Path) -> None:
    prepare(run, workspace, tmp_path)
    other = tmp_path / "other.txt"
    other.write_text(ARTICLE.replace("valley road", "mountain pass"), encoding="utf-8")
    assert run("pull", str(other), "--slug", "other", "--lang", "en").exit_code == 0
    assert run("translate", "other", "--to", "fr", "--engine", "none").exit_code == 0
    path = workspace / "catalogs" / "fr" / "LC_MESSAGES" / "other.po"
    before = path.read_bytes()
    xlf = export(run, tmp_path)  # the floods article: its units share ids with other's
    xlf.write_text(xlf.read_text(encoding="utf-8").replace(
        '<target state="needs-review-translation" state-qualifier="mt-suggestion">'
        "La route a été fermée lundi.<",
        '<target state="translated">La route est fermée.<'), encoding="utf-8")
    result = run("xliff", "import", "other", str(xlf), "--lang", "fr")
    assert result.exit_code == 2, result.output
    assert str(xlf) in result.output and "'floods'" in result.output and "'other'" in result.output
    assert path.read_bytes() == before


def test_a_file_that_names_no_target_language_is_refused(run: Invoke, workspace: Path,
                                                         tmp_path: Path) -> None:
    path = prepare(run, workspace, tmp_path)
    before = path.read_bytes()
    xlf = export(run, tmp_path)
    xlf.write_text(xlf.read_text(encoding="utf-8").replace(' target-language="fr"', ""),
                   encoding="utf-8")
    result = run("xliff", "import", "floods", str(xlf), "--lang", "fr")
    assert result.exit_code == 2 and str(xlf) in result.output, result.output
    assert path.read_bytes() == before


# --- a round trip with no edits changes nothing ----------------------------------------------


def round_trip(ws: Workspace, tmp_path: Path, slug: str = "floods") -> ImportStats:
    xlf = tmp_path / "rt.xlf"
    xlf.write_text(export_xliff(ws, XliffOptions(slug=slug, lang="fr")), encoding="utf-8")
    ET.parse(xlf)  # well-formed XML 1.0
    return import_xliff(ws, XliffOptions(slug=slug, lang="fr"), xlf)


def test_round_trip_keeps_cr_control_characters_and_edited_as_written(
        run: Invoke, workspace: Path, tmp_path: Path) -> None:
    path = prepare(run, workspace, tmp_path)
    catalog = load_po(path)
    entries = list(catalog)
    entries[0].msgstr = "Des inondations\r\nferment la route\r"  # reviewed, with CR and CRLF
    entries[2].msgstr = "Évitez la zone \a\x1b[1m\ufffe \U0001f30a"  # reviewed, control chars
    # used as written, then edited by a person: their reviewed text from now on
    entries[3].msgstr = "Engineers will inspect the bridge!"
    save_po(path, catalog)
    before = path.read_bytes()
    assert [entry_state(e) for e in load_po(path)] == [REVIEWED, MACHINE, REVIEWED, REVIEWED]
    stats = round_trip(Workspace.open(workspace), tmp_path)
    assert (stats.updated, stats.kept_human) == (0, 0)
    assert path.read_bytes() == before
    # and the targets read back exactly, so an approval of the same text changes nothing either
    text = (tmp_path / "rt.xlf").read_text(encoding="utf-8")
    assert "&#13;" in text and 'ctype="x-presslate-char"' in text


def test_an_edited_control_character_target_is_imported_exactly(run: Invoke, workspace: Path,
                                                                tmp_path: Path) -> None:
    path = prepare(run, workspace, tmp_path)
    xlf = export(run, tmp_path)
    text = xlf.read_text(encoding="utf-8").replace(
        "<source>Residents were told to avoid the area.</source>",
        "<source>Residents were told to avoid the area.</source>"
        '<target state="translated">Bip<ph id="1" ctype="x-presslate-char">U+0007</ph>'
        "&#13;\r\nfin</target>")
    xlf.write_text(text, encoding="utf-8")
    assert run("xliff", "import", "floods", str(xlf), "--lang", "fr").exit_code == 0
    entry = list(load_po(path))[2]
    assert (entry.msgstr, entry_state(entry)) == ("Bip\a\r\nfin", REVIEWED)


def test_a_persons_draft_is_exported_as_a_draft_not_as_machine(run: Invoke, workspace: Path,
                                                               tmp_path: Path) -> None:
    """A suggestion edited with polib (which wraps the provenance comment) is a person's draft:
    no mt-suggestion qualifier, no machine note."""
    import polib

    path = prepare(run, workspace, tmp_path)
    po = polib.pofile(str(path), wrapwidth=30)
    po[1].msgstr = "La route est fermée depuis lundi."
    po.save()
    unit = list(ET.parse(export(run, tmp_path)).getroot().iter(f"{Q}trans-unit"))[1]
    target = unit.find(f"{Q}target")
    assert target is not None and target.get("state") == "needs-review-translation"
    assert target.get("state-qualifier") is None
    notes = {n.get("from"): n.text for n in unit.iter(f"{Q}note")}
    assert "machine" not in notes
    assert "a person's draft" in (notes.get("presslate") or "")


def test_round_trip_of_every_state_and_odd_text_is_byte_identical(workspace: Path,
                                                                  tmp_path: Path) -> None:
    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.tuples(STATE, TEXT, TEXT, st.sampled_from([None, "body", "caption"])),
                    min_size=1, max_size=8, unique_by=lambda t: (t[3], t[1])))
    def check(items: list[tuple[str, str, str, str | None]]) -> None:
        # The XLIFF layer itself, on any catalog (the workspace path is tested above).
        from presslate.i18n.po import format_po, parse_po
        from presslate.i18n.xliff import apply_xliff, build_xliff, parse_xliff

        before = format_po(build_catalog(items))
        catalog = parse_po(before)
        text = build_xliff(catalog, slug="floods", source_lang="en", target_lang="fr")
        ET.fromstring(text.encode("utf-8"))  # well-formed XML 1.0
        stats = apply_xliff(catalog, parse_xliff(text, path="rt.xlf"), path="rt.xlf")
        assert stats.updated == 0 and stats.kept_human == 0
        assert format_po(catalog) == before

    check()


ODD = st.sampled_from(["\r", "\r\n", "\n", "\a", "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b",
                       "\x1f", "\x7f", "\x85", "\t", "\ufffe", "\uffff", "\U0001f30a", "𝔘",
                       "<b>", "</target>", "&amp;", "<a1>", "</a1>", "<em>", "</em>", "<br/>",
                       "&lt;", '<a1 href="https://x.example/?a=1&amp;b=2">', "&#13;", "]]>", '"',
                       "'", "\\", " ", "  ",
                       "<ph id=\"1\" ctype=\"x-presslate-char\">U+0007</ph>", "\u2028", "\u200f"])
TEXT = st.lists(st.one_of(ODD, st.text(st.characters(codec="utf-8"),
                                       max_size=8)),
                min_size=1, max_size=8).map("".join).filter(bool)
STATE = st.sampled_from(["untranslated", "machine", "draft", "changed", "reviewed",
                         "reviewed-history", "source", "source-edited", "person-fuzzy",
                         "obsolete", "plural"])


def build_catalog(items: list[tuple[str, str, str, str | None]]) -> Any:
    import polib

    po = polib.POFile(wrapwidth=79)
    po.metadata = {"Language": "fr", "MIME-Version": "1.0",
                   "Content-Type": "text/plain; charset=UTF-8",
                   "Content-Transfer-Encoding": "8bit",
                   "Plural-Forms": "nplurals=2; plural=(n > 1);"}
    for state, msgid, text, ctxt in items:
        entry = polib.POEntry(msgctxt=ctxt, msgid=msgid, msgstr="")
        if state in ("machine", "draft", "reviewed-history"):
            set_machine(entry, text, "apertium en→es→fr (eng-spa 0.8.1-2, es-fr 0.9.4-1)")
        if state == "draft":
            entry.msgstr = text + " (revu)"
        elif state == "reviewed-history":
            entry.flags.remove("fuzzy")
        elif state == "changed":
            entry.msgstr, entry.flags, entry.previous_msgid = text, ["fuzzy"], msgid + " old"
        elif state == "reviewed":
            entry.msgstr = text
        elif state in ("source", "source-edited"):
            set_source_as_written(entry)
            if state == "source-edited":
                entry.msgstr = text
        elif state == "person-fuzzy":
            entry.msgstr, entry.flags = text, ["fuzzy"]
        elif state == "obsolete":
            entry.msgstr, entry.obsolete = text, True
        elif state == "plural":
            entry.msgid_plural = msgid + "s"
            entry.msgstr_plural = {0: text, 1: text + "s"}
        po.append(entry)
    return po
