"""Route evaluation: every Apertium route available here, raw and through presslate, scored
with sacrebleu (BLEU, chrF) on the shared English–French development set.

For each direction (en→fr, fr→en) and each route an installed engine can take (a direct pair,
or through one pivot language), three systems translate the same sentences:

  raw        the pair's modes chained as ``apertium -u MODE`` (one call per hop, one sentence
             per line; unknown-word marks off);
  engine     presslate's Apertium engine on the route (each segment independent of the others);
  presslate  ``presslate translate`` end to end in a temporary workspace whose
             ``[translate.routes]`` names the route (glossary-free masking of numbers, URLs,
             facts; catalogs written), the suggestions read back from the catalog;
  [[n]]      the same, with every number masked as a ``[[n]]`` placeholder as presslate did
             before numbers went to the engine as digit tokens (the comparison in one run).

Each system is scored on all sentences and on those whose source has a digit.

presslate must never score below the raw engine on the same route. Reads the data from
``../shared/data/mt-dev`` (or ``--data``); prints one table.

    python benchmarks/route_eval.py [--data DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from unittest import mock

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from presslate.i18n.catalog import load_po  # noqa: E402
from presslate.i18n.engines.apertium import ApertiumEngine  # noqa: E402
from presslate.i18n.engines.base import Route  # noqa: E402
from presslate.i18n.engines.routes import route_via  # noqa: E402
from presslate.i18n.masking import Masked, mask  # noqa: E402
from presslate.i18n.translate import TranslateOptions, translate_articles  # noqa: E402
from presslate.i18n.workspace import Workspace  # noqa: E402
from tests.support.articles import add_article  # noqa: E402

STEM = "flores200-devtest-nonnews"
DIRECTIONS = (("en", "fr"), ("fr", "en"))


def default_data() -> Path:
    shared = Path(os.environ.get("PRESSLATE_SHARED") or REPO.parent / "shared")
    return shared / "data" / "mt-dev"


def read_lines(path: Path, limit: int) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[:limit] if limit else lines


def routes(engine: ApertiumEngine, source: str, target: str) -> list[tuple[str, Route]]:
    """Every route of at most one pivot: ("direct" or the pivot, route)."""
    hops = engine.hops()
    found: list[tuple[str, Route]] = []
    direct = [h for h in hops if (h.source, h.target) == (source, target)]
    if direct:
        found.append(("direct", Route("apertium", (direct[0],))))
    for pivot in sorted({h.target for h in hops} - {source, target}):
        route = route_via("apertium", hops, source, pivot, target)
        if route is not None:
            found.append((pivot, route))
    return found


def raw_apertium(route: Route, sentences: Sequence[str]) -> list[str]:
    text = "\n".join(" ".join(s.split()) for s in sentences) + "\n"
    for hop in route.hops:
        text = subprocess.run(["apertium", "-u", hop.model], input=text, capture_output=True,
                              text=True, check=True).stdout
    out = text.rstrip("\n").split("\n")
    assert len(out) == len(sentences), f"raw apertium returned {len(out)} lines for {len(sentences)}"
    return [line.strip() for line in out]


def through_engine(route: Route, sentences: Sequence[str]) -> list[str]:
    return [t.text for t in ApertiumEngine().translate(route, list(sentences))]


def through_presslate(step: str, source: str, target: str, sentences: Sequence[str]) -> list[str]:
    tmp = Path(tempfile.mkdtemp(prefix="presslate-route-eval-"))
    try:
        steps = f'["apertium", "{step}"]'
        (tmp / "presslate.toml").write_text(
            f'source_language = "{source}"\n[translate]\nengines = ["apertium"]\n'
            f'[translate.routes]\n"{source}-{target}" = {steps}\n', encoding="utf-8")
        add_article(tmp, "dev", [("body", s, source) for s in sentences], lang=source)
        ws = Workspace.open(tmp)
        summary = translate_articles(ws, TranslateOptions(targets=(target,), engine="apertium"))
        assert not summary.skipped, summary.skipped
        by_source = {e.msgid: e.msgstr for e in load_po(ws.catalog_path("dev", target)) if e.msgid}
        return [by_source[s] for s in sentences]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def numbers_as_placeholders(text: str, terms: Any, **languages: str) -> Masked:
    """presslate's masking with every number a ``[[n]]`` placeholder instead of a digit token."""
    masked = mask(text, terms, **languages)
    places: dict[str, int] = {}
    for place, token in enumerate(masked.tokens, 1):
        if token:
            places.setdefault(token, place)

    def hole(match: re.Match[str]) -> str:
        token = match.group(0)
        return f"[[{places[token]}]]" if token in places else token

    return Masked(re.sub(r"\[\[\d+\]\]|(?<!\w)\d+(?!\w)", hole, masked.text), masked.values)


def through_presslate_placeholders(step: str, source: str, target: str,
                                   sentences: Sequence[str]) -> list[str]:
    with mock.patch("presslate.i18n.translate.mask", numbers_as_placeholders):
        return through_presslate(step, source, target, sentences)


def score(hypotheses: Sequence[str], references: Sequence[str]) -> tuple[float, float]:
    import sacrebleu

    bleu = sacrebleu.corpus_bleu(list(hypotheses), [list(references)])
    chrf = sacrebleu.corpus_chrf(list(hypotheses), [list(references)])
    return bleu.score, chrf.score


def timed(fn: Callable[[], list[str]]) -> tuple[list[str], float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=default_data(),
                        help=f"folder holding {STEM}.en and .fr (default: ../shared/data/mt-dev)")
    parser.add_argument("--limit", type=int, default=0, help="first N sentences only (default: all)")
    args = parser.parse_args(argv)
    if shutil.which("apertium") is None:
        print("apertium is not installed (apt-get install apertium)", file=sys.stderr)
        return 2
    missing = [str(args.data / f"{STEM}.{lang}") for lang in ("en", "fr")
               if not (args.data / f"{STEM}.{lang}").is_file()]
    if missing:
        print(f"no development set: {', '.join(missing)} (--data DIR names its folder)", file=sys.stderr)
        return 2
    texts = {lang: read_lines(args.data / f"{STEM}.{lang}", args.limit) for lang in ("en", "fr")}
    if len(texts["en"]) != len(texts["fr"]):
        print(f"{args.data}: {STEM}.en and .fr differ in length", file=sys.stderr)
        return 2
    rows = []
    engine = ApertiumEngine()
    for source, target in DIRECTIONS:
        sentences, references = texts[source], texts[target]
        for step, route in routes(engine, source, target):
            path = "→".join(route.path)
            systems: list[tuple[str, Callable[[], list[str]]]] = [
                ("raw apertium", functools.partial(raw_apertium, route, sentences)),
                ("presslate engine", functools.partial(through_engine, route, sentences)),
                ("presslate translate", functools.partial(through_presslate, step, source, target,
                                                          sentences)),
                ("translate, numbers as [[n]]", functools.partial(
                    through_presslate_placeholders, step, source, target, sentences)),
            ]
            numbered = [i for i, s in enumerate(sentences) if re.search(r"\d", s)]
            for name, fn in systems:
                out, seconds = timed(fn)
                bleu, chrf = score(out, references)
                nbleu, nchrf = score([out[i] for i in numbered], [references[i] for i in numbered]) \
                    if numbered else (float("nan"), float("nan"))
                rows.append((f"{source}→{target}", f"apertium {path}", name, bleu, chrf, nbleu, nchrf,
                             seconds))
    counts = {lang: sum(1 for t in lines if re.search(r"\d", t)) for lang, lines in texts.items()}
    digits = ", ".join(f"{count} in {lang}" for lang, count in counts.items())
    print(f"{len(texts['en'])} sentences of {STEM} (sacrebleu BLEU and chrF; \"numbers\": the "
          f"sentences whose source has a digit, {digits})\n")
    print("| pair | route | system | BLEU | chrF | BLEU, numbers | chrF, numbers | seconds |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for pair, path, name, bleu, chrf, nbleu, nchrf, seconds in rows:
        print(f"| {pair} | {path} | {name} | {bleu:.2f} | {chrf:.2f} | {nbleu:.2f} | {nchrf:.2f} "
              f"| {seconds:.1f} |")
    worse = [(r[0], r[1]) for i, r in enumerate(rows) if r[2] == "presslate translate"
             and r[4] < rows[i - 2][4] - 0.05]
    if worse:
        print(f"\npresslate below raw apertium (chrF) on: {worse}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
