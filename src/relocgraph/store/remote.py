"""Any SPARQL 1.1 store as a backend: push the dataset, run the named queries there.

- :func:`push` loads every named graph of the built dataset into a store, one request
  per graph, by the SPARQL 1.1 Graph Store Protocol (``PUT ?graph=…``: the graph is
  replaced, so pushing twice is harmless) or by SPARQL 1.1 Update (``DROP SILENT
  GRAPH`` then ``INSERT DATA`` in chunks).
- :class:`RemoteBackend` runs queries by the SPARQL 1.1 Protocol (form POST, JSON
  results) on the project's graphs. Up to :data:`MAX_LISTED_GRAPHS` graphs, every named
  graph whose IRI starts with ``https://w3id.org/relocgraph/`` is sent as
  ``default-graph-uri`` (so the default graph is their union, as locally) and as
  ``named-graph-uri``, and a store's own system graphs stay out of the answers. A larger
  corpus has too many graphs to list (measured on Virtuoso 7.2: with the 453 graphs of a
  450-document corpus every named query failed — more than 100 response headers, or an
  estimated cost above its limit — and 4,503 are refused outright, "Too many
  arguments"): then no graph is listed, and the store's own default graph must be the
  union of its graphs (Virtuoso's default; Fuseki's ``tdb2:unionDefaultGraph``), which
  is checked once. Queries that range over graphs (``GRAPH ?g``) keep to the project's
  by their IRIs.

Credentials come from the environment only — ``RELOCGRAPH_ENDPOINT_USER`` and
``RELOCGRAPH_ENDPOINT_PASSWORD`` (HTTP Basic or Digest, whichever the store asks for),
or ``RELOCGRAPH_ENDPOINT_TOKEN`` (sent as ``Authorization: Bearer``). They never
appear in URLs, messages or logs, and an endpoint URL holding ``user:password@`` is
refused.

>>> redact("http://user:secret@127.0.0.1:8890/sparql")
'http://127.0.0.1:8890/sparql'
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from relocgraph.model.errors import RemoteError
from relocgraph.model.prefixes import PROJECT_IRI, sparql_prefixes
from relocgraph.model.table import Table, literal_value
from relocgraph.store.backends import Backend, OxigraphBackend
from relocgraph.store.terms import Term, bind_values

USER_ENV = "RELOCGRAPH_ENDPOINT_USER"
PASSWORD_ENV = "RELOCGRAPH_ENDPOINT_PASSWORD"
TOKEN_ENV = "RELOCGRAPH_ENDPOINT_TOKEN"
PROTOCOLS = ("gsp", "update")
_GRAPHS_QUERY = (
    f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{PROJECT_IRI}")) }}'
)
_UPDATE_CHUNK = 500  # Virtuoso refuses INSERT DATA above ~1,000 triples a request
MAX_LISTED_GRAPHS = 50  # Virtuoso 7.2 answers with 43 graphs listed, fails with 453
_UNION_QUERY = "ASK { ?document rg:sourceFile ?file }"


def redact(url: str) -> str:
    """``url`` without any ``user:password@`` part (safe to print)."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def check_endpoint(url: str) -> str:
    """Refuse URLs that are not http(s) or that carry credentials; return the URL."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"not an http(s) endpoint URL: {redact(url)}")
    if parts.username is not None or parts.password is not None:
        raise RemoteError(
            f"the endpoint URL must not hold credentials ({redact(url)}); "
            f"set {USER_ENV} and {PASSWORD_ENV} in the environment instead"
        )
    return url


class Client:
    """HTTP requests to one store, with credentials from the environment."""

    def __init__(self, url: str, *, timeout: float = 300.0) -> None:
        self.url = check_endpoint(url)
        self.timeout = timeout
        handlers: list[Any] = []
        user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
        self._token = os.environ.get(TOKEN_ENV)
        if user and password:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, url, user, password)
            handlers += [
                urllib.request.HTTPDigestAuthHandler(manager),
                urllib.request.HTTPBasicAuthHandler(manager),
            ]
        self._opener = urllib.request.build_opener(*handlers)

    def request(
        self, method: str, url: str, body: bytes | None = None, headers: Mapping[str, str] | None = None
    ) -> tuple[bytes, Mapping[str, str]]:
        """Send one request; :class:`RemoteError` (without credentials) on failure."""
        all_headers = {"User-Agent": "relocgraph", **(headers or {})}
        if self._token:
            all_headers["Authorization"] = f"Bearer {self._token}"
        req = urllib.request.Request(url, data=body, method=method, headers=all_headers)
        try:
            with self._opener.open(req, timeout=self.timeout) as response:
                return response.read(), response.headers
        except urllib.error.HTTPError as e:
            detail = e.read(400).decode("utf-8", "replace").strip().splitlines()
            hint = ""
            if e.code in (401, 403):
                hint = f" (check {USER_ENV} / {PASSWORD_ENV}, or {TOKEN_ENV})"
            raise RemoteError(
                f"{redact(url.split('?')[0])}: HTTP {e.code} {e.reason}{hint}"
                + (f": {' '.join(detail)[:300]}" if detail else "")
            ) from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise RemoteError(f"{redact(url.split('?')[0])}: cannot reach the store: {reason}") from None


def json_value(binding: Mapping[str, str] | None) -> Any:
    """One term of a SPARQL JSON result as a Python value (same rules as locally).

    >>> json_value({"type": "literal", "value": "36",
    ...             "datatype": "http://www.w3.org/2001/XMLSchema#integer"})
    36
    """
    if binding is None:
        return None
    kind = binding.get("type")
    if kind == "uri":
        return binding["value"]
    if kind == "bnode":
        return f"_:{binding['value']}"
    if kind in ("literal", "typed-literal"):
        return literal_value(binding["value"], binding.get("datatype"), binding.get("xml:lang"))
    return binding.get("value")


class RemoteBackend(Backend):
    """Run queries on a SPARQL 1.1 query endpoint (e.g. Virtuoso's ``/sparql``).

    Parameters are bound by a ``VALUES`` block opening the query's WHERE group, its terms
    written by pyoxigraph from validated values (:func:`relocgraph.store.terms.bind_values`).
    """

    name = "remote"

    def __init__(
        self,
        endpoint: str,
        *,
        project_graphs: bool = True,
        timeout: float = 300.0,
        max_listed_graphs: int = MAX_LISTED_GRAPHS,
    ) -> None:
        self.client = Client(endpoint, timeout=timeout)
        self.endpoint = endpoint
        self.source = redact(endpoint)
        self.project_graphs = project_graphs
        self.max_listed_graphs = max_listed_graphs
        self._graphs: list[str] | None = None
        self._union_checked = False

    def _post_raw(self, text: str, dataset: list[tuple[str, str]], accept: str) -> bytes:
        body = urllib.parse.urlencode([("query", text), *dataset]).encode()
        try:
            data, headers = self.client.request(
                "POST",
                self.endpoint,
                body,
                {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
            )
        except RemoteError as e:
            if "Too many arg" not in str(e):
                raise
            # Virtuoso 7.2 takes the 43 graphs of a 40-document corpus and refuses the 4,503
            # of a 4,500-document one (measured: benchmarks/virtuoso_bench.py)
            raise RemoteError(
                f"{redact(self.endpoint)} refused a query naming the project's "
                f'{len(dataset) // 2} graphs ("Too many arguments"): each query names every '
                "graph, so that the store's own graphs stay out, and this store takes fewer; "
                "query the embedded store instead (drop --endpoint)"
            ) from e
        if headers.get("X-SPARQL-MaxRows"):
            raise RemoteError(
                f"{redact(self.endpoint)}: the store cut the answer at "
                f"{headers['X-SPARQL-MaxRows']} rows (X-SPARQL-MaxRows); raise its result "
                "limit (Virtuoso: [SPARQL] ResultSetMaxRows) or add LIMIT to the query"
            )
        return data

    def _post(self, text: str, dataset: list[tuple[str, str]]) -> Any:
        data = self._post_raw(text, dataset, "application/sparql-results+json")
        try:
            return json.loads(data)
        except ValueError as e:
            raise RemoteError(
                f"{redact(self.endpoint)}: the answer is not SPARQL JSON results: {data[:200]!r}"
            ) from e

    def graphs(self) -> list[str]:
        """The project's named graphs held by the store (cached)."""
        if self._graphs is None:
            result = self._post(sparql_prefixes() + "\n" + _GRAPHS_QUERY, [])
            self._graphs = sorted(b["g"]["value"] for b in result["results"]["bindings"])
        return self._graphs

    def _dataset_params(self) -> list[tuple[str, str]]:
        if not self.project_graphs:
            return []
        graphs = self.graphs()
        if not graphs:
            raise RemoteError(
                f"{redact(self.endpoint)} holds no relocgraph graphs "
                f"(IRIs starting with {PROJECT_IRI}); run `relocgraph push`"
            )
        if len(graphs) > self.max_listed_graphs:
            self._check_union(len(graphs))
            return []
        return [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]

    def _check_union(self, count: int) -> None:
        """Refuse a store whose default graph does not hold the project's data (once)."""
        if self._union_checked:
            return
        if not self._post(sparql_prefixes() + "\n" + _UNION_QUERY, []).get("boolean"):
            raise RemoteError(
                f"{redact(self.endpoint)} holds {count} relocgraph graphs, too many to list in "
                "each query, and its default graph is not their union; configure the store so "
                "(Fuseki: tdb2:unionDefaultGraph true), or query the embedded store (drop --endpoint)"
            )
        self._union_checked = True

    def _construct(self, text: str, bindings: dict[str, Term], origin: str) -> Any:
        from rdflib import Graph

        from relocgraph.model.namespaces import bind_prefixes

        text = bind_values(text, bindings, origin=origin)
        data = self._post_raw(
            sparql_prefixes() + "\n" + text, self._dataset_params(), "application/n-triples"
        )
        graph = Graph()
        try:
            graph.parse(data=data.decode("utf-8"), format="nt")
        except Exception as e:  # rdflib's parsers raise several unrelated types
            raise RemoteError(f"{redact(self.endpoint)}: the answer is not N-Triples: {data[:200]!r}") from e
        return bind_prefixes(graph)

    def _select(self, text: str, bindings: dict[str, Term], origin: str) -> Table:
        text = bind_values(text, bindings, origin=origin)
        result = self._post(sparql_prefixes() + "\n" + text, self._dataset_params())
        if "boolean" in result:
            return Table(["ask"], [[bool(result["boolean"])]])
        columns = list(result["head"]["vars"])
        rows = [[json_value(b.get(c)) for c in columns] for b in result["results"]["bindings"]]
        return Table(columns, rows)


def graph_documents(path: Path | str) -> list[tuple[str, bytes, bool]]:
    """Each named graph of a built dataset as (graph IRI, N-Triples bytes, has blank
    nodes), in IRI order."""
    import pyoxigraph as ox

    store = OxigraphBackend.load(path).store
    out = []
    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        out.append((graph.value, data, b"_:" in data))
    return out


def push(
    path: Path | str,
    endpoint: str,
    *,
    protocol: str = "gsp",
    progress: Callable[[int], None] | None = None,
    timeout: float = 600.0,
) -> list[str]:
    """Load every named graph of the dataset at ``path`` into the store at ``endpoint``.

    ``protocol="gsp"``: ``endpoint`` is a Graph Store Protocol endpoint (Virtuoso:
    ``/sparql-graph-crud-auth``; Fuseki: ``/DATASET/data``), each graph sent with
    ``PUT ?graph=IRI``. ``protocol="update"``: ``endpoint`` takes SPARQL Update (Fuseki
    ``/DATASET/update``), each graph dropped then inserted in chunks of
    ``INSERT DATA`` (triples with blank nodes in one ``INSERT … WHERE {}``, so they stay
    joined).
    ``progress`` is called with the number of triples sent after each request.
    Returns the graph IRIs pushed.
    """
    if protocol not in PROTOCOLS:
        raise RemoteError(f"unknown protocol {protocol!r}; choose one of {', '.join(PROTOCOLS)}")
    client = Client(endpoint, timeout=timeout)
    pushed = []
    for graph, data, has_bnodes in graph_documents(path):
        lines = data.splitlines()
        if protocol == "gsp":
            sep = "&" if "?" in endpoint else "?"
            url = f"{endpoint}{sep}{urllib.parse.urlencode({'graph': graph})}"
            client.request("PUT", url, data, {"Content-Type": "text/turtle; charset=utf-8"})
            if progress:
                progress(len(lines))
        else:
            _update_graph(client, endpoint, graph, lines, has_bnodes, progress)
        pushed.append(graph)
    return pushed


def _update_graph(
    client: Client,
    endpoint: str,
    graph: str,
    lines: list[bytes],
    has_bnodes: bool,
    progress: Callable[[int], None] | None,
) -> None:
    def send(update: str) -> None:
        body = urllib.parse.urlencode({"update": update}).encode()
        client.request("POST", endpoint, body, {"Content-Type": "application/x-www-form-urlencoded"})

    send(f"DROP SILENT GRAPH <{graph}>")
    if has_bnodes:
        # Blank-node labels are scoped to one request, so their triples go together, as an
        # INSERT template (Virtuoso refuses blank nodes in INSERT DATA; the standard allows
        # both, and a template with one empty solution inserts them once).
        linked = [line for line in lines if b"_:" in line]
        lines = [line for line in lines if b"_:" not in line]
        triples = b"\n".join(linked).decode("utf-8")
        send(f"INSERT {{ GRAPH <{graph}> {{\n{triples}\n}} }} WHERE {{}}")
        if progress:
            progress(len(linked))
    for i in range(0, len(lines), _UPDATE_CHUNK):
        chunk = lines[i : i + _UPDATE_CHUNK]
        triples = b"\n".join(chunk).decode("utf-8")
        send(f"INSERT DATA {{ GRAPH <{graph}> {{\n{triples}\n}} }}")
        if progress:
            progress(len(chunk))
