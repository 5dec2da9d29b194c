"""Reader for presslate's CMS-export JSON (documented in docs/json-format.md).

::

    {
      "headline": "…",                       required
      "standfirst": "…",                     optional
      "lang": "fr", "url": "…", "author": "…" or ["…", "…"],
      "published": "2026-03-15", "site": "…", optional metadata
      "images": [{"caption": "…", "src": "…", "credit": "…", "lang": "en"}],
      "body": ["paragraph", {"kind": "quote", "text": "…", "lang": "en"}, …],
      "extra": {"id": "…"}                   optional, kept as metadata
    }

``headline`` and ``standfirst`` may also be ``{"text": "…", "lang": "…"}``.
Validation is strict: an unknown key, a wrong type or an unknown language is a
:class:`SchemaError` naming its JSON path (``body[3].text: expected a string``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from ..article import ALT, BODY, CAPTION, HEADLINE, STANDFIRST, RawSegment, normalize_text
from ..errors import LanguageError, SchemaError
from ..inline import escape, from_text_or_html, plain_text
from ..record import json_type_name as _type_name
from . import RawArticle, load_json

SCHEMA_DOC = "docs/json-format.md"
TOP_KEYS = ("headline", "standfirst", "lang", "url", "author", "published", "site", "images",
            "body", "extra")
ITEM_KEYS = ("kind", "text", "lang", "src", "credit")
IMAGE_KEYS = ("caption", "src", "credit", "lang", "alt")
TEXT_KEYS = ("text", "lang")
# Names other exports use for our keys, offered as suggestions.
ALIASES = {"title": "headline", "captions": "images", "paragraphs": "body", "content": "body",
           "summary": "standfirst", "description": "standfirst", "lede": "standfirst",
           "date": "published", "language": "lang", "locale": "lang", "image": "src",
           "type": "kind", "authors": "author"}
_KIND_RE = re.compile(r"^[a-z][a-z0-9-]{0,31}$")


def read_json(text: str, *, origin: str = "") -> RawArticle:
    """Read a CMS export; see the module's docstring and docs/json-format.md."""
    data = load_json(text, origin, f"see {SCHEMA_DOC} for the JSON format")
    return parse_export(data, origin=origin)


def parse_export(data: Any, *, origin: str = "") -> RawArticle:
    """Validate parsed JSON against the schema and turn it into a :class:`RawArticle`."""
    check = _Checker(origin)
    from . import shape_of

    other = shape_of(data)
    if other != "json":
        what = {"ninjs": "an IPTC ninjs item", "wordpress": "a WordPress REST post",
                "ans": "an Arc XP ANS story"}
        raise SchemaError(f"this is {what[other]}, not presslate's JSON format",
                          path=origin or None, hint=f"pull it with --format {other} (or auto)")
    if not isinstance(data, dict):
        raise check.error("", f"expected an object at the top, got {_type_name(data)}")
    check.keys(data, "", TOP_KEYS)
    if "headline" not in data:
        raise check.error("headline", "missing (every article needs a headline)")
    if "body" not in data:
        raise check.error("body", "missing (a list of paragraphs)")

    segments: list[RawSegment] = []
    headline, headline_lang = check.text_or_object(data["headline"], "headline")
    segments.append(_inline_segment(HEADLINE, headline, headline_lang))
    if data.get("standfirst") is not None:
        text, lang = check.text_or_object(data["standfirst"], "standfirst")
        segments.append(_inline_segment(STANDFIRST, text, lang))

    images = data.get("images", [])
    if not isinstance(images, list):
        raise check.error("images", f"expected a list, got {_type_name(images)}")
    for i, image in enumerate(images):
        segments.extend(check.image(image, f"images[{i}]"))

    body = data["body"]
    if not isinstance(body, list):
        raise check.error("body", f"expected a list of paragraphs, got {_type_name(body)}")
    if not body:
        raise check.error("body", "empty (an article needs at least one paragraph)")
    for i, item in enumerate(body):
        segments.append(check.body_item(item, f"body[{i}]"))

    meta = {key: check.string(data.get(key), key, allow_empty=True)
            for key in ("url", "published", "site")}
    author = data.get("author")
    if isinstance(author, list):
        names = [check.string(a, f"author[{i}]") for i, a in enumerate(author)]
        author_text = ", ".join(names)
    else:
        author_text = check.string(author, "author", allow_empty=True)
    lang = check.lang(data.get("lang"), "lang")
    extra = data.get("extra", {})
    if not isinstance(extra, dict) or not all(
        isinstance(v, str | int | float | bool) for v in extra.values()
    ):
        raise check.error("extra", "expected an object of strings, numbers or booleans")
    return RawArticle(
        segments=tuple(segments),
        title=plain_text(from_text_or_html(headline).text),
        site=meta["site"],
        url=meta["url"],
        author=author_text,
        published=meta["published"],
        lang=lang,
        extra={str(k): str(v) for k, v in extra.items()},
    )


class _Checker:
    """Validation helpers that raise a :class:`SchemaError` naming the JSON path."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def error(self, where: str, problem: str, hint: str | None = None) -> SchemaError:
        return SchemaError(f"{where}: {problem}" if where else problem, path=self.origin or None,
                           hint=hint or f"see {SCHEMA_DOC} for the JSON format")

    def keys(self, obj: Mapping[str, Any], where: str, known: tuple[str, ...]) -> None:
        for key in obj:
            if key not in known:
                close = [ALIASES[key]] if ALIASES.get(key) in known else difflib.get_close_matches(
                    key, known, n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
                raise self.error(f"{where}.{key}" if where else key, "unknown key", hint)

    def string(self, value: Any, where: str, *, allow_empty: bool = False) -> str:
        if value is None and allow_empty:
            return ""
        if not isinstance(value, str):
            raise self.error(where, f"expected a string, got {_type_name(value)}")
        text = normalize_text(value)
        if not text and not allow_empty:
            raise self.error(where, "empty text")
        return text

    def lang(self, value: Any, where: str) -> str:
        if value is None:
            return ""
        code = self.string(value, where)
        from ..locales import parse_locale

        try:
            return parse_locale(code)
        except LanguageError as exc:
            raise self.error(where, exc.message, exc.hint) from exc

    def text_or_object(self, value: Any, where: str) -> tuple[str, str]:
        """A string, or ``{"text": ..., "lang": ...}``."""
        if isinstance(value, dict):
            self.keys(value, where, TEXT_KEYS)
            if "text" not in value:
                raise self.error(f"{where}.text", "missing")
            return self.string(value["text"], f"{where}.text"), self.lang(value.get("lang"),
                                                                          f"{where}.lang")
        if not isinstance(value, str):
            raise self.error(where, f"expected a string or an object with text, got {_type_name(value)}")
        return self.string(value, where), ""

    def image(self, value: Any, where: str) -> list[RawSegment]:
        if not isinstance(value, dict):
            raise self.error(where, f"expected an object with a caption, got {_type_name(value)}")
        self.keys(value, where, IMAGE_KEYS)
        attrs = {key: self.string(value[key], f"{where}.{key}", allow_empty=True)
                 for key in ("src", "credit", "alt") if key in value}
        caption = self.string(value.get("caption"), f"{where}.caption", allow_empty=True)
        lang = self.lang(value.get("lang"), f"{where}.lang")
        out = []
        if attrs.get("alt"):  # the alt text is translated like any segment
            out.append(RawSegment(ALT, escape(attrs["alt"]), lang=lang,
                                  attrs={"src": attrs["src"]} if attrs.get("src") else {}))
        if caption:
            out.append(_inline_segment(CAPTION, caption, lang, {k: v for k, v in attrs.items() if v}))
        return out

    def body_item(self, value: Any, where: str) -> RawSegment:
        if isinstance(value, str):
            return _inline_segment(BODY, self.string(value, where))
        if not isinstance(value, dict):
            raise self.error(where, f"expected a string or an object with text, got {_type_name(value)}")
        self.keys(value, where, ITEM_KEYS)
        kind = BODY
        if "kind" in value:
            kind = self.string(value["kind"], f"{where}.kind")
            if not _KIND_RE.match(kind):
                raise self.error(f"{where}.kind", f"bad kind {kind!r}",
                                 "use lowercase letters, digits and '-' (body, quote, subheading)")
            if kind == HEADLINE:
                raise self.error(f"{where}.kind", "the headline goes in the top-level 'headline'")
        if "text" not in value:
            raise self.error(f"{where}.text", "missing")
        text = self.string(value["text"], f"{where}.text")
        attrs = {key: self.string(value[key], f"{where}.{key}", allow_empty=True)
                 for key in ("src", "credit") if key in value}
        return _inline_segment(kind, text, self.lang(value.get("lang"), f"{where}.lang"),
                               {k: v for k, v in attrs.items() if v})


def _inline_segment(kind: str, text: str, lang: str = "",
                    attrs: dict[str, str] | None = None) -> RawSegment:
    """A segment from a text that may hold inline HTML (links, emphasis, line breaks)."""
    inline = from_text_or_html(text)
    return RawSegment(kind, inline.text or escape(text), lang=lang,
                      attrs={**inline.links, **(attrs or {})})

