"""Reader for WordPress REST API posts (``/wp-json/wp/v2/posts/<id>``, or the list
``/wp/v2/posts`` returns; with ``?_embed`` for authors and media).

``title.rendered`` is the headline, ``excerpt.rendered`` the standfirst (kept
excluded when it is WordPress's automatic excerpt: the start of the text
ending in ``[…]``), ``content.rendered`` the body, read as the html reader
reads an article (blocks' figures with their captions, ``src`` and ``alt``).
The featured image (``_embedded["wp:featuredmedia"]``) gives a caption with
its ``source_url`` and ``alt_text``; ``_embedded.author`` the byline;
``date_gmt`` (else ``date``) the date; ``link`` the URL; Polylang's ``lang``
or WPML's ``wpml_current_locale`` the language; ``id``, ``guid``, ``slug``
and the ids of the post's translations (Polylang ``translations``, WPML
``wpml_translations``) the source's ids. Terms (``_embedded["wp:term"]``) are
kept as an excluded segment. A password-protected post, an attachment or an
object that is not a post is reported as skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..article import HEADLINE, STANDFIRST, RawSegment, normalize_text
from ..errors import SchemaError
from ..record import json_type_name
from . import RawArticle, Reading, Skipped, figure_segments, load_json, plain_segment
from .html import fragment_segments, fragment_text, is_lead_of

REASON_EXCERPT = "WordPress's automatic excerpt, repeating the start of the post"
REASON_TERMS = "the post's categories and tags (WordPress terms)"
HINT = "give a post as the WordPress REST API returns it (/wp-json/wp/v2/posts/ID?_embed)"


def read_wordpress(text: str, *, origin: str = "") -> Reading:
    """Read one post object or a list of them."""
    data = load_json(text, origin, HINT)
    posts = data if isinstance(data, list) else [data]
    if not posts:
        raise SchemaError("an empty list of posts", path=origin or None, hint=HINT)
    articles: list[RawArticle] = []
    skipped: list[Skipped] = []
    for i, post in enumerate(posts):
        where = f"posts[{i}]" if isinstance(data, list) else "the post"
        if not isinstance(post, dict):
            raise SchemaError(f"{where}: expected a post object, got {json_type_name(post)}",
                              path=origin or None, hint=HINT)
        problem = _not_a_post(post)
        if problem:
            # No link to follow: its page holds no more than the API gave.
            skipped.append(Skipped(where, _rendered(post, "title"), problem))
            continue
        articles.append(_article(post))
    return Reading(tuple(articles), tuple(skipped))


def _not_a_post(post: Mapping[str, Any]) -> str:
    kind = _string(post.get("type"))
    if kind == "attachment":
        return "a media attachment, not a post"
    if not isinstance(post.get("content"), dict) or "rendered" not in post["content"]:
        return "no content.rendered (not a post object)"
    if post["content"].get("protected") is True:
        return "a password-protected post (its content is not in the API's answer)"
    if not _rendered(post, "title"):
        return "no title"
    return ""


def _article(post: Mapping[str, Any]) -> RawArticle:
    title = _rendered(post, "title")
    body = fragment_segments(_string(post["content"].get("rendered")))
    segments = [plain_segment(HEADLINE, title)]
    excerpt = _rendered(post, "excerpt")
    first_body = next((s.text for s in body if s.kind == "body" and s.included), "")
    if excerpt and excerpt != title:
        auto = is_lead_of(excerpt, first_body)
        segments.append(plain_segment(STANDFIRST, excerpt, not auto, REASON_EXCERPT if auto else None))
    found = post.get("_embedded")
    embedded: Mapping[str, Any] = found if isinstance(found, dict) else {}
    segments.extend(_featured(embedded))
    segments.extend(body)
    terms = _terms(embedded)
    if terms:
        segments.append(plain_segment("categories", terms, False, REASON_TERMS))
    lang = _string(post.get("lang")) or _string(post.get("wpml_current_locale")).replace("_", "-")
    published = _string(post.get("date_gmt"))
    published = published + "Z" if published and published[-1].isdigit() else (
        published or _string(post.get("date")))
    return RawArticle(segments=tuple(segments), title=title, url=_string(post.get("link")),
                      author=_authors(embedded), published=published, lang=lang,
                      extra=_ids(post))


def _featured(embedded: Mapping[str, Any]) -> list[RawSegment]:
    out = []
    for media in _list(embedded.get("wp:featuredmedia")):
        if not isinstance(media, dict):
            continue
        caption = _rendered(media, "caption")
        if not caption:
            continue  # an image without a caption has nothing to translate
        attrs = {"src": _string(media.get("source_url")), "alt": _string(media.get("alt_text"))}
        out.extend(figure_segments(caption, attrs))
    return out


def _authors(embedded: Mapping[str, Any]) -> str:
    names = [normalize_text(_string(a.get("name"))) for a in _list(embedded.get("author"))
             if isinstance(a, dict)]
    return ", ".join(n for n in names if n)


def _terms(embedded: Mapping[str, Any]) -> str:
    names = []
    for group in _list(embedded.get("wp:term")):
        for term in _list(group):
            if isinstance(term, dict) and _string(term.get("name")):
                names.append(fragment_text(_string(term["name"])))
    return ", ".join(n for n in names if n)


def _ids(post: Mapping[str, Any]) -> dict[str, str]:
    ids: dict[str, str] = {}
    for key in ("id", "slug"):
        value = post.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
            ids[f"wordpress_{key}"] = str(value)
    guid = _rendered(post, "guid")
    if guid:
        ids["wordpress_guid"] = guid
    translations = post.get("translations")  # Polylang: {"en": 12, "fr": 34}
    if isinstance(translations, dict):
        for lang, post_id in sorted(translations.items()):
            if isinstance(post_id, str | int) and not isinstance(post_id, bool):
                ids[f"translation_{lang}"] = str(post_id)
    for other in _list(post.get("wpml_translations")):  # WPML: [{"locale": "en_US", "id": 12}]
        if isinstance(other, dict) and other.get("locale") and other.get("id") is not None:
            ids[f"translation_{_string(other['locale']).replace('_', '-')}"] = str(other["id"])
    return ids


def _rendered(obj: Mapping[str, Any], key: str) -> str:
    """``obj[key]["rendered"]`` (or a plain string) as plain text."""
    value = obj.get(key)
    if isinstance(value, dict):
        value = value.get("rendered")
    return fragment_text(value) if isinstance(value, str) else ""


def _string(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
