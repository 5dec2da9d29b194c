"""Fetching an article over HTTP(S) with the standard library.

Redirects are followed (up to urllib's limit), the body is read up to
:data:`MAX_BYTES`, and every failure (HTTP error status, unknown host,
refused connection, timeout, a body that is not text) is a
:class:`SourceError` naming the URL.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from email.message import Message
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from ... import __version__
from ..errors import SourceError
from . import Source

MAX_BYTES = 10 * 1024 * 1024
USER_AGENT = f"presslate/{__version__} (+article pull)"
_TEXT_TYPES = ("text/", "application/json", "application/ld+json", "application/xhtml+xml",
               "application/xml", "application/markdown")


def fetch_url(url: str, *, timeout: float = 30.0, max_bytes: int = MAX_BYTES) -> Source:
    """GET ``url`` and return its body; raises :class:`SourceError` on any failure."""
    request = urllib.request.Request(url, headers={
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml,application/json,text/markdown,text/plain;q=0.9,"
                  "*/*;q=0.5",
    })
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            final_url = response.geturl()
            headers: Message = response.headers
            content_type = headers.get("Content-Type", "")
            _check_type(url, content_type)
            length = headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise _too_big(url, max_bytes)
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        exc.close()  # the error holds the open response
        raise SourceError(f"HTTP {exc.code} {exc.reason}", path=url,
                          hint=_HTTP_HINTS.get(exc.code, "check the URL")) from exc
    except urllib.error.URLError as exc:
        raise _network_error(url, exc.reason, timeout) from exc
    except TimeoutError as exc:
        raise _network_error(url, exc, timeout) from exc
    except OSError as exc:
        raise _network_error(url, exc, timeout) from exc
    except ValueError as exc:  # a malformed URL
        raise SourceError(f"bad URL: {exc}", path=url) from exc
    if len(data) > max_bytes:
        raise _too_big(url, max_bytes)
    return Source(data=data, origin=final_url, name=_name_of(final_url), content_type=content_type)


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
    return SourceError(f"the page is larger than {max_bytes // (1024 * 1024)} MB", path=url,
                       hint="save the article and pull the file")


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
