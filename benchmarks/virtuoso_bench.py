"""The named queries on Virtuoso at a given size, beside the embedded Oxigraph store.

Starts a throw-away Virtuoso 7 (Debian's ``virtuoso-opensource-7``, as the tests do:
``tests/virtuoso_server.py``) with buffers for 4 GB (the packaged ``virtuoso.ini``'s own
recommendation), loads a synthetic corpus into it with ``relocgraph push`` (Graph Store
Protocol, one ``PUT`` per named graph: what a user runs), then runs every named query
with its typical parameters (``benchmarks/store_bench.py``'s list, VALUES-bound the same
way) through relocgraph's remote backend (``--endpoint``) and through the Oxigraph store
``relocgraph build`` persists, one after the other, ``--runs`` times each. Wall times
(the remote backend's time is the server's plus HTTP and JSON), rows on each side, and
whether the rows agree in number.

Reproduce (the 1M corpus and store are those ``benchmarks/store_bench.py`` caches)::

    PYTHONPATH=src .venv/bin/python benchmarks/virtuoso_bench.py --size 1m

Results: ``benchmarks/results/virtuoso-bench-<size>.json`` and a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

import store_bench  # noqa: E402

import virtuoso_server  # noqa: E402

BUFFERS_4GB = {("Parameters", "NumberOfBuffers"): "340000", ("Parameters", "MaxDirtyBuffers"): "250000"}


def _timed(run, runs: int) -> tuple[float | None, int | None, str | None]:
    """Median wall time of ``runs`` runs (one when the first takes over 10 s), rows, error."""
    times, rows = [], None
    for _ in range(runs):
        started = time.perf_counter()
        try:
            rows = run()
        except Exception as e:  # a query the server refuses or times out: reported, not fatal
            return None, None, f"{type(e).__name__}: {str(e)[:120]}"
        times.append(time.perf_counter() - started)
        if times[-1] > 10:
            break
    return statistics.median(times), rows, None


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--size", default="1m", choices=sorted(store_bench.SIZES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per HTTP request")
    parser.add_argument("--cache", type=Path, default=HERE / ".cache")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    why = virtuoso_server.missing()
    if why:
        sys.exit(f"virtuoso_bench: {why}")

    from relocgraph.pipeline.persist import build_store
    from relocgraph.store.backends import OxigraphBackend
    from relocgraph.store.remote import PASSWORD_ENV, USER_ENV, RemoteBackend, push

    data = store_bench.corpus(args.size, args.cache)
    store_dir = data.parent / "oxigraph"
    if not (store_dir / "relocgraph-store.json").is_file():
        build_store(data, store_dir)
    local = OxigraphBackend.open(store_dir)
    shown = data.relative_to(ROOT) if data.is_relative_to(ROOT) else data
    record: dict = {"size": args.size, "data": str(shown)}
    with tempfile.TemporaryDirectory(prefix="virtuoso-bench-") as tmp:
        server = virtuoso_server.start(Path(tmp), settings=BUFFERS_4GB)
        try:
            os.environ[USER_ENV], os.environ[PASSWORD_ENV] = server.user, server.password
            started = time.perf_counter()
            graphs = push(data, server.graph_store, timeout=args.timeout)
            record["push_s"] = time.perf_counter() - started
            record["graphs"] = len(graphs)
            print(f"# pushed {len(graphs)} graphs in {record['push_s']:.0f} s", file=sys.stderr, flush=True)
            remote = RemoteBackend(server.sparql, timeout=args.timeout)
            record["queries"] = []
            for kind, name, text in store_bench.queries():
                if kind != "named":
                    continue
                v_time, v_rows, v_error = _timed(lambda text=text: len(remote.select(text)), args.runs)
                o_time, o_rows, _ = _timed(lambda text=text: len(local.select(text)), args.runs)
                row = {"query": name, "virtuoso_s": v_time, "virtuoso_rows": v_rows, "error": v_error}
                row |= {"oxigraph_s": o_time, "oxigraph_rows": o_rows}
                record["queries"].append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
            record["virtuoso_rss_mb"] = _rss_mb(server.process.pid)
        finally:
            server.stop()
    record["bench_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = args.out or HERE / "results" / f"virtuoso-bench-{args.size}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
    print(report(record))


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def report(record: dict) -> str:
    def seconds(value: float | None) -> str:
        return "–" if value is None else (f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s")

    lines = [
        f"Virtuoso at {record['size']}: {record['graphs']} graphs pushed in {record['push_s']:.0f} s; "
        f"server peak RSS {record.get('virtuoso_rss_mb') or 0:.0f} MB",
        "",
        "| query | Virtuoso | rows | Oxigraph store | rows | Virtuoso ÷ Oxigraph |",
        "|---|---|---|---|---|---|",
    ]
    ratios = []
    for q in record["queries"]:
        ratio = ""
        if q["virtuoso_s"] and q["oxigraph_s"] and q["oxigraph_s"] >= 0.005:
            ratios.append(q["virtuoso_s"] / q["oxigraph_s"])
            ratio = f"{ratios[-1]:.1f}×"
        rows = q["virtuoso_rows"] if q["error"] is None else q["error"]
        lines.append(
            f"| {q['query']} | {seconds(q['virtuoso_s'])} | {rows} | {seconds(q['oxigraph_s'])} | "
            f"{q['oxigraph_rows']} | {ratio} |"
        )
    if ratios:
        geomean = statistics.geometric_mean(ratios)
        lines.append(f"\nGeometric mean of Virtuoso ÷ Oxigraph over {len(ratios)} queries: {geomean:.1f}×")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
