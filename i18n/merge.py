"""Merging a catalog with a new template, with GNU msgmerge's semantics.

- an entry whose (msgctxt, msgid) is still in the template keeps its
  translation and state (an obsolete ``#~`` entry coming back is revived);
- a template entry with no exact match takes the translation of the most
  similar translated entry (similarity as GNU's ``fstrcmp``: 2·LCS/(len1+len2),
  above 0.6, a tiny bonus for an entry of the same msgctxt or none, ties to the earlier entry),
  marked ``fuzzy`` with the old source as ``#| msgid`` (and ``#| msgctxt``);
- translated entries no longer in the template become obsolete (``#~``),
  never deleted unless asked; untranslated ones hold nothing and go;
- new entries are untranslated;
- translator comments come from the catalog, extracted comments, references
  and format flags from the template; the header is the catalog's with
  ``POT-Creation-Date`` and ``Report-Msgid-Bugs-To`` from the template.

The fuzzy search, fast on big catalogs, is :mod:`.fuzzy`'s.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .charsets import encode_po
from .files import write_atomic
from .fuzzy import FuzzyIndex
from .fuzzy import has_translation as has_translation  # part of this module's interface
from .merge_header import merge_header
from .po import RAW_HEADER_ATTR, WRAP_WIDTH, copy_lone_comments, header_text, new_entry

if TYPE_CHECKING:
    from .workspace import Workspace

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


def key_of(entry: Any) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def nplurals_of(catalog: Any) -> int:
    """``nplurals`` of the catalog's Plural-Forms header (2 when absent)."""
    match = re.search(r"nplurals\s*=\s*(\d+)", catalog.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


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
    used: set[int] = set()
    merged: list[Any] = []  # the result's entries in the template's order
    unmatched: list[tuple[int, Any]] = []  # (place in merged, template entry) with no exact match
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
            merged.append(_merged(ref, old, nplurals, force_fuzzy=False))
            kept += 1
        else:
            unmatched.append((len(merged), ref))
            merged.append(None)
    matches: list[Any] = [None] * len(unmatched)
    if unmatched and options.fuzzy_matching:
        matches = FuzzyIndex(definitions).search_many([(r.msgctxt, r.msgid) for _, r in unmatched])
    for (place, ref), match in zip(unmatched, matches, strict=True):
        if match is not None:
            used.add(id(match))
            merged[place] = _merged(ref, match, nplurals, force_fuzzy=True)
            fuzzy += 1
        else:
            merged[place] = _untranslated(ref, nplurals)
            new += 1
    for entry in merged:
        result.append(entry)
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
    fields = {
        "msgctxt": entry.msgctxt, "msgid": entry.msgid, "msgid_plural": entry.msgid_plural,
        "msgstr": entry.msgstr, "msgstr_plural": dict(entry.msgstr_plural),
        "tcomment": entry.tcomment, "comment": entry.comment, "occurrences": list(entry.occurrences),
        "flags": list(entry.flags), "previous_msgctxt": entry.previous_msgctxt,
        "previous_msgid": entry.previous_msgid, "previous_msgid_plural": entry.previous_msgid_plural,
        "obsolete": entry.obsolete,
    }
    fields.update(changes)
    copy = new_entry(**fields)
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
             or (ref.flags and has_translation(old) and not _formats_hold(ref, old))
             or ((ref.flags or old.flags) and not _range_holds(ref.flags, old.flags)))
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


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while both catalogs are read, merged and
    written: its full passes would walk the same hundreds of thousands of long-lived objects
    again and again (half a second of a 20,000-entry merge), and they hold no cycles."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


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

    with _collector_paused():
        merged, stats = merge_catalogs(load_po(definitions), load_po(reference), options)
        data = encode_po(merged)
    if output is not None:
        write_atomic(output, data)
    return MergeResult(data, stats, output)
