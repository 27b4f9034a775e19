"""`relocgraph serve` driven by real clients: SPARQLWrapper, rdflib's SPARQLStore, plain
HTTP for each protocol case and refusal, and headless Chromium for the query page.

The server runs as a subprocess (`relocgraph serve --port 0`) on the seed data built
into a temporary folder.
"""

from __future__ import annotations

import csv
import io
import json
import os
import select
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef

from conftest import CHROMIUM_ARGS, require_chromium
from relocgraph.model.namespaces import OA, RG
from relocgraph.pipeline.sparql import execute
from relocgraph.store.catalogue import get_query

ROOT = Path(__file__).resolve().parents[1]
DOC_07 = "https://w3id.org/relocgraph/id/document/cp-2024-11-07"
WAUQUIEZ = "https://w3id.org/relocgraph/id/person/laurent-wauquiez"
SCHEMA = Namespace("https://schema.org/")
CARTESIAN = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _start_server(data: Path, *args: str) -> tuple[subprocess.Popen[str], str]:
    """Run `relocgraph serve --port 0` and read the URL it prints (within 120 s)."""
    cmd = [sys.executable, "-m", "relocgraph.cli", "serve", "--port", "0", "--data", str(data)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    proc = subprocess.Popen(
        [*cmd, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 120)
    line = proc.stdout.readline() if ready else ""
    if " at http://" not in line:
        proc.kill()
        raise RuntimeError(f"server did not start: {line!r}")
    return proc, line.split(" at ")[1].split()[0]


@pytest.fixture(scope="module")
def server(built_dir: Path, built_store: Path) -> Iterator[str]:
    """Base URL of a server with a 2 s time limit and at most 200 rows."""
    proc, url = _start_server(
        built_dir / "relocgraph.trig", "--timeout", "2", "--max-rows", "200", "--workers", "2"
    )
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def http(
    method: str, url: str, *, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def get_query_url(base: str, query: str, **params: str) -> str:
    return base + "sparql?" + urllib.parse.urlencode({"query": query, **params})


def local_rows(dataset, text: str, bindings=None) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """The named query answered locally, as SPARQL JSON bindings."""
    result = execute(dataset, text, bindings or {})
    return json.loads(result.serialize(format="json"))["results"]["bindings"]


#: Columns made by GROUP_CONCAT: Oxigraph keeps the language tag its inputs share, rdflib
#: answers a plain literal; the text is the same.
_CONCATENATED = {"credited_to", "reported_by"}


def _key(rows: list[dict]) -> list[str]:  # type: ignore[type-arg]
    plain = [
        {
            k: {f: x for f, x in v.items() if not (k in _CONCATENATED and f == "xml:lang")}
            for k, v in r.items()
        }
        for r in rows
    ]
    return sorted(json.dumps(r, sort_keys=True) for r in plain)


# ---------------------------------------------------------------------------
# Real clients
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["quotes", "documents", "officials", "figures"])
def test_sparqlwrapper_gets_the_local_answers(server: str, dataset, name: str) -> None:  # type: ignore[no-untyped-def]
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(server + "sparql")
    client.setQuery(get_query(name).text)
    client.setReturnFormat(JSON)
    remote = client.query().convert()["results"]["bindings"]  # type: ignore[index]
    local = local_rows(dataset, get_query(name).text)
    assert remote and _key(remote) == _key(local)


def test_sparqlwrapper_post_csv_and_construct(server: str, dataset) -> None:  # type: ignore[no-untyped-def]
    from SPARQLWrapper import CSV, POST, TURTLE, SPARQLWrapper

    client = SPARQLWrapper(server + "sparql")
    client.setMethod(POST)
    client.setQuery("SELECT ?d ?title { ?d a fabio:PressRelease ; dcterms:title ?title } ORDER BY ?d")
    client.setReturnFormat(CSV)
    rows = list(csv.DictReader(io.StringIO(client.query().convert().decode())))  # type: ignore[union-attr]
    assert [r["d"] for r in rows] == [DOC_07, DOC_07.replace("11-07", "11-22")]

    client.setQuery("CONSTRUCT { ?q schema:text ?text } WHERE { ?q a rg:Quotation ; schema:text ?text }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")  # type: ignore[arg-type]
    text = SCHEMA.text
    expected = {(s, o) for s, o in dataset.subject_objects(text) if (s, None, RG.Quotation) in dataset}
    assert set(graph.subject_objects(text)) == expected and len(expected) == 4


def test_rdflib_sparqlstore_gets_the_local_answers(server: str, dataset) -> None:  # type: ignore[no-untyped-def]
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    # SPARQLStore sends initBindings as a trailing VALUES block, which binds after the
    # WHERE clause is evaluated: compare a query that does not depend on early binding.
    store = SPARQLStore(server + "sparql", returnFormat="xml")
    text = get_query("timeline").text
    remote = list(Graph(store=store).query(text))
    local = list(execute(dataset, text))
    assert len(remote) == len(local) > 0
    assert sorted(map(tuple, remote)) == sorted(map(tuple, local))  # type: ignore[arg-type]
    store.close()


# ---------------------------------------------------------------------------
# Protocol cases
# ---------------------------------------------------------------------------


def test_get_post_form_and_post_direct_agree(server: str) -> None:
    query = "SELECT ?s { ?s a rg:Quotation } ORDER BY ?s"
    accept = {"Accept": "application/sparql-results+json"}
    answers = [
        http("GET", get_query_url(server, query), headers=accept),
        http(
            "POST",
            server + "sparql",
            body=urllib.parse.urlencode({"query": query}).encode(),
            headers={**accept, "Content-Type": "application/x-www-form-urlencoded"},
        ),
        http(
            "POST",
            server + "sparql",
            body=query.encode(),
            headers={**accept, "Content-Type": "application/sparql-query"},
        ),
    ]
    bodies = {json.dumps(json.loads(body), sort_keys=True) for _, _, body in answers}
    assert [status for status, _, _ in answers] == [200, 200, 200] and len(bodies) == 1
    assert len(json.loads(answers[0][2])["results"]["bindings"]) == 4


@pytest.mark.parametrize(
    ("accept", "query", "media_type"),
    [
        (
            "application/sparql-results+json",
            "SELECT * { ?s ?p ?o } LIMIT 2",
            "application/sparql-results+json",
        ),
        (
            "application/sparql-results+xml",
            "SELECT * { ?s ?p ?o } LIMIT 2",
            "application/sparql-results+xml",
        ),
        ("text/csv", "SELECT * { ?s ?p ?o } LIMIT 2", "text/csv"),
        ("text/tab-separated-values", "SELECT * { ?s ?p ?o } LIMIT 2", "text/tab-separated-values"),
        (
            "application/sparql-results+xml",
            "ASK { ?s a rg:Quotation }",
            "application/sparql-results+xml",
        ),
        ("*/*", "ASK { ?s a rg:Quotation }", "application/sparql-results+json"),
        ("text/turtle", "CONSTRUCT WHERE { ?s a rg:Quotation }", "text/turtle"),
        ("application/n-triples", "CONSTRUCT WHERE { ?s a rg:Quotation }", "application/n-triples"),
        ("application/ld+json", "DESCRIBE person:laurent-wauquiez", "application/ld+json"),
        ("text/html, */*;q=0.1", "DESCRIBE person:laurent-wauquiez", "text/turtle"),
    ],
)
def test_content_negotiation(server: str, accept: str, query: str, media_type: str) -> None:
    status, headers, body = http("GET", get_query_url(server, query), headers={"Accept": accept})
    assert status == 200, body
    assert headers["Content-Type"].split(";")[0] == media_type
    if media_type == "text/tab-separated-values":
        assert sorted(body.decode().splitlines()[0].split("\t")) == ["?o", "?p", "?s"]
    if media_type == "application/ld+json":
        graph = Graph().parse(data=body, format="json-ld")  # local @context, nothing fetched
        assert (URIRef(WAUQUIEZ), None, None) in graph


def test_format_parameter_overrides_accept(server: str) -> None:
    status, headers, body = http(
        "GET",
        get_query_url(server, "ASK {}", format="csv"),
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert (status, headers["Content-Type"].split(";")[0], body) == (
        200,
        "text/csv",
        b"_askResult\r\ntrue\r\n",
    )


def test_service_description_on_get_without_query(server: str) -> None:
    status, headers, body = http("GET", server + "sparql")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    graph = Graph().parse(data=body, format="turtle")
    assert (URIRef(server + "sparql"), URIRef(sd + "endpoint"), URIRef(server + "sparql")) in graph
    names = {str(o) for o in graph.objects(None, URIRef(sd + "name"))}
    assert DOC_07 in names
    # a forged Host header is refused (tests/test_serve_hardening.py) and never echoed
    status, _, body = http("GET", server + "sparql", headers={"Host": "x> <urn:evil"})
    assert status == 421 and b"evil" not in body


def test_default_union_and_named_graph_protocol_parameters(server: str) -> None:
    count = "SELECT (COUNT(*) AS ?n) { ?s a rg:Quotation }"

    def n(url: str) -> int:
        status, _, body = http("GET", url, headers={"Accept": "application/sparql-results+json"})
        assert status == 200, body
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    assert n(get_query_url(server, count)) == 4  # union of both documents
    assert n(get_query_url(server, count, **{"default-graph-uri": DOC_07})) == 2
    graphs = "SELECT DISTINCT ?g { GRAPH ?g { ?s a rg:Quotation } }"
    _status, _, body = http(
        "GET",
        get_query_url(server, graphs, **{"named-graph-uri": DOC_07}),
        headers={"Accept": "text/csv"},
    )
    assert body.decode().split() == ["g", DOC_07]


def test_row_limit_cuts_and_says_so(server: str) -> None:
    status, headers, body = http(
        "GET",
        get_query_url(server, "SELECT * { ?s ?p ?o }"),
        headers={"Accept": "application/sparql-results+json"},
    )
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 200
    assert headers["X-Relocgraph-Truncated"] == "max-rows=200"


# ---------------------------------------------------------------------------
# Refusals and bad requests
# ---------------------------------------------------------------------------


@pytest.fixture()
def listener() -> Iterator[tuple[str, list[object]]]:
    """A local TCP listener that records any connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.settimeout(0.2)
    hits: list[object] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, addr = sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            hits.append(addr)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/", hits
    stop.set()
    thread.join()
    sock.close()


def test_no_query_makes_the_server_connect_anywhere(server: str, listener, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target, hits = listener
    secret = tmp_path / "secret.ttl"
    secret.write_text("<urn:secret> <urn:is> 'leaked' .\n")
    attempts = [
        f"SELECT * {{ SERVICE <{target}sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{target}data.ttl> {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{target}g> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"SELECT * FROM <{secret.as_uri()}> {{ ?s ?p ?o }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE <{target}> {{ ?s ?p ?o }} }} }}",
    ]
    for query in attempts:
        status, _, body = http("GET", get_query_url(server, query))
        assert status == 403, (query, body)
        assert b"leaked" not in body
    status, _, body = http("GET", get_query_url(server, "ASK {}", **{"default-graph-uri": target}))
    assert status == 403 and b"never loads" in body
    for update in (f"LOAD <{target}data.ttl>", f"LOAD <{secret.as_uri()}>"):
        status, _, _ = http(
            "POST",
            server + "sparql",
            body=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
        )
        assert status == 403
    assert hits == []


@pytest.mark.parametrize(
    ("method", "body", "headers", "status", "message"),
    [
        (
            "POST",
            b"update=DROP+ALL",
            {"Content-Type": "application/x-www-form-urlencoded"},
            403,
            b"read-only",
        ),
        ("POST", b"DROP ALL", {"Content-Type": "application/sparql-update"}, 403, b"read-only"),
        (
            "POST",
            b"query=DROP+ALL",
            {"Content-Type": "application/x-www-form-urlencoded"},
            403,
            b"read-only",
        ),
        (
            "POST",
            b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            {"Content-Type": "application/sparql-query"},
            403,
            b"read-only",
        ),
        (
            "POST",
            b"query=SELECT",
            {"Content-Type": "application/x-www-form-urlencoded"},
            400,
            b"syntax error",
        ),
        ("POST", b"SELECT * {}", {"Content-Type": "text/plain"}, 415, b"unsupported Content-Type"),
        ("POST", b"x=1", {"Content-Type": "application/x-www-form-urlencoded"}, 400, b"no query"),
        (
            "POST",
            b"query=" + b"x" * 300_000,
            {"Content-Type": "application/x-www-form-urlencoded"},
            413,
            b"over the limit",
        ),
        ("PUT", b"<a> <b> <c> .", {"Content-Type": "text/turtle"}, 405, b"not allowed"),
        ("DELETE", None, {}, 405, b"not allowed"),
    ],
)
def test_bad_requests_get_a_clear_4xx(
    server: str,
    method: str,
    body: bytes | None,
    headers: dict[str, str],
    status: int,
    message: bytes,
) -> None:
    got, response_headers, text = http(method, server + "sparql", body=body, headers=headers)
    assert got == status, text
    assert message in text
    assert response_headers["Content-Type"].startswith("text/plain")
    assert b"Traceback" not in text


def test_get_errors_and_406(server: str) -> None:
    status, _, body = http("GET", get_query_url(server, "SELECT ?s\nWHERE { ?s ?p }"))
    assert status == 400 and b"line 2" in body and b"Traceback" not in body
    status, _, body = http("GET", get_query_url(server, "ASK {}"), headers={"Accept": "image/png"})
    assert status == 406 and b"application/sparql-results+json" in body
    status, _, body = http("GET", server + "sparql?update=DROP+ALL")
    assert status == 403
    status, _, _ = http("GET", server + "nowhere")
    assert status == 404


def test_cors_is_off_by_default(server: str) -> None:
    _, headers, _ = http("GET", get_query_url(server, "ASK {}"), headers={"Origin": "http://evil.example"})
    assert "Access-Control-Allow-Origin" not in headers


def http_from(source: str, url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """GET ``url`` from the loopback address ``source`` (another client, for the server)."""
    import http.client as httpclient

    parts = urllib.parse.urlsplit(url)
    conn = httpclient.HTTPConnection(parts.hostname, parts.port, timeout=30, source_address=(source, 0))
    try:
        conn.request("GET", parts.path + "?" + parts.query, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_pathological_queries_are_stopped_while_others_are_answered(server: str) -> None:
    # The good query comes from another client: one client's own queries share its share
    # of the workers (tests/test_serve_hardening.py).
    bad_queries = [
        CARTESIAN,
        # millions of regex evaluations (Oxigraph's regex engine never backtracks, so a
        # catastrophic pattern alone is answered at once: see the test below)
        "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f FILTER(REGEX(STR(?c), STR(?f))) }",
        "SELECT (COUNT(*) AS ?n) { ?s (rdf:type|!rdf:type)* ?o . ?x (rdf:type|!rdf:type)* ?y }",
    ]
    answers: dict[str, tuple[int, bytes]] = {}

    def run_bad(query: str) -> None:
        status, _, body = http("GET", get_query_url(server, query))
        answers[query] = (status, body)

    for bad in bad_queries:
        thread = threading.Thread(target=run_bad, args=(bad,))
        thread.start()
        status, body = http_from(
            "127.0.0.3", get_query_url(server, "ASK { ?s a rg:Quotation }"), headers={"Accept": "text/csv"}
        )
        good_done_while_bad_ran = thread.is_alive()
        thread.join()
        assert (status, body) == (200, b"_askResult\r\ntrue\r\n")
        assert good_done_while_bad_ran
        assert answers[bad][0] == 503 and b"time limit" in answers[bad][1]
    # and the server still answers afterwards (a fresh worker replaced the killed one)
    status, _, _ = http("GET", get_query_url(server, "ASK {}"))
    assert status == 200


def test_catastrophic_regex_is_answered_at_once(server: str) -> None:
    query = 'ASK { ?s a rg:Quotation FILTER(REGEX("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "^(a+)+$")) }'
    status, _, body = http("GET", get_query_url(server, query), headers={"Accept": "text/csv"})
    assert (status, body) == (200, b"_askResult\r\nfalse\r\n")


def test_worker_audit_hook_refuses_connections_and_file_reads() -> None:
    code = (
        "import socket, sys\n"
        "from relocgraph.store.sandbox import _install_audit_hook\n"
        "_install_audit_hook([sys.prefix], [False])\n"
        "for attempt in (lambda: socket.create_connection(('127.0.0.1', 9)),\n"
        "                lambda: open('/etc/hostname'),\n"
        "                lambda: open('/tmp/relocgraph-should-not-exist', 'w')):\n"
        "    try:\n"
        "        attempt()\n"
        "    except PermissionError as e:\n"
        "        print('refused', e)\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    ).stdout
    assert out.count("refused") == 3, out


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


def test_entity_as_turtle_holds_statements_and_their_evidence(server: str) -> None:
    status, headers, body = http(
        "GET", server + "id/person/laurent-wauquiez", headers={"Accept": "text/turtle"}
    )
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    quotations = set(graph.subjects(SCHEMA.spokenByCharacter, URIRef(WAUQUIEZ)))
    assert len(quotations) == 2
    exacts = {str(o) for o in graph.objects(None, OA.exact)}
    assert "nos politiques initiées par Laurent WAUQUIEZ dès 2016" in exacts
    status, headers, body = http(
        "GET", server + "id/person/laurent-wauquiez", headers={"Accept": "application/ld+json"}
    )
    assert status == 200 and len(Graph().parse(data=body, format="json-ld")) == len(graph)


def test_entity_html_page_lists_statements_with_quotes(server: str) -> None:
    status, headers, body = http(
        "GET",
        server + "id/person/laurent-wauquiez",
        headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
    )
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<h1>Laurent Wauquiez</h1>" in page
    assert "nos politiques initiées par Laurent WAUQUIEZ dès 2016" in page
    assert 'href="/id/document/cp-2024-11-07"' in page
    assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_entity_html_page_shows_the_curators_notes_and_interpretations(server: str) -> None:
    import html

    def page(path: str) -> str:
        status, _, body = http("GET", server + path, headers={"Accept": "text/html"})
        assert status == 200
        return html.unescape(body.decode())

    symbio = page("id/organisation/symbio")
    assert "Curator's note: Symbio is better known as a maker of hydrogen fuel-cell systems" in symbio
    region = page("id/organisation/region-auvergne-rhone-alpes")
    # « investit dans » twice (green industry, decarbonised technologies) and « premier acteur »
    # read as a rank, which the Region reports: the curator's readings
    assert region.count("Curator's interpretation: the text does not say so in these words.") == 3
    assert "it does not say who invests" in region
    assert "Curator's" not in page("id/person/stephanie-pernod")


def test_unknown_and_malformed_entities(server: str) -> None:
    assert http("GET", server + "id/person/nobody", headers={"Accept": "text/html"})[0] == 404
    assert http("GET", server + "id/person/nobody", headers={"Accept": "text/turtle"})[0] == 404
    for path in ("id/%3Cscript%3E", "id/person/../../etc/passwd", "id/"):
        status, headers, _ = http("GET", server + path, headers={"Accept": "text/html"})
        assert status == 400 and headers["Content-Type"].startswith("text/plain")


def test_named_query_route_binds_parameters(server: str, dataset) -> None:  # type: ignore[no-untyped-def]
    status, headers, body = http(
        "GET",
        server + "query/statements-about?entity=person:laurent-wauquiez",
        headers={"Accept": "application/sparql-results+json"},
    )
    assert status == 200
    local = local_rows(dataset, get_query("statements-about").text, {"entity": URIRef(WAUQUIEZ)})
    assert _key(json.loads(body)["results"]["bindings"]) == _key(local)
    status, headers, _ = http("GET", server + "query/quotes?format=csv")
    assert status == 200 and 'filename="quotes.csv"' in headers["Content-Disposition"]
    assert http("GET", server + "query/statements-about")[0] == 400  # entity is required
    assert http("GET", server + "query/figures?indicator=")[0] == 200  # indicator is optional
    assert http("GET", server + "query/no-such-query")[0] == 404


def test_graph_page_is_served_when_viz_wrote_it(server: str, built_dir: Path) -> None:
    status, _, body = http("GET", server + "graph")
    assert status == 404 and b"relocgraph viz" in body
    page = built_dir / "graph.html"
    page.write_text("<!doctype html><title>graph</title><p>the graph</p>", encoding="utf-8")
    try:
        status, headers, body = http("GET", server + "graph")
        assert status == 200 and b"the graph" in body
        assert "connect-src 'none'" in headers["Content-Security-Policy"]
        _, _, front = http("GET", server)
        assert b'href="/graph"' in front
    finally:
        page.unlink()


def test_page_text_is_escaped() -> None:
    from relocgraph.web.pages import Pages as _Pages

    html_bytes = _Pages().render(
        "entity.html",
        iri="https://w3id.org/relocgraph/id/x",
        label="<script>alert(1)</script>",
        types=[],
        graph_page=False,
        statements=[],
        triples=[
            {
                "direction": "out",
                "property": "urn:p",
                "property_label": "<b>p</b>",
                "other": "<img src=x onerror=alert(1)>",
                "other@type": "literal",
                "other_label": "",
            }
        ],
    )
    html = html_bytes.decode()
    assert "<script>alert" not in html and "<img" not in html and "<b>p" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# ---------------------------------------------------------------------------
# The query page in headless Chromium
# ---------------------------------------------------------------------------


@pytest.mark.browser
def test_query_page_in_chromium(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    require_chromium()
    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
        page.goto(server)
        page.wait_for_selector(".CodeMirror")  # the editor from the npm package loaded
        assert page.locator(".CodeMirror .cm-keyword").count() > 0  # highlighted
        page.click(".CodeMirror")
        page.keyboard.press("Control+A")
        page.keyboard.type("SELECT ?title WHERE { ?d a fabio:PressRelease ; dcterms:title ?title }")
        page.click("#run")
        page.wait_for_selector("table.results tbody tr")
        assert page.locator("table.results tbody tr").count() == 2
        assert "2 rows" in page.inner_text("#status")
        page.click('button.named[data-name="quotes"]')
        page.wait_for_selector("table.results th:text-is('speaker_label')")
        assert page.locator("table.results tbody tr").count() == 4
        csv_link = page.get_attribute("#dl-csv", "href")
        assert csv_link and csv_link.startswith("/query/quotes?")
        page.click("table.results tbody tr a >> nth=0")  # an IRI link opens its entity page
        page.wait_for_selector("h1")
        assert page.url.startswith(server + "id/")
        page.go_back()
        page.wait_for_selector(".CodeMirror")
        page.click(".CodeMirror")
        page.keyboard.press("Control+A")
        page.keyboard.type("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
        page.click("#run")
        page.wait_for_selector("#status.error")
        assert "403" in page.inner_text("#status")
        page.click('button.named[data-name="quotes"]')
        page.wait_for_selector("table.results tbody tr")
        page.screenshot(path=str(tmp_path / "query-page.png"), full_page=False)
        if os.environ.get("RELOCGRAPH_SCREENSHOT"):
            page.screenshot(path=os.environ["RELOCGRAPH_SCREENSHOT"], full_page=False)
        browser.close()
    assert outside == []


# ---------------------------------------------------------------------------
# The load test's smoke run (the real run is benchmarks/serve_load.py)
# ---------------------------------------------------------------------------


@pytest.mark.slow
def test_load_benchmark_smoke(server: str) -> None:
    script = ROOT / "benchmarks" / "serve_load.py"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    done = subprocess.run(
        [
            sys.executable,
            str(script),
            "--url",
            server,
            "--clients",
            "3",
            "--duration",
            "1",
            "--max-requests",
            "60",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    row = next(line for line in done.stdout.splitlines() if line.startswith("| steady"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert int(cells[3]) > 0 and cells[4] == "0"  # requests made, none failed


# ---------------------------------------------------------------------------
# Options: CORS when asked, worker memory limit
# ---------------------------------------------------------------------------


def test_cors_when_enabled(built_dir: Path, built_store: Path) -> None:
    origin = "http://localhost:5173"
    proc, url = _start_server(built_dir / "relocgraph.trig", "--cors-origin", origin, "--workers", "1")
    try:
        _, headers, _ = http("GET", get_query_url(url, "ASK {}"), headers={"Origin": origin})
        assert headers["Access-Control-Allow-Origin"] == origin
        status, headers, _ = http(
            "OPTIONS", url + "sparql", headers={"Origin": origin, "Access-Control-Request-Method": "POST"}
        )
        assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_workers_run_under_a_memory_limit(built_store: Path) -> None:
    from relocgraph.store.sandbox import WorkerPool

    pool = WorkerPool(built_store, size=1, timeout=10, memory_mb=100).start()
    try:
        assert pool.run({"query": "ASK {}", "format": "json"}).status == 200
        pid = pool._idle[0].pid
        limits = Path(f"/proc/{pid}/limits").read_text()
        line = next(x for x in limits.splitlines() if x.startswith("Max address space"))
        soft = int(line.split()[3])
        zygote_size = int(Path(f"/proc/{pool._zygote_pid}/statm").read_text().split()[0])
        extra = soft - zygote_size * os.sysconf("SC_PAGE_SIZE")
        # the worker opens the store after the fork, so its base is the zygote plus RocksDB
        assert 50 * 2**20 < extra <= 100 * 2**20 + 64 * 2**20
    finally:
        pool.close()


def test_serve_without_a_build_says_what_to_do(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from relocgraph.cli import main

    result = CliRunner().invoke(main, ["serve", "--data", str(tmp_path / "missing.trig")])
    assert result.exit_code == 2
    assert "does not exist; run `relocgraph build` first" in result.output


@pytest.mark.browser
def test_real_graph_page_draws_under_the_servers_csp(server: str, built_dir: Path, dataset) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    from relocgraph.analysis.network import to_networkx
    from relocgraph.web.viz import to_pyvis, write_html

    require_chromium()
    page_file = write_html(to_pyvis(to_networkx(dataset)), built_dir / "graph.html")
    outside: list[str] = []
    console_errors: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
            page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
            page.goto(server)
            page.click('header nav a[href="/graph"]')
            page.wait_for_selector("body[data-drawn]", timeout=30_000)
            browser.close()
    finally:
        page_file.unlink()
    assert outside == [] and console_errors == []


def test_server_reloads_when_the_build_changes_under_it(built_dir: Path, tmp_path: Path) -> None:
    import shutil
    import time

    from relocgraph.pipeline.persist import build_store

    for name in ("relocgraph.nq", "relocgraph.trig"):
        shutil.copy(built_dir / name, tmp_path / name)
    build_store(tmp_path / "relocgraph.nq")
    proc, url = _start_server(tmp_path / "relocgraph.nq", "--workers", "1")
    named = url + "query/documents?format=csv"
    ask = get_query_url(url, "ASK { <http://e/new> ?p ?o }", format="csv")
    try:
        before = http("GET", named)
        assert before[0] == 200 and http("GET", ask)[2].endswith(b"false\r\n")
        with (tmp_path / "relocgraph.nq").open("a") as f:
            f.write("<http://e/new> <http://e/p> <http://e/o> <https://w3id.org/relocgraph/graph/x> .\n")
        build_store(tmp_path / "relocgraph.nq")  # what `relocgraph build` does last
        time.sleep(1.5)
        assert http("GET", ask)[2].endswith(b"true\r\n")  # a fresh worker reads the new store
        assert http("GET", named)[2] == before[2]  # cache dropped, same answer recomputed
    finally:
        proc.terminate()
        proc.wait(timeout=10)
