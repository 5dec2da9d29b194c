"""Untrusted text, attributes, language codes and image URLs cannot inject markup into an export.

The Markdown export is checked with a real YAML parser (PyYAML) and a real
CommonMark renderer (markdown-it-py), the HTML export with html5lib; the
``browser`` test loads both in headless Chromium and checks that no injected
script ran.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import polib
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from presslate.i18n.article import Article, Metadata, RawSegment, Segment, assign_ids
from presslate.i18n.catalog import set_machine, set_source_as_written
from presslate.i18n.errors import ExportError
from presslate.i18n.export.html import render_html
from presslate.i18n.export.jsonfmt import render_json
from presslate.i18n.export.localize import LocalizedArticle, localize
from presslate.i18n.export.markdown import render_markdown
from presslate.i18n.export.text import render_text
from presslate.i18n.locales import is_locale_code, parse_locale
from presslate.i18n.workspace import Workspace

from .conftest import Invoke, require_tool
from .export_fixtures import SLUG, build_article, write_workspace
from .test_review import run_chromium

HOSTILE_TEXTS = [
    '<script>alert("x")</script>', "<img src=x onerror=alert(1)>", '"><img src=x onerror=alert(1)>',
    "---", "***", "___", "# heading", "## sub", "> quote", "- item", "+ item", "* item", "1. one",
    "2) two", "=====", "-----", "    indented code", "```", "~~~", "<div>block</div>", "<!-- c -->",
    "<?php ?>", "<![CDATA[x]]>", "[x](javascript:alert(1))", "![i](javascript:alert(1))",
    "[ref]: javascript:alert(1)", "<javascript:alert(1)>", "<https://evil.example>",
    "&lt;script&gt;", "&#106;avascript:", "&amp;", "`code`", "*em* _em_ **strong**", "\\", "a\\",
    "x  ", "|a|b|\n|-|-|", "a\u2028---\u2028b", "a\u2029# b", "a\x85- b", "a\n\n---\nb", "a\r\n> b",
    "\x00", "\x00\n- item", "\x0b\x0c", "\u00a0", "title: injected", "...", "'\"", "<bdi>x</bdi>",
    "</span><script>",
]
HOSTILE_SRCS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "x.jpg)[x](javascript:alert(1)",
    "x.jpg)[x](javascript&#58;alert(1)", "x.jpg>[x](javascript&colon;alert(1)",
    'x.jpg"onerror="alert(1)', "x.jpg' onerror='alert(1)", "&#106;avascript:alert(1)", "a\\b.jpg",
    "x<y>.jpg", "images/a b.jpg", "https://cdn.example/a.jpg?x=1&y=2", "images/ok.jpg", "/img/ok.jpg",
    "//cdn.example/x.jpg", "https://x.example/\u2028---", "x.jpg\n[x]: javascript:alert(1)", "",
]
GOOD_LANGS = ["en", "fr", "he", "ar", "de", "pt", ""]
HOSTILE_LANGS = ['en@"><img src=x onerror=alert(1)>', 'en" onmouseover="alert(1)', "fr><script>",
                 "en\u2028", "x-default", "en us"]
KINDS = ["headline", "standfirst", "caption", "body", "subheading", "quote"]
LOCALES = ["fr", "he", "en", "pt_BR"]
ALLOWED_MD = {"h1", "h2", "p", "strong", "em", "blockquote", "span", "bdi", "img"}
LANG_TAG_RE = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")

texts = st.one_of(st.sampled_from(HOSTILE_TEXTS), st.text(max_size=40),
                  st.lists(st.sampled_from(HOSTILE_TEXTS), min_size=1, max_size=3).map(" ".join))
langs = st.one_of(st.sampled_from(GOOD_LANGS), st.sampled_from(HOSTILE_LANGS))
srcs = st.one_of(st.sampled_from(HOSTILE_SRCS), st.text(max_size=30))
states = st.sampled_from(["reviewed", "machine", "untranslated", "source"])
segments = st.lists(st.tuples(st.sampled_from(KINDS), texts, langs, srcs, texts, states, texts),
                    min_size=1, max_size=6)


def clean(text: str) -> str:
    """A text as the Markdown export writes it: one line, no control characters."""
    return " ".join(re.sub(r"[^\S ]|[\x00-\x1f\x7f-\x9f]", lambda m: " " if m.group(0).isspace() else "",
                           text).split())


def build(rows: list[tuple[str, str, str, str, str, str, str]], meta: Metadata,
          locale: str, policy: str) -> LocalizedArticle:
    raw = [RawSegment(kind, text, attrs={"src": src, "alt": alt} if kind == "caption" else {})
           for kind, text, _, src, alt, _, _ in rows]
    segs = tuple(Segment(id=seg_id, kind=r.kind, text=r.text, lang=row[2], confidence=1.0,
                         lang_source="declared", attrs=dict(r.attrs))
                 for (seg_id, r), row in zip(assign_ids(raw), rows, strict=True))
    entries: dict[tuple[str, str], Any] = {}
    for kind, text, _, _, _, state, translation in rows:
        entry = polib.POEntry(msgctxt=kind, msgid=text, msgstr="")
        if state == "reviewed":
            entry.msgstr = translation
        elif state == "machine":
            set_machine(entry, translation, "test-engine")
        elif state == "source":
            set_source_as_written(entry)
        entries.setdefault((kind, text), entry)
    return localize(Article(meta=meta, segments=segs), entries, locale, policy=policy)


def parse_fragment(html: str) -> Any:
    import html5lib

    return html5lib.parseFragment(html, namespaceHTMLElements=False)


def split_front_matter(md: str) -> tuple[dict[str, Any], str]:
    """The YAML front matter (parsed by PyYAML) and the body of an exported Markdown file."""
    assert md.startswith("---\n")
    lines = md.split("\n")
    end = lines.index("---", 1)
    front = "\n".join(lines[1:end]) + "\n"
    # Each key on one line, nothing another tool could read as a line break or a closing ---.
    assert front.splitlines() == front.split("\n")[:-1]
    assert not any(line.strip() in ("---", "...") for line in front.splitlines())
    data = yaml.safe_load(front)
    assert isinstance(data, dict)
    return data, "\n".join(lines[end + 1:])


def expected_blocks(doc: LocalizedArticle) -> list[str]:
    """The text of each block the Markdown must render to, in order."""
    blocks = [clean(n.text) for n in doc.notices]
    dated = False
    for seg in doc.segments:
        text = clean(seg.text)
        if text or (seg.kind == "caption" and seg.image):
            blocks.append(text)
        if not dated and (doc.published_display or doc.dateline_author):
            dated = True
            parts = [clean(p) for p in (doc.dateline_author, doc.published_display) if clean(p)]
            if parts:
                blocks.append(" · ".join(parts))
    return blocks


def assert_safe_url(url: str) -> None:
    assert urlsplit(url).scheme.lower() in ("", "http", "https"), url
    assert not re.match(r"\s*(javascript|data|vbscript):", url, re.I), url


def check_markdown(doc: LocalizedArticle, md: str) -> None:
    front, body = split_front_matter(md)
    expected = {"title": doc.title, "slug": doc.slug, "lang": doc.lang, "dir": doc.dir}
    expected.update((k, v) for k, v in (("date", doc.published_iso), ("author", doc.author),
                                        ("site", doc.site)) if v)
    assert front == expected
    root = parse_fragment(MarkdownIt("commonmark").render(body))
    images = 0
    for el in root.iter():
        if el is root or not isinstance(el.tag, str):
            continue
        assert el.tag in ALLOWED_MD, (el.tag, body)
        attrs = dict(el.attrib)
        if el.tag == "span":
            assert set(attrs) == {"lang", "dir"} and LANG_TAG_RE.fullmatch(attrs["lang"]), attrs
            assert attrs["dir"] in ("ltr", "rtl")
        elif el.tag == "img":
            images += 1
            assert set(attrs) == {"src", "alt"}, attrs  # the alt text is an attribute's text
            assert_safe_url(attrs["src"])
        else:
            assert attrs == {}, (el.tag, attrs)
    assert images == sum(1 for s in doc.segments if s.kind == "caption" and s.image)
    blocks = ["".join(el.itertext()).strip() for el in root if isinstance(el.tag, str)]
    assert blocks == expected_blocks(doc), body


def check_html(doc: LocalizedArticle, html: str) -> None:
    import html5lib

    root = html5lib.parse(html, namespaceHTMLElements=False)
    assert list(root.iter("script")) == []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        assert not any(name.lower().startswith("on") for name in el.attrib), (el.tag, dict(el.attrib))
        if "lang" in el.attrib:
            assert LANG_TAG_RE.fullmatch(el.get("lang")), el.get("lang")
        for name in ("src", "href"):
            if name in el.attrib:
                assert_safe_url(el.get(name))
    assert len(list(root.iter("img"))) == sum(1 for s in doc.segments if s.kind == "caption" and s.image)
    shown = [el for el in root.iter() if isinstance(el.tag, str) and el.get("data-segment")]
    assert [el.get("data-segment") for el in shown] == [s.id for s in doc.segments]

    def norm(text: str) -> str:
        return clean(text.replace("\ufffd", ""))

    assert [norm("".join(el.itertext())) for el in shown] == [norm(s.text) for s in doc.segments]


def check_json_and_text(doc: LocalizedArticle) -> None:
    record = json.loads(render_json(doc))
    for seg in record["segments"]:
        assert LANG_TAG_RE.fullmatch(seg["lang"])
        if "src" in seg.get("attrs", {}):
            assert_safe_url(seg["attrs"]["src"])
            assert seg["attrs"]["src"].strip()
    text = render_text(doc)
    for seg in doc.segments:  # a text in another language is prefixed with its (checked) language
        assert LANG_TAG_RE.fullmatch(seg.lang), seg.lang
        if seg.foreign and clean(seg.text):
            assert f"[{seg.lang}] " in text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink])
@given(rows=segments, locale=st.sampled_from(LOCALES), policy=st.sampled_from(["source", "machine", "omit"]),
       title=texts, author=texts, site=texts, published=st.sampled_from(["", "2024-03-05", "soon"]))
def test_exports_carry_untrusted_input_as_text_only(
    rows: list[tuple[str, str, str, str, str, str, str]], locale: str, policy: str, title: str,
    author: str, site: str, published: str,
) -> None:
    meta = Metadata(slug=SLUG, title=title, author=author, site=site, published=published, lang="en")
    try:
        doc = build(rows, meta, locale, policy)
    except ExportError as exc:
        # Only a language code that is not a locale identifier is refused, by name.
        bad = [row[2] for row in rows if row[2] and not is_locale_code(row[2])]
        assert bad and "invalid language code" in exc.message
        return
    check_markdown(doc, render_markdown(doc))
    check_html(doc, render_html(doc))
    check_json_and_text(doc)


# Each payload, when it runs, removes the document's body. It keeps to what CommonMark accepts
# as an inline HTML tag (no quotes, = or backticks in a value) and survives lowercasing.
PAYLOAD = "<img src=x onerror=document.body.remove()>"
HOSTILE_PAGE = f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Un titre</title></head>
<body><article>
<h1>La grève des dockers ferme le port de la ville</h1>
<p>Le port a été fermé lundi après que les dockers ont cessé le travail pour les salaires.</p>
<p lang='en@">{PAYLOAD}'>The harbour was closed on Monday after the dockworkers walked out
over pay, union leaders said.</p>
<figure><img src="x.jpg)[x](javascript&amp;#58;alert(1))" alt='">{PAYLOAD}'>
<figcaption>Les dockers en grève devant le port, lundi matin.</figcaption></figure>
<figure><img src="javascript:document.body.remove()">
<figcaption>Le port vide, mardi.</figcaption></figure>
</article></body></html>
"""
HOSTILE_TITLE = f"Grève\u2028---\u2028injected: true\u2029# {PAYLOAD}"
HOSTILE_BODY = f"Le port.\u2028---\u2028<script>document.body.remove()</script> {PAYLOAD}"


def pull_hostile(run: Invoke, workspace: Path, tmp_path: Path) -> Workspace:
    """Pull HOSTILE_PAGE as ``hostile`` with an es catalog translating two segments with payloads."""
    from presslate.i18n.catalog import save_po
    from presslate.i18n.edition import open_edition

    source = tmp_path / "hostile.html"
    source.write_text(HOSTILE_PAGE, encoding="utf-8")
    result = run("pull", str(source), "--slug", "hostile")
    assert result.exit_code == 0, result.output
    ws = Workspace.open(workspace)
    po = open_edition(ws, "hostile", "es", create=True).catalog
    for entry in po:
        if entry.msgctxt == "headline":
            entry.msgstr = HOSTILE_TITLE
        elif entry.msgid.startswith("Le port a été fermé"):
            entry.msgstr = HOSTILE_BODY
    save_po(ws.catalog_path("hostile", "es"), po)
    return ws


def test_hostile_source_gives_safe_markdown(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    ws = pull_hostile(run, workspace, tmp_path)
    # The declared lang="en@\"><img ..." is no language: the paragraph's language is detected.
    assert [s.lang for s in ws.load_article("hostile").segments if s.text.startswith("The harbour")] == ["en"]
    out = tmp_path / "site"
    assert run("export", "hostile", "--lang", "es", "--format", "md", "--out", str(out)).exit_code == 0
    md = (out / "es" / "hostile.md").read_text(encoding="utf-8")
    front, body = split_front_matter(md)
    assert front["title"] == HOSTILE_TITLE and "injected" not in front
    root = parse_fragment(MarkdownIt("commonmark").render(body))
    [img] = root.iter("img")  # the relative image; the javascript: one is dropped
    assert dict(img.attrib) == {"src": "x.jpg)%5Bx%5D(javascript&#58;alert(1))",
                                "alt": f'">{PAYLOAD}'}  # the alt text, as text
    assert list(root.iter("a")) == [] and list(root.iter("script")) == []
    texts = ["".join(el.itertext()).strip() for el in root]
    assert clean(HOSTILE_TITLE) in texts and clean(HOSTILE_BODY) in texts
    assert "remove()" not in json.dumps([{k: v for k, v in el.attrib.items() if k != "alt"}
                                         for el in root.iter()])


def test_record_with_a_hostile_language_code_is_refused(run: Invoke, workspace: Path) -> None:
    hostile = 'en@"><img src=x onerror=alert(1)>'
    rows: list[tuple[str, str, str, dict[str, str]]] = [
        ("headline", "Dockworkers strike closes the harbour", "en", {}),
        ("body", "The harbour was closed on Monday.", hostile, {})]
    rows[1] = ("body", rows[1][1], "en", {})
    ws = write_workspace(workspace, build_article(segments=rows), translations={"fr": {}})
    # The record is edited by hand (or by a hostile tool): its check refuses it when read.
    record = ws.article_path(SLUG)
    data = json.loads(record.read_text(encoding="utf-8"))
    data["segments"][1]["lang"] = hostile
    record.write_text(json.dumps(data), encoding="utf-8")
    out = workspace / "site"
    for fmt in ("html", "md", "json", "txt"):
        result = run("export", SLUG, "--lang", "fr", "--format", fmt, "--out", str(out))
        assert result.exit_code == 2, result.output
        assert "not a language code" in result.output and "segments[1].lang" in result.output
    assert not out.exists()


@pytest.mark.parametrize("code", ['en@"><img src=x onerror=alert(1)>', "en us", "fr<", "en'", "fr\u2028de"])
def test_parse_locale_refuses_what_is_not_a_locale_identifier(code: str) -> None:
    from presslate.i18n.errors import LanguageError

    with pytest.raises(LanguageError, match="not a language code"):
        parse_locale(code)
    assert not is_locale_code(code)
    assert not is_locale_code("fr\u2028") and parse_locale(" fr ") == "fr"  # surrounding space: typed input


@pytest.mark.parametrize("code", ["fr", "pt_BR", "pt-BR", "zh_Hant_TW", "sr@latin"])
def test_parse_locale_keeps_real_codes(code: str) -> None:
    assert is_locale_code(code)


PROBE_PAGE = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>probe</title></head>"
              "<body>{body}</body></html>")


def script_ran(chromium: str, tmp_path: Path, page: Path) -> bool:
    """Load ``page`` in headless Chromium (its failing images fire their onerror) and tell
    whether an injected payload changed the document."""
    result = run_chromium(chromium, tmp_path, "--dump-dom", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert "</html>" in result.stdout, result.stdout[-2000:]
    return "<body" not in result.stdout


@pytest.mark.browser
def test_no_injected_script_runs_in_chromium(run: Invoke, workspace: Path, tmp_path: Path) -> None:
    chromium = require_tool("chromium")
    # The probe works: the span the Markdown export used to write runs its payload.
    control = tmp_path / "control.html"
    raw_span = f'<span lang="en@">{PAYLOAD}" dir="ltr">x</span>'
    control.write_text(PROBE_PAGE.format(body=MarkdownIt("commonmark").render(raw_span)), encoding="utf-8")
    assert script_ran(chromium, tmp_path, control)

    pull_hostile(run, workspace, tmp_path)
    out = tmp_path / "site"
    for fmt in ("md", "html"):
        assert run("export", "hostile", "--lang", "es", "--format", fmt, "--out", str(out)).exit_code == 0
    md = (out / "es" / "hostile.md").read_text(encoding="utf-8")
    rendered = tmp_path / "rendered-md.html"
    body = md.split("\n---\n", 1)[1]  # after the front matter (checked by the test above)
    rendered.write_text(PROBE_PAGE.format(body=MarkdownIt("commonmark").render(body)), encoding="utf-8")
    assert not script_ran(chromium, tmp_path, rendered)
    assert not script_ran(chromium, tmp_path, out / "es" / "hostile.html")
