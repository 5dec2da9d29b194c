"""Translation engines: Argos packages on CTranslate2, Apertium, translation memory.

Each machine engine knows its direct language pairs, finds a route (direct or
through pivot languages) and translates many texts per call. Heavy imports
(ctranslate2, sentencepiece, argostranslate) happen inside the engines' methods.
"""

from __future__ import annotations

from .base import Engine, Route, Translation, find_route

__all__ = ["Engine", "Route", "Translation", "engine_by_name", "find_route"]


def engine_by_name(name: str, *, beam_size: int = 4, max_batch_tokens: int = 2048,
                   timeout: float = 300.0) -> Engine:
    """A machine engine by name (``argos`` or ``apertium``)."""
    if name == "argos":
        from .argos import ArgosEngine

        return ArgosEngine(beam_size=beam_size, max_batch_tokens=max_batch_tokens)
    if name == "apertium":
        from .apertium import ApertiumEngine

        return ApertiumEngine(timeout=timeout)
    raise ValueError(f"no machine engine named {name!r}")
