"""The first stage: pull articles into the workspace.

``pull_articles`` reads every source first (so bad input writes nothing), then,
holding the workspace lock, reads the articles' earlier records and catalogs
and writes each article's record, template and merged catalogs in one
transaction. ``edit_segments`` records an editor's decision about segments
(include, exclude, language) and survives later pulls of the same article.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .article import (
    ALT,
    CAPTION,
    REASON_EDITOR,
    Article,
    Metadata,
    Segment,
    assign_ids,
    legacy_slug,
    make_slug,
    validate_slug,
)
from .charsets import encode_po
from .config import Config
from .edition import Alignment, align_catalog, load_locale_catalogs
from .errors import LanguageError, PresslateError, SourceError
from .inline import plain_text
from .journal import Transaction
from .langid import (
    candidate_languages,
    detect_article_language,
    detect_segment,
    detection_cache,
)
from .locales import language_part, parse_locale
from .notes import Annotator
from .po import format_po, parse_po
from .readers import (
    MULTI_FORMATS,
    RawArticle,
    Skipped,
    decode_source,
    is_url,
    load_source,
    read_article,
    read_articles,
    sniff_format,
)
from .template import build_template, same_entries
from .workspace import Workspace

Progress = Callable[[str], None]


@dataclass(frozen=True)
class PullOptions:
    sources: tuple[str, ...]
    fmt: str = "auto"
    lang: str | None = None
    slug: str | None = None
    timeout: float = 30.0  # seconds to wait for a URL
    follow: bool = False  # read the page an item links to when the item has no text


@dataclass(frozen=True)
class PullResult:
    article: Article
    article_path: Path
    template_path: Path
    template_changed: bool
    updated: bool  # the slug was already in the workspace
    merged: Alignment = field(default_factory=Alignment)  # merged into the locale catalogs
    catalogs_updated: int = 0  # locale catalogs rewritten by that merge


def pull_articles(
    ws: Workspace, options: PullOptions, *, on_progress: Progress | None = None
) -> list[PullResult]:
    """Read ``options.sources`` and write their records and templates into ``ws``."""
    return pull_sources(ws, options, on_progress=on_progress).results


@dataclass(frozen=True)
class PullOutcome:
    results: list[PullResult]
    skipped: tuple[tuple[str, Skipped], ...] = ()  # (source, item) not pulled: not articles


def pull_sources(
    ws: Workspace, options: PullOptions, *, on_progress: Progress | None = None
) -> PullOutcome:
    """Read ``options.sources`` and write their articles into ``ws``; a source may hold
    several (a feed, a list of posts). Items that are not articles are reported in the
    outcome; a source with no article at all is an error and nothing is written."""
    lang = parse_locale(options.lang) if options.lang else None
    # Read every source first, outside the lock (a URL may be slow; bad input writes nothing).
    read: list[tuple[RawArticle, str, str, str]] = []  # (raw, slug, origin, format)
    skipped: list[tuple[str, Skipped]] = []
    seen: dict[str, str] = {}
    for source_name in options.sources:
        if on_progress:
            on_progress(source_name)
        source = load_source(source_name, timeout=options.timeout)
        text = decode_source(source)
        fmt = options.fmt if options.fmt != "auto" else sniff_format(
            text, source.name, source.content_type
        )
        reading = read_articles(text, fmt=fmt, origin=source.origin)
        found = [(raw, fmt, source.origin) for raw in reading.articles]
        for item in reading.skipped:
            if options.follow and item.link:
                found.append(_follow(item, options, on_progress))
            else:
                skipped.append((source.origin, item))
        if not found:
            raise SourceError(_nothing_found(fmt, reading.skipped), path=source.origin,
                              hint=_skipped_hint(reading.skipped, options.follow))
        slugs = [validate_slug(options.slug) if options.slug is not None else _new_or_known_slug(
            ws, raw.title or Path(source.name).stem) for raw, _, _ in found]
        counts = Counter(slugs)
        for (raw, raw_fmt, origin), slug in zip(found, slugs, strict=True):
            if options.slug is not None and (len(options.sources) > 1 or len(found) > 1):
                raise PresslateError(
                    f"--slug names one article, but {source.origin} holds {len(found)}"
                    if len(found) > 1 else
                    "--slug names one article, but several sources were given",
                    hint="pull them one at a time, or let presslate name them")
            if counts[slug] > 1 and raw.extra:
                # Items of one document with the same headline ("Live updates"): each told apart
                # by its own id, so it keeps its slug whatever the order of a later pull.
                slug = f"{slug}-{_id_digest(raw.extra)}"
            if slug in seen:
                raise SourceError(
                    f"two articles make the same slug {slug!r} ({seen[slug]} and {origin})",
                    path=source.origin, hint="pull one of them with --slug",
                )
            seen[slug] = origin
            read.append((raw, slug, _recorded_origin(origin, ws.root), raw_fmt))
    results: list[PullResult] = []
    with ws.lock(), detection_cache(ws.root):
        # The workspace's state is read under the lock: an editor's decision recorded while the
        # sources were read is kept. A malformed catalog stops the pull before any write.
        articles = []
        for raw, slug, origin, fmt in read:
            previous = ws.load_article(slug) if ws.has_article(slug) else None
            articles.append(build_article(raw, slug=slug, origin=origin, fmt=fmt, lang=lang,
                                          config=ws.config,
                                          overrides=previous.overrides if previous else {}))
        catalogs = {article.slug: load_locale_catalogs(ws, article.slug) for article in articles}
        tx = ws.transaction()
        annotate = Annotator(ws)
        for article in articles:
            updated = ws.has_article(article.slug)
            template_path, changed, merged, written = stage_article(ws, tx, article,
                                                                    catalogs[article.slug], annotate)
            results.append(PullResult(article, ws.article_path(article.slug), template_path,
                                      changed, updated, merged, written))
        tx.commit()
        annotate.keep()
    return PullOutcome(results, tuple(skipped))


# An alt text is short (a few words, often names): its own detection is trusted from here
# (calibrated confidence: 0.6 is a fastText-and-trigram probability near 0.9 for a text that short).
_SURE = 0.6


def _alt_with_its_caption(segments: list[Segment]) -> list[Segment]:
    """An image's alt text whose own language is not clear (a few words, often names) is in
    its caption's language (the caption of the same image: the same ``src``, else the
    caption right after it), when that one was found (a longer text); its own otherwise."""
    out = list(segments)
    for i, seg in enumerate(out):
        if seg.kind != ALT or seg.lang_source in ("declared", "editor") or (
                seg.lang_source == "detected" and seg.confidence >= _SURE):
            continue
        src = seg.attrs.get("src", "")
        caption = next((c for c in out if c.kind == CAPTION and src and c.attrs.get("src") == src),
                       None)
        if caption is None and i + 1 < len(out) and out[i + 1].kind == CAPTION:
            caption = out[i + 1]
        if caption is not None and caption.lang_source in ("detected", "declared", "editor"):
            out[i] = replace(seg, lang=caption.lang)
    return out


def _id_digest(ids: Mapping[str, str]) -> str:
    import hashlib

    key = "\0".join(f"{k}={v}" for k, v in sorted(ids.items()))
    return hashlib.sha1(key.encode()).hexdigest()[:6]


def _follow(item: Skipped, options: PullOptions,
            on_progress: Progress | None) -> tuple[RawArticle, str, str]:
    """The article an item links to, read from its page (``pull --follow``)."""
    if on_progress:
        on_progress(item.link)
    page = load_source(item.link, timeout=options.timeout)
    text = decode_source(page)
    fmt = sniff_format(text, page.name, page.content_type)
    if fmt in MULTI_FORMATS:
        raise SourceError(f"{item.where} links to a {fmt} document, not an article's page",
                          path=item.link, hint="pull that document itself")
    return read_article(text, fmt=fmt, origin=page.origin), fmt, page.origin


def _nothing_found(fmt: str, skipped: tuple[Skipped, ...]) -> str:
    if not skipped:
        return f"no article in this {fmt} document"
    items = "; ".join(f"{s.where}{f' ({s.title})' if s.title else ''}: {s.reason}"
                      for s in skipped[:5])
    more = f"; and {len(skipped) - 5} more" if len(skipped) > 5 else ""
    return f"no article in this {fmt} document: {items}{more}"


def _skipped_hint(skipped: tuple[Skipped, ...], follow: bool) -> str:
    if any(s.link for s in skipped) and not follow:
        return "its items only link to their articles: pull them with --follow"
    return "give a document that holds an article's text, or force the format with --format"


def stage_article(ws: Workspace, tx: Transaction, article: Article, catalogs: dict[str, Any],
                  annotate: Annotator | None = None) -> tuple[Path, bool, Alignment, int]:
    """Add the article's record, its template (when its entries changed) and its locale
    catalogs merged with the template (those not already in sync with it) to ``tx``.

    Returns the template's path, whether it changed, the merge's statistics and how
    many catalogs it rewrites. Every catalog is checked against the template, not
    only when the template changes: one left behind (by a crash of an older
    presslate, or a tool) is brought in line. ``annotate`` writes the translator's notes
    afresh (:mod:`presslate.i18n.notes`).
    """
    template_path = ws.template_path(article.slug)
    pot = template_text(ws, article)
    tx.write(ws.article_path(article.slug), ws.article_json(article))
    if pot is not None:
        tx.write(template_path, pot)
    if not catalogs:
        return template_path, pot is not None, Alignment(), 0
    from .catalog import load_po

    template = parse_po(pot, path=str(template_path)) if pot is not None else load_po(template_path)
    total, written = Alignment(), 0
    for locale, catalog in catalogs.items():
        # msgmerge's rules, and text used as written follows its source (see .edition)
        merged, alignment, _ = align_catalog(catalog, template, locale, slug=article.slug)
        if annotate is not None:
            annotate(article.slug, locale, merged)
        data = encode_po(merged)  # in the catalog's own charset
        if data != encode_po(catalog):
            tx.write(ws.catalog_path(article.slug, locale), data)
            total += alignment
            written += 1
    return template_path, pot is not None, total, written


def build_article(
    raw: RawArticle,
    *,
    slug: str,
    origin: str,
    fmt: str,
    lang: str | None,
    config: Config,
    overrides: Mapping[str, Mapping[str, Any]],
) -> Article:
    """Assign ids and languages to a reader's segments and apply the editor's overrides."""
    extra = _workspace_languages(config)
    page_lang = _known_language(raw.lang)
    if lang:
        extra.append(lang)
    if page_lang:
        extra.append(page_lang)
    candidates = candidate_languages(extra)
    article_lang = language_part(lang or page_lang) or detect_article_language(
        (plain_text(s.text) for s in raw.segments if s.included and s.kind == "body"), candidates
    ) or language_part(config.source_language)
    segments = []
    for seg_id, seg in assign_ids(raw.segments):
        declared = _known_language(seg.lang)
        if declared:
            detected_lang, confidence, how = language_part(declared), 1.0, "declared"
        else:
            found = detect_segment(plain_text(seg.text), article_lang=article_lang, candidates=candidates,
                                   min_confidence=config.detect.min_confidence, preferred=extra,
                                   quick=not overrides.get(seg_id, {}).get("included", seg.included))
            detected_lang, confidence, how = found.lang, found.confidence, found.source
        segments.append(Segment(
            id=seg_id, kind=seg.kind, text=seg.text, lang=detected_lang, confidence=confidence,
            included=seg.included, reason=seg.reason, lang_source=how, attrs=dict(seg.attrs),
        ))
    meta = Metadata(
        slug=slug, title=raw.title, site=raw.site, url=raw.url, author=raw.author,
        published=raw.published, lang=article_lang, source=origin, format=fmt,
        ids=dict(raw.extra) if fmt in MULTI_FORMATS else {},
    )
    segments = _alt_with_its_caption(segments)
    known = {s.id for s in segments}
    kept = {k: v for k, v in overrides.items() if k in known}
    return apply_overrides(Article(meta=meta, segments=tuple(segments), overrides=kept))


def _recorded_origin(origin: str, root: Path) -> str:
    """The source as the record keeps it: a URL or an absolute path as given; a relative path
    relative to the workspace's root when the file is inside it (the same text as given when
    run from the root), else absolute."""
    if is_url(origin) or os.path.isabs(origin):
        return origin
    path, base = os.path.abspath(origin), os.path.abspath(root)
    inside = os.path.commonpath([path, base]) == base
    return os.path.relpath(path, base) if inside else path


def _workspace_languages(config: Config) -> list[str]:
    """The languages a workspace works in, all candidates for detection."""
    return [config.source_language, *config.target_languages, *config.detect.languages]


def _known_language(code: str) -> str:
    """A language a source declares (``en-GB``, ``fr``), or ``""`` when it is not a real one."""
    if not code:
        return ""
    try:
        return parse_locale(code)
    except LanguageError:
        return ""  # e.g. lang="x-default": detect the language instead


def apply_overrides(article: Article) -> Article:
    """The article with its editor overrides applied to its segments."""
    out = []
    for seg in article.segments:
        change = article.overrides.get(seg.id, {})
        if "included" in change:
            included = bool(change["included"])
            seg = replace(seg, included=included, reason=None if included else (
                seg.reason if not seg.included and seg.reason else REASON_EDITOR))
        if change.get("lang"):
            seg = replace(seg, lang=str(change["lang"]), confidence=1.0, lang_source="editor")
        out.append(seg)
    return article.with_segments(out)


def _new_or_known_slug(ws: Workspace, title: str) -> str:
    """The slug of ``title``; an article already pulled under the slug earlier versions made
    keeps it (records and catalogs keep their names)."""
    old = legacy_slug(title)
    return old if old != make_slug(title) and ws.has_article(old) else make_slug(title)


def template_text(ws: Workspace, article: Article) -> str | None:
    """The new ``<slug>.pot``, or ``None`` when it already holds the same entries
    (so an unchanged article keeps its template's bytes, creation date included)."""
    path = ws.template_path(article.slug)
    if path.is_file():
        old = parse_po(path.read_text(encoding="utf-8"), path=str(path))
        fresh = build_template(article, creation_date=old.metadata.get("POT-Creation-Date"))
        if same_entries(old, fresh):
            return None
    return format_po(build_template(article))


def save_article_and_template(ws: Workspace, article: Article) -> tuple[Path, bool]:
    """Write the article's record and its template (merged into its catalogs) together."""
    with ws.lock():
        tx = ws.transaction()
        template_path, changed, _, _ = stage_article(ws, tx, article,
                                                     load_locale_catalogs(ws, article.slug))
        tx.commit()
    return template_path, changed


@dataclass(frozen=True)
class EditOptions:
    slug: str
    segment_ids: tuple[str, ...]
    include: bool | None = None
    lang: str | None = None  # a code, or "auto" to go back to detection


@dataclass(frozen=True)
class EditResult:
    article: Article
    merged: Alignment = field(default_factory=Alignment)  # what the locale catalogs took in


def edit_segments(ws: Workspace, options: EditOptions) -> EditResult:
    """Record an editor's decision on segments; rewrite the record and template and merge
    the template into the locale catalogs."""
    if options.include is None and options.lang is None:
        raise PresslateError("nothing to change", hint="give --include, --exclude or --lang")
    lang = None
    if options.lang and options.lang != "auto":
        lang = language_part(parse_locale(options.lang))
    with ws.lock(), detection_cache(ws.root):
        article = ws.load_article(options.slug)
        overrides = {k: dict(v) for k, v in article.overrides.items()}
        segments = list(article.segments)
        for seg_id in options.segment_ids:
            seg = article.segment(seg_id)
            change = overrides.setdefault(seg_id, {})
            if options.include is not None:
                change["included"] = options.include
            if options.lang == "auto":
                change.pop("lang", None)
                found = detect_segment(
                    plain_text(seg.text), article_lang=article.meta.lang,
                    candidates=candidate_languages([article.meta.lang, *_workspace_languages(
                        ws.config)]),
                    min_confidence=ws.config.detect.min_confidence,
                    preferred=_workspace_languages(ws.config))
                segments[segments.index(seg)] = replace(
                    seg, lang=found.lang, confidence=found.confidence, lang_source=found.source)
            elif lang:
                change["lang"] = lang
            if not change:
                overrides.pop(seg_id)
        updated = apply_overrides(replace(article, segments=tuple(segments), overrides=overrides))
        catalogs = load_locale_catalogs(ws, updated.slug)
        tx = ws.transaction()
        annotate = Annotator(ws)
        _, _, merged, _ = stage_article(ws, tx, updated, catalogs, annotate)
        tx.commit()
        annotate.keep()
    return EditResult(updated, merged)
