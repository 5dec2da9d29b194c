"""Writers for the newsroom formats: a localized edition as IPTC ninjs, as a WordPress REST
payload, or as an Arc XP ANS story (when the source was ANS).

Each keeps the edition's language and links the original by its ids (the
ninjs ``uri``, the WordPress post ``id``, the ANS ``_id``). Text is escaped
wherever HTML is written: translations are untrusted text. An image URL is kept
only when it is an http(s) or relative URL, as in the other formats.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from ..errors import ExportError
from .localize import LocalizedArticle, LocalizedSegment

NINJS_DEFAULT = {1: "1.4", 2: "2.1", 3: "3.0"}  # the version written for each major
ANS_VERSION = "0.10.9"
_TEXT_KINDS = ("body", "subheading", "quote", "citation", "correction", "caption")


def _escape(text: str) -> str:
    """Text for an HTML text node (quotes stay as they are; attributes use ``escape``)."""
    return escape(text, quote=False)


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _first(doc: LocalizedArticle, kind: str) -> str:
    return next((s.text for s in doc.segments if s.kind == kind), "")


def _body_segments(doc: LocalizedArticle) -> list[LocalizedSegment]:
    return [s for s in doc.segments if s.kind not in ("headline", "standfirst", "dateline")]


def body_html(segments: list[LocalizedSegment], *, figures: bool = True) -> str:
    """The segments as HTML blocks: paragraphs, ``h2`` subheadings, block quotes, figures."""
    out = []
    for seg in segments:
        lang = f' lang="{escape(seg.lang)}"' if seg.foreign else ""
        text = str(seg.html)
        if seg.kind == "alt":
            if figures and seg.image:
                out.append(f'<figure><img src="{escape(seg.image)}" alt="{escape(seg.text)}"/></figure>')
        elif seg.kind == "subheading":
            out.append(f"<h2{lang}>{text}</h2>")
        elif seg.kind == "quote":
            out.append(f"<blockquote{lang}><p>{text}</p></blockquote>")
        elif seg.kind == "caption":
            if figures:
                image = seg.image
                alt = escape(seg.attrs.get("alt", ""))
                img = f'<img src="{escape(image)}" alt="{alt}"/>' if image else ""
                out.append(f"<figure>{img}<figcaption{lang}>{text}</figcaption></figure>")
        else:
            out.append(f"<p{lang}>{text}</p>")
    return "\n".join(out)


# --- ninjs -----------------------------------------------------------------------------------


def ninjs_version(doc: LocalizedArticle) -> str:
    """The source's major version when it was ninjs (its claimed version, else the newest
    minor presslate writes), else 2.x."""
    claimed = doc.ids.get("ninjs_version", "") if doc.source_format == "ninjs" else ""
    if claimed[:1] in ("1", "2", "3"):
        major = int(claimed[0])
        return claimed if claimed[1:2] == "." and claimed[2:3].isdigit() else NINJS_DEFAULT[major]
    return NINJS_DEFAULT[2]


def _edition_uri(doc: LocalizedArticle) -> str:
    original = doc.ids.get("ninjs_uri", "")
    if original.startswith(("http://", "https://")):
        return f"{original.rstrip('/')}/{doc.lang}"
    if original:
        return f"{original}:{doc.lang}"
    return f"urn:presslate:{doc.slug}:{doc.lang}"


def render_ninjs(doc: LocalizedArticle) -> str:
    """The edition as a ninjs text item: the source's major version, or 2.x."""
    version = ninjs_version(doc)
    major = int(version[0])
    data: dict[str, Any] = {"uri": _edition_uri(doc), "type": "text"}
    minor = version.split(".")[1] if "." in version else "0"
    if major > 1 or (minor.isdigit() and int(minor) >= 3):  # standard was added in 1.3
        data["standard"] = {"name": "ninjs", "version": version}
    data["language"] = doc.lang
    name = {"versioncreated": "versionCreated", "altids": "altIds",
            "contenttype": "contentType"} if major == 3 else {}
    headline, standfirst, located = _first(doc, "headline"), _first(doc, "standfirst"), _first(
        doc, "dateline")
    body = [s for s in _body_segments(doc) if s.kind != "caption"]
    pictures = [s for s in doc.segments if s.kind == "caption"]
    if major == 1:
        data["headline"] = headline
        if standfirst:
            data["description_text"] = standfirst
        if doc.author:
            data["byline"] = doc.author
        data["body_html"] = body_html(body)
    else:
        data["headlines"] = [{"role": "main", "value": headline}]
        if standfirst:
            data["descriptions"] = [{"role": "summary", "value": standfirst}]
        if doc.author:
            data["by"] = doc.author
        data["bodies"] = [{"role": "main", name.get("contenttype", "contenttype"): "text/html",
                           "value": body_html(body)}]
    if located:
        data["located"] = located
    altids = {"translation-of": doc.ids["ninjs_uri"]} if doc.ids.get("ninjs_uri") else {}
    if altids:
        data[name.get("altids", "altids")] = altids if major == 1 else [
            {"role": role, "value": value} for role, value in altids.items()]
    associations = [_ninjs_picture(seg, i, major) for i, seg in enumerate(pictures, start=1)]
    if associations:
        data["associations"] = ({a.pop("name"): a for a in associations} if major == 1
                                else associations)
    return _dump(data)


def _ninjs_picture(seg: LocalizedSegment, number: int, major: int) -> dict[str, Any]:
    picture: dict[str, Any] = {"name": f"picture{number}", "uri": f"urn:presslate:picture:{seg.id}",
                               "type": "picture", "language": seg.lang}
    if major == 1:
        picture["description_text"] = seg.text
    else:
        picture["descriptions"] = [{"role": "caption", "value": seg.text}]
    if seg.attrs.get("credit"):
        picture["byline" if major == 1 else "by"] = seg.attrs["credit"]
    if seg.image:
        rendition = {"href": seg.image}
        picture["renditions"] = {"original": rendition} if major == 1 else [
            {"name": "original", **rendition}]
    return picture


# --- WordPress ---------------------------------------------------------------------------------


def render_wordpress(doc: LocalizedArticle) -> str:
    """A payload for ``POST /wp-json/wp/v2/posts``: a draft in the edition's language, linked
    to the original post for Polylang when the source was a WordPress post."""
    data: dict[str, Any] = {
        "title": _escape(_first(doc, "headline")),  # WordPress reads both as HTML
        "excerpt": _escape(_first(doc, "standfirst")),
        "content": body_html(_body_segments(doc)),
        "status": "draft",
        "lang": doc.lang,
    }
    original = doc.ids.get("wordpress_id") if doc.source_format == "wordpress" else None
    if original:
        translations = {k.removeprefix("translation_"): int(v) if v.isdigit() else v
                        for k, v in doc.ids.items() if k.startswith("translation_")}
        source_lang = doc.source_lang
        translations[source_lang] = int(original) if original.isdigit() else original
        translations.pop(doc.lang, None)
        data["translations"] = dict(sorted(translations.items()))
    if doc.ids.get("wordpress_slug"):
        data["slug"] = f"{doc.ids['wordpress_slug']}-{doc.lang.lower()}"
    return _dump(data)


# --- ANS ---------------------------------------------------------------------------------------


def render_ans(doc: LocalizedArticle) -> str:
    """The edition as an ANS story, for a story pulled from ANS."""
    if doc.source_format != "ans":
        raise ExportError(f"{doc.slug} was not pulled from ANS ({doc.source_format or 'unknown'})",
                          hint="export ANS only for an Arc XP story; use ninjs or json otherwise")
    data: dict[str, Any] = {"type": "story", "version": doc.ids.get("ans_version", ANS_VERSION),
                            "language": doc.lang,
                            "headlines": {"basic": _escape(_first(doc, "headline"))}}
    # ANS texts hold inline HTML (the reader reads them so): every text is escaped.
    if _first(doc, "standfirst"):
        data["subheadlines"] = {"basic": _escape(_first(doc, "standfirst"))}
    if doc.author:
        data["credits"] = {"by": [{"type": "author", "name": doc.author}]}
    if doc.site:
        data["canonical_website"] = doc.site
    if doc.ids.get("ans_id"):
        data["source"] = {"system": "presslate", "source_id": doc.ids["ans_id"],
                          "source_type": "translation"}
    elements: list[dict[str, Any]] = []
    for seg in _body_segments(doc):
        text = str(seg.html)  # ANS texts hold inline HTML
        if seg.kind == "alt":
            if seg.image:
                elements.append({"type": "image", "url": seg.image, "alt_text": seg.text})
        elif seg.kind == "subheading":
            elements.append({"type": "header", "level": 2, "content": text})
        elif seg.kind == "quote":
            elements.append({"type": "quote", "subtype": "blockquote",
                             "content_elements": [{"type": "text", "content": text}]})
        elif seg.kind == "citation" and elements and elements[-1]["type"] == "quote":
            elements[-1]["citation"] = {"type": "text", "content": text}
        elif seg.kind == "caption":
            image: dict[str, Any] = {"type": "image", "caption": text}
            if seg.image:
                image["url"] = seg.image
            if seg.attrs.get("alt"):
                image["alt_text"] = seg.attrs["alt"]
            elements.append(image)
        elif seg.kind == "correction":
            elements.append({"type": "correction", "text": text})
        elif seg.kind == "citation":  # not after a quote: a paragraph of its own
            elements.append({"type": "text", "content": text})
        else:
            elements.append({"type": "text", "content": text})
    data["content_elements"] = elements
    return _dump(data)
