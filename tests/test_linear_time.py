"""Hostile input: every reader takes time linear in its input.

Each pattern is read at size n and 4n (best of 3 runs each); a linear reader takes about 4
times as long, a quadratic one 16 times. The bound (8 times, plus a small constant for
timer noise) is generous for a linear reader and fails a quadratic one, without any fixed
wall-clock limit.
"""

from __future__ import annotations

import contextlib
import gc
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from presslate.i18n.errors import PresslateError
from presslate.i18n.readers import RawArticle
from presslate.i18n.readers.html import read_html
from presslate.i18n.readers.jsonfmt import read_json
from presslate.i18n.readers.markdown import read_markdown
from presslate.i18n.readers.text import read_text

from .conftest import Invoke

Reader = Callable[..., RawArticle]
H = "# Headline\n\n"
P = "Le conseil municipal a voté mardi la fermeture du pont pour des travaux urgents. "
ARTICLE = "<html><body><article><h1>Headline</h1>{}</article></body></html>"

# name -> (reader, make(n) -> text, n)
PATTERNS: dict[str, tuple[Reader, Callable[[int], str], int]] = {
    "md-emphasis": (read_markdown, lambda n: H + "*a " * n, 2500),
    "md-brackets": (read_markdown, lambda n: H + "[" * n, 1000),
    "md-underscores": (read_markdown, lambda n: H + "_" * n, 40000),
    "md-nested-quotes": (read_markdown, lambda n: H + "".join(">" * (i % 40) + " a\n"
                                                              for i in range(n)), 500),
    "md-backticks": (read_markdown, lambda n: H + " ".join("`" * (i % 64 + 1) for i in range(n)),
                     2000),
    "md-angle-brackets": (read_markdown, lambda n: H + "<" * n, 8000),
    "md-unclosed-html": (read_markdown, lambda n: H + "<div>\n" + "<!--<" * n, 20000),
    "md-image-openers": (read_markdown, lambda n: H + "![" * n, 800),
    "md-link-openers": (read_markdown, lambda n: H + "[a](" * n, 800),
    "md-paragraphs": (read_markdown, lambda n: H + "a\n\n" * n, 800),
    "md-front-matter": (read_markdown, lambda n: "---\n" + "key: value\n" * n + "---\n" + H, 500),
    "html-nesting": (read_html, lambda n: ARTICLE.format("<div>" * n + f"<p>{P}</p>"), 20000),
    "html-attribute": (read_html, lambda n: ARTICLE.format(f'<p title="{"x" * n}">{P}</p>'), 200000),
    "html-paragraphs": (read_html, lambda n: ARTICLE.format(f"<p>{P}</p>" * n), 300),
    "html-tiny-paragraphs": (read_html, lambda n: ARTICLE.format("<p>a</p>" * n + f"<p>{P}</p>"),
                             300),
    "html-articles": (read_html, lambda n: "<html><body>" + f"<article><h1>H</h1><p>{P}</p>"
                      "</article>" * n + "</body></html>", 300),
    "html-angle-brackets": (read_html, lambda n: ARTICLE.format(f"<p>{P}" + "<" * n + "</p>"),
                            20000),
    "html-inline-nesting": (read_html, lambda n: ARTICLE.format(
        f"<p>{P}" + "<em> <strong> " * n + "x" + " </strong></em>" * n + "</p>"), 100),
    "html-empty-inline": (read_html, lambda n: ARTICLE.format(
        f"<p>{P}" + "<em><b>" * n + " " + "</b></em>" * n + "<br>" * n + "</p>"), 100),
    "html-links": (read_html, lambda n: ARTICLE.format(f"<p>{P}" + '<a href="/x">a</a> ' * n + "</p>"),
                   2000),
    "md-links-and-breaks": (read_markdown, lambda n: H + "[a](/x) *b*\\\n" * n, 2000),
    "json-inline-html": (read_json, lambda n: json.dumps({"headline": "H", "body": [
        "<em>a</em> <a href='/x'>b</a><br>" * n]}), 2000),
    "json-paragraphs": (read_json, lambda n: json.dumps({"headline": "H", "body": ["a"] * n}), 2000),
    "json-long-text": (read_json, lambda n: json.dumps({"headline": "H", "body": ["a " * n]}),
                       20000),
    "json-nesting": (read_json, lambda n: '{"headline": "H", "body": [' + "[" * n, 20000),
    "text-paragraphs": (read_text, lambda n: "Headline here\n\n" + f"{P}\n\n" * n, 300),
    "text-tiny-paragraphs": (read_text, lambda n: "Headline here\n\n" + "a\n\n" * n, 1000),
    "text-long-line": (read_text, lambda n: "Headline here\n\n" + P * n, 1000),
    "text-spaces": (read_text, lambda n: "Headline here\n\n" + P + " " * n + "x\n", 100000),
}


def _best_of_3(read: Reader, text: str) -> float:
    best = float("inf")
    gc.collect()
    gc.disable()  # the collector's pauses are noise here
    try:
        for _ in range(3):
            start = time.perf_counter()
            with contextlib.suppress(PresslateError):  # refusing the input is fine
                read(text, origin="hostile")
            best = min(best, time.perf_counter() - start)
    finally:
        gc.enable()
    return best


@pytest.mark.parametrize("name", list(PATTERNS))
def test_reading_time_grows_linearly(name: str) -> None:
    read, make, n = PATTERNS[name]
    timings = []
    for _ in range(3):  # a busy machine can slow one measurement; a quadratic reader fails all
        small = _best_of_3(read, make(n))
        large = _best_of_3(read, make(4 * n))
        if large < 8 * small + 0.02:
            return
        timings.append(f"{small:.4f}s at n={n}, {large:.4f}s at 4n")
    pytest.fail(f"{name}: {'; '.join(timings)}")


@pytest.mark.parametrize(("name", "text", "message"), [
    ("story.json", '{"headline": "H", "body": [' + "[" * 5000 + "]" * 5000 + "]}",
     "not valid JSON: nested too deeply"),
    ("story.md", "---\n" + "[" * 5000 + "\n---\n# H\n",
     "the front matter is not 'key: value' YAML: nested too deeply"),
], ids=["json", "md-front-matter"])
def test_deep_nesting_is_one_message(run: Invoke, workspace: Path, tmp_path: Path, name: str,
                                     text: str, message: str) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    result = run("pull", str(source))
    assert result.exit_code == 2
    assert result.output.startswith(f"presslate: error: {source}")
    assert message in result.output.splitlines()[0]
    assert list(workspace.iterdir()) == []


def test_deep_json_ld_in_a_page_is_ignored(run: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "story.html"
    source.write_text('<html><head><script type="application/ld+json">' + "[" * 5000 + "]" * 5000
                      + "</script></head><body>" + ARTICLE.format(f"<p>{P}</p>") + "</body></html>",
                      encoding="utf-8")
    result = run("pull", str(source), "--slug", "story")
    assert result.exit_code == 0, result.output


def test_deep_findings_json_is_one_message() -> None:
    from presslate.i18n.errors import ExportError
    from presslate.i18n.export.review import parse_findings

    with pytest.raises(ExportError, match="the findings are not JSON: nested too deeply"):
        parse_findings("[" * 5000, path="findings.json")
