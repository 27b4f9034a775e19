"""Cold start of ``relocgraph query NAME``: a new process each time, on the seed graph.

One command (needs a built graph and store: ``make run`` or ``relocgraph build``)::

    .venv/bin/python benchmarks/cold_start.py            # 15 runs of each command

Each command runs ``--runs`` times as its own process, one after another; for each run
we take the wall time (``time.perf_counter`` around ``subprocess.run``) and the CPU time
the child used (``RUSAGE_CHILDREN``, user + system). Reported: median and fastest wall
time, median CPU time. Then one run under ``python -X importtime`` lists the slowest
imports on the path (cumulative microseconds), so a heavy import that creeps onto the
start-up path shows up here. Results go to ``benchmarks/results/cold-start.json`` and a
Markdown table is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

COMMANDS = [
    ["query", "figures"],
    ["query", "officials"],
    ["query", "quotes", "-f", "csv"],
    ["query", "figures", "--backend", "rdflib"],
    ["--help"],
]


def entry_point() -> list[str]:
    """The installed ``relocgraph`` script beside this Python (what users run), else ``-m``."""
    script = Path(sys.executable).parent / "relocgraph"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "relocgraph.cli"]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(args: list[str], runs: int, data: Path | None = None) -> dict:
    extra = ["--data", str(data)] if data is not None and args[0] == "query" else []
    walls, cpus = [], []
    for _ in range(runs):
        cpu = children_cpu()
        start = time.perf_counter()
        done = subprocess.run([*entry_point(), *args, *extra], cwd=ROOT, capture_output=True, check=False)
        walls.append(time.perf_counter() - start)
        cpus.append(children_cpu() - cpu)
        if done.returncode:
            raise SystemExit(f"relocgraph {' '.join(args)} failed:\n{done.stderr.decode()[-2000:]}")
    return {"command": args, "wall": walls, "cpu": cpus}


def slowest_imports(args: list[str], top: int) -> list[tuple[str, int]]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "relocgraph.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    rows = []
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _, cumulative, name = line.split("|")
            if not name.startswith("  "):  # top-level imports only: their time includes their children
                rows.append((name.strip(), int(cumulative)))
    return sorted(rows, key=lambda r: -r[1])[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "cold-start.json")
    parser.add_argument(
        "--data", type=Path, default=ROOT / "build" / "relocgraph.trig", help="the built graph"
    )
    args = parser.parse_args()
    if not (args.data.parent / "oxigraph").is_dir():
        raise SystemExit(f"no store in {args.data.parent / 'oxigraph'}: run `make run` or `relocgraph build`")
    results = [measure(command, args.runs, args.data.resolve()) for command in COMMANDS]
    imports = slowest_imports(["query", "figures"], 8)
    load = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"runs": results, "imports": imports, "loadavg": load}, indent=2) + "\n")
    print(f"{args.runs} runs each, load average {load[0]:.2f} at the end\n")
    print("| command | wall, median | wall, fastest | CPU, median |")
    print("|---|---|---|---|")
    for r in results:
        print(
            f"| `relocgraph {' '.join(r['command'])}` | {statistics.median(r['wall']):.3f} s | "
            f"{min(r['wall']):.3f} s | {statistics.median(r['cpu']):.3f} s |"
        )
    print("\nSlowest top-level imports of `relocgraph query figures` (`python -X importtime`, cumulative):\n")
    print("| module | ms |")
    print("|---|---|")
    for name, micros in imports:
        print(f"| {name} | {micros / 1000:.1f} |")


if __name__ == "__main__":
    main()
