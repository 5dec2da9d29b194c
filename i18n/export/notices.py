"""Notices a localized page shows about itself: machine translation, text left untranslated.

A page says so, in its own language where we have the notice translated (in
English otherwise), when it shows

- ``machine``: an engine's translation no person has reviewed yet;
- ``untranslated``: text in another language than the page's because it has
  no translation yet (a source fallback), with counts and the languages shown:
  "3 of 12 parts of this article are shown in English: not yet translated."

Segments used as written (already in the page's language, or kept in their own
language on purpose) are not fallbacks and need no notice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..locales import babel_locale, text_direction

MACHINE = "machine"
UNTRANSLATED = "untranslated"

MACHINE_NOTICES = {
    "en": "Parts of this article were translated by machine and have not yet been reviewed by an editor.",
    "fr": "Certaines parties de cet article ont été traduites automatiquement "
          "et n’ont pas encore été relues par la rédaction.",
    "es": "Partes de este artículo se han traducido automáticamente "
          "y aún no han sido revisadas por la redacción.",
    "de": "Teile dieses Artikels wurden maschinell übersetzt und noch nicht redaktionell geprüft.",
    "he": "חלקים מכתבה זו תורגמו בתרגום מכונה וטרם נבדקו בידי המערכת.",
    "ar": "تُرجمت أجزاء من هذا المقال آليًا ولم تراجعها هيئة التحرير بعد.",
}

# By page language, then CLDR plural category of the count ("other" when the category is absent).
# {languages}: the languages' names in the page's language, as a CLDR list ("English and French").
UNTRANSLATED_NOTICES = {
    "en": {"one": "{count} of {total} parts of this article is shown in {languages}: not yet translated.",
           "other": "{count} of {total} parts of this article are shown in {languages}: not yet translated."},
    "fr": {"one": "{count} partie sur {total} de cet article est affichée en {languages}, "
                  "faute de traduction.",
           "other": "{count} parties sur {total} de cet article sont affichées en {languages}, "
                    "faute de traduction."},
    "es": {"one": "{count} de {total} partes de este artículo se muestra en {languages} "
                  "porque aún no está traducida.",
           "other": "{count} de {total} partes de este artículo se muestran en {languages} "
                    "porque aún no están traducidas."},
    "de": {"one": "{count} von {total} Teilen dieses Artikels ist noch nicht übersetzt "
                  "und wird auf {languages} angezeigt.",
           "other": "{count} von {total} Teilen dieses Artikels sind noch nicht übersetzt "
                    "und werden auf {languages} angezeigt."},
    "he": {"one": "{count} מתוך {total} חלקי הכתבה טרם תורגם ומוצג ב{languages}.",
           "other": "{count} מתוך {total} חלקי הכתבה טרם תורגמו ומוצגים ב{languages}."},
    "ar": {"other": "لم تُترجم بعد {count} من أصل {total} من أجزاء هذا المقال، وهي معروضة ب{languages}."},
}


@dataclass(frozen=True)
class Notice:
    """A notice shown at the top of a page, with the counts it is about."""

    kind: str  # machine | untranslated
    text: str  # in ``lang``
    lang: str  # BCP 47
    dir: str
    count: int  # segments concerned
    total: int  # segments shown on the page
    languages: tuple[str, ...] = ()  # untranslated: the languages shown instead (BCP 47), most first

    @property
    def summary(self) -> str:
        """One English line for a terminal or a report: ``12 of 12 segments not translated, ...``."""
        if self.kind == MACHINE:
            return f"{self.count} of {self.total} segments machine-translated, not yet reviewed"
        return (f"{self.count} of {self.total} segments not translated, shown in "
                f"{language_list(self.languages, 'en')}")


def notice_language(page_lang: str) -> str:
    """The language notices are written in: the page's when translated, else English."""
    return page_lang if page_lang in MACHINE_NOTICES else "en"


def build_notices(page_lang: str, total: int, machine: int,
                  untranslated: Iterable[str]) -> tuple[Notice, ...]:
    """The notices for a page in ``page_lang`` showing ``total`` segments, of which ``machine``
    are unreviewed machine translations and ``untranslated`` lists the language of each
    segment shown untranslated in another language."""
    lang = notice_language(page_lang)
    direction = text_direction(lang)
    notices = []
    if machine:
        notices.append(Notice(MACHINE, MACHINE_NOTICES[lang], lang, direction, machine, total))
    by_language = Counter(untranslated)
    if by_language:
        count = sum(by_language.values())
        languages = tuple(code for code, _ in sorted(by_language.items(), key=lambda kv: (-kv[1], kv[0])))
        forms = UNTRANSLATED_NOTICES[lang]
        text = forms.get(_plural_category(count, lang), forms["other"]).format(
            count=count, total=total, languages=language_list(languages, lang))
        notices.append(Notice(UNTRANSLATED, text, lang, direction, count, total, languages))
    return tuple(notices)


def language_list(codes: Iterable[str], in_lang: str) -> str:
    """The languages' names in ``in_lang`` as a CLDR list: ``English and French``, ``anglais et français``."""
    from babel import UnknownLocaleError
    from babel.lists import format_list

    names = []
    for code in codes:
        try:
            name = babel_locale(code.replace("-", "_")).get_language_name(in_lang)
        except (UnknownLocaleError, ValueError, TypeError):
            name = None
        if (name or code) not in names:  # en and en-GB are both "English"
            names.append(name or code)
    return str(format_list(names, locale=babel_locale(in_lang)))


def _plural_category(count: int, lang: str) -> str:
    return str(babel_locale(lang).plural_form(count))
