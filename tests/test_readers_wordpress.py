"""The WordPress REST API reader: a post, a list of posts, embedded media and authors,
Polylang and WPML language fields; what is not a post is reported, not pulled."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from presslate.i18n.errors import SchemaError
from presslate.i18n.readers import read_articles, sniff_format
from presslate.i18n.readers.wordpress import read_wordpress

from .conftest import EXAMPLES, Invoke

POST = EXAMPLES / "formats" / "wordpress-post-fr.json"
POSTS = EXAMPLES / "formats" / "wordpress-posts-en.json"
SLUG = "crue-de-la-vezere-les-quais-de-montbrac-evacues"


def post(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": 1, "type": "post", "link": "https://wp.example/p1/",
        "title": {"rendered": "Le pont ferme"},
        "content": {"rendered": "<p>Le conseil a voté mardi la fermeture du pont.</p>",
                    "protected": False},
    }
    data.update(changes)
    return data


def test_post_with_embedded_media_and_polylang() -> None:
    reading = read_wordpress(POST.read_text(encoding="utf-8"), origin=str(POST))
    (article,) = reading.articles
    assert article.title == "Crue de la Vézère : les quais de Montbrac évacués"
    assert article.author == "Camille Delmas"
    assert article.published == "2026-03-19T10:20:00Z"
    assert article.lang == "fr"
    assert article.url.endswith("/2026/03/19/crue-de-la-vezere-les-quais-evacues/")
    assert article.extra == {
        "wordpress_id": "2718", "wordpress_slug": "crue-de-la-vezere-les-quais-evacues",
        "wordpress_guid": "https://echo-des-vallons.example/?p=2718",
        "translation_es": "2731", "translation_fr": "2718"}
    kinds = [(s.kind, s.included) for s in article.segments]
    assert kinds == [
        ("headline", True), ("standfirst", False), ("alt", True), ("caption", True), ("body", True),
        ("body", True), ("alt", True), ("caption", True), ("subheading", True), ("body", True),
        ("quote", True), ("body", True), ("share", False), ("categories", False)]
    excerpt = article.segments[1]
    assert excerpt.reason == "WordPress's automatic excerpt, repeating the start of the post"
    assert article.segments[2].text == "La rivière en crue sous le pont de Montbrac"
    featured = article.segments[3]
    assert featured.text == "La Vézère sous le vieux pont de Montbrac, mercredi soir."
    assert featured.attrs == {
        "src": "https://echo-des-vallons.example/wp-content/uploads/2026/03/vezere-crue.jpg",
        "alt": "La rivière en crue sous le pont de Montbrac"}
    assert article.segments[6].text == "Un quai inondé sous un ciel gris"
    inline = article.segments[7]
    assert inline.text == "Le quai Jean-Moulin sous cinquante centimètres d’eau, jeudi matin."
    assert inline.attrs["alt"] == "Un quai inondé sous un ciel gris"
    assert article.segments[-1].text == "Environnement, Inondations, Montbrac"


def test_list_of_posts_with_wpml_and_a_protected_post() -> None:
    reading = read_wordpress(POSTS.read_text(encoding="utf-8"), origin=str(POSTS))
    assert [a.title for a in reading.articles] == [
        "Dunmore library extends its opening hours",
        "New bus route links the estates to the hospital"]
    library = reading.articles[0]
    assert library.lang == "en-US"
    assert library.extra["translation_es-ES"] == "911"
    assert library.segments[1].kind == "standfirst" and library.segments[1].included
    assert [(s.where, s.title) for s in reading.skipped] == [
        ("posts[2]", "Members only: our interview with the mayor")]
    assert "password-protected" in reading.skipped[0].reason


def test_sniffed_from_its_keys() -> None:
    for path in (POST, POSTS):
        assert sniff_format(path.read_text(encoding="utf-8"), path.name) == "wordpress"
    assert sniff_format(json.dumps(post()), "post", "application/json") == "wordpress"
    # presslate's own JSON stays json.
    own = (EXAMPLES / "cms-export-elections.json").read_text(encoding="utf-8")
    assert sniff_format(own, "export.json") == "json"


def test_attachment_and_objects_that_are_not_posts_are_skipped() -> None:
    text = json.dumps([post(), post(id=2, type="attachment"), {"title": {"rendered": "x"}}])
    reading = read_articles(text, fmt="wordpress", origin="posts.json")
    assert len(reading.articles) == 1
    assert [s.reason for s in reading.skipped] == [
        "a media attachment, not a post", "no content.rendered (not a post object)"]


def test_bad_json_names_the_problem() -> None:
    with pytest.raises(SchemaError, match="not valid JSON"):
        read_wordpress("[{", origin="p.json")
    with pytest.raises(SchemaError, match=r"posts\[1\]: expected a post object, got a number"):
        read_wordpress(json.dumps([post(), 3]), origin="p.json")
    with pytest.raises(SchemaError, match="an empty list of posts"):
        read_wordpress("[]", origin="p.json")


def test_dates_without_gmt_and_hostile_values() -> None:
    text = json.dumps(post(date="2026-01-02T03:04:05", lang=7, _embedded={"author": "x"},
                           excerpt=["not", "an", "object"]))
    (article,) = read_wordpress(text).articles
    assert article.published == "2026-01-02T03:04:05"
    assert article.lang == "" and article.author == ""


def test_pull_a_post(run: Invoke, workspace: Path) -> None:
    result = run("pull", str(POST))
    assert result.exit_code == 0, result.output
    assert f"pulled {SLUG}" in result.output
    data = json.loads(run("show", SLUG, "--json").output)
    assert data["format"] == "wordpress"
    assert data["lang"] == "fr"
    assert data["ids"]["wordpress_id"] == "2718"
    shown = run("show", SLUG).output
    assert "  ids: translation_es 2731, translation_fr 2718, wordpress_guid" in shown


def test_pull_a_list_reports_the_protected_post(run: Invoke, workspace: Path) -> None:
    result = run("pull", str(POSTS))
    assert result.exit_code == 3, result.output
    assert "pulled dunmore-library-extends-its-opening-hours" in result.output
    assert "pulled new-bus-route-links-the-estates-to-the-hospital:" in result.output
    assert "posts[2] (Members only: our interview with the mayor) not pulled" in result.output
    assert "--follow" not in result.output


def test_a_protected_post_alone_is_refused(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(post(content={"rendered": "", "protected": True})), encoding="utf-8")
    result = run("pull", str(path))
    assert result.exit_code == 2, result.output
    assert "password-protected" in result.output
    assert not (workspace / "catalogs").exists() or not any((workspace / "catalogs").iterdir())
