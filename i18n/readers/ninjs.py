"""Reader for IPTC ninjs (News in JSON) 1.x, 2.x and 3.x.

The document is first checked against the rules of the version it claims
(``standard.version``, else the version its property names belong to): see
:mod:`.ninjs_rules`. Then, for a text item: the headline (1.x ``headline``;
2.x/3.x the ``headlines`` entry with role ``main``, else the first; the
others kept excluded), the standfirst (1.x ``description_text``/
``description_html``; 2.x/3.x the first of ``descriptions``), the dateline
(``located``), the body (1.x ``body_html``, else ``body_text``; 2.x/3.x the
HTML entry of ``bodies``, else the first), the pictures among the
``associations`` as captions (their description, else their headline, with
the rendition's ``href`` and the ``by`` credit), related text items kept
excluded, and the editorial note (``ednote``/``edNote``, not for publication)
kept excluded. ``by``/``byline`` is the author, ``versioncreated`` (else
``firstcreated``) the date, ``language`` the language; ``uri``, ``version``
and ``altids`` the source's ids. A picture, graphic, audio or video item is
not an article; a composite package's text items are articles each.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..article import BODY, CAPTION, HEADLINE, STANDFIRST, RawSegment, normalize_text
from ..errors import SchemaError
from . import RawArticle, Reading, Skipped, load_json, plain_segment
from .html import fragment_segments, fragment_text
from .ninjs_rules import NinjsVersion, check_ninjs

REASON_OTHER_HEADLINE = "another headline of the item"
REASON_OTHER_DESCRIPTION = "another description of the item"
REASON_EDNOTE = "editorial note, not for publication"
REASON_RELATED = "an associated news item (related content)"
DATELINE = "dateline"
_HTML = ("text/html", "application/xhtml+xml")
_MEDIA = ("picture", "graphic", "audio", "video")


def read_ninjs(text: str, *, origin: str = "") -> Reading:
    data = load_json(text, origin)
    try:
        version = check_ninjs(data, origin=origin)
    except RecursionError as exc:
        raise SchemaError("associations nested too deeply", path=origin or None) from exc
    item = _Item(data, version)
    if item.type in _MEDIA:
        return Reading((), (Skipped("the item", item.headline(),
                                    f"a ninjs {item.type} item, not a text article"),))
    if item.type == "composite" and not item.has_body():
        articles, skipped = [], []
        for name, assoc in item.associations():
            part = _Item(assoc, version)
            if part.type in ("text", "") and part.has_body():
                articles.append(part.article())
            else:
                skipped.append(Skipped(f"associations {name}", part.headline(),
                                       f"a ninjs {part.type or 'untyped'} item, not a text article"))
        return Reading(tuple(articles), tuple(skipped))
    return Reading((item.article(),))


class _Item:
    """One ninjs object read with the property names of its major version."""

    def __init__(self, data: Mapping[str, Any], version: NinjsVersion) -> None:
        self.data = data
        self.version = version
        self.type = str(data.get("type", ""))

    def key(self, name: str) -> Any:
        return self.data.get(self.version.name(name))

    def texts(self, plural: str) -> list[tuple[str, str, str]]:
        """(value, role, content type) of ``headlines``/``descriptions``/``bodies`` (2.x, 3.x)."""
        out = []
        found = self.key(plural)
        for entry in found if isinstance(found, list) else []:
            out.append((str(entry["value"]), str(entry.get("role", "")),
                        str(entry.get(self.version.name("contenttype"), "")).lower()))
        return out

    def headline(self) -> str:
        if self.version.major == 1:
            return normalize_text(str(self.data.get("headline", "")))
        headlines = self.texts("headlines")
        main = next((h for h in headlines if h[1] == "main"), headlines[0] if headlines else None)
        return _plain(main[0], main[2]) if main else ""

    def has_body(self) -> bool:
        if self.version.major == 1:
            return bool(self.data.get("body_html") or self.data.get("body_text"))
        return any(value.strip() for value, _, _ in self.texts("bodies"))

    def associations(self) -> list[tuple[str, Mapping[str, Any]]]:
        found = self.data.get("associations") or ({} if self.version.major == 1 else [])
        if isinstance(found, dict):
            return list(found.items())
        return [(str(a.get("name", i)), a) for i, a in enumerate(found)]

    def article(self) -> RawArticle:
        segments: list[RawSegment] = []
        title = self.headline()
        if title:
            segments.append(plain_segment(HEADLINE, title))
        if self.version.major > 1:
            headlines = self.texts("headlines")
            main = next((h for h in headlines if h[1] == "main"), headlines[0] if headlines else None)
            for value, role, ctype in headlines:
                if (value, role, ctype) != main and _plain(value, ctype):
                    segments.append(plain_segment(HEADLINE, _plain(value, ctype), False,
                                               f"{REASON_OTHER_HEADLINE} (role {role or 'none'})"))
        segments.extend(self._descriptions())
        located = normalize_text(str(self.data.get("located", "")))
        if located:
            segments.append(plain_segment(DATELINE, located))
        segments.extend(self._pictures())
        segments.extend(self._body())
        ednote = normalize_text(str(self.key("ednote") or ""))
        if ednote:
            segments.append(plain_segment("ednote", ednote, False, REASON_EDNOTE))
        author = normalize_text(str(self.data.get("byline" if self.version.major == 1 else "by", "")))
        published = str(self.key("versioncreated") or self.key("firstcreated") or "")
        return RawArticle(segments=tuple(segments), title=title, author=author,
                          published=published, lang=str(self.data.get("language", "")),
                          extra=self._ids())

    def _descriptions(self) -> list[RawSegment]:
        if self.version.major == 1:
            html = str(self.data.get("description_html", ""))
            text = fragment_text(html) if html else normalize_text(
                str(self.data.get("description_text", "")))
            return [plain_segment(STANDFIRST, text)] if text else []
        out = []
        for i, (value, role, ctype) in enumerate(self.texts("descriptions")):
            text = _plain(value, ctype)
            if text:
                out.append(plain_segment(STANDFIRST, text) if i == 0 else plain_segment(
                    STANDFIRST, text, False, f"{REASON_OTHER_DESCRIPTION} (role {role or 'none'})"))
        return out

    def _body(self) -> list[RawSegment]:
        if self.version.major == 1:
            if self.data.get("body_html"):
                return fragment_segments(str(self.data["body_html"]))
            return _text_paragraphs(str(self.data.get("body_text", "")))
        bodies = self.texts("bodies")
        chosen = next((b for b in bodies if b[2] in _HTML and b[1] in ("main", "")), None) or next(
            (b for b in bodies if b[2] in _HTML), None) or (bodies[0] if bodies else None)
        if chosen is None:
            return []
        value, _, ctype = chosen
        if ctype in _HTML or (not ctype and "<" in value):
            return fragment_segments(value)
        return _text_paragraphs(value)

    def _pictures(self) -> list[RawSegment]:
        out = []
        for name, assoc in self.associations():
            part = _Item(assoc, self.version)
            if part.type in ("picture", "graphic"):
                caption = part.caption()
                if caption:
                    attrs = {"src": part.rendition_href(), "credit": normalize_text(str(
                        assoc.get("byline" if self.version.major == 1 else "by", "")))}
                    out.append(plain_segment(CAPTION, caption,
                                          lang=str(assoc.get("language", "")),
                                          attrs={k: v for k, v in attrs.items() if v}))
            elif part.type in ("text", "composite", "") and (part.headline() or part.caption()):
                out.append(plain_segment("related", part.headline() or part.caption(), False,
                                      f"{REASON_RELATED}: {name}"))
        return out

    def caption(self) -> str:
        if self.version.major == 1:
            html = str(self.data.get("description_html", ""))
            return fragment_text(html) if html else normalize_text(
                str(self.data.get("description_text", "") or self.data.get("headline", "")))
        descriptions = self.texts("descriptions")
        if descriptions:
            return _plain(descriptions[0][0], descriptions[0][2])
        return self.headline()

    def rendition_href(self) -> str:
        renditions = self.data.get("renditions") or {}
        pairs = (list(renditions.items()) if isinstance(renditions, dict) else
                 [(None, r) for r in renditions] if isinstance(renditions, list) else [])
        named = {str(r.get("name", key)): r for key, r in pairs if isinstance(r, dict)}
        for preferred in ("original", "baseImage", "main", "hires", "web"):
            href = named.get(preferred, {}).get("href")
            if isinstance(href, str) and href:
                return href
        return next((r["href"] for r in named.values() if isinstance(r.get("href"), str)
                     and r["href"]), "")

    def _ids(self) -> dict[str, str]:
        ids = {"ninjs_uri": str(self.data["uri"]), "ninjs_version": self.version.label}
        if self.data.get("version"):
            ids["ninjs_item_version"] = str(self.data["version"])
        altids = self.key("altids")
        if isinstance(altids, dict):  # 1.x: {"role": "value"}
            ids.update({f"altid_{k}": str(v) for k, v in altids.items()
                        if isinstance(v, str | int) and not isinstance(v, bool)})
        elif isinstance(altids, list):
            for entry in altids:
                if isinstance(entry, dict) and isinstance(entry.get("value"), str | int) and entry["value"]:
                    ids[f"altid_{entry.get('role') or 'none'}"] = str(entry["value"])
        return ids


def _plain(value: str, ctype: str) -> str:
    """A headline's or description's text: HTML only when its content type says so."""
    return fragment_text(value) if ctype in _HTML else normalize_text(value)


def _text_paragraphs(text: str) -> list[RawSegment]:
    """Plain text: a paragraph per line (ninjs text bodies put one per line or blank-line
    separated)."""
    return [plain_segment(BODY, p) for p in (normalize_text(x) for x in re.split(r"\n", text)) if p]
