"""Finding the most similar translated entry for each new template entry (msgmerge's fuzzy match).

Similarity is GNU's ``fstrcmp``: 2·LCS/(len1+len2), above 0.6, a tiny bonus for an entry
with the same msgctxt or none (which holds for any context), ties to the earlier entry.
Candidates are narrowed by length (a ratio above 0.6 bounds the length ratio), then to the
100 old entries sharing the most words with the new text (and, when none of those comes
close, the 1,000 sharing the most character trigrams), and scored exactly with rapidfuzz's
Indel similarity (``cdist``), the same measure as fstrcmp. When the length window holds few
entries, all of them are scored.

The queries are answered together: the shared-word and shared-trigram counts of
a batch of queries are one matrix each, the keys held by many entries (1/16 of them
or more) counted from bit sets (64 keys to a word, an AND and a population count),
rarer ones from their postings lists with one ``bincount``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

FUZZY_THRESHOLD = 0.6
_LENGTH_FACTOR = 2 / FUZZY_THRESHOLD - 1  # GNU's bound on the length ratio of a match
_SHORT_MSG_MAX = int(12 * _LENGTH_FACTOR)  # GNU's longest entry a text of < 4 characters can match
SAME_CONTEXT_BONUS = 0.00001
_WORD_RE = re.compile(r"\w+")
_FULL_SCAN_LIMIT = 400  # score every candidate when the length window holds at most this many
_TOP_CANDIDATES = 100  # otherwise score the candidates sharing the most words
_CLOSE_ENOUGH = 0.8  # below this, also try the candidates sharing the most trigrams
_TOP_TRIGRAM_CANDIDATES = 1000
_DENSE_SHARE = 16  # a key held by 1/16 of the entries or more is counted from bit sets
_BATCH_CELLS = 1 << 18  # counts of at most this many (query, entry) pairs at a time
_FORKED_QUERIES = 256  # from this many queries on, a forked copy answers part of them
_FORKED_CHUNK = 64  # queries taken at a time by either process
_UNANSWERED = -2
_WEIGHT_MARGIN = 2 * SAME_CONTEXT_BONUS  # a length's reach, compared with a weight
_LOCK_WAIT = 1.0  # seconds between checks that the other process still lives

Found = tuple[float, int]  # (weight, entry number) of a query's best candidate
# (query number, its candidate entries, minus the keys each shares with it or None)
Candidates = tuple[int, Any, Any]


def _may_fork(queries: int) -> bool:
    """Enough queries to share with a forked copy, on a system where forking is cheap and
    safe (Linux), with two cores or more for this process, and no other Python thread (a
    thread holding a lock at the fork, such as a Ray driver's or an executor's, would leave
    it held forever in the copy)."""
    import os
    import sys

    return queries >= _FORKED_QUERIES and sys.platform == "linux" \
        and len(os.sched_getaffinity(0)) >= 2 and not _other_threads()


def _other_threads() -> bool:
    import threading

    return threading.active_count() > 1


def has_translation(entry: Any) -> bool:
    """A non-empty msgstr (for a plural entry: its first form, as GNU judges it)."""
    return bool(entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr)


class FuzzyIndex:
    """The translated entries of a catalog, searchable by similarity of msgid."""

    def __init__(self, entries: Iterable[Any]) -> None:
        import numpy as np

        self.entries = [e for e in entries if has_translation(e) and e.msgid]
        self.texts = [e.msgid for e in self.entries]
        self._text_array = np.array(self.texts, dtype=object)
        self._context_ids: dict[str | None, int] = {}
        self._context_codes = np.array(
            [self._context_ids.setdefault(e.msgctxt, len(self._context_ids)) for e in self.entries],
            dtype=np.int64)
        self.lengths = np.array([len(t) for t in self.texts], dtype=np.int64)
        self.by_length = np.argsort(self.lengths, kind="stable")
        self.sorted_lengths = self.lengths[self.by_length]
        self._words: _Words | None = None
        self._trigrams: _Trigrams | None = None
        self._grams: dict[int, frozenset[str]] = {}

    def search(self, msgctxt: str | None, msgid: str) -> Any | None:
        """The best match above the threshold, or None (GNU's choice: first best wins)."""
        return self.search_many([(msgctxt, msgid)])[0]

    def search_many(self, queries: Sequence[tuple[str | None, str]]) -> list[Any | None]:
        """:meth:`search` of each (msgctxt, msgid), answered together.

        On Linux with two cores or more, many queries are shared with a forked copy of the
        process (each query's answer does not depend on the others), which sends back entry
        numbers. Should it fail, its share is answered here.
        """
        numbers = self._search_numbers(queries) if not _may_fork(len(queries)) or not self.entries \
            else self._search_forked(queries)
        return [self.entries[n] if n >= 0 else None for n in numbers]

    def _search_forked(self, queries: Sequence[tuple[str | None, str]]) -> list[int]:
        """Both processes take chunks of queries in turn until none is left (so a copy slowed
        by other work on the machine takes fewer) and write their answers into shared memory;
        a chunk left unanswered by a failed copy is answered here."""
        import mmap
        import multiprocessing
        import os

        import numpy as np

        self._word_index()  # built once, before the fork
        self._trigram_index()  # (wanted by any query without a close match among the former)
        count = len(queries)
        shared = mmap.mmap(-1, 8 * (count + 1))  # anonymous and shared with the copy
        answers = np.frombuffer(shared, dtype=np.int64)  # [next chunk, answer per query...]
        answers[1:] = _UNANSWERED
        turn = multiprocessing.get_context("fork").Lock()
        parent = os.getpid()
        copy = {"pid": 0, "gone": False}

        def other_gone() -> bool:
            if os.getpid() != parent:  # in the copy: the process ended (it was adopted)
                return os.getppid() != parent
            if not copy["gone"] and os.waitpid(copy["pid"], os.WNOHANG)[0]:
                copy["gone"] = True
            return bool(copy["gone"])

        def claim() -> int | None:
            """The first query of the next chunk to answer; None: stop (in the copy, once
            the process has ended). The other process may have died holding the lock."""
            locked = turn.acquire(timeout=_LOCK_WAIT)
            while not locked and not other_gone():
                locked = turn.acquire(timeout=_LOCK_WAIT)
            if not locked and os.getpid() != parent:
                return None
            try:
                start = int(answers[0])
                answers[0] = start + _FORKED_CHUNK
            finally:
                if locked:
                    turn.release()
            return start

        def answer_chunks() -> None:
            while (start := claim()) is not None and start < count:
                end = min(count, start + _FORKED_CHUNK)
                answers[1 + start:1 + end] = self._search_numbers(queries[start:end])

        copy["pid"] = os.fork()
        if copy["pid"] == 0:  # the copy: answer, and leave without running any cleanup
            status = 1
            try:
                answer_chunks()
                status = 0
            finally:
                os._exit(status)
        try:
            answer_chunks()
        finally:
            if not copy["gone"]:
                os.waitpid(copy["pid"], 0)
        numbers: list[int] = answers[1:].tolist()  # (the shared memory goes with its last reference)
        left = [i for i, n in enumerate(numbers) if n == _UNANSWERED]
        for i, n in zip(left, self._search_numbers([queries[i] for i in left]), strict=True):
            numbers[i] = n
        return numbers

    def _search_numbers(self, queries: Sequence[tuple[str | None, str]]) -> list[int]:
        """For each query the number of its best entry, -1 for none."""
        import numpy as np

        found: list[Found | None] = [None] * len(queries)
        if not self.entries or not queries:
            return [-1] * len(queries)
        sizes = np.array([len(msgid) for _, msgid in queries], dtype=np.int64)
        # 2*min/(n+L) > 0.6  <=>  3n/7 < L < 7n/3 (the window the candidates are ranked in)
        starts = np.searchsorted(self.sorted_lengths, 3 * sizes / 7, side="right").tolist()
        ends = np.searchsorted(self.sorted_lengths, 7 * sizes / 3, side="left").tolist()
        # At 0.6 exactly (L = 3n/7 or 7n/3), the msgctxt's bonus lifts the weight above
        # the threshold: those entries are scored as well.
        lows = np.searchsorted(self.sorted_lengths, 3 * sizes / 7, side="left").tolist()
        highs = np.searchsorted(self.sorted_lengths, 7 * sizes / 3, side="right").tolist()
        scans: list[Candidates] = []
        wide: list[int] = []
        for q, (start, end, low, high) in enumerate(zip(starts, ends, lows, highs, strict=True)):
            if high <= low or not queries[q][1]:
                continue
            if end - start <= _FULL_SCAN_LIMIT:
                scans.append((q, self.by_length[low:high], None))
            else:
                wide.append(q)
        for q, best in self._best_many(queries, scans):
            found[q] = best
        if wide:
            words = self._word_index()
            ranked = self._ranked(words, [words.keys_of(queries[q][1]) for q in wide], wide,
                                  starts, ends, _TOP_CANDIDATES)
            ranked = self._with_bounds(ranked, wide, starts, ends, lows, highs)
            for q, best in self._best_many(queries, ranked):
                found[q] = best
            # No close match among the texts sharing words: rank by shared trigrams as well.
            again = [q for q in wide if (f := found[q]) is None or f[0] < _CLOSE_ENOUGH]
            if again:
                trigrams = self._trigram_index()
                scored = {q: chosen for q, chosen, _ in ranked}
                ranked = self._ranked(trigrams, [trigrams.keys_of(queries[q][1]) for q in again],
                                      again, starts, ends, _TOP_TRIGRAM_CANDIDATES)
                # The entries scored among the former cannot beat the match found there (or
                # there was none): not scored again.
                seen = np.zeros(len(self.entries), dtype=bool)
                for i, (q, chosen, shares) in enumerate(ranked):
                    if q in scored:
                        seen[scored[q]] = True
                        fresh = ~seen[chosen]
                        seen[scored[q]] = False
                        ranked[i] = (q, chosen[fresh], shares[fresh])
                # (an entry weighing less than the match found among the former cannot win)
                for q, other in self._best_many(queries, ranked, found):
                    before = found[q]
                    msgid = queries[q][1]
                    if other is not None and (before is None or other[0] > before[0] or (
                            other[0] == before[0]
                            and self._visit_key(msgid, other[1]) < self._visit_key(msgid, before[1]))):
                        found[q] = other
        return [f[1] if f is not None else -1 for f in found]

    def _with_bounds(self, ranked: list[Candidates], which: list[int], starts: list[int],
                     ends: list[int], lows: list[int], highs: list[int]) -> list[Candidates]:
        """``ranked`` with, for each query, the entries of exactly the shortest or longest
        length the threshold allows (outside the window the others were ranked in)."""
        import numpy as np

        extra = {q: np.concatenate((self.by_length[lows[q]:starts[q]],
                                    self.by_length[ends[q]:highs[q]]))
                 for q in which if lows[q] < starts[q] or ends[q] < highs[q]}
        if not extra:
            return ranked
        joined: list[Candidates] = []
        for q, chosen, shares in ranked:
            more = extra.pop(q, None)
            if more is not None:
                chosen = np.concatenate((chosen, more))
                shares = np.concatenate((shares, np.zeros(len(more), dtype=shares.dtype)))
            joined.append((q, chosen, shares))
        joined += [(q, more, np.zeros(len(more), dtype=np.int64)) for q, more in extra.items()]
        return joined

    def _word_index(self) -> _Words:
        if self._words is None:
            self._words = _Words(self.texts)
        return self._words

    def _trigram_index(self) -> _Trigrams:
        if self._trigrams is None:
            self._trigrams = _Trigrams(self.texts)
        return self._trigrams

    def _ranked(self, index: _Inverted, keys: list[Any], which: list[int], starts: list[int],
                ends: list[int], limit: int) -> list[Candidates]:
        """For each query ``which[i]`` (holding the keys ``keys[i]``): the entries of a
        plausible length (``by_length[starts[q]:ends[q]]``) sharing the most keys with it,
        at most ``limit``, and how many keys each shares."""
        import numpy as np

        ranked: list[Candidates] = []
        step = max(1, _BATCH_CELLS // max(1, index.size))
        for first in range(0, len(which), step):
            batch = which[first:first + step]
            counts = index.count_many(keys[first:first + step])
            for line, q in zip(counts, batch, strict=True):  # not of a plausible length:
                line[self.by_length[:starts[q]]] = 0  # shares nothing (a row's own view is
                line[self.by_length[ends[q]:]] = 0  # faster to index than the matrix)
            shared = np.count_nonzero(counts, axis=1).tolist()
            np.negative(counts, out=counts)
            for row, q in enumerate(batch):
                top = min(limit, shared[row])
                if top:
                    # (a copy: a view would keep the whole row's order alive with it)
                    chosen = np.argpartition(counts[row], top - 1)[:top].copy()
                    ranked.append((q, chosen, counts[row, chosen]))
        return ranked

    def _best_many(self, queries: Sequence[tuple[str | None, str]], candidates: list[Candidates],
                   floors: list[Found | None] | None = None) -> list[tuple[int, Found | None]]:
        """For each (query number, candidate entries, minus the keys each shares or None): the
        best candidate above the threshold, as GNU chooses it (see :meth:`_gnu_choice`).

        The weight is the similarity plus a tiny bonus for the same msgctxt. Candidates whose
        length alone keeps them below a weight some candidate reaches are not scored: below
        ``floors[q]`` (a match found before), or below the candidate sharing the most keys.
        """
        import numpy as np
        from rapidfuzz import fuzz, process

        floor = [FUZZY_THRESHOLD] * len(candidates)
        if floors is not None:
            for i, (q, _, _) in enumerate(candidates):
                if (before := floors[q]) is not None:
                    floor[i] = max(FUZZY_THRESHOLD, before[0])
        # The candidates sharing the most keys, scored first (all in one call).
        leading = [i for i, (_, chosen, shares) in enumerate(candidates)
                   if shares is not None and len(chosen) > 1]
        if leading:
            firsts = np.array([candidates[i][1][int(np.argmin(candidates[i][2]))] for i in leading],
                              dtype=np.int64)
            msgids = [queries[candidates[i][0]][1] for i in leading]
            scores = process.cpdist(msgids, self._text_array[firsts], scorer=fuzz.ratio,
                                    score_cutoff=FUZZY_THRESHOLD * 100, dtype=np.float64)
            weights = self._with_bonus([queries[candidates[i][0]][0] for i in leading], firsts,
                                       scores)
            for i, first, msgid, weight in zip(leading, firsts, msgids, weights.tolist(),
                                               strict=True):
                if weight > floor[i]:
                    found = self._gnu_choice(msgid, np.array([first]), np.array([weight]))
                    if found is not None:
                        floor[i] = found[0]
        results: list[tuple[int, Found | None]] = []
        for (q, chosen, _), least in zip(candidates, floor, strict=True):
            msgctxt, msgid = queries[q]
            if least > FUZZY_THRESHOLD:
                # 2*LCS/(n+L) <= 2*min(n, L)/(n+L); kept within a margin for the bonus
                size = len(msgid)
                lengths = self.lengths[chosen]
                reach = 2 * np.minimum(lengths, size) / (lengths + size)
                chosen = chosen[reach + _WEIGHT_MARGIN >= least]
            scores = self._scores(msgid, chosen)
            hits = np.flatnonzero(scores)  # (most often none: nothing to choose from)
            results.append((q, self._gnu_choice(
                msgid, chosen[hits], self._with_bonus(msgctxt, chosen[hits], scores[hits]))
                if len(hits) else None))
        return results

    def _scores(self, msgid: str, chosen: Any) -> Any:
        """The similarity of ``msgid`` to each entry ``chosen`` (rapidfuzz's Indel ratio, as
        fstrcmp, in percent), 0 below the threshold."""
        import numpy as np
        from rapidfuzz import fuzz, process

        return process.cdist([msgid], self._text_array[chosen], scorer=fuzz.ratio,
                             score_cutoff=FUZZY_THRESHOLD * 100, dtype=np.float64)[0]

    def _with_bonus(self, msgctxt: str | list[str | None] | None, chosen: Any, scores: Any) -> Any:
        """``scores`` (0 below the threshold) as weights: the similarity, and the bonus where
        the entry ``chosen`` has the msgctxt (of each score's query, for a list) or none."""
        import numpy as np

        contexts = msgctxt if isinstance(msgctxt, list) else [msgctxt]
        wanted = np.array([self._context_ids.get(c, -1) for c in contexts], dtype=np.int64)
        codes = self._context_codes[chosen]
        # GNU (fuzzy_search_goal_function): an entry with no msgctxt holds for any context
        anywhere = self._context_ids.get(None, -2)
        weights = scores / 100 + np.where((codes == wanted) | (codes == anywhere),
                                          SAME_CONTEXT_BONUS, 0.0)
        weights[scores == 0] = 0.0  # below the cutoff
        return weights

    def _gnu_choice(self, msgid: str, chosen: Any, weights: Any) -> Found | None:
        """The candidate GNU's fuzzy index would choose among those above the threshold.

        GNU looks only at the entries sharing a 4-gram of characters with the text (so "A
        for in" is no match for "A the in", though similar enough); a text of fewer than 4
        characters only at the entries of at most 28 bytes whose byte length allows the
        threshold. Of equal weights it keeps the one found first: the entry sharing the most
        4-grams, then the earliest; for a short text, the shortest, then the earliest.
        """
        import numpy as np

        above = np.flatnonzero(weights > FUZZY_THRESHOLD)
        if not len(above):
            return None
        if len(msgid) < 4:
            size = len(msgid.encode())
            low, high = math.ceil(size / _LENGTH_FACTOR), int(size * _LENGTH_FACTOR)
            ranked = []
            for i in above:
                entry = int(chosen[i])
                width = len(self.texts[entry].encode())
                if low <= width <= min(high, _SHORT_MSG_MAX):
                    ranked.append((-float(weights[i]), width, entry))
            if not ranked:
                return None
            weight, _, entry = min(ranked)
            return -weight, entry
        levels = weights[above]
        for weight in sorted(set(levels.tolist()), reverse=True):
            entries = chosen[above[levels == weight]].tolist()
            if len(entries) == 1:  # (most often: does it share a 4-gram at all?)
                if _shares_gram(msgid, self.texts[entries[0]]):
                    return weight, entries[0]
                continue
            grams = _grams4(msgid) or frozenset()
            best: tuple[int, int] | None = None  # (-shared 4-grams, entry)
            for entry in entries:
                shared = len(grams & self._grams_of(entry))
                if shared and (best is None or (-shared, entry) < best):
                    best = (-shared, entry)
            if best is not None:
                return weight, best[1]
        return None

    def _visit_key(self, msgid: str, entry: int) -> tuple[int, int]:
        """Where GNU's search for ``msgid`` visits ``entry``: by 4-grams shared (most first),
        for a text under 4 characters by byte length (shortest first); then entry order."""
        grams = _grams4(msgid)
        if grams is None:
            return len(self.texts[entry].encode()), entry
        return -len(grams & self._grams_of(entry)), entry

    def _grams_of(self, entry: int) -> frozenset[str]:
        found = self._grams.get(entry)
        if found is None:
            found = self._grams[entry] = _grams4(self.texts[entry]) or frozenset()
        return found


class _Inverted:
    """Which entries hold each key: postings (one numpy array cut by ``offsets``), and for
    the keys held by at least 1/16 of the entries, bit sets: each entry's set of those keys
    as 64-bit words, counted for a query with an AND and a population count per word."""

    size: int
    postings: Any
    offsets: Any
    row_of: Any  # key -> its bit among the common keys (-1: a rare key)
    bits: Any  # (words, entries) uint64

    def _densify(self) -> None:
        import numpy as np

        sizes = np.diff(self.offsets)
        common = np.flatnonzero(sizes * _DENSE_SHARE >= max(self.size, 1))
        self.row_of = np.full(len(sizes), -1, dtype=np.int64)
        self.row_of[common] = np.arange(len(common))
        self.bits = np.zeros(((len(common) + 63) // 64, self.size), dtype=np.uint64)
        for row, key in enumerate(common.tolist()):
            self.bits[row // 64, self.postings[self.offsets[key]:self.offsets[key + 1]]] |= \
                np.uint64(1 << (row % 64))

    def count_many(self, keys: list[Any]) -> Any:
        """How many of each query's keys (distinct key numbers) each entry holds: a matrix,
        one row per query."""
        import numpy as np

        rows = len(keys)
        query_of = np.repeat(np.arange(rows, dtype=np.int64), [len(k) for k in keys])
        at = np.concatenate(keys) if rows else np.empty(0, dtype=np.int64)
        bit = self.row_of[at]
        rare = bit < 0
        starts = self.offsets[at[rare]]
        sizes = self.offsets[at[rare] + 1] - starts
        flat = self.postings[_spans(starts, sizes)] + np.repeat(query_of[rare] * self.size, sizes)
        counts = np.bincount(flat, minlength=rows * self.size).reshape(rows, self.size)
        if not rare.all():
            common = ~rare
            wanted = np.zeros((rows, len(self.bits)), dtype=np.uint64)
            np.bitwise_or.at(wanted, (query_of[common], bit[common] // 64),
                             np.left_shift(np.uint64(1), (bit[common] % 64).astype(np.uint64)))
            both = np.empty((rows, self.size), dtype=np.uint64)
            held = np.empty((rows, self.size), dtype=np.uint8)
            # (summed in 16 bits when no query can hold more common keys, then added once)
            total = np.zeros((rows, self.size), dtype=np.uint16 if 64 * len(self.bits) < 1 << 16
                             else np.int64)
            for word in np.flatnonzero(wanted.any(axis=0)).tolist():
                np.bitwise_and(self.bits[word], wanted[:, word:word + 1], out=both)
                np.bitwise_count(both, out=held)
                total += held
            counts += total
        return counts


def _grams4(text: str) -> frozenset[str] | None:
    """The text's 4-grams of characters (GNU's fuzzy index), or None under 4 characters."""
    if len(text) < 4:
        return None
    return frozenset(text[i:i + 4] for i in range(len(text) - 3))


def _shares_gram(text: str, other: str) -> bool:
    """``other`` holds one of the 4-grams of characters of ``text`` (both 4 characters or more)."""
    return any(other[i:i + 4] in text for i in range(len(other) - 3))


def _spans(starts: Any, sizes: Any) -> Any:
    """The positions ``start, start+1, ..., start+size-1`` of each span, concatenated."""
    import numpy as np

    total = int(sizes.sum())
    shift = np.repeat(starts - np.cumsum(sizes) + sizes, sizes)
    return shift + np.arange(total, dtype=np.int64)


def _distinct(values: Any) -> Any:
    """The distinct integers of ``values``, sorted (``np.unique`` hashes, far slower here)."""
    import numpy as np

    ordered = np.sort(values)
    if not len(ordered):
        return ordered
    fresh = np.empty(len(ordered), dtype=bool)
    fresh[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=fresh[1:])
    return ordered[fresh]


# Each byte of printable ASCII kept when it is a word character (as \w), a space otherwise.
_ASCII_WORDS = bytes(c if chr(c).isalnum() or chr(c) == "_" else 32 for c in range(128)) \
    + bytes([32]) * 128


def _word_list(text: str) -> list[str | bytes]:
    r"""The lower-cased words (``\w+``) of ``text``, the ASCII ones as bytes: an ASCII text is
    cut with a byte table, several times faster than the pattern."""
    if text.isascii():
        return text.encode("ascii").lower().translate(_ASCII_WORDS).split()  # type: ignore[return-value]
    return [w.encode("ascii") if w.isascii() else w for w in _WORD_RE.findall(text.lower())]


def _words(text: str) -> set[str | bytes]:
    return set(_word_list(text))


class _Words(_Inverted):
    """An inverted index of the (lower-cased) words of the texts."""

    def __init__(self, texts: list[str]) -> None:
        import itertools

        import numpy as np

        found = [_word_list(text) for text in texts]
        every = itertools.chain.from_iterable
        self.ids = ids = {word: key for key, word in enumerate(dict.fromkeys(every(found)))}
        self.size = size = len(texts)
        keys = np.fromiter(map(ids.__getitem__, every(found)), dtype=np.int64,
                           count=sum(map(len, found)))
        owners = np.repeat(np.arange(size, dtype=np.int64), [len(f) for f in found])
        pairs = _distinct(keys * size + owners)  # (key, entry) once each, by key then entry
        self.postings = pairs % max(1, size)
        self.offsets = np.searchsorted(pairs // max(1, size), np.arange(len(ids) + 1))
        self._densify()

    def keys_of(self, text: str) -> Any:
        """The key numbers of the words of ``text`` the index knows."""
        import numpy as np

        ids = self.ids
        return np.array([ids[w] for w in _words(text) if w in ids], dtype=np.int64)


class _Trigrams(_Inverted):
    """An inverted index of character trigrams, built and searched with numpy only.

    A trigram's key is its three characters' ranks in the texts' alphabet, so a key and
    an entry number fit in one integer, and one ``unique`` sorts and deduplicates them.
    """

    def __init__(self, texts: list[str]) -> None:
        import numpy as np

        self.size = size = len(texts)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=size)
        points = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
        # The last slot stands for every code point above the texts' own: never present.
        self.present = np.zeros(int(points.max()) + 2 if len(points) else 1, dtype=bool)
        self.present[points] = True
        self.rank = np.cumsum(self.present) - 1  # a code point's rank in the alphabet
        self.alphabet = alphabet = max(1, int(np.count_nonzero(self.present)))
        ranks = self.rank[points]
        # A trigram starts at each character of a text but its last two.
        inside = np.ones(max(0, len(points) - 2), dtype=bool)
        ends = np.cumsum(lengths)
        for back in (1, 2):
            at = ends - back
            inside[at[(at >= 0) & (at < len(inside))]] = False
        keys = ranks[:-2] * alphabet
        keys += ranks[1:-1]
        keys *= alphabet
        keys += ranks[2:]
        keys = keys[inside]
        del ranks, inside
        entries = np.repeat(np.arange(size, dtype=np.int64), np.maximum(lengths - 2, 0))
        if alphabet ** 3 * max(1, size) < 2 ** 62:
            keys *= size
            keys += entries
            del entries
            pairs = _distinct(keys)
            del keys
            keys, self.postings = np.divmod(pairs, max(1, size))
        else:  # a huge alphabet: sort by key, then entry
            order = np.lexsort((entries, keys))
            keys, entries = keys[order], entries[order]
            fresh = np.ones(len(keys), dtype=bool)
            fresh[1:] = (keys[1:] != keys[:-1]) | (entries[1:] != entries[:-1])
            keys, self.postings = keys[fresh], entries[fresh]
        starts = np.flatnonzero(np.append(True, keys[1:] != keys[:-1])) if len(keys) \
            else np.empty(0, dtype=np.int64)
        self.keys = keys[starts]
        self.offsets = np.append(starts, len(keys)).astype(np.int64)
        self._densify()

    def keys_of(self, text: str) -> Any:
        """The key numbers of the distinct trigrams of ``text`` the index knows."""
        import numpy as np

        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        if len(points) < 3 or len(self.keys) == 0:
            return np.empty(0, dtype=np.int64)
        points = np.minimum(points, len(self.present) - 1)
        known = self.present[points]
        ranks = self.rank[points]
        inside = known[:-2] & known[1:-1] & known[2:]
        keys = _distinct(((ranks[:-2] * self.alphabet + ranks[1:-1]) * self.alphabet
                          + ranks[2:])[inside])
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return at[self.keys[at] == keys]
