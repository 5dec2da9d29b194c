"""The translation memory's search on a large memory: its cost per text, and what it finds
against the exact search (every key of a plausible length bounded, and scored if need be).

Beyond ``EXACT_WINDOW`` keys of a plausible length, :mod:`presslate.i18n.memory` scores only
the ``CANDIDATES`` keys sharing the most of the text's rarest character 4-grams. This script
runs both searches on the same memories and prints, for each:

- **real sentences**: the 18 languages of ``../shared/data/langid-dev`` (12,078 FLORES
  sentences, Chinese and Japanese among them) and a corrected version of half of them, as a
  memory of sources in several languages; the texts asked are other corrections of them
  (a number changed, a word dropped or replaced, the start of the next sentence added) and
  sentences made of two halves (which match nothing);
- **generated sentences** of one small vocabulary (``scale_bench.py``'s, where many score
  75-90% against each other and 4-grams say little), at several workspace sizes: the time per
  text of both searches as the memory doubles (linear: the same time per text).

For each: the share of the exact search's matches the search finds, the share of texts whose
best match it finds (score), the share of answers identical (matches and order), and the CPU
milliseconds per text (index built beforehand; its build time printed apart).

    python benchmarks/memory_recall.py [--data ../shared/data/langid-dev] [--sizes 500,1000,2000]
        [--candidates N] [--postings N]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time
from pathlib import Path
from unittest.mock import patch

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.scale_bench import make_segments  # noqa: E402
from presslate.i18n import memory as search  # noqa: E402

Match = tuple[str, float, str, str]


def correct(text: str, rng: random.Random, others: list[str]) -> str:
    """``text`` as an editor might correct it: a number changed or added, a word dropped or
    replaced, or the start of another sentence added (characters, in a text without spaces)."""
    words = text.split(" ") if " " in text else list(text)
    glue = " " if " " in text else ""
    kind = rng.choice(["number", "drop", "replace", "add"])
    if kind == "number":
        digits = [i for i, w in enumerate(words) if any(c.isdigit() for c in w)]
        if digits:
            words[rng.choice(digits)] = str(rng.randint(2, 2999))
        else:
            words.insert(rng.randrange(len(words) + 1), str(rng.randint(2, 2999)))
    elif kind == "drop" and len(words) > 3:
        del words[rng.randrange(len(words))]
    elif kind == "replace":
        other = rng.choice(others)
        pool = other.split(" ") if glue else list(other)
        words[rng.randrange(len(words))] = rng.choice(pool)
    else:
        other = rng.choice(others)
        words += (other.split(" ") if glue else list(other))[:3]
    return glue.join(words)


def real_memory(data: Path) -> tuple[dict[str, tuple[tuple[str, str], ...]], list[str]]:
    """The memory of real sentences and the texts asked (see the module's docstring)."""
    with (data / "flores200-devtest-nonnews.tsv").open(encoding="utf-8", newline="") as fp:
        rows = list(csv.DictReader(fp, delimiter="\t", quoting=csv.QUOTE_NONE))
    rng = random.Random(17)
    by_lang: dict[str, list[str]] = {}
    for row in rows:
        by_lang.setdefault(row["lang"], []).append(row["text"])
    entries: dict[str, tuple[tuple[str, str], ...]] = {}
    asked: list[str] = []
    for lang, texts in sorted(by_lang.items()):
        for i, text in enumerate(texts):
            entries.setdefault(text, ((f"t-{len(entries)}", f"{lang}-{i}"),))
            if i % 2:
                fixed = correct(text, rng, texts)
                entries.setdefault(fixed, ((f"t-{len(entries)}", f"{lang}-{i}-fix"),))
        for i in rng.sample(range(len(texts)), 40):
            asked.append(correct(correct(texts[i], rng, texts), rng, texts))
        for _ in range(10):  # two halves: no match at the threshold
            a, b = rng.sample(texts, 2)
            asked.append(a[:len(a) // 2] + b[len(b) // 2:])
    return entries, asked


def template_memory(articles: int) -> tuple[dict[str, tuple[tuple[str, str], ...]], list[tuple[str, str]]]:
    """scale_bench's workspace as a memory: 10 segments per article, half reviewed."""
    rng = random.Random(5)
    texts = make_segments(4000, seed=3)
    entries: dict[str, list[tuple[str, str]]] = {}
    asked: list[tuple[str, str]] = []
    for a in range(articles):
        for i in range(10):
            source = f"{rng.choice(texts)} ({a}-{i})"
            if i % 2:
                entries.setdefault(source, []).append(("t", f"article-{a}"))
            else:
                asked.append((source, f"article-{a}"))
    return {s: tuple(found) for s, found in entries.items()}, asked


def run(entries: dict[str, tuple[tuple[str, str], ...]], asked: list[tuple[str, str]],
        threshold: float, *, exact: bool) -> tuple[list[list[Match]], float, float]:
    """The answers, the index's build time and the CPU seconds per text."""
    window = 10**12 if exact else search.EXACT_WINDOW
    with patch.object(search, "EXACT_WINDOW", window):
        memory = search.Memory(entries, threshold)
        start = time.process_time()
        memory.close(asked[0][0], exclude=asked[0][1])  # builds the index
        index = memory._index
        if index is not None and not index.direct:
            index._gram_index()
        built = time.process_time() - start
        start = time.process_time()
        answers = [memory._search(text, exclude=slug, limit=search.MEMORY_SHOWN)
                   for text, slug in asked]
        return answers, built, (time.process_time() - start) / len(asked)


def compare(name: str, entries: dict[str, tuple[tuple[str, str], ...]],
            asked: list[tuple[str, str]], threshold: float) -> tuple[float, float]:
    found, built, per_text = run(entries, asked, threshold, exact=False)
    wanted, exact_built, exact_per_text = run(entries, asked, threshold, exact=True)
    matches = sum(len({m[0] for m in f} & {m[0] for m in w}) for f, w in zip(found, wanted, strict=True))
    total = sum(len(w) for w in wanted)
    with_match = [(f, w) for f, w in zip(found, wanted, strict=True) if w]
    best = sum(bool(f) and f[0][1] == w[0][1] for f, w in with_match)
    same = sum(f == w for f, w in zip(found, wanted, strict=True))
    # a match not in the exact answer ranks below its matches
    assert all(m in w or m[1] <= w[-1][1] for f, w in zip(found, wanted, strict=True) if w for m in f)
    print(f"{name}: {len(entries):,} keys, {len(asked):,} texts; matches found "
          f"{matches:,}/{total:,} = {matches / max(total, 1):.1%}, best match found "
          f"{best:,}/{len(with_match):,} = {best / max(len(with_match), 1):.1%}, answers identical "
          f"{same / len(asked):.1%}; CPU per text {1000 * per_text:.2f} ms (exact search "
          f"{1000 * exact_per_text:.2f} ms, ratio {per_text / exact_per_text:.2f}); index built in "
          f"{built:.2f} s (exact search's {exact_built:.2f} s)", flush=True)
    return per_text, exact_per_text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "langid-dev")
    parser.add_argument("--sizes", default="500,1000,2000", help="articles of the generated workspaces")
    parser.add_argument("--texts", type=int, default=1500, help="texts asked per generated workspace")
    parser.add_argument("--candidates", type=int, default=search.CANDIDATES,
                        help="keys scored per text (to compare other settings)")
    parser.add_argument("--postings", type=int, default=search.POSTINGS_READ,
                        help="postings read per text (to compare other settings)")
    args = parser.parse_args()
    search.CANDIDATES, search.POSTINGS_READ = args.candidates, args.postings
    print(f"EXACT_WINDOW {search.EXACT_WINDOW}, POSTINGS_READ {search.POSTINGS_READ}, "
          f"CANDIDATES {search.CANDIDATES}; threshold 0.75")
    entries, texts = real_memory(args.data)
    compare("real sentences (18 languages)", entries, [(t, "") for t in texts], 0.75)
    before: tuple[float, float] | None = None
    for size in [int(s) for s in args.sizes.split(",")]:
        entries, asked = template_memory(size)
        asked = random.Random(1).sample(asked, min(args.texts, len(asked)))
        now = compare(f"generated, {size:,} articles", entries, asked, 0.75)
        if before is not None:
            print(f"  per text, against the size before: search {now[0] / before[0]:.2f}x, "
                  f"exact search {now[1] / before[1]:.2f}x (the same time per text: 1.00x)")
        before = now


if __name__ == "__main__":
    main()
