"""Markdown export: YAML front matter (written by PyYAML), then the article as CommonMark.

Translations and source texts are untrusted: every text is escaped so that no
Markdown or HTML in it takes effect, whatever the renderer (CommonMark, GitHub's):

- each text becomes one line: line breaks and separators (``\\n``, U+2028,
  U+2029, NEL, tabs) become a space, other control characters are dropped;
- ``&``, ``<`` and ``>`` become character references (no HTML, no entity);
- inline syntax (``\\ ` * _ [ ] ( ) { } # + ! | ~``) is backslash-escaped, and a
  line start that would open a block (``-``, ``=``, ``1.``, ``1)``) too;
- an image's destination is written in ``<...>`` form, its URL filtered to
  http(s) or relative (:func:`~presslate.i18n.export.localize.safe_url`) and
  escaped; a segment in another language than the page is wrapped in
  ``<span lang dir>`` with a checked language code.

The front matter is YAML from ``yaml.safe_dump``; a string holding a line break,
a separator or a control character is double-quoted with escapes, so each key
is one line and no value can close the front matter.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import escape

from ..inline import escape as escape_inline
from ..inline import to_markdown
from .localize import LocalizedArticle, LocalizedSegment

_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_INLINE_RE = re.compile(r"([\\`*_\[\]{}()#+!|~])")
_BLOCK_START_RE = re.compile(r"^([-+=]|[0-9]+(?=[.)]))", re.ASCII)
# Characters YAML reads as line breaks or cannot print: such strings are double-quoted.
_YAML_ESCAPE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` as one line: whitespace runs (any Unicode line break or space) become one
    space, other control characters are dropped."""
    return " ".join(_CONTROL_RE.sub(lambda m: " " if m.group(0).isspace() else "", text).split())


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown on one line: HTML and Markdown syntax cannot take effect."""
    text = clean_text(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE_RE.sub(r"\\\1", text)
    match = _BLOCK_START_RE.match(text)
    if match is None:
        return text
    if match.group(0)[0].isdigit():  # 1. or 1) would start a list: escape the punctuation
        end = match.end()
        return text[:end] + "\\" + text[end:]
    return "\\" + text


def markdown_destination(url: str) -> str:
    """``url`` as a CommonMark link destination in ``<...>`` form: angle brackets, spaces and
    control characters percent-encoded; ``\\`` and ``&`` (entity references) backslash-escaped."""
    out = []
    for ch in url:
        if ch in "<>" or ch.isspace() or _CONTROL_RE.match(ch):
            out.append("".join(f"%{byte:02X}" for byte in ch.encode("utf-8")))
        elif ch in "\\&":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "<" + "".join(out) + ">"


def front_matter(doc: LocalizedArticle) -> str:
    """The YAML front matter block (``---`` lines included)."""
    import yaml

    def represent_str(dumper: Any, value: str) -> Any:
        style = '"' if _YAML_ESCAPE_RE.search(value) else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    dumper: Any = type("FrontMatterDumper", (yaml.SafeDumper,), {})  # safe_dump's, strings as above
    dumper.add_representer(str, represent_str)
    text = yaml.dump(front_matter_data(doc), Dumper=dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1 << 30)
    return f"---\n{text}---\n"


def front_matter_data(doc: LocalizedArticle) -> dict[str, str]:
    """The metadata the front matter holds: title, slug, lang, dir, then date, author and site if known."""
    data = {"title": doc.title, "slug": doc.slug, "lang": doc.lang, "dir": doc.dir}
    optional = {"date": doc.published_iso, "author": doc.author, "site": doc.site}
    data.update((key, value) for key, value in optional.items() if value)
    return data


def _lang_span(lang: str, direction: str, text: str) -> str:
    return f'<span lang="{escape(lang)}" dir="{escape(direction)}">{text}</span>'


def _inline(seg: LocalizedSegment) -> str:
    text = to_markdown(seg.markup or escape_inline(seg.text), seg.links,
                       escape_text=escape_markdown, destination=markdown_destination)
    if seg.foreign and text:
        return _lang_span(seg.lang, seg.dir, text)
    return text


def render_markdown(doc: LocalizedArticle) -> str:
    """``doc`` as Markdown with front matter (title, slug, lang, dir, date, author, site)."""
    blocks: list[str] = []
    for notice in doc.notices:
        text = escape_markdown(notice.text)
        if notice.lang != doc.lang:
            text = _lang_span(notice.lang, notice.dir, text)
        blocks.append("> " + text)
    dated = False
    for seg in doc.segments:
        text = _inline(seg)
        if seg.kind == "alt":
            if seg.image:
                blocks.append(f"![{escape_markdown(seg.text)}]({markdown_destination(seg.image)})")
        elif seg.kind == "caption":
            alt = escape_markdown(seg.alt)
            image = f"![{alt}]({markdown_destination(seg.image)})" if seg.image else ""
            caption = f"*{text}*" if text else ""
            if image or caption:
                blocks.append("\n".join(p for p in (image, caption) if p))
        elif not text:
            pass  # nothing to show (an empty emphasis would read as a thematic break)
        elif seg.kind == "headline":
            blocks.append(f"# {text}")
        elif seg.kind == "standfirst":
            blocks.append(f"**{text}**")
        elif seg.kind == "subheading":
            blocks.append(f"## {text}")
        elif seg.kind == "quote":
            blocks.append(f"> {text}")
        else:
            blocks.append(text)
        if not dated and (doc.published_display or doc.dateline_author):
            dated = True
            parts = [escape_markdown(p) for p in (doc.dateline_author, doc.published_display) if p]
            parts = [p for p in parts if p]
            if doc.dir == "rtl":  # isolate a Latin name from the right-to-left date
                parts = [f"<bdi>{p}</bdi>" for p in parts]
            if parts:
                blocks.append("*" + " · ".join(parts) + "*")
    return front_matter(doc) + "\n" + "\n\n".join(blocks) + "\n"
