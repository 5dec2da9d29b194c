"""Reader for Markdown articles.

* Optional front matter between ``---`` lines: ``title``, ``author``,
  ``date``, ``lang``, ``url``, ``site`` and ``standfirst`` (or
  ``description``/``summary``), as ``key: value`` lines.
* The first ``# `` heading (or a ``===`` underlined line) is the headline;
  without one, the front matter's ``title`` is.
* The first block after the headline is the standfirst when it is wholly in
  italics (``*…*`` or ``_…_``), or a ``> `` block that is not a quotation
  (does not open with a quotation mark). Other ``> `` blocks are quotes.
* ``##`` to ``######`` headings are subheadings; list items and paragraphs are
  body text.
* An image ``![alt](src)`` gets its caption from an italic line right below it,
  else from its alt text; the ``src`` is kept with the caption.
* Fenced code blocks and raw HTML blocks are kept as excluded segments.

Segment text is plain text: emphasis markers, inline code ticks and link
targets are removed (``[the report](https://…)`` reads ``the report``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..article import BODY, CAPTION, HEADLINE, STANDFIRST, RawSegment, normalize_text
from ..errors import SourceError
from . import RawArticle

SUBHEADING = "subheading"
QUOTE = "quote"
REASON_CODE = "code block (not translated)"
REASON_HTML = "raw HTML block"

_FRONT_KEYS = {"title", "author", "date", "published", "lang", "language", "url", "site",
               "standfirst", "description", "summary", "slug", "tags", "layout", "categories"}
_ATX_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_IMAGE_RE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<src>\S+?)(?:\s+[\"'](?P<title>[^\"']*)[\"'])?\)$")
_ITALIC_RE = re.compile(r"^(\*|_)(?!\1)(?P<text>.+?)\1$", re.DOTALL)
_LIST_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_RULE_RE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_QUOTE_OPENERS = ("\"", "“", "«", "„", "‘", "'", "‹", "—", "–")


@dataclass(frozen=True)
class _Block:
    kind: str  # heading, setext, para, quote, list, image, code, html
    lines: tuple[str, ...]
    level: int = 0


def read_markdown(text: str, *, origin: str = "") -> RawArticle:
    """Read a Markdown article; see the module's docstring."""
    lines = text.splitlines()
    front, lines = _front_matter(lines, origin)
    blocks = _blocks(lines)

    segments: list[RawSegment] = []
    headline = ""
    standfirst_open = False  # the next block may be the standfirst
    pending_image: dict[str, str] | None = None

    def flush_image() -> None:
        nonlocal pending_image
        if pending_image is not None:
            caption = pending_image.pop("alt_caption", "")
            if caption:
                segments.append(RawSegment(CAPTION, caption, attrs=pending_image))
            pending_image = None

    for block in blocks:
        first = block.lines[0]
        if block.kind == "image":
            flush_image()
            match = _IMAGE_RE.match(first.strip())
            assert match is not None
            attrs = {"src": match.group("src")}
            if match.group("alt"):
                attrs["alt"] = _plain(match.group("alt"))
            italic = _ITALIC_RE.match(" ".join(block.lines[1:]).strip()) if len(block.lines) > 1 else None
            if italic:
                segments.append(RawSegment(CAPTION, _plain(italic.group("text")), attrs=attrs))
            else:
                pending_image = {**attrs, "alt_caption": _plain(match.group("title") or
                                                                match.group("alt") or "")}
            standfirst_open = False
            continue
        if pending_image is not None:
            italic = _ITALIC_RE.match(" ".join(block.lines).strip()) if block.kind == "para" else None
            if italic and len(italic.group("text")) <= 300:
                pending_image.pop("alt_caption", None)
                segments.append(RawSegment(CAPTION, _plain(italic.group("text")), attrs=pending_image))
                pending_image = None
                continue
            flush_image()
        if block.kind in ("heading", "setext"):
            content = _plain(block.lines[0])
            if block.level == 1 and not headline:
                headline = content
                segments.append(RawSegment(HEADLINE, content))
                standfirst_open = True
                continue
            segments.append(RawSegment(SUBHEADING, content))
        elif block.kind == "code":
            segments.append(RawSegment("code", "\n".join(block.lines), False, REASON_CODE))
        elif block.kind == "html":
            plain = normalize_text(re.sub(r"<[^>]+>", " ", " ".join(block.lines)))
            if plain:
                segments.append(RawSegment("html", plain, False, REASON_HTML))
        elif block.kind == "quote":
            inner = [re.sub(r"^\s*>\s?", "", line) for line in block.lines]
            for para in _paragraphs(inner):
                plain = _plain(para)
                if standfirst_open and not plain.startswith(_QUOTE_OPENERS):
                    segments.append(RawSegment(STANDFIRST, plain))
                else:
                    segments.append(RawSegment(QUOTE, plain))
                standfirst_open = False
        elif block.kind == "list":
            for item in _list_items(block.lines):
                segments.append(RawSegment(BODY, _plain(item)))
        else:
            joined = " ".join(line.strip() for line in block.lines)
            italic = _ITALIC_RE.match(joined)
            if standfirst_open and italic:
                segments.append(RawSegment(STANDFIRST, _plain(italic.group("text"))))
            else:
                segments.append(RawSegment(BODY, _plain(joined)))
        standfirst_open = False
    flush_image()

    if not headline and front.get("title"):
        headline = normalize_text(front["title"])
        segments.insert(0, RawSegment(HEADLINE, headline))
    standfirst = front.get("standfirst") or front.get("description") or front.get("summary")
    if standfirst and not any(s.kind == STANDFIRST for s in segments):
        at = 1 if segments and segments[0].kind == HEADLINE else 0
        segments.insert(at, RawSegment(STANDFIRST, normalize_text(standfirst)))
    if not headline:
        raise SourceError("no headline in this Markdown file (no '# ' heading and no title)",
                          path=origin or None,
                          hint="start the article with '# Headline', or add 'title:' front matter")
    return RawArticle(
        segments=tuple(s for s in segments if s.text),
        title=headline,
        site=front.get("site", ""),
        url=front.get("url", ""),
        author=front.get("author", ""),
        published=front.get("date") or front.get("published", ""),
        lang=front.get("lang") or front.get("language", ""),
    )


def _front_matter(lines: list[str], origin: str) -> tuple[dict[str, str], list[str]]:
    """``---`` / ``key: value`` lines / ``---`` at the top of the file."""
    if not lines or lines[0].strip() != "---":
        return {}, lines
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raise SourceError("the front matter opened by '---' on line 1 is never closed",
                          path=origin or None, line=1, hint="close it with a '---' line")
    front: dict[str, str] = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#") or line.startswith((" ", "\t", "-")):
            continue  # blank, comment, or a YAML list item/continuation we do not need
        key, sep, value = line.partition(":")
        if not sep:
            raise SourceError(f"front matter line is not 'key: value': {line.strip()!r}",
                              path=origin or None, line=number)
        key = key.strip().lower()
        if key in _FRONT_KEYS:
            front[key] = value.strip().strip("\"'").strip()
    return front, lines[end + 1:]


def _blocks(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    current: list[str] = []
    kind = ""
    i = 0

    def close() -> None:
        nonlocal current, kind
        if current:
            blocks.append(_Block(kind or "para", tuple(current)))
        current, kind = [], ""

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            close()
            fence = stripped[:3]
            body = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence):
                body.append(lines[i])
                i += 1
            blocks.append(_Block("code", tuple(body) or ("",)))
            i += 1
            continue
        if not stripped:
            close()
        elif stripped.startswith("<!--"):
            close()
            while i < len(lines) and "-->" not in lines[i]:
                i += 1  # an HTML comment: not text
        elif _ATX_RE.match(stripped):
            close()
            match = _ATX_RE.match(stripped)
            assert match is not None
            blocks.append(_Block("heading", (match.group(2),), len(match.group(1))))
        elif current and kind == "para" and re.match(r"^(=+|-+)\s*$", stripped):
            level = 1 if stripped.startswith("=") else 2
            text = " ".join(part.strip() for part in current)
            current, kind = [], ""
            blocks.append(_Block("setext", (text,), level))
        elif _RULE_RE.match(stripped):
            close()
        elif _IMAGE_RE.match(stripped) and not current:
            blocks.append(_Block("image", (stripped,)))
            # An italic line right below the image (no blank line) is its caption.
            if i + 1 < len(lines) and _ITALIC_RE.match(lines[i + 1].strip()):
                blocks[-1] = _Block("image", (stripped, lines[i + 1].strip()))
                i += 1
        elif stripped.startswith(">"):
            if kind != "quote":
                close()
                kind = "quote"
            current.append(line)
        elif _LIST_RE.match(line) and kind in ("", "list"):
            kind = "list"
            current.append(line)
        elif stripped.startswith("<") and not current and re.match(r"^</?[a-zA-Z]", stripped):
            kind = "html"
            current.append(line)
        else:
            if kind == "quote":  # lazy continuation of a quote
                current.append("> " + stripped)
            else:
                kind = kind or "para"
                current.append(line)
        i += 1
    close()
    return blocks


def _paragraphs(lines: list[str]) -> list[str]:
    paras: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            paras.append(" ".join(current))
            current = []
    return paras


def _list_items(lines: tuple[str, ...]) -> list[str]:
    items: list[str] = []
    for line in lines:
        if _LIST_RE.match(line):
            items.append(_LIST_RE.sub("", line, count=1).strip())
        elif items:
            items[-1] += " " + line.strip()
    return items


def _plain(text: str) -> str:
    """Inline Markdown to plain text: links, emphasis, code ticks, escapes."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])(\*|_)(?=\S)(.+?)(?<=\S)\1(?![\w*])", r"\2", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>])", r"\1", text)
    return normalize_text(text)
