"""A segment's Apertium translation depends only on its own text, the route and the engine:
translated alone, or in a batch after unrelated segments, it gives the same bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslate.i18n.engines.apertium import ApertiumEngine, unknown_words
from presslate.i18n.engines.base import Route, find_route

from .conftest import Invoke, require_tool
from .support.articles import add_article

# "included" in an earlier segment changes how Apertium's tagger reads "hunt" in a later one
# ("Caza" against "Cazar"); the other segments are unrelated news sentences.
EARLIER = [
    "Its diet included turtles, large fish and other animals.",
    "The council met on Tuesday to discuss the budget.",
    "Danius said the committee had tried to reach the winner.",
    "Shares fell sharply after the company warned about profits.",
    "The minister included two new members in the cabinet.",
    "Rescue teams searched the area through the night.",
]
SUBJECT = [
    "Ocelots hunt their prey by blending in with their surroundings.",
    "Danius said the committee had tried to reach the winner.",
    "The storm downed power lines across the region.",
    "They hunt at night and sleep during the day.",
]


def route(engine: ApertiumEngine, source: str, target: str) -> Route:
    found = find_route("apertium", engine.hops(), source, target, ["es"])
    assert found is not None, f"no apertium route {source}→{target}"
    return found


@pytest.mark.apertium
@pytest.mark.parametrize("source, target", [("en", "es"), ("en", "fr")])
def test_segments_alone_and_in_a_batch_give_the_same_bytes(source: str, target: str) -> None:
    require_tool("apertium")
    engine = ApertiumEngine()
    way = route(engine, source, target)
    alone = [engine.translate(way, [text])[0].text for text in SUBJECT]
    batch = engine.translate(way, [*EARLIER * 4, *SUBJECT, *EARLIER])
    assert [t.text for t in batch[len(EARLIER) * 4:][:len(SUBJECT)]] == alone
    backwards = engine.translate(way, [*reversed(SUBJECT), *reversed(EARLIER)])
    assert [t.text for t in backwards[:len(SUBJECT)]][::-1] == alone


@pytest.mark.apertium
def test_engine_output_matches_apertium_text_mode_for_one_segment() -> None:
    """The split pipeline translates a lone segment as `apertium -f txt` does."""
    import subprocess

    require_tool("apertium")
    engine = ApertiumEngine()
    way = route(engine, "en", "es")
    for text in SUBJECT:
        raw = subprocess.run(["apertium", "-f", "txt", "eng-spa"], input=text + "\n", capture_output=True,
                             text=True, check=True).stdout
        out = engine.translate(way, [text])[0]
        assert out.unknown == tuple(unknown_words(raw))
        assert out.text == " ".join(raw.replace("*", "").split())


@pytest.mark.apertium
def test_article_translated_alone_or_with_others_gives_the_same_catalog(run: Invoke, workspace: Path) -> None:
    require_tool("apertium")
    add_article(workspace, "other", [("body", text, "en") for text in EARLIER])
    add_article(workspace, "wildlife", [("body", text, "en") for text in SUBJECT])
    alone = run("translate", "--to", "es", "--engine", "apertium", "wildlife")
    assert alone.exit_code == 0, alone.output
    po = workspace / "catalogs" / "es" / "LC_MESSAGES" / "wildlife.po"
    first = po.read_bytes()
    po.unlink()
    together = run("translate", "--to", "es", "--engine", "apertium")
    assert together.exit_code == 0, together.output
    assert po.read_bytes() == first
