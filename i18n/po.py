"""Reading and writing PO/POT text, streams in and strings out.

``parse_po`` reads PO text strictly (as GNU ``msgfmt`` does: unterminated
strings, unknown keywords, bad escapes, duplicate entries are errors naming
the line; :mod:`.charsets` turns bytes in any charset into this text) into :class:`polib.POFile` objects, the
catalog model the rest of presslate uses. ``format_po`` writes one back the way
GNU ``msgcat`` does, byte for byte: same comment order, same escapes, lines
broken at the same places at width 79. Writing an unchanged catalog again
gives the same bytes.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from .errors import CatalogError
from .formats import FORMAT_LANGUAGES, directive_interiors, format_kind

WRAP_WIDTH = 79

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v",
            "\\": "\\", '"': '"'}
_UNESCAPES = {v: k for k, v in _ESCAPES.items()}
_NEEDS_ESCAPE_RE = re.compile('[\a\b\f\n\r\t\v\\\\"]')
_KEYWORD_RE = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*(.*)$")


# --- reading ---------------------------------------------------------------


class _Draft:
    """An entry being read: its fields and the line it started on."""

    __slots__ = ("comment", "fields", "flags", "line", "obsolete", "occurrences", "order",
                 "plurals", "previous", "tcomment")

    def __init__(self, line: int) -> None:
        self.line = line
        self.obsolete = False
        self.tcomment: list[str] = []
        self.comment: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.previous: dict[str, str] = {}
        self.fields: dict[str, str] = {}
        self.plurals: dict[int, str] = {}
        self.order: list[str] = []

    @property
    def has_message(self) -> bool:
        return bool(self.order)


_ESCAPE_RE = re.compile(r"\\(x[0-9a-fA-F]+|[0-7]{1,3}|.?)", re.DOTALL)


def _unquote(raw: str, *, path: str, line: int) -> str:
    """The value of one ``"..."`` token, escapes resolved; errors name the line."""
    raw = raw.strip()
    if len(raw) < 2 or raw[0] != '"' or raw[-1] != '"':
        raise CatalogError(f"expected a string in double quotes, found {raw[:40]!r}",
                           path=path, line=line, hint=_FIX_HINT)
    body = raw[1:-1]
    if "\\" not in body:
        if '"' in body:
            raise CatalogError("unescaped double quote inside a string", path=path, line=line,
                               hint='write \\" for a quote inside a string')
        return body

    def resolve(match: re.Match[str]) -> str:
        code = match.group(1)
        if code in _UNESCAPES:
            return _UNESCAPES[code]
        if code[:1] == "x" and len(code) > 1:
            return chr(int(code[1:], 16))
        if code[:1] in "01234567" and code:
            return chr(int(code, 8))
        if not code:
            raise CatalogError("string ends with a lone backslash", path=path, line=line,
                               hint=_FIX_HINT)
        raise CatalogError(f"invalid escape sequence \\{code}", path=path, line=line,
                           hint="valid escapes: \\n \\t \\r \\\\ \\\" (and \\a \\b \\f \\v)")

    if '"' in _ESCAPE_RE.sub("", body):
        raise CatalogError("unescaped double quote inside a string", path=path, line=line,
                           hint='write \\" for a quote inside a string')
    return _ESCAPE_RE.sub(resolve, body)


_FIX_HINT = "fix the file by hand (msgfmt --check FILE shows the problem); it was left untouched"


def parse_po(text: str, *, path: str = "<catalog>") -> Any:
    """Parse PO/POT text into a :class:`polib.POFile`; errors name the file and line."""
    import polib

    drafts: list[_Draft] = []
    draft = _Draft(line=1)
    current: tuple[str, int | None] | None = None  # the field continuation lines extend

    def finish() -> None:
        nonlocal draft, current
        if draft.order:
            if "msgid" not in draft.fields:
                raise CatalogError("msgstr without msgid", path=path, line=draft.line, hint=_FIX_HINT)
            if "msgstr" not in draft.fields and not draft.plurals:
                raise CatalogError("msgid without msgstr", path=path, line=draft.line, hint=_FIX_HINT)
            drafts.append(draft)
        # (comments not followed by an entry are dropped, as GNU drops them)
        draft = _Draft(line=draft.line)
        current = None

    if "\\\n" in text:
        # As GNU's lexer: a backslash at the end of a line joins it with the next one.
        text = text.replace("\\\n", "")
    for number, raw_line in enumerate(text.split("\n"), start=1):
        line = raw_line.strip()
        if not line:
            current = None
            continue
        obsolete = False
        if line[0] == "#":  # a comment keeps its trailing spaces
            line = raw_line.rstrip("\r").lstrip()
            if line[1:2] == "~":
                obsolete = True
                rest = line[2:]
                line = "#" + rest if rest.startswith("|") else rest.strip()
                if not line:
                    continue
        if line[0] == "#":
            if draft.order:
                finish()
                draft.line = number
            if not draft.order and not draft.tcomment and not draft.comment:
                draft.line = number
            kind = line[1:2]
            rest = line[2:]
            if kind == ".":
                draft.comment.append(rest[1:] if rest.startswith(" ") else rest)
            elif kind == ":":
                occurrences = draft.occurrences
                for token in rest.split():
                    name, sep, place = token.rpartition(":")
                    reference = (name, place) if sep and place.isdigit() else (token, "")
                    if reference not in occurrences:  # as GNU: each place once
                        occurrences.append(reference)
            elif kind == ",":
                draft.flags.extend(f.strip() for f in rest.split(",") if f.strip())
            elif kind == "|" and rest.strip().startswith('"'):
                if current is None or not current[0].startswith("#|"):
                    raise CatalogError("a #| string continues nothing", path=path, line=number,
                                       hint=_FIX_HINT)
                draft.previous[current[0][2:]] += _unquote(rest, path=path, line=number)
            elif kind == "|":
                match = _KEYWORD_RE.match(rest.strip())
                if not match or match.group(2) is not None or match.group(1) == "msgstr":
                    raise CatalogError(f"bad previous-text line: {line[:40]!r}", path=path,
                                       line=number, hint=_FIX_HINT)
                keyword = match.group(1)
                draft.previous[keyword] = _unquote(match.group(3), path=path, line=number)
                current = ("#|" + keyword, None)
            else:
                body = line[1:]
                draft.tcomment.append(body[1:] if body.startswith(" ") else body)
            continue
        if line[0] == '"':
            if current is None:
                raise CatalogError("a string continues nothing", path=path, line=number,
                                   hint=_FIX_HINT)
            value = _unquote(line, path=path, line=number)
            name, index = current
            if name.startswith("#|"):
                draft.previous[name[2:]] += value
            elif index is not None:
                draft.plurals[index] += value
            else:
                draft.fields[name] += value
            continue
        match = _KEYWORD_RE.match(line)
        if not match:
            raise CatalogError(f"syntax error: unexpected {line[:40]!r}", path=path, line=number,
                               hint=_FIX_HINT)
        keyword, index_text, rest = match.groups()
        if keyword in ("msgctxt", "msgid") and (
            "msgstr" in draft.fields or draft.plurals or keyword in draft.fields
            or (keyword == "msgctxt" and "msgid" in draft.fields)
        ):
            finish()
            draft.line = number
        if not draft.order:
            draft.obsolete = obsolete
            if not (draft.tcomment or draft.comment or draft.flags or draft.occurrences):
                draft.line = number
        body = rest[1:-1]
        if len(rest) > 1 and rest[0] == rest[-1] == '"' and "\\" not in body and '"' not in body:
            value = body  # (the common case of _unquote, inline)
        else:
            value = _unquote(rest, path=path, line=number)
        if index_text is not None:
            index = int(index_text)
            if index != len(draft.plurals):
                raise CatalogError(f"msgstr[{index}] out of order", path=path, line=number,
                                   hint=_FIX_HINT)
            draft.plurals[index] = value
            current = (keyword, index)
        else:
            if keyword in draft.fields:
                raise CatalogError(f"{keyword} given twice in one entry", path=path, line=number,
                                   hint=_FIX_HINT)
            draft.fields[keyword] = value
            current = (keyword, None)
        draft.order.append(keyword)
    finish()
    return _build_catalog(polib, drafts, path=path)


def _build_catalog(polib: Any, drafts: list[_Draft], *, path: str) -> Any:
    po = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    po.metadata = {}
    seen: dict[tuple[bool, str | None, str], int] = {}
    for draft in drafts:
        msgctxt = draft.fields.get("msgctxt")
        msgid = draft.fields["msgid"]
        plural = draft.fields.get("msgid_plural")
        if plural is not None and not draft.plurals:
            raise CatalogError("msgid_plural needs msgstr[0], msgstr[1], ...", path=path,
                               line=draft.line, hint=_FIX_HINT)
        if plural is None and draft.plurals:
            raise CatalogError("msgstr[N] needs a msgid_plural", path=path, line=draft.line,
                               hint=_FIX_HINT)
        if msgid == "" and msgctxt is None and not draft.obsolete:
            if po.metadata or po.header:
                raise CatalogError("a second header entry", path=path, line=draft.line,
                                   hint=_FIX_HINT)
            _read_header(po, draft, path=path)
            continue
        key = (draft.obsolete, msgctxt, msgid)
        if key in seen:
            what = f"msgctxt {msgctxt!r}, " if msgctxt is not None else ""
            raise CatalogError(
                f"duplicate entry ({what}msgid {msgid[:50]!r}), first defined on line {seen[key]}",
                path=path, line=draft.line, hint="merge the two entries into one by hand",
            )
        seen[key] = draft.line
        entry = new_entry(
            msgctxt=msgctxt, msgid=msgid, msgid_plural=plural or "",
            msgstr="" if plural is not None else draft.fields.get("msgstr", ""),
            msgstr_plural=dict(draft.plurals) if plural is not None else {},
            tcomment="\n".join(draft.tcomment), comment="\n".join(draft.comment),
            occurrences=list(draft.occurrences), flags=list(draft.flags),
            previous_msgctxt=draft.previous.get("msgctxt"),
            previous_msgid=draft.previous.get("msgid"),
            previous_msgid_plural=draft.previous.get("msgid_plural"),
            obsolete=draft.obsolete, linenum=draft.line,
        )
        if draft.tcomment == [""]:
            mark_lone_comment(entry, "tcomment")
        if draft.comment == [""]:
            mark_lone_comment(entry, "comment")
        po.append(entry)
    return po


def new_entry(**fields: Any) -> Any:
    """``polib.POEntry(**fields)``, made faster (a reader or a merge makes tens of thousands):
    the same attributes, in the same order, each mutable default a new object."""
    import polib

    entry = polib.POEntry.__new__(polib.POEntry)
    attributes = {
        "msgid": "", "msgstr": "", "msgid_plural": "", "msgstr_plural": {}, "msgctxt": None,
        "obsolete": False, "encoding": polib.default_encoding, "comment": "", "tcomment": "",
        "occurrences": [], "flags": [], "previous_msgctxt": None, "previous_msgid": None,
        "previous_msgid_plural": None, "linenum": None,
    }
    attributes.update(fields)
    entry.__dict__.update(attributes)
    return entry


def _read_header(po: Any, draft: _Draft, *, path: str) -> None:
    po.header = "\n".join(draft.tcomment)
    if draft.tcomment == [""]:
        mark_lone_comment(po, "header")
    po.metadata_is_fuzzy = ["fuzzy"] if "fuzzy" in draft.flags else []
    body = draft.fields.get("msgstr", "")
    for row in body.split("\n"):
        if not row.strip():
            continue
        key, _, value = row.partition(":")
        po.metadata[key.strip()] = value.strip()
    setattr(po, RAW_HEADER_ATTR, (dict(po.metadata), body))


# --- writing ---------------------------------------------------------------


def escape(text: str) -> str:
    """``text`` with GNU's escapes (``\\n``, ``\\t``, ``\\"``, ``\\\\`` ...)."""
    return "".join("\\" + _ESCAPES[c] if c in _ESCAPES else c for c in text)


_linebreak: Any = None


def _line_breaker() -> Any:
    """:mod:`presslate.i18n.linebreak`, imported when a catalog first needs a line broken: a
    command that only reads catalogs (``check``, ``status``) does without its tables."""
    global _linebreak
    if _linebreak is None:
        from . import linebreak

        _linebreak = linebreak
    return _linebreak


def format_string(name: str, value: str, *, prefix: str = "", width: int = WRAP_WIDTH,
                  wrap: bool = True, fmt: str | None = None, cjk: bool = False) -> list[str]:
    """The lines of ``name "value"`` as GNU gettext writes them (``write-po.c``'s wrap).

    ``wrap=False`` is an entry flagged ``no-wrap``: lines break only after ``\\n``.
    ``fmt`` is the entry's format language (``c``, ``python`` ...): no line breaks
    inside its directives. ``cjk``: the catalog's charset is a legacy CJK one, where
    GNU counts nearly every non-ASCII character as two columns.
    """
    start_after_break = len(prefix) + 1
    line_width = width - 1 - start_after_break
    interiors = directive_interiors(value, fmt, msgstr=name.startswith("msgstr"))
    if wrap and not interiors and _PLAIN_RE.fullmatch(value):
        return _plain_lines(name, value, prefix, line_width)
    lb = _line_breaker()
    lines: list[str] = []
    inside = iter(interiors)
    next_inside = next(inside, -1)
    portions = _portions(value)
    first = True
    offset = 0
    for portion_index, portion in enumerate(portions):
        locked: list[int] = []  # no break just before these positions (escapes, directives)
        end = offset + len(portion)
        if _NEEDS_ESCAPE_RE.search(portion) or 0 <= next_inside < end:
            escaped: list[str] = []
            for i, ch in enumerate(portion, start=offset):
                while 0 <= next_inside < i:
                    next_inside = next(inside, -1)
                if next_inside == i:
                    locked.append(len(escaped))
                if ch in _ESCAPES:
                    locked.append(len(escaped) + 1)
                    escaped += ["\\", _ESCAPES[ch]]
                else:
                    escaped.append(ch)
            chars = "".join(escaped)
        else:
            chars = portion
        offset = end
        if portion.endswith("\n"):
            locked.append(len(chars) - 2)  # never break just before a final \n
        total = lb.text_width(chars, cjk=cjk)
        more = portion_index + 1 < len(portions)
        allowed: dict[int, int] | None = None
        while True:
            start = len(prefix) + (len(name) + 1 if first else 0) + 1 - start_after_break
            if not wrap or start + total <= line_width:
                breaks: list[int] = []  # fits (or no-wrap): no break is ever needed
            else:
                if allowed is None:
                    allowed = lb.possible_breaks(chars)
                    for position in locked:
                        allowed.pop(position, None)
                breaks = lb.fill_breaks(chars, allowed, line_width, start, cjk=cjk)
            if first and chars and (more or breaks or (wrap and start > line_width)):
                lines.append(f'{prefix}{name} ""')
                first = False
                continue
            break
        head = f"{prefix}{name} " if first else prefix
        pieces = [chars[a:b] for a, b in zip([0, *breaks], [*breaks, len(chars)], strict=True)]
        lines.append(f'{head}"{pieces[0]}"')
        lines.extend(f'{prefix}"{piece}"' for piece in pieces[1:])
        first = False
    return lines


# Printable ASCII with nothing to escape: no escape, newline or wide character to mind.
_PLAIN_RE = re.compile(r'[ !#-\[\]-~]*')


def _plain_lines(name: str, value: str, prefix: str, line_width: int) -> list[str]:
    """``format_string`` of a wrapped value matching ``_PLAIN_RE`` and holding no directive."""
    start = len(name) + 1
    if start + len(value) <= line_width or not value:
        return [f'{prefix}{name} "{value}"']
    wrap_printable_ascii = _line_breaker().wrap_printable_ascii
    if len(value) > line_width:
        # Too long for a line of its own as well: both wraps look for a first break in the
        # whole value, so the one from column 0 is empty only when the value has no break.
        breaks = wrap_printable_ascii(value, line_width, 0)
        wrapped = bool(breaks) or start > line_width
    else:
        wrapped = bool(wrap_printable_ascii(value, line_width, start)) or start > line_width
        breaks = wrap_printable_ascii(value, line_width, 0) if wrapped else []
    if wrapped:
        lines = [f'{prefix}{name} ""']
        head = prefix
    else:
        lines = []
        head = f"{prefix}{name} "
    ends = [*breaks, len(value)]
    lines.append(f'{head}"{value[:ends[0]]}"')
    lines.extend(f'{prefix}"{value[a:b]}"' for a, b in itertools.pairwise(ends))
    return lines


def _portions(value: str) -> list[str]:
    """``value`` cut after each newline (GNU writes each such piece on its own lines)."""
    if not value:
        return [""]
    parts = value.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def _comment_lines(mark: str, text: str, *, lone: bool = False) -> list[str]:
    if not text:
        return [mark] if lone else []
    return [f"{mark} {row}" if row else mark for row in text.split("\n")]


def _lone(item: Any, name: str) -> bool:
    """``item`` was read with a single empty ``#`` (``#.``) comment line, which GNU keeps."""
    return bool(getattr(item, _LONE_ATTRS.get(name) or LONE_COMMENT_ATTR + name, False))


LONE_COMMENT_ATTR = "_presslate_lone_"
_LONE_ATTRS = {name: LONE_COMMENT_ATTR + name for name in ("tcomment", "comment", "header")}


def mark_lone_comment(item: Any, name: str) -> None:
    """Remember that ``item``'s ``name`` (tcomment, comment, header) is one empty line."""
    setattr(item, LONE_COMMENT_ATTR + name, True)


def copy_lone_comments(source: Any, target: Any, names: tuple[str, ...] = ("tcomment",)) -> None:
    for name in names:
        if _lone(source, name):
            mark_lone_comment(target, name)


_FORMAT_FLAGS = {f"{lang}-format": i for i, lang in enumerate(FORMAT_LANGUAGES)}


def normalized_flags(flags: list[str], *, fuzzy: bool) -> list[str]:
    """Flags in GNU's order: fuzzy, formats (GNU's language order), range, no-wrap.

    As GNU reads them, the last of contradicting flags wins (``no-c-format`` after
    ``c-format``; ``wrap`` after ``no-wrap``) and ``wrap`` itself is not written.
    Flags GNU does not know (presslate's own) follow, each once.
    """
    formats: dict[int, str] = {}
    range_flag = ""
    no_wrap = False
    other: list[str] = []
    for flag in flags:
        name = flag[9:] if flag.startswith("possible-") else flag
        bare = name[3:] if name.startswith("no-") else name
        if bare in _FORMAT_FLAGS:
            formats[_FORMAT_FLAGS[bare]] = name
        elif flag.startswith("range:"):
            range_flag = "range: " + flag[6:].strip()
        elif flag in ("wrap", "no-wrap"):
            no_wrap = flag == "no-wrap"
        elif flag != "fuzzy" and flag not in other:
            other.append(flag)
    out = ["fuzzy"] if fuzzy else []
    out += [formats[i] for i in sorted(formats)]
    if range_flag:
        out.append(range_flag)
    if no_wrap:
        out.append("no-wrap")
    return out + other


def wraps(flags: list[str]) -> bool:
    """False for an entry flagged ``no-wrap`` (the last of wrap/no-wrap counts, as in GNU)."""
    for flag in reversed(flags):
        if flag in ("wrap", "no-wrap"):
            return flag == "wrap"
    return True


def _reference_lines(occurrences: list[tuple[str, str]], width: int) -> list[str]:
    lines: list[str] = []
    current = "#:"
    for name, number in occurrences:
        token = f"{name}:{number}" if number else name
        if len(current) > 2 and len(current) + len(token) + 1 > width:
            lines.append(current)
            current = "#:"
        current += " " + token
    if len(current) > 2:
        lines.append(current)
    return lines


def format_entry(entry: Any, *, width: int = WRAP_WIDTH, cjk: bool = False) -> list[str]:
    """One entry's lines in GNU order: comments, references, flags, previous, message."""
    lines = _comment_lines("#", entry.tcomment or "", lone=_lone(entry, "tcomment"))
    lines += _comment_lines("#.", entry.comment or "", lone=_lone(entry, "comment"))
    if entry.occurrences:
        lines += _reference_lines(entry.occurrences, width)
    given = entry.flags
    fmt: str | None = None
    wrap = True
    if given:
        # As GNU: an empty msgstr is not fuzzy.
        flags = normalized_flags(list(given), fuzzy="fuzzy" in given and _has_translation(entry))
        if entry.obsolete:  # as msgcat: an obsolete entry has no range
            flags = [f for f in flags if not f.startswith("range:")]
        if flags:
            lines.append("#, " + ", ".join(flags))
        wrap, fmt = wraps(given), format_kind(given)
    obsolete = entry.obsolete
    prev_prefix = "#~| " if obsolete else "#| "
    for name, value in (("msgctxt", entry.previous_msgctxt), ("msgid", entry.previous_msgid),
                        ("msgid_plural", entry.previous_msgid_plural)):
        if value is not None and (value or name == "msgid"):
            lines += format_string(name, value, prefix=prev_prefix, width=width, wrap=wrap,
                                   fmt=fmt, cjk=cjk)
    prefix = "#~ " if obsolete else ""
    if entry.msgctxt is not None:
        lines += format_string("msgctxt", entry.msgctxt, prefix=prefix, width=width, wrap=wrap,
                               fmt=fmt, cjk=cjk)
    lines += format_string("msgid", entry.msgid, prefix=prefix, width=width, wrap=wrap, fmt=fmt,
                           cjk=cjk)
    if entry.msgid_plural:
        lines += format_string("msgid_plural", entry.msgid_plural, prefix=prefix, width=width,
                               wrap=wrap, fmt=fmt, cjk=cjk)
        plurals = entry.msgstr_plural or {0: "", 1: ""}
        for index in sorted(plurals, key=int):
            lines += format_string(f"msgstr[{index}]", plurals[index], prefix=prefix, width=width,
                                   wrap=wrap, fmt=fmt, cjk=cjk)
    else:
        lines += format_string("msgstr", entry.msgstr, prefix=prefix, width=width, wrap=wrap,
                               fmt=fmt, cjk=cjk)
    return lines


def _has_translation(entry: Any) -> bool:
    """As GNU judges it: the first form of a plural entry decides."""
    return bool(entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr)


def header_text(catalog: Any) -> str:
    """The header entry's ``msgstr``: one ``Key: value`` line per metadata field.

    A header read from a file and not changed since is written as it was read
    (spacing, blank lines and lines without a colon included), as GNU does.
    """
    raw = getattr(catalog, RAW_HEADER_ATTR, None)
    if raw is not None and raw[0] == catalog.metadata:
        return str(raw[1])
    return "".join(f"{key}: {value}\n" for key, value in catalog.metadata.items())


RAW_HEADER_ATTR = "_presslate_raw_header"


def format_po(catalog: Any, *, cjk: bool = False) -> str:
    """The catalog as PO text, exactly as GNU ``msgcat`` would write it (width 79).

    ``cjk``: the text will be written in a legacy CJK charset (see :func:`format_string`).
    """
    blocks: list[list[str]] = []
    if catalog.metadata or catalog.header or _lone(catalog, "header"):
        block = _comment_lines("#", catalog.header or "", lone=_lone(catalog, "header"))
        if getattr(catalog, "metadata_is_fuzzy", None):
            block.append("#, fuzzy")
        block += format_string("msgid", "")
        block += format_string("msgstr", header_text(catalog), cjk=cjk)
        blocks.append(block)
    active = [e for e in catalog if not e.obsolete]
    # An obsolete entry without a translation holds nothing: GNU drops it, so do we.
    obsolete = [e for e in catalog if e.obsolete and _has_translation(e)]
    blocks += [format_entry(entry, cjk=cjk) for entry in [*active, *obsolete]]
    return "\n".join("\n".join(block) + "\n" for block in blocks)
