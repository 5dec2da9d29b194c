"""The QA checks: small plain functions from an entry to messages.

Each check looks at one :class:`~presslate.i18n.qa.model.EntryContext` and
yields a short message per problem; :data:`CHECKS` lists them with their
default severity. The runner decides which entries each check sees (by entry
state), applies the configured severity and the per-entry silencing flags
(``#, presslate-no-<check>``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from ..catalog import CHANGED, MACHINE, REVIEWED, SOURCE, UNTRANSLATED, holds_word
from ..cldr import kept_fact, text_set
from ..glossary import Term
from ..inline import changed_links, has_markup, tag_problems, without_tags
from .model import ERROR, WARNING, Check, EntryContext
from .numbers import compare_numbers

TRANSLATED = frozenset({REVIEWED, MACHINE, CHANGED})  # a translation to check
WITH_TEXT = frozenset({REVIEWED, MACHINE, CHANGED, SOURCE})


# -- completeness ----------------------------------------------------------------------------

def check_untranslated(ctx: EntryContext) -> Iterator[str]:
    """The entry has no translation yet."""
    if not ctx.in_catalog:
        yield "missing from the catalog (the template has it): presslate translate adds it back"
    elif not ctx.translation:
        yield "not translated yet"


def check_fuzzy(ctx: EntryContext) -> Iterator[str]:
    """A machine suggestion awaits review, a person's draft awaits approval, or the source changed."""
    if ctx.state == MACHINE:
        engine = f" ({ctx.provenance})" if ctx.provenance else ""
        yield (f"machine suggestion{engine} awaiting review: check it, then approve it "
               "(presslate approve, or remove the fuzzy flag)")
    elif ctx.state == CHANGED and ctx.source_lang == ctx.target_lang:
        # This text against the source it stands for: what approving it as is would publish.
        differs = ctx.translation != ctx.source
        change = f", this text differs ({describe_change(ctx.translation, ctx.source)})" if differs else ""
        yield (f"the source is already in {ctx.target_lang}{change}: empty the translation to use "
               "the source as written, or update it to the new source text before removing the "
               "fuzzy flag")
    elif ctx.state == CHANGED and ctx.previous_source and ctx.previous_source != ctx.source:
        change = describe_change(ctx.previous_source, ctx.source)
        if ctx.translation == ctx.previous_source:
            yield (f"the source changed ({change}) and the translation is its old text: "
                   "update the translation to the new source, then approve it (presslate approve, "
                   "or remove the fuzzy flag)")
        else:
            yield (f"the source changed since this was translated ({change}): "
                   "update the translation to the new source, then approve it (presslate approve, "
                   "or remove the fuzzy flag)")
    elif ctx.state == CHANGED and ctx.previous_source:
        yield ("the segment moved (same text, another kind): check the translation still fits, "
               "then approve it (presslate approve, or remove the fuzzy flag)")
    elif ctx.state == CHANGED:
        yield ("a person's draft awaiting approval: check it, then approve it "
               "(presslate approve, or remove the fuzzy flag)")


_MAX_CHANGES = 3
_MAX_FRAGMENT = 50


def _fragment(words: list[str]) -> str:
    text = " ".join(words)
    return f"“{text if len(text) <= _MAX_FRAGMENT else text[:_MAX_FRAGMENT - 1] + '…'}”"


def describe_change(old: str, new: str) -> str:
    """What changed from ``old`` to ``new``, word by word: ``“three” → “four”; added “today”``."""
    import difflib

    before, after = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace":
            parts.append(f"{_fragment(before[i1:i2])} → {_fragment(after[j1:j2])}")
        elif tag == "delete":
            parts.append(f"removed {_fragment(before[i1:i2])}")
        elif tag == "insert":
            parts.append(f"added {_fragment(after[j1:j2])}")
    if not parts:
        return "spacing only"
    more = len(parts) - _MAX_CHANGES
    return "; ".join(parts[:_MAX_CHANGES]) + (f"; {more} more change{'s' * (more > 1)}" if more > 0 else "")


# -- numbers, glossary, names ----------------------------------------------------------------

def check_numbers(ctx: EntryContext) -> Iterator[str]:
    """The same numbers, dates and years in source and translation (locale-aware formats)."""
    target = ctx.target_locale or ctx.target_lang
    missing, extra, misread = compare_numbers(ctx.source, ctx.source_lang, ctx.translation, target)
    for number in misread:
        yield f"number {number}: write it the {target} way"
    if missing:
        yield (f"number{'s' if len(missing) > 1 else ''} {', '.join(missing)} of the source "
               "not in the translation (written in words? keep digits)")
    if extra:
        yield f"number{'s' if len(extra) > 1 else ''} {', '.join(extra)} not in the source"


@functools.lru_cache(maxsize=8192)  # per glossary term: compiled once per run, not per entry
def _term_re(term: str, *, ignore_case: bool, whole: bool = False) -> re.Pattern[str]:
    """``term`` at a word start; ``whole``: also at a word end (an English plural allowed)."""
    flags = re.IGNORECASE if ignore_case else 0
    end = r"(?:s|es)?(?![\w])" if whole else ""
    return re.compile(rf"(?<![\w-]){re.escape(term)}{end}", flags)


def _applies(term: Term, ctx: EntryContext) -> bool:
    return ctx.source_lang != ctx.target_lang and term.applies(ctx.source_lang, ctx.target_lang)


def check_glossary(ctx: EntryContext) -> Iterator[str]:
    """A glossary term of the source appears as its glossary translation."""
    for term in ctx.glossary:
        if (not term.translation or not _applies(term, ctx)
                or not _term_re(term.term, ignore_case=True, whole=True).search(ctx.source)):
            continue
        if not _term_re(_fold(term.translation), ignore_case=True).search(_fold(ctx.translation)):
            yield f"glossary: {term.term!r} should be translated as {term.translation!r}"


def check_do_not_translate(ctx: EntryContext) -> Iterator[str]:
    """A do-not-translate term of the source appears unchanged in the translation."""
    for term in ctx.glossary:
        if (term.translation or not _applies(term, ctx)
                or not _term_re(term.term, ignore_case=False, whole=True).search(ctx.source)):
            continue
        if term.term not in ctx.translation:
            yield f"do-not-translate term {term.term!r} is not in the translation unchanged"


_NAME_RE = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*\w|(?<![\w'’-])[A-Z]{2,}\b")
# Where a sentence starts: the text's start, or a sentence's end and a space, then only spaces,
# opening quotes or brackets, or dashes. (Matched against the text before a word; a name can
# start a sentence.)
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;]\s)[\s\"'“‘«„(¿¡-]*$")
_OPENERS = frozenset("\"'“‘«„(¿¡-")


@functools.lru_cache(maxsize=65536)  # words and terms recur across entries
def _fold(text: str) -> str:
    """Case-folded, without accents: for comparing names across spellings."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Capitalized in English news before or inside names, translated (and lower-cased) elsewhere.
ENGLISH_TITLES = frozenset({
    "president", "prime", "minister", "ministry", "foreign", "defense", "defence", "interior",
    "secretary", "general", "chief", "king", "queen", "prince", "princess", "pope", "chancellor",
    "senator", "governor", "mayor", "deputy", "vice", "state", "department", "army", "force",
    "forces", "air", "navy", "court", "supreme", "house", "parliament", "council", "committee",
    "party", "mr", "mrs", "ms", "dr", "sir", "lord", "north", "south", "east", "west", "northern",
    "southern", "eastern", "western", "republic", "kingdom", "united", "nations",
})


@kept_fact(text_set)
def _common_capitalized(lang: str) -> frozenset[str]:
    """Capitalized words that are not names: day, month and language names (CLDR)."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError, TypeError):
        return frozenset()
    words: set[str] = set()
    for width in ("wide", "abbreviated"):
        words.update(locale.days["format"][width].values())
        words.update(locale.months["format"][width].values())
    words.update(locale.languages.values())
    if lang == "en":
        words.update(ENGLISH_TITLES)
    return frozenset(_fold(w).rstrip(".") for w in words)


def _latin(text: str) -> bool:
    """The text has letters, all of them Latin (each distinct character looked at once)."""
    found = False
    for ch in set(text):
        if ch.isalpha():
            if not (ch.isascii() or _latin_letter(ch)):
                return False
            found = True
    return found


@functools.lru_cache(maxsize=4096)
def _latin_letter(ch: str) -> bool:
    return "LATIN" in unicodedata.name(ch, "")


def _sentence_start(text: str, start: int) -> bool:
    """``_SENTENCE_START_RE`` matches the end of ``text[:start]``. A match ends in a run of
    spaces and openers after at most one other character, so only that tail is searched:
    searching the whole text before each word made an entry with many names quadratic."""
    j = start
    while j > 0 and (text[j - 1] in _OPENERS or text[j - 1].isspace()):
        j -= 1
    return bool(_SENTENCE_START_RE.search(text[j - 1:start] if j else text[:start]))


def source_names(text: str, lang: str) -> list[tuple[str, ...]]:
    """Names of the source: runs of capitalized words (``Benjamin Netanyahu``), without a
    sentence's first word, titles and day, month or language names."""
    runs: list[list[tuple[str, bool]]] = []
    last_end = -1
    for match in _NAME_RE.finditer(text):
        initial = _sentence_start(text, match.start())
        if runs and text[last_end:match.start()] in (" ", "-") and not initial:
            runs[-1].append((match.group(0), initial))
        else:
            runs.append([(match.group(0), initial)])
        last_end = match.end()
    common = _common_capitalized(lang)
    names = []
    for run in runs:
        words = tuple(w for i, (w, initial) in enumerate(run)
                      if not (i == 0 and initial) and _fold(w) not in common and len(w) >= 2)
        if words:
            names.append(words)
    return names


@dataclass(frozen=True)
class _Words:
    """The translation's words (folded), looked up by value and by first four letters."""

    unique: tuple[str, ...]
    exact: frozenset[str]
    prefixes: frozenset[str]

    @classmethod
    def of(cls, words: list[str]) -> _Words:
        unique = tuple(dict.fromkeys(words))
        return cls(unique, frozenset(unique), frozenset(w[:4] for w in unique))


def _name_present(name: str, words: _Words) -> bool:
    """Some word is the name, shares its first four letters (a name of five or more), or is
    spelled alike (rapidfuzz's ``fuzz.ratio``: computed by :func:`_alike` for a translation
    of a few hundred words, by rapidfuzz itself, in C, for a longer one)."""
    folded = _fold(name)
    if folded in words.exact or (len(folded) >= 5 and folded[:4] in words.prefixes):
        return True
    if len(folded) < 4:
        return False
    similarity = NAME_SIMILARITY_SHORT if len(folded) <= 5 else NAME_SIMILARITY
    if len(words.unique) > PURE_PYTHON_WORDS:
        from rapidfuzz import fuzz, process

        return process.extractOne(folded, words.unique, scorer=fuzz.ratio, processor=None,
                                  score_cutoff=similarity) is not None
    return any(_alike(folded, word, similarity) for word in words.unique)


# Above this many different words, a name is compared by rapidfuzz (0.01 s to import, about
# as long as comparing a name with 4,000 words in Python).
PURE_PYTHON_WORDS = 300


def _alike(a: str, b: str, cutoff: int) -> bool:
    """Whether ``fuzz.ratio(a, b)`` (normalised Indel similarity, 200 * LCS / (len a + len b))
    is at least ``cutoff``, decided in integers: the longest common subsequence by the
    bit-parallel algorithm (Allison-Dix / Hyyrö), after a length bound rules most words out.
    (rapidfuzz itself takes 0.01 s to import, a twentieth of a cold check.)"""
    total = len(a) + len(b)
    if total == 0:
        return True
    if 200 * min(len(a), len(b)) < cutoff * total:
        return False
    masks: dict[str, int] = {}
    for i, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | 1 << i
    full = (1 << len(a)) - 1
    row = full
    for ch in b:
        match = row & masks.get(ch, 0)
        row = ((row + match) | (row - match)) & full
    common = len(a) - row.bit_count()
    return 200 * common >= cutoff * total


# How alike a name and its spelling in the translation must be (rapidfuzz ratio): Putin/Poutine
# and Syria/Syrie pass, Iran/iront does not; longer names vary more (Lebanon/Liban, States/Estados).
NAME_SIMILARITY_SHORT = 75
NAME_SIMILARITY = 60


def check_named_entities(ctx: EntryContext) -> Iterator[str]:
    """Capitalized names of the source are present in some form in the translation."""
    if not (_latin(ctx.source) and _latin(ctx.translation)):
        return
    words = [_fold(w) for w in re.findall(r"[\w'’-]+", ctx.translation)]
    words += [part for w in words for part in re.split(r"[-'’]", w) if part]
    found = _Words.of(words)
    missing = [" ".join(name) for name in dict.fromkeys(source_names(ctx.source, ctx.source_lang))
               if not any(_name_present(word, found) for word in name)]
    if missing:
        yield f"name{'s' if len(missing) > 1 else ''} {', '.join(missing)} not found in the translation"


# -- language --------------------------------------------------------------------------------

MIN_LANGUAGE_LETTERS = 25
MIN_LANGUAGE_CONFIDENCE = 0.6


def check_target_language(ctx: EntryContext) -> Iterator[str]:
    """The translation reads as the target language (not an echo of the source, not another language)."""
    from ..langid import DETECTABLE, candidate_languages, detect_language, ranked_first

    if ctx.state == SOURCE or ctx.target_lang not in DETECTABLE:
        return
    letters = sum(ch.isalpha() for ch in ctx.translation)
    if letters < MIN_LANGUAGE_LETTERS:
        return  # too short to tell reliably
    candidates = candidate_languages([*ctx.detect_candidates, ctx.source_lang, ctx.target_lang])
    if ranked_first(ctx.translation, candidates) == ctx.target_lang:
        return  # reads as the target already: the costly models are not needed to say so
    lang, confidence = detect_language(ctx.translation, candidates,
                                       (ctx.source_lang, ctx.target_lang))
    if not lang or lang == ctx.target_lang or confidence < MIN_LANGUAGE_CONFIDENCE:
        return
    if lang == ctx.source_lang:
        yield (f"the translation reads as {lang}, the source language, not {ctx.target_lang} "
               f"(confidence {confidence:.2f}): an untranslated echo?")
    else:
        yield f"the translation reads as {lang}, not {ctx.target_lang} (confidence {confidence:.2f})"


def check_unchanged(ctx: EntryContext) -> Iterator[str]:
    """The translation is the source text, though the source is in another language."""
    if ctx.state == SOURCE or not ctx.source_lang or ctx.source_lang == ctx.target_lang:
        return
    if ctx.translation.strip() != ctx.source.strip():
        return
    dnt = {t.term for t in ctx.glossary if not t.translation}
    words = [w for w in re.findall(r"[^\W\d_]{2,}", ctx.source) if w not in dnt]
    if any(w[0].islower() for w in words):
        yield f"the translation is the {ctx.source_lang} source unchanged"


# -- punctuation, brackets, symbols ----------------------------------------------------------

_CLOSERS = "\"'”’»›“)]}>"
_END_CLASSES = {
    ".": ".", "。": ".", "۔": ".", "।": ".", "…": "…",
    "?": "?", "？": "?", "؟": "?", "!": "!", "！": "!",
    ":": ":", "：": ":", ";": ";", "؛": ";",
}


def _ending(text: str, lang: str) -> str:
    body = text.rstrip().rstrip(_CLOSERS + " \u00a0\u202f").rstrip()
    if body.endswith("..."):
        return "…"
    if not body:
        return ""
    last = body[-1]
    if lang == "el" and last == ";":
        return "?"
    return _END_CLASSES.get(last, "")


def check_punctuation(ctx: EntryContext) -> Iterator[str]:
    """The translation ends with the same kind of punctuation as the source."""
    src, dst = _ending(ctx.source, ctx.source_lang), _ending(ctx.translation, ctx.target_lang)
    if src != dst:
        yield (f"the source ends with {src or 'no punctuation'!r} but the translation with "
               f"{dst or 'no punctuation'!r}")


_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"))
_BRACKET_RES = {opener: re.compile(f"[{re.escape(opener + closer)}]") for opener, closer in _PAIRS}


def _brackets_balanced(text: str, opener: str, closer: str) -> bool:
    depth = 0
    for ch in _BRACKET_RES[opener].findall(text):  # the brackets alone, found in one C scan
        if ch == opener:
            depth += 1
        elif ch == closer:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _quote_problems(text: str) -> list[str]:
    problems = []
    if text.count("«") != text.count("»"):
        problems.append("« »")
    if text.count("‹") != text.count("›"):
        problems.append("‹ ›")
    low, left, right = text.count("„"), text.count("“"), text.count("”")
    if (low + left + right) % 2 or low > left + right:
        problems.append("“ ” / „ “")
    if text.count('"') % 2:
        problems.append('"')
    return problems


def _quote_count(text: str) -> int:
    return sum(text.count(q) for q in "«»„“”\"")


def check_brackets(ctx: EntryContext) -> Iterator[str]:
    """Brackets and quotation marks are balanced where the source's are (locale quotes allowed)."""
    for opener, closer in _PAIRS:
        if _brackets_balanced(ctx.source, opener, closer) and not _brackets_balanced(
            ctx.translation, opener, closer
        ):
            yield f"unbalanced {opener}{closer} in the translation"
    source_problems = set(_quote_problems(ctx.source))
    for problem in _quote_problems(ctx.translation):
        if problem not in source_problems:
            yield f"unbalanced quotation marks {problem} in the translation"
    if _quote_count(ctx.source) >= 2 and _quote_count(ctx.translation) == 0:
        yield "the source quotes someone but the translation has no quotation marks"


_URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"“”«»]+", re.IGNORECASE)
_EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_HANDLE_RE = re.compile(r"(?<![\w@.])@\w{1,30}\b")
_HASHTAG_RE = re.compile(r"(?<![\w#&])#[^\W\d]\w{1,60}")


def _symbols(text: str) -> list[str]:
    urls = [u.rstrip(".,;:!?)]}'’") for u in _URL_RE.findall(text)]
    emails = _EMAIL_RE.findall(text)
    rest = _EMAIL_RE.sub(" ", _URL_RE.sub(" ", text))
    return urls + emails + _HANDLE_RE.findall(rest) + _HASHTAG_RE.findall(rest)


def check_urls(ctx: EntryContext) -> Iterator[str]:
    """URLs, e-mail addresses, @handles and #hashtags of the source are kept unchanged."""
    for symbol in dict.fromkeys(_symbols(ctx.source)):
        if symbol not in ctx.translation:
            yield f"{symbol} is not in the translation unchanged"


_TAG_RE = re.compile(r"</?([A-Za-z][\w:-]*)(?:\s[^<>]*)?/?>")
_PLACEHOLDER_RE = re.compile(
    r"%(?:\(\w+\)|\d+\$)?[-+0#]?\d*(?:\.\d+)?[sdifr](?![A-Za-z])"  # printf, %(name)s
    r"|\{\{\s*[\w.]+\s*\}\}"  # {{ var }}
    r"|\{[\w.]*(?:![rsa])?(?::[^{}]*)?\}"  # {0} {name} {name:>3}
    r"|\$\{\w+\}"  # ${var}
    r"|&(?:[a-z]+|#\d+|#x[0-9a-f]+);"  # entities
    , re.IGNORECASE,
)


def _markup(text: str) -> Counter[str]:
    tags = Counter(("/" if m.group(0).startswith("</") else "") + m.group(1).lower()
                   for m in _TAG_RE.finditer(text))
    tags.update(m.group(0) for m in _PLACEHOLDER_RE.finditer(text))
    return tags


def check_markup(ctx: EntryContext) -> Iterator[str]:
    """Tags and placeholders of the source are all in the translation, none added; inline tags
    (links, emphasis, line breaks) neither broken nor closed across another's nesting."""
    source, translation = ctx.source, ctx.translation
    if has_markup(source) or "<" in translation:
        yield from tag_problems(source, translation)
        source, translation = without_tags(source), without_tags(translation)
    src, dst = _markup(source), _markup(translation)
    if not src and not dst:
        return
    missing, extra = src - dst, dst - src
    if missing:
        yield f"missing from the translation: {', '.join(_show(t) for t in sorted(missing))}"
    if extra:
        yield f"not in the source: {', '.join(_show(t) for t in sorted(extra))}"


def check_link_targets(ctx: EntryContext) -> Iterator[str]:
    """A link whose target the translation changes (``<a1 href="…">``) is reported."""
    yield from changed_links(ctx.source, ctx.translation, ctx.links)


def _show(token: str) -> str:
    if token.startswith("/"):
        return f"</{token[1:]}>"
    if token[:1].isalpha():
        return f"<{token}>"
    return token


# -- length, engine artefacts, whitespace ----------------------------------------------------

MIN_RATIO_LENGTH = 30  # shorter sources vary too much to judge
RATIO_TOLERANCE = 2.2


def check_length_ratio(ctx: EntryContext) -> Iterator[str]:
    """The translation's length is not far from the usual for the pair (a dropped sentence, a loop)."""
    if ctx.state == SOURCE or len(ctx.source) < MIN_RATIO_LENGTH or not ctx.translation:
        return
    ratio = len(ctx.translation) / len(ctx.source)
    relative = ratio / (ctx.expected_ratio or 1.0)
    if relative < 1 / RATIO_TOLERANCE:
        yield (f"the translation is much shorter than usual ({ratio:.2f}× the source, usual "
               f"{ctx.expected_ratio:.2f}×): a dropped sentence?")
    elif relative > RATIO_TOLERANCE:
        yield (f"the translation is much longer than usual ({ratio:.2f}× the source, usual "
               f"{ctx.expected_ratio:.2f}×): added or repeated text?")


_APERTIUM_RE = re.compile(r"(?<![\w*#@])([*#@])([^\W\d_][\w'-]*)")
# Apertium also marks unknown symbols: ``*·`` for a middle dot it has no entry for.
_UNKNOWN_SYMBOL_RE = re.compile(r"(?<![\w*])(\*)([^\s\w*])")
_MODEL_ARTEFACTS = ("<unk>", "[UNK]", "⁇", "\u2581", "<pad>", "</s>", "<s>")


def check_artefacts(ctx: EntryContext) -> Iterator[str]:
    """Marks an engine left in the text: Apertium's *unknown, #generation and @transfer marks, <unk>."""
    marks = {"*": "unknown word", "#": "generation error", "@": "transfer error"}
    addresses = " ".join(_URL_RE.findall(ctx.translation) + _EMAIL_RE.findall(ctx.translation))
    found = _APERTIUM_RE.findall(ctx.translation) + _UNKNOWN_SYMBOL_RE.findall(ctx.translation)
    for mark, word in dict.fromkeys(found):
        if mark + word in ctx.source or mark + word in addresses:
            continue
        yield f"engine mark {mark}{word} ({marks[mark]}): the engine could not translate {word!r}"
    for token in _MODEL_ARTEFACTS:
        if token in ctx.translation and token not in ctx.source:
            yield f"engine artefact {token!r} in the translation"


def check_unknown_words(ctx: EntryContext) -> Iterator[str]:
    """An approved translation still holds a source word the engine did not know."""
    for word in ctx.unknown:
        if any(ch.isdigit() for ch in word) or not holds_word(ctx.translation, word):
            continue
        if not holds_word(ctx.source, word) or _kept_as_a_name(word, ctx.source, ctx.translation):
            continue
        yield (f"{word!r} is still in the translation, as in the source: the engine did not know "
               "it; translate it (or add # presslate-no-unknown-words if it is meant to stay)")


def _occurrences(text: str, word: str) -> list[re.Match[str]]:
    return list(re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE))


def _kept_as_a_name(word: str, source: str, translation: str) -> bool:
    """``word`` is written in the source as a name (capitalized mid-sentence, or an acronym),
    never as a common word; written capitalized only where a sentence starts, it is a name
    unless the translation writes it in lower case."""
    found = _occurrences(source, word)
    if any(m.group(0)[0].islower() for m in found):
        return False
    if all(m.group(0).isupper() for m in found) and len(word) > 1:
        return True
    if any(not _sentence_start(source, m.start()) for m in found):
        return True
    return not any(m.group(0)[0].islower() for m in _occurrences(translation, word))


# Words that are correctly doubled in some languages (French "nous nous", German "die die").
ALLOWED_REPEATS = {
    "fr": {"nous", "vous"}, "de": {"die", "der", "das", "den", "dem", "sie"},
    "nl": {"dat", "die"}, "en": {"that", "had"}, "es": {"que"}, "it": {"che"},
}
_WORD_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _repeats(text: str, lang: str) -> list[str]:
    words = [w.casefold() for w in _WORD_RE.findall(text)]
    found: list[str] = []
    i = 0
    count = len(words)
    while i < count:
        for size in range(1, 5):
            if i + 2 * size > count:
                break  # no room for the chunk twice, nor for a longer one
            if words[i + size] != words[i]:
                continue  # cheap test first: a repeat starts with the same word
            chunk = words[i:i + size]
            if words[i + size:i + 2 * size] != chunk:
                continue
            if size == 1 and (chunk[0] in ALLOWED_REPEATS.get(lang, ()) or chunk[0].isdigit()):
                continue
            found.append(" ".join(chunk))
            i += size
            break
        i += 1
    return found


def check_repeated(ctx: EntryContext) -> Iterator[str]:
    """A word or phrase repeated back to back that the source does not repeat (an engine loop)."""
    source_repeats = Counter(_repeats(ctx.source, ctx.source_lang))
    for phrase, count in Counter(_repeats(ctx.translation, ctx.target_lang)).items():
        if count > source_repeats.get(phrase, 0):
            yield f"{phrase!r} is repeated back to back"


def check_whitespace(ctx: EntryContext) -> Iterator[str]:
    """Leading and trailing whitespace as in the source; no doubled spaces."""
    def lead(s: str) -> str:
        return s[: len(s) - len(s.lstrip())]

    def trail(s: str) -> str:
        return s[len(s.rstrip()):]

    if lead(ctx.translation) != lead(ctx.source):
        yield "leading whitespace differs from the source"
    if trail(ctx.translation) != trail(ctx.source):
        yield "trailing whitespace differs from the source"
    if re.search(r"[ \t]{2,}", ctx.translation.strip()) and not re.search(r"[ \t]{2,}", ctx.source.strip()):
        yield "doubled spaces in the translation"
    for spaced in _spaced_quotes(ctx.translation, ctx.target_lang):
        if spaced not in ctx.source:
            yield f"a space just inside quotation marks: {spaced!r}"


# Languages where “ closes a quotation („Hallo“) and ” may open one (Swedish ”Hej”).
_CLOSING_LEFT_QUOTE = frozenset({"de", "cs", "sk", "sl", "hr", "bg", "lt", "et", "is", "da", "ka",
                                 "ru", "uk", "be", "sr", "mk"})
_OPENING_RIGHT_QUOTE = frozenset({"sv", "fi", "pl", "hu", "ro"})


def _spaced_quotes(text: str, lang: str) -> list[str]:
    """``“ word`` or ``word ”`` where the language does not space its curly quotes
    (French « » with spaces is another matter and is fine)."""
    found = []
    if lang not in _CLOSING_LEFT_QUOTE:
        found += [m.group(0) for m in re.finditer(r"“[ \u00a0\u202f]+\w+", text)]
    if lang not in _OPENING_RIGHT_QUOTE:
        found += [m.group(0) for m in re.finditer(r"\w+[,.!?]?[ \u00a0\u202f]+”", text)]
    return found


CHECKS: tuple[Check, ...] = tuple(
    Check(name, severity, fn, (fn.__doc__ or "").strip().splitlines()[0], states)
    for name, severity, fn, states in (
        ("untranslated", WARNING, check_untranslated, frozenset({UNTRANSLATED})),
        ("fuzzy", WARNING, check_fuzzy, frozenset({MACHINE, CHANGED})),
        ("numbers", ERROR, check_numbers, TRANSLATED),
        ("glossary", ERROR, check_glossary, TRANSLATED),
        ("do_not_translate", ERROR, check_do_not_translate, TRANSLATED),
        ("named_entities", WARNING, check_named_entities, TRANSLATED),
        ("target_language", ERROR, check_target_language, TRANSLATED),
        ("unchanged", ERROR, check_unchanged, TRANSLATED),
        ("punctuation", WARNING, check_punctuation, TRANSLATED),
        ("brackets", ERROR, check_brackets, TRANSLATED),
        ("urls", ERROR, check_urls, TRANSLATED),
        ("markup", ERROR, check_markup, TRANSLATED),
        ("link_targets", WARNING, check_link_targets, TRANSLATED),
        ("length_ratio", WARNING, check_length_ratio, TRANSLATED),
        ("artefacts", ERROR, check_artefacts, TRANSLATED),
        ("unknown_words", WARNING, check_unknown_words, frozenset({REVIEWED})),
        ("repeated", WARNING, check_repeated, TRANSLATED),
        ("whitespace", WARNING, check_whitespace, WITH_TEXT),
    )
)
CHECK_NAMES = tuple(c.name for c in CHECKS)
# Checks that read the tags themselves; the others see the words only (tags dropped).
MARKUP_CHECKS = frozenset({"markup", "link_targets"})
COMPLETENESS_CHECKS = ("untranslated", "fuzzy")
