"""Parameters are values, never query text (issue 16, finding 1): hostile values reach no
listener and change no query's shape, on every backend (Oxigraph, rdflib, a remote store)."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relocgraph.model.errors import ParameterError, QueryError
from relocgraph.store import open_store, run_table
from relocgraph.store.remote import RemoteBackend
from relocgraph.store.terms import bind_values, iri, parse_param

FIGURE_QUERY = "SELECT ?figure ?value WHERE { ?figure rg:indicator ?indicator ; rg:value ?value }"


@pytest.fixture(scope="module")
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP socket on loopback that records every connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    received: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            received.append(conn.recv(200) or b"(connected)")
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], received
    stop.set()
    thread.join()
    sock.close()


def payloads(port: int) -> list[str]:
    """Values that closed the pattern and added SERVICE or widened the query (issue 16)."""
    service = f"SERVICE <http://127.0.0.1:{port}/> {{ ?figure ?p ?o }}"
    return [
        f"<https://w3id.org/relocgraph/id/indicator/jobs-created> }} {service} {{ <urn:x>",
        f"http://e/x> }} {service} {{ <urn:x",
        f"indicator:jobs-created> }} {service} {{ <urn:x",
        "<urn:x> } UNION { GRAPH ?g { ?figure ?p ?value } } { <urn:x>",
        '" } UNION { ?figure ?p ?value } { "',
        f'x" }} {service} {{ "',
        "indicator:x%20y> . ?a ?b ?c",
        "<urn:a\nb>",
    ]


@pytest.fixture(scope="module")
def stores(built_dir: Path, built_store: Path):  # type: ignore[no-untyped-def]
    return {"oxigraph": open_store(built_dir), "rdflib": open_store(built_dir, backend="rdflib")}


def test_issue_payloads_are_refused_or_bound_as_plain_values(stores, listener) -> None:  # type: ignore[no-untyped-def]
    port, received = listener
    for value in payloads(port):
        try:
            term = parse_param(value)
        except ParameterError:
            continue
        assert term.kind == "literal", value  # never an IRI that carries query text
        for name, store in stores.items():
            for query in ("figures", FIGURE_QUERY):
                table = run_table(query, {"indicator": value}, store=store)
                assert table.rows == [], (name, value)
    assert received == []


def test_every_widening_value_gives_no_more_rows_than_the_real_one(stores) -> None:  # type: ignore[no-untyped-def]
    real = run_table("figures", {"indicator": "indicator:jobs-created"}, store=stores["oxigraph"])
    assert len(real.rows) == 3
    with pytest.raises(ParameterError):
        parse_param("<https://w3id.org/relocgraph/id/indicator/jobs-created> } UNION { ?figure ?p ?o")


def test_cli_refuses_an_injected_parameter(built_dir: Path, built_store: Path, listener) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from relocgraph.cli import main

    port, received = listener
    data = str(built_dir / "relocgraph.trig")
    for value in payloads(port)[:4]:
        result = CliRunner().invoke(main, ["query", "figures", "--data", data, "-p", f"indicator={value}"])
        refused = result.exit_code == 2 and "not an IRI" in result.output
        as_text = result.exit_code == 0 and "(0 rows)" in result.output  # a plain string value
        assert refused or as_text, (value, result.output)
    assert received == []


def _shape(node: object) -> object:
    """An rdflib algebra with every term replaced by its kind: what a value may not change."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Literal, URIRef, Variable

    if isinstance(node, CompValue):
        return (node.name, tuple(sorted((k, _shape(v)) for k, v in node.items() if k != "_vars")))
    if isinstance(node, dict):
        return tuple(sorted((str(k), _shape(v)) for k, v in node.items()))
    if isinstance(node, list | tuple | set | frozenset):
        return tuple(_shape(v) for v in node)
    if isinstance(node, Variable):
        return ("var", str(node))
    if isinstance(node, URIRef | Literal):
        return ("term",)
    return repr(type(node))


def _algebra_shape(text: str) -> object:
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    from relocgraph.model.prefixes import sparql_prefixes

    return _shape(translateQuery(parseQuery(sparql_prefixes() + "\n" + text)).algebra)


_PIECES = [*"<>{}\"\\'#?$ .:;,()|^`\n\t/", "SERVICE", "UNION", "http://", "rg:", "a", "é"]
hostile = st.lists(st.sampled_from(_PIECES), max_size=20).map("".join)


#: Small queries with the places a value could escape from: a pattern, a FILTER, a UNION.
SHAPES = [
    FIGURE_QUERY,
    "SELECT ?s WHERE { { ?s ?p ?indicator } UNION { ?indicator ?p ?s FILTER(?s != ?indicator) } }",
]
_REFERENCE = {}


@settings(max_examples=80, deadline=None)
@given(value=hostile | st.text(max_size=30))
def test_hostile_values_never_change_the_query_shape(value: str) -> None:
    try:
        term = parse_param(value)
    except ParameterError:
        return
    for text in SHAPES:
        if text not in _REFERENCE:
            _REFERENCE[text] = _algebra_shape(bind_values(text, {"indicator": iri("urn:x:placeholder")}))
        assert _algebra_shape(bind_values(text, {"indicator": term})) == _REFERENCE[text], value


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=hostile)
def test_hostile_values_reach_no_listener_on_local_backends(stores, listener, value: str) -> None:  # type: ignore[no-untyped-def]
    port, received = listener
    value = value.replace("http://", f"http://127.0.0.1:{port}/")
    for store in stores.values():
        try:
            store.select(FIGURE_QUERY, {"indicator": value})
        except (ParameterError, QueryError):
            pass
    assert received == []


class _FakeStore(BaseHTTPRequestHandler):
    """A SPARQL endpoint that records the queries it is sent and answers no rows."""

    queries: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        text = form["query"][0]
        type(self).queries.append(text)
        if "SELECT DISTINCT ?g" in text:
            rows = [{"g": {"type": "uri", "value": "https://w3id.org/relocgraph/graph/x"}}]
            body = {"head": {"vars": ["g"]}, "results": {"bindings": rows}}
        else:
            body = {"head": {"vars": ["figure", "value"]}, "results": {"bindings": []}}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def test_remote_store_gets_values_in_a_values_block_only(listener) -> None:  # type: ignore[no-untyped-def]
    port, received = listener
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeStore)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        remote = RemoteBackend(f"http://127.0.0.1:{server.server_address[1]}/sparql")
        for value in [*payloads(port), "indicator:jobs-created"]:
            try:
                remote.select(FIGURE_QUERY, {"indicator": value})
            except ParameterError:
                continue
        sent = [q for q in _FakeStore.queries if "rg:indicator" in q]
        assert sent, "the remote store was asked something"
        for text in sent:
            body = text.split("\n", text.count("PREFIX "))[-1]
            assert _algebra_shape(body) == _algebra_shape(
                bind_values(FIGURE_QUERY, {"indicator": iri("urn:x:placeholder")})
            )
            assert f"127.0.0.1:{port}" not in body.split("VALUES", 1)[0]
    finally:
        server.shutdown()
    assert received == []


def test_the_endpoint_refuses_or_binds_injected_parameters(
    built_dir: Path, built_store: Path, listener
) -> None:  # type: ignore[no-untyped-def]
    """The same payloads as ?indicator= of the endpoint's /query/figures route."""
    import urllib.error
    import urllib.parse
    import urllib.request

    from test_serve import _start_server

    port, received = listener
    proc, base = _start_server(built_dir / "relocgraph.trig", "--workers", "1")
    try:
        for value in payloads(port):
            url = base + "query/figures?" + urllib.parse.urlencode({"indicator": value})
            request = urllib.request.Request(url, headers={"Accept": "text/csv"})
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    status, body = response.status, response.read().decode()
            except urllib.error.HTTPError as e:
                status, body = e.code, e.read().decode()
            refused = status == 400 and "not an IRI" in body
            as_text = status == 200 and len(body.strip().splitlines()) == 1  # the header row only
            assert refused or as_text, (value, status, body[:200])
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert received == []
