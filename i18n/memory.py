"""The translation memory's search: the reviewed translations into one locale closest to a text.

:class:`Memory` holds the reviewed entries of the workspace's catalogs of one locale and
answers, for a source text, the reviewed translations whose source is at least
``translate.tm_threshold`` similar (rapidfuzz's ``fuzz.ratio``), best first, from articles
other than the asking one. :class:`RatioIndex` finds them without scoring most entries:

- when at most :data:`EXACT_WINDOW` entries have a length that lets them reach the threshold,
  the answers are exactly those of scoring every entry (a bound on the score rules most out);
- beyond that, an exact answer costs time in proportion to the memory for each text, so a
  first run over a large workspace would be quadratic (none of the exact filters tried rules
  out enough at a threshold as low as 75%: README, Performance). The candidates are then
  the entries sharing the most of the text's rarest character 4-grams, a fixed number of
  postings read per text, and the :data:`CANDIDATES` best of them are scored. Every match
  shown is a true one with its true score, in the same order; a match that shares few of the
  rare 4-grams read can be missed (``benchmarks/memory_recall.py`` measures how often).

:mod:`presslate.i18n.memory_kept` keeps the answers between runs, and
:mod:`presslate.i18n.notes` writes them as ``#. memory`` notes for the translator.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .catalog import REVIEWED, SOURCE, entry_state

MEMORY_SHOWN = 3  # close matches listed per entry
_MEMORY_RULES = 3  # raise when Memory.close answers differently, or its kept answers change form
_BAG_COLUMNS = 64  # the keys' 63 commonest characters, one column each; all others share one
_EPSILON = 1e-9  # slack on bounds computed in floating point
# how far below the last match kept the cutoff handed to rapidfuzz is: its process functions
# may score 0 a key a hair above their cutoff, and a key tying with that match must be found
_SLACK = 0.01
_BUILD_CHUNK = 1024  # keys counted at a time when the index is built
_LEVELS = (90.0,)  # scores searched for first, among the keys of closest length
_DIRECT = 128  # an index of this many keys or fewer scores every one
_FIRST_CHUNK = 16  # candidates scored in one call at first, then 8 times as many each time
_STEPS = 300  # steps per point in which candidates are ranked by bound (100 points fit an int16)
# Beyond this many keys of a plausible length, candidates come from the 4-gram index:
EXACT_WINDOW = 1000
GRAM = 4  # characters per gram
POSTINGS_READ = 4000  # postings read per text, its rarest grams first
CANDIDATES = 1024  # keys scored per text: those sharing the most grams read
_MIX = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5)


class RatioIndex:
    """The keys of a memory, for finding those closest to a text by ``fuzz.ratio`` without
    scoring every one. ``fuzz.ratio`` is 200 * LCS / (len1 + len2) (normalised Indel
    similarity), and the longest common subsequence is at most the size of the intersection of
    the two strings' character multisets: that bound, computed with numpy over the keys whose
    length lets the ratio reach the cutoff, rules keys out, and only the rest are scored, best
    bound first, until no key left can reach the last match kept. The pruning is exact: the
    scores (rapidfuzz, same cutoff), the matches and their order are those of
    ``process.extract`` over every key. When more than :data:`EXACT_WINDOW` keys have a
    plausible length, the keys scored are the :data:`CANDIDATES` sharing the most of the
    text's rarest grams instead (:meth:`_gram_candidates`): a bounded cost per text."""

    def __init__(self, keys: Sequence[str], cutoff: float) -> None:
        self.keys = list(keys)
        self.cutoff = cutoff
        self.direct = len(self.keys) <= _DIRECT  # so few that bounding costs more than scoring
        if not self.direct:
            self._build()

    def _build(self) -> None:
        import numpy as np

        lengths = np.fromiter((len(k) for k in self.keys), dtype=np.int64, count=len(self.keys))
        counts: Counter[str] = Counter()
        for key in self.keys:
            counts.update(key)
        common = [ord(char) for char, _ in counts.most_common(_BAG_COLUMNS - 1)]
        self.columns = np.array(sorted(common), dtype=np.uint32)
        bags = np.zeros((len(self.keys), _BAG_COLUMNS), dtype=np.int64)
        for start in range(0, len(self.keys), _BUILD_CHUNK):  # bounded temporary arrays
            chunk = self.keys[start:start + _BUILD_CHUNK]
            rows = np.repeat(np.arange(len(chunk)), lengths[start:start + len(chunk)])
            cells = rows * _BAG_COLUMNS + self._column(_code_points("".join(chunk)))
            bags[start:start + len(chunk)] = np.bincount(
                cells, minlength=len(chunk) * _BAG_COLUMNS).reshape(-1, _BAG_COLUMNS)
        self.order = np.argsort(lengths, kind="stable")  # key indices, shortest first
        self.lengths = lengths[self.order]
        most = int(bags.max()) if bags.size else 0
        self.dtype = np.uint8 if most < 2**8 else np.uint16 if most < 2**16 else np.int64
        self.bags = bags[self.order].astype(self.dtype)
        # a sum of 64 bytes fits in 16 bits
        self.sum_dtype = np.uint16 if self.dtype == np.uint8 else np.int64
        self.key_array = np.array(self.keys, dtype=object)  # gathered by index for rapidfuzz
        self._grams: tuple[Any, Any, Any] | None = None  # built when a window first needs it
        self._shift = 0  # bits of a gram's hash left out in the index

    def _column(self, points: Any) -> Any:
        import numpy as np

        if not len(self.columns):
            return np.full(len(points), _BAG_COLUMNS - 1)
        at = np.minimum(np.searchsorted(self.columns, points), len(self.columns) - 1)
        return np.where(self.columns[at] == points, at, _BAG_COLUMNS - 1)

    def _window(self, size: int, level: float) -> tuple[int, int]:
        """The positions (in :attr:`order`) of the keys whose length lets the ratio with a text
        of ``size`` characters reach ``level``."""
        import numpy as np

        low = size * level / (200 - level) - 1 if 0 < level < 200 else -1
        high = size * (200 - level) / level + 1 if level > 0 else np.inf
        return (int(np.searchsorted(self.lengths, low, "left")),
                int(np.searchsorted(self.lengths, high, "right")))

    def _bounds(self, bag: Any, size: int, a: int, b: int) -> Any:
        """The bound of the keys at positions ``a`` to ``b`` (in :attr:`order`)."""
        import numpy as np

        shared = np.minimum(self.bags[a:b], bag).sum(axis=1, dtype=self.sum_dtype)
        total = size + self.lengths[a:b]
        return np.where(total > 0, 200.0 * shared / np.maximum(total, 1), 100.0)

    def ranked(self, text: str, accept: Callable[[str], bool],
               limit: int) -> list[tuple[int, float]]:
        """(key index, score) of the keys scoring at least the cutoff, best first (ties in key
        order), enough of them for the first ``limit`` accepted (every one if ``limit`` < 1).
        The keys of similar length are searched first: when ``limit`` matches score at least
        ``level``, no key outside them can displace one; the bounds of that window are kept
        for the wider one."""
        from rapidfuzz import fuzz, process

        if self.direct:  # every key scored (best first, ties in key order)
            return [(i, float(score)) for _, score, i in process.extract(
                text, self.keys, scorer=fuzz.ratio, score_cutoff=self.cutoff, limit=None)]
        import numpy as np

        size = len(text)
        bag = np.bincount(self._column(_code_points(text)), minlength=_BAG_COLUMNS)
        bag = np.minimum(bag, np.iinfo(self.dtype).max).astype(self.dtype)
        scored = np.zeros(len(self.keys), dtype=bool)
        found: dict[int, float] = {}  # key index -> score, of the keys scored at the cutoff or more
        low, high = self._window(size, self.cutoff)
        if high - low > EXACT_WINDOW:  # too many of a plausible length: the grams' candidates
            chosen = self._gram_candidates(text, low, high)
            shared = np.minimum(self.bags[chosen], bag).sum(axis=1, dtype=self.sum_dtype)
            total = size + self.lengths[chosen]
            bounds = np.where(total > 0, 200.0 * shared / np.maximum(total, 1), 100.0)
            self._score_best(text, self.order[chosen], bounds, self.cutoff, scored, found,
                             accept, limit)
            return _by_score(found)
        bounds = np.zeros(0, dtype=np.float64)  # of the keys at positions a to b (in self.order)
        a = b = 0
        levels = [level for level in _LEVELS if level > self.cutoff] if limit >= 1 else []
        for level in [*levels, self.cutoff]:
            low, high = self._window(size, level)  # windows nest: wider as the level falls
            if a == b:
                a = b = low
            bounds = np.concatenate([self._bounds(bag, size, low, a), bounds,
                                     self._bounds(bag, size, b, high)])
            a, b = low, high
            self._score_best(text, self.order[a:b], bounds, level, scored, found, accept, limit)
            last = _last_kept(found, self.keys, accept, limit)
            if last is not None and last >= level:
                break
        return _by_score(found)

    def _score_best(self, text: str, keys: Any, bounds: Any, level: float, scored: Any,
                    found: dict[int, float], accept: Callable[[str], bool], limit: int) -> None:
        """Score the ``keys`` (key indices; ``bounds``, their bounds) not yet ``scored`` whose
        bound reaches ``level``, best bound first, into ``found``, until no key left can
        displace the ``limit``-th accepted match found."""
        import numpy as np
        from rapidfuzz import fuzz, process

        keep = np.flatnonzero(bounds >= level - _EPSILON)
        index, bound = keys[keep], bounds[keep]
        fresh = ~scored[index]
        # best bound first, bounds in steps of 1/_STEPS of a point (a radix sort): the order
        # only decides when the search can stop, never what it finds
        steps = -(bound[fresh] * _STEPS).astype(np.int16)
        ranked = np.argsort(steps, kind="stable")
        index, steps = index[fresh][ranked], steps[ranked]
        done, chunk, end = 0, _FIRST_CHUNK, len(index)
        cutoff = self.cutoff
        while done < end:
            last = _last_kept(found, self.keys, accept, limit)
            if last is not None:  # a key whose bound is below the last match kept cannot displace it
                end = int(np.searchsorted(steps, -int((last - _EPSILON) * _STEPS), "right"))
                # nor can a key scoring below it: rapidfuzz gives up on those sooner
                cutoff = max(self.cutoff, last - _SLACK)
            batch = index[done:min(done + chunk, end)]
            if len(batch):
                scores = process.cdist([text], self.key_array[batch], scorer=fuzz.ratio,
                                       score_cutoff=cutoff, dtype=np.float64)[0]
                scored[batch] = True
                # rapidfuzz decides the cutoff (it scores 0 below it), as process.extract does:
                # a score a hair under a cutoff such as 50.00000000000001 is one it keeps
                hits = np.flatnonzero(scores > 0) if cutoff > 0 else np.arange(len(batch))
                found.update(zip(batch[hits].tolist(), scores[hits].tolist(), strict=True))
            done += chunk
            chunk *= 8

    def _gram_index(self) -> tuple[Any, Any, Any]:
        """The distinct grams of the keys (sorted), where each one's postings start in the
        third array, and the postings: the positions (in :attr:`order`) of the keys holding
        the gram, each once, in order."""
        if self._grams is None:
            import numpy as np

            ordered = [self.keys[i] for i in self.order.tolist()]
            # a gram and a key in one number: the gram's hash shifted left, the key's position
            # in the bits freed (two grams may then share a hash: more candidates, no harm)
            shift = self._shift = max(1, len(ordered).bit_length())
            parts = []
            for start in range(0, len(ordered), _BUILD_CHUNK):  # bounded temporary arrays
                hashes, owners = _grams_of(ordered[start:start + _BUILD_CHUNK])
                parts.append(hashes >> np.uint64(shift) << np.uint64(shift)
                             | (owners + start).astype(np.uint64))
            pairs = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)
            del parts
            pairs.sort()  # by gram, then key
            pairs = pairs[_firsts(pairs)]  # each (gram, key) once
            grams = pairs >> np.uint64(shift)
            fresh = _firsts(grams)
            starts = np.append(np.flatnonzero(fresh), len(grams))
            postings = (pairs & np.uint64((1 << shift) - 1)).astype(np.int32)
            self._grams = grams[fresh], starts, postings
        return self._grams

    def _gram_candidates(self, text: str, low: int, high: int) -> Any:
        """The positions (in :attr:`order`, from ``low`` to ``high``) of at most
        :data:`CANDIDATES` keys: those sharing the most of the text's grams (weighted by their
        rarity) among the postings read, rarest grams first, at most :data:`POSTINGS_READ` of
        them (of the rarest gram, those closest in length if it has more); then the keys
        closest in length, when the grams find fewer."""
        import numpy as np

        from .fuzzy import _distinct, _spans

        grams, offsets, postings = self._gram_index()
        hashes = _distinct(_grams_of([text])[0] >> np.uint64(self._shift))
        at = np.minimum(np.searchsorted(grams, hashes), max(len(grams) - 1, 0))
        ids = at[grams[at] == hashes] if len(grams) else at[:0]
        starts = offsets[ids]
        sizes = offsets[ids + 1] - starts
        rarest = np.argsort(sizes, kind="stable")
        starts, sizes = starts[rarest], sizes[rarest]
        taken = int(np.searchsorted(np.cumsum(sizes), POSTINGS_READ, "right"))
        middle = int(np.searchsorted(self.lengths, len(text)))  # the text's place by length
        if taken == 0 and len(sizes):  # a gram too common: its keys nearest in length
            first = postings[starts[0]:starts[0] + sizes[0]]
            at_middle = int(np.searchsorted(first, middle))
            begin = min(max(0, at_middle - POSTINGS_READ // 2), len(first) - POSTINGS_READ)
            read = first[begin:begin + POSTINGS_READ]
            weights = np.ones(len(read))
        else:
            starts, sizes = starts[:taken], sizes[:taken]
            read = postings[_spans(starts, sizes)]
            # a gram held by fewer keys says more (its inverse document frequency)
            weights = np.repeat(np.log((len(self.keys) + 1) / np.maximum(sizes, 1)), sizes)
        plausible = (read >= low) & (read < high)
        read, weights = read[plausible], weights[plausible]
        order = np.argsort(read, kind="stable")
        read, weights = read[order], weights[order]
        fresh = _firsts(read)
        found = read[fresh]
        shared = np.add.reduceat(weights, np.flatnonzero(fresh)) if len(read) else weights
        distance = np.abs(found - middle)
        shared = shared / (self.lengths[found] + len(text))
        best = np.lexsort((distance, -shared))[:CANDIDATES]
        chosen = found[best]
        if len(chosen) < CANDIDATES:  # few grams in common: the keys nearest in length as well
            near = np.arange(max(low, middle - CANDIDATES), min(high, middle + CANDIDATES))
            near = near[~np.isin(near, chosen)]
            near = near[np.argsort(np.abs(near - middle), kind="stable")]
            chosen = np.concatenate((chosen, near[:CANDIDATES - len(chosen)]))
        return chosen


def _grams_of(texts: Sequence[str]) -> tuple[Any, Any]:
    """The :data:`GRAM`-character grams of each text, lowercased, as 64-bit hashes, and the
    number of the text each comes from (a text shorter than a gram is one gram)."""
    import numpy as np

    lowered = [t.lower() for t in texts]
    sizes = np.fromiter((len(t) for t in lowered), dtype=np.int64, count=len(lowered))
    points = _code_points("".join(lowered)).astype(np.uint64)
    owner = np.repeat(np.arange(len(lowered), dtype=np.int64), sizes)
    span = len(points) - GRAM + 1
    if span > 0:
        with np.errstate(over="ignore"):
            hashes = points[:span] * np.uint64(_MIX[0])
            for k in range(1, GRAM):
                hashes ^= points[k:k + span] * np.uint64(_MIX[k])
        whole = owner[:span] == owner[GRAM - 1:]  # the gram lies within one text
        hashes, owners = hashes[whole], owner[:span][whole]
    else:
        hashes, owners = np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    short = np.flatnonzero((sizes > 0) & (sizes < GRAM))
    if len(short):  # a short text: one gram of its own
        extra = np.fromiter((_short_gram(lowered[i]) for i in short.tolist()),
                            dtype=np.uint64, count=len(short))
        hashes, owners = np.concatenate((hashes, extra)), np.concatenate((owners, short))
    return hashes, owners


def _firsts(ordered: Any) -> Any:
    """Where each run of equal values of the sorted array ``ordered`` starts (a mask)."""
    import numpy as np

    fresh = np.ones(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=fresh[1:])
    return fresh


def _short_gram(text: str) -> int:
    """The hash of a text shorter than a gram, mixed as a gram's, marked by its length."""
    mixed = len(text) << 56
    for k, char in enumerate(text):
        mixed ^= ord(char) * _MIX[k] & 0xFFFFFFFFFFFFFFFF
    return mixed


def _code_points(text: str) -> Any:
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _by_score(found: Mapping[int, float]) -> list[tuple[int, float]]:
    """(key index, score) of the keys found, best first, ties in key order."""
    return [(i, -score) for score, i in sorted((-score, i) for i, score in found.items())]


def _last_kept(found: Mapping[int, float], keys: Sequence[str], accept: Callable[[str], bool],
               limit: int) -> float | None:
    """The score of the ``limit``-th accepted match found so far (None: fewer, or no limit)."""
    if limit < 1:
        return None
    kept = 0
    for score, i in sorted((-score, i) for i, score in found.items()):
        if accept(keys[i]):
            kept += 1
            if kept == limit:
                return -score
    return None


@dataclass
class Memory:
    """Reviewed translations into one locale: source text -> its (translation, article)s."""

    entries: Mapping[str, tuple[tuple[str, str], ...]]
    threshold: float  # 0-1
    _keys: list[str] = field(default_factory=list)
    _index: RatioIndex | None = None
    # answers for this very memory: kept from an earlier run or searched by this one, and
    # whether the file of kept answers needs writing again
    known: dict[str, list[Any]] = field(default_factory=dict)
    added: bool = False
    # answers kept from a run with another memory (see :mod:`presslate.i18n.memory_kept`): the
    # fingerprints of the sources steady since then, and the index of the others
    earlier: dict[str, list[Any]] = field(default_factory=dict)
    steady: frozenset[str] = frozenset()
    _fresh: tuple[list[str], RatioIndex] | None = None
    _fingerprints: dict[str, str] | None = None
    _positions: dict[str, int] | None = None
    # the (article, source) of the entries that may ask for an answer (awaiting a translation
    # or a review; None: not known), and the answers this run asked for
    waiting: frozenset[tuple[str, str]] | None = None
    asked: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._keys = list(self.entries)

    def digest(self) -> str:
        """A digest of the rules :meth:`close` answers by besides the entries: the threshold,
        how many matches are shown and the search's version (kept answers of another digest
        are not used)."""
        import hashlib

        return hashlib.blake2b(f"memory {_MEMORY_RULES}; {self.threshold!r}; {MEMORY_SHOWN}"
                               .encode(), digest_size=16).hexdigest()

    def fingerprints(self) -> dict[str, str]:
        """Each source's fingerprint (it and its translations), in the memory's order."""
        if self._fingerprints is None:
            from .memory_kept import fingerprint

            self._fingerprints = {s: fingerprint(s, found) for s, found in self.entries.items()}
        return self._fingerprints

    def use_kept(self, before: Sequence[str], answers: dict[str, list[Any]]) -> None:
        """Take the answers an earlier run kept with the memory of fingerprints ``before``: as
        they are for this very memory, else to be carried over when asked."""
        from .memory_kept import steady

        now = list(self.fingerprints().values())
        if before == now:
            self.known, self.earlier = answers, {}
            return
        self.added = True  # another memory: its fingerprints are written again
        self.known, self.earlier = {}, answers
        self.steady = steady(before, now) if answers else frozenset()

    def close(self, text: str, *, exclude: str = "",
              limit: int = MEMORY_SHOWN) -> list[tuple[str, float, str, str]]:
        """The ``limit`` reviewed translations closest to ``text`` (every one at the threshold
        or above when ``limit`` < 1), best first: (source, score 0-100, translation,
        article), from articles other than ``exclude`` (an article's own
        entries move as its template changes: its notes would not be the same twice).
        Ties keep the memory's order. An answer kept from an earlier run with the same
        memory is taken as it is (a run with nothing new searches nothing), one kept with
        another memory is carried over when it can be."""
        from .memory_kept import answer_key

        key = answer_key(text, exclude, limit)
        self.asked.add(key)
        kept = self.known.get(key)
        if kept is None:
            earlier = self.earlier.pop(key, None)
            carried = None if earlier is None else self._carry(text, earlier, exclude, limit)
            matches = carried if carried is not None else \
                self._search(text, exclude=exclude, limit=limit)
            kept = self.known[key] = [list(m) for m in matches]
            self.added = True
        return [(str(s), float(score), str(t), str(a)) for s, score, t, a in kept]

    def drop_stale(self) -> None:
        """Forget the kept answers no entry can ask for any more (its article's entry was
        reviewed, removed, or its article is gone), unless this run asked for them: without
        this the file of kept answers only grows, up to its limit."""
        from .memory_kept import split_key

        waiting = self.waiting
        if waiting is None:
            return

        def wanted(key: str) -> bool:
            text, exclude, _ = split_key(key)
            return key in self.asked or (exclude, text) in waiting

        self.known = {k: v for k, v in self.known.items() if wanted(k)}
        self.earlier = {k: v for k, v in self.earlier.items() if wanted(k)}

    def carry_all(self) -> None:
        """Carry over the answers kept with another memory that this run did not ask for (an
        article it did not annotate), before they are kept again; those that would need a
        full search are dropped."""
        from .memory_kept import split_key

        carried: dict[str, list[Any]] = {}
        for key, earlier in self.earlier.items():
            text, exclude, limit = split_key(key)
            matches = self._carry(text, earlier, exclude, limit)
            if matches is not None:
                carried[key] = [list(m) for m in matches]
        self.known = {**carried, **self.known}  # the answers of this run are the most recent
        self.earlier = {}

    def _carry(self, text: str, earlier: list[Any], exclude: str,
               limit: int) -> list[tuple[str, float, str, str]] | None:
        """An answer kept with another memory brought up to this one, or None when one of its
        matches is no longer steady (:mod:`presslate.i18n.memory_kept`)."""
        fingerprints = self.fingerprints()
        if not all(fingerprints.get(m[0]) in self.steady for m in earlier):
            return None
        pool = [(str(s), float(score), str(t), str(a)) for s, score, t, a in earlier]
        if self._fresh is None:  # the sources that are not steady, in the memory's order
            fresh = [s for s in self._keys if fingerprints[s] not in self.steady]
            self._fresh = fresh, RatioIndex(fresh, self.threshold * 100)
        pool += self._matches(*self._fresh, text, exclude=exclude, limit=limit)
        if self._positions is None:
            self._positions = {s: i for i, s in enumerate(self._keys)}
        positions = self._positions
        pool.sort(key=lambda m: (-m[1], positions[m[0]]))
        return pool[:limit] if limit >= 1 else pool

    def _search(self, text: str, *, exclude: str,
                limit: int) -> list[tuple[str, float, str, str]]:
        if self._index is None:  # built once, when first asked
            self._index = RatioIndex(self._keys, self.threshold * 100)
        return self._matches(self._keys, self._index, text, exclude=exclude, limit=limit)

    def _matches(self, keys: list[str], index: RatioIndex, text: str, *, exclude: str,
                 limit: int) -> list[tuple[str, float, str, str]]:
        """The closest of ``keys`` (``index`` is theirs), as :meth:`close` answers."""
        if not keys:
            return []

        def other(source: str) -> tuple[str, str] | None:
            return next(((t, slug) for t, slug in self.entries[source] if slug != exclude), None)

        matches = []
        for i, score in index.ranked(text, lambda s: other(s) is not None, limit):
            source = keys[i]
            found = other(source)
            if found is not None:
                matches.append((source, float(score), *found))
            if len(matches) == limit >= 1:
                break
        return matches


def locale_catalogs(ws: Any, locale: str, opener: Callable[[str, str], Any] | None = None
                    ) -> Iterator[tuple[str, Any]]:
    """(article, catalog) of the workspace's articles with a catalog of ``locale``, in the
    workspace's order: what ``opener(article, locale)`` gives (the catalog as the run sees
    it), else the file's; a file that cannot be read is left out, with a warning."""
    import logging

    from .catalog import load_po
    from .errors import PresslateError

    for slug in ws.slugs():
        catalog = opener(slug, locale) if opener is not None else None
        if catalog is None:
            path = ws.catalog_path(slug, locale)
            if not path.is_file():
                continue
            try:
                catalog = load_po(path)
            except PresslateError as exc:
                logging.getLogger(__name__).warning("translation memory skips %s: %s", path, exc)
                continue
        yield slug, catalog


def workspace_memory(catalogs: Iterable[tuple[str, Any]], threshold: float) -> Memory:
    """The reviewed entries of ``(article, catalog)`` pairs of one locale (and the entries
    that may ask for an answer: the others, but those used as written)."""
    entries: dict[str, list[tuple[str, str]]] = {}
    waiting: set[tuple[str, str]] = set()
    for slug, catalog in catalogs:
        for entry in catalog:
            if entry.obsolete or not entry.msgid:
                continue
            state = entry_state(entry)
            if state == REVIEWED:
                entries.setdefault(entry.msgid, []).append((entry.msgstr, slug))
            elif state != SOURCE:
                waiting.add((slug, entry.msgid))
    return Memory({source: tuple(found) for source, found in entries.items()}, threshold,
                  waiting=frozenset(waiting))
