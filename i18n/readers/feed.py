"""Reader for RSS 2.0, RSS 1.0 and Atom feeds, parsed by feedparser.

Each item with its full text (RSS ``content:encoded``, Atom ``<content>``)
becomes an article: the item's title is its headline, its summary
(``<description>``, ``<summary>``) the standfirst unless it only repeats the
start of the text, the HTML content its segments (read as an article's body
is: paragraphs, subheadings, quotes, list items, figure captions). Its
author, date (``pubDate``/``published``, else ``updated``, as UTC ISO 8601),
link, ``guid``/``id`` and language (the item's ``xml:lang``, else the feed's
``<language>``/``xml:lang``) are the article's metadata; its categories are
kept as an excluded segment. An item with no content (only a title, a teaser
and a link) is reported as skipped, with its link for ``pull --follow``.
"""

from __future__ import annotations

import time
from typing import Any

from ..article import BODY, HEADLINE, STANDFIRST, normalize_text
from ..errors import SourceError
from . import RawArticle, Reading, Skipped, plain_segment
from .html import fragment_segments, fragment_text, is_lead_of

REASON_CATEGORIES = "the item's categories (feed metadata)"
REASON_TEASER = "the item's summary, repeating the start of its text"
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def read_feed(text: str, *, origin: str = "") -> Reading:
    """Read a feed; raises :class:`SourceError` when ``text`` is not one."""
    import feedparser

    # Bytes, never a string (feedparser fetches a string that looks like a URL); the text is
    # already decoded, so the charset given here wins over the XML declaration's.
    parsed = feedparser.parse(text.encode("utf-8"),
                              response_headers={"content-type": "application/xml; charset=utf-8"})
    if not parsed.get("version"):
        problem = parsed.get("bozo_exception")
        raise SourceError(f"not an RSS or Atom feed{f' ({problem})' if problem else ''}",
                          path=origin or None,
                          hint="give the feed's XML, or force another format with --format")
    feed = parsed.get("feed", {})
    site = normalize_text(feed.get("title", ""))
    feed_lang = _lang(feed.get("language", "")) or _lang(feed.get("title_detail", {}).get(
        "language", ""))
    articles: list[RawArticle] = []
    skipped: list[Skipped] = []
    for number, entry in enumerate(parsed.get("entries", []), start=1):
        title = _plain(entry, "title")
        link = str(entry.get("link", "") or "")
        where = f"item {number}"
        content = _content(entry)
        if content is None:
            skipped.append(Skipped(where, title, "no full text in the feed (only a title, a "
                                   "summary and a link)" if link else "no text in the feed item",
                                   link))
            continue
        if not title:
            skipped.append(Skipped(where, "", "the item has no title", link))
            continue
        articles.append(_article(entry, title, content, site=site, feed_lang=feed_lang))
    if not articles and not skipped:
        raise SourceError("the feed has no items", path=origin or None,
                          hint="give a feed that holds articles")
    return Reading(tuple(articles), tuple(skipped))


def _content(entry: Any) -> tuple[str, str, str] | None:
    """(value, type, language) of the item's full text, or ``None``."""
    for part in entry.get("content", []) or []:
        value = str(part.get("value", "") or "")
        if value.strip():
            return value, str(part.get("type", "")), str(part.get("language", "") or "")
    return None


def _article(entry: Any, title: str, content: tuple[str, str, str], *, site: str,
             feed_lang: str) -> RawArticle:
    value, ctype, content_lang = content
    if ctype.lower() in _HTML_TYPES or "<" in value:
        body = fragment_segments(value)
    else:
        body = [plain_segment(BODY, p) for p in (normalize_text(x) for x in value.split("\n\n")) if p]
    segments = [plain_segment(HEADLINE, title)]
    # feedparser gives an Atom entry without a summary its content as summary: not a standfirst.
    same_as_content = str(entry.get("summary", "") or "").strip() == value.strip()
    summary = "" if same_as_content else _plain(entry, "summary")
    first_body = next((s.text for s in body if s.kind == BODY and s.included), "")
    if summary and summary != title:
        if is_lead_of(summary, first_body):
            segments.append(plain_segment(STANDFIRST, summary, False, REASON_TEASER))
        else:
            segments.append(plain_segment(STANDFIRST, summary))
    segments.extend(body)
    tags = [normalize_text(str(t.get("term", "") or "")) for t in entry.get("tags", []) or []]
    if any(tags):
        segments.append(plain_segment("categories", ", ".join(t for t in tags if t), False,
                                   REASON_CATEGORIES))
    ids = {}
    if entry.get("id"):
        ids["guid"] = str(entry["id"])
    authors = [normalize_text(str(a.get("name", "") or "")) for a in entry.get("authors", []) or []]
    author = ", ".join(a for a in authors if a) or normalize_text(str(entry.get("author", "") or ""))
    lang = _lang(content_lang) or _lang(entry.get("title_detail", {}).get("language", "")) or feed_lang
    return RawArticle(segments=tuple(segments), title=title, site=site,
                      url=str(entry.get("link", "") or ""), author=author,
                      published=_date(entry), lang=lang, extra=ids)


def _plain(entry: Any, key: str) -> str:
    """The item's ``key`` (title, summary) as plain text: HTML ones lose their tags."""
    value = str(entry.get(key, "") or "")
    kind = str(entry.get(f"{key}_detail", {}).get("type", "") or "").lower()
    return fragment_text(value) if kind in _HTML_TYPES or "<" in value else normalize_text(value)


def _date(entry: Any) -> str:
    for key in ("published", "updated"):
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
        if entry.get(key):
            return str(entry[key])
    return ""


def _lang(value: Any) -> str:
    return normalize_text(str(value or ""))
