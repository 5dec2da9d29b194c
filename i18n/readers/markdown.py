"""Reader for Markdown articles, on markdown-it-py's CommonMark token stream.

* Optional YAML front matter between ``---`` lines: ``title``, ``author``,
  ``date``, ``lang``, ``url``, ``site`` and ``standfirst`` (or
  ``description``/``summary``); other keys are ignored.
* The first level-1 heading (``# `` or a ``===`` underlined line) is the
  headline; without one, the front matter's ``title`` is.
* The first block after the headline is the standfirst when it is a paragraph
  wholly in italics (``*…*`` or ``_…_``), or a ``> `` block that is not a
  quotation (does not open with a quotation mark). Other ``> `` blocks are
  quotes.
* Other headings are subheadings; list items and paragraphs are body text.
* An image ``![alt](src "title")`` starting a paragraph gets its caption from
  an italic line right below it (or an italic paragraph right after it), else
  from its title, else its alt text; the ``src`` is kept with the caption.
* Code blocks and raw HTML blocks are kept as excluded segments.

Segment text is inline text (see :mod:`presslate.i18n.inline`): links
(``[the report](https://…)`` reads ``<a1>the report</a1>``, the target kept in
the segment's ``attrs``), emphasis (``*…*`` ``<em>``, ``**…**`` ``<strong>``),
hard line breaks (``<br/>``) and the inline HTML tags ``<em>``, ``<strong>``,
``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<br>``, ``<a href>`` are kept; other
inline HTML tags and code ticks are removed. An image's alt text is a segment of
its own (``alt``) before its caption.
markdown-it-py parses in time linear in the input, and so does this reader.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..article import ALT, BODY, CAPTION, HEADLINE, STANDFIRST, RawSegment, normalize_text
from ..errors import SourceError
from ..inline import Inline, escape, tidy
from . import RawArticle

if TYPE_CHECKING:
    from markdown_it.token import Token

SUBHEADING = "subheading"
QUOTE = "quote"
REASON_CODE = "code block (not translated)"
REASON_HTML = "raw HTML block"

_FRONT_KEYS = ("title", "author", "date", "published", "lang", "language", "url", "site",
               "standfirst", "description", "summary")
_QUOTE_OPENERS = ("\"", "“", "«", "„", "‘", "'", "‹", "—", "–")
_CAPTION_MAX = 300  # an italic paragraph after an image longer than this is no caption


def read_markdown(text: str, *, origin: str = "") -> RawArticle:
    """Read a Markdown article; see the module's docstring."""
    front, body = _front_matter(text, origin)
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(body)
    walker = _Walker()
    walker.walk(tokens)
    segments = walker.segments
    headline = walker.headline

    if not headline and front.get("title"):
        headline = normalize_text(front["title"])
        segments.insert(0, RawSegment(HEADLINE, escape(headline)))
    standfirst = front.get("standfirst") or front.get("description") or front.get("summary")
    if standfirst and not any(s.kind == STANDFIRST for s in segments):
        at = 1 if segments and segments[0].kind == HEADLINE else 0
        segments.insert(at, RawSegment(STANDFIRST, escape(normalize_text(standfirst))))
    if not headline:
        raise SourceError("no headline in this Markdown file (no '# ' heading and no title)",
                          path=origin or None,
                          hint="start the article with '# Headline', or add 'title:' front matter")
    return RawArticle(
        segments=tuple(s for s in segments if s.text),
        title=headline,
        site=front.get("site", ""),
        url=front.get("url", ""),
        author=front.get("author", ""),
        published=front.get("date") or front.get("published", ""),
        lang=front.get("lang") or front.get("language", ""),
    )


class _Walker:
    """Turns the block tokens into segments, in order."""

    def __init__(self) -> None:
        self.segments: list[RawSegment] = []
        self.headline = ""
        self.standfirst_open = False  # the next block may be the standfirst
        self.pending_image: dict[str, str] | None = None  # waiting for an italic paragraph
        self.pending_caption = ""  # its title or alt, if none comes

    def walk(self, tokens: Sequence[Token]) -> None:
        quote_depth = list_depth = 0
        heading = 0  # the level of the heading being read
        for token in tokens:
            kind = token.type
            if kind == "blockquote_open":
                quote_depth += 1
            elif kind == "blockquote_close":
                quote_depth -= 1
                if quote_depth == 0:
                    self.standfirst_open = False
            elif kind in ("bullet_list_open", "ordered_list_open"):
                list_depth += 1
            elif kind in ("bullet_list_close", "ordered_list_close"):
                list_depth -= 1
            elif kind == "heading_open":
                heading = int(token.tag[1:])
            elif kind == "heading_close":
                heading = 0
            elif kind in ("fence", "code_block"):
                self.block(RawSegment("code", token.content.rstrip("\n"), False, REASON_CODE))
            elif kind == "html_block":
                plain = normalize_text(strip_tags(token.content))
                if plain:
                    self.block(RawSegment("html", plain, False, REASON_HTML))
            elif kind == "inline":
                children = token.children or []
                if quote_depth:
                    self.quote(children)
                elif heading:
                    self.heading(heading, children)
                elif list_depth:
                    self.block(_segment(BODY, children))
                else:
                    self.paragraph(children)
        self.flush_image()

    def block(self, segment: RawSegment) -> None:
        self.flush_image()
        self.segments.append(segment)
        self.standfirst_open = False

    def heading(self, level: int, children: Sequence[Token]) -> None:
        if level == 1 and not self.headline:
            self.block(_segment(HEADLINE, children))
            self.headline = plain_text(children)
            self.standfirst_open = True
        else:
            self.block(_segment(SUBHEADING, children))

    def quote(self, children: Sequence[Token]) -> None:
        """A paragraph of a ``>`` block: the standfirst right after the headline, unless it
        opens with a quotation mark."""
        plain = plain_text(children)
        kind = STANDFIRST if self.standfirst_open and not plain.startswith(_QUOTE_OPENERS) else QUOTE
        self.block(_segment(kind, children))

    def paragraph(self, children: Sequence[Token]) -> None:
        lines = _lines(children)
        start = 0
        # Images alone on the paragraph's first lines, each with an italic line below or not.
        while start < len(lines) and _lone_image(lines[start]) is not None:
            image = _lone_image(lines[start])
            assert image is not None
            self.flush_image()
            self.standfirst_open = False
            attrs = {"src": str(image.attrs.get("src", ""))}
            alt = plain_text(image.children or [])
            if alt:
                attrs["alt"] = alt
                self.segments.append(RawSegment(ALT, escape(alt), attrs={"src": attrs["src"]}))
            start += 1
            if start < len(lines) and _wholly_italic(lines[start]):
                self.segments.append(_segment(CAPTION, lines[start][1:-1], attrs))
                start += 1
            else:
                self.pending_image = attrs
                self.pending_caption = escape(normalize_text(str(image.attrs.get("title") or "")) or alt)
        rest = _after_lines(children, start)
        if not rest:
            return
        plain = plain_text(rest)
        italic = _wholly_italic(rest)
        if self.pending_image is not None and italic and len(plain) <= _CAPTION_MAX:
            self.segments.append(_segment(CAPTION, rest[1:-1], self.pending_image))
            self.pending_image = None
            return
        if self.standfirst_open and italic:
            self.block(_segment(STANDFIRST, rest[1:-1]))
        else:
            self.block(_segment(BODY, rest))

    def flush_image(self) -> None:
        if self.pending_image is not None:
            if self.pending_caption:
                self.segments.append(RawSegment(CAPTION, self.pending_caption,
                                                attrs=self.pending_image))
            self.pending_image = None


def _lines(children: Sequence[Token]) -> list[list[Token]]:
    """An inline token's children split at its line breaks."""
    lines: list[list[Token]] = [[]]
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            lines.append([])
        else:
            lines[-1].append(child)
    return [line for line in lines if line]


def _after_lines(children: Sequence[Token], count: int) -> list[Token]:
    """``children`` after their first ``count`` non-empty lines (and the break ending them),
    line breaks kept as they are (a hard break is a ``<br/>``)."""
    if count == 0:
        return list(children)
    seen = 0
    filled = False
    for i, child in enumerate(children):
        if child.type in ("softbreak", "hardbreak"):
            if filled:
                seen += 1
                filled = False
                if seen == count:
                    return list(children[i + 1:])
        else:
            filled = True
    return []


def _join(lines: list[list[Token]]) -> list[list[Token]]:
    """Lines back into one run of tokens, with a break between them."""
    from markdown_it.token import Token

    out: list[list[Token]] = []
    for i, line in enumerate(lines):
        out.append(line if i == 0 else [Token("softbreak", "br", 0), *line])
    return out


def _lone_image(line: list[Token]) -> Token | None:
    significant = [t for t in line if not (t.type == "text" and not t.content.strip())]
    if len(significant) == 1 and significant[0].type == "image":
        return significant[0]
    return None


def _wholly_italic(tokens: Sequence[Token]) -> bool:
    """``*…*`` or ``_…_`` around the whole run (not ``**bold**``)."""
    if len(tokens) < 3 or tokens[0].type != "em_open" or tokens[-1].type != "em_close":
        return False
    depth = 0
    for token in tokens[:-1]:
        depth += {"em_open": 1, "em_close": -1}.get(token.type, 0)
        if depth == 0:
            return False  # the first emphasis closes before the end
    return True


def _segment(kind: str, tokens: Sequence[Token], attrs: dict[str, str] | None = None) -> RawSegment:
    inline = inline_text(tokens)
    return RawSegment(kind, inline.text, attrs={**inline.links, **(attrs or {})})


_HTML_INLINE = re.compile(r'^<(/?)(em|strong|i|b|sup|sub)\s*>$|^<br\s*/?>$|^<a\s[^>]*?href="([^"]*)"[^>]*>$'
                          r"|^</a\s*>$", re.IGNORECASE)


def inline_text(tokens: Sequence[Token]) -> Inline:
    """Inline tokens to inline text: words, links (targets apart), emphasis, line breaks."""
    parts: list[str] = []
    links: dict[str, str] = {}
    open_links: list[str] = []

    def link_open(href: str) -> None:
        name = f"a{len(links) + 1}"
        links[name] = href
        open_links.append(name)
        parts.append(f"<{name}>")

    def link_close() -> None:
        if open_links:
            parts.append(f"</{open_links.pop()}>")

    def visit(token: Token) -> None:
        kind = token.type
        if kind in ("text", "code_inline"):
            parts.append(escape(token.content))
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("<br/>")
        elif kind in ("em_open", "em_close", "strong_open", "strong_close"):
            name = "em" if kind.startswith("em") else "strong"
            parts.append(f"</{name}>" if kind.endswith("close") else f"<{name}>")
        elif kind == "link_open":
            link_open(str(token.attrs.get("href", "")))
        elif kind == "link_close":
            link_close()
        elif kind == "image":
            parts.append(escape(plain_text(token.children or [])))
        elif kind == "html_inline":
            match = _HTML_INLINE.match(token.content.strip())
            if match is None:
                return  # another tag: its text (if any) is read, not the tag
            whole = match.group(0).lower()
            if match.group(2):
                parts.append(f"<{match.group(1)}{match.group(2).lower()}>")
            elif whole.startswith("<br"):
                parts.append("<br/>")
            elif whole.startswith("</a"):
                link_close()
            else:
                link_open(html.unescape(match.group(3) or ""))

    for token in tokens:
        visit(token)
    while open_links:
        link_close()
    return tidy(Inline("".join(parts), links))


def plain_text(tokens: Sequence[Token]) -> str:
    """Inline tokens to plain text: the words, without markup or link targets."""
    parts: list[str] = []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "image":
            parts.append(plain_text(token.children or []))
    return normalize_text("".join(parts))


def strip_tags(html: str) -> str:
    """The text of an HTML fragment: tags and comments removed, in one pass."""
    out: list[str] = []
    i, end = 0, len(html)
    while i < end:
        lt = html.find("<", i)
        if lt < 0:
            out.append(html[i:])
            break
        out.append(html[i:lt])
        close = "-->" if html.startswith("<!--", lt) else ">"
        gt = html.find(close, lt + 1)
        if gt < 0:
            break  # an unclosed tag or comment runs to the end: no text in it
        out.append(" ")
        i = gt + len(close)
    return "".join(out)


def _front_matter(text: str, origin: str) -> tuple[dict[str, str], str]:
    """YAML between a first ``---`` line and the next ``---`` (or ``...``) line."""
    first, newline, rest = text.partition("\n")
    if first.strip() != "---" or not newline:
        if first.strip() == "---":
            raise _unclosed(origin)
        return {}, text
    lines = rest.split("\n")
    end = next((i for i, line in enumerate(lines) if line.strip() in ("---", "...")), None)
    if end is None:
        raise _unclosed(origin)
    import yaml

    try:
        data = yaml.safe_load("\n".join(lines[:end]))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise SourceError(f"the front matter is not 'key: value' YAML: {exc.problem}",
                          path=origin or None, line=mark.line + 2 if mark else None,
                          hint="write one 'key: value' a line; quote values holding ': '") from exc
    except (yaml.YAMLError, RecursionError) as exc:
        problem = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise SourceError(f"the front matter is not 'key: value' YAML: {problem}",
                          path=origin or None, line=1, hint="write one 'key: value' a line") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError("the front matter is not 'key: value' lines", path=origin or None, line=2,
                          hint="write one 'key: value' a line")
    front = {}
    for key, value in data.items():
        name = str(key).strip().lower()
        if name in _FRONT_KEYS and value is not None:
            front[name] = _scalar(value, name, origin)
    return front, "\n".join(lines[end + 1:])


def _scalar(value: Any, key: str, origin: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float | datetime.date):
        raise SourceError(f"front matter {key!r}: expected text, got {type(value).__name__}",
                          path=origin or None, hint=f"write '{key}: text' on one line")
    return str(value).strip()


def _unclosed(origin: str) -> SourceError:
    return SourceError("the front matter opened by '---' on line 1 is never closed",
                       path=origin or None, line=1, hint="close it with a '---' line")
