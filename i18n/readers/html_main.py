"""Which text of an HTML page is the article's: trafilatura's main text, and where it lies.

trafilatura (a library made for main-text extraction) reads the page and
returns the article's text blocks. The reader walks the page's own elements and
asks :class:`MainText` of each block of running text whether trafilatura kept
it, in page order (a block trafilatura split or joined is found inside its text
near the previous match), so the page's markup, captions, standfirst and the
furniture it left out stay available to the reader. The article's container is
then the smallest element holding nine tenths of that text, widened to its
``<article>`` or to the ``<h1>``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# A block not found whole in trafilatura's text is looked for this far past the last match.
_WINDOW = 3000
# A block shorter than this (letters and digits) must match one of trafilatura's whole.
_MIN_PART = 20


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def is_running_text(text: str) -> bool:
    """A sentence or more: 60 characters (20 in Chinese, Japanese or Korean) ending as a
    sentence ends."""
    long_enough = len(text) >= (20 if _CJK.search(text) else 60)
    return long_enough and text.rstrip().endswith(
        (".", "!", "?", "…", '"', "”", "»", "'", "。", "！", "？", "」", "』", "؟", "»"))


def squeeze(text: str) -> str:
    """Letters and digits only, composed (NFC) and case-folded: the same text whatever its
    spacing, punctuation, markup and Unicode form."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFC", text)).casefold()


@dataclass
class MainText:
    """trafilatura's main text of a page: its blocks' keys and the whole, in order."""

    keys: dict[str, list[int]]  # a block's squeezed text -> where it starts in ``joined``
    joined: str
    cursor: int = 0
    # (element, length) of each block taken; of sentences only in ``running``.
    hits: list[tuple[Any, int]] = field(default_factory=list)
    running: list[tuple[Any, int]] = field(default_factory=list)

    @property
    def length(self) -> int:
        return len(self.joined)

    def restart(self) -> None:
        self.cursor = 0
        self.hits = []
        self.running = []

    def takes(self, text: str, node: Any = None) -> bool:
        """Whether ``text`` (the next block in page order) is part of the main text."""
        key = squeeze(text)
        if not key:
            return False
        starts = self.keys.get(key)
        if starts:
            after = [s for s in starts if s >= self.cursor]
            self.cursor = max(self.cursor, (after[0] if after else starts[0]) + len(key))
        elif len(key) >= _MIN_PART:
            found = self.joined.find(key, self.cursor, self.cursor + len(key) + _WINDOW)
            if found < 0:
                return False
            self.cursor = found + len(key)
        else:
            return False
        if node is not None:
            self.hits.append((node, len(key)))
            if is_running_text(text):
                self.running.append((node, len(key)))
        return True

    def holds_most(self, node_text: str) -> bool:
        """Whether an element's text holds at least half of the main text (a wrapper such as
        ``<div class="article-body read-more">`` or ``<body class="has-sidebar">``)."""
        key = squeeze(node_text)
        if len(key) * 2 < self.length:
            return False
        held = sum(len(k) * len(starts) for k, starts in self.keys.items() if k in key)
        return held * 2 >= self.length


def find_main_text(doc: Any) -> MainText | None:
    """trafilatura's main text of the parsed page ``doc``, or ``None`` when it finds none."""
    import trafilatura

    # include_links: without it trafilatura strips links in time quadratic in their number
    # within one paragraph (8,000 links: 6 s); the text it keeps is the same.
    result = trafilatura.bare_extraction(doc, include_comments=False, include_tables=True,
                                         include_links=True)
    if result is None or isinstance(result, dict) or result.body is None:
        return None
    keys: dict[str, list[int]] = {}
    parts: list[str] = []
    size = 0
    for element in result.body.iter("p", "head", "item", "cell", "code", "quote"):
        if element.tag == "quote" and element.find(".//p") is not None:
            continue  # its paragraphs are blocks of their own
        key = squeeze(" ".join(element.itertext()))
        if not key:
            continue
        keys.setdefault(key, []).append(size)
        parts.append(key)
        size += len(key)
    if not parts:
        return None
    return MainText(keys=keys, joined="".join(parts))


def container_of(hits: Iterable[tuple[Any, int]], body: Any, title: str) -> Any:
    """The deepest element holding nine tenths of the main text's length (``hits``: its
    sentences, so that short lines trafilatura also kept, such as the menu of a page laid
    out in a table, do not widen it to the whole page), widened to the
    ``<article>`` around it, and to the headline's ``<h1>`` (one whose text is in the page's
    ``title``) when that lies outside it."""
    weight: dict[Any, int] = {}
    total = 0
    for node, length in hits:
        total += length
        current = node
        while current is not None:
            weight[current] = weight.get(current, 0) + length
            if current is body:
                break
            current = current.getparent()
    if not total:
        return None
    node = body
    while True:
        heavier = [child for child in node if weight.get(child, 0) * 10 >= total * 9]
        if not heavier:
            break
        node = heavier[0]
    article = next((a for a in node.iterancestors("article")), None)
    if article is not None:
        node = article
    elif node.tag in ("p", "li", "blockquote", "h2", "h3", "h4", "h5", "h6") and node is not body:
        node = node.getparent()  # one paragraph: the element around it holds its article
    h1 = node.find(".//h1")
    if h1 is None:
        wanted = squeeze(title)
        h1 = next((h for h in body.iter("h1") if squeeze(h.text_content())
                   and (not wanted or squeeze(h.text_content()) in wanted)), None)
        if h1 is not None:
            ancestors = set(h1.iterancestors())
            while node is not body and node not in ancestors:
                node = node.getparent()
    return node
