"""Readers: turn what an editor has (a text scrape, HTML, JSON, Markdown, a newsroom format)
into segments.

Each reader is a function ``read(text, *, origin) -> RawArticle`` over text
that has already been decoded; :func:`load_source` gets the bytes from a file
or URL, :func:`decode_source` turns them into text, and :func:`read_article`
dispatches on the format. The newsroom formats (IPTC ninjs, WordPress REST
posts, Arc XP ANS, RSS/Atom feeds) may hold several articles, or items that are
not articles: :func:`read_articles` returns a :class:`Reading` of both.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..article import RawSegment
from ..errors import SchemaError, SourceError

FORMATS = ("text", "html", "json", "md", "ninjs", "wordpress", "ans", "feed")
# Formats whose reader returns a Reading (several articles, items left out).
MULTI_FORMATS = ("ninjs", "wordpress", "ans", "feed")
MAX_BYTES = 10 * 1024 * 1024  # the largest article file or page read


@dataclass(frozen=True)
class RawArticle:
    """What a reader returns: metadata it found and segments in order."""

    segments: tuple[RawSegment, ...]
    title: str = ""
    site: str = ""
    url: str = ""
    author: str = ""
    published: str = ""
    lang: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Skipped:
    """An item of a document that is not an article, and why."""

    where: str  # "item 3", "posts[2]": where it is in the document
    title: str
    reason: str
    link: str = ""  # its page, which ``pull --follow`` reads instead


@dataclass(frozen=True)
class Reading:
    """What a document holds: its articles, and the items left out."""

    articles: tuple[RawArticle, ...]
    skipped: tuple[Skipped, ...] = ()


@dataclass(frozen=True)
class Source:
    """Raw bytes of an article and where they came from."""

    data: bytes
    origin: str  # path or URL, for messages and metadata
    name: str  # file name (or URL path) used to guess the format and slug
    content_type: str = ""


def load_json(text: str, origin: str, hint: str | None = None) -> Any:
    """Parse a JSON document; a syntax error names its line and column, a document nested too
    deeply is refused (``hint``: what the reader expects)."""
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemaError(f"not valid JSON: {exc.msg} (column {exc.colno})", path=origin or None,
                          line=exc.lineno, hint="fix the JSON syntax at that line") from exc
    except RecursionError as exc:
        raise SchemaError("not valid JSON: nested too deeply", path=origin or None,
                          hint=hint) from exc


def plain_segment(kind: str, text: str, included: bool = True, reason: str | None = None,
                  lang: str = "", attrs: dict[str, str] | None = None) -> RawSegment:
    """A segment of plain text (no markup): its text as inline text (``<`` escaped)."""
    from ..inline import escape

    return RawSegment(kind, escape(text), included, reason, lang, attrs or {})


def figure_segments(caption: str, attrs: dict[str, str], lang: str = "") -> list[RawSegment]:
    """An image's segments: its alt text (an ``alt`` segment, so it is translated; its
    ``attrs`` hold the image's ``src``), then its caption (plain text here; ``attrs``: the
    image's ``src``, ``alt``, ``credit`` as found). Empty values are left out."""
    from ..article import ALT, CAPTION
    from ..inline import escape

    attrs = {k: v for k, v in attrs.items() if v}
    out = []
    if attrs.get("alt"):
        out.append(RawSegment(ALT, escape(attrs["alt"]), lang=lang,
                              attrs={"src": attrs["src"]} if attrs.get("src") else {}))
    if caption:
        out.append(RawSegment(CAPTION, escape(caption), lang=lang, attrs=attrs))
    return out


def text_key(text: str) -> str:
    """``text`` reduced for comparison: words only (inline tags dropped), single spaces,
    case-folded."""
    from ..inline import plain_text

    return re.sub(r"\W+", " ", plain_text(text)).strip().casefold()


def same_text(a: str, b: str) -> bool:
    """The same words in the same order, whatever the punctuation and case."""
    return text_key(a) == text_key(b)


def is_url(source: str) -> bool:
    return bool(re.match(r"^https?://", source, re.IGNORECASE))


def load_source(source: str, *, timeout: float = 30.0, max_bytes: int = MAX_BYTES) -> Source:
    """Read ``source``: an ``http(s)://`` URL is fetched, anything else is a file path.

    A file must be a regular file (not a directory, a named pipe, a device or a
    socket) of at most ``max_bytes``, the same limit as a URL's.
    """
    if is_url(source):
        from .fetch import fetch_url

        return fetch_url(source, timeout=timeout, max_bytes=max_bytes)
    path = Path(source)
    try:
        _check_regular(path, os.stat(path).st_mode)
        # O_NONBLOCK: should the path become a FIFO after the check, opening it cannot hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError as exc:
        raise SourceError("no such file", path=path, hint="check the path") from exc
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    except ValueError as exc:  # a NUL byte in the path
        raise SourceError(f"not a usable file path: {exc}", path=source) from exc
    try:
        with os.fdopen(fd, "rb") as handle:
            _check_regular(path, os.fstat(handle.fileno()).st_mode)
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    if len(data) > max_bytes:
        raise SourceError(f"the file is larger than {size_text(max_bytes)}", path=path,
                          hint="an article is much smaller: check the file")
    return Source(data=data, origin=str(path), name=path.name)


def size_text(size: int) -> str:
    """``10 MB``, ``1000 bytes``: a size limit for messages."""
    mib = 1024 * 1024
    return f"{size // mib} MB" if size >= mib and size % mib == 0 else f"{size} bytes"


_NOT_REGULAR = ((stat.S_ISDIR, "is a directory, not an article file"),
                (stat.S_ISFIFO, "is a named pipe (FIFO), not an article file"),
                (stat.S_ISCHR, "is a device, not an article file"),
                (stat.S_ISBLK, "is a device, not an article file"),
                (stat.S_ISSOCK, "is a socket, not an article file"))


def _check_regular(path: Path, mode: int) -> None:
    for test, problem in _NOT_REGULAR:
        if test(mode):
            raise SourceError(problem, path=path,
                              hint="give the article's file (text, HTML, JSON or Markdown)")
    if not stat.S_ISREG(mode):
        raise SourceError("is not a regular file", path=path,
                          hint="give the article's file (text, HTML, JSON or Markdown)")


def decode_source(source: Source) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else a confidently detected encoding.

    The order: a byte-order mark; UTF-8; the charset the server or the page
    declares; Windows-1252 (a superset of Latin-1's text) when the text reads as
    a Western European language; else charset-normalizer's guess, accepted only
    when it reads as a language. Binary files and text whose encoding cannot be
    told are refused.
    """
    data = source.data
    if not data.strip():
        raise SourceError("the file is empty", path=source.origin,
                          hint="give a file with the article's text")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"),
                       (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise SourceError(f"the file starts with a {codec} byte-order mark but is not "
                                  f"{codec} (byte {exc.start})", path=source.origin,
                                  hint="convert it to UTF-8") from exc
    if _looks_binary(data):
        raise SourceError("this is a binary file, not an article", path=source.origin,
                          hint="give a text, HTML, JSON or Markdown file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    declared = _declared_charset(source)
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    western = _as_western(data)
    if western is not None:
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None or best.chaos > 0.1 or best.coherence < 0.2:
        raise SourceError(
            f"not UTF-8 text (byte {utf8_error.start}) and the encoding cannot be told",
            path=source.origin,
            hint="convert it to UTF-8, e.g. iconv -f latin1 -t utf-8 FILE",
        )
    return str(best)


# Control bytes that never appear in text (tab, newlines, form feed and escape aside).
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}
_WESTERN_EXTRA = frozenset("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ«»°·©®±×÷§¶¡¿ºª£¥¢ ")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls > len(sample) / 100


def _as_western(data: bytes) -> str | None:
    """``data`` as Windows-1252 when that reads as Western European text, else ``None``.

    The test: accented letters are a minority of the letters, and every
    non-ASCII character is a Latin letter or common punctuation.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = sum(1 for ch in text if ch.isalpha())
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if not letters or len(non_ascii) > letters * 0.3:
        return None
    latin = sum(1 for ch in non_ascii if ("À" <= ch <= "ÿ" and ch not in "×÷") or ch in _WESTERN_EXTRA)
    return text if latin == len(non_ascii) else None


def _declared_charset(source: Source) -> str:
    match = re.search(r"charset=([\w-]+)", source.content_type, re.IGNORECASE)
    if match:
        return match.group(1)
    head = source.data[:2048].decode("ascii", "replace")
    match = re.search(r"<meta[^>]+charset=[\"']?([\w-]+)", head, re.IGNORECASE)
    return match.group(1) if match else ""


def sniff_format(text: str, name: str, content_type: str = "") -> str:
    """Guess the format from the content type, the file name, then the content."""
    ctype = content_type.lower()
    if re.search(r"\b(rss|atom)\+xml\b", ctype):
        return "feed"
    if "html" in ctype:
        return "html"
    if "json" in ctype:
        return json_shape(text)
    if "markdown" in ctype:
        return "md"
    suffix = Path(name).suffix.lower()
    by_suffix = {".html": "html", ".htm": "html", ".json": "json", ".md": "md",
                 ".markdown": "md", ".txt": "text", ".text": "text", ".rss": "feed",
                 ".atom": "feed", ".xml": "feed"}
    if suffix in by_suffix:
        found = by_suffix[suffix]
        return json_shape(text) if found == "json" else found
    head = text.lstrip()[:500].lower()
    if re.match(r"(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:rdf)\b", head, re.DOTALL):
        return "feed"
    if head.startswith(("<!doctype html", "<html")) or "<body" in head or re.match(
        r"<(article|main|section|div|p|h1|figure)\b", head
    ):
        return "html"
    if head.startswith(("{", "[")):
        return json_shape(text)
    if re.match(r"^#\s+\S", text.lstrip()):
        return "md"
    return "text"


def json_shape(text: str) -> str:
    """Which JSON format ``text`` is, from its keys: ``ninjs``, ``wordpress``, ``ans`` or
    presslate's own ``json`` (also when it does not parse: its reader says why)."""
    import json

    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return "json"
    return shape_of(data)


def shape_of(data: object) -> str:
    """:func:`json_shape` of parsed JSON."""
    if isinstance(data, list) and data and all(isinstance(d, dict) for d in data):
        data = data[0]
    if not isinstance(data, dict):
        return "json"
    if any(isinstance(data.get(key), dict) and "rendered" in data[key]
           for key in ("title", "content")):
        return "wordpress"
    if "content_elements" in data or isinstance(data.get("headlines"), dict) or (
        data.get("type") in ("story", "gallery", "video") and "_id" in data
    ):
        return "ans"
    if "uri" in data and any(k in data for k in ("type", "version", "headline", "headlines",
                                                 "body_html", "body_text", "bodies",
                                                 "versioncreated")):
        return "ninjs"
    return "json"


def reader_for(fmt: str) -> Callable[..., RawArticle]:
    if fmt == "text":
        from .text import read_text

        return read_text
    if fmt == "html":
        from .html import read_html

        return read_html
    if fmt == "json":
        from .jsonfmt import read_json

        return read_json
    if fmt == "md":
        from .markdown import read_markdown

        return read_markdown
    raise SourceError(f"unknown format {fmt!r}", hint=f"use one of auto, {', '.join(FORMATS)}")


def multi_reader_for(fmt: str) -> Callable[..., Reading]:
    if fmt == "feed":
        from .feed import read_feed

        return read_feed
    if fmt == "wordpress":
        from .wordpress import read_wordpress

        return read_wordpress
    if fmt == "ninjs":
        from .ninjs import read_ninjs

        return read_ninjs
    if fmt == "ans":
        from .ans import read_ans

        return read_ans
    raise SourceError(f"unknown format {fmt!r}", hint=f"use one of auto, {', '.join(FORMATS)}")


_NOT_BODY = ("headline", "standfirst", "caption")


def read_articles(text: str, *, fmt: str, origin: str) -> Reading:
    """The articles ``text`` holds as ``fmt``, and the items that are not articles.

    An item of a newsroom format with no body text (a headline, a summary or a caption
    only) is reported as skipped; a document with neither is an error.
    """
    if fmt not in MULTI_FORMATS:
        return Reading((read_article(text, fmt=fmt, origin=origin),))
    reading = multi_reader_for(fmt)(text, origin=origin)
    articles, skipped = [], list(reading.skipped)
    for i, article in enumerate(reading.articles):
        if any(s.included and s.kind not in _NOT_BODY for s in article.segments):
            articles.append(article)
        else:
            skipped.append(Skipped(f"article {i + 1}", article.title,
                                   "no body text (a headline, a summary or a caption only)",
                                   article.url))
    return Reading(tuple(articles), tuple(skipped))


def read_article(text: str, *, fmt: str, origin: str) -> RawArticle:
    """Run the reader for ``fmt`` over ``text``; an article with no segment is an error."""
    article = reader_for(fmt)(text, origin=origin)
    if not any(s.included for s in article.segments):
        raise SourceError(
            f"no article text found (read as {fmt})",
            path=origin,
            hint="check the file, or force the format with --format",
        )
    return article
