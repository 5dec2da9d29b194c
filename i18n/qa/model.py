"""What the checks look at and what they report.

A check is a plain function from an :class:`EntryContext` (one catalog entry
with what is known about it) to an iterable of messages; the runner turns each
message into a :class:`Finding` with the check's configured severity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from ..glossary import Term

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class EntryContext:
    """One entry of a locale's catalog, as the checks see it."""

    source: str  # msgid
    translation: str  # msgstr
    source_lang: str  # bare language of the segment's source text (``fr``)
    target_lang: str  # bare language of the catalog (``en``)
    state: str  # an entry state of presslate.i18n.catalog
    provenance: str = ""  # the engine that wrote a machine translation
    glossary: tuple[Term, ...] = ()  # the terms for the pair (a "" translation: do not translate)
    expected_ratio: float = 1.0  # usual translation/source length ratio for the pair
    detect_candidates: tuple[str, ...] = ()
    target_locale: str = ""  # the catalog's locale (``es_MX``), for number formats
    previous_source: str = ""  # the source text before it changed (``#| msgid``), if it did
    in_catalog: bool = True  # False: the template has the entry, the catalog file lacks it
    unknown: tuple[str, ...] = ()  # source words the engine did not know (# presslate-unknown:)
    links: Mapping[str, str] = field(default_factory=dict)  # the segment's link targets (a1: URL)


@dataclass(frozen=True)
class EntryRef:
    """Where an entry sits: article, locale, segment, catalog file and line."""

    article: str
    locale: str
    kind: str
    position: str  # the segment's position(s) in the article, as in the template ("3" or "3, 7")
    segment_id: str
    path: str  # the catalog, relative to the workspace
    line: int

    @property
    def label(self) -> str:
        return f"{self.kind} {self.position}".strip()


@dataclass(frozen=True)
class Finding:
    """One problem found in one entry by one check."""

    article: str
    locale: str
    kind: str
    position: str
    segment_id: str
    check: str
    severity: str
    message: str
    path: str = ""
    line: int = 0
    source: str = ""
    translation: str = ""

    @classmethod
    def at(cls, ref: EntryRef, check: str, severity: str, message: str, *,
           source: str = "", translation: str = "") -> Finding:
        return cls(article=ref.article, locale=ref.locale, kind=ref.kind, position=ref.position,
                   segment_id=ref.segment_id, check=check, severity=severity, message=message,
                   path=ref.path, line=ref.line, source=source, translation=translation)

    @property
    def positions(self) -> tuple[int, ...]:
        """The segment's positions in the article as numbers (``"3, 7"``: 3 and 7)."""
        return tuple(int(p) for p in self.position.replace(",", " ").split() if p.isdigit())

    def to_json(self) -> dict[str, Any]:
        """As JSON: ``position`` is the first position (a number, or null for a finding about
        a whole catalog), ``positions`` all of them."""
        data = asdict(self)
        data["position"] = self.positions[0] if self.positions else None
        data["positions"] = list(self.positions)
        return data


CheckFn = Callable[[EntryContext], Iterable[str]]


@dataclass(frozen=True)
class Check:
    """A registered check: its name, default severity, the function and what it is for."""

    name: str
    severity: str
    fn: CheckFn
    doc: str
    states: frozenset[str] = field(default_factory=frozenset)  # entry states it looks at

    @property
    def flag(self) -> str:
        """The PO flag that silences this check on one entry."""
        return "presslate-no-" + self.name.replace("_", "-")
