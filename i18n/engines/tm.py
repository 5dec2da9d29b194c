"""Translation memory: reviewed entries of the workspace's catalogs, per target locale.

An exact match (same source text, reviewed by a person) fills an entry before
any engine runs; a close match (rapidfuzz ratio at or above
``translate.tm_threshold``) is offered, fuzzy and with its score, when no
engine can translate the pair.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..catalog import REVIEWED, entry_state, load_po
from ..errors import PresslateError
from ..workspace import Workspace

log = logging.getLogger(__name__)


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

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def from_workspace(cls, ws: Workspace, locale: str,
                       replaced: Mapping[str, Sequence[tuple[str, str]]] | None = None
                       ) -> TranslationMemory:
        """The reviewed entries of the locale's catalogs; ``replaced``: an article's reviewed
        (source, translation) pairs to take instead of its file's."""
        entries: dict[str, tuple[str, str]] = {}
        for slug in ws.slugs():
            if replaced and slug in replaced:
                for source, translation in replaced[slug]:
                    entries.setdefault(source, (translation, slug))
                continue
            path = ws.catalog_path(slug, locale)
            if not path.is_file():
                continue
            try:
                po = load_po(path)
            except PresslateError as exc:
                log.warning("translation memory skips %s: %s", path, exc)
                continue
            for entry in po:
                if not entry.obsolete and entry_state(entry) == REVIEWED:
                    entries.setdefault(entry.msgid, (entry.msgstr, slug))
        return cls(entries)

    def exact(self, text: str) -> TMMatch | None:
        found = self.entries.get(text)
        return TMMatch(found[0], 1.0, text, found[1]) if found else None

    def close(self, text: str, threshold: float) -> TMMatch | None:
        if not self._keys:
            return None
        from rapidfuzz import fuzz, process

        best = process.extractOne(text, self._keys, scorer=fuzz.ratio, score_cutoff=threshold * 100)
        if best is None:
            return None
        source = best[0]
        translation, origin = self.entries[source]
        return TMMatch(translation, float(best[1]) / 100, source, origin)
