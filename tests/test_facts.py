"""The numbers-and-facts sets (tests/data/facts.tsv, tests/data/facts_news.tsv) through real
Apertium: no fact altered; and masking hides no grammar from the engine."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presslate.i18n.config import DEFAULT_ROUTES
from presslate.i18n.engines.apertium import ApertiumEngine
from presslate.i18n.engines.base import Route, find_route
from presslate.i18n.engines.routes import pair_key, parse_routes, route_via
from presslate.i18n.masking import mask, unmask

from .conftest import require_tool

DATA = Path(__file__).parent / "data"
FILES = (DATA / "facts.tsv", DATA / "facts_news.tsv")


def cases() -> dict[tuple[str, str], list[tuple[str, list[str]]]]:
    by_pair: dict[tuple[str, str], list[tuple[str, list[str]]]] = defaultdict(list)
    for path in FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            source, target, sentence, facts = line.split("\t")
            by_pair[(source, target)].append((sentence, [f.strip() for f in facts.split(" | ")]))
    return by_pair


def normal(text: str) -> str:
    """Compare across the no-break spaces CLDR puts in French numbers."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def routes(engine: ApertiumEngine, source: str, target: str) -> list[Route]:
    """The pair's direct route, else each route through one pivot installed here (the default
    routes' pivots first)."""
    hops = engine.hops()
    direct = find_route("apertium", hops, source, target)
    if direct is not None:
        return [direct]
    preference = parse_routes(DEFAULT_ROUTES).get(pair_key(source, target))
    pivots = [*(preference.steps if preference else ()), "es", "ca"]
    found = [route_via("apertium", hops, source, p, target) for p in dict.fromkeys(pivots) if p != "direct"]
    return [r for r in found if r is not None]


def test_the_sets_are_large_and_cover_both_directions() -> None:
    by_pair = cases()
    news = sum(1 for line in FILES[1].read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#"))
    assert news >= 300
    assert len(by_pair[("en", "fr")]) >= 150 and len(by_pair[("fr", "en")]) >= 150


@pytest.mark.apertium
@pytest.mark.parametrize("pair", sorted(cases()), ids="→".join)
def test_no_fact_altered(pair: tuple[str, str]) -> None:
    """Every sentence of the pair through each of its routes, one batch per route."""
    require_tool("apertium")
    source, target = pair
    engine = ApertiumEngine()
    found = routes(engine, source, target)
    assert found, f"no Apertium route {source}→{target} here"
    items = cases()[pair]
    masked = [mask(sentence, (), source=source, target=target) for sentence, _ in items]
    altered = []
    for route in found:
        outputs = engine.translate(route, [m.text for m in masked])
        for (sentence, facts), m, out in zip(items, masked, outputs, strict=True):
            text, lost = unmask(out.text, m)
            missing = [f for f in facts if normal(f) not in normal(text)]
            if missing or lost:
                altered.append(f"{'→'.join(route.path)}: {sentence!r} -> {text!r}: missing {missing}, "
                               f"lost {lost}")
    assert not altered, "\n".join(altered)


GRAMMAR = {
    ("en", "fr"): ["The wall is 100 feet high.", "About 330,000 people were evacuated.",
                   "The deal is worth 1.36 million euros.", "The company lost 15,237 customers.",
                   "Prices rose 2.4% in 2 months, from 10 to 12 euros.",
                   "The 2,500 workers went home and 1,200 stayed."],
    ("fr", "en"): ["Environ 330 000 personnes ont été évacuées.", "La société a perdu 15 237 clients.",
                   "Le contrat vaut 1,36 million d'euros.", "Le mur mesure 100 pieds.",
                   "Les prix ont augmenté de 2,4 % en 2 mois."],
}


def words(text: str) -> str:
    """A translation with its numbers blanked: what the engine made of the words around them."""
    return " ".join(re.sub(r"\d[\d\s\u202f\u00a0.,]*\d|\d", "#", text).split())


@pytest.mark.apertium
@pytest.mark.parametrize("pair", sorted(GRAMMAR), ids="→".join)
def test_masked_numbers_leave_the_grammar_to_the_engine(pair: tuple[str, str]) -> None:
    """A masked number is a plain digit token to the engine, so around it the translation is
    the engine's own for the unmasked sentence (``100 pieds``, ``a perdu 15 237 clients``),
    not that of a sentence with a hole in it (``[[1]] les pieds``, ``perdue [[1]]``)."""
    require_tool("apertium")
    source, target = pair
    engine = ApertiumEngine()
    sentences = GRAMMAR[pair]
    masked = [mask(s, (), source=source, target=target) for s in sentences]
    for route in routes(engine, source, target):
        raw = engine.translate(route, sentences)
        through = engine.translate(route, [m.text for m in masked])
        for sentence, m, plain, out in zip(sentences, masked, raw, through, strict=True):
            text, lost = unmask(out.text, m)
            assert lost == 0
            assert words(text) == words(plain.text), (route.path, sentence, text, plain.text)


NUMBER = st.one_of(
    st.integers(min_value=0, max_value=10**9).map(str),
    st.integers(min_value=1000, max_value=10**9).map(lambda n: f"{n:,}"),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False).map(str),
    st.sampled_from(["2nd", "v2.1", "3:45", "1:09.02", "802.11n", "A320neo", "10-12", "2.4%",
                     "6.30pm", "version 2.5", "$1.5", "1,200.50"]),
)
WORD = st.sampled_from(["the", "people", "in", "about", "rose", "to", "and", "feet", "("])


@settings(deadline=None)  # the first example loads Babel's locale data
@given(st.lists(st.one_of(NUMBER, WORD), min_size=1, max_size=12))
def test_numbers_come_back_exactly_when_the_engine_copies_the_text(parts: list[str]) -> None:
    """Whatever the numbers (repeated, one the integer part of another, next to digits kept as
    written), each digit token stands for one value: copying the masked text gives the text."""
    text = " ".join(parts)
    masked = mask(text, (), source="en", target="en")
    tokens = [t for t in masked.tokens if t]
    assert len(set(tokens)) == len({(t, v) for t, v in zip(masked.tokens, masked.values, strict=True) if t})
    back, lost = unmask(masked.text, masked)
    assert (back, lost) == (text, 0)


def test_numbers_go_to_the_engine_as_digit_tokens() -> None:
    masked = mask("About 330,000 people, 2.4% of 2 towns, lost 1.36 million in 2019.", (),
                  source="en", target="fr")
    assert masked.text == "About 330000 people, 20% of 2 towns, lost 1 million in 2019."
    assert unmask("Environ 330000 personnes, 20% de 2 villes, ont perdu 1 million en 2019.", masked) == (
        "Environ 330\u202f000 personnes, 2,4% de 2 villes, ont perdu 1,36 million en 2019.", 0)
    # Kept as written, as one placeholder: identifiers, versions and section numbers.
    kept = mask("The A320neo runs version 2.5 under Article 49.3.", (), source="en", target="fr")
    assert kept.values == ("A320neo", "2.5", "49.3") and "A" not in kept.text.split()
    assert mask("Article 5 applies.", (), source="en", target="fr").text == "Article 5 applies."
    # A token the engine glued to a word is still found (Apertium: "tempsde45 kilomètres").
    glued = mask("the 1,500-seat hall", (), source="en", target="fr")
    assert unmask("la sallede1500 sièges", glued) == ("la sallede1\u202f500 sièges", 0)
    # A token the engine dropped is counted lost.
    assert unmask("Environ personnes", mask("About 330,000 people", (), source="en", target="fr"))[1] == 1
