"""How far each article's catalogs are translated: entries and source words by state.

Each catalog is measured against its article's template
(:mod:`presslate.i18n.edition`): an entry of the template missing from the
catalog counts as untranslated, an entry the template no longer has as
obsolete. States come from :func:`presslate.i18n.catalog.entry_state`: ``translated``
counts reviewed entries and entries used as written; ``fuzzy`` counts machine
suggestions and entries whose source changed (``machine`` says how many of
them an engine filled); obsolete entries are counted apart and never in the
total.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalog import MACHINE, REVIEWED, SOURCE, UNTRANSLATED, entry_state
from .edition import article_template, open_edition
from .locales import parse_locale
from .workspace import Workspace, relative


@dataclass(frozen=True)
class Counts:
    entries: int = 0
    words: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.entries + other.entries, self.words + other.words)

    def to_json(self) -> dict[str, int]:
        return {"entries": self.entries, "words": self.words}


@dataclass(frozen=True)
class CatalogStatus:
    """One article in one locale."""

    slug: str
    locale: str
    path: Path | None  # None: no catalog yet (every entry of the template untranslated)
    translated: Counts
    fuzzy: Counts
    machine: Counts
    untranslated: Counts
    obsolete: Counts

    @property
    def total(self) -> Counts:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """Share of entries translated (reviewed or used as written), 0-100."""
        total = self.total.entries
        return 100.0 * self.translated.entries / total if total else 100.0

    @property
    def word_percent(self) -> float:
        total = self.total.words
        return 100.0 * self.translated.words / total if total else 100.0

    def to_json(self, root: Path | None = None) -> dict[str, Any]:
        """The row as JSON; ``path`` relative to ``root`` (the workspace's) when given."""
        path = None if self.path is None else (
            relative(self.path, root) if root is not None else str(self.path))
        return {
            "slug": self.slug, "locale": self.locale,
            "path": path,
            "total": self.total.to_json(), "translated": self.translated.to_json(),
            "fuzzy": self.fuzzy.to_json(), "machine": self.machine.to_json(),
            "untranslated": self.untranslated.to_json(), "obsolete": self.obsolete.to_json(),
            "percent": percent_down(self.percent), "word_percent": percent_down(self.word_percent),
        }


@dataclass(frozen=True)
class StatusOptions:
    slugs: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()  # only these locales (default: all)


def percent_down(value: float) -> float:
    """A percentage to one decimal, rounded down, as every report shows it: 99.96% done is
    99.9%, never 100%."""
    return math.floor(value * 10 + 1e-9) / 10


def percent_text(value: float) -> str:
    """``93.3%``, ``100%``: :func:`percent_down` without a trailing ``.0``."""
    return f"{percent_down(value):g}%"


def count_words(text: str) -> int:
    return len(text.split())


def catalog_status(catalog: Iterable[Any], *, slug: str, locale: str,
                   path: Path | None, template: bool = False) -> CatalogStatus:
    """Count the entries of one catalog (of a template when ``template``: all untranslated)."""
    buckets = {"translated": Counts(), "fuzzy": Counts(), "machine": Counts(),
               "untranslated": Counts(), "obsolete": Counts()}
    for entry in catalog:
        one = Counts(1, count_words(entry.msgid))
        if entry.obsolete:
            if not template:
                buckets["obsolete"] += one
            continue
        state = UNTRANSLATED if template else entry_state(entry)
        if state in (REVIEWED, SOURCE):
            buckets["translated"] += one
        elif state == UNTRANSLATED:
            buckets["untranslated"] += one
        else:
            buckets["fuzzy"] += one
            if state == MACHINE:
                buckets["machine"] += one
    return CatalogStatus(slug=slug, locale=locale, path=path, **buckets)


def workspace_status(ws: Workspace, options: StatusOptions) -> list[CatalogStatus]:
    """Status of every catalog of the given articles (all by default), by slug then locale.

    Locales are those with a catalog plus the configured target languages (a
    missing catalog counts its template's entries as untranslated). Read under
    the workspace's lock (shared).
    """
    with ws.reading():
        return _workspace_status(ws, options)


def _workspace_status(ws: Workspace, options: StatusOptions) -> list[CatalogStatus]:
    only = {parse_locale(code) for code in options.langs}
    wanted = {parse_locale(code) for code in ws.config.target_languages}
    by_slug: dict[str, set[str]] = {}
    catalogs = ws.catalogs
    if catalogs.is_dir():
        for path in catalogs.glob("*/LC_MESSAGES/*.po"):
            by_slug.setdefault(path.stem, set()).add(path.parent.parent.name)
    results = []
    for slug in ws.resolve_slugs(options.slugs):
        locales = [loc for loc in sorted(by_slug.get(slug, set()) | wanted)
                   if not only or loc in only]
        template: Any = article_template(ws, slug) if locales else None
        for locale in locales:
            path = ws.catalog_path(slug, locale)
            if path.is_file():
                edition = open_edition(ws, slug, locale, template=template)
                results.append(catalog_status(edition.catalog, slug=slug, locale=locale, path=path))
            else:
                results.append(catalog_status(template, slug=slug, locale=locale, path=None,
                                              template=True))
    return results
