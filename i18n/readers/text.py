"""Reader for plain-text page scrapes.

A scrape is what copying a news page as text gives: a page-title line (the
site's name, perhaps an analytics word such as ``Quantcast``), the headline
again, a photo caption, the body in paragraphs separated by blank lines, then
whatever followed the article (appended notes, "Previous article" links).
Nothing is dropped: page furniture and text after the article's end become
excluded segments with their reason.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..article import (
    BODY,
    CAPTION,
    HEADLINE,
    REASON_AFTER_END,
    REASON_DUPLICATE_TITLE,
    REASON_NAVIGATION,
    REASON_TRACKING,
    STANDFIRST,
    RawSegment,
    normalize_text,
)
from . import RawArticle, plain_segment, same_text

# Words that analytics and tracking scripts leave at the top of a scraped page.
TRACKING_WORDS = (
    "Quantcast", "comScore", "Chartbeat", "Google Analytics", "Parse.ly", "Outbrain",
    "Taboola", "Nielsen", "Hotjar", "Facebook Pixel",
)
_TRACKING_RE = re.compile(
    r"^(?P<word>" + "|".join(re.escape(w) for w in TRACKING_WORDS) + r")\b\s*", re.IGNORECASE
)
_NAV_RE = re.compile(
    r"^\W*\d*\W*(previous|next|older|newer)\s+(article|post|story)", re.IGNORECASE
)
_TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ")
_BYLINE_RE = re.compile(r"^(by|par|por|von)\s+\S", re.IGNORECASE)
_SENTENCE_END = ".!?…\"”»’')"
_CAPTION_PREFIX_RE = re.compile(r"^(photo|image|picture|credit|crédit)\s*[:(]", re.IGNORECASE)
_STANDFIRST_MAX = 320
_CAPTION_MAX = 220


@dataclass(frozen=True)
class _Block:
    text: str
    gap_before: int  # blank lines before this block


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    gap = 0
    for line in text.splitlines():
        if not line.strip():
            gap += 1
            continue
        blocks.append(_Block(normalize_text(line), gap))
        gap = 0
    return blocks


def _split_title(line: str) -> tuple[str, str]:
    """``i24NEWS - Headline`` -> (site, title); no separator -> ("", line)."""
    for sep in _TITLE_SEPARATORS:
        if sep in line:
            left, right = line.split(sep, 1)
            # The site's name is the shorter side.
            if len(left) <= len(right):
                return left.strip(), right.strip()
            return right.strip(), left.strip()
    return "", line


def _looks_like_caption(text: str) -> bool:
    if _CAPTION_PREFIX_RE.match(text):
        return True
    return len(text) <= _CAPTION_MAX and not text.rstrip().endswith(tuple(_SENTENCE_END))


def read_text(text: str, *, origin: str = "") -> RawArticle:
    """Read a text scrape; see the module's docstring for the shape it expects."""
    blocks = _blocks(text)
    segments: list[RawSegment] = []
    site = title = author = ""
    index = 0

    # The page-title line: tracking word, site name, title.
    if blocks:
        first = blocks[0].text
        match = _TRACKING_RE.match(first)
        if match:
            segments.append(plain_segment("tracking", match.group("word"), False, REASON_TRACKING))
            first = first[match.end():].strip()
        site, title = _split_title(first)
        following = blocks[1].text if len(blocks) > 1 else ""
        if following and same_text(title, following):
            segments.append(plain_segment("page-title", first, False, REASON_DUPLICATE_TITLE))
            index = 1
        else:
            # The title line is the headline itself (site name, if any, kept as metadata).
            blocks[0] = _Block(title, blocks[0].gap_before)
        segments.append(plain_segment(HEADLINE, blocks[index].text))
        title = blocks[index].text
        index += 1

    # Between the headline and the body: byline, captions, a standfirst.
    body_started = False
    typical_gap = _typical_gap(blocks[index:])
    ended = False
    for block in blocks[index:]:
        line = block.text
        if _NAV_RE.match(line):
            segments.append(plain_segment("navigation", line, False, REASON_NAVIGATION))
            continue
        if body_started and not ended and block.gap_before >= 2 and block.gap_before > typical_gap:
            ended = True
        if ended:
            segments.append(plain_segment(BODY, line, False, REASON_AFTER_END))
            continue
        if not body_started:
            if _BYLINE_RE.match(line) and len(line) < 80:
                author = line.split(None, 1)[1].strip()
                segments.append(plain_segment("byline", line))
                continue
            if _looks_like_caption(line):
                segments.append(plain_segment(CAPTION, line))
                continue
            if (
                not any(s.kind == STANDFIRST for s in segments)
                and not any(s.kind == CAPTION for s in segments)
                and len(line) <= _STANDFIRST_MAX
                and block.gap_before >= 1
                and _next_is_longer(blocks, block)
            ):
                segments.append(plain_segment(STANDFIRST, line))
                continue
            body_started = True
        segments.append(plain_segment(BODY, line))
    return RawArticle(segments=tuple(segments), title=title, site=site, author=author)


def _typical_gap(blocks: list[_Block]) -> int:
    gaps = Counter(b.gap_before for b in blocks[1:])
    return gaps.most_common(1)[0][0] if gaps else 1


def _next_is_longer(blocks: list[_Block], block: _Block) -> bool:
    """A standfirst is a short paragraph followed by longer running text."""
    position = blocks.index(block)
    rest = [b.text for b in blocks[position + 1 : position + 4]]
    return bool(rest) and sum(len(r) for r in rest) / len(rest) > 1.5 * len(block.text)
