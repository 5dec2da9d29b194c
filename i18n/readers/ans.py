"""Reader for Arc XP ANS (Arc Native Specification) stories.

``headlines.basic`` is the headline (the other headlines kept excluded),
``subheadlines.basic`` the standfirst (else ``description.basic``), the
promo image (``promo_items.basic``) a caption, and ``content_elements`` the
body in order: ``text`` (inline HTML) paragraphs, ``header`` subheadings,
``image`` captions (with ``url``, ``alt_text`` and the credit), ``quote``
quotes (their citation too), ``list`` items and ``correction`` notes.
``raw_html``, embeds (``oembed_response``), videos, galleries, links to
other stories (``interstitial_link``) and any other element are kept as
excluded segments with their reason. ``credits.by`` is the author,
``display_date`` (else ``publish_date``, ``first_publish_date``) the date,
``canonical_url`` the URL, ``canonical_website`` the site, ``language`` the
language; ``_id``, ``version`` and ``revision.revision_id`` the ids. A
gallery or a video document is not a story and is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..article import BODY, HEADLINE, STANDFIRST, RawSegment, normalize_text
from ..errors import SchemaError
from ..inline import from_html
from ..record import json_type_name
from . import RawArticle, Reading, Skipped, figure_segments, load_json, plain_segment
from .html import fragment_text

HINT = "give an ANS story (type \"story\") as the Arc XP Content API returns it"
REASON_RAW_HTML = "raw HTML embedded in the story"
REASON_EMBED = "embedded media or social post"
REASON_LINK = "a link to another story"
REASON_OTHER_HEADLINE = "another headline of the story"
REASON_DESCRIPTION = "the story's description (a summary for search and social media)"
REASON_UNKNOWN = "an ANS element presslate does not read"
SUBHEADING = "subheading"
QUOTE = "quote"


def read_ans(text: str, *, origin: str = "") -> Reading:
    data = load_json(text, origin)
    documents = data if isinstance(data, list) else [data]
    articles: list[RawArticle] = []
    skipped: list[Skipped] = []
    for i, doc in enumerate(documents):
        where = f"[{i}]" if isinstance(data, list) else ""
        if not isinstance(doc, dict):
            raise _error(origin, where, f"expected an ANS object, got {json_type_name(doc)}")
        kind = doc.get("type")
        if not isinstance(kind, str):
            raise _error(origin, f"{where}.type" if where else "type",
                         "missing" if kind is None else f"expected a string, got {json_type_name(kind)}")
        if kind != "story":
            skipped.append(Skipped(where or "the document", _basic(doc, "headlines"),
                                   f"an ANS {kind}, not a story"))
            continue
        articles.append(_Story(doc, origin, where).article())
    return Reading(tuple(articles), tuple(skipped))


class _Story:
    def __init__(self, doc: Mapping[str, Any], origin: str, where: str) -> None:
        self.doc = doc
        self.origin = origin
        self.at = f"{where}." if where else ""

    def article(self) -> RawArticle:
        doc = self.doc
        segments: list[RawSegment] = []
        title = _basic(doc, "headlines")
        if title:
            segments.append(plain_segment(HEADLINE, title))
        headlines = doc.get("headlines")
        if isinstance(headlines, dict):
            for key, value in headlines.items():
                text = fragment_text(value) if isinstance(value, str) else ""
                if key != "basic" and text and text != title:
                    segments.append(plain_segment(HEADLINE, text, False,
                                               f"{REASON_OTHER_HEADLINE} ({key})"))
        standfirst = _basic(doc, "subheadlines") or _basic(doc, "description")
        if standfirst:
            segments.append(plain_segment(STANDFIRST, standfirst))
        description = _basic(doc, "description")
        if description and description != standfirst:
            segments.append(plain_segment(STANDFIRST, description, False, REASON_DESCRIPTION))
        promo = doc.get("promo_items")
        if isinstance(promo, dict) and isinstance(promo.get("basic"), dict):
            image = promo["basic"]
            if image.get("type") == "image":
                segments.extend(self.image(image))
        elements = doc.get("content_elements", [])
        if not isinstance(elements, list):
            raise _error(self.origin, f"{self.at}content_elements",
                         f"expected a list of elements, got {json_type_name(elements)}")
        for i, element in enumerate(elements):
            segments.extend(self.element(element, f"{self.at}content_elements[{i}]"))
        ids = {}
        for key, name in (("_id", "ans_id"), ("version", "ans_version")):
            if isinstance(doc.get(key), str) and doc[key]:
                ids[name] = doc[key]
        revision = doc.get("revision")
        if isinstance(revision, dict) and isinstance(revision.get("revision_id"), str):
            ids["ans_revision_id"] = revision["revision_id"]
        published = next((doc[k] for k in ("display_date", "publish_date", "first_publish_date")
                          if isinstance(doc.get(k), str) and doc[k]), "")
        return RawArticle(segments=tuple(segments), title=title, site=_string(
            doc.get("canonical_website")), url=_string(doc.get("canonical_url")),
            author=_credits(doc), published=published, lang=_string(doc.get("language")),
            extra=ids)

    def element(self, element: Any, where: str) -> list[RawSegment]:
        if not isinstance(element, dict):
            raise _error(self.origin, where, f"expected an element object, got {json_type_name(element)}")
        kind = element.get("type")
        if not isinstance(kind, str):
            raise _error(self.origin, f"{where}.type", "missing" if kind is None else
                         f"expected a string, got {json_type_name(kind)}")
        if kind in ("text", "header", "correction"):
            self.content(element, where, "text" if kind == "correction" else "content")
            inline = from_html(element.get("text" if kind == "correction" else "content", ""))
            if not inline.text:
                return []
            return [RawSegment({"text": BODY, "header": SUBHEADING}.get(kind, kind), inline.text,
                               attrs=dict(inline.links))]
        if kind == "image":
            return self.image(element)
        if kind == "quote":
            out = [RawSegment(QUOTE, seg.text, attrs=seg.attrs) for i, inner in enumerate(
                element.get("content_elements") or []) for seg in self.element(
                inner, f"{where}.content_elements[{i}]") if seg.included]
            citation = element.get("citation")
            if isinstance(citation, dict) and _string(citation.get("content")):
                out.append(plain_segment("citation", fragment_text(citation["content"])))
            return out
        if kind == "list":
            items = element.get("items") or []
            if not isinstance(items, list):
                raise _error(self.origin, f"{where}.items", f"expected a list, got {json_type_name(items)}")
            return [seg for i, item in enumerate(items)
                    for seg in self.element(item, f"{where}.items[{i}]")]
        if kind == "divider":
            return []
        reason = {"raw_html": REASON_RAW_HTML, "oembed_response": REASON_EMBED,
                  "video": REASON_EMBED, "gallery": REASON_EMBED,
                  "interstitial_link": REASON_LINK}.get(kind, f"{REASON_UNKNOWN} ({kind})")
        text = _element_text(element)
        return [plain_segment(kind.replace("_", "-"), text, False, reason)] if text else []

    def content(self, element: Mapping[str, Any], where: str, key: str) -> str:
        value = element.get(key, "")
        if not isinstance(value, str):
            raise _error(self.origin, f"{where}.{key}", f"expected a string, got {json_type_name(value)}")
        return fragment_text(value)

    def image(self, image: Mapping[str, Any]) -> list[RawSegment]:
        caption = fragment_text(_string(image.get("caption")))
        if not caption:
            return []  # an image without a caption has nothing to translate
        attrs = {"src": _string(image.get("url")), "alt": _string(image.get("alt_text")),
                 "credit": _credits(image)}
        return figure_segments(caption, attrs)


def _element_text(element: Mapping[str, Any]) -> str:
    """What an element not read says (for the editor deciding whether to include it)."""
    for key in ("content", "html", "title"):
        value = element.get(key)
        if isinstance(value, str) and value.strip():
            return fragment_text(value)
    return _basic(element, "headlines") or _basic(element, "description")


def _basic(obj: Mapping[str, Any], key: str) -> str:
    value = obj.get(key)
    if isinstance(value, dict) and isinstance(value.get("basic"), str):
        return fragment_text(value["basic"])
    return ""


def _credits(obj: Mapping[str, Any]) -> str:
    credits = obj.get("credits")
    people = credits.get("by") if isinstance(credits, dict) else None
    names = [normalize_text(_string(p.get("name"))) for p in people or [] if isinstance(p, dict)]
    return ", ".join(n for n in names if n)


def _string(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _error(origin: str, where: str, problem: str) -> SchemaError:
    return SchemaError(f"{where}: {problem}" if where else problem, path=origin or None, hint=HINT)
