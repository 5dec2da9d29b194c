"""The RSS/Atom reader: one article per item with its full text, items with only a link
reported (or followed), and a feed never pulled as one garbage article."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from presslate.i18n.errors import SourceError
from presslate.i18n.readers import read_articles, sniff_format
from presslate.i18n.readers.feed import read_feed

from .conftest import EXAMPLES, Invoke

RSS = EXAMPLES / "formats" / "feed-harbourside-rss.xml"
ATOM = EXAMPLES / "formats" / "feed-gazette-atom.xml"
FERRY = "ferry-service-to-skellan-island-resumes-after-storm-repairs"
SLUGS = {FERRY, "town-council-approves-new-cycle-lane-along-quay-road",
         "lifeboat-crew-rescues-two-kayakers-off-gull-point"}


def rss(*items: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            "<title>Courier</title><link>https://courier.example/</link>"
            "<description>d</description>" + "".join(items) + "</channel></rss>")


def item(title: str, link: str, content: str | None = None, description: str = "") -> str:
    body = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
    return (f"<item><title>{title}</title><link>{link}</link>"
            f"<description>{description}</description>{body}</item>")


FULL = item("Bridge closes for repairs", "https://courier.example/bridge",
            "<p>The Merrow bridge closes on Monday for three weeks of repairs to its deck.</p>")
LINK_ONLY = item("Harbour fees rise", "https://courier.example/fees",
                 description="Mooring fees go up by six per cent in April.")


def test_rss_items_become_articles_with_their_metadata() -> None:
    reading = read_feed(RSS.read_text(encoding="utf-8"), origin=str(RSS))
    assert reading.skipped == ()
    assert len(reading.articles) == 3
    ferry = reading.articles[0]
    assert ferry.title == "Ferry service to Skellan Island resumes after storm repairs"
    assert ferry.site == "The Harbourside Courier"
    assert ferry.author == "Megan Ashby"
    assert ferry.published == "2026-03-17T09:30:00Z"
    assert ferry.lang == "en-GB"
    assert ferry.url == "https://harbourside-courier.example/2026/03/17/skellan-ferry-resumes/"
    assert ferry.extra == {"guid": "https://harbourside-courier.example/?p=4821"}
    assert [s.kind for s in ferry.segments] == [
        "headline", "standfirst", "body", "body", "alt", "caption", "subheading", "quote", "body",
        "categories"]
    assert ferry.segments[4].text == "A white ferry leaves a stone quay"
    caption = ferry.segments[5]
    assert caption.attrs == {"src": "https://harbourside-courier.example/media/2026/03/skellan-ferry.jpg",
                             "alt": "A white ferry leaves a stone quay"}
    categories = ferry.segments[-1]
    assert not categories.included and categories.text == "Transport, Skellan Island"
    assert categories.reason == "the item's categories (feed metadata)"


def test_atom_entries_language_and_no_summary() -> None:
    reading = read_feed(ATOM.read_text(encoding="utf-8"), origin=str(ATOM))
    first, second = reading.articles
    assert first.lang == second.lang == "fr"
    assert first.published == "2026-03-18T05:45:00Z"
    assert first.extra == {"guid": "tag:gazette-saint-aubin.example,2026:article-1187"}
    assert [s.kind for s in first.segments][:3] == ["headline", "standfirst", "body"]
    assert "subheading" in [s.kind for s in first.segments]
    # No <summary>: feedparser's stand-in (the content itself) is not taken as a standfirst.
    assert [s.kind for s in second.segments] == ["headline", "body", "body"]


def test_summary_repeating_the_text_is_kept_excluded() -> None:
    text = rss(item("Bridge closes", "https://courier.example/b",
                    "<p>The Merrow bridge closes on Monday for three weeks of repairs.</p>",
                    description="The Merrow bridge closes on Monday [&#8230;]"))
    seg = read_feed(text).articles[0].segments[1]
    assert seg.kind == "standfirst" and not seg.included
    assert "repeating the start" in str(seg.reason)


@pytest.mark.parametrize("name", ["feed.xml", "feed.rss", "feed", "news.atom"])
def test_feeds_are_sniffed(name: str) -> None:
    for path in (RSS, ATOM):
        assert sniff_format(path.read_text(encoding="utf-8"), name) == "feed"
    assert sniff_format("<rss version='2.0'><channel/></rss>", "x", "application/rss+xml") == "feed"


def test_not_a_feed_is_refused() -> None:
    with pytest.raises(SourceError, match="not an RSS or Atom feed"):
        read_feed("<?xml version='1.0'?><catalog><book>x</book></catalog>", origin="books.xml")
    with pytest.raises(SourceError, match="no items"):
        read_feed(rss(), origin="empty.xml")


def test_a_feed_string_that_looks_like_a_url_is_not_fetched() -> None:
    with pytest.raises(SourceError, match="not an RSS or Atom feed"):
        read_feed("http://127.0.0.1:9/feed.xml", origin="x")


def test_pull_a_feed_gives_one_article_per_item(run: Invoke, workspace: Path) -> None:
    result = run("pull", str(RSS))
    assert result.exit_code == 0, result.output
    assert {line.split(":")[0].split()[1] for line in result.output.splitlines()} == SLUGS
    data = json.loads(run("show", FERRY, "--json").output)
    assert data["format"] == "feed"
    assert data["lang"] == "en"
    assert data["ids"] == {"guid": "https://harbourside-courier.example/?p=4821"}
    assert data["title"] == "Ferry service to Skellan Island resumes after storm repairs"
    for slug in SLUGS:
        assert (workspace / "catalogs" / f"{slug}.pot").is_file()


def test_slug_with_a_feed_of_several_items_is_refused(run: Invoke, workspace: Path) -> None:
    result = run("pull", str(RSS), "--slug", "one")
    assert result.exit_code == 2
    assert "holds 3" in result.output
    assert not (workspace / "catalogs").exists() or not any((workspace / "catalogs").iterdir())


def test_items_with_only_a_link_are_reported_exit_3(run: Invoke, workspace: Path,
                                                     tmp_path: Path) -> None:
    feed = tmp_path / "mixed.xml"
    feed.write_text(rss(FULL, LINK_ONLY), encoding="utf-8")
    result = run("pull", str(feed))
    assert result.exit_code == 3, result.output
    assert "pulled bridge-closes-for-repairs" in result.output
    assert "item 2 (Harbour fees rise) not pulled: no full text in the feed" in result.output
    assert "--follow" in result.output
    assert (workspace / "catalogs" / "bridge-closes-for-repairs.pot").is_file()


def test_a_feed_of_links_only_is_refused_and_writes_nothing(run: Invoke, workspace: Path,
                                                           tmp_path: Path) -> None:
    feed = tmp_path / "links.xml"
    feed.write_text(rss(LINK_ONLY), encoding="utf-8")
    result = run("pull", str(feed))
    assert result.exit_code == 2, result.output
    assert "no article in this feed document: item 1 (Harbour fees rise)" in result.output
    assert "--follow" in result.output
    assert not (workspace / "catalogs").exists() or not any((workspace / "catalogs").iterdir())


PAGE = (EXAMPLES / "html-wildfire.html").read_bytes()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        routes = {"/news/wildfire.html": (PAGE, "text/html; charset=utf-8"),
                  "/feed/": (RSS.read_bytes(), "application/rss+xml; charset=UTF-8")}
        found = self.path in routes
        body, ctype = routes.get(self.path, (b"<p>not found</p>", "text/html"))
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_follow_reads_the_linked_page(run: Invoke, workspace: Path, tmp_path: Path,
                                      server: str) -> None:
    feed = tmp_path / "links.xml"
    feed.write_text(rss(FULL, item("Wildfire", f"{server}/news/wildfire.html")), encoding="utf-8")
    result = run("pull", str(feed), "--follow")
    assert result.exit_code == 0, result.output
    pulled = sorted(line.split(":")[0].split()[1] for line in result.output.splitlines())
    assert len(pulled) == 2 and "bridge-closes-for-repairs" in pulled
    other = next(p for p in pulled if p != "bridge-closes-for-repairs")
    data = json.loads(run("show", other, "--json").output)
    assert data["format"] == "html"
    assert data["source"] == f"{server}/news/wildfire.html"


def test_follow_of_a_missing_page_stops_the_pull(run: Invoke, workspace: Path, tmp_path: Path,
                                                 server: str) -> None:
    feed = tmp_path / "links.xml"
    feed.write_text(rss(FULL, item("Gone", f"{server}/gone")), encoding="utf-8")
    result = run("pull", str(feed), "--follow")
    assert result.exit_code == 2, result.output
    assert "404" in result.output
    assert not (workspace / "catalogs").exists() or not any((workspace / "catalogs").iterdir())


def test_every_article_of_read_articles_has_text() -> None:
    text = rss(item("Empty", "", "<p> </p><script>x()</script>"), FULL)
    reading = read_articles(text, fmt="feed", origin="f.xml")
    assert [a.title for a in reading.articles] == ["Bridge closes for repairs"]
    assert [(s.where, s.reason) for s in reading.skipped] == [
        ("article 1", "no body text (a headline, a summary or a caption only)")]


def test_pull_a_feed_by_url(run: Invoke, workspace: Path, server: str) -> None:
    result = run("pull", f"{server}/feed/")
    assert result.exit_code == 0, result.output
    assert {line.split(":")[0].split()[1] for line in result.output.splitlines()} == SLUGS
    data = json.loads(run("show", FERRY, "--json").output)
    assert data["format"] == "feed" and data["source"] == f"{server}/feed/"


def test_items_with_the_same_title_get_slugs_from_their_ids(run: Invoke, workspace: Path,
                                                           tmp_path: Path) -> None:
    def live(guid: str, text: str) -> str:
        return (f"<item><title>Live updates</title><guid>{guid}</guid>"
                f"<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded></item>")

    feed = tmp_path / "live.xml"
    feed.write_text(rss(live("g-1", "The bridge reopens at noon, the council said on Monday."),
                        live("g-2", "Ferries are cancelled all afternoon because of the wind.")),
                    encoding="utf-8")
    first = run("pull", str(feed))
    assert first.exit_code == 0, first.output
    slugs = [line.split(":")[0].split()[1] for line in first.output.splitlines()]
    assert len(set(slugs)) == 2 and all(s.startswith("live-updates-") for s in slugs)
    again = run("pull", str(feed))
    assert [line.split(":")[0].split()[1] for line in again.output.splitlines()] == slugs
    assert all(line.startswith("updated") for line in again.output.splitlines())
