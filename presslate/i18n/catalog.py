"""A locale's catalog of one article: creation from the template, load, save, entry states.

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
  written (not fuzzy, marked ``# presslate-source: as written``).
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from .errors import WorkspaceError
from .files import write_atomic
from .locales import parse_locale
from .workspace import Workspace

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
    lines = [ln for ln in _comment_lines(entry)
             if not ln.startswith(MT_PREFIX) and ln != SOURCE_NOTE]
    entry.tcomment = "\n".join([*lines, SOURCE_NOTE])


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
    if SOURCE_NOTE in _comment_lines(entry):
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


def load_template(ws: Workspace, slug: str) -> Any:
    path = ws.template_path(slug)
    if not path.is_file():
        raise WorkspaceError(f"no template for {slug!r}", path=path,
                             hint="pull the article first (presslate pull ...)")
    return load_po(path)


def open_catalog(ws: Workspace, slug: str, locale: str, *, create: bool = True) -> tuple[Any, bool]:
    """The catalog of ``slug`` in ``locale``, created from the template when missing.

    Returns ``(catalog, created)``; a created catalog is not saved yet.
    """
    locale = parse_locale(locale)
    path = ws.catalog_path(slug, locale)
    if path.is_file():
        return load_po(path), False
    if not create:
        raise WorkspaceError(f"no {locale} catalog for {slug!r}", path=path,
                             hint=f"run presslate translate {slug} --to {locale}")
    return new_catalog(load_template(ws, slug), locale, slug), True
