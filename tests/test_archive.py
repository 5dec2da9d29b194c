"""``presslate archive translate`` on the session's local Ray instance with real Apertium: one
JSON document per article and language, resumed after an interruption, the same bytes after a
worker was killed, and every article that fails named with why."""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

import pytest

from presslate.i18n.archive import ArchiveOptions, ArchiveProgress, archive_translate
from presslate.i18n.export.notices import MACHINE_NOTICES

from .conftest import EXAMPLES, Invoke, require_tool

pytestmark = [pytest.mark.ray, pytest.mark.apertium]

SENTENCES = [
    "The council approved the new budget on Monday after a long debate.",
    "Farmers in the north say the dry summer has cut their harvest by a third.",
    "The museum will open a new wing dedicated to local artists next spring.",
    "Police closed the bridge for two hours while divers searched the river.",
    "The school board voted to hire twelve more teachers for the autumn term.",
    "Residents were asked to save water until the reservoir is full again.",
    "The festival drew more visitors than last year despite the rain.",
    "A new bus line will connect the station with the hospital from June.",
]


def write_articles(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        body = "\n\n".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(3))
        (folder / f"story-{n:02d}.md").write_text(
            f"---\ntitle: Local news number {n}\nlang: en\n---\n\n# Local news number {n}\n\n{body}\n",
            encoding="utf-8")


def documents(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.json"))}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, ray_cluster: Path) -> tuple[Path, dict[str, bytes]]:
    """The examples (several formats, English and French), generated stories and a file that is
    not an article, translated into Spanish and French once, undisturbed."""
    require_tool("apertium")
    root = tmp_path_factory.mktemp("archive")
    source = root / "src"
    write_articles(source, 6)
    for example in EXAMPLES.glob("*.*"):
        shutil.copy(example, source)
    # the same name in a subfolder, and two files differing only by their suffix
    write_articles(source / "2019", 1)
    shutil.copy(source / "story-00.md", source / "2019" / "story-00.txt")
    (source / "broken.txt").write_bytes(b"\x00\x01\x02 not an article")
    out = root / "out"
    summary = archive_translate(ArchiveOptions(source, ("es", "fr"), out, engine="apertium", workers=2))
    assert summary.written == 2 * 12
    assert [(f.article, f.locale) for f in summary.failures] == [(str(source / "broken.txt"), "")]
    assert "binary" in summary.failures[0].message
    return source, documents(out)


def test_every_article_and_language_is_a_localized_document(archive: tuple[Path, dict[str, bytes]]) -> None:
    _, docs = archive
    assert len(docs) == 24
    assert {"es/2019/story-00.md.json", "es/2019/story-00.txt.json", "es/story-00.json"} <= set(docs)
    doc = json.loads(docs["es/story-03.json"])
    assert doc["record"] == "presslate-export/1" and doc["locale"] == "es" and doc["slug"] == "story-03"
    assert doc["notice"] == MACHINE_NOTICES["es"]
    body = [s for s in doc["segments"] if s["kind"] == "body"]
    assert len(body) == 3 and all(s["status"] == "machine" for s in body)
    assert all(s["provenance"].startswith("apertium en→es (eng-spa") for s in body)
    assert "puente" in body[0]["text"]
    # a French article's French edition: its French segments as written, its English quotes translated
    festival = json.loads(docs["fr/markdown-festival.json"])
    statuses = {s["status"] for s in festival["segments"]}
    assert statuses == {"as-written", "machine"}
    assert all(s["lang"] == "fr" for s in festival["segments"] if s["status"] == "as-written")


def test_a_rerun_resumes_where_the_first_stopped(archive: tuple[Path, dict[str, bytes]], tmp_path: Path,
                                                 run: Invoke) -> None:
    source, expected = archive
    out = tmp_path / "out"
    for name, data in expected.items():  # an interrupted run: some documents written, not others
        if not name.startswith("fr/story"):
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(data)
    (out / "fr" / ".story-00.json.tmp").write_text("{half", encoding="utf-8")  # killed mid-write
    result = run("archive", "translate", str(source), "--to", "es,fr", "--out", str(out),
                 "--engine", "apertium", "--workers", "2", "--ray", "auto")
    assert result.exit_code == 3, result.output
    assert "written: 6 documents" in result.output
    assert "already written by an earlier run: 18" in result.output
    assert "broken.txt: this is a binary file, not an article" in result.output
    assert documents(out) == expected
    failures = [json.loads(line) for line in (out / "failures.jsonl").read_text().splitlines()]
    assert [f["article"] for f in failures] == [str(source / "broken.txt")]
    again = run("archive", "translate", str(source), "--to", "es,fr", "--out", str(out),
                "--engine", "apertium", "--ray", "auto")
    assert "written: 0 documents" in again.output and "already written by an earlier run: 24" in again.output


def archive_workers() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                title = (entry / "cmdline").read_bytes().split(b"\0")[0]
            except OSError:
                continue
            if title.startswith(b"ray::MapWorker(MapBatches(ArchiveTranslator))"):
                pids.append(int(entry.name))
    return pids


def test_a_killed_worker_loses_and_duplicates_nothing(archive: tuple[Path, dict[str, bytes]],
                                                      tmp_path: Path) -> None:
    source, expected = archive
    killed: list[int] = []

    def progress(state: ArchiveProgress) -> None:
        workers = archive_workers()
        if not killed and workers:
            killed.append(workers[0])
            os.kill(workers[0], signal.SIGKILL)

    out = tmp_path / "out"
    summary = archive_translate(ArchiveOptions(source, ("es",), out, engine="apertium", workers=2,
                                               batch=1), progress=progress)
    assert killed, "no worker was running to be killed"
    assert summary.written == 12 and summary.already == 0
    assert [f.article for f in summary.failures] == [str(source / "broken.txt")]
    assert documents(out) == {name: data for name, data in expected.items() if name.startswith("es/")}


def test_a_json_lines_archive(tmp_path: Path, ray_cluster: Path) -> None:
    require_tool("apertium")
    record = json.loads((EXAMPLES / "cms-export-elections.json").read_text(encoding="utf-8"))
    lines = [json.dumps(record), "", "{not json", json.dumps({**record, "headline": "Second take"})]
    source = tmp_path / "archive.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    summary = archive_translate(ArchiveOptions(source, ("es",), out, engine="apertium", workers=1))
    assert summary.written == 2
    assert len(summary.failures) == 1 and "(line " in summary.failures[0].article
    names = sorted(p.name for p in (out / "es").iterdir())
    assert len(names) == 2 and all(n.endswith(".json") for n in names)
    again = archive_translate(ArchiveOptions(source, ("es",), out, engine="apertium", workers=1))
    assert again.written == 0 and again.already == 2
