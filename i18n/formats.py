"""Format directives of gettext strings, as GNU gettext's parsers delimit them.

GNU msgcat/msgmerge never break a line inside a format directive (``%.*s``,
``%(name)s``, ``%<PRIu64>``) of an entry flagged with a format (``c-format``,
``python-format`` ...): :func:`directive_interiors` gives the positions where
such a break is prohibited. It follows GNU's parsers (``format-c.c``,
``format-python.c``, ``format-python-brace.c``): a directive is marked from
its ``%`` (or ``{``) to its last character, and parsing stops at the first
invalid directive, whose characters stay breakable, as in GNU.
"""

from __future__ import annotations

import re

# The order in which GNU gettext writes format flags (``format_language`` in format.c).
FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "csharp", "javascript", "scheme", "lisp",
    "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt",
    "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php",
    "gcc-internal", "gfc-internal", "ycp",
)
_C_SIZES = ("hh", "ll", "h", "l", "L", "q", "j", "z", "Z", "t")
_C_CONVERSIONS = frozenset("%cCsSdiouxXeEfFgGaApnm")
_DIGITS = frozenset("0123456789")


def format_kind(flags: list[str]) -> str | None:
    """The format language GNU uses for an entry's directives: the first one flagged (as GNU
    reads flags, the last of contradicting ones wins: ``c-format, no-c-format`` is not C)."""
    if not flags:
        return None
    state: dict[str, bool] = {}
    for flag in flags:
        if not flag.endswith("-format"):
            continue
        name = flag[9:] if flag.startswith("possible-") else flag
        if name.startswith("no-"):
            state[name[3:-7]] = False
        else:
            state[name[:-7]] = True
    if not state:
        return None
    for language in FORMAT_LANGUAGES:
        if state.get(language):
            return language
    return None


def directive_interiors(value: str, kind: str | None, *, msgstr: bool) -> list[int]:
    """Positions in ``value`` inside a directive (not at its start): no line break before them."""
    if not kind or not value:
        return []
    if kind in ("c", "objc"):
        spans = _c_spans(value, msgstr=msgstr, objc=kind == "objc")
    elif kind == "python":
        spans = _python_spans(value)
    elif kind == "python-brace":
        spans = _brace_spans(value)
    else:
        return []
    return [i for start, end in spans for i in range(start + 1, end + 1)]


def directives(value: str, kind: str | None, *, msgstr: bool) -> list[str] | None:
    """The directives of ``value`` in format ``kind``, sorted (``%%`` left out); None when
    ``kind`` is a format presslate does not parse."""
    if kind in ("c", "objc"):
        spans = _c_spans(value, msgstr=msgstr, objc=kind == "objc")
    elif kind == "python":
        spans = _python_spans(value)
    elif kind == "python-brace":
        spans = _brace_spans(value)
    else:
        return None
    return sorted(d for d in (value[a:b + 1] for a, b in spans) if d != "%%")


def _digits(value: str, i: int) -> int:
    while i < len(value) and value[i] in _DIGITS:
        i += 1
    return i


def _numbered(value: str, i: int) -> tuple[int, int | None]:
    """After ``i``: an ``m$`` argument number (position after it, m) or (i, None)."""
    j = _digits(value, i)
    if j > i and j < len(value) and value[j] == "$":
        return j + 1, int(value[i:j])
    return i, None


def _c_spans(value: str, *, msgstr: bool, objc: bool) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    numbered = unnumbered = False
    n = len(value)
    i = 0
    while i < n:
        if value[i] != "%":
            i += 1
            continue
        start = i
        i, number = _numbered(value, i + 1)
        if number == 0:
            return spans
        while i < n and (value[i] in " +-#0'" or (msgstr and value[i] == "I")):
            i += 1
        for part in ("width", "precision"):
            if part == "precision":
                if i < n and value[i] == ".":
                    i += 1
                else:
                    break
            if i < n and value[i] == "*":
                i, star = _numbered(value, i + 1)
                if star == 0:
                    return spans
                if (star is None and numbered) or (star is not None and unnumbered):
                    return spans
                numbered |= star is not None
                unnumbered |= star is None
            else:
                i = _digits(value, i)
        if i < n and value[i] == "<":
            close = value.find(">", i)
            if close < 0 or not re.fullmatch(r"PRI[diouxX](?:8|16|32|64|LEAST8|LEAST16|LEAST32|"
                                             r"LEAST64|FAST8|FAST16|FAST32|FAST64|MAX|PTR)",
                                             value[i + 1:close]):
                return spans
            end = close
        else:
            for size in _C_SIZES:
                if value.startswith(size, i):
                    i += len(size)
                    break
            if i >= n or not (value[i] in _C_CONVERSIONS or (objc and value[i] == "@")):
                return spans
            end = i
        if value[end] != "%":
            if (number is None and numbered) or (number is not None and unnumbered):
                return spans
            numbered |= number is not None
            unnumbered |= number is None
        spans.append((start, end))
        i = end + 1
    return spans


def _python_spans(value: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    named = unnamed = False
    n = len(value)
    i = 0
    while i < n:
        if value[i] != "%":
            i += 1
            continue
        start = i
        i += 1
        has_name = i < n and value[i] == "("
        if has_name:
            depth = 1
            i += 1
            while i < n and depth:
                depth += {"(": 1, ")": -1}.get(value[i], 0)
                i += 1
            if depth:
                return spans
        while i < n and value[i] in " +-#0":
            i += 1
        for part in ("width", "precision"):
            if part == "precision":
                if i < n and value[i] == ".":
                    i += 1
                else:
                    break
            i = i + 1 if i < n and value[i] == "*" else _digits(value, i)
        while i < n and value[i] in "hlL":
            i += 1
        if i >= n or value[i] not in "diouxXeEfFgGcrsa%":
            return spans
        if value[i] != "%" or has_name:
            if (has_name and unnamed) or (not has_name and named):
                return spans  # named and unnamed arguments mixed: GNU stops here
            named |= has_name
            unnamed |= not has_name
        spans.append((start, i))
        i += 1
    return spans


_BRACE_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|"
                            r"\[(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+)\])*|[0-9]+")


def _brace_spans(value: str) -> list[tuple[int, int]]:
    """Directives of python-brace-format as gettext 0.21 reads them: ``{name}``,
    ``{name.attr[0]}``, ``{0}``, ``{name:{width}}``; a standard format
    specification (``{count:d}``) is not recognized, so it stays breakable."""
    spans: list[tuple[int, int]] = []
    n = len(value)
    i = 0
    while i < n:
        if value[i] != "{":
            i += 1
            continue
        if value.startswith("{{", i):
            i += 2
            continue
        end = _brace_directive(value, i, nested=False)
        if end < 0:
            return spans
        spans.append((i, end))
        i = end + 1
    return spans


def _brace_directive(value: str, i: int, *, nested: bool) -> int:
    """The position of the ``}`` closing the directive opened at ``i`` (-1: invalid)."""
    match = _BRACE_NAME_RE.match(value, i + 1)
    j = match.end() if match else i + 1
    if j < len(value) and value[j] == ":" and not nested:
        if not value.startswith("{", j + 1):
            return -1
        j = _brace_directive(value, j + 1, nested=True)
        if j < 0:
            return -1
        j += 1
    return j if j < len(value) and value[j] == "}" else -1
