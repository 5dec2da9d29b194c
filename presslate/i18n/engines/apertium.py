"""Debian's Apertium, called as a process: many segments per call, pivoting, unknown-word marks.

Installed pairs come from ``apertium -l``; Apertium names languages with ISO
639-3 codes in some pairs (``eng-spa``) and 639-1 in others (``fr-es``), both
mapped to the bare 639-1 code presslate uses. Segments are sent in one call,
separated by blank lines (Apertium's text format keeps them); the output
marks unknown words ``*word``, generation errors ``#word`` and transfer
errors ``@word``: the marks are removed and counted.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Sequence

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
# ``*word`` unknown, ``#word`` generation error, ``@word`` transfer error; ``*·`` an unknown
# symbol (a middle dot in a byline, say).
_MARKS = re.compile(r"(?<![\w*#@])(?:[*#@]+(?=\w)|\*+(?=[^\s\w*]))")
_UNKNOWN = re.compile(r"(?<![\w*#@])\*+(?=[^\s*])")


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


def match_initial_case(source: str, text: str) -> str:
    """Apertium may lower-case a sentence's first word (``Russia`` -> ``la Russie``): restore it."""
    first = next((c for c in source if c.isalpha()), "")
    at = next((i for i, c in enumerate(text) if c.isalpha()), -1)
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


def run_pipeline(command: list[str], payload: str, timeout: float) -> tuple[int, str, str]:
    """Run ``command`` (Apertium is a shell pipeline) in its own process group; on timeout the
    whole group is killed, so no stage is left running with the pipes open."""
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, encoding="utf-8", start_new_session=True) as proc:
        try:
            stdout, stderr = proc.communicate(payload, timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise
        return proc.returncode, stdout, stderr


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
        hops = tuple(Hop(h.source, h.target, h.model, _mode_version(h.model)) for h in route.hops)
        versioned = Route(route.engine, hops)
        current = list(texts)
        unknown = [0] * len(current)
        for hop in hops:
            outputs = self._run(hop, route, current)
            current = []
            for i, out in enumerate(outputs):
                clean, count = strip_marks(out)
                unknown[i] += count
                current.append(match_initial_case(texts[i], clean))
        if advance is not None:
            advance(len(current))
        note = versioned.describe()
        return [Translation(text, note, n) for text, n in zip(current, unknown, strict=True)]

    def _run(self, hop: Hop, route: Route, texts: list[str]) -> list[str]:
        pair = route.pair
        what = f"apertium {hop.model} (for {'→'.join(route.path)})"
        payload = SEPARATOR.join(" ".join(t.split()) for t in texts) + "\n"
        try:
            returncode, stdout, stderr = run_pipeline([self.executable, "-f", "txt", hop.model], payload,
                                                      self.timeout)
        except subprocess.TimeoutExpired as exc:
            raise EngineError(f"{what} took longer than {self.timeout:g}s", pair=pair,
                              hint="raise translate.timeout in presslate.toml, or translate fewer "
                                   "articles at once") from exc
        except OSError as exc:
            raise EngineError(f"cannot run {what}: {exc.strerror}", pair=pair,
                              hint="install it: apt-get install apertium") from exc
        if returncode != 0:
            detail = (stderr.strip().splitlines() or ["no message"])[-1]
            raise EngineError(f"{what} failed (exit {returncode}): {detail}", pair=pair,
                              hint=f"check the pair: echo test | apertium {hop.model}")
        parts = [p.strip() for p in stdout.strip("\n").split(SEPARATOR)]
        if len(parts) != len(texts):
            raise EngineError(f"{what} returned {len(parts)} segments for {len(texts)}", pair=pair,
                              hint="report this text; the segments' separator did not survive")
        return parts
