"""The checks' text helpers, written to take time linear in the text, decide exactly as their
plain definitions: each is compared with that definition (kept here as the oracle) on generated
text made of the characters they look at."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from presslate.i18n.qa.checks import (
    _PAIRS,
    _SENTENCE_START_RE,
    ALLOWED_REPEATS,
    NAME_SIMILARITY,
    NAME_SIMILARITY_SHORT,
    _alike,
    _brackets_balanced,
    _fold,
    _latin,
    _name_present,
    _repeats,
    _sentence_start,
    _Words,
    check_named_entities,
    source_names,
)
from presslate.i18n.qa.model import EntryContext

# Letters (Latin, accented, Greek, Cyrillic, Hebrew, CJK), digits, spaces of several kinds,
# sentence ends, quotes, brackets and dashes.
ALPHABET = "aAbBzZéÉßłΩωжЖאב中0 9  \u00a0\u202f\t\n.!?:;,\"'“”‘«»„(¿¡)-—[]_"
TEXT = st.text(alphabet=ALPHABET, max_size=60)


def _latin_oracle(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(ch, "") for ch in letters)


def _repeats_oracle(text: str, lang: str) -> list[str]:
    import re

    words = [w.casefold() for w in re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text)]
    found: list[str] = []
    i = 0
    while i < len(words):
        for size in range(1, 5):
            chunk = words[i:i + size]
            if len(chunk) < size or words[i + size:i + 2 * size] != chunk:
                continue
            if size == 1 and (chunk[0] in ALLOWED_REPEATS.get(lang, ()) or chunk[0].isdigit()):
                continue
            found.append(" ".join(chunk))
            i += size
            break
        i += 1
    return found


def _name_present_oracle(name: str, words: list[str]) -> bool:
    from rapidfuzz import fuzz

    folded = _fold(name)
    for word in words:
        if word == folded or (len(folded) >= 5 and word[:4] == folded[:4]):
            return True
        similarity = NAME_SIMILARITY_SHORT if len(folded) <= 5 else NAME_SIMILARITY
        if len(folded) >= 4 and fuzz.ratio(folded, word) >= similarity:
            return True
    return False


WORD = st.text(alphabet="abeinoPrstuéÉ", min_size=1, max_size=9)


@settings(max_examples=600, deadline=None)
@given(name=WORD, words=st.lists(WORD.map(_fold), max_size=12), pure=st.booleans())
def test_a_name_is_present_as_each_word_compared_in_turn_decides(name: str, words: list[str],
                                                                 pure: bool) -> None:
    from unittest.mock import patch

    from presslate.i18n.qa import checks

    # both ways of comparing spellings: in Python, and by rapidfuzz (for long translations)
    with patch.object(checks, "PURE_PYTHON_WORDS", 1000 if pure else 0):
        assert _name_present(name, _Words.of(words)) == _name_present_oracle(name, words)


def _alike_oracle(a: str, b: str, cutoff: int) -> bool:
    from rapidfuzz import fuzz, process

    return process.extractOne(a, [b], scorer=fuzz.ratio, processor=None,
                              score_cutoff=cutoff) is not None


@settings(max_examples=800, deadline=None)
@given(a=st.text(max_size=14), b=st.text(max_size=14), cutoff=st.integers(0, 100))
def test_alike_decides_as_rapidfuzz_on_any_text(a: str, b: str, cutoff: int) -> None:
    assert _alike(a, b, cutoff) == _alike_oracle(a, b, cutoff)


@settings(max_examples=300, deadline=None)
@given(a=st.text(alphabet="ab", max_size=70), b=st.text(alphabet="ab", max_size=70),
       cutoff=st.sampled_from([NAME_SIMILARITY, NAME_SIMILARITY_SHORT]))
def test_alike_decides_as_rapidfuzz_past_one_machine_word(a: str, b: str, cutoff: int) -> None:
    assert _alike(a, b, cutoff) == _alike_oracle(a, b, cutoff)


def test_alike_decides_as_rapidfuzz_at_every_boundary() -> None:
    # every pair of lengths and every common-subsequence length up to 24: the ratios that land
    # exactly on a cutoff are where a float and an integer rule could part
    for cutoff in (NAME_SIMILARITY, NAME_SIMILARITY_SHORT, 50, 80, 90):
        for common in range(25):
            for extra_a in range(25 - common):
                for extra_b in range(25 - common):
                    a, b = "x" * common + "a" * extra_a, "x" * common + "b" * extra_b
                    assert _alike(a, b, cutoff) == _alike_oracle(a, b, cutoff), (a, b, cutoff)


@settings(max_examples=400, deadline=None)
@given(text=TEXT)
def test_sentence_start_is_the_pattern_on_the_whole_prefix(text: str) -> None:
    for start in range(len(text) + 1):
        assert _sentence_start(text, start) == bool(_SENTENCE_START_RE.search(text[:start])), start


def _balanced_oracle(text: str, opener: str, closer: str) -> bool:
    depth = 0
    for ch in text:
        if ch == opener:
            depth += 1
        elif ch == closer:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="a (){}[]\\^-]", max_size=30))
def test_brackets_balance_as_counted_character_by_character(text: str) -> None:
    for opener, closer in _PAIRS:
        assert _brackets_balanced(text, opener, closer) == _balanced_oracle(text, opener, closer)


@settings(max_examples=400, deadline=None)
@given(text=TEXT)
def test_latin_is_every_letter_latin(text: str) -> None:
    assert _latin(text) == _latin_oracle(text)


@settings(max_examples=400, deadline=None)
@given(words=st.lists(st.sampled_from(["nous", "Nous", "the", "cat", "1", "21", "é", "vote"]), max_size=16),
       glue=st.sampled_from([" ", ", ", " - ", "\n"]), lang=st.sampled_from(["fr", "en", "de", "xx"]))
def test_repeats_are_the_back_to_back_phrases(words: list[str], glue: str, lang: str) -> None:
    text = glue.join(words)
    assert _repeats(text, lang) == _repeats_oracle(text, lang)


def test_names_are_found_in_a_long_entry_as_in_a_short_one() -> None:
    sentence = "On Monday Maria Kowalska met «Jean-Luc Picard» in Paris. “Anna” left. "
    assert source_names(sentence, "en") == [("Maria", "Kowalska"), ("Jean-Luc",), ("Paris",)]
    long = sentence * 2000  # 4,000 names: searched before each one, the text made this quadratic
    assert source_names(long, "en") == source_names(sentence, "en") * 2000
    ctx = EntryContext(source=long, translation=long.replace("Paris", "Lyon"), source_lang="en",
                       target_lang="fr", state="reviewed")
    assert list(check_named_entities(ctx)) == ["name Paris not found in the translation"]
