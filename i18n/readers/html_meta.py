"""An HTML page's metadata (JSON-LD, meta tags) and its headline without the site's name."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..article import normalize_text
from . import same_text, text_key

_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
                  "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "blogposting",
                  "liveblogposting", "report"}
# "Headline | Site", "Headline - Site", "标题_网站", "見出し｜サイト".
_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|•|/|»)\s+|\s*(?:｜|_|\u3000\|\u3000)\s*")


@dataclass(frozen=True)
class PageMeta:
    headline: str = ""  # the JSON-LD headline, as written
    title: str = ""  # og:title or twitter:title, as written (perhaps with the site's name)
    page_title: str = ""  # <title>, as written
    description: str = ""
    author: str = ""
    published: str = ""
    url: str = ""
    site: str = ""
    lang: str = ""


def page_meta(doc: Any) -> PageMeta:
    ld = _json_ld_article(doc)

    def meta_content(*names: str) -> str:
        for name in names:
            for node in doc.xpath(f'//meta[@property="{name}" or @name="{name}"]'):
                value = normalize_text(node.get("content") or "")
                if value:
                    return value
        return ""

    def canonical() -> str:
        for node in doc.xpath('//link[@rel="canonical"]'):
            href = (node.get("href") or "").strip()
            if href:
                return href
        return ""

    title_node = doc.find(".//title")
    return PageMeta(
        headline=normalize_text(_ld_str(ld.get("headline"))),
        title=meta_content("og:title", "twitter:title"),
        page_title=normalize_text(title_node.text_content()) if title_node is not None else "",
        description=normalize_text(_ld_str(ld.get("description")))
        or meta_content("description", "og:description", "twitter:description"),
        author=_ld_name(ld.get("author")) or meta_content("author", "article:author"),
        published=_ld_str(ld.get("datePublished")) or meta_content("article:published_time",
                                                                  "date", "pubdate"),
        url=canonical() or meta_content("og:url") or _ld_str(ld.get("url")),
        site=meta_content("og:site_name") or _ld_name(ld.get("publisher"))
        or meta_content("application-name"),
        lang=(doc.get("lang") or doc.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
        or _ld_str(ld.get("inLanguage")) or meta_content("og:locale").replace("_", "-"),
    )


def choose_headline(meta: PageMeta, h1: str, page_text: str) -> str:
    """The article's headline: the JSON-LD ``headline``, else ``og:title`` without the site's
    name, else the ``<h1>``, else ``<title>`` without the site's name.

    The site's name is cut from the title when it is known (``og:site_name``, the
    publisher, ``application-name``), when the rest of the title is the ``<h1>``, or when
    the part cut off is shown elsewhere on the page (a logo's text, the footer's
    copyright) while the rest is not all of the title. ``page_text`` is that visible text
    outside the article, as :func:`text_key` keys.
    """
    if meta.headline:
        return strip_site(meta.headline, meta.site, h1, "")
    if meta.title:
        return strip_site(meta.title, meta.site, h1, page_text)
    return h1 or strip_site(meta.page_title, meta.site, h1, page_text)


def strip_site(title: str, site: str, h1: str, page_text: str) -> str:
    """``Headline | Site`` -> ``Headline`` (also ``Site - Headline`` and
    ``Headline | Section | Site``)."""
    if h1 and same_text(title, h1):
        return title
    matches = list(_SEPARATOR.finditer(title))
    if not matches:
        return title
    if h1:  # the <h1> is the title up to, or from, one of its separators
        for match in matches:
            head, tail = title[:match.start()].strip(), title[match.end():].strip()
            for rest in (head, tail):
                if same_text(rest, h1):
                    return rest
    site_key = text_key(site)
    if site_key:
        last, first = matches[-1], matches[0]
        head, tail = title[:last.start()].strip(), title[last.end():].strip()
        if head and len(tail) <= 80 and f" {site_key} " in f" {text_key(tail)} ":
            return head  # "Headline | News Site.cz" for the site "Site.cz" too
        head, tail = title[:first.start()].strip(), title[first.end():].strip()
        if tail and len(head) <= 80 and f" {site_key} " in f" {text_key(head)} ":
            return tail
    # Trailing names shown elsewhere on the page (a logo's text, the footer's copyright).
    rest = title
    while matches:
        match = matches[-1]
        head, key = rest[:match.start()].strip(), text_key(rest[match.end():])
        if not head or not key or len(key) > 60 or f" {key} " not in f" {page_text} ":
            break
        rest = head
        matches = list(_SEPARATOR.finditer(rest))
    return rest


def _json_ld_article(doc: Any) -> Mapping[str, Any]:
    """The first JSON-LD object of an article type on the page (``{}`` if none)."""
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        try:
            objects = list(_ld_objects(json.loads(script.text or "")))
        except (ValueError, RecursionError):
            continue  # a broken JSON-LD block is common; the page may still have meta tags
        for obj in objects:
            types = obj.get("@type", [])
            types = [types] if isinstance(types, str) else types
            if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
                return obj
    return {}


def _ld_objects(data: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_objects(data["@graph"])


def _ld_str(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list) and value and isinstance(value[0], str):
        return value[0].strip()
    if isinstance(value, dict):
        return _ld_str(value.get("@id") or value.get("url") or "")
    return ""


def _ld_name(value: Any) -> str:
    """A person's or organisation's name: a string, ``{"name": ...}``, or a list of them."""
    if isinstance(value, str):
        return normalize_text(value)
    if isinstance(value, dict):
        return normalize_text(str(value.get("name") or ""))
    if isinstance(value, list):
        return ", ".join(name for name in (_ld_name(v) for v in value) if name)
    return ""
