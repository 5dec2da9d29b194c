"""Build a small, real Argos Translate package (``.argosmodel``) for tests and benchmarks.

The package is what Argos's own packages are: a zip of one folder holding
``metadata.json``, a SentencePiece model (``sentencepiece.model``) and a
CTranslate2 Transformer in ``model/``. The weights are random (numpy), so the
output is not a translation, but every step of the pipeline runs for real:
tokenizer, CTranslate2 beam search, detokenizer. A bias on the end-of-sentence
logit keeps the random model's outputs short, as a trained model's are.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CORPUS = (
    "Israeli Prime Minister Benjamin Netanyahu said Sunday that he and Russian President",
    "Vladimir Putin had agreed to meet soon, after the downing of a Russian plane over Syria.",
    "Le président russe Vladimir Poutine et le Premier ministre israélien Benyamin Netanyahou.",
    "El presidente ruso y el primer ministro israelí acordaron reunirse pronto en Moscú.",
    "The meeting would be the first since ties between Moscow and Jerusalem were strained.",
    "Russia transferred its advanced S-300 air defence system to Syria in October 2018.",
    "La rencontre serait la première depuis que les relations se sont tendues en septembre.",
    "Los sistemas de defensa aérea fueron entregados a Siria después del incidente.",
    "0123456789 ,.;:!?\"'()-%€$ «» “”",
)


@dataclass(frozen=True)
class ModelSize:
    """The Transformer's shape: layers, width, heads, feed-forward width, vocabulary."""

    encoder_layers: int = 2
    decoder_layers: int = 2
    d_model: int = 64
    heads: int = 4
    ffn: int = 128
    vocab: int = 160
    eos_bias: float = 3.0
    # > 0: outputs end after about this many tokens (a trained model's outputs end near the
    # input's length; random weights would otherwise run to the decoding limit or stop at once).
    target_length: int = 0


SMALL = ModelSize()
REALISTIC = ModelSize(encoder_layers=6, decoder_layers=6, d_model=512, heads=8, ffn=2048, vocab=8000,
                      eos_bias=0.0, target_length=32)
MAX_POSITIONS = 1024


def _train_sentencepiece(folder: Path, lines: Sequence[str], vocab: int) -> Path:
    import sentencepiece as spm

    corpus = folder / "corpus.txt"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    prefix = folder / "sentencepiece"
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=vocab, model_type="bpe",
        character_coverage=1.0, hard_vocab_limit=False, bos_id=1, eos_id=2, unk_id=0, pad_id=-1,
        minloglevel=2,
    )
    (folder / "sentencepiece.vocab").unlink()
    corpus.unlink()
    return prefix.with_suffix(".model")


def _vocabulary(sp_model: Path, size: int) -> list[str]:
    """The model's vocabulary: the SentencePiece pieces, padded to ``size`` so the embedding and
    output layers cost what a real package's do even when the training text is small."""
    import sentencepiece as spm

    proc = spm.SentencePieceProcessor(model_file=str(sp_model))
    pieces = [proc.id_to_piece(i) for i in range(proc.get_piece_size())]
    return pieces + [f"<extra_{i}>" for i in range(size - len(pieces))]


def _fill_weights(spec: Any, size: ModelSize, vocab: int, eos_id: int, seed: int) -> None:
    import numpy as np
    from ctranslate2.specs import model_spec

    rng = np.random.default_rng(seed)
    d = size.d_model

    def shape_of(name: str) -> tuple[int, ...]:
        parts = name.split("/")
        leaf, layer = parts[-1], parts[-2] if len(parts) > 1 else ""
        block = parts[-3] if len(parts) > 2 else ""
        if layer.startswith("embeddings") or layer == "projection":
            return (vocab, d) if leaf == "weight" else (vocab,)
        if layer == "layer_norm":
            return (d,)
        if block == "ffn":
            return (size.ffn, d) if layer == "linear_0" else (d, size.ffn)
        if block == "self_attention":
            return (3 * d, d) if layer == "linear_0" else (d, d)
        if block == "attention":
            return (2 * d, d) if layer == "linear_1" else (d, d)
        raise ValueError(f"no shape rule for {name}")

    def fill(layer: Any, name: str, value: Any) -> None:
        if value is not None:
            return
        attr = name.split("/")[-1]
        shape = shape_of(name)
        if attr == "gamma":
            array = np.ones(shape, dtype=np.float32)
        elif attr == "beta":
            array = np.zeros(shape, dtype=np.float32)
        else:
            array = rng.normal(0.0, 1.0 / np.sqrt(shape[-1]), size=shape).astype(np.float32)
        setattr(layer, attr, array)

    model_spec.visit_spec(spec, fill)
    bias = np.zeros((vocab,), dtype=np.float32)
    bias[eos_id] = size.eos_bias
    if size.target_length > 0:
        _length_control(spec, size, eos_id, bias)
    spec.decoder.projection.bias = bias


def _length_control(spec: Any, size: ModelSize, eos_id: int, bias: Any) -> None:
    """Make the end-of-sentence logit grow with the decoding step.

    The decoder gets learned position encodings that are zero except one
    dimension, a ramp reaching 1 at ``target_length``; that dimension of the
    token embeddings is zeroed, the sublayers' outputs are scaled down so the
    residual stream keeps the ramp, and the EOS row of the output projection
    reads it. Shapes, and so the cost of each step, are unchanged.
    """
    import numpy as np

    d, k = size.d_model, 0
    table = np.zeros((MAX_POSITIONS, d), dtype=np.float32)
    table[:, k] = np.arange(MAX_POSITIONS, dtype=np.float32) / size.target_length * 2.0
    spec.decoder.position_encodings.encodings = table
    spec.decoder.embeddings.weight[:, k] = 0.0
    for layer in spec.decoder.layer:
        layer.self_attention.linear[-1].weight *= 0.05
        layer.attention.linear[-1].weight *= 0.05
        layer.ffn.linear_1.weight *= 0.05
    row = np.zeros((d,), dtype=np.float32)
    row[k] = 8.0
    spec.decoder.projection.weight[eos_id] = row
    bias[eos_id] = -5.0


def build_argos_model(
    dest: Path,
    from_code: str = "en",
    to_code: str = "fr",
    *,
    size: ModelSize = SMALL,
    version: str = "1.0",
    corpus: Sequence[str] = CORPUS,
    seed: int = 0,
) -> Path:
    """Write ``dest/<from>_<to>-<version>.argosmodel`` and return its path."""
    import ctranslate2.specs as specs

    dest.mkdir(parents=True, exist_ok=True)
    name = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    with tempfile.TemporaryDirectory(dir=dest) as tmp:
        root = Path(tmp) / name
        root.mkdir()
        sp_model = _train_sentencepiece(root, corpus, size.vocab)
        tokens = _vocabulary(sp_model, size.vocab)
        spec = specs.TransformerSpec.from_config(
            (size.encoder_layers, size.decoder_layers), size.heads
        )
        _fill_weights(spec, size, len(tokens), tokens.index("</s>"), seed)
        spec.register_source_vocabulary(tokens)
        spec.register_target_vocabulary(tokens)
        spec.validate()
        spec.optimize(quantization=None)
        (root / "model").mkdir()
        spec.save(str(root / "model"))
        (root / "metadata.json").write_text(json.dumps({
            "package_version": version,
            "argos_version": "1.9",
            "from_code": from_code,
            "from_name": from_code,
            "to_code": to_code,
            "to_name": to_code,
            "type": "translate",
            "links": [],
        }, indent=2), encoding="utf-8")
        (root / "README.md").write_text(
            "Test package with random weights: its output is not a translation.\n", encoding="utf-8"
        )
        out = dest / f"{from_code}_{to_code}-{version}.argosmodel"
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(root.rglob("*")):
                zf.write(path, path.relative_to(Path(tmp)).as_posix())
        shutil.rmtree(root)
    return out
