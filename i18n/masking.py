"""Masking: what carries glossary terms, numbers and other facts through machine translation.

Before a text goes to an engine, glossary terms, URLs, e-mail addresses,
hashtags, times, ordinals and identifiers are replaced by placeholders
(``[[1]]``) that engines pass through; afterwards each placeholder becomes the
glossary translation (or the term itself). A number the engine may read as one
(``100``, ``330,000``, ``1.36``) goes as a plain digit token instead (``100``,
``330000``, ``1``): engines tag a digit run as a number and copy it, so the
grammar around it comes out right (``100 feet`` → ``100 pieds``, where ``[[1]]
feet`` gave ``[[1]] les pieds``), and the token becomes the number written the
target's way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .glossary import Term
from .locales import babel_locale

_MERIDIEM = r"\s?[aApP]\.?[mM]\.?"
# A 12-hour clock time (``2am``, ``6.30 p.m.``); its final dot only when the sentence goes on.
_CLOCK12 = r"(?<![\w.])(?:1[0-2]|0?[1-9])(?:[:.]\d{2})?\s?[aApP]\.?[mM](?:\.(?=\s+[a-z\d]))?(?!\w)"
_CLOCK12_RE = re.compile(r"(1[0-2]|0?[1-9])(?:[:.](\d{2}))?\s?([aApP])")
_CLOCK12_TOKEN_RE = re.compile(r"(?:1[0-2]|0?[1-9])(?:[:.]\d{2})?\s?[aApP]\.?[mM]\.?")
# A range of 12-hour times whose first end has no am/pm (``10:00-11:00 pm``): both ends take it.
_CLOCK12_RANGE = (r"(?<![\w.:])(?:1[0-2]|0?[1-9])(?:[:.]\d{2})?(?:" + _MERIDIEM + r")?\s?[-–]\s?"
                  r"(?:1[0-2]|0?[1-9])(?:[:.]\d{2})?\s?[aApP]\.?[mM](?:\.(?=\s+[a-z\d]))?(?!\w)")
_CLOCK12_RANGE_RE = re.compile(r"(.+?)\s?([-–])\s?((?:1[0-2]|0?[1-9])(?:[:.]\d{2})?\s?([aApP])\.?[mM]\.?)$")
# Kept exactly as written: clock and race times (``1:09.02``, ``22:00``), a number followed by a
# time zone (``15.00 UTC``), versions and identifiers (``802.11n``, ``v2.1``, ``1.2.3``, ``3G``,
# ``A320neo``: the whole word, so no letter of it is left to translate).
_AS_WRITTEN = (
    r"(?<![\w.:])\d{1,3}(?::\d{2})+(?:[.,]\d+)?(?![\w:])"
    r"|(?<![\w.,])\d+(?:[.,]\d+)?(?=\s?(?:UTC|GMT|[A-Z]{1,3}[SD]?T)\b)"
    r"|(?<![\w.])\d+(?:\.\d+){2,}[A-Za-z]*(?![\w.])"
    r"|(?<![\w.])[^\W\d_]+\d(?:[\w.]*\w)?|(?<![\w.,])\d(?:[\d.,]*\d)?[A-Za-z]\w*"
)
# Ordinals: a number and the language's suffix (``11e``, ``1er``, ``66th``).
ORDINAL_SUFFIXES = {
    "en": ("st", "nd", "rd", "th"),
    "fr": ("ères", "ème", "èmes", "ère", "ers", "er", "res", "re", "nds", "nde", "nd", "es", "e"),
    "es": (".º", ".ª", "º", "ª", "o", "a"),
}
_PROTECT = re.compile(
    _CLOCK12_RANGE + "|" + _CLOCK12
    + r"|https?://\S+[\w/]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\w)[#@]\w+|(?P<keep>" + _AS_WRITTEN + ")"
    + r"|\d(?:[\d.,\u00a0\u202f]*\d)?"
)
# A number with a dot or comma after one of these words is a version or a section number
# (``version 2.5``, ``Article 49.3``), kept as written.
_LABEL_BEFORE = re.compile(
    r"(?i:\b(?:versions?|v|release|article|articles|art|section|sections|chapter|chapters|clause|paragraph"
    r"|rule|chapitre|paragraphe|alinéa|règle|versión|artículo|sección|capítulo|regla))\.?\s?$")
_PLACEHOLDER = re.compile(r"\[\[\s*(\d+)\s*\]\]")
# A number's digit token in an engine's output: a whole digit run, even one the engine glued to
# a word (Apertium writes "45-kilometre" as "de45 kilomètres"); masking leaves no digit next to
# a letter (such words are kept whole as identifiers), so any digit run is a token or none.
_PLACEHOLDER_OR_DIGITS = re.compile(_PLACEHOLDER.pattern + r"|(?<!\d)(?<!\d[.,])\d+(?!\d|[.,]\d)")


@dataclass(frozen=True)
class Masked:
    """A text with placeholders, and what each placeholder stands for.

    ``tokens`` holds, for each value, the digit token standing for it in ``text`` (a number),
    or "" when ``[[n]]`` (n its place in ``values``) stands for it.
    """

    text: str
    values: tuple[str, ...]
    tokens: tuple[str, ...] = ()


def localize_number(token: str, source: str, target: str) -> str:
    """A number written the ``source`` way, written the ``target`` way (CLDR symbols).

    ``4,000`` in English is ``4\u202f000`` in French and ``2.4`` is ``2,4``; plain digit
    runs (years, ``15``) and tokens the source language does not read as one number
    are kept as written.
    """
    if token.isdigit() or not source or not target or source == target:
        return token
    from babel.numbers import NumberFormatError, get_group_symbol, parse_decimal

    try:
        value = parse_decimal(token, locale=source, strict=True)
        group = get_group_symbol(locale=source)
    except (NumberFormatError, ValueError, LookupError):
        return token
    digits = max(0, -int(value.as_tuple().exponent))
    try:
        return write_decimal(value, target, grouped=group in token, digits=digits)
    except (ValueError, LookupError):
        return token


def write_decimal(value: Decimal, locale: str, *, grouped: bool = True, digits: int = 0) -> str:
    """``value`` written with ``locale``'s CLDR decimal and group symbols and grouping sizes.

    Written from the CLDR data itself (symbols, and the primary and secondary grouping sizes
    of the locale's decimal pattern: ``1,00,000`` in Hindi) rather than with
    ``babel.numbers.format_decimal``, whose grouping changed between Babel releases (2.19
    writes ``1000000'000`` for Swiss German): text a reader sees must not depend on that.
    """
    from babel.numbers import get_decimal_symbol, get_group_symbol

    loc = babel_locale(locale)
    fixed = f"{abs(value):.{digits}f}"
    integer, _, fraction = fixed.partition(".")
    if grouped:
        primary, secondary = loc.decimal_formats[None].grouping
        groups = [integer[-primary:]] if len(integer) > primary else []
        rest = integer[:-primary] if groups else integer
        while groups and len(rest) > secondary:
            groups.insert(0, rest[-secondary:])
            rest = rest[:-secondary]
        integer = get_group_symbol(loc).join([rest, *groups]) if groups else integer
    sign = "-" if value < 0 else ""
    return sign + integer + (get_decimal_symbol(loc) + fraction if fraction else "")


def localize_clock_time(token: str, target: str) -> str:
    """A 12-hour clock time (``6.30pm``) written the ``target`` way (CLDR short time: ``18:30``).

    English targets, and tokens that are not such a time, are kept as written.
    """
    match = _CLOCK12_RE.match(token)
    if match is None or not target or target.split("_")[0] == "en":
        return token
    from datetime import time

    from babel.dates import format_time

    hour = int(match.group(1)) % 12 + (12 if match.group(3) in "pP" else 0)
    minute = int(match.group(2) or 0)
    if minute > 59:
        return token
    try:
        return str(format_time(time(hour, minute), format="short", locale=target))
    except (ValueError, LookupError):
        return token


def localize_clock_range(token: str, target: str) -> str:
    """``10:00-11:00 pm`` written the ``target`` way: ``22:00–23:00`` (the first time takes the
    second's am/pm when it has none); English targets keep it as written."""
    match = _CLOCK12_RANGE_RE.match(token)
    if match is None or not target or target.split("_")[0] == "en":
        return token
    first, end, half = match.group(1), match.group(3), match.group(4)
    if not _CLOCK12_TOKEN_RE.fullmatch(first):
        first = f"{first} {half}m"
    start, stop = localize_clock_time(first, target), localize_clock_time(end, target)
    if start == first or stop == end:
        return token
    return f"{start}–{stop}"


_EN_ORDINAL = {1: "st", 2: "nd", 3: "rd"}


def localize_ordinal(number: str, suffix: str, source: str, target: str) -> str:
    """An ordinal (``11e``, ``66th``) written with the ``target`` language's suffix; the
    ordinal as written when presslate does not know the target's (Spanish: the gender)."""
    if source == target:
        return number + suffix
    if target == "fr":
        female = suffix.lower() in ("re", "ère", "res", "ères", "nde", "ª", ".ª", "a") and number == "1"
        return number + (("re" if female else "er") if number == "1" else "e")
    if target == "en":
        value = int(number)
        ending = "th" if 11 <= value % 100 <= 13 else _EN_ORDINAL.get(value % 10, "th")
        return number + ending
    return number + suffix


def _space_grouped(text: str, source: str) -> str:
    """In a language that groups digits with a space (French ``330 000``), a plain space inside
    a number becomes the language's group symbol, so the number is read as one."""
    if not source:
        return text
    from babel.numbers import get_group_symbol

    try:
        group = get_group_symbol(locale=source)
    except (ValueError, LookupError):
        return text
    if not group.isspace():
        return text
    return re.sub(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d])",
                  lambda m: m.group(0).replace(" ", group), text)


def _ordinal_re(source: str) -> re.Pattern[str] | None:
    suffixes = ORDINAL_SUFFIXES.get(source)
    if not suffixes:
        return None
    alternation = "|".join(re.escape(x) for x in sorted(suffixes, key=len, reverse=True))
    return re.compile(rf"(?<![\w.,])(\d{{1,4}})({alternation})(?!\w)")


def _figure(token: str, source: str) -> str:
    """The digit token an engine gets for a number: its integer part (``330,000`` -> ``330000``,
    ``1.36`` -> ``1``, keeping one from many), or "" when ``source`` does not read it as one number."""
    if token.isdigit():
        return token
    if not source:
        return ""
    from babel.numbers import NumberFormatError, parse_decimal

    try:
        value = parse_decimal(token, locale=source, strict=True)
    except (NumberFormatError, ValueError, LookupError):
        return ""
    return str(int(value)) if value >= 0 else ""


def mask(text: str, terms: Sequence[Term], *, source: str = "", target: str = "") -> Masked:
    """Replace glossary terms and protected tokens by ``[[n]]`` placeholders, and numbers by
    digit tokens (see the module's doc).

    With ``source`` and ``target`` languages, a number comes back written the target
    language's way (:func:`localize_number`), and a 12-hour clock time as the target's
    time (:func:`localize_clock_time`).
    """
    values: list[str] = []
    figures: list[str] = []

    def protect(match: re.Match[str]) -> str:
        token = match.group(0)
        if match.group("keep"):
            return hold(token)
        if _CLOCK12_RANGE_RE.match(token) and _CLOCK12_TOKEN_RE.fullmatch(token) is None:
            return hold(localize_clock_range(token, target))
        if _CLOCK12_TOKEN_RE.fullmatch(token):
            return hold(localize_clock_time(token, target))
        if not token.isdigit() and _LABEL_BEFORE.search(match.string, 0, match.start()):
            return hold(token)
        if token[0].isdigit():
            return hold(localize_number(token, source, target), _figure(token, source))
        return hold(token)

    def hold(value: str, figure: str = "") -> str:
        values.append(value)
        figures.append(figure)
        return f"[[{len(values)}]]"

    out = _space_grouped(text, source)
    if terms:
        alternation = "|".join(re.escape(t.term) for t in terms)
        by_term = {t.term: t for t in terms}
        pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")
        out = pattern.sub(lambda m: hold(by_term[m.group(0)].output()), out)
    ordinal = _ordinal_re(source)
    if ordinal is not None and target:
        pieces = re.split(r"(\[\[\d+\]\])", out)
        out = "".join(piece if _PLACEHOLDER.fullmatch(piece) else ordinal.sub(
            lambda m: hold(localize_ordinal(m.group(1), m.group(2), source, target)), piece)
            for piece in pieces)
    pieces = re.split(r"(\[\[\d+\]\])", out)
    out = "".join(
        piece if _PLACEHOLDER.fullmatch(piece) else _PROTECT.sub(protect, piece)
        for piece in pieces
    )
    tokens = _choose_tokens(out, values, figures)
    out = _PLACEHOLDER.sub(lambda m: tokens[int(m.group(1)) - 1] or m.group(0), out)
    return Masked(out, tuple(values), tokens)


def _choose_tokens(text: str, values: Sequence[str], figures: Sequence[str]) -> tuple[str, ...]:
    """A digit token for each number, distinct from the digits left in ``text`` and from the
    tokens of other values (two numbers of one value may share one). Numbers written the same
    in both languages keep their own digits; another takes a ``0`` more until its token is free."""
    taken = {run: run for run in re.findall(r"\d+", _PLACEHOLDER.sub(" ", text))}
    tokens = ["" for _ in values]
    order = sorted(range(len(values)), key=lambda i: figures[i] != values[i])
    for i in order:
        token = figures[i]
        while token and taken.get(token, values[i]) != values[i]:
            token += "0"
        if token:
            taken[token] = values[i]
        tokens[i] = token
    return tuple(tokens)


def unmask(text: str, masked: Masked) -> tuple[str, int]:
    """Put the placeholders' values back; returns the text and how many placeholders were lost."""
    found: set[int] = set()
    numbers: dict[str, list[int]] = {}
    for place, token in enumerate(masked.tokens, 1):
        if token:
            numbers.setdefault(token, []).append(place)

    def back(match: re.Match[str]) -> str:
        if match.group(1) is None:
            places = numbers.get(match.group(0))
            if not places:
                return match.group(0)
            found.update(places)
            return masked.values[places[0] - 1]
        number = int(match.group(1))
        if 1 <= number <= len(masked.values):
            found.add(number)
            return masked.values[number - 1]
        return ""

    pattern = _PLACEHOLDER if not numbers else _PLACEHOLDER_OR_DIGITS
    restored = pattern.sub(back, text)
    return re.sub(r"[ \t]{2,}", " ", restored).strip(), len(masked.values) - len(found)
