"""A locale's catalog of one article: creation from the template, load, save, entry states
(opening one measured against its template: :mod:`presslate.i18n.edition`).

Entry states, shared by translate, check, status and export:

- ``untranslated``: empty ``msgstr``;
- ``machine``: filled by an engine or translation memory, ``fuzzy``, with a
  provenance comment (``# presslate-mt: ...``) naming engine, model and path;
- ``changed``: ``fuzzy`` because its source text changed (``#| msgid``), or a
  person's draft awaiting approval (a machine suggestion someone edited and left
  ``fuzzy``: the provenance comment's fingerprint no longer matches the text);
- ``reviewed``: filled and not ``fuzzy`` (a person translated or approved it;
  removing ``fuzzy`` approves an entry);
- ``source``: the segment is already in the target language and is used as
  written: the ``msgstr`` is the ``msgid`` (not fuzzy, marked
  ``# presslate-source: ...``). Text used as written follows its source (see
  :mod:`presslate.i18n.edition`); an entry so marked whose ``msgstr`` a person
  edited holds a person's text and is ``reviewed``.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from .errors import CatalogError, WorkspaceError
from .files import write_atomic
from .po import format_po, parse_po

MT_PREFIX = "presslate-mt: "
SOURCE_NOTE = "presslate-source: used as written (already in the target language)"

UNTRANSLATED = "untranslated"
MACHINE = "machine"
CHANGED = "changed"
REVIEWED = "reviewed"
SOURCE = "source"
STATES = (REVIEWED, SOURCE, MACHINE, CHANGED, UNTRANSLATED)


def _comment_lines(entry: Any) -> list[str]:
    return (entry.tcomment or "").splitlines()


_FINGERPRINT_RE = re.compile(r" \[mt:([0-9a-f]{8})\]$")


def fingerprint(text: str) -> str:
    """A short hash of a machine suggestion, kept in its provenance comment."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _provenance_line(entry: Any) -> str | None:
    for line in _comment_lines(entry):
        if line.startswith(MT_PREFIX):
            return line[len(MT_PREFIX):]
    return None


def provenance(entry: Any) -> str:
    """The machine provenance of an entry (``apertium fr→es→en ...``) or ``""``."""
    line = _provenance_line(entry)
    return _FINGERPRINT_RE.sub("", line) if line else ""


def machine_text_intact(entry: Any) -> bool:
    """The entry still holds the text the engine wrote (no person edited it since).

    A provenance comment without a fingerprint (written by hand, or by an older
    presslate) is taken as intact.
    """
    line = _provenance_line(entry)
    if line is None:
        return False
    match = _FINGERPRINT_RE.search(line)
    return match is None or match.group(1) == fingerprint(entry.msgstr)


def set_machine(entry: Any, text: str, note: str) -> None:
    """Fill ``entry`` with a machine suggestion: fuzzy, with a provenance comment."""
    entry.msgstr = text
    if "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
    lines = [ln for ln in _comment_lines(entry)
             if not ln.startswith(MT_PREFIX) and ln != SOURCE_NOTE]
    entry.tcomment = "\n".join([*lines, f"{MT_PREFIX}{note} [mt:{fingerprint(text)}]"])


def clear_provenance(entry: Any) -> None:
    """Drop the machine provenance: the entry's text is now a person's (approved or not)."""
    entry.tcomment = "\n".join(ln for ln in _comment_lines(entry) if not ln.startswith(MT_PREFIX))


def set_source_as_written(entry: Any) -> None:
    """The segment is already in the target language: use it as written, not fuzzy."""
    entry.msgstr = entry.msgid
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    lines = [ln for ln in _comment_lines(entry)
             if not ln.startswith(MT_PREFIX) and ln != SOURCE_NOTE]
    entry.tcomment = "\n".join([*lines, SOURCE_NOTE])


def marked_as_written(entry: Any) -> bool:
    """The entry carries the ``# presslate-source:`` comment (whatever its text now)."""
    return SOURCE_NOTE in _comment_lines(entry)


def clear_as_written(entry: Any) -> None:
    """The segment is no longer in the catalog's language: untranslated again."""
    entry.msgstr = ""
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    entry.tcomment = "\n".join(ln for ln in _comment_lines(entry) if ln != SOURCE_NOTE)


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
    if entry.msgstr == entry.msgid and SOURCE_NOTE in _comment_lines(entry):
        return SOURCE
    return REVIEWED


def is_human(entry: Any) -> bool:
    """A person's translation or approval: never overwritten by the tool."""
    return bool(entry.msgstr) and "fuzzy" not in entry.flags


def header_for(locale: str, slug: str, *, now: str | None = None) -> dict[str, str]:
    """PO header fields for ``locale``: Language, Plural-Forms and team from Babel's data."""
    from babel import Locale
    from babel.messages.plurals import get_plural

    loc = Locale.parse(locale)
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
    """Read a PO/POT file; malformed or non-UTF-8 files raise :class:`CatalogError`."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise WorkspaceError("no such catalog", path=path) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError("not UTF-8", path=path, line=line,
                           hint="presslate catalogs are UTF-8; convert with msgconv -t UTF-8") from exc
    return parse_po(text, path=str(path))


def save_po(path: Path, po: Any) -> None:
    """Write a catalog atomically."""
    write_atomic(path, format_po(po))
