"""The IPTC ninjs reader: 1.x, 2.x and 3.x documents, the specification's rules checked for
the version a document claims, and items that are not articles refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from presslate.i18n.errors import SchemaError
from presslate.i18n.readers import read_articles, sniff_format
from presslate.i18n.readers.ninjs import read_ninjs
from presslate.i18n.readers.ninjs_rules import check_ninjs

from .conftest import EXAMPLES, Invoke

V1 = EXAMPLES / "formats" / "ninjs-1-ferry.json"
V2 = EXAMPLES / "formats" / "ninjs-2-floods.json"
V3 = EXAMPLES / "formats" / "ninjs-3-cycle-lane.json"


def read(data: Any) -> Any:
    return read_ninjs(json.dumps(data), origin="item.json")


def text2(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"uri": "urn:x:1", "type": "text",
                            "headlines": [{"value": "Bridge closes"}],
                            "bodies": [{"contenttype": "text/plain",
                                        "value": "The Merrow bridge closes on Monday."}]}
    data.update(changes)
    return data


def test_version_1_text_with_a_picture() -> None:
    (article,) = read_ninjs(V1.read_text(encoding="utf-8"), origin=str(V1)).articles
    assert article.title == "Skellan Island ferry back in service after storm"
    assert article.author == "Megan Ashby, Northwire"
    assert article.published == "2026-03-17T10:05:00Z"
    assert article.lang == "en"
    assert article.extra == {"ninjs_uri": "urn:newsml:northwire.example:20260317:nw-0412",
                             "ninjs_version": "1.x", "ninjs_item_version": "2",
                             "altid_northwire": "NW-0412"}
    assert [(s.kind, s.included) for s in article.segments] == [
        ("headline", True), ("standfirst", True), ("dateline", True), ("caption", True),
        ("body", True), ("body", True), ("subheading", True), ("body", True), ("ednote", False)]
    caption = article.segments[3]
    assert caption.attrs == {"src": "https://media.northwire.example/2026/03/nw-0412-p1.jpg",
                             "credit": "Photo: Iain Corrie"}
    assert article.segments[-1].reason == "editorial note, not for publication"


def test_version_2_headlines_bodies_and_associations() -> None:
    (article,) = read_ninjs(V2.read_text(encoding="utf-8"), origin=str(V2)).articles
    assert article.title.startswith("Crue de la Vézère")
    assert article.extra["ninjs_version"] == "2.x"
    assert article.extra["altid_internal"] == "AM-7781"
    kinds = [(s.kind, s.included) for s in article.segments]
    assert kinds == [
        ("headline", True), ("headline", False), ("standfirst", True), ("dateline", True),
        ("caption", True), ("related", False), ("body", True), ("body", True), ("quote", True),
        ("body", True)]
    assert article.segments[1].reason == "another headline of the item (role short)"
    assert article.segments[4].attrs["src"] == "https://media.agence-meridien.example/am-7781-p1.jpg"


def test_version_3_camel_case_and_claimed_version() -> None:
    (article,) = read_ninjs(V3.read_text(encoding="utf-8"), origin=str(V3)).articles
    assert article.extra["ninjs_version"] == "3.0"
    assert article.published == "2026-03-16T17:20:00Z"
    assert [s.kind for s in article.segments] == [
        "headline", "standfirst", "dateline", "caption", "body", "body", "body", "ednote"]


def test_sniffed_from_its_keys() -> None:
    for path in (V1, V2, V3):
        assert sniff_format(path.read_text(encoding="utf-8"), path.name) == "ninjs"


@pytest.mark.parametrize(("data", "message"), [
    ({"type": "text", "headlines": [{"value": "x"}]}, "uri: missing"),
    (text2(uri=""), "uri: expected a non-empty string"),
    (text2(type="article"), "type: 'article' is not a ninjs 2.x type"),
    ({"uri": "u", "type": "event", "headline": "x"}, "type: 'event' is not a ninjs 1.x type"),
    (text2(standard={"version": "2.0"}, body_html="<p>x</p>"),
     "body_html: a ninjs 1.x property in a 2.0 document"),
    (text2(body_html="<p>x</p>"), "headlines: a ninjs 2.x/3.x property in a 1.x document"),
    (text2(versionCreated="2026-03-01T10:00:00Z", versioncreated="2026-03-01T10:00:00Z"),
     "versioncreated: a ninjs 2.x name in a 3.x document"),
    (text2(standard={"version": "2.1"}, versionCreated="2026-03-01T10:00:00Z"),
     "versionCreated: a ninjs 3.x name in a 2.1 document"),
    ({"uri": "u", "headline": "x", "bodies": []}, "bodies: a ninjs 2.x/3.x property in a 1.x"),
    (text2(versioncreated="yesterday"), "versioncreated: expected an ISO 8601 date-time"),
    (text2(pubstatus="live"), "pubstatus: expected one of usable, withheld, canceled"),
    (text2(urgency="3"), "urgency: expected a number, got a string"),
    (text2(headlines=[{"role": "main"}]), r"headlines\[0\].value: missing"),
    (text2(bodies="text"), "bodies: expected a list of objects"),
    (text2(by=["A", "B"]), "by: expected a string, got a list"),
    (text2(associations=[{"uri": "u2", "type": "picture"}]), r"associations\[0\].name: missing"),
    (text2(associations=[{"name": "p", "type": "picture"}]), r"associations\[0\].uri: missing"),
    (text2(associations={"p": {"uri": "u2"}}), "associations: expected a list of ninjs objects"),
    ({"uri": "u", "headline": "x", "associations": {"p": {"type": "picture"}}},
     "associations.p.uri: missing"),
    (text2(standard={"version": "4.0"}), "standard.version: expected a ninjs version"),
    ([text2()], "expected a ninjs object at the top, got a list"),
])
def test_specification_rules(data: Any, message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        read(data)


def test_claimed_version_decides_the_names() -> None:
    assert check_ninjs(text2()).major == 2
    assert check_ninjs(text2(standard={"name": "ninjs", "version": "2.1"})).label == "2.1"
    three = {"uri": "u", "altIds": [], "headlines": [{"value": "x"}]}
    assert check_ninjs(three).major == 3


def test_a_picture_item_is_not_an_article(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    path = tmp_path / "photo.json"
    path.write_text(json.dumps({
        "uri": "urn:x:p", "type": "picture", "headlines": [{"value": "Harbour at dusk"}],
        "descriptions": [{"value": "Boats moored in Port Aldwick harbour at dusk."}]}),
        encoding="utf-8")
    result = run("pull", str(path))
    assert result.exit_code == 2, result.output
    assert "a ninjs picture item, not a text article" in result.output
    assert not (workspace / "catalogs").exists() or not any((workspace / "catalogs").iterdir())


def test_a_text_item_without_body_is_not_an_article() -> None:
    reading = read_articles(json.dumps(text2(bodies=[])), fmt="ninjs", origin="x.json")
    assert reading.articles == ()
    assert "no body text" in reading.skipped[0].reason


def test_a_composite_package_gives_its_text_items() -> None:
    package = {"uri": "urn:x:pkg", "type": "composite", "associations": [
        {"name": "story1", **text2(uri="urn:x:1")},
        {"name": "story2", **text2(uri="urn:x:2", headlines=[{"value": "Ferry resumes"}])},
        {"name": "photo", "uri": "urn:x:3", "type": "picture"}]}
    reading = read(package)
    assert [a.title for a in reading.articles] == ["Bridge closes", "Ferry resumes"]
    assert [a.extra["ninjs_uri"] for a in reading.articles] == ["urn:x:1", "urn:x:2"]
    assert [(s.where, s.reason) for s in reading.skipped] == [
        ("associations photo", "a ninjs picture item, not a text article")]


def test_pull_ninjs_examples(run: Invoke, workspace: Path) -> None:
    result = run("pull", str(V1), str(V2), str(V3))
    assert result.exit_code == 0, result.output
    data = json.loads(run("show", "skellan-island-ferry-back-in-service-after-storm", "--json").output)
    assert data["format"] == "ninjs"
    assert data["ids"]["ninjs_uri"] == "urn:newsml:northwire.example:20260317:nw-0412"
    assert data["lang"] == "en"
    assert any(s["kind"] == "ednote" and not s["included"] for s in data["segments"])
