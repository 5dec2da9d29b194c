"""The HTML reader's block walker: an article's elements in page order, as segments.

Each block (a paragraph, a subheading, a list item, a quote, a figure's caption,
a run of text between ``<br><br>`` in a ``<div>``) is an lxml element holding
the page's own inline markup (``a``, ``em``, ``strong``, ``br``...): its words
(:func:`block_text`) decide what it is, and :func:`presslate.i18n.inline.from_element`
turns an included block into segment content (inline text, its links in the
segment's ``attrs``). An excluded block keeps its words only. Page furniture
(navigation, share buttons, related links, newsletter boxes, author biographies,
comments, video-player controls) is kept as one excluded segment per block,
with the reason.

Which blocks of running text belong to the article is asked of a
:class:`Judge` (the main text trafilatura found, see ``html_main``); without one
every block inside the article is kept.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..article import (
    ALT,
    BODY,
    CAPTION,
    HEADLINE,
    REASON_BOILERPLATE,
    STANDFIRST,
    RawSegment,
    normalize_text,
)
from ..inline import escape, from_element

REASON_COMMENTS = "reader comments"
REASON_RELATED = "related links or promotion"
REASON_ADVERT = "advertisement"
REASON_SHARE = "share or follow buttons"
REASON_NAV = "site navigation"
REASON_LINKS = "links to other pages"
REASON_PAGE_HEADER = "page header or footer"
REASON_ARTICLE_FOOTER = "the article's footer (tags, credits)"
REASON_BIO = "the author's biography"
REASON_PLAYER = "video or audio player controls"
REASON_NEWSLETTER = "newsletter or subscription box"
REASON_NOT_MAIN = "not part of the article's text (page furniture)"
REASON_DATE = "a date or time alone (kept as metadata)"
_DATE_CHARS = re.compile(r"[\d\s.:/\-–—,|]+")
_DATE_PART = re.compile(r"\d\s?[./:\-]\s?\d")

SUBHEADING = "subheading"
QUOTE = "quote"
BYLINE = "byline"
# Kinds of running text whose place in the article the judge decides.
JUDGED_KINDS = (BODY, SUBHEADING, QUOTE)

INVISIBLE = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object",
             "button", "input", "select", "textarea", "link", "meta", "video", "audio", "canvas"}
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption", "li",
          "ul", "ol", "dl", "dt", "dd", "div", "section", "article", "header", "footer", "aside",
          "nav", "main", "table", "tr", "td", "th", "pre", "form", "address", "hr", "br"}
_STANDFIRST_CLASSES = {"standfirst", "lede", "lead", "subtitle", "subhead", "dek", "deck", "summary",
                       "article-summary", "article-lead", "intro", "chapo", "sapo", "perex",
                       "article-lede", "excerpt", "article-teaser", "vorspann"}
_BYLINE_CLASSES = {"byline", "author", "article-author", "dateline", "credit", "meta", "autor",
                   "auteur", "signature"}

# Parts of class words that mark a figure's caption written as a <div> or <p>.
_CAPTION_PARTS = {"caption", "figcaption", "legend", "legende", "legenda", "bildunterschrift"}
_CAPTION_WORDS = {"pic-note", "pic-txt", "img-txt", "photo-text"}

# Parts of class or id words (split at "-" and "_") that mark page furniture, and why.
_FURNITURE_PARTS: tuple[tuple[frozenset[str], str, str], ...] = (
    (frozenset({"comment", "comments", "disqus", "discussion", "replies", "reactions",
                "kommentare", "comentarios", "commentaires", "commenti"}), "comments", REASON_COMMENTS),
    (frozenset({"ad", "ads", "advert", "adverts", "advertisement", "sponsor", "sponsored", "dfp",
                "adslot", "werbung", "publicidad", "publicite"}), "advertisement", REASON_ADVERT),
    (frozenset({"share", "sharing", "social", "sharebar", "sns", "partage", "compartir", "teilen",
                "condividi", "follow"}), "share", REASON_SHARE),
    # (Not "paywall": sites mark the paid part of the article itself so.)
    (frozenset({"newsletter", "subscribe", "subscription", "signup"}), "newsletter",
     REASON_NEWSLETTER),
    (frozenset({"bio", "biography", "authorbio"}), "author-bio", REASON_BIO),
    (frozenset({"vjs", "jw", "plyr", "mejs", "player"}), "player", REASON_PLAYER),
    (frozenset({"related", "recommend", "recommended", "recommendations", "promo", "more",
                "mostread", "popular", "trending", "outbrain", "taboola", "souvisejici",
                "relacionados", "correlati", "widget"}), "related", REASON_RELATED),
    # (Not "teaser": German sites call the standfirst so.)
    (frozenset({"breadcrumb", "breadcrumbs", "menu", "navbar", "nav", "navigation", "pagination",
                "paginazione", "tags", "skip"}), "navigation", REASON_NAV),
    (frozenset({"cookie", "cookies", "consent", "sidebar", "masthead"}), "boilerplate",
     REASON_BOILERPLATE),
)
_FURNITURE_WORDS = {
    "read-more": ("related", REASON_RELATED),
    "leia-tambem": ("related", REASON_RELATED),
    "lire-aussi": ("related", REASON_RELATED),
    "site-header": ("page-header", REASON_PAGE_HEADER),
    "site-footer": ("page-footer", REASON_PAGE_HEADER),
    "author-box": ("author-bio", REASON_BIO),
    "about-author": ("author-bio", REASON_BIO),
    "control-bar": ("player", REASON_PLAYER),
}
_TAG_FURNITURE = {
    "nav": ("navigation", REASON_NAV),
    "aside": ("related", REASON_RELATED),
    "form": ("boilerplate", REASON_BOILERPLATE),
}
_ROLE_FURNITURE = {
    "navigation": ("navigation", REASON_NAV),
    "banner": ("page-header", REASON_PAGE_HEADER),
    "contentinfo": ("page-footer", REASON_PAGE_HEADER),
    "complementary": ("related", REASON_RELATED),
}


@dataclass
class Walk:
    """What a walk of an article needs: its root (for declared languages), a judge of
    running text (``None``: all of it is the article's), and whether an element that looks
    like furniture holds the article (``wrapper``) so must be read, not left out."""

    container: Any
    judge: Callable[[str, Any], bool] | None = None
    wrapper: Callable[[Any], bool] = field(default=lambda node: False)
    page: bool = True  # a whole page, whose lone dates are metadata (not a CMS's fragment)


def classes(node: Any) -> list[str]:
    words = (node.get("class") or "").split() + (node.get("id") or "").split()
    return [w.lower() for w in words]


def furniture(node: Any, *, inside_article: bool = False) -> tuple[str, str] | None:
    """(kind, reason) when ``node`` is page furniture, else ``None``."""
    if not isinstance(node.tag, str):
        return None
    tag = node.tag.lower()
    if tag in _TAG_FURNITURE:
        return _TAG_FURNITURE[tag]
    if not inside_article and tag in ("header", "footer"):
        return ("page-" + tag, REASON_PAGE_HEADER)
    role = (node.get("role") or "").lower()
    if role in _ROLE_FURNITURE:
        return _ROLE_FURNITURE[role]
    for word in classes(node):
        if word in _FURNITURE_WORDS:
            return _FURNITURE_WORDS[word]
        parts = set(re.split(r"[-_]+", word))
        for names, kind, reason in _FURNITURE_PARTS:
            if parts & names:
                return kind, reason
    return None


def declared_lang(node: Any, stop: Any) -> str:
    """The ``lang`` attribute of ``node`` or an ancestor below ``stop`` (the article), or of
    an element inside ``node`` that holds all its text (``<p><i lang="fr">…</i></p>``)."""
    text: str | None = None
    for inner in node.iterdescendants():
        lang = isinstance(inner.tag, str) and (inner.get("lang") or "").strip()
        if lang:
            text = block_text(node) if text is None else text
            if text and block_text(inner) == text:
                return str(lang)
    current = node
    while current is not None and current is not stop:
        lang = current.get("lang") or current.get("{http://www.w3.org/XML/1998/namespace}lang")
        if lang:
            return str(lang).strip()
        current = current.getparent()
    return ""


def raw_text(node: Any, *, with_tail: bool = False) -> str:
    """Visible text of ``node``, not yet normalised: invisible children (scripts, buttons)
    left out, blocks set apart by spaces, ``<br>`` kept as a newline."""
    parts: list[str] = []

    def visit(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag and tag not in INVISIBLE:
            block = tag in BLOCKS and tag != "br"
            parts.append("\n" if tag == "br" else " " if block else "")
            parts.append(el.text or "")
            for child in el:
                visit(child)
            parts.append(" " if block else "")
        if el.tail and (el is not node or with_tail):
            parts.append(el.tail)

    visit(node)
    return "".join(parts)


def block_text(node: Any) -> str:
    """A block's words: its visible text, normalised (what the reader judges a block by)."""
    return normalize_text(raw_text(node))


def excluded(kind: str, text: str, reason: str, lang: str = "") -> RawSegment:
    """An excluded segment: its words only, as inline text (kept for ``presslate show``)."""
    return RawSegment(kind, escape(text), False, reason, lang)


def _has_block_child(node: Any) -> bool:
    return any(isinstance(c.tag, str) and c.tag.lower() in BLOCKS and c.tag.lower() != "br"
               for c in node.iterdescendants())


def _is_br(item: Any) -> bool:
    return not isinstance(item, str) and isinstance(item.tag, str) and item.tag.lower() == "br"


def run_blocks(items: list[Any]) -> list[Any]:
    """Paragraph elements (``<p>``) built from a run of text and inline elements (each with
    its tail), split where ``<br><br>`` separates paragraphs; the inline markup inside is
    kept (as copies)."""
    from lxml import etree

    seq: list[Any] = []
    for item in items:
        seq.append(item)
        if not isinstance(item, str):
            seq.append(item.tail or "")
    blocks: list[Any] = []
    current = etree.Element("p")

    def add_text(text: str) -> None:
        if len(current):
            current[-1].tail = (current[-1].tail or "") + text
        else:
            current.text = (current.text or "") + text

    i = 0
    while i < len(seq):
        item = seq[i]
        if isinstance(item, str):
            add_text(item)
            i += 1
            continue
        if _is_br(item):
            j = i + 1
            while j < len(seq) and isinstance(seq[j], str) and not seq[j].strip():
                j += 1
            if j < len(seq) and _is_br(seq[j]):  # <br><br>: a new paragraph
                blocks.append(current)
                current = etree.Element("p")
                i = j + 1
                continue
        inline = copy.deepcopy(item)
        inline.tail = None
        current.append(inline)
        i += 1
    blocks.append(current)
    return [b for b in blocks if block_text(b)]


def _split_paragraphs(node: Any) -> list[Any]:
    """``node`` itself, or the paragraphs ``<br><br>`` separates inside it."""
    if sum(1 for child in node if _is_br(child)) < 2:
        return [node]
    blocks = run_blocks([node.text or "", *node])
    return blocks if len(blocks) > 1 else [node]


def kind_of(node: Any) -> str:
    tag = node.tag.lower()
    words = set(classes(node))
    if words & _STANDFIRST_CLASSES and tag in ("p", "h2", "h3", "div", "span", "section"):
        return STANDFIRST
    if words & _BYLINE_CLASSES or node.get("rel") == "author" or tag == "address":
        return BYLINE
    if tag == "h1":
        return HEADLINE
    if tag in ("h2", "h3", "h4", "h5", "h6"):
        return SUBHEADING
    if tag == "figcaption" or words & _CAPTION_WORDS or any(
            set(re.split(r"[-_]+", w)) & _CAPTION_PARTS for w in words):
        return CAPTION
    if tag == "blockquote" or any(a.tag == "blockquote" for a in node.iterancestors()):
        return QUOTE
    return BODY


def _is_date(text: str) -> bool:
    """A short line of digits and separators such as ``12.08.2026`` or ``2026-05-10 14:20``."""
    return len(text) <= 40 and bool(_DATE_CHARS.fullmatch(text)) and bool(_DATE_PART.search(text))


def emit(walk: Walk, out: list[RawSegment], kind: str, block: Any, lang_node: Any,
         attrs: dict[str, str] | None = None) -> None:
    """Append ``block``'s segment: running text the judge does not take is kept excluded."""
    text = block_text(block)
    if not text:
        return
    lang = declared_lang(lang_node, walk.container)
    if kind == BODY and walk.page and _is_date(text):
        out.append(excluded("date", text, REASON_DATE, lang))
        return
    if kind in JUDGED_KINDS and walk.judge is not None and not walk.judge(text, lang_node):
        out.append(excluded(kind, text, REASON_NOT_MAIN, lang))
        return
    inline = from_element(block)
    if inline.text:
        out.append(RawSegment(kind, inline.text, lang=lang, attrs={**inline.links, **(attrs or {})}))


def walk_article(node: Any, walk: Walk, out: list[RawSegment]) -> None:
    """Read ``node``'s children in order. Text and inline elements between blocks (a CMS that
    writes paragraphs as ``text<br><br>text`` in a ``<div>``) are running text too."""
    run: list[Any] = [node.text or ""]

    def flush() -> None:
        if any(not isinstance(item, str) or item.strip() for item in run):
            for block in run_blocks(run):
                emit(walk, out, BODY, block, node)
        run.clear()

    for child in node:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if not tag or tag in INVISIBLE or tag == "time":  # a date is metadata, not text
            run.append(child.tail or "")
            continue
        if tag not in BLOCKS or tag == "br":
            run.append(child)  # inline: part of the running text (run_blocks adds its tail)
            continue
        flush()
        read_block(child, walk, out)
        run.append(child.tail or "")
    if node.tag.lower() not in ("ul", "ol", "table", "tr", "dl"):
        flush()


def read_block(child: Any, walk: Walk, out: list[RawSegment]) -> None:
    tag = child.tag.lower()
    found = furniture(child, inside_article=True)
    if found is not None and not walk.wrapper(child):
        text = block_text(child)
        if text:
            out.append(excluded(found[0], text, found[1]))
        return
    if tag == "figure":
        _read_figure(child, walk, out)
        return
    if tag == "footer" and not any(a.tag == "blockquote" for a in child.iterancestors()):
        text = block_text(child)
        if text:
            out.append(excluded("article-footer", text, REASON_ARTICLE_FOOTER))
        return
    whole = _whole_block_kind(child)
    if whole:
        emit(walk, out, whole, child, child)
        return
    if tag in ("p", "div") and _only_time(child):
        return  # the date, kept as metadata
    if tag in ("ul", "ol", "p", "div") and _only_links(child):
        out.append(excluded("links", block_text(child), REASON_LINKS))
        return
    if _has_block_child(child):
        walk_article(child, walk, out)
        return
    kind = kind_of(child)
    for block in _split_paragraphs(child):
        emit(walk, out, kind, block, child)


def _only_links(node: Any) -> bool:
    """A block whose visible text is all link text (a list of links, "Read more: ...")."""
    links = node.findall(".//a")
    if not links:
        return False
    # First a rough count in C (lxml's text_content), then the exact test for blocks it keeps.
    total = len(re.sub(r"\W+", "", node.text_content()))
    if sum(len(re.sub(r"\W+", "", a.text_content())) for a in links) * 2 < total:
        return False
    text = block_text(node)
    linked = normalize_text(" ".join(block_text(a) for a in node.iter("a")))
    if not text or not linked:  # punctuation alone ("]]>", "…") is not a link
        return False
    return re.sub(r"\W+", "", linked) == re.sub(r"\W+", "", text)


def _whole_block_kind(node: Any) -> str:
    """A standfirst or byline block read as one segment even when it holds paragraphs."""
    if node.tag.lower() not in ("div", "section", "header", "p", "h2", "h3", "span"):
        return ""
    if node.find(".//figure") is not None or node.find(".//h1") is not None:
        return ""
    kind = kind_of(node)
    if kind == STANDFIRST and len(raw_text(node)) > 600:
        return ""  # a block that long is the story itself, whatever its class says
    return kind if kind in (STANDFIRST, BYLINE) else ""


def _only_time(node: Any) -> bool:
    times = node.findall(".//time")
    return bool(times) and normalize_text("".join(t.text_content() for t in times)) == block_text(node)


def _read_figure(figure: Any, walk: Walk, out: list[RawSegment]) -> None:
    """A figure's image alt text (an ``alt`` segment, so it is translated) and its caption
    (whose ``attrs`` keep the image's ``src`` and ``alt`` as found)."""
    caption = figure.find(".//figcaption")
    image: dict[str, str] = {}
    img = figure.find(".//img")
    if img is not None:
        for name in ("src", "alt"):
            value = normalize_text(img.get(name) or "")
            if value:
                image[name] = value
    if image.get("alt"):
        lang = declared_lang(caption if caption is not None else figure, walk.container)
        src = {"src": image["src"]} if image.get("src") else {}
        out.append(RawSegment(ALT, escape(image["alt"]), lang=lang, attrs=src))
    if caption is not None:
        emit(walk, out, CAPTION, caption, caption, image)


def walk_outside(body: Any, container: Any, before: list[RawSegment],
                 after: list[RawSegment]) -> None:
    """Record the page's visible text outside the article as excluded blocks."""
    if container is body:
        return
    ancestors = set(container.iterancestors())
    seen_container = False

    def visit(node: Any) -> None:
        nonlocal seen_container
        for child in node:
            if not isinstance(child.tag, str) or child.tag.lower() in INVISIBLE:
                continue
            if child is container:
                seen_container = True
                continue
            if child in ancestors:
                visit(child)
                continue
            text = block_text(child)
            if not text:
                continue
            kind, reason = furniture(child) or ("boilerplate", REASON_BOILERPLATE)
            (after if seen_container else before).append(excluded(kind, text, reason))

    visit(body)
