"""An entry is a machine suggestion only when presslate can prove it; anything else is a person's.

Other tools rewrite catalogs: polib and textwrap wrap long translator comments at their own
width, ``msgcat -w N`` rewraps strings, editors turn line ends into CRLF or leave trailing
spaces. Whatever they do, the set of machine-owned entries stays the same, and an entry whose
text a person edited (and left ``fuzzy``) is never machine-owned, so no ``--refresh-machine``
replaces it.
"""

from __future__ import annotations

import html
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presslate.i18n.catalog import (
    CHANGED,
    MACHINE,
    REVIEWED,
    entry_state,
    load_po,
    provenance,
    save_po,
    set_machine,
)
from tests.conftest import Invoke, require_tool

LONG_NOTES = (
    "apertium en→es→fr (eng-spa 0.8.1-2, es-fr 0.9.4-1)",
    "argos en→es→fr (translate-en_es-1.0 + translate-es_fr-1.0)",
    "tm 93% match (reviewed in harbour-strike-follow-up-with-a-rather-long-slug)",
    "apertium fr→es (fr-es 0.9.4-1)",
)

Key = tuple[str | None, str]


def new_po() -> polib.POFile:
    po = polib.POFile(wrapwidth=79)
    po.metadata = {"Language": "fr", "MIME-Version": "1.0",
                   "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit"}
    return po


def machine_catalog(path: Path) -> set[Key]:
    """A catalog with machine suggestions (long provenance notes), a person's draft, a reviewed
    entry whose provenance is history, and an untranslated entry; returns the machine keys."""
    po = new_po()
    for n, note in enumerate(LONG_NOTES):
        entry = polib.POEntry(msgctxt="body", msgid=f"Paragraph {n} of the article, in English.",
                              msgstr="")
        set_machine(entry, f"Paragraphe {n} de l'article, traduit par une machine.", note)
        po.append(entry)
    draft = polib.POEntry(msgctxt="caption", msgid="A caption.", msgstr="")
    set_machine(draft, "Une légende.", LONG_NOTES[0])
    draft.msgstr = "Une légende écrite par une personne."
    po.append(draft)
    approved = polib.POEntry(msgctxt="headline", msgid="Floods close the road", msgstr="")
    set_machine(approved, "Des inondations ferment la route", LONG_NOTES[1])
    approved.flags.remove("fuzzy")
    po.append(approved)
    po.append(polib.POEntry(msgctxt="body", msgid="Not yet translated.", msgstr=""))
    save_po(path, po)
    return {(e.msgctxt, e.msgid) for e in po if entry_state(e) == MACHINE}


def machine_keys(path: Path) -> set[Key]:
    return {(e.msgctxt, e.msgid) for e in load_po(path) if entry_state(e) == MACHINE}


def polib_save(width: int, edits: dict[Key, str] | None = None) -> Callable[[Path], None]:
    def rewrite(path: Path) -> None:
        po = polib.pofile(str(path), wrapwidth=width)
        for entry in po:
            if edits and (entry.msgctxt, entry.msgid) in edits:
                entry.msgstr = edits[(entry.msgctxt, entry.msgid)]
        po.save()
    return rewrite


def msgcat(*options: str) -> Callable[[Path], None]:
    def rewrite(path: Path) -> None:
        subprocess.run([require_tool("msgcat"), *options, "-o", str(path), str(path)], check=True,
                       capture_output=True)
    return rewrite


def crlf(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))


def trailing_spaces(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(ln + "  " if ln.startswith("#") else ln for ln in lines),
                    encoding="utf-8")


REWRITES = {
    **{f"polib-{w}": polib_save(w) for w in (12, 20, 30, 50, 78, 120)},
    **{f"msgcat-w{w}": msgcat("-w", str(w)) for w in (10, 30, 79)},
    "msgcat-no-wrap": msgcat("--no-wrap"),
    "crlf": crlf,
    "trailing-spaces": trailing_spaces,
}


@pytest.mark.msgfmt
@pytest.mark.parametrize("tool", list(REWRITES), ids=list(REWRITES))
def test_a_rewrite_by_another_tool_keeps_the_machine_entries(tmp_path: Path, tool: str) -> None:
    path = tmp_path / "c.po"
    expected = machine_catalog(path)
    assert len(expected) == len(LONG_NOTES)
    REWRITES[tool](path)
    assert machine_keys(path) == expected
    notes = {provenance(e) for e in load_po(path) if entry_state(e) == MACHINE}
    assert notes == set(LONG_NOTES)


@pytest.mark.parametrize("width", [12, 20, 30, 50, 78, 120])
def test_a_suggestion_edited_with_polib_is_a_persons_draft(tmp_path: Path, width: int) -> None:
    """The translator edits one suggestion with polib and leaves it fuzzy: polib wraps the
    provenance comment and the fingerprint lands on a line of its own; the entry is a draft."""
    path = tmp_path / "c.po"
    expected = machine_catalog(path)
    edited = sorted(expected)[0]
    polib_save(width, {edited: "Un paragraphe réécrit par la traductrice."})(path)
    entries = {(e.msgctxt, e.msgid): e for e in load_po(path)}
    assert entry_state(entries[edited]) == CHANGED
    assert machine_keys(path) == expected - {edited}


def entry_with_comment(comment: str, msgstr: str = "Une légende.") -> polib.POEntry:
    entry = polib.POEntry(msgctxt="caption", msgid="A caption.", msgstr=msgstr, flags=["fuzzy"])
    entry.tcomment = comment
    return entry


def test_without_a_readable_fingerprint_a_suggestion_is_a_persons() -> None:
    proper = polib.POEntry(msgctxt="caption", msgid="A caption.", msgstr="")
    set_machine(proper, "Une légende.", "apertium en→fr")
    assert entry_state(proper) == MACHINE
    good = proper.tcomment
    assert good.startswith("presslate-mt: apertium en→fr [mt:") and good.endswith("]")
    for comment in (
        "presslate-mt: apertium en→fr",  # no fingerprint (by hand, or an older presslate)
        good[:-2] + "]",  # one digit lost
        good[:-10] + "zzzzzzzz]",  # not hex
        good[:-3] + ("0" if good[-3] != "0" else "1") + good[-2:],  # one digit changed
        good + " checked",  # something after it
        good.replace("presslate-mt:", "presslate-mt"),
    ):
        assert entry_state(entry_with_comment(comment)) == CHANGED, comment


def test_a_provenance_comment_copied_onto_another_entry_proves_nothing() -> None:
    """Same translation, same comment, but another source: the fingerprint covers the source."""
    machine = polib.POEntry(msgctxt="caption", msgid="A caption.", msgstr="")
    set_machine(machine, "Une légende.", "apertium en→fr")
    copy = polib.POEntry(msgctxt="caption", msgid="Another caption.", msgstr="Une légende.",
                         flags=["fuzzy"], tcomment=machine.tcomment)
    other_kind = polib.POEntry(msgctxt="body", msgid="A caption.", msgstr="Une légende.",
                               flags=["fuzzy"], tcomment=machine.tcomment)
    assert entry_state(machine) == MACHINE
    assert entry_state(copy) == CHANGED
    assert entry_state(other_kind) == CHANGED


def test_a_refresh_replaces_the_whole_wrapped_provenance(tmp_path: Path) -> None:
    """A wrapped provenance comment is one comment: replacing the suggestion leaves no piece
    of the old one behind, and a person's own comment stays."""
    path = tmp_path / "c.po"
    machine_catalog(path)
    po = polib.pofile(str(path), wrapwidth=30)
    po[0].tcomment = "Vérifier le nom du maire.\n" + po[0].tcomment
    po.save()
    entry = load_po(path)[0]
    assert entry_state(entry) == MACHINE
    assert len(entry.tcomment.splitlines()) > 2
    set_machine(entry, "Un autre texte.", "apertium en→fr")
    assert entry.tcomment.splitlines()[0] == "Vérifier le nom du maire."
    assert len(entry.tcomment.splitlines()) == 2 and entry_state(entry) == MACHINE


# --- the property: any rewrap by these tools keeps the set, edits are never machine's -------

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
               min_size=1, max_size=60).filter(lambda s: s.strip() == s and s)
NOTE = st.one_of(st.sampled_from(LONG_NOTES),
                 st.lists(st.text("abcdefghijklmnopqrstuvwxyz0123456789→-_.,()+%é", min_size=1,
                                  max_size=18), min_size=1, max_size=12).map(" ".join))
TOOLS = st.sampled_from([name for name in REWRITES if name not in ("crlf", "trailing-spaces")])


@pytest.mark.msgfmt
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    items=st.lists(st.tuples(TEXT, TEXT, NOTE), min_size=1, max_size=6, unique_by=lambda t: t[0]),
    tools=st.lists(TOOLS, min_size=1, max_size=3),
    edit_width=st.sampled_from([15, 40, 78, 200]),
    edited=st.sets(st.integers(0, 5), max_size=3),
    finish=st.sampled_from(["", "crlf", "trailing-spaces"]),
)
def test_rewraps_keep_the_machine_set_and_edits_are_a_persons(
        tmp_path: Path, items: list[tuple[str, str, str]], tools: list[str], edit_width: int,
        edited: set[int], finish: str) -> None:
    path = tmp_path / "p.po"
    po = new_po()
    for msgid, text, note in items:
        entry = polib.POEntry(msgctxt="body", msgid=msgid, msgstr="")
        set_machine(entry, text, note)
        po.append(entry)
    save_po(path, po)
    expected = machine_keys(path)
    assert expected == {("body", msgid) for msgid, _, _ in items}
    edits: dict[Key, str] = {("body", items[i][0]): items[i][1] + " (revu)"
                             for i in edited if i < len(items)}
    for name in tools:
        REWRITES[name](path)
    polib_save(edit_width, edits)(path)
    if finish:
        REWRITES[finish](path)
    assert machine_keys(path) == expected - set(edits)
    states = {(e.msgctxt, e.msgid): entry_state(e) for e in load_po(path)}
    assert all(states[key] == CHANGED for key in edits)


# --- end to end: Apertium, polib, --refresh-machine --------------------------------------------

ARTICLE = """Example Daily | Floods close the valley road

The road was closed on Monday after heavy rain, officials said.

Residents were told to avoid the area until engineers have inspected the old stone bridge.
"""


@pytest.mark.apertium
@pytest.mark.parametrize("width", [40, 78])
def test_refresh_machine_keeps_a_draft_written_with_polib(run: Invoke, workspace: Path,
                                                          tmp_path: Path, width: int) -> None:
    require_tool("apertium")
    source = tmp_path / "floods.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    assert run("pull", str(source), "--slug", "floods", "--lang", "en").exit_code == 0
    result = run("translate", "floods", "--to", "fr", "--engine", "apertium")
    assert result.exit_code == 0, result.output
    path = workspace / "catalogs" / "fr" / "LC_MESSAGES" / "floods.po"
    po = polib.pofile(str(path), wrapwidth=width)
    draft = next(e for e in po if e.msgid.startswith("Residents"))
    assert "fuzzy" in draft.flags
    draft.msgstr = "On a demandé aux habitants d'éviter le secteur."
    po.save()
    split = [ln for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.startswith("# presslate-mt:") and "[mt:" not in ln]
    assert split  # polib wrapped the provenance comments: the fingerprints are on other lines
    result = run("translate", "floods", "--to", "fr", "--engine", "apertium", "--refresh-machine")
    assert result.exit_code == 0, result.output
    after = {e.msgid: e for e in load_po(path)}
    kept = after[draft.msgid]
    assert kept.msgstr == "On a demandé aux habitants d'éviter le secteur."
    assert entry_state(kept) == CHANGED
    review = run("review", "floods", "--lang", "fr", "--out", str(tmp_path / "r.html"), "--no-checks")
    assert review.exit_code == 0, review.output
    page = html.unescape((tmp_path / "r.html").read_text(encoding="utf-8"))
    row = page[page.index("On a demandé aux habitants"):]
    row = row[:row.index("</tr>")]
    assert '<span class="label">person\'s draft</span>' in row
    assert "edited from a machine suggestion: apertium en→ca→fr" in row
    others = [e for e in after.values() if e.msgid != draft.msgid and e.msgstr]
    assert others and all(entry_state(e) in (MACHINE, REVIEWED) for e in others if e.fuzzy)
