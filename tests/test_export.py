"""presslate export: golden outputs in en/fr/he/ar, validity, escaping, dates, fallbacks, bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from presslate.i18n.article import Metadata
from presslate.i18n.errors import ExportRefusedError, WorkspaceError
from presslate.i18n.export import ExportOptions, export_article
from presslate.i18n.export.localize import localize_article
from presslate.i18n.workspace import Workspace

from .conftest import Invoke
from .export_fixtures import (
    BODY1,
    BODY2,
    CAPTION,
    HEADLINE,
    SEGMENTS,
    SLUG,
    TRANSLATIONS,
    build_article,
    write_catalog,
    write_workspace,
)

GOLDEN = Path(__file__).parent / "golden" / "export"


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/export/NAME; PRESSLATE_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("PRESSLATE_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file"


def parse_html(text: str) -> Any:
    """Parse with html5lib in strict mode: any parse error raises."""
    import html5lib

    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(text)


def export(run: Invoke, workspace: Path, locale: str, *args: str, fmt: str = "html") -> str:
    out = workspace / "site"
    result = run("export", SLUG, "--lang", locale, "--format", fmt, "--out", str(out), *args)
    assert result.exit_code == 0, result.output
    ext = {"html": "html", "md": "md", "json": "json", "txt": "txt"}[fmt]
    return (out / locale / f"{SLUG}.{ext}").read_text(encoding="utf-8")


CASES = [
    ("en", "html", ()), ("fr", "html", ()), ("fr", "md", ()), ("fr", "json", ()), ("fr", "txt", ()),
    ("fr", "html", ("--fallback", "machine")), ("he", "html", ()), ("he", "json", ()),
    ("he", "html", ("--fallback", "machine")), ("he", "txt", ()), ("ar", "html", ()), ("ar", "md", ()),
]


@pytest.mark.parametrize(("locale", "fmt", "extra"), CASES,
                         ids=[f"{loc}-{fmt}{'-' + x[1] if x else ''}" for loc, fmt, x in CASES])
def test_golden_exports(run: Invoke, workspace: Path, locale: str, fmt: str,
                        extra: tuple[str, ...]) -> None:
    write_workspace(workspace)
    text = export(run, workspace, locale, *extra, fmt=fmt)
    suffix = f"-{extra[1]}" if extra else ""
    check_golden(f"{SLUG}.{locale}{suffix}.{fmt}", text)
    if fmt == "html":
        parse_html(text)
    if fmt == "json":
        json.loads(text)


@pytest.mark.parametrize(("locale", "direction"),
                         [("en", "ltr"), ("fr", "ltr"), ("he", "rtl"), ("ar", "rtl")],
                         ids=["en", "fr", "he", "ar"])
def test_html_lang_dir_and_alternates(run: Invoke, workspace: Path, locale: str, direction: str) -> None:
    write_workspace(workspace)
    root = parse_html(export(run, workspace, locale))
    assert (root.get("lang"), root.get("dir")) == (locale, direction)
    links = {ln.get("hreflang"): ln.get("href") for ln in root.iter("link") if ln.get("rel") == "alternate"}
    assert links == {code: f"../{code}/{SLUG}.html" for code in ("ar", "en", "fr", "he")}
    og = {m.get("property"): m.get("content") for m in root.iter("meta") if m.get("property")}
    assert og["og:locale"] == {"en": "en_US", "fr": "fr_FR", "he": "he_IL", "ar": "ar_EG"}[locale]
    assert [h.text for h in root.iter("h1")] == [
        HEADLINE if locale == "en" else TRANSLATIONS[locale][HEADLINE][1]
    ]
    figures = list(root.iter("figure"))
    assert len(figures) == 1
    assert figures[0].find("img").get("src") == "images/harbour.jpg"
    assert figures[0].find("figcaption") is not None


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", "March 5, 2024"), ("fr", "5 mars 2024"), ("he", "5 במרץ 2024"), ("ar", "5 مارس 2024"),
    ("de", "5. März 2024"), ("pt_BR", "5 de março de 2024"),
], ids=["en", "fr", "he", "ar", "de", "pt_BR"])
def test_publication_date_in_the_locale(workspace: Path, locale: str, expected: str) -> None:
    ws = write_workspace(workspace, translations={locale: {}} if locale not in TRANSLATIONS else None)
    doc = localize_article(ws, SLUG, locale)
    assert doc.published_display == expected
    assert doc.published_iso == "2024-03-05"


def test_unreadable_date_is_shown_as_found(workspace: Path) -> None:
    meta = Metadata(slug=SLUG, title="t", lang="en", published="Tuesday morning")
    ws = write_workspace(workspace, build_article(meta=meta), translations={})
    doc = localize_article(ws, SLUG, "en")
    assert (doc.published_display, doc.published_iso) == ("Tuesday morning", "")


XSS = '<script>alert("x")</script>'


def test_untrusted_text_is_escaped_everywhere(run: Invoke, workspace: Path) -> None:
    meta = Metadata(slug=SLUG, title=f"T {XSS}", site='Site"><script>s()</script>',
                    url="javascript:alert(1)", author=f"A {XSS}", published="2024-03-05", lang="en")
    segments = [*SEGMENTS[:2], ("caption", CAPTION, "fr", {"src": "javascript:alert(1)"}), *SEGMENTS[3:]]
    ws = write_workspace(workspace, build_article(meta=meta, segments=segments), translations={})
    write_catalog(ws, SLUG, "fr", {
        HEADLINE: ("reviewed", f"Titre {XSS}"),
        CAPTION: ("reviewed", 'Légende "><img src=x onerror=alert(1)>'),
        BODY1: ("machine", f"Corps {XSS} & <u>gras</u>"),
        BODY2: ("reviewed", "![img](javascript:alert(1)) [lien](http://evil) # titre"),
    })
    html = export(run, workspace, "fr", "--fallback", "machine")
    root = parse_html(html)
    assert [el.tag for el in root.iter("script")] == []
    assert [el.tag for el in root.iter("img")] == []  # the javascript: image is dropped too
    assert "javascript:" not in html.replace("![img](javascript:alert(1))", "")
    texts = "".join(root.itertext())
    assert f"Titre {XSS}" in texts and f"Corps {XSS} & <u>gras</u>" in texts
    assert 'Légende "><img src=x onerror=alert(1)>' in texts
    assert root.find(".//title").text == f"Titre {XSS}"
    meta_content = {m.get("name") or m.get("property"): m.get("content") for m in root.iter("meta")}
    assert meta_content["author"] == f"A {XSS}"
    assert meta_content["og:site_name"] == 'Site"><script>s()</script>'

    md = export(run, workspace, "fr", "--fallback", "machine", fmt="md")
    front, md = md.split("\n---\n", 1)
    assert yaml.safe_load(front.removeprefix("---\n"))["title"] == f"Titre {XSS}"  # data, for YAML
    assert "<script" not in md and "<img" not in md and "<u>" not in md
    assert "&lt;script&gt;" in md
    assert "\\!\\[img\\]\\(javascript:alert\\(1\\)\\)" in md
    assert "\n# titre" not in md

    record = json.loads(export(run, workspace, "fr", "--fallback", "machine", fmt="json"))
    assert record["segments"][0]["text"] == f"Titre {XSS}"
    assert record["url"] == ""
    txt = export(run, workspace, "fr", "--fallback", "machine", fmt="txt")
    assert f"Titre {XSS}" in txt


def statuses(ws: Workspace, locale: str, policy: str) -> list[tuple[str, str, str]]:
    doc = localize_article(ws, SLUG, locale, fallback=policy)
    return [(s.kind, s.status, s.lang) for s in doc.segments]


@pytest.mark.parametrize(("policy", "expected", "notices"), [
    ("source", [("headline", "reviewed", "he"), ("standfirst", "reviewed", "he"),
                ("caption", "source-fallback", "fr"), ("body", "reviewed", "he"),
                ("body", "source-fallback", "en")], [("untranslated", 2)]),
    ("machine", [("headline", "reviewed", "he"), ("standfirst", "reviewed", "he"),
                 ("caption", "machine", "he"), ("body", "reviewed", "he"),
                 ("body", "source-fallback", "en")], [("machine", 1), ("untranslated", 1)]),
    ("omit", [("headline", "reviewed", "he"), ("standfirst", "reviewed", "he"),
              ("body", "reviewed", "he")], []),
], ids=["source", "machine", "omit"])
def test_fallback_policies(workspace: Path, policy: str, expected: list[tuple[str, str, str]],
                           notices: list[tuple[str, int]]) -> None:
    ws = write_workspace(workspace)
    assert statuses(ws, "he", policy) == expected
    doc = localize_article(ws, SLUG, "he", fallback=policy)
    assert [(n.kind, n.count) for n in doc.notices] == notices
    assert all((n.lang, n.dir, n.total) == ("he", "rtl", len(expected)) for n in doc.notices)
    assert len(doc.omitted) == (2 if policy == "omit" else 0)


def test_source_fallback_carries_its_own_lang_and_dir(run: Invoke, workspace: Path) -> None:
    write_workspace(workspace)
    root = parse_html(export(run, workspace, "he"))
    fallback = [el for el in root.iter() if "source-fallback" in (el.get("class") or "")]
    assert [(el.get("lang"), el.get("dir"), el.text) for el in fallback] == [
        ("fr", "ltr", CAPTION), ("en", "ltr", BODY2)]
    reviewed = [el for el in root.iter() if "reviewed" in (el.get("class") or "").split()]
    assert reviewed and all(el.get("lang") is None for el in reviewed)


def test_machine_notice_is_visible(run: Invoke, workspace: Path) -> None:
    write_workspace(workspace)
    root = parse_html(export(run, workspace, "fr", "--fallback", "machine"))
    notes = [el for el in root.iter("aside") if el.get("role") == "note"]
    assert len(notes) == 1 and "traduites automatiquement" in notes[0].text
    txt = export(run, workspace, "fr", "--fallback", "machine", fmt="txt")
    assert txt.startswith("* Certaines parties")
    record = json.loads(export(run, workspace, "fr", "--fallback", "machine", fmt="json"))
    assert [s["status"] for s in record["segments"]] == [
        "reviewed", "reviewed", "as-written", "reviewed", "machine"]
    assert record["segments"][4]["provenance"] == "argos en→fr translate-en_fr-1.9"
    plain = export(run, workspace, "fr", "--fallback", "source")
    assert "traduites automatiquement" not in plain and "notice machine" not in plain


def test_refuse_exits_1_and_writes_nothing(run: Invoke, workspace: Path) -> None:
    write_workspace(workspace)
    out = workspace / "site"
    result = run("export", SLUG, "--lang", "he", "--fallback", "refuse", "--out", str(out))
    assert result.exit_code == 1
    assert "2 of 5 segments have no reviewed translation" in result.output
    assert "caption-" in result.output and "--fallback" in result.output
    assert not out.exists()
    with pytest.raises(ExportRefusedError):
        localize_article(Workspace.open(workspace), SLUG, "ar", fallback="refuse")


def test_refuse_passes_when_everything_is_reviewed(run: Invoke, workspace: Path) -> None:
    reviewed = {text: ("reviewed", f"[fr] {text}") for _, text, _, _ in SEGMENTS}
    write_workspace(workspace, translations={"fr": reviewed})
    text = export(run, workspace, "fr", "--fallback", "refuse", fmt="json")
    assert {s["status"] for s in json.loads(text)["segments"]} == {"reviewed"}


def test_fallback_default_comes_from_config(run: Invoke, workspace: Path) -> None:
    (workspace / "presslate.toml").write_text('[publish]\nfallback = "omit"\nout_dir = "www"\n',
                                              encoding="utf-8")
    write_workspace(workspace)
    result = run("export", SLUG, "--lang", "he", "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads((workspace / "www" / "he" / f"{SLUG}.json").read_text(encoding="utf-8"))
    assert record["fallback"] == "omit" and len(record["omitted"]) == 2


def test_api_writes_atomically_and_deterministically(workspace: Path, tmp_path: Path) -> None:
    ws = write_workspace(workspace)
    first = export_article(ws, ExportOptions(slug=SLUG, locale="ar", out_dir=tmp_path / "a"))
    second = export_article(ws, ExportOptions(slug=SLUG, locale="ar", out_dir=tmp_path / "b"))
    assert first == tmp_path / "a" / "ar" / f"{SLUG}.html"
    assert first.read_bytes() == second.read_bytes()
    again = export_article(ws, ExportOptions(slug=SLUG, locale="ar", out_dir=tmp_path / "a"))
    assert again.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in (tmp_path / "a" / "ar").iterdir()) == [f"{SLUG}.html"]


def test_default_out_dir_is_publish_out_dir(workspace: Path) -> None:
    ws = write_workspace(workspace)
    path = export_article(ws, ExportOptions(slug=SLUG, locale="fr", fmt="md"))
    assert path == workspace / "public" / "fr" / f"{SLUG}.md"


def test_original_language_exports_without_a_catalog(run: Invoke, workspace: Path) -> None:
    write_workspace(workspace, translations={})
    record = json.loads(export(run, workspace, "en", fmt="json"))
    # The original edition is the article as written, its French caption included: no fallback.
    assert [s["status"] for s in record["segments"]] == ["as-written"] * 5
    assert record["segments"][2]["lang"] == "fr"
    assert record["notices"] == [] and record["notice"] is None


def test_user_template(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    write_workspace(workspace)
    template = tmp_path / "mine.html"
    template.write_text('{% extends "presslate/article.html" %}'
                        '{% block style %}<style>body { color: navy; }</style>{% endblock %}',
                        encoding="utf-8")
    html = export(run, workspace, "fr", "--template", str(template))
    parse_html(html)
    assert "color: navy" in html and "<h1 class=\"headline reviewed\"" in html

    plain = tmp_path / "plain.html"
    plain.write_text("<!DOCTYPE html><html lang=\"{{ doc.lang }}\"><head><title>{{ doc.title }}"
                     "</title></head><body>{% for s in doc.segments %}<p>{{ s.text }}</p>{% endfor %}"
                     "</body></html>\n", encoding="utf-8")
    html = export(run, workspace, "he", "--template", str(plain))
    assert html.startswith('<!DOCTYPE html><html lang="he"><head><title>שביתת הסוורים')


@pytest.mark.parametrize(("body", "message"), [
    ("{% for x in %}", "template error"),
    ("{{ doc.no_such_field }}", "template error"),
], ids=["syntax", "unknown-name"])
def test_bad_template_exits_2(run: Invoke, workspace: Path, tmp_path: Path, body: str, message: str) -> None:
    write_workspace(workspace)
    template = tmp_path / "bad.html"
    template.write_text(body, encoding="utf-8")
    result = run("export", SLUG, "--lang", "fr", "--template", str(template), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert message in result.output and "bad.html" in result.output
    assert not (tmp_path / "o").exists()


def test_template_with_another_format_is_refused(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    write_workspace(workspace)
    template = tmp_path / "t.html"
    template.write_text("x", encoding="utf-8")
    result = run("export", SLUG, "--lang", "fr", "--format", "md", "--template", str(template))
    assert result.exit_code == 2 and "applies to HTML" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (("no-such-article", "--lang", "fr"), "no article 'no-such-article'"),
    ((SLUG, "--lang", "de"), "no de catalog"),
    ((SLUG, "--lang", "xx-nope"), "unknown language code"),
    (("../escape", "--lang", "fr"), "invalid slug"),
    ((SLUG, "no-such-article", "--lang", "fr"), "no article 'no-such-article'"),
], ids=["unknown-slug", "no-catalog", "bad-locale", "slug-traversal", "second-slug-unknown"])
def test_bad_input_exits_2_and_writes_nothing(run: Invoke, workspace: Path, args: tuple[str, ...],
                                              message: str) -> None:
    write_workspace(workspace)
    out = workspace / "site"
    result = run("export", *args, "--out", str(out))
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "hint:" in result.output
    assert not out.exists()


def test_unwritable_out_dir_exits_2(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    write_workspace(workspace)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be\n", encoding="utf-8")
    result = run("export", SLUG, "--lang", "fr", "--out", str(blocker / "site"))
    assert result.exit_code == 2
    assert "cannot write" in result.output and "not-a-folder" in result.output, result.output
    assert blocker.read_text(encoding="utf-8").startswith("a file")
    if os.geteuid() != 0:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o555)
        result = run("export", SLUG, "--lang", "fr", "--out", str(locked))
        assert result.exit_code == 2 and list(locked.iterdir()) == []


def test_symlink_out_of_the_output_folder_is_refused(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    write_workspace(workspace)
    out, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "fr").symlink_to(elsewhere)
    result = run("export", SLUG, "--lang", "fr", "--out", str(out))
    assert result.exit_code == 2 and "leaves the output folder" in result.output
    assert list(elsewhere.iterdir()) == []


def test_missing_catalog_raises_workspace_error(workspace: Path) -> None:
    ws = write_workspace(workspace, translations={})
    with pytest.raises(WorkspaceError, match="no fr catalog"):
        localize_article(ws, SLUG, "fr")


def test_pulled_text_article_end_to_end(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    source = tmp_path / "strike.txt"
    source.write_text(
        "Example Daily - Dockworkers strike closes the harbour\n\n"
        "Dockworkers strike closes the harbour\n\n"
        "The harbour was closed on Monday after dockworkers walked out over pay, union leaders "
        "said. Ships waited at anchor outside the port for most of the day.\n\n"
        "Talks between the union and the port authority are due to resume on Wednesday, "
        "according to a statement published late on Monday evening.\n",
        encoding="utf-8")
    assert run("pull", str(source), "--slug", SLUG).exit_code == 0
    ws = Workspace.open(workspace)
    write_catalog(ws, SLUG, "fr", {"Dockworkers strike closes the harbour":
                                   ("reviewed", "La grève des dockers ferme le port")})
    for fmt in ("html", "md", "json", "txt"):
        text = export(run, workspace, "fr", fmt=fmt)
        assert "La grève des dockers ferme le port" in text
        assert "Example Daily - Dockworkers" not in text  # the excluded page-title line
    result = run("export", SLUG, "--lang", "fr")
    assert result.exit_code == 0 and "public/fr/harbour-strike.html" in result.output
