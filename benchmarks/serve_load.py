"""Load test for `relocgraph serve` (loopback only, bounded in requests and time).

Starts the server on a free port of 127.0.0.1, runs CLIENTS concurrent keep-alive
clients for DURATION seconds (at most MAX_REQUESTS requests in all) over a mix of named
queries, ad-hoc SPARQL and entity pages, then does the same while ATTACKERS other
clients send pathological queries (cartesian products, a catastrophic regex, ORDER BY
over a product) back to back, never waiting for a Retry-After. Each client connects
from its own loopback address (127.0.1.N for good clients, 127.0.2.N for attackers),
so the server sees distinct clients as it would on a network. It also measures how long
the pool takes to fork a worker from the zygote. Prints a Markdown report whose p50 and
p99 are those of the good clients only.

Reproduce:
    relocgraph build
    python benchmarks/serve_load.py --clients 16 --attackers 4 --duration 20
    python benchmarks/serve_load.py --url http://127.0.0.1:8000/ --clients 3 --duration 1
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

MAX_DURATION = 120.0
MAX_REQUESTS = 200_000
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ATTACKS = [
    PATHOLOGICAL,
    'SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . FILTER(REGEX(STR(?c), "^(a+)+$")) }',
    "SELECT ?a ?d { ?a ?b ?c . ?d ?e ?f } ORDER BY DESC(STR(?c)) STR(?f) LIMIT 1",
    "SELECT (COUNT(*) AS ?n) { ?a (<x:p>|!<x:q>)* ?b . ?b ?c ?d }",
]
MIX = [
    ("GET", "/query/quotes", None),
    ("GET", "/query/documents", None),
    ("GET", "/query/statements-about?entity=person:laurent-wauquiez", None),
    (
        "GET",
        "/sparql?"
        + urllib.parse.urlencode({"query": "SELECT ?s ?label { ?s a foaf:Person ; rdfs:label ?label }"}),
        None,
    ),
    ("POST", "/sparql", "ASK { ?s a rg:Quotation }"),
    ("GET", "/id/person/laurent-wauquiez", None),
]


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _connect(parsed: Any, source: str | None, timeout: float) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(
        parsed.hostname, parsed.port, timeout=timeout, source_address=(source, 0) if source else None
    )


def run_load(
    base_url: str,
    *,
    clients: int,
    duration: float,
    max_requests: int = MAX_REQUESTS,
    distinct_sources: bool = False,
) -> dict[str, Any]:
    """Run ``clients`` threads against ``base_url`` for ``duration`` seconds (each from
    its own loopback address 127.0.1.N when ``distinct_sources``)."""
    parsed = urllib.parse.urlsplit(base_url)
    assert parsed.hostname in ("127.0.0.1", "localhost", "::1"), "loopback only"
    duration = min(duration, MAX_DURATION)
    deadline = time.monotonic() + duration
    latencies: list[float] = []
    failures: list[str] = []
    budget = [min(max_requests, MAX_REQUESTS)]
    lock = threading.Lock()

    def client(index: int) -> None:
        source = f"127.0.1.{index + 1}" if distinct_sources else None
        conn = _connect(parsed, source, 60)
        step = index
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            method, path, body = MIX[step % len(MIX)]
            step += 1
            headers = {"Accept": "application/sparql-results+json, text/turtle;q=0.9"}
            payload = None
            if body is not None:
                payload = body.encode()
                headers["Content-Type"] = "application/sparql-query"
            started = time.perf_counter()
            try:
                conn.request(method, path, body=payload, headers=headers)
                response = response_body = conn.getresponse()
                response_body = response.read()
                ok = response.status == 200 and bool(response_body)
                status = response.status
            except (OSError, http.client.HTTPException) as e:
                ok, status = False, repr(e)
                conn.close()
                conn = _connect(parsed, source, 60)
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    failures.append(f"{method} {path}: {status}")
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    return {
        "clients": clients,
        "seconds": round(wall, 2),
        "requests": len(latencies) + len(failures),
        "failed": len(failures),
        "failures": failures[:5],
        "throughput": round(len(latencies) / wall, 1) if wall else 0.0,  # answered 200
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 1),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else 0.0,
    }


def _pathological_loop(
    base_url: str, stop: threading.Event, out: list[tuple[int, float]], index: int = 0
) -> None:
    """One attacker: its pathological query again as soon as an answer comes, from its
    own loopback address, two connections at once (more than its share)."""
    parsed = urllib.parse.urlsplit(base_url)
    query = ATTACKS[index % len(ATTACKS)]

    def one() -> None:
        while not stop.is_set():
            conn = _connect(parsed, f"127.0.2.{index + 1}", 120)
            started = time.perf_counter()
            try:
                conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}))
                response = conn.getresponse()
                response.read()
                out.append((response.status, time.perf_counter() - started))
            except (OSError, http.client.HTTPException):
                out.append((0, time.perf_counter() - started))
            finally:
                conn.close()

    threads = [threading.Thread(target=one) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def measure_spawn(data: Path, count: int = 20) -> dict[str, float]:
    """Milliseconds to fork a worker from the zygote and answer a first ASK."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from relocgraph.store.sandbox import WorkerPool

    pool = WorkerPool(data, size=1, timeout=30).start()
    spawn, first = [], []
    try:
        for _ in range(count):
            t0 = time.perf_counter()
            worker = pool._spawn()
            t1 = time.perf_counter()
            pool._idle.append(worker)
            pool.run({"query": "ASK {}", "format": "json"})
            t2 = time.perf_counter()
            spawn.append((t1 - t0) * 1000)
            first.append((t2 - t1) * 1000)
            pool._discard(pool._idle.pop(), kill=True)
    finally:
        pool.close()
    return {
        "fork_ms_median": round(statistics.median(spawn), 2),
        "first_query_ms_median": round(statistics.median(first), 2),
    }


def _print_report(
    args: argparse.Namespace,
    spawn: dict[str, float] | None,
    phases: list[tuple[str, dict[str, Any]]],
    bad: list[tuple[int, float]],
) -> None:
    print(
        f"- machine: {os.cpu_count()} cores (shared), Python {sys.version.split()[0]}; "
        f"server: {args.workers} workers, {args.timeout:g} s time limit "
        f"({getattr(args, 'query_timeout', args.timeout):g} s for ad-hoc queries)"
    )
    if spawn:
        print(
            f"- worker start: fork from the zygote {spawn['fork_ms_median']} ms (median of "
            f"20), then its first query {spawn['first_query_ms_median']} ms"
        )
    print()
    print("p50 and p99 are those of the good clients' answered (200) requests; req/s counts them.")
    print()
    print("| phase | clients | seconds | requests | failed | req/s | p50 ms | p99 ms |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in phases:
        print(
            f"| {name} | {r['clients']} | {r['seconds']} | {r['requests']} | {r['failed']} | "
            f"{r['throughput']} | {r['p50_ms']} | {r['p99_ms']} |"
        )
    print()
    if bad:
        from collections import Counter

        counts = Counter(s for s, _ in bad)
        print(
            f"- attackers' {len(bad)} answers by status: "
            + ", ".join(f"{status}: {n}" for status, n in sorted(counts.items()))
        )
    if len(phases) == 2:
        ratio = phases[1][1]["p50_ms"] / phases[0][1]["p50_ms"] if phases[0][1]["p50_ms"] else float("nan")
        print(f"- good-query p50 under attack / without: {ratio:.2f}x")
    for _, r in phases:
        if r["failures"]:
            print(f"- failures: {r['failures']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("build/relocgraph.trig"))
    parser.add_argument(
        "--url",
        help="Load an already running server (loopback) instead; only the steady phase runs.",
    )
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--max-requests", type=int, default=MAX_REQUESTS)
    parser.add_argument("--attackers", type=int, default=4, help="Attacking clients in the second phase.")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--query-timeout", type=float, default=5.0)
    args = parser.parse_args()

    if args.url:
        steady = run_load(
            args.url,
            clients=args.clients,
            duration=args.duration,
            max_requests=args.max_requests,
            distinct_sources=True,
        )
        _print_report(args, None, [("steady", steady)], [])
        sys.exit(1 if steady["failed"] or not steady["requests"] else 0)

    spawn = measure_spawn(args.data)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "relocgraph.cli",
            "serve",
            "--port",
            "0",
            "--data",
            str(args.data),
            "--workers",
            str(args.workers),
            "--timeout",
            str(args.timeout),
            "--query-timeout",
            str(args.query_timeout),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().split(" at ")[1].split()[0]
        run_load(url, clients=2, duration=2)  # warm-up: fork the workers
        load = {"clients": args.clients, "duration": args.duration, "max_requests": args.max_requests}
        steady = run_load(url, **load, distinct_sources=True)
        stop = threading.Event()
        bad: list[tuple[int, float]] = []
        attackers = [
            threading.Thread(target=_pathological_loop, args=(url, stop, bad, i))
            for i in range(args.attackers)
        ]
        for thread in attackers:
            thread.start()
        time.sleep(1.0)
        loaded = run_load(url, **load, distinct_sources=True)
        stop.set()
        for thread in attackers:
            thread.join()
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    _print_report(
        args, spawn, [("good clients only", steady), (f"with {args.attackers} attackers", loaded)], bad
    )


if __name__ == "__main__":
    main()
