"""Compiling catalogs to GNU MO files, as ``msgfmt`` does.

Fuzzy, untranslated and obsolete entries are left out; the header entry is
kept, without ``POT-Creation-Date`` (as msgfmt does). Keys are
``msgctxt\\x04msgid`` (``\\0msgid_plural`` for plural entries), sorted by
their UTF-8 bytes; plural translations are joined with ``\\0``.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .edition import article_template, open_edition
from .locales import parse_locale
from .merge import has_translation
from .workspace import Workspace

MO_MAGIC = 0x950412DE


def mo_messages(catalog: Any) -> list[tuple[bytes, bytes]]:
    """The (key, translation) pairs msgfmt would put in the MO file, sorted."""
    pairs: dict[bytes, bytes] = {}
    codec = getattr(catalog, "encoding", "utf-8") or "utf-8"  # as msgfmt: the catalog's charset
    if catalog.metadata:
        # msgfmt leaves POT-Creation-Date out, so an MO file changes only with its translations.
        header = {k: v for k, v in catalog.metadata.items() if k != "POT-Creation-Date"}
        pairs[b""] = "".join(f"{k}: {v}\n" for k, v in header.items()).encode(codec)
    for entry in catalog:
        if entry.obsolete or "fuzzy" in entry.flags or not has_translation(entry) or not entry.msgid:
            continue
        key = entry.msgid
        if entry.msgctxt is not None:
            key = f"{entry.msgctxt}\x04{key}"
        if entry.msgid_plural:
            key += "\0" + entry.msgid_plural
            forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural, key=int)]
            value = "\0".join(forms)
        else:
            value = entry.msgstr
        pairs[key.encode(codec)] = value.encode(codec)
    return sorted(pairs.items())


def build_mo(catalog: Any) -> bytes:
    """The MO file of ``catalog`` (little-endian, no hash table)."""
    messages = mo_messages(catalog)
    count = len(messages)
    header_size = 7 * 4
    originals_at = header_size
    translations_at = originals_at + count * 8
    data_at = translations_at + count * 8
    tables: list[bytes] = []
    blobs: list[bytes] = []
    offset = data_at
    for part in (0, 1):
        entries = []
        for pair in messages:
            text = pair[part]
            entries.append(struct.pack("<II", len(text), offset))
            blobs.append(text + b"\0")
            offset += len(text) + 1
        tables.append(b"".join(entries))
    head = struct.pack("<7I", MO_MAGIC, 0, count, originals_at, translations_at, 0, data_at)
    return head + tables[0] + tables[1] + b"".join(blobs)


@dataclass(frozen=True)
class CompileOptions:
    slugs: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()  # only these locales (default: all)


@dataclass(frozen=True)
class Compiled:
    slug: str
    locale: str
    path: Path
    messages: int  # translations written (header not counted)
    changed: bool


def compile_workspace(ws: Workspace, options: CompileOptions,
                      on_progress: Callable[[str], None] | None = None) -> list[Compiled]:
    """Write ``<slug>.mo`` next to every catalog ``<slug>.po`` of the given articles."""
    only = {parse_locale(code) for code in options.langs}
    results = []
    with ws.lock():
        slugs = ws.resolve_slugs(options.slugs)
        tx = ws.transaction()
        for slug in slugs:
            locales = [loc for loc in ws.locales(slug) if not only or loc in only]
            template = article_template(ws, slug) if locales else None
            for locale in locales:
                po_path = ws.catalog_path(slug, locale)
                if on_progress:
                    on_progress(str(po_path))
                catalog = open_edition(ws, slug, locale, template=template).catalog
                data = build_mo(catalog)
                mo_path = po_path.with_suffix(".mo")
                changed = not mo_path.is_file() or mo_path.read_bytes() != data
                if changed:
                    tx.write(mo_path, data)
                count = len(mo_messages(catalog)) - (1 if catalog.metadata else 0)
                results.append(Compiled(slug, locale, mo_path, count, changed))
        tx.commit()
    return results
