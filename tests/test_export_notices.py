"""A page showing text in another language than its own says so, on the page and on stderr.

Every format carries the notice (HTML visible aside, Markdown quote, JSON
``notices`` with counts, text), in the page's language where the notice is
translated and in English otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from presslate.cli.main import cli

from .export_fixtures import BODY2, CAPTION, HEADLINE, SEGMENTS, SLUG, write_workspace
from .test_export import parse_html


def run_export(workspace: Path, locale: str, fmt: str, *args: str) -> tuple[Result, str]:
    out = workspace / "site"
    result = CliRunner().invoke(cli, ["-C", str(workspace), "export", SLUG, "--lang", locale,
                                      "--format", fmt, "--out", str(out), *args],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    ext = {"html": "html", "md": "md", "json": "json", "txt": "txt"}[fmt]
    return result, (out / locale / f"{SLUG}.{ext}").read_text(encoding="utf-8")


def notes_in_html(text: str) -> list[Any]:
    return [el for el in parse_html(text).iter("aside") if el.get("role") == "note"]


def markdown_quotes(text: str) -> list[str]:
    """The text of each top-level blockquote of the Markdown rendered by markdown-it (CommonMark)."""
    from markdown_it import MarkdownIt

    body = text.split("\n---\n", 1)[1]
    root = parse_html("<!DOCTYPE html><title>t</title>" + MarkdownIt("commonmark").render(body))
    return ["".join(q.itertext()).strip() for q in root.iter("blockquote")]


ES_ALL = "5 de 5 partes de este artículo se muestran en inglés y francés porque aún no están traducidas."
STDERR_ALL = f"{SLUG} [es]: 5 of 5 segments not translated, shown in English and French"


@pytest.mark.parametrize("fmt", ["html", "md", "json", "txt"])
def test_nothing_translated_says_so_in_every_format(workspace: Path, fmt: str) -> None:
    write_workspace(workspace, translations={"es": {}})
    result, text = run_export(workspace, "es", fmt)
    assert STDERR_ALL in result.stderr
    assert "wrote" in result.stdout and STDERR_ALL not in result.stdout
    if fmt == "html":
        [note] = notes_in_html(text)
        assert (note.get("lang"), note.get("dir"), note.text) == ("es", "ltr", ES_ALL)
        assert (note.get("data-count"), note.get("data-total")) == ("5", "5")
        assert "untranslated" in note.get("class").split()
    elif fmt == "md":
        assert markdown_quotes(text) == [ES_ALL]
    elif fmt == "json":
        record = json.loads(text)
        assert record["notices"] == [{"kind": "untranslated", "text": ES_ALL, "lang": "es",
                                      "count": 5, "total": 5, "languages": ["en", "fr"]}]
        assert record["notice"] == ES_ALL
    else:
        assert text.startswith(f"* {ES_ALL}\n\n")


@pytest.mark.parametrize(("locale", "lang", "direction", "expected"), [
    ("fr", "fr", "ltr", "1 partie sur 5 de cet article est affichée en anglais, faute de traduction."),
    ("de", "de", "ltr", "1 von 5 Teilen dieses Artikels ist noch nicht übersetzt und wird auf Englisch "
                        "angezeigt."),
    ("es", "es", "ltr", "1 de 5 partes de este artículo se muestra en inglés porque aún no está traducida."),
    ("he", "he", "rtl", "1 מתוך 5 חלקי הכתבה טרם תורגם ומוצג באנגלית."),
    ("ar", "ar", "rtl", "لم تُترجم بعد 1 من أصل 5 من أجزاء هذا المقال، وهي معروضة بالإنجليزية."),
    ("pt_BR", "en", "ltr", "1 of 5 parts of this article is shown in English: not yet translated."),
], ids=["fr", "de", "es", "he", "ar", "pt_BR-in-English"])
def test_notice_in_the_page_language_with_counts(workspace: Path, locale: str, lang: str, direction: str,
                                                 expected: str) -> None:
    # Everything translated but the second body paragraph (English); the French caption is
    # used as written in the French edition (a segment in another language cannot be).
    entries = {text: ("reviewed", f"({locale}) {text}") for _, text, _, _ in SEGMENTS if text != BODY2}
    if locale == "fr":
        entries[CAPTION] = ("source", "")
    write_workspace(workspace, translations={locale: entries})
    result, text = run_export(workspace, locale, "html")
    [note] = notes_in_html(text)
    assert (note.get("lang"), note.get("dir"), note.text) == (lang, direction, expected)
    assert f"{SLUG} [{locale}]: 1 of 5 segments not translated, shown in English" in result.stderr
    record = json.loads(run_export(workspace, locale, "json")[1])
    assert [(n["kind"], n["count"], n["total"], n["languages"]) for n in record["notices"]] == [
        ("untranslated", 1, 5, ["en"])]


def test_text_in_the_page_language_is_no_fallback(workspace: Path) -> None:
    """An English catalog of an English article: untranslated English text is used as written;
    only the French caption is shown in another language than the page's."""
    write_workspace(workspace, translations={"en": {}})
    result, text = run_export(workspace, "en", "json")
    record = json.loads(text)
    assert [s["status"] for s in record["segments"]] == [
        "as-written", "as-written", "source-fallback", "as-written", "as-written"]
    [notice] = record["notices"]
    assert notice["text"] == "1 of 5 parts of this article is shown in French: not yet translated."
    assert result.stderr == f"{SLUG} [en]: 1 of 5 segments not translated, shown in French\n"


def test_fully_translated_page_has_no_notice(workspace: Path) -> None:
    entries = {text: ("reviewed", f"(fr) {text}") for _, text, _, _ in SEGMENTS}
    entries[CAPTION] = ("source", "")  # the French caption, used as written
    write_workspace(workspace, translations={"fr": entries})
    for fmt in ("html", "md", "json", "txt"):
        result, text = run_export(workspace, "fr", fmt)
        assert result.stderr == ""
        assert "faute de traduction" not in text and 'role="note"' not in text


def test_machine_and_omit_are_reported_on_stderr(workspace: Path) -> None:
    write_workspace(workspace)
    result, text = run_export(workspace, "he", "html", "--fallback", "machine")
    assert result.stderr.splitlines() == [
        f"{SLUG} [he]: 1 of 5 segments machine-translated, not yet reviewed",
        f"{SLUG} [he]: 1 of 5 segments not translated, shown in English"]
    assert [n.get("class") for n in notes_in_html(text)] == ["notice machine", "notice untranslated"]
    result, text = run_export(workspace, "he", "html", "--fallback", "omit")
    assert result.stderr == f"{SLUG} [he]: 2 of 5 segments left out, not translated\n"
    assert notes_in_html(text) == []  # nothing on the page is in another language


def test_own_edition_without_a_catalog_has_no_notice(workspace: Path) -> None:
    write_workspace(workspace, translations={})
    result, text = run_export(workspace, "en", "html")
    assert result.stderr == "" and notes_in_html(text) == []
    assert HEADLINE in text
