"""A small reader for the workspace glossary used by the QA checks.

The glossary (``glossary = "glossary.csv"`` in the config) is CSV, or TSV
when the file name ends in ``.tsv``: ``term, source language, target language,
translation[, flag]``. A ``dnt`` flag in the fifth column (or an empty
translation with that flag) marks a do-not-translate term: it must appear
unchanged in every translation. An empty language matches any language. A
first row starting with ``term`` is a header; rows starting with ``#`` are
comments.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError
from ..locales import language_part

DNT_FLAGS = ("dnt", "do-not-translate", "notranslate", "keep")


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    source_lang: str  # bare language, "" for any
    target_lang: str  # bare language, "" for any
    translation: str  # for a do-not-translate term: the term itself
    dnt: bool = False

    def applies(self, source_lang: str, target_lang: str) -> bool:
        return (not self.source_lang or self.source_lang == source_lang) and (
            not self.target_lang or self.target_lang == target_lang
        ) and source_lang != target_lang


def parse_glossary(text: str, *, delimiter: str = ",", path: str = "<glossary>") -> tuple[GlossaryTerm, ...]:
    """Glossary terms from CSV/TSV text; a bad row raises :class:`ConfigError` naming its line."""
    terms: list[GlossaryTerm] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for row in reader:
        line = reader.line_num
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if line == 1 and cells[0].lower() == "term":
            continue
        if len(cells) < 4 and not (len(cells) >= 1 and any(c.lower() in DNT_FLAGS for c in cells[1:])):
            raise ConfigError(
                f"glossary row has {len(cells)} columns", path=path, line=line,
                hint="write: term, source language, target language, translation[, dnt]",
            )
        cells += [""] * (5 - len(cells))
        term, src, tgt, translation, flag = cells[:5]
        dnt = flag.lower() in DNT_FLAGS or translation.lower() in DNT_FLAGS
        if not term:
            raise ConfigError("glossary row without a term", path=path, line=line)
        if dnt:
            translation = term
        elif not translation:
            raise ConfigError(
                f"glossary term {term!r} has no translation", path=path, line=line,
                hint="give its translation, or write dnt in the fifth column for a do-not-translate term",
            )
        terms.append(GlossaryTerm(term, _lang(src), _lang(tgt), translation, dnt))
    return tuple(terms)


def _lang(code: str) -> str:
    return "" if code in ("", "*") else language_part(code)


def load_glossary(path: Path) -> tuple[GlossaryTerm, ...]:
    """Read the glossary file at ``path`` (CSV, or TSV for ``.tsv``/``.tab``)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ConfigError("the glossary file does not exist", path=path,
                          hint="fix the `glossary` key of the workspace config") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the glossary: {exc}", path=path) from exc
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    return parse_glossary(text, delimiter=delimiter, path=str(path))


def terms_for(terms: Iterable[GlossaryTerm], source_lang: str, target_lang: str) -> tuple[GlossaryTerm, ...]:
    return tuple(t for t in terms if t.applies(source_lang, target_lang))
