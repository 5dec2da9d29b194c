"""Per-segment language identification.

Each segment's language is its own: a French photo caption inside an English
article is French. Detection uses lingua (n-gram models shipped in the wheel,
no download) restricted to the workspace's languages plus common news
languages; below a confidence threshold a segment takes the article's language.

Cold start decides a CLI's speed: lingua loads a language's models on first use,
and its high-accuracy mode (1- to 5-gram models, about 0.3 s per language) is what
makes short texts (captions, headlines) reliable. So detection runs in two stages:
lingua's low-accuracy mode (trigram models only, about 0.01 s per language) ranks
every candidate; a text of 120 characters or more keeps that answer (for texts that
long lingua's high-accuracy mode uses the trigram models alone anyway); a shorter one
is decided in high-accuracy mode among every candidate, as before (deciding among a
few finalists was measured faster but inflated the confidence of short texts in
another language, so captions fell back less often to the article's language).
``benchmarks/langid_bench.py`` measures the accuracy and the time (README, Performance).

Within :func:`detection_cache` (``check``, ``publish``, ``pull``), results are also kept in
the workspace, in ``.presslate-cache/langid.json``, so a text already seen is not detected
again: a cold ``check`` of unchanged catalogs loads no language model. A result is keyed
by a hash of the text and the candidate set; the file records lingua's version and the
detection's constants and is discarded whole when they differ, so a result is never stale.
The file is written atomically, is ignored by git (the folder holds a ``.gitignore``), and
is only a saving of time: a missing, unreadable or unwritable one changes no result.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .locales import language_part

# Common news languages always considered, besides the workspace's own.
COMMON_LANGUAGES = (
    "ar", "de", "en", "es", "fa", "fr", "he", "it", "ja", "nl",
    "pl", "pt", "ru", "tr", "uk", "zh",
)

# Texts shorter than this (letters) are not trusted to tell their language.
MIN_LETTERS = 12

_LETTER_RE = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class Detection:
    lang: str
    confidence: float
    source: str  # "detected" or "fallback"


# Texts this long are scored on trigrams alone, in lingua's high-accuracy mode too.
LONG_TEXT = 120


@functools.cache
def _detector(codes: tuple[str, ...], low_accuracy: bool = True) -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = []
    for code in codes:
        try:
            languages.append(Language.from_iso_code_639_1(IsoCode639_1.from_str(code)))
        except (ValueError, AttributeError):
            continue  # a language lingua does not know: never detected, still a valid target
    if len(languages) < 2:
        languages.append(Language.ENGLISH if Language.ENGLISH not in languages else Language.FRENCH)
    builder = LanguageDetectorBuilder.from_languages(*languages)
    return (builder.with_low_accuracy_mode() if low_accuracy else builder).build()


def _code(language: Any) -> str:
    return str(language.iso_code_639_1.name.lower())


def candidate_languages(extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The candidate set: common languages plus ``extra`` (bare language codes)."""
    return tuple(sorted(set(COMMON_LANGUAGES) | {language_part(c) for c in extra if c}))


def detect_language(text: str, candidates: tuple[str, ...],
                    preferred: Iterable[str] = ()) -> tuple[str, float]:
    """The most likely language of ``text`` among ``candidates`` and its confidence (0..1).

    ``preferred`` is accepted for callers that know the workspace's languages (unused: see
    below). Returns ``("", 0.0)`` when the text has too few letters to tell.
    """
    if len(_LETTER_RE.findall(text)) < MIN_LETTERS and not _non_latin(text):
        return "", 0.0
    return _remembered("detect", text, candidates, lambda: _detect(text, candidates))


def _detect(text: str, candidates: tuple[str, ...]) -> tuple[str, float]:
    values = _detector(candidates).compute_language_confidence_values(text)
    if not values:
        return "", 0.0
    best = values[0]
    if len(text) >= LONG_TEXT or len(values) < 2:
        return _code(best.language), float(best.value)
    # A short text is decided in high-accuracy mode among every candidate: deciding among a
    # few finalists only inflates the confidence of a short text in another language (an
    # English subheading read as French at 0.55), which the fallback threshold relies on.
    values = _detector(candidates, low_accuracy=False).compute_language_confidence_values(text)
    best = values[0]
    return _code(best.language), float(best.value)


def ranked_first(text: str, candidates: tuple[str, ...]) -> str:
    """The first-stage winner alone (trigram models only): cheap, right on most texts of
    a sentence or more; a caller that only needs to rule a language *in* can start here."""
    def first() -> tuple[str, float]:
        values = _detector(candidates).compute_language_confidence_values(text)
        return (_code(values[0].language), float(values[0].value)) if values else ("", 0.0)

    return _remembered("first", text, candidates, first)[0]


def _non_latin(text: str) -> bool:
    """Scripts that identify a language even in a short text (Hebrew, Arabic, Cyrillic, CJK...)."""
    return any(ord(ch) >= 0x0370 and ch.isalpha() for ch in text)


def detect_segment(
    text: str,
    *,
    article_lang: str,
    candidates: tuple[str, ...],
    min_confidence: float,
    preferred: Iterable[str] = (),
) -> Detection:
    """A segment's language, falling back to ``article_lang`` when unsure."""
    lang, confidence = detect_language(text, candidates, (article_lang, *preferred))
    if lang and confidence >= min_confidence:
        return Detection(lang, confidence, "detected")
    return Detection(language_part(article_lang), confidence if lang == article_lang else 0.0,
                     "fallback")


def detect_article_language(texts: Iterable[str], candidates: tuple[str, ...]) -> str:
    """The language of an article's running text (its body, joined), or ``""``."""
    sample = " ".join(texts)[:5000]
    lang, confidence = detect_language(sample, candidates)
    return lang if confidence >= 0.5 else ""


# -- results kept in the workspace -----------------------------------------------------------

CACHE_DIR = ".presslate-cache"
CACHE_NAME = "langid.json"
CACHE_LIMIT = 100_000  # results kept (the most recently used)
_DECISION = 1  # raise when detect_language or ranked_first decide differently


@dataclass
class _Memo:
    results: dict[str, list[Any]]
    changed: bool = False


_memo: _Memo | None = None


def _cache_version() -> str:
    from importlib.metadata import version

    return (f"lingua-language-detector {version('lingua-language-detector')}; decision "
            f"{_DECISION}; letters {MIN_LETTERS}; long {LONG_TEXT}")


def _remembered(kind: str, text: str, candidates: tuple[str, ...],
                compute: Callable[[], tuple[str, float]]) -> tuple[str, float]:
    if _memo is None:
        return compute()
    key = hashlib.blake2b(f"{kind}\n{','.join(candidates)}\n{text}".encode(),
                          digest_size=16).hexdigest()
    found = _memo.results.pop(key, None)
    if isinstance(found, list) and len(found) == 2 and isinstance(found[0], str) \
            and isinstance(found[1], (int, float)):
        _memo.results[key] = found  # moved to the end: the most recently used
        return found[0], float(found[1])
    lang, confidence = compute()
    _memo.results[key] = [lang, confidence]
    _memo.changed = True
    return lang, confidence


@contextlib.contextmanager
def detection_cache(root: Path) -> Iterator[None]:
    """Within the block, detection results are read from and added to the workspace's
    cache (``root/.presslate-cache/langid.json``), saved atomically when it ends without
    an exception."""
    global _memo
    if _memo is not None:  # already inside one
        yield
        return
    path = root / CACHE_DIR / CACHE_NAME
    version = _cache_version()
    _memo = memo = _Memo(_load_cache(path, version))
    try:
        yield
    finally:
        _memo = None
    if memo.changed:  # only when the block succeeded: a refused command writes nothing
        _save_cache(path, version, memo.results)


def _load_cache(path: Path, version: str) -> dict[str, list[Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != version \
            or not isinstance(data.get("results"), dict):
        return {}
    results: dict[str, list[Any]] = data["results"]
    return results


def _save_cache(path: Path, version: str, results: dict[str, list[Any]]) -> None:
    from .files import write_atomic

    kept = dict(list(results.items())[-CACHE_LIMIT:])
    with contextlib.suppress(OSError):
        path.parent.mkdir(exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            write_atomic(ignore, "# presslate's cache of language detection results\n*\n")
        write_atomic(path, json.dumps({"version": version, "results": kept},
                                      separators=(",", ":")))
