"""``presslate translate``: fill untranslated catalog entries from TM and MT engines.

For each article and target locale the catalog is opened (created from the
template when missing) and merged with the template (see
:mod:`presslate.i18n.edition`: entries the catalog lacks come back
untranslated, translated entries the template no longer has become obsolete,
text used as written follows its source). Entries a person translated or
approved are never touched; earlier machine suggestions stay unless refreshed. A segment already
in the target language is used as written; every other segment is
translated from its own language.

Articles go in groups of about :data:`GROUP_ENTRIES` catalog entries (whole
articles, every locale), so the memory a run holds does not grow with the
workspace. Within a group, pending entries are grouped by language pair
across its articles, so each engine sees one batch per pair and group. Each
group's changed catalogs are written together in one transaction: every
article is left whole, before or after the run, and running it again
finishes what a killed or interrupted run left. A catalog nothing changed is
neither formatted nor written.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .catalog import (
    CHANGED,
    MACHINE,
    SOURCE,
    entry_state,
    is_human,
    set_machine,
    set_source_as_written,
)
from .charsets import encode_po
from .edition import Alignment, article_template, open_edition, same_bytes
from .engines.apertium import debian_package
from .engines.base import Engine, Route, Translation
from .engines.markup import Prepared, prepare, restore
from .engines.routes import choose_route, preference_for
from .errors import EXIT_PARTIAL, ConfigError, EngineError, PresslateError
from .executor import EngineSpec, Executor, ExecutorSettings
from .glossary import Glossary, load_glossary
from .locales import language_part, parse_locale
from .template import LANG_COMMENT
from .workspace import Workspace

log = logging.getLogger(__name__)

ENGINE_CHOICES = ("auto", "argos", "apertium", "tm", "none")
MACHINE_ENGINES = ("argos", "apertium")

# Called with (entries done, entries pending) as the run advances; the pending count grows as
# each group of articles is read.
Progress = Callable[[int, int], None]
# Catalog entries (of every locale) a group of articles holds, about: whole articles are added
# until it is reached. A run holds one group's catalogs at a time (about 1.5 kB an entry).
GROUP_ENTRIES = 5000


class RunInterrupted(PresslateError):
    """A run stopped (Ctrl-C, an error) after saving the catalogs of some of its articles."""

    exit_code = EXIT_PARTIAL


@dataclass(frozen=True)
class TranslateOptions:
    slugs: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    engine: str = "auto"
    refresh_machine: bool = False
    executor: ExecutorSettings | None = None  # None: translate.executor of the workspace
    group_entries: int = 0  # entries per group of articles; 0: GROUP_ENTRIES


@dataclass(frozen=True)
class Filled:
    locale: str
    engine: str
    count: int


@dataclass(frozen=True)
class Skipped:
    """Entries left untranslated for one language pair, why, and how to fix it."""

    locale: str
    source: str
    target: str
    count: int
    reason: str
    hint: str = ""


@dataclass(frozen=True)
class TranslateSummary:
    filled: tuple[Filled, ...] = ()
    as_written: tuple[tuple[str, int], ...] = ()
    skipped: tuple[Skipped, ...] = ()
    kept_human: int = 0
    kept_machine: int = 0
    kept_changed: int = 0  # fuzzy because the source changed (#| msgid)
    kept_drafts: int = 0  # a person's fuzzy draft awaiting approval
    kept_as_written: int = 0
    not_requested: int = 0
    unknown_words: int = 0  # source words an engine did not know, counted once per segment
    unknown_segments: int = 0  # segments holding one or more
    unknown: tuple[str, ...] = ()  # those words, each once, in the order met
    lost_placeholders: int = 0
    retried_unmasked: int = 0
    catalogs: tuple[Path, ...] = ()
    routes: tuple[str, ...] = ()
    aligned: tuple[tuple[str, Alignment], ...] = ()  # per locale: what merging the template did

    @property
    def total_filled(self) -> int:
        return sum(f.count for f in self.filled)

    @property
    def partial(self) -> bool:
        return bool(self.skipped)


@dataclass
class _Pending:
    slug: str
    locale: str
    entry: Any
    source: str
    target: str


@dataclass
class _Run:
    ws: Workspace
    options: TranslateOptions
    progress: Progress | None
    executor: Executor
    glossary: Glossary = field(default_factory=Glossary)
    engines: dict[str, Engine] = field(default_factory=dict)
    memories: dict[str, Any] = field(default_factory=dict)  # locale -> TranslationMemory
    catalogs: dict[tuple[str, str], Any] = field(default_factory=dict)  # the group's
    dirty: set[tuple[str, str]] = field(default_factory=set)  # changed in memory: to save
    # The file's reviewed entries of a catalog whose alignment changed them (the group's), and
    # of those saved before the locale's translation memory was read (it reads the files as
    # they were when the run started).
    on_disk: dict[tuple[str, str], tuple[tuple[str, str], ...]] = field(default_factory=dict)
    replaced: dict[str, dict[str, tuple[tuple[str, str], ...]]] = field(default_factory=dict)
    later: set[str] = field(default_factory=set)  # articles of the groups still to come
    saved: int = 0  # articles whose group was saved
    written: list[Path] = field(default_factory=list)
    filled: Counter[tuple[str, str]] = field(default_factory=Counter)
    as_written: Counter[str] = field(default_factory=Counter)
    skipped: list[Skipped] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)
    aligned: dict[str, Alignment] = field(default_factory=dict)
    kept_human: int = 0
    kept_machine: int = 0
    kept_changed: int = 0  # fuzzy because the source changed (#| msgid)
    kept_drafts: int = 0  # a person's fuzzy draft awaiting approval
    kept_as_written: int = 0
    not_requested: int = 0
    unknown_words: int = 0
    unknown_segments: int = 0
    unknown: dict[str, None] = field(default_factory=dict)
    lost_placeholders: int = 0
    retried_unmasked: int = 0
    done: int = 0
    total: int = 0

    def tick(self, extra: int = 0) -> None:
        if self.progress is not None:
            self.progress(min(self.done + extra, self.total), self.total)

    def fill(self, item: _Pending, text: str, note: str, engine: str,
             unknown: Sequence[str] = ()) -> None:
        set_machine(item.entry, text, note, unknown)
        self.filled[(item.locale, engine)] += 1
        self.dirty.add((item.slug, item.locale))

    def save(self) -> None:
        """Write every catalog of the group changed in memory, in one transaction: all of
        them or none."""
        tx = self.ws.transaction()
        for key in sorted(self.dirty):
            path = self.ws.catalog_path(*key)
            data = encode_po(self.catalogs[key])  # in the catalog's own charset
            if not same_bytes(path, data):
                tx.write(path, data)
                self.written.append(path)
                if key in self.on_disk and key[1] not in self.memories:
                    self.replaced.setdefault(key[1], {})[key[0]] = self.on_disk[key]
        tx.commit()
        self.dirty.clear()


def _targets(ws: Workspace, options: TranslateOptions) -> list[str]:
    raw = options.targets or ws.config.target_languages
    if not raw:
        raise ConfigError("no target language given",
                          hint="pass --to fr,de or set target_languages in presslate.toml")
    locales: list[str] = []
    for code in raw:
        locale = parse_locale(code, what="target language")
        if locale not in locales:
            locales.append(locale)
    return locales


def _segment_lang(entry: Any) -> str:
    for line in (entry.comment or "").splitlines():
        if line.startswith(LANG_COMMENT):
            return line[len(LANG_COMMENT):].split(" ", 1)[0]
    return ""


def _collect(run: _Run, slug: str, locales: Sequence[str], pending: list[_Pending]) -> int:
    """Open the article's catalogs, add its pending entries; returns the entries read."""
    article = run.ws.load_article(slug)
    langs = {(s.kind, s.text): s.lang for s in article.included}
    fallback = article.meta.lang or run.ws.config.source_language
    template = article_template(run.ws, slug)
    read = 0
    for locale in locales:
        edition = open_edition(run.ws, slug, locale, create=True, template=template, track=True)
        catalog = edition.catalog
        read += len(catalog)
        run.catalogs[(slug, locale)] = catalog
        if edition.changed:  # saved when it differs from the file
            run.dirty.add((slug, locale))
        if edition.reviewed_on_disk is not None:
            run.on_disk[(slug, locale)] = edition.reviewed_on_disk
        run.as_written[locale] += edition.alignment.as_written
        run.kept_as_written -= edition.alignment.as_written  # counted below as well
        if not edition.created:
            run.aligned[locale] = run.aligned.get(locale, Alignment()) + edition.alignment
        target = language_part(locale)
        for entry in catalog:
            if entry.obsolete:
                continue
            state = entry_state(entry)
            if state == SOURCE:
                run.kept_as_written += 1
                continue
            if is_human(entry):
                run.kept_human += 1
                continue
            if state == CHANGED and (entry.previous_msgid or entry.previous_msgctxt):
                run.kept_changed += 1
                continue
            if state == CHANGED:
                run.kept_drafts += 1
                continue
            if state == MACHINE and not run.options.refresh_machine:
                run.kept_machine += 1
                continue
            source = language_part(langs.get((entry.msgctxt or "", entry.msgid))
                                   or _segment_lang(entry) or fallback)
            if source == target:
                set_source_as_written(entry)
                run.as_written[locale] += 1
                run.dirty.add((slug, locale))
                continue
            pending.append(_Pending(slug, locale, entry, source, target))
    return read


def _machine_names(run: _Run) -> list[str]:
    engine = run.options.engine
    if engine == "auto":
        return [e for e in run.ws.config.translate.engines if e in MACHINE_ENGINES]
    return [engine] if engine in MACHINE_ENGINES else []


def _uses_tm(run: _Run) -> bool:
    return run.options.engine == "tm" or (
        run.options.engine == "auto" and "tm" in run.ws.config.translate.engines)


def _engine(run: _Run, name: str) -> Engine:
    if name not in run.engines:
        cfg = run.ws.config.translate
        run.engines[name] = run.executor.engine(EngineSpec(name, beam_size=cfg.beam_size,
                                                           max_batch_tokens=cfg.max_batch_tokens,
                                                           timeout=cfg.timeout))
    return run.engines[name]


def _missing_hint(names: Sequence[str], source: str, target: str) -> str:
    ways = []
    if "argos" in names:
        ways.append(f"presslate models download {source} {target} "
                    f"(or presslate models install FILE.argosmodel)")
    if "apertium" in names:
        ways.append(f"apt-get install {debian_package(source, target)} (if Debian packages that pair)")
    if not ways:
        return "choose an engine: --engine auto, argos or apertium"
    return "get an engine: " + "; or ".join(ways)


def _find(run: _Run, names: Sequence[str], source: str, target: str) -> tuple[Engine, Route] | None:
    """The engine and route for the pair: see :mod:`presslate.i18n.engines.routes`."""
    cfg = run.ws.config.translate
    pivots = list(dict.fromkeys(language_part(p) for p in cfg.pivots))
    chosen = choose_route([_engine(run, name) for name in names], source, target, pivots,
                          preference_for(cfg.routes, source, target))
    return None if chosen is None else (chosen.engine, chosen.route)


def _fill_from_tm(run: _Run, pending: list[_Pending], *, close: bool) -> list[_Pending]:
    """Fill from the translation memory; returns what is still pending."""
    from .engines.tm import TranslationMemory

    left = []
    threshold = run.ws.config.translate.tm_threshold
    for item in pending:
        memory = run.memories.get(item.locale)
        if memory is None:
            memory = run.memories[item.locale] = TranslationMemory.from_workspace(
                run.ws, item.locale, run.replaced.pop(item.locale, None))
        match = memory.close(item.entry.msgid, threshold) if close else memory.exact(item.entry.msgid)
        if match is None:
            left.append(item)
            continue
        run.fill(item, match.text, match.note, "tm")
        run.done += 1
    run.tick()
    return left


def _translate_pair(run: _Run, names: Sequence[str], source: str, target: str,
                    items: list[_Pending]) -> None:
    found = _find(run, names, source, target)
    if found is None:
        if _uses_tm(run):
            items = _fill_from_tm(run, items, close=True)
        preference = preference_for(run.ws.config.translate.routes, source, target)
        reason = f"no engine translates {source}→{target} here"
        if preference is not None:
            reason += f" by its route in translate.routes ({preference.describe()})"
        for locale, count in Counter(i.locale for i in items).items():
            run.skipped.append(Skipped(locale, source, target, count, reason,
                                       _missing_hint(names, source, target)))
        run.done += len(items)
        run.tick()
        return
    engine, route = found
    by_text: dict[str, list[_Pending]] = {}
    for item in items:
        by_text.setdefault(item.entry.msgid, []).append(item)
    texts = list(by_text)
    terms = run.glossary.for_pair(source, target)
    html_engine = callable(getattr(engine, "translate_html", None))
    masked = [prepare(t, terms, source=source, target=target, html_engine=html_engine)
              for t in texts]
    start = run.done
    share = len(items) / max(len(texts), 1)

    def advance(finished: int) -> None:
        if run.progress is not None:
            run.progress(min(start + int(finished * share), run.total), run.total)

    try:
        outputs = _engine_translate(engine, route, masked, advance)
    except EngineError as exc:
        for locale, count in Counter(i.locale for i in items).items():
            run.skipped.append(Skipped(locale, source, target, count, exc.message, exc.hint or ""))
        run.done += len(items)
        run.tick()
        return
    run.routes.append(route.describe())
    results = [restore(out.text, m) for out, m in zip(outputs, masked, strict=True)]
    unmasked = [prepare(t, terms, source=source, target=target, html_engine=html_engine, facts=False)
                for t in texts]
    _retry_unmasked(run, engine, route, unmasked, outputs, results)
    empty = Counter[str]()
    for text, out, (final, _) in zip(texts, outputs, results, strict=True):
        if final and out.unknown:
            run.unknown_words += len(out.unknown)
            run.unknown_segments += 1
            run.unknown.update(dict.fromkeys(out.unknown))
        for item in by_text[text]:
            if final:
                run.fill(item, final, out.note, engine.name, out.unknown)
            else:
                empty[item.locale] += 1
    for locale, count in empty.items():
        run.skipped.append(Skipped(locale, source, target, count,
                                   f"{engine.name} returned an empty translation"))
    run.done += len(items)
    run.tick()


def _engine_translate(engine: Engine, route: Route, prepared: Sequence[Prepared],
                      advance: Callable[[int], None] | None = None) -> list[Translation]:
    """The engine's outputs for ``prepared``, in order: HTML fragments through its
    ``translate_html`` (Apertium's HTML format), the others through ``translate``."""
    html = [i for i, p in enumerate(prepared) if p.html]
    if not html:
        return engine.translate(route, [p.text for p in prepared], advance)
    rest = [i for i, p in enumerate(prepared) if not p.html]
    outputs: list[Translation | None] = [None] * len(prepared)
    translate_html: Callable[[Route, list[str]], list[Translation]] = getattr(  # noqa: B009
        engine, "translate_html")
    for indexes, call in ((rest, engine.translate), (html, translate_html)):
        if indexes:
            for i, out in zip(indexes, call(route, [prepared[i].text for i in indexes]), strict=True):
                outputs[i] = out
    if advance is not None:
        advance(len(prepared))
    return [out for out in outputs if out is not None]


def _retry_unmasked(run: _Run, engine: Engine, route: Route, unmasked: list[Prepared],
                    outputs: list[Translation], results: list[tuple[str, int]]) -> None:
    """Texts whose placeholders the engine dropped go through once more, facts unmasked, in one
    batch: better a translation without the glossary than one missing a name or a number. (The
    tags of a text stay held: they cannot go to an engine as words.)"""
    lost = [i for i, (_, count) in enumerate(results) if count]
    if not lost:
        return
    try:
        again = _engine_translate(engine, route, [unmasked[i] for i in lost])
    except EngineError as exc:
        log.warning("second pass without placeholders failed: %s", exc)
        run.lost_placeholders += sum(results[i][1] for i in lost)
        return
    run.retried_unmasked += len(lost)
    for i, out in zip(lost, again, strict=True):
        outputs[i] = out
        results[i] = restore(out.text, unmasked[i])
        run.lost_placeholders += results[i][1]  # tags the engine dropped again


def translate_articles(ws: Workspace, options: TranslateOptions,
                       progress: Progress | None = None,
                       engines: dict[str, Engine] | None = None) -> TranslateSummary:
    """Fill the catalogs of ``options.slugs`` (all articles by default) for the target locales."""
    if options.engine not in ENGINE_CHOICES:
        raise ConfigError(f"unknown engine {options.engine!r}",
                          hint=f"use one of {', '.join(ENGINE_CHOICES)}")
    locales = _targets(ws, options)
    glossary = load_glossary(ws.root / ws.config.glossary) if ws.config.glossary else Glossary()
    cfg = ws.config.translate
    settings = options.executor or ExecutorSettings(cfg.executor, cfg.workers, cfg.ray_address)
    with Executor(settings) as executor, ws.lock():
        run = _Run(ws, options, progress, executor, glossary=glossary, engines=dict(engines or {}))
        slugs = ws.resolve_slugs(options.slugs)
        try:
            _run_groups(run, slugs, locales, options.group_entries or GROUP_ENTRIES)
        except (KeyboardInterrupt, PresslateError) as exc:
            if not run.saved:
                raise
            what = "interrupted" if isinstance(exc, KeyboardInterrupt) else f"stopped: {exc}"
            raise RunInterrupted(
                f"{what}; the catalogs of {run.saved} of {len(slugs)} articles were saved",
                hint="run presslate translate again to finish (what is saved is not done again)",
            ) from exc
    return TranslateSummary(
        filled=tuple(Filled(loc, eng, n) for (loc, eng), n in sorted(run.filled.items())),
        as_written=tuple(sorted((loc, n) for loc, n in run.as_written.items() if n)),
        skipped=_merged_skips(run.skipped),
        kept_human=run.kept_human,
        kept_machine=run.kept_machine,
        kept_changed=run.kept_changed,
        kept_drafts=run.kept_drafts,
        kept_as_written=run.kept_as_written,
        not_requested=run.not_requested,
        unknown_words=run.unknown_words,
        unknown_segments=run.unknown_segments,
        unknown=tuple(run.unknown),
        lost_placeholders=run.lost_placeholders,
        retried_unmasked=run.retried_unmasked,
        catalogs=tuple(run.written),
        routes=tuple(dict.fromkeys(run.routes)),
        aligned=tuple(sorted(run.aligned.items())),
    )


def _run_groups(run: _Run, slugs: Sequence[str], locales: Sequence[str], limit: int) -> None:
    """Read, fill and save the articles group by group (see the module's documentation)."""
    from .notes import Annotator

    run.later = set(slugs)

    def opener(slug: str, locale: str) -> Any:
        """The translator's notes draw on the memory of the catalogs as this run leaves them:
        an article of a later group as aligned with its template (groups already saved are read
        from their files)."""
        if slug not in run.later or not run.ws.catalog_path(slug, locale).is_file():
            return None
        return open_edition(run.ws, slug, locale).catalog

    annotate = Annotator(run.ws, glossary=run.glossary, loaded=run.catalogs, opener=opener)
    index = 0
    while index < len(slugs):
        group: list[str] = []
        pending: list[_Pending] = []
        read = 0
        while index < len(slugs) and (not group or read < limit):
            slug = slugs[index]
            index += 1
            run.later.discard(slug)
            group.append(slug)
            read += _collect(run, slug, locales, pending)
        run.total += len(pending)
        run.tick()
        _fill(run, pending)
        for (slug, locale), catalog in run.catalogs.items():  # the translator's notes, afresh
            if annotate(slug, locale, catalog):
                run.dirty.add((slug, locale))
        run.save()
        run.saved += len(group)
        run.catalogs.clear()
        run.on_disk.clear()
    annotate.keep()


def _fill(run: _Run, pending: list[_Pending]) -> None:
    """Fill the group's pending entries: memory first, then the engines, one batch per pair."""
    if pending and _uses_tm(run):
        pending = _fill_from_tm(run, pending, close=False)
    names = _machine_names(run)
    groups: dict[tuple[str, str], list[_Pending]] = {}
    for item in pending:
        groups.setdefault((item.source, item.target), []).append(item)
    for (source, target), items in sorted(groups.items()):
        if run.options.engine == "none":
            run.not_requested += len(items)
            continue
        _translate_pair(run, names, source, target, items)


def _merged_skips(skipped: Sequence[Skipped]) -> tuple[Skipped, ...]:
    """One line per locale, pair and reason, whatever the number of groups."""
    counts: Counter[Skipped] = Counter()
    for skip in skipped:
        counts[replace(skip, count=0)] += skip.count
    return tuple(replace(skip, count=n) for skip, n in counts.items())
