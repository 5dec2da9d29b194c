"""Reader for HTML news pages.

The headline comes from the page's JSON-LD ``NewsArticle`` (``headline``),
else ``og:title``, else the article's ``<h1>``. The standfirst is an element
such as ``.standfirst`` / ``.lede`` / ``p.lead`` / ``h2.subtitle`` inside the
article, else the JSON-LD or meta description. The article itself is the
page's ``<article>`` (the one with the most running text when there are
several), else ``[itemprop=articleBody]``, ``<main>`` or ``[role=main]``, else
the body when it holds paragraphs of running text. Its paragraphs,
subheadings, quotes, list items and figure captions become segments in page
order.

Page furniture (navigation, headers and footers, asides, ads, related links,
comments, share buttons) is kept as excluded segments, one per block, with
the reason. Scripts, styles and other invisible elements are not text and are
skipped. A ``lang`` attribute inside the article declares its segment's
language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
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
from ..errors import SourceError
from ..inline import Inline, escape, from_element, from_nodes, plain_text, split_paragraphs
from . import RawArticle, same_text, text_key

REASON_H1_VARIANT = "the page's <h1>, another version of the headline"
REASON_COMMENTS = "reader comments"
REASON_RELATED = "related links or promotion"
REASON_ADVERT = "advertisement"
REASON_SHARE = "share or follow buttons"
REASON_NAV = "site navigation"
REASON_LINKS = "links to other pages"
REASON_PAGE_HEADER = "page header or footer"
REASON_ARTICLE_FOOTER = "the article's footer (tags, credits)"

SUBHEADING = "subheading"
QUOTE = "quote"
BYLINE = "byline"

_INVISIBLE = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object",
              "button", "input", "select", "textarea", "link", "meta"}
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption", "li",
           "ul", "ol", "dl", "dt", "dd", "div", "section", "article", "header", "footer", "aside",
           "nav", "main", "table", "tr", "td", "th", "pre", "form", "address", "hr", "br"}
_STANDFIRST_CLASSES = {"standfirst", "lede", "lead", "subtitle", "subhead", "dek", "summary",
                       "article-summary", "article-lead", "intro", "chapo", "sapo"}
_BYLINE_CLASSES = {"byline", "author", "article-author", "dateline", "credit", "meta"}
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
                  "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "blogposting",
                  "liveblogposting", "report"}

# Class or id words that mark page furniture, and why it is left out.
_FURNITURE = (
    (re.compile(r"^(comments?|comment-\w+|[\w-]+-comments?|disqus\w*|discussion|replies|"
                r"reactions)$"), "comments", REASON_COMMENTS),
    (re.compile(r"^(ad|ads|advert\w*|advertisement|sponsor\w*|dfp|banner-ad|ad-slot|adslot)$"),
     "advertisement", REASON_ADVERT),
    (re.compile(r"^(share|sharing|social|share-buttons|share-bar|follow-us)$"), "share", REASON_SHARE),
    (re.compile(r"^(related|read-more|more-stories|recommended|promo|newsletter|subscribe|"
                r"most-read|popular|trending|outbrain|taboola|teaser\w*)$"),
     "related", REASON_RELATED),
    (re.compile(r"^(breadcrumbs?|menu|navbar|navigation|site-nav|skip-link|pagination|tags)$"),
     "navigation", REASON_NAV),
    (re.compile(r"^(cookie\w*|consent|paywall|sidebar|site-header|site-footer|masthead)$"),
     "boilerplate", REASON_BOILERPLATE),
)
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


@dataclass(frozen=True)
class _PageMeta:
    headline: str = ""
    description: str = ""
    author: str = ""
    published: str = ""
    url: str = ""
    site: str = ""
    lang: str = ""


def read_html(text: str, *, origin: str = "") -> RawArticle:
    """Read an HTML news page; raises :class:`SourceError` when it holds no article."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        doc = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(f"no article in this HTML page ({exc})", path=origin or None,
                          hint="give the article's page") from exc
    meta = _page_meta(doc)
    body = doc.find("body")
    container = _find_container(doc)
    if body is None or container is None:
        raise SourceError(
            "no article in this HTML page (no <article>, <main> or paragraphs of running text)",
            path=origin or None,
            hint="give the article's page, or its text with --format text",
        )

    inner: list[RawSegment] = []
    _walk_article(container, container, inner)
    h1_texts = [s.text for s in inner if s.kind == HEADLINE]
    headline = meta.headline or (h1_texts[0] if h1_texts else "") or _title(doc, meta.site)
    if not headline:
        raise SourceError("no headline in this HTML page (no JSON-LD headline, og:title or <h1>)",
                          path=origin or None, hint="give the article's page")

    segments: list[RawSegment] = [RawSegment(HEADLINE, headline if h1_texts and headline == h1_texts[0]
                                             else escape(headline))]
    article_segments: list[RawSegment] = []
    for seg in inner:
        if seg.kind == HEADLINE:
            if same_text(seg.text, headline):
                continue
            seg = RawSegment(HEADLINE, seg.text, False, REASON_H1_VARIANT, seg.lang, seg.attrs)
        article_segments.append(seg)
    if not any(s.kind == STANDFIRST for s in article_segments):
        first_body = next((s.text for s in article_segments if s.kind == BODY), "")
        if meta.description and not _is_lead_of(meta.description, first_body) and not same_text(
            meta.description, headline
        ):
            segments.append(RawSegment(STANDFIRST, escape(meta.description)))
    if not any(s.kind == BODY and s.included for s in article_segments):
        raise SourceError(
            "no article in this HTML page (no paragraphs in its <article> or <main>)",
            path=origin or None,
            hint="give the article's page, or its text with --format text",
        )

    # Furniture before and after the article, one excluded segment per block.
    before: list[RawSegment] = []
    after: list[RawSegment] = []
    _walk_outside(body, container, before, after)
    author = meta.author or _byline_author(article_segments)
    published = meta.published or _time_of(container)
    return RawArticle(
        segments=tuple(before + segments + article_segments + after),
        title=headline,
        site=meta.site,
        url=meta.url,
        author=author,
        published=published,
        lang=meta.lang or (container.get("lang") or "").strip(),
    )


# --- metadata --------------------------------------------------------------------------------


def _page_meta(doc: Any) -> _PageMeta:
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

    site = meta_content("og:site_name") or _ld_name(ld.get("publisher"))
    headline = normalize_text(_ld_str(ld.get("headline")))
    if not headline:
        headline = _strip_site(meta_content("og:title", "twitter:title"), site)
    return _PageMeta(
        headline=headline,
        description=normalize_text(_ld_str(ld.get("description")))
        or meta_content("description", "og:description", "twitter:description"),
        author=_ld_name(ld.get("author")) or meta_content("author", "article:author"),
        published=_ld_str(ld.get("datePublished")) or meta_content("article:published_time",
                                                                  "date", "pubdate"),
        url=canonical() or meta_content("og:url") or _ld_str(ld.get("url")),
        site=site,
        lang=(doc.get("lang") or doc.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
        or _ld_str(ld.get("inLanguage")) or meta_content("og:locale").replace("_", "-"),
    )


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


def _strip_site(title: str, site: str) -> str:
    """``Headline | Site`` -> ``Headline`` when the site's name is known."""
    if site:
        for sep in (" | ", " - ", " – ", " — ", " :: "):
            for candidate in (title.removesuffix(sep + site), title.removeprefix(site + sep)):
                if candidate != title:
                    return candidate.strip()
    return title


def _title(doc: Any, site: str) -> str:
    node = doc.find(".//title")
    return _strip_site(normalize_text(node.text_content()), site) if node is not None else ""


# --- the article -----------------------------------------------------------------------------


def _find_container(doc: Any) -> Any:
    for query in ("//article[.//p]", '//*[@itemprop="articleBody"]', "//main", '//*[@role="main"]'):
        found = [node for node in doc.xpath(query)
                 if _furniture(node) is None and not any(_furniture(a) for a in node.iterancestors())]
        if found:
            # Several (a story and teasers for others): the one with the most running text.
            return max(found, key=lambda n: sum(len(_text(p)) for p in n.iter("p")))
    # No marked-up article: the body, if it holds paragraphs of running text.
    body = doc.find("body")
    if body is None:
        return None
    running = [p for p in body.iter("p") if _is_running_text(normalize_text(p.text_content()))
               and not any(_furniture(a) for a in p.iterancestors())]
    return body if len(running) >= 2 else None


def _is_running_text(text: str) -> bool:
    return len(text) >= 60 and text.rstrip().endswith((".", "!", "?", "…", '"', "”", "»", "'"))


def _classes(node: Any) -> list[str]:
    words = (node.get("class") or "").split() + (node.get("id") or "").split()
    return [w.lower() for w in words]


def _furniture(node: Any, *, inside_article: bool = False) -> tuple[str, str] | None:
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
    for word in _classes(node):
        for pattern, kind, reason in _FURNITURE:
            if pattern.match(word):
                return kind, reason
    return None


def _declared_lang(node: Any, stop: Any) -> str:
    """The ``lang`` attribute of ``node`` or an ancestor below ``stop`` (the article), or of
    an element inside ``node`` that holds all its text (``<p><i lang="fr">…</i></p>``)."""
    text: str | None = None
    for inner in node.iterdescendants():
        lang = isinstance(inner.tag, str) and (inner.get("lang") or "").strip()
        if lang:
            text = _text(node) if text is None else text
            if text and _text(inner) == text:
                return str(lang)
    current = node
    while current is not None and current is not stop:
        lang = current.get("lang") or current.get("{http://www.w3.org/XML/1998/namespace}lang")
        if lang:
            return str(lang).strip()
        current = current.getparent()
    return ""


def _raw_text(node: Any, *, with_tail: bool = False) -> str:
    """Visible text of ``node``, not yet normalised: invisible children (scripts, buttons)
    left out, blocks set apart by spaces, ``<br>`` kept as a newline."""
    parts: list[str] = []

    def visit(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag and tag not in _INVISIBLE:
            block = tag in _BLOCKS and tag != "br"
            parts.append("\n" if tag == "br" else " " if block else "")
            parts.append(el.text or "")
            for child in el:
                visit(child)
            parts.append(" " if block else "")
        if el.tail and (el is not node or with_tail):
            parts.append(el.tail)

    visit(node)
    return "".join(parts)


def _text(node: Any) -> str:
    """Visible text of ``node``, normalised."""
    return normalize_text(_raw_text(node))


def _segment(kind: str, inline: Inline, lang: str = "", included: bool = True,
             reason: str | None = None) -> RawSegment:
    """A segment of inline text (see :mod:`presslate.i18n.inline`), its links in ``attrs``;
    an excluded one (furniture) keeps its words only, for ``presslate show``."""
    if not included:
        return RawSegment(kind, escape(plain_text(inline.text)), included, reason, lang)
    return RawSegment(kind, inline.text, included, reason, lang, dict(inline.links))


def _has_block_child(node: Any) -> bool:
    return any(isinstance(c.tag, str) and c.tag.lower() in _BLOCKS and c.tag.lower() != "br"
               for c in node.iterdescendants())


def _kind_of(node: Any) -> str:
    tag = node.tag.lower()
    classes = set(_classes(node))
    if classes & _STANDFIRST_CLASSES and tag in ("p", "h2", "h3", "div", "span", "section"):
        return STANDFIRST
    if classes & _BYLINE_CLASSES or node.get("rel") == "author" or tag == "address":
        return BYLINE
    if tag == "h1":
        return HEADLINE
    if tag in ("h2", "h3", "h4", "h5", "h6"):
        return SUBHEADING
    if tag == "figcaption":
        return CAPTION
    if any(a.tag == "blockquote" for a in node.iterancestors()) or tag == "blockquote":
        return QUOTE
    return BODY


def _walk_article(node: Any, container: Any, out: list[RawSegment]) -> None:
    """Read ``node``'s children in order. Text and inline elements between blocks (a CMS that
    writes paragraphs as ``text<br><br>text`` in a ``<div>``) are running text too."""
    lead: list[str] = [node.text or ""]
    run: list[Any] = []

    def flush() -> None:
        for piece in split_paragraphs(from_nodes("".join(lead), run)):
            out.append(_segment(BODY, piece, _declared_lang(node, container)))
        lead.clear()
        run.clear()

    for child in node:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if not tag or tag in _INVISIBLE or tag == "time":  # a date is metadata, not text
            _append_text(lead, run, child.tail or "")
            continue
        if tag not in _BLOCKS or tag == "br":
            run.append(child)  # inline: part of the running text (with its tail)
            continue
        flush()
        _read_block(child, container, out)
        _append_text(lead, run, child.tail or "")
    if node.tag.lower() not in ("ul", "ol", "table", "tr", "dl"):
        flush()


def _append_text(lead: list[str], run: list[Any], text: str) -> None:
    """Add text to a run: before its first element, or as a text node after its last."""
    if not text:
        return
    if not run:
        lead.append(text)
        return
    from lxml import etree

    holder = etree.Element("span")  # a plain wrapper: only its text counts
    holder.text = text
    run.append(holder)


def _read_block(child: Any, container: Any, out: list[RawSegment]) -> None:
    tag = child.tag.lower()
    furniture = _furniture(child, inside_article=True)
    if furniture is not None:
        inline = from_element(child)
        if inline.text:
            out.append(_segment(furniture[0], inline, included=False, reason=furniture[1]))
        return
    if tag == "figure":
        _read_figure(child, container, out)
        return
    if tag == "footer" and not any(a.tag == "blockquote" for a in child.iterancestors()):
        inline = from_element(child)
        if inline.text:
            out.append(_segment("article-footer", inline, included=False, reason=REASON_ARTICLE_FOOTER))
        return
    whole = _whole_block_kind(child)
    if whole:
        inline = from_element(child)
        if inline.text:
            out.append(_segment(whole, inline, _declared_lang(child, container)))
        return
    if tag in ("p", "div") and _only_time(child):
        return  # the date, kept as metadata
    if tag in ("ul", "ol", "p", "div") and _only_links(child):
        out.append(_segment("links", from_element(child), included=False, reason=REASON_LINKS))
        return
    if _has_block_child(child):
        _walk_article(child, container, out)
        return
    kind = _kind_of(child)
    for piece in split_paragraphs(from_element(child)):
        out.append(_segment(kind, piece, _declared_lang(child, container)))


def _only_links(node: Any) -> bool:
    """A block whose visible text is all link text (a list of links, "Read more: ...")."""
    text = _text(node)
    linked = normalize_text(" ".join(_text(a) for a in node.iter("a")))
    if not text or not linked:  # punctuation alone ("]]>", "…") is not a link
        return False
    return re.sub(r"\W+", "", linked) == re.sub(r"\W+", "", text)


def _whole_block_kind(node: Any) -> str:
    """A standfirst or byline block read as one segment even when it holds paragraphs."""
    if node.tag.lower() not in ("div", "section", "header", "p", "h2", "h3", "span"):
        return ""
    if node.find(".//figure") is not None or node.find(".//h1") is not None:
        return ""
    kind = _kind_of(node)
    return kind if kind in (STANDFIRST, BYLINE) else ""


def _only_time(node: Any) -> bool:
    times = node.findall(".//time")
    return bool(times) and normalize_text("".join(t.text_content() for t in times)) == _text(node)


def _read_figure(figure: Any, container: Any, out: list[RawSegment]) -> None:
    """A figure's image alt text (an ``alt`` segment, so it is translated) and its caption
    (whose ``attrs`` keep the image's ``src`` and ``alt`` as found)."""
    caption = figure.find(".//figcaption")
    inline = from_element(caption) if caption is not None else Inline("", {})
    img = figure.find(".//img")
    image: dict[str, str] = {}
    if img is not None:
        for name in ("src", "alt"):
            value = normalize_text(img.get(name) or "")
            if value:
                image[name] = value
    lang = _declared_lang(caption if caption is not None else figure, container)
    if image.get("alt"):
        src = {"src": image["src"]} if image.get("src") else {}
        out.append(RawSegment(ALT, escape(image["alt"]), lang=lang, attrs=src))
    if inline.text:
        out.append(RawSegment(CAPTION, inline.text, lang=lang, attrs={**inline.links, **image}))


def _walk_outside(body: Any, container: Any, before: list[RawSegment],
                  after: list[RawSegment]) -> None:
    """Record the page's visible text outside the article as excluded blocks."""
    if container is body:
        return
    ancestors = set(container.iterancestors())
    seen_container = False

    def visit(node: Any) -> None:
        nonlocal seen_container
        for child in node:
            if not isinstance(child.tag, str) or child.tag.lower() in _INVISIBLE:
                continue
            if child is container:
                seen_container = True
                continue
            if child in ancestors:
                visit(child)
                continue
            inline = from_element(child)
            if not inline.text:
                continue
            kind, reason = _furniture(child) or ("boilerplate", REASON_BOILERPLATE)
            (after if seen_container else before).append(_segment(kind, inline, included=False,
                                                                  reason=reason))

    visit(body)


def _byline_author(segments: list[RawSegment]) -> str:
    for seg in segments:
        if seg.kind == BYLINE:
            match = re.match(r"^(by|par|por|von)\s+(.+?)(\s*[,|·•]|$)", plain_text(seg.text),
                             re.IGNORECASE)
            if match:
                return match.group(2).strip()
    return ""


def _time_of(container: Any) -> str:
    for node in container.iter("time"):
        value = (node.get("datetime") or "").strip()
        if value:
            return value
    return ""


def _is_lead_of(description: str, first_body: str) -> bool:
    """A meta description that only repeats (the start of) the first paragraph."""
    desc = text_key(description.rstrip(".…"))
    body = text_key(first_body)
    return bool(desc) and body.startswith(desc)


# --- fragments (a CMS's rendered HTML: WordPress content, ninjs body_html, ANS text) ----------


def _fragment(fragment: str) -> Any:
    from lxml import etree
    from lxml import html as lxml_html

    try:
        return lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return None


def fragment_segments(fragment: str) -> list[RawSegment]:
    """The segments of an HTML fragment in order, read as an article's body is: paragraphs,
    subheadings (an ``<h1>`` too), quotes, list items, figure captions (with the image's
    ``src`` and ``alt``); embedded furniture is kept excluded with its reason."""
    if not fragment.strip():
        return []
    root = _fragment(fragment)
    if root is None:
        return []
    out: list[RawSegment] = []
    _walk_article(root, root, out)
    return [RawSegment(SUBHEADING, s.text, s.included, s.reason, s.lang, s.attrs)
            if s.kind == HEADLINE else s for s in out]


def fragment_text(fragment: str) -> str:
    """The visible text of an HTML fragment (a rendered title or caption), normalised:
    entities decoded, tags dropped."""
    if "<" not in fragment and "&" not in fragment:
        return normalize_text(fragment)
    root = _fragment(fragment)
    return "" if root is None else _text(root)


def is_lead_of(summary: str, first_body: str) -> bool:
    """A summary that only repeats (the start of) the first paragraph, as a CMS's automatic
    excerpt does (``… [&hellip;]``)."""
    return _is_lead_of(re.sub(r"\s*(\[\s*(…|\.\.\.)\s*\]|…|\.\.\.)\s*$", "", summary), first_body)
