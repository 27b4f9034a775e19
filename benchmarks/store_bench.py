"""Benchmark the query backends on synthetic corpora of ~10k, ~100k and ~1M triples.

One command (about 30 minutes on the shared 2-core machine)::

    PYTHONPATH=src .venv/bin/python benchmarks/store_bench.py

For each corpus size (generated once with ``relocgraph synth``, seed 1, cached in
``benchmarks/.cache/``) and each backend, measured in separate processes:

- load: rdflib parses the N-Quads into an in-memory Dataset; the Oxigraph backend
  builds the persisted store exactly as ``relocgraph build`` does (bulk load, optimise,
  atomic rename); raw pyoxigraph bulk-loads into a fresh on-disk store;
- peak memory (``ru_maxrss``) of the loading process and of the querying processes;
- every named query (``src/relocgraph/queries``) and the heavier analytical queries of
  ``benchmarks/queries`` (joins, aggregates, property paths, text filters, OPTIONALs,
  NOT EXISTS): median wall time of several runs, through ``relocgraph.store.backends``'s
  ``RdflibBackend`` and ``OxigraphBackend`` (which convert every answer to Python
  values) and through raw ``pyoxigraph`` (``Store.query`` on the same store, solutions
  materialised as pyoxigraph terms: the engine's own limit).

rdflib may not finish at 1M triples: every load and query has a time limit, and a run
that hits it is reported as "> N s" (a lower bound), never dropped. Results go to
``benchmarks/results/store-bench.json`` and a Markdown report is printed.

Options: ``--sizes 10k,100k`` to run fewer sizes, ``--runs N``, ``--query-timeout S``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = {"10k": 40, "100k": 450, "1m": 4500}  # documents: ~200 triples each
SEED = 1
BACKENDS = ("rdflib", "oxigraph", "pyoxigraph")
# Each named query with the parameters of its typical use (entities of the synthetic corpora,
# seed 1); a query with optional parameters is also run unbound. statements-about needs its entity.
PERSON = "person:synth-0002-basse-de-brenne-sebastien-morel"
PLAN = "plan:relocalisation-strategique-2021"
TYPICAL: dict[str, list[dict[str, str]]] = {
    "statements-about": [{"entity": PERSON}, {"entity": PLAN}, {"entity": "indicator:jobs-created"}],
    "figures": [{}, {"indicator": "indicator:jobs-created"}],
    "indicator-timeline": [{}, {"indicator": "indicator:jobs-created"}],
    "compare-figures": [{}, {"indicator": "indicator:jobs-created"}],
    "facts": [{}, {"subject": PLAN}, {"document": "document:synth-000011"}],
    "compare-facts": [{}, {"subject": PLAN}],
}


def queries() -> list[tuple[str, str, str]]:
    """(kind, name, text) for every named query and every benchmark query."""
    from relocgraph.store.catalogue import list_queries, parse_query_file

    named = {q.name: q.text for q in list_queries()}
    out = []
    for name, text in named.items():
        for params in TYPICAL.get(name, [{}]):
            label = name + "".join(f"[{v.split(':')[0]}]" for v in params.values())
            out.append(("named", label, _bind(text, params) if params else text))
    for path in sorted((HERE / "queries").glob("*.rq")):
        out.append(("analytical", path.stem, parse_query_file(path.stem, path.read_text()).text))
    return out


def _bind(text: str, params: dict[str, str]) -> str:
    """The text with the parameters bound as a relocgraph backend binds them (a VALUES block
    opening the query and each subquery that projects the variable), so that raw pyoxigraph
    and rdflib run the same text."""
    from relocgraph.store.terms import bind_values, parse_param

    return bind_values(text, {k: parse_param(v) for k, v in params.items()})


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _emit(record: dict) -> None:
    print(json.dumps(record), flush=True)


# ---------------------------------------------------------------------------
# Workers: each runs in its own process and prints one JSON line per result
# ---------------------------------------------------------------------------


def worker_load(backend: str, data: Path, target: Path) -> None:
    start, cpu = time.perf_counter(), time.process_time()
    if backend == "rdflib":
        from relocgraph.store import load_dataset

        dataset = load_dataset(data)
        size = len(dataset)
    elif backend == "oxigraph":
        from relocgraph.pipeline.persist import build_store

        build_store(data, target)
        size = -1
    else:
        import pyoxigraph as ox

        with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
            store = ox.Store(tmp)
            store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
            store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
            size = len(store)
            del store
    _emit(
        {
            "load_s": time.perf_counter() - start,
            "load_cpu_s": time.process_time() - cpu,
            "peak_mb": _peak_mb(),
            "quads": size,
        }
    )


class CpuLimitError(Exception):
    """Raised in the worker when a query used up its CPU-time allowance (SIGXCPU)."""


def _on_sigxcpu(_signum: int, _frame: object) -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    raise CpuLimitError


def worker_query(
    backend: str,
    data: Path,
    store_dir: Path,
    names: list[str],
    runs: int,
    slow_after: float,
    cpu_limit: float = 0,
) -> None:
    """Run the queries; with ``cpu_limit``, a run that uses more CPU seconds than that is
    stopped by the kernel's SIGXCPU (a Python exception: rdflib is pure Python, so it
    stops at once; Oxigraph would stop when its Rust code returns) and reported as a
    lower bound, and the worker goes on with the next query without reloading."""
    import signal

    from relocgraph.model.prefixes import sparql_prefixes

    signal.signal(signal.SIGXCPU, _on_sigxcpu)

    texts = {name: text for _, name, text in queries()}
    start = time.perf_counter()
    if backend == "rdflib":
        from relocgraph.store import load_dataset
        from relocgraph.store.backends import RdflibBackend

        engine = RdflibBackend(load_dataset(data))
        run = lambda text: len(engine.select(text))  # noqa: E731
    elif backend == "oxigraph":
        from relocgraph.store.backends import OxigraphBackend

        engine = OxigraphBackend.open(store_dir)
        run = lambda text: len(engine.select(text))  # noqa: E731
    else:
        import pyoxigraph as ox

        store = ox.Store.read_only(str(store_dir))
        header = sparql_prefixes() + "\n"

        def run(text: str) -> int:
            result = store.query(header + text)  # the store's default graph is the merge
            if isinstance(result, ox.QueryBoolean):
                return 1
            return len([tuple(solution) for solution in result])

    _emit({"ready_s": time.perf_counter() - start})
    for name in names:
        times, cpu = [], []
        for _ in range(runs):
            t, c = time.perf_counter(), time.process_time()
            if cpu_limit:
                soft = int(c + cpu_limit) + 1  # RLIMIT_CPU counts this process's CPU seconds
                resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.RLIM_INFINITY))
            try:
                rows = run(texts[name])
            except CpuLimitError:
                if not times:  # never finished: the allowance is a lower bound
                    _emit(
                        {
                            "query": name,
                            "cpu_limit": cpu_limit,
                            "wall_used": time.perf_counter() - t,
                            "peak_mb": _peak_mb(),
                        }
                    )
                break
            finally:
                resource.setrlimit(resource.RLIMIT_CPU, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            if cpu[-1] > slow_after:  # one slow run is enough: the limit is the point
                break
        if times:
            _emit({"query": name, "times": times, "cpu": cpu, "rows": rows, "peak_mb": _peak_mb()})


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------


def _spawn(args: list[str]) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )


def _read_lines(proc: subprocess.Popen[str], deadline_for: callable) -> tuple[list[dict], bool]:
    """Read JSON lines until the process ends or the current item's deadline passes."""
    import selectors

    records: list[dict] = []
    sel = selectors.DefaultSelector()
    assert proc.stdout is not None
    sel.register(proc.stdout, selectors.EVENT_READ)
    started = time.monotonic()
    while True:
        remaining = deadline_for(records) - (time.monotonic() - started)
        if remaining <= 0:
            os.killpg(proc.pid, 9)
            proc.wait()
            return records, True
        if sel.select(timeout=min(remaining, 1.0)):
            line = proc.stdout.readline()
            if not line:
                proc.wait()
                if proc.returncode:
                    err = proc.stderr.read() if proc.stderr else ""
                    raise RuntimeError(f"worker failed ({proc.returncode}): {err[-2000:]}")
                return records, False
            records.append(json.loads(line))
            started = time.monotonic()


def corpus(size: str, cache: Path = HERE / ".cache") -> Path:
    from relocgraph.analysis.synth import synthesize

    out = cache / f"synth-{size}-seed{SEED}"
    if not (out / "relocgraph.nq").is_file():
        t = time.perf_counter()
        result = synthesize(SIZES[size], seed=SEED, out=out, root=ROOT)
        print(f"# {size}: generated {result.quads} quads in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return out / "relocgraph.nq"


def bench_size(size: str, args: argparse.Namespace, previous: list[dict]) -> dict:
    data = corpus(size, args.cache)
    store_dir = data.parent / "oxigraph"
    quads = sum(1 for _ in data.open("rb"))
    result: dict = {
        "size": size,
        "documents": SIZES[size],
        "quads": quads,
        "load": {},
        "ready": {},
        "queries": {},
        "query_peak_mb": {},
    }
    names = [name for _, name, _ in queries()]
    backends = [b for b in ("oxigraph", "pyoxigraph", "rdflib") if b in args.backends]
    if "rdflib" in backends and not store_dir.is_dir():
        backends.insert(0, "oxigraph")  # the store must exist before the queries
    for backend in backends:
        limit = args.load_timeout
        proc = _spawn(["load", backend, str(data), str(store_dir)])
        records, timed_out = _read_lines(proc, lambda _r, limit=limit: limit)
        result["load"][backend] = {"timeout": limit} if timed_out else records[-1]
        print(f"# {size} {backend} load: {result['load'][backend]}", file=sys.stderr)
    for backend in BACKENDS:
        if backend not in args.backends:
            continue
        result["queries"][backend] = {}
        if "timeout" in result["load"][backend] and backend == "rdflib":
            for name in names:
                result["queries"][backend][name] = {"not_run": True}
            result["ready"][backend] = {"timeout": args.load_timeout}
            continue
        todo = list(names)
        if backend == "rdflib" and previous:  # cheapest first: a time-out ends the worker
            earlier = previous[-1]["queries"].get("rdflib", {})
            todo.sort(key=lambda n: median(earlier.get(n), "times") or float("inf"))
        restarts = 0
        while todo:
            runs = args.runs if backend != "rdflib" or size == "10k" else max(1, args.runs // 2)
            proc = _spawn(
                [
                    "query",
                    backend,
                    str(data),
                    str(store_dir),
                    str(runs),
                    str(args.query_timeout / 2),
                    str(args.cpu_limit),
                    *todo,
                ]
            )

            def deadline(records: list[dict], backend: str = backend, runs: int = runs) -> float:
                if not records:  # loading (rdflib) or opening the store
                    return args.load_timeout if backend == "rdflib" else 120
                # a backstop: the CPU allowance ends a run first unless the machine is crowded
                # (or the engine is in Rust code, which SIGXCPU cannot interrupt)
                return max(args.query_timeout * (1 + runs), 2 * args.cpu_limit + 30)

            records, timed_out = _read_lines(proc, deadline)
            for rec in records:
                if "ready_s" in rec:
                    result["ready"][backend] = rec["ready_s"]
                else:
                    result["queries"][backend][rec["query"]] = rec
                    result["query_peak_mb"][backend] = max(
                        result["query_peak_mb"].get(backend, 0), rec["peak_mb"]
                    )
                    todo.remove(rec["query"])
                    print(f"# {size} {backend} {rec['query']}: {cell(rec)} CPU", file=sys.stderr)
            if timed_out:
                if not records:
                    result["ready"][backend] = {"timeout": deadline([])}
                    break
                slow = todo.pop(0)
                limit = deadline(records)
                result["queries"][backend][slow] = {"timeout": limit}
                print(f"# {size} {backend} {slow}: > {limit} s", file=sys.stderr)
                restarts += 1
                allowed = args.rdflib_restarts if size != "1m" else args.rdflib_1m_restarts
                if backend == "rdflib" and restarts > allowed:
                    for name in todo:
                        result["queries"][backend][name] = {"not_run": True}
                    break
    return result


def median(rec: dict | None, key: str = "cpu") -> float | None:
    """Median CPU seconds of a query's runs (the machine is shared: CPU time is steadier
    than wall time; both are in the JSON)."""
    return statistics.median(rec[key]) if rec and key in rec else None


def cell(rec: dict | None) -> str:
    if rec is None:
        return "–"
    if "timeout" in rec:
        return f"> {rec['timeout']:.0f} s wall"
    if "cpu_limit" in rec:
        return f"> {rec['cpu_limit']:g} s"
    if rec.get("not_run"):
        return "not run"
    value = median(rec)
    return f"{value * 1000:.1f} ms" if value is not None and value < 1 else f"{value:.2f} s"


def cpu_or_bound(rec: dict | None) -> tuple[float | None, bool]:
    """Median CPU seconds, or the CPU allowance a run used up without finishing (a lower
    bound: second item True); None when there is neither."""
    if rec and "cpu_limit" in rec:
        return float(rec["cpu_limit"]), True
    return median(rec), False


def _load_lines(res: dict) -> list[str]:
    """The load and memory rows of one size's table."""
    lines: list[str] = []
    lines.append("| | rdflib (in-memory) | Oxigraph backend | raw pyoxigraph |")
    lines.append("|---|---|---|---|")
    loads = []
    for backend in BACKENDS:
        rec = res["load"].get(backend, {})
        loads.append(
            f"> {rec['timeout']} s wall"
            if "timeout" in rec
            else f"{rec['load_cpu_s']:.2f} s ({rec['load_s']:.2f} s wall)"
        )
    lines.append(f"| load, CPU (wall) | {' | '.join(loads)} |")
    mems = []
    for backend in BACKENDS:
        rec = res["load"].get(backend, {})
        mems.append("–" if "timeout" in rec else f"{rec['peak_mb']:.0f} MB")
    lines.append(f"| peak RSS while loading | {' | '.join(mems)} |")
    lines.append(
        "| peak RSS while querying | "
        + " | ".join(
            f"{res['query_peak_mb'][b]:.0f} MB" if b in res["query_peak_mb"] else "–" for b in BACKENDS
        )
        + " |"
    )
    return lines


def report(results: list[dict], args: argparse.Namespace) -> str:
    lines = []
    for res in results:
        lines.append(f"\n#### {res['size']} — {res['documents']} documents, {res['quads']:,} quads\n")
        lines.extend(_load_lines(res))
        lines.append("")
        lines.append(
            "| query | rows | rdflib | Oxigraph backend | raw pyoxigraph | rdflib ÷ backend | backend ÷ raw |"
        )
        lines.append("|---|---|---|---|---|---|---|")
        totals = {"rdflib": 0.0, "oxigraph": 0.0, "pyoxigraph": 0.0}
        rdflib_lower_bound = False
        complete = True
        has_raw = True
        both: list[float] = []  # rdflib ÷ Oxigraph for each query both engines finished
        for kind, name, _ in queries():
            recs = {b: res["queries"].get(b, {}).get(name) for b in BACKENDS}
            ox_t, raw_t = median(recs["oxigraph"]), median(recs["pyoxigraph"])
            rd = recs["rdflib"]
            rd_t, rd_bound = cpu_or_bound(rd)
            speed = "–"
            if rd_t is not None and ox_t:
                speed = f"{'≥ ' if rd_bound else ''}{rd_t / ox_t:.0f}×"
            overhead = f"{ox_t / raw_t:.2f}" if ox_t is not None and raw_t else "–"
            rows = next((r["rows"] for r in recs.values() if r and "rows" in r), "–")
            label = name if kind == "named" else f"*{name}*"
            lines.append(
                f"| {label} | {rows} | {cell(rd)} | {cell(recs['oxigraph'])} | "
                f"{cell(recs['pyoxigraph'])} | {speed} | {overhead} |"
            )
            if raw_t is None:
                has_raw = False
            else:
                totals["pyoxigraph"] += raw_t
            if ox_t is None or rd_t is None:  # not measured on both
                complete = False
                continue
            totals["oxigraph"] += ox_t
            totals["rdflib"] += rd_t
            rdflib_lower_bound = rdflib_lower_bound or rd_bound
            if not rd_bound and ox_t > 0 and rd_t > 0:
                both.append(rd_t / ox_t)
        bound = "≥ " if rdflib_lower_bound else ""
        raw_total = f"{totals['pyoxigraph']:.2f} s" if has_raw else "–"
        raw_ratio = (
            f"{totals['oxigraph'] / totals['pyoxigraph']:.2f}" if has_raw and totals["pyoxigraph"] else "–"
        )
        suite = f"**{bound}{totals['rdflib'] / totals['oxigraph']:.0f}×**" if totals["oxigraph"] else "–"
        lines.append(
            f"| **suite total, CPU** | | {bound}{totals['rdflib']:.2f} s | {totals['oxigraph']:.2f} s | "
            f"{raw_total} | {suite} | {raw_ratio} |"
        )
        if both:
            geo = math.exp(sum(math.log(r) for r in both) / len(both))
            lines.append(
                f"| **geometric mean, queries both finish** ({len(both)}) | | | | | **{geo:.1f}×** | |"
            )
        if not complete:
            lines.append("\n(suite totals leave out queries that were not measured on rdflib and Oxigraph)")
    rd_runs = max(1, args.runs // 2)
    header = (
        f"Runs per query: {args.runs} (rdflib above 10k: {rd_runs}; a run that used more "
        f"than {args.query_timeout / 2:.0f} s of CPU is not repeated). Times are medians "
        "of the CPU time of each run (user + system of the process running the query, "
        "steadier than wall time on a shared machine; wall times are in the JSON). A run "
        f"that used {args.cpu_limit:g} s of CPU without finishing is stopped "
        f'(SIGXCPU) and shown as "> {args.cpu_limit:g} s": a lower bound, which the '
        'suite total and its ratio then are too ("≥"). *Italic* queries are the '
        "analytical set in benchmarks/queries/."
    )
    return header + "\n" + "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    load = sub.add_parser("load")
    load.add_argument("backend")
    load.add_argument("data", type=Path)
    load.add_argument("store", type=Path)
    query = sub.add_parser("query")
    query.add_argument("backend")
    query.add_argument("data", type=Path)
    query.add_argument("store", type=Path)
    query.add_argument("runs", type=int)
    query.add_argument("slow_after", type=float)
    query.add_argument("cpu_limit", type=float)
    query.add_argument("names", nargs="+")
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--load-timeout", type=int, default=300)
    parser.add_argument(
        "--query-timeout",
        type=int,
        default=20,
        help="seconds per query run (a query gets this × (runs + 1) in all)",
    )
    parser.add_argument(
        "--cpu-limit",
        type=float,
        default=120,
        help="CPU seconds a query run may use before it is stopped and reported as "
        "a lower bound (default 120)",
    )
    parser.add_argument(
        "--rdflib-restarts", type=int, default=8, help="times rdflib is reloaded after a query hits its limit"
    )
    parser.add_argument("--out", type=Path, default=HERE / "results" / "store-bench.json")
    parser.add_argument("--cache", type=Path, default=HERE / ".cache", help="where the corpora and stores go")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="print the report of the results in --out without measuring",
    )
    parser.add_argument(
        "--backends", default=",".join(BACKENDS), help="comma-separated subset of rdflib,oxigraph,pyoxigraph"
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="merge into the results already in --out instead of replacing them",
    )
    parser.add_argument(
        "--rdflib-1m-restarts",
        type=int,
        default=0,
        help="reloads allowed at 1M after an rdflib query hits its limit",
    )
    args = parser.parse_args()
    if args.command == "load":
        worker_load(args.backend, args.data, args.store)
        return
    if args.command == "query":
        worker_query(
            args.backend, args.data, args.store, args.names, args.runs, args.slow_after, args.cpu_limit
        )
        return
    sys.path.insert(0, str(ROOT / "src"))
    if args.report_only:
        print(report(json.loads(args.out.read_text()), args))
        return
    started = time.perf_counter()
    args.backends = args.backends.split(",")
    results: list[dict] = []
    if args.update:  # refresh some sizes/backends of an earlier run, keep the rest
        results = json.loads(args.out.read_text())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for size in args.sizes.split(","):
        index = next((i for i, r in enumerate(results) if r["size"] == size), None)
        before = [r for r in results if list(SIZES).index(r["size"]) < list(SIZES).index(size)]
        fresh = bench_size(size, args, before)
        if index is None:
            results.append(fresh)
        else:
            for key in ("load", "ready", "queries", "query_peak_mb"):
                results[index][key].update(fresh[key])
        args.out.write_text(json.dumps(results, indent=2) + "\n")  # kept if a later size fails
    print(report(results, args))
    print(f"\n(total benchmark time {time.perf_counter() - started:.0f} s; raw results in {args.out})")


if __name__ == "__main__":
    main()
