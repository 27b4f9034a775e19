"""The HTTP side of a request, whatever its route: reading it, checking it, answering it.

:class:`RequestHandler` sends every answer with its length and safe headers (and the CORS
header when asked), turns an :class:`HttpError` into a plain-text 4xx/5xx answer and
anything else into a 500 without a stack trace, serves only the server's own host names
(DNS rebinding), refuses cross-site POSTs, and reads a request body only with one
Content-Length under the limit, within the body timeout. Which method answers a path is
the routes' business (:mod:`relocgraph.web.routes`).
"""

from __future__ import annotations

import re
import socket
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from relocgraph.store.sandbox import Reply
from relocgraph.web.server import RelocgraphServer


def host_name(value: str) -> str:
    """The name part of a ``Host`` header or an origin's authority, lower case.

    >>> host_name("[::1]:8000"), host_name("LocalHost:80"), host_name("example.org")
    ('[::1]', 'localhost', 'example.org')
    """
    value = value.strip().lower()
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class HttpError(Exception):
    """An answer with a 4xx/5xx status, a plain-text message and extra headers."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class RequestHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 plumbing shared by every route."""

    server: RelocgraphServer
    protocol_version = "HTTP/1.1"
    server_version = "relocgraph"
    sys_version = ""
    timeout = 30  # seconds a client may take to send its request

    # -- plumbing ---------------------------------------------------------

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes: without this, Nagle's algorithm and the
        # client's delayed ACK add ~40 ms to every answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"{self.address_string()} - {format % args}\n")

    def _send(
        self,
        status: int,
        content_type: str,
        body: bytes,
        headers: dict[str, str] | None = None,
        *,
        head_only: bool = False,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        origin = self.server.config.cors_origin
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Access-Control-Expose-Headers", "X-Relocgraph-Truncated")
            self.send_header("Vary", "Origin")
        self.end_headers()
        if not head_only and self.command != "HEAD":
            self.wfile.write(body)

    def _send_reply(self, reply: Reply) -> None:
        headers = dict(reply.headers)
        headers.setdefault("Cache-Control", "no-store")
        self._send(reply.status, reply.content_type, reply.body, headers)

    def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode(), headers)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # The stdlib's own errors (bad request line, unsupported method): plain text too.
        self.close_connection = True
        try:
            self._error(code, message or HTTPStatus(code).phrase)
        except OSError:
            pass

    def _dispatch(self, method: str) -> None:
        try:
            self._check_host()
            if method == "POST":
                self._check_origin()
            self.server.check_data()
            url = urlsplit(self.path)
            route = self._route(method, url.path)
            route(parse_qs(url.query, keep_blank_values=True))
        except HttpError as e:
            self._error(e.status, e.message, e.headers)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as e:
            self.log_message("internal error on %s %s: %r", method, self.path, e)
            self._error(500, "internal server error; the server log has the details")

    def _check_host(self) -> None:
        """Serve only the names this server is meant to have: a page on another site whose
        name a DNS trick points at 127.0.0.1 (DNS rebinding) sends its own name here."""
        host = self.headers.get("Host")
        if host is None:
            return  # HTTP/1.0 without Host: no browser, so no rebinding
        if host_name(host) not in self.server.names:
            self.close_connection = True
            raise HttpError(
                421,
                "this server answers only to "
                + ", ".join(sorted(self.server.names))
                + "; start it with --allowed-host NAME to serve another host name",
            )

    def _check_origin(self) -> None:
        """Refuse POSTs sent by a page of another site (cross-site forms and scripts)."""
        origin = self.headers.get("Origin")
        if origin is None:
            return  # not sent by a browser page: curl, SPARQL clients
        if origin == self.server.config.cors_origin:
            return
        parts = urlsplit(origin)
        if parts.scheme in ("http", "https") and host_name(parts.netloc) in self.server.names:
            return
        self.close_connection = True
        raise HttpError(
            403,
            "a POST sent by a page from another site (Origin "
            + (origin if re.fullmatch(r"[\x21-\x7e]{1,200}", origin) else "not shown")
            + ") is refused; query from the server's own page, or start it with "
            "--cors-origin ORIGIN to allow that site",
        )

    def _route(self, method: str, path: str) -> Any:
        """The function answering ``method`` on ``path`` (given its query parameters)."""
        raise NotImplementedError

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._discard_body()
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_PATCH(self) -> None:
        self._discard_body()
        self._dispatch("PATCH")

    def do_OPTIONS(self) -> None:
        headers = {"Allow": "GET, HEAD, POST, OPTIONS"}
        if self.server.config.cors_origin:
            headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
            headers["Access-Control-Max-Age"] = "600"
        self._send(204, "text/plain; charset=utf-8", b"", headers)

    def _discard_body(self) -> None:
        self.close_connection = True  # the body is left unread: do not reuse the connection

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise HttpError(411, "chunked request bodies are not accepted; send a Content-Length")
        lengths = self.headers.get_all("Content-Length") or []
        if len(lengths) > 1:
            self.close_connection = True
            raise HttpError(400, "the request has more than one Content-Length header; send one")
        length_text = lengths[0] if lengths else None
        if length_text is None:
            self.close_connection = True
            raise HttpError(411, "a POST needs a Content-Length header")
        try:
            length = int(length_text)
        except ValueError as e:
            self.close_connection = True
            raise HttpError(400, "Content-Length is not a number") from e
        if length < 0:
            self.close_connection = True
            raise HttpError(400, "Content-Length is negative")
        if length > self.server.config.max_body:
            self.close_connection = True
            raise HttpError(
                413,
                f"request body of {length} bytes is over the limit of {self.server.config.max_body} bytes",
            )
        self.connection.settimeout(self.server.config.body_timeout)
        try:
            body = self.rfile.read(length)
        except TimeoutError:
            body = b""
        finally:
            self.connection.settimeout(self.timeout)
        if len(body) < length:
            self.close_connection = True
            raise HttpError(
                408,
                f"the body was shorter than its Content-Length ({length} bytes announced, "
                f"{len(body)} received within {self.server.config.body_timeout:g} s)",
            )
        return body
