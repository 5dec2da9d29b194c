"""Inline markup of a segment: links, emphasis, line breaks, superscripts and subscripts.

A segment's text (and so its catalog ``msgid``) is *inline text*: its words with
short paired tags, the way Weblate and Okapi show inline codes::

    Read <a1>the report</a1>, <em>now</em>.<br/>Next line

- ``<em>``, ``<strong>``, ``<i>``, ``<b>``, ``<sup>``, ``<sub>`` stand for
  themselves (they have no attributes);
- ``<a1>`` … ``<aN>`` are the segment's links, numbered in order; each link's
  target is kept in the article's record (the segment's ``attrs``, key ``a1``),
  so URLs stay out of the translator's way. A translator who means to localize a
  link writes ``<a1 href="https://…">``: the export uses that target and QA
  reports the change;
- ``<br/>`` is a line break;
- a literal ``<`` is written ``&lt;``, and an ``&`` that would read as one of
  ``&lt;``, ``&gt;``, ``&amp;`` is written ``&amp;`` (any other ``&`` stays as
  it is). Text without markup is unchanged, so plain segments keep their text.

This module turns a standard-HTML lxml element into inline text
(:func:`from_element`), parses inline text (:func:`parse`, lenient: what is not
a known tag is text), renders it as HTML, Markdown or plain text, and lists what
is wrong with a translation's tags (:func:`tag_problems`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

PAIRED = ("em", "strong", "i", "b", "sup", "sub")
BREAK = "<br/>"
_ALIASES = {"cite": "i", "var": "i", "dfn": "i"}  # read as the tag they look like
# Elements whose text is not read (as the HTML reader skips them).
_INVISIBLE = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object",
              "button", "input", "select", "textarea", "link", "meta"}
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "figcaption", "li",
           "ul", "ol", "dl", "dt", "dd", "div", "section", "article", "header", "footer", "aside",
           "nav", "main", "table", "tr", "td", "th", "pre", "form", "address", "hr"}

_NAME = r"(?:em|strong|i|b|sup|sub|a[1-9]\d*)"
_TOKEN_RE = re.compile(
    rf'<(?P<close>/)?(?P<name>{_NAME})(?:\s+href="(?P<href>[^"<>]*)")?\s*>'
    r"|(?P<br><br\s*/?>)|&(?P<ent>lt|gt|amp);")
# Something that starts like a tag of ours but is not one (``<em``, ``</a1 >x``, ``<a1 href=x>``).
_BROKEN_RE = re.compile(rf"</?\s*(?:{_NAME}|br)\b[^<>]*>?", re.IGNORECASE)
_LINK_RE = re.compile(r"^a[1-9]\d*$")


def _unescape(text: str) -> str:
    """``html.unescape`` (the module, with its table of entities, is imported when first used:
    a ``check`` of catalogs without links never needs it)."""
    import html

    return html.unescape(text)


def _escape(text: str) -> str:
    import html

    return html.escape(text)


@dataclass(frozen=True)
class Token:
    """A piece of inline text: ``text``, an ``open`` or ``close`` tag, or a ``br``."""

    kind: str  # text | open | close | br
    value: str  # the text, or the tag's name (em, a1, ...)
    href: str | None = None  # a link's target written in the text itself


@dataclass(frozen=True)
class Inline:
    """Inline text and the targets of its links (``{"a1": "https://…"}``)."""

    text: str
    links: Mapping[str, str]


def escape(text: str) -> str:
    """Plain text as inline text: ``<`` and an entity-like ``&`` escaped."""
    return re.sub(r"&(?=(?:lt|gt|amp);)", "&amp;", text).replace("<", "&lt;")


def parse(text: str) -> list[Token]:
    """``text`` as tokens, in order; anything that is not a tag of ours is text."""
    tokens: list[Token] = []
    at = 0
    pending: list[str] = []

    def flush() -> None:
        if pending:
            tokens.append(Token("text", "".join(pending)))
            pending.clear()

    for match in _TOKEN_RE.finditer(text):
        pending.append(text[at:match.start()])
        at = match.end()
        if match.group("ent"):
            pending.append({"lt": "<", "gt": ">", "amp": "&"}[match.group("ent")])
            continue
        flush()
        if match.group("br"):
            tokens.append(Token("br", "br"))
        elif match.group("close"):
            tokens.append(Token("close", match.group("name")))
        else:
            tokens.append(Token("open", match.group("name"), match.group("href")))
    pending.append(text[at:])
    flush()
    return [t for t in tokens if t.kind != "text" or t.value]


def has_markup(text: str) -> bool:
    """True when ``text`` holds a tag of ours (an escaped ``&lt;`` is not one)."""
    return any(t.kind != "text" for t in parse(text))


def plain_text(text: str, *, line_break: str = " ") -> str:
    """The words of inline text: tags dropped, ``&lt;`` decoded, ``<br/>`` as ``line_break``."""
    return "".join(t.value if t.kind == "text" else line_break if t.kind == "br" else ""
                   for t in parse(text))


def without_tags(text: str) -> str:
    """``text`` with the tags of ours removed (character references kept as written)."""
    return _TOKEN_RE.sub(lambda m: m.group(0) if m.group("ent") else "", text)


def links_of(attrs: Mapping[str, str]) -> dict[str, str]:
    """The link targets among a segment's attributes (keys ``a1``, ``a2``, …)."""
    return {k: v for k, v in attrs.items() if _LINK_RE.match(k)}


def element_names(text: str) -> Counter[str]:
    """How many of each element ``text`` holds (opening tags and ``br``)."""
    return Counter(t.value for t in parse(text) if t.kind in ("open", "br"))


# -- reading HTML ------------------------------------------------------------------------------


def from_element(element: Any) -> Inline:
    """The inline text of a standard-HTML lxml element (its content, not the element itself):
    ``<a href>`` (links), ``<em>``, ``<strong>``, ``<i>``, ``<b>``, ``<sup>``, ``<sub>`` and
    ``<br>`` kept; other elements give their text (a block child is set apart by spaces);
    scripts and the like give none. Whitespace is normalised; empty elements are dropped."""
    return from_nodes(element.text or "", list(element))


def from_nodes(text: str, nodes: list[Any]) -> Inline:
    """The inline text of ``text`` followed by ``nodes`` (lxml elements, each with its tail):
    a run of running text between blocks. See :func:`from_element`."""
    parts: list[str] = [escape(text)]
    links: dict[str, str] = {}

    def visit(el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag and tag not in _INVISIBLE:
            name = _ALIASES.get(tag, tag)
            if name == "br":
                parts.append(BREAK)
            else:
                href = (el.get("href") or "").strip() if name == "a" else ""
                if name == "a" and href:
                    name = f"a{len(links) + 1}"
                    links[name] = href
                paired = name in PAIRED or name in links
                block = tag in _BLOCKS
                parts.append(f"<{name}>" if paired else " " if block else "")
                parts.append(escape(el.text or ""))
                for child in el:
                    visit(child)
                parts.append(f"</{name}>" if paired else " " if block else "")
        if el.tail:
            parts.append(escape(el.tail))

    for node in nodes:
        visit(node)
    return tidy(Inline("".join(parts), links))


def tidy(inline: Inline) -> Inline:
    """Whitespace normalised (as :func:`~presslate.i18n.article.normalize_text`), spaces moved
    out of elements, empty elements and line breaks at either end dropped, links renumbered in
    order and unused ones forgotten. One pass over the tokens: linear in the text."""
    from .article import normalize_text

    out: list[Token] = []
    run_start = 0  # where the opening tags at the end of ``out`` begin
    for token in parse(inline.text):
        if token.kind == "open":
            if not out or out[-1].kind != "open":
                run_start = len(out)
            out.append(token)
        elif token.kind == "close":
            if out and out[-1].kind == "text" and out[-1].value[-1:].isspace():
                # "<em>word </em>" -> "<em>word</em> "
                stripped = out[-1].value.rstrip()
                space = out.pop().value[len(stripped):]
                if stripped:
                    out.append(Token("text", stripped))
                _close(out, token)
                out.append(Token("text", space))
            else:
                _close(out, token)
        elif token.kind == "text" and out and out[-1].kind == "open" and token.value[:1].isspace():
            # "<em> word</em>" -> " <em>word</em>"
            stripped = token.value.lstrip()
            out.insert(run_start, Token("text", token.value[:len(token.value) - len(stripped)]))
            run_start += 1
            if stripped:
                out.append(Token("text", stripped))
        else:
            out.append(token)
    text = "".join(escape(t.value) if t.kind == "text" else BREAK if t.kind == "br"
                   else f"<{'/' if t.kind == 'close' else ''}{t.value}>" for t in out)
    text = re.sub(r"\s*<br/>\s*", BREAK, normalize_text(text))
    text = re.sub(r"^(?:<br/>)+|(?:<br/>)+$", "", text)
    return renumber(Inline(normalize_text(text), inline.links))


def _close(out: list[Token], token: Token) -> None:
    """Append a closing tag; an element left empty (``<em></em>``) is dropped instead."""
    if out and out[-1].kind == "open" and out[-1].value == token.value:
        out.pop()
    elif out and out[-1].kind == "text" and not out[-1].value.strip() and len(out) > 1 \
            and out[-2].kind == "open" and out[-2].value == token.value:
        space = out.pop()
        out.pop()
        out.append(space)
    else:
        out.append(token)


def renumber(inline: Inline) -> Inline:
    """Links numbered ``a1``, ``a2``, … in the order they open; targets of others dropped."""
    order: dict[str, str] = {}
    for token in parse(inline.text):
        if token.kind == "open" and _LINK_RE.match(token.value) and token.value not in order:
            order[token.value] = f"a{len(order) + 1}"
    if all(k == v for k, v in order.items()) and set(inline.links) == set(order):
        return inline
    temporary = {old: f"x{i}" for i, old in enumerate(order)}

    def rename(match: re.Match[str]) -> str:
        name = match.group("name")
        if name and name in order and (match.group("close") or match.group("href") is None):
            return f"<{'/' if match.group('close') else ''}{temporary[name]}>"
        return match.group(0)

    text = _TOKEN_RE.sub(rename, inline.text)
    for old, tmp in temporary.items():
        text = text.replace(f"<{tmp}>", f"<{order[old]}>").replace(f"</{tmp}>", f"</{order[old]}>")
    return Inline(text, {order[k]: v for k, v in inline.links.items() if k in order})


def split_paragraphs(inline: Inline) -> list[Inline]:
    """Inline text split where two line breaks in a row separate paragraphs (a CMS writing
    ``text<br><br>text``), outside any element; each part with its own links."""
    pieces: list[str] = []
    depth = 0
    start = 0
    tokens = list(_TOKEN_RE.finditer(inline.text))
    i = 0
    while i < len(tokens):
        match = tokens[i]
        if match.group("br") and depth == 0 and i + 1 < len(tokens) and tokens[i + 1].group("br") \
                and not inline.text[match.end():tokens[i + 1].start()].strip():
            pieces.append(inline.text[start:match.start()])
            while i + 1 < len(tokens) and tokens[i + 1].group("br") \
                    and not inline.text[tokens[i].end():tokens[i + 1].start()].strip():
                i += 1
            start = tokens[i].end()
        elif match.group("name"):
            depth += -1 if match.group("close") else 1
        i += 1
    pieces.append(inline.text[start:])
    out = [tidy(Inline(p, inline.links)) for p in pieces]
    return [p for p in out if p.text]


# -- checking a translation --------------------------------------------------------------------


def structure_problems(text: str) -> Iterator[str]:
    """What is wrong with the tags of ``text`` on its own: broken tags, a closing tag with no
    opening one, elements closed across another's nesting, elements left open."""
    for match in _BROKEN_RE.finditer(text):
        if not _TOKEN_RE.fullmatch(match.group(0)):
            yield f"broken tag {match.group(0)!r}"
    stack: list[str] = []
    depth: Counter[str] = Counter()
    for token in parse(text):
        if token.kind == "open":
            stack.append(token.value)
            depth[token.value] += 1
        elif token.kind == "close":
            if not depth[token.value]:
                yield f"</{token.value}> has no opening <{token.value}>"
                continue
            depth[token.value] -= 1
            if stack[-1] != token.value:
                yield (f"<{token.value}> and <{stack[-1]}> overlap: </{token.value}> closes inside "
                       f"<{stack[-1]}> (keep one element inside the other)")
                del stack[len(stack) - 1 - stack[::-1].index(token.value)]
            else:
                stack.pop()
    for name in stack:
        yield f"<{name}> is not closed"


def tag_problems(source: str, translation: str) -> Iterator[str]:
    """The tags of a translation against its source: missing, added, broken, badly nested."""
    src, dst = element_names(source), element_names(translation)
    for name in sorted(src - dst):
        count = src[name] - dst[name]
        yield f"missing tag {_shown(name)}" + (f" ({count} of {src[name]})" if src[name] > 1 else "")
    for name in sorted(dst - src):
        yield f"added tag {_shown(name)} (not in the source)"
    yield from structure_problems(translation)


def changed_links(source: str, translation: str, links: Mapping[str, str]) -> Iterator[str]:
    """Links whose target the translation sets itself (``<a1 href="…">``) to another URL."""
    del source
    for token in parse(translation):
        if token.kind == "open" and token.href is not None:
            old = links.get(token.value, "")
            if _unescape(token.href) != old:
                yield f"link <{token.value}> target changed: {old or '(none)'} → {token.href}"


def _shown(name: str) -> str:
    return BREAK if name == "br" else f"<{name}>"


# -- rendering ---------------------------------------------------------------------------------


def _balanced(tokens: list[Token]) -> Iterator[Token]:
    """Tokens with every element properly nested: a closing tag that does not close the
    innermost open element closes the ones inside it and reopens them after; a closing tag
    with nothing open is dropped; what is open at the end is closed."""
    stack: list[Token] = []
    depth: Counter[str] = Counter()  # open elements by name
    for token in tokens:
        if token.kind == "open":
            stack.append(token)
            depth[token.value] += 1
            yield token
        elif token.kind == "close":
            if not depth[token.value]:
                continue
            depth[token.value] -= 1
            reopen: list[Token] = []
            while stack[-1].value != token.value:
                inner = stack.pop()
                reopen.append(inner)
                yield Token("close", inner.value)
            stack.pop()
            yield token
            for inner in reversed(reopen):
                stack.append(inner)
                yield inner
            # the reopened ones were counted when first opened
        else:
            yield token
    for inner in reversed(stack):
        yield Token("close", inner.value)


def to_html(text: str, links: Mapping[str, str]) -> str:
    """Inline text as an HTML fragment: text escaped, elements well nested, links to safe
    targets only (a link whose target is unsafe or unknown keeps its words, not the link)."""
    from markupsafe import escape as markup_escape

    def render(nodes: tuple[_Node, ...] | list[_Node]) -> str:
        out = []
        for node in nodes:
            if node.kind == "text":
                out.append(str(markup_escape(node.value)))
            elif node.kind == "br":
                out.append("<br>")
            elif _LINK_RE.match(node.value):
                inner = render(node.children)
                out.append(f'<a href="{_escape(node.target)}">{inner}</a>' if node.target
                           else inner)
            else:
                out.append(f"<{node.value}>{render(node.children)}</{node.value}>")
        return "".join(out)

    return render(_tree(text, links))


_MD_DELIMITERS = {"em": "*", "i": "*", "strong": "**", "b": "**"}


@dataclass(frozen=True)
class _Node:
    """A piece of a segment's inline markup: text, a line break or an element."""

    kind: str  # text | br | element
    value: str  # the text, or the element's name
    target: str = ""  # a link's safe target ("" when it has none)
    children: tuple[_Node, ...] = ()


def _tree(text: str, links: Mapping[str, str]) -> list[_Node]:
    from .export.localize import safe_url

    stack: list[tuple[Token, list[_Node]]] = []
    top: list[_Node] = []
    for token in _balanced(parse(text)):
        current = stack[-1][1] if stack else top
        if token.kind == "text":
            current.append(_Node("text", token.value))
        elif token.kind == "br":
            current.append(_Node("br", "br"))
        elif token.kind == "open":
            stack.append((token, []))
        else:
            opened, children = stack.pop()
            target = ""
            if _LINK_RE.match(opened.value):
                href = _unescape(opened.href) if opened.href is not None \
                    else links.get(opened.value, "")
                target = safe_url(href)
            (stack[-1][1] if stack else top).append(
                _Node("element", opened.value, target, tuple(children)))
    return top


def to_markdown(text: str, links: Mapping[str, str], *,
                escape_text: Callable[[str], str], destination: Callable[[str], str]) -> str:
    """Inline text as CommonMark: emphasis as ``*``/``**`` where CommonMark reads it back so
    (else as inline HTML, which CommonMark keeps); links as ``[words](<url>)``; ``<br/>`` as
    a hard line break (a backslash at the end of the line); sup and sub as inline HTML."""
    def render(nodes: tuple[_Node, ...] | list[_Node]) -> str:
        pieces = [piece(node) for node in nodes]
        out = []
        for i, (node, text) in enumerate(zip(nodes, pieces, strict=True)):
            if node.kind == "element" and node.value in _MD_DELIMITERS and text.startswith("*"):
                before = pieces[i - 1][-1:] if i else ""
                after = pieces[i + 1][:1] if i + 1 < len(pieces) else ""
                if before in ("*", "\\") or before.isalnum() or after == "*" or after.isalnum():
                    text = f"<{node.value}>{render(node.children)}</{node.value}>"
            out.append(text)
        return "".join(out)

    def piece(node: _Node) -> str:
        if node.kind == "text":
            lead = " " if node.value[:1].isspace() else ""
            trail = " " if node.value[-1:].isspace() and node.value.strip() else ""
            return lead + escape_text(node.value) + trail
        if node.kind == "br":
            return "\\\n"
        inner = render(node.children)
        if _LINK_RE.match(node.value):
            return f"[{inner}]({destination(node.target)})" if node.target and inner else inner
        delimiter = _MD_DELIMITERS.get(node.value)
        if delimiter and inner[:1].isalnum() and inner[-1:].isalnum():
            return f"{delimiter}{inner}{delimiter}"
        return f"<{node.value}>{inner}</{node.value}>"

    return render(_tree(text, links)).strip(" ")


_HTML_HINT_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+\d*);")


def from_html(fragment: str) -> Inline:
    """The inline text of an HTML fragment (``Read <a href="…">this</a>``)."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return from_text(fragment)
    return from_element(root)


def from_text(text: str) -> Inline:
    """Plain text as inline text (normalised; no markup)."""
    from .article import normalize_text

    return Inline(escape(normalize_text(text)), {})


def from_text_or_html(value: str) -> Inline:
    """A string that may hold inline HTML (a CMS's paragraph): read as HTML when it holds a
    tag or a character reference, else as plain text."""
    return from_html(value) if _HTML_HINT_RE.search(value) else from_text(value)
