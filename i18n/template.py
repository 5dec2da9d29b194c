"""The article's template catalog (``<slug>.pot``): one entry per distinct included segment.

Entries are in article order. ``msgctxt`` is the segment's kind, so the same
text as headline and as body stays two entries; the same text twice in one
kind is one entry with two references. Extracted comments tell translators
where the segment sits and what language its source is in.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .. import __version__
from .article import Article, Segment

LANG_COMMENT = "lang: "


def entry_key(seg: Segment) -> tuple[str, str]:
    """The (msgctxt, msgid) a segment maps to."""
    return (seg.kind, seg.text)


def build_template(article: Article, *, creation_date: str | None = None) -> Any:
    """The POT catalog of ``article`` (a :class:`polib.POFile`)."""
    import polib

    pot = polib.POFile(wrapwidth=79)
    pot.metadata = {
        "Project-Id-Version": article.slug,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": creation_date or _now(),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"presslate {__version__}",
        "X-Presslate-Source-Language": article.meta.lang,
    }
    origin = article.meta.url or article.meta.source
    pot.header = (
        f"Template for {article.meta.title or article.slug}\n"
        + (f"Source: {origin}\n" if origin else "")
        + "Written by presslate pull; translate the locale catalogs, not this file."
    )
    by_key: dict[tuple[str, str], Any] = {}
    position = 0
    for seg in article.segments:
        if not seg.included:
            continue
        position += 1
        key = entry_key(seg)
        entry = by_key.get(key)
        if entry is None:
            entry = polib.POEntry(msgctxt=seg.kind, msgid=seg.text, msgstr="")
            entry.comment = (
                f"{seg.kind} {position}\n"
                f"{LANG_COMMENT}{seg.lang} ({seg.lang_source}, confidence {seg.confidence:.2f})"
            )
            by_key[key] = entry
            pot.append(entry)
        else:
            # The same text again in the same kind: one entry, both positions listed.
            entry.comment = entry.comment.replace("\n", f", {position}\n", 1)
        entry.occurrences.append((article.slug, seg.id))
    return pot


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")


def same_entries(a: Any, b: Any) -> bool:
    """True when two catalogs hold the same entries with the same comments (dates ignored)."""
    def key(cat: Any) -> list[tuple[Any, ...]]:
        return [(e.msgctxt, e.msgid, e.comment, tuple(_reference(*o) for o in e.occurrences))
                for e in cat]

    return key(a) == key(b) and a.header == b.header


def _reference(name: str, line: str) -> str:
    """An occurrence as written after ``#:`` (``slug:segment-id`` reads back as one name)."""
    return f"{name}:{line}" if line else name


def segment_language(entry: Any, default: str = "") -> str:
    """The language of an entry's source text, from its ``#. lang: xx (...)`` comment."""
    for line in (entry.comment or "").splitlines():
        if line.startswith(LANG_COMMENT):
            words = line[len(LANG_COMMENT):].split()
            if words:
                return words[0]
    return default
