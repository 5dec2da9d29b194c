"""A locale's catalog of one article: creation from the template, load, save, entry states
(opening one measured against its template: :mod:`presslate.i18n.edition`).

Entry states, shared by translate, check, status and export:

- ``untranslated``: empty ``msgstr``;
- ``machine``: filled by an engine or translation memory, ``fuzzy``, with a
  provenance comment (``# presslate-mt: ... [mt:xxxxxxxx]``) naming engine, model
  and path and ending with a fingerprint of the entry's context, source and
  translation. Only an entry whose fingerprint can be read and matches is the
  machine's, however other tools wrapped the comment. The source words the
  engine did not know follow on one line (``# presslate-unknown: downing, snag``);
- ``changed``: ``fuzzy`` because its source text changed (``#| msgid``), or a
  person's draft awaiting approval: any other fuzzy translation (a machine
  suggestion someone edited and left ``fuzzy``, a provenance comment without a
  readable or matching fingerprint, no provenance at all);
- ``reviewed``: filled and not ``fuzzy`` (a person translated or approved it;
  removing ``fuzzy`` approves an entry);
- ``source``: the segment is already in the target language and is used as
  written: the ``msgstr`` is the ``msgid`` (not fuzzy, marked
  ``# presslate-source: ...``). Text used as written follows its source (see
  :mod:`presslate.i18n.edition`); an entry so marked whose ``msgstr`` a person
  edited holds a person's text and is ``reviewed``.

A reviewed entry whose source changes becomes ``fuzzy`` (``changed``) and carries
``# presslate-approved: before the source changed [ok:xxxxxxxx]``: a fingerprint of the
source and translation the person approved. Should the source go back to that text while the
translation is still the one approved, the approval is restored (see
:mod:`presslate.i18n.edition`); any edit of either breaks the fingerprint.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from .errors import WorkspaceError
from .files import write_atomic
from .locales import babel_locale

MT_PREFIX = "presslate-mt: "
UNKNOWN_PREFIX = "presslate-unknown: "
UNKNOWN_MAX_WORDS = 8
UNKNOWN_MAX_LENGTH = 72  # the comment line, "# " included: no tool wraps it at its usual width
SOURCE_NOTE = "presslate-source: used as written (already in the target language)"
APPROVED_PREFIX = "presslate-approved: "
APPROVED_NOTE = "before the source changed"

UNTRANSLATED = "untranslated"
MACHINE = "machine"
CHANGED = "changed"
REVIEWED = "reviewed"
SOURCE = "source"
STATES = (REVIEWED, SOURCE, MACHINE, CHANGED, UNTRANSLATED)


def _comment_lines(entry: Any) -> list[str]:
    return (entry.tcomment or "").splitlines()


_MT_WORD = "presslate-mt:"
_MT_START_RE = re.compile(r"presslate-mt:(?:\s|$)")
_UNKNOWN_WORD = "presslate-unknown:"
_UNKNOWN_START_RE = re.compile(r"presslate-unknown:(?:\s|$)")
_APPROVED_WORD = "presslate-approved:"
_APPROVED_START_RE = re.compile(r"presslate-approved:(?:\s|$)")
_APPROVAL_RE = re.compile(r"\[ok:([0-9a-f]{8})\]")
_MORE_RE = re.compile(r"\+\d+ more")
_UNFINISHED_RE = re.compile(r"(?:[:,-]|\+\d+)$")
_FINGERPRINT_RE = re.compile(r"\[mt:([0-9a-f]{8})\]")
_FINGERPRINT_SIZE = len("[mt:12345678]")


def fingerprint(msgctxt: str | None, msgid: str, msgstr: str) -> str:
    """A short hash of a machine suggestion and of the source it translates.

    Kept in the provenance comment: it proves the entry still holds the engine's text for
    this very entry (a comment copied onto another entry proves nothing).
    """
    key = f"presslate-mt\x00{msgctxt or ''}\x04{msgid}\x00{msgstr}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class Provenance:
    """A provenance comment found among an entry's translator comment lines.

    Other tools may have wrapped it over several lines (polib and textwrap do, at their own
    width): it runs from the ``presslate-mt:`` line to the line that ends with the
    fingerprint. ``fingerprint`` is ``None`` when none can be read.
    """

    start: int
    end: int  # one past its last line
    note: str
    fingerprint: str | None


def find_provenance(lines: list[str], start: int = 0) -> Provenance | None:
    """The first provenance comment in ``lines`` at or after ``start``, or ``None``."""
    for first in range(start, len(lines)):
        if _starts_provenance(lines, first):
            return _read_provenance(lines, first)
    return None


def _starts_provenance(lines: list[str], index: int) -> bool:
    """``lines[index]`` begins a provenance comment, maybe with ``presslate-mt:`` itself
    broken over lines (textwrap breaks after the hyphen at a narrow width)."""
    return _starts(lines, index, _MT_WORD, _MT_START_RE)


def _starts(lines: list[str], index: int, word: str, start_re: re.Pattern[str]) -> bool:
    line = lines[index].strip()
    if start_re.match(line):
        return True
    if not line or not word.startswith(line):
        return False
    joined = line
    for following in lines[index + 1:]:
        part = following.strip()
        if not part:
            return False
        joined += part
        if len(joined) >= len(word):
            return start_re.match(joined) is not None
        if not word.startswith(joined):
            return False
    return False


def _starts_unknown(lines: list[str], index: int) -> bool:
    return _starts(lines, index, _UNKNOWN_WORD, _UNKNOWN_START_RE)


def _starts_approval(lines: list[str], index: int) -> bool:
    return _starts(lines, index, _APPROVED_WORD, _APPROVED_START_RE)


def _read_provenance(lines: list[str], first: int) -> Provenance:
    tail = ""  # the last non-blank characters read, enough to hold a fingerprint
    for last in range(first, len(lines)):
        line = lines[last].strip()
        if last > first and (not line or _starts_provenance(lines, last) or line == SOURCE_NOTE
                             or _starts_unknown(lines, last) or _starts_approval(lines, last)):
            break
        tail = (tail + "".join(line.split()))[-_FINGERPRINT_SIZE:]
        match = _FINGERPRINT_RE.fullmatch(tail)
        if match:
            note = _join_wrapped([ln.strip() for ln in lines[first:last + 1]])
            return Provenance(first, last + 1, _drop_tail(note, _FINGERPRINT_SIZE), match.group(1))
    return Provenance(first, first + 1, _join_wrapped([lines[first].strip()]), None)


def _join_wrapped(lines: list[str], word: str = _MT_WORD) -> str:
    """Lines of a wrapped comment as one line (textwrap breaks at spaces and after hyphens)."""
    text = lines[0]
    for line in lines[1:]:
        text += line if text.endswith("-") else " " + line
    return " ".join(_drop_head(text, len(word)).split())


def _drop_head(text: str, count: int) -> str:
    """``text`` without its first ``count`` non-blank characters (and the blanks among them)."""
    start = 0
    while count and start < len(text):
        if not text[start].isspace():
            count -= 1
        start += 1
    return text[start:].lstrip()


def _drop_tail(text: str, count: int) -> str:
    """``text`` without its last ``count`` non-blank characters (and the blanks among them)."""
    end = len(text)
    while count and end:
        end -= 1
        if not text[end].isspace():
            count -= 1
    return text[:end].rstrip()


def provenance(entry: Any) -> str:
    """The machine provenance note of an entry (``apertium fr→es→en ...``) or ``""``.

    It is history once a person edited or approved the text: see :func:`machine_text_intact`.
    """
    found = find_provenance(_comment_lines(entry))
    return found.note if found else ""


def machine_text_intact(entry: Any) -> bool:
    """The entry provably still holds the text the engine wrote for it.

    True only when its provenance comment carries a readable fingerprint that matches the
    entry's context, source and translation. No fingerprint (a comment written by hand, by
    an older presslate, or damaged), or one that does not match (a person edited the text,
    or the comment was copied from another entry): the text is a person's.
    """
    found = find_provenance(_comment_lines(entry))
    return found is not None and found.fingerprint == fingerprint(
        entry.msgctxt, entry.msgid, entry.msgstr)


def _without_provenance(lines: list[str]) -> list[str]:
    kept: list[str] = []
    position = 0
    while (found := find_provenance(lines, position)) is not None:
        kept += lines[position:found.start]
        position = found.end
    return kept + lines[position:]


def _source_note_span(lines: list[str]) -> tuple[int, int] | None:
    """Where the "used as written" comment stands among ``lines`` (start, one past the end),
    however a tool wrapped it (polib and textwrap break at spaces and after hyphens)."""
    want = "".join(SOURCE_NOTE.split())
    for first, line in enumerate(lines):
        joined = "".join(line.split())
        if not joined or not want.startswith(joined):
            continue
        for last in range(first + 1, len(lines) + 1):
            if joined == want:
                return first, last
            if last == len(lines):
                break
            joined += "".join(lines[last].split())
            if not want.startswith(joined):
                break
    return None


def _without_source_note(lines: list[str]) -> list[str]:
    span = _source_note_span(lines)
    return lines if span is None else [*lines[:span[0]], *lines[span[1]:]]


@dataclass(frozen=True)
class UnknownNote:
    """The ``presslate-unknown:`` comment among an entry's translator comment lines."""

    start: int
    end: int  # one past its last line
    words: tuple[str, ...]


def unknown_comment(words: Sequence[str]) -> str:
    """``presslate-unknown: downing, snag`` (no line when no word): short enough for one line,
    the first words only and ``+N more`` when they do not fit."""
    shown: list[str] = []
    for word in words:
        rest = len(words) - len(shown) - 1
        line = f"# {UNKNOWN_PREFIX}{', '.join([*shown, word])}" + (f", +{rest} more" if rest else "")
        if shown and (len(shown) == UNKNOWN_MAX_WORDS or len(line) > UNKNOWN_MAX_LENGTH):
            break
        shown.append(word)
    more = len(words) - len(shown)
    return UNKNOWN_PREFIX + ", ".join(shown) + (f", +{more} more" if more else "") if shown else ""


def find_unknown(lines: list[str]) -> UnknownNote | None:
    """The unknown-words comment, however a tool wrapped it: it goes on over the next lines while
    what was read ends unfinished: with ``:``, ``,``, ``-`` or ``+N`` (textwrap breaks at the
    spaces and after a word's hyphen; no word ends with a hyphen)."""
    for first in range(len(lines)):
        if not _starts_unknown(lines, first):
            continue
        last = first
        while (last + 1 < len(lines) and _UNFINISHED_RE.search(lines[last].rstrip())
               and lines[last + 1].strip() and not _starts_provenance(lines, last + 1)
               and not _starts_unknown(lines, last + 1)
               and not _starts_approval(lines, last + 1)):
            last += 1
        text = _join_wrapped([ln.strip() for ln in lines[first:last + 1]], _UNKNOWN_WORD)
        words = [w.strip() for w in text.split(",")]
        return UnknownNote(first, last + 1,
                           tuple(dict.fromkeys(w for w in words if w and not _MORE_RE.fullmatch(w))))
    return None


def unknown_words(entry: Any) -> tuple[str, ...]:
    """The source words the engine did not know, from the entry's ``presslate-unknown:`` comment."""
    found = find_unknown(_comment_lines(entry))
    return found.words if found else ()


def _without_unknown(lines: list[str]) -> list[str]:
    while (found := find_unknown(lines)) is not None:
        lines = [*lines[:found.start], *lines[found.end:]]
    return lines


def drop_unknown(entry: Any) -> None:
    entry.tcomment = "\n".join(_without_unknown(_comment_lines(entry)))


def prune_unknown(entry: Any) -> None:
    """A person changed the text: keep only the unknown words it still holds (none: no comment)."""
    before = unknown_words(entry)
    words = [w for w in before if holds_word(entry.msgstr, w)]
    if list(before) == words:
        return
    lines = _without_unknown(_comment_lines(entry))
    entry.tcomment = "\n".join([*lines, unknown_comment(words)] if words else lines)


def holds_word(text: str, word: str) -> bool:
    """``word`` stands in ``text`` as a whole word (any case)."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE) is not None


def set_machine(entry: Any, text: str, note: str, unknown: Sequence[str] = ()) -> None:
    """Fill ``entry`` with a machine suggestion: fuzzy, with a provenance comment, and the source
    words the engine did not know on the next line (an earlier suggestion's comments replaced)."""
    entry.msgstr = text
    if "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    lines = _without_approval(_without_unknown(_without_source_note(_without_provenance(
        _comment_lines(entry)))))
    mark = fingerprint(entry.msgctxt, entry.msgid, text)
    lines.append(f"{MT_PREFIX}{' '.join(note.split())} [mt:{mark}]")
    if unknown:
        lines.append(unknown_comment(unknown))
    entry.tcomment = "\n".join(lines)


def clear_provenance(entry: Any) -> None:
    """Drop the machine provenance: the entry's text is now a person's (approved or not)."""
    entry.tcomment = "\n".join(_without_provenance(_comment_lines(entry)))


def set_source_as_written(entry: Any) -> None:
    """The segment is already in the target language: use it as written, not fuzzy."""
    entry.msgstr = entry.msgid
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    lines = _without_approval(_without_unknown(_without_source_note(_without_provenance(
        _comment_lines(entry)))))
    entry.tcomment = "\n".join([*lines, SOURCE_NOTE])


def marked_as_written(entry: Any) -> bool:
    """The entry carries the ``# presslate-source:`` comment (whatever its text now)."""
    return _source_note_span(_comment_lines(entry)) is not None


def clear_as_written(entry: Any) -> None:
    """The segment is no longer in the catalog's language: untranslated again."""
    entry.msgstr = ""
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    entry.tcomment = "\n".join(
        _without_approval(_without_unknown(_without_source_note(_comment_lines(entry)))))


def entry_state(entry: Any) -> str:
    """One of :data:`STATES` for a PO entry."""
    if not entry.msgstr:
        return UNTRANSLATED
    if "fuzzy" in entry.flags:
        # A changed source wins over provenance: the entry may hold a translation a
        # person approved before the source changed (its machine comment is history).
        if entry.previous_msgid or entry.previous_msgctxt or not machine_text_intact(entry):
            return CHANGED
        return MACHINE
    if entry.msgstr == entry.msgid and has_source_note(entry):
        return SOURCE
    return REVIEWED


def has_source_note(entry: Any) -> bool:
    """The entry carries the "used as written" comment (wrapped by a tool or not)."""
    return marked_as_written(entry)


def drop_source_note(entry: Any) -> None:
    entry.tcomment = "\n".join(_without_source_note(_comment_lines(entry)))


def is_human(entry: Any) -> bool:
    """A person's translation or approval: never overwritten by the tool."""
    return bool(entry.msgstr) and "fuzzy" not in entry.flags


def header_for(locale: str, slug: str, *, now: str | None = None) -> dict[str, str]:
    """PO header fields for ``locale``: Language, Plural-Forms and team from Babel's data."""
    from babel.messages.plurals import get_plural

    loc = babel_locale(locale)
    stamp = now or datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    return {
        "Project-Id-Version": slug,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp,
        "Last-Translator": "",
        "Language-Team": f"{loc.english_name} <{locale}@li.org>",
        "Language": locale,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": get_plural(locale).plural_forms,
        "X-Generator": f"presslate {__version__}",
    }


def new_catalog(template: Any, locale: str, slug: str) -> Any:
    """A fresh catalog for ``locale`` from the template: every entry untranslated."""
    import polib

    po = polib.POFile(wrapwidth=79)
    po.header = locale_header(template.header, locale)
    po.metadata = header_for(locale, slug, now=template.metadata.get("POT-Creation-Date"))
    src_lang = template.metadata.get("X-Presslate-Source-Language")
    if src_lang:
        po.metadata["X-Presslate-Source-Language"] = src_lang
    for tmpl in template:
        po.append(polib.POEntry(
            msgctxt=tmpl.msgctxt, msgid=tmpl.msgid, msgstr="",
            comment=tmpl.comment, occurrences=list(tmpl.occurrences), flags=list(tmpl.flags),
        ))
    return po


def locale_header(template_header: str, locale: str) -> str:
    """The template's header comment rewritten for a locale catalog (no "not this file")."""
    from .locales import display_name

    lines = []
    for line in (template_header or "").splitlines():
        if line.startswith("Template for "):
            line = f"{display_name(locale)} translation of {line[len('Template for '):]}"
        elif line.startswith("Written by presslate pull"):
            continue
        lines.append(line)
    return "\n".join(lines)


def load_po(path: Path) -> Any:
    """Read a PO/POT file in the charset its header declares (UTF-8 when none).

    Malformed files, or bytes that are not in that charset, raise :class:`CatalogError`.
    """
    from .charsets import decode_po

    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise WorkspaceError("no such catalog", path=path) from exc
    return decode_po(data, path=str(path))


def save_po(path: Path, po: Any) -> None:
    """Write a catalog atomically, in its own charset."""
    from .charsets import encode_po

    write_atomic(path, encode_po(po))


def approval_mark(msgctxt: str | None, msgid: str, translation: str) -> str:
    """A short hash of a source and the translation a person approved for it."""
    key = f"presslate-ok\x00{msgctxt or ''}\x04{msgid}\x00{translation}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def translation_text(entry: Any) -> str:
    """The entry's translation as one string (every plural form, in order)."""
    if entry.msgid_plural:
        return "\x00".join(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
    return str(entry.msgstr)


def _approval_span(lines: list[str]) -> tuple[int, int, str | None] | None:
    """Where the approval note stands (start, one past the end) and its fingerprint (``None``
    when none can be read), however a tool wrapped it."""
    for first in range(len(lines)):
        if not _starts_approval(lines, first):
            continue
        joined = ""
        for last in range(first, len(lines)):
            line = lines[last].strip()
            if last > first and (not line or _starts_provenance(lines, last)
                                 or _starts_unknown(lines, last) or _starts_approval(lines, last)):
                break
            joined += "".join(line.split())
            match = _APPROVAL_RE.search(joined)
            if match:
                return first, last + 1, match.group(1)
        return first, first + 1, None
    return None


def _without_approval(lines: list[str]) -> list[str]:
    while (span := _approval_span(lines)) is not None:
        lines = [*lines[:span[0]], *lines[span[1]:]]
    return lines


def note_approval(entry: Any, msgctxt: str | None, msgid: str) -> None:
    """Record that the entry's translation was approved for the source ``msgctxt``/``msgid``."""
    mark = approval_mark(msgctxt, msgid, translation_text(entry))
    lines = _without_approval(_comment_lines(entry))
    entry.tcomment = "\n".join([*lines, f"{APPROVED_PREFIX}{APPROVED_NOTE} [ok:{mark}]"])


def has_approval_note(entry: Any) -> bool:
    return _approval_span(_comment_lines(entry)) is not None


def drop_approval_note(entry: Any) -> None:
    entry.tcomment = "\n".join(_without_approval(_comment_lines(entry)))


def approval_holds(entry: Any) -> bool:
    """The entry is fuzzy, and its source and translation are exactly those a person approved
    (its approval note's fingerprint matches)."""
    span = _approval_span(_comment_lines(entry))
    return ("fuzzy" in entry.flags and span is not None and span[2] is not None
            and span[2] == approval_mark(entry.msgctxt, entry.msgid, translation_text(entry)))
