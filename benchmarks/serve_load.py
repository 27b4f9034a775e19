"""Load test for `relocgraph serve` (loopback only, bounded in requests and time).

Starts the server on a free port of 127.0.0.1, runs CLIENTS concurrent keep-alive
clients for DURATION seconds (at most MAX_REQUESTS requests in all) over a mix of named
queries, ad-hoc SPARQL and entity pages, then does the same while one pathological
query (a cartesian COUNT) keeps being sent and killed. It also measures how long the
pool takes to fork a worker from the zygote. Prints a Markdown report.

Reproduce:
    relocgraph build
    python benchmarks/serve_load.py --clients 16 --duration 20
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


def run_load(
    base_url: str, *, clients: int, duration: float, max_requests: int = MAX_REQUESTS
) -> dict[str, Any]:
    """Run ``clients`` threads against ``base_url`` for ``duration`` seconds."""
    parsed = urllib.parse.urlsplit(base_url)
    assert parsed.hostname in ("127.0.0.1", "localhost", "::1"), "loopback only"
    duration = min(duration, MAX_DURATION)
    deadline = time.monotonic() + duration
    latencies: list[float] = []
    failures: list[str] = []
    budget = [min(max_requests, MAX_REQUESTS)]
    lock = threading.Lock()

    def client(index: int) -> None:
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
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
                conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if not ok:
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
        "requests": len(latencies),
        "failed": len(failures),
        "failures": failures[:5],
        "throughput": round(len(latencies) / wall, 1) if wall else 0.0,
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 1),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else 0.0,
    }


def _pathological_loop(base_url: str, stop: threading.Event, out: list[tuple[int, float]]) -> None:
    parsed = urllib.parse.urlsplit(base_url)
    while not stop.is_set():
        conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=120)
        started = time.perf_counter()
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": PATHOLOGICAL}))
        response = conn.getresponse()
        response.read()
        out.append((response.status, time.perf_counter() - started))
        conn.close()


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
        f"server: {args.workers} workers, {args.timeout:g} s time limit"
    )
    if spawn:
        print(
            f"- worker start: fork from the zygote {spawn['fork_ms_median']} ms (median of "
            f"20), then its first query {spawn['first_query_ms_median']} ms"
        )
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
        print(f"- pathological query answers: {[s for s, _ in bad]} after {[round(t, 1) for _, t in bad]} s")
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
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=10.0)
    args = parser.parse_args()

    if args.url:
        steady = run_load(
            args.url, clients=args.clients, duration=args.duration, max_requests=args.max_requests
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
        steady = run_load(url, clients=args.clients, duration=args.duration, max_requests=args.max_requests)
        stop = threading.Event()
        bad: list[tuple[int, float]] = []
        thread = threading.Thread(target=_pathological_loop, args=(url, stop, bad))
        thread.start()
        time.sleep(0.5)
        loaded = run_load(url, clients=args.clients, duration=args.duration, max_requests=args.max_requests)
        stop.set()
        thread.join()
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    _print_report(args, spawn, [("steady", steady), ("while a pathological query runs", loaded)], bad)


if __name__ == "__main__":
    main()
