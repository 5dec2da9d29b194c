"""Fetching articles over HTTP, against a local server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from presslate.i18n.errors import SourceError
from presslate.i18n.readers import fetch
from presslate.i18n.readers.fetch import fetch_url

from .conftest import EXAMPLES, Invoke

WILDFIRE = (EXAMPLES / "html-wildfire.html").read_bytes()
LATIN1 = ("<html><head><title>x</title></head><body><article><h1>Grève au port</h1><p>Les dockers "
          "ont cessé le travail lundi matin, a annoncé le syndicat des travailleurs du port.</p>"
          "</article></body></html>").encode("latin-1")

# path -> (status, headers, body)
ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
    "/news/wildfire.html": (200, {"Content-Type": "text/html; charset=utf-8"}, WILDFIRE),
    "/news/story": (200, {"Content-Type": "text/html"}, WILDFIRE),
    "/old-url": (301, {"Location": "/news/wildfire.html"}, b""),
    "/hop": (302, {"Location": "/old-url"}, b""),
    "/export.json": (200, {"Content-Type": "application/json"},
                     (EXAMPLES / "cms-export-elections.json").read_bytes()),
    "/latin1": (200, {"Content-Type": "text/html; charset=ISO-8859-1"}, LATIN1),
    "/photo.jpg": (200, {"Content-Type": "image/jpeg"}, b"\xff\xd8\xff\xe0" + b"\x00" * 64),
    "/huge": (200, {"Content-Type": "text/plain"}, b"x" * 5000),
    "/gone": (410, {"Content-Type": "text/html"}, b"<p>gone</p>"),
    "/private": (403, {"Content-Type": "text/html"}, b"<p>no</p>"),
    "/broken": (500, {"Content-Type": "text/html"}, b"<p>oops</p>"),
    "/to-ftp": (302, {"Location": "ftp://127.0.0.1/story.html"}, b""),
    "/to-file": (301, {"Location": "file:///etc/passwd"}, b""),
    "/to-data": (307, {"Location": "data:text/html,<h1>x</h1>"}, b""),
    "/via-hop-to-ftp": (302, {"Location": "/to-ftp"}, b""),
    "/to-bad-host": (302, {"Location": "http://[::1/story.html"}, b""),
    "/index-to-file.json": (302, {"Location": "file:///etc/passwd"}, b""),
}
# path -> (headers, what is sent after them) for answers cut short
RAW: dict[str, tuple[dict[str, str], bytes]] = {
    "/short": ({"Content-Type": "text/html", "Content-Length": "5000"}, WILDFIRE[:700]),
    "/chunked-short": ({"Content-Type": "text/html", "Transfer-Encoding": "chunked"},
                       b"400\r\n" + WILDFIRE[:100]),
    "/short-index.json": ({"Content-Type": "application/json", "Content-Length": "900"},
                          b'[{"from_code": "en", "to_code": "de", "links": ["http://x/'),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path in RAW:
            headers, raw = RAW[self.path]
            self.send_response(200)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(raw)
            self.wfile.flush()
            self.close_connection = True
            return
        if self.path == "/slow":
            time.sleep(1.0)
            route = ROUTES["/news/wildfire.html"]
        else:
            route = ROUTES.get(self.path, (404, {"Content-Type": "text/html"}, b"<p>not found</p>"))
        status, headers, body = route
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A threaded HTTP server on 127.0.0.1, on a free port; yields its base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_fetch_returns_bytes_type_and_name(server: str) -> None:
    source = fetch_url(f"{server}/news/wildfire.html", timeout=5)
    assert source.data == WILDFIRE
    assert source.content_type == "text/html; charset=utf-8"
    assert source.name == "wildfire.html"
    assert source.origin == f"{server}/news/wildfire.html"


def test_redirects_are_followed(server: str) -> None:
    source = fetch_url(f"{server}/hop", timeout=5)
    assert source.data == WILDFIRE
    assert source.origin == f"{server}/news/wildfire.html"


@pytest.mark.parametrize(("path", "message"), [
    ("/missing", "HTTP 404"),
    ("/gone", "HTTP 410"),
    ("/private", "HTTP 403"),
    ("/broken", "HTTP 500"),
    ("/photo.jpg", "not an article: the server sent image/jpeg"),
], ids=["404", "410", "403", "500", "image"])
def test_http_errors_name_the_url(server: str, path: str, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        fetch_url(f"{server}{path}", timeout=5)
    assert message in caught.value.message
    assert caught.value.path == f"{server}{path}"


@pytest.mark.parametrize(("path", "message"), [
    ("/to-ftp", "the server redirects to ftp://127.0.0.1/story.html, which is not an http(s) URL"),
    ("/to-file", "the server redirects to file:///etc/passwd, which is not an http(s) URL"),
    ("/to-data", "the server redirects to data:text/html,<h1>x</h1>, which is not an http(s) URL"),
    ("/via-hop-to-ftp", "the server redirects to ftp://127.0.0.1/story.html"),
    ("/to-bad-host", "the server redirects to a malformed URL: http://[::1/story.html"),
], ids=["ftp", "file", "data", "second-hop", "malformed"])
def test_redirects_only_to_http(server: str, path: str, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        fetch_url(f"{server}{path}", timeout=5)
    assert message in caught.value.message
    assert caught.value.path == f"{server}{path}"


@pytest.mark.parametrize(("path", "message"), [
    ("/short", "the server closed the connection after 700 bytes of the 5000 it announced"),
    ("/chunked-short", "the server closed the connection before the end of the body"),
], ids=["content-length", "chunked"])
def test_a_body_cut_short_is_refused(server: str, path: str, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        fetch_url(f"{server}{path}", timeout=5)
    assert message in caught.value.message
    assert caught.value.path == f"{server}{path}"


@pytest.mark.parametrize(("url", "message"), [
    ("http://[::1", "malformed URL: Invalid IPv6 URL"),
    ("http://[::1]:99999/a", "malformed URL: Port out of range"),
    ("http:///story.html", "malformed URL: no host"),
    ("http://example.org/a story.html", "malformed URL: it holds spaces"),
    ("http://example.org/a\nHost: evil", "malformed URL: it holds spaces or control characters"),
], ids=["ipv6", "port", "no-host", "space", "newline"])
def test_malformed_urls(run: Invoke, workspace: Path, url: str, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        fetch_url(url, timeout=5)
    assert message in caught.value.message and caught.value.path == url
    result = run("pull", url)
    assert result.exit_code == 2
    assert result.output.startswith(f"presslate: error: {url}: {message}")
    assert list(workspace.iterdir()) == []


@pytest.mark.parametrize("path", ["/to-file", "/short", "/chunked-short"])
def test_pull_refuses_bad_answers_and_writes_nothing(run: Invoke, server: str, workspace: Path,
                                                     path: str) -> None:
    result = run("pull", f"{server}{path}")
    assert result.exit_code == 2
    assert result.output.startswith(f"presslate: error: {server}{path}: ")
    assert len(result.output.splitlines()) == 2  # the message and its hint
    assert list(workspace.iterdir()) == []


def test_size_limit(server: str) -> None:
    with pytest.raises(SourceError, match="larger than"):
        fetch_url(f"{server}/huge", timeout=5, max_bytes=1000)
    assert len(fetch_url(f"{server}/huge", timeout=5, max_bytes=5000).data) == 5000


def test_timeout(server: str) -> None:
    with pytest.raises(SourceError) as caught:
        fetch_url(f"{server}/slow", timeout=0.2)
    assert "no answer within 0.2 seconds" in caught.value.message
    assert caught.value.path == f"{server}/slow"


def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/story"
    with pytest.raises(SourceError) as caught:
        fetch_url(url, timeout=5)
    assert caught.value.message == "connection refused"
    assert caught.value.path == url


def test_unknown_host_message() -> None:
    error = fetch._network_error("http://nowhere.invalid/", socket.gaierror(-2, "Name unknown"), 5)
    assert "unknown host" in error.message and error.path == "http://nowhere.invalid/"


def test_pull_a_url(run: Invoke, server: str, workspace: Path) -> None:
    result = run("pull", f"{server}/news/story", "--slug", "wildfire")
    assert result.exit_code == 0, result.output
    data = json.loads(run("show", "wildfire", "--json").output)
    assert data["format"] == "html"  # from the content type: the URL has no suffix
    assert data["source"] == f"{server}/news/story"
    assert data["title"] == "Wildfire forces 4,000 from homes near Carrow Ridge"
    assert (workspace / "catalogs" / "wildfire.pot").is_file()


def test_pull_json_and_declared_charset_urls(run: Invoke, server: str) -> None:
    assert run("pull", f"{server}/export.json", "--slug", "elections").exit_code == 0
    assert json.loads(run("show", "elections", "--json").output)["format"] == "json"
    assert run("pull", f"{server}/latin1", "--slug", "greve").exit_code == 0
    data = json.loads(run("show", "greve", "--json").output)
    assert data["segments"][0]["text"] == "Grève au port"


def test_pull_a_bad_url_writes_nothing(run: Invoke, server: str, workspace: Path) -> None:
    result = run("pull", f"{server}/missing")
    assert result.exit_code == 2
    assert f"{server}/missing: HTTP 404" in result.output
    assert list(workspace.iterdir()) == []


@pytest.mark.parametrize(("index", "message"), [
    ("http://[::1", "ARGOS_PACKAGE_INDEX='http://[::1' is not a usable URL (http://[::1/index.json): "
                    "malformed URL: Invalid IPv6 URL"),
    ("ftp://mirror.example/argos/", "is not a usable URL (ftp://mirror.example/argos/index.json): "
                                    "not an http(s) URL (scheme 'ftp')"),
    ("argos-index", "not an http(s) URL (scheme 'missing')"),
    ("{server}/index-to-file.json", "cannot reach the Argos package index {server}/index-to-file.json: "
                                    "the server redirects to file:///etc/passwd"),
    ("{server}/short-index.json", "cannot reach the Argos package index {server}/short-index.json: "
                                  "the server closed the connection after 58 bytes of the 900"),
], ids=["ipv6", "ftp", "no-scheme", "redirect-to-file", "cut-short"])
def test_models_download_refuses_a_bad_index(run: Invoke, server: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch, index: str,
                                             message: str) -> None:
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "pk"))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", index.format(server=server))
    result = run("models", "download", "en", "de")
    assert result.exit_code == 2, result.output
    assert result.output.startswith("presslate: error: ")
    assert message.format(server=server) in result.output.splitlines()[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "pk").exists()
