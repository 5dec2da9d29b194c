"""Notes for the translator beside each entry, as extracted comments presslate owns:
glossary terms of the source with their required translation, close translation-memory
matches with their score. Written afresh by translate and pull, kept by the other commands,
never mixed with a person's comments, and still presslate's after polib or msgcat rewrote
the catalog."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presslate.i18n.catalog import load_po
from presslate.i18n.notes import notes_of, split_notes

from .conftest import EXAMPLES, Invoke, require_tool
from .qa.catalogs import E, write_article

GLOSSARY = ("term,source,target,translation\n"
            "cabinet,en,fr,conseil des ministres\n"
            "S-300,,,\n")
CLOSE = "The cabinet met on Tuesday to discuss the budget."
MACHINE = "The S-300 system was delivered to the army."
EXACT = "Talks between the two sides resume on Wednesday."
REVIEWED = "A reviewed line about the cabinet."
EARLIER = {"fr": [
    E("The cabinet met on Monday to discuss the budget.",
      "Le conseil des ministres s'est réuni lundi pour discuter du budget."),
    E(EXACT, "Les négociations entre les deux parties reprennent mercredi."),
]}
STORY = {"fr": [
    E(CLOSE, ""),
    E(MACHINE, "Le système S-300 a été livré à l'armée.", state="machine"),
    E(EXACT, ""),
    E(REVIEWED, "Une ligne relue sur le conseil des ministres."),
]}


def story_po(workspace: Path) -> Path:
    return workspace / "catalogs" / "fr" / "LC_MESSAGES" / "story.po"


def entries(path: Path) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in load_po(path) if e.msgid and not e.obsolete}


@pytest.fixture
def noted(workspace: Path, run: Invoke) -> Path:
    (workspace / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    (workspace / "presslate.toml").write_text('glossary = "glossary.csv"\n', encoding="utf-8")
    write_article(workspace, "earlier", EARLIER)
    write_article(workspace, "story", STORY)
    po = load_po(story_po(workspace))
    po.find(CLOSE, msgctxt="body").tcomment = "ask the desk about the date"  # a person's comment
    po.save(str(story_po(workspace)))
    result = run("translate", "story", "--to", "fr", "--engine", "none")
    assert result.exit_code == 0, result.output
    return workspace


def test_translate_writes_glossary_and_memory_notes(noted: Path, run: Invoke) -> None:
    found = entries(story_po(noted))
    from rapidfuzz import fuzz

    score = int(fuzz.ratio(CLOSE, "The cabinet met on Monday to discuss the budget."))
    assert score == 92
    assert notes_of(found[CLOSE]) == [
        "glossary: cabinet → conseil des ministres",
        f"memory {score}%: The cabinet met on Monday to discuss the budget. → Le conseil des ministres "
        "s'est réuni lundi pour discuter du budget. (earlier)",
    ]
    assert notes_of(found[MACHINE]) == ["glossary: S-300 → S-300 (do not translate)"]
    assert notes_of(found[EXACT]) == [
        "memory 100%: Talks between the two sides resume on Wednesday. → Les négociations entre "
        "les deux parties reprennent mercredi. (earlier)"]
    # reviewed: the glossary still shows, no memory suggestions
    assert notes_of(found[REVIEWED]) == ["glossary: cabinet → conseil des ministres"]
    # filled from the memory: its provenance says so, no memory note repeats it
    assert run("translate", "story", "--to", "fr", "--engine", "tm").exit_code == 0
    filled = entries(story_po(noted))
    assert filled[EXACT].msgstr == "Les négociations entre les deux parties reprennent mercredi."
    assert filled[CLOSE].msgstr.startswith("Le conseil des ministres")  # a close match, fuzzy
    assert notes_of(filled[EXACT]) == []
    assert notes_of(filled[CLOSE]) == ["glossary: cabinet → conseil des ministres"]
    # the template's lines come first; a person's comment is untouched and holds no note
    assert split_notes(found[CLOSE].comment)[0] == ["body 1", "lang: en (detected, confidence 1.00)"]
    assert found[CLOSE].tcomment == "ask the desk about the date"
    text = story_po(noted).read_text(encoding="utf-8")
    assert "#. glossary: cabinet → conseil des ministres\n" in text
    assert "# glossary" not in text and "# memory" not in text


def _polib(width: int) -> Callable[[Path], None]:
    def rewrite(path: Path) -> None:
        po = polib.pofile(str(path), wrapwidth=width)
        po.save()
    return rewrite


def _msgcat(*options: str) -> Callable[[Path], None]:
    def rewrite(path: Path) -> None:
        subprocess.run([require_tool("msgcat"), *options, "-o", str(path), str(path)], check=True,
                       capture_output=True)
    return rewrite


REWRITES = {
    **{f"polib-{w}": _polib(w) for w in (12, 30, 78)},
    **{f"msgcat-w{w}": _msgcat("-w", str(w)) for w in (10, 79)},
    "msgcat-no-wrap": _msgcat("--no-wrap"),
}


@pytest.mark.msgfmt
@pytest.mark.parametrize("tool", list(REWRITES), ids=list(REWRITES))
def test_notes_stay_presslate_s_after_another_tool_rewrites_the_catalog(
        noted: Path, run: Invoke, tool: str) -> None:
    path = story_po(noted)
    before = {msgid: notes_of(e) for msgid, e in entries(path).items()}
    REWRITES[tool](path)
    # a command that does not write notes keeps them as read (maybe wrapped), never doubled
    assert run("approve", "story", "--lang", "fr", "--all-checked").exit_code == 0
    after_approve = entries(path)
    assert after_approve[REVIEWED].tcomment == "" and after_approve[CLOSE].tcomment.startswith("ask")
    assert " ".join(notes_of(after_approve[REVIEWED])) == " ".join(before[REVIEWED])
    # translate writes them afresh: the same notes, once, whatever the tool did
    assert run("translate", "story", "--to", "fr", "--engine", "none").exit_code == 0
    again = entries(path)
    assert notes_of(again[REVIEWED]) == before[REVIEWED]
    assert notes_of(again[MACHINE]) == before[MACHINE]  # approved now: no memory note added
    assert notes_of(again[CLOSE]) == before[CLOSE]
    assert all(e.comment.count("glossary:") <= 1 for e in again.values())


@pytest.mark.msgfmt
def test_gnu_msgcat_prints_the_notes_as_presslate_writes_them(noted: Path, tmp_path: Path) -> None:
    out = tmp_path / "cat.po"
    subprocess.run([require_tool("msgcat"), "-o", str(out), str(story_po(noted))], check=True)
    assert out.read_bytes() == story_po(noted).read_bytes()


def test_notes_follow_the_glossary_and_the_memory_on_the_next_translate(noted: Path,
                                                                         run: Invoke) -> None:
    (noted / "glossary.csv").write_text(GLOSSARY + "budget,en,fr,budget de l'État\n",
                                        encoding="utf-8")
    earlier = noted / "catalogs" / "fr" / "LC_MESSAGES" / "earlier.po"
    po = load_po(earlier)
    po.find("The cabinet met on Monday to discuss the budget.", msgctxt="body").flags.append("fuzzy")
    po.save(str(earlier))  # no longer reviewed: no longer a memory
    assert run("translate", "story", "--to", "fr", "--engine", "none").exit_code == 0
    assert notes_of(entries(story_po(noted))[CLOSE]) == [
        "glossary: cabinet → conseil des ministres", "glossary: budget → budget de l'État"]


def test_pull_writes_the_notes_afresh(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    shutil.copy(EXAMPLES / "scrape-harbour-strike.txt", source)
    assert run("pull", str(source), "--slug", "hs").exit_code == 0
    assert run("translate", "--to", "fr", "--engine", "none").exit_code == 0
    path = workspace / "catalogs" / "fr" / "LC_MESSAGES" / "hs.po"
    assert "#. glossary:" not in path.read_text(encoding="utf-8")
    (workspace / "glossary.csv").write_text("term,source,target,translation\n"
                                            "container,en,fr,conteneur\n", encoding="utf-8")
    (workspace / "presslate.toml").write_text('glossary = "glossary.csv"\n', encoding="utf-8")
    result = run("pull", str(source), "--slug", "hs")
    assert result.exit_code == 0, result.output
    noted = [e for e in load_po(path) if "glossary: container → conteneur" in notes_of(e)]
    assert noted and all("container" in e.msgid for e in noted)
    # pulling the same article again writes the same notes: nothing changes
    before = path.read_bytes()
    assert "(unchanged)" in run("pull", str(source), "--slug", "hs").output
    assert path.read_bytes() == before


def test_memory_notes_come_from_other_articles_only(noted: Path, run: Invoke) -> None:
    """An article's own entries move as its template changes; its notes would not be the
    same from one pull to the next if they were its memory."""
    write_article(noted, "own", {"fr": [
        E("The cabinet met on Friday to discuss the budget.",
          "Le conseil des ministres s'est réuni vendredi pour discuter du budget."),
        E(CLOSE, ""),
    ]})
    assert run("translate", "own", "--to", "fr", "--engine", "none").exit_code == 0
    path = noted / "catalogs" / "fr" / "LC_MESSAGES" / "own.po"
    memory = [line for line in notes_of(entries(path)[CLOSE]) if line.startswith("memory")]
    assert [line.rsplit(" ", 1)[1] for line in memory] == ["(earlier)"]


WORD = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=12)
SENTENCE = st.lists(WORD, min_size=1, max_size=14).map(" ".join)


@settings(max_examples=80, deadline=None)
@given(glossary=st.lists(st.tuples(SENTENCE, SENTENCE), max_size=3),
       memory=st.lists(st.tuples(st.integers(75, 100), SENTENCE, SENTENCE, WORD), max_size=3),
       width=st.integers(12, 140))
def test_notes_read_back_whole_however_polib_wraps_them(
        glossary: list[tuple[str, str]], memory: list[tuple[int, str, str, str]], width: int) -> None:
    """Whatever polib's width, the notes read back are the notes written (joined), the
    template's lines are never taken for notes, and writing them afresh leaves one copy."""
    from presslate.i18n.notes import set_notes

    notes = [f"glossary: {term} → {required}" for term, required in glossary]
    notes += [f"memory {score}%: {source} → {target} ({slug})" for score, source, target, slug in memory]
    template = ["body 3, 7", "lang: en (detected, confidence 0.85)"]
    entry = polib.POEntry(msgctxt="body", msgid="Some text.", msgstr="", comment="\n".join(template))
    assert set_notes(entry, notes) == bool(notes)
    po = polib.POFile(wrapwidth=width)
    po.append(entry)
    back = polib.pofile(str(po), wrapwidth=width)[0]
    own, found = split_notes(back.comment)
    assert " ".join(found).split() == " ".join(notes).split()
    assert " ".join(own).split() == " ".join(template).split()
    set_notes(back, notes)  # written afresh
    assert split_notes(back.comment)[1] == notes
    assert set_notes(back, notes) is False
