"""Main-text extraction: presslate's HTML reader and trafilatura on the same pages, same run.

Each page ``NAME.html`` in the data folder (default ``tests/data/extraction``,
pages written for this project) has its gold in ``NAME.json``: ``headline``,
``standfirst``, ``body`` (paragraphs and subheadings, in order), ``captions``,
or ``refuse: true`` for a page that lists articles rather than being one.
For both extractors it prints, page by page and in total:

* body F1: bag-of-tokens F1 of the article's text (standfirst and body; not
  the headline or captions) against the gold's (words; CJK characters one by
  one);
* headline exact (normalised whitespace), refusals of pages with an article,
  and presslate's figure captions found (trafilatura has no captions);
* time: best of ``--repeat`` runs in milliseconds (the two run in turn), and
  presslate's time over trafilatura's, with metadata and with its default
  ``extract(html)`` (text only).

trafilatura runs with its defaults plus metadata (for the headline), comments
left out: ``bare_extraction(html, with_metadata=True, include_comments=False)``.

    python benchmarks/extraction_bench.py [--data DIR] [--repeat N] [--pages]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from presslate.i18n.article import normalize_text
from presslate.i18n.errors import SourceError
from presslate.i18n.inline import plain_text
from presslate.i18n.readers.html import read_html

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "extraction"
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
_TEXT_KINDS = ("standfirst", "body", "subheading", "quote")


def tokens(text: str) -> Counter[str]:
    return Counter(t.casefold() for t in _TOKEN.findall(text))


def f1(found: str, gold: str) -> float:
    got, want = tokens(found), tokens(gold)
    common = sum((got & want).values())
    if not got and not want:
        return 1.0
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


@dataclass(frozen=True)
class Result:
    refused: bool
    headline: str = ""
    text: str = ""
    captions: tuple[str, ...] = ()


def run_presslate(html: str) -> Result:
    try:
        article = read_html(html, origin="bench")
    except SourceError:
        return Result(refused=True)
    included = [s for s in article.segments if s.included]
    return Result(
        refused=False,
        headline=article.title,
        text="\n".join(plain_text(s.text) for s in included if s.kind in _TEXT_KINDS),
        captions=tuple(plain_text(s.text) for s in included if s.kind == "caption"),
    )


def run_trafilatura(html: str) -> Result:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if doc is None or isinstance(doc, dict) or not (doc.text or "").strip():
        return Result(refused=True)
    return Result(refused=False, headline=doc.title or "", text=doc.text or "")


def trafilatura_text_only(html: str) -> object:
    """trafilatura's default call, ``extract(html)``: the text alone, no metadata."""
    import trafilatura

    return trafilatura.extract(html)


def best_ms(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """Each function's fastest of ``repeat`` runs in milliseconds, the functions run in turn
    so that a busy moment of the machine slows all of them alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return [b * 1000 for b in best]


@dataclass
class Tally:
    pages: int = 0
    f1: float = 0.0
    headlines: int = 0
    refused: int = 0
    captions: int = 0
    ms: float = 0.0

    def add(self, gold: dict[str, object], result: Result, ms: float) -> float:
        self.pages += 1
        self.ms += ms
        want_text = "\n".join([str(gold.get("standfirst", ""))] + [str(p) for p in gold["body"]])  # type: ignore[attr-defined]
        score = 0.0 if result.refused else f1(result.text, want_text)
        self.f1 += score
        self.refused += result.refused
        self.headlines += normalize_text(result.headline) == normalize_text(str(gold["headline"]))
        found = {normalize_text(c) for c in result.captions}
        self.captions += sum(normalize_text(str(c)) in found for c in gold.get("captions", []))  # type: ignore[attr-defined]
        return score


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--pages", action="store_true", help="print a line per page")
    args = parser.parse_args()
    tools = {"presslate": run_presslate, "trafilatura": run_trafilatura}
    tallies = {name: Tally() for name in tools}
    fronts = dict.fromkeys(tools, 0)
    n_fronts = n_captions = 0
    text_only_ms = 0.0
    if args.pages:
        print(f"{'page':<28} {'presslate F1':>12} {'trafilatura F1':>14} {'ms':>6} {'traf ms':>7}")
    for path in sorted(args.data.glob("*.html")):
        html = path.read_text(encoding="utf-8")
        gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        row: list[str] = []
        calls: list[Callable[[], object]] = [partial(tool, html) for tool in tools.values()]
        timings = best_ms([*calls, partial(trafilatura_text_only, html)], args.repeat)
        text_only = timings.pop()
        text_only_ms += 0.0 if gold.get("refuse") else text_only
        for (name, tool), ms in zip(tools.items(), timings, strict=True):
            result = tool(html)
            if gold.get("refuse"):
                fronts[name] += result.refused
                row += ["refused" if result.refused else "read", f"{ms:.1f}"]
                continue
            score = tallies[name].add(gold, result, ms)
            row += ["refused" if result.refused else f"{score:.3f}", f"{ms:.1f}"]
        if gold.get("refuse"):
            n_fronts += 1
        else:
            n_captions += len(gold.get("captions", []))
        if args.pages:
            print(f"{path.stem:<28} {row[0]:>12} {row[2]:>14} {row[1]:>6} {row[3]:>7}")
    print(f"\n{'':<12} {'body F1':>8} {'headlines':>10} {'refused':>8} {'captions':>9} "
          f"{'fronts refused':>15} {'ms/page':>8}")
    for name, tally in tallies.items():
        n = max(tally.pages, 1)
        captions = f"{tally.captions}/{n_captions}" if name == "presslate" else "-"
        print(f"{name:<12} {tally.f1 / n:>8.3f} {tally.headlines:>5}/{tally.pages:<4} "
              f"{tally.refused:>8} {captions:>9} {fronts[name]:>11}/{n_fronts:<3} "
              f"{tally.ms / n:>8.2f}")
    ours = tallies["presslate"].ms
    print(f"\ntime on the article pages, presslate / trafilatura with metadata: "
          f"{ours / max(tallies['trafilatura'].ms, 1e-9):.2f}; presslate / trafilatura's default "
          f"extract() (text only, {text_only_ms / max(tallies['presslate'].pages, 1):.2f} ms/page): "
          f"{ours / max(text_only_ms, 1e-9):.2f}")


if __name__ == "__main__":
    main()
