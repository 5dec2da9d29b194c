"""Markdown export: YAML front matter, then the article; every text escaped for CommonMark.

A segment shown in another language than the page is wrapped in
``<span lang dir>`` (CommonMark keeps inline HTML), its text still escaped.
"""

from __future__ import annotations

import json
import re

from .localize import LocalizedArticle, LocalizedSegment

_INLINE_RE = re.compile(r"([\\`*_\[\]{}()#+!|~])")
_BLOCK_START_RE = re.compile(r"^(\s*)([-+>=]|\d+[.)])")


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown: HTML and Markdown syntax cannot take effect."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE_RE.sub(r"\\\1", text)
    return _BLOCK_START_RE.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _yaml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _inline(seg: LocalizedSegment) -> str:
    text = escape_markdown(seg.text)
    if seg.foreign:
        return f'<span lang="{seg.lang}" dir="{seg.dir}">{text}</span>'
    return text


def render_markdown(doc: LocalizedArticle) -> str:
    """``doc`` as Markdown with front matter (title, lang, dir, date, slug)."""
    front = [
        "---",
        f"title: {_yaml(doc.title)}",
        f"slug: {_yaml(doc.slug)}",
        f"lang: {_yaml(doc.lang)}",
        f"dir: {_yaml(doc.dir)}",
    ]
    if doc.published_iso:
        front.append(f"date: {_yaml(doc.published_iso)}")
    if doc.author:
        front.append(f"author: {_yaml(doc.author)}")
    if doc.site:
        front.append(f"site: {_yaml(doc.site)}")
    front.append("---")
    blocks: list[str] = []
    for notice in doc.notices:
        text = escape_markdown(notice.text)
        if notice.lang != doc.lang:
            text = f'<span lang="{notice.lang}" dir="{notice.dir}">{text}</span>'
        blocks.append("> " + text)
    dated = False
    for seg in doc.segments:
        text = _inline(seg)
        if seg.kind == "headline":
            blocks.append(f"# {text}")
        elif seg.kind == "standfirst":
            blocks.append(f"**{text}**")
        elif seg.kind == "caption":
            image = f"![]({seg.image})\n" if seg.image else ""
            blocks.append(f"{image}*{text}*")
        elif seg.kind == "subheading":
            blocks.append(f"## {text}")
        elif seg.kind == "quote":
            blocks.append(f"> {text}")
        else:
            blocks.append(text)
        if not dated and (doc.published_display or doc.dateline_author):
            dated = True
            parts = [escape_markdown(p) for p in (doc.dateline_author, doc.published_display) if p]
            if doc.dir == "rtl":  # isolate a Latin name from the right-to-left date
                parts = [f"<bdi>{p}</bdi>" for p in parts]
            blocks.append("*" + " · ".join(parts) + "*")
    return "\n".join(front) + "\n\n" + "\n\n".join(blocks) + "\n"
