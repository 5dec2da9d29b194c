"""XLIFF 1.2 export and import of a locale catalog, keeping each entry's state.

For translators working in CAT tools rather than PO editors. One ``trans-unit``
per entry, its ``id`` a hash of (msgctxt, msgid) and its ``resname`` the
msgctxt. States travel as XLIFF 1.2 ``state``/``state-qualifier``/``approved``:

=============  ==============================================================
PO state       XLIFF
=============  ==============================================================
untranslated   no ``target``
machine        ``state="needs-review-translation" state-qualifier="mt-suggestion"``
changed        ``state="needs-review-translation" state-qualifier="fuzzy-match"``
reviewed       ``state="translated" approved="yes"``
source         ``state="final" approved="yes"`` (used as written)
=============  ==============================================================

Import writes back the targets: an approved (or ``translated``/``final``/
``signed-off``) target becomes a reviewed entry, any other one a fuzzy entry;
a person's reviewed translation is never replaced by a target that is not
approved. Plural entries are not exported (XLIFF 1.2 has no standard form for
them) and stay as they are.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalog import (
    CHANGED,
    MACHINE,
    REVIEWED,
    SOURCE,
    SOURCE_NOTE,
    UNTRANSLATED,
    clear_provenance,
    entry_state,
    load_po,
    provenance,
    set_source_as_written,
)
from .charsets import encode_po
from .errors import CatalogError
from .files import write_atomic
from .locales import bcp47, parse_locale
from .workspace import Workspace

NS = "urn:oasis:names:tc:xliff:document:1.2"
_Q = f"{{{NS}}}"
APPROVED_STATES = frozenset({"translated", "final", "signed-off"})


def unit_id(entry: Any) -> str:
    """A stable id for an entry: the same (msgctxt, msgid) always gives the same id."""
    key = f"{entry.msgctxt or ''}\x04{entry.msgid}".encode()
    return "u" + hashlib.sha1(key).hexdigest()[:16]


def _units(catalog: Any) -> Iterator[Any]:
    return (e for e in catalog if not e.obsolete and not e.msgid_plural and e.msgid)


def build_xliff(catalog: Any, *, slug: str, source_lang: str, target_lang: str) -> str:
    """The catalog as an XLIFF 1.2 document (text)."""
    ET.register_namespace("", NS)
    root = ET.Element(f"{_Q}xliff", {"version": "1.2"})
    file = ET.SubElement(root, f"{_Q}file", {
        "original": slug, "datatype": "plaintext",
        "source-language": bcp47(source_lang), "target-language": bcp47(target_lang),
        "tool-id": "presslate",
    })
    body = ET.SubElement(file, f"{_Q}body")
    for entry in _units(catalog):
        attrs = {"id": unit_id(entry), "{http://www.w3.org/XML/1998/namespace}space": "preserve"}
        if entry.msgctxt is not None:
            attrs["resname"] = entry.msgctxt
        state = entry_state(entry)
        if state in (REVIEWED, SOURCE):
            attrs["approved"] = "yes"
        unit = ET.SubElement(body, f"{_Q}trans-unit", attrs)
        ET.SubElement(unit, f"{_Q}source").text = entry.msgid
        if state != UNTRANSLATED:
            target_attrs = {
                REVIEWED: {"state": "translated"},
                SOURCE: {"state": "final"},
                MACHINE: {"state": "needs-review-translation", "state-qualifier": "mt-suggestion"},
                CHANGED: {"state": "needs-review-translation", "state-qualifier": "fuzzy-match"},
            }[state]
            ET.SubElement(unit, f"{_Q}target", target_attrs).text = entry.msgstr
        if entry.comment:
            ET.SubElement(unit, f"{_Q}note", {"from": "developer"}).text = entry.comment
        if entry.previous_msgid:
            ET.SubElement(unit, f"{_Q}note", {"from": "previous-source"}).text = entry.previous_msgid
        if provenance(entry):
            ET.SubElement(unit, f"{_Q}note", {"from": "machine"}).text = provenance(entry)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


@dataclass(frozen=True)
class ImportStats:
    updated: int = 0  # entries whose translation or state changed
    unchanged: int = 0
    kept_human: int = 0  # not-approved targets that would have replaced a person's translation
    unknown: int = 0  # trans-units with no entry in the catalog (the article changed since)


def apply_xliff(catalog: Any, text: str, *, path: str = "<xliff>") -> ImportStats:
    """Write the XLIFF document's targets and states into ``catalog`` (in place)."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise CatalogError(f"not well-formed XML: {exc}", path=path, line=exc.position[0],
                           hint="fix the XLIFF file, or export it again") from exc
    if root.tag != f"{_Q}xliff" or root.get("version") != "1.2":
        raise CatalogError("not an XLIFF 1.2 document", path=path,
                           hint="presslate reads XLIFF 1.2 (urn:oasis:names:tc:xliff:document:1.2)")
    entries = {unit_id(e): e for e in _units(catalog)}
    updated = unchanged = kept = unknown = 0
    for unit in root.iter(f"{_Q}trans-unit"):
        entry = entries.get(unit.get("id", ""))
        if entry is None:
            unknown += 1
            continue
        target = unit.find(f"{_Q}target")
        text_value = "".join(target.itertext()) if target is not None else ""
        if target is None or not text_value:
            unchanged += 1
            continue
        state = target.get("state", "")
        approved = unit.get("approved") == "yes" or state in APPROVED_STATES
        before = (entry.msgstr, list(entry.flags), entry.tcomment)
        if approved:
            if state == "final" and text_value == entry.msgid:
                set_source_as_written(entry)
            else:
                if text_value != entry.msgid or entry_state(entry) != SOURCE:
                    entry.tcomment = "\n".join(  # no longer "used as written"
                        ln for ln in (entry.tcomment or "").splitlines() if ln != SOURCE_NOTE)
                entry.msgstr = text_value
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = entry.previous_msgctxt = None
        elif entry.msgstr and "fuzzy" not in entry.flags:
            if entry.msgstr != text_value:
                kept += 1
            else:
                unchanged += 1
            continue
        else:
            if text_value != entry.msgstr:
                clear_provenance(entry)  # a translator's draft, no longer the engine's
            entry.msgstr = text_value
            if "fuzzy" not in entry.flags:
                entry.flags.insert(0, "fuzzy")
        if (entry.msgstr, list(entry.flags), entry.tcomment) == before:
            unchanged += 1
        else:
            updated += 1
    return ImportStats(updated, unchanged, kept, unknown)


@dataclass(frozen=True)
class XliffOptions:
    slug: str
    lang: str


def export_xliff(ws: Workspace, options: XliffOptions) -> str:
    """The XLIFF 1.2 text of one article's catalog in one locale."""
    locale = parse_locale(options.lang)
    catalog = load_po(_catalog_path(ws, options.slug, locale))
    source = catalog.metadata.get("X-Presslate-Source-Language") or ws.config.source_language
    return build_xliff(catalog, slug=options.slug, source_lang=source, target_lang=locale)


def import_xliff(ws: Workspace, options: XliffOptions, xliff: Path) -> ImportStats:
    """Read ``xliff`` into the article's catalog and save it (under the workspace lock)."""
    locale = parse_locale(options.lang)
    try:
        text = xliff.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"cannot read the XLIFF file: {exc}", path=xliff) from exc
    path = _catalog_path(ws, options.slug, locale)
    with ws.lock():
        catalog = load_po(path)
        stats = apply_xliff(catalog, text, path=str(xliff))
        if stats.updated:
            write_atomic(path, encode_po(catalog))
    return stats


def _catalog_path(ws: Workspace, slug: str, locale: str) -> Path:
    path = ws.catalog_path(slug, locale)
    if not path.is_file():
        from .errors import WorkspaceError

        raise WorkspaceError(f"no {locale} catalog for {slug!r}", path=path,
                             hint=f"create it first: presslate translate {slug} --to {locale}")
    return path
