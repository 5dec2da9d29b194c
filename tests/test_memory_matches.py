"""The ``memory NN%:`` notes' search: the closest reviewed entries are found without scoring
every one. While at most ``EXACT_WINDOW`` entries have a plausible length, the result is
exactly what scoring every one with rapidfuzz gives (same matches, same scores, same order,
ties in the memory's order); beyond, a bounded number of candidates is scored for each text,
and every match shown is still a true one, in the same order."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from presslate.i18n import memory as search
from presslate.i18n.memory import Memory

from .conftest import Invoke
from .qa.catalogs import E, write_article


def reference_close(memory: Memory, text: str, *, exclude: str = "",
                    limit: int = 3) -> list[tuple[str, float, str, str]]:
    """Every reviewed entry scored, as the notes were first written."""
    from rapidfuzz import fuzz, process

    if not memory.entries:
        return []
    found = process.extract(text, list(memory.entries), scorer=fuzz.ratio,
                            score_cutoff=memory.threshold * 100, limit=None)
    matches = []
    for source, score, _ in found:
        other = next(((t, slug) for t, slug in memory.entries[source] if slug != exclude), None)
        if other is not None:
            matches.append((source, float(score), *other))
        if len(matches) == limit >= 1:
            break
    return matches


SLUGS = ["a", "b", "c", "d"]
ALPHABET = "aab cdeé ñ–中\U0001f600."  # repeated letters, accents, a wide character, an emoji


@st.composite
def near(draw: st.DrawFn, base: str) -> str:
    """``base`` with a few characters inserted, deleted or replaced, or cut or doubled."""
    text = list(base)
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "replace", "cut", "double"]))
        at = draw(st.integers(0, len(text)))
        char = draw(st.sampled_from(ALPHABET))
        if kind == "insert":
            text.insert(at, char)
        elif text and kind == "delete":
            del text[min(at, len(text) - 1)]
        elif text and kind == "replace":
            text[min(at, len(text) - 1)] = char
        elif kind == "cut":
            text = text[:at]
        elif kind == "double":
            text = text + text[:at]
    return "".join(text)


@st.composite
def corpora(draw: st.DrawFn) -> tuple[Memory, list[str]]:
    bases = draw(st.lists(st.text(ALPHABET, min_size=1, max_size=40), min_size=1, max_size=6))
    sources = draw(st.lists(st.sampled_from(bases).flatmap(near), min_size=1, max_size=60))
    entries: dict[str, list[tuple[str, str]]] = {}
    for source in sources:
        if source:
            entries.setdefault(source, []).append((f"t-{len(entries)}", draw(st.sampled_from(SLUGS))))
    assume(entries)
    threshold = draw(st.one_of(st.sampled_from([0.5, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0]),
                               st.floats(0.5, 1.0)))
    queries = draw(st.lists(st.one_of(st.sampled_from(sources).flatmap(near),
                                      st.sampled_from(bases).flatmap(near), st.text(ALPHABET)),
                            min_size=1, max_size=5))
    return Memory({s: tuple(found) for s, found in entries.items()}, threshold), queries


@given(corpora(), st.sampled_from(["", *SLUGS]), st.integers(-1, 6))
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_close_is_scoring_every_entry(corpus: tuple[Memory, list[str]], exclude: str,
                                      limit: int) -> None:
    memory, queries = corpus
    # the index's bound, scoring its candidates a few at a time (once the matches shown are
    # found, the next are scored with the last one's score as rapidfuzz's cutoff) or all at
    # once, and every key scored (a small memory)
    for direct, chunk in ((0, 1), (0, search._FIRST_CHUNK), (search._DIRECT, 1)):
        with patch.object(search, "_DIRECT", direct), patch.object(search, "_FIRST_CHUNK", chunk):
            searched = Memory(memory.entries, memory.threshold)
            for text in queries:
                assert searched.close(text, exclude=exclude, limit=limit) == \
                    reference_close(memory, text, exclude=exclude, limit=limit)


def sentences(count: int, seed: int) -> list[str]:
    """Sentences of one small vocabulary: many score 75-90 against each other, and ties are
    frequent (the same sentence with another number at its end)."""
    rng = random.Random(seed)
    subjects = ["The city council", "Local farmers", "The new mayor", "Police officers", "Teachers"]
    verbs = ["announced that", "said that", "warned that", "denied that"]
    events = ["the bridge would close", "the budget would rise", "the strike had ended",
              "the river had flooded", "the vote would take place in June"]
    return [" ".join(f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(events)}."
                     for _ in range(rng.randint(1, 3))) + f" ({rng.randint(0, 99)})"
            for _ in range(count)]


@pytest.mark.parametrize("threshold", [0.5, 0.75, 0.9, 0.97])
def test_close_on_a_large_memory_is_scoring_every_entry(threshold: float) -> None:
    """Enough close entries that the search goes past its first rounds and every level (the
    exact search's window raised above the memory's size)."""
    rng = random.Random(7)
    entries: dict[str, list[tuple[str, str]]] = {}
    for i, source in enumerate(sentences(1500, seed=1)):
        entries.setdefault(source, []).append((f"t-{i}", f"article-{i % 40}"))
    with patch.object(search, "EXACT_WINDOW", 10**9):
        memory = Memory({s: tuple(found) for s, found in entries.items()}, threshold)
        for text in sentences(60, seed=2) + rng.sample(list(entries), 20):
            exclude = f"article-{rng.randrange(40)}"
            for limit in (1, 3, 10):
                assert memory.close(text, exclude=exclude, limit=limit) == \
                    reference_close(memory, text, exclude=exclude, limit=limit)


def test_a_memory_within_the_exact_window_is_searched_exactly() -> None:
    """The default window: 1,200 entries at threshold 0.75 hold fewer than EXACT_WINDOW of any
    plausible length, and every answer is that of scoring every entry."""
    entries = {source: ((f"t-{i}", f"article-{i % 40}"),)
               for i, source in enumerate(dict.fromkeys(sentences(1200, seed=4)))}
    memory = Memory(entries, 0.75)
    index = search.RatioIndex(list(entries), 75.0)
    for text in sentences(40, seed=5):
        low, high = index._window(len(text), 75.0)
        assert high - low <= search.EXACT_WINDOW
        assert memory.close(text, exclude="article-3") == \
            reference_close(memory, text, exclude="article-3")


def news_like(count: int, seed: int) -> list[str]:
    """Sentences of a large vocabulary with a few very common words, as news text has: words
    drawn by a Zipf-like law from 5,000, and numbers."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("bcdfghjklmnpqrstvwxz") + rng.choice("aeiouy")
                          for _ in range(rng.randint(1, 4))) for _ in range(5000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    return [" ".join(rng.choices(vocabulary, weights, k=rng.randint(6, 25)))
            + f" {rng.randint(1, 2000)}." for _ in range(count)]


def _scored_count(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of keys rapidfuzz scores in each call, from now on."""
    from rapidfuzz import process

    calls: list[int] = []
    original = process.cdist

    def counting(queries: Any, choices: Any, **kwargs: Any) -> Any:
        calls.append(len(choices))
        return original(queries, choices, **kwargs)

    monkeypatch.setattr(process, "cdist", counting)
    return calls


@pytest.mark.parametrize("size", [3000, 12000])
def test_a_large_memory_scores_a_bounded_number_of_keys(
        size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond the exact window, each text costs the same whatever the memory's size: at most
    CANDIDATES keys scored (a first run over a large workspace is linear, not quadratic), and
    a source corrected after review (a word and a number changed) still finds its earlier
    version, with its true score, first."""
    from rapidfuzz import fuzz

    sources = list(dict.fromkeys(news_like(size, seed=9)))
    memory = Memory({s: ((f"t-{i}", f"article-{i}"),) for i, s in enumerate(sources)}, 0.5)
    rng = random.Random(3)
    asked = rng.sample(sources, 25)
    calls = _scored_count(monkeypatch)
    for source in asked:
        words = source.split()
        words[rng.randrange(len(words) - 1)] = "changed"
        corrected = " ".join(words[:-1]) + f" {rng.randint(2001, 3000)}."
        index = search.RatioIndex(list(memory.entries), 50.0)
        low, high = index._window(len(corrected), 50.0)
        assert high - low > search.EXACT_WINDOW  # the search under test
        found = memory.close(corrected)
        assert found[0][0] == source and found[0][1] == fuzz.ratio(corrected, source)
    assert sum(calls) <= len(asked) * search.CANDIDATES


@given(st.data())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_matches_of_a_large_memory_are_true_and_in_order(data: st.DataObject) -> None:
    """Whatever the grams find: each match shown scores what rapidfuzz scores it, at the
    threshold or above, from another article, best first, ties in the memory's order; and
    a text found as it is in the memory (from another article) is its own first match."""
    from rapidfuzz import fuzz

    memory = _GRAM_MEMORY
    keys = list(memory.entries)
    position = {source: i for i, source in enumerate(keys)}
    text = data.draw(st.one_of(st.sampled_from(keys), st.sampled_from(keys).flatmap(near),
                               st.text(ALPHABET, max_size=30)))
    exclude = data.draw(st.sampled_from(["", *SLUGS]))
    limit = data.draw(st.integers(-1, 6))
    found = memory.close(text, exclude=exclude, limit=limit)
    for source, score, translation, slug in found:
        assert score == fuzz.ratio(text, source) >= memory.threshold * 100
        assert slug != exclude and (translation, slug) in memory.entries[source]
    assert [(-score, position[source]) for source, score, *_ in found] == \
        sorted((-score, position[source]) for source, score, *_ in found)
    assert len({source for source, *_ in found}) == len(found)
    if limit >= 1:
        assert len(found) <= limit
    if text in memory.entries and any(slug != exclude for _, slug in memory.entries[text]) \
            and limit != 0:
        assert found[0][:2] == (text, 100.0)


def _gram_memory() -> Memory:
    """4,000 short texts of a small alphabet (accents, a wide character, an emoji), at a
    threshold of 0.5: most windows hold more than EXACT_WINDOW keys."""
    rng = random.Random(11)
    sources = dict.fromkeys("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 30)))
                            for _ in range(4000))
    return Memory({s: ((f"t-{i}", rng.choice(SLUGS)),) for i, s in enumerate(sources)}, 0.5)


_GRAM_MEMORY = _gram_memory()


def test_ties_keep_the_memory_order() -> None:
    entries = {f"abcdef {n}": ((f"t{n}", "x"),) for n in (9, 3, 7, 1, 5)}
    entries["abcdef 3"] = (("t3", "story"),)  # excluded: the next tie takes its place
    memory = Memory(entries, 0.5)
    found = memory.close("abcdef 0", exclude="story")
    assert [source for source, *_ in found] == ["abcdef 9", "abcdef 7", "abcdef 1"]
    assert found == reference_close(memory, "abcdef 0", exclude="story")


def test_one_index_per_locale_per_run(workspace: Path, run: Invoke,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """translate builds each locale's memory index once, however many catalogs it annotates."""
    for n in range(4):
        write_article(workspace, f"story-{n}", {
            "fr": [E(f"The council met on day {n} to discuss the budget.", "Le conseil s'est réuni."),
                   E(f"The council met on day {n + 10} to discuss the plan.", "")],
            "de": [E(f"The council met on day {n} to discuss the budget.", "Der Rat tagte."),
                   E(f"The council met on day {n + 10} to discuss the plan.", "")]})
    built: list[int] = []
    original = search.RatioIndex.__init__

    def counting(self: search.RatioIndex, keys: list[str], cutoff: float) -> None:
        built.append(len(keys))
        original(self, keys, cutoff)

    monkeypatch.setattr(search.RatioIndex, "__init__", counting)
    result = run("translate", "--to", "fr,de", "--engine", "none")
    assert result.exit_code in (0, 1), result.output
    assert built == [4, 4]
    po = (workspace / "catalogs" / "fr" / "LC_MESSAGES" / "story-0.po").read_text(encoding="utf-8")
    assert "#. memory " in po


def _story_workspace(workspace: Path) -> None:
    for n in range(4):
        write_article(workspace, f"story-{n}", {
            "fr": [E(f"The council met on day {n} to discuss the budget.", "Le conseil s'est réuni."),
                   E(f"The council met on day {n + 10} to discuss the plan.", "")]})


def _catalogs(workspace: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((workspace / "catalogs" / "fr").rglob("*.po"))}


def test_a_run_with_nothing_new_searches_nothing(workspace: Path, run: Invoke,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The memory's answers are kept for the next run with the same memory: translate with
    nothing to do searches no memory, and writes the same notes."""
    _story_workspace(workspace)
    assert run("translate", "--to", "fr", "--engine", "none").exit_code in (0, 1)
    first = _catalogs(workspace)
    assert b"#. memory " in first["story-0.po"]
    searched: list[str] = []
    original = Memory._search

    def counting(self: Memory, text: str, **kwargs: object) -> list[tuple[str, float, str, str]]:
        searched.append(text)
        return original(self, text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Memory, "_search", counting)
    assert run("translate", "--to", "fr", "--engine", "none").exit_code in (0, 1)
    assert searched == [] and _catalogs(workspace) == first


def test_kept_answers_of_another_memory_are_not_used(workspace: Path, run: Invoke) -> None:
    """A reviewed entry more (or a damaged cache file) and the memory is searched afresh: the
    notes are those of a run with no kept answers at all."""
    _story_workspace(workspace)
    assert run("translate", "--to", "fr", "--engine", "none").exit_code in (0, 1)
    write_article(workspace, "story-9", {
        "fr": [E("The council met on day 13 to discuss the plan.", "Le conseil a discuté du plan.")]})
    assert run("translate", "--to", "fr", "--engine", "none").exit_code in (0, 1)
    with_kept = _catalogs(workspace)
    assert "day 13 to discuss the plan. → Le conseil a discuté du plan." in \
        with_kept["story-3.po"].decode()
    for kept in (workspace / ".presslate-cache").glob("memory-*.json"):
        kept.write_text('{"digest": "x", "results": {"a": 1}}', encoding="utf-8")
    assert run("translate", "--to", "fr", "--engine", "none").exit_code in (0, 1)
    assert _catalogs(workspace) == with_kept
    import shutil

    shutil.rmtree(workspace / ".presslate-cache")
    assert run("translate", "--to", "fr", "--engine", "none").exit_code in (0, 1)
    assert _catalogs(workspace) == with_kept


def test_a_cutoff_a_hair_above_the_score_keeps_what_rapidfuzz_keeps() -> None:
    """0.5000000000000001 as a threshold: "a" against "aaa" scores 50.0, which rapidfuzz keeps."""
    memory = Memory({"aaa": (("t-1", "a"),)}, 0.5000000000000001)
    assert memory.close("a", limit=0) == reference_close(memory, "a", limit=0) \
        == [("aaa", 50.0, "t-1", "a")]


def test_a_key_tying_with_the_last_match_shown_is_found_after_it() -> None:
    """Once the matches shown are found, the other candidates are scored with the last one's
    score as rapidfuzz's cutoff: a key tying with it, earlier in the memory and scored after it
    (its bound is lower), still takes its place. rapidfuzz's process functions score 0 a key a
    hair above their cutoff (here 71.43 with a cutoff of 71.43 - 1e-9)."""
    memory = Memory({source: ((f"t-{n}", "x"),) for n, source in
                     enumerate(["cc", "bc", "abcbc", "ccabcbc", "ccbaaac"])}, 0.5)
    with patch.object(search, "_DIRECT", 0), patch.object(search, "_FIRST_CHUNK", 1):
        found = memory.close("ccaacba", limit=1)
    assert found == reference_close(memory, "ccaacba", limit=1) \
        == [("ccabcbc", 71.42857142857143, "t-3", "x")]


def test_a_text_of_common_grams_alone_reads_a_bounded_part_of_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every gram of the text is held by more keys than POSTINGS_READ: the keys read are those
    closest in length among the rarest gram's, and still at most CANDIDATES are scored."""
    from rapidfuzz import fuzz

    sources = [f"The council met {n:05d}" + " again" * (n % 7) for n in range(9000)]
    memory = Memory({s: ((f"t-{i}", "other"),) for i, s in enumerate(sources)}, 0.6)
    calls = _scored_count(monkeypatch)
    found = memory.close("The council met", limit=3)
    assert 0 < sum(calls) <= search.CANDIDATES
    assert len(found) == 3
    assert all(score == fuzz.ratio("The council met", source) for source, score, *_ in found)
    # the best possible: the shortest keys (21 characters) score 83.33
    assert [round(score, 2) for _, score, *_ in found] == [83.33] * 3


@given(corpora())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_close_match_of_a_pair_without_engine_is_extract_one(
        corpus: tuple[Memory, list[str]]) -> None:
    """When no engine translates a pair, ``translate`` offers the closest reviewed entry: the
    one ``process.extractOne`` finds (the first of a tie), with its score."""
    from rapidfuzz import fuzz, process

    from presslate.i18n.engines.tm import TranslationMemory

    memory, queries = corpus
    tm = TranslationMemory({source: found[0] for source, found in memory.entries.items()})
    for text in queries:
        best = process.extractOne(text, list(tm.entries), scorer=fuzz.ratio,
                                  score_cutoff=memory.threshold * 100)
        match = tm.close(text, memory.threshold)
        if best is None:
            assert match is None
        else:
            assert match is not None
            assert (match.source, match.score, match.text) == \
                (best[0], best[1] / 100, tm.entries[best[0]][0])


def test_the_close_match_of_a_large_memory_costs_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same search as the notes': in a large memory a bounded number of keys is scored for
    each entry (extractOne scored every one: quadratic over a workspace)."""
    from presslate.i18n.engines.tm import TranslationMemory

    sources = list(dict.fromkeys(news_like(12000, seed=9)))
    tm = TranslationMemory({s: (f"t-{i}", f"article-{i}") for i, s in enumerate(sources)})
    calls = _scored_count(monkeypatch)
    rng = random.Random(4)
    for source in rng.sample(sources, 10):
        corrected = source.replace(" ", "  ", 1)
        match = tm.close(corrected, 0.5)
        assert match is not None and match.source == source
    assert 0 < sum(calls) <= 10 * search.CANDIDATES


def test_notes_of_the_candidate_search_survive_msgcat_and_a_lost_cache(
        workspace: Path, run: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    """``translate`` with the candidate search (the exact window set to 0, as in a large
    workspace): each ``memory NN%:`` note is a true match with its rounded score; a translator's
    tool rewriting a reviewed catalog (GNU msgcat, another line width) and a deleted cache
    folder then give the same notes again, byte for byte."""
    import shutil
    import subprocess

    from rapidfuzz import fuzz

    from presslate.i18n.catalog import load_po
    from presslate.i18n.notes import notes_of

    from .conftest import require_tool

    monkeypatch.setattr(search, "EXACT_WINDOW", 0)
    monkeypatch.setattr(search, "_DIRECT", 0)  # (a memory this small is otherwise scored whole)
    asked: list[str] = []
    candidates = search.RatioIndex._gram_candidates

    def counting(self: search.RatioIndex, text: str, low: int, high: int) -> Any:
        asked.append(text)
        return candidates(self, text, low, high)

    monkeypatch.setattr(search.RatioIndex, "_gram_candidates", counting)
    _story_workspace(workspace)
    assert run("translate", "--to", "fr", "--engine", "none").exit_code in (0, 1)
    first = _catalogs(workspace)
    reviewed = {e.msgid for name in first
                for e in load_po(workspace / "catalogs" / "fr" / "LC_MESSAGES" / name)
                if e.msgstr and "fuzzy" not in e.flags}
    shown = 0
    for name in first:
        for entry in load_po(workspace / "catalogs" / "fr" / "LC_MESSAGES" / name):
            for note in notes_of(entry):
                if note.startswith("memory "):
                    score, rest = note[len("memory "):].split("%: ", 1)
                    source = next(s for s in reviewed if rest.startswith(s + " → "))
                    assert int(score) == int(fuzz.ratio(entry.msgid, source))
                    shown += 1
    assert shown and asked
    path = workspace / "catalogs" / "fr" / "LC_MESSAGES" / "story-0.po"
    before = workspace / "story-0.before.po"
    before.write_bytes(first["story-0.po"])
    done = subprocess.run([require_tool("msgcat"), "-w", "40", "-o", str(path), str(path)],
                          capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    shutil.rmtree(workspace / ".presslate-cache")
    assert run("translate", "--to", "fr", "--engine", "none").exit_code in (0, 1)
    again = _catalogs(workspace)
    assert {n: b for n, b in again.items() if n != "story-0.po"} == \
        {n: b for n, b in first.items() if n != "story-0.po"}
    assert [(e.msgid, notes_of(e)) for e in load_po(path)] == \
        [(e.msgid, notes_of(e)) for e in load_po(before)]
    assert b"#. memory " in again["story-1.po"]
