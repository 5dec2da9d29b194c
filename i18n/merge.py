"""Merging a catalog with a new template, with GNU msgmerge's semantics.

- an entry whose (msgctxt, msgid) is still in the template keeps its
  translation and state (an obsolete ``#~`` entry coming back is revived);
- a template entry with no exact match takes the translation of the most
  similar translated entry (similarity as GNU's ``fstrcmp``: 2·LCS/(len1+len2),
  above 0.6, a tiny bonus for the same msgctxt, ties to the earlier entry),
  marked ``fuzzy`` with the old source as ``#| msgid`` (and ``#| msgctxt``);
- translated entries no longer in the template become obsolete (``#~``),
  never deleted unless asked; untranslated ones hold nothing and go;
- new entries are untranslated;
- translator comments come from the catalog, extracted comments, references
  and format flags from the template; the header is the catalog's with
  ``POT-Creation-Date`` and ``Report-Msgid-Bugs-To`` from the template.

Fuzzy matching is fast on big catalogs: candidates are narrowed by length
(a ratio above 0.6 bounds the length ratio), then to the 100 old entries
sharing the most words with the new text (and, when none of those comes
close, the 1,000 sharing the most character trigrams), and scored exactly
with rapidfuzz's Indel similarity (``cdist``, one call per query), which is the same
measure as fstrcmp. Trigrams held by many entries are counted from dense 0/1 rows
(a byte per entry) rather than their long postings lists.
When the length window holds few entries, all of them are scored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .charsets import encode_po
from .files import write_atomic
from .merge_header import merge_header
from .po import RAW_HEADER_ATTR, WRAP_WIDTH, copy_lone_comments, header_text

if TYPE_CHECKING:
    from .workspace import Workspace

FUZZY_THRESHOLD = 0.6
SAME_CONTEXT_BONUS = 0.00001
_WORD_RE = re.compile(r"\w+")
_FULL_SCAN_LIMIT = 400  # score every candidate when the length window holds at most this many
_TOP_CANDIDATES = 100  # otherwise score the candidates sharing the most words
_CLOSE_ENOUGH = 0.8  # below this, also try the candidates sharing the most trigrams
_TOP_TRIGRAM_CANDIDATES = 1000
_DENSE_SHARE = 16  # a trigram held by 1/16 of the entries or more is counted from a dense row
_COPIED_FLAGS_SKIP = frozenset({"fuzzy"})


@dataclass(frozen=True)
class MergeOptions:
    fuzzy_matching: bool = True
    keep_obsolete: bool = True


@dataclass(frozen=True)
class MergeStats:
    """What a merge did, counted in entries of the result."""

    kept: int = 0  # exact matches, translation and state kept (revived ones included)
    fuzzy: int = 0  # matched by similarity: old translation, fuzzy, #| msgid
    new: int = 0  # untranslated new entries
    obsolete: int = 0  # translated entries that left the template, kept as #~
    revived: int = 0  # obsolete entries back in the template
    dropped: int = 0  # entries removed for good (untranslated, or obsolete with keep_obsolete off)

    def __add__(self, other: MergeStats) -> MergeStats:
        return MergeStats(*(a + b for a, b in zip(self._values(), other._values(), strict=True)))

    def _values(self) -> tuple[int, ...]:
        return (self.kept, self.fuzzy, self.new, self.obsolete, self.revived, self.dropped)


def has_translation(entry: Any) -> bool:
    """A non-empty msgstr (for a plural entry: its first form, as GNU judges it)."""
    return bool(entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr)


def key_of(entry: Any) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def nplurals_of(catalog: Any) -> int:
    """``nplurals`` of the catalog's Plural-Forms header (2 when absent)."""
    match = re.search(r"nplurals\s*=\s*(\d+)", catalog.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


class FuzzyIndex:
    """The translated entries of a catalog, searchable by similarity of msgid.

    A search scores (exactly, with rapidfuzz) every candidate of a plausible
    length when there are few, otherwise the candidates sharing the most
    words (then trigrams) with the query, counted over inverted indexes with
    numpy.
    """

    def __init__(self, entries: Iterable[Any]) -> None:
        import numpy as np

        self.entries = [e for e in entries if has_translation(e) and e.msgid]
        self.texts = [e.msgid for e in self.entries]
        self.contexts = [e.msgctxt for e in self.entries]
        self._text_array = np.array(self.texts, dtype=object)
        self._context_ids: dict[str | None, int] = {}
        self._context_codes = np.array(
            [self._context_ids.setdefault(c, len(self._context_ids)) for c in self.contexts],
            dtype=np.int64)
        self.lengths = np.array([len(t) for t in self.texts], dtype=np.int64)
        self.by_length = np.argsort(self.lengths, kind="stable")
        self.sorted_lengths = self.lengths[self.by_length]
        self._words: _Postings | None = None
        self._trigrams: _Trigrams | None = None

    def _word_index(self) -> _Postings:
        if self._words is None:
            self._words = _Postings([_words(t) for t in self.texts])
        return self._words

    def _trigram_index(self) -> _Trigrams:
        if self._trigrams is None:
            self._trigrams = _Trigrams(self.texts)
        return self._trigrams

    def search(self, msgctxt: str | None, msgid: str) -> Any | None:
        """The best match above the threshold, or None (GNU's choice: first best wins)."""
        import numpy as np

        if not self.entries or not msgid:
            return None
        n = len(msgid)
        # 2*min/(n+L) > 0.6  <=>  3n/7 < L < 7n/3
        lo = int(np.searchsorted(self.sorted_lengths, 3 * n / 7, side="right"))
        hi = int(np.searchsorted(self.sorted_lengths, 7 * n / 3, side="left"))
        if hi <= lo:
            return None
        if hi - lo <= _FULL_SCAN_LIMIT:
            found = self._best(msgctxt, msgid, self.by_length[lo:hi])
            return self.entries[found[1]] if found is not None else None
        outside = (self.lengths <= 3 * n / 7) | (self.lengths >= 7 * n / 3)
        found = self._best(msgctxt, msgid, self._top(self._word_index().counts(msgid), outside))
        if found is None or found[0] < _CLOSE_ENOUGH:
            # No close match among the texts sharing words: rank by shared trigrams as well.
            other = self._best(msgctxt, msgid, self._top(self._trigram_index().counts(msgid),
                                                         outside, _TOP_TRIGRAM_CANDIDATES))
            if other is not None and (found is None or other[0] > found[0]
                                      or (other[0] == found[0] and other[1] < found[1])):
                found = other
        return self.entries[found[1]] if found is not None else None

    def _best(self, msgctxt: str | None, msgid: str, candidates: Any) -> Any:
        """(weight, index) of the best candidate above the threshold, or None.

        The weight is the similarity plus a tiny bonus for the same msgctxt; of equal
        weights the earliest entry wins (as GNU's linear scan keeps the first best).
        """
        import numpy as np
        from rapidfuzz import fuzz, process

        if len(candidates) == 0:
            return None
        scores = process.cdist([msgid], self._text_array[candidates], scorer=fuzz.ratio,
                               score_cutoff=FUZZY_THRESHOLD * 100, dtype=np.float64)[0]
        same_context = self._context_codes[candidates] == self._context_ids.get(msgctxt, -1)
        weights = scores / 100 + np.where(same_context, SAME_CONTEXT_BONUS, 0.0)
        weights[scores == 0] = 0.0  # below the cutoff
        top = float(weights.max())
        if not top > FUZZY_THRESHOLD:
            return None
        return top, int(candidates[weights == top].min())

    def _top(self, counts: Any, outside: Any, limit: int = _TOP_CANDIDATES) -> Any:
        """The entries sharing the most words (trigrams) with the query, leaving out those
        ``outside`` the length window (a mask)."""
        import numpy as np

        if counts is None:
            return np.empty(0, dtype=np.int64)
        counts[outside] = 0
        top = min(limit, int(np.count_nonzero(counts)))
        if top == 0:
            return np.empty(0, dtype=np.int64)
        return np.argpartition(-counts, top - 1)[:top]


def _words(text: str) -> set[str]:
    return set(_WORD_RE.findall(text.lower()))


class _Inverted:
    """Postings (the entries holding each key, one numpy array cut by ``offsets``) and, for
    keys held by at least 1/16 of the entries, dense 0/1 rows: summing a row costs a byte
    per entry, counting a long postings list eight and more; the rows take at most twice
    the memory of those keys' postings."""

    size: int
    postings: Any
    offsets: Any

    def _densify(self) -> None:
        import numpy as np

        sizes = np.diff(self.offsets)
        common = np.flatnonzero(sizes * _DENSE_SHARE >= max(self.size, 1))
        self.row_of = np.full(len(sizes), -1, dtype=np.int64)
        self.row_of[common] = np.arange(len(common))
        self.dense = np.zeros((len(common), self.size), dtype=np.uint8)
        for row, key in enumerate(common):
            self.dense[row, self.postings[self.offsets[key]:self.offsets[key + 1]]] = 1

    def _count(self, at: Any) -> Any:
        """How many of the keys ``at`` (distinct key numbers) each entry holds."""
        import numpy as np

        rows = self.row_of[at]
        rare = at[rows < 0]
        counts = np.bincount(
            np.concatenate([self.postings[self.offsets[i]:self.offsets[i + 1]] for i in rare])
            if len(rare) else np.empty(0, dtype=np.int64), minlength=self.size)
        if len(rare) < len(at):
            small = np.uint16 if len(at) < 65535 else np.int64  # a sum never above len(at)
            counts += self.dense[rows[rows >= 0]].sum(axis=0, dtype=small)
        return counts


class _Postings(_Inverted):
    """An inverted index: key -> the entries holding it, as one numpy array."""

    def __init__(self, keys_per_entry: list[set[str]]) -> None:
        import numpy as np

        self.ids: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        for entry, keys in enumerate(keys_per_entry):
            for key in keys:
                rows.append(self.ids.setdefault(key, len(self.ids)))
                cols.append(entry)
        key_ids = np.array(rows, dtype=np.int64)
        order = np.argsort(key_ids, kind="stable")
        self.postings = np.array(cols, dtype=np.int64)[order]
        self.offsets = np.searchsorted(key_ids[order], np.arange(len(self.ids) + 1))
        self.size = len(keys_per_entry)
        self._densify()

    def counts(self, text: str) -> Any:
        """How many of the words of ``text`` each entry holds (None when none is known)."""
        import numpy as np

        found = [self.ids[k] for k in _words(text) if k in self.ids]
        if not found:
            return None
        return self._count(np.array(found, dtype=np.int64))


def _trigram_keys(text: str) -> Any:
    """The distinct character trigrams of ``text`` as integers (21 bits per code point)."""
    import numpy as np

    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    if len(points) < 3:
        return np.empty(0, dtype=np.int64)
    return np.unique((points[:-2] << 42) | (points[1:-1] << 21) | points[2:])


class _Trigrams(_Inverted):
    """An inverted index of character trigrams, built and searched with numpy only."""

    def __init__(self, texts: list[str]) -> None:
        import numpy as np

        lengths = np.array([len(t) for t in texts], dtype=np.int64)
        points = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        self.size = len(texts)
        if len(points) < 3:
            self.keys = self.postings = self.offsets = np.empty(0, dtype=np.int64)
            self.row_of = np.empty(0, dtype=np.int64)
            self.dense = np.zeros((0, self.size), dtype=np.uint8)
            return
        same = owner[:-2] == owner[2:]  # the trigram lies inside one text
        keys = ((points[:-2] << 42) | (points[1:-1] << 21) | points[2:])[same]
        entries = owner[:-2][same]
        order = np.lexsort((entries, keys))
        keys, entries = keys[order], entries[order]
        fresh = np.ones(len(keys), dtype=bool)
        fresh[1:] = (keys[1:] != keys[:-1]) | (entries[1:] != entries[:-1])
        keys, self.postings = keys[fresh], entries[fresh]
        self.keys, starts = np.unique(keys, return_index=True)
        self.offsets = np.append(starts, len(keys))
        self._densify()

    def counts(self, text: str) -> Any:
        """How many trigrams of ``text`` each entry shares (None when none is known)."""
        import numpy as np

        query = _trigram_keys(text)
        if len(self.keys) == 0 or len(query) == 0:
            return None
        at = np.searchsorted(self.keys, query)
        at = at[(at < len(self.keys)) & (self.keys[np.minimum(at, len(self.keys) - 1)] == query)]
        if len(at) == 0:
            return None
        return self._count(at)


def merge_catalogs(definitions: Any, reference: Any,
                   options: MergeOptions = MergeOptions()) -> tuple[Any, MergeStats]:
    """Merge ``definitions`` (a translated catalog) with ``reference`` (its new template)."""
    import polib

    result = polib.POFile(wrapwidth=WRAP_WIDTH)
    result.encoding = getattr(definitions, "encoding", "utf-8")  # as msgmerge: DEF's charset
    result.header = definitions.header if (definitions.metadata or definitions.header) \
        else reference.header
    result.metadata_is_fuzzy = getattr(definitions, "metadata_is_fuzzy", [])
    copy_lone_comments(definitions, result, ("header",))
    if definitions.metadata or getattr(definitions, RAW_HEADER_ATTR, None):
        text = merge_header(header_text(definitions), header_text(reference))
        if definitions.metadata.get("Content-Type") \
                and _declares_other_charset(definitions, reference):
            # As msgmerge: a template declaring another real charset makes the result UTF-8.
            result.encoding = "utf-8"
            text = re.sub(r"(?m)^(Content-Type:[^\n]*charset=)\S+", r"\1UTF-8", text)
        _set_header(result, text)
    else:
        result.metadata = dict(reference.metadata)
    nplurals = nplurals_of(result)

    active: dict[tuple[str | None, str], Any] = {}
    old_obsolete: dict[tuple[str | None, str], Any] = {}
    for entry in definitions:
        (old_obsolete if entry.obsolete else active).setdefault(key_of(entry), entry)
    index: FuzzyIndex | None = None  # built when a template entry has no exact match
    used: set[int] = set()
    kept = fuzzy = new = revived = 0
    for ref in reference:
        if ref.obsolete:
            continue
        key = key_of(ref)
        old = active.get(key)
        if old is None and key in old_obsolete:
            old = old_obsolete[key]
            revived += 1
        if old is not None:
            used.add(id(old))
            result.append(_merged(ref, old, nplurals, force_fuzzy=False))
            kept += 1
            continue
        if index is None and options.fuzzy_matching:
            index = FuzzyIndex(definitions)
        match = index.search(ref.msgctxt, ref.msgid) if index is not None else None
        if match is not None:
            used.add(id(match))
            result.append(_merged(ref, match, nplurals, force_fuzzy=True))
            fuzzy += 1
            continue
        result.append(_untranslated(ref, nplurals))
        new += 1
    obsolete = dropped = 0
    for entry in definitions:
        if id(entry) in used:
            continue
        if not has_translation(entry) or not options.keep_obsolete:
            dropped += 1
            continue
        if not entry.obsolete:
            obsolete += 1
        # As msgmerge: an obsolete entry keeps its translator comments, not the template's.
        result.append(_copy(entry, obsolete=True, occurrences=[], comment=""))
    return result, MergeStats(kept, fuzzy, new, obsolete, revived, dropped)


def _set_header(catalog: Any, text: str) -> None:
    """Give ``catalog`` the header ``msgstr`` ``text``, written back exactly as it is."""
    catalog.metadata = {}
    for row in text.split("\n"):
        if row.strip():
            key, _, value = row.partition(":")
            catalog.metadata[key.strip()] = value.strip()
    setattr(catalog, RAW_HEADER_ATTR, (dict(catalog.metadata), text))


def _declares_other_charset(definitions: Any, reference: Any) -> bool:
    def charset(catalog: Any) -> str:
        match = re.search(r"charset=(\S+)", catalog.metadata.get("Content-Type", ""))
        return match.group(1).upper() if match else ""

    theirs = charset(reference)
    return theirs not in ("", "CHARSET") and theirs != charset(definitions)


def _copy(entry: Any, **changes: Any) -> Any:
    import polib

    fields = {
        "msgctxt": entry.msgctxt, "msgid": entry.msgid, "msgid_plural": entry.msgid_plural,
        "msgstr": entry.msgstr, "msgstr_plural": dict(entry.msgstr_plural),
        "tcomment": entry.tcomment, "comment": entry.comment, "occurrences": list(entry.occurrences),
        "flags": list(entry.flags), "previous_msgctxt": entry.previous_msgctxt,
        "previous_msgid": entry.previous_msgid, "previous_msgid_plural": entry.previous_msgid_plural,
        "obsolete": entry.obsolete,
    }
    fields.update(changes)
    copy = polib.POEntry(**fields)
    if copy.tcomment == entry.tcomment:
        copy_lone_comments(entry, copy)
    return copy


def _untranslated(ref: Any, nplurals: int) -> Any:
    plural = dict.fromkeys(range(nplurals), "") if ref.msgid_plural else {}
    return _copy(ref, msgstr="", msgstr_plural=plural, tcomment=ref.tcomment or "",
                 flags=[f for f in ref.flags if f not in _COPIED_FLAGS_SKIP],
                 previous_msgctxt=None, previous_msgid=None, previous_msgid_plural=None,
                 obsolete=False)


def _merged(ref: Any, old: Any, nplurals: int, *, force_fuzzy: bool) -> Any:
    """``ref``'s entry carrying ``old``'s translation, fuzzy as msgmerge decides it:

    matched by similarity, already fuzzy, a changed ``msgid_plural``, a format
    flag the old entry lacked whose directives the translation does not have,
    or a ``range:`` the old entry had that the new one does not fall within.
    """
    if ref.msgid_plural and not old.msgid_plural:
        plural = dict.fromkeys(range(nplurals), old.msgstr)  # as msgmerge: every form
        msgstr = ""
    elif not ref.msgid_plural and old.msgid_plural:
        plural, msgstr = {}, old.msgstr_plural.get(0, "")
    else:
        plural, msgstr = dict(old.msgstr_plural), old.msgstr
    fuzzy = (force_fuzzy or "fuzzy" in old.flags
             or (ref.msgid_plural or None) != (old.msgid_plural or None)
             or (has_translation(old) and not _formats_hold(ref, old))
             or not _range_holds(ref.flags, old.flags))
    if fuzzy and has_translation(old):
        # As msgmerge: the source the translation was made for, kept from a fuzzy entry.
        previous = (old.previous_msgctxt, old.previous_msgid, old.previous_msgid_plural) \
            if "fuzzy" in old.flags else (old.msgctxt, old.msgid, old.msgid_plural or None)
    else:
        previous = (None, None, None)
    flags = [f for f in ref.flags if f not in _COPIED_FLAGS_SKIP]
    if fuzzy:
        flags.insert(0, "fuzzy")
    merged = _copy(ref, msgstr=msgstr, msgstr_plural=plural, tcomment=old.tcomment, flags=flags,
                   previous_msgctxt=previous[0], previous_msgid=previous[1],
                   previous_msgid_plural=previous[2], obsolete=False)
    copy_lone_comments(old, merged)  # the translator's comments, a lone '#' included
    return merged


def _formats_hold(ref: Any, old: Any) -> bool:
    """Every format flag of ``ref`` that ``old`` lacked holds for the old translation (as
    ``msgfmt -c`` would judge it); formats presslate does not parse are taken as not holding."""
    from .formats import directives

    added = _formats(ref.flags) - _formats(old.flags)
    forms = list(old.msgstr_plural.values()) if old.msgid_plural else [old.msgstr]
    for flag in sorted(added):
        kind = flag.removeprefix("possible-")[:-len("-format")]
        wanted = [directives(m, kind, msgstr=False) for m in (ref.msgid, ref.msgid_plural) if m]
        if any(w is None for w in wanted):
            return False
        if not all(directives(f, kind, msgstr=True) in wanted for f in forms):
            return False
    return True


_RANGE_RE = re.compile(r"range:\s*(-?\d+)\s*\.\.\s*(-?\d+)$")


def _range(flags: list[str]) -> tuple[int, int] | None:
    for flag in flags:
        match = _RANGE_RE.match(flag)
        if match:
            return int(match.group(1)), int(match.group(2))
    return None


def _range_holds(new: list[str], old: list[str]) -> bool:
    """As msgmerge: an old ``range:`` must still cover the new one (a range dropped does not)."""
    was, now = _range(old), _range(new)
    return was is None or (now is not None and was[0] <= now[0] and now[1] <= was[1])


def _formats(flags: list[str]) -> set[str]:
    """The format flags that make GNU check an entry (``c-format``, ``possible-c-format``)."""
    return {f.removeprefix("possible-") for f in flags
            if f.endswith("-format") and not f.startswith("no-")}


@dataclass(frozen=True)
class MergeResult:
    text: bytes  # the merged catalog as PO bytes, in the catalog's charset
    stats: MergeStats
    output: Path | None  # where it was saved (None: nowhere, the caller prints it)


def merge_files(definitions: Path, reference: Path, output: Path | None,
                options: MergeOptions = MergeOptions(), *,
                ws: Workspace | None = None) -> MergeResult:
    """``presslate merge DEF.po REF.pot -o OUT.po``: read both, merge, save atomically.

    Both files are read (and checked) before anything is written. When ``output``
    lies in the catalogs folder of ``ws``, the files are read and written under
    the workspace's lock, so no other command's change to them is lost.
    """
    if ws is not None and output is not None and ws.catalogs.is_dir() \
            and output.resolve().is_relative_to(ws.catalogs.resolve()):
        with ws.lock():
            result = merge_files(definitions, reference, None, options)
            tx = ws.transaction()
            tx.write(output, result.text)
            tx.commit()
        return MergeResult(result.text, result.stats, output)
    from .catalog import load_po

    merged, stats = merge_catalogs(load_po(definitions), load_po(reference), options)
    data = encode_po(merged)
    if output is not None:
        write_atomic(output, data)
    return MergeResult(data, stats, output)
