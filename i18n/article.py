"""The Article: metadata plus ordered segments, what every reader returns.

Segments carry their own language (a French caption in an English article is
French) and whether they are part of the article; an excluded segment keeps
the reason it was excluded and can be included by an editor.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from .errors import PresslateError

# Kinds every reader understands; readers may add others (byline, quote, ...).
HEADLINE = "headline"
STANDFIRST = "standfirst"
CAPTION = "caption"
BODY = "body"
ALT = "alt"  # an image's alt text (``attrs``: its ``src``), translated like any segment

# Reasons a segment is excluded, shown by `presslate show`.
REASON_TRACKING = "tracking or analytics word from the page scrape"
REASON_DUPLICATE_TITLE = "page title repeating the headline"
REASON_NAVIGATION = "page navigation (previous/next article links)"
REASON_AFTER_END = "text after the end of the article"
REASON_BOILERPLATE = "page furniture outside the article"
REASON_EDITOR = "excluded by an editor"

_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,119}$")


@dataclass(frozen=True)
class Segment:
    """One translatable unit of an article, in article order."""

    id: str
    kind: str
    text: str
    lang: str = ""
    confidence: float = 0.0
    included: bool = True
    reason: str | None = None
    lang_source: str = "detected"  # detected | fallback | declared | editor
    attrs: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "lang": self.lang,
            "confidence": round(self.confidence, 3),
            "lang_source": self.lang_source,
            "included": self.included,
        }
        if not self.included:
            data["reason"] = self.reason
        if self.attrs:
            data["attrs"] = dict(sorted(self.attrs.items()))
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Segment:
        return cls(
            id=str(data["id"]),
            kind=str(data["kind"]),
            text=str(data["text"]),
            lang=str(data.get("lang", "")),
            confidence=float(data.get("confidence", 0.0)),
            included=bool(data.get("included", True)),
            reason=data.get("reason"),
            lang_source=str(data.get("lang_source", "detected")),
            attrs=dict(data.get("attrs", {})),
        )


@dataclass(frozen=True)
class Metadata:
    """What is known about the article as a whole."""

    slug: str
    title: str = ""
    site: str = ""
    url: str = ""
    author: str = ""
    published: str = ""  # ISO 8601 date or datetime, as found
    lang: str = ""
    source: str = ""  # the file or URL it was pulled from
    format: str = ""  # the reader that read it
    # The source's own identifiers (ninjs uri, WordPress id, ANS _id, feed guid), by name.
    ids: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Article:
    """Metadata plus ordered segments."""

    meta: Metadata
    segments: tuple[Segment, ...]
    # Editor decisions by segment id ({"included": bool, "lang": str}), kept across pulls.
    overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.meta.slug

    @property
    def included(self) -> tuple[Segment, ...]:
        return tuple(s for s in self.segments if s.included)

    def segment(self, segment_id: str) -> Segment:
        for seg in self.segments:
            if seg.id == segment_id:
                return seg
        known = ", ".join(s.id for s in self.segments[:8])
        raise PresslateError(
            f"article {self.slug!r} has no segment {segment_id!r}",
            hint=f"`presslate show {self.slug}` lists the ids (e.g. {known})",
        )

    def with_segments(self, segments: Iterable[Segment]) -> Article:
        return replace(self, segments=tuple(segments))

    def to_json(self) -> dict[str, Any]:
        meta = asdict(self.meta)
        if not meta["ids"]:
            del meta["ids"]  # records of sources without ids stay as they were
        else:
            meta["ids"] = dict(sorted(meta["ids"].items()))
        return {
            "record": "presslate-article/1",
            **meta,
            "segments": [s.to_json() for s in self.segments],
            "overrides": {k: dict(v) for k, v in sorted(self.overrides.items())},
        }

    @classmethod
    def from_json(cls, data: Any) -> Article:
        """The article in a record; raises :class:`~presslate.i18n.record.RecordError`
        (naming the JSON path) when the record is not well formed."""
        from .record import check_record

        check_record(data)
        meta_fields = set(Metadata.__dataclass_fields__)
        meta = Metadata(**{k: v for k, v in data.items() if k in meta_fields and k != "ids"},
                        ids={str(k): str(v) for k, v in data.get("ids", {}).items()})
        return cls(
            meta=meta,
            segments=tuple(Segment.from_json(s) for s in data["segments"]),
            overrides={str(k): dict(v) for k, v in data.get("overrides", {}).items()},
        )


@dataclass(frozen=True)
class RawSegment:
    """What a reader finds before ids and languages are assigned."""

    kind: str
    text: str
    included: bool = True
    reason: str | None = None
    lang: str = ""  # declared by the source (e.g. a lang attribute), if any
    attrs: Mapping[str, str] = field(default_factory=dict)


def normalize_text(text: str) -> str:
    """NFC, no control characters, single spaces, stripped."""
    text = unicodedata.normalize("NFC", text)
    spaced = _SPACES.sub(" ", text).strip()
    if spaced.isprintable():  # no control or format character left: nothing to replace
        return spaced
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return _SPACES.sub(" ", text).strip()


_SPACES = re.compile(r"\s+")


def assign_ids(raw: Iterable[RawSegment]) -> list[tuple[str, RawSegment]]:
    """Give each segment a stable id: its kind plus a hash of its text.

    The id survives edits elsewhere in the article (insertions, reordering);
    a repeated text of the same kind gets a ``-2``, ``-3`` suffix.
    """
    seen: dict[str, int] = {}
    out: list[tuple[str, RawSegment]] = []
    for seg in raw:
        digest = hashlib.sha1(f"{seg.kind}\0{seg.text}".encode()).hexdigest()[:8]
        base = f"{seg.kind}-{digest}"
        seen[base] = seen.get(base, 0) + 1
        out.append((base if seen[base] == 1 else f"{base}-{seen[base]}", seg))
    return out


def validate_slug(slug: str) -> str:
    """A slug names files in the workspace: lowercase ASCII, digits, ``.-_``, no ``..``."""
    if not _SLUG_RE.match(slug) or ".." in slug:
        raise PresslateError(
            f"invalid slug {slug!r}",
            hint="use lowercase letters, digits, '-', '_' and '.', "
            "no path separators and no '..' (e.g. netanyahu-putin-meet)",
        )
    return slug


# Words a slug does not end on: it would read as cut off (``...-after-downing-of``).
SLUG_FUNCTION_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on",
    "or", "over", "than", "the", "to", "under", "via", "was", "were", "with", "au", "aux",
    "avec", "d", "dans", "de", "des", "du", "en", "et", "l", "la", "le", "les", "par", "pour",
    "sur", "un", "une", "al", "con", "del", "el", "las", "los", "para", "por", "una", "y",
    "am", "auf", "das", "dem", "den", "der", "die", "ein", "eine", "im", "mit", "und", "von",
    "zu", "zum", "zur", "da", "di", "e", "il", "nel", "per", "do", "dos", "em", "na", "no",
    "o", "os",
})
SLUG_MAX_LENGTH = 60


def make_slug(text: str, *, max_length: int = SLUG_MAX_LENGTH) -> str:
    """A readable slug from a headline: ``Netanyahu, Putin agree`` -> ``netanyahu-putin-agree``.

    Whole words up to ``max_length`` characters, never ending on a function word
    (``of``, ``the``, ``de``, ``la``...); a first word longer than the limit is cut.
    """
    words = _slug_words(text)
    kept: list[str] = []
    for word in words:
        if len("-".join([*kept, word])) > max_length:
            break
        kept.append(word)
    if not kept and words:
        kept = [words[0][:max_length]]
    while len(kept) > 1 and kept[-1] in SLUG_FUNCTION_WORDS:
        kept.pop()
    slug = "-".join(kept)
    if not slug or _mostly_untransliterated(text, words):
        # A headline in a script with no ASCII letters (東京で4人...): its digits alone would
        # make a slug that says nothing and collides; a digest of the text tells them apart.
        digest = hashlib.sha1(text.encode()).hexdigest()[:8]
        slug = f"{slug[:max_length - 9]}-{digest}".lstrip("-") if slug else f"article-{digest}"
    return slug


def _mostly_untransliterated(text: str, words: list[str]) -> bool:
    """Fewer than half the headline's letters reach the slug (a non-Latin script)."""
    letters = sum(ch.isalpha() for ch in text)
    kept = sum(ch.isalpha() for word in words for ch in word)
    return letters > 0 and kept * 2 < letters


def legacy_slug(text: str, *, max_words: int = 8) -> str:
    """The slug earlier versions made (the first eight words): a pull finds an article
    already pulled under it and keeps its name."""
    slug = "-".join(_slug_words(text, legacy=True)[:max_words])[:80].strip("-")
    return slug or "article-" + hashlib.sha1(text.encode()).hexdigest()[:8]


def _slug_words(text: str, *, legacy: bool = False) -> list[str]:
    text = re.sub(r"(?<=\d)[,.\u202f\u00a0'’ ](?=\d{3}\b)", "", text)  # 4,000 -> 4000
    if legacy:
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    else:  # a letter or digit of another script separates words (4人、2026年: "4", "2026")
        ascii_text = "".join(_ascii_or_gap(ch) for ch in text)
    return re.findall(r"[a-z0-9]+", ascii_text.lower())


def _ascii_or_gap(ch: str) -> str:
    """``ch``'s ASCII form (accents dropped), nothing for what has none in the Latin ranges
    (ø, ß, µ, punctuation), a space for a letter or digit of another script."""
    if ch.isascii():
        return ch
    kept = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
    if kept or ord(ch) < 0x0250 or unicodedata.category(ch)[0] not in "LN":
        return kept
    if "LATIN" in unicodedata.name(ch, ""):
        return ""
    return " "
