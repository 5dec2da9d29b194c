"""The text-scrape reader and pull, on the real shared scrape and on our own examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presslate.i18n.readers.text import read_text

from .conftest import EXAMPLES, Invoke

SLUG = "netanyahu-putin"


def pulled(run: Invoke, path: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    result = run("pull", str(path), "--slug", SLUG, *extra)
    assert result.exit_code == 0, result.output
    shown = run("show", SLUG, "--json")
    assert shown.exit_code == 0, shown.output
    data: dict = json.loads(shown.output)  # type: ignore[type-arg]
    return data


@pytest.mark.shared
def test_shared_scrape_segments(run: Invoke, shared_article: Path) -> None:
    data = pulled(run, shared_article)
    included = [s for s in data["segments"] if s["included"]]
    kinds = [s["kind"] for s in included]
    assert kinds == ["headline", "caption"] + ["body"] * 13
    headline, caption = included[0], included[1]
    assert headline["text"] == "Netanyahu, Putin agree to meet after downing of Russian plane over Syria"
    assert caption["lang"] == "fr"
    assert caption["text"].startswith("Le président russe Vladimir Poutine")
    assert all(s["lang"] == "en" for s in included if s["kind"] == "body")
    assert data["site"] == "i24NEWS"
    assert data["lang"] == "en"


@pytest.mark.shared
def test_shared_scrape_exclusions_keep_reasons(run: Invoke, shared_article: Path) -> None:
    data = pulled(run, shared_article)
    excluded = [s for s in data["segments"] if not s["included"]]
    by_kind = {(s["kind"], s["text"][:20]): s["reason"] for s in excluded}
    assert ("tracking", "Quantcast") in by_kind
    assert any(k == "page-title" and "i24NEWS" in t for k, t in by_kind)
    assert sum(1 for k, _ in by_kind if k == "navigation") == 2
    after_end = [s for s in excluded if s["reason"] == "text after the end of the article"]
    assert [s["text"][:12] for s in after_end] == ["I want, duri", "This downing"]
    assert len(excluded) == 6
    assert all(s["reason"] for s in excluded)


@pytest.mark.shared
def test_editor_can_include_and_it_survives_a_new_pull(run: Invoke, shared_article: Path,
                                                       workspace: Path) -> None:
    data = pulled(run, shared_article)
    late = next(s for s in data["segments"] if s["text"].startswith("This downing"))
    result = run("segment", SLUG, late["id"], "--include")
    assert result.exit_code == 0, result.output
    again = pulled(run, shared_article)
    seg = next(s for s in again["segments"] if s["id"] == late["id"])
    assert seg["included"] is True
    pot = (workspace / "catalogs" / f"{SLUG}.pot").read_text(encoding="utf-8")
    assert "This downing was ordered by Khamenei." in pot


def test_title_line_without_repeat_becomes_headline() -> None:
    article = read_text("Example Daily | Floods close the valley road\n\nThe road was closed on "
                        "Monday after heavy rain, officials said.\n")
    assert article.site == "Example Daily"
    first = article.segments[0]
    assert (first.kind, first.text) == ("headline", "Floods close the valley road")


HARBOUR = EXAMPLES / "scrape-harbour-strike.txt"


def test_bundled_scrape_has_the_shape_of_the_shared_one(run: Invoke) -> None:
    result = run("pull", str(HARBOUR), "--slug", "harbour-strike")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("pulled harbour-strike: 9 segments (en, fr), 6 excluded")
    data = json.loads(run("show", "harbour-strike", "--json").output)
    included = [s for s in data["segments"] if s["included"]]
    assert [s["kind"] for s in included] == ["headline", "caption"] + ["body"] * 7
    assert included[0]["text"] == ("Dockers at Port Alder strike over night-shift cuts, "
                                   "halting container traffic")
    assert included[1]["lang"] == "fr"
    assert {s["lang"] for s in included if s["kind"] == "body"} == {"en"}
    assert data["site"] == "Port Alder Herald"
    excluded = [(s["kind"], s["reason"]) for s in data["segments"] if not s["included"]]
    assert excluded == [
        ("tracking", "tracking or analytics word from the page scrape"),
        ("page-title", "page title repeating the headline"),
        ("body", "text after the end of the article"),
        ("body", "text after the end of the article"),
        ("navigation", "page navigation (previous/next article links)"),
        ("navigation", "page navigation (previous/next article links)"),
    ]


def test_show_text_output_lists_exclusions(run: Invoke) -> None:
    run("pull", str(HARBOUR), "--slug", "harbour-strike")
    result = run("show", "harbour-strike")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == ("harbour-strike: Dockers at Port Alder strike over night-shift cuts, "
                        "halting container traffic")
    assert lines[1] == "  language en, site Port Alder Herald"
    assert sum(1 for line in lines if line.startswith("+ ")) == 9
    assert sum(1 for line in lines if line.startswith("- ")) == 6
    assert sum(1 for line in lines if "excluded: " in line) == 6
    only = run("show", "harbour-strike", "--included").output.splitlines()
    assert not any(line.startswith("- ") for line in only)


BRIDGE = (
    "Town Times | Bridge closes to lorries\r\n\r\nBridge closes to lorries\r\n\r\nBy Ann Smith\r\n\r\n"
    "Engineers found cracks in two piers; the ring road takes the traffic.\r\n\r\n"
    "The council voted on Tuesday to close the old bridge to lorries from next month, after "
    "engineers found cracks in two of its piers during a routine inspection.\r\n\r\n"
    "Drivers will have to use the ring road, which adds about twelve minutes to a journey across "
    "town at peak times, the council said in a statement on Wednesday.\r\n\r\n"
    "The bridge, built in 1887, carries about 14,000 vehicles a day.\r\n"
)


def test_byline_standfirst_and_crlf() -> None:
    article = read_text(BRIDGE)
    assert [(s.kind, s.included) for s in article.segments] == [
        ("page-title", False), ("headline", True), ("byline", True), ("standfirst", True),
        ("body", True), ("body", True), ("body", True)]
    assert (article.author, article.site, article.title) == (
        "Ann Smith", "Town Times", "Bridge closes to lorries")


def test_even_gaps_exclude_nothing() -> None:
    text = BRIDGE.replace("\r\n\r\nThe bridge, built", "\r\n\r\n\r\n\r\nThe bridge, built")
    assert read_text(text).segments[-1].included is False  # a wider gap ends the article
    assert all(s.included for s in read_text(BRIDGE).segments[1:])
