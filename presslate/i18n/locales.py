"""Language and locale codes, parsed and validated with Babel (CLDR data).

presslate writes locales in gettext form (``fr``, ``fr_CA``, ``pt_BR``,
``zh_Hant``) and accepts the BCP 47 form too (``pt-BR``). A segment's language
is the bare language part (``pt``).
"""

from __future__ import annotations

import difflib
import functools

from .errors import LanguageError


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
    try:
        locale = Locale.parse(raw.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise LanguageError(
            f"unknown {what} code {code!r}", hint=_suggestion(raw)
        ) from exc
    return str(locale)


def _suggestion(raw: str) -> str:
    candidates = _known_locales()
    lowered = {c.lower(): c for c in candidates}
    key = raw.lower().replace("-", "_")
    close = difflib.get_close_matches(key, list(lowered), n=3, cutoff=0.5)
    if close:
        names = ", ".join(f"{lowered[c]} ({display_name(lowered[c])})" for c in close)
        return f"did you mean {names}?"
    return "use an ISO 639 code such as en, fr, es, ar, he or a locale such as pt_BR"


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
