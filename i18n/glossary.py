"""The workspace glossary.

The glossary is a CSV or TSV file (``glossary`` in presslate.toml), one term a
line: ``term, source language, target language, translation[, flag]``. An
empty language or ``*`` matches any. The flag ``dnt`` (do not translate), or an
empty translation, keeps the term as written. A first line starting with
``term`` is a header. Lines starting with ``#`` are comments.
:mod:`presslate.i18n.masking` carries the terms through machine translation.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError, LanguageError
from .locales import language_part, parse_locale

DNT_FLAGS = {"dnt", "do-not-translate", "do not translate", "keep", "yes", "true", "1"}


@dataclass(frozen=True)
class Term:
    """One glossary entry: a term, the language pair it holds for (empty: any), and its required
    translation (empty: keep the term as written)."""

    term: str
    source: str  # "" = any
    target: str  # "" = any
    translation: str  # "" = keep as written
    line: int = 0

    def applies(self, source: str, target: str) -> bool:
        return self.source in ("", source) and self.target in ("", target)

    def output(self) -> str:
        return self.translation or self.term


@dataclass(frozen=True)
class Glossary:
    """The workspace's glossary terms, in file order."""

    terms: tuple[Term, ...] = ()

    def for_pair(self, source: str, target: str) -> tuple[Term, ...]:
        """The terms for a pair, longest first (so ``Benjamin Netanyahu`` wins over ``Netanyahu``)."""
        chosen: dict[str, Term] = {}
        for term in self.terms:
            if term.applies(source, target):
                old = chosen.get(term.term)
                # A term specific to the pair beats a wildcard one.
                if old is None or (term.source and term.target and not (old.source and old.target)):
                    chosen[term.term] = term
        return tuple(sorted(chosen.values(), key=lambda t: -len(t.term)))


def _lang(value: str, *, path: str, line: int) -> str:
    value = value.strip()
    if value in ("", "*"):
        return ""
    try:
        return language_part(parse_locale(value))
    except LanguageError as exc:
        raise ConfigError(f"glossary: {exc.message}", path=path, line=line, hint=exc.hint) from exc


def parse_glossary(text: str, *, path: str = "<glossary>") -> Glossary:
    """Read glossary CSV/TSV text (the delimiter is the first line's tab or comma)."""
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first else ","
    terms = []
    for number, row in _rows(text, delimiter, path):
        cells = [c.strip() for c in row]
        if not cells or not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and cells[0].lower() == "term":
            continue
        if len(cells) < 3 or len(cells) > 5:
            raise ConfigError(
                f"glossary: expected term, source, target, translation[, dnt]; got {len(cells)} columns",
                path=path, line=number, hint="separate columns with commas or tabs")
        cells += [""] * (5 - len(cells))
        term, source, target, translation, flag = cells
        if not term:
            raise ConfigError("glossary: empty term", path=path, line=number)
        if flag and flag.lower() not in DNT_FLAGS:
            raise ConfigError(f"glossary: unknown flag {flag!r}", path=path, line=number,
                              hint="use dnt (do not translate) or leave the fifth column empty")
        if flag:
            translation = ""
        terms.append(Term(term, _lang(source, path=path, line=number), _lang(target, path=path, line=number),
                          translation, number))
    return Glossary(tuple(terms))


def _rows(text: str, delimiter: str, path: str) -> Iterator[tuple[int, list[str]]]:
    """The CSV rows of ``text`` with their first line's number; a malformed row (an
    unclosed quote, a cell over the csv module's size limit) is a :class:`ConfigError`."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problem = str(exc)
            if "field limit" in problem:
                problem = f"a cell is longer than {csv.field_size_limit()} characters"
            raise ConfigError(f"glossary: {problem}", path=path, line=start,
                              hint="one term a line: term, source, target, translation[, dnt]; "
                                   "close every quoted cell") from exc
        yield start, row


def load_glossary(path: Path) -> Glossary:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ConfigError("the glossary file does not exist", path=path,
                          hint="fix `glossary` in presslate.toml") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the glossary: {exc}", path=path) from exc
    return parse_glossary(text, path=str(path))
