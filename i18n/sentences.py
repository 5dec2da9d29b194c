"""Sentence splitting per language, for engines that translate sentence by sentence.

sentencex (Wikimedia's rule-based splitter, abbreviation lists for many
languages) does the work; a punctuation regex is the fallback when it is not
installed or fails on a text.
"""

from __future__ import annotations

import re

_BOUNDARY = re.compile(
    r"[.!?…。！？]+[\"'”’»)\]]*(\s+)(?=[\"'“‘«(\[]?[A-Z0-9À-ÖØ-Þ\u0400-\u042F\u0590-\u06FF])"
)


def split_regex(text: str) -> list[str]:
    """The fallback: split after ., ! or ? (and closing quotes) followed by a capital or digit."""
    parts, start = [], 0
    for match in _BOUNDARY.finditer(text):
        parts.append(text[start:match.start(1)])
        start = match.end(1)
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def split_sentences(text: str, lang: str) -> list[str]:
    """The sentences of ``text`` (stripped, none empty); one sentence when there is no boundary."""
    text = text.strip()
    if not text:
        return []
    try:
        from sentencex import segment

        parts = [s.strip() for s in segment(lang, text)]
    except Exception:  # sentencex missing, or no rules for the language
        parts = split_regex(text)
    return [p for p in parts if p] or [text]


def join_sentences(sentences: list[str], lang: str) -> str:
    """Sentences back into one text; no spaces between sentences in Chinese and Japanese."""
    sep = "" if lang in ("zh", "ja") else " "
    return sep.join(s.strip() for s in sentences if s.strip())
