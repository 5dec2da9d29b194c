"""Plain-text export: the article as paragraphs, for wires, newsletters and screen readers."""

from __future__ import annotations

from .localize import LocalizedArticle, LocalizedSegment


def _line(seg: LocalizedSegment) -> str:
    text = " ".join(seg.text.split())
    return f"[{seg.lang}] {text}" if seg.foreign else text


def render_text(doc: LocalizedArticle) -> str:
    """``doc`` as UTF-8 text: headline underlined, captions bracketed, blank lines between blocks.

    Text shown in another language than the page is prefixed with its language
    (``[en] ...``); the page's notices (machine translation, text left
    untranslated) come first, one per line.
    """
    blocks: list[str] = []
    if doc.notices:
        blocks.append("\n".join(f"* {' '.join(n.text.split())}" for n in doc.notices))
    dated = False
    for seg in doc.segments:
        line = _line(seg)
        if seg.kind == "headline":
            blocks.append(line + "\n" + "=" * min(len(line), 72))
        elif seg.kind in ("caption", "alt"):
            blocks.append(f"[{line}]" if not seg.foreign else f"({line})")
        else:
            blocks.append(line)
        if not dated and (doc.published_display or doc.dateline_author):
            dated = True
            parts = [p for p in (doc.dateline_author, doc.published_display) if p]
            if doc.dir == "rtl":  # Unicode isolates keep a Latin name apart from the date
                parts = [f"\u2068{p}\u2069" for p in parts]
            blocks.append(" · ".join(parts))
    return "\n\n".join(blocks) + "\n"
