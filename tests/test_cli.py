"""The command line: help, start-up imports, exit codes and output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from presslate import __version__
from presslate.cli.main import COMMANDS, cli

from .conftest import EXAMPLES, REPO, Invoke

HEAVY = ("ctranslate2", "torch", "stanza", "spacy", "argostranslate", "ray", "pyarrow", "pandas")


def test_help_does_not_import_the_translation_stack() -> None:
    code = (
        "import sys\n"
        "from presslate.cli.main import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code in (0, None), exc.code\n"
        f"heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
                            check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Commands:" in result.stdout
    assert result.stdout.strip().endswith("HEAVY []")


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name, (_module, _function, summary) in COMMANDS.items():
        assert name in result.output
        assert summary in result.output
    assert "-C, --workspace" in result.output


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"presslate {name}" in result.output or "presslate -C" in result.output
    command = cli.get_command(None, name)  # type: ignore[arg-type]
    assert command is not None and command.help and "Example" in command.help


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"presslate, version {__version__}\n"


def test_unknown_command_and_option_are_usage_errors(run: Invoke) -> None:
    result = run("pul")
    assert result.exit_code == 2
    assert "No such command 'pul'" in result.output
    assert run("pull").exit_code == 2  # SOURCE is required
    assert run("pull", "x.txt", "--format", "pdf").exit_code == 2
    assert run("pull", "x.txt", "--timeout", "0").exit_code == 2


def test_pull_output_and_files(run: Invoke, workspace: Path) -> None:
    result = run("pull", str(EXAMPLES / "markdown-festival.md"))
    assert result.exit_code == 0
    slug = "le-festival-des-lanternes-de-brevannes-attire-62000"
    assert result.output == (f"pulled {slug}: 12 segments (en, fr), 0 excluded -> "
                             f"catalogs/{slug}.pot\n")
    assert sorted(p.name for p in (workspace / "catalogs").iterdir()) == [
        f"{slug}.article.json", f"{slug}.pot"]
    again = run("pull", str(EXAMPLES / "markdown-festival.md"))
    assert again.output == (f"updated {slug}: 12 segments (en, fr), 0 excluded -> "
                            f"catalogs/{slug}.pot (unchanged)\n")


def test_pull_several_sources_at_once(run: Invoke, workspace: Path) -> None:
    sources = sorted(str(p) for p in EXAMPLES.iterdir() if p.is_file())  # formats/: newsroom formats
    result = run("pull", *sources)
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) == 4
    assert len(list((workspace / "catalogs").glob("*.pot"))) == 4


def test_pull_format_option_overrides_the_suffix(run: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "story.txt"
    source.write_text((EXAMPLES / "markdown-festival.md").read_text(encoding="utf-8"),
                      encoding="utf-8")
    assert run("pull", str(source), "--format", "md", "--slug", "s").exit_code == 0
    data = json.loads(run("show", "s", "--json").output)
    assert data["format"] == "md"
    assert data["segments"][1]["kind"] == "standfirst"


def test_show_json_has_the_documented_fields(run: Invoke) -> None:
    run("pull", str(EXAMPLES / "html-wildfire.html"), "--slug", "w")
    result = run("show", "w", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    for key in ("slug", "title", "site", "url", "author", "published", "lang", "source", "format",
                "segments"):
        assert key in data
    for seg in data["segments"]:
        assert {"id", "kind", "text", "lang", "included"} <= set(seg)
        assert ("reason" in seg) == (not seg["included"])


def test_show_unknown_slug(run: Invoke) -> None:
    run("pull", str(EXAMPLES / "scrape-harbour-strike.txt"), "--slug", "harbour")
    result = run("show", "harbor")
    assert result.exit_code == 2
    assert "no article 'harbor' in this workspace" in result.output
    assert "known articles: harbour" in result.output


def test_segment_include_exclude_and_errors(run: Invoke, workspace: Path) -> None:
    run("pull", str(EXAMPLES / "scrape-harbour-strike.txt"), "--slug", "harbour")
    data = json.loads(run("show", "harbour", "--json").output)
    caption = next(s for s in data["segments"] if s["kind"] == "caption")
    result = run("segment", "harbour", caption["id"], "--exclude")
    assert result.exit_code == 0
    assert result.output == f"{caption['id']}: caption, fr, excluded (excluded by an editor)\n"
    pot = (workspace / "catalogs" / "harbour.pot").read_text(encoding="utf-8")
    assert caption["text"] not in pot

    bad = run("segment", "harbour", "caption-00000000", "--include")
    assert bad.exit_code == 2
    assert "article 'harbour' has no segment 'caption-00000000'" in bad.output
    nothing = run("segment", "harbour", caption["id"])
    assert nothing.exit_code == 2
    assert "nothing to change" in nothing.output


def test_slug_for_several_sources_is_refused(run: Invoke, workspace: Path) -> None:
    result = run("pull", str(EXAMPLES / "markdown-festival.md"),
                 str(EXAMPLES / "html-wildfire.html"), "--slug", "x")
    assert result.exit_code == 2
    assert "--slug names one article" in result.output
    assert list(workspace.iterdir()) == []


def test_console_script_entry_point() -> None:
    result = subprocess.run([sys.executable, "-m", "presslate.cli.main", "--version"],
                            capture_output=True, text=True, cwd=REPO, check=False, timeout=60,
                            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0
    assert result.stdout.strip() == f"presslate, version {__version__}"


@pytest.mark.parametrize(("headline", "slug"), [
    ("Wildfire forces 4,000 from homes near Carrow Ridge",
     "wildfire-forces-4000-from-homes-near-carrow-ridge"),
    ("Municipales à Saint-Aubin : 38,4 % pour la liste écologiste",
     "municipales-a-saint-aubin-38-4-pour-la-liste-ecologiste"),
    ("Путин и Нетаньяху", "article-"),
    ("Iran says it will retaliate after downing of drone over the Gulf of Oman",
     "iran-says-it-will-retaliate-after-downing-of-drone"),
    ("Le gouvernement annonce une réforme des retraites et de la fiscalité des entreprises",
     "le-gouvernement-annonce-une-reforme-des-retraites"),
    ("Supercalifragilisticexpialidocious" * 3, ("supercalifragilisticexpialidocious" * 3)[:60]),
    ("東京で4人が負傷、2026年の大会は延期", "4-2026-"),
    ("Москва 2024: итоги года", "2024-"),
    ("Nagoya 名古屋 festival 2026", "nagoya-festival-2026"),
], ids=["thousands", "accents-decimal", "no-latin-letters", "ends-on-of", "ends-on-et-de-la",
        "one-long-word", "digits-in-cjk", "digits-in-cyrillic", "mostly-latin"])
def test_slug_from_the_headline(headline: str, slug: str) -> None:
    from presslate.i18n.article import SLUG_FUNCTION_WORDS, SLUG_MAX_LENGTH, make_slug, validate_slug

    made = make_slug(headline)
    assert made.startswith(slug) if slug.endswith("-") else made == slug
    if slug.endswith("-"):  # the rest is a digest of the headline: two headlines, two slugs
        assert make_slug(headline + "!") != made
    assert validate_slug(made) == made
    assert len(made) <= SLUG_MAX_LENGTH
    assert made.rpartition("-")[2] not in SLUG_FUNCTION_WORDS


def test_an_article_pulled_under_an_older_slug_keeps_it(run: Invoke, workspace: Path) -> None:
    source = workspace.parent / "story.md"
    source.write_text("# Iran says it will retaliate after downing of drone over the Gulf\n\n"
                      "Officials said the drone was shot down on Thursday morning.\n",
                      encoding="utf-8")
    assert run("pull", str(source), "--slug", "iran-says-it-will-retaliate-after-downing-of").exit_code == 0
    result = run("pull", str(source))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (workspace / "catalogs").glob("*.article.json")) == [
        "iran-says-it-will-retaliate-after-downing-of.article.json"]
    (workspace / "catalogs" / "iran-says-it-will-retaliate-after-downing-of.article.json").unlink()
    (workspace / "catalogs" / "iran-says-it-will-retaliate-after-downing-of.pot").unlink()
    assert run("pull", str(source)).exit_code == 0
    assert sorted(p.name for p in (workspace / "catalogs").glob("*.article.json")) == [
        "iran-says-it-will-retaliate-after-downing-of-drone.article.json"]


@pytest.mark.parametrize(("text", "name", "ctype", "fmt"), [
    ("<article><p>x</p></article>", "story", "", "html"),
    ("<!DOCTYPE html><html></html>", "page.txt", "", "text"),
    ('{"headline": "x"}', "export", "", "json"),
    ("# Title\n\nBody", "notes", "", "md"),
    ("Title\n\nBody", "page", "text/html; charset=utf-8", "html"),
    ("{}", "feed", "application/json", "json"),
    ("Title\n\nBody", "story", "", "text"),
], ids=["html-fragment", "suffix-wins", "json-content", "md-content", "content-type-html",
        "content-type-json", "plain"])
def test_format_sniffing(text: str, name: str, ctype: str, fmt: str) -> None:
    from presslate.i18n.readers import sniff_format

    assert sniff_format(text, name, ctype) == fmt


@settings(max_examples=300, deadline=None)
@example("0µ0")  # the micro sign decomposes to a Greek letter: still dropped, as before
@given(st.text(st.characters(codec="latin-1") | st.sampled_from("’“”–—…ŒœŠšŽžŁłŐőĞğİışș")))
def test_latin_headlines_keep_the_slugs_they_had(headline: str) -> None:
    """Only letters and digits of other scripts separate words now: a headline in Latin
    script gets the same words (so the same slug) as before."""
    from presslate.i18n.article import _slug_words

    assert _slug_words(headline) == _slug_words(headline, legacy=True)
