"""Argos Translate packages run directly on CTranslate2, batched across segments.

Argos's own ``translate`` module translates one paragraph at a time and is not
imported here. This engine takes every pending text of a language pair at
once, splits them into sentences, tokenizes them with the package's
SentencePiece model, sorts them by length and calls
``ctranslate2.Translator.translate_batch`` with token-based batches. Each
model is loaded once per process.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EngineError
from ..models import ArgosPackage, installed_packages, missing_files
from ..sentences import join_sentences, split_sentences
from .base import Advance, Hop, Route, Translation

_LOCK = threading.Lock()
_TRANSLATORS: dict[Path, Any] = {}
_TOKENIZERS: dict[Path, Any] = {}


@dataclass(frozen=True)
class DecodingOptions:
    """Decoding as Argos Translate does it (beam 4, length penalty 0.2, unknowns replaced)."""

    beam_size: int = 4
    length_penalty: float = 0.2
    replace_unknowns: bool = True
    max_batch_tokens: int = 2048
    max_decoding_length: int = 256

    def kwargs(self) -> dict[str, Any]:
        return {
            "beam_size": self.beam_size,
            "length_penalty": self.length_penalty,
            "replace_unknowns": self.replace_unknowns,
            "max_batch_size": self.max_batch_tokens,
            "batch_type": "tokens",
            "max_decoding_length": self.max_decoding_length,
            "num_hypotheses": 1,
        }


def load_translator(model_dir: Path) -> Any:
    """The CTranslate2 translator for ``model_dir``, loaded once per process."""
    with _LOCK:
        translator = _TRANSLATORS.get(model_dir)
        if translator is None:
            import ctranslate2

            # ARGOS_DEVICE_TYPE as Argos reads it: cpu (the default), cuda or auto
            device = os.environ.get("ARGOS_DEVICE_TYPE", "cpu") or "cpu"
            translator = ctranslate2.Translator(str(model_dir), device=device, compute_type="auto",
                                                inter_threads=1, intra_threads=0)
            _TRANSLATORS[model_dir] = translator
        return translator


def load_tokenizer(sp_model: Path) -> Any:
    with _LOCK:
        proc = _TOKENIZERS.get(sp_model)
        if proc is None:
            import sentencepiece

            proc = sentencepiece.SentencePieceProcessor(model_file=str(sp_model))
            _TOKENIZERS[sp_model] = proc
        return proc


def loaded_models() -> int:
    """How many CTranslate2 models this process holds."""
    return len(_TRANSLATORS)


class ArgosEngine:
    """Installed Argos packages (``ARGOS_PACKAGES_DIR``), pivoting when needed."""

    name = "argos"

    def __init__(self, *, beam_size: int = 4, max_batch_tokens: int = 2048,
                 folder: Path | None = None) -> None:
        self.options = DecodingOptions(beam_size=beam_size, max_batch_tokens=max_batch_tokens)
        self.folder = folder
        self._packages: dict[str, ArgosPackage] | None = None

    def packages(self) -> dict[str, ArgosPackage]:
        if self._packages is None:
            try:
                found = installed_packages(self.folder)
            except ImportError:  # argostranslate not installed: no Argos pairs here
                found = []
            self._packages = {p.name: p for p in found}
        return self._packages

    def broken(self) -> list[ArgosPackage]:
        return [p for p in self.packages().values() if p.problem]

    def hops(self) -> list[Hop]:
        # A broken package still offers its pair, so using it names the problem.
        return [Hop(p.source, p.target, p.name, p.version, label=f"{p.source}_{p.target}")
                for p in self.packages().values() if p.source and p.target]

    def _load(self, hop: Hop) -> tuple[Any, Any, str]:
        pkg = self.packages()[hop.model]
        pair = (hop.source, hop.target)
        missing = missing_files(pkg.path)
        if missing or pkg.problem:
            raise EngineError(
                f"Argos package {pkg.name} for {hop.source}→{hop.target} is broken: "
                f"{pkg.problem or 'missing ' + ', '.join(missing)}",
                pair=pair, path=pkg.path,
                hint=f"reinstall it: presslate models remove {pkg.name} && "
                     f"presslate models download {hop.source} {hop.target}",
            )
        try:
            translator = load_translator(pkg.path / "model")
            tokenizer = load_tokenizer(pkg.path / "sentencepiece.model")
        except (RuntimeError, OSError, ValueError) as exc:
            raise EngineError(f"cannot load Argos package {pkg.name} for {hop.source}→{hop.target}: {exc}",
                              pair=pair, path=pkg.path,
                              hint=f"reinstall it: presslate models remove {pkg.name}") from exc
        prefix = _target_prefix(pkg.path)
        return translator, tokenizer, prefix

    def translate(self, route: Route, texts: Sequence[str],
                  advance: Advance | None = None) -> list[Translation]:
        current = list(texts)
        loaded = [self._load(hop) for hop in route.hops]  # fail before any work
        for number, (hop, (translator, tokenizer, prefix)) in enumerate(zip(route.hops, loaded, strict=True)):
            last = number == len(route.hops) - 1
            current = self._translate_hop(hop, translator, tokenizer, prefix, current,
                                          advance if last else None)
        note = route.describe()
        return [Translation(text, note) for text in current]

    def _translate_hop(self, hop: Hop, translator: Any, tokenizer: Any, prefix: str,
                       texts: list[str], advance: Advance | None) -> list[str]:
        owner: list[int] = []  # sentence -> index of its text
        tokens: list[list[str]] = []
        for index, text in enumerate(texts):
            for sentence in split_sentences(text, hop.source):
                owner.append(index)
                tokens.append(tokenizer.encode(sentence, out_type=str))
        outputs: list[list[str]] = [[] for _ in tokens]
        left = [owner.count(i) for i in range(len(texts))]
        done_texts = 0
        for chunk in _chunks(sorted(range(len(tokens)), key=lambda i: len(tokens[i])),
                             tokens, self.options.max_batch_tokens * 8):
            kwargs = self.options.kwargs()
            if prefix:
                kwargs["target_prefix"] = [[prefix]] * len(chunk)
            try:
                results = translator.translate_batch([tokens[i] for i in chunk], **kwargs)
            except (RuntimeError, ValueError) as exc:
                raise EngineError(f"Argos {hop.source}→{hop.target} failed: {exc}",
                                  pair=(hop.source, hop.target)) from exc
            for i, result in zip(chunk, results, strict=True):
                out = list(result.hypotheses[0])
                outputs[i] = out[1:] if prefix and out[:1] == [prefix] else out
                left[owner[i]] -= 1
                done_texts += left[owner[i]] == 0
            if advance is not None:
                advance(done_texts)
        pieces: list[list[str]] = [[] for _ in texts]
        for index, out in zip(owner, outputs, strict=True):
            pieces[index].append(tokenizer.decode_pieces(out).replace("▁", " ").strip())
        return [join_sentences(p, hop.target) for p in pieces]


def _chunks(order: list[int], tokens: list[list[str]], budget: int) -> list[list[int]]:
    """Sentences in length order, cut into calls of about ``budget`` tokens each."""
    chunks: list[list[int]] = []
    current: list[int] = []
    used = 0
    for i in order:
        size = len(tokens[i]) + 1
        if current and used + size > budget:
            chunks.append(current)
            current, used = [], 0
        current.append(i)
        used += size
    if current:
        chunks.append(current)
    return chunks


def _target_prefix(path: Path) -> str:
    import json

    try:
        meta = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return str(meta.get("target_prefix", "") or "") if isinstance(meta, dict) else ""
