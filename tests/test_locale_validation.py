"""Locale codes are validated wherever they enter (options, configuration, XLIFF files,
article records), and no locale, however odd, makes presslate write outside its catalogs."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from presslate.cli.main import cli
from presslate.i18n import files, journal
from presslate.i18n.errors import LanguageError, WorkspaceError
from presslate.i18n.locales import parse_locale
from presslate.i18n.workspace import Workspace
from tests.support.articles import add_article

ESCAPE = "fr@../../../../escaped"
LOCK = ".presslate.lock"
FR_PO = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n\n'
         'msgctxt "body"\nmsgid "Ships queued outside the harbour."\nmsgstr ""\n')


def presslate(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def story(root: Path) -> Path:
    """A workspace (deep inside ``root``) with one English article and its French catalog."""
    ws = root / "a" / "b" / "c" / "d" / "ws"
    ws.mkdir(parents=True)
    add_article(ws, "story", [("body", "Ships queued outside the harbour.", "en")])
    po = ws / "catalogs" / "fr" / "LC_MESSAGES" / "story.po"
    po.parent.mkdir(parents=True)
    po.write_text(FR_PO, encoding="utf-8")
    return ws


def snapshot(root: Path) -> dict[Path, bytes]:
    """Every file under ``root`` but the workspace's (empty) lock file."""
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and p.name != LOCK}


@pytest.mark.parametrize(("code", "canonical"), [
    ("fr", "fr"), ("FR", "fr"), ("pt-br", "pt_BR"), ("pt_BR", "pt_BR"), ("fr_CA", "fr_CA"),
    ("sr_Latn", "sr_Latn"), ("zh-Hant-TW", "zh_Hant_TW"), ("es-419", "es_419"),
    ("ca@valencia", "ca@valencia"), ("ca_ES@valencia", "ca_ES@valencia"), ("fr_Latn", "fr"),
    (" fr ", "fr"), ("iw", "he_IL"),
])
def test_locales_are_written_in_canonical_form(code: str, canonical: str) -> None:
    assert parse_locale(code) == canonical


@pytest.mark.parametrize("code", [
    ESCAPE, "fr/../../x", "../fr", "fr\\x", "fr.UTF-8", "fr_FR.utf8", "fr FR", "fr@a b",
    "fr\n", "\tfr", "fr\x00", "fr@", "fr_", "fr__CA", "@valencia", ".", "..", "",
    "fr_ZZ", "fr_Hant", "fr_CA_1234", "und", "root", "xx", "français",
])
def test_anything_else_is_refused(code: str) -> None:
    with pytest.raises(LanguageError):
        parse_locale(code)


def test_the_reported_escape_writes_nothing(tmp_path: Path) -> None:
    ws = story(tmp_path)
    before = snapshot(tmp_path)
    result = presslate("-C", str(ws), "translate", "--to", ESCAPE, "--engine", "none")
    assert result.exit_code == 2
    assert "Invalid value for '--to'" in result.output and repr(ESCAPE) in result.output
    assert snapshot(tmp_path) == before
    assert not list(tmp_path.rglob("escaped"))


OPTIONS = {
    "pull": ["pull", "{article}", "--lang", "{code}"],
    "segment": ["segment", "story", "body-1", "--lang", "{code}"],
    "status": ["status", "--lang", "{code}"],
    "compile": ["compile", "--lang", "{code}"],
    "check": ["check", "--lang", "fr", "--lang", "{code}"],
    "export": ["export", "story", "--lang", "{code}"],
    "review": ["review", "story", "--lang", "{code}"],
    "xliff-export": ["xliff", "export", "story", "--lang", "{code}"],
    "xliff-import": ["xliff", "import", "story", "{article}", "--lang", "{code}"],
    "translate": ["translate", "--to", "fr,{code}"],
}


@pytest.mark.parametrize("args", list(OPTIONS.values()), ids=list(OPTIONS))
@pytest.mark.parametrize("code", [ESCAPE, "fr/../x", "en_ZZ"])
def test_every_language_option_refuses_a_bad_code(tmp_path: Path, args: list[str], code: str) -> None:
    ws = story(tmp_path)
    article = tmp_path / "article.md"
    article.write_text("# Ships queue\n\nShips queued outside the harbour.\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = presslate("-C", str(ws), *[a.format(code=code, article=article) for a in args])
    assert result.exit_code == 2, result.output
    option = "--to" if "--to" in args else "--lang"
    assert f"Invalid value for '{option}'" in result.output and repr(code) in result.output
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(("key", "toml"), [
    ("target_languages", 'target_languages = ["fr", "{code}"]'),
    ("source_language", 'source_language = "{code}"'),
    ("detect.languages", '[detect]\nlanguages = ["{code}"]'),
    ("translate.pivots", '[translate]\npivots = ["{code}"]'),
])
def test_the_configuration_refuses_a_bad_code_naming_key_and_file(tmp_path: Path, key: str,
                                                                   toml: str) -> None:
    ws = story(tmp_path)
    (ws / "presslate.toml").write_text(toml.format(code=ESCAPE) + "\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = presslate("-C", str(ws), "translate", "--engine", "none", "--to", "fr")
    assert result.exit_code == 2
    assert "presslate.toml: bad value for " + key in result.output
    assert repr(ESCAPE) in result.output
    assert snapshot(tmp_path) == before


def test_pyproject_configuration_names_its_table(tmp_path: Path) -> None:
    ws = story(tmp_path)
    (ws / "pyproject.toml").write_text(f'[tool.presslate]\ntarget_languages = ["{ESCAPE}"]\n',
                                       encoding="utf-8")
    result = presslate("-C", str(ws), "translate", "--engine", "none")
    assert result.exit_code == 2
    assert "pyproject.toml: bad value for tool.presslate.target_languages" in result.output


@pytest.mark.parametrize(("where", "change"), [
    ("lang", lambda r: r.update(lang=ESCAPE)),
    ("segments[0].lang", lambda r: r["segments"][0].update(lang=ESCAPE)),
    ("overrides.x.lang", lambda r: r.update(overrides={"x": {"lang": ESCAPE}})),
])
def test_an_article_record_with_a_bad_language_is_refused(tmp_path: Path, where: str,
                                                          change: object) -> None:
    ws = story(tmp_path)
    record_path = ws / "catalogs" / "story.article.json"
    record = json.loads(record_path.read_text(encoding="utf-8"))
    change(record)  # type: ignore[operator]
    record_path.write_text(json.dumps(record), encoding="utf-8")
    before = snapshot(tmp_path)
    for args in (["translate", "--to", "es", "--engine", "none"], ["export", "story", "--lang", "fr"],
                 ["show", "story"]):
        result = presslate("-C", str(ws), *args)
        assert result.exit_code == 2, result.output
        assert "story.article.json" in result.output and where in result.output
    assert snapshot(tmp_path) == before


def xliff(target_language: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
            f'<file original="story" datatype="plaintext" source-language="en" '
            f'target-language="{target_language}"><body/></file></xliff>\n')


@pytest.mark.parametrize(("target", "message"), [
    ("../../x", "the file's target language is '../../x', not 'fr' (--lang)"),
    ("de", "the file's target language is 'de', not 'fr' (--lang)"),
])
def test_xliff_import_checks_the_file_languages(tmp_path: Path, target: str, message: str) -> None:
    ws = story(tmp_path)
    (tmp_path / "story.xlf").write_text(xliff(target), encoding="utf-8")
    before = snapshot(tmp_path)
    result = presslate("-C", str(ws), "xliff", "import", "story", str(tmp_path / "story.xlf"),
                       "--lang", "fr")
    assert result.exit_code == 2
    assert message in result.output and "story.xlf" in result.output
    assert snapshot(tmp_path) == before


def test_xliff_import_takes_a_regional_tag_of_the_same_language(tmp_path: Path) -> None:
    ws = story(tmp_path)
    (tmp_path / "story.xlf").write_text(xliff("fr-FR"), encoding="utf-8")
    result = presslate("-C", str(ws), "xliff", "import", "story", str(tmp_path / "story.xlf"),
                       "--lang", "fr")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("locale", ["..", ".", "", "fr/../..", "../escaped", "a\\b"])
def test_catalog_paths_never_leave_the_catalogs_folder(tmp_path: Path, locale: str) -> None:
    ws = Workspace.open(story(tmp_path))
    with pytest.raises(WorkspaceError):
        ws.catalog_path("story", locale)


def test_a_symbolic_link_out_of_the_catalogs_is_refused(tmp_path: Path) -> None:
    root = story(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "catalogs" / "de").symlink_to(outside, target_is_directory=True)
    ws = Workspace.open(root)
    with pytest.raises(WorkspaceError, match="outside the catalogs folder"):
        ws.catalog_path("story", "de")
    result = presslate("-C", str(root), "translate", "--to", "de", "--engine", "none")
    assert result.exit_code == 2 and "outside the catalogs folder" in result.output
    assert list(outside.iterdir()) == []


# Arbitrary text given as a locale: refused with exit 2 and nothing written, or every file
# written lies inside the workspace's catalogs folder.
PIECES = ["fr", "pt", "ca", "sr", "_", "-", "@", "BR", "CA", "Latn", "valencia", "..", "../", "/",
          "\\", ".", " ", "\n", "\x00", "é", "ZZ", "x", "escaped"]
ODD_LOCALES = st.one_of(
    st.text(max_size=24),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=7).map("".join),
    st.tuples(st.sampled_from(["fr", "pt_BR", "sr_Latn", "ca"]), st.sampled_from(["@", "_", "/"]),
              st.lists(st.sampled_from(["../", "..", "x", "/", "escaped"]), max_size=5).map("".join)
              ).map("".join),
)
# The codes of the report, always tried: each resolves outside the catalogs folder unless refused.
ESCAPES = [ESCAPE, "fr@../../x", "fr_CA@../../../x", "fr/../../../x", "../../x"]


def with_escapes(test: Any) -> Any:
    for code in ESCAPES:
        test = example(code=code)(test)
    return test


def toml_string(text: str) -> str:
    return '"' + "".join(c if c.isprintable() and c not in '"\\' else f"\\U{ord(c):08X}"
                         for c in text) + '"'


@contextmanager
def sandbox() -> Iterator[tuple[Path, Path, list[Path]]]:
    """A fresh workspace deep inside a temporary folder, and the list of every path
    presslate stages a write for."""
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as patch:
        root = Path(tmp)
        ws = story(root)
        written: list[Path] = []
        stage = files.stage_file

        def recording_stage(path: Path, data: str | bytes, encoding: str = "utf-8", *,
                            temp: Path | None = None) -> Path:
            written.append(path)
            return stage(path, data, encoding, temp=temp)

        patch.setattr(files, "stage_file", recording_stage)
        patch.setattr(journal, "stage_file", recording_stage)
        yield root, ws, written


def assert_refused_or_contained(result: Result, root: Path, ws: Path, written: list[Path],
                                before: dict[Path, bytes]) -> None:
    catalogs = (ws / "catalogs").resolve()
    after = snapshot(root)
    changed = {p for p in after if before.get(p) != after[p]}
    if result.exit_code == 2:
        assert after == before, result.output
        assert not written
        return
    assert result.exit_code == 0, result.output
    journal_file = journal.journal_path(ws).resolve()  # the write's own journal, at the root
    kept = (ws / ".presslate-cache").resolve()  # results kept to save time (fixed file names)
    for path in [*written, *changed]:
        assert path.resolve().is_relative_to(catalogs) or path.resolve() == journal_file \
            or path.resolve().parent == kept, path
    assert not set(before) - set(after)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(code=ODD_LOCALES)
@with_escapes
def test_any_text_given_to_to_is_refused_or_stays_in_the_catalogs(code: str) -> None:
    with sandbox() as (root, ws, written):
        before = snapshot(root)
        result = presslate("-C", str(ws), "translate", "--to", code, "--engine", "none")
        assert_refused_or_contained(result, root, ws, written, before)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(code=ODD_LOCALES)
@with_escapes
def test_any_text_in_target_languages_is_refused_or_stays_in_the_catalogs(code: str) -> None:
    with sandbox() as (root, ws, written):
        (ws / "presslate.toml").write_text(f"target_languages = [{toml_string(code)}]\n",
                                           encoding="utf-8")
        before = snapshot(root)
        result = presslate("-C", str(ws), "translate", "--engine", "none")
        assert_refused_or_contained(result, root, ws, written, before)
