"""Line breaking of PO strings the way GNU gettext does it.

GNU msgcat/msgmerge break a string's lines at the Unicode line-break
opportunities of UAX #14 (through libunistring's pair table), fill each line
greedily up to the page width, and never break inside an escape sequence.
Writing the same breaks keeps presslate's catalogs byte-identical to what
``msgcat`` would write, so a catalog passed through either tool shows no diff.

The line-break classes are derived from the character database
(:mod:`unicodedata`) plus a table of the punctuation whose class differs from
its general category; classes that only matter for scripts presslate cannot
break anyway (South-East Asian dictionary breaking) fall back to ``AL`` as
libunistring does.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata

# Break actions between two classes (UAX #14 pair table as applied by libunistring):
# D direct break, I indirect (only after spaces), P prohibited.
_CLASSES = ("WJ", "GL", "B2", "BA", "BB", "HY", "CL", "CP", "EX", "IN", "NS", "OP", "QU",
            "IS", "NU", "PO", "PR", "SY", "AL", "ID")
_PAIRS = {
    # before: actions for each class after, in _CLASSES order
    "WJ": "PIIIIIPPPIIIIPIIIPII",
    "GL": "PIIIIIPPPIIIIPIIIPII",
    "B2": "PIPIDIPPPIIDIPDDDPDD",
    "BA": "PDDIDIPPPIIDIPDDDPDD",
    "BB": "PIIIIIPPPIIIIPIIIPII",
    "HY": "PDDIDIPPPIIDIPIDDPDD",
    "CL": "PIDIDIPPPIPDIPDIIPDD",
    "CP": "PIDIDIPPPIPDIPIIIPID",
    "EX": "PIDIDIPPPIIDIPDDDPDD",
    "IN": "PIDIDIPPPIIDIPDDDPDD",
    "NS": "PIDIDIPPPIIDIPDDDPDD",
    "OP": "PPPPPPPPPPPPPPPPPPPP",
    "QU": "PIIIIIPPPIIPIPIIIPII",
    "IS": "PIDIDIPPPIIDIPIDDPDD",
    "NU": "PIDIDIPPPIIIIPIIIPID",
    "PO": "PIDIDIPPPIIIIPIDDPID",
    "PR": "PIDIDIPPPIIIIPIDDPII",
    "SY": "PIDIDIPPPIIDIPIDDPDD",
    "AL": "PIDIDIPPPIIIIPIIIPID",
    "ID": "PIDIDIPPPIIDIPDIDPDD",
}
_INDEX = {name: i for i, name in enumerate(_CLASSES)}

_ASCII = {
    "\t": "BA", " ": "SP", "!": "EX", '"': "QU", "$": "PR", "%": "PO", "'": "QU", "(": "OP",
    ")": "CP", "+": "PR", ",": "IS", "-": "HY", ".": "IS", "/": "SY", ":": "IS", ";": "IS",
    "?": "EX", "[": "OP", "\\": "PR", "]": "CP", "{": "OP", "|": "BA", "}": "CL",
}
_SPECIAL = {
    0x00A0: "GL", 0x00A1: "OP", 0x00A2: "PO", 0x00A3: "PR", 0x00A4: "PR", 0x00A5: "PR",
    0x00AB: "QU", 0x00AD: "BA", 0x00B0: "PO", 0x00B1: "PR", 0x00B4: "BB", 0x00BB: "QU",
    0x00BF: "OP", 0x02C8: "BB", 0x02CC: "BB", 0x02DF: "BB",
    0x0589: "IS", 0x05BE: "BA", 0x05C0: "AL", 0x05C3: "AL", 0x05F3: "AL", 0x05F4: "AL",
    0x060C: "IS", 0x060D: "IS", 0x061B: "EX", 0x061D: "EX", 0x061E: "EX", 0x061F: "EX",
    0x066A: "PO", 0x2762: "EX", 0x2763: "EX",
    0x066B: "NU", 0x066C: "NU", 0x06D4: "EX", 0x0964: "BA", 0x0965: "BA", 0x0E5A: "BA",
    0x0E5B: "BA", 0x0F0B: "BA", 0x1680: "BA", 0x17D4: "BA", 0x17D5: "BA", 0x180E: "GL",
    0x2007: "GL", 0x2010: "BA", 0x2011: "GL", 0x2012: "BA", 0x2013: "BA", 0x2014: "B2",
    0x2015: "AL", 0x2018: "QU", 0x2019: "QU", 0x201A: "OP", 0x201B: "QU", 0x201C: "QU",
    0x201D: "QU", 0x201E: "OP", 0x201F: "QU", 0x2024: "IN", 0x2025: "IN", 0x2026: "IN",
    0x2027: "BA", 0x2030: "PO", 0x2031: "PO", 0x2032: "PO", 0x2033: "PO", 0x2034: "PO",
    0x2035: "PO", 0x2036: "PO", 0x2037: "PO", 0x2039: "QU", 0x203A: "QU", 0x203C: "NS",
    0x203D: "NS", 0x2044: "IS", 0x2047: "NS", 0x2048: "NS", 0x2049: "NS", 0x202F: "GL",
    0x205F: "BA", 0x2060: "WJ", 0x20A7: "PO", 0x20B6: "PO", 0x20BB: "PO", 0x20BE: "PO",
    0x2103: "PO", 0x2109: "PO", 0x2116: "PR", 0x2212: "PR", 0x2213: "PR", 0x22EF: "IN",
    0x2E3A: "B2", 0x2E3B: "B2", 0x3000: "BA", 0x3001: "CL", 0x3002: "CL", 0x3005: "NS",
    0x301C: "NS", 0x303B: "NS", 0x30FB: "NS", 0x30FC: "NS", 0x30A0: "NS", 0xFE50: "CL",
    0xFE52: "CL", 0xFE54: "NS", 0xFE55: "NS", 0xFE56: "EX", 0xFE57: "EX", 0xFEFF: "WJ",
    0xFF01: "EX", 0xFF04: "PR", 0xFF05: "PO", 0xFF0C: "CL", 0xFF0E: "CL", 0xFF1A: "NS",
    0xFF1B: "NS", 0xFF1F: "EX", 0xFF61: "CL", 0xFF64: "CL", 0xFFE0: "PO", 0xFFE1: "PR",
    0xFFE5: "PR", 0xFFE6: "PR",
}
_SMALL_KANA = frozenset(
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    "ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿゝゞヽヾ"
)


@functools.lru_cache(maxsize=4096)
def break_class(ch: str) -> str:
    """The UAX #14 line-break class of ``ch`` as libunistring resolves it (AI->AL, SA->AL)."""
    code = ord(ch)
    if code < 0x80:
        if ch in _ASCII:
            return _ASCII[ch]
        if code < 0x20 or code == 0x7F:
            return "BK" if ch in "\n\v\f\r" else "CM"
        return "NU" if ch.isdigit() else "AL"
    special = _SPECIAL.get(code)
    if special is not None:
        return special
    if code in (0x200B,):
        return "ZW"
    if code in (0x200C, 0x200D):
        return "CM"
    if code in (0x2028, 0x2029, 0x85):
        return "BK"
    if ch in _SMALL_KANA:
        return "NS"
    category = unicodedata.category(ch)
    if category in ("Mn", "Mc", "Me"):
        return "CM"
    if category == "Zs":
        return "BA"
    if category == "Nd":
        return "NU"
    if category in ("Pi", "Pf"):
        return "QU"
    if category == "Ps":
        return "OP"
    if category == "Pe":
        return "CL"
    if category == "Pd":
        return "BA"
    if category == "Sc":
        return "PR"
    if category in ("Cc", "Cf"):
        return "CM"
    if _is_ideographic(code):
        return "ID"
    return "AL"


def _is_ideographic(code: int) -> bool:
    return (
        0x2E80 <= code <= 0x2FFF or 0x3000 <= code <= 0x30FF or 0x3100 <= code <= 0x31FF
        or 0x3200 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xA000 <= code <= 0xA4CF
        or 0xAC00 <= code <= 0xD7A3 or 0xF900 <= code <= 0xFAFF or 0xFE30 <= code <= 0xFE4F
        or 0xFF01 <= code <= 0xFF60 or 0xFF66 <= code <= 0xFFDC or 0x1F000 <= code <= 0x1FAFF
        or 0x20000 <= code <= 0x3FFFD or 0x1100 <= code <= 0x115F
    )


@functools.lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Columns ``ch`` takes on a terminal (0 for combining marks and controls, 2 for wide)."""
    code = ord(ch)
    if code < 0x20 or 0x7F <= code < 0xA0:
        return 0
    if code in _WIDTH_ONE:
        return 1
    category = unicodedata.category(ch)
    if (category in ("Mn", "Me", "Cf") or 0x1160 <= code <= 0x11FF or code == 0x200B
            or 0xD7B0 <= code <= 0xD7FF):
        return 0
    if category == "Cn" and not _is_ideographic(code):
        return 1  # an unassigned code point is narrow for libunistring
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


# Marks libunistring 1.0 gives a column (their class was Mc in its Unicode data).
_WIDTH_ONE = frozenset((0x0CBF, 0x0CC6, 0x11A07, 0x11A08, 0x11C3F))


POSSIBLE = 1
MANDATORY = 2

# One letter per class, so a string's classes can be scanned as a string.
_LETTERS = {name: chr(ord("a") + i) for i, name in
            enumerate(("AL", *(c for c in _CLASSES if c != "AL"), "SP", "BK", "ZW", "CM"))}
_NAMES = {letter: name for name, letter in _LETTERS.items()}
_ASCII_LETTERS = {code: _LETTERS[break_class(chr(code))] for code in range(128)}
_VISIT_RE = re.compile(r"(?<!a)a|[^a]")  # an AL right after an AL never changes anything


def class_letters(text: str) -> str:
    """``text`` with every character replaced by the letter of its line-break class."""
    if text.isascii():
        return text.translate(_ASCII_LETTERS)
    return "".join(_LETTERS[break_class(ch)] for ch in text)


def _ascii_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Two scans of a printable ASCII text's class letters that find every break without a
    loop in Python: a direct break between two characters (``D`` in the pair table), and
    the end of a run of spaces between two characters that may break there (``D`` or ``I``).
    In printable ASCII there are no marks, mandatory breaks, zero-width spaces, wide or
    Hebrew characters, so the previous non-space class and the pair table decide alone.
    Each match ends where the break is."""
    present = sorted({_ASCII_LETTERS[code] for code in range(0x20, 0x7F)})
    space = _LETTERS["SP"]
    direct: dict[str, str] = {}  # the classes after -> the classes before
    spaced: dict[str, str] = {}
    for before in present:
        if before == space:
            continue
        row = _PAIRS[_NAMES[before]]
        after_d = "".join(a for a in present if a != space and row[_INDEX[_NAMES[a]]] == "D")
        after_di = "".join(a for a in present if a != space and row[_INDEX[_NAMES[a]]] in "DI")
        if after_d:
            direct[after_d] = direct.get(after_d, "") + before
        if after_di:
            spaced[after_di] = spaced.get(after_di, "") + before

    def pattern(groups: dict[str, str], middle: str) -> re.Pattern[str]:
        return re.compile("|".join(f"[{re.escape(before)}]{middle}(?=[{re.escape(after)}])"
                                   for after, before in groups.items()))

    return pattern(direct, ""), pattern(spaced, re.escape(space) + "+")


_ASCII_DIRECT, _ASCII_SPACED = _ascii_patterns()
_PRINTABLE_ASCII_RE = re.compile(r"[ -~]*")


def possible_breaks(text: str) -> dict[int, int]:
    """Positions where a line may (1) or must (2) break just before the character (UAX #14)."""
    if _PRINTABLE_ASCII_RE.fullmatch(text):
        codes = text.translate(_ASCII_LETTERS)
        found = [m.end() for m in _ASCII_DIRECT.finditer(codes)]
        found += [m.end() for m in _ASCII_SPACED.finditer(codes)]
        return dict.fromkeys(sorted(found), POSSIBLE)
    return _breaks_by_pairs(text)


def _ascii_pairs() -> tuple[frozenset[str], frozenset[str]]:
    """The pairs of printable non-space ASCII characters a line may break between: directly
    (``D`` in the pair table), and with spaces between them (``D`` or ``I``)."""
    printable = [chr(code) for code in range(0x21, 0x7F)]
    direct: set[str] = set()
    spaced: set[str] = set()
    for before in printable:
        row = _PAIRS[break_class(before)]
        for after in printable:
            action = row[_INDEX[break_class(after)]]
            if action == "D":
                direct.add(before + after)
            if action in "DI":
                spaced.add(before + after)
    return frozenset(direct), frozenset(spaced)


_DIRECT_PAIRS, _SPACED_PAIRS = _ascii_pairs()
_DIRECT_BEFORE = frozenset(pair[0] for pair in _DIRECT_PAIRS)


def _ascii_break_at(text: str, i: int) -> bool:
    """A line of printable ASCII ``text`` may break just before ``text[i]`` (0 < i < len)."""
    after = text[i]
    if after == " ":
        return False
    before = text[i - 1]
    if before != " ":
        return before + after in _DIRECT_PAIRS
    j = i - 2
    while j >= 0 and text[j] == " ":
        j -= 1
    return j >= 0 and text[j] + after in _SPACED_PAIRS


def wrap_printable_ascii(text: str, width: int, start_column: int) -> list[int]:
    """``fill_breaks(text, possible_breaks(text), width, start_column)`` for printable ASCII
    ``text``, looking only at the characters around each line's end: the break is the last
    opportunity that fits, or the first one after the line's start when none fits."""
    breaks: list[int] = []
    length = len(text)
    line_start, column = 0, start_column
    while column + length - line_start > width:
        limit = min(line_start + width - column, length - 1)
        found = 0
        for i in range(limit, line_start, -1):
            before = text[i - 1]  # a break follows a space or a character of _DIRECT_BEFORE
            if (before == " " or before in _DIRECT_BEFORE) and _ascii_break_at(text, i):
                found = i
                break
        if not found:
            for i in range(max(limit, line_start) + 1, length):
                if _ascii_break_at(text, i):
                    found = i
                    break
            if not found:
                break
        breaks.append(found)
        line_start, column = found, 0
    return breaks


def _breaks_by_pairs(text: str) -> dict[int, int]:
    """``possible_breaks`` for any text: the pair table applied character by character."""
    result: dict[int, int] = {}
    codes = class_letters(text)
    last = "BK"
    last_wide = after_hebrew_hyphen = False
    seen_space: int | None = None
    for match in _VISIT_RE.finditer(codes):
        i = match.start()
        prop = _NAMES[codes[i]]
        if prop == "BK":
            result[i] = MANDATORY
            last, seen_space = "BK", None
            continue
        if prop == "SP":
            seen_space = i
            continue
        if prop == "ZW":
            last, seen_space = "ZW", None
            continue
        if prop == "CM":
            if last == "ZW":
                result[i] = POSSIBLE
                last = "ID"
                continue
            if seen_space is None and last != "BK":
                continue  # a mark stays with its base character
            prop = "AL"  # a mark after a space or at the start is a letter (UAX #14, LB10)
        if last == "BK":
            action = "P"
        elif last == "ZW":
            action = "D"
        else:
            action = _PAIRS[last][_INDEX[prop]]
            if action == "I" and ((prop == "OP" and last in ("AL", "NU") and _wide(text[i]))
                                  or (last == "CP" and prop in ("AL", "NU") and last_wide)):
                action = "D"  # LB30 keeps only narrow parentheses with letters and digits
            if seen_space is None and (after_hebrew_hyphen or (
                    last == "SY" and prop == "AL" and _hebrew(text[i]))):
                action = "P"  # LB21a/LB21b: Hebrew letters (class HL) keep '-' and '/'
        if action == "D" or (action == "I" and seen_space is not None):
            result[i] = POSSIBLE
        after_hebrew_hyphen = prop in ("HY", "BA") and i > 0 and _hebrew(text[i - 1])
        last, seen_space = prop, None
        last_wide = prop == "CP" and _wide(text[i])
    return result


def _hebrew(ch: str) -> bool:
    code = ord(ch)
    return (0x05D0 <= code <= 0x05F2 or 0xFB1D <= code <= 0xFB4F) and \
        unicodedata.category(ch) == "Lo"


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("F", "W", "H")


@functools.lru_cache(maxsize=4096)
def char_width_cjk(ch: str) -> int:
    """Columns of ``ch`` in a legacy CJK encoding (EUC-JP, GB2312, BIG5, EUC-KR ...):
    libunistring counts nearly every non-ASCII character as two."""
    width = char_width(ch)
    code = ord(ch)
    return 2 if width and 0xA1 <= code < 0xFF61 and code != 0x20A9 else width


def text_width(text: str, *, cjk: bool = False) -> int:
    if text.isascii():
        return len(text)
    measure = char_width_cjk if cjk else char_width
    return sum(measure(ch) for ch in text)


def fill_breaks(text: str, allowed: dict[int, int], width: int, start_column: int, *,
                cjk: bool = False) -> list[int]:
    """Greedy filling as libunistring's ``u8_width_linebreaks``: the positions to break at."""
    if text.isascii() and MANDATORY not in allowed.values():
        return _fill_ascii(sorted(allowed), len(text), width, start_column)
    return _fill_by_positions(text, allowed, width, start_column, cjk=cjk)


def _fill_ascii(positions: list[int], length: int, width: int, start_column: int) -> list[int]:
    """``fill_breaks`` where a character is a column and no break is mandatory: each line
    ends at the last position that fits, found by bisection rather than by walking."""
    breaks: list[int] = []
    line_start, column, k = 0, start_column, 0
    while k < len(positions):
        j = bisect.bisect_right(positions, width + line_start - column, lo=k)
        if j >= len(positions):
            break
        if j == 0:  # the first piece is too long already: nowhere to break before it
            k = 1
            continue
        line_start, column = positions[j - 1], 0
        breaks.append(line_start)
        k = j + 1  # the piece after a break is never checked again (as the walk does)
    if positions and column + length - line_start > width:
        breaks.append(positions[-1])
    return breaks


def _fill_by_positions(text: str, allowed: dict[int, int], width: int, start_column: int, *,
                       cjk: bool = False) -> list[int]:
    """``fill_breaks`` for any text, walking the break positions one by one."""
    if text.isascii():
        def span(a: int, b: int) -> int:
            return b - a
    else:
        measure = char_width_cjk if cjk else char_width
        prefix = [0, *itertools.accumulate(measure(ch) for ch in text)]

        def span(a: int, b: int) -> int:
            return prefix[b] - prefix[a]

    breaks: list[int] = []
    last_p: int | None = None
    last_column = start_column
    piece_start = 0
    for pos in sorted(allowed):
        piece = span(piece_start, pos)
        if last_p is not None and last_column + piece > width:
            breaks.append(last_p)
            last_column = 0
        if allowed[pos] == MANDATORY:
            last_p, last_column, piece_start = None, 0, pos + 1
            continue
        last_p = pos
        last_column += piece
        piece_start = pos
    if last_p is not None and last_column + span(piece_start, len(text)) > width:
        breaks.append(last_p)
    return breaks
