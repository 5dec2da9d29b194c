"""Language and locale codes, parsed and validated with Babel (CLDR data).

presslate writes locales in gettext form (``fr``, ``fr_CA``, ``pt_BR``,
``zh_Hant``) and accepts the BCP 47 form too (``pt-BR``). A segment's language
is the bare language part (``pt``).
"""

from __future__ import annotations

import difflib
import functools
import re

from .errors import LanguageError

# A locale identifier as written in gettext or BCP 47: language, subtags, an optional
# encoding and modifier (``pt_BR``, ``zh-Hant-TW``, ``en_US.UTF-8``, ``sr@latin``). Anything
# else (quotes, markup, spaces) is refused before Babel sees it: these codes reach HTML
# attributes, file names and front matter.
_LOCALE_SHAPE_RE = re.compile(r"[A-Za-z]{2,8}(?:[_-][A-Za-z0-9]{1,8})*(?:\.[A-Za-z0-9_-]{1,20})?"
                              r"(?:@[A-Za-z0-9]{1,8})?", re.ASCII)


@functools.cache
def _known_locales() -> tuple[str, ...]:
    from babel.localedata import locale_identifiers

    return tuple(sorted(locale_identifiers()))


def parse_locale(code: str, *, what: str = "language") -> str:
    """Return the canonical gettext form of ``code`` or raise :class:`LanguageError`.

    >>> parse_locale("pt-br")
    'pt_BR'
    """
    from babel import Locale, UnknownLocaleError

    raw = code.strip()
    if not raw:
        raise LanguageError(f"empty {what} code", hint="use a code such as en, fr or pt_BR")
    if not _LOCALE_SHAPE_RE.fullmatch(raw):
        raise LanguageError(f"invalid {what} code {code!r}",
                            hint="use a code such as en, fr, he or pt_BR (letters, digits, - or _)")
    try:
        locale = Locale.parse(raw.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise LanguageError(
            f"unknown {what} code {code!r}", hint=_suggestion(raw)
        ) from exc
    return str(locale)


def is_locale_code(code: str) -> bool:
    """``code``, exactly as given, is a well-formed locale identifier that Babel knows (``fr``, ``pt-BR``)."""
    if not _LOCALE_SHAPE_RE.fullmatch(code):
        return False
    try:
        parse_locale(code)
    except LanguageError:
        return False
    return True


def _suggestion(raw: str) -> str:
    """Closest known codes: by English language name first (``french`` -> fr), then by spelling,
    bare language codes before regional variants."""
    from babel import Locale

    key = raw.lower().replace("-", "_")
    names = {name.lower(): code for code, name in Locale("en").languages.items()
             if code in _known_set()}
    by_name = difflib.get_close_matches(key, list(names), n=1, cutoff=0.8)
    if by_name:
        code = names[by_name[0]]
        return f"did you mean {code} ({display_name(code)})?"
    candidates = _known_locales()
    lowered = {c.lower(): c for c in candidates}
    bare = [c for c in lowered if "_" not in c]
    pools = (list(lowered), bare) if "_" in key else (bare, list(lowered))
    close = difflib.get_close_matches(key, pools[0], n=3, cutoff=0.5) or difflib.get_close_matches(
        key, pools[1], n=3, cutoff=0.5)
    if close:
        found = ", ".join(f"{lowered[c]} ({display_name(lowered[c])})" for c in close)
        return f"did you mean {found}?"
    return "use an ISO 639 code such as en, fr, es, ar, he or a locale such as pt_BR"


@functools.cache
def _known_set() -> frozenset[str]:
    return frozenset(_known_locales())


def language_part(locale: str) -> str:
    """``pt_BR`` -> ``pt``; ``zh_Hant`` -> ``zh``."""
    return locale.replace("-", "_").split("_", 1)[0].lower()


def display_name(locale: str, *, in_locale: str = "en") -> str:
    from babel import Locale

    try:
        name = Locale.parse(locale).get_display_name(in_locale)
    except Exception:
        return locale
    return name or locale


def text_direction(locale: str) -> str:
    """``rtl`` or ``ltr`` from CLDR's character order for ``locale``."""
    from babel import Locale

    try:
        order = Locale.parse(locale.replace("-", "_")).character_order
    except Exception:
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


def bcp47(locale: str) -> str:
    """The gettext form ``pt_BR`` as the BCP 47 tag ``pt-BR`` used by HTML."""
    return locale.replace("_", "-")
