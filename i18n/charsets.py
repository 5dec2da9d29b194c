"""Catalogs in any charset GNU gettext reads: bytes in, bytes out in the catalog's own charset.

A catalog's charset is the one its header declares (``Content-Type: text/plain;
charset=ISO-8859-2``); one without a declaration (or with the template
placeholder ``CHARSET``) is read as UTF-8. :func:`decode_po` reads the bytes in
that charset, :func:`encode_po` writes a catalog back in it, as msgcat and
msgmerge do. A character the charset cannot hold is an error naming the entry,
never a silent replacement.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from .errors import CatalogError
from .po import format_po, parse_po

# charset=VALUE inside the header's Content-Type line, read before decoding (ASCII-compatible)
_DECLARED_RE = re.compile(rb'Content-Type:[^"\n]*?charset=([A-Za-z0-9_.:+-]+)', re.IGNORECASE)
_HEADER_END_RE = re.compile(rb"\n\s*\n")

_CHARSET_HINT = "convert the file with: msgconv -t UTF-8 FILE -o FILE"


def declared_charset(data: bytes) -> tuple[str, int]:
    """The charset the header of ``data`` declares, as written ('' when none), and its line."""
    end = _HEADER_END_RE.search(data, 0, 1 << 16)
    match = _DECLARED_RE.search(data, 0, end.start() if end else 1 << 16)
    if match is None:
        return "", 1
    return match.group(1).decode("ascii"), data.count(b"\n", 0, match.start()) + 1


def codec_for(charset: str, *, path: str, line: int = 1) -> str:
    """The Python codec of a declared charset; unknown ones are an error naming the file."""
    if charset.upper() in ("", "CHARSET"):
        return "utf-8"
    try:
        return codecs.lookup(charset).name
    except LookupError as exc:
        raise CatalogError(f"the header declares charset {charset}, which presslate cannot read",
                           path=path, line=line, hint=_CHARSET_HINT) from exc


def decode_po(data: bytes, *, path: str = "<catalog>") -> Any:
    """Read PO bytes in their declared charset; the catalog remembers it for writing."""
    charset, line = declared_charset(data)
    codec = codec_for(charset, path=path, line=line)
    if data.startswith(codecs.BOM_UTF8) and codec == "utf-8":
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise CatalogError(
            f"not {charset if codec != 'utf-8' else 'UTF-8'}", path=path,
            line=data.count(b"\n", 0, exc.start) + 1,
            hint="the bytes are not in the charset the header declares: fix the header's "
                 "charset, or convert the file (msgconv -f REAL-CHARSET -t UTF-8)") from exc
    catalog = parse_po(text, path=path)
    catalog.encoding = codec
    setattr(catalog, _DECLARED_ATTR, charset or "UTF-8")
    return catalog


_DECLARED_ATTR = "_presslate_charset"


def is_cjk(catalog: Any) -> bool:
    """The catalog's charset is one where libunistring counts most characters as wide."""
    codec = getattr(catalog, "encoding", "utf-8")
    return any(codecs.lookup(name).name == codec for name in _CJK_CODECS)


# libunistring counts every character from U+00A1 on as two columns in these encodings.
_CJK_CODECS = ("euc_jp", "gb2312", "gbk", "big5", "euc_kr", "cp949", "johab")


def encode_po(catalog: Any) -> bytes:
    """The catalog as PO bytes in its own charset (UTF-8 for a catalog presslate created)."""
    codec = getattr(catalog, "encoding", "utf-8") or "utf-8"
    text = format_po(catalog, cjk=codec != "utf-8" and is_cjk(catalog))
    try:
        return text.encode(codec)
    except UnicodeEncodeError as exc:
        start = text.rfind("\n\n", 0, exc.start) + 2
        end = text.find("\n\n", exc.start)
        block = text[start: end if end >= 0 else len(text)]
        msgid = next((ln for ln in block.split("\n") if ln.lstrip("#~ ").startswith("msgid ")),
                     block.split("\n")[0])
        raise CatalogError(
            f"{text[exc.start]!r} (U+{ord(text[exc.start]):04X}) cannot be written in the "
            f"catalog's charset {getattr(catalog, _DECLARED_ATTR, codec)}, in the entry {msgid.strip()[:80]}",
            line=text.count("\n", 0, exc.start) + 1,
            hint="change the translation, or convert the catalog to UTF-8 "
                 "(msgconv -t UTF-8 FILE -o FILE); nothing was written",
        ) from exc
