"""Fetching an article (or any file) over HTTP(S) with the standard library.

Only ``http://`` and ``https://`` URLs are fetched, and redirects are followed
(up to urllib's limit) only to such URLs: a redirect to ``ftp://``, ``file://``
or ``data:`` is refused. The body is read up to a size limit
(:data:`MAX_BYTES` for articles) and must be as long as the server's
``Content-Length`` says. Every failure (a malformed URL, an HTTP error status,
an unknown host, a refused connection, a timeout, a body cut short, too large
or not text) is a :class:`SourceError` naming the URL.
"""

from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from pathlib import PurePosixPath
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

from ... import __version__
from ..errors import SourceError
from . import MAX_BYTES, Source, size_text

SCHEMES = ("http", "https")
USER_AGENT = f"presslate/{__version__} (+article pull)"
ACCEPT_ARTICLE = ("text/html,application/xhtml+xml,application/json,text/markdown,"
                  "application/rss+xml,application/atom+xml,text/plain;q=0.9,*/*;q=0.5")
_TEXT_TYPES = ("text/", "application/json", "application/ld+json", "application/xhtml+xml",
               "application/xml", "application/markdown")


@dataclass(frozen=True)
class Response:
    """A fetched body, the URL it finally came from and its content type."""

    data: bytes
    url: str
    content_type: str


def fetch_url(url: str, *, timeout: float = 30.0, max_bytes: int = MAX_BYTES) -> Source:
    """GET an article's ``url`` (text only); raises :class:`SourceError` on any failure."""
    response = http_get(url, timeout=timeout, max_bytes=max_bytes, accept=ACCEPT_ARTICLE,
                        text_only=True)
    return Source(data=response.data, origin=response.url, name=_name_of(response.url),
                  content_type=response.content_type)


def check_url(url: str) -> None:
    """Refuse what is not a well-formed ``http(s)://host/...`` URL."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise SourceError(f"malformed URL: {exc}", path=url,
                          hint="check the URL (an IPv6 host goes in brackets: http://[::1]:8080/)"
                          ) from exc
    if parts.scheme.lower() not in SCHEMES:
        raise SourceError(f"not an http(s) URL (scheme {parts.scheme or 'missing'!r})", path=url,
                          hint="give an http:// or https:// URL, or a file's path")
    if not parts.hostname:
        raise SourceError("malformed URL: no host", path=url, hint="check the URL")
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise SourceError("malformed URL: it holds spaces or control characters", path=url,
                          hint="percent-encode them (a space is %20)")


def http_get(url: str, *, timeout: float, max_bytes: int, accept: str = "*/*",
             text_only: bool = False, user_agent: str = USER_AGENT) -> Response:
    """GET ``url``; the body must be complete and at most ``max_bytes`` long.

    Raises :class:`SourceError` naming ``url`` on any failure.
    """
    check_url(url)
    request = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": accept})
    opener = urllib.request.build_opener(_RedirectHandler(url))
    try:
        with opener.open(request, timeout=timeout) as response:
            final_url = response.geturl()
            headers: Message = response.headers
            content_type = headers.get("Content-Type", "")
            if text_only:
                _check_type(url, content_type)
            length = headers.get("Content-Length", "").strip()
            expected = int(length) if length.isdigit() else None
            if expected is not None and expected > max_bytes:
                raise _too_big(url, max_bytes)
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        exc.close()  # the error holds the open response
        raise SourceError(f"HTTP {exc.code} {exc.reason}", path=url,
                          hint=_HTTP_HINTS.get(exc.code, "check the URL")) from exc
    except urllib.error.URLError as exc:
        raise _network_error(url, exc.reason, timeout) from exc
    except http.client.IncompleteRead as exc:
        raise _cut_short(url) from exc
    except http.client.HTTPException as exc:  # a malformed answer: bad status line, header
        raise SourceError(f"the server's answer is malformed ({type(exc).__name__}: {exc})",
                          path=url, hint="check the URL; the server may not speak HTTP") from exc
    except OSError as exc:  # TimeoutError and connection errors included
        raise _network_error(url, exc, timeout) from exc
    except ValueError as exc:  # a URL urllib cannot use
        raise SourceError(f"malformed URL: {exc}", path=url, hint="check the URL") from exc
    if len(data) > max_bytes:
        raise _too_big(url, max_bytes)
    if expected is not None and len(data) < expected:
        raise _cut_short(url, len(data), expected)
    return Response(data=data, url=final_url, content_type=content_type)


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """urllib's redirects, refused when they lead anywhere but an http(s) URL."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def http_error_302(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                       headers: http.client.HTTPMessage) -> Any:
        location = headers.get("Location") or headers.get("URI")
        if location:
            try:
                target = urljoin(req.full_url, location)
                scheme = urlsplit(target).scheme.lower()
            except ValueError:
                fp.close()
                raise SourceError(f"the server redirects to a malformed URL: {location}",
                                  path=self.url, hint="check the URL") from None
            if scheme not in SCHEMES:
                fp.close()
                raise SourceError(f"the server redirects to {target}, which is not an http(s) URL",
                                  path=self.url, hint="presslate follows redirects only to "
                                  "http:// and https:// URLs; check the URL")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


_HTTP_HINTS = {
    401: "the page needs a login; save it from a browser and pull the file",
    403: "the server refuses presslate; save the page from a browser and pull the file",
    404: "check the URL",
    429: "the server asks to slow down; try again later",
}


def _check_type(url: str, content_type: str) -> None:
    ctype = content_type.split(";", 1)[0].strip().lower()
    if ctype and not (ctype.startswith(_TEXT_TYPES) or ctype.endswith(("+json", "+xml"))):
        raise SourceError(f"not an article: the server sent {ctype}", path=url,
                          hint="give the URL of the article's page (HTML, JSON, Markdown or text)")


def _too_big(url: str, max_bytes: int) -> SourceError:
    return SourceError(f"the page is larger than {size_text(max_bytes)}", path=url,
                       hint="save the article and pull the file")


def _cut_short(url: str, got: int | None = None, expected: int | None = None) -> SourceError:
    when = (f"after {got} bytes of the {expected} it announced" if got is not None
            else "before the end of the body")
    return SourceError(f"the server closed the connection {when} (the body is incomplete)",
                       path=url, hint="try again later")


def _network_error(url: str, reason: object, timeout: float) -> SourceError:
    if isinstance(reason, TimeoutError | socket.timeout):
        return SourceError(f"no answer within {timeout:g} seconds", path=url,
                           hint="try again, or pass a longer --timeout")
    if isinstance(reason, socket.gaierror):
        return SourceError("unknown host (the name does not resolve)", path=url,
                           hint="check the URL and your network")
    if isinstance(reason, ConnectionRefusedError):
        return SourceError("connection refused", path=url, hint="check the URL and port")
    detail = getattr(reason, "strerror", None) or str(reason)
    return SourceError(f"cannot fetch: {detail}", path=url, hint="check the URL and your network")


def _name_of(url: str) -> str:
    """The last part of the URL's path (``story.html``), or ``index`` for ``/``."""
    name = PurePosixPath(urlsplit(url).path).name
    return name or "index"
