"""The endpoint's routes: what each path answers.

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
- ``/static/…`` — the pages' own scripts and styles; ``/assets/…`` the query editor.
"""

from __future__ import annotations

import json
import math
import re
import time
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from relocgraph.model.errors import ParameterError, QueryError
from relocgraph.store.sandbox import Reply
from relocgraph.web.http_handler import HttpError, RequestHandler
from relocgraph.web.pages import (
    add_notes,
    empty_graph,
    pick_label,
    prefers_html,
    service_description,
)

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
ASSETS = {
    "codemirror.js": ("codemirror/lib/codemirror.js", "text/javascript"),
    "codemirror.css": ("codemirror/lib/codemirror.css", "text/css"),
    "sparql.js": ("codemirror/mode/sparql/sparql.js", "text/javascript"),
}
_STATIC_TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}


class Handler(RequestHandler):
    """The routes of the endpoint, on the HTTP plumbing of :class:`RequestHandler`."""

    def _route(self, method: str, path: str) -> Any:
        if path == "/sparql":
            if method in ("GET", "HEAD"):
                return self._sparql_get
            if method == "POST":
                return self._sparql_post
            raise HttpError(
                405,
                f"{method} is not allowed on /sparql; use GET or POST",
                {"Allow": "GET, HEAD, POST, OPTIONS"},
            )
        if method not in ("GET", "HEAD"):
            raise HttpError(
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
        raise HttpError(404, f"nothing at {path}; try / (query page) or /sparql")

    # -- SPARQL protocol ----------------------------------------------------

    def _sparql_get(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            raise HttpError(403, "SPARQL Update is refused: this endpoint is read-only")
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
                raise HttpError(400, "the form body is not UTF-8") from e
            form = parse_qs(text, keep_blank_values=True)
            if "update" in form:
                raise HttpError(403, "SPARQL Update is refused: this endpoint is read-only")
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif ctype == "application/sparql-query":
            if "query" in params:
                raise HttpError(
                    400,
                    "a POST with application/sparql-query carries the query in its body, not also in the URL",
                )
            try:
                params["query"] = [body.decode("utf-8")]
            except UnicodeDecodeError as e:
                raise HttpError(400, "the query body is not UTF-8") from e
        elif ctype == "application/sparql-update":
            raise HttpError(403, "SPARQL Update is refused: this endpoint is read-only")
        else:
            raise HttpError(
                415,
                f"unsupported Content-Type {ctype or '(none)'!r}; use "
                "application/x-www-form-urlencoded or "
                "application/sparql-query",
            )
        if "query" not in params:
            raise HttpError(400, "no query: send a 'query' form field or an application/sparql-query body")
        self._run_protocol(params)

    def _run_protocol(self, params: dict[str, list[str]]) -> None:
        queries = params.get("query", [])
        if len(queries) != 1:
            raise HttpError(400, "give exactly one 'query' parameter")
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
            raise HttpError(503, self.server.stale)
        config = self.server.config
        timeout = min(config.query_timeout, config.timeout) if ad_hoc else config.timeout

        def run(request: dict[str, Any]) -> Reply:
            try:
                ticket = self.server.admission.enter(self.client_address[0])
            except Refused as e:
                raise HttpError(e.status, e.message, {"Retry-After": str(e.retry_after)}) from e
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
                raise HttpError(
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
            raise HttpError(404, str(e)) from e
        bindings = {}
        for param in named.parameters:
            values = params.get(param.name)
            if not values or not values[0].strip():
                if param.optional:
                    continue  # the query reads an unbound variable as "any"
                raise HttpError(
                    400, f"query {name!r} needs the parameter {param.name!r}: {param.description}"
                )
            try:
                bindings[param.name] = asdict(parse_param(values[0]))
            except ParameterError as e:
                raise HttpError(400, f"parameter {param.name!r}: {e}") from e
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
            raise HttpError(400, f"not an entity path: /id/{quote(local)}")
        iri = PREFIXES["id"] + local
        entity = {"entity": asdict(iri_term(iri))}
        accept = self.headers.get("Accept", "")
        wanted = (params.get("format") or [""])[0]
        wants_html = wanted == "html" or (not wanted and prefers_html(accept))
        if not wants_html:
            fmt = Format.from_name(wanted, "CONSTRUCT") if wanted else negotiate(accept, "CONSTRUCT")
            if fmt is None or "CONSTRUCT" not in fmt.forms:
                raise HttpError(
                    406,
                    "entity pages come as text/html, text/turtle, "
                    "application/n-triples or application/ld+json",
                )
            reply = self._run(
                {"query": serve_query("entity-description"), "format": fmt.value, "bindings": entity},
                ("entity-description", iri, fmt.value),
            )
            if reply.status == 200 and empty_graph(reply.body, fmt):
                raise HttpError(404, f"no statement about <{iri}> in this dataset")
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
            raise HttpError(reply.status, reply.body.decode("utf-8", "replace"))
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
            raise HttpError(
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
            raise HttpError(404, f"no static file {name!r}")
        entry = resources.files("relocgraph.web").joinpath("static", name)
        if not entry.is_file():
            raise HttpError(404, f"no static file {name!r}")
        self._send(
            200,
            _STATIC_TYPES[Path(name).suffix] + "; charset=utf-8",
            entry.read_bytes(),
            {"Cache-Control": "max-age=300"},
        )

    def _asset(self, name: str) -> None:
        assets = self.server.config.assets_dir
        if name not in ASSETS or assets is None:
            raise HttpError(404, f"no asset {name!r} (install the editor with `make setup`)")
        relative, ctype = ASSETS[name]
        self._send(
            200,
            ctype + "; charset=utf-8",
            (assets / relative).read_bytes(),
            {"Cache-Control": "max-age=3600"},
        )
