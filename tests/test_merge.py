"""Merging a catalog with a new template: golden cases, msgmerge parity, no translation lost."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presslate.i18n.catalog import is_human
from presslate.i18n.merge import MergeOptions, merge_catalogs
from presslate.i18n.po import format_po, parse_po
from tests.conftest import Invoke, require_tool

GOLDEN = Path(__file__).parent / "golden" / "merge"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def test_every_documented_case_has_golden_files() -> None:
    assert set(CASES) >= {"unchanged", "edited", "removed", "added", "reordered", "two-kinds",
                          "obsolete-returning", "plural"}


@pytest.mark.parametrize("case", CASES, ids=CASES)
def test_merge_matches_golden_after(case: str, run: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "after.po"
    result = run("merge", str(GOLDEN / case / "before.po"), str(GOLDEN / case / "template.pot"),
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (GOLDEN / case / "after.po").read_text(encoding="utf-8")


@pytest.mark.msgfmt
@pytest.mark.parametrize("case", CASES, ids=CASES)
def test_golden_after_is_what_msgmerge_writes_and_passes_msgfmt(case: str, tmp_path: Path) -> None:
    out = tmp_path / "gnu.po"
    subprocess.run([require_tool("msgmerge"), "--quiet", "--previous",
                    str(GOLDEN / case / "before.po"), str(GOLDEN / case / "template.pot"),
                    "-o", str(out)], check=True)
    assert out.read_bytes() == (GOLDEN / case / "after.po").read_bytes()
    check = subprocess.run([require_tool("msgfmt"), "--check", "-o", "/dev/null",
                            str(GOLDEN / case / "after.po")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_edited_entry_is_fuzzy_with_previous_msgid_and_keeps_comments() -> None:
    before = parse_po((GOLDEN / "edited" / "before.po").read_text(encoding="utf-8"))
    template = parse_po((GOLDEN / "edited" / "template.pot").read_text(encoding="utf-8"))
    merged, stats = merge_catalogs(before, template)
    edited = next(e for e in merged if "Tuesday" in e.msgid)
    assert "fuzzy" in edited.flags
    assert edited.previous_msgid is not None and "Monday" in edited.previous_msgid
    assert edited.msgstr.startswith("Des centaines de dockers")
    assert edited.tcomment == "Check the union's name with the desk."
    assert (stats.kept, stats.fuzzy, stats.new, stats.obsolete) == (3, 1, 0, 0)
    assert merged.metadata["POT-Creation-Date"] == "2025-04-01 08:30+0000"
    assert merged.metadata["PO-Revision-Date"] == "2025-03-02 10:00+0000"


def test_options_no_fuzzy_matching_and_no_obsolete(run: Invoke, tmp_path: Path) -> None:
    case = GOLDEN / "edited"
    out = tmp_path / "out.po"
    result = run("merge", "--no-fuzzy-matching", "--no-obsolete", str(case / "before.po"),
                 str(case / "template.pot"), "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "#| msgid" not in text and "#~" not in text
    assert "3 kept, 0 fuzzy, 1 new, 0 obsolete" in result.output


def test_update_in_place_and_stdout(run: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "fr.po"
    target.write_bytes((GOLDEN / "removed" / "before.po").read_bytes())
    printed = run("merge", str(target), str(GOLDEN / "removed" / "template.pot"))
    assert printed.exit_code == 0
    assert (GOLDEN / "removed" / "after.po").read_text(encoding="utf-8") in printed.output
    assert run("merge", "-U", str(target), str(GOLDEN / "removed" / "template.pot")).exit_code == 0
    assert target.read_bytes() == (GOLDEN / "removed" / "after.po").read_bytes()


@pytest.mark.msgfmt
def test_agrees_with_msgmerge_on_a_generated_catalog(tmp_path: Path) -> None:
    """A few hundred entries with edits, removals and additions: same output as msgmerge."""
    from benchmarks.merge_bench import generate

    old_text, pot_text, edits = generate(300, seed=3)
    old, pot = tmp_path / "old.po", tmp_path / "new.pot"
    old.write_text(old_text, encoding="utf-8")
    pot.write_text(pot_text, encoding="utf-8")
    gnu = tmp_path / "gnu.po"
    subprocess.run([require_tool("msgmerge"), "--quiet", "--previous", str(old), str(pot),
                    "-o", str(gnu)], check=True)
    merged, _ = merge_catalogs(parse_po(old_text), parse_po(pot_text))
    ours = parse_po(format_po(merged))
    theirs = parse_po(gnu.read_text(encoding="utf-8"))
    ours_prev = {e.msgid: e.previous_msgid for e in ours}
    theirs_prev = {e.msgid: e.previous_msgid for e in theirs}
    assert all(ours_prev[m] == theirs_prev[m] == edits[m] for m in edits)
    assert format_po(merged) == gnu.read_text(encoding="utf-8")


# --- no translation is ever lost ------------------------------------------------

SENTENCES = [
    "The port reopened on Monday.", "The port reopened on Tuesday.", "Ships queued outside.",
    "Talks collapsed after the latest offer.", "Talks resumed after the latest offer.",
    "Police closed the coastal road.", "The mayor called for calm.", "Fishermen joined the strike.",
    "Prices rose sharply.", "The union thanked its members.",
]
KINDS = ["headline", "body", "caption"]

template_entries = st.lists(st.tuples(st.sampled_from(KINDS), st.sampled_from(SENTENCES)),
                            min_size=0, max_size=8, unique=True)


def make_template(entries: list[tuple[str, str]]) -> Any:
    blocks = ['msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n']
    blocks += [f'msgctxt "{kind}"\nmsgid "{text}"\nmsgstr ""\n' for kind, text in entries]
    return parse_po("\n".join(blocks))


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(versions=st.lists(template_entries, min_size=2, max_size=5),
       translate_every=st.integers(min_value=1, max_value=3),
       fuzzy_matching=st.booleans())
def test_human_translations_are_never_lost(versions: list[list[tuple[str, str]]],
                                           translate_every: int, fuzzy_matching: bool) -> None:
    """Across any sequence of template changes, every translation a person wrote survives."""
    catalog = make_template([])
    written: set[str] = set()
    for number, entries in enumerate([*versions, []]):
        catalog, _ = merge_catalogs(catalog, make_template(entries),
                                    MergeOptions(fuzzy_matching=fuzzy_matching))
        catalog = parse_po(format_po(catalog))  # through the file, as on disk
        assert written <= {e.msgstr for e in catalog}, "a translation disappeared"
        for i, entry in enumerate(catalog):
            if not entry.obsolete and not entry.msgstr and i % translate_every == 0:
                entry.msgstr = f"[{number}] {entry.msgctxt}: {entry.msgid}"
                written.add(entry.msgstr)
            elif not entry.obsolete and i % 2 and "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")  # a reviewer approves it
    # The last template is empty: every translation is now kept as obsolete.
    assert all(e.obsolete for e in catalog)
    assert all(is_human(e) or "fuzzy" in e.flags for e in catalog)


# --- the fuzzy index: fast paths agree with plain counting and scoring -----------------------

short_texts = st.text(alphabet="ab c", min_size=0, max_size=12)  # few trigrams: many are common


@settings(max_examples=80, deadline=None, database=None)
@given(texts=st.lists(short_texts, min_size=1, max_size=40), query=short_texts)
def test_trigram_counts_equal_plain_counting(texts: list[str], query: str) -> None:
    """Dense rows (common trigrams) and postings (rare ones) count as a plain set intersection."""
    from presslate.i18n.fuzzy import _Trigrams

    def trigrams(text: str) -> set[str]:
        return {text[i:i + 3] for i in range(len(text) - 2)}

    index = _Trigrams(texts)
    counts = index.count_many([index.keys_of(query), index.keys_of(query[::-1])])
    assert counts.tolist() == [[len(trigrams(q) & trigrams(t)) for t in texts]
                               for q in (query, query[::-1])]


@settings(max_examples=80, deadline=None, database=None)
@given(entries=st.lists(st.tuples(st.sampled_from([None, "a", "b"]), short_texts.filter(bool)),
                        min_size=1, max_size=30),
       query=short_texts.filter(bool), context=st.sampled_from([None, "a", "b"]))
def test_fuzzy_search_picks_the_first_best_as_gnu(entries: list[tuple[str | None, str]],
                                                  query: str, context: str | None) -> None:
    """GNU's fuzzy index (msgl-fsearch.c, as msgmerge calls it): highest similarity (a tiny
    bonus for an entry of the same msgctxt or none) above 0.6, among the entries sharing a
    4-gram of characters with the text, visited by most 4-grams shared then entry order, the
    first best kept; a text under 4 characters is compared with the entries of at most 28 bytes
    whose byte length allows the threshold, shortest first."""
    import math

    import polib
    from rapidfuzz.distance import Indel

    from presslate.i18n.fuzzy import FUZZY_THRESHOLD, SAME_CONTEXT_BONUS, FuzzyIndex

    old = [polib.POEntry(msgctxt=c, msgid=t, msgstr=f"T{i}") for i, (c, t) in enumerate(entries)]

    def grams(text: str) -> set[str]:
        return {text[i:i + 4] for i in range(len(text) - 3)}

    if len(query) >= 4:
        shared = [(len(grams(query) & grams(e.msgid)), i) for i, e in enumerate(old)]
        visit = [i for count, i in sorted(shared, key=lambda c: (-c[0], c[1])) if count]
    else:
        size, factor = len(query.encode()), 2 / FUZZY_THRESHOLD - 1
        low, high = math.ceil(size / factor), int(size * factor)
        visit = [i for width in range(low, high + 1) for i, e in enumerate(old)
                 if len(e.msgid.encode()) == width and width <= 28]
    best: tuple[float, int] | None = None
    for i in visit:
        weight = Indel.normalized_similarity(query, old[i].msgid) \
            + (SAME_CONTEXT_BONUS if old[i].msgctxt in (None, context) else 0.0)
        if weight > FUZZY_THRESHOLD and (best is None or weight > best[0]):
            best = (weight, i)
    found = FuzzyIndex(old).search(context, query)
    assert found is (old[best[1]] if best else None)


@settings(max_examples=60, deadline=None, database=None)
@given(entries=st.lists(st.tuples(st.sampled_from([None, "a"]),
                                  st.text(alphabet="ab cd", min_size=1, max_size=14)),
                        min_size=1, max_size=40),
       queries=st.lists(st.tuples(st.sampled_from([None, "a"]),
                                  st.text(alphabet="ab cde", min_size=0, max_size=14)),
                        min_size=1, max_size=12))
def test_batched_search_equals_ranking_each_query_alone(
        entries: list[tuple[str | None, str]], queries: list[tuple[str | None, str]]) -> None:
    """Searching many queries at once (in batches) picks, for each one, what ranking the
    entries by shared words, then shared trigrams, and scoring the best of them one query
    at a time picks."""
    from unittest import mock

    import numpy as np
    import polib
    from rapidfuzz.distance import Indel

    from presslate.i18n import fuzzy

    old = [polib.POEntry(msgctxt=c, msgid=t, msgstr=f"T{i}") for i, (c, t) in enumerate(entries)]

    def words(text: str) -> set[str]:
        return set(fuzzy._WORD_RE.findall(text.lower()))

    def trigrams(text: str) -> set[str]:
        return {text[i:i + 3] for i in range(len(text) - 2)}

    def grams(text: str) -> set[str]:
        return {text[i:i + 4] for i in range(len(text) - 3)}

    def visit(query: str, i: int) -> tuple[int, int]:
        """GNU's visiting order: most 4-grams shared (short texts: shortest entry) first."""
        if len(query) < 4:
            return len(old[i].msgid.encode()), i
        return -len(grams(query) & grams(old[i].msgid)), i

    def eligible(query: str, i: int) -> bool:
        if len(query) >= 4:
            return bool(grams(query) & grams(old[i].msgid))
        size, width, factor = len(query.encode()), len(old[i].msgid.encode()), 2 / 0.6 - 1
        return -(-size // factor) <= width <= min(int(size * factor), 28)

    def best(context: str | None, query: str, candidates: list[int]) -> tuple[float, int] | None:
        weights = [(Indel.normalized_similarity(query, old[i].msgid)
                    + (fuzzy.SAME_CONTEXT_BONUS if old[i].msgctxt in (None, context) else 0.0), i)
                   for i in candidates if eligible(query, i)]
        weights = [w for w in weights if w[0] > fuzzy.FUZZY_THRESHOLD]
        if not weights:
            return None
        top = max(w for w, _ in weights)
        return top, min((i for w, i in weights if w == top), key=lambda i: visit(query, i))

    def ranked(keys: Any, query: str, limit: int) -> list[int]:
        n = len(query)
        counts = np.array([len(keys(query) & keys(e.msgid))
                           if 3 * n / 7 < len(e.msgid) < 7 * n / 3 else 0 for e in old],
                          dtype=np.int64)
        top = min(limit, int(np.count_nonzero(counts)))
        return np.argpartition(-counts, top - 1)[:top].tolist() if top else []

    def alone(context: str | None, query: str) -> Any:
        if not query:
            return None
        found = best(context, query, ranked(words, query, 3))
        if found is None or found[0] < 0.8:
            other = best(context, query, ranked(trigrams, query, 5))
            if other is not None and (found is None or other[0] > found[0] or (
                    other[0] == found[0] and visit(query, other[1]) < visit(query, found[1]))):
                found = other
        return old[found[1]] if found else None

    with mock.patch.object(fuzzy, "_FULL_SCAN_LIMIT", -1), \
            mock.patch.object(fuzzy, "_TOP_CANDIDATES", 3), \
            mock.patch.object(fuzzy, "_TOP_TRIGRAM_CANDIDATES", 5), \
            mock.patch.object(fuzzy, "_BATCH_CELLS", 2 * len(old)), \
            mock.patch.object(fuzzy, "_DENSE_SHARE", 4):
        found = fuzzy.FuzzyIndex(old).search_many(queries)
    assert [id(f) for f in found] == [id(alone(c, q)) for c, q in queries]


@settings(max_examples=200, deadline=None, database=None)
@given(text=st.text(alphabet="abc ", min_size=4, max_size=12),
       other=st.text(alphabet="abc ", max_size=12))
def test_sharing_a_4gram_as_set_intersection(text: str, other: str) -> None:
    from presslate.i18n.fuzzy import _grams4, _shares_gram

    assert _shares_gram(text, other) == bool((_grams4(text) or set()) & (_grams4(other) or set()))


def test_entries_too_long_or_short_to_win_are_not_scored(monkeypatch: pytest.MonkeyPatch) -> None:
    """Candidates whose length keeps them below a weight already reached are skipped, and the
    answers are those of scoring every candidate; fewer pairs are scored."""
    import random

    import polib

    from presslate.i18n import fuzzy

    rnd = random.Random(11)
    words = ["ka", "lomi", "nerus", "tovi", "der", "monpel", "tra", "quibor", "lengas", "fize"]

    def text(low: int, high: int) -> str:
        return " ".join(rnd.choice(words) for _ in range(rnd.randint(low, high)))

    sources = [text(2, 30) for _ in range(600)]
    old = [polib.POEntry(msgctxt=rnd.choice([None, "x"]), msgid=t, msgstr=f"T{i}")
           for i, t in enumerate(sources)]
    queries: list[tuple[str | None, str]] = []
    for source in rnd.sample(sources, 150):  # one word changed, added or removed: close matches
        parts = source.split()
        parts.insert(rnd.randrange(len(parts) + 1), rnd.choice(words))
        queries.append((rnd.choice([None, "x"]), " ".join(parts)))
    queries += [(None, text(2, 30)) for _ in range(150)]  # mostly no close match
    monkeypatch.setattr(fuzzy, "_FULL_SCAN_LIMIT", 10)  # the word and trigram paths
    monkeypatch.setattr(fuzzy, "_TOP_TRIGRAM_CANDIDATES", 200)
    monkeypatch.setattr(fuzzy, "_FORKED_QUERIES", 10 ** 9)
    scored: list[int] = []
    scores = fuzzy.FuzzyIndex._scores

    def counted(self: Any, msgid: str, chosen: Any) -> Any:
        scored.append(len(chosen))
        return scores(self, msgid, chosen)

    monkeypatch.setattr(fuzzy.FuzzyIndex, "_scores", counted)
    pruned = fuzzy.FuzzyIndex(old).search_many(queries)
    pruned_pairs, scored[:] = sum(scored), []
    monkeypatch.setattr(fuzzy, "_WEIGHT_MARGIN", 2.0)  # every length within reach
    every = fuzzy.FuzzyIndex(old).search_many(queries)
    assert [id(e) for e in pruned] == [id(e) for e in every]
    assert sum(e is not None for e in every) > 150
    assert pruned_pairs < sum(scored)


def _many_queries() -> tuple[list[Any], list[tuple[str | None, str]]]:
    import random

    import polib

    rnd = random.Random(5)
    words = ["ka", "lomi", "nerus", "tovi", "der", "monpel", "tra", "quibor", "lengas", "fize"]

    def text() -> str:
        return " ".join(rnd.choice(words) for _ in range(rnd.randint(2, 9)))

    old = [polib.POEntry(msgctxt=rnd.choice([None, "x"]), msgid=text(), msgstr=f"T{i}")
           for i in range(500)]
    return old, [(rnd.choice([None, "x"]), text()) for _ in range(300)]


def test_search_shared_with_a_forked_copy_answers_as_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many queries, half of them answered by a forked copy of the process: the same entries
    as answering all of them here."""
    from presslate.i18n import fuzzy

    old, queries = _many_queries()
    monkeypatch.setattr(fuzzy, "_FULL_SCAN_LIMIT", 10)  # the word and trigram paths
    monkeypatch.setattr(fuzzy, "_other_threads", lambda: False)  # threads earlier tests left
    if not fuzzy._may_fork(len(queries)):
        pytest.skip("sharing the search needs Linux and two cores")
    shared = fuzzy.FuzzyIndex(old).search_many(queries)
    monkeypatch.setattr(fuzzy, "_FORKED_QUERIES", 10 ** 9)
    alone = fuzzy.FuzzyIndex(old).search_many(queries)
    assert [id(e) for e in shared] == [id(e) for e in alone]
    assert sum(e is not None for e in alone) > 100


def test_search_answers_the_share_of_a_failed_fork_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """The forked copy fails: its share of the queries is answered in the process itself."""
    import os
    import time

    from presslate.i18n import fuzzy

    old, queries = _many_queries()
    monkeypatch.setattr(fuzzy, "_other_threads", lambda: False)  # threads earlier tests left
    if not fuzzy._may_fork(len(queries)):
        pytest.skip("sharing the search needs Linux and two cores")
    parent = os.getpid()
    search = fuzzy.FuzzyIndex._search_numbers
    answered: list[int] = []

    def fail_in_the_copy(self: Any, part: Any) -> list[int]:
        if os.getpid() != parent:
            raise MemoryError
        if not answered:
            time.sleep(0.5)  # meanwhile the copy takes a chunk
        answered.append(len(part))
        return search(self, part)

    monkeypatch.setattr(fuzzy.FuzzyIndex, "_search_numbers", fail_in_the_copy)
    found = fuzzy.FuzzyIndex(old).search_many(queries)
    assert sum(answered) == len(queries)  # its own chunks, then the one the copy took and lost
    monkeypatch.setattr(fuzzy.FuzzyIndex, "_search_numbers", search)
    monkeypatch.setattr(fuzzy, "_FORKED_QUERIES", 10 ** 9)
    assert [id(e) for e in found] == [id(e) for e in fuzzy.FuzzyIndex(old).search_many(queries)]


def test_merge_files_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path) -> None:
    """The collector paused for the merge runs again afterwards, after a failed merge too, and
    one the caller had paused stays paused."""
    import gc

    from presslate.i18n.errors import CatalogError
    from presslate.i18n.merge import merge_files

    good = tmp_path / "fr.po"
    good.write_text('msgid "a"\nmsgstr "b"\n', encoding="utf-8")
    bad = tmp_path / "bad.pot"
    bad.write_text('msgid "a\n', encoding="utf-8")
    assert gc.isenabled()
    merge_files(good, good, None)
    assert gc.isenabled()
    with pytest.raises(CatalogError):
        merge_files(good, bad, None)
    assert gc.isenabled()
    gc.disable()
    try:
        merge_files(good, good, None)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_search_goes_on_when_the_copy_dies_holding_the_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    """The forked copy is killed while it holds the lock both processes take chunks under:
    the process does not wait for it for ever, and answers every query itself."""
    import multiprocessing
    import os
    import signal

    from presslate.i18n import fuzzy

    old, queries = _many_queries()
    monkeypatch.setattr(fuzzy, "_other_threads", lambda: False)  # threads earlier tests left
    if not fuzzy._may_fork(len(queries)):
        pytest.skip("sharing the search needs Linux and two cores")
    parent = os.getpid()
    context = multiprocessing.get_context("fork")
    make_lock = type(context).Lock

    class DyingInTheCopy:
        def __init__(self) -> None:
            self.lock = make_lock(context)

        def acquire(self, timeout: float | None = None) -> bool:
            got = self.lock.acquire(timeout=timeout)
            if os.getpid() != parent:
                os.kill(os.getpid(), signal.SIGKILL)
            return bool(got)

        def release(self) -> None:
            self.lock.release()

        def __enter__(self) -> bool:
            return self.acquire()

        def __exit__(self, *exc: object) -> None:
            self.release()

    monkeypatch.setattr(type(context), "Lock", lambda self: DyingInTheCopy())
    monkeypatch.setattr(fuzzy, "_LOCK_WAIT", 0.05)
    def waited_too_long(signum: int, frame: Any) -> None:
        raise TimeoutError("the process waits for its dead copy")

    previous = signal.signal(signal.SIGALRM, waited_too_long)
    signal.alarm(30)  # a wait for ever fails the test instead of hanging the run
    try:
        found = fuzzy.FuzzyIndex(old).search_many(queries)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    monkeypatch.setattr(fuzzy, "_FORKED_QUERIES", 10 ** 9)
    assert [id(e) for e in found] == [id(e) for e in fuzzy.FuzzyIndex(old).search_many(queries)]


def test_no_fork_while_another_thread_runs() -> None:
    """A second Python thread (a Ray driver's, an executor's) may hold a lock at the fork."""
    import threading

    from presslate.i18n import fuzzy

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not fuzzy._may_fork(10_000)
    finally:
        stop.set()
        other.join()


@settings(max_examples=300, deadline=None, database=None)
@given(text=st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=40)
       | st.text(alphabet="aZ_9 -.\tÉéßİıΣς中", max_size=30) | st.text(max_size=30))
def test_words_of_a_text_are_those_of_the_word_pattern(text: str) -> None:
    """The fuzzy index's words (an ASCII text cut with a byte table) are those ``\\w+`` finds
    in the lower-cased text; ASCII words come as bytes, whatever text they are found in."""
    from presslate.i18n.fuzzy import _WORD_RE, _word_list

    expected = _WORD_RE.findall(text.lower())
    assert _word_list(text) == [w.encode() if w.isascii() else w for w in expected]


@pytest.mark.msgfmt
@pytest.mark.parametrize("scan_limit", [400, 0], ids=["all-scored", "ranked"])
def test_a_match_at_the_length_bound_counts_with_the_same_context(
        scan_limit: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A text inside an entry 7/3 times its length (or 3/7) is exactly 0.6 similar to it; the
    same msgctxt's bonus lifts it above the threshold, so msgmerge takes it, as presslate does,
    whether every entry of a plausible length is scored or only the ones ranked first (those of
    exactly the bound's length are then scored too)."""
    import polib

    from presslate.i18n import fuzzy
    from presslate.i18n.merge import merge_files

    monkeypatch.setattr(fuzzy, "_FULL_SCAN_LIMIT", scan_limit)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    old = [("aaaaaaa", "T0"), ("abcdefxxxxxxxx", "T1"), ("mnopqrstuvwxyz", "T2"),
           ("ghij", "T3")]
    new = ["aaa", "abcdef", "ghijklmnopqrstuvwxyz"]  # 3 and 7; 6 and 14; 20 and 4 (3/7 of 9.3)
    definitions, reference = tmp_path / "old.po", tmp_path / "new.pot"
    definitions.write_text(header + "".join(f'\nmsgid "{m}"\nmsgstr "{t}"\n' for m, t in old),
                           encoding="utf-8")
    reference.write_text(header + "".join(f'\nmsgid "{m}"\nmsgstr ""\n' for m in new),
                         encoding="utf-8")
    ours = merge_files(definitions, reference, None).text
    gnu = subprocess.run([require_tool("msgmerge"), "--quiet", "--previous", str(definitions),
                          str(reference), "-o", "-"], check=True, capture_output=True).stdout
    assert ours == gnu
    merged = {e.msgid: e.msgstr for e in polib.pofile(ours.decode())}
    assert (merged["aaa"], merged["abcdef"]) == ("T0", "T1")
    entries = [polib.POEntry(msgctxt="x", msgid=m, msgstr=t) for m, t in old]
    assert fuzzy.FuzzyIndex(entries).search(None, "aaa") is None  # 0.6 without the bonus


@pytest.mark.msgfmt
def test_an_entry_without_context_holds_for_any_context_at_exactly_the_threshold(
        tmp_path: Path) -> None:
    """GNU gives the msgctxt bonus to an entry of the same msgctxt and to one with none (a
    translation valid in any context): exactly 0.6 similar, such an entry is taken for a text
    with a msgctxt, and one of another msgctxt is not."""
    import polib

    from presslate.i18n import fuzzy
    from presslate.i18n.merge import merge_files

    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    old_source, new_source = "Road talks police road for directory %d", "A police directory of"
    for old_context in (None, "menu", "title"):
        context_line = f'msgctxt "{old_context}"\n' if old_context else ""
        definitions, reference = tmp_path / "old.po", tmp_path / "new.pot"
        definitions.write_text(f'{header}\n{context_line}msgid "{old_source}"\nmsgstr "T"\n',
                               encoding="utf-8")
        reference.write_text(f'{header}\nmsgctxt "menu"\nmsgid "{new_source}"\nmsgstr ""\n',
                             encoding="utf-8")
        ours = merge_files(definitions, reference, None).text
        gnu = subprocess.run([require_tool("msgmerge"), "--quiet", "--previous", str(definitions),
                              str(reference), "-o", "-"], check=True, capture_output=True).stdout
        assert ours == gnu, old_context
        merged = next(e for e in polib.pofile(ours.decode()) if e.msgid == new_source)
        assert merged.msgstr == ("" if old_context == "title" else "T"), old_context
    old = [polib.POEntry(msgid=old_source, msgstr="T")]
    assert fuzzy.FuzzyIndex(old).search("menu", new_source) is old[0]
