"""Inline markup (links, emphasis, line breaks, sup/sub, image alt text) from reader to export."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from presslate.i18n.engines.base import Hop, Route, Translation
from presslate.i18n.engines.markup import prepare, restore
from presslate.i18n.export.markdown import escape_markdown, markdown_destination
from presslate.i18n.inline import (
    changed_links,
    escape,
    from_html,
    parse,
    plain_text,
    tag_problems,
    to_html,
    to_markdown,
)
from presslate.i18n.readers.html import read_html
from presslate.i18n.readers.jsonfmt import read_json
from presslate.i18n.readers.markdown import read_markdown

DATA = Path(__file__).parent / "data" / "inline"
REPORT = "https://echo-des-lacs.example/docs/communique.pdf"
FIGURES = "https://stats.example/port?annee=2026&mois=3"


def texts(article: Any) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in article.segments if s.included]


# -- readers -----------------------------------------------------------------------------------


def test_html_reader_keeps_links_emphasis_breaks_sup_and_alt() -> None:
    article = read_html((DATA / "port.html").read_text(encoding="utf-8"))
    assert texts(article) == [
        ("headline", "La grève des dockers ferme le port de Brévannes"),
        ("body", "Le syndicat a publié <a1>un communiqué</a1> lundi soir, selon <strong>le "
                 "<em>ministère</em> du Travail</strong>."),
        ("alt", "Des grues immobiles sur le quai"),
        ("caption", "Le port <i>vide</i>, lundi matin."),
        ("body", "Les négociations reprennent mardi à la préfecture.<br/>La direction du port a "
                 "refusé de commenter."),
        ("body", "Le trafic a baissé de 40 % depuis le 1<sup>er</sup> mars, d'après <a1>les "
                 "chiffres du port</a1> et <a2>ce lien</a2>."),
    ]
    body = [s for s in article.segments if s.kind == "body"]
    assert dict(body[0].attrs) == {"a1": REPORT}
    assert dict(body[2].attrs) == {"a1": FIGURES, "a2": "javascript:alert(1)"}
    caption = next(s for s in article.segments if s.kind == "caption")
    assert caption.attrs["src"] == "/media/port-vide.jpg"


def test_markdown_and_json_readers_give_the_same_inline_text() -> None:
    md = read_markdown((DATA / "port.md").read_text(encoding="utf-8"))
    js = read_json((DATA / "port.json").read_text(encoding="utf-8"))
    report = ("body", "Le syndicat a publié <a1>un communiqué</a1> lundi soir, selon <strong>le "
                      "<em>ministère</em> du Travail</strong>.")
    breaks = ("body", "Les négociations reprennent mardi à la préfecture.<br/>La direction du port "
                      "a refusé de commenter.")
    for article in (md, js):
        assert report in texts(article) and breaks in texts(article)
        assert ("alt", "Des grues immobiles sur le quai") in texts(article)
        linked = next(s for s in article.segments if s.text == report[1])
        assert dict(linked.attrs) == {"a1": REPORT}
    assert ("body", "Le trafic a baissé de 40 % depuis le 1<sup>er</sup> mars.") in texts(js)


def test_text_that_looks_like_a_tag_stays_text() -> None:
    root = lxml_html.fragment_fromstring("<p>Use &lt;em&gt; &amp;lt; here &amp; <em>there</em></p>")
    inline = from_html(lxml_html.tostring(root, encoding="unicode"))
    assert inline.text == "Use &lt;em> &amp;lt; here & <em>there</em>"
    assert plain_text(inline.text) == "Use <em> &lt; here & there"
    assert [t.kind for t in parse(inline.text)] == ["text", "open", "text", "close"]


@given(st.text(st.characters(codec="utf-8"), max_size=60))
def test_escape_round_trips_any_plain_text(text: str) -> None:
    assert plain_text(escape(text)) == text
    assert all(t.kind == "text" for t in parse(escape(text)))


# -- QA ----------------------------------------------------------------------------------------

SOURCE = "Lisez <a1>le rapport</a1> et <em>vite</em>.<br/>Merci."


@pytest.mark.parametrize(("translation", "expected"), [
    ("Read <a1>the report</a1> and <em>quickly</em>.<br/>Thanks.", []),
    ("Read <em>quickly</em> and <a1>the report</a1>.<br/>Thanks.", []),  # moved with the words
    ("Read the report and <em>quickly</em>.<br/>Thanks.", ["missing tag <a1>"]),
    ("Read <a1>the report</a1> and <em>quickly</em>. Thanks.", ["missing tag <br/>"]),
    ("Read <a1>the <b>report</b></a1> and <em>quickly</em>.<br/>Thanks.",
     ["added tag <b> (not in the source)"]),
    ("Read <a1>the report <em>and</a1> quickly</em>.<br/>Thanks.",
     ["<a1> and <em> overlap: </a1> closes inside <em> (keep one element inside the other)"]),
    ("Read <a1>the report</a1 and <em>quickly</em>.<br/>Thanks.",
     ["broken tag '</a1 and '", "<a1> is not closed"]),
    ("Read <a1>the report and <em>quickly</em>.<br/>Thanks.", ["<a1> is not closed"]),
], ids=["same", "moved", "missing-link", "missing-break", "added", "overlap", "broken", "unclosed"])
def test_tag_problems_name_the_tag(translation: str, expected: list[str]) -> None:
    assert list(tag_problems(SOURCE, translation)) == expected


def test_a_changed_link_target_is_reported_and_exported_only_if_safe() -> None:
    links = {"a1": "https://example.org/fr"}
    moved = 'Read <a1 href="https://example.org/en">the report</a1>.'
    assert list(changed_links(SOURCE, moved, links)) == [
        "link <a1> target changed: https://example.org/fr → https://example.org/en"]
    assert list(tag_problems("Lisez <a1>le rapport</a1>.", moved)) == []
    assert to_html(moved, links) == 'Read <a href="https://example.org/en">the report</a>.'
    hostile = 'Read <a1 href="javascript:alert(1)">the report</a1>.'
    assert to_html(hostile, links) == "Read the report."


# -- export rendering --------------------------------------------------------------------------


def test_html_and_markdown_rendering_of_nested_markup() -> None:
    text = ("A <a1>link with <em>emphasis</em></a1>, <strong>bold <em>nested</em></strong>, "
            "H<sub>2</sub>O<br/>& 3 &lt; 4")
    links = {"a1": "https://example.org/a?b=1&c=2"}
    assert to_html(text, links) == (
        'A <a href="https://example.org/a?b=1&amp;c=2">link with <em>emphasis</em></a>, '
        "<strong>bold <em>nested</em></strong>, H<sub>2</sub>O<br>&amp; 3 &lt; 4")
    md = to_markdown(text, links, escape_text=escape_markdown, destination=markdown_destination)
    rendered = MarkdownIt("commonmark").renderInline(md)
    assert rendered == to_html(text, links).replace("<br>", "<br />\n")


# -- engines -----------------------------------------------------------------------------------


class EchoEngine:
    """An engine without HTML support that upper-cases words and keeps ``[[n]]`` (or drops them)."""

    name = "echo"

    def __init__(self, *, drop: bool = False) -> None:
        self.drop = drop
        self.seen: list[str] = []

    def hops(self) -> list[Hop]:
        return [Hop("fr", "en", "echo")]

    def translate(self, route: Route, texts: list[str], advance: Any = None) -> list[Translation]:
        import re

        self.seen.extend(texts)
        out = []
        for text in texts:
            result = re.sub(r"\[\[\d+\]\]", "", text) if self.drop else text
            out.append(Translation(re.sub(r"[a-zé]+", lambda m: m.group(0).upper(), result), "echo"))
        return out


def test_tags_travel_as_placeholders_for_an_engine_without_html() -> None:
    text = "Lisez <a1>le rapport</a1> de 2024 et <em>vite</em>.<br/>3 &lt; 4"
    prepared = prepare(text, (), source="fr", target="en", html_engine=False)
    assert "<a1>" not in prepared.text and "<em>" not in prepared.text and "<br/>" not in prepared.text
    # five tags as placeholders; the numbers as digits the engine reads as numbers
    assert prepared.text.count("[[") == 5
    assert "2024" in prepared.text and "3 < 4" in prepared.text
    engine = EchoEngine()
    (out,) = engine.translate(Route("echo", (Hop("fr", "en", "echo"),)), [prepared.text])
    restored, lost = restore(out.text, prepared)
    assert lost == 0
    assert restored == "LISEZ <a1>LE RAPPORT</a1> DE 2024 ET <em>VITE</em>.<br/>3 &lt; 4"
    dropped, lost = restore(EchoEngine(drop=True).translate(
        Route("echo", (Hop("fr", "en", "echo"),)), [prepared.text])[0].text, prepared)
    assert lost == 5 and "<a1>" not in dropped  # the five tags; the numbers stay


def test_html_engine_input_is_an_html_fragment() -> None:
    prepared = prepare("AT&T <em>gagne</em> 3 &lt; 4", (), source="fr", target="es",
                       html_engine=True, facts=False)
    assert prepared.html and prepared.text == "AT&amp;T <em>gagne</em> 3 &lt; 4"
    assert restore("AT&amp;T <em>gana</em> 3 &lt; 4", prepared) == ("AT&T <em>gana</em> 3 &lt; 4", 0)


# -- end to end --------------------------------------------------------------------------------


def as_markdown(tags: Counter[str]) -> Counter[str]:
    """Element counts as Markdown renders them (``<i>`` as ``<em>``, ``<b>`` as ``<strong>``),
    unless written as inline HTML (then kept): the counts of both are added together."""
    out: Counter[str] = Counter()
    for name, count in tags.items():
        out[{"i": "em", "b": "strong"}.get(name, name)] += count
    return out


def md_tags(found: Counter[str]) -> Counter[str]:
    return as_markdown(found)


def exported_links_and_tags(out: Path, slug: str, locale: str) -> dict[str, Any]:
    """What each export format of ``slug`` shows: link targets and element names."""
    found: dict[str, Any] = {}
    page = lxml_html.document_fromstring((out / locale / f"{slug}.html").read_text(encoding="utf-8"))
    article = page.find(".//article")
    found["html"] = (sorted(a.get("href") for a in article.iter("a")),
                     Counter(el.tag for el in article.iter() if el.tag in ("em", "strong", "i", "b",
                                                                          "br", "sup", "sub")))
    md = (out / locale / f"{slug}.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    root = lxml_html.fragment_fromstring(MarkdownIt("commonmark").render(md), create_parent="div")
    found["md"] = (sorted(a.get("href") for a in root.iter("a")),
                   md_tags(Counter(el.tag for el in root.iter() if el.tag in ("em", "strong", "i", "b",
                                                                              "br", "sup", "sub"))))
    record = json.loads((out / locale / f"{slug}.json").read_text(encoding="utf-8"))
    html = "".join(f"<p>{s['html']}</p>" for s in record["segments"] if "html" in s)
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    found["json"] = (sorted(a.get("href") for a in root.iter("a")),
                     Counter(el.tag for el in root.iter() if el.tag in ("em", "strong", "i", "b",
                                                                        "br", "sup", "sub")))
    return found


@pytest.mark.apertium
def test_translated_article_keeps_links_and_emphasis_in_every_format(run: Any, workspace: Path) -> None:
    if shutil.which("apertium") is None:
        pytest.fail("apertium is not installed")
    assert run("pull", str(DATA / "port.html"), "--slug", "port").exit_code == 0
    result = run("translate", "port", "--to", "es", "--engine", "apertium")
    assert result.exit_code == 0, result.output
    out = workspace / "site"
    for fmt in ("html", "md", "json", "txt", "ninjs"):
        done = run("export", "port", "--lang", "es", "--format", fmt, "--fallback", "machine",
                   "--out", str(out))
        assert done.exit_code == 0, done.output
    found = exported_links_and_tags(out, "port", "es")
    # The javascript: link keeps its words, not the link; the figure's <i> is in its caption.
    expected = (sorted([REPORT, FIGURES]), Counter({"em": 1, "strong": 1, "i": 1, "br": 1, "sup": 1}))
    assert found["html"] == expected
    assert found["json"] == expected
    # Markdown has one emphasis and one strong emphasis (<i> is *…*, <b> **…**); a caption is
    # in italics as a whole.
    assert found["md"][0] == expected[0] and found["md"][1] >= as_markdown(expected[1])
    page = (out / "es" / "port.html").read_text(encoding="utf-8")
    assert 'alt="Des grues immobiles sur el muelle"' in page or 'alt="Grúas inmóviles' in page \
        or "alt=\"Des grúas" in page or ('alt="' in page and "Des grues immobiles" not in page)
    assert "javascript:" not in page
    ninjs = (out / "es" / "port.ninjs.json").read_text(encoding="utf-8")
    assert REPORT in ninjs and "<em>" in ninjs and "javascript:" not in ninjs
    text = (out / "es" / "port.txt").read_text(encoding="utf-8")
    assert "<" not in text and "préfecture" not in text
    check = run("check", "port", "--lang", "es")
    assert "markup" not in check.output.split("by check:")[0], check.output


# -- property: any markup a reader produced survives Apertium and export ----------------------

WORDS = ["le", "port", "est", "fermé", "lundi", "la", "grève", "des", "dockers", "continue",
         "selon", "le", "syndicat", "et", "les", "négociations", "reprennent", "mardi", "matin"]
TAGS = ["em", "strong", "i", "b", "sup", "sub", "a"]


@st.composite
def paragraphs(draw: Any) -> str:
    """An HTML paragraph of French words with nested inline elements, links and line breaks."""
    def phrase(depth: int) -> str:
        parts = []
        for _ in range(draw(st.integers(1, 3))):
            choice = draw(st.integers(0, 5 if depth < 2 else 1))
            words = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)))
            if choice <= 1:
                parts.append(words)
            elif choice == 2:
                parts.append(words + "<br>")
            else:
                tag = draw(st.sampled_from(TAGS))
                inner = phrase(depth + 1)
                if tag == "a":
                    href = f"https://example.org/{draw(st.integers(1, 99))}?x=1&amp;y=2"
                    parts.append(f'<a href="{href}">{inner}</a>')
                else:
                    parts.append(f"<{tag}>{inner}</{tag}>")
        return " ".join(parts)
    return "Le " + phrase(0) + " ."


@pytest.mark.apertium
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(paragraphs(), min_size=1, max_size=3))
def test_reader_markup_survives_apertium_and_export(tmp_path_factory: Any, paras: list[str]) -> None:
    from click.testing import CliRunner

    from presslate.cli.main import cli as main

    root = tmp_path_factory.mktemp("ws")
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(main, ["-C", str(root), *args], catch_exceptions=False)

    assert run("init").exit_code == 0
    page = root / "page.html"
    page.write_text("<html lang='fr'><body><article><h1>Le port est fermé</h1>"
                    + "".join(f"<p>{p}</p>" for p in paras) + "</article></body></html>",
                    encoding="utf-8")
    pulled = run("pull", str(page), "--slug", "p")
    assert pulled.exit_code == 0, pulled.output
    record = json.loads((root / "catalogs" / "p.article.json").read_text(encoding="utf-8"))
    source_tags: Counter[str] = Counter()
    source_links: list[str] = []
    for seg in record["segments"]:
        if seg["kind"] == "body":
            source_tags.update("br" if t.kind == "br" else t.value if not t.value.startswith("a")
                               or t.value in ("b",) else "a" for t in parse(seg["text"])
                               if t.kind in ("open", "br"))
            source_links.extend(v.replace("&amp;", "&") for k, v in seg.get("attrs", {}).items()
                                if k.startswith("a"))
    translated = run("translate", "p", "--to", "es", "--engine", "apertium")
    assert translated.exit_code == 0, translated.output
    out = root / "site"
    for fmt in ("html", "json", "md"):
        assert run("export", "p", "--lang", "es", "--format", fmt, "--fallback", "machine",
                   "--out", str(out)).exit_code == 0
    found = exported_links_and_tags(out, "p", "es")
    html_links, html_tags = found["html"]
    expected = Counter({k: v for k, v in source_tags.items() if k != "a"})
    assert html_links == sorted(source_links)
    assert html_tags == expected
    assert found["json"] == (sorted(source_links), expected)
    assert found["md"] == (sorted(source_links), as_markdown(expected))


def test_wordbound_stream_round_trip() -> None:
    from presslate.i18n.engines.apertium import from_wordbound, wordbound_stream

    fragment = "Le <a1>rapport <em>final</em></a1> [[1]] &amp; 3 &lt; 4.<br/>Fin"
    stream = wordbound_stream(fragment)
    assert stream == ("Le [[<a1>]]rapport[[/]] [[<a1><em>]]final[[/]] \\[\\[1\\]\\] & 3 \\< 4."
                      "[\\<br\\/\\>]Fin")
    assert from_wordbound(stream) == fragment
    # Words joined by transfer carry both marks; each element is written once.
    assert from_wordbound("según [[<a1>]]las[[/]] [[<a1>; <a1>]]del[[/]] puerto") == \
        "según <a1>las del</a1> puerto"


@pytest.mark.apertium
def test_apertium_keeps_formatting_with_the_words_it_moves() -> None:
    from presslate.i18n.engines.apertium import ApertiumEngine

    route = Route("apertium", (Hop("en", "es", "eng-spa"),))
    texts = ["The <em>big</em> <a1>red house</a1> is here.",
             "Le <sub>le le <strong>et le le</strong></sub> <sub>le</sub> le ."]
    first, second = ApertiumEngine().translate_html(route, texts[:1]) + ApertiumEngine(
    ).translate_html(Route("apertium", (Hop("fr", "es", "fr-es"),)), texts[1:])
    assert first.text == "La <a1>casa roja</a1> <em>grande</em> es aquí."
    # Transfer joins the two <sub>: the tags come back as Apertium's HTML format keeps them.
    assert second.text.count("<sub>") == 2 and second.text.count("<strong>") == 1
