"""Reader for HTML news pages.

Which text is the article's is trafilatura's call (a library made for main-text
extraction): the reader walks the page's own elements in order and keeps the
blocks of running text trafilatura kept (paragraphs, subheadings, quotes, list
items, text between ``<br><br>`` in a ``<div>``). It adds what a news article
needs and trafilatura leaves out or gets wrong for news:

* the headline: the JSON-LD ``headline``, else ``og:title``, else the ``<h1>``,
  else ``<title>``, without the site's name (``Headline | Site``: known from
  ``og:site_name``, the publisher or ``application-name``, or because the rest
  is the ``<h1>``, or because the name is shown elsewhere on the page);
* the standfirst (``.standfirst``, ``.lede``, ``p.lead``, ``h2.subtitle``,
  ``.chapo``, ``.perex``..., else the JSON-LD or meta description), bylines and
  figure captions (``<figure>``/``<figcaption>``, with the image's ``src`` and
  ``alt``);
* page furniture kept as excluded segments, one per block, with the reason
  (navigation, share buttons, related links, newsletter boxes, author
  biographies, comments, video-player controls, or "not part of the article's
  text" for what trafilatura left out); a block trafilatura kept is still left
  out when its class names furniture, unless it holds most of the article (a
  ``<body class="showing-comments">`` or ``<div class="article-body read-more">``);
* a page listing many articles (a section front) is refused, not read as one;
* a ``lang`` attribute inside the article declares its segment's language.

When trafilatura finds no main text (a short page), the article is the page's
``<article>`` (the one with the most running text when there are several), else
``[itemprop=articleBody]``, ``<main>`` or ``[role=main]``, else the body when it
holds paragraphs of running text, and all its blocks are read.
"""

from __future__ import annotations

import re
from typing import Any

from ..article import BODY, HEADLINE, REASON_DUPLICATE_TITLE, STANDFIRST, RawSegment, normalize_text
from ..errors import SourceError
from ..inline import escape, plain_text
from . import RawArticle, same_text, text_key
from .html_blocks import (
    BYLINE,
    JUDGED_KINDS,
    REASON_NOT_MAIN,
    SUBHEADING,
    Walk,
    block_text,
    furniture,
    raw_text,
    walk_article,
    walk_outside,
)
from .html_main import MainText, container_of, find_main_text, is_running_text, squeeze
from .html_meta import choose_headline, page_meta

REASON_H1_VARIANT = "the page's <h1>, another version of the headline"
# A page with this many teaser <article>s lists articles (a section front).
_FRONT_ARTICLES = 5

_XML_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")


def read_html(text: str, *, origin: str = "") -> RawArticle:
    """Read an HTML news page; raises :class:`SourceError` when it holds no article."""
    doc = _parse(text, origin)
    meta = page_meta(doc)
    body = doc.find("body")
    if body is None:
        raise _no_article(origin, "no <body>")
    main = find_main_text(doc)
    container, walk = _locate(body, main, " ".join((meta.headline, meta.title, meta.page_title)),
                              origin, bool(meta.headline))
    if container is None:
        raise _no_article(origin, "no <article>, <main> or paragraphs of running text")

    inner: list[RawSegment] = []
    walk_article(container, walk, inner)
    running = [s for s in inner if s.kind == BODY and s.included]
    if not running and walk.judge is not None:
        # trafilatura's text lies here but none of it matched a block: read the blocks.
        inner = []
        walk_article(container, Walk(container, wrapper=walk.wrapper), inner)
        running = [s for s in inner if s.kind == BODY and s.included]
    if not running or (container is body
                       and sum(is_running_text(plain_text(s.text)) for s in running) < 2):
        # The whole page as the article: only if it reads as one (a line or two is not).
        raise _no_article(origin, "no paragraphs of running text in its <article> or <main>")
    before: list[RawSegment] = []
    after: list[RawSegment] = []
    walk_outside(body, container, before, after)
    page_text = " ".join(text_key(plain_text(s.text))
                         for s in before + inner + after if not s.included)
    h1_texts = [plain_text(s.text) for s in inner if s.kind == HEADLINE]
    headline = choose_headline(meta, h1_texts[0] if h1_texts else "", page_text) or _first_line(
        inner)
    if not headline:
        raise SourceError("no headline in this HTML page (no JSON-LD headline, og:title or <h1>)",
                          path=origin or None, hint="give the article's page")

    segments: list[RawSegment] = [RawSegment(HEADLINE, escape(headline))]
    article_segments: list[RawSegment] = []
    for seg in _keep_subheadings(inner):
        if seg.kind == HEADLINE:
            if same_text(plain_text(seg.text), headline):
                continue
            seg = RawSegment(HEADLINE, seg.text, False, REASON_H1_VARIANT, seg.lang, seg.attrs)
        elif seg.kind == BODY and seg.included and same_text(plain_text(seg.text), headline):
            seg = RawSegment(BODY, seg.text, False, REASON_DUPLICATE_TITLE, seg.lang, seg.attrs)
        article_segments.append(seg)
    if not any(s.kind == STANDFIRST and s.included for s in article_segments):
        lead = " ".join([plain_text(s.text) for s in article_segments
                         if s.kind == BODY and s.included][:2])
        if meta.description and not _repeats_lead(meta.description, lead) and not same_text(
            meta.description, headline
        ):
            segments.append(RawSegment(STANDFIRST, escape(meta.description)))
    if not any(s.kind == BODY and s.included for s in article_segments):
        raise _no_article(origin, "no paragraphs in its <article> or <main> but the headline")

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


def _first_line(segments: list[RawSegment]) -> str:
    """A page with no title, ``og:title`` or ``<h1>``: the short line the article opens
    with (a headline set in ``<b>`` or a ``<div>``), if there is one."""
    for seg in segments:
        if seg.kind in (BODY, SUBHEADING) and (seg.included or seg.reason == REASON_NOT_MAIN):
            words = plain_text(seg.text)
            if len(words) <= 150 and not is_running_text(words):
                return words
            return ""
    return ""


def _keep_subheadings(segments: list[RawSegment]) -> list[RawSegment]:
    """Subheadings between paragraphs of the article are the article's, though trafilatura
    often leaves out an ``<h2>`` it finds between them."""
    out = list(segments)
    judged = [i for i, s in enumerate(out) if s.kind in JUDGED_KINDS]
    for n, i in enumerate(judged):
        seg = out[i]
        if seg.kind != SUBHEADING or seg.reason != REASON_NOT_MAIN:
            continue
        before = any(out[j].kind == BODY and out[j].included for j in judged[:n])
        after = next((out[j] for j in judged[n + 1:] if out[j].kind != SUBHEADING), None)
        if before and after is not None and after.kind == BODY and after.included:
            out[i] = RawSegment(SUBHEADING, seg.text, lang=seg.lang, attrs=seg.attrs)
    return out


def _parse(text: str, origin: str) -> Any:
    from lxml import etree
    from lxml import html as lxml_html

    # lxml refuses a str that declares its bytes' encoding (<?xml ... encoding="utf-8"?>):
    # the text is decoded already, so the declaration says nothing more.
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        return lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(f"no article in this HTML page ({exc})", path=origin or None,
                          hint="give the article's page") from exc


def _no_article(origin: str, why: str) -> SourceError:
    return SourceError(f"no article in this HTML page ({why})", path=origin or None,
                       hint="give the article's page, or its text with --format text")


def _locate(body: Any, main: MainText | None, title: str, origin: str,
            article_page: bool) -> tuple[Any, Walk]:
    """The article's element, and how to walk it: with trafilatura's main text as the judge
    of running text when it found one, else every block of the element found by markup.
    A page that lists articles is refused, unless its JSON-LD says it is an article or one
    ``<article>`` with an ``<h1>`` stands among the teasers (a brief beside them, whose
    text trafilatura may pass over for theirs)."""
    teasers = 0
    if main is not None:
        def wrapper(node: Any) -> bool:
            return main.holds_most(node.text_content())

        walk = Walk(body, judge=main.takes, wrapper=wrapper)
        walk_article(body, walk, [])  # finds where the main text lies
        teasers = 0 if article_page else _section_front(body, main)
        container = None if teasers else container_of(main.running or main.hits, body, title)
        if container is not None:
            main.restart()
            walk.container = container
            return container, walk
    if not teasers and not article_page:
        teasers = _section_front(body, None)
    if teasers:
        container = _lead_article(body)
        if container is None:
            raise SourceError(
                f"no article in this HTML page: it lists {teasers} articles (a section front "
                "or index page)", path=origin or None, hint="give the page of one article")
    else:
        container = _find_container(body)

    if container is None:
        return None, Walk(body)
    size = len(container.text_content())

    def holds_half(node: Any) -> bool:
        return len(node.text_content()) * 2 >= size

    return container, Walk(container, wrapper=holds_half)


def _lead_article(body: Any) -> Any:
    """The one top-level ``<article>`` that is not a teaser and has an ``<h1>``, if any."""
    leads = [a for a in body.iter("article") if next(a.iterancestors("article"), None) is None
             and not _is_teaser(a) and a.find(".//h1") is not None]
    return leads[0] if len(leads) == 1 else None


def _section_front(body: Any, main: MainText | None) -> int:
    """The number of articles a page lists when it is a section front: five or more
    ``<article>``s, nearly all teasers (a link to another page in their heading, or around
    it: a live blog's posts are ``<article>``s too, without such links), holding the page's
    main text. An article beside teasers holds it (or, with no main text found, three
    times the text of the largest teaser)."""
    articles = [a for a in body.iter("article") if next(a.iterancestors("article"), None) is None]
    teasers = {a for a in articles if _is_teaser(a)}
    if len(teasers) < _FRONT_ARTICLES or len(teasers) * 5 < len(articles) * 4:
        return 0
    if main is not None and main.hits:
        inside = sum(length for node, length in main.hits
                     if node in teasers or any(a in teasers for a in node.iterancestors("article")))
        if inside * 2 < sum(length for _, length in main.hits):
            return 0  # the main text is elsewhere: these are teasers beside an article
    else:
        largest = max(len(squeeze(raw_text(a))) for a in teasers)
        if any(len(squeeze(raw_text(a))) >= 3 * largest for a in articles if a not in teasers):
            return 0
    return len(articles)


def _is_teaser(article: Any) -> bool:
    for heading in article.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        if heading.find(".//a[@href]") is not None or any(
                a.tag == "a" and a.get("href") for a in heading.iterancestors()):
            return True
    return False


def _find_container(body: Any) -> Any:
    for query in ("//article[.//p]", '//*[@itemprop="articleBody"]', "//main", '//*[@role="main"]'):
        found = [node for node in body.xpath(query) if _not_in_furniture(node)]
        if found:
            # Several (a story and teasers for others): the one with the most running text.
            return max(found, key=lambda n: sum(len(block_text(p)) for p in n.iter("p")))
    # No marked-up article: the body, if it holds paragraphs of running text (<p>s, or text
    # between <br><br> in a <div>).
    size = len(body.text_content())
    blocks: list[RawSegment] = []
    walk_article(body, Walk(body, wrapper=lambda node: len(node.text_content()) * 2 >= size), blocks)
    running = [s for s in blocks
               if s.kind == BODY and s.included and is_running_text(plain_text(s.text))]
    return body if len(running) >= 2 else None


def _not_in_furniture(node: Any) -> bool:
    """Neither ``node`` nor an ancestor below ``<body>`` is furniture (a class on ``<body>``
    or ``<html>``, such as ``sidebar`` or ``showing-comments``, is the page's state)."""
    for current in (node, *node.iterancestors()):
        if current.tag in ("body", "html"):
            return True
        if furniture(current) is not None:
            return False
    return True


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


def _repeats_lead(description: str, lead: str) -> bool:
    """A meta description that repeats the first paragraph, or says what the first two say
    in nearly the same words (four in five of its words): not a standfirst of its own."""
    if _is_lead_of(description, lead):
        return True
    words, lead_words = text_key(description).split(), set(text_key(lead).split())
    return len(words) >= 5 and sum(w in lead_words for w in words) * 5 >= len(words) * 4


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
    walk_article(root, Walk(root, page=False), out)
    return [RawSegment(SUBHEADING, s.text, s.included, s.reason, s.lang, s.attrs)
            if s.kind == HEADLINE else s for s in out]


def fragment_text(fragment: str) -> str:
    """The visible text of an HTML fragment (a rendered title or caption), normalised:
    entities decoded, tags dropped."""
    if "<" not in fragment and "&" not in fragment:
        return normalize_text(fragment)
    root = _fragment(fragment)
    return "" if root is None else block_text(root)


def is_lead_of(summary: str, first_body: str) -> bool:
    """A summary that only repeats (the start of) the first paragraph, as a CMS's automatic
    excerpt does (``… [&hellip;]``)."""
    return _is_lead_of(re.sub(r"\s*(\[\s*(…|\.\.\.)\s*\]|…|\.\.\.)\s*$", "", summary), first_body)
