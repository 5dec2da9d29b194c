"""Which route a language pair takes: a configured preference, else a direct pair, else the
first pivot in ``translate.pivots`` that works.

``[translate.routes]`` maps a pair (``"en-fr"``) to a list of steps tried in order: ``direct``
(a pair an engine translates directly) or a pivot language (``ca``: source→ca→target). Engine
names among them (``apertium``) keep the pair to those engines. A single string is a one-step
list. With no steps, the default: ``direct``, then each pivot in the list's order, then a
route through several pivots. Within each step the engines are tried in ``translate.engines``
order, so Argos wins when a package is installed for the pair.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..errors import LanguageError
from ..locales import language_part, parse_locale
from .base import Engine, Hop, Route, find_route

DIRECT = "direct"
MACHINE_ENGINES = ("argos", "apertium")


@dataclass(frozen=True)
class Preference:
    """A pair's configured route: its steps and the engines it may use (empty: any)."""

    steps: tuple[str, ...] = ()
    engines: tuple[str, ...] = ()

    def describe(self) -> str:
        parts = [*self.engines, *self.steps]
        return ", ".join(parts)


@dataclass(frozen=True)
class Choice:
    engine: Engine
    route: Route
    reason: str


def pair_key(source: str, target: str) -> str:
    return f"{source}-{target}"


def parse_routes(value: Mapping[str, tuple[str, ...]]) -> dict[str, Preference]:
    """Validate ``[translate.routes]``; a :class:`RouteError` names the pair's key."""
    routes: dict[str, Preference] = {}
    for key, steps in value.items():
        source, target = _parse_pair(key)
        engines: list[str] = []
        chosen: list[str] = []
        if not steps:
            raise RouteError(key, "empty: give direct, an engine or pivot languages",
                             'e.g. "en-fr" = ["ca"] or "en-fr" = "direct"')
        for step in steps:
            if step in MACHINE_ENGINES:
                engines.append(step)
                continue
            if step == DIRECT:
                chosen.append(step)
                continue
            try:
                lang = language_part(parse_locale(step, what="pivot language"))
            except LanguageError as exc:
                raise RouteError(key, f"{step!r} is not direct, an engine ({', '.join(MACHINE_ENGINES)}) "
                                 "or a language code",
                                 'e.g. "en-fr" = ["ca", "es"], "direct" or "apertium"') from exc
            if lang in (source, target):
                raise RouteError(key, f"pivot {step!r} is a language of the pair itself")
            chosen.append(lang)
        if len(set(chosen)) != len(chosen) or len(set(engines)) != len(engines):
            raise RouteError(key, "a step is given twice")
        routes[pair_key(source, target)] = Preference(tuple(chosen), tuple(engines))
    return routes


class RouteError(ValueError):
    """A bad ``[translate.routes]`` entry; ``key`` is the pair as written."""

    def __init__(self, key: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.key = key
        self.hint = hint


def _parse_pair(key: str) -> tuple[str, str]:
    parts = key.split("-")
    if len(parts) != 2 or not all(parts):
        raise RouteError(key, "a pair is written SOURCE-TARGET", 'e.g. "en-fr"')
    try:
        source, target = (language_part(parse_locale(p)) for p in parts)
    except LanguageError as exc:
        raise RouteError(key, exc.message, exc.hint or "") from exc
    if source == target:
        raise RouteError(key, "source and target are the same language")
    return source, target


def choose_route(engines: Sequence[Engine], source: str, target: str, pivots: Sequence[str],
                 preference: Preference | None = None) -> Choice | None:
    """The route ``source``→``target`` takes (see the module's doc), with why; ``None``: no way."""
    pref = preference or Preference()
    usable = [e for e in engines if not pref.engines or e.name in pref.engines]
    hops = {e.name: list(e.hops()) for e in usable}
    only = f" (translate.routes: {', '.join(pref.engines)})" if pref.engines else ""
    for step in pref.steps or (DIRECT, *pivots):
        for engine in usable:
            if step == DIRECT:
                route = find_route(engine.name, hops[engine.name], source, target)
            else:
                route = route_via(engine.name, hops[engine.name], source, step, target)
            if route is None:
                continue
            if pref.steps:
                taken = "direct pair" if step == DIRECT else f"via {step}"
                reason = (f"{taken}, the first step of translate.routes ({pref.describe()}) "
                          f"with a route")
            elif step == DIRECT:
                reason = f"direct pair{only}"
            else:
                reason = (f"via {step}, the first pivot of translate.pivots ({', '.join(pivots)}) "
                          f"with a route{only}")
            return Choice(engine, route, reason)
    if pref.steps:
        return None
    for engine in usable:  # through several pivots (en→es→ca→target)
        route = find_route(engine.name, hops[engine.name], source, target, pivots)
        if route is not None:
            return Choice(engine, route, f"through several pivots of translate.pivots{only}")
    return None


def route_via(engine: str, hops: Sequence[Hop], source: str, pivot: str, target: str) -> Route | None:
    """``source``→``pivot``→``target`` over two direct pairs of one engine, or ``None``."""
    first = find_route(engine, hops, source, pivot)
    second = find_route(engine, hops, pivot, target)
    if first is None or second is None:
        return None
    return Route(engine, (*first.hops, *second.hops))


def preference_for(routes: Mapping[str, tuple[str, ...]], source: str, target: str) -> Preference | None:
    """The configured route of ``source``→``target`` (``routes`` already validated), if any."""
    return parse_routes(routes).get(pair_key(source, target))
