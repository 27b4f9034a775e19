"""Pushing to and querying a real SPARQL store (Virtuoso on loopback): graphs kept,
pushes repeatable, both protocols, credentials only from the environment and never shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from relocgraph.cli import main
from relocgraph.model.errors import RemoteError
from relocgraph.store.backends import OxigraphBackend
from relocgraph.store.remote import PASSWORD_ENV, USER_ENV, RemoteBackend, check_endpoint, push

COUNT = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


def graph_sizes(backend) -> list[list]:
    return backend.select(COUNT).rows


def test_endpoint_urls_with_credentials_are_refused_without_echoing_them():
    with pytest.raises(RemoteError) as e:
        check_endpoint("http://dba:s3cret-pw@127.0.0.1:8890/sparql")
    assert "s3cret-pw" not in str(e.value) and USER_ENV in str(e.value)
    with pytest.raises(RemoteError, match="not an http"):
        check_endpoint("file:///etc/passwd")


@pytest.mark.slow
def test_push_keeps_named_graphs_and_can_be_repeated(virtuoso_loaded, built_dir, built_store, monkeypatch):
    remote = RemoteBackend(virtuoso_loaded.sparql)
    local = graph_sizes(OxigraphBackend.open(built_store))
    assert remote.graphs() == [g for g, _ in local]
    assert graph_sizes(remote) == local
    monkeypatch.setenv(USER_ENV, virtuoso_loaded.user)
    monkeypatch.setenv(PASSWORD_ENV, virtuoso_loaded.password)
    push(built_dir / "relocgraph.nq", virtuoso_loaded.graph_store)  # PUT replaces each graph
    assert graph_sizes(RemoteBackend(virtuoso_loaded.sparql)) == local


@pytest.mark.slow
def test_push_by_sparql_update_gives_the_same_graphs(virtuoso_loaded, built_dir, built_store, monkeypatch):
    monkeypatch.setenv(USER_ENV, virtuoso_loaded.user)
    monkeypatch.setenv(PASSWORD_ENV, virtuoso_loaded.password)
    push(built_dir / "relocgraph.nq", virtuoso_loaded.base_url + "/sparql-auth", protocol="update")
    local = graph_sizes(OxigraphBackend.open(built_store))
    assert graph_sizes(RemoteBackend(virtuoso_loaded.sparql)) == local


@pytest.mark.slow
def test_cli_push_and_remote_query_never_show_the_password(virtuoso_loaded, built_dir):
    runner = CliRunner()
    data = str(built_dir / "relocgraph.nq")
    good = {USER_ENV: virtuoso_loaded.user, PASSWORD_ENV: virtuoso_loaded.password}
    bad = {USER_ENV: virtuoso_loaded.user, PASSWORD_ENV: "wrong-" + virtuoso_loaded.password}
    ok = runner.invoke(main, ["push", "--endpoint", virtuoso_loaded.graph_store, "--data", data], env=good)
    assert ok.exit_code == 0, ok.output
    assert "pushed 5 named graphs" in ok.output
    refused = runner.invoke(
        main, ["push", "--endpoint", virtuoso_loaded.graph_store, "--data", data], env=bad
    )
    assert refused.exit_code == 2 and "HTTP 401" in refused.output and PASSWORD_ENV in refused.output
    url = virtuoso_loaded.sparql.replace("://", f"://dba:{virtuoso_loaded.password}@")
    in_url = runner.invoke(main, ["query", "quotes", "--endpoint", url], env=good)
    assert in_url.exit_code == 2
    answered = runner.invoke(
        main,
        ["query", "quotes", "--endpoint", virtuoso_loaded.sparql, "-c", "speaker_label,date", "-f", "csv"],
        env=good,
    )
    assert answered.exit_code == 0, answered.output
    assert answered.output.splitlines()[1] == "Fabrice Pannekoucke,2024-11-07"
    for result in (ok, refused, in_url, answered):
        assert virtuoso_loaded.password not in result.output
        assert virtuoso_loaded.password not in repr(result.exception)


def test_unreachable_store_is_a_clear_error():
    backend = RemoteBackend("http://127.0.0.1:9/sparql", timeout=5)
    with pytest.raises(RemoteError, match="cannot reach the store"):
        backend.select("ASK {}")


def test_a_truncated_answer_is_an_error_not_a_short_table():
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Truncating(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            body = json.dumps(
                {
                    "head": {"vars": ["g"]},
                    "results": {
                        "bindings": [
                            {"g": {"type": "uri", "value": "https://w3id.org/relocgraph/graph/entities"}}
                        ]
                    },
                }
            )
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("X-SPARQL-MaxRows", "1")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Truncating)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        backend = RemoteBackend(f"http://127.0.0.1:{server.server_port}/sparql")
        with pytest.raises(RemoteError, match="cut the answer at 1 rows"):
            backend.select("SELECT ?g WHERE { GRAPH ?g {} }")
    finally:
        server.shutdown()


def _on_a_terminal(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """Run the CLI with its standard error on a pseudo-terminal (click draws progress bars
    only on a terminal) and return the exit code and what the terminal showed."""
    import os
    import pty
    import subprocess
    import sys

    master, slave = pty.openpty()
    src = str(Path(__file__).resolve().parents[1] / "src")
    proc = subprocess.Popen(
        [sys.executable, "-m", "relocgraph.cli", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        cwd=cwd,
        env={**os.environ, **env, "PYTHONPATH": src, "COLUMNS": "120"},
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=300), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_long_work_shows_progress_bars_on_a_terminal(virtuoso_loaded, built_dir, tmp_path):
    """synth (generating, then loading into Oxigraph), a query on a file with no store beside
    it (loading), and push (of the seed graph the store already holds: pushing replaces each
    graph, so the store the other tests read is unchanged): each draws a bar that reaches its end."""
    code, shown = _on_a_terminal(
        ["synth", "--documents", "30", "--seed", "2", "--out", str(tmp_path / "s"), "--store"], {}, tmp_path
    )
    assert code == 0, shown
    assert "generating documents" in shown and "30/30" in shown
    size = (tmp_path / "s" / "relocgraph.nq").stat().st_size
    assert "loading into Oxigraph" in shown and f"{size}/{size}" in shown
    bare = tmp_path / "bare.nq"  # the same corpus without a store beside it
    bare.write_bytes((tmp_path / "s" / "relocgraph.nq").read_bytes())
    code, shown = _on_a_terminal(["query", "documents", "--data", str(bare)], {}, tmp_path)
    assert code == 0, shown
    assert "loading bare.nq (no store built from it)" in shown and f"{size}/{size}" in shown
    seed = built_dir / "relocgraph.nq"
    triples = sum(1 for _ in seed.open("rb"))
    env = {USER_ENV: virtuoso_loaded.user, PASSWORD_ENV: virtuoso_loaded.password}
    code, shown = _on_a_terminal(
        ["push", "--endpoint", virtuoso_loaded.graph_store, "--data", str(seed)], env, tmp_path
    )
    assert code == 0, shown
    assert "pushing triples" in shown and f"{triples}/{triples}" in shown
    assert virtuoso_loaded.password not in shown


@pytest.fixture
def plain_endpoint(built_dir):
    """A minimal SPARQL 1.1 Protocol endpoint over pyoxigraph whose default graph is its own
    (empty), not the union of the named graphs: what Fuseki or Oxigraph's server do unless
    configured otherwise. It honours default-graph-uri and named-graph-uri."""
    import threading
    import urllib.parse
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(built_dir / "relocgraph.nq"), format=ox.RdfFormat.N_QUADS)

    class Endpoint(BaseHTTPRequestHandler):
        def do_POST(self):
            form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            defaults = [ox.NamedNode(g) for g in form.get("default-graph-uri", [])]
            named = [ox.NamedNode(g) for g in form.get("named-graph-uri", [])]
            result = store.query(form["query"][0], default_graph=defaults or None, named_graphs=named or None)
            body = result.serialize(format=ox.QueryResultsFormat.JSON)
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/sparql"
    server.shutdown()


def test_a_store_that_keeps_its_own_default_graph_gives_the_same_answers(plain_endpoint, built_store):
    """The graphs are named in each request, so a store whose default graph is not the union
    of its graphs (Fuseki's and Oxigraph's servers by default) answers as the embedded store."""
    from relocgraph.store import run_table

    for name in ("documents", "figures", "class-counts"):
        local = run_table(name, store=OxigraphBackend.open(built_store))
        remote = run_table(name, store=RemoteBackend(plain_endpoint))
        assert remote.rows == local.rows and remote.rows, name


def test_a_store_whose_default_graph_is_not_the_union_is_refused_when_graphs_are_not_listed(plain_endpoint):
    backend = RemoteBackend(plain_endpoint, max_listed_graphs=1)  # as if the corpus were large
    with pytest.raises(RemoteError, match="its default graph is not their union"):
        backend.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
