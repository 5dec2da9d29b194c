"""The JSON (CMS export) reader: the bundled export and the schema's errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from presslate.i18n.errors import SchemaError
from presslate.i18n.readers.jsonfmt import read_json

from .conftest import EXAMPLES, Invoke

ELECTIONS = EXAMPLES / "cms-export-elections.json"


def minimal(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"headline": "Le pont ferme", "body": ["Le conseil a voté mardi."]}
    data.update(changes)
    return data


def read(data: Any) -> Any:
    return read_json(json.dumps(data, ensure_ascii=False), origin="export.json")


def test_example_segments_and_metadata() -> None:
    article = read_json(ELECTIONS.read_text(encoding="utf-8"), origin=str(ELECTIONS))
    assert [s.kind for s in article.segments] == [
        "headline", "standfirst", "caption", "body", "body", "subheading", "body", "body", "quote",
        "body", "caption", "body",
    ]
    assert all(s.included for s in article.segments)
    assert article.lang == "fr"
    assert article.author == "Thomas Mercier, Aïcha Benali"
    assert article.site == "Le Journal du Val"
    assert article.published == "2026-03-16T08:15:00+01:00"
    assert article.extra == {"id": "art-2026-03-16-0412", "section": "Politique"}
    lead = article.segments[2]
    assert lead.attrs == {"src": "https://journal-du-val.example/media/2026/03/vasseur-soiree-electorale.jpg",
                          "credit": "Photo Julien Roche"}
    quote = next(s for s in article.segments if s.kind == "quote")
    assert quote.lang == "en"


def test_example_pull_finds_the_english_parts(run: Invoke) -> None:
    assert run("pull", str(ELECTIONS), "--slug", "elections").exit_code == 0
    data = json.loads(run("show", "elections", "--json").output)
    assert data["lang"] == "fr"
    langs = {(s["kind"], s["lang"], s["lang_source"]) for s in data["segments"]}
    assert ("quote", "en", "declared") in langs
    # The body caption has no declared lang: it is detected as English on its own.
    assert ("caption", "en", "detected") in langs
    assert {s["lang"] for s in data["segments"] if s["kind"] == "body"} == {"fr"}


def test_text_objects_and_defaults() -> None:
    article = read(minimal(headline={"text": "The bridge closes", "lang": "en-GB"},
                           standfirst={"text": "Vote mardi"}, author="Une Plume"))
    assert [(s.kind, s.lang) for s in article.segments] == [
        ("headline", "en_GB"), ("standfirst", ""), ("body", "")]
    assert article.author == "Une Plume"
    assert article.lang == ""


def test_images_without_caption_are_skipped_and_text_is_normalised() -> None:
    article = read(minimal(images=[{"src": "a.jpg"}, {"caption": "  Le  pre\u0301sident\n", "alt": "x"}]))
    captions = [s for s in article.segments if s.kind == "caption"]
    assert len(captions) == 1
    assert captions[0].text == "Le pr\u00e9sident"  # NFC, spaces folded
    assert captions[0].attrs == {"alt": "x"}


@pytest.mark.parametrize(("data", "message"), [
    (["not", "an", "object"], "expected an object at the top, got a list"),
    ({"body": ["x"]}, "headline: missing"),
    ({"headline": "h"}, "body: missing"),
    (minimal(body=[]), "body: empty"),
    (minimal(body="one paragraph"), "body: expected a list of paragraphs, got a string"),
    (minimal(body=["a", "b", "c", {"text": 3}]), "body[3].text: expected a string, got a number"),
    (minimal(body=[{"kind": "quote"}]), "body[0].text: missing"),
    (minimal(body=[{"text": "x", "kind": "Big Quote"}]), "body[0].kind: bad kind 'Big Quote'"),
    (minimal(body=[{"text": "x", "kind": "headline"}]), "body[0].kind: the headline goes"),
    (minimal(body=[{"text": "x", "colour": "red"}]), "body[0].colour: unknown key"),
    (minimal(body=[None]), "body[0]: expected a string or an object with text, got null"),
    (minimal(body=["   "]), "body[0]: empty text"),
    (minimal(headline=""), "headline: empty text"),
    (minimal(headline=12), "headline: expected a string or an object with text, got a number"),
    (minimal(headline={"lang": "fr"}), "headline.text: missing"),
    (minimal(lang="xx"), "lang: unknown language code 'xx'"),
    (minimal(body=[{"text": "x", "lang": "english"}]), "body[0].lang: unknown language code"),
    (minimal(images={"caption": "x"}), "images: expected a list, got an object"),
    (minimal(images=[{"caption": 5}]), "images[0].caption: expected a string, got a number"),
    (minimal(images=[{"caption": "x", "width": 300}]), "images[0].width: unknown key"),
    (minimal(author=["A", 2]), "author[1]: expected a string, got a number"),
    (minimal(url=5), "url: expected a string, got a number"),
    (minimal(extra={"tags": ["a"]}), "extra: expected an object of strings"),
    (minimal(captions=[]), "captions: unknown key"),
], ids=["top-list", "no-headline", "no-body", "empty-body", "body-string", "body-text-number",
        "item-no-text", "bad-kind", "headline-in-body", "item-unknown-key", "item-null",
        "item-blank", "headline-empty", "headline-number", "headline-object-no-text",
        "unknown-lang", "item-lang-name", "images-object", "caption-number", "image-unknown-key",
        "author-list-number", "url-number", "extra-list", "captions-alias"])
def test_schema_errors_name_the_path(data: Any, message: str) -> None:
    with pytest.raises(SchemaError) as caught:
        read(data)
    assert message in str(caught.value)
    assert str(caught.value).startswith("export.json: ")


def test_suggestions() -> None:
    with pytest.raises(SchemaError) as caught:
        read(minimal(captions=[]))
    assert caught.value.hint == "did you mean 'images'?"
    with pytest.raises(SchemaError) as caught:
        read(minimal(standfrist="x"))
    assert caught.value.hint == "did you mean 'standfirst'?"
    with pytest.raises(SchemaError) as caught:
        read(minimal(body=[{"text": "x", "lang": "english"}]))
    assert "en (English)" in (caught.value.hint or "")


def test_syntax_error_names_the_line() -> None:
    text = '{\n  "headline": "x",\n  "body": ["a",]\n}\n'
    with pytest.raises(SchemaError) as caught:
        read_json(text, origin="export.json")
    assert caught.value.line == 3
    assert str(caught.value).startswith("export.json:3: not valid JSON")


@pytest.mark.parametrize(("name", "fmt"), [("wordpress-post-fr.json", "wordpress"),
                                           ("ninjs-2-floods.json", "ninjs"),
                                           ("ans-story-quarry.json", "ans")])
def test_a_newsroom_format_forced_as_json_names_its_format(name: str, fmt: str) -> None:
    path = EXAMPLES / "formats" / name
    with pytest.raises(SchemaError, match="not presslate's JSON format") as caught:
        read_json(path.read_text(encoding="utf-8"), origin=str(path))
    assert caught.value.hint == f"pull it with --format {fmt} (or auto)"
