"""Every named query through `relocgraph serve`, once each, within the server's limits.

Starts the server on a free loopback port with its default limits (``--timeout`` 10 s for
named queries, ``--max-rows`` 10,000, 4 workers), then asks ``/query/NAME`` for every
named query: with the parameters of its typical use (the same as
``benchmarks/store_bench.py``'s ``TYPICAL``) and, where its parameters are optional,
unbound. Requests go one after the other, so each answer's time is the query's own.
The server caches a named query's answer per data version, so only the first request
of each is measured (a second one would be a cache hit): this is the cold answer.

Prints a Markdown table (status, rows, truncated or not, wall time) and exits 1 when a
query did not answer 200 within the limit.

Reproduce at 1M triples (the store ``benchmarks/store_bench.py`` builds, or any built
``relocgraph.nq`` with its ``oxigraph/`` store beside it)::

    PYTHONPATH=src .venv/bin/python benchmarks/serve_named.py --data build/current/relocgraph.nq
"""

from __future__ import annotations

import argparse
import csv
import http.client
import io
import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from store_bench import TYPICAL  # noqa: E402


def requests() -> list[tuple[str, str]]:
    """(label, path) for every named query, bound as typically used and unbound where allowed."""
    from relocgraph.store.catalogue import list_queries

    out = []
    for query in list_queries():
        required = any(not p.optional for p in query.parameters)
        variants = list(TYPICAL.get(query.name, [{}]))
        if required:
            variants = [v for v in variants if v]
        for params in variants:
            label = query.name + "".join(f"[{v.split(':')[0]}]" for v in params.values())
            path = f"/query/{query.name}" + ("?" + urllib.parse.urlencode(params) if params else "")
            out.append((label, path))
    return out


def ask(url: str, path: str, timeout: float) -> tuple[int, int, bool, float]:
    """Status, data rows, whether the server cut the answer, and wall seconds."""
    parsed = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=timeout)
    started = time.perf_counter()
    try:
        conn.request("GET", path, headers={"Accept": "text/csv"})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    elapsed = time.perf_counter() - started
    rows = 0
    if response.status == 200:
        rows = max(0, sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8")))) - 1)
    truncated = bool(response.getheader("X-Relocgraph-Truncated"))
    return response.status, rows, truncated, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("build/current/relocgraph.nq"))
    parser.add_argument("--timeout", type=float, default=10.0, help="the server's --timeout (its default)")
    args = parser.parse_args()

    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"))
    command = [sys.executable, "-m", "relocgraph.cli", "serve", "--port", "0", "--data", str(args.data)]
    command += ["--timeout", str(args.timeout)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    failed = 0
    lines = ["| query | status | rows | cut at --max-rows | wall |", "|---|---|---|---|---|"]
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().split(" at ")[1].split()[0]
        ask(url, "/query/derived-figures", 60)  # warm-up: the workers open the store
        for label, path in requests():
            status, rows, truncated, wall = ask(url, path, args.timeout + 30)
            failed += status != 200 or wall > args.timeout
            lines.append(f"| {label} | {status} | {rows} | {'yes' if truncated else ''} | {wall:.2f} s |")
            print(lines[-1], file=sys.stderr, flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    print("\n".join(lines))
    print(f"\n{failed} of {len(lines) - 2} did not answer 200 within {args.timeout:g} s")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
