"""The PO writer matches GNU msgcat byte for byte; the reader is strict and names lines."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

from presslate.i18n.catalog import load_po, save_po
from presslate.i18n.errors import CatalogError
from presslate.i18n.po import escape, format_po, parse_po
from tests.conftest import Invoke, require_tool

HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: test\\n"\n"PO-Revision-Date: 2025-03-02 10:00+0000\\n"\n'
    '"Last-Translator: Marie Dubois <marie@example.org>\\n"\n"Language-Team: French <fr@li.org>\\n"\n'
    '"Language: fr\\n"\n'
    '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
)

VARIED = (Path(__file__).parent / "golden" / "po" / "varied.po").read_text(encoding="utf-8")

_ATOMS = ["word", "the", "Netanyahu", "réunion", "über", "“quoted”", '"dq"', "it's", "(paren)",
          "well-known", "a/b", "http://example.org/path?x=1&y=2", "10,000", "3.14", "$5", "50%",
          "—", "–", "end.", "what?", "\t", "\n", "…", "«guillemets»", "北京", "東京の天気", "שלום",
          "مرحبا،", "Привет", "😀", "x\\y", "-5", "€20", "„Zitat“", "d’Orsay", "12:30", "한국어",
          "longlonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglong"]


def random_catalog(seed: int, count: int = 120) -> str:
    rnd = random.Random(seed)

    def text(most: int) -> str:
        parts = []
        for _ in range(rnd.randint(0, most)):
            parts += [rnd.choice(_ATOMS), rnd.choice([" ", " ", " ", "", "  ", "\n"])]
        return "".join(parts).strip(" ")

    blocks = [HEADER]
    seen = set()
    for i in range(count):
        msgid = text(30) or f"entry {i}"
        ctx = rnd.choice([None, "body", "headline"])
        if (ctx, msgid) in seen:
            continue
        seen.add((ctx, msgid))
        lines = []
        if rnd.random() < 0.3:
            lines.append("# " + (text(5).replace("\n", " ") or "note"))
        if rnd.random() < 0.4:
            lines.append("#: " + " ".join(f"article:body-{rnd.randint(1, 999)}"
                                          for _ in range(rnd.randint(1, 9))))
        obsolete = rnd.random() < 0.1
        prefix = "#~ " if obsolete else ""
        if rnd.random() < 0.2:
            lines.append("#, fuzzy")
            lines.append(("#~| " if obsolete else "#| ") + f'msgid "{escape(text(20))}"')
        if ctx:
            lines.append(f'{prefix}msgctxt "{ctx}"')
        lines.append(f'{prefix}msgid "{escape(msgid)}"')
        if rnd.random() < 0.15:
            lines.append(f'{prefix}msgid_plural "{escape(text(20) or "many")}"')
            lines.append(f'{prefix}msgstr[0] "{escape(text(30) or "un")}"')
            lines.append(f'{prefix}msgstr[1] "{escape(text(30))}"')
        else:
            lines.append(f'{prefix}msgstr "{escape(text(30))}"')
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def msgcat(path: Path) -> str:
    tool = require_tool("msgcat")
    return subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout


CASES = {"varied": VARIED, **{f"random-{seed}": random_catalog(seed) for seed in range(4)}}


@pytest.mark.msgfmt
@pytest.mark.parametrize("text", list(CASES.values()), ids=list(CASES))
def test_writer_matches_msgcat_byte_for_byte(text: str, tmp_path: Path) -> None:
    source = tmp_path / "in.po"
    source.write_text(text, encoding="utf-8")
    expected = msgcat(source)
    assert format_po(parse_po(text)) == expected
    # msgcat's own output is a fixed point: reading and writing it changes nothing.
    assert format_po(parse_po(expected)) == expected


@pytest.mark.msgfmt
@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_written_files_pass_msgfmt_and_read_back_with_polib_and_babel(case: str,
                                                                      tmp_path: Path) -> None:
    import polib
    from babel.messages.pofile import read_po

    catalog = parse_po(CASES[case])
    path = tmp_path / "out.po"
    save_po(path, catalog)
    if case == "varied":  # the random ones mix entries ending in \n with others, on purpose
        check = subprocess.run([require_tool("msgfmt"), "--check", "-o", "/dev/null", str(path)],
                               capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        assert "warning" not in check.stderr
    written = sorted((e for e in catalog if not e.obsolete or e.msgstr or e.msgstr_plural.get(0)),
                     key=lambda e: bool(e.obsolete))  # obsolete entries go last, as in GNU
    ours = [(e.msgctxt, e.msgid, e.msgstr, e.msgstr_plural, bool(e.obsolete)) for e in written]
    with_polib = [(e.msgctxt, e.msgid, e.msgstr, e.msgstr_plural, bool(e.obsolete))
                  for e in polib.pofile(str(path))]
    assert with_polib == ours
    with path.open("rb") as handle:
        babel_catalog = read_po(handle)
    active = {(e.msgctxt, e.msgid): e.msgstr_plural if e.msgid_plural else e.msgstr
              for e in catalog if not e.obsolete}
    with_babel = {}
    for message in babel_catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        value = (dict(enumerate(message.string)) if isinstance(message.string, tuple)
                 else message.string)
        with_babel[(message.context, key)] = value
    assert with_babel == active


def test_writing_again_gives_the_same_bytes(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    save_po(path, parse_po(VARIED))
    first = path.read_bytes()
    save_po(path, load_po(path))
    assert path.read_bytes() == first


def test_hand_edits_that_are_valid_gettext_are_accepted() -> None:
    rewrapped = HEADER + '\n# translator: keep this\nmsgid "A long"\n" source"\nmsgstr "Une"\n"  longue"\n'
    catalog = parse_po(rewrapped)
    entry = next(iter(catalog))
    assert (entry.msgid, entry.msgstr, entry.tcomment) == ("A long source", "Une  longue",
                                                           "translator: keep this")
    assert '# translator: keep this\nmsgid "A long source"\nmsgstr "Une  longue"\n' in format_po(catalog)


BAD = {
    "syntax-error": (HEADER + '\nmsgid "a"\nmsgstr "b"\nthis is not gettext\n', 15, "syntax error"),
    "unterminated": (HEADER + '\nmsgid "a\nmsgstr "b"\n', 13, "double quotes"),
    "bad-escape": (HEADER + '\nmsgid "a\\q"\nmsgstr "b"\n', 13, "invalid escape"),
    "duplicate": (HEADER + '\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 16, "duplicate"),
    "charset": (HEADER.replace("charset=UTF-8", "charset=X-MADE-UP"), 9, "charset X-MADE-UP"),
    "msgid-without-msgstr": (HEADER + '\nmsgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 13, "without msgstr"),
}


@pytest.mark.parametrize(("text", "line", "message"), list(BAD.values()), ids=list(BAD))
def test_malformed_catalog_names_file_and_line(text: str, line: int, message: str,
                                               tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_po(path)
    assert info.value.path == str(path)
    assert info.value.line == line
    assert message in info.value.message


def test_non_utf8_bytes_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    path.write_bytes(HEADER.encode() + b'\nmsgid "caf\xe9"\nmsgstr ""\n')
    with pytest.raises(CatalogError) as info:
        load_po(path)
    assert (info.value.line, info.value.message) == (13, "not UTF-8")


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_merge_with_a_malformed_catalog_exits_2_and_touches_nothing(case: str, run: Invoke,
                                                                     tmp_path: Path) -> None:
    bad = tmp_path / "fr.po"
    bad.write_text(BAD[case][0], encoding="utf-8")
    template = tmp_path / "t.pot"
    template.write_text(HEADER, encoding="utf-8")
    before = bad.read_bytes()
    result = run("merge", "--update", str(bad), str(template))
    assert result.exit_code == 2
    assert f"{bad}:{BAD[case][1]}:" in result.output
    assert bad.read_bytes() == before


_BLOCKS = [(0xA0, 0xFF), (0x300, 0x36F), (0x5D0, 0x5EA), (0x600, 0x6FF), (0x900, 0x97F),
           (0x2000, 0x206F), (0x20A0, 0x20BF), (0x2190, 0x21FF), (0x2600, 0x27BF),
           (0x3000, 0x30FF), (0xFF00, 0xFFEF), (0x1F300, 0x1F64F)]


@pytest.mark.msgfmt
def test_each_character_breaks_and_measures_as_in_msgcat(tmp_path: Path) -> None:
    """For every character of the blocks news text uses, a line fits (or not) as GNU decides."""
    import unicodedata

    from presslate.i18n.linebreak import char_width

    chars = [chr(c) for a, b in _BLOCKS for c in range(a, b + 1)
             if unicodedata.category(chr(c)) not in ("Cn", "Cs", "Co")]
    blocks = [HEADER]
    for ch in chars:
        for extra in (0, 1):  # exactly fits by our count, then one column too many
            text = "y" * (75 - char_width(ch) + extra) + " " + ch + " " + "z" * 80
            blocks.append(f'msgctxt "{ord(ch):x}-{extra}"\nmsgid "{escape(text)}"\nmsgstr ""\n')
    source = tmp_path / "chars.po"
    source.write_text("\n".join(blocks), encoding="utf-8")
    expected = msgcat(source).split("\n\n")
    ours = format_po(parse_po(source.read_text(encoding="utf-8"))).split("\n\n")
    wrong = [theirs.split("\n")[0] for theirs, mine in zip(expected, ours, strict=True)
             if theirs != mine]
    assert wrong == []


def test_printable_ascii_breaks_as_the_pair_table_says() -> None:
    """The regex scan of printable ASCII finds the breaks the character-by-character scan does."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from presslate.i18n.linebreak import _breaks_by_pairs, possible_breaks

    @settings(max_examples=400, deadline=None, database=None)
    @given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60)
           | st.text(alphabet=" a-.,(1)\"'%$/!?", max_size=30))
    def agree(text: str) -> None:
        assert possible_breaks(text) == _breaks_by_pairs(text)

    agree()


def test_ascii_filling_by_bisection_equals_the_walk() -> None:
    """Lines of ASCII text end where the position-by-position greedy walk ends them."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from presslate.i18n.linebreak import POSSIBLE, _fill_by_positions, fill_breaks

    @settings(max_examples=500, deadline=None, database=None)
    @given(length=st.integers(0, 300), data=st.data(), width=st.integers(1, 90),
           start=st.integers(0, 40))
    def agree(length: int, data: st.DataObject, width: int, start: int) -> None:
        positions = data.draw(st.sets(st.integers(1, max(1, length)), max_size=80))
        allowed = dict.fromkeys(sorted(p for p in positions if p < length), POSSIBLE)
        text = "x" * length
        assert fill_breaks(text, allowed, width, start) == \
            _fill_by_positions(text, allowed, width, start)

    agree()


def test_printable_ascii_wrapping_equals_breaks_then_filling() -> None:
    """Wrapping printable ASCII by looking around each line's end breaks where finding every
    break opportunity and filling greedily does."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from presslate.i18n.linebreak import fill_breaks, possible_breaks, wrap_printable_ascii

    @settings(max_examples=800, deadline=None, database=None)
    @given(text=st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E),
                        max_size=300)
           | st.text(alphabet=" a-.,(1)'%$/!?", max_size=200)
           | st.text(alphabet="  abc", max_size=300),
           width=st.integers(1, 90), start=st.integers(0, 100))
    def agree(text: str, width: int, start: int) -> None:
        assert wrap_printable_ascii(text, width, start) == \
            fill_breaks(text, possible_breaks(text), width, start)

    agree()


def test_plain_ascii_lines_equal_the_general_wrapping(monkeypatch: pytest.MonkeyPatch) -> None:
    """A value of printable ASCII with nothing to escape is written as the general path (breaks,
    escapes, portions) writes it, at any width, after any keyword and prefix."""
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from presslate.i18n import po

    @settings(max_examples=600, deadline=None, database=None)
    @given(value=st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E,
                                                exclude_characters='"\\'), max_size=240)
           | st.text(alphabet=" ab-/.", max_size=200) | st.text(alphabet="ab", max_size=120),
           name=st.sampled_from(["msgid", "msgstr", "msgctxt", "msgstr[1]", "msgid_plural"]),
           prefix=st.sampled_from(["", "#~ ", "#| ", "#~| "]), width=st.integers(8, 100))
    def agree(value: str, name: str, prefix: str, width: int) -> None:
        fast = po.format_string(name, value, prefix=prefix, width=width)
        with monkeypatch.context() as patched:
            patched.setattr(po, "_PLAIN_RE", re.compile(r"(?!)"))  # never the fast path
            assert fast == po.format_string(name, value, prefix=prefix, width=width)

    agree()


def test_new_entry_is_a_polib_entry_as_its_constructor_makes_it() -> None:
    """The reader's and the merge's faster entries: polib's attributes, in polib's order, and no
    list or dict shared between two entries."""
    import polib

    from presslate.i18n.po import new_entry

    for fields in ({}, {"msgid": "a", "msgstr": "b", "flags": ["fuzzy"], "linenum": 3},
                   {"msgctxt": "c", "msgid": "a", "msgid_plural": "as", "msgstr_plural": {0: "x"},
                    "occurrences": [("f.txt", "1")], "previous_msgid": "p", "obsolete": True,
                    "tcomment": "t", "comment": "e", "encoding": "latin-1"}):
        made, expected = new_entry(**fields), polib.POEntry(**fields)
        assert type(made) is polib.POEntry
        assert list(vars(made).items()) == list(vars(expected).items())
    first, second = new_entry(), new_entry()
    first.flags.append("fuzzy")
    first.occurrences.append(("a", "1"))
    first.msgstr_plural[0] = "x"
    assert (second.flags, second.occurrences, second.msgstr_plural) == ([], [], {})
