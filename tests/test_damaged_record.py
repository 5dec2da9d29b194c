"""A damaged or hand-edited article record: one message naming the JSON path, exit 2,
nothing written, and a hint whose fix works."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from presslate.i18n.article import Article
from presslate.i18n.record import RecordError, check_record

from .conftest import EXAMPLES, Invoke
from .test_bad_input import snapshot

HARBOUR = EXAMPLES / "scrape-harbour-strike.txt"


def _good() -> dict[str, Any]:
    return {
        "record": "presslate-article/1", "slug": "h", "title": "T", "lang": "en",
        "segments": [{"id": "body-1", "kind": "body", "text": "Hello.", "lang": "en",
                      "confidence": 0.9, "lang_source": "detected", "included": True}],
        "overrides": {"body-1": {"included": False, "lang": "fr"}},
    }


def _with(path: str, value: Any) -> dict[str, Any]:
    data = _good()
    target: Any = data
    keys = path.split("/")
    for key in keys[:-1]:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if value is _DELETE:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value
    return data


_DELETE = object()

CASES: list[tuple[Any, str]] = [
    ([], "expected an object at the top, got a list"),
    ("text", "expected an object at the top, got a string"),
    (_with("overrides", [1]), "overrides: expected an object of segment id -> decision, got a list"),
    (_with("overrides", {"body-1": 1}), "overrides.body-1: expected an object"),
    (_with("overrides", {"body-1": {"include": True}}), "overrides.body-1.include: unknown key"),
    (_with("overrides", {"body-1": {"included": "no"}}),
     "overrides.body-1.included: expected true or false, got a string"),
    (_with("overrides", {"body-1": {"lang": 5}}), "overrides.body-1.lang: expected a string"),
    (_with("overrides", {"body-1": {"lang": "zz"}}),
     "overrides.body-1.lang: unknown language code 'zz'"),
    (_with("segments", {"a": 1}), "segments: expected a list, got an object"),
    (_with("segments", [1]), "segments[0]: expected an object (a segment), got a number"),
    (_with("segments/0/text", None), "segments[0].text: expected a string, got null"),
    (_with("segments/0/id", _DELETE), "segments[0].id: missing"),
    (_with("segments/0/kind", "Body Text"), "segments[0].kind: bad kind 'Body Text'"),
    (_with("segments/0/lang", "klingon"), "segments[0].lang: unknown language code 'klingon'"),
    (_with("segments/0/confidence", "high"), "segments[0].confidence: expected a number"),
    (_with("segments/0/confidence", 7), "segments[0].confidence: expected 0 to 1, got 7"),
    (_with("segments/0/included", 1), "segments[0].included: expected true or false, got a number"),
    (_with("segments/0/lang_source", "guess"), "segments[0].lang_source: expected one of"),
    (_with("segments/0/attrs", {"src": 3}), "segments[0].attrs.src: expected a string"),
    (_with("segments/0/colour", "red"), "segments[0].colour: unknown key"),
    ({**_good(), "segments": _good()["segments"] * 2}, "segments[1].id: 'body-1' is used twice"),
    (_with("title", ["x"]), "title: expected a string, got a list"),
    (_with("slug", _DELETE), "slug: missing"),
    (_with("record", "presslate-article/9"), "record: expected 'presslate-article/1'"),
    (_with("ids", ["urn:x"]), "ids: expected an object of name -> identifier, got a list"),
    (_with("ids", {"ninjs_uri": 5}), "ids.ninjs_uri: expected a string, got a number"),
]


def test_a_good_record_reads() -> None:
    article = Article.from_json(_good())
    assert article.segments[0].text == "Hello."
    assert "ids" not in article.to_json()  # a source without ids: the record as before
    with_ids = Article.from_json(_with("ids", {"wordpress_id": "7"}))
    assert with_ids.meta.ids == {"wordpress_id": "7"}
    assert with_ids.to_json()["ids"] == {"wordpress_id": "7"}
    assert dict(article.overrides) == {"body-1": {"included": False, "lang": "fr"}}


@pytest.mark.parametrize(("data", "message"), CASES)
def test_check_record_names_the_json_path(data: Any, message: str) -> None:
    with pytest.raises(RecordError) as caught:
        check_record(data)
    assert message in str(caught.value)


@pytest.fixture
def pulled(run: Invoke, workspace: Path) -> Path:
    """The harbour scrape pulled as ``h``, with a French catalog; returns its record's path."""
    assert run("pull", str(HARBOUR), "--slug", "h").exit_code == 0
    assert run("translate", "h", "--to", "fr", "--engine", "none").exit_code == 0
    return workspace / "catalogs" / "h.article.json"


DAMAGE = {
    "list": "[]\n",
    "overrides-list": None,  # the pulled record with "overrides": [1]
    "segment-text-number": None,
    "not-json": "{not json\n",
    "not-utf8": b'{"slug": "h\xff"}',
    "deep-nesting": "[" * 100_000,
    "other-slug": None,
}
COMMANDS = [
    ("show", "h"),
    ("translate", "h", "--to", "fr", "--engine", "none"),
    ("export", "h", "--lang", "fr", "--fallback", "source"),
    ("review", "h", "--lang", "fr"),
    ("segment", "h", "body-x", "--exclude"),
    ("pull", str(HARBOUR), "--slug", "h"),
]


def _damage(record: Path, how: str) -> None:
    data = json.loads(record.read_text(encoding="utf-8"))
    if how == "overrides-list":
        data["overrides"] = [1]
    elif how == "segment-text-number":
        data["segments"][2]["text"] = 3
    elif how == "other-slug":
        data["slug"] = "elsewhere"
    else:
        raw = DAMAGE[how]
        assert raw is not None
        record.write_bytes(raw if isinstance(raw, bytes) else raw.encode())
        return
    record.write_text(json.dumps(data), encoding="utf-8")


EXPECTED = {
    "list": "expected an object at the top, got a list",
    "overrides-list": "overrides: expected an object of segment id -> decision, got a list",
    "segment-text-number": "segments[2].text: expected a string, got a number",
    "not-json": ":1: the article record is damaged: not valid JSON",
    "not-utf8": "not UTF-8 text",
    "deep-nesting": "nested too deeply",
    "other-slug": "slug: 'elsewhere' does not match the file's name (h.article.json)",
}


@pytest.mark.parametrize("how", list(DAMAGE))
@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_command_refuses_a_damaged_record(run: Invoke, workspace: Path, pulled: Path,
                                                how: str, command: tuple[str, ...]) -> None:
    _damage(pulled, how)
    before = snapshot(workspace)
    result = run(*command)
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"presslate: error: {pulled}")
    assert "the article record is damaged" in lines[0]
    assert EXPECTED[how] in lines[0]
    assert "git checkout" in result.output and "delete it and pull the article again" in result.output
    assert snapshot(workspace) == before


def test_the_hinted_fixes_work(run: Invoke, workspace: Path, pulled: Path) -> None:
    good = pulled.read_bytes()
    # Restoring the file (as version control would) makes every command work again.
    pulled.write_text('{"slug": "h", "segments": [], "overrides": [1]}', encoding="utf-8")
    assert run("show", "h").exit_code == 2
    pulled.write_bytes(good)
    assert run("show", "h").exit_code == 0
    # Deleting it and pulling again rebuilds it; the translator's catalog is kept.
    catalog = workspace / "catalogs" / "fr" / "LC_MESSAGES" / "h.po"
    po = catalog.read_bytes()
    pulled.write_text("[]", encoding="utf-8")
    pulled.unlink()
    result = run("pull", str(HARBOUR), "--slug", "h")
    assert result.exit_code == 0, result.output
    assert json.loads(pulled.read_text(encoding="utf-8"))["segments"] == json.loads(good)["segments"]
    assert catalog.read_bytes() == po
    assert run("show", "h").exit_code == 0
