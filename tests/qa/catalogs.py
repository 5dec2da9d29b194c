"""Build small real workspaces (article record, template, locale catalogs) for the QA tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from presslate.i18n.article import Article, Metadata, RawSegment, Segment, assign_ids
from presslate.i18n.catalog import new_catalog, save_po, set_machine, set_source_as_written
from presslate.i18n.template import build_template
from presslate.i18n.workspace import Workspace


@dataclass(frozen=True)
class E:
    """One segment and its translation in one locale."""

    text: str
    translation: str = ""
    lang: str = "en"
    kind: str = "body"
    state: str = "reviewed"  # reviewed | machine | changed | source | untranslated
    flags: tuple[str, ...] = ()


def write_article(root: Path, slug: str, catalogs: dict[str, list[E]], *, lang: str = "en") -> Workspace:
    """Write ``slug``'s record and template and one catalog per locale into the workspace at ``root``."""
    ws = Workspace.open(root)
    texts: list[E] = []
    for entries in catalogs.values():
        for e in entries:
            if all((e.kind, e.text) != (t.kind, t.text) for t in texts):
                texts.append(e)
    raw = [RawSegment(kind=e.kind, text=e.text) for e in texts]
    segments = [Segment(id=seg_id, kind=r.kind, text=r.text, lang=e.lang, confidence=1.0)
                for (seg_id, r), e in zip(assign_ids(raw), texts, strict=True)]
    article = Article(Metadata(slug=slug, title=texts[0].text if texts else slug, lang=lang),
                      tuple(segments))
    ws.save_article(article)
    template = build_template(article, creation_date="2026-01-01 00:00+0000")
    save_po(ws.template_path(slug), template)
    for locale, entries in catalogs.items():
        po = new_catalog(template, locale, slug)
        for e in entries:
            entry = po.find(e.text, msgctxt=e.kind)
            assert entry is not None
            if e.state == "machine":
                set_machine(entry, e.translation, "apertium en-fr (test)")
            elif e.state == "changed":
                entry.msgstr = e.translation
                entry.flags.append("fuzzy")
                entry.previous_msgid = e.text + " (before)"
            elif e.state == "source":
                set_source_as_written(entry)
            elif e.state == "reviewed":
                entry.msgstr = e.translation
            entry.flags.extend(e.flags)
        save_po(ws.catalog_path(slug, locale), po)
    return ws
