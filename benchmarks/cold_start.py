"""Whole-process (cold) times of the commands CI and editors run, against baselines in the same run.

Builds the seeded two-catalog workspace of ``pofilter_compare.py`` and times fresh
processes (process start included; best of ``--runs``):

- ``presslate check`` against ``pofilter`` on the same catalogs (one pofilter process per
  catalog, as CI runs it); goal: ratio check/pofilter <= 1. The last line compares their CPU
  time over alternating rounds (median and best), which a shared machine's changing load
  affects least; a row also times ``check`` as the first run after installing (the user's
  cache folder, where the CLDR facts are kept, emptied before each run);
- ``presslate check --format github --junit F --json F`` (three reports, one run) against
  three separate ``check`` runs;
- ``presslate review`` and ``presslate publish --dry-run`` of the article; goal: under 0.5 s;
- ``presslate pull`` of each bundled example (goal: under 0.5 s) and ``presslate --help``.

Every run is a first run: the workspace's kept language-detection results
(``.presslate-cache``) are removed before it. ``check``, ``publish --dry-run`` and
``pull`` are then timed again with the results of the run before kept ("results kept").

    python benchmarks/cold_start.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.pofilter_compare import CASES, build, pofilter_exe  # noqa: E402
from presslate.i18n.langid import CACHE_DIR  # noqa: E402

PRESSLATE = [sys.executable, "-m", "presslate.cli.main"]
GOAL_SECONDS = 0.5


class Timing(float):
    """Best wall-clock seconds of a measurement, with the best CPU seconds (user + system of
    the processes) as ``cpu``: on a shared machine the CPU time says what the command costs,
    the wall time also how long it waited for a core."""

    cpu: float

    def __new__(cls, wall: float, cpu: float) -> Timing:
        made = super().__new__(cls, wall)
        made.cpu = cpu
        return made


def timed(commands: list[list[str]], cwd: Path, runs: int, *, kept: bool = False,
          user_cache: Path | None = None) -> Timing:
    """Best of ``runs`` for running ``commands`` one after the other, each a fresh process.

    Unless ``kept``, the workspace's kept language-detection results are removed before each
    run (not timed), so every run is a first run; with ``kept`` they stay from the run before.
    ``user_cache``: the user's cache folder (``XDG_CACHE_HOME``: the CLDR facts a first run
    after installing has to read from Babel), emptied before each run.
    """
    # compiled modules are written and used, as on a user's machine
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(REPO)
    best, best_cpu = float("inf"), float("inf")
    for _ in range(runs):
        if not kept:
            shutil.rmtree(cwd / CACHE_DIR, ignore_errors=True)
        if user_cache is not None:
            shutil.rmtree(user_cache, ignore_errors=True)
            env["XDG_CACHE_HOME"] = str(user_cache)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        for command in commands:
            done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
            if done.returncode not in (0, 1):
                raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
        best = min(best, time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best_cpu = min(best_cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return Timing(best, best_cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        root.mkdir()
        ws = build(root)
        locales = sorted({c.locale for c in CASES})
        dnt = root / "notranslate.txt"
        dnt.write_text("S-300\n", encoding="utf-8")
        pofilter = [[pofilter_exe(), "--progress=none", f"--language={loc}", f"--notranslatefile={dnt}",
                     "-i", str(ws.catalog_path("seeded", loc)), "-o", str(root / f"pf-{loc}.po")]
                    for loc in locales]
        rows: list[tuple[str, Timing, str]] = []
        # warm the file cache and the .pyc files first; every timed run is still a new process
        timed([[*PRESSLATE, "--help"], [*PRESSLATE, "check"], *pofilter], root, 1)
        help_time = timed([[*PRESSLATE, "--help"]], root, args.runs)
        pf = timed(pofilter, root, args.runs)
        check = timed([[*PRESSLATE, "check"]], root, args.runs)
        installed = timed([[*PRESSLATE, "check"]], root, args.runs, user_cache=Path(tmp) / "user-cache")
        paired = _paired(pofilter, [[*PRESSLATE, "check"]], root, max(args.runs, 10))
        three = timed([[*PRESSLATE, "check", "--format", "github"],
                       [*PRESSLATE, "check", "--format", "junit", "-o", str(root / "a.xml")],
                       [*PRESSLATE, "check", "--format", "json", "-o", str(root / "a.json")]],
                      root, args.runs)
        one = timed([[*PRESSLATE, "check", "--format", "github", "--junit", str(root / "b.xml"),
                      "--json", str(root / "b.json")]], root, args.runs)
        review = timed([[*PRESSLATE, "review", "seeded", "--lang", locales[0],
                         "--out", str(root / "review.html")]], root, args.runs)
        publish = timed([[*PRESSLATE, "publish", "--dry-run"]], root, args.runs)
        timed([[*PRESSLATE, "check"]], root, 1)  # the detection results kept from here on
        check_kept = timed([[*PRESSLATE, "check"]], root, args.runs, kept=True)
        publish_kept = timed([[*PRESSLATE, "publish", "--dry-run"]], root, args.runs, kept=True)
        rows += [("presslate --help", help_time, ""),
                 (f"pofilter ({len(locales)} catalogs, one process each)", pf, "baseline"),
                 ("presslate check", check,
                  f"check/pofilter {check / pf:.2f} ({'met' if check <= pf else 'NOT met'}: <= 1)"),
                 ("  first run after installing (no user cache)", installed,
                  f"check/pofilter {installed / pf:.2f}"),
                 ("3 x check (github, junit, json)", three, "baseline"),
                 ("check --format github --junit F --json F", one, f"one/three {one / three:.2f}"),
                 ("presslate review (one article)", review,
                  f"{'met' if review < GOAL_SECONDS else 'NOT met'}: < {GOAL_SECONDS} s"),
                 ("presslate publish --dry-run", publish,
                  f"{'met' if publish < GOAL_SECONDS else 'NOT met'}: < {GOAL_SECONDS} s"),
                 ("presslate check, results kept", check_kept,
                  f"check/pofilter {check_kept / pf:.2f} "
                  f"({'met' if check_kept <= pf else 'NOT met'}: <= 1)"),
                 ("presslate publish --dry-run, results kept", publish_kept,
                  f"{'met' if publish_kept < GOAL_SECONDS else 'NOT met'}: < {GOAL_SECONDS} s")]
        for example in sorted(p for p in (REPO / "examples").iterdir() if p.is_file()):
            pull_ws = Path(tmp) / f"pull-{example.stem}"
            (pull_ws / "catalogs").mkdir(parents=True)
            pull = [[*PRESSLATE, "pull", str(example), "--slug", "a"]]
            best = timed(pull, pull_ws, args.runs)
            again = timed(pull, pull_ws, args.runs, kept=True)
            rows.append((f"presslate pull {example.name}", best,
                         f"{'met' if best < GOAL_SECONDS else 'NOT met'}: < {GOAL_SECONDS} s"))
            rows.append(("  again, results kept", again,
                         f"{'met' if again < GOAL_SECONDS else 'NOT met'}: < {GOAL_SECONDS} s"))
    width = max(len(r[0]) for r in rows)
    print(f"cold processes, best of {args.runs} ({sys.executable}); wall-clock seconds, and the "
          f"CPU seconds of the processes; load average {os.getloadavg()[0]:.1f}")
    for name, seconds, note in rows:
        cpu = getattr(seconds, "cpu", seconds)
        print(f"{name:<{width}}  {seconds:6.3f} s  cpu {cpu:6.3f} s  {note}")
    check_cpu, pf_cpu = rows[2][1], rows[1][1]
    print(f"check/pofilter in CPU time: {getattr(check_cpu, 'cpu', 0) / getattr(pf_cpu, 'cpu', 1):.2f}")
    (pf_best, pf_median), (check_best, check_median) = paired
    ratio = check_median / pf_median
    print(f"check/pofilter in CPU time, {max(args.runs, 10)} alternating rounds: median "
          f"{check_median:.3f} s / {pf_median:.3f} s = {ratio:.2f}, best {check_best:.3f} s / "
          f"{pf_best:.3f} s = {check_best / pf_best:.2f} ({'met' if ratio <= 1 else 'NOT met'}: <= 1)")
    return 0


def _paired(baseline: list[list[str]], measured: list[list[str]], cwd: Path,
            rounds: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """(best, median) CPU seconds of ``baseline`` and of ``measured``, run in alternation for
    ``rounds`` rounds (each a first run), so that a change of the machine's load falls on both."""
    import statistics

    cpu: tuple[list[float], list[float]] = ([], [])
    for _ in range(rounds):
        for commands, found in ((baseline, cpu[0]), (measured, cpu[1])):
            found.append(timed(commands, cwd, 1).cpu)
    return ((min(cpu[0]), statistics.median(cpu[0])), (min(cpu[1]), statistics.median(cpu[1])))


if __name__ == "__main__":
    sys.exit(main())
