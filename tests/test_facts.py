"""The numbers-and-facts set (tests/data/facts.tsv) through real Apertium: no fact altered."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from presslate.i18n.engines.apertium import ApertiumEngine
from presslate.i18n.engines.base import find_route
from presslate.i18n.glossary import mask, unmask

from .conftest import require_tool

DATA = Path(__file__).parent / "data" / "facts.tsv"


def cases() -> dict[tuple[str, str], list[tuple[str, list[str]]]]:
    by_pair: dict[tuple[str, str], list[tuple[str, list[str]]]] = defaultdict(list)
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, target, sentence, facts = line.split("\t")
        by_pair[(source, target)].append((sentence, [f.strip() for f in facts.split(" | ")]))
    return by_pair


def normal(text: str) -> str:
    """Compare across the no-break spaces CLDR puts in French numbers."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.mark.apertium
@pytest.mark.parametrize("pair", sorted(cases()), ids="→".join)
def test_no_fact_altered(pair: tuple[str, str]) -> None:
    require_tool("apertium")
    source, target = pair
    engine = ApertiumEngine()
    route = find_route("apertium", engine.hops(), source, target, ["es"])
    assert route is not None
    items = cases()[pair]
    masked = [mask(sentence, (), source=source, target=target) for sentence, _ in items]
    outputs = engine.translate(route, [m.text for m in masked])
    altered = []
    for (sentence, facts), m, out in zip(items, masked, outputs, strict=True):
        text, lost = unmask(out.text, m)
        missing = [f for f in facts if normal(f) not in normal(text)]
        if missing or lost:
            altered.append(f"{sentence!r} -> {text!r}: missing {missing}, lost {lost}")
    assert not altered, "\n".join(altered)
