"""What every machine engine provides: language pairs, routes (with pivots), batch translation."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

# Called with the number of texts finished so far in the current call.
Advance = Callable[[int], None]


@dataclass(frozen=True)
class Hop:
    """One direct step of a route: a language pair and what the engine calls it."""

    source: str
    target: str
    model: str  # Argos package name, or Apertium mode
    version: str = ""
    label: str = ""  # short name in provenance notes (default: model)


@dataclass(frozen=True)
class Route:
    """How an engine gets from one language to another: one or more hops."""

    engine: str
    hops: tuple[Hop, ...]

    @property
    def path(self) -> tuple[str, ...]:
        return (self.hops[0].source, *(h.target for h in self.hops))

    @property
    def pair(self) -> tuple[str, str]:
        return (self.hops[0].source, self.hops[-1].target)

    def describe(self) -> str:
        """``apertium fr→es→en (fr-es 0.9.4-1, spa-eng 0.8.1-2)``: the provenance of its output.

        Short enough to stay on one comment line of a PO file.
        """
        models = ", ".join(f"{h.label or h.model} {h.version}".strip() for h in self.hops)
        return f"{self.engine} {'→'.join(self.path)} ({models})"


@dataclass(frozen=True)
class Translation:
    """One engine output with its provenance and what the engine could not translate."""

    text: str
    note: str
    unknown_words: int = 0
    unknown: tuple[str, ...] = ()  # the words the engine did not know, each once


class Engine(Protocol):
    name: str

    def hops(self) -> Sequence[Hop]:
        """Every direct language pair installed here."""
        ...

    def translate(self, route: Route, texts: Sequence[str],
                  advance: Advance | None = None) -> list[Translation]:
        """Translate ``texts`` (all of one language pair) along ``route``, in order."""
        ...


def find_route(engine: str, hops: Iterable[Hop], source: str, target: str,
               pivots: Sequence[str] = ()) -> Route | None:
    """The shortest route from ``source`` to ``target`` over ``hops``.

    Direct pairs first; otherwise through the ``pivots`` languages only, so a
    route never wanders through a language nobody asked for; among routes of the
    same length, the one whose pivots come first in ``pivots``.
    """
    rank: dict[str, int] = {}
    for place, lang in enumerate(pivots):
        rank.setdefault(lang, place)
    by_source: dict[str, list[Hop]] = {}
    for hop in hops:
        by_source.setdefault(hop.source, []).append(hop)
    queue: deque[tuple[str, tuple[Hop, ...]]] = deque([(source, ())])
    seen = {source}
    while queue:
        lang, path = queue.popleft()
        for hop in sorted(by_source.get(lang, []), key=lambda h: (rank.get(h.target, len(rank)), h.target)):
            if hop.target == target:
                return Route(engine, (*path, hop))
            if hop.target in pivots and hop.target not in seen:
                seen.add(hop.target)
                queue.append((hop.target, (*path, hop)))
    return None
