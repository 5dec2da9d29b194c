"""Readers: what reading an article's structure costs, against two baselines in the same run.

* Per article: the reader's time against per-segment language detection of
  the same article (the other half of ``presslate pull``), as a ratio.
* For the HTML page: ``read_html`` against flattening the page with lxml's
  ``text_content()`` (what a reader that keeps no structure would cost).

Prints milliseconds (best of ``--repeat`` runs) and the ratios.

    python benchmarks/bench_readers.py [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from presslate.i18n.langid import candidate_languages, detect_segment
from presslate.i18n.readers import read_article, sniff_format

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    candidates = candidate_languages(["en", "fr"])
    print(f"{'example':<30} {'segments':>8} {'read ms':>8} {'detect ms':>9} {'detect/read':>11}")
    for path in sorted(p for p in EXAMPLES.iterdir() if p.is_file()):
        text = path.read_text(encoding="utf-8")
        fmt = sniff_format(text, path.name)
        origin = str(path)
        segments = [s.text for s in read_article(text, fmt=fmt, origin=origin).segments]

        def read(text: str = text, fmt: str = fmt, origin: str = origin) -> None:
            read_article(text, fmt=fmt, origin=origin)

        def detect(segments: list[str] = segments) -> None:
            for seg in segments:
                detect_segment(seg, article_lang="en", candidates=candidates, min_confidence=0.5)

        detect()  # load the language models once, outside the timing
        read_ms = best_of(read, args.repeat)
        detect_ms = best_of(detect, max(1, args.repeat // 4))
        print(f"{path.name:<30} {len(segments):>8} {read_ms:>8.2f} {detect_ms:>9.2f} "
              f"{detect_ms / read_ms:>11.1f}")

    from lxml import html

    page = (EXAMPLES / "html-wildfire.html").read_text(encoding="utf-8")
    flat_ms = best_of(lambda: html.document_fromstring(page).text_content(), args.repeat)
    read_ms = best_of(lambda: read_article(page, fmt="html", origin="page"), args.repeat)
    print(f"\nhtml-wildfire.html: lxml text_content {flat_ms:.2f} ms, read_html {read_ms:.2f} ms "
          f"(x{read_ms / flat_ms:.1f})")


if __name__ == "__main__":
    main()
