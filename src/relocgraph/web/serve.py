"""A local, read-only SPARQL 1.1 endpoint with a query page and entity pages.

Routes:

- ``/sparql`` — the SPARQL 1.1 Protocol: ``GET ?query=``, ``POST`` form-encoded or
  ``application/sparql-query``; content negotiation through :mod:`relocgraph.model.formats`
  (``?format=csv`` overrides ``Accept``); the service description (Turtle) on a GET
  without a query. Updates, ``SERVICE`` and external ``FROM`` are refused
  (:mod:`relocgraph.store.guard`), every query runs in a killable worker process
  (:mod:`relocgraph.store.sandbox`).
- ``/`` — the query page; ``/queries.json`` the named queries; ``/query/NAME`` runs
  a named query with its parameters from the URL.
- ``/id/…`` — one page per entity: HTML for browsers, Turtle / N-Triples / JSON-LD for
  RDF clients, with every statement about the entity and its evidence.
- ``/graph`` — the interactive graph page (``build/graph.html``) when it exists.

The server binds 127.0.0.1 by default, sends no CORS header unless asked, caps request
bodies, escapes every text it puts in a page, and answers errors as plain text with
the right 4xx/5xx status, never a stack trace.
"""

from __future__ import annotations

import json
import math
import os
import re
import socket
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import asdict, dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from relocgraph.model.errors import ParameterError, QueryError, ServeError
from relocgraph.store.sandbox import (
    DEFAULT_MAX_ROWS,
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    Reply,
    WorkerPool,
)
from relocgraph.web.pages import (
    Pages,
    add_notes,
    empty_graph,
    pick_label,
    prefers_html,
    service_description,
)

#: Largest request body accepted (bytes); larger ones get 413.
DEFAULT_MAX_BODY = 256 * 1024
#: Default wall-clock limit for ad-hoc queries on /sparql, in seconds (lower than the
#: named queries' limit: anyone can send a costly ad-hoc query).
DEFAULT_QUERY_TIMEOUT = 5.0
_ENTITY_PATH = re.compile(r"^[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*$")
_CSP_PAGE = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'"
)
# The viz page is generated with inline scripts; it may still load nothing from elsewhere.
_CSP_GRAPH = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'none'; "
    "frame-ancestors 'none'"
)
#: Editor assets served from the npm package installed in web/node_modules (make setup).
_ASSETS = {
    "codemirror.js": ("codemirror/lib/codemirror.js", "text/javascript"),
    "codemirror.css": ("codemirror/lib/codemirror.css", "text/css"),
    "sparql.js": ("codemirror/mode/sparql/sparql.js", "text/javascript"),
}
_STATIC_TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}


@dataclass
class ServerConfig:
    """Options of :func:`make_server` (the CLI's ``serve`` options)."""

    data_path: Path = Path("build/relocgraph.trig")
    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    memory_mb: int = DEFAULT_MEMORY_MB
    workers: int = 4
    max_body: int = DEFAULT_MAX_BODY
    cors_origin: str | None = None
    graph_page: Path | None = None
    assets_dir: Path | None = None
    #: Host names served besides localhost, 127.0.0.1 and [::1] (``--allowed-host``).
    allowed_hosts: tuple[str, ...] = ()
    #: Wall-clock limit for ad-hoc queries on /sparql (named queries and pages get ``timeout``).
    query_timeout: float = DEFAULT_QUERY_TIMEOUT
    #: Queries one client (remote address) may run at once.
    per_client: int = 2
    #: Requests that may wait for a worker (None: four times the workers); more get 503 at once.
    queue: int | None = None
    #: Seconds a request may wait in the queue before it gets 503.
    queue_wait: float = 2.0
    #: Seconds a client may take to send the body it announced (then 408).
    body_timeout: float = 5.0

    def served_names(self) -> frozenset[str]:
        """Host names (lower case, IPv6 in brackets) this server answers to."""
        names = {"localhost", "127.0.0.1", "[::1]"}
        names |= {_bracket(h.lower()) for h in self.allowed_hosts}
        if self.host not in ("0.0.0.0", "::", ""):
            names.add(_bracket(self.host.lower()))
        return frozenset(names)


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def host_name(value: str) -> str:
    """The name part of a ``Host`` header or an origin's authority, lower case.

    >>> host_name("[::1]:8000"), host_name("LocalHost:80"), host_name("example.org")
    ('[::1]', 'localhost', 'example.org')
    """
    value = value.strip().lower()
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def find_assets_dir() -> Path | None:
    """The ``node_modules`` folder holding the editor's npm package, if installed.

    Looks in ``$RELOCGRAPH_WEB_ASSETS``, then ``web/node_modules`` of a source checkout,
    then ``relocgraph/web/vendor`` (the copy ``make web-assets`` puts in the wheel).
    Without any, the query page falls back to a plain text box.
    """

    candidates = [os.environ.get("RELOCGRAPH_WEB_ASSETS", "")]
    candidates.append(str(Path(__file__).resolve().parents[3] / "web" / "node_modules"))
    candidates.append(str(Path(__file__).resolve().parent / "vendor"))
    for candidate in candidates:
        if candidate and (Path(candidate) / _ASSETS["codemirror.js"][0]).is_file():
            return Path(candidate)
    return None


class _HttpError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


#: Named-query and entity answers kept per data version (entries).
CACHE_SIZE = 512
#: How often (seconds) the server looks whether the build changed under it.
RELOAD_CHECK = 1.0


def data_version(data_path: Path) -> tuple[int, ...]:
    """What changes when the build is rewritten: the store manifest's identity and time
    (the store folder is replaced as a whole), else the data file's."""
    from relocgraph.pipeline.persist import MANIFEST, STORE_DIR

    store = data_path if (data_path / MANIFEST).is_file() else data_path.parent / STORE_DIR
    # The build writes its files first and switches the store in last: its manifest
    # changing is the moment the new data is whole.
    target = store / MANIFEST if (store / MANIFEST).is_file() else data_path
    try:
        st = target.stat()
    except OSError:
        return (0,)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class RelocgraphServer(ThreadingHTTPServer):
    """The HTTP server: a thread per connection, queries in the worker pool, answers of
    named queries and entity pages cached per data version."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # the stdlib's 5 overflowed under 64 clients

    def __init__(self, config: ServerConfig, pool: WorkerPool) -> None:
        from relocgraph.web.admission import Admission

        self.config = config
        self.pool = pool
        self.names = config.served_names()
        self.admission = Admission(
            pool.size, per_client=config.per_client, queue=config.queue, wait=config.queue_wait
        )
        self.pages = Pages()
        self.version = data_version(config.data_path)
        self.stale = ""  # why the server can no longer answer (the build changed), if it cannot
        self._checked = time.monotonic()
        self._cache: OrderedDict[Any, Reply] = OrderedDict()
        self._cache_lock = threading.Lock()
        super().__init__((config.host, config.port), _Handler)

    def check_data(self) -> None:
        """At most once a second: when the build changed, drop the cache and let fresh
        workers open the new store; if the data was loaded in memory (no store), refuse."""
        now = time.monotonic()
        if now - self._checked < RELOAD_CHECK:
            return
        self._checked = now
        version = data_version(self.config.data_path)
        if version == self.version:
            return
        with self._cache_lock:
            if version == self.version:
                return
            self.version = version
            self._cache.clear()
        if self.pool.reload():
            self.stale = ""
        else:
            self.stale = (
                f"the build changed under the server ({self.config.data_path}) and it holds the "
                "old data in memory; restart `relocgraph serve` (a build with its Oxigraph store "
                "reloads by itself)"
            )

    def cached_run(self, key: Any, request: dict[str, Any], run: Any) -> Reply:
        """Answer ``request`` with ``run`` (the pool, behind admission), or from the cache
        for this data version."""
        key = (self.version, key)
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return Reply(hit.status, hit.content_type, hit.body, dict(hit.headers))
        reply = run(request)
        if reply.status == 200:
            with self._cache_lock:
                self._cache[key] = Reply(reply.status, reply.content_type, reply.body, dict(reply.headers))
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return reply

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        return f"http://{host}:{port}/"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


def make_server(config: ServerConfig) -> RelocgraphServer:
    """Start the query workers and bind the server (not yet serving).

    ``config.data_path`` is the built ``.nq``/``.trig`` (its Oxigraph store beside it is
    what the workers query) or the store folder itself.

    >>> import tempfile
    >>> from relocgraph.pipeline.run import build_all
    >>> data = build_all(".", tempfile.mkdtemp(), reason=False).paths["nquads"]
    >>> server = make_server(ServerConfig(data_path=data, port=0, workers=1))
    >>> server.url.startswith("http://127.0.0.1:")
    True
    >>> server.server_close()
    """
    pool = WorkerPool(
        config.data_path,
        size=config.workers,
        timeout=config.timeout,
        max_rows=config.max_rows,
        memory_mb=config.memory_mb,
    ).start()
    try:
        return RelocgraphServer(config, pool)
    except OSError as e:
        pool.close()
        raise ServeError(
            f"cannot listen on {config.host}:{config.port}: {e.strerror}; choose another --port"
        ) from e


def serve(config: ServerConfig, *, ready: Any = None) -> None:
    """Serve until interrupted. ``ready(url)`` is called once the server listens."""
    server = make_server(config)
    try:
        if ready is not None:
            ready(server.url)
        server.serve_forever(poll_interval=0.5)
    finally:
        server.server_close()


# ---------------------------------------------------------------------------
# The request handler
# ---------------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
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
        except _HttpError as e:
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
            raise _HttpError(
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
        raise _HttpError(
            403,
            "a POST sent by a page from another site (Origin "
            + (origin if re.fullmatch(r"[\x21-\x7e]{1,200}", origin) else "not shown")
            + ") is refused; query from the server's own page, or start it with "
            "--cors-origin ORIGIN to allow that site",
        )

    def _route(self, method: str, path: str) -> Any:
        if path == "/sparql":
            if method in ("GET", "HEAD"):
                return self._sparql_get
            if method == "POST":
                return self._sparql_post
            raise _HttpError(
                405,
                f"{method} is not allowed on /sparql; use GET or POST",
                {"Allow": "GET, HEAD, POST, OPTIONS"},
            )
        if method not in ("GET", "HEAD"):
            raise _HttpError(
                405,
                f"{method} is not allowed on {path}; this server is read-only",
                {"Allow": "GET, HEAD, OPTIONS"},
            )
        exact = {
            "/": self._query_page,
            "/index.html": self._query_page,
            "/favicon.ico": lambda params: self._send(204, "image/x-icon", b""),
            "/queries.json": self._queries_json,
            "/graph": self._graph_page,
            "/graph.html": self._graph_page,
        }
        if path in exact:
            return exact[path]
        prefixed = {
            "/query/": lambda rest: lambda params: self._named_query(rest, params),
            "/id/": lambda rest: lambda params: self._entity(rest, params),
            "/static/": lambda rest: lambda params: self._static(rest),
            "/assets/": lambda rest: lambda params: self._asset(rest),
        }
        for prefix, handler in prefixed.items():
            if path.startswith(prefix):
                return handler(path[len(prefix) :])
        raise _HttpError(404, f"nothing at {path}; try / (query page) or /sparql")

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
            raise _HttpError(411, "chunked request bodies are not accepted; send a Content-Length")
        lengths = self.headers.get_all("Content-Length") or []
        if len(lengths) > 1:
            self.close_connection = True
            raise _HttpError(400, "the request has more than one Content-Length header; send one")
        length_text = lengths[0] if lengths else None
        if length_text is None:
            self.close_connection = True
            raise _HttpError(411, "a POST needs a Content-Length header")
        try:
            length = int(length_text)
        except ValueError as e:
            self.close_connection = True
            raise _HttpError(400, "Content-Length is not a number") from e
        if length < 0:
            self.close_connection = True
            raise _HttpError(400, "Content-Length is negative")
        if length > self.server.config.max_body:
            self.close_connection = True
            raise _HttpError(
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
            raise _HttpError(
                408,
                f"the body was shorter than its Content-Length ({length} bytes announced, "
                f"{len(body)} received within {self.server.config.body_timeout:g} s)",
            )
        return body

    # -- SPARQL protocol ----------------------------------------------------

    def _sparql_get(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            raise _HttpError(403, "SPARQL Update is refused: this endpoint is read-only")
        if "query" not in params:
            host = self.headers.get("Host", "")
            if not re.fullmatch(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:]+\](:[0-9]{1,5})?", host):
                host = self.server.url[len("http://") : -1]  # absent or not a host name
            base = f"http://{host}/"
            body = service_description(base, self.server.pool.graphs)
            self._send(200, "text/turtle; charset=utf-8", body)
            return
        self._run_protocol(params)

    def _sparql_post(self, params: dict[str, list[str]]) -> None:
        body = self._read_body()
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError as e:
                raise _HttpError(400, "the form body is not UTF-8") from e
            form = parse_qs(text, keep_blank_values=True)
            if "update" in form:
                raise _HttpError(403, "SPARQL Update is refused: this endpoint is read-only")
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif ctype == "application/sparql-query":
            if "query" in params:
                raise _HttpError(
                    400,
                    "a POST with application/sparql-query carries the query in its body, not also in the URL",
                )
            try:
                params["query"] = [body.decode("utf-8")]
            except UnicodeDecodeError as e:
                raise _HttpError(400, "the query body is not UTF-8") from e
        elif ctype == "application/sparql-update":
            raise _HttpError(403, "SPARQL Update is refused: this endpoint is read-only")
        else:
            raise _HttpError(
                415,
                f"unsupported Content-Type {ctype or '(none)'!r}; use "
                "application/x-www-form-urlencoded or "
                "application/sparql-query",
            )
        if "query" not in params:
            raise _HttpError(400, "no query: send a 'query' form field or an application/sparql-query body")
        self._run_protocol(params)

    def _run_protocol(self, params: dict[str, list[str]]) -> None:
        queries = params.get("query", [])
        if len(queries) != 1:
            raise _HttpError(400, "give exactly one 'query' parameter")
        request = {
            "query": queries[0],
            "accept": self.headers.get("Accept", ""),
            "format": (params.get("format") or params.get("output") or [""])[0],
            "default_graph_uri": params.get("default-graph-uri", []),
            "named_graph_uri": params.get("named-graph-uri", []),
        }
        self._send_reply(self._run(request, ad_hoc=True))

    def _run(self, request: dict[str, Any], cache_key: Any = None, *, ad_hoc: bool = False) -> Reply:
        """Answer a query in the pool (from the cache when ``cache_key`` is given), once
        the admission lets this client have a worker."""
        from relocgraph.web.admission import Refused

        if self.server.stale:
            raise _HttpError(503, self.server.stale)
        config = self.server.config
        timeout = min(config.query_timeout, config.timeout) if ad_hoc else config.timeout

        def run(request: dict[str, Any]) -> Reply:
            try:
                ticket = self.server.admission.enter(self.client_address[0])
            except Refused as e:
                raise _HttpError(e.status, e.message, {"Retry-After": str(e.retry_after)}) from e
            admission = self.server.admission
            try:
                reply = self.server.pool.run(
                    request,
                    timeout=timeout,
                    low_priority=ticket.heavy,
                    on_start=lambda stop: admission.bind(ticket, stop),
                )
            finally:
                admission.leave(ticket)
            if ticket.preempted:
                raise _HttpError(
                    503,
                    f"query stopped after {time.monotonic() - ticket.started:.1f} s to let other "
                    "clients in: your recent queries have kept the workers busy; try again later "
                    "or make the query cheaper",
                    {"Retry-After": str(max(1, math.ceil(self.server.config.queue_wait)))},
                )
            return reply

        if cache_key is None:
            return run(request)
        return self.server.cached_run(cache_key, request, run)

    # -- pages ------------------------------------------------------------

    def _page(self, body: bytes, status: int = 200) -> None:
        self._send(
            status,
            "text/html; charset=utf-8",
            body,
            {"Content-Security-Policy": _CSP_PAGE, "Cache-Control": "no-store"},
        )

    def _query_page(self, params: dict[str, list[str]]) -> None:
        pages = self.server.pages
        self._page(
            pages.render(
                "query.html",
                queries=pages.queries,
                prefixes=pages.prefixes,
                editor=self.server.config.assets_dir is not None,
                graph_page=self._graph_file() is not None,
                max_rows=self.server.config.max_rows,
                timeout=self.server.config.timeout,
            )
        )

    def _queries_json(self, params: dict[str, list[str]]) -> None:
        data = [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "parameters": [{"name": p.name, "description": p.description} for p in q.parameters],
                "text": q.text,
            }
            for q in self.server.pages.queries
        ]
        self._send(
            200,
            "application/json; charset=utf-8",
            json.dumps(data, ensure_ascii=False, indent=1).encode(),
        )

    def _named_query(self, name: str, params: dict[str, list[str]]) -> None:
        from relocgraph.store.catalogue import get_query
        from relocgraph.store.terms import parse_param

        try:
            named = get_query(name)
        except QueryError as e:
            raise _HttpError(404, str(e)) from e
        bindings = {}
        for param in named.parameters:
            values = params.get(param.name)
            if not values or not values[0].strip():
                if param.optional:
                    continue  # the query reads an unbound variable as "any"
                raise _HttpError(
                    400, f"query {name!r} needs the parameter {param.name!r}: {param.description}"
                )
            try:
                bindings[param.name] = asdict(parse_param(values[0]))
            except ParameterError as e:
                raise _HttpError(400, f"parameter {param.name!r}: {e}") from e
        request = {
            "query": named.text,
            "accept": self.headers.get("Accept", ""),
            "format": (params.get("format") or [""])[0],
            "bindings": bindings,
        }
        key = ("named", name, json.dumps(bindings, sort_keys=True), request["accept"], request["format"])
        reply = self._run(request, key)
        if reply.status == 200 and "format" in params:
            from relocgraph.model.formats import Format

            fmt = Format.from_name(params["format"][0])
            ext = fmt.extension if fmt else "txt"
            reply.headers["Content-Disposition"] = f'attachment; filename="{name}.{ext}"'
        self._send_reply(reply)

    def _entity(self, local: str, params: dict[str, list[str]]) -> None:
        from relocgraph.model.formats import Format, negotiate
        from relocgraph.model.prefixes import PREFIXES
        from relocgraph.store.catalogue import get_query, serve_query
        from relocgraph.store.terms import iri as iri_term

        if not _ENTITY_PATH.match(local) or {".", ".."} & set(local.split("/")):
            raise _HttpError(400, f"not an entity path: /id/{quote(local)}")
        iri = PREFIXES["id"] + local
        entity = {"entity": asdict(iri_term(iri))}
        accept = self.headers.get("Accept", "")
        wanted = (params.get("format") or [""])[0]
        wants_html = wanted == "html" or (not wanted and prefers_html(accept))
        if not wants_html:
            fmt = Format.from_name(wanted, "CONSTRUCT") if wanted else negotiate(accept, "CONSTRUCT")
            if fmt is None or "CONSTRUCT" not in fmt.forms:
                raise _HttpError(
                    406,
                    "entity pages come as text/html, text/turtle, "
                    "application/n-triples or application/ld+json",
                )
            reply = self._run(
                {"query": serve_query("entity-description"), "format": fmt.value, "bindings": entity},
                ("entity-description", iri, fmt.value),
            )
            if reply.status == 200 and empty_graph(reply.body, fmt):
                raise _HttpError(404, f"no statement about <{iri}> in this dataset")
            reply.headers["Vary"] = "Accept"
            self._send_reply(reply)
            return
        triples = self._select(serve_query("entity-triples"), entity, "entity-triples")
        if not triples:
            self._page(
                self.server.pages.render(
                    "error.html",
                    status=404,
                    message=f"No statement about {iri} here.",
                    graph_page=self._graph_file() is not None,
                ),
                status=404,
            )
            return
        statements = self._select(get_query("statements-about").text, entity, "statements-about")
        # verdicts of the checks of this statement against reference data (graph:checks)
        checks = self._select(get_query("checks").text, {"claim": entity["entity"]}, "checks")
        add_notes(statements, self._select(serve_query("statement-notes"), entity, "statement-notes"))
        self._page(
            self.server.pages.render(
                "entity.html",
                iri=str(iri),
                triples=triples,
                statements=statements,
                checks=checks,
                label=pick_label(triples),
                types=[
                    t["other"] for t in triples if t["direction"] == "out" and t["property"].endswith("#type")
                ],
                graph_page=self._graph_file() is not None,
            )
        )

    def _select(self, text: str, bindings: dict[str, Any], name: str) -> list[dict[str, str]]:
        key = ("select", name, json.dumps(bindings, sort_keys=True))
        reply = self._run({"query": text, "format": "json", "bindings": bindings}, key)
        if reply.status != 200:
            raise _HttpError(reply.status, reply.body.decode("utf-8", "replace"))
        data = json.loads(reply.body)
        rows = []
        for binding in data["results"]["bindings"]:
            row = {k: v["value"] for k, v in binding.items()}
            row.update({k + "@lang": v["xml:lang"] for k, v in binding.items() if "xml:lang" in v})
            row.update({k + "@type": v["type"] for k, v in binding.items()})
            rows.append(row)
        return rows

    def _graph_file(self) -> Path | None:
        config = self.server.config
        path = config.graph_page or config.data_path.parent / "graph.html"
        return path if path.is_file() else None

    def _graph_page(self, params: dict[str, list[str]]) -> None:
        path = self._graph_file()
        if path is None:
            raise _HttpError(
                404,
                "no graph page yet: run `relocgraph viz` to write build/graph.html, then reload",
            )
        self._send(
            200,
            "text/html; charset=utf-8",
            path.read_bytes(),
            {"Content-Security-Policy": _CSP_GRAPH, "Cache-Control": "no-store"},
        )

    def _static(self, name: str) -> None:
        if not re.fullmatch(r"[a-z0-9-]+\.(js|css|svg)", name):
            raise _HttpError(404, f"no static file {name!r}")
        entry = resources.files("relocgraph.web").joinpath("static", name)
        if not entry.is_file():
            raise _HttpError(404, f"no static file {name!r}")
        self._send(
            200,
            _STATIC_TYPES[Path(name).suffix] + "; charset=utf-8",
            entry.read_bytes(),
            {"Cache-Control": "max-age=300"},
        )

    def _asset(self, name: str) -> None:
        assets = self.server.config.assets_dir
        if name not in _ASSETS or assets is None:
            raise _HttpError(404, f"no asset {name!r} (install the editor with `make setup`)")
        relative, ctype = _ASSETS[name]
        self._send(
            200,
            ctype + "; charset=utf-8",
            (assets / relative).read_bytes(),
            {"Cache-Control": "max-age=3600"},
        )
