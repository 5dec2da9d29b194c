"""JSON export: the article's metadata and its segments in order, each with its status.

``notices`` lists what the page says about itself (machine translation shown,
text left untranslated) with its counts; an image ``src`` is kept only when it
is an http(s) or relative URL, as in the other formats.
"""

from __future__ import annotations

import json
from typing import Any

from ..inline import has_markup
from .localize import LocalizedArticle, safe_url

RECORD = "presslate-export/1"


def export_record(doc: LocalizedArticle) -> dict[str, Any]:
    """The JSON-ready record of ``doc``."""
    segments = []
    for seg in doc.segments:
        item: dict[str, Any] = {
            "id": seg.id, "kind": seg.kind, "text": seg.text, "lang": seg.lang, "dir": seg.dir,
            "status": seg.status,
        }
        if has_markup(seg.markup):  # links, emphasis, line breaks: the text as HTML too
            item["html"] = str(seg.html)
        if seg.provenance:
            item["provenance"] = seg.provenance
        attrs = dict(seg.attrs)
        for key in ("src", *seg.links):
            if key in attrs and not safe_url(attrs[key]):
                del attrs[key]  # javascript:, data: and the like
        if attrs:
            item["attrs"] = attrs
        segments.append(item)
    return {
        "record": RECORD,
        "slug": doc.slug,
        "locale": doc.locale,
        "lang": doc.lang,
        "dir": doc.dir,
        "title": doc.title,
        "site": doc.site,
        "url": doc.url,
        "author": doc.author,
        "published": doc.published,
        "published_display": doc.published_display,
        "source_language": doc.source_lang,
        "fallback": doc.fallback,
        "notice": doc.notice or None,
        "notices": [{"kind": n.kind, "text": n.text, "lang": n.lang, "count": n.count, "total": n.total,
                     **({"languages": list(n.languages)} if n.languages else {})}
                    for n in doc.notices],
        "counts": doc.counts(),
        "alternates": [{"locale": a.locale, "hreflang": a.hreflang,
                        "href": f"../{a.locale}/{doc.slug}.json"}
                       for a in doc.alternates if not a.current],
        "segments": segments,
        "omitted": list(doc.omitted),
    }


def render_json(doc: LocalizedArticle) -> str:
    return json.dumps(export_record(doc), ensure_ascii=False, indent=2) + "\n"
