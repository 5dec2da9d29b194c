"""``presslate engines``: which engines and language pairs (direct and pivot) are available here."""

from __future__ import annotations

from dataclasses import dataclass

from ..config import DEFAULT_ROUTES
from ..locales import language_part
from ..workspace import Workspace
from .base import Engine, Hop, find_route
from .routes import MACHINE_ENGINES, choose_route, parse_routes


@dataclass(frozen=True)
class EngineInfo:
    name: str
    detail: str
    direct: tuple[str, ...] = ()
    pivot: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def available(self) -> bool:
        return bool(self.direct)


def _pairs(name: str, hops: list[Hop], pivots: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    direct = tuple(sorted({f"{h.source}→{h.target} ({h.model})" for h in hops}))
    langs = sorted({h.source for h in hops} | {h.target for h in hops})
    pairs = {(h.source, h.target) for h in hops}
    routed = []
    for src in langs:
        for tgt in langs:
            if src == tgt or (src, tgt) in pairs:
                continue
            route = find_route(name, hops, src, tgt, pivots)
            if route is not None:
                routed.append("→".join(route.path))
    return direct, tuple(routed)


@dataclass(frozen=True)
class RouteInfo:
    """The route a pair takes here and why (``route`` is "" when it cannot be translated)."""

    source: str
    target: str
    route: str
    reason: str


def list_routes(ws: Workspace, engines: dict[str, Engine] | None = None) -> tuple[RouteInfo, ...]:
    """For each pair the engines of ``translate.engines`` can translate (and each pair of
    ``[translate.routes]``), the route ``translate`` takes and why."""
    from . import engine_by_name

    cfg = ws.config.translate
    found = dict(engines or {})
    usable = [found.get(name) or engine_by_name(name, timeout=cfg.timeout)
              for name in cfg.engines if name in MACHINE_ENGINES]
    pivots = list(dict.fromkeys(language_part(p) for p in cfg.pivots))
    preferences = parse_routes(cfg.routes)
    langs = sorted({lang for e in usable for h in e.hops() for lang in (h.source, h.target)})
    pairs = {(s, t) for s in langs for t in langs if s != t}
    pairs |= {tuple(key.split("-")) for key in preferences}  # type: ignore[misc]
    infos = []
    for source, target in sorted(pairs):
        preference = preferences.get(f"{source}-{target}")
        chosen = choose_route(usable, source, target, pivots, preference)
        default = cfg.routes.get(f"{source}-{target}") == DEFAULT_ROUTES.get(f"{source}-{target}", ())
        why = "; presslate's default route, the best measured (benchmarks/route_eval.py)" if default else ""
        if chosen is not None:
            infos.append(RouteInfo(source, target, f"{chosen.engine.name} {'→'.join(chosen.route.path)}",
                                   chosen.reason + why))
        elif preference is not None:
            infos.append(RouteInfo(source, target, "", f"none by translate.routes: {preference.describe()}"))
    return tuple(infos)


def list_engines(ws: Workspace, engines: dict[str, Engine] | None = None) -> tuple[EngineInfo, ...]:
    """Argos, Apertium and the translation memory as installed here."""
    from . import engine_by_name
    from .apertium import ApertiumEngine
    from .argos import ArgosEngine
    from .tm import TranslationMemory

    cfg = ws.config.translate
    pivots = [language_part(p) for p in cfg.pivots]
    found = dict(engines or {})
    infos = []
    for name in ("argos", "apertium"):
        engine = found.get(name) or engine_by_name(name, timeout=cfg.timeout)
        hops = list(engine.hops())
        direct, pivot = _pairs(name, hops, pivots)
        problems: tuple[str, ...] = ()
        if isinstance(engine, ArgosEngine):
            from ..models import packages_dir

            detail = f"Argos packages in {engine.folder or packages_dir()}"
            problems = tuple(f"{p.name}: {p.problem}" for p in engine.broken())
            if not hops:
                detail += " (none installed: presslate models download FROM TO)"
        elif isinstance(engine, ApertiumEngine):
            detail = engine.executable or "apertium is not installed (apt-get install apertium)"
        else:
            detail = name
        infos.append(EngineInfo(name, detail, direct, pivot, problems))
    memory = []
    with ws.reading():
        for locale in ws.locales():
            count = len(TranslationMemory.from_workspace(ws, locale))
            memory.append(f"{locale}: {count} reviewed entries")
    infos.append(EngineInfo("tm", "reviewed entries of this workspace's catalogs", tuple(memory)))
    return tuple(infos)
