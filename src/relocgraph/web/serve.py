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
import re
import socket
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from relocgraph.model.errors import QueryError, ServeError
from relocgraph.store.sandbox import (
    DEFAULT_MAX_ROWS,
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    Reply,
    WorkerPool,
)

#: Largest request body accepted (bytes); larger ones get 413.
DEFAULT_MAX_BODY = 256 * 1024
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


def find_assets_dir() -> Path | None:
    """The ``node_modules`` folder holding the editor's npm package, if installed.

    Looks in ``$RELOCGRAPH_WEB_ASSETS``, then ``web/node_modules`` of a source checkout,
    then ``relocgraph/web/vendor`` (the copy ``make web-assets`` puts in the wheel).
    Without any, the query page falls back to a plain text box.
    """
    import os

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


class RelocgraphServer(ThreadingHTTPServer):
    """The HTTP server: a thread per connection, queries in the worker pool."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, config: ServerConfig, pool: WorkerPool) -> None:
        self.config = config
        self.pool = pool
        self.pages = _Pages()
        super().__init__((config.host, config.port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        return f"http://{host}:{port}/"

    def server_close(self) -> None:
        super().server_close()
        self.pool.close()


def make_server(config: ServerConfig, *, dataset: Any = None) -> RelocgraphServer:
    """Start the query workers and bind the server (not yet serving).

    ``dataset``, an rdflib ``Dataset`` already in memory, replaces ``config.data_path``.

    >>> from relocgraph.pipeline.build import build
    >>> server = make_server(ServerConfig(port=0, workers=1), dataset=build(".").dataset)
    >>> server.url.startswith("http://127.0.0.1:")
    True
    >>> server.server_close()
    """
    pool = WorkerPool(
        config.data_path if dataset is None else dataset,
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
# Pages
# ---------------------------------------------------------------------------


class _Pages:
    """Jinja2 templates (autoescaped) and the named queries, loaded once."""

    def __init__(self) -> None:
        import jinja2

        from relocgraph.model.namespaces import PREFIXES
        from relocgraph.store.catalogue import list_queries

        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("relocgraph.web", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.filters["curie"] = _curie
        self.env.filters["local_link"] = _local_link
        self.queries = list_queries()
        self.prefixes = PREFIXES
        self.lock = threading.Lock()

    def render(self, name: str, **context: Any) -> bytes:
        return self.env.get_template(name).render(**context).encode()


def _curie(iri: str) -> str:
    from rdflib import URIRef

    from relocgraph.analysis.network import curie

    return curie(URIRef(iri)) if iri.startswith(("http://", "https://")) else iri


def _local_link(iri: str) -> str:
    """Where a page links an IRI: ``/id/…`` for the project's entities, else the IRI
    itself when it is http(s), else nothing."""
    from relocgraph.model.namespaces import ID

    if iri.startswith(str(ID)):
        return "/id/" + iri[len(str(ID)) :]
    return iri if iri.startswith(("http://", "https://")) else ""


def _service_description(base: str, graphs: list[str]) -> bytes:
    """The endpoint's SPARQL 1.1 Service Description, in Turtle."""
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import RDF

    from relocgraph.model.formats import Format

    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    formats = Namespace("http://www.w3.org/ns/formats/")
    g = Graph()
    g.bind("sd", sd)
    g.bind("formats", formats)
    service = URIRef(base + "sparql")
    g.add((service, RDF.type, sd.Service))
    g.add((service, sd.endpoint, service))
    g.add((service, sd.supportedLanguage, sd.SPARQL11Query))
    g.add((service, sd.feature, sd.UnionDefaultGraph))
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
    ):
        g.add((service, sd.resultFormat, formats[name]))
    dataset = BNode("dataset")
    g.add((service, sd.defaultDataset, dataset))
    g.add((dataset, RDF.type, sd.Dataset))
    default = BNode("default")
    g.add((dataset, sd.defaultGraph, default))
    g.add((default, RDF.type, sd.Graph))
    for index, name in enumerate(sorted(graphs)):
        node = BNode(f"graph{index}")
        g.add((dataset, sd.namedGraph, node))
        g.add((node, RDF.type, sd.NamedGraph))
        g.add((node, sd.name, URIRef(name)))
    g.add(
        (
            service,
            URIRef("http://purl.org/dc/terms/description"),
            Literal(
                "relocgraph: a read-only SPARQL endpoint over press-release statements "
                "with their verbatim evidence. The default graph is the union of the "
                "named graphs; SERVICE and external FROM are refused.",
                lang="en",
            ),
        )
    )
    assert Format.TURTLE  # the service description is always Turtle
    return g.serialize(format="turtle").encode()


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
        if path in ("/", "/index.html"):
            return self._query_page
        if path == "/favicon.ico":
            return lambda params: self._send(204, "image/x-icon", b"")
        if path == "/queries.json":
            return self._queries_json
        if path.startswith("/query/"):
            return lambda params: self._named_query(path[len("/query/") :], params)
        if path.startswith("/id/"):
            return lambda params: self._entity(path[len("/id/") :], params)
        if path in ("/graph", "/graph.html"):
            return self._graph_page
        if path.startswith("/static/"):
            return lambda params: self._static(path[len("/static/") :])
        if path.startswith("/assets/"):
            return lambda params: self._asset(path[len("/assets/") :])
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
        length_text = self.headers.get("Content-Length")
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
        return self.rfile.read(length)

    # -- SPARQL protocol ----------------------------------------------------

    def _sparql_get(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            raise _HttpError(403, "SPARQL Update is refused: this endpoint is read-only")
        if "query" not in params:
            host = self.headers.get("Host", "")
            if not re.fullmatch(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:]+\](:[0-9]{1,5})?", host):
                host = self.server.url[len("http://") : -1]  # absent or not a host name
            base = f"http://{host}/"
            body = _service_description(base, self.server.pool.graphs)
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
        self._send_reply(self.server.pool.run(request))

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
        from relocgraph.store.catalogue import get_query, resolve_term

        try:
            named = get_query(name)
        except QueryError as e:
            raise _HttpError(404, str(e)) from e
        bindings = {}
        for param in named.parameters:
            values = params.get(param.name)
            if not values or not values[0].strip():
                if param.description.lower().startswith("optional"):
                    continue  # the query reads an unbound variable as "any"
                raise _HttpError(
                    400, f"query {name!r} needs the parameter {param.name!r}: {param.description}"
                )
            bindings[param.name] = resolve_term(values[0]).n3()
        request = {
            "query": named.text,
            "accept": self.headers.get("Accept", ""),
            "format": (params.get("format") or [""])[0],
            "bindings": bindings,
        }
        reply = self.server.pool.run(request)
        if reply.status == 200 and "format" in params:
            from relocgraph.model.formats import Format

            fmt = Format.from_name(params["format"][0])
            ext = (
                fmt.extension
                if fmt and fmt not in (Format.CSV, Format.TSV)
                else (fmt.value if fmt else "txt")
            )
            reply.headers["Content-Disposition"] = f'attachment; filename="{name}.{ext}"'
        self._send_reply(reply)

    def _entity(self, local: str, params: dict[str, list[str]]) -> None:
        from rdflib import URIRef

        from relocgraph.model.formats import Format, negotiate
        from relocgraph.model.namespaces import ID
        from relocgraph.store.catalogue import get_query

        if not _ENTITY_PATH.match(local) or {".", ".."} & set(local.split("/")):
            raise _HttpError(400, f"not an entity path: /id/{quote(local)}")
        iri = URIRef(str(ID) + local)
        accept = self.headers.get("Accept", "")
        wanted = (params.get("format") or [""])[0]
        wants_html = wanted == "html" or (not wanted and _prefers_html(accept))
        if not wants_html:
            fmt = Format.from_name(wanted, "CONSTRUCT") if wanted else negotiate(accept, "CONSTRUCT")
            if fmt is None or "CONSTRUCT" not in fmt.forms:
                raise _HttpError(
                    406,
                    "entity pages come as text/html, text/turtle, "
                    "application/n-triples or application/ld+json",
                )
            reply = self.server.pool.run(
                {
                    "query": _serve_query("entity-description"),
                    "format": fmt.value,
                    "bindings": {"entity": iri.n3()},
                }
            )
            if reply.status == 200 and _empty_graph(reply.body, fmt):
                raise _HttpError(404, f"no statement about <{iri}> in this dataset")
            reply.headers["Vary"] = "Accept"
            self._send_reply(reply)
            return
        triples = self._select(_serve_query("entity-triples"), {"entity": iri.n3()})
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
        statements = self._select(get_query("statements-about").text, {"entity": iri.n3()})
        self._page(
            self.server.pages.render(
                "entity.html",
                iri=str(iri),
                triples=triples,
                statements=statements,
                label=_pick_label(triples),
                types=[
                    t["other"] for t in triples if t["direction"] == "out" and t["property"].endswith("#type")
                ],
                graph_page=self._graph_file() is not None,
            )
        )

    def _select(self, text: str, bindings: dict[str, str]) -> list[dict[str, str]]:
        reply = self.server.pool.run({"query": text, "format": "json", "bindings": bindings})
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


def _serve_query(name: str) -> str:
    return resources.files("relocgraph.store").joinpath("queries", "serve", f"{name}.rq").read_text("utf-8")


def _prefers_html(accept: str) -> bool:
    """True when a client ranks HTML at least as high as every RDF format."""
    from relocgraph.model.formats import Format, parse_accept

    if not accept:
        return False
    rdf = {f.media_type for f in Format if "CONSTRUCT" in f.forms}
    rdf |= {a for f in Format if "CONSTRUCT" in f.forms for a in f.aliases}
    for media, _ in parse_accept(accept):
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media in rdf:
            return False
    return False


def _empty_graph(body: bytes, fmt: Any) -> bool:
    from relocgraph.model.formats import Format

    text = body.decode("utf-8").strip()
    if fmt is Format.JSONLD:
        data = json.loads(text) if text else []
        graph = data.get("@graph", data) if isinstance(data, dict) else data
        return not graph or graph == {} or (isinstance(data, dict) and set(data) <= {"@context"})
    return not any(
        line and not line.startswith("@prefix") and not line.startswith("PREFIX")
        for line in text.splitlines()
    )


def _pick_label(triples: list[dict[str, str]]) -> str:
    """The entity's French label, else English, else any label."""
    labels = [
        t for t in triples if t["direction"] == "out" and t["property"].endswith(("#label", "#prefLabel"))
    ]
    for lang in ("fr", "en", None):
        for t in labels:
            if lang is None or t.get("other@lang") == lang:
                return t["other"]
    return ""
