"""Run the QA checks over a workspace's catalogs and collect every finding.

``check_workspace`` opens the catalogs of the requested articles and locales,
each measured against its article's template (:mod:`presslate.i18n.edition`:
an entry missing from the catalog is untranslated, one the template no longer
has is not checked), builds an :class:`~presslate.i18n.qa.model.EntryContext` per entry and runs
each enabled check on the entries whose state it looks at. A translator
silences one check on one entry with the PO flag ``presslate-no-<check>``
(``#, presslate-no-numbers``) or the same word in a translator comment
(``# presslate-no-numbers``); ``presslate-no-qa`` silences them all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..article import Article
from ..catalog import STATES, entry_state, provenance, unknown_words
from ..config import Config
from ..edition import open_edition, template_and_record
from ..errors import CatalogError, ConfigError, WorkspaceError
from ..glossary import Glossary, Term, load_glossary
from ..inline import links_of, plain_text
from ..langid import candidate_languages, detection_cache
from ..locales import language_part, parse_locale
from ..template import LANG_COMMENT
from ..workspace import Workspace, relative
from .checks import CHECKS, MARKUP_CHECKS, MIN_RATIO_LENGTH
from .model import ERROR, WARNING, Check, EntryContext, EntryRef, Finding

SILENCE_ALL = "presslate-no-qa"
MALFORMED = "malformed"  # a catalog that cannot be read: always an error
SEVERITY_RANK = {ERROR: 0, WARNING: 1}

# Usual length of a text in each language relative to English (characters), for length_ratio
# before a pair has enough translated entries to measure its own.
LENGTH_FACTORS = {
    "en": 1.0, "fr": 1.15, "es": 1.15, "it": 1.12, "pt": 1.12, "de": 1.2, "nl": 1.15,
    "ru": 1.1, "uk": 1.1, "pl": 1.1, "tr": 1.05, "ar": 0.95, "fa": 0.95, "he": 0.8,
    "ja": 0.45, "zh": 0.35, "ko": 0.55,
}
MIN_RATIO_SAMPLES = 8


@dataclass(frozen=True)
class CheckOptions:
    """What a check covers (articles, locales) and how it treats what it finds."""

    slugs: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()  # locales; default: every catalog, plus the configured targets
    # A catalog that cannot be read is an error finding, and the others are checked;
    # otherwise its CatalogError stops the run (a template that cannot be trusted always does).
    report_malformed: bool = False


@dataclass(frozen=True)
class EntryResult:
    """One entry and what was run on it (for JUnit: one test case per entry and check)."""

    ref: EntryRef
    state: str
    checks: tuple[str, ...]  # run
    silenced: tuple[str, ...]  # skipped by a presslate-no-<check> flag


@dataclass(frozen=True)
class CatalogSummary:
    """One catalog's counts in a check report."""

    article: str
    locale: str
    path: str  # relative to the workspace; "" when the catalog is missing
    states: Mapping[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.states.values())


@dataclass(frozen=True)
class CheckReport:
    """A check's findings, per-entry results and per-catalog summaries."""

    findings: tuple[Finding, ...]
    entries: tuple[EntryResult, ...]
    catalogs: tuple[CatalogSummary, ...]
    severities: Mapping[str, str]
    hidden: int = 0  # findings left out by :meth:`at_least`

    def at_least(self, severity: str) -> CheckReport:
        """The report with only the findings of ``severity`` or worse (the rest counted in
        ``hidden``)."""
        rank = SEVERITY_RANK[severity]
        kept = tuple(f for f in self.findings if SEVERITY_RANK.get(f.severity, 2) <= rank)
        return replace(self, findings=kept, hidden=self.hidden + len(self.findings) - len(kept))

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == WARNING)

    @property
    def failed(self) -> bool:
        return bool(self.errors)


def severities(config: Config, *, config_path: Path | None = None) -> dict[str, str]:
    """The severity of every check: its default, or the workspace's ``[qa] severity``."""
    known = {c.name: c.severity for c in CHECKS}
    for name in config.qa.severity:
        if name not in known:
            import difflib  # imported when a suggestion is needed

            close = difflib.get_close_matches(name, list(known), n=1)
            raise ConfigError(
                f"unknown check {name!r} in qa.severity", path=config_path,
                hint=f"did you mean {close[0]}?" if close else f"known checks: {', '.join(known)}",
            )
    return {**known, **config.qa.severity}


def silenced_checks(flags: Iterable[str], comments: str = "") -> set[str]:
    """Checks an entry silences, by a flag (``#, presslate-no-numbers``) or a translator comment
    line (``# presslate-no-numbers``, which GNU msgmerge and msgcat keep; they drop unknown flags).
    ``presslate-no-qa`` silences every check."""
    names: set[str] = set()
    words = [w.strip(",") for line in comments.splitlines() for w in line.split()]
    for flag in [*flags, *words]:
        if flag == SILENCE_ALL:
            names.update(c.name for c in CHECKS)
        elif flag.startswith("presslate-no-"):
            names.add(flag[len("presslate-no-"):].replace("-", "_"))
    return names


def _position(entry: Any) -> tuple[str, str]:
    first = (entry.comment or "").splitlines()[0] if entry.comment else ""
    kind, _, position = first.partition(" ")
    return entry.msgctxt or kind, position.strip() if kind == (entry.msgctxt or kind) else ""


def source_language(entry: Any, default: str) -> str:
    """The language of an entry's source text, from its ``lang:`` comment."""
    for line in (entry.comment or "").splitlines():
        if line.startswith(LANG_COMMENT):
            code = line[len(LANG_COMMENT):].split()[0] if line[len(LANG_COMMENT):].split() else ""
            if code:
                return language_part(code)
    return language_part(default)


def segment_ids(entry: Any) -> list[str]:
    """The segment ids of an entry's references (``#: slug:body-1f3a2b4c``)."""
    ids = []
    for where, line in entry.occurrences:
        ids.append(line if line else where.rpartition(":")[2])
    return ids


def live_entries(po: Any) -> list[Any]:
    """The catalog's entries, without the header and obsolete ones."""
    return [e for e in po if not e.obsolete and e.msgid]


def expected_ratio(source_lang: str, target_lang: str, samples: Sequence[float] = ()) -> float:
    """The usual translation/source length ratio: measured when there are enough samples."""
    if len(samples) >= MIN_RATIO_SAMPLES:
        import statistics

        return statistics.median(samples)
    return LENGTH_FACTORS.get(target_lang, 1.0) / LENGTH_FACTORS.get(source_lang, 1.0)


@dataclass
class _Catalog:
    """A catalog to check, with its article and locale."""

    slug: str
    locale: str
    path: Path
    po: Any
    missing: frozenset[tuple[str | None, str]] = frozenset()  # template entries not in the file
    links: Mapping[tuple[str, str], Mapping[str, str]] = field(default_factory=dict)  # by entry


def check_workspace(ws: Workspace, options: CheckOptions) -> CheckReport:
    """Run every enabled check on the catalogs of ``options.slugs`` (default: all articles),
    read under the workspace's lock (shared)."""
    with ws.reading(), detection_cache(ws.root):
        return _check_workspace(ws, options)


def _check_workspace(ws: Workspace, options: CheckOptions) -> CheckReport:
    levels = severities(ws.config, config_path=ws.config_path)
    glossary = Glossary()
    if ws.config.glossary:
        glossary = load_glossary(ws.root / ws.config.glossary)
    langs = tuple(parse_locale(lang) for lang in options.langs)
    catalogs: list[_Catalog] = []
    summaries: list[CatalogSummary] = []
    findings: list[Finding] = []
    slugs = ws.resolve_slugs(options.slugs)
    folders = ws.locale_folders()  # listed once: the catalogs folder grows with the workspace
    for slug in slugs:
        wanted = langs or tuple(dict.fromkeys([*ws.config.target_languages,
                                               *ws.locales(slug, folders=folders)]))
        template, record = template_and_record(ws, slug) if wanted else (None, None)
        links = _links(ws, slug, record) if wanted else {}
        for locale in wanted:
            path = ws.catalog_path(slug, locale)
            if not path.is_file():
                summaries.append(CatalogSummary(slug, locale, ""))
                if levels["untranslated"] != "off":
                    ref = EntryRef(slug, locale, "", "", "", relative(path, ws.root), 0)
                    findings.append(Finding.at(
                        ref, "untranslated", levels["untranslated"],
                        f"no {locale} catalog: run presslate translate {slug} --to {locale}"))
                continue
            try:
                edition = open_edition(ws, slug, locale, template=template)
            except CatalogError as exc:
                if not options.report_malformed:
                    raise
                summaries.append(CatalogSummary(slug, locale, relative(path, ws.root)))
                findings.append(_malformed(exc, slug, locale, ws))
                continue
            catalogs.append(_Catalog(slug, locale, path, edition.catalog, edition.missing, links))
    if not catalogs and not summaries:
        raise WorkspaceError(
            f"nothing to check: no catalog for {_names(slugs)} and no target_languages "
            "in the configuration", path=ws.catalogs,
            hint="translate first (presslate translate --to LOCALE), or set target_languages",
        )
    default_lang = ws.config.source_language
    samples = _ratio_samples(catalogs, default_lang)
    ratios: dict[tuple[str, str], float] = {}  # by language pair: a median is taken once per run
    terms: dict[tuple[str, str], tuple[Term, ...]] = {}  # the glossary's terms, by language pair
    candidates = candidate_languages([*ws.config.detect.languages, *ws.config.target_languages])
    results: list[EntryResult] = []
    for cat in catalogs:
        target = language_part(cat.locale)
        fallback_lang = cat.po.metadata.get("X-Presslate-Source-Language") or default_lang
        states: Counter[str] = Counter()
        rel = relative(cat.path, ws.root)
        for entry in live_entries(cat.po):
            state = entry_state(entry)
            states[state] += 1
            src_lang = source_language(entry, fallback_lang)
            kind, position = _position(entry)
            ids = ",".join(segment_ids(entry))
            ref = EntryRef(cat.slug, cat.locale, kind, position, ids, rel, entry.linenum or 0)
            ctx = EntryContext(
                source=entry.msgid, translation=entry.msgstr, source_lang=src_lang,
                target_lang=target, state=state, provenance=provenance(entry),
                glossary=_pair_terms(terms, glossary, src_lang, target) if src_lang != target else (),
                expected_ratio=_pair_ratio(ratios, samples, src_lang, target),
                detect_candidates=candidates, target_locale=cat.locale,
                previous_source=entry.previous_msgid or "",
                in_catalog=(entry.msgctxt, entry.msgid) not in cat.missing,
                unknown=unknown_words(entry),
                links=cat.links.get((entry.msgctxt or "", entry.msgid), {}),
            )
            words = replace(ctx, source=plain_text(ctx.source), translation=plain_text(ctx.translation),
                            previous_source=plain_text(ctx.previous_source))
            quiet = silenced_checks(entry.flags, entry.tcomment or "")
            ran, skipped = [], []
            for check in CHECKS:
                if levels[check.name] == "off" or state not in check.states:
                    continue
                if check.name in quiet:
                    skipped.append(check.name)
                    continue
                ran.append(check.name)
                findings.extend(_run(check, ctx if check.name in MARKUP_CHECKS else words, ref,
                                     levels[check.name], shown=ctx))
            results.append(EntryResult(ref, state, tuple(ran), tuple(skipped)))
        summaries.append(CatalogSummary(cat.slug, cat.locale, rel,
                                        {s: states[s] for s in STATES if states[s]}))
    findings.sort(key=lambda f: SEVERITY_RANK.get(f.severity, 2))  # errors first, else in order
    return CheckReport(tuple(findings), tuple(results), tuple(summaries), levels)


def _malformed(exc: CatalogError, slug: str, locale: str, ws: Workspace) -> Finding:
    path = relative(Path(exc.path), ws.root) if exc.path else ""
    hint = f"; {exc.hint}" if exc.hint else ""
    ref = EntryRef(slug, locale, "", "", "", path, exc.line or 0)
    return Finding.at(ref, MALFORMED, ERROR, f"the catalog cannot be read: {exc.message}{hint}")


def _links(ws: Workspace, slug: str, record: Article | None) -> dict[tuple[str, str], Mapping[str, str]]:
    """The link targets of the article's segments (``record``, read now when ``None``), by
    (msgctxt, msgid)."""
    article = record if record is not None else ws.load_article(slug)
    return {(s.kind, s.text): links_of(s.attrs) for s in article.segments if links_of(s.attrs)}


def _names(slugs: Sequence[str]) -> str:
    shown = ", ".join(slugs[:3])
    return shown + (f" and {len(slugs) - 3} more articles" if len(slugs) > 3 else "")


def _run(check: Check, ctx: EntryContext, ref: EntryRef, severity: str, *,
         shown: EntryContext) -> list[Finding]:
    """The check's findings on ``ctx``; each shows the entry as written (``shown``)."""
    return [Finding.at(ref, check.name, severity, message, source=shown.source,
                       translation=shown.translation)
            for message in check.fn(ctx)]


def _pair_ratio(ratios: dict[tuple[str, str], float], samples: Mapping[tuple[str, str], Sequence[float]],
                source_lang: str, target_lang: str) -> float:
    """:func:`expected_ratio` of the pair, computed on its first entry and kept in ``ratios``."""
    pair = (source_lang, target_lang)
    if pair not in ratios:
        ratios[pair] = expected_ratio(source_lang, target_lang, samples.get(pair, ()))
    return ratios[pair]


def _pair_terms(terms: dict[tuple[str, str], tuple[Term, ...]], glossary: Glossary,
                source_lang: str, target_lang: str) -> tuple[Term, ...]:
    """``glossary.for_pair``, chosen on the pair's first entry and kept in ``terms``."""
    pair = (source_lang, target_lang)
    if pair not in terms:
        terms[pair] = glossary.for_pair(source_lang, target_lang)
    return terms[pair]


def _ratio_samples(catalogs: Sequence[_Catalog], default_lang: str) -> dict[tuple[str, str], list[float]]:
    samples: dict[tuple[str, str], list[float]] = {}
    for cat in catalogs:
        target = language_part(cat.locale)
        fallback_lang = cat.po.metadata.get("X-Presslate-Source-Language") or default_lang
        for entry in live_entries(cat.po):
            if not entry.msgstr or len(entry.msgid) < MIN_RATIO_LENGTH:
                continue
            src = source_language(entry, fallback_lang)
            if src != target:
                samples.setdefault((src, target), []).append(len(entry.msgstr) / len(entry.msgid))
    return samples
