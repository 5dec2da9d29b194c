"""The workspace configuration: ``presslate.toml`` or ``[tool.presslate]`` in ``pyproject.toml``.

A folder with no configuration is a valid workspace with the defaults below.
Unknown keys and bad values are errors that name the key. Each section is a
frozen dataclass; a field's ``metadata`` may hold ``choices`` or a ``check``.
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, LanguageError
from .locales import parse_locale

# Where engine calls run (presslate.i18n.executor, which reads it from here: importing the
# executor loads multiprocessing, which no command but translate needs).
EXECUTORS = ("in-process", "workers", "ray")

CONFIG_NAME = "presslate.toml"
SEVERITIES = ("error", "warning", "off")
FALLBACKS = ("machine", "source", "omit", "refuse")
ENGINES = ("tm", "argos", "apertium")
# The routes that scored best on the shared English–French development set with the Apertium
# pairs Debian packages (benchmarks/route_eval.py; README, "Routes scored"): en→fr through
# Catalan, fr→en through Spanish. A direct pair (an Argos package) comes first; the other
# pivot is the fallback on a machine without the first one's pairs.
DEFAULT_ROUTES: Mapping[str, tuple[str, ...]] = types.MappingProxyType({
    "en-fr": ("direct", "ca", "es"),
    "fr-en": ("direct", "es", "ca"),
})


def _locale_check(value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(parse_locale(v) for v in value)
    return parse_locale(value)


def _severity_map(value: Any) -> Any:
    for name, sev in value.items():
        if sev not in SEVERITIES:
            raise ValueError(f"severity of {name!r} must be one of {', '.join(SEVERITIES)}")
    return value


def _engine_list(value: Any) -> Any:
    for name in value:
        if name not in ENGINES:
            raise ValueError(f"unknown engine {name!r}; known: {', '.join(ENGINES)}")
    return value


def _route_map(value: Any) -> Any:
    from .engines.routes import parse_routes

    parse_routes(value)  # a RouteError names the pair
    return value


def _fraction(value: Any) -> Any:
    if not 0.0 <= value <= 1.0:
        raise ValueError("must be between 0 and 1")
    return value


def _percent(value: Any) -> Any:
    if not 0.0 <= value <= 100.0:
        raise ValueError("must be between 0 and 100")
    return value


def _positive(value: Any) -> Any:
    if value <= 0:
        raise ValueError("must be greater than 0")
    return value


def _not_negative(value: Any) -> Any:
    if value < 0:
        raise ValueError("must be 0 or more")
    return value


def _check(fn: Callable[[Any], Any]) -> dict[str, Any]:
    return {"check": fn}


@dataclass(frozen=True)
class DetectConfig:
    """Per-segment language identification."""

    languages: tuple[str, ...] = field(default=(), metadata=_check(_locale_check))
    min_confidence: float = field(default=0.5, metadata=_check(_fraction))


@dataclass(frozen=True)
class TranslateConfig:
    """Machine translation and translation memory."""

    engines: tuple[str, ...] = field(default=ENGINES, metadata=_check(_engine_list))
    beam_size: int = field(default=4, metadata=_check(_positive))
    max_batch_tokens: int = field(default=2048, metadata=_check(_positive))
    tm_threshold: float = field(default=0.75, metadata=_check(_fraction))
    timeout: float = field(default=300.0, metadata=_check(_positive))
    pivots: tuple[str, ...] = field(default=("en", "es"), metadata=_check(_locale_check))
    # "en-fr" = ["ca"], "direct", "apertium": see presslate.i18n.engines.routes
    routes: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_ROUTES),
                                                  metadata=_check(_route_map))
    # Where engine calls run: see presslate.i18n.executor
    executor: str = field(default="in-process", metadata={"choices": EXECUTORS})
    workers: int = field(default=0, metadata=_check(_not_negative))
    ray_address: str = ""


@dataclass(frozen=True)
class QAConfig:
    """Quality checks: severity per check (error, warning, off)."""

    severity: Mapping[str, str] = field(default_factory=dict, metadata=_check(_severity_map))


@dataclass(frozen=True)
class PublishConfig:
    """The publishing gate and export defaults."""

    min_reviewed: float = field(default=100.0, metadata=_check(_percent))
    allow_machine: bool = False
    fallback: str = field(default="source", metadata={"choices": FALLBACKS})
    out_dir: str = "public"
    formats: tuple[str, ...] = ("html",)


@dataclass(frozen=True)
class Config:
    """A workspace's settings; every field has a default."""

    source_language: str = field(default="en", metadata=_check(_locale_check))
    target_languages: tuple[str, ...] = field(default=(), metadata=_check(_locale_check))
    catalogs_dir: str = "catalogs"
    glossary: str = ""
    detect: DetectConfig = field(default_factory=DetectConfig)
    translate: TranslateConfig = field(default_factory=TranslateConfig)
    qa: QAConfig = field(default_factory=QAConfig)
    publish: PublishConfig = field(default_factory=PublishConfig)


def load_config(root: Path) -> tuple[Config, Path | None]:
    """Read the configuration of the workspace in ``root``.

    Returns the config and the file it came from (``None`` for defaults).
    """
    own = root / CONFIG_NAME
    if own.is_file():
        return parse_config(_read_toml(own), path=own), own
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        data = _read_toml(pyproject)
        section = data.get("tool", {}).get("presslate")
        if section is not None:
            return parse_config(section, path=pyproject, prefix="tool.presslate."), pyproject
    return Config(), None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError("the configuration is not UTF-8 text", path=path) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read the configuration: {exc.strerror}", path=path) from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=path) from exc


def parse_config(data: Mapping[str, Any], *, path: Path | None = None, prefix: str = "") -> Config:
    """Build a :class:`Config` from parsed TOML, validating every key and value."""
    return _build(Config, data, path=path, prefix=prefix)


_T = typing.TypeVar("_T")


def _build(cls: type[_T], data: Mapping[str, Any], *, path: Path | None, prefix: str) -> _T:
    if not isinstance(data, Mapping):
        raise ConfigError(f"{prefix.rstrip('.') or 'configuration'} must be a table", path=path)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for key, raw in data.items():
        name = key.replace("-", "_")
        if name not in fields:
            import difflib  # imported when a suggestion is needed

            close = difflib.get_close_matches(name, list(fields), n=1)
            hint = f"did you mean {prefix}{close[0]}?" if close else (
                f"known keys here: {', '.join(prefix + f for f in fields)}"
            )
            raise ConfigError(f"unknown key {prefix}{key}", path=path, hint=hint)
        values[name] = _convert(hints[name], fields[name], raw, path=path, key=prefix + key)
    return cls(**values)


def _convert(hint: Any, fld: dataclasses.Field[Any], raw: Any, *, path: Path | None, key: str) -> Any:
    if dataclasses.is_dataclass(hint):
        return _build(hint, raw, path=path, prefix=key + ".")  # type: ignore[arg-type]
    value = _coerce(hint, raw, key=key, path=path)
    choices = fld.metadata.get("choices")
    if choices is not None and value not in choices:
        raise ConfigError(
            f"bad value for {key}: {raw!r}", path=path, hint=f"use one of {', '.join(choices)}"
        )
    check = fld.metadata.get("check")
    if check is not None:
        from .engines.routes import RouteError

        try:
            value = check(value)
        except RouteError as exc:
            raise ConfigError(f"bad value for {key}.{exc.key}: {exc}", path=path,
                              hint=exc.hint or None) from exc
        except LanguageError as exc:
            raise ConfigError(f"bad value for {key}: {exc.message}", path=path, hint=exc.hint) from exc
        except ValueError as exc:
            raise ConfigError(f"bad value for {key}: {exc}", path=path) from exc
    return value


def _coerce(hint: Any, raw: Any, *, key: str, path: Path | None) -> Any:
    origin = typing.get_origin(hint)
    def bad(expected: str) -> ConfigError:
        return ConfigError(f"bad value for {key}: expected {expected}, got {raw!r}", path=path)

    if hint is bool:
        if not isinstance(raw, bool):
            raise bad("true or false")
        return raw
    if hint is int:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise bad("an integer")
        return raw
    if hint is float:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise bad("a number")
        return float(raw)
    if hint is str:
        if not isinstance(raw, str):
            raise bad("a string")
        return raw
    if origin is tuple:
        if isinstance(raw, str):
            raw = [part.strip() for part in raw.split(",") if part.strip()]
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise bad("a list of strings")
        return tuple(raw)
    if origin in (Mapping, dict) or origin is getattr(types, "MappingProxyType", None):
        if typing.get_origin(typing.get_args(hint)[1]) is tuple:  # a string or a list of strings
            if not isinstance(raw, Mapping):
                raise bad("a table")
            for name, item in raw.items():
                if not isinstance(item, str) and not (
                        isinstance(item, list) and all(isinstance(v, str) for v in item)):
                    raise ConfigError(f"bad value for {key}.{name}: expected a string or a list "
                                      f"of strings, got {item!r}", path=path)
            return {name: (item,) if isinstance(item, str) else tuple(item)
                    for name, item in raw.items()}
        if not isinstance(raw, Mapping) or not all(isinstance(v, str) for v in raw.values()):
            raise bad("a table of strings")
        return dict(raw)
    raise bad(str(hint))  # pragma: no cover - a field type this loader does not know


CONFIG_TEMPLATE = """\
# presslate workspace configuration. Every key is optional; the values shown
# are the defaults. `presslate --help` lists the commands.

# Language of an article when its own text does not tell clearly.
source_language = "en"

# Locales every article is translated into (gettext form: fr, fr_CA, pt_BR, he, ar).
target_languages = []

# Where templates (<slug>.pot), article records and PO catalogs live.
catalogs_dir = "catalogs"

# CSV/TSV glossary: term, source language, target language, translation
# (or an empty translation and `dnt` in a fifth column for do-not-translate terms).
glossary = ""

[detect]
# Extra candidate languages for per-segment detection, beyond the workspace's
# own languages and the common ones.
languages = []
# Below this confidence a segment takes the article's language.
min_confidence = 0.5

[translate]
# Order in which sources fill untranslated entries: tm, argos, apertium.
engines = ["tm", "argos", "apertium"]
beam_size = 4
max_batch_tokens = 2048
# Translation-memory matches scoring at least this are offered as fuzzy suggestions.
tm_threshold = 0.75
# Seconds an engine process may take for one batch.
timeout = 300.0
# Languages to pivot through when no engine has a direct pair, tried in this order.
pivots = ["en", "es"]
# A language pair's own route: steps tried in order, each `direct` or a pivot language;
# an engine name (argos, apertium) keeps the pair to that engine. A pair not listed takes a
# direct pair (engines in the order above), then each pivot in order. The two below are the
# routes measured best with Debian's Apertium pairs (en→fr through Catalan, fr→en through
# Spanish); other examples: "fr-en" = "direct", "es-fr" = ["apertium", "direct"].
routes = { "en-fr" = ["direct", "ca", "es"], "fr-en" = ["direct", "es", "ca"] }
# Where engine calls run: in-process, workers (local processes) or ray (a Ray cluster).
executor = "in-process"
# Worker processes or Ray actors; 0: one per core (or per CPU of the Ray cluster).
workers = 0
# The Ray cluster: "" starts a local instance, "auto" connects to the one running here,
# or HOST:6379 / ray://HOST:10001.
ray_address = ""

[qa]
# Severity per check: error, warning or off. For example:
# severity = { named_entities = "warning", length_ratio = "off" }
severity = {}

[publish]
# Minimum percent of an article's entries reviewed by a person before it may be published.
min_reviewed = 100.0
# Publish machine translations not yet reviewed (with a visible notice).
allow_machine = false
# Entries without a reviewed translation: machine, source, omit or refuse.
fallback = "source"
out_dir = "public"
formats = ["html"]
"""
