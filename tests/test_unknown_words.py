"""The source words an engine did not know reach the translator: one translator comment per
machine entry (``# presslate-unknown: downing, snag``), read however other tools rewrote it,
replaced when the entry is filled again, pruned when a person changes the text; the summary
counts them once per segment; the ``unknown_words`` check warns when an approved translation
still holds one."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from presslate.i18n.catalog import (
    MACHINE,
    UNKNOWN_MAX_LENGTH,
    entry_state,
    load_po,
    prune_unknown,
    save_po,
    set_machine,
    set_source_as_written,
    unknown_comment,
    unknown_words,
)
from presslate.i18n.engines.apertium import ApertiumEngine
from presslate.i18n.engines.base import find_route

from .conftest import Invoke, require_tool
from .support.articles import add_article
from .test_machine_ownership import REWRITES, new_po

NOTE = "apertium en→es→fr (eng-spa 0.8.1-2, es-fr 0.9.4-1)"
WORDS = ("downing", "snag", "serviceman", "well-known", "Bakhmut", "O'Doherty", "x-ray",
         "grandstanding", "kerfuffle", "brouhaha")


def machine_entry(words: tuple[str, ...] = WORDS, msgid: str = "The downing was a snag.") -> polib.POEntry:
    entry = polib.POEntry(msgctxt="body", msgid=msgid, msgstr="")
    set_machine(entry, "Le downing était un snag.", NOTE, words)
    return entry


def test_the_comment_is_one_short_line_with_the_first_words() -> None:
    line = unknown_comment(WORDS)
    assert line.startswith("presslate-unknown: downing, snag, serviceman, well-known")
    assert line.endswith(" more") and len("# " + line) <= UNKNOWN_MAX_LENGTH
    assert unknown_comment(["downing", "snag"]) == "presslate-unknown: downing, snag"
    assert unknown_comment([]) == ""
    assert unknown_comment(["x" * 100]) == "presslate-unknown: " + "x" * 100  # one word always shown


def test_set_machine_writes_it_after_the_provenance_and_refilling_replaces_it() -> None:
    entry = machine_entry()
    lines = entry.tcomment.splitlines()
    assert lines[0].startswith("presslate-mt: ") and lines[1].startswith("presslate-unknown: ")
    assert entry_state(entry) == MACHINE
    shown = unknown_words(entry)
    assert shown == WORDS[:len(shown)] and len(shown) >= 4
    entry.tcomment = "Vérifier le nom du maire.\n" + entry.tcomment
    set_machine(entry, "La chute était un problème.", NOTE, ("snag",))
    assert unknown_words(entry) == ("snag",)
    assert entry.tcomment.count("presslate-unknown:") == 1
    assert entry.tcomment.splitlines()[0] == "Vérifier le nom du maire."
    set_machine(entry, "La chute était un problème.", "tm exact match (reviewed in other)")
    assert unknown_words(entry) == () and "presslate-unknown" not in entry.tcomment
    assert entry_state(entry) == MACHINE


def test_used_as_written_drops_it() -> None:
    entry = machine_entry()
    set_source_as_written(entry)
    assert unknown_words(entry) == () and "presslate-unknown" not in entry.tcomment


def test_a_persons_edit_keeps_only_the_words_still_in_the_text() -> None:
    entry = machine_entry(("downing", "snag"))
    entry.msgstr = "La destruction était un snag."
    prune_unknown(entry)
    assert unknown_words(entry) == ("snag",)
    entry.msgstr = "La destruction était un problème."
    prune_unknown(entry)
    assert "presslate-unknown" not in entry.tcomment
    assert entry.tcomment.startswith("presslate-mt: ")


@pytest.mark.msgfmt
@pytest.mark.parametrize("tool", list(REWRITES), ids=list(REWRITES))
def test_read_the_same_after_another_tool_rewrote_the_catalog(tmp_path: Path, tool: str) -> None:
    """polib at narrow widths wraps the comment (after a comma, or a word's hyphen); msgcat,
    CRLF and trailing spaces: the words read back are the ones written, and nothing else."""
    path = tmp_path / "c.po"
    po = new_po()
    po.append(machine_entry())
    second = machine_entry(("snag",), msgid="A snag.")
    second.tcomment = second.tcomment + "\nCheck with the desk, please."
    po.append(second)
    save_po(path, po)
    written = [unknown_words(e) for e in load_po(path)]
    REWRITES[tool](path)
    entries = list(load_po(path))
    assert [unknown_words(e) for e in entries] == written
    assert all(entry_state(e) == MACHINE for e in entries)
    set_machine(entries[0], "Autre.", NOTE, ("kerfuffle",))  # refilled after the rewrap: no leftovers
    assert unknown_words(entries[0]) == ("kerfuffle",)
    assert len(entries[0].tcomment.splitlines()) == 2


# --- through Apertium ---------------------------------------------------------------------

SENTENCE = "The downing of the plane was a snag for the serviceman in Bakhmut."


@pytest.mark.apertium
def test_a_pivot_route_lists_the_source_words_once_not_once_per_hop() -> None:
    """en→es→fr: the second hop marks the same words again, and Spanish words of its own; only
    the source words the engine did not know are kept, each once."""
    require_tool("apertium")
    engine = ApertiumEngine()
    route = find_route("apertium", engine.hops(), "en", "fr", ["es"])
    assert route is not None and len(route.hops) == 2
    out = engine.translate(route, [SENTENCE, "The snag, the snag and the snag."])
    assert out[0].unknown == ("downing", "snag", "serviceman", "Bakhmut")
    assert out[0].unknown_words == 4
    assert out[1].unknown == ("snag",)


@pytest.mark.apertium
def test_translate_lists_them_and_check_warns_once_approved(run: Invoke, workspace: Path) -> None:
    require_tool("apertium")
    add_article(workspace, "jet", [("headline", "The plane was lost", "en"), ("body", SENTENCE, "en")])
    result = run("translate", "--to", "fr", "--engine", "apertium")
    assert result.exit_code == 0, result.output
    assert ("unknown words: 4 in 1 segment (downing, snag, serviceman, Bakhmut), listed on each "
            "entry (# presslate-unknown:)") in result.output
    path = workspace / "catalogs" / "fr" / "LC_MESSAGES" / "jet.po"
    assert "# presslate-unknown: downing, snag, serviceman, Bakhmut\n" in path.read_text(encoding="utf-8")

    # a machine suggestion awaiting review is the fuzzy check's business, not this one's
    assert flagged(run) == []

    po = polib.pofile(str(path))  # the translator approves it as it is (Poedit: not fuzzy)
    body = next(e for e in po if e.msgid == SENTENCE)
    body.flags.remove("fuzzy")
    po.save()
    found = flagged(run)
    assert sorted(f["message"].split("'")[1] for f in found) == ["downing", "serviceman", "snag"]
    assert all(f["severity"] == "warning" for f in found)  # Bakhmut, a name, is not flagged

    body.msgstr = "La destruction de l'avion était un problème pour le militaire à Bakhmut."
    po.save()
    assert flagged(run) == []

    body.msgstr = "Le downing de l'avion était un problème pour le militaire à Bakhmut."
    po.save()
    assert [f["message"].split("'")[1] for f in flagged(run)] == ["downing"]
    body.flags.append("presslate-no-unknown-words")
    po.save()
    assert flagged(run) == []


def flagged(run: Invoke) -> list[dict[str, str]]:
    result = run("check", "--format", "json")
    assert result.exit_code == 0, result.output  # warnings only
    return [f for f in json.loads(result.output)["findings"] if f["check"] == "unknown_words"]
