"""The memory's answers kept across a change of the memory: a run after reviewed entries were
added, changed, removed or moved searches only what changed for most texts, and its answers are
exactly those of a full search (same matches, scores and order, ties in the memory's order)."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presslate.cli.main import cli
from presslate.i18n import memory as search
from presslate.i18n.memory import Memory
from presslate.i18n.memory_kept import load_kept, save_kept, split_key, steady

from .conftest import Invoke
from .qa.catalogs import E, write_article
from .test_memory_matches import ALPHABET, SLUGS, near, reference_close

Entries = list[tuple[str, tuple[tuple[str, str], ...]]]


def _memory(items: Entries, threshold: float) -> Memory:
    return Memory(dict(items), threshold)


def _texts(bases: list[str]) -> st.SearchStrategy[str]:
    """Texts near the bases, and the bases with one digit more: these tie with each other, so
    the memory's order decides which are shown."""
    return st.one_of(st.sampled_from(bases).flatmap(near),
                     st.tuples(st.sampled_from(bases), st.sampled_from("0123")).map("".join))


def _edit(data: st.DataObject, items: Entries, bases: list[str]) -> float | None:
    """Apply one edit of the reviewed entries to ``items``; a new threshold, or None."""
    kind = data.draw(st.sampled_from(["add", "add", "remove", "change", "move", "threshold"]))
    at = data.draw(st.integers(0, len(items)))
    if kind == "add":
        source = data.draw(_texts(bases))
        if source and source not in dict(items):
            items.insert(at, (source, ((f"t-new-{at}", data.draw(st.sampled_from(SLUGS))),)))
    elif items and kind == "remove":
        del items[min(at, len(items) - 1)]
    elif items and kind == "change":  # a translation edited, reviewed in one more article, or gone
        source, found = items[min(at, len(items) - 1)]
        how = data.draw(st.sampled_from(["translation", "more", "fewer", "article"]))
        if how == "translation":
            found = ((found[0][0] + "'", found[0][1]), *found[1:])
        elif how == "more":
            found = (*found, (f"t-more-{at}", data.draw(st.sampled_from(SLUGS))))
        elif how == "fewer" and len(found) > 1:
            found = found[1:]
        elif how == "article":
            found = ((found[0][0], data.draw(st.sampled_from(SLUGS))), *found[1:])
        items[min(at, len(items) - 1)] = (source, found)
    elif items and kind == "move":  # the catalog's entries in another order
        moved = items.pop(min(at, len(items) - 1))
        items.insert(data.draw(st.integers(0, len(items))), moved)
    elif kind == "threshold":
        return data.draw(st.sampled_from([0.5, 0.6, 0.75, 0.9]))
    return None


@given(st.data())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_answers_carried_over_are_a_full_search(data: st.DataObject) -> None:
    bases = data.draw(st.lists(st.text(ALPHABET, min_size=1, max_size=20), min_size=1, max_size=4))
    items: Entries = []
    for source in data.draw(st.lists(_texts(bases), max_size=25)):
        if source and source not in dict(items):
            items.append((source, tuple((f"t-{len(items)}-{n}", slug) for n, slug in enumerate(
                data.draw(st.lists(st.sampled_from(SLUGS), min_size=1, max_size=2))))))
    threshold = data.draw(st.sampled_from([0.5, 0.6, 0.75, 0.9]))
    queries = data.draw(st.lists(st.tuples(st.one_of(_texts(bases), st.text(ALPHABET, max_size=8)),
                                           st.sampled_from(["", *SLUGS]),
                                           st.sampled_from([1, 1, 2, 3, 0, -1])),
                                 min_size=1, max_size=8))
    direct = data.draw(st.sampled_from([0, 128]))  # the index's bound, or every key scored
    chunk = data.draw(st.sampled_from([1, 16]))  # candidates scored at first in one call
    with tempfile.TemporaryDirectory() as tmp, patch.object(search, "_DIRECT", direct), \
            patch.object(search, "_FIRST_CHUNK", chunk):
        path = Path(tmp) / "memory-fr.json"
        for _ in range(data.draw(st.integers(2, 5))):
            memory = _memory(items, threshold)
            memory.use_kept(*load_kept(path, memory.digest()))
            for text, exclude, limit in data.draw(st.lists(st.sampled_from(queries), max_size=8)):
                assert memory.close(text, exclude=exclude, limit=limit) == \
                    reference_close(memory, text, exclude=exclude, limit=limit)
            memory.carry_all()  # the answers not asked this time, kept for the next run
            for key, matches in memory.known.items():
                text, exclude, limit = split_key(key)
                assert [tuple(m) for m in matches] == \
                    reference_close(memory, text, exclude=exclude, limit=limit)
            save_kept(path, memory.digest(), list(memory.fingerprints().values()), memory.known)
            for _ in range(data.draw(st.integers(0, 3))):
                threshold = _edit(data, items, bases) or threshold


def _lcs(a: list[str], b: list[str]) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
    return table[-1][-1]


@given(st.lists(st.integers(0, 30), unique=True, max_size=25),
       st.lists(st.integers(0, 30), unique=True, max_size=25))
def test_steady_is_a_longest_common_order(before: list[int], now: list[int]) -> None:
    a, b = [str(x) for x in before], [str(x) for x in now]
    found = steady(a, b)
    assert [x for x in a if x in found] == [x for x in b if x in found]
    assert len(found) == _lcs(a, b)


def test_one_entry_more_carries_the_answers_over() -> None:
    """A reviewed entry added: the kept answers are merged with its score alone, and the memory's
    own index is never built; a tie with a kept match ranks by the memory's order."""
    entries = {"abcdef 1": (("t1", "x"),), "abcdef 3": (("t3", "x"),)}
    first = Memory(entries, 0.5)
    assert first.close("abcdef 0", limit=1) == [("abcdef 1", 87.5, "t1", "x")]
    before, kept = list(first.fingerprints().values()), first.known
    second = Memory({"abcdef 2": (("t2", "y"),), **entries}, 0.5)  # a tie, earlier in the memory
    second.use_kept(before, kept)
    assert second.close("abcdef 0", limit=1) == [("abcdef 2", 87.5, "t2", "y")]
    assert second._index is None  # no full search
    assert second.close("abcdef 0", limit=1) == reference_close(second, "abcdef 0", limit=1)


def test_entries_in_another_order_rank_ties_by_the_new_order() -> None:
    """Two entries tie; the one shown moves after the other (its catalog's entries in another
    order): the kept answer is not taken as it is."""
    entries = {"abcdef 1": (("t1", "x"),), "abcdef 3": (("t3", "x"),)}
    first = Memory(entries, 0.5)
    assert first.close("abcdef 0", limit=1) == [("abcdef 1", 87.5, "t1", "x")]
    second = Memory(dict(reversed(entries.items())), 0.5)
    second.use_kept(list(first.fingerprints().values()), first.known)
    assert second.close("abcdef 0", limit=1) == [("abcdef 3", 87.5, "t3", "x")]


def _damage(data: dict[str, Any], how: str) -> str:
    """The text of a kept-answers file ``data`` damaged as ``how`` says."""
    answer = next(iter(data["results"]))
    if how == "garbage":
        return "not json {"
    if how == "a-list":
        return "[]"
    if how == "other-digest":
        data["digest"] = "x"
    elif how == "old-format":  # as the previous version wrote it: a digest of the whole memory
        data = {"digest": "0" * 32, "results": data["results"]}
    elif how == "keys":
        data["keys"] = "abc"
    elif how == "duplicates":
        data["keys"] = data["keys"][:1] * 2
    elif how == "match":
        data["results"][answer] = [["abcdef 1", "87.5", "t1", "x"]]
    elif how == "answer-key":
        data["results"] = {"no separators": []}
    return json.dumps(data)


@pytest.mark.parametrize("how", ["garbage", "a-list", "other-digest", "old-format", "keys",
                                 "duplicates", "match", "answer-key"])
def test_a_damaged_or_old_file_is_ignored(tmp_path: Path, how: str) -> None:
    items = {"abcdef 1": (("t1", "x"),), "abcdef 3": (("t3", "x"),)}
    memory = Memory(items, 0.5)
    memory.close("abcdef 0")
    path = tmp_path / "memory-fr.json"
    save_kept(path, memory.digest(), list(memory.fingerprints().values()), memory.known)
    assert load_kept(path, memory.digest())[1] == memory.known
    path.write_text(_damage(json.loads(path.read_text(encoding="utf-8")), how), encoding="utf-8")
    assert load_kept(path, memory.digest()) == ([], {})
    again = Memory(items, 0.5)
    again.use_kept(*load_kept(path, again.digest()))
    assert again.close("abcdef 0") == reference_close(again, "abcdef 0")


def _big_workspace(workspace: Path) -> None:
    for n in range(12):
        write_article(workspace, f"story-{n:02d}", {
            "fr": [E(f"The council met on day {n} to discuss the budget.", f"Le conseil {n}."),
                   E(f"The mayor spoke on day {n} about the new bridge.", f"Le maire {n}."),
                   E(f"The council met on day {n + 20} to discuss the plan.", "", state="untranslated"),
                   E(f"The mayor spoke on day {n + 20} about the old bridge.", "Le maire.",
                     state="machine")]})


def _catalogs(workspace: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((workspace / "catalogs" / "fr").rglob("*.po"))}


def _review_one(workspace: Path) -> None:
    """A person reviews one machine suggestion of story-05 (keeps it, drops the fuzzy flag)."""
    from presslate.i18n.catalog import clear_provenance, load_po, save_po

    path = workspace / "catalogs" / "fr" / "LC_MESSAGES" / "story-05.po"
    catalog = load_po(path)
    entry = catalog.find("The mayor spoke on day 25 about the old bridge.", msgctxt="body")
    entry.flags.remove("fuzzy")
    entry.msgstr = "Le maire a parlé du vieux pont le 25."
    clear_provenance(entry)
    save_po(path, catalog)


@pytest.mark.parametrize("change", ["entry reviewed", "article added"])
def test_a_run_after_one_entry_more_searches_only_that_entry(
        workspace: Path, run: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        change: str) -> None:
    """After one reviewed entry more, translate searches the whole memory for no entry (each
    kept answer meets the new entry alone), and writes the catalogs a run with no kept
    answers writes, byte for byte."""
    _big_workspace(workspace)
    assert run("translate", "--to", "fr", "--engine", "none").exit_code in (0, 1)
    if change == "entry reviewed":
        _review_one(workspace)
    else:
        write_article(workspace, "story-99", {
            "fr": [E("The mayor spoke on day 21 about the old bridges.", "Le maire a parlé des ponts.")]})
    searched: list[int] = []  # the number of keys of each index searched
    original = search.RatioIndex.ranked

    def counting(self: search.RatioIndex, *args: object, **kwargs: object) -> object:
        searched.append(len(self.keys))
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(search.RatioIndex, "ranked", counting)
    assert run("translate", "--to", "fr", "--engine", "none").exit_code in (0, 1)
    monkeypatch.undo()
    # each answer kept met the new entry alone: the 24 of the pending entries; after a review
    # the answer of the entry reviewed, which no entry asks for any more, is dropped instead
    assert searched == [1] * (23 if change == "entry reviewed" else 24)
    after = _catalogs(workspace)
    if change == "entry reviewed":
        assert "day 25 about the old bridge. → Le maire a parlé" in after["story-04.po"].decode()
    else:
        assert "day 21 about the old bridges. → Le maire" in after["story-01.po"].decode()
    fresh = tmp_path / "fresh"
    shutil.copytree(workspace, fresh)
    shutil.rmtree(fresh / ".presslate-cache")
    done = CliRunner().invoke(cli, ["-C", str(fresh), "translate", "--to", "fr", "--engine", "none"])
    assert done.exit_code in (0, 1), done.output
    assert _catalogs(fresh) == after


def test_answers_no_entry_asks_for_are_dropped_from_the_kept_file(
        workspace: Path, run: Invoke) -> None:
    """The kept file holds the answers of the entries awaiting a translation or a review: once
    one is reviewed (or its article deleted), its answer goes at the next write, and the others
    stay."""
    _big_workspace(workspace)
    assert run("translate", "--to", "fr", "--engine", "none").exit_code in (0, 1)
    path = workspace / ".presslate-cache" / "memory-fr.json"

    def kept() -> set[tuple[str, str]]:
        return {(exclude, text) for text, exclude, _ in map(split_key, load_kept(path, _rules(path))[1])}

    before = kept()
    reviewed = ("story-05", "The mayor spoke on day 25 about the old bridge.")
    assert reviewed in before and len(before) == 24
    _review_one(workspace)
    assert run("translate", "--to", "fr", "--engine", "none").exit_code in (0, 1)
    assert kept() == before - {reviewed}
    for file in (workspace / "catalogs").rglob("story-07.*"):  # the article, deleted
        file.unlink()
    assert run("translate", "--to", "fr", "--engine", "none").exit_code in (0, 1)
    assert kept() == {k for k in before - {reviewed} if k[0] != "story-07"}


def _rules(path: Path) -> str:
    return str(json.loads(path.read_text(encoding="utf-8"))["digest"])
