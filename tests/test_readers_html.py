"""The HTML reader: the bundled page, and snippets for each rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presslate.i18n.errors import SourceError
from presslate.i18n.readers.html import read_html

from .conftest import EXAMPLES, Invoke

WILDFIRE = EXAMPLES / "html-wildfire.html"


def page(body: str, head: str = "", lang: str = "en") -> str:
    return f"<!DOCTYPE html><html lang='{lang}'><head>{head}</head><body>{body}</body></html>"


PARA = ("<p>The council voted on Tuesday to close the old bridge to lorries from next month, "
        "after engineers found cracks in two of its piers.</p>")
PARA2 = ("<p>Drivers will have to use the ring road, which adds about twelve minutes to a "
         "journey across town at peak times, the council said.</p>")


def test_example_segments_in_order() -> None:
    article = read_html(WILDFIRE.read_text(encoding="utf-8"), origin=str(WILDFIRE))
    included = [(s.kind, s.text[:30]) for s in article.segments if s.included]
    assert [k for k, _ in included] == [
        "headline", "standfirst", "byline", "alt", "caption", "body", "body", "subheading", "body",
        "alt", "caption", "body", "quote", "body", "body",
    ]
    assert included[0] == ("headline", "Wildfire forces 4,000 from hom")
    texts = " ".join(s.text for s in article.segments)
    assert "dataLayer" not in texts and "min-height" not in texts  # scripts and styles are not text
    assert "NewsArticle" not in texts


def test_example_boilerplate_excluded_one_block_each() -> None:
    article = read_html(WILDFIRE.read_text(encoding="utf-8"), origin=str(WILDFIRE))
    excluded = {s.kind: s for s in article.segments if not s.included}
    assert sorted(excluded) == ["advertisement", "article-footer", "comments", "page-footer",
                                "page-header", "related", "share"]
    assert all(s.reason for s in excluded.values())
    assert excluded["page-header"].text == "The Valley Courier News Sport Weather Subscribe"
    assert "Stay safe everyone in Otterby" in excluded["comments"].text
    assert excluded["related"].text.startswith("Related Driest spring")
    # Blocks before the article come first, those after it last, the rest in place.
    kinds = [s.kind for s in article.segments]
    assert kinds[:3] == ["page-header", "advertisement", "headline"]
    assert kinds[-2:] == ["comments", "page-footer"]


def test_example_metadata() -> None:
    article = read_html(WILDFIRE.read_text(encoding="utf-8"), origin=str(WILDFIRE))
    assert article.title == "Wildfire forces 4,000 from homes near Carrow Ridge"
    assert article.site == "The Valley Courier"
    assert article.author == "Imogen Feltham"
    assert article.published == "2026-07-14T06:40:00+01:00"
    assert article.url == "https://valleycourier.example/news/2026/07/14/carrow-ridge-wildfire"
    assert article.lang == "en-GB"
    caption = next(s for s in article.segments if s.kind == "caption")
    assert caption.attrs == {"src": "/media/2026/07/carrow-ridge-fire-night.jpg",
                             "alt": "Flames on a hillside at night"}


def test_example_pull_detects_the_spanish_caption(run: Invoke) -> None:
    result = run("pull", str(WILDFIRE), "--slug", "wildfire")
    assert result.exit_code == 0, result.output
    data = json.loads(run("show", "wildfire", "--json").output)
    captions = [s for s in data["segments"] if s["kind"] == "caption"]
    assert [c["lang"] for c in captions] == ["en", "es"]
    assert captions[1]["lang_source"] == "detected"
    assert data["lang"] == "en"
    body = [s for s in data["segments"] if s["kind"] == "body" and s["included"]]
    assert {s["lang"] for s in body} == {"en"}


def test_headline_falls_back_to_og_title_without_site_suffix() -> None:
    head = ("<meta property='og:site_name' content='Town Times'>"
            "<meta property='og:title' content='Old bridge closes to lorries | Town Times'>")
    article = read_html(page(f"<article><h1>Bridge shut</h1>{PARA}</article>", head))
    assert article.title == "Old bridge closes to lorries"
    kinds = [(s.kind, s.included) for s in article.segments]
    # The page's differing <h1> is kept, excluded, for an editor to include.
    assert kinds[:2] == [("headline", True), ("headline", False)]
    assert article.site == "Town Times"


def test_headline_falls_back_to_h1() -> None:
    article = read_html(page(f"<main><h1>Old bridge closes</h1>{PARA}</main>"))
    assert article.title == "Old bridge closes"
    assert [s.kind for s in article.segments] == ["headline", "body"]


def test_json_ld_in_a_graph_with_author_list() -> None:
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Town Times"},
        {"@type": ["NewsArticle"], "headline": "Bridge closes", "datePublished": "2026-01-02",
         "author": [{"name": "A. Writer"}, {"name": "B. Writer"}],
         "publisher": {"@type": "Organization", "name": "Town Times Ltd"}},
    ]}
    head = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    article = read_html(page(f"<article><h1>Bridge closes</h1>{PARA}</article>", head))
    assert article.author == "A. Writer, B. Writer"
    assert article.published == "2026-01-02"
    assert article.site == "Town Times Ltd"
    assert [s.kind for s in article.segments] == ["headline", "body"]  # <h1> is the same headline


def test_broken_json_ld_is_ignored() -> None:
    head = "<script type='application/ld+json'>{not json</script>"
    article = read_html(page(f"<article><h1>Bridge closes</h1>{PARA}</article>", head))
    assert article.title == "Bridge closes"


@pytest.mark.parametrize("element", [
    "<p class='standfirst'>Engineers found cracks.</p>",
    "<p class='lead'>Engineers found cracks.</p>",
    "<h2 class='subtitle'>Engineers found cracks.</h2>",
    "<div class='lede'><p>Engineers found cracks.</p></div>",
], ids=["standfirst", "p-lead", "h2-subtitle", "div-lede"])
def test_standfirst_elements(element: str) -> None:
    article = read_html(page(f"<article><h1>Bridge closes</h1>{element}{PARA}</article>"))
    assert [(s.kind, s.text) for s in article.segments][1] == ("standfirst", "Engineers found cracks.")


def test_meta_description_is_the_standfirst_unless_it_repeats_the_lead() -> None:
    head = "<meta name='description' content='Lorries must use the ring road.'>"
    article = read_html(page(f"<article><h1>Bridge closes</h1>{PARA}</article>", head))
    assert [s.kind for s in article.segments] == ["headline", "standfirst", "body"]
    head = "<meta name='description' content='The council voted on Tuesday to close the old bridge…'>"
    article = read_html(page(f"<article><h1>Bridge closes</h1>{PARA}</article>", head))
    assert [s.kind for s in article.segments] == ["headline", "body"]


def test_lang_attribute_declares_the_segment_language(run: Invoke, tmp_path: Path) -> None:
    html = page("<article><h1>Bridge closes</h1>"
                "<figure><img src='b.jpg'><figcaption lang='fr'>Le vieux pont</figcaption></figure>"
                f"{PARA}<p lang='x-default'>The council will meet again in March to decide.</p>"
                f"{PARA2}</article>")
    source = tmp_path / "bridge.html"
    source.write_text(html, encoding="utf-8")
    assert run("pull", str(source), "--slug", "bridge").exit_code == 0
    data = json.loads(run("show", "bridge", "--json").output)
    caption = next(s for s in data["segments"] if s["kind"] == "caption")
    assert (caption["lang"], caption["lang_source"], caption["confidence"]) == ("fr", "declared", 1.0)
    assert caption["attrs"] == {"src": "b.jpg"}
    # A lang attribute that is no language is ignored: the segment's language is detected.
    third = [s for s in data["segments"] if s["kind"] == "body"][1]
    assert third["lang_source"] != "declared"
    assert third["lang"] == "en"


def test_page_lang_is_not_declared_on_every_segment() -> None:
    article = read_html(page(f"<article><h1>Bridge closes</h1>{PARA}</article>", lang="fr"))
    assert article.lang == "fr"
    assert all(s.lang == "" for s in article.segments)


def test_body_without_article_markup_but_with_running_text() -> None:
    article = read_html(page(f"<nav><a href='/'>Home</a></nav><h1>Bridge closes</h1>{PARA}{PARA2}"))
    assert [(s.kind, s.included) for s in article.segments] == [
        ("headline", True), ("navigation", False), ("body", True), ("body", True)]


def test_teaser_articles_inside_furniture_are_not_the_article() -> None:
    html = page("<aside class='related'><article><p>Another story entirely, read it now please "
                f"because it is very good.</p></article></aside><main><h1>Bridge closes</h1>{PARA}</main>")
    article = read_html(html)
    included = [s for s in article.segments if s.included]
    assert [s.kind for s in included] == ["headline", "body"]
    assert [s.kind for s in article.segments if not s.included] == ["related"]


@pytest.mark.parametrize("html", [
    page("<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><p>Subscribe today!</p>"),
    page("<main><h1>Latest news</h1><ul><li><a href='/a'>Story A</a></li></ul></main>"),
    "<html><head><title>Nothing</title></head></html>",
    "<!-- just a comment -->",
], ids=["nav-only", "index-page", "no-body", "comment-only"])
def test_a_page_with_no_article_is_refused(html: str) -> None:
    with pytest.raises(SourceError, match="no article"):
        read_html(html, origin="page.html")


def test_comments_section_class_variants() -> None:
    html = page(f"<article><h1>Bridge closes</h1>{PARA}"
                "<div id='disqus_thread'><p>First!</p></div>"
                "<section class='article-comments'><p>Great piece.</p></section></article>")
    kinds = [(s.kind, s.included) for s in read_html(html).segments]
    assert kinds == [("headline", True), ("body", True), ("comments", False), ("comments", False)]


def test_commentary_is_not_comments() -> None:
    html = page(f"<article class='commentary'><h1>Why the bridge matters</h1>{PARA}</article>")
    assert [s.kind for s in read_html(html).segments] == ["headline", "body"]


def test_br_separated_paragraphs_and_loose_text_in_order() -> None:
    html = page("<article><h1>Bridge closes</h1><time datetime='2026-01-02'>2 Jan</time>"
                "<div class='text'>First paragraph, with a <a href='/x'>link</a> inside.<br><br>"
                "Second paragraph<br>on two lines.<p>A real paragraph.</p>Loose text after it."
                "</div></article>")
    article = read_html(html)
    assert [(s.kind, s.text) for s in article.segments] == [
        ("headline", "Bridge closes"),
        ("body", "First paragraph, with a <a1>link</a1> inside."),
        ("body", "Second paragraph<br/>on two lines."),
        ("body", "A real paragraph."),
        ("body", "Loose text after it."),
    ]
    assert article.published == "2026-01-02"


def test_the_article_with_the_most_text_wins() -> None:
    html = page("<article class='card'><p>Short teaser.</p></article>"
                f"<article><h1>Bridge closes</h1>{PARA}{PARA2}</article>")
    article = read_html(html)
    assert [(s.kind, s.included) for s in article.segments] == [
        ("boilerplate", False), ("headline", True), ("body", True), ("body", True)]


def test_lang_on_an_element_holding_all_the_text() -> None:
    html = page("<article><h1>Bridge closes</h1>"
                "<figure><figcaption><span lang='es'>El puente viejo</span></figcaption></figure>"
                f"<p>The mayor said: <i lang='fr'>c'est la vie</i>.</p>{PARA}</article>")
    segments = read_html(html).segments
    assert [(s.kind, s.lang) for s in segments] == [
        ("headline", ""), ("caption", "es"), ("body", ""), ("body", "")]
