"""Numbers in a text, read the way its language writes them.

``1,000`` (en), ``1 000`` (fr, with a narrow no-break space), ``1.000`` (de)
and ``1'000`` (de_CH) are all a thousand; ``1,00,000`` (en_IN) is a hundred
thousand; ``3.5`` and ``3,5`` are three and a half. A token is read by the
convention of its locale (CLDR's decimal and group symbols); one that does not
fit it (``1'500`` in French) keeps every reading of the common conventions.
Dates (``17/09/2018``, ``2018-09-17``) and times (``14:30``, ``14h30``, ``6pm``:
its hour reads as 6 and 18) are split into their parts; a month written as a number in one text and as a word
in the other is not a difference.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..cldr import kept_fact, text_pair, text_set

SPACES = " \u00a0\u202f\u2009"

_DATE_RE = re.compile(r"(?<![\d.,])(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})(?![\d]|[.,]\d)")
_TIME_RE = re.compile(r"(?<![\d.,:])([01]?\d|2[0-3])[:h](\d{2})(?![\d:])")
# A 12-hour clock time: ``6pm``, ``6.30 p.m.``, ``11:15 am``. Its hour reads as both
# 6 and 18, so "à 18 heures" and "at 6pm" hold the same number.
_CLOCK12_RE = re.compile(
    r"(?<![\d.,:])(1[0-2]|0?[1-9])(?:[:.](\d{2}))?\s?([ap])\.?\s?m\b\.?", re.IGNORECASE
)


@dataclass(frozen=True)
class Number:
    """A number as written in a text, with the values it can be read as."""

    text: str
    values: frozenset[float]
    in_date: bool = False  # one part of a date


@kept_fact(text_pair)
def number_symbols(lang: str) -> tuple[str, str]:
    """The decimal and group symbols of ``lang`` from CLDR (``(".", ",")`` when unknown)."""
    from babel import Locale, UnknownLocaleError
    from babel.numbers import get_decimal_symbol, get_group_symbol

    try:
        locale = Locale.parse(lang)
        return get_decimal_symbol(locale), get_group_symbol(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        return ".", ","


@functools.cache
def _number_re(spaced_groups: bool) -> re.Pattern[str]:
    seps = ",.'’\u00a0\u202f\u2009" + (" " if spaced_groups else "")
    sep = "[" + re.escape(seps) + "]"
    return re.compile(
        rf"(?<![\d.,])(?:\d{{1,2}}(?:{sep}\d{{2}})+{sep}\d{{3}}(?:[.,]\d+)?"  # Indian 1,00,000
        rf"|\d{{1,3}}(?:{sep}\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?!\d)"
    )


def _read(token: str, decimal: str, group: str) -> float | None:
    """``token`` read with one convention, or ``None`` when it does not fit it.

    A group separator must be followed by exactly three digits; any space-like
    character stands for a space-like group separator (``1 000``, ``1\u202f000``).
    """
    spaced = group in SPACES or group in "'’"
    groups = SPACES + "'’" if spaced else group
    whole, _, fraction = token.partition(decimal) if decimal in token else (token, "", "")
    if fraction and not fraction.isdigit():
        return None
    parts = re.split("[" + re.escape(groups) + "]", whole)
    if len(parts) > 1 and not _grouped(parts):
        return None
    digits = "".join(parts)
    if not digits.isdigit():
        return None
    return float(digits + ("." + fraction if fraction else ""))


def _grouped(parts: list[str]) -> bool:
    """Thousands groups (``1,000,000``) or Indian ones (``10,00,000``: threes, then twos)."""
    if 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]):
        return True
    return (1 <= len(parts[0]) <= 2 and len(parts[-1]) == 3
            and all(len(p) == 2 for p in parts[1:-1]) and len(parts) > 2)


def _readings(token: str, lang: str) -> frozenset[float]:
    """How a reader of ``lang`` reads ``token``; when it does not fit the language's convention
    (``1'500`` in French), every reading of the common conventions."""
    if token.isdigit():
        return frozenset({float(token)})
    decimal, group = number_symbols(lang)
    strict = _read(token, decimal, group)
    if strict is not None:
        return frozenset({strict})
    readings = {_read(token, ".", ","), _read(token, ",", "."), _read(token, ".", "'"),
                _read(token, ",", "\u202f")}
    return frozenset(v for v in readings if v is not None)


_DIGIT_RE = re.compile(r"\d")


def extract_numbers(text: str, lang: str) -> list[Number]:
    """The numbers of ``text`` (written in ``lang``), dates and times split into parts."""
    if not _DIGIT_RE.search(text):
        return []  # every pattern below starts with a digit
    found: list[Number] = []
    spans: list[tuple[int, int]] = []
    for match in _DATE_RE.finditer(text):
        parts = (match.group(1), match.group(3), match.group(4))
        if match.group(2) == "." and len(match.group(4)) == 3:
            continue  # 1.000.000 style grouping, not a date
        found.extend(Number(p, frozenset({float(p)}), in_date=True) for p in parts)
        spans.append(match.span())
    for match in _CLOCK12_RE.finditer(text):
        hour = int(match.group(1))
        afternoon = match.group(3).lower() == "p"
        hours = {hour % 12 + (12 if afternoon else 0), hour}
        found.append(Number(match.group(1), frozenset(float(h) for h in hours)))
        if match.group(2):
            found.append(Number(match.group(2), frozenset({float(match.group(2))})))
        spans.append(match.span())
    for match in _TIME_RE.finditer(text):
        if _inside(match.span(), spans):
            continue
        # A whole hour's ":00" is no number of its own ("6pm" is "18:00").
        hour_minute = [match.group(1)] if match.group(2) == "00" else [match.group(1), match.group(2)]
        found.extend(Number(p, frozenset({float(p)})) for p in hour_minute)
        spans.append(match.span())
    _, group = number_symbols(lang)
    for match in _number_re(group in SPACES).finditer(text):
        if _inside(match.span(), spans):
            continue
        token = match.group(0)
        values = _readings(token, lang)
        if values:
            found.append(Number(token, values))
    return found


def _inside(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in spans)


@kept_fact(text_set)
def month_names(lang: str) -> frozenset[str]:
    """Month names (wide and abbreviated, lower case) of ``lang`` from CLDR, plus English."""
    from babel import Locale, UnknownLocaleError

    names: set[str] = set()
    for code in {lang, "en"}:
        try:
            locale = Locale.parse(code)
        except (UnknownLocaleError, ValueError, TypeError):
            continue
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                names.update(n.lower().rstrip(".") for n in locale.months[context][width].values())
    return frozenset(n for n in names if len(n) >= 3)


def has_month_name(text: str, lang: str) -> bool:
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    return bool(words & month_names(lang))


def compare_numbers(source: str, source_lang: str, translation: str, target_lang: str,
                    ) -> tuple[list[str], list[str], list[str]]:
    """Numbers of the source missing from the translation, numbers the translation adds, and
    numbers copied as written that a reader of the target language reads as another value."""
    src = extract_numbers(source, source_lang)
    dst = extract_numbers(translation, target_lang)
    unmatched = list(dst)
    missing: list[Number] = []
    for number in src:
        for i, other in enumerate(unmatched):
            if number.values & other.values:
                del unmatched[i]
                break
        else:
            missing.append(number)
    # A month written as a number on one side and as a word on the other.
    if has_month_name(translation, target_lang):
        missing = [n for n in missing if not (n.in_date and _is_month(n))]
    if has_month_name(source, source_lang):
        unmatched = [n for n in unmatched if not (n.in_date and _is_month(n))]
    misread = []
    for number in list(missing):
        twin = next((n for n in unmatched if n.text == number.text), None)
        if twin is not None:
            missing.remove(number)
            unmatched.remove(twin)
            value = ", ".join(f"{v:g}" for v in sorted(twin.values))
            misread.append(f"{number.text} (reads as {value} in {target_lang})")
    # Copied as written, but the target reads it as several numbers (French "62 000" in
    # English is 62 and 000): one finding about the copy, not one per piece.
    for number in list(missing):
        pieces = [n for n in unmatched if n.text in number.text]
        if len(pieces) > 1 and number.text in translation:
            missing.remove(number)
            for piece in pieces:
                unmatched.remove(piece)
            misread.append(f"{number.text} (reads as {' and '.join(p.text for p in pieces)} "
                           f"in {target_lang})")
    return [n.text for n in missing], [n.text for n in unmatched], misread


def _is_month(number: Number) -> bool:
    return any(1 <= v <= 12 for v in number.values)
