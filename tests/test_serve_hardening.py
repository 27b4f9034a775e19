"""The endpoint under hostile and careless clients: Host and Origin checks (DNS
rebinding, cross-site forms), client errors answered 4xx in the user's words, malformed
request framing, and fair admission (per-client limit, a short queue answering 503 with
Retry-After at once).

The server runs as a subprocess on the seed data, as in tests/test_serve.py.
"""

from __future__ import annotations

import http.client as httpclient
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from test_serve import CARTESIAN, _start_server, get_query_url, http


@pytest.fixture(scope="module")
def server(built_dir: Path, built_store: Path) -> Iterator[str]:
    proc, url = _start_server(
        built_dir / "relocgraph.trig",
        "--timeout", "2", "--max-rows", "200", "--workers", "2", "--allowed-host", "graph.example.org",
    )  # fmt: skip
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _port(url: str) -> int:
    return urllib.parse.urlsplit(url).port or 80


def raw(url: str, request: bytes, *, timeout: float = 20) -> tuple[bytes, float]:
    """Send raw bytes and read the whole answer (the server closes after an error)."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", _port(url)), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
            if b"\r\n\r\n" in b"".join(chunks) and b"Connection: close" not in b"".join(chunks):
                # keep-alive answers: stop once the declared body has arrived
                head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
                length = [
                    int(v.split(b":")[1])
                    for v in head.split(b"\r\n")
                    if v.lower().startswith(b"content-length")
                ]
                if length and len(body) >= length[0]:
                    break
    return b"".join(chunks), time.monotonic() - started


# -- Host and Origin ---------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "served"),
    [
        ("127.0.0.1:{port}", True),
        ("localhost:{port}", True),
        ("[::1]:{port}", True),
        ("localhost", True),
        ("graph.example.org", True),  # given with --allowed-host
        ("evil.example", False),
        ("evil.example:{port}", False),
        ("127.0.0.1.evil.example", False),
        ("localhost.evil.example:{port}", False),
    ],
)
def test_only_local_and_allowed_host_names_are_served(server: str, host: str, served: bool) -> None:
    host = host.format(port=_port(server))
    status, _, body = http("GET", get_query_url(server, "ASK {}"), headers={"Host": host})
    if served:
        assert status == 200, body
    else:
        assert status == 421, body
        assert b"--allowed-host" in body and b"Traceback" not in body


def test_service_description_never_echoes_a_foreign_host(server: str) -> None:
    status, _, body = http("GET", server + "sparql", headers={"Host": "evil.example"})
    assert status == 421 and b"evil" not in body
    status, _, body = http("GET", server + "sparql", headers={"Host": "graph.example.org"})
    assert status == 200 and b"<http://graph.example.org/sparql>" in body
    status, _, body = http("GET", server + "sparql")
    assert status == 200 and b"evil" not in body


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/x-www-form-urlencoded", b"query=ASK+%7B%7D"),
        ("application/sparql-query", b"ASK {}"),
        ("text/plain", b"query=ASK+%7B%7D"),  # what a cross-site form can send without preflight
    ],
)
def test_posts_from_a_foreign_origin_are_refused(server: str, content_type: str, body: bytes) -> None:
    headers = {"Content-Type": content_type}
    for origin in ("http://evil.example", "null", "http://127.0.0.1.evil.example"):
        status, _, text = http("POST", server + "sparql", body=body, headers={**headers, "Origin": origin})
        assert status == 403, (origin, text)
        assert b"Origin" in text and b"Traceback" not in text
    own = server.rstrip("/")
    status, _, text = http("POST", server + "sparql", body=body, headers={**headers, "Origin": own})
    assert status == (415 if content_type == "text/plain" else 200), text


def test_a_page_on_the_server_itself_may_post(server: str) -> None:
    # The query page posts from its own origin, under any of the served names.
    for origin in (server.rstrip("/"), f"http://localhost:{_port(server)}", "http://graph.example.org"):
        status, _, text = http(
            "POST",
            server + "sparql",
            body=b"query=ASK+%7B%7D",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": origin},
        )
        assert status == 200, (origin, text)


# -- client errors in the user's words ----------------------------------------


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("SELECT * { ?s ?p ?o } LIMIT 99999999999999999999999", b"LIMIT"),
        ("SELECT * { ?s ?p ?o } OFFSET 99999999999999999999999", b"OFFSET"),
        ('SELECT (REGEX("a", "(") AS ?x) {}', b"regular expression"),
        ('SELECT (REPLACE("abc", "b", "\\\\9") AS ?x) {}', b"group"),
        ('SELECT ("\\ud800" AS ?x) {}', b"surrogate"),
        ('SELECT (STRLANG("a", "en; DROP") AS ?x) {}', b"language tag"),
    ],
)
def test_client_errors_are_4xx_in_the_users_words(server: str, query: str, words: bytes) -> None:
    for method in ("GET", "POST"):
        if method == "GET":
            status, headers, body = http("GET", get_query_url(server, query))
        else:
            status, headers, body = http(
                "POST",
                server + "sparql",
                body=query.encode(),
                headers={"Content-Type": "application/sparql-query"},
            )
        assert 400 <= status < 500, (status, body)
        assert words in body, body
        assert headers["Content-Type"].startswith("text/plain")
        for python in (b"Traceback", b"Error:", b"ValueError", b"Exception"):
            assert python not in body, body


def test_sum_over_strings_is_an_unbound_value_not_an_error(server: str) -> None:
    # SPARQL 1.1 (18.5.1): an aggregate over values it cannot add is an error, and its
    # variable is left unbound; the answer is still a table.
    status, _, body = http(
        "GET", get_query_url(server, 'SELECT (SUM(?x) AS ?s) { VALUES ?x { "a" "b" } }', format="json")
    )
    assert status == 200 and json.loads(body)["results"]["bindings"] == [{}]


def test_xpath_regex_escapes_python_lacks_are_left_to_the_engine(server: str) -> None:
    status, _, body = http(
        "GET", get_query_url(server, 'ASK { FILTER(REGEX("é", "^\\\\p{L}$")) }', format="json")
    )
    assert status == 200 and json.loads(body)["boolean"] is True, body


def test_a_body_shorter_than_its_content_length_gets_408_quickly(server: str) -> None:
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 100\r\n\r\nASK {}"
    )
    answer, elapsed = raw(server, request)
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert b"Content-Length" in answer.split(b"\r\n\r\n", 1)[1]
    assert elapsed < 10


def test_two_content_length_headers_get_400(server: str) -> None:
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 6\r\nContent-Length: 60\r\n\r\nASK {}"
    )
    answer, _ = raw(server, request)
    assert answer.startswith(b"HTTP/1.1 400"), answer
    assert b"Content-Length" in answer.split(b"\r\n\r\n", 1)[1]


# -- fair admission ---------------------------------------------------------------


def _slow_query_from(url: str, source: str, out: list[int]) -> None:
    conn = httpclient.HTTPConnection("127.0.0.1", _port(url), timeout=60, source_address=(source, 0))
    conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": CARTESIAN}))
    response = conn.getresponse()
    response.read()
    out.append(response.status)
    conn.close()


def test_one_client_cannot_hold_every_worker(built_dir: Path, built_store: Path) -> None:
    proc, url = _start_server(
        built_dir / "relocgraph.trig", "--timeout", "3", "--workers", "3", "--per-client", "1"
    )
    try:
        statuses: list[int] = []
        threads = [
            threading.Thread(target=_slow_query_from, args=(url, "127.0.0.9", statuses)) for _ in range(3)
        ]
        for t in threads:
            t.start()
        time.sleep(0.8)
        # The attacker's second and third queries were answered at once, with a Retry-After.
        assert sorted(statuses) == [429, 429], statuses
        # Another client is still served quickly while the attacker's query runs.
        conn = httpclient.HTTPConnection("127.0.0.1", _port(url), timeout=30, source_address=("127.0.0.2", 0))
        started = time.monotonic()
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
        response = conn.getresponse()
        response.read()
        assert response.status == 200 and time.monotonic() - started < 2.5
        for t in threads:
            t.join()
        assert sorted(statuses) == [429, 429, 503]  # the one admitted hit the time limit
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_full_queue_answers_503_with_retry_after_at_once(built_dir: Path, built_store: Path) -> None:
    proc, url = _start_server(
        built_dir / "relocgraph.trig", "--timeout", "3", "--workers", "1", "--queue", "1"
    )
    try:
        statuses: list[int] = []
        threads = [
            threading.Thread(target=_slow_query_from, args=(url, f"127.0.0.{10 + i}", statuses))
            for i in range(2)
        ]
        for t in threads:
            t.start()
            time.sleep(0.3)
        # one query runs, one waits: a third client gets 503 at once
        started = time.monotonic()
        status, headers, body = http("GET", get_query_url(url, CARTESIAN))
        assert status == 503 and time.monotonic() - started < 1.5, body
        assert int(headers["Retry-After"]) >= 1
        assert b"busy" in body and b"Traceback" not in body
        for t in threads:
            t.join()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_from_named_is_refused_with_its_own_words(server: str) -> None:
    own = "https://w3id.org/relocgraph/id/document/cp-2024-11-07"
    foreign = "http://127.0.0.1:9/graph"
    status, _, body = http(
        "GET", get_query_url(server, f"SELECT * FROM NAMED <{foreign}> {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    )
    assert status == 403 and body.startswith(f"FROM NAMED <{foreign}> is refused".encode()), body
    status, _, body = http("GET", get_query_url(server, f"SELECT * FROM <{foreign}> {{ ?s ?p ?o }}"))
    assert status == 403 and body.startswith(f"FROM <{foreign}> is refused".encode()), body
    query = f"SELECT DISTINCT ?g FROM NAMED <{own}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    status, _, body = http("GET", get_query_url(server, query, format="json"))
    assert status == 200, body
    assert [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]] == [own]


def test_a_heavy_clients_long_query_makes_way_for_a_light_client(built_dir: Path, built_store: Path) -> None:
    proc, url = _start_server(built_dir / "relocgraph.trig", "--workers", "1", "--query-timeout", "8")
    try:
        answers: list[tuple[int, bytes]] = []

        def attacker() -> None:
            conn = httpclient.HTTPConnection(
                "127.0.0.1", _port(url), timeout=60, source_address=("127.0.0.9", 0)
            )
            conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": CARTESIAN}))
            response = conn.getresponse()
            answers.append((response.status, response.read()))
            conn.close()

        thread = threading.Thread(target=attacker)
        thread.start()
        time.sleep(2.0)  # the attacker's query has used the only worker for 2 s: it is heavy
        conn = httpclient.HTTPConnection("127.0.0.1", _port(url), timeout=30, source_address=("127.0.0.2", 0))
        started = time.monotonic()
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}))
        response = conn.getresponse()
        response.read()
        waited = time.monotonic() - started
        thread.join()
        assert response.status == 200 and waited < 2.0, waited  # not the 6 s left of the limit
        status, body = answers[0]
        assert status == 503 and b"to let other clients in" in body, body
    finally:
        proc.terminate()
        proc.wait(timeout=10)
