"""Benchmark: `presslate merge` against GNU `msgmerge`, and `presslate status` over many catalogs.

First times both tools on a 500-entry catalog (``--small``, best of 5 runs,
process start included; target: presslate within 2x of msgmerge's time). Then
generates a translated catalog of N entries (default 20,000) and a new template
where 10% of the entries have one word changed, 5% are removed and 5% are new.
Runs `presslate merge` and `msgmerge --previous` (fuzzy matching on) on the same
files, then prints each one's time, the ratio, how often both chose the same old
entry for the edited ones, and checks that no translation was lost. Then times
`presslate status` over a workspace of 1,000 catalogs.

    python benchmarks/merge_bench.py                 # 20,000 entries, msgmerge on all of them
    python benchmarks/merge_bench.py --entries 5000  # quicker
    python benchmarks/merge_bench.py --entries 5000 --catalogs 0  # merge figures only
    python benchmarks/merge_bench.py --msgmerge-subset 4000  # msgmerge on the first 4,000 only
    python benchmarks/merge_bench.py --catalogs 0 --skip-msgmerge  # presslate alone on 20,000
    python benchmarks/merge_bench.py --catalogs 0 --skip-msgmerge --expect earlier.po
"""

from __future__ import annotations

import argparse
import json
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

from presslate.i18n.po import escape, parse_po  # noqa: E402

SPEEDUP_GOAL = 100  # msgmerge's time over presslate's, same files, same run
SECONDS_GOAL = 4.0  # presslate on 20,000 entries, process start included

HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: bench\\n"\n"POT-Creation-Date: {date}\\n"\n'
    '"PO-Revision-Date: 2025-01-01 00:00+0000\\n"\n"Last-Translator: Bench <b@example.org>\\n"\n'
    '"Language-Team: French <fr@li.org>\\n"\n"Language: fr\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
)


def vocabulary(rnd: random.Random, size: int = 6000) -> list[str]:
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "der", "mon", "pel", "tra",
                 "qui", "bor", "len", "gas", "fi", "ze", "ul", "an", "or", "es", "it", "cro"]
    words: set[str] = {"the", "a", "of", "and", "to", "in", "on", "for", "with", "said"}
    while len(words) < size:
        words.add("".join(rnd.choice(syllables) for _ in range(rnd.randint(1, 4))))
    return sorted(words)


def sentence(rnd: random.Random, words: list[str]) -> str:
    # Zipf-like: common words often, rare words seldom.
    count = rnd.randint(6, 40)
    picked = [words[min(int(rnd.paretovariate(0.9)) - 1, len(words) - 1)] if rnd.random() < 0.4
              else rnd.choice(words) for _ in range(count)]
    text = " ".join(picked)
    return text[0].upper() + text[1:] + rnd.choice([".", ".", ".", "?", "!"])


def translate(text: str) -> str:
    return "FR " + " ".join(reversed(text.split()))


def generate(n: int, seed: int) -> tuple[str, str, dict[str, str]]:
    """(old catalog, new template, {edited msgid: its original msgid})."""
    rnd = random.Random(seed)
    words = vocabulary(rnd)
    texts: list[str] = []
    seen: set[str] = set()
    while len(texts) < n:
        text = sentence(rnd, words)
        if text not in seen:
            seen.add(text)
            texts.append(text)
    old = [HEADER.format(date="2025-01-01 00:00+0000")]
    for i, text in enumerate(texts):
        old.append(f'#: article.txt:{i + 1}\nmsgid "{escape(text)}"\nmsgstr "{escape(translate(text))}"\n')
    order = list(range(n))
    rnd.shuffle(order)
    edited = set(order[: n // 10])
    removed = set(order[n // 10: n // 10 + n // 20])
    new_entries: list[str] = []
    edits: dict[str, str] = {}
    for i, text in enumerate(texts):
        if i in removed:
            continue
        if i in edited:
            parts = text.split()
            k = rnd.randrange(len(parts))
            replacement = rnd.choice(words)
            while replacement == parts[k]:
                replacement = rnd.choice(words)
            parts[k] = replacement
            changed = " ".join(parts)
            if changed in seen:
                new_entries.append(text)
                continue
            seen.add(changed)
            edits[changed] = text
            new_entries.append(changed)
        else:
            new_entries.append(text)
        if rnd.random() < 0.05:
            fresh = sentence(rnd, words)
            if fresh not in seen:
                seen.add(fresh)
                new_entries.append(fresh)
    pot = [HEADER.format(date="2025-06-01 00:00+0000")]
    for i, text in enumerate(new_entries):
        pot.append(f'#: article.txt:{i + 1}\nmsgid "{escape(text)}"\nmsgstr ""\n')
    return "\n".join(old), "\n".join(pot), edits


def previous_of(text: str) -> dict[str, str | None]:
    """msgid -> the #| msgid it was matched with (None when not fuzzy-matched)."""
    catalog = parse_po(text)
    return {e.msgid: e.previous_msgid for e in catalog if not e.obsolete}


def lost_translations(old_text: str, merged_text: str) -> int:
    old = parse_po(old_text)
    merged = parse_po(merged_text)
    kept = {e.msgstr for e in merged if e.msgstr}
    return sum(1 for e in old if e.msgstr and e.msgstr not in kept)


def subset(text: str, count: int) -> str:
    blocks = text.split("\n\n")
    return "\n\n".join(blocks[: count + 1]) + "\n"


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_merge(n: int, seed: int, msgmerge_subset: int | None, folder: Path, *,
                skip_msgmerge: bool = False, expect: Path | None = None) -> None:
    old_text, pot_text, edits = generate(n, seed)
    old, pot = folder / "old.po", folder / "new.pot"
    old.write_text(old_text, encoding="utf-8")
    pot.write_text(pot_text, encoding="utf-8")
    print(f"catalog: {n} entries; template: {pot_text.count('msgid ') - 1} entries, "
          f"{len(edits)} edited (one word changed), {n // 20} removed, "
          f"{pot_text.count('msgid ') - 1 - (n - n // 20)} added")

    ours = folder / "presslate.po"
    cmd = [sys.executable, "-m", "presslate.cli.main", "merge", str(old), str(pot), "-o", str(ours)]
    cpu = _cpu_of_children()
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=REPO, capture_output=True)
    ours_time = time.perf_counter() - start
    cpu = _cpu_of_children() - cpu
    goal = f"target at most {SECONDS_GOAL} s: {'met' if ours_time <= SECONDS_GOAL else 'NOT met'}" \
        if n >= 20000 else ""
    print(f"presslate merge: {ours_time:.2f} s, CPU (user+sys) {cpu:.2f} s   "
          f"({' '.join(['presslate', *cmd[3:]])}) {goal}")
    ours_text = ours.read_text(encoding="utf-8")
    lost = lost_translations(old_text, ours_text)
    if expect is not None:
        identical = ours.read_bytes() == expect.read_bytes()
        print(f"output identical to {expect}, byte for byte: {'yes' if identical else 'NO'}")

    msgmerge = shutil.which("msgmerge")
    if skip_msgmerge or msgmerge is None:
        print("msgmerge " + ("skipped" if skip_msgmerge else "not installed") + ": no comparison")
        print(f"translations lost by presslate merge: {lost}")
        return
    gnu_old, gnu_pot, scale = old, pot, 1.0
    if msgmerge_subset and msgmerge_subset < n:
        gnu_old, gnu_pot = folder / "old-subset.po", folder / "new-subset.pot"
        gnu_old.write_text(subset(old_text, msgmerge_subset), encoding="utf-8")
        sub_pot = subset(pot_text, msgmerge_subset)
        gnu_pot.write_text(sub_pot, encoding="utf-8")
        print(f"msgmerge on a subset: the first {msgmerge_subset} entries of both files")
    gnu = folder / "msgmerge.po"
    start = time.perf_counter()
    subprocess.run([msgmerge, "--quiet", "--previous", str(gnu_old), str(gnu_pot), "-o", str(gnu)],
                   check=True)
    gnu_time = time.perf_counter() - start
    print(f"msgmerge --previous: {gnu_time:.2f} s")

    gnu_text = gnu.read_text(encoding="utf-8")
    if gnu_old != old:
        sub_ours = folder / "presslate-subset.po"
        start = time.perf_counter()
        subprocess.run([*cmd[:4], str(gnu_old), str(gnu_pot), "-o", str(sub_ours)], check=True,
                       cwd=REPO, capture_output=True)
        sub_time = time.perf_counter() - start
        print(f"presslate merge on the same subset: {sub_time:.2f} s")
        scale = sub_time
        compare_text = sub_ours.read_text(encoding="utf-8")
    else:
        scale = ours_time
        compare_text = ours_text
    print(f"speed-up: {gnu_time / scale:.1f}x (target at least {SPEEDUP_GOAL}x: "
          f"{'met' if gnu_time / scale >= SPEEDUP_GOAL else 'NOT met'})")
    gnu_prev = previous_of(gnu_text)
    our_prev = previous_of(compare_text)
    considered = [m for m in edits if m in gnu_prev]
    same = sum(1 for m in considered if gnu_prev[m] == our_prev.get(m))
    right = sum(1 for m in considered if our_prev.get(m) == edits[m])
    print(f"edited entries compared: {len(considered)}; same fuzzy match as msgmerge: "
          f"{same} ({100.0 * same / max(1, len(considered)):.1f}%); matched to their own old "
          f"entry: {right} ({100.0 * right / max(1, len(considered)):.1f}%)")
    identical = gnu_text == compare_text
    print(f"output identical to msgmerge's, byte for byte: {'yes' if identical else 'no'}")
    old_ids = {e.msgid for e in parse_po(gnu_old.read_text(encoding="utf-8"))}
    others = [m for m in gnu_prev if m not in edits and m not in old_ids]
    only_gnu = sum(1 for m in others if gnu_prev[m] and not our_prev.get(m))
    only_ours = sum(1 for m in others if our_prev.get(m) and not gnu_prev[m])
    differ = sum(1 for m in others if gnu_prev[m] and our_prev.get(m) and gnu_prev[m] != our_prev[m])
    print(f"new entries: fuzzy-matched by msgmerge only: {only_gnu}, by presslate "
          f"only: {only_ours}, to a different old entry: {differ} (of {len(others)})")
    print(f"translations lost by presslate merge: {lost}")


def _best_of(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=REPO, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def bench_small(n: int, seed: int, folder: Path, runs: int = 5) -> bool:
    """A small catalog, process start included: presslate within 2x of msgmerge's time."""
    msgmerge = shutil.which("msgmerge")
    if msgmerge is None:
        print("msgmerge not installed: no small-catalog comparison")
        return True
    old_text, pot_text, _ = generate(n, seed)
    old, pot = folder / "small.po", folder / "small.pot"
    old.write_text(old_text, encoding="utf-8")
    pot.write_text(pot_text, encoding="utf-8")
    ours = _best_of([sys.executable, "-m", "presslate.cli.main", "merge", str(old), str(pot),
                     "-o", str(folder / "small-presslate.po")], runs)
    gnu = _best_of([msgmerge, "--quiet", "--previous", str(old), str(pot),
                    "-o", str(folder / "small-msgmerge.po")], runs)
    same = (folder / "small-presslate.po").read_bytes() == (folder / "small-msgmerge.po").read_bytes()
    ok = ours <= 2 * gnu
    print(f"{n} entries, best of {runs}, process start included: presslate merge {ours:.2f} s, "
          f"msgmerge --previous {gnu:.2f} s ({ours / gnu:.2f}x msgmerge's time; target at most "
          f"2x: {'met' if ok else 'NOT met'}); outputs identical: {'yes' if same else 'no'}")
    return ok


def bench_status(count: int, folder: Path) -> None:
    from presslate.i18n.article import Article, Metadata, Segment
    from presslate.i18n.catalog import new_catalog, save_po, set_machine
    from presslate.i18n.po import format_po
    from presslate.i18n.template import build_template
    from presslate.i18n.workspace import Workspace

    rnd = random.Random(7)
    words = vocabulary(rnd, 2000)
    root = folder / "ws"
    root.mkdir()
    ws = Workspace.open(root)
    for a in range(count):
        slug = f"article-{a:04d}"
        segments = [Segment(id=f"body-{i}", kind="body" if i else "headline",
                            text=sentence(rnd, words), lang="en", confidence=1.0)
                    for i in range(30)]
        article = Article(meta=Metadata(slug=slug, title=segments[0].text, lang="en"),
                          segments=tuple(segments))
        ws.save_article(article)
        pot = build_template(article, creation_date="2025-01-01 00:00+0000")
        ws.template_path(slug).write_text(format_po(pot), encoding="utf-8")
        catalog = new_catalog(pot, "fr", slug)
        for i, entry in enumerate(catalog):
            if i % 3 == 0:
                entry.msgstr = translate(entry.msgid)
            elif i % 3 == 1:
                set_machine(entry, translate(entry.msgid), "bench engine")
        save_po(ws.catalog_path(slug, "fr"), catalog)
    cmd = [sys.executable, "-m", "presslate.cli.main", "-C", str(root), "status", "--json"]
    start = time.perf_counter()
    done = subprocess.run(cmd, check=True, cwd=REPO, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    rows = json.loads(done.stdout)["catalogs"]
    assert len(rows) == count and all(r["total"]["entries"] == 30 for r in rows)
    print(f"presslate status over {count} catalogs (30 entries each): {elapsed:.2f} s "
          f"({1000 * elapsed / count:.2f} ms per catalog)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--msgmerge-subset", type=int, default=None,
                        help="run msgmerge on the first N entries only (it takes minutes on 20,000)")
    parser.add_argument("--small", type=int, default=500,
                        help="entries of the small-catalog comparison (0: skip it)")
    parser.add_argument("--catalogs", type=int, default=1000, help="catalogs for the status benchmark")
    parser.add_argument("--skip-msgmerge", action="store_true",
                        help="time presslate alone on the big catalog (msgmerge takes minutes)")
    parser.add_argument("--expect", type=Path, default=None,
                        help="check that presslate's merged big catalog is byte-identical to "
                             "this file (an earlier version's output on the same entries and seed)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="presslate-bench-") as tmp:
        folder = Path(tmp)
        if args.small:
            bench_small(args.small, args.seed, folder)
        bench_merge(args.entries, args.seed, args.msgmerge_subset, folder,
                    skip_msgmerge=args.skip_msgmerge, expect=args.expect)
        if args.catalogs:
            bench_status(args.catalogs, folder)


if __name__ == "__main__":
    main()
