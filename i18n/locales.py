"""Language and locale codes, parsed and validated with Babel (CLDR data).

presslate writes locales in gettext form (``fr``, ``fr_CA``, ``pt_BR``,
``zh_Hant``) and accepts the BCP 47 form too (``pt-BR``). A segment's language
is the bare language part (``pt``).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from .cldr import kept_fact, optional_text
from .errors import LanguageError

# What a locale code may look like before Babel reads it: a language, then up to three
# parts (script, region, variant) joined by ``_`` or ``-``, then an optional ``@modifier``;
# ASCII letters and digits only. Nothing here can name another folder: no ``/``, ``\\``,
# ``.``, space or control character.
_LOCALE_SHAPE = re.compile(r"[A-Za-z]{2,8}(?:[_-][A-Za-z0-9]{1,8}){0,3}(?:@[A-Za-z0-9]{1,32})?")
LOCALE_FORM_HINT = ("a locale is a language code with an optional script, region and "
                    "@modifier, in ASCII letters and digits: en, fr_CA, pt-BR, sr_Latn, ca@valencia")


@functools.cache
def _known_locales() -> tuple[str, ...]:
    from babel.localedata import locale_identifiers

    return tuple(sorted(locale_identifiers()))


def parse_locale(code: str, *, what: str = "language") -> str:
    """Return the canonical gettext form of ``code`` or raise :class:`LanguageError`.

    A code is accepted only when it has a locale's shape (see ``_LOCALE_SHAPE``) and Babel
    reads it into a known language keeping every part given (``fr_ZZ``, ``fr_Hant``,
    ``und`` are refused rather than silently read as something else). Surrounding
    spaces are ignored.

    >>> parse_locale("pt-br")
    'pt_BR'
    """
    if not isinstance(code, str):
        raise LanguageError(f"{what} code must be text, got {code!r}", hint=LOCALE_FORM_HINT)
    raw = code.strip(" ")
    if not raw:
        raise LanguageError(f"empty {what} code", hint="use a code such as en, fr or pt_BR")
    if not _LOCALE_SHAPE.fullmatch(raw):
        raise LanguageError(f"not a {what} code: {code!r}", hint=LOCALE_FORM_HINT)
    canonical = _canonical(raw.replace("-", "_"))
    if canonical is None:
        raise LanguageError(f"unknown {what} code {code!r}", hint=_suggestion(raw))
    return canonical


@kept_fact(optional_text)
def _canonical(raw: str) -> str | None:
    """Babel's canonical form of a well-shaped ``raw`` code, or ``None`` when it is not a
    known language or Babel would change one of its parts."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global
    from babel.core import parse_locale as split_locale

    try:
        language, territory, script, variant, *rest = split_locale(raw)
        locale = Locale.parse(raw)
    except (UnknownLocaleError, ValueError, TypeError):
        return None
    modifier = rest[0] if rest else None
    if language in ("root", "und") or (
        language != locale.language and language not in get_global("language_aliases")
    ):
        return None
    if territory is not None and territory != locale.territory:
        return None
    if variant is not None and variant != locale.variant:
        return None
    if script is not None and script != locale.script:
        likely = get_global("likely_subtags").get(locale.language, "")
        if locale.script is not None or split_locale(likely)[2] != script:
            return None
    if modifier is not None and modifier != locale.modifier:
        return None
    canonical = str(locale)
    return canonical if _LOCALE_SHAPE.fullmatch(canonical) else None


def is_locale_code(code: str) -> bool:
    """``code``, exactly as given, is a well-formed locale identifier that Babel knows (``fr``, ``pt-BR``)."""
    if not _LOCALE_SHAPE.fullmatch(code):
        return False
    try:
        parse_locale(code)
    except LanguageError:
        return False
    return True


def _suggestion(raw: str) -> str:
    """Closest known codes: by English language name first (``french`` -> fr), then by spelling,
    bare language codes before regional variants."""
    import difflib

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


@functools.lru_cache(maxsize=512)
def babel_locale(code: str) -> Any:
    """``babel.Locale.parse(code)``, kept for the process: parsing looks the code up among
    every CLDR locale, which an export or a check would otherwise do for each article.
    Raises what ``Locale.parse`` raises."""
    from babel import Locale

    return Locale.parse(code)


def display_name(locale: str, *, in_locale: str = "en") -> str:
    try:
        name = babel_locale(locale).get_display_name(in_locale)
    except Exception:
        return locale
    return name or locale


def text_direction(locale: str) -> str:
    """``rtl`` or ``ltr`` from CLDR's character order for ``locale``."""
    try:
        order = babel_locale(locale.replace("-", "_")).character_order
    except Exception:
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


def bcp47(locale: str) -> str:
    """The gettext form ``pt_BR`` as the BCP 47 tag ``pt-BR`` used by HTML."""
    return locale.replace("_", "-")
