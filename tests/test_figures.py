"""The same figure reads the same in every output: publish's report (text and JSON), its
reasons, status and the review page; percentages are rounded down, never to 100%."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from presslate.i18n.status import percent_down, percent_text

from .conftest import Invoke
from .qa.catalogs import E, write_article

WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen"]
FR = ["un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
      "onze", "douze", "treize", "quatorze"]


def test_publish_status_and_review_give_one_figure(run: Invoke, workspace: Path) -> None:
    entries = [E(f"Paragraph {en} of the report.", f"Paragraphe {fr} du rapport.")
               for en, fr in zip(WORDS, FR, strict=True)]
    entries.append(E("The last paragraph of the report.", "Le dernier paragraphe du rapport.",
                     state="machine"))
    write_article(workspace, "story", {"fr": entries})  # 14 of 15 reviewed: 93.33...%
    result = run("publish")
    assert result.exit_code == 1
    assert "story [fr]: held back (93.3% reviewed)" in result.output
    assert "- 93.3% reviewed (14 of 15; 1 awaiting review or translation)" in result.output
    report = json.loads((workspace / "public" / "publish-report.json").read_text(encoding="utf-8"))
    assert report["decisions"][0]["reviewed_percent"] == 93.3
    assert re.search(r"story\s+fr\s+93\.3%", run("status").output)
    assert json.loads(run("status", "--json").output)["catalogs"][0]["percent"] == 93.3
    assert run("review", "story", "--lang", "fr", "-o", str(workspace / "r.html")).exit_code == 0
    assert "14 of 15 segments done (93.3%)" in (workspace / "r.html").read_text(encoding="utf-8")


@given(st.integers(min_value=1, max_value=10**6).flatmap(
    lambda total: st.tuples(st.integers(min_value=0, max_value=total), st.just(total))))
def test_a_percentage_reads_100_only_when_all_is_done(pair: tuple[int, int]) -> None:
    done, total = pair
    value = 100.0 * done / total
    assert (percent_text(value) == "100%") == (done == total)
    assert percent_down(value) <= value + 1e-9
    assert value - percent_down(value) < 0.1 + 1e-9
