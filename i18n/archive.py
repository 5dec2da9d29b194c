"""``presslate archive translate``: machine-translate a collection that is not kept as review
catalogs (an archive of millions of articles), on a Ray cluster.

A Ray Data pipeline: read (the files of a folder, or the lines of a JSON-lines file) → segment
and detect each segment's language (tasks, as ``presslate pull`` does) → translate on a pool of
actors, each holding its engines once (the texts of a batch of articles grouped by language
pair, numbers and times protected as in ``translate``) → write, on the driver as the batches
stream in, one localized JSON document per article and language (``DIR/LOCALE/ID.json``, the
``export --format json`` record: provenance on each machine-translated segment, the machine
notice), atomically. ID is the file's path in SOURCE without its suffix (with it when two files
differ only by suffix), or for a JSON-lines file the headline's slug and a digest of the line;
``-001``, ``-002``… follow it for a file holding several articles. A rerun skips each document
already written, so an interrupted run resumes; a killed worker is restarted by Ray, which
retries its batch (a document is written whole or not at all, and the same bytes again if
written twice). An article that cannot be read or fully translated is reported with why, never
left out silently; ``DIR/failures.jsonl`` lists them after each run.

SOURCE must be readable at the same path from every node (one machine, or a shared filesystem),
as Ray Data's readers need; DIR is written by the driver, and read by the workers to skip what is
done (without a shared DIR, a rerun translates again what other nodes cannot see).
"""

from __future__ import annotations

import glob
import hashlib
import json
import pickle
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .article import Article, make_slug
from .config import Config
from .engines.base import Engine, Route, Translation
from .errors import ConfigError, PresslateError, SourceError
from .locales import language_part, parse_locale
from .masking import mask, unmask

DOCUMENT = "{locale}/{id}.json"
FAILURES = "failures.jsonl"
ARTICLES_PER_BATCH = 8


@dataclass(frozen=True)
class ArchiveOptions:
    source: Path
    targets: tuple[str, ...]
    out: Path
    engine: str = "auto"  # auto: the machine engines of translate.engines, in order
    workers: int = 0  # translating actors; 0: one per CPU of the cluster
    address: str = ""  # "" starts a local Ray instance; auto; HOST:6379
    config: Config = field(default_factory=Config)
    batch: int = ARTICLES_PER_BATCH


@dataclass(frozen=True)
class ArchiveFailure:
    article: str  # its id, or its origin when it could not be read
    locale: str  # "" when the article itself could not be read
    message: str


@dataclass
class ArchiveProgress:
    written: int = 0
    already: int = 0  # written by an earlier run
    failed: int = 0
    segments: int = 0  # segments translated by this run
    started: float = field(default_factory=time.monotonic)

    @property
    def rate(self) -> float:
        """Segments translated per second so far."""
        return self.segments / max(time.monotonic() - self.started, 1e-9)


@dataclass(frozen=True)
class ArchiveSummary:
    written: int
    already: int
    segments: int
    seconds: float
    failures: tuple[ArchiveFailure, ...]

    @property
    def partial(self) -> bool:
        return bool(self.failures)


def _engine_names(options: ArchiveOptions) -> list[str]:
    if options.engine == "auto":
        return [e for e in options.config.translate.engines if e in ("argos", "apertium")]
    if options.engine not in ("argos", "apertium"):
        raise ConfigError(f"archive translate needs a machine engine, not {options.engine!r}",
                          hint="use --engine auto, argos or apertium")
    return [options.engine]


def document_path(out: Path, locale: str, article_id: str) -> Path:
    return out / DOCUMENT.format(locale=locale, id=article_id)


# -- read, segment, detect ------------------------------------------------------------------


def _rows(articles: Sequence[tuple[str, Article]], targets: Sequence[str], out: Path) -> list[dict[str, Any]]:
    rows = []
    for article_id, found in articles:
        article = replace(found, meta=replace(found.meta, slug=article_id))  # the document's name
        todo = [t for t in targets if not document_path(out, t, article_id).is_file()]
        rows.append({"id": article_id, "origin": article.meta.source, "article": pickle.dumps(article),
                     "todo": json.dumps(todo), "already": len(targets) - len(todo), "error": ""})
    return rows


def _message(exc: PresslateError) -> str:
    """The error without its path (the failure names the article), with its hint."""
    return exc.message + (f" ({exc.hint})" if exc.hint else "")


def _failed(origin: str, message: str) -> dict[str, Any]:
    return {"id": "", "origin": origin, "article": b"", "todo": "[]", "already": 0, "error": message}


def _read(text: str, name: str, origin: str, config: Config, fmt: str = "auto") -> list[Article]:
    from .pull import build_article
    from .readers import read_articles, sniff_format

    fmt = fmt if fmt != "auto" else sniff_format(text, name)
    reading = read_articles(text, fmt=fmt, origin=origin)
    if not reading.articles:
        raise SourceError("no article in it", path=origin)
    return [build_article(raw, slug=make_slug(raw.title or Path(name).stem), origin=origin, fmt=fmt,
                          lang=None, config=config, overrides={}) for raw in reading.articles]


def file_id(path: Path, root: Path) -> str:
    """A file's id: its path in the folder without its suffix (``2019/03/story``), or with it
    when a file beside it has the same stem (``story.md`` and ``story.html``)."""
    relative = path.relative_to(root)
    siblings = [p for p in path.parent.glob(glob.escape(path.stem) + ".*") if p.stem == path.stem]
    return str(relative if len(siblings) > 1 else relative.with_suffix(""))


def prepare_file(row: dict[str, Any], *, targets: Sequence[str], out: Path, root: Path,
                 config: Config) -> list[dict[str, Any]]:
    """A file of the folder: its articles, each with the languages still to write."""
    from .readers import Source, decode_source

    origin = str(row["path"])
    stem = file_id(Path(origin), root)
    if all(document_path(out, t, stem).is_file() for t in targets):  # done: not even read again
        return [{"id": stem, "origin": origin, "article": b"", "todo": "[]", "already": len(targets),
                 "error": ""}]
    try:
        text = decode_source(Source(bytes(row["bytes"]), origin, Path(origin).name))
        articles = _read(text, Path(origin).name, origin, config)
    except PresslateError as exc:
        return [_failed(origin, _message(exc))]
    named = [(stem if len(articles) == 1 else f"{stem}-{n:03d}", a) for n, a in enumerate(articles, 1)]
    return _rows(named, targets, out)


def prepare_line(row: dict[str, Any], *, targets: Sequence[str], out: Path, config: Config,
                 origin: str) -> list[dict[str, Any]]:
    """A line of the JSON-lines file: one article (its id: its headline's slug and a digest of
    the line, the same on every run)."""
    line = str(row["text"])
    if not line.strip():
        return []
    digest = hashlib.sha256(line.encode()).hexdigest()[:10]
    try:
        articles = _read(line, "article.json", origin, config, fmt="json")
    except PresslateError as exc:
        return [_failed(f"{origin} (line {digest})", _message(exc))]
    named = [(f"{a.slug[:60]}-{digest}" + (f"-{n:03d}" if len(articles) > 1 else ""), a)
             for n, a in enumerate(articles, 1)]
    return _rows(named, targets, out)


# -- translate --------------------------------------------------------------------------------


def translate_texts(engine: Engine, route: Route, texts: Sequence[str]) -> list[Translation]:
    """``texts`` along ``route`` with numbers and times protected, as ``translate`` does: a text
    whose placeholders the engine dropped is translated again unmasked."""
    source, target = route.pair
    masked = [mask(t, (), source=source, target=target) for t in texts]
    outputs = engine.translate(route, [m.text for m in masked])
    results = []
    lost = []
    for i, (out, m) in enumerate(zip(outputs, masked, strict=True)):
        text, missing = unmask(out.text, m)
        results.append(Translation(text, out.note, out.unknown_words, out.unknown))
        if missing:
            lost.append(i)
    if lost:
        for i, out in zip(lost, engine.translate(route, [texts[i] for i in lost]), strict=True):
            results[i] = Translation(out.text.strip(), out.note, out.unknown_words, out.unknown)
    return results


class ArchiveTranslator:
    """The actor: engines built once; translates a batch of articles into every language asked."""

    def __init__(self, names: Sequence[str], config: Config) -> None:
        from .engines import engine_by_name

        cfg = config.translate
        self.engines = [engine_by_name(n, beam_size=cfg.beam_size, max_batch_tokens=cfg.max_batch_tokens,
                                       timeout=cfg.timeout) for n in names]
        self.config = config
        self.routes: dict[tuple[str, str], tuple[Engine, Route] | None] = {}

    def _route(self, source: str, target: str) -> tuple[Engine, Route] | None:
        from .engines.routes import choose_route, preference_for

        if (source, target) not in self.routes:
            cfg = self.config.translate
            pivots = list(dict.fromkeys(language_part(p) for p in cfg.pivots))
            chosen = choose_route(self.engines, source, target, pivots,
                                  preference_for(cfg.routes, source, target))
            self.routes[(source, target)] = None if chosen is None else (chosen.engine, chosen.route)
        return self.routes[(source, target)]

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {"id": [], "origin": [], "locale": [], "document": [], "error": [],
                                     "segments": [], "already": []}

        def emit(article_id: str, origin: str, locale: str, document: str, error: str,
                 segments: int, already: int) -> None:
            for key, value in zip(out, (article_id, origin, locale, document, error, segments, already),
                                  strict=True):
                out[key].append(value)

        jobs: list[tuple[str, str, Article, str]] = []
        for article_id, origin, data, todo, already, error in zip(
                batch["id"], batch["origin"], batch["article"], batch["todo"], batch["already"],
                batch["error"], strict=True):
            if error:
                emit("", str(origin), "", "", str(error), 0, 0)
                continue
            targets = json.loads(str(todo))
            if not targets:
                emit(str(article_id), str(origin), "", "", "", 0, int(already))
                continue
            article = pickle.loads(bytes(data))
            for n, locale in enumerate(targets):
                jobs.append((str(article_id), str(origin), article, locale))
                if n == 0 and already:
                    emit(str(article_id), str(origin), "", "", "", 0, int(already))
        # every text of the batch, once per language pair
        pairs: dict[tuple[str, str], dict[str, None]] = {}
        for _, _, article, locale in jobs:
            target = language_part(locale)
            for seg in article.included:
                source = language_part(seg.lang or article.meta.lang)
                if source != target:
                    pairs.setdefault((source, target), {})[seg.text] = None
        done: dict[tuple[str, str, str], Translation] = {}
        failed: dict[tuple[str, str], str] = {}
        for (source, target), texts in sorted(pairs.items()):
            found = self._route(source, target)
            if found is None:
                failed[(source, target)] = f"no engine translates {source}→{target} here"
                continue
            try:
                outputs = translate_texts(found[0], found[1], list(texts))
            except PresslateError as exc:
                failed[(source, target)] = str(exc)
                continue
            for text, translation in zip(texts, outputs, strict=True):
                done[(source, target, text)] = translation
        for article_id, origin, article, locale in jobs:
            try:
                document, count = _document(article, locale, done, failed)
            except PresslateError as exc:
                emit(article_id, origin, locale, "", str(exc), 0, 0)
                continue
            emit(article_id, origin, locale, document, "", count, 0)
        return out


def _document(article: Article, locale: str, done: dict[tuple[str, str, str], Translation],
              failed: dict[tuple[str, str], str]) -> tuple[str, int]:
    """The article in ``locale`` as the JSON export writes it; every segment translated or in
    ``locale`` already, else an error naming the pair."""
    import polib

    from .catalog import set_machine
    from .export.jsonfmt import render_json
    from .export.localize import localize

    target = language_part(locale)
    entries = {}
    for seg in article.included:
        source = language_part(seg.lang or article.meta.lang)
        if source == target:
            continue
        if (source, target) in failed:
            raise PresslateError(f"{source}→{target}: {failed[(source, target)]}")
        translation = done[(source, target, seg.text)]
        if not translation.text:
            raise PresslateError(f"{source}→{target}: the engine returned an empty translation of "
                                 f"segment {seg.id}")
        entry = polib.POEntry(msgctxt=seg.kind, msgid=seg.text)
        set_machine(entry, translation.text, translation.note, translation.unknown)
        entries[(seg.kind, seg.text)] = entry
    doc = localize(article, entries, locale, policy="machine")
    return render_json(doc), len(entries)


# -- write --------------------------------------------------------------------------------------


def write_documents(batch: dict[str, Any], *, out: Path) -> dict[str, list[Any]]:
    """Write each translated document atomically, on the driver, as the batches arrive."""
    from .files import write_atomic

    status: dict[str, list[Any]] = {"id": [], "origin": [], "locale": [], "error": [], "segments": [],
                                    "already": [], "written": []}
    for article_id, origin, locale, document, error, segments, already in zip(
            batch["id"], batch["origin"], batch["locale"], batch["document"], batch["error"],
            batch["segments"], batch["already"], strict=True):
        written = 0
        if document:
            path = document_path(out, str(locale), str(article_id))
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(path, str(document))
                written = 1
            except OSError as exc:
                error = f"cannot write {path}: {exc.strerror or exc}"
        for key, value in zip(status, (article_id, origin, locale, error, segments, already, written),
                              strict=True):
            status[key].append(value)
    return status


# -- the pipeline ---------------------------------------------------------------------------------


def _dataset(options: ArchiveOptions, targets: Sequence[str]) -> Any:
    import functools

    import ray.data

    source = options.source
    workers = options.workers or _cpus()
    # Reading and detecting reserve no CPU: the translating actors hold one each, and tasks
    # waiting for a CPU they hold would wait for ever. Files are read a few hundred per task.
    light: dict[str, Any] = {"num_cpus": 0}
    if source.is_dir():
        files = sorted(str(p) for p in source.rglob("*") if p.is_file() and not p.name.startswith("."))
        if not files:
            raise SourceError("no files in this folder", path=source, hint="give a folder of articles")
        blocks = min(len(files), max(workers, len(files) // 200))
        ds = ray.data.read_binary_files(files, include_paths=True, override_num_blocks=blocks, **light)
        prepare = functools.partial(prepare_file, targets=targets, out=options.out, root=source,
                                    config=options.config)
    elif source.is_file():
        ds = ray.data.read_text(str(source), **light)
        prepare = functools.partial(prepare_line, targets=targets, out=options.out, config=options.config,
                                    origin=str(source))
    else:
        raise SourceError("no such file or folder", path=source,
                          hint="give a folder of articles or a JSON-lines file")
    ds = ds.flat_map(prepare, **light)
    return ds.map_batches(ArchiveTranslator, fn_constructor_args=(_engine_names(options), options.config),
                          batch_size=options.batch, batch_format="numpy",
                          compute=ray.data.ActorPoolStrategy(size=workers), num_cpus=1)


def _cpus() -> int:
    import ray

    return max(1, int(ray.cluster_resources().get("CPU", 1)))  # type: ignore[no-untyped-call]


def archive_translate(options: ArchiveOptions,
                      progress: Callable[[ArchiveProgress], None] | None = None) -> ArchiveSummary:
    """Translate ``options.source`` into ``options.targets``; see the module's doc."""
    targets = [parse_locale(t, what="target language") for t in options.targets]
    if not targets:
        raise ConfigError("no target language given", hint="pass --to fr,es")
    _engine_names(options)
    if not options.source.exists():
        raise SourceError("no such file or folder", path=options.source,
                          hint="give a folder of articles or a JSON-lines file")
    try:
        import ray
    except ImportError as exc:
        raise ConfigError("archive translate needs Ray", hint="pip install 'presslate[ray]'") from exc
    started = not ray.is_initialized()
    if started:
        init: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
        if options.address:
            init["address"] = options.address
        try:
            ray.init(**init)
        except ConnectionError as exc:
            raise ConfigError(f"cannot connect to the Ray cluster at {options.address!r}: {exc}",
                              hint="start it (ray start --head) or give its address") from exc
    try:
        with warnings.catch_warnings():
            # Ray Data's own context warns of its deprecated defaults when made: not ours to fix.
            warnings.simplefilter("ignore", DeprecationWarning)
            context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        state = ArchiveProgress()
        failures: list[ArchiveFailure] = []
        with warnings.catch_warnings():
            # Ray Data notes that a small input cannot use a pool's every task: nothing to fix.
            warnings.filterwarnings("ignore", "The maximum number of concurrent tasks", UserWarning)
            for batch in _dataset(options, targets).iter_batches(batch_format="numpy", batch_size=None):
                _count(write_documents(batch, out=options.out), state, failures)
                if progress is not None:
                    progress(state)
    finally:
        if started:
            ray.shutdown()
    _write_failures(options.out, failures)
    return ArchiveSummary(state.written, state.already, state.segments,
                          time.monotonic() - state.started, tuple(failures))


def _count(batch: dict[str, Any], state: ArchiveProgress, failures: list[ArchiveFailure]) -> None:
    for article_id, origin, locale, error, segments, already, written in zip(
            batch["id"], batch["origin"], batch["locale"], batch["error"], batch["segments"],
            batch["already"], batch["written"], strict=True):
        state.already += int(already)
        state.written += int(written)
        state.segments += int(segments) if written else 0
        if error:
            state.failed += 1
            failures.append(ArchiveFailure(str(article_id or origin), str(locale), str(error)))


def _write_failures(out: Path, failures: Sequence[ArchiveFailure]) -> None:
    """``DIR/failures.jsonl``: this run's failures, one JSON object a line (removed when none)."""
    from .files import write_atomic

    path = out / FAILURES
    if not failures:
        path.unlink(missing_ok=True)
        return
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(path, "".join(json.dumps({"article": f.article, "locale": f.locale, "error": f.message},
                                          ensure_ascii=False) + "\n" for f in failures))
