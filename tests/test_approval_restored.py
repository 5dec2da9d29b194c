"""An approval survives a source that changes and changes back: when a headline is corrected
and the correction is then undone, the translation a person approved for that very headline is
approved again; anything a person did in between (a new draft, an approval of the other text)
is respected, and no other tool's rewrap can fake an approval."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presslate.i18n.catalog import APPROVED_PREFIX, approval_holds, load_po, note_approval
from presslate.i18n.workspace import Workspace
from tests.conftest import Invoke, require_tool

THIRD = "Harbour workers strike for the third time"
FOURTH = "Harbour workers strike for the fourth time"
APPROVED = "Les dockers en grève pour la troisième fois"


def pull(run: Invoke, tmp_path: Path, headline: str) -> str:
    source = tmp_path / "story.json"
    source.write_text(json.dumps({
        "headline": headline, "lang": "en",
        "body": ["The strike began at 6am and 1,200 workers joined it."]}), encoding="utf-8")
    result = run("pull", str(source), "--slug", "story")
    assert result.exit_code == 0, result.output
    return result.output


def catalog_path(workspace: Path) -> Path:
    return Workspace.open(workspace).catalog_path("story", "fr")


def headline(workspace: Path) -> Any:
    [found] = [e for e in load_po(catalog_path(workspace))
               if e.msgctxt == "headline" and not e.obsolete]
    return found


def edit(workspace: Path, *, text: str | None = None, fuzzy: bool | None = None,
         wrapwidth: int = 78) -> None:
    """A person's edit of the headline with polib (which rewraps every comment)."""
    path = catalog_path(workspace)
    po = polib.pofile(str(path), wrapwidth=wrapwidth)
    [entry] = [e for e in po if e.msgctxt == "headline" and not e.obsolete]
    if text is not None:
        entry.msgstr = text
    if fuzzy is False and "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    if fuzzy is True and "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    po.save()


@pytest.fixture
def approved(run: Invoke, workspace: Path, tmp_path: Path) -> Path:
    """A French catalog where a person translated and approved the headline."""
    pull(run, tmp_path, THIRD)
    assert run("translate", "--to", "fr", "--engine", "none").exit_code == 0
    edit(workspace, text=APPROVED, fuzzy=False)
    return workspace


def test_a_correction_undone_gives_the_approval_back(approved: Path, run: Invoke,
                                                     tmp_path: Path) -> None:
    pull(run, tmp_path, FOURTH)
    changed = headline(approved)
    assert changed.fuzzy and changed.previous_msgid == THIRD and changed.msgstr == APPROVED
    assert APPROVED_PREFIX in changed.tcomment
    out = pull(run, tmp_path, THIRD)
    assert "1 approved again" in out
    back = headline(approved)
    assert not back.fuzzy and back.msgstr == APPROVED
    assert back.previous_msgid is None and APPROVED_PREFIX not in (back.tcomment or "")
    status = run("status", "--json")
    assert status.exit_code == 0
    done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(catalog_path(approved))],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_other_text_stays_fuzzy(approved: Path, run: Invoke, tmp_path: Path) -> None:
    pull(run, tmp_path, FOURTH)
    out = pull(run, tmp_path, "Harbour workers strike for the fifth time")
    assert "approved again" not in out
    assert headline(approved).fuzzy


def test_a_draft_written_meanwhile_is_not_approved(approved: Path, run: Invoke,
                                                   tmp_path: Path) -> None:
    pull(run, tmp_path, FOURTH)
    edit(approved, text="Les dockers en grève pour la quatrième fois")  # left fuzzy: a draft
    pull(run, tmp_path, THIRD)
    back = headline(approved)
    assert back.fuzzy and back.msgstr == "Les dockers en grève pour la quatrième fois"


def test_an_approval_of_the_corrected_text_is_not_carried_back(approved: Path, run: Invoke,
                                                               tmp_path: Path) -> None:
    pull(run, tmp_path, FOURTH)
    edit(approved, text="Les dockers en grève pour la quatrième fois", fuzzy=False)
    pull(run, tmp_path, THIRD)
    back = headline(approved)
    assert back.fuzzy and back.previous_msgid == FOURTH


def test_the_same_text_approved_for_the_correction_is_followed_by_its_own_change(
        approved: Path, run: Invoke, tmp_path: Path) -> None:
    """Approved again for the corrected headline (same words): the next pull drops the old
    fingerprint; going back is a change like any other, judged against the newer approval."""
    pull(run, tmp_path, FOURTH)
    edit(approved, fuzzy=False)
    assert run("translate", "--to", "fr", "--engine", "none").exit_code == 0
    assert APPROVED_PREFIX not in (headline(approved).tcomment or "")
    pull(run, tmp_path, THIRD)
    back = headline(approved)
    assert back.fuzzy and back.previous_msgid == FOURTH


@pytest.mark.parametrize("width", [12, 20, 40, 120])
def test_the_fingerprint_is_read_however_polib_wrapped_it(approved: Path, run: Invoke,
                                                         tmp_path: Path, width: int) -> None:
    pull(run, tmp_path, FOURTH)
    edit(approved, wrapwidth=width)  # a save that changes nothing but the wrapping
    pull(run, tmp_path, THIRD)
    assert not headline(approved).fuzzy


@pytest.mark.parametrize("width", ["-w10", "-w30", "--no-wrap"])
def test_the_fingerprint_is_read_after_msgcat(approved: Path, run: Invoke, tmp_path: Path,
                                              width: str) -> None:
    msgcat = require_tool("msgcat")
    pull(run, tmp_path, FOURTH)
    path = catalog_path(approved)
    done = subprocess.run([msgcat, width, "-o", str(path), str(path)], capture_output=True)
    assert done.returncode == 0, done.stderr
    pull(run, tmp_path, THIRD)
    assert not headline(approved).fuzzy


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(msgid=st.text(min_size=1), msgstr=st.text(min_size=1), other=st.text(min_size=1),
       ctxt=st.sampled_from([None, "headline", "body"]))
def test_only_the_approved_pair_restores(msgid: str, msgstr: str, other: str,
                                         ctxt: str | None) -> None:
    """The fingerprint holds for the approved source and translation and for nothing else."""
    entry = polib.POEntry(msgctxt=ctxt, msgid=msgid, msgstr=msgstr, flags=["fuzzy"])
    note_approval(entry, ctxt, msgid)
    assert approval_holds(entry)
    for change in ({"msgid": other}, {"msgstr": other}):
        moved = polib.POEntry(msgctxt=ctxt, msgid=msgid, msgstr=msgstr, flags=["fuzzy"],
                              tcomment=entry.tcomment)
        for name, value in change.items():
            setattr(moved, name, value)
        assert approval_holds(moved) == (getattr(entry, next(iter(change))) == other)
