"""The article record's structure (``<slug>.article.json``), checked before it is used.

presslate writes the record, but people and other tools edit it, and a copy can be cut
short or mangled. :func:`check_record` checks the whole structure: the type of every
field, each segment's kind, language and provenance, and the editor's ``overrides`` (a
mapping of segment id to ``{"included": bool, "lang": code}``). A problem is a
:class:`RecordError` naming its JSON path (``overrides: expected an object, got a list``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from .errors import LanguageError

RECORD_VERSION = "presslate-article/1"
META_KEYS = ("slug", "title", "site", "url", "author", "published", "lang", "source", "format")
SEGMENT_KEYS = ("id", "kind", "text", "lang", "confidence", "lang_source", "included", "reason",
                "attrs")
OVERRIDE_KEYS = ("included", "lang")
LANG_SOURCES = ("detected", "fallback", "declared", "editor")
KIND_RE = re.compile(r"^[a-z][a-z0-9-]{0,31}$")


class RecordError(ValueError):
    """The record does not have the documented structure; ``where`` is the JSON path."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}" if where else problem)
        self.where = where
        self.problem = problem


def json_type_name(value: Any) -> str:
    """``a string``, ``a number``, ``a list``...: a JSON value's type, for messages."""
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def check_record(data: Any) -> None:
    """Raise :class:`RecordError` unless ``data`` is a well-formed article record."""
    _object(data, "", "an object at the top")
    _keys(data, "", ("record", *META_KEYS, "ids", "segments", "overrides"))
    if "record" in data and data["record"] != RECORD_VERSION:
        raise RecordError("record", f"expected {RECORD_VERSION!r}, got {data['record']!r}")
    if "slug" not in data:
        raise RecordError("slug", "missing")
    for key in META_KEYS:
        if key in data:
            _string(data[key], key)
    if data.get("lang"):
        _lang(data["lang"], "lang")
    if "ids" in data:
        _object(data["ids"], "ids", "an object of name -> identifier")
        for name, value in data["ids"].items():
            _string(value, f"ids.{name}")
    if "segments" not in data:
        raise RecordError("segments", "missing")
    segments = data["segments"]
    if not isinstance(segments, list):
        raise RecordError("segments", f"expected a list, got {json_type_name(segments)}")
    seen: set[str] = set()
    for i, segment in enumerate(segments):
        seg_id = _segment(segment, f"segments[{i}]")
        if seg_id in seen:
            raise RecordError(f"segments[{i}].id", f"{seg_id!r} is used twice")
        seen.add(seg_id)
    overrides = data.get("overrides", {})
    _object(overrides, "overrides", "an object of segment id -> decision")
    for seg_id, change in overrides.items():
        where = f"overrides.{seg_id}"
        _object(change, where, "an object with 'included' and/or 'lang'")
        _keys(change, where, OVERRIDE_KEYS)
        if "included" in change:
            _bool(change["included"], f"{where}.included")
        if "lang" in change:
            _lang(_string(change["lang"], f"{where}.lang"), f"{where}.lang")


def _segment(value: Any, where: str) -> str:
    _object(value, where, "an object (a segment)")
    _keys(value, where, SEGMENT_KEYS)
    for key in ("id", "kind", "text"):
        if key not in value:
            raise RecordError(f"{where}.{key}", "missing")
    seg_id = _string(value["id"], f"{where}.id")
    if not seg_id:
        raise RecordError(f"{where}.id", "empty")
    kind = _string(value["kind"], f"{where}.kind")
    if not KIND_RE.match(kind):
        raise RecordError(f"{where}.kind", f"bad kind {kind!r} (lowercase letters, digits and '-')")
    _string(value["text"], f"{where}.text")
    if value.get("lang", "") != "":
        _lang(_string(value["lang"], f"{where}.lang"), f"{where}.lang")
    if "confidence" in value:
        confidence = value["confidence"]
        if isinstance(confidence, bool) or not isinstance(confidence, int | float):
            raise RecordError(f"{where}.confidence",
                              f"expected a number, got {json_type_name(confidence)}")
        if not 0 <= confidence <= 1:
            raise RecordError(f"{where}.confidence", f"expected 0 to 1, got {confidence}")
    if "lang_source" in value and _string(value["lang_source"], f"{where}.lang_source") not in (
        LANG_SOURCES
    ):
        raise RecordError(f"{where}.lang_source",
                          f"expected one of {', '.join(LANG_SOURCES)}, got {value['lang_source']!r}")
    if "included" in value:
        _bool(value["included"], f"{where}.included")
    if value.get("reason") is not None:
        _string(value["reason"], f"{where}.reason")
    if "attrs" in value:
        attrs = value["attrs"]
        _object(attrs, f"{where}.attrs", "an object of strings")
        for key, item in attrs.items():
            _string(item, f"{where}.attrs.{key}")
    return seg_id


def _object(value: Any, where: str, what: str) -> None:
    if not isinstance(value, dict):
        raise RecordError(where, f"expected {what}, got {json_type_name(value)}")


def _keys(value: Mapping[str, Any], where: str, known: tuple[str, ...]) -> None:
    for key in value:
        if key not in known:
            raise RecordError(f"{where}.{key}" if where else key,
                              f"unknown key (known: {', '.join(known)})")


def _string(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise RecordError(where, f"expected a string, got {json_type_name(value)}")
    return value


def _bool(value: Any, where: str) -> None:
    if not isinstance(value, bool):
        raise RecordError(where, f"expected true or false, got {json_type_name(value)}")


def _lang(code: str, where: str) -> None:
    problem = _language_problem(code)
    if problem:
        raise RecordError(where, problem)


@functools.lru_cache(maxsize=256)
def _language_problem(code: str) -> str:
    from .locales import parse_locale

    try:
        parse_locale(code)
    except LanguageError as exc:
        return exc.message
    return ""
