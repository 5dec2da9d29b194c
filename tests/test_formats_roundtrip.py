"""Property: whatever the text (markup, entities, quotes, any script), an edition written as
ninjs (every major version), WordPress or ANS reads back with presslate's readers as the same
segments, and the ninjs passes the specification's checks."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from presslate.i18n.article import normalize_text
from presslate.i18n.export.localize import LocalizedArticle, LocalizedSegment
from presslate.i18n.export.newsroom import render_ans, render_ninjs, render_wordpress
from presslate.i18n.inline import plain_text
from presslate.i18n.readers.ans import read_ans
from presslate.i18n.readers.html import fragment_segments, fragment_text
from presslate.i18n.readers.ninjs import read_ninjs
from presslate.i18n.readers.ninjs_rules import check_ninjs

# Text a segment may hold: normalized (as every reader gives it), not empty.
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).map(
    normalize_text).filter(bool) | st.sampled_from(
    ["<script>alert(1)</script>", "a &amp; b", "&lt;p&gt;", "« guillemets »", "x < y > z",
     "שלום עולם", "\"quoted\" and 'single'", "]]>", "&#8217;"])
KINDS = st.sampled_from(["body", "subheading", "quote", "caption"])


def edition(headline: str, standfirst: str, parts: list[tuple[str, str]], *, fmt: str,
            ids: dict[str, str]) -> LocalizedArticle:
    def seg(i: int, kind: str, text: str) -> LocalizedSegment:
        attrs = {"src": "https://img.example/p.jpg", "alt": "x"} if kind == "caption" else {}
        return LocalizedSegment(id=f"{kind}-{i}", kind=kind, text=text, lang="es", dir="ltr",
                                status="reviewed", foreign=False, source_text=text,
                                source_lang="en", attrs=attrs)
    segments = (seg(0, "headline", headline), seg(1, "standfirst", standfirst),
                *(seg(i + 2, kind, text) for i, (kind, text) in enumerate(parts)))
    return LocalizedArticle(
        slug="s", locale="es", lang="es", dir="ltr", fallback="source", title=headline, site="",
        url="", author="Ana", published="", published_iso="", published_display="",
        source_lang="en", og_locale="es_ES", segments=segments, omitted=(), alternates=(),
        source_format=fmt, ids=ids)


PARTS = st.lists(st.tuples(KINDS, TEXT), min_size=1, max_size=6)


@settings(max_examples=30, deadline=None)
@given(TEXT, TEXT, PARTS, st.sampled_from(["1.4", "2.1", "3.0"]))
def test_ninjs_round_trip(headline: str, standfirst: str, parts: list[tuple[str, str]],
                          version: str) -> None:
    doc = edition(headline, standfirst, parts, fmt="ninjs",
                  ids={"ninjs_uri": "urn:x:1", "ninjs_version": version})
    text = render_ninjs(doc)
    assert check_ninjs(json.loads(text)).label == version
    (article,) = read_ninjs(text).articles
    assert article.title == headline
    got = [(s.kind, plain_text(s.text)) for s in article.segments]
    assert ("standfirst", standfirst) in got
    body = [(k, t) for k, t in parts if k != "caption"]
    assert [g for g in got if g[0] in ("body", "subheading", "quote")] == body
    assert [t for k, t in got if k == "caption"] == [t for k, t in parts if k == "caption"]


@settings(max_examples=30, deadline=None)
@given(TEXT, TEXT, PARTS)
def test_wordpress_and_ans_round_trip(headline: str, standfirst: str,
                                      parts: list[tuple[str, str]]) -> None:
    wp = json.loads(render_wordpress(edition(headline, standfirst, parts, fmt="wordpress",
                                             ids={"wordpress_id": "7"})))
    assert fragment_text(wp["title"]) == headline and fragment_text(wp["excerpt"]) == standfirst
    assert [(s.kind, plain_text(s.text)) for s in fragment_segments(wp["content"])
            if s.kind != "alt"] == parts
    assert wp["translations"] == {"en": 7}
    ans = render_ans(edition(headline, standfirst, parts, fmt="ans", ids={"ans_id": "A"}))
    (article,) = read_ans(ans).articles
    assert [(s.kind, plain_text(s.text)) for s in article.segments if s.kind != "alt"] == [
        ("headline", headline), ("standfirst", standfirst), *parts]


def test_a_paragraph_of_punctuation_is_text_not_links() -> None:
    # It has no link: before, "no words outside links" held for it and it was left out.
    segments = fragment_segments("<p>…</p><p>]]></p><p><a href='/x'>Read more</a></p>")
    assert [(s.kind, s.included) for s in segments] == [
        ("body", True), ("body", True), ("links", False)]


def test_ninjs_plain_headline_with_angle_brackets_is_text() -> None:
    item = {"uri": "u", "type": "text", "headlines": [{"value": "Profits <5% & falling"}],
            "bodies": [{"contenttype": "text/html", "value": "<p>Shares fell.</p>"}]}
    (article,) = read_ninjs(json.dumps(item)).articles
    assert article.title == "Profits <5% & falling"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.sampled_from(
        ["story", "text", "picture", "composite", "image", "quote", "list", "raw_html",
         "text/html", "urn:x", "2.1", "3.0", "<p>Words here.</p>", "main"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["uri", "type", "headline", "headlines", "bodies", "body_html", "value",
                         "associations", "renditions", "href", "name", "altids", "altIds",
                         "standard", "version", "content_elements", "content", "items",
                         "title", "rendered", "_embedded", "caption", "credits", "by",
                         "promo_items", "basic", "descriptions", "contentType", "citation"]),
        inner, max_size=6),
    max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(JSON, st.sampled_from(["ninjs", "wordpress", "ans"]))
def test_any_json_is_read_or_refused_with_a_message(data: object, fmt: str) -> None:
    from presslate.i18n.errors import PresslateError
    from presslate.i18n.readers import read_articles

    try:
        read_articles(json.dumps(data), fmt=fmt, origin="x.json")
    except PresslateError as exc:
        assert exc.message


EXAMPLE_DOCS = {"ninjs": ["ninjs-1-ferry.json", "ninjs-2-floods.json", "ninjs-3-cycle-lane.json"],
                "wordpress": ["wordpress-post-fr.json", "wordpress-posts-en.json"],
                "ans": ["ans-story-quarry.json"]}


def _paths(node: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*path, i))
    return found


@settings(max_examples=300, deadline=None)
@given(st.data(), st.sampled_from(sorted(EXAMPLE_DOCS)))
def test_damaged_examples_are_read_or_refused_with_a_message(data: st.DataObject,
                                                              fmt: str) -> None:
    """Each bundled example with a few of its values replaced by any JSON value."""
    from pathlib import Path

    from presslate.i18n.errors import PresslateError
    from presslate.i18n.readers import read_articles

    name = data.draw(st.sampled_from(EXAMPLE_DOCS[fmt]))
    doc = json.loads((Path(__file__).parent.parent / "examples" / "formats" / name).read_text(
        encoding="utf-8"))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(doc)))
        value = data.draw(JSON)
        if not path:
            doc = value
            continue
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    try:
        reading = read_articles(json.dumps(doc), fmt=fmt, origin=name)
    except PresslateError as exc:
        assert exc.message
    else:
        for article in reading.articles:
            assert all(isinstance(s.text, str) and s.text for s in article.segments)
