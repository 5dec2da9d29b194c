"""Bad input: one clear message naming the file or value, exit code 2, nothing written."""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import EXAMPLES, Invoke

HARBOUR = EXAMPLES / "scrape-harbour-strike.txt"
FRENCH = ("Grève au port\n\nLe président du syndicat a annoncé lundi que les dockers cesseraient le "
          "travail jusqu'à nouvel ordre, déjà très inquiets pour leurs emplois.\n\nLes élèves du "
          "lycée maritime étaient nombreux à soutenir le mouvement devant la préfecture.\n")


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


Maker = Callable[[Path], Path]


def _missing(tmp: Path) -> Path:
    return tmp / "no-such-article.txt"


def _directory(tmp: Path) -> Path:
    (tmp / "folder").mkdir()
    return tmp / "folder"


def _empty(tmp: Path) -> Path:
    path = tmp / "empty.txt"
    path.write_text("\n  \n", encoding="utf-8")
    return path


def _binary(tmp: Path) -> Path:
    path = tmp / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return path


def _noise(tmp: Path) -> Path:
    path = tmp / "noise.txt"
    rng = random.Random(7)
    path.write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(400)))
    return path


def _html_without_article(tmp: Path) -> Path:
    path = tmp / "index.html"
    path.write_text("<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav>"
                    "<p>Subscribe to our newsletter!</p></body></html>", encoding="utf-8")
    return path


def _json_not_matching(tmp: Path) -> Path:
    path = tmp / "export.json"
    path.write_text(json.dumps({"headline": "x", "body": ["a", "b", "c", {"text": 3}]}),
                    encoding="utf-8")
    return path


def _json_syntax(tmp: Path) -> Path:
    path = tmp / "broken.json"
    path.write_text('{\n  "headline": "x",\n  "body": [\n}\n', encoding="utf-8")
    return path


def _device(tmp: Path) -> Path:
    return Path("/dev/zero")  # endless: reading it would fill the memory


def _socket(tmp: Path) -> Path:
    import socket

    path = tmp / "story.sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()
    return path


def _too_large(tmp: Path) -> Path:
    path = tmp / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"Headline\n\n" + b"word " * 100)
        handle.truncate(10 * 1024 * 1024 + 1)
    return path


def _markdown_without_headline(tmp: Path) -> Path:
    path = tmp / "notes.md"
    path.write_text("Some notes.\n\nMore notes.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("make", "message"), [
    (_missing, "no such file"),
    (_directory, "is a directory, not an article file"),
    (_empty, "the file is empty"),
    (_binary, "this is a binary file, not an article"),
    (_noise, "and the encoding cannot be told"),
    (_html_without_article, "no article in this HTML page"),
    (_json_not_matching, "body[3].text: expected a string, got a number"),
    (_json_syntax, "not valid JSON"),
    (_markdown_without_headline, "no headline in this Markdown file"),
    (_device, "is a device, not an article file"),
    (_socket, "is a socket, not an article file"),
    (_too_large, "the file is larger than 10 MB"),
], ids=["missing", "directory", "empty", "binary", "undecidable-encoding", "html-no-article",
        "json-schema", "json-syntax", "markdown-no-headline", "device", "socket", "too-large"])
def test_bad_sources(run: Invoke, workspace: Path, tmp_path: Path, make: Maker,
                     message: str) -> None:
    source = make(tmp_path)
    result = run("pull", str(source))
    assert result.exit_code == 2
    first = result.output.splitlines()[0]
    assert first.startswith(f"presslate: error: {source}")
    assert message in first
    assert "Traceback" not in result.output
    assert list(workspace.iterdir()) == []  # no catalogs folder, not even a lock file


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(run: Invoke, workspace: Path,
                                                              tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "story.txt"
    os.mkfifo(fifo)
    results = []
    thread = threading.Thread(target=lambda: results.append(run("pull", str(fifo))), daemon=True)
    thread.start()
    thread.join(timeout=20)
    if thread.is_alive():  # blocked opening or reading the pipe: give it a writer and an end
        with open(fifo, "wb"):
            pass
        thread.join(timeout=20)
        pytest.fail("pull blocked on a named pipe")
    result = results[0]
    assert result.exit_code == 2
    assert result.output.startswith(f"presslate: error: {fifo}: is a named pipe (FIFO), not an "
                                    "article file")
    assert list(workspace.iterdir()) == []


def test_json_syntax_error_names_the_line(run: Invoke, tmp_path: Path) -> None:
    source = _json_syntax(tmp_path)
    result = run("pull", str(source))
    assert f"presslate: error: {source}:4: not valid JSON" in result.output


def test_one_bad_source_among_good_ones_writes_nothing(run: Invoke, workspace: Path,
                                                       tmp_path: Path) -> None:
    result = run("pull", str(HARBOUR), str(_missing(tmp_path)))
    assert result.exit_code == 2
    assert list(workspace.iterdir()) == []


def test_latin1_text_is_detected(run: Invoke, tmp_path: Path) -> None:
    source = tmp_path / "greve.txt"
    source.write_bytes(FRENCH.encode("latin-1"))
    result = run("pull", str(source), "--slug", "greve")
    assert result.exit_code == 0, result.output
    data = json.loads(run("show", "greve", "--json").output)
    assert data["segments"][0]["text"] == "Grève au port"
    assert "déjà très inquiets" in data["segments"][1]["text"]
    assert data["lang"] == "fr"


@pytest.mark.parametrize(("encoding", "prefix"), [
    ("utf-8-sig", b""), ("utf-16", b""), ("cp1251", b""),
], ids=["utf8-bom", "utf16-bom", "cp1251-russian"])
def test_other_encodings(run: Invoke, tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = ("Забастовка в порту\n\nДокеры порта прекратили работу в понедельник утром, "
            "сообщил профсоюз работников порта.\n\nПереговоры возобновятся в среду.\n")
    if encoding != "cp1251":
        text = FRENCH
    source = tmp_path / "a.txt"
    source.write_bytes(prefix + text.encode(encoding))
    assert run("pull", str(source), "--slug", "a").exit_code == 0
    data = json.loads(run("show", "a", "--json").output)
    assert data["segments"][0]["text"] == text.split("\n")[0]


@pytest.mark.parametrize("slug", ["../escape", "a/b", "..", "a..b", "Big Story", "", "-x",
                                  "x" * 121], ids=["dotdot-slash", "slash", "dotdot", "inner-dotdot",
                                                    "spaces-capitals", "empty", "leading-dash",
                                                    "too-long"])
def test_bad_slugs(run: Invoke, workspace: Path, slug: str) -> None:
    result = run("pull", str(HARBOUR), "--slug", slug)
    assert result.exit_code == 2
    assert f"invalid slug {slug!r}" in result.output
    assert "no path separators" in result.output
    assert list(workspace.iterdir()) == []
    assert not (workspace.parent / "escape.pot").exists()


@pytest.mark.parametrize(("code", "suggestion"), [
    ("xx", "did you mean xh (Xhosa)"),
    ("french", "did you mean fr (French)"),
    ("pt-BX", "did you mean pt_BR (Portuguese (Brazil))"),
], ids=["xx", "language-name", "bad-region"])
def test_unknown_language_codes(run: Invoke, workspace: Path, code: str, suggestion: str) -> None:
    result = run("pull", str(HARBOUR), "--lang", code)
    assert result.exit_code == 2
    assert f"unknown language code {code!r}" in result.output
    assert suggestion in result.output
    assert list(workspace.iterdir()) == []


def test_a_failed_write_leaves_the_old_files(run: Invoke, workspace: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "story.md"
    source.write_text("# The bridge closes\n\nThe council voted on Tuesday to close it.\n",
                      encoding="utf-8")
    assert run("pull", str(source), "--slug", "bridge").exit_code == 0
    before = snapshot(workspace / "catalogs")

    source.write_text("# The bridge closes\n\nThe council voted on Tuesday to close it.\n\n"
                      "A new paragraph appears.\n", encoding="utf-8")
    real_fsync = os.fsync

    def failing_fsync(fd: int) -> None:
        if ".bridge.article.json." in os.readlink(f"/proc/self/fd/{fd}"):  # the record's write fails
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    result = run("pull", str(source), "--slug", "bridge")
    assert result.exit_code == 2
    assert "cannot write: No space left on device" in result.output
    assert "bridge.article.json" in result.output
    monkeypatch.undo()
    # Neither the template nor the record changed, and no temp file is left behind.
    assert snapshot(workspace / "catalogs") == before


def test_pulling_again_keeps_the_template_bytes(run: Invoke, workspace: Path) -> None:
    assert run("pull", str(HARBOUR), "--slug", "h").exit_code == 0
    pot = (workspace / "catalogs" / "h.pot").read_bytes()
    result = run("pull", str(HARBOUR), "--slug", "h")
    assert result.output.endswith("(unchanged)\n")
    assert (workspace / "catalogs" / "h.pot").read_bytes() == pot


def test_damaged_record(run: Invoke, workspace: Path) -> None:
    assert run("pull", str(HARBOUR), "--slug", "h").exit_code == 0
    record = workspace / "catalogs" / "h.article.json"
    record.write_text("{not json", encoding="utf-8")
    result = run("show", "h")
    assert result.exit_code == 2
    assert f"{record}:1: the article record is damaged" in result.output
    assert "pull the article again" in result.output
