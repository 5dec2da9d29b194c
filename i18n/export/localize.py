"""An article in one locale: each segment's text chosen from the catalog under a fallback policy.

This is the model every export format renders. A segment is shown as

- ``reviewed``: a person translated or approved it (not ``fuzzy``);
- ``as-written``: the segment is already in the page's language (marked so in
  the catalog, or in the page's language), or the page is the article's own
  edition without a catalog: used as written;
- ``machine``: an engine's unreviewed (``fuzzy``) translation, shown only under
  the ``machine`` policy and announced by a notice;
- ``source-fallback``: no usable translation, the source text is shown in its
  own language (which the HTML marks with ``lang``/``dir``); when that is not
  the page's language a notice says how many parts are shown untranslated.

Language codes of the record are checked before they reach any output.

Policies for entries without a reviewed translation: ``machine`` (machine
translation, else the source), ``source``, ``omit`` (drop the segment) and
``refuse`` (raise :class:`~presslate.i18n.errors.ExportRefusedError`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from markupsafe import Markup

from ..article import ALT, CAPTION, Article, Segment
from ..catalog import CHANGED, MACHINE, REVIEWED, SOURCE, UNTRANSLATED, entry_state, provenance
from ..config import FALLBACKS
from ..edition import open_edition
from ..errors import ExportError, ExportRefusedError
from ..inline import escape as escape_inline
from ..inline import links_of, plain_text, to_html
from ..locales import babel_locale, bcp47, is_locale_code, language_part, parse_locale, text_direction
from ..workspace import Workspace
from .notices import Notice, build_notices

STATUS_REVIEWED = "reviewed"
STATUS_AS_WRITTEN = "as-written"
STATUS_MACHINE = "machine"
STATUS_FALLBACK = "source-fallback"
STATUSES = (STATUS_REVIEWED, STATUS_AS_WRITTEN, STATUS_MACHINE, STATUS_FALLBACK)

# An http(s) URL, or a relative one (no scheme: no colon before the first slash, none at all to be
# safe); no whitespace, quotes, angle brackets, backslashes, backticks or control characters.
_SAFE_URL_RE = re.compile(r"^(https?://[^\s\"'<>\\`\x00-\x1f\x7f]+|/?[A-Za-z0-9._~/-][^\s\"'<>\\`:\x00-\x1f\x7f]*)$",
                          re.IGNORECASE)


@dataclass(frozen=True)
class Alternate:
    """Another edition of the article: ``hreflang`` and a link relative to this page."""

    locale: str
    hreflang: str
    og_locale: str
    href: str
    current: bool = False


@dataclass(frozen=True)
class LocalizedSegment:
    """One segment as shown in the page."""

    id: str
    kind: str
    text: str  # plain text: tags dropped, a line break as "\n"
    lang: str  # BCP 47 language of ``text``
    dir: str  # ltr | rtl
    status: str  # one of STATUSES
    foreign: bool  # ``text`` is not in the page's language
    source_text: str
    source_lang: str
    provenance: str = ""
    attrs: Mapping[str, str] = field(default_factory=dict)
    markup: str = ""  # the text as inline text (see presslate.i18n.inline): tags kept
    alt: str = ""  # a caption's image's alt text in this edition (from the alt segment before it)

    @property
    def links(self) -> dict[str, str]:
        """The targets of the segment's links (``a1``, ``a2``…), as the record holds them."""
        return links_of(self.attrs)

    @property
    def html(self) -> Markup:
        """The text as an HTML fragment: escaped, its links (to safe targets), emphasis and
        line breaks rebuilt."""
        return Markup(to_html(self.markup or escape_inline(self.text), self.links))

    @property
    def image(self) -> str:
        """A safe image URL for a figure (``attrs['src']``), or ``""``."""
        return safe_url(self.attrs.get("src", ""))


@dataclass(frozen=True)
class LocalizedArticle:
    """An article in one locale, ready for a format to render."""

    slug: str
    locale: str  # gettext form, e.g. pt_BR
    lang: str  # BCP 47, e.g. pt-BR
    dir: str
    fallback: str
    title: str
    site: str
    url: str
    author: str
    published: str  # as found (ISO 8601)
    published_iso: str  # the date as YYYY-MM-DD, or "" when it cannot be read
    published_display: str  # formatted for the locale (CLDR long date), or the raw value
    source_lang: str
    og_locale: str
    segments: tuple[LocalizedSegment, ...]
    omitted: tuple[str, ...]
    alternates: tuple[Alternate, ...]
    notices: tuple[Notice, ...] = ()  # machine translation shown, text left untranslated
    source_format: str = ""  # the reader the article was pulled with (ninjs, wordpress, ans, ...)
    ids: Mapping[str, str] = field(default_factory=dict)  # the source's own identifiers

    @property
    def notice(self) -> str:
        """Every notice's text, one after the other ("" when there is none)."""
        return " ".join(n.text for n in self.notices)

    @property
    def notice_lang(self) -> str:
        return self.notices[0].lang if self.notices else ""

    @property
    def notice_dir(self) -> str:
        return self.notices[0].dir if self.notices else ""

    @property
    def headline(self) -> str:
        return next((s.text for s in self.segments if s.kind == "headline"), "")

    @property
    def standfirst(self) -> str:
        """The standfirst in the page's language (for the description), or ``""``."""
        return next((s.text for s in self.segments if s.kind == "standfirst" and not s.foreign), "")

    @property
    def dateline_author(self) -> str:
        """The author for a dateline, unless a byline segment already names them."""
        return "" if any(s.kind == "byline" for s in self.segments) else self.author

    def summaries(self) -> list[str]:
        """What this edition shows besides reviewed text, one English line each, with counts
        (``12 of 12 segments not translated, shown in English``), for a terminal or a report."""
        lines = [n.summary for n in self.notices]
        if self.omitted:
            total = len(self.omitted) + len(self.segments)
            lines.append(f"{len(self.omitted)} of {total} segments left out, not translated")
        return lines

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for seg in self.segments:
            counts[seg.status] += 1
        return {**counts, "omitted": len(self.omitted)}


def safe_url(url: str) -> str:
    """``url`` if it is an http(s) URL or a relative path, else ``""`` (no ``javascript:``)."""
    url = url.strip()
    return url if url and _SAFE_URL_RE.match(url) else ""


def catalog_entries(catalog: Any) -> dict[tuple[str, str], Any]:
    """The catalog's live entries by (msgctxt, msgid)."""
    if catalog is None:
        return {}
    return {(e.msgctxt or "", e.msgid): e for e in catalog if not e.obsolete}


def load_entries(ws: Workspace, article: Article, locale: str) -> tuple[dict[tuple[str, str], Any], bool]:
    """The locale's catalog entries, measured against the template, and whether the catalog
    exists (the segments themselves always come from the article's record).

    A locale without a catalog is an error, except the article's own language:
    its edition is the article as written.
    """
    own_language = language_part(locale) == language_part(article.meta.lang or "")
    if own_language and not ws.catalog_path(article.slug, locale).is_file():
        return {}, False
    edition = open_edition(ws, article.slug, locale, record=article)  # raises when missing
    return catalog_entries(edition.catalog), True


def segment_state(seg: Segment, entry: Any, locale: str) -> str:
    """The catalog state of a segment in ``locale`` (``untranslated`` without an entry)."""
    state = UNTRANSLATED if entry is None else entry_state(entry)
    if state in (UNTRANSLATED, CHANGED) and seg.lang == language_part(locale):
        return SOURCE  # already in the page's language: used as written
    return state


def localize_article(
    ws: Workspace, slug: str, locale: str, *, fallback: str | None = None,
    folders: Sequence[str] | None = None,
) -> LocalizedArticle:
    """Build ``slug`` in ``locale`` from the workspace (article record and catalog).

    ``folders``: the workspace's locale folders when the caller has listed them
    (:meth:`~presslate.i18n.workspace.Workspace.locale_folders`), for the alternates."""
    locale = parse_locale(locale)
    article = ws.load_article(slug)
    check_languages(article, ws.article_path(slug))
    entries, has_catalog = load_entries(ws, article, locale)
    return localize(article, entries, locale, policy=fallback or ws.config.publish.fallback,
                    as_written=not has_catalog, editions=alternates(ws, article, locale, folders=folders),
                    catalog_path=ws.catalog_path(slug, locale))


def check_languages(article: Article, record: Path | None = None) -> None:
    """Refuse a record whose article or segment language is not a locale code (``en@"><img``):
    these codes reach ``lang`` attributes and front matter."""
    fix = "; fix the record, or pull the article again"
    if article.meta.lang and not is_locale_code(article.meta.lang):
        raise ExportError(f"the article {article.slug} has an invalid language code {article.meta.lang!r}",
                          path=record, hint=f"use a code such as en, fr or pt_BR{fix}")
    for seg in article.included:
        if seg.lang and not is_locale_code(seg.lang):
            raise ExportError(f"segment {seg.id} has an invalid language code {seg.lang!r}", path=record,
                              hint=f"set it with presslate segment {article.slug} {seg.id} --lang CODE "
                                   f"(or --lang auto){fix}")


def localize(
    article: Article,
    entries: Mapping[tuple[str, str], Any],
    locale: str,
    *,
    policy: str,
    as_written: bool = False,
    editions: tuple[Alternate, ...] = (),
    catalog_path: Path | None = None,
) -> LocalizedArticle:
    """``article`` in ``locale`` from the catalog's ``entries`` by (msgctxt, msgid).

    ``as_written``: the article's own edition without a catalog, every segment
    shown as written (a French caption of an English article is part of it).
    """
    locale = parse_locale(locale)
    if policy not in FALLBACKS:
        raise ExportError(f"unknown fallback policy {policy!r}", hint=f"use one of {', '.join(FALLBACKS)}")
    check_languages(article)
    slug = article.slug
    page_lang = language_part(locale)
    page_dir = text_direction(locale)
    shown: list[LocalizedSegment] = []
    omitted: list[str] = []
    pending: list[str] = []
    for seg in article.included:
        entry: Any = entries.get((seg.kind, seg.text))
        state = SOURCE if as_written else segment_state(seg, entry, locale)
        if state == REVIEWED:
            shown.append(_shown(seg, entry.msgstr, locale, page_dir, STATUS_REVIEWED))
        elif state == SOURCE:  # the segment's current text, never an older copy of it
            lang = seg.lang or page_lang
            shown.append(_shown(seg, seg.text, lang, text_direction(lang), STATUS_AS_WRITTEN,
                                foreign=language_part(lang) != page_lang))
        elif policy == "refuse":
            pending.append(seg.id)
        elif policy == "omit":
            omitted.append(seg.id)
        elif policy == "machine" and state == MACHINE:
            shown.append(_shown(seg, entry.msgstr, locale, page_dir, STATUS_MACHINE,
                                note=provenance(entry)))
        else:
            lang = seg.lang or language_part(article.meta.lang or page_lang)
            shown.append(_shown(seg, seg.text, lang, text_direction(lang), STATUS_FALLBACK,
                                foreign=language_part(lang) != page_lang))
    if pending:
        raise ExportRefusedError(
            f"{slug} in {locale}: {len(pending)} of {len(article.included)} segments have no "
            f"reviewed translation ({', '.join(pending[:5])}{', ...' if len(pending) > 5 else ''})",
            path=catalog_path,
            hint="review them (a translation without the fuzzy flag), or export with "
                 "--fallback machine, source or omit",
        )
    shown = _fold_alt_texts(shown)
    notices = build_notices(
        page_lang, len(shown), sum(s.status == STATUS_MACHINE for s in shown),
        [s.lang for s in shown if s.status == STATUS_FALLBACK and s.foreign])
    meta = article.meta
    published_date = parse_published(meta.published)
    headline = next((s.text for s in shown if s.kind == "headline"), "")
    return LocalizedArticle(
        slug=slug, locale=locale, lang=bcp47(locale), dir=page_dir, fallback=policy,
        title=headline or meta.title or slug, site=meta.site, url=safe_url(meta.url),
        author=meta.author, published=meta.published,
        published_iso=published_date.isoformat() if published_date else "",
        published_display=format_published(published_date, locale) if published_date else meta.published,
        source_lang=meta.lang, og_locale=og_locale(locale), segments=tuple(shown),
        omitted=tuple(omitted), alternates=editions, notices=notices,
        source_format=meta.format, ids=dict(meta.ids),
    )


def _shown(seg: Segment, text: str, lang: str, direction: str, status: str, *,
           foreign: bool = False, note: str = "") -> LocalizedSegment:
    return LocalizedSegment(
        id=seg.id, kind=seg.kind, text=plain_text(text, line_break="\n"), lang=bcp47(lang),
        dir=direction, status=status, foreign=foreign,
        source_text=plain_text(seg.text, line_break="\n"), source_lang=seg.lang, provenance=note,
        attrs=dict(sorted(seg.attrs.items())), markup=text,
    )


def _fold_alt_texts(shown: list[LocalizedSegment]) -> list[LocalizedSegment]:
    """An image's alt text goes into the caption that follows it (same image): the caption's
    ``attrs['alt']`` becomes the alt text as shown in this edition. An alt text with no caption
    after it stays a segment of its own (an image without a caption)."""
    out: list[LocalizedSegment] = []
    for i, seg in enumerate(shown):
        after = shown[i + 1] if i + 1 < len(shown) else None
        if seg.kind == ALT and after is not None and after.kind == CAPTION \
                and after.attrs.get("src", "") == seg.attrs.get("src", ""):
            alt = seg.text.replace("\n", " ")
            shown[i + 1] = replace(after, attrs={**after.attrs, "alt": alt}, alt=alt)
            continue
        out.append(seg)
    return out


def parse_published(value: str) -> date | None:
    """The date of an ISO 8601 date or datetime (``2024-03-05``, ``2024-03-05T10:00:00Z``)."""
    value = value.strip()
    if not value:
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def format_published(day: date, locale: str) -> str:
    """The date as CLDR's long date format of ``locale`` (``5 mars 2024``, ``5 במרץ 2024``)."""
    from babel.dates import format_date

    return str(format_date(day, format="long", locale=babel_locale(locale)))


def og_locale(locale: str) -> str:
    """Open Graph's ``language_TERRITORY`` form, the territory from CLDR's likely subtags."""
    from babel.core import get_global

    loc = babel_locale(locale)
    territory = loc.territory
    if not territory:
        likely = get_global("likely_subtags").get(loc.language)
        territory = babel_locale(likely).territory if likely else None
    return f"{loc.language}_{territory}" if territory else loc.language


def alternates(ws: Workspace, article: Article, locale: str, *, ext: str = "html",
               folders: Sequence[str] | None = None) -> tuple[Alternate, ...]:
    """Every edition: the locales with a catalog for the article (among ``folders`` when given),
    plus its source language."""
    found = {parse_locale(code) for code in ws.locales(article.slug, folders=folders)
             if is_locale_code(code)}
    if article.meta.lang:
        source = parse_locale(article.meta.lang)
        if not any(language_part(code) == language_part(source) for code in found):
            found.add(source)
    found.add(locale)
    return tuple(
        Alternate(locale=code, hreflang=bcp47(code), og_locale=og_locale(code),
                  href=f"../{code}/{article.slug}.{ext}", current=code == locale)
        for code in sorted(found)
    )
