"""The text-scrape reader and pull, on the real shared scrape and on our own examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presslate.i18n.readers.text import read_text

from .conftest import Invoke

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
