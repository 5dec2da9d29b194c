"""Inline text (see :mod:`presslate.i18n.inline`) handed to an engine and back, with the facts
placeholders of :mod:`presslate.i18n.glossary`.

A text is translated whole: the words inside a link are translated with their sentence.

- An engine that reads HTML (Apertium, ``translate_html``) gets the text as an HTML
  fragment: the tags as tags (``<a1>``, ``<em>``, ``<br/>``), the words
  HTML-escaped, glossary terms and facts as ``[[n]]`` placeholders. Apertium carries
  the tags with the words (wordbound blanks), else keeps them as format.
- Any other engine (Argos on CTranslate2) gets plain words: each tag becomes one
  more ``[[n]]`` placeholder of the same mechanism, so the tags travel with the
  words the model moves them with, and a tag the model drops is counted as a lost
  placeholder (the text is then translated once more, facts unmasked, tags still
  held) and reported by QA as a missing tag.

Text without markup goes to every engine exactly as before.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..glossary import Term
from ..inline import escape, parse
from ..masking import Masked, mask, unmask

# Private-use characters stand for the tags while the facts are masked (no digit, no word).
_MARK = "\ue000"
_MARK_RE = re.compile(_MARK + r"([\ue100-\ue8ff])")
_HTML_TAG_RE = re.compile(r"(<[^<>]*>)")


@dataclass(frozen=True)
class Prepared:
    """What an engine gets for one text, and what is needed to read its output back."""

    text: str  # the engine's input
    masked: Masked  # the placeholders' values (facts escaped as inline text, tags as written)
    html: bool  # the input is an HTML fragment (for ``translate_html``)
    tagged: bool = False  # the text has markup (held as placeholders when not ``html``)


def _tag(token_kind: str, name: str) -> str:
    return "<br/>" if token_kind == "br" else f"<{'/' if token_kind == 'close' else ''}{name}>"


def prepare(text: str, terms: Sequence[Term], *, source: str, target: str, html_engine: bool,
            facts: bool = True) -> Prepared:
    """``text`` (inline text) as an engine's input; ``facts``: mask glossary terms and facts."""
    tokens = parse(text)
    tags: list[str] = []
    pieces = []
    for token in tokens:
        if token.kind == "text":
            pieces.append(token.value.replace(_MARK, ""))
        else:
            tags.append(_tag(token.kind, token.value))
            pieces.append(_MARK + chr(0xE100 + len(tags) - 1))
    plain = "".join(pieces)
    if not tags:
        masked = mask(text, terms, source=source, target=target) if facts else Masked(text, ())
        return Prepared(masked.text, masked, False)
    held = mask(plain, terms, source=source, target=target) if facts else Masked(plain, ())
    values = [escape(v) for v in held.values]
    if html_engine:
        out = []
        for part in _MARK_RE.split(held.text):
            if len(part) == 1 and 0xE100 <= ord(part) <= 0xE8FF:
                out.append(tags[ord(part) - 0xE100])
            else:
                out.append(html.escape(part, quote=False))
        return Prepared("".join(out), Masked("".join(out), tuple(values), held.tokens), True,
                        tagged=True)

    def hold(match: re.Match[str]) -> str:
        values.append(tags[ord(match.group(1)) - 0xE100])
        return f"[[{len(values)}]]"

    engine_text = _MARK_RE.sub(hold, held.text)
    # the facts' digit tokens kept; the tags' placeholders come after them
    return Prepared(engine_text, Masked(engine_text, tuple(values), held.tokens), False, tagged=True)


def restore(output: str, prepared: Prepared) -> tuple[str, int]:
    """An engine's output as inline text; returns it and how many placeholders were lost."""
    if prepared.html:
        parts = []
        for piece in _HTML_TAG_RE.split(output):
            if piece.startswith("<") and piece.endswith(">"):
                found = parse(re.sub(r"^<br\s*/?>$", "<br/>", piece))
                parts.append(piece if found and found[0].kind != "text" else escape(piece))
            else:
                parts.append(escape(html.unescape(piece)))
        text = "".join(parts)
    elif prepared.tagged:
        text = "".join(part if re.fullmatch(r"\[\[\s*\d+\s*\]\]", part) else escape(part)
                       for part in re.split(r"(\[\[\s*\d+\s*\]\])", output))
    else:  # no markup: exactly the facts' placeholders
        return unmask(output, prepared.masked)
    restored, lost = unmask(text, prepared.masked)
    restored = re.sub(r"\s+(</[a-z0-9]+>)", r"\1 ", restored)  # "mot </em>" -> "mot</em> "
    restored = re.sub(r"(<(?:em|strong|i|b|sup|sub|a\d+)>)\s+", r" \1", restored)
    restored = re.sub(r"\s*<br/>\s*", "<br/>", restored)
    return re.sub(r"[ \t]{2,}", " ", restored).strip(), lost
