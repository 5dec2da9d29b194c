"""What a translator needs beside an entry, as extracted comments presslate owns.

Every PO editor (Poedit, Weblate, Lokalize, a text editor) shows an entry's
extracted comments (``#.``) next to it. After the template's own lines (the
segment's kind and position, its language), presslate adds:

- ``#. glossary: cabinet → conseil des ministres``: each glossary term of the
  pair found in the source, with its required translation (``(keep as is)``
  for a do-not-translate term);
- ``#. memory 87%: <source> → <translation> (<article>)``: the closest reviewed
  translations into the same locale in the workspace's other articles (at or
  above ``translate.tm_threshold``), on an entry that awaits a translation or a
  review and was not itself filled from the memory.

The notes are the trailing block of the extracted comment, from its first line
starting with the word ``glossary:`` or ``memory`` to its end, so the lines polib or
textwrap wrap stay part of it. ``translate`` and ``pull`` write them afresh;
other commands keep them on an entry whose source is unchanged
(:func:`keep_notes`). A person's comments are translator comments (``# ``), which
presslate never writes here. GNU msgmerge takes extracted comments from the
template, so after it the notes are gone until the next ``translate``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .catalog import REVIEWED, SOURCE, entry_state, provenance
from .locales import language_part
from .template import segment_language

if TYPE_CHECKING:  # imported when used: edition keeps notes without loading the glossary code
    from .glossary import Glossary, Term
    from .memory import Memory
    from .workspace import Workspace


GLOSSARY_PREFIX = "glossary: "
MEMORY_PREFIX = "memory "
NOTE_TEXT_MAX = 200  # characters of a source or translation quoted in a memory note
_TM_NOTE = "tm "  # the provenance of an entry filled from the translation memory
_NOTE_START_RE = re.compile(r"(?:glossary:|memory)(?:\s|$)")  # maybe wrapped after the word
_SPACES_RE = re.compile(r"\s+")


def _lines(text: str | None) -> list[str]:
    return (text or "").splitlines()


def split_notes(comment: str | None) -> tuple[list[str], list[str]]:
    """An extracted comment's lines: the template's, and presslate's notes after them."""
    lines = _lines(comment)
    for index, line in enumerate(lines):
        if _NOTE_START_RE.match(line.strip()):
            return lines[:index], lines[index:]
    return lines, []


def notes_of(entry: Any) -> list[str]:
    """The note lines of an entry (as read: maybe wrapped by another tool)."""
    return split_notes(entry.comment)[1]


def set_notes(entry: Any, notes: Sequence[str]) -> bool:
    """Replace the entry's notes with ``notes``; whether anything changed."""
    own, old = split_notes(entry.comment)
    if list(notes) == old:
        return False
    entry.comment = "\n".join([*own, *notes])
    return True


def keep_notes(before: Any, entry: Any) -> None:
    """``entry`` (aligned from the template: its comment is the template's) keeps the notes
    ``before`` (the same entry, same source) had."""
    kept = notes_of(before)
    if kept and not notes_of(entry):
        entry.comment = "\n".join([*_lines(entry.comment), *kept])


def _one_line(text: str, limit: int = NOTE_TEXT_MAX) -> str:
    flat = _SPACES_RE.sub(" ", text).strip()
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def _term_re(term: str, *, ignore_case: bool) -> re.Pattern[str]:
    """``term`` as a whole word (an English plural allowed), as the glossary check finds it."""
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?:s|es)?(?![\w])",
                      re.IGNORECASE if ignore_case else 0)


def glossary_notes(source: str, terms: Sequence[Term]) -> list[str]:
    """One line per glossary term found in ``source`` (``terms`` longest first, as
    :meth:`Glossary.for_pair` gives them; a term inside a longer one found is not repeated)."""
    lines: list[str] = []
    taken: list[tuple[int, int]] = []
    for term in terms:
        match = _term_re(term.term, ignore_case=bool(term.translation)).search(source)
        if match is None or any(a < match.end() and match.start() < b for a, b in taken):
            continue
        taken.append(match.span())
        required = term.translation or f"{term.term} (do not translate)"
        lines.append(f"{GLOSSARY_PREFIX}{term.term} → {required}")
    return lines


def memory_notes(source: str, memory: Memory | None, *, article: str = "") -> list[str]:
    """One line per close reviewed translation of ``source`` in another article, with its
    score (rounded down)."""
    if memory is None:
        return []
    return [f"{MEMORY_PREFIX}{int(score)}%: {_one_line(match)} → {_one_line(translation)} ({origin})"
            for match, score, translation, origin in memory.close(source, exclude=article)]


def entry_notes(entry: Any, *, source_lang: str, target_lang: str, glossary: Glossary,
                memory: Memory | None, article: str = "") -> list[str]:
    """The notes an entry should carry now (none for a segment used as written)."""
    state = entry_state(entry)
    if state == SOURCE or source_lang == target_lang:
        return []
    lines = glossary_notes(entry.msgid, glossary.for_pair(source_lang, target_lang))
    filled_from_memory = provenance(entry).startswith(_TM_NOTE)
    if state != REVIEWED and not filled_from_memory:
        lines += memory_notes(entry.msgid, memory, article=article)
    return lines


def annotate(catalog: Any, locale: str, *, glossary: Glossary, memory: Memory | None,
             default_source: str = "", article: str = "") -> int:
    """Write every live entry's notes afresh; how many entries changed."""
    target = language_part(locale)
    default = language_part(catalog.metadata.get("X-Presslate-Source-Language") or default_source)
    changed = 0
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        source = language_part(segment_language(entry, default) or default)
        changed += set_notes(entry, entry_notes(entry, source_lang=source, target_lang=target,
                                                glossary=glossary, memory=memory, article=article))
    return changed


class Annotator:
    """Writes the notes of catalogs of one workspace, loading its glossary and each locale's
    memory once, when first needed. ``loaded`` holds catalogs already read (and maybe changed)
    by the run, by (article, locale): the memory is built from them, and from the files for
    the others."""

    def __init__(self, ws: Workspace, *, glossary: Glossary | None = None,
                 loaded: Mapping[tuple[str, str], Any] | None = None,
                 opener: Callable[[str, str], Any] | None = None) -> None:
        self.ws = ws
        self._glossary = glossary
        self.loaded = loaded if loaded is not None else {}
        self.opener = opener  # (article, locale) -> the catalog as the run will see it, or None
        self._memories: dict[str, Memory] = {}

    @property
    def glossary(self) -> Glossary:
        if self._glossary is None:
            from .glossary import Glossary, load_glossary

            path = self.ws.config.glossary
            self._glossary = load_glossary(self.ws.root / path) if path else Glossary()
        return self._glossary

    def memory(self, locale: str) -> Memory:
        if locale not in self._memories:
            from .memory import workspace_memory

            memory = workspace_memory(self._catalogs(locale), self.ws.config.translate.tm_threshold)
            path = self._kept_path(locale)
            if path is not None:
                from .memory_kept import load_kept

                memory.use_kept(*load_kept(path, memory.digest()))
            self._memories[locale] = memory
        return self._memories[locale]

    def _kept_path(self, locale: str) -> Path | None:
        """Where the memory's answers for ``locale`` are kept: a file of the cache folder, never
        elsewhere (None for a locale that is not a plain name; locales are checked long
        before, this only makes sure)."""
        from .langid import CACHE_DIR

        if not re.fullmatch(r"[A-Za-z0-9_@-]+", locale):
            return None
        return self.ws.root / CACHE_DIR / f"memory-{locale}.json"

    def keep(self) -> None:
        """Keep the memory matches of this run, for the next run (in the workspace's
        ``.presslate-cache``, with what each memory was: see
        :mod:`presslate.i18n.memory_kept`). Call it once the run's catalogs are saved."""
        from .memory_kept import save_kept

        for locale, memory in self._memories.items():
            path = self._kept_path(locale)
            if memory.added and path is not None:
                memory.drop_stale()
                memory.carry_all()
                save_kept(path, memory.digest(), list(memory.fingerprints().values()),
                          memory.known)

    def _catalogs(self, locale: str) -> Iterable[tuple[str, Any]]:
        from .memory import locale_catalogs

        def opened(slug: str, locale: str) -> Any:
            catalog = self.loaded.get((slug, locale))
            if catalog is None and self.opener is not None:
                catalog = self.opener(slug, locale)
            return catalog

        return locale_catalogs(self.ws, locale, opened)

    def __call__(self, slug: str, locale: str, catalog: Any) -> int:
        """Write the notes of ``catalog`` afresh; how many entries changed."""
        needs_memory = any(not e.obsolete and e.msgid and entry_state(e) not in (REVIEWED, SOURCE)
                           for e in catalog)
        return annotate(catalog, locale, glossary=self.glossary,
                        memory=self.memory(locale) if needs_memory else None,
                        default_source=self.ws.config.source_language, article=slug)
