"""Real-shaped gettext catalogs, generated: the corpus the GNU differential tests use.

The catalogs look like those of free-software projects (GNU tools, shells, git):
C format strings with every kind of directive (``%.*s``, ``%1$s``, ``%<PRIu64>``,
``%%``), ``no-wrap`` usage texts, Python and brace formats, plurals, contexts,
translator and extracted comments (lone ``#`` lines included), previous
msgids, obsolete entries, headers with odd spacing, in many languages and
scripts and in the charsets such catalogs are written in. Nothing is copied
from third-party catalogs: the texts are assembled from small word lists.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# language, charset, Plural-Forms, words of the language
LANGUAGES: list[tuple[str, str, str, str]] = [
    ("fr", "UTF-8", "nplurals=2; plural=(n > 1);",
     "le fichier répertoire impossible d’ouvrir « » écrire lecture option inconnue"),
    ("de", "ISO-8859-1", "nplurals=2; plural=(n != 1);",
     "Datei Verzeichnis kann nicht öffnen „ “ schreiben ungültige Option Größe"),
    ("pl", "ISO-8859-2", "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && "
     "(n%100<10 || n%100>=20) ? 1 : 2);",
     "plik katalog nie można otworzyć zapis błąd źródło żółć"),
    ("ru", "KOI8-R", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
     "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
     "файл каталог не удалось открыть «» запись ошибка параметр"),
    ("bg", "UTF-8", "nplurals=2; plural=(n != 1);",
     "файл директория СЪОБЩЕНИЕ РОДИТЕЛ … неуспешно отваряне"),
    ("ko", "EUC-KR", "nplurals=1; plural=0;",
     "파일 디렉터리 열 수 없습니다 쓰기 오류 옵션"),
    ("zh_CN", "UTF-8", "nplurals=1; plural=0;",
     "文件 目录 无法 打开 （ ） 写入 错误 选项 ，。"),
    ("ja", "EUC-JP", "nplurals=1; plural=0;",
     "ファイル ディレクトリ を 開けません 書き込み エラー 「 」"),
    ("zh_TW", "BIG5", "nplurals=1; plural=0;",
     "檔案 目錄 無法 開啟 寫入 錯誤 選項"),
    ("he", "UTF-8", "nplurals=2; plural=(n != 1);", "קובץ תיקייה לא ניתן לפתוח שגיאה"),
    ("ar", "UTF-8", "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && "
     "n%100<=10 ? 3 : n%100>=11 ? 4 : 5;", "ملف دليل تعذر فتح، خطأ خيار"),
    ("hi", "UTF-8", "nplurals=2; plural=(n != 1);", "फ़ाइल निर्देशिका खोल नहीं सकता त्रुटि।"),
    ("kn", "UTF-8", "nplurals=2; plural=(n != 1);", "ಚಿತ್ರವನ್ನು ಬರೆಯುವಾಗ ವಿಫಲತೆ ಉಳಿಸಲ್ಪಡದೆ ಕೆ"),
    ("el", "ISO-8859-7", "nplurals=2; plural=(n != 1);", "αρχείο κατάλογος αδυναμία ανοίγματος"),
    ("uk", "KOI8-U", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : 2);",
     "файл каталог ґанок неможливо відкрити їжак"),
    ("tr", "ISO-8859-9", "nplurals=2; plural=(n != 1);", "dosya dizin açılamadı yazma hatası ğ ş"),
    ("vi", "UTF-8", "nplurals=1; plural=0;", "tập tin thư mục không thể mở lỗi ghi"),
]
_ENGLISH_WORDS = ("cannot open file directory for writing invalid option the of a to in is not "
                  "found read error usage try more information output input default value "
                  "unknown argument missing operand warning")
_ENGLISH = _ENGLISH_WORDS.split()
_DIRECTIVES = ["%s", "%d", "%.*s", "%1$s", "%2$d", "%<PRIu64>", "%%", "%lu", "%5.2f", "%-10s",
               "%'d", "%zu", "%c", "%x", "%#o", "%*d", "% d"]
_PY_DIRECTIVES = ["%(name)s", "%(count)d", "%s", "%r", "%%", "%5.1f"]
_BRACE_DIRECTIVES = ["{0}", "{name}", "{count:d}", "{{", "}}"]
_PUNCT = [",", ".", ":", ";", " —", "...", "…", "(", ")", "[", "]", "'", '"', "«", "»", "?", "!",
          "/", "-", "--", "\t", "\\", "=", "<", ">", "|"]


@dataclass
class Shape:
    """How an entry is written."""

    fmt: str | None  # c / python / python-brace / None
    no_wrap: bool


def _sentence(rnd: random.Random, words: list[str], fmt: str | None, most: int) -> str:
    parts: list[str] = []
    for _ in range(rnd.randint(1, most)):
        roll = rnd.random()
        if fmt == "c" and roll < 0.12:
            parts.append(rnd.choice(_DIRECTIVES))
        elif fmt == "python" and roll < 0.12:
            parts.append(rnd.choice(_PY_DIRECTIVES))
        elif fmt == "python-brace" and roll < 0.12:
            parts.append(rnd.choice(_BRACE_DIRECTIVES))
        elif roll < 0.2:
            parts.append(rnd.choice(_PUNCT))
        else:
            parts.append(rnd.choice(words))
        parts.append(rnd.choice([" ", " ", " ", " ", "", "  "]))
    return "".join(parts).strip(" ")


def _usage(rnd: random.Random, words: list[str]) -> str:
    """A no-wrap usage text: aligned option lines, each ending in a newline."""
    lines = []
    for _ in range(rnd.randint(1, 8)):
        option = rnd.choice(["-a, --all", "-o FILE", "    --long-option=VALUE", "-v", "-n NUM"])
        lines.append(f"  {option:<28}{_sentence(rnd, words, None, 14)}\n")
    return "".join(lines)


def _translation(rnd: random.Random, words: list[str], fmt: str | None, translated: bool,
                 usage: bool) -> str:
    if not translated:
        return ""
    if usage:
        return _usage(rnd, words)
    return _sentence(rnd, words, fmt, rnd.choice([4, 12, 30, 40]))


def _quote(value: str) -> str:
    from presslate.i18n.po import escape

    return '"' + escape(value) + '"'


def build_catalog(seed: int, language: int, count: int) -> tuple[str, str]:
    """(charset, PO text) of one catalog in ``LANGUAGES[language]``: ``count`` entries."""
    rnd = random.Random(seed)
    code, charset, plural_forms, word_list = LANGUAGES[language % len(LANGUAGES)]
    words = word_list.split()
    nplurals = int(plural_forms.split("=")[1].split(";")[0])
    spacing = rnd.choice(["", "", " "])
    header_rows = [
        f"Project-Id-Version: tool {rnd.randint(1, 9)}.{rnd.randint(0, 20)}",
        "Report-Msgid-Bugs-To: bug-tool@example.org",
        "POT-Creation-Date: 2024-01-02 03:04+0000",
        "PO-Revision-Date: 2024-02-03 04:05+0100",
        "Last-Translator: Translator <translator@example.org>",
        f"Language-Team: {code} <{code}@li.org>",
        *([f"Language: {code}"] if rnd.random() < 0.7 else []),
        "MIME-Version: 1.0",
        f"Content-Type: text/plain; charset={charset}",
        "Content-Transfer-Encoding: 8bit",
        f"Plural-Forms: {spacing}{plural_forms}",
        *(["X-Generator: Lokalize 2.0"] if rnd.random() < 0.3 else []),
        *([""] if rnd.random() < 0.2 else []),
    ]
    header = "# Translation of tool.\n# Copyright (C) 2024 Free Software Foundation, Inc.\n"
    if rnd.random() < 0.3:
        header += "#\n"
    header += "msgid \"\"\nmsgstr \"\"\n" + "".join(_quote(row + "\n") + "\n" for row in header_rows)
    blocks = [header]
    seen: set[tuple[str | None, str]] = set()
    for i in range(count):
        fmt = rnd.choice([None, None, "c", "c", "c", "python", "python-brace"])
        no_wrap = rnd.random() < 0.15
        msgid = _usage(rnd, _ENGLISH) if no_wrap and rnd.random() < 0.6 else \
            _sentence(rnd, _ENGLISH, fmt, rnd.choice([4, 12, 30]))
        msgctxt = rnd.choice([None] * 8 + ["menu", "verb", "noun"])
        msgid = msgid.encode(charset, errors="replace").decode(charset)
        if (msgctxt, msgid) in seen or not msgid:
            msgid = f"{msgid} {i}"
        seen.add((msgctxt, msgid))
        lines: list[str] = []
        roll = rnd.random()
        if roll < 0.05:
            lines.append("#")
        elif roll < 0.15:
            lines.append("# " + _sentence(rnd, words, None, 6).replace("\n", " ").replace("\t", " "))
        if rnd.random() < 0.2:
            lines.append("#. TRANSLATORS: " + " ".join(rnd.sample(_ENGLISH, 4)))
        elif rnd.random() < 0.03:
            lines.append("#.")
        if rnd.random() < 0.8:
            lines.append("#: " + " ".join(f"src/{rnd.choice(_ENGLISH)}.c:{rnd.randint(1, 3000)}"
                                          for _ in range(rnd.randint(1, 6))))
        translated = rnd.random() < 0.85
        fuzzy = translated and rnd.random() < 0.1
        flags = (["fuzzy"] if fuzzy else []) + ([f"{fmt}-format"] if fmt else [])
        if rnd.random() < 0.02 and fmt == "c":
            flags.append("range: 0..10")
        if no_wrap:
            flags.append("no-wrap")
        if flags:
            lines.append("#, " + ", ".join(flags))
        obsolete = rnd.random() < 0.05 and translated
        prefix = "#~ " if obsolete else ""
        if fuzzy and rnd.random() < 0.7:
            lines.append(("#~| " if obsolete else "#| ") + "msgid " + _quote(msgid + " old"))
        if msgctxt is not None:
            lines.append(f"{prefix}msgctxt {_quote(msgctxt)}")
        lines.append(f"{prefix}msgid {_quote(msgid)}")

        usage = no_wrap and msgid.endswith("\n")
        if rnd.random() < 0.1:
            lines.append(f"{prefix}msgid_plural {_quote(msgid + ' (plural)')}")
            lines += [f"{prefix}msgstr[{n}] {_quote(_translation(rnd, words, fmt, translated, usage))}"
                      for n in range(nplurals)]
        else:
            lines.append(f"{prefix}msgstr {_quote(_translation(rnd, words, fmt, translated, usage))}")
        blocks.append("\n".join(lines) + "\n")
    # Characters the charset cannot hold (a guillemet in KOI8-R) become '?', as a
    # translator's editor would have written them.
    text = "\n".join(blocks)
    return charset, text.encode(charset, errors="replace").decode(charset)


def corpus(catalogs: int = 34, entries: int = 150) -> list[tuple[str, str, str]]:
    """``catalogs`` catalogs (name, charset, text), every language twice or more."""
    out = []
    for n in range(catalogs):
        code = LANGUAGES[n % len(LANGUAGES)][0]
        charset, text = build_catalog(1000 + n, n, entries)
        out.append((f"{n:02d}-{code}.po", charset, text))
    return out
