"""Compare presslate's checks with Translate Toolkit's ``pofilter`` on the same catalogs.

Builds a workspace with seeded problems (each a typical fault of machine or
hurried human translation of news) and clean entries that a check must not
flag (locale number formats, French quotes and spacing, transliterated names,
text already in the target language), runs ``presslate check`` and
``pofilter`` on the same PO files, and prints, per entry, which tool reported
it, then the totals and the run times of both (ratio).

    python benchmarks/pofilter_compare.py [--markdown]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from presslate.i18n.qa.runner import CheckOptions, check_workspace  # noqa: E402
from presslate.i18n.workspace import Workspace  # noqa: E402
from tests.qa.catalogs import E, write_article  # noqa: E402

# Checks that report an entry's state rather than its text: not compared.
STATE_CHECKS = {"presslate": {"fuzzy", "untranslated"}, "pofilter": {"isfuzzy", "untranslated", "isreview"}}


@dataclass(frozen=True)
class Case:
    name: str
    locale: str
    entry: E
    problem: bool  # a seeded problem (True) or a clean entry that must not be flagged


def _p(name: str, source: str, translation: str, locale: str = "fr") -> Case:
    return Case(name, locale, E(source, translation), True)


def _c(name: str, source: str, translation: str, locale: str = "fr", *, lang: str = "en",
       kind: str = "body", state: str = "reviewed") -> Case:
    return Case(name, locale, E(source, translation, lang=lang, kind=kind, state=state), False)


CASES = [
    _p("digits written as words", "15 soldiers were killed.", "Quinze soldats ont été tués."),
    _p("year changed", "In 2018 the plane was downed.", "En 2017, l'avion a été abattu."),
    _p("decimal read as thousands", "It cost 3.5 million dollars.",
       "Cela a coûté 3 500 millions de dollars."),
    _p("do-not-translate term changed", "The S-300 system arrived.", "Le système S 300 est arrivé."),
    _p("glossary term not used", "The cabinet met on Sunday.", "Le cabinet s'est réuni dimanche."),
    _p("name dropped", "He met Vladimir Putin in Sochi.", "Il a rencontré le président à Moscou."),
    _p("source echoed (English)", "The minister said the talks had been productive.",
       "The minister said the talks had been productive."),
    _p("wrong target language (Spanish)", "The minister said the talks would go on.",
       "El ministro dijo que las conversaciones continuarían."),
    _p("question mark lost", "Will they meet again?", "Vont-ils se revoir."),
    _p("bracket not closed", "The army (IDF) said it regretted the loss.",
       "L'armée (Tsahal a dit regretter la perte."),
    _p("quotation not closed", "“We agreed to meet soon,” he said.",
       "« Nous avons convenu de nous revoir bientôt, a-t-il dit."),
    _p("URL changed", "Read more at https://example.org/news/123.",
       "Lisez la suite sur https://example.fr/news/123."),
    _p("@handle dropped", "Follow @i24NEWS_EN for updates.", "Suivez i24NEWS_EN pour les mises à jour."),
    _p("e-mail dropped", "Write to desk@example.org with tips.", "Écrivez à la rédaction avec vos tuyaux."),
    _p("tag dropped", "Read <b>this</b> report.", "Lisez ce rapport."),
    _p("placeholder renamed", "%(count)d people were evacuated.", "%(nombre)d personnes ont été évacuées."),
    _p("sentence dropped (short)",
       "The minister spoke on Sunday. He said the talks would continue next week.",
       "Le ministre a parlé dimanche."),
    _p("engine loop (long)", "The talks will continue next week.",
       "Les pourparlers continueront la semaine prochaine, la semaine prochaine, la semaine prochaine, "
       "la semaine prochaine, la semaine prochaine."),
    _p("Apertium unknown-word mark", "The zorblax was delivered yesterday.", "Le *zorblax a été livré hier."),
    _p("word repeated", "He went to the city.", "Il est allé dans la la ville."),
    _p("phrase repeated", "He spoke with the president.",
       "Il a parlé avec le président avec le président avec le président."),
    _p("leading space added", "Hello everyone.", " Bonjour à tous."),
    _p("doubled space", "Good evening everyone.", "Bonsoir  à tous."),
    _p("number format changed meaning (de)", "It weighs 1.5 tonnes.", "Es wiegt 1.500 Tonnen.", locale="de"),
    _c("1,000 as 1 000 (fr)", "1,000 people were evacuated.", "1 000 personnes ont été évacuées."),
    _c("2,500 with a narrow no-break space", "2,500 homes lost power.",
       "2\u202f500 foyers ont perdu le courant."),
    _c("3.5% as 3,5 %", "Prices rose 3.5% in 2018.", "Les prix ont augmenté de 3,5 % en 2018."),
    _c("date with the month in words", "On 09/17/2018 the plane was downed.",
       "Le 17 septembre 2018, l'avion a été abattu."),
    _c("time 14:30 as 14h30", "The meeting starts at 14:30.", "La réunion commence à 14h30."),
    _c("French quotation marks", "“We agreed to meet soon,” Netanyahu said.",
       "« Nous avons convenu de nous revoir bientôt », a déclaré Netanyahou."),
    _c("French space before ?", "Will the talks resume?", "Les pourparlers reprendront-ils ?"),
    _c("names transliterated", "Benjamin Netanyahu and Vladimir Putin spoke about Syria.",
       "Benyamin Netanyahou et Vladimir Poutine ont parlé de la Syrie."),
    _c("already in French, used as written", "Le président russe Vladimir Poutine à Sotchi.",
       "", lang="fr", kind="caption", state="source"),
    _c("name-only caption", "Vladimir Putin", "Vladimir Putin", kind="caption"),
    _c("French 'nous nous'", "We met in Moscow.", "Nous nous sommes rencontrés à Moscou."),
    _c("do-not-translate term kept", "Russia delivered the S-300 to Syria.",
       "La Russie a livré le S-300 à la Syrie."),
    _c("15% is not a placeholder", "15% of voters stayed home.", "15 % des électeurs sont restés chez eux."),
    _c("URL kept before a period", "Details at https://example.org/a.", "Détails sur https://example.org/a."),
    _c("1,000,000 as 1.000.000 (de)", "1,000,000 people live there.", "1.000.000 Menschen leben dort.",
       locale="de"),
    _c("German quotation marks", "“Soon,” he said.", "„Bald“, sagte er.", locale="de"),
]
GLOSSARY = "term,source,target,translation,flag\nS-300,,,,dnt\ncabinet,en,fr,conseil des ministres,\n"


def build(root: Path) -> Workspace:
    (root / "glossary.csv").write_text(GLOSSARY, encoding="utf-8")
    (root / "presslate.toml").write_text('glossary = "glossary.csv"\n', encoding="utf-8")
    catalogs: dict[str, list[E]] = {}
    for case in CASES:
        catalogs.setdefault(case.locale, []).append(case.entry)
    return write_article(root, "seeded", catalogs)


def pofilter_exe() -> str:
    beside = Path(sys.executable).parent / "pofilter"
    found = str(beside) if beside.exists() else shutil.which("pofilter")
    if not found:
        raise SystemExit("pofilter is not installed (pip install translate-toolkit)")
    return found


def run_pofilter(ws: Workspace, locale: str) -> dict[tuple[str, str], set[str]]:
    import polib

    src = ws.catalog_path("seeded", locale)
    dnt = ws.root / "notranslate.txt"
    dnt.write_text("S-300\n", encoding="utf-8")
    out = ws.root / f"pofilter-{locale}.po"
    subprocess.run([pofilter_exe(), "--progress=none", f"--language={locale}", f"--notranslatefile={dnt}",
                    "-i", str(src), "-o", str(out)], check=True, capture_output=True)
    found: dict[tuple[str, str], set[str]] = {}
    for entry in polib.pofile(str(out)):
        tests = {line.split(")", 1)[1].split(":", 1)[0].strip()
                 for line in (entry.tcomment or "").splitlines() if line.startswith("(pofilter)")}
        found[(entry.msgctxt or "", entry.msgid)] = tests - STATE_CHECKS["pofilter"]
    return found


@dataclass(frozen=True)
class Row:
    case: Case
    presslate: frozenset[str]
    pofilter: frozenset[str]


@dataclass(frozen=True)
class Times:
    presslate_cold: float  # includes loading the language detector's models
    presslate_warm: float
    pofilter: float


def compare(root: Path) -> tuple[list[Row], Times]:
    """Run both tools on the seeded catalogs; returns the rows and the run times."""
    ws = build(root)
    start = time.perf_counter()
    report = check_workspace(ws, CheckOptions())
    cold = time.perf_counter() - start
    start = time.perf_counter()
    check_workspace(ws, CheckOptions())
    warm = time.perf_counter() - start
    by_line: dict[tuple[str, int], set[str]] = {}
    for finding in report.findings:
        if finding.check not in STATE_CHECKS["presslate"]:
            by_line.setdefault((finding.locale, finding.line), set()).add(finding.check)
    start = time.perf_counter()
    theirs = {locale: run_pofilter(ws, locale) for locale in sorted({c.locale for c in CASES})}
    times = Times(cold, warm, time.perf_counter() - start)
    from presslate.i18n.catalog import load_po

    rows = []
    for case in CASES:
        po = load_po(ws.catalog_path("seeded", case.locale))
        entry = po.find(case.entry.text, msgctxt=case.entry.kind)
        rows.append(Row(case, frozenset(by_line.get((case.locale, entry.linenum), set())),
                        frozenset(theirs[case.locale].get((case.entry.kind, case.entry.text), set()))))
    return rows, times


def render(rows: list[Row], times: Times, *, markdown: bool) -> str:
    lines = []
    if markdown:
        lines.append("| entry | seeded problem | presslate | pofilter |")
        lines.append("|---|---|---|---|")
    for row in rows:
        ours = ", ".join(sorted(row.presslate)) or "—"
        theirs = ", ".join(sorted(row.pofilter)) or "—"
        kind = "yes" if row.case.problem else "no (must not flag)"
        if markdown:
            lines.append(f"| {row.case.name} | {kind} | {ours} | {theirs} |")
        else:
            lines.append(f"{row.case.name:<40} {kind:<19} presslate: {ours:<32} pofilter: {theirs}")
    problems = [r for r in rows if r.case.problem]
    clean = [r for r in rows if not r.case.problem]

    def count(items: list[Row], attr: str) -> int:
        return sum(bool(getattr(r, attr)) for r in items)

    both = sum(bool(r.presslate) and bool(r.pofilter) for r in problems)
    only_ours = sum(bool(r.presslate) and not r.pofilter for r in problems)
    only_theirs = sum(not r.presslate and bool(r.pofilter) for r in problems)
    lines += [
        "",
        f"seeded problems: {len(problems)}; reported by both {both}, only presslate {only_ours}, "
        f"only pofilter {only_theirs}, neither {len(problems) - both - only_ours - only_theirs}",
        f"caught: presslate {count(problems, 'presslate')}/{len(problems)}, "
        f"pofilter {count(problems, 'pofilter')}/{len(problems)}",
        f"clean entries flagged (false positives): presslate {count(clean, 'presslate')}/{len(clean)}, "
        f"pofilter {count(clean, 'pofilter')}/{len(clean)}",
        f"time over {len(rows)} entries: pofilter {times.pofilter:.2f}s (one process per catalog); "
        f"presslate in process {times.presslate_cold:.2f}s first run (loading the language detector's "
        f"models), {times.presslate_warm:.3f}s warm; ratio pofilter/presslate: "
        f"{times.pofilter / times.presslate_cold:.2f} first run, "
        f"{times.pofilter / times.presslate_warm:.1f} warm",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="presslate-pofilter-") as tmp:
        rows, times = compare(Path(tmp))
    sys.stdout.write(render(rows, times, markdown=args.markdown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
