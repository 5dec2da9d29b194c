"""The header of a merged catalog, rebuilt as GNU msgmerge rebuilds it.

msgmerge reads the catalog's header ``msgstr`` line by line: the ten fields it
knows (``Project-Id-Version`` ... ``Content-Transfer-Encoding``, matched by a
case-insensitive prefix, the last one of a name winning) are written back in
their standard order, every other line (``Plural-Forms`` and ``X-`` fields
included) after them in the order read. ``Report-Msgid-Bugs-To`` and
``POT-Creation-Date`` come from the template. A header without ``Language``
gets one: the code of the language named by ``Language-Team`` (``French
<fr@li.org>`` -> ``fr``, with GNU's English names of ISO 639 languages), or an
empty value when the name is not one of them.
"""

from __future__ import annotations

_KNOWN = ("Project-Id-Version:", "Report-Msgid-Bugs-To:", "POT-Creation-Date:",
          "PO-Revision-Date:", "Last-Translator:", "Language-Team:", "Language:",
          "MIME-Version:", "Content-Type:", "Content-Transfer-Encoding:")
_FROM_TEMPLATE = ("Report-Msgid-Bugs-To:", "POT-Creation-Date:")

# GNU gettext's table of languages (lang-table.c): variants first, then ISO 639.
_VARIANTS = ("de_AT Austrian|en_GB English (British)|es_AR Argentinian|"
             "es_IC Spanish (Canary Islands)|pt_BR Brazilian Portuguese|"
             "zh_CN Chinese (simplified)|zh_HK Chinese (Hong Kong)|zh_TW Chinese (traditional)")
_LANGUAGES = (
    "aa Afar|ab Abkhazian|ace Achinese|ae Avestan|af Afrikaans|ak Akan|am Amharic|an Aragonese|"
    "ang Old English|ar Arabic|arn Mapudungun|as Assamese|ast Asturian|av Avaric|awa Awadhi|"
    "ay Aymara|az Azerbaijani|ba Bashkir|bal Baluchi|ban Balinese|be Belarusian|bej Beja|"
    "bem Bemba|bg Bulgarian|bh Bihari|bho Bhojpuri|bi Bislama|bik Bikol|bin Bini|bm Bambara|"
    "bn Bengali|bo Tibetan|br Breton|bs Bosnian|bug Buginese|ca Catalan|ce Chechen|ceb Cebuano|"
    "ch Chamorro|co Corsican|cr Cree|crh Crimean Tatar|cs Czech|csb Kashubian|cu Church Slavic|"
    "cv Chuvash|cy Welsh|da Danish|de German|din Dinka|doi Dogri|dsb Lower Sorbian|dv Divehi|"
    "dz Dzongkha|ee Ewe|el Greek|en English|eo Esperanto|es Spanish|et Estonian|eu Basque|"
    "fa Persian|ff Fulah|fi Finnish|fil Filipino|fj Fijian|fo Faroese|fon Fon|fr French|"
    "fur Friulian|fy Western Frisian|ga Irish|gd Scottish Gaelic|gl Galician|gn Guarani|"
    "gon Gondi|gsw Swiss German|gu Gujarati|gv Manx|ha Hausa|he Hebrew|hi Hindi|hil Hiligaynon|"
    "hmn Hmong|ho Hiri Motu|hr Croatian|hsb Upper Sorbian|ht Haitian|hu Hungarian|hy Armenian|"
    "hz Herero|ia Interlingua|id Indonesian|ie Interlingue|ig Igbo|ii Sichuan Yi|ik Inupiak|"
    "ilo Iloko|is Icelandic|it Italian|iu Inuktitut|ja Japanese|jab Hyam|jv Javanese|"
    "ka Georgian|kab Kabyle|kaj Jju|kam Kamba|kbd Kabardian|kcg Tyap|kdm Kagoma|kg Kongo|"
    "ki Kikuyu|kj Kuanyama|kk Kazakh|kl Kalaallisut|km Central Khmer|kmb Kimbundu|kn Kannada|"
    "ko Korean|kr Kanuri|kru Kurukh|ks Kashmiri|ku Kurdish|kv Komi|kw Cornish|ky Kirghiz|"
    "kok Konkani|la Latin|lb Letzeburgesch|lg Ganda|li Limburgish|ln Lingala|lo Laotian|"
    "lt Lithuanian|lu Luba-Katanga|lua Luba-Lulua|luo Luo|lv Latvian|mad Madurese|mag Magahi|"
    "mai Maithili|mak Makasar|man Mandingo|men Mende|mg Malagasy|mh Marshallese|mi Maori|"
    "min Minangkabau|mk Macedonian|ml Malayalam|mn Mongolian|mni Manipuri|mo Moldavian|"
    "moh Mohawk|mos Mossi|mr Marathi|ms Malay|mt Maltese|mwr Marwari|my Burmese|myn Mayan|"
    "na Nauru|nap Neapolitan|nah Nahuatl|nb Norwegian Bokmal|nd North Ndebele|nds Low Saxon|"
    "ne Nepali|ng Ndonga|nl Dutch|nn Norwegian Nynorsk|no Norwegian|nr South Ndebele|"
    "nso Northern Sotho|nv Navajo|ny Nyanja|nym Nyamwezi|nyn Nyankole|oc Occitan|oj Ojibwa|"
    "om (Afan) Oromo|or Oriya|os Ossetian|pa Punjabi|pag Pangasinan|pam Pampanga|"
    "pap Papiamento|pbb Páez|pi Pali|pl Polish|ps Pashto|pt Portuguese|qu Quechua|"
    "raj Rajasthani|rm Romansh|rn Kirundi|ro Romanian|ru Russian|rw Kinyarwanda|sa Sanskrit|"
    "sah Yakut|sas Sasak|sat Santali|sc Sardinian|scn Sicilian|sd Sindhi|se Northern Sami|"
    "sg Sango|shn Shan|si Sinhala|sid Sidamo|sk Slovak|sl Slovenian|sm Samoan|"
    "sma Southern Sami|smj Lule Sami|smn Inari Sami|sms Skolt Sami|sn Shona|so Somali|"
    "sq Albanian|sr Serbian|srr Serer|ss Siswati|st Sesotho|su Sundanese|suk Sukuma|sus Susu|"
    "sv Swedish|sw Swahili|ta Tamil|te Telugu|tem Timne|tet Tetum|tg Tajik|th Thai|"
    "ti Tigrinya|tiv Tiv|tk Turkmen|tl Tagalog|tn Setswana|to Tonga|tr Turkish|ts Tsonga|"
    "tt Tatar|tum Tumbuka|tw Twi|ty Tahitian|ug Uighur|uk Ukrainian|umb Umbundu|ur Urdu|"
    "uz Uzbek|ve Venda|vi Vietnamese|vo Volapuk|wal Walamo|war Waray|wen Sorbian|wo Wolof|"
    "xh Xhosa|yao Yao|yi Yiddish|yo Yoruba|za Zhuang|zh Chinese|zu Zulu|zap Zapotec"
)


def _table(text: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for item in text.split("|"):
        code, _, name = item.partition(" ")
        table.setdefault(name, code)
    return table


def language_of_team(value: str) -> str:
    """The language code msgmerge derives from a ``Language-Team`` value ('' when none).

    ``value`` is what follows the colon, with its line's ``\\n``: as in GNU, the
    last word is dropped only when it starts with ``<`` or the value holds an
    ``@`` or ``/`` (an address), so a bare ``French`` names no language.
    """
    team = value.lstrip(" \t").rstrip(" \t")
    start = max(team.rfind(" "), team.rfind("\t")) + 1
    if start < len(team) and (team[start] == "<" or team.endswith(">")
                              or "@" in team or "/" in team):
        team = team[:start].rstrip(" \t")
    return _table(_VARIANTS).get(team) or _table(_LANGUAGES).get(team) or ""


def merge_header(catalog_header: str, template_header: str) -> str:
    """The merged header ``msgstr``: the catalog's fields, reordered and completed as msgmerge does."""
    known: dict[str, str] = {}
    unknown: list[str] = []
    rows = catalog_header.split("\n")
    for line in [row + "\n" for row in rows[:-1]] + ([rows[-1] + "\n"] if rows[-1] else []):
        name = next((k for k in _KNOWN if line[:len(k)].lower() == k.lower()), None)
        if name is None:
            unknown.append(line)
        else:
            known[name] = line[len(name):]
    if "Language:" not in known and "Language-Team:" in known:
        code = language_of_team(known["Language-Team:"])
        known["Language:"] = f" {code}\n"
    for name in _FROM_TEMPLATE:
        at = template_header.find(name)
        if at >= 0:
            end = template_header.find("\n", at)
            known[name] = template_header[at + len(name):] + "\n" if end < 0 \
                else template_header[at + len(name):end + 1]
    return "".join(name + known[name] for name in _KNOWN if name in known) + "".join(unknown)
