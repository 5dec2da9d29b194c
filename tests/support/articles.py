"""Write article records and templates straight into a workspace (no reader involved)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from presslate.i18n.article import Article, Metadata, RawSegment, Segment, assign_ids
from presslate.i18n.catalog import save_po
from presslate.i18n.template import build_template
from presslate.i18n.workspace import Workspace


def add_article(root: Path, slug: str, segments: Sequence[tuple[str, str, str]], *,
                lang: str = "en") -> Article:
    """Add ``slug`` with ``(kind, text, lang)`` segments; writes the record and ``<slug>.pot``."""
    ws = Workspace.open(root)
    raw = [RawSegment(kind, text) for kind, text, _ in segments]
    segs = tuple(
        Segment(id=seg_id, kind=r.kind, text=r.text, lang=seg_lang, confidence=1.0, lang_source="declared")
        for (seg_id, r), (_, _, seg_lang) in zip(assign_ids(raw), segments, strict=True)
    )
    article = Article(Metadata(slug=slug, title=segments[0][1], lang=lang), segs)
    ws.save_article(article)
    save_po(ws.template_path(slug), build_template(article, creation_date="2026-01-01 00:00+0000"))
    return article
