"""The comparison with Translate Toolkit's pofilter runs, and presslate catches what it seeds."""

from __future__ import annotations

from pathlib import Path

from benchmarks.pofilter_compare import compare, render


def test_compare_with_pofilter(tmp_path: Path) -> None:
    rows, times = compare(tmp_path)
    problems = [r for r in rows if r.case.problem]
    clean = [r for r in rows if not r.case.problem]
    assert [r.case.name for r in problems if not r.presslate] == []
    assert [r.case.name for r in clean if r.presslate] == []
    assert any(r.pofilter for r in problems)  # pofilter really ran on the same catalogs
    text = render(rows, times, markdown=True)
    assert text.startswith("| entry | seeded problem | presslate | pofilter |")
    assert f"caught: presslate {len(problems)}/{len(problems)}" in text
