"""Differential tests: presslate reads and writes catalogs as GNU msgcat does, byte for byte.

Every test runs GNU gettext's msgcat on the same input and compares bytes:
a generated corpus of real-shaped catalogs (17 languages, 10 charsets, no-wrap
usage texts, every kind of C/Python/brace format directive, plurals,
obsolete entries, lone comments, odd headers), and hypothesis-generated
entries aimed at the wrapping rules.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from presslate.i18n.catalog import load_po, save_po
from presslate.i18n.charsets import decode_po, encode_po
from presslate.i18n.errors import CatalogError
from presslate.i18n.po import escape
from tests.conftest import require_tool
from tests.gnu_corpus import LANGUAGES, corpus

pytestmark = pytest.mark.msgfmt


def msgcat(path: Path) -> bytes:
    result = subprocess.run([require_tool("msgcat"), str(path)], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return result.stdout


@pytest.fixture(scope="module")
def corpus_files(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, bytes]]:
    """The corpus written to disk (in each catalog's charset) with msgcat's version of each."""
    folder = tmp_path_factory.mktemp("corpus")
    files = []
    for name, charset, text in corpus(catalogs=34, entries=150):
        path = folder / name
        path.write_bytes(text.encode(charset))
        files.append((path, msgcat(path)))
    return files


def test_corpus_is_real_shaped(corpus_files: list[tuple[Path, bytes]]) -> None:
    texts = [gnu.decode("latin-1") for _, gnu in corpus_files]
    assert sum(t.count("\nmsgid ") for t in texts) > 4000
    assert sum(t.count("no-wrap") for t in texts) > 300
    assert {charset for _, charset, _, _ in LANGUAGES} >= {"ISO-8859-1", "KOI8-R", "EUC-KR", "BIG5"}


def test_corpus_round_trips_byte_identical_to_msgcat(corpus_files: list[tuple[Path, bytes]],
                                                     tmp_path: Path) -> None:
    differing = []
    for path, gnu in corpus_files:
        if encode_po(load_po(path)) != gnu:  # presslate reading the hand-written file
            differing.append(path.name)
        copy = tmp_path / path.name  # and a catalog msgcat wrote, saved again
        copy.write_bytes(gnu)
        save_po(copy, load_po(copy))
        if copy.read_bytes() != gnu:
            differing.append(f"{path.name} (after msgcat)")
    assert differing == []


def test_charset_is_kept_and_unrepresentable_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "ru.po"
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=KOI8-R\\n"\n\n'
    path.write_bytes((header + 'msgid "file"\nmsgstr "файл"\n').encode("koi8-r"))
    catalog = load_po(path)
    entry = next(iter(catalog))
    assert entry.msgstr == "файл"
    entry.msgstr = "файл 😀"
    with pytest.raises(CatalogError) as info:
        save_po(path, catalog)
    assert "msgid \"file\"" in info.value.message and "KOI8-R" in info.value.message
    assert load_po(path).metadata  # nothing was written: the file still reads
    entry.msgstr = "каталог"
    save_po(path, catalog)
    assert path.read_bytes() == msgcat(path)
    assert "каталог".encode("koi8-r") in path.read_bytes()


_WORDS = st.sampled_from(
    ["word", "the", "%s", "%.*s", "%1$s", "%2$d", "%<PRIu64>", "%%", "%-10s", "%(name)s",
     "%(n)d", "{0}", "{name}", "{a[0]}", "{{", "}}", "{count:d}", "…", ")…", "(", "（", "）",
     "«", "»", "—", "-", "/", "файл", "СЪОБЩЕНИЕ", "文件", "（文件）", "שלום", "קובץ-", "ಚಿತ್ರ",
     "ಕೆ", "\\", '"', "\t", "\n", ",", ".", ":", "longlonglonglonglonglonglonglonglonglong"])
_TEXT = st.lists(st.tuples(_WORDS, st.sampled_from([" ", "", "  "])), min_size=1, max_size=40) \
    .map(lambda parts: "".join(w + s for w, s in parts).strip(" "))
_FLAGS = st.lists(st.sampled_from(["c-format", "python-format", "python-brace-format",
                                   "no-c-format", "no-wrap", "wrap", "fuzzy", "range: 0..5"]),
                  max_size=4, unique=True)


LONG = "word word word word word word word word word word word word word word word %.*s"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(st.tuples(_TEXT, _TEXT, _FLAGS, st.booleans(), st.booleans()),
                        min_size=1, max_size=12))
# Contradicting flags: the last one wins, as GNU reads them (not a C format here, so GNU breaks
# inside "%.*s"; a C format again in the second).
@example(entries=[("word", LONG, ["c-format", "no-c-format"], False, False)])
@example(entries=[("word", LONG, ["no-c-format", "possible-c-format"], False, False)])
def test_wrapping_matches_msgcat(entries: list[tuple[str, str, list[str], bool, bool]],
                                 tmp_path: Path) -> None:
    blocks = ['msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n']
    for n, (msgid, msgstr, flags, lone_comment, previous) in enumerate(entries):
        lines = ["#"] if lone_comment else []
        lines += [f"#, {', '.join(flags)}"] if flags else []
        if previous:
            lines.append(f'#| msgid "{escape(msgstr)}"')
        lines += [f'msgid "{escape(msgid)} {n}"', f'msgstr "{escape(msgstr)}"']
        blocks.append("\n".join(lines) + "\n")
    path = tmp_path / "w.po"
    path.write_text("\n".join(blocks), encoding="utf-8")
    gnu = msgcat(path)
    assert encode_po(decode_po(path.read_bytes())) == gnu
