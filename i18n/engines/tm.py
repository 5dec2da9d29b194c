"""Translation memory: reviewed entries of the workspace's catalogs, per target locale.

An exact match (same source text, reviewed by a person) fills an entry before
any engine runs; a close match (rapidfuzz ratio at or above
``translate.tm_threshold``) is offered, fuzzy and with its score, when no
engine can translate the pair.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..catalog import REVIEWED, entry_state
from ..workspace import Workspace


@dataclass(frozen=True)
class TMMatch:
    text: str
    score: float
    source: str
    origin: str

    @property
    def note(self) -> str:
        if self.score >= 1.0:
            return f"tm exact match (reviewed in {self.origin})"
        return f"tm {self.score:.0%} match (reviewed in {self.origin})"


class TranslationMemory:
    """Reviewed translations into one locale: source text -> (translation, slug)."""

    def __init__(self, entries: dict[str, tuple[str, str]]) -> None:
        self.entries = entries
        self._keys = list(entries)
        self._indexes: dict[float, Any] = {}  # threshold -> the keys' index (built when asked)

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def from_workspace(cls, ws: Workspace, locale: str,
                       replaced: Mapping[str, Sequence[tuple[str, str]]] | None = None
                       ) -> TranslationMemory:
        """The reviewed entries of the locale's catalogs; ``replaced``: an article's reviewed
        (source, translation) pairs to take instead of its file's."""
        from ..memory import locale_catalogs

        replaced = replaced or {}
        entries: dict[str, tuple[str, str]] = {}
        for slug, po in locale_catalogs(ws, locale, lambda slug, _: replaced.get(slug)):
            if slug in replaced:  # (source, translation) pairs
                for source, translation in po:
                    entries.setdefault(source, (translation, slug))
                continue
            for entry in po:
                if not entry.obsolete and entry_state(entry) == REVIEWED:
                    entries.setdefault(entry.msgid, (entry.msgstr, slug))
        return cls(entries)

    def exact(self, text: str) -> TMMatch | None:
        found = self.entries.get(text)
        return TMMatch(found[0], 1.0, text, found[1]) if found else None

    def close(self, text: str, threshold: float) -> TMMatch | None:
        """The closest entry at ``threshold`` or above (the first of a tie), as rapidfuzz's
        ``process.extractOne`` finds it, searched as the notes' memory is (exactly while the
        keys of a plausible length are few, among a bounded number of candidates beyond: see
        :mod:`presslate.i18n.memory`), so each entry costs the same in a large workspace."""
        if not self._keys:
            return None
        index = self._indexes.get(threshold)
        if index is None:
            from ..memory import RatioIndex

            index = self._indexes[threshold] = RatioIndex(self._keys, threshold * 100)
        found = index.ranked(text, lambda _: True, 1)
        if not found:
            return None
        source = self._keys[found[0][0]]
        translation, origin = self.entries[source]
        return TMMatch(translation, found[0][1] / 100, source, origin)
