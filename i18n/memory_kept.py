"""The translation memory's answers kept between runs, and how they outlive a change of it.

``translate`` and ``pull`` keep the matches :meth:`presslate.i18n.memory.Memory.close` found in
``.presslate-cache/memory-LOCALE.json``, with what the memory was: a fingerprint of each
reviewed source with its (translation, article)s, in the memory's order. The next run compares
that list with its own memory. The sources found in both, unchanged and in the same relative
order (as many as can be: a longest increasing subsequence), are *steady*; the others were
added, changed, removed or moved. A kept answer whose matches are all steady sources is still
the answer among the steady sources (they score and rank as they did), so only the other
sources are searched, and their matches merged in as the search ranks them: score, then the
memory's order. An answer that holds a source no longer steady is searched afresh. A run after
a few entries were reviewed thus searches those entries alone for most texts, and writes the
notes a full search would.

The file is only a saving of time: one that is missing, damaged, of another version or of
another threshold is ignored whole.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

KEPT_LIMIT = 200_000  # answers kept per locale (the most recent)


def fingerprint(source: str, found: Sequence[tuple[str, str]]) -> str:
    """A digest of one source of the memory and its (translation, article)s, in order."""
    h = hashlib.blake2b(b"\x00\x01" + source.encode("utf-8", "surrogatepass"), digest_size=12)
    for translation, slug in found:
        h.update(b"\x00\x02" + translation.encode("utf-8", "surrogatepass")
                 + b"\x00\x03" + slug.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def answer_key(text: str, exclude: str, limit: int) -> str:
    return f"{limit}\x00{exclude}\x00{text}"


def split_key(key: str) -> tuple[str, str, int]:
    """(text, exclude, limit) of an :func:`answer_key`."""
    limit, exclude, text = key.split("\x00", 2)
    return text, exclude, int(limit)


def steady(before: Sequence[str], now: Sequence[str]) -> frozenset[str]:
    """The largest set of fingerprints found in both lists in the same relative order."""
    where = {fp: i for i, fp in enumerate(before)}
    both = [(where[fp], fp) for fp in now if fp in where]
    if all(a < b for (a, _), (b, _) in pairwise(both)):
        return frozenset(fp for _, fp in both)  # nothing moved: every one is steady
    tails: list[int] = []  # tails[j]: the least last position of an increasing run of j + 1
    ends: list[int] = []  # index in ``both`` of that run's last element
    back = [-1] * len(both)
    for k, (position, _) in enumerate(both):
        j = bisect_left(tails, position)
        back[k] = ends[j - 1] if j else -1
        if j == len(tails):
            tails.append(position)
            ends.append(k)
        else:
            tails[j], ends[j] = position, k
    found: set[str] = set()
    k = ends[-1] if ends else -1
    while k >= 0:
        found.add(both[k][1])
        k = back[k]
    return frozenset(found)


def _is_match(match: Any) -> bool:
    return (isinstance(match, list) and len(match) == 4 and isinstance(match[0], str)
            and isinstance(match[1], int | float) and not isinstance(match[1], bool)
            and isinstance(match[2], str) and isinstance(match[3], str))


def load_kept(path: Path, rules: str) -> tuple[list[str], dict[str, list[Any]]]:
    """The fingerprints of the memory an earlier run searched (in its order) and the answers it
    kept, from a file written for the same ``rules`` (see :meth:`Memory.digest`); nothing
    for a missing, damaged or other file."""
    from .files import read_cached_file

    data = read_cached_file(path, "digest", rules)
    keys, results = data.get("keys"), data.get("results")
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys) \
            or len(set(keys)) != len(keys) or not isinstance(results, dict):
        return [], {}
    for key, matches in results.items():
        if not isinstance(matches, list) or not all(_is_match(m) for m in matches) \
                or key.count("\x00") < 2 or not key.split("\x00", 1)[0].lstrip("-").isdigit():
            return [], {}
    return keys, results


def save_kept(path: Path, rules: str, fingerprints: Sequence[str],
              answers: Mapping[str, list[Any]]) -> None:
    """Keep ``answers`` (the last :data:`KEPT_LIMIT`) for the memory of ``fingerprints``."""
    from .files import write_cached

    kept = dict(list(answers.items())[-KEPT_LIMIT:])
    write_cached(path, json.dumps({"digest": rules, "keys": list(fingerprints), "results": kept},
                                  ensure_ascii=False, separators=(",", ":")))
