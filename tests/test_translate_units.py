"""Small pieces of the translate stage: glossary, masking, routes, Apertium marks, sentences."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from presslate.i18n.engines.apertium import debian_package, parse_mode, strip_marks
from presslate.i18n.engines.base import Hop, find_route
from presslate.i18n.errors import ConfigError
from presslate.i18n.glossary import parse_glossary
from presslate.i18n.masking import localize_clock_time, localize_number, mask, unmask
from presslate.i18n.sentences import split_regex, split_sentences

from .conftest import Invoke
from .support.articles import add_article

GLOSSARY = """term,source,target,translation,flag
# names
Netanyahu,en,fr,Netanyahou
Putin,*,fr,Poutine
Benjamin Netanyahu,en,fr,Benyamin Netanyahou
i24NEWS,,,,dnt
"""


def test_glossary_terms_for_a_pair_longest_first() -> None:
    glossary = parse_glossary(GLOSSARY)
    fr = [t.term for t in glossary.for_pair("en", "fr")]
    assert fr == ["Benjamin Netanyahu", "Netanyahu", "i24NEWS", "Putin"]
    assert [t.term for t in glossary.for_pair("en", "de")] == ["i24NEWS"]


def test_mask_and_unmask_apply_the_glossary_and_keep_numbers() -> None:
    terms = parse_glossary(GLOSSARY).for_pair("en", "fr")
    text = "Benjamin Netanyahu met Putin (i24NEWS) on 23.09.2018 about the S-300, see https://x.org/a."
    masked = mask(text, terms)
    assert "Netanyahu" not in masked.text and "Putin" not in masked.text and "2018" not in masked.text
    assert masked.text.startswith("[[1]] met [[2]] ([[3]])")
    back, lost = unmask(masked.text, masked)
    assert back == ("Benyamin Netanyahou met Poutine (i24NEWS) on 23.09.2018 about the S-300, "
                    "see https://x.org/a.")
    assert lost == 0
    dropped, lost = unmask(masked.text.replace("[[2]]", ""), masked)
    assert lost == 1 and "Poutine" not in dropped


@pytest.mark.parametrize("text, line, message", [
    ("a,en\n", 1, "got 2 columns"),
    ("term,source,target,translation\nPutin,en,xx-bogus,Poutine\n", 2, "unknown language code"),
    ("Putin,en,fr,,maybe\n", 1, "unknown flag"),
    ("Putin,en,fr,Poutine\nKremlin,en,fr," + "x" * 131_073 + "\n", 2,
     "a cell is longer than 131072 characters"),
    ("Putin,en,fr,Poutine\n\n# note\nKremlin,en,fr,\"Kremlin\n", 4, "unexpected end of data"),
    ('"Le Monde" daily,fr,en,\n', 1, "',' expected after '\"'"),
], ids=["columns", "language", "flag", "huge-cell", "unclosed-quote", "text-after-quote"])
def test_bad_glossary_lines_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_glossary(text, path="glossary.csv")
    assert info.value.line == line and message in info.value.message
    assert f"glossary.csv:{line}" in str(info.value)


def test_routes_direct_first_then_through_pivots_only() -> None:
    hops = [Hop("fr", "es", "fr-es"), Hop("es", "en", "spa-eng"), Hop("en", "es", "eng-spa"),
            Hop("es", "fr", "es-fr"), Hop("fr", "ca", "fr-ca"), Hop("ca", "de", "ca-de")]
    route = find_route("apertium", hops, "fr", "en", ["en", "es"])
    assert route is not None and route.path == ("fr", "es", "en")
    assert route.describe() == "apertium fr→es→en (fr-es, spa-eng)"
    direct = find_route("apertium", hops, "fr", "es", ["en"])
    assert direct is not None and direct.path == ("fr", "es")
    assert find_route("apertium", hops, "fr", "de", ["en", "es"]) is None  # ca is not a pivot
    assert find_route("apertium", hops, "fr", "de", ["ca"]) is not None


def test_apertium_marks_are_removed_and_counted() -> None:
    text, unknown = strip_marks("The *Netanyahu and **b said #tener @foo, 5 * 3 = *15")
    assert text == "The Netanyahu and b said tener foo, 5 * 3 = 15"
    assert unknown == 3
    assert strip_marks("Por Imogen Feltham *· 14 de julio") == ("Por Imogen Feltham · 14 de julio", 1)
    assert parse_mode("eng-spa") == ("en", "es")
    assert parse_mode("fr-es") == ("fr", "es")
    assert parse_mode("spa-eng_US") is None and parse_mode("eco-es-fr") is None
    assert debian_package("en", "de") == "apertium-eng-deu"
    assert debian_package("fr", "es") == "apertium-fr-es"


def test_sentences_split_per_language_and_fallback() -> None:
    text = "Mr. Smith went to Washington. He arrived on Sunday! “Did he?” Yes."
    assert split_sentences(text, "en") == ["Mr. Smith went to Washington.", "He arrived on Sunday!",
                                           "“Did he?”", "Yes."]
    assert split_regex("He said “yes.” Then he left. 2018 was odd.") == [
        "He said “yes.”", "Then he left.", "2018 was odd."]
    assert split_sentences("", "en") == []


def test_unknown_target_language_is_bad_input(run: Invoke, workspace: Path) -> None:
    add_article(workspace, "a", [("body", "Hello there.", "en")])
    result = run("translate", "--to", "fr,xx-nope")
    assert result.exit_code == 2
    assert "unknown target language code 'xx-nope'" in result.output
    assert not (workspace / "catalogs" / "fr").exists()


def test_no_target_language_is_bad_input(run: Invoke, workspace: Path) -> None:
    add_article(workspace, "a", [("body", "Hello there.", "en")])
    result = run("translate")
    assert result.exit_code == 2 and "--to" in result.output


def test_engine_none_creates_catalogs_and_uses_segments_as_written(run: Invoke, workspace: Path) -> None:
    add_article(workspace, "a", [("headline", "Bonjour à tous", "fr"), ("body", "Hello there.", "en")])
    result = run("translate", "--to", "fr", "--engine", "none")
    assert result.exit_code == 0, result.output
    po = (workspace / "catalogs" / "fr" / "LC_MESSAGES" / "a.po").read_text(encoding="utf-8")
    assert 'msgstr "Bonjour à tous"' in po and "presslate-source" in po
    assert "left untranslated (--engine none): 1" in result.output
    again = run("translate", "--to", "fr", "--engine", "none")
    assert "kept: 1 already in the target language, used as written" in again.output
    assert "reviewed by a person" not in again.output


def test_translate_help_does_not_import_the_mt_stack() -> None:
    code = ("import sys; from click.testing import CliRunner; from presslate.cli.main import cli; "
            "r = CliRunner().invoke(cli, ['translate', '--help']); assert r.exit_code == 0, r.output; "
            "r = CliRunner().invoke(cli, ['models', '--help']); assert r.exit_code == 0, r.output; "
            "bad = [m for m in ('ctranslate2', 'argostranslate', 'torch', 'sentencepiece', 'stanza') "
            "if m in sys.modules]; print(bad); assert not bad")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.returncode == 0, out.stdout + out.stderr


def test_download_with_an_unknown_language_code_is_bad_input(run: Invoke) -> None:
    result = run("models", "download", "en", "qq-zz")
    assert result.exit_code == 2
    assert "unknown language code 'qq-zz'" in result.output


def test_a_glossary_cell_over_the_csv_limit_is_bad_input(run: Invoke, workspace: Path) -> None:
    add_article(workspace, "a", [("body", "Hello there.", "en")])
    (workspace / "presslate.toml").write_text('glossary = "terms.csv"\n', encoding="utf-8")
    (workspace / "terms.csv").write_text("Putin,en,fr,Poutine\nx,en,fr," + "y" * 200_000 + "\n",
                                         encoding="utf-8")
    before = {p: p.read_bytes() for p in workspace.rglob("*") if p.is_file()}
    for command in (["translate", "--to", "fr"], ["check"]):
        result = run(*command)
        assert result.exit_code == 2, result.output
        assert result.output.startswith(f"presslate: error: {workspace / 'terms.csv'}:2: glossary: "
                                        "a cell is longer than 131072 characters")
        assert {p: p.read_bytes() for p in workspace.rglob("*") if p.is_file()} == before


def test_missing_glossary_file_is_bad_input(run: Invoke, workspace: Path) -> None:
    add_article(workspace, "a", [("body", "Hello there.", "en")])
    (workspace / "presslate.toml").write_text('glossary = "terms.csv"\n', encoding="utf-8")
    result = run("translate", "--to", "fr")
    assert result.exit_code == 2
    assert "terms.csv" in result.output and "glossary file does not exist" in result.output
    assert not (workspace / "catalogs" / "fr").exists()


@pytest.mark.parametrize(
    ("token", "source", "target", "expected"),
    [
        ("4,000", "en", "fr", "4\u202f000"),
        ("2.4", "en", "fr", "2,4"),
        ("16,000", "en", "es", "16.000"),
        ("38,4", "fr", "en", "38.4"),
        ("62\u202f000", "fr", "en", "62,000"),
        ("3.5", "en", "de", "3,5"),
        ("2016", "en", "fr", "2016"),
        ("17.09.2018", "de", "en", "17.09.2018"),
        ("4,000", "en", "en", "4,000"),
    ],
    ids=["en-fr-thousands", "en-fr-decimal", "en-es-thousands", "fr-en-decimal", "fr-en-nnbsp",
         "en-de-decimal", "year-untouched", "date-untouched", "same-language"],
)
def test_numbers_come_back_written_the_target_way(token: str, source: str, target: str,
                                                  expected: str) -> None:
    assert localize_number(token, source, target) == expected
    masked = mask(f"About {token} people.", (), source=source, target=target)
    assert masked.values == (expected,)


@pytest.mark.parametrize(
    ("text", "target", "values"),
    [
        ("It started at 2am and ended at 6.30pm.", "fr", ("02:00", "18:30")),
        ("at 6 p.m. on Monday", "es", ("18:00",)),
        ("until 11 PM.", "de", ("23:00",)),
        ("at 2am", "en", ("2am",)),
    ],
    ids=["fr-am-pm", "es-dotted-mid-sentence", "de-upper-end-of-sentence", "en-kept"],
)
def test_clock_times_come_back_as_the_target_writes_them(text: str, target: str,
                                                         values: tuple[str, ...]) -> None:
    masked = mask(text, (), source="en", target=target)
    assert masked.values == values
    restored = unmask(masked.text, masked)[0]
    assert values[-1] in restored
    assert restored.endswith(".") == text.endswith(".")
    assert localize_clock_time("13pm", "fr") == "13pm"
