"""Ingest time per kilobyte: ``relocgraph.ingest.extract`` on texts of 2 KB to 1 MB.

The texts are made by repeating the paragraphs of the real documents of the *dev* set
(``tests/ingest/gold/*.json`` with ``"set": "dev"``; never the blind set), in order, until
the size is reached, so every size reads the same kind of prose. spaCy's French pipeline
is loaded once, before timing (its load time is reported apart). Each size is extracted
``--runs`` times; reported: median wall time, time per KB, and the machine's load average
before and after (the machine is shared: compare per-KB times, not absolute ones).

Reproduce::

    PYTHONPATH=src .venv/bin/python benchmarks/ingest_bench.py                # 2 KB … 1 MB
    PYTHONPATH=src .venv/bin/python benchmarks/ingest_bench.py --sizes 3 100 --runs 3

Results go to ``benchmarks/results/ingest-bench.json`` and a Markdown table is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES_KB = (2, 3, 10, 50, 100, 300, 1000)


def dev_paragraphs() -> list[str]:
    """The paragraphs of the dev set's documents, in file order."""
    from relocgraph.ingest.score import load_gold

    paragraphs: list[str] = []
    for path in sorted((ROOT / "tests" / "ingest" / "gold").glob("*.json")):
        gold = load_gold(path)
        if gold.set != "dev":
            continue
        text = (ROOT / gold.document).read_text(encoding="utf-8")
        paragraphs += [p.strip() for p in text.split("\n") if p.strip()]
    return paragraphs


def make_text(paragraphs: list[str], kb: int) -> str:
    """Paragraphs repeated in order, separated by blank lines, up to ``kb`` kilobytes (UTF-8)."""
    out: list[str] = []
    size, i = 0, 0
    while size < kb * 1000:
        p = paragraphs[i % len(paragraphs)]
        out.append(p)
        size += len(p.encode("utf-8")) + 2
        i += 1
    return "\n\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES_KB), help="sizes in KB")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: the extractor's)")
    parser.add_argument("--output", type=Path, default=HERE / "results" / "ingest-bench.json")
    args = parser.parse_args()

    from relocgraph.ingest.extract import extract
    from relocgraph.ingest.nlp import load_nlp

    load_before = os.getloadavg()
    t0 = time.perf_counter()
    nlp = load_nlp(args.model) if args.model else load_nlp()
    load_s = time.perf_counter() - t0
    paragraphs = dev_paragraphs()
    extract(make_text(paragraphs, 2), nlp=nlp)  # warm-up
    rows = []
    for kb in args.sizes:
        text = make_text(paragraphs, kb)
        times, items = [], 0
        for _ in range(args.runs):
            t = time.perf_counter()
            items = len(extract(text, nlp=nlp))
            times.append(time.perf_counter() - t)
        median = statistics.median(times)
        real_kb = len(text.encode("utf-8")) / 1000
        rows.append(
            {
                "kb": round(real_kb, 1),
                "items": items,
                "median_s": round(median, 3),
                "ms_per_kb": round(1000 * median / real_kb, 1),
                "runs": [round(x, 3) for x in times],
            }
        )
        print(
            f"{real_kb:8.1f} KB  {median:8.3f} s  {1000 * median / real_kb:7.1f} ms/KB  {items} items",
            flush=True,
        )
    result = {
        "model": getattr(nlp, "meta", {}).get("name", "?"),
        "model_load_s": round(load_s, 2),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "rows": rows,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"\nmodel fr_{result['model']}, loaded in {load_s:.1f} s; load average "
        f"{result['load_average_before']} → {result['load_average_after']} on {os.cpu_count()} CPUs\n"
    )
    print("| size (KB) | items | median (s) | ms per KB |\n| ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['kb']} | {r['items']} | {r['median_s']} | {r['ms_per_kb']} |")


if __name__ == "__main__":
    main()
