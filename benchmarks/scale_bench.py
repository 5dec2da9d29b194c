"""Benchmark: ``presslate translate`` on one process, on local workers and on Ray; and a large
workspace's everyday commands.

Part 1 writes a workspace of generated English articles and translates it into Spanish with
real Apertium, in one run: in this process, with ``--workers N``, and on Ray with N actors
(a local Ray instance started first, its start-up timed apart: a running cluster is reused).
Each run starts from the same empty catalogs; the catalogs must come out identical, byte for
byte. Prints segments/s and the ratios. Goals on a 2-core machine: workers ≥ 1.7× in-process;
Ray within 15% of the workers.

Part 2 builds workspaces of growing size (articles of 10 segments, catalogs in French with
machine suggestions and reviewed entries) and times ``translate`` (second run: nothing to do),
``status``, ``check`` and ``publish --dry-run``, each as its own process, with its CPU time
and peak memory (``/usr/bin/time``), to show linear growth. By default each translation is a
short placeholder ending in an unbalanced bracket: every catalog has error-level findings and
is held back, and no translation is long enough for the target-language check (no language
detection runs). With ``--french``, each translation is a French sentence: ``check`` detects
the language of every translated entry, and is timed twice, on a first run (no detection
result kept) and on a second one (``.presslate-cache/langid.json`` kept from the first);
every catalog passes the gate, so ``publish --dry-run`` renders each article's HTML page.

Part 3 (``--translate-sizes``) measures ``translate`` alone on such workspaces: with nothing to
do (twice: the first run searches the translation memory, the second finds its answers kept),
after one machine suggestion was reviewed (its ratio to the second run: the answers kept are
carried over, the notes checked against a run with no kept answers), then with every French
catalog removed (``--engine none``: each catalog made from its template and written), each as
its own process with its peak memory, which stays bounded by the group of articles a run holds
at a time.

    python benchmarks/scale_bench.py [--articles 40] [--segments 12] [--workers 2]
                                     [--sizes 1250,2500,5000] [--qa-max N] [--french]
                                     [--skip-translate] [--skip-executors] [--skip-workspace]
                                     [--translate-sizes 500,1000,2000]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from presslate.i18n import memory as search  # noqa: E402
from presslate.i18n.executor import ExecutorSettings  # noqa: E402
from presslate.i18n.translate import TranslateOptions, translate_articles  # noqa: E402
from presslate.i18n.workspace import Workspace  # noqa: E402
from tests.support.articles import add_article  # noqa: E402

SUBJECTS = ["The city council", "The regional government", "Local farmers", "The hospital board",
            "Police officers", "The new mayor", "Teachers at the school", "The football club",
            "Residents of the old town", "The harbour authority", "Museum staff", "The bus company"]
VERBS = ["announced on Monday that", "said in a statement that", "confirmed that", "warned that",
         "told reporters that", "denied reports that", "hoped that", "agreed that"]
EVENTS = ["the bridge would close for repairs", "the budget would rise next year",
          "the summer had been the driest in decades", "more visitors came to the festival",
          "the new line would open in the spring", "the strike had ended after long talks",
          "the river had flooded several streets", "the old market would be rebuilt",
          "the plan needed more money", "the vote would take place in June"]
TAILS = ["", " after a long debate", " despite the rain", " according to officials",
         " for the first time", " in the north of the region"]
FRENCH = ["Le conseil municipal a annoncé lundi que le pont fermera pour des travaux.",
          "Les habitants de la vieille ville espèrent que la nouvelle ligne ouvrira au printemps.",
          "La direction de l'hôpital a confirmé que le budget augmentera l'an prochain.",
          "Selon les responsables, la rivière a inondé plusieurs rues du centre.",
          "Le club de football a démenti que la grève était terminée après de longues discussions.",
          "Le personnel du musée a déclaré que le vieux marché serait reconstruit.",
          "Les enseignants de l'école ont averti que le projet manquait encore d'argent.",
          "La compagnie de bus pense que le vote aura lieu au mois de juin."]


def make_segments(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        sentences = [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(EVENTS)}{rng.choice(TAILS)}."
                     for _ in range(rng.randint(1, 3))]
        text = " ".join(sentences)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def catalogs(root: Path, locale: str = "es") -> dict[str, bytes]:
    found = sorted((root / "catalogs" / locale).rglob("*.po"))
    return {str(p.relative_to(root)): p.read_bytes() for p in found}


def bench_executors(articles: int, per_article: int, workers: int, folder: Path) -> None:
    import ray

    base = folder / "executors"
    base.mkdir()
    segments = make_segments(articles * per_article, seed=11)
    for a in range(articles):
        chunk = segments[a * per_article:(a + 1) * per_article]
        add_article(base, f"article-{a:03d}", [("body", text, "en") for text in chunk])
    runs = [("in-process", ExecutorSettings()),
            (f"--workers {workers}", ExecutorSettings("workers", workers)),
            (f"--ray, {workers} workers", ExecutorSettings("ray", workers))]
    start = time.perf_counter()
    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
    ray_start = time.perf_counter() - start
    results: dict[str, float] = {}
    expected: dict[str, bytes] | None = None
    try:
        for label, settings in runs:
            root = folder / label.replace(" ", "_").replace(",", "")
            shutil.copytree(base, root)
            options = TranslateOptions(targets=("es",), engine="apertium", executor=settings)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            summary = translate_articles(Workspace.open(root), options)
            elapsed = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            busy = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / elapsed
            assert summary.total_filled == len(segments) and not summary.skipped, summary
            found = catalogs(root)
            if expected is None:
                expected = found
            assert found == expected, f"{label}: the catalogs differ from the in-process run's"
            results[label] = len(segments) / elapsed
            note = f" (Apertium's processes kept {busy:.2f} cores busy)" if label == "in-process" else ""
            print(f"{label:>22}: {len(segments)} segments in {elapsed:6.2f} s = "
                  f"{results[label]:6.1f} segments/s{note}")
    finally:
        ray.shutdown()
    inproc, local, on_ray = results.values()
    print(f"(a local Ray instance took {ray_start:.1f} s to start, not counted above)")
    print("catalogs identical across the three executors: yes")
    print(f"ratios: workers/in-process = {local / inproc:.2f} (goal >= 1.7); "
          f"ray/workers = {on_ray / local:.2f} (goal >= 0.85)")


def build_workspace(root: Path, count: int, *, french: bool = False) -> None:
    from presslate.i18n.article import Article, Metadata, Segment
    from presslate.i18n.catalog import new_catalog, save_po, set_machine
    from presslate.i18n.po import format_po
    from presslate.i18n.template import build_template

    rng = random.Random(5)
    root.mkdir()
    (root / "presslate.toml").write_text('target_languages = ["fr"]\n[publish]\nallow_machine = true\n'
                                         'min_reviewed = 0.0\n', encoding="utf-8")
    ws = Workspace.open(root)
    texts = make_segments(4000, seed=3)
    for a in range(count):
        slug = f"article-{a:05d}"
        segments = [Segment(id=f"body-{i}", kind="body" if i else "headline",
                            text=f"{rng.choice(texts)} ({a}-{i})", lang="en", confidence=1.0)
                    for i in range(10)]
        article = Article(meta=Metadata(slug=slug, title=segments[0].text, lang="en"),
                          segments=tuple(segments))
        ws.save_article(article)
        pot = build_template(article, creation_date="2026-01-01 00:00+0000")
        ws.template_path(slug).write_text(format_po(pot), encoding="utf-8")
        catalog = new_catalog(pot, "fr", slug)
        for i, entry in enumerate(catalog):
            text = "Texte traduit " + entry.msgid.split("(")[-1]
            if french:
                text = f"{rng.choice(FRENCH)} ({entry.msgid.split('(')[-1]}"
            if i % 2:
                entry.msgstr = text
            else:
                set_machine(entry, text, "bench engine")
        save_po(ws.catalog_path(slug, "fr"), catalog)


def timed(root: Path, *args: str) -> tuple[float, float, float]:
    """Seconds, CPU seconds (user and system) and peak resident memory (MB) of
    ``presslate -C root ARGS`` as its own process."""
    cmd = ["/usr/bin/time", "-f", "%e %U %S %M", sys.executable, "-m", "presslate.cli.main", "-C", str(root),
           *args]
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    seconds, user, system, kb = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), float(user) + float(system), int(kb) / 1024


def bench_workspace(sizes: list[int], qa_max: int, folder: Path, *, french: bool = False,
                    skip_translate: bool = False) -> None:
    commands = [("translate (nothing to do)", ("translate", "--engine", "apertium")), ("status", ("status",)),
                ("check", ("check",)), ("publish --dry-run", ("publish", "--dry-run"))]
    if skip_translate:
        commands = commands[1:]
    if french:  # the first check detects every translation's language, the second reads the results kept
        commands.insert([name for name, _ in commands].index("check") + 1, ("check (second run)", ("check",)))
    print("each command: wall-clock seconds, CPU seconds, peak memory, wall-clock ms per article")
    for count in sizes:
        root = folder / f"ws-{count}"
        start = time.perf_counter()
        build_workspace(root, count, french=french)
        built = time.perf_counter() - start
        print(f"{count} articles (built in {built:.0f} s; load average "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}):")
        for name, args in commands:
            if count > qa_max and name.startswith(("check", "publish")):
                print(f"  {name:>26}: (not run)")
                continue
            seconds, cpu, mb = timed(root, *args)
            print(f"  {name:>26}: {seconds:7.2f} s, CPU {cpu:7.2f} s, {mb:5.0f} MB, "
                  f"{1000 * seconds / count:6.2f} ms/article", flush=True)
        shutil.rmtree(root)


def review_one(root: Path, slug: str) -> None:
    """A person reviews one machine suggestion of ``slug``'s French catalog: one reviewed entry
    more in the translation memory, one entry fewer awaiting review."""
    from presslate.i18n.catalog import clear_provenance, load_po, save_po

    path = Workspace.open(root).catalog_path(slug, "fr")
    catalog = load_po(path)
    entry = next(e for e in catalog if "fuzzy" in e.flags)
    entry.flags.remove("fuzzy")
    entry.msgstr = "Texte relu " + entry.msgstr
    clear_provenance(entry)
    save_po(path, catalog)


def bench_translate(sizes: list[int], folder: Path) -> None:
    """translate with nothing to do, twice (the first run searches the translation memory for
    the notes and keeps its answers, the second finds them kept), then after one entry was
    reviewed (the answers kept are carried over: each meets the new entry alone; the catalogs
    are compared with a run with no kept answers: identical while the memory is searched
    exactly, and beyond ``EXACT_WINDOW`` keys of a plausible length, where the search scores
    candidates, the share identical is printed), then with the French catalogs removed (each
    made from its template and written)."""
    heads = ("nothing to do, first run", "nothing to do, second run", "one entry reviewed",
             "catalogs made")
    print(f"{'articles':>8} " + " ".join(f"{h:>34}" for h in heads)
          + "  reviewed/second (CPU)  catalogs as a full search's")
    first_runs: list[tuple[int, float]] = []  # (articles, CPU seconds of the first run)
    for count in sizes:
        root = folder / f"tr-{count}"
        build_workspace(root, count)
        cells, cpus = [], []
        for _ in range(2):
            seconds, cpu, mb = timed(root, "translate", "--engine", "apertium")
            cells.append(f"{seconds:7.2f} s, CPU {cpu:6.2f} s, {mb:5.0f} MB")
            cpus.append(cpu)
        review_one(root, f"article-{count // 2:05d}")
        seconds, cpu, mb = timed(root, "translate", "--engine", "apertium")
        cells.append(f"{seconds:7.2f} s, CPU {cpu:6.2f} s, {mb:5.0f} MB")
        cpus.append(cpu)
        after = catalogs(root, "fr")
        shutil.rmtree(root / ".presslate-cache")  # a full search: the same notes?
        timed(root, "translate", "--engine", "apertium")
        full = catalogs(root, "fr")
        assert full.keys() == after.keys()
        same = sum(full[name] == after[name] for name in full)
        if count * 5 <= search.EXACT_WINDOW:  # (5 reviewed entries an article) searched exactly
            assert same == len(full), "the notes after a change differ from a full search's"
        shutil.rmtree(root / "catalogs" / "fr")
        seconds, cpu, mb = timed(root, "translate", "--engine", "none")
        cells.append(f"{seconds:7.2f} s, CPU {cpu:6.2f} s, {mb:5.0f} MB")
        assert len(list((root / "catalogs" / "fr").rglob("*.po"))) == count
        print(f"{count:>8} " + " ".join(f"{c:>34}" for c in cells) + f"  {cpus[2] / cpus[1]:6.2f}"
              f"  {same}/{len(full)}", flush=True)
        first_runs.append((count, cpus[0]))
        shutil.rmtree(root)
    if len(first_runs) > 1:
        (small, small_cpu), (large, large_cpu) = first_runs[0], first_runs[-1]
        growth = (large_cpu / large) / (small_cpu / small)
        print("first run, CPU per article: " + ", ".join(f"{1000 * cpu / n:.1f} ms ({n:,})"
                                                       for n, cpu in first_runs)
              + f"; {large:,} against {small:,} articles: {growth:.2f}x per article (linear: 1, "
              f"quadratic: {large / small:.1f}; goal at most 1.5: {'met' if growth <= 1.5 else 'NOT met'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--segments", type=int, default=12, help="segments per article")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sizes", default="1250,2500,5000")
    parser.add_argument("--qa-max", type=int, default=10**9,
                        help="run check and publish --dry-run only on workspaces up to this size")
    parser.add_argument("--french", action="store_true",
                        help="French sentences as translations: check detects their language")
    parser.add_argument("--skip-translate", action="store_true",
                        help="do not time translate (its translation-memory notes compare each entry "
                             "with every reviewed entry of the workspace)")
    parser.add_argument("--skip-executors", action="store_true")
    parser.add_argument("--skip-workspace", action="store_true")
    parser.add_argument("--translate-sizes", default="",
                        help="measure translate alone on workspaces of these sizes (part 3)")
    args = parser.parse_args()
    if shutil.which("apertium") is None:
        raise SystemExit("apertium is not installed (apt-get install apertium apertium-eng-spa)")
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as tmp:
        if not args.skip_executors:
            bench_executors(args.articles, args.segments, args.workers, Path(tmp))
        if not args.skip_workspace:
            bench_workspace([int(s) for s in args.sizes.split(",")], args.qa_max, Path(tmp),
                            french=args.french, skip_translate=args.skip_translate)
        if args.translate_sizes:
            bench_translate([int(s) for s in args.translate_sizes.split(",")], Path(tmp))
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
