"""Debian's Apertium, called as a process: many segments per call, pivoting, unknown-word marks.

Installed pairs come from ``apertium -l``; Apertium names languages with ISO
639-3 codes in some pairs (``eng-spa``) and 639-1 in others (``fr-es``), both
mapped to the bare 639-1 code presslate uses. The output marks unknown words
``*word``, generation errors ``#word`` and transfer errors ``@word``: the marks
are removed, and the unknown words kept for the translator.

A segment's translation depends only on its own text, the route and the
engine version, never on the segments sent with it. Apertium's own ``apertium
-f txt`` call carries state from one segment to the next: the part-of-speech
tagger (``apertium-tagger``) keeps what it saw, so "hunt" after an unrelated
sentence with "included" twenty segments earlier is tagged differently. So each
hop runs the pair's mode (its ``.mode`` file, as ``apertium-wblank-mode -z``
writes it) in three parts: the stages before the tagger for the whole batch in
null-flush mode (each segment ends with ``\0``), the tagger once per segment
(a fresh process, a few milliseconds, several at a time), and the stages after
it for the whole batch. Text is deformatted and reformatted by Apertium's own
``apertium-destxt`` and ``apertium-retxt``. An ``apertium`` whose mode files
cannot be found (not beside it in ``../share/apertium/modes``) is called as a
whole, segments separated by blank lines; then batches are not independent.

HTML fragments (``translate_html``: text with inline tags) go through the same
pipeline with each word inside an element in a wordbound blank
(``[[<a1><em>]]word[[/]]``), built and read back here, so a word keeps its
formatting wherever transfer moves it. A fragment whose tags do not all come back
is translated again with ``apertium-deshtml``/``apertium-rehtml`` (tags as
superblanks, never dropped). Without mode files, ``apertium -f html`` is called once
per fragment.
"""

from __future__ import annotations

import contextlib
import functools
import html as html_lib
import os
import re
import shlex
import shutil
import signal
import subprocess
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..errors import EngineError
from .base import Advance, Hop, Route, Translation

ISO3 = {
    "afr": "af", "ara": "ar", "arg": "an", "ast": "ast", "bel": "be", "bre": "br", "bul": "bg",
    "cat": "ca", "ces": "cs", "cym": "cy", "dan": "da", "deu": "de", "ell": "el", "eng": "en",
    "epo": "eo", "est": "et", "eus": "eu", "fao": "fo", "fin": "fi", "fra": "fr", "fre": "fr",
    "gle": "ga", "glg": "gl", "heb": "he", "hin": "hi", "hrv": "hr", "hun": "hu", "isl": "is",
    "ita": "it", "kaz": "kk", "lav": "lv", "lit": "lt", "mkd": "mk", "mlt": "mt", "nld": "nl",
    "nno": "nn", "nob": "nb", "oci": "oc", "pol": "pl", "por": "pt", "ron": "ro", "rus": "ru",
    "slk": "sk", "slv": "sl", "spa": "es", "sqi": "sq", "srd": "sc", "swe": "sv", "tat": "tt",
    "tur": "tr", "ukr": "uk", "urd": "ur", "zho": "zh",
}
ISO1_TO_3 = {v: k for k, v in ISO3.items() if k != "fre"}
SEPARATOR = "\n\n"
TEXT_TOOLS = ("apertium-destxt", "apertium-retxt")
_MARKUP_RE = re.compile(r"<[^<>]*>|&[#\w]+;")
# ``*word`` unknown, ``#word`` generation error, ``@word`` transfer error; ``*·`` an unknown
# symbol (a middle dot in a byline, say).
_MARKS = re.compile(r"(?<![\w*#@])(?:[*#@]+(?=\w)|\*+(?=[^\s\w*]))")
_UNKNOWN = re.compile(r"(?<![\w*#@])\*+(?=[^\s*])")
_UNKNOWN_WORD = re.compile(r"(?<![\w*#@])\*+(\w+(?:['’-]\w+)*)")


_STREAM_SPECIAL = re.compile(r"([\\\[\]^$/@<>{}])")
_FRAGMENT_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)\s*(/?)>")
_STREAM_TOKEN = re.compile(r"\[\[((?:\\.|[^\]\\])*)\]\]((?:\\.|[^\[\\])*?)\[\[/\]\]"
                           r"|\[((?:\\.|[^\]\\])*)\]|\\(.)|([^\[\\]+)|(.)", re.DOTALL)


def _stream_escape(text: str) -> str:
    return _STREAM_SPECIAL.sub(r"\\\1", text)


def _tool(executable: str, name: str) -> str:
    return shutil.which(name, path=str(Path(executable).parent)) or name


def _elements(fragment: str) -> Counter[str]:
    """How many of each tag an HTML fragment holds."""
    return Counter(m.group(0).replace(" ", "") for m in re.finditer(r"</?[a-z][a-z0-9]*\s*/?>", fragment))


def wordbound_stream(fragment: str) -> str:
    """An HTML fragment (inline tags, escaped text; see :mod:`presslate.i18n.engines.markup`) as
    Apertium's stream format: each word inside inline elements carries them in a wordbound
    blank (``[[<a1><em>]]word[[/]]``), which the pipeline keeps with the word's translation
    wherever transfer moves it; a line break is a superblank."""
    out: list[str] = []
    stack: list[str] = []
    for piece in re.split(r"(<[^<>]*>)", fragment):
        if not piece:
            continue
        tag = _FRAGMENT_TAG.fullmatch(piece)
        if piece.startswith("<") and tag is None:
            out.append("[" + _stream_escape(piece) + "]")  # not ours: kept as format
        elif tag is not None and (tag.group(3) or tag.group(2) == "br"):
            out.append("[" + _stream_escape(piece) + "]")
        elif tag is not None and tag.group(1):
            if tag.group(2) in stack:
                del stack[len(stack) - 1 - stack[::-1].index(tag.group(2))]
        elif tag is not None:
            stack.append(tag.group(2))
        else:
            text = html_lib.unescape(piece)
            if not stack:
                out.append(_stream_escape(text))
                continue
            marks = "".join(f"<{name}>" for name in stack)
            for chunk in re.split(r"(\s+)", text):
                if chunk and not chunk.isspace():
                    out.append(f"[[{marks}]]{_stream_escape(chunk)}[[/]]")
                else:
                    out.append(chunk)
    return "".join(out)


def from_wordbound(stream: str) -> str:
    """An Apertium stream's output with wordbound blanks back to an HTML fragment: words that
    carry the same elements, with only spaces between them, are one element again."""
    pieces: list[tuple[tuple[str, ...], str]] = []  # (elements, text); a break: (("br",), "")
    for match in _STREAM_TOKEN.finditer(stream):
        marks, word, blank, escaped, plain, other = match.groups()
        if marks is not None:
            unescaped = re.sub(r"\\(.)", r"\1", word)
            # Words merged by transfer carry each one's marks ("<a1>; <a1>"): each element once.
            names = dict.fromkeys(re.findall(r"<([a-z][a-z0-9]*)>", marks))
            pieces.append((tuple(names), unescaped))
        elif blank is not None:
            content = re.sub(r"\\(.)", r"\1", blank)
            if re.fullmatch(r"<br\s*/?>", content):
                pieces.append((("br",), ""))
            elif content.isspace():
                pieces.append(((), content))
        else:
            pieces.append(((), escaped or plain or other or ""))
    # Spaces between two words belong to the elements both words are in.
    for i, (elements, text) in enumerate(pieces):
        if not elements and text.isspace() and 0 < i < len(pieces) - 1:
            before, after = pieces[i - 1][0], pieces[i + 1][0]
            if ("br",) not in (before, after):
                common = 0
                while common < min(len(before), len(after)) and before[common] == after[common]:
                    common += 1
                pieces[i] = (before[:common], text)
    out: list[str] = []
    current: tuple[str, ...] = ()
    for elements, text in pieces:
        if elements == ("br",):
            out.append("<br/>")
            continue
        common = 0
        while common < min(len(current), len(elements)) and current[common] == elements[common]:
            common += 1
        out.extend(f"</{name}>" for name in reversed(current[common:]))
        out.extend(f"<{name}>" for name in elements[common:])
        current = elements
        out.append(html_lib.escape(text, quote=False))
    out.extend(f"</{name}>" for name in reversed(current))
    return "".join(out).strip()


def to_iso1(code: str) -> str:
    return ISO3.get(code, code)


def debian_package(source: str, target: str) -> str:
    """The Debian package name likely to hold a pair (``apertium-eng-spa``, ``apertium-fr-es``)."""
    if source in ("fr", "es", "ca", "pt", "it", "oc", "gl", "an", "ro", "eo"):
        return f"apertium-{source}-{target}"
    return f"apertium-{ISO1_TO_3.get(source, source)}-{ISO1_TO_3.get(target, target)}"


def strip_marks(text: str) -> tuple[str, int]:
    """Remove Apertium's ``*``/``#``/``@`` marks; returns the text and the unknown-word count."""
    unknown = len(_UNKNOWN.findall(text))
    return _MARKS.sub("", text), unknown


def unknown_words(text: str) -> list[str]:
    """The words Apertium marked unknown (``*word``) in ``text``, in order, each once."""
    return list(dict.fromkeys(_UNKNOWN_WORD.findall(text)))


def _first_letter(text: str, html: bool) -> int:
    """Where the first letter of ``text`` is (outside tags and entities when ``html``), or -1."""
    skip = {i for m in _MARKUP_RE.finditer(text) for i in range(m.start(), m.end())} if html else set()
    return next((i for i, c in enumerate(text) if c.isalpha() and i not in skip), -1)


def match_initial_case(source: str, text: str, *, html: bool = False) -> str:
    """Apertium may lower-case a sentence's first word (``Russia`` -> ``la Russie``): restore it."""
    first_at = _first_letter(source, html)
    first = source[first_at] if first_at >= 0 else ""
    at = _first_letter(text, html)
    if first.isupper() and at >= 0 and text[at].islower():
        return text[:at] + text[at].upper() + text[at + 1:]
    return text


@functools.cache
def _installed_modes(executable: str) -> tuple[str, ...]:
    try:
        proc = subprocess.run([executable, "-l"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return tuple(line.strip() for line in proc.stdout.splitlines() if line.strip())


@functools.cache
def _mode_version(mode: str) -> str:
    """The version of the Debian package behind a mode, "" when unknown (not Debian, no dpkg)."""
    if shutil.which("dpkg") is None:
        return ""
    for folder in ("/usr/share/apertium/modes", "/usr/local/share/apertium/modes"):
        path = os.path.join(folder, f"{mode}.mode")
        if not os.path.exists(path):
            continue
        try:
            owner = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True, timeout=10,
                                   check=False).stdout.split(":", 1)[0].strip()
            if not owner:
                return ""
            version = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", owner], capture_output=True,
                                     text=True, timeout=10, check=False).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""
        return version
    return ""


def run_pipeline(command: list[str], payload: str, timeout: float,
                 env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run ``command`` (Apertium is a shell pipeline) in its own process group; on timeout the
    whole group is killed, so no stage is left running with the pipes open."""
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, encoding="utf-8", start_new_session=True, env=env) as proc:
        try:
            stdout, stderr = proc.communicate(payload, timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise
        return proc.returncode, stdout, stderr


@dataclass(frozen=True)
class Pipeline:
    """A pair's mode split around its tagger: shell pipelines before and after, the tagger's argv."""

    head: str
    tagger: tuple[str, ...]
    tail: str
    deformat: tuple[str, ...]
    reformat: tuple[str, ...]


def _modes_dir(executable: str) -> Path:
    return Path(os.path.realpath(executable)).parent.parent / "share" / "apertium" / "modes"


@functools.cache
def mode_pipeline(executable: str, mode: str) -> Pipeline | None:
    """The mode's pipeline in null-flush mode, as ``apertium -f txt`` runs it (unknown words marked);
    None when the mode file or ``apertium-wblank-mode`` cannot be found, or the mode has no tagger."""
    path = _modes_dir(executable) / f"{mode}.mode"
    wblank = shutil.which("apertium-wblank-mode", path=str(Path(executable).parent)) or ""
    if not path.is_file() or not wblank:
        return None
    try:
        proc = subprocess.run([wblank, "-z", str(path)], capture_output=True, text=True, timeout=30,
                              check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    script = proc.stdout.strip()
    if proc.returncode != 0 or not script:
        return None
    # $1 is the generator's option (-g: mark unknown words, as `apertium -f txt`), $2 the tagger's.
    try:
        stages = [shlex.split(stage.replace("$1", "-g").replace("$2", "")) for stage in script.split(" | ")]
    except ValueError:
        return None
    at = next((i for i, argv in enumerate(stages) if argv and argv[0] == "apertium-tagger"), -1)
    if at <= 0 or at == len(stages) - 1:
        return None
    tools = [shutil.which(name, path=str(Path(executable).parent)) for name in TEXT_TOOLS]
    if not all(tools):
        return None
    return Pipeline(" | ".join(shlex.join(a) for a in stages[:at]), tuple(stages[at]),
                    " | ".join(shlex.join(a) for a in stages[at + 1:]),
                    (str(tools[0]),), (str(tools[1]),))


def parse_mode(mode: str) -> tuple[str, str] | None:
    """``eng-spa`` -> ``("en", "es")``; variants and helper modes (``spa-eng_US``, ``eco-es-fr``) -> None."""
    parts = mode.split("-")
    if len(parts) != 2 or not all(re.fullmatch(r"[a-z]{2,3}", p) for p in parts):
        return None
    return to_iso1(parts[0]), to_iso1(parts[1])


class ApertiumEngine:
    """Apertium pairs installed here (``apertium -l``)."""

    name = "apertium"

    def __init__(self, *, timeout: float = 300.0, executable: str | None = None) -> None:
        self.timeout = timeout
        self.executable = executable or shutil.which("apertium") or ""

    def hops(self) -> list[Hop]:
        if not self.executable:
            return []
        hops = []
        for mode in _installed_modes(self.executable):
            pair = parse_mode(mode)
            if pair is not None:
                hops.append(Hop(pair[0], pair[1], mode))
        return hops

    def translate(self, route: Route, texts: Sequence[str],
                  advance: Advance | None = None) -> list[Translation]:
        return self._translate(route, texts, advance, html=False)

    def translate_html(self, route: Route, texts: Sequence[str],
                       advance: Advance | None = None) -> list[Translation]:
        """Translate HTML fragments (text with inline tags, ``&amp;``-escaped) with Apertium's
        HTML format (``apertium -f html``: ``apertium-deshtml``/``-rehtml``): the tags are
        kept as format, in their place among the words."""
        done = self._translate(route, texts, None, html="wordbound")
        # Transfer may drop a word and its marks (an article), or join two elements: those
        # texts go again with the tags as superblanks, which Apertium never drops.
        again = [i for i, (text, out) in enumerate(zip(texts, done, strict=True))
                 if _elements(out.text) != _elements(text)]
        if again:
            redone = self._translate(route, [texts[i] for i in again], None, html="superblank")
            for i, out in zip(again, redone, strict=True):
                done[i] = out
        if advance is not None:
            advance(len(done))
        return done

    def _translate(self, route: Route, texts: Sequence[str], advance: Advance | None, *,
                   html: str | bool) -> list[Translation]:
        hops = tuple(Hop(h.source, h.target, h.model, _mode_version(h.model)) for h in route.hops)
        versioned = Route(route.engine, hops)
        current = [" ".join(t.split()) for t in texts]
        # The source words the first hop did not know (a later hop's marks are on the pivot
        # language's text, or on these same words again).
        unknown: list[list[str]] = []
        for number, hop in enumerate(hops):
            outputs = self._run(hop, route, current, html=html)
            current = []
            for i, out in enumerate(outputs):
                clean, _ = strip_marks(out)
                if number == 0:
                    unknown.append(unknown_words(out))
                current.append(match_initial_case(texts[i], clean, html=bool(html)))
        if advance is not None:
            advance(len(current))
        note = versioned.describe()
        return [Translation(text, note, len(words), tuple(words))
                for text, words in zip(current, unknown, strict=True)]

    def _fail(self, what: str, pair: tuple[str, str], exc: BaseException) -> EngineError:
        if isinstance(exc, subprocess.TimeoutExpired):
            return EngineError(f"{what} took longer than {self.timeout:g}s", pair=pair,
                               hint="raise translate.timeout in presslate.toml, or translate fewer "
                                    "articles at once")
        detail = exc.strerror if isinstance(exc, OSError) else str(exc)
        return EngineError(f"cannot run {what}: {detail}", pair=pair,
                           hint="install it: apt-get install apertium")

    def _call(self, what: str, hop: Hop, pair: tuple[str, str], command: list[str], payload: str,
              env: dict[str, str] | None = None) -> str:
        try:
            returncode, stdout, stderr = run_pipeline(command, payload, self.timeout, env)
        except (subprocess.TimeoutExpired, OSError) as exc:
            raise self._fail(what, pair, exc) from exc
        if returncode != 0:
            detail = (stderr.strip().splitlines() or ["no message"])[-1]
            raise EngineError(f"{what} failed (exit {returncode}): {detail}", pair=pair,
                              hint=f"check the pair: echo test | apertium {hop.model}")
        return stdout

    def _run(self, hop: Hop, route: Route, texts: list[str], *, html: str | bool = False) -> list[str]:
        pair = route.pair
        what = f"apertium {hop.model} (for {'→'.join(route.path)})"
        pipeline = mode_pipeline(self.executable, hop.model)
        if html and pipeline is None:
            # One call per fragment: in HTML a blank line does not separate anything.
            parts = [self._call(what, hop, pair, [self.executable, "-f", "html", hop.model],
                                text + "\n").strip() for text in texts]
        elif pipeline is None:
            payload = SEPARATOR.join(texts) + "\n"
            stdout = self._call(what, hop, pair, [self.executable, "-f", "txt", hop.model], payload)
            parts = [p.strip() for p in stdout.strip("\n").split(SEPARATOR)]
        else:
            parts = self._run_independent(pipeline, what, hop, pair, texts, html=html)
        if len(parts) != len(texts):
            raise EngineError(f"{what} returned {len(parts)} segments for {len(texts)}", pair=pair,
                              hint="report this text; the segments' separator did not survive")
        return parts

    def _run_independent(self, pipeline: Pipeline, what: str, hop: Hop, pair: tuple[str, str],
                         texts: list[str], *, html: str | bool = False) -> list[str]:
        """One hop, each segment's translation independent of the others (see the module's doc)."""
        env = dict(os.environ)
        env["PATH"] = str(Path(self.executable).parent) + os.pathsep + env.get("PATH", "")
        bash = shutil.which("bash") or "/bin/bash"
        if html == "wordbound":
            units = [wordbound_stream(text) + "[][\n]" for text in texts]
        elif html:
            # HTML has no paragraph separator: each fragment deformatted on its own (the tool
            # ends it with the "." it adds and "[]"; the stream below adds them back).
            def deformat(text: str) -> str:
                out = self._call(what, hop, pair, [_tool(self.executable, "apertium-deshtml")],
                                 text, env)
                return out.removesuffix("[]").removesuffix(".")

            with ThreadPoolExecutor(max_workers=max(1, min(8, os.cpu_count() or 1))) as pool:
                units = list(pool.map(deformat, texts))
        else:
            # apertium-destxt ends each paragraph with ".[][\n\n]" (the "." is one it adds;
            # retxt removes it); "[" in the text is escaped, so the sequence only ever separates
            # segments.
            deformatted = self._call(what, hop, pair, list(pipeline.deformat),
                                     SEPARATOR.join(texts) + "\n", env)
            units = deformatted.split(".[][\n\n]")
        if len(units) != len(texts):
            raise EngineError(f"{what}: apertium-destxt returned {len(units)} segments for {len(texts)}",
                              pair=pair, hint="report this text")
        stream = "".join(u + ("" if u.endswith("[][\n]") else ".[][\n]") + "\0" for u in units)
        analysed = self._split(self._call(what, hop, pair, [bash, "-c", pipeline.head], stream, env))
        if len(analysed) != len(texts):
            raise EngineError(f"{what} returned {len(analysed)} segments for {len(texts)}", pair=pair,
                              hint="report this text; the segments' separator did not survive")

        def tag(unit: str) -> str:
            return self._call(what, hop, pair, list(pipeline.tagger), unit + "\0", env).rstrip("\0")

        with ThreadPoolExecutor(max_workers=max(1, min(8, os.cpu_count() or 1))) as pool:
            tagged = list(pool.map(tag, analysed))
        translated = self._split(self._call(what, hop, pair, [bash, "-c", pipeline.tail],
                                            "".join(t + "\0" for t in tagged), env))
        if len(translated) != len(texts):
            raise EngineError(f"{what} returned {len(translated)} segments for {len(texts)}", pair=pair,
                              hint="report this text; the segments' separator did not survive")
        # Each segment ends with its own "[][\n]": reformatted, one line per segment.
        if html == "wordbound":
            return [from_wordbound(unit) for unit in translated]
        reformat = [_tool(self.executable, "apertium-rehtml")] if html else list(pipeline.reformat)
        text = self._call(what, hop, pair, reformat, "".join(translated), env)
        return [p.strip() for p in text.rstrip("\n").split("\n")]

    @staticmethod
    def _split(stream: str) -> list[str]:
        return stream.rstrip("\0").split("\0") if stream.strip("\0") else []
