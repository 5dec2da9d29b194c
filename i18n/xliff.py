"""XLIFF 1.2 export and import of a locale catalog, keeping each entry's state.

For translators working in CAT tools rather than PO editors. One ``trans-unit``
per entry, its ``id`` a hash of (msgctxt, msgid) and its ``resname`` the
msgctxt. The ``file`` element names the article (``original``) and its source
and target languages; import refuses a file for another article or language.
States travel as XLIFF 1.2 ``state``/``state-qualifier``/``approved``:

==============  ==============================================================
PO state        XLIFF
==============  ==============================================================
untranslated    no ``target``
machine         ``state="needs-review-translation" state-qualifier="mt-suggestion"``
                and a ``note from="machine"`` with the provenance
changed source  ``state="needs-review-translation" state-qualifier="fuzzy-match"``
                and a ``note from="previous-source"``
person's draft  ``state="needs-review-translation"`` and a ``note from="presslate"``
reviewed        ``state="translated" approved="yes"``
source          ``state="final" approved="yes"`` (used as written)
==============  ==============================================================

Text is carried exactly: a carriage return is written as ``&#13;`` (XML turns a
raw one into a line feed), and a character XML 1.0 cannot hold (``\a``, other
C0 controls, U+FFFE, U+FFFF) as ``<ph ctype="x-presslate-char">U+0007</ph>``.

Import writes back the targets: an approved (or ``translated``/``final``/
``signed-off``) target becomes a reviewed entry, any other one a fuzzy entry;
a target equal to the entry's text in the same state changes nothing, so a
round trip with no edits leaves the catalog byte for byte as it was. A person's
reviewed translation is never replaced by a target that is not approved.
Plural entries are not exported (XLIFF 1.2 has no standard form for them) and
stay as they are.
"""

from __future__ import annotations

import hashlib
import re
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
    UNTRANSLATED,
    clear_provenance,
    drop_source_note,
    entry_state,
    provenance,
    prune_unknown,
    set_source_as_written,
)
from .charsets import encode_po
from .edition import open_edition
from .errors import CatalogError, LanguageError
from .locales import bcp47, parse_locale
from .workspace import Workspace

NS = "urn:oasis:names:tc:xliff:document:1.2"
_Q = f"{{{NS}}}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
APPROVED_STATES = frozenset({"translated", "final", "signed-off"})
CHAR_CTYPE = "x-presslate-char"
DRAFT_NOTE = "a person's draft, not approved yet"
# Characters XML 1.0 cannot hold, even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CODE_POINT = re.compile(r"U\+([0-9A-Fa-f]{4,6})")
_STRUCTURE = frozenset(f"{_Q}{tag}" for tag in ("xliff", "file", "body", "trans-unit"))


def unit_id(entry: Any) -> str:
    """A stable id for an entry: the same (msgctxt, msgid) always gives the same id."""
    key = f"{entry.msgctxt or ''}\x04{entry.msgid}".encode()
    return "u" + hashlib.sha1(key).hexdigest()[:16]


def _units(catalog: Any) -> Iterator[Any]:
    return (e for e in catalog if not e.obsolete and not e.msgid_plural and e.msgid)


def _put_text(element: ET.Element, text: str) -> None:
    """``text`` as the content of ``element``: characters XML cannot hold become ``<ph>``s."""
    pieces = _NOT_XML.split(text)
    element.text = pieces[0]
    for number, (char, piece) in enumerate(zip(_NOT_XML.findall(text), pieces[1:], strict=True),
                                           start=1):
        ph = ET.SubElement(element, f"{_Q}ph", {"id": f"c{number}", "ctype": CHAR_CTYPE})
        ph.text = f"U+{ord(char):04X}"
        ph.tail = piece


def _visible(text: str) -> str:
    """For notes and attributes (no inline elements there): unwritable characters as U+XXXX."""
    return _NOT_XML.sub(lambda m: f"U+{ord(m.group()):04X}", text)


def _is_draft(entry: Any, state: str) -> bool:
    return state == CHANGED and not entry.previous_msgid and not entry.previous_msgctxt


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
        attrs = {"id": unit_id(entry), _XML_SPACE: "preserve"}
        if entry.msgctxt is not None:
            attrs["resname"] = _visible(entry.msgctxt)
        state = entry_state(entry)
        if state in (REVIEWED, SOURCE):
            attrs["approved"] = "yes"
        unit = ET.SubElement(body, f"{_Q}trans-unit", attrs)
        _put_text(ET.SubElement(unit, f"{_Q}source"), entry.msgid)
        if state != UNTRANSLATED:
            target_attrs = {
                REVIEWED: {"state": "translated"},
                SOURCE: {"state": "final"},
                MACHINE: {"state": "needs-review-translation", "state-qualifier": "mt-suggestion"},
                CHANGED: {"state": "needs-review-translation", "state-qualifier": "fuzzy-match"},
            }[state]
            if _is_draft(entry, state):
                target_attrs = {"state": "needs-review-translation"}
            _put_text(ET.SubElement(unit, f"{_Q}target", target_attrs), entry.msgstr)
        notes = []
        if entry.comment:
            notes.append(("developer", entry.comment))
        if entry.previous_msgid:
            notes.append(("previous-source", entry.previous_msgid))
        note = provenance(entry)
        if state == MACHINE:
            notes.append(("machine", note))
        elif _is_draft(entry, state):
            notes.append(("presslate", DRAFT_NOTE + (f" (edited from a machine suggestion: {note})"
                                                     if note else "")))
        for author, text in notes:
            ET.SubElement(unit, f"{_Q}note", {"from": author}).text = _visible(text)
    _indent(root)
    text = ET.tostring(root, encoding="unicode")
    # XML reads a raw CR as LF: only a character reference keeps it (ElementTree writes the
    # attributes' CRs as references already; the ones left are in text).
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text.replace("\r", "&#13;") + "\n"


def _indent(element: ET.Element, level: int = 0) -> None:
    """Indent the document's structure, never the text of a source, target or note."""
    children = list(element)
    if not children:
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in children:
        if child.tag in _STRUCTURE:
            _indent(child, level + 1)
        child.tail = pad
    children[-1].tail = "\n" + "  " * level


def _read_text(element: ET.Element, *, path: str) -> str:
    """The text of a source or target: our ``<ph>`` characters restored, the text inside
    any other inline element kept (iteratively: no recursion limit on nested markup)."""
    out = [element.text or ""]
    stack: list[tuple[Iterator[ET.Element], str]] = [(iter(element), "")]
    while stack:
        children, tail = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            out.append(tail)
        elif child.tag == f"{_Q}ph" and child.get("ctype") == CHAR_CTYPE:
            out.append(_code_point(child, path=path))
            out.append(child.tail or "")
        else:
            out.append(child.text or "")
            stack.append((iter(child), child.tail or ""))
    return "".join(out)


def _code_point(ph: ET.Element, *, path: str) -> str:
    raw = "".join(ph.itertext()).strip()
    match = _CODE_POINT.fullmatch(raw)
    value = int(match.group(1), 16) if match else -1
    if not 0 <= value <= 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        raise CatalogError(f'a <ph ctype="{CHAR_CTYPE}"> holds {raw!r}, not a character such as U+0007',
                           path=path, hint="keep these placeholders as exported")
    return chr(value)


@dataclass(frozen=True)
class ImportStats:
    updated: int = 0  # entries whose translation or state changed
    unchanged: int = 0
    kept_human: int = 0  # not-approved targets that would have replaced a person's translation
    unknown: int = 0  # trans-units with no entry in the catalog (the article changed since)


@dataclass(frozen=True)
class XliffTarget:
    """What an imported file must be for: the article and its languages (gettext form)."""

    slug: str
    source_lang: str
    target_lang: str


def parse_xliff(data: str | bytes, *, path: str = "<xliff>") -> ET.Element:
    """The document's root; not well-formed XML or not XLIFF 1.2 raise :class:`CatalogError`."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise CatalogError(f"not well-formed XML: {exc}", path=path, line=exc.position[0],
                           hint="fix the XLIFF file, or export it again") from exc
    if root.tag != f"{_Q}xliff" or root.get("version") != "1.2":
        raise CatalogError("not an XLIFF 1.2 document", path=path,
                           hint="presslate reads XLIFF 1.2 (urn:oasis:names:tc:xliff:document:1.2)")
    return root


def check_xliff_target(root: ET.Element, expected: XliffTarget, *, path: str) -> None:
    """Refuse a document for another article, source language or target language."""
    files = root.findall(f"{_Q}file")
    if not files:
        raise CatalogError("the XLIFF file holds no <file> element", path=path,
                           hint="export it again: presslate xliff export ...")
    for file in files:
        original = file.get("original")
        if original != expected.slug:
            raise CatalogError(
                f"the file is for article {original!r}, not {expected.slug!r}", path=path,
                hint=f"import it into its own article (presslate xliff import {original} ...), "
                     f"or export {expected.slug} again")
        for attr, want, option in (("target-language", expected.target_lang, "--lang"),
                                   ("source-language", expected.source_lang, "the article")):
            value = file.get(attr)
            if value is None:
                raise CatalogError(f"the file names no {attr}", path=path,
                                   hint=f"add {attr}=\"{bcp47(want)}\" to its <file> element, "
                                        "or export it again")
            if not _matches(_same_locale(value), want):
                what = "target" if attr == "target-language" else "source"
                raise CatalogError(
                    f"the file's {what} language is {value!r}, not {bcp47(want)!r} ({option})",
                    path=path,
                    hint=(f"import it with --lang {value}" if what == "target"
                          else f"it is not a translation of {expected.slug} as pulled")
                    + "; or export the catalog again")


def _matches(found: str | None, want: str) -> bool:
    """The file's locale is the one wanted, or a regional form of a bare language wanted (a CAT
    tool writes ``fr-FR`` for ``fr``)."""
    return found == want or (found is not None and "_" not in want and "@" not in want
                             and found.split("_")[0].split("@")[0] == want)


def _same_locale(value: str) -> str | None:
    try:
        return parse_locale(value)
    except LanguageError:
        return None


def apply_xliff(catalog: Any, root: ET.Element, *, path: str = "<xliff>") -> ImportStats:
    """Write the XLIFF document's targets and states into ``catalog`` (in place)."""
    entries = {unit_id(e): e for e in _units(catalog)}
    updated = unchanged = kept = unknown = 0
    for unit in root.iter(f"{_Q}trans-unit"):
        entry = entries.get(unit.get("id", ""))
        if entry is None:
            unknown += 1
            continue
        target = unit.find(f"{_Q}target")
        text_value = _read_text(target, path=path) if target is not None else ""
        if target is None or not text_value:
            unchanged += 1
            continue
        result = _apply_unit(entry, unit, target, text_value)
        if result == "kept":
            kept += 1
        elif result == "updated":
            updated += 1
        else:
            unchanged += 1
    return ImportStats(updated, unchanged, kept, unknown)


def _apply_unit(entry: Any, unit: ET.Element, target: ET.Element, text: str) -> str:
    state = target.get("state", "")
    approved = unit.get("approved") == "yes" or state in APPROVED_STATES
    now = entry_state(entry)
    before = (entry.msgstr, list(entry.flags), entry.tcomment,
              entry.previous_msgid, entry.previous_msgctxt)
    if approved:
        if text == entry.msgstr and now in (REVIEWED, SOURCE):
            return "unchanged"  # approved as it is (an edited as-written entry stays so)
        if state == "final" and text == entry.msgid:
            set_source_as_written(entry)
        else:
            drop_source_note(entry)
            edited, entry.msgstr = text != entry.msgstr, text
            if edited:
                prune_unknown(entry)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgctxt = None
    elif entry.msgstr and "fuzzy" not in entry.flags:
        return "unchanged" if entry.msgstr == text else "kept"
    else:
        if text != entry.msgstr:
            clear_provenance(entry)  # a translator's draft, no longer the engine's
            entry.msgstr = text
            prune_unknown(entry)
        if "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
    after = (entry.msgstr, list(entry.flags), entry.tcomment,
             entry.previous_msgid, entry.previous_msgctxt)
    return "unchanged" if after == before else "updated"


@dataclass(frozen=True)
class XliffOptions:
    slug: str
    lang: str


def _source_language(ws: Workspace, catalog: Any) -> str:
    return parse_locale(catalog.metadata.get("X-Presslate-Source-Language")
                        or ws.config.source_language)


def export_xliff(ws: Workspace, options: XliffOptions) -> str:
    """The XLIFF 1.2 text of one article's catalog in one locale."""
    locale = parse_locale(options.lang)
    with ws.reading():
        _catalog_path(ws, options.slug, locale)
        catalog = open_edition(ws, options.slug, locale).catalog  # every segment of the template
    return build_xliff(catalog, slug=options.slug, source_lang=_source_language(ws, catalog),
                       target_lang=locale)


def import_xliff(ws: Workspace, options: XliffOptions, xliff: Path) -> ImportStats:
    """Read ``xliff`` into the article's catalog and save it (under the workspace lock).

    A file for another article, source language or target language is refused
    (:class:`CatalogError`) and nothing is written.
    """
    locale = parse_locale(options.lang)
    try:
        data = xliff.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read the XLIFF file: {exc.strerror or exc}", path=xliff) from exc
    root = parse_xliff(data, path=str(xliff))
    with ws.lock():
        path = _catalog_path(ws, options.slug, locale)
        catalog = open_edition(ws, options.slug, locale).catalog  # every segment of the template
        expected = XliffTarget(options.slug, _source_language(ws, catalog), locale)
        check_xliff_target(root, expected, path=str(xliff))
        stats = apply_xliff(catalog, root, path=str(xliff))
        if stats.updated:
            tx = ws.transaction()
            tx.write(path, encode_po(catalog))
            tx.commit()
    return stats


def _catalog_path(ws: Workspace, slug: str, locale: str) -> Path:
    path = ws.catalog_path(slug, locale)
    if not path.is_file():
        from .errors import WorkspaceError

        raise WorkspaceError(f"no {locale} catalog for {slug!r}", path=path,
                             hint=f"create it first: presslate translate {slug} --to {locale}")
    return path
