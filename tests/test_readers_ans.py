"""The Arc XP ANS reader: a story's typed content elements in order, what it does not read
kept excluded, and documents that are not stories refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from presslate.i18n.errors import SchemaError
from presslate.i18n.readers import sniff_format
from presslate.i18n.readers.ans import read_ans

from .conftest import EXAMPLES, Invoke

STORY = EXAMPLES / "formats" / "ans-story-quarry.json"
SLUG = "residents-pack-hearing-on-carrick-hill-quarry-expansion"


def story(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"type": "story", "_id": "X1", "headlines": {"basic": "Bridge closes"},
                            "content_elements": [{"type": "text", "content": "The bridge closes."}]}
    data.update(changes)
    return data


def read(data: Any) -> Any:
    return read_ans(json.dumps(data), origin="story.json")


def test_story_elements_in_order() -> None:
    (article,) = read_ans(STORY.read_text(encoding="utf-8"), origin=str(STORY)).articles
    assert article.title == "Residents pack hearing on Carrick Hill quarry expansion"
    assert article.author == "Niamh Costello"
    assert article.site == "the-dunmore-herald"
    assert article.url == "/local/2026/03/21/quarry-expansion-hearing/"
    assert article.published == "2026-03-21T14:10:00.000Z"
    assert article.lang == "en"
    assert article.extra == {"ans_id": "QV4XKJ7M2NDPRB3TZL6WYHCAEU", "ans_version": "0.10.9",
                             "ans_revision_id": "R7TWQ2KD5MBXJ4GFSN3PLHYVOA"}
    assert [(s.kind, s.included) for s in article.segments] == [
        ("headline", True), ("headline", False), ("standfirst", True), ("standfirst", False),
        ("alt", True), ("caption", True), ("body", True), ("body", True), ("subheading", True),
        ("body", True), ("quote", True), ("citation", True), ("alt", True), ("caption", True),
        ("body", True), ("body", True),
        ("body", True), ("body", True), ("raw-html", False), ("interstitial-link", False),
        ("body", True), ("correction", True)]
    by_kind = {s.kind: s for s in article.segments}
    assert by_kind["raw-html"].reason == "raw HTML embedded in the story"
    assert by_kind["raw-html"].text == "Sign up for the Herald's morning briefing"
    assert article.segments[4].text == "A queue of people outside a brick building"
    promo = article.segments[5]
    assert promo.attrs == {
        "src": "https://images.dunmore-herald.example/2026/03/carrick-hill-hearing.jpg",
        "alt": "A queue of people outside a brick building", "credit": "Sean Whelan"}
    # Inline markup in a text element is kept as inline tags.
    assert "the <b>Carrick Hill</b> quarry" in article.segments[6].text


def test_sniffed_from_its_keys() -> None:
    assert sniff_format(STORY.read_text(encoding="utf-8"), STORY.name) == "ans"
    assert sniff_format(json.dumps(story()), "story") == "ans"


def test_unknown_elements_are_kept_excluded() -> None:
    (article,) = read(story(content_elements=[
        {"type": "text", "content": "The bridge closes."},
        {"type": "oembed_response", "subtype": "twitter", "raw_oembed": {},
         "content": "<blockquote>Bridge closed, use the ferry</blockquote>"},
        {"type": "table", "title": "Closures by week"},
        {"type": "divider"}])).articles
    assert [(s.kind, s.included, s.reason) for s in article.segments[2:]] == [
        ("oembed-response", False, "embedded media or social post"),
        ("table", False, "an ANS element presslate does not read (table)")]


@pytest.mark.parametrize(("data", "message"), [
    ({"headlines": {"basic": "x"}}, "type: missing"),
    (story(content_elements={"a": 1}), "content_elements: expected a list of elements"),
    (story(content_elements=[{"content": "x"}]), r"content_elements\[0\].type: missing"),
    (story(content_elements=[{"type": "text", "content": 5}]),
     r"content_elements\[0\].content: expected a string, got a number"),
    (story(content_elements=[{"type": "list", "items": "x"}]), r"content_elements\[0\].items"),
    ([story(), 3], r"\[1\]: expected an ANS object, got a number"),
])
def test_malformed_stories_name_the_path(data: Any, message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        read(data)


def test_a_gallery_is_refused(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    path = tmp_path / "gallery.json"
    path.write_text(json.dumps({"type": "gallery", "_id": "G1",
                                "headlines": {"basic": "Storm in pictures"},
                                "content_elements": [{"type": "image", "caption": "Waves"}]}),
                    encoding="utf-8")
    result = run("pull", str(path))
    assert result.exit_code == 2, result.output
    assert "the document (Storm in pictures): an ANS gallery, not a story" in result.output
    assert not (workspace / "catalogs").exists() or not any((workspace / "catalogs").iterdir())


def test_pull_a_story(run: Invoke, workspace: Path) -> None:
    result = run("pull", str(STORY))
    assert result.exit_code == 0, result.output
    data = json.loads(run("show", SLUG, "--json").output)
    assert data["format"] == "ans"
    assert data["ids"]["ans_id"] == "QV4XKJ7M2NDPRB3TZL6WYHCAEU"
