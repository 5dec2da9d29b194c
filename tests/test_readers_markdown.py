"""The Markdown reader: the bundled article and each rule on snippets."""

from __future__ import annotations

import json

import pytest

from presslate.i18n.errors import SourceError
from presslate.i18n.readers.markdown import read_markdown

from .conftest import EXAMPLES, Invoke

FESTIVAL = EXAMPLES / "markdown-festival.md"


def kinds(text: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in read_markdown(text, origin="a.md").segments]


def test_example_segments_and_metadata() -> None:
    article = read_markdown(FESTIVAL.read_text(encoding="utf-8"), origin=str(FESTIVAL))
    assert [s.kind for s in article.segments] == [
        "headline", "standfirst", "body", "alt", "caption", "body", "subheading", "body", "quote",
        "alt", "caption", "body",
    ]
    assert article.title == "Le festival des Lanternes de Brévannes attire 62 000 visiteurs"
    assert (article.author, article.published, article.lang) == ("Léa Dumontier", "2026-08-24", "fr")
    assert article.site == "L'Écho des Lacs"
    first_caption, second_caption = (s for s in article.segments if s.kind == "caption")
    assert first_caption.text.startswith("Le lâcher de 3 000 lanternes")
    assert first_caption.attrs["src"].endswith("lanternes-lac.jpg")
    assert first_caption.attrs["alt"] == "Des lanternes flottantes sur le lac de Brévannes"
    assert second_caption.text.startswith("The Nightjar Quartet, from Bristol")  # the image's title
    body = next(s for s in article.segments if s.kind == "body")
    assert "**" not in body.text and "Lumières du Lac" in body.text


def test_example_pull(run: Invoke) -> None:
    assert run("pull", str(FESTIVAL), "--slug", "festival").exit_code == 0
    data = json.loads(run("show", "festival", "--json").output)
    assert data["lang"] == "fr"
    by_kind = {s["kind"]: s["lang"] for s in data["segments"] if s["kind"] not in ("caption", "alt")}
    assert set(by_kind.values()) == {"fr"}
    captions = [s["lang"] for s in data["segments"] if s["kind"] == "caption"]
    assert captions == ["fr", "en"]
    # each image's alt text: in French, and in English like its caption
    assert [s["lang"] for s in data["segments"] if s["kind"] == "alt"] == ["fr", "en"]


def test_headline_paragraphs_subheadings_quotes() -> None:
    text = ("# The bridge closes\n\nThe council voted on Tuesday\nto close the bridge.\n\n"
            "## What next\n\n> “We had no choice,” said the mayor.\n\nLast paragraph.\n")
    assert kinds(text) == [
        ("headline", "The bridge closes"),
        ("body", "The council voted on Tuesday to close the bridge."),
        ("subheading", "What next"),
        ("quote", "“We had no choice,” said the mayor."),
        ("body", "Last paragraph."),
    ]


@pytest.mark.parametrize("lead", ["*Engineers found cracks in two piers.*",
                                  "_Engineers found cracks in two piers._",
                                  "> Engineers found cracks in two piers."],
                         ids=["asterisks", "underscores", "blockquote"])
def test_first_italic_or_quote_block_is_the_standfirst(lead: str) -> None:
    text = f"# The bridge closes\n\n{lead}\n\nThe council voted on Tuesday.\n"
    assert kinds(text)[1] == ("standfirst", "Engineers found cracks in two piers.")


def test_a_quotation_first_is_a_quote_and_italics_later_are_body() -> None:
    text = ("# The bridge closes\n\n> “We had no choice,” said the mayor.\n\nBody.\n\n"
            "*An italic paragraph later on.*\n")
    assert [k for k, _ in kinds(text)] == ["headline", "quote", "body", "body"]


def test_images_take_the_italic_line_below_or_the_alt_text() -> None:
    text = ("# Bridge\n\nIntro paragraph here.\n\n![Old bridge](img/bridge.jpg)\n*The bridge in 1920.*\n\n"
            "![Cracked pier](img/pier.jpg)\n\n*A crack in the second pier.*\n\n"
            "![The new road](img/road.jpg)\n\nClosing paragraph.\n")
    article = read_markdown(text, origin="a.md")
    captions = [(s.text, dict(s.attrs)) for s in article.segments if s.kind == "caption"]
    assert captions == [
        ("The bridge in 1920.", {"src": "img/bridge.jpg", "alt": "Old bridge"}),
        ("A crack in the second pier.", {"src": "img/pier.jpg", "alt": "Cracked pier"}),
        ("The new road", {"src": "img/road.jpg", "alt": "The new road"}),
    ]
    assert [s.kind for s in article.segments][-1] == "body"


def test_inline_markup_is_kept_as_inline_tags() -> None:
    text = ("# A *big* day\n\nRead [the report](https://example.org/r) and **act** now: "
            "`code`, snake_case_name and 2 * 3 * 4 stay.\\\nNext <sup>line</sup>.\n")
    article = read_markdown(text, origin="a.md")
    assert [(s.kind, s.text) for s in article.segments] == [
        ("headline", "A <em>big</em> day"),
        ("body", "Read <a1>the report</a1> and <strong>act</strong> now: code, snake_case_name "
                 "and 2 * 3 * 4 stay.<br/>Next <sup>line</sup>."),
    ]
    assert article.title == "A big day"
    assert dict(article.segments[1].attrs) == {"a1": "https://example.org/r"}


def test_lists_code_and_html() -> None:
    text = ("# Bridge\n\nWhat changes:\n\n- lorries use the ring road\n- buses keep the bridge\n"
            "  until March\n\n```\nmake build\n```\n\n<div class='ad'>Buy now</div>\n\n"
            "<!-- a note\nfor editors -->\n\n---\n\nEnd.\n")
    assert kinds(text) == [
        ("headline", "Bridge"),
        ("body", "What changes:"),
        ("body", "lorries use the ring road"),
        ("body", "buses keep the bridge until March"),
        ("code", "make build"),
        ("html", "Buy now"),
        ("body", "End."),
    ]
    article = read_markdown(text, origin="a.md")
    assert [s.included for s in article.segments if s.kind in ("code", "html")] == [False, False]


def test_setext_headline_and_front_matter_title() -> None:
    assert kinds("The bridge closes\n=================\n\nBody text.\n")[0] == (
        "headline", "The bridge closes")
    text = "---\ntitle: 'The bridge closes'\ndescription: Cracks found\ntags:\n  - roads\n---\n\nBody.\n"
    assert kinds(text) == [("headline", "The bridge closes"), ("standfirst", "Cracks found"),
                           ("body", "Body.")]


@pytest.mark.parametrize(("text", "message"), [
    ("Just a paragraph.\n\nAnother one.\n", "no headline"),
    ("---\ntitle: x\nBody without a closing line\n", "never closed"),
    ("---\ntitle: x\njust words\n---\n# H\n", "not 'key: value'"),
    ("---\ntitle: [a, b]\n---\nBody.\n", "front matter 'title': expected text, got list"),
    ("---\n- a\n- b\n---\n# H\n", "the front matter is not 'key: value' lines"),
    ("---\n" + "[" * 5000 + "\n---\n# H\n", "not 'key: value' YAML: nested too deeply"),
], ids=["no-headline", "unclosed-front-matter", "bad-front-matter-line", "list-title", "yaml-list",
        "deep-yaml"])
def test_bad_markdown(text: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        read_markdown(text, origin="a.md")


def test_yaml_front_matter_values_and_inline_html() -> None:
    text = ("---\ntitle: \"Bridge: it closes\"\ndate: 2026-08-24\nauthor: >\n  Léa\n  Dumontier\n---\n\n"
            "Text with <b>bold</b>, &amp; and \\*stars\\*.\n\n    indented code\n")
    article = read_markdown(text, origin="a.md")
    assert (article.title, article.published, article.author) == (
        "Bridge: it closes", "2026-08-24", "Léa Dumontier")
    assert [(s.kind, s.text, s.included) for s in article.segments] == [
        ("headline", "Bridge: it closes", True),
        ("body", "Text with <b>bold</b>, & and *stars*.", True),
        ("code", "indented code", False),
    ]
