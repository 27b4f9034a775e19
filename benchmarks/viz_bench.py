"""Benchmark: time from page load to first complete draw of the graph page, in headless
Chromium, for pyvis's default settings and for relocgraph's page, side by side.

Reproduce (from the repository root, Debian's Chromium installed):

    python benchmarks/viz_bench.py                      # 1,000 / 5,000 / 20,000 nodes
    python benchmarks/viz_bench.py --sizes 1000 --runs 3 --timeout 60 --no-write

Synthetic graphs: ``n`` nodes of the project's node kinds, ``2n`` random links (seeded).
Both pages are opened from file:// with every non-file request refused (pyvis's
template asks a CDN for Bootstrap; the graph still draws without it).

* pyvis default: ``Network()`` with its default options (Barnes–Hut physics,
  1,000 stabilisation iterations), ``cdn_resources="in_line"`` only so that it can
  draw offline at all. Nodes and edges are pyvis's own ``Node``/``Edge`` dicts, put
  in ``net.nodes``/``net.edges`` directly (``add_node`` is quadratic).
* relocgraph: :func:`relocgraph.web.viz.to_pyvis` + :func:`relocgraph.web.viz.to_html`
  (positions computed ahead with igraph, physics off).

"First complete draw" is the first ``afterDrawing`` event of the network, and for a
page with physics on not before ``stabilizationIterationsDone`` (vis-network holds
drawing back while it stabilises). relocgraph's page marks the same event itself
(``relocgraph.firstDraw``), which also covers its light renderer. Times are
``performance.now()`` at that moment, i.e. from the start of navigation. A run that
has not drawn after ``--timeout`` seconds is reported as "> timeout" and not repeated.

The results go to BENCHMARKS.md, between the ``viz-bench`` markers, under their own
heading; other sections of the file are left as they are.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- viz-bench:start -->", "<!-- viz-bench:end -->"
HEADING = "## Interactive graph page (`relocgraph viz`)"

# Wraps vis.Network as vis-network defines it, to time the first draw of any page
# (ours or pyvis's) the same way, without touching the page itself.
HOOK = """
(() => {
  const vis = {}; let Real;
  window.__bench = {firstDraw: null, stabilised: null, physics: null};
  Object.defineProperty(vis, "Network", {configurable: true, enumerable: true,
    get() { return Real; },
    set(N) {
      Real = function (container, data, options) {
        const net = new N(container, data, options);
        const physics = !options || !options.physics || options.physics.enabled !== false;
        window.__bench.physics = physics;
        net.once("stabilizationIterationsDone",
                 () => { window.__bench.stabilised = performance.now(); });
        net.on("afterDrawing", () => {
          const b = window.__bench;
          if (b.firstDraw === null && (!physics || b.stabilised !== null)) {
            b.firstDraw = performance.now();
          }
        });
        window.__benchNetwork = net;
        return net;
      };
      Real.prototype = N.prototype;
    }});
  window.vis = vis;
})();
"""


# The first draw as the hook saw it (vis-network pages), else as relocgraph's page
# marks it itself (its light renderer, used beyond 500 nodes, is not vis.Network): both
# are performance.now() in the renderer's first "afterDrawing" event.
FIRST_DRAW = (
    "((window.__bench && window.__bench.firstDraw) || "
    "(window.relocgraph && window.relocgraph.firstDraw) || null)"
)


def synthetic_graph(n: int, *, seed: int = 1) -> nx.MultiDiGraph:
    """``n`` nodes cycling through the node kinds, ``2n`` random links."""
    from relocgraph.analysis.network import KINDS

    kinds = list(KINDS)
    rng = random.Random(seed)
    g = nx.MultiDiGraph(lang="fr")
    for i in range(n):
        kind = kinds[i % len(kinds)]
        g.add_node(
            f"n{i}",
            kind=kind,
            kind_label=KINDS[kind].fr,
            label=f"{KINDS[kind].fr} {i}",
            label_fr=f"{KINDS[kind].fr} {i}",
            label_en=f"{KINDS[kind].en} {i}",
            alt_labels=[],
            facts={},
            curie=f"ex:n{i}",
            iri=f"http://example.org/n{i}",
        )
    for i in range(2 * n):
        a, b = rng.randrange(n), rng.randrange(n)
        g.add_edge(f"n{a}", f"n{b}", key=f"p{i}", property="p", label="lien", statements=[])
    return g


def ours_html(g: nx.MultiDiGraph) -> str:
    from relocgraph.web.viz import to_html, to_pyvis

    return to_html(to_pyvis(g))


def pyvis_default_html(g: nx.MultiDiGraph) -> str:
    from pyvis.edge import Edge
    from pyvis.network import Network
    from pyvis.node import Node

    net = Network(cdn_resources="in_line")  # the only change to defaults: draw offline
    for node, data in g.nodes(data=True):
        options = Node(node, "dot", label=data["label"], color="#97c2fc", font_color=False).options
        net.nodes.append(options)
        net.node_ids.append(node)
        net.node_map[node] = options
    for a, b in g.edges():
        net.edges.append(Edge(a, b, net.directed).options)
    return net.generate_html()


def time_page(browser: Any, path: Path, timeout: float) -> dict[str, Any]:
    """Open ``path``; return first-draw time (ms, or None on timeout) and requests."""
    context = browser.new_context(viewport={"width": 1400, "height": 850})
    blocked: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    context.add_init_script(HOOK)
    page = context.new_page()
    result: dict[str, Any] = {"ms": None, "blocked": blocked, "redraw_ms": None}
    try:
        page.goto(path.as_uri(), wait_until="commit", timeout=timeout * 1000)
        page.wait_for_function(f"() => {FIRST_DRAW} !== null", timeout=timeout * 1000, polling=100)
        result["ms"] = page.evaluate(f"() => {FIRST_DRAW}")
        # One more full redraw, as when the user pans: how interactive the page is.
        result["redraw_ms"] = page.evaluate("""() => new Promise(done => {
            const net = window.__benchNetwork || window.relocgraph.network;
            const t = performance.now();
            setTimeout(() => done(null), 10000);
            net.once("afterDrawing", () => done(performance.now() - t));
            net.moveTo({position: {x: 10, y: 10}}); })""")
    except Exception as e:  # a timeout: the page has not drawn yet
        result["error"] = type(e).__name__
        try:  # say why: no hook (a browser hiccup), or really not drawn (or still busy)
            result["diagnosis"] = page.wait_for_function(
                """() => ({hook: !!window.__bench, bench: window.__bench || null,
                           own: (window.relocgraph && window.relocgraph.firstDraw) || null})""",
                timeout=3000,
            ).json_value()
        except Exception as e2:  # the page's main thread is still blocked
            result["diagnosis"] = {"responsive": False, "error": type(e2).__name__}
    finally:
        context.close()
    return result


PAGES = {"relocgraph": ours_html, "pyvis default": pyvis_default_html}


def run(
    sizes: list[int], runs: int, timeout: float, pages: tuple[str, ...] = tuple(PAGES), browser: Any = None
) -> list[dict[str, Any]]:
    """Measure every page of every size; launch Chromium unless ``browser`` is given."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            try:
                return run(sizes, runs, timeout, pages, launched)
            finally:
                launched.close()

    import igraph  # noqa: F401
    import pyvis.network  # noqa: F401  (import costs are not page generation)

    import relocgraph.web.viz  # noqa: F401

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            g = synthetic_graph(n)
            for name in pages:
                make = PAGES[name]
                t0 = time.process_time()
                html = make(g)
                gen = time.process_time() - t0
                path = Path(tmp) / f"{name.replace(' ', '-')}-{n}.html"
                path.write_text(html, encoding="utf-8")
                times, redraws, blocked = [], [], set()
                retries = 2
                while len(times) < runs:
                    r = time_page(browser, path, timeout)
                    blocked.update(r["blocked"])
                    if r["ms"] is None and r.get("diagnosis", {}).get("hook") is False and retries:
                        # The timing hook was not installed in that page: not a result.
                        print(f"  retry ({r['diagnosis']})", file=sys.stderr, flush=True)
                        retries -= 1
                        continue
                    if r["ms"] is None:
                        print(f"  no draw: {r.get('diagnosis')}", file=sys.stderr, flush=True)
                        times.append(None)
                        break  # it did not finish in time: do not wait again
                    times.append(r["ms"])
                    if r["redraw_ms"] is not None:
                        redraws.append(r["redraw_ms"])
                done = [t for t in times if t is not None]
                row = {
                    "n": n,
                    "edges": g.number_of_edges(),
                    "page": name,
                    "gen_s": gen,
                    "size_mb": path.stat().st_size / 1e6,
                    "runs": len(times),
                    "median_ms": statistics.median(done) if done and None not in times else None,
                    "all_ms": times,
                    "redraw_ms": statistics.median(redraws) if redraws else None,
                    "blocked": sorted(blocked),
                    "timeout": timeout,
                }
                rows.append(row)
                print(format_row(row), file=sys.stderr, flush=True)
    return rows


def format_row(row: dict[str, Any]) -> str:
    ms = row["median_ms"]
    first = f"> {row['timeout']:.0f} s" if ms is None else f"{ms / 1000:.2f} s"
    redraw = f"{row['redraw_ms']:.0f} ms" if row["redraw_ms"] is not None else "—"
    runs = ", ".join("timeout" if t is None else f"{t / 1000:.2f}" for t in row["all_ms"])
    return (
        f"| {row['n']:,} | {row['edges']:,} | {row['page']} | {first} | {redraw} | "
        f"{row['gen_s']:.1f} s | {row['size_mb']:.1f} MB | {runs} |"
    )


def markdown(rows: list[dict[str, Any]], command: str) -> str:
    load = os.getloadavg()
    lines = [
        HEADING,
        "",
        START,
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on the project machine "
        f"(2 cores, shared; load average {load[0]:.1f} at the end of the run), Debian "
        "Chromium headless, `--disable-gpu`. Reproduce with:",
        "",
        "```",
        command,
        "```",
        "",
        "Time from the start of navigation to the first complete draw of the network "
        '(median of the runs; "> N s" = had not drawn after N s, not repeated). '
        "*Redraw* is one more full redraw after a pan, i.e. how interactive the page "
        "stays. *Generate* is the CPU time in Python to make the page "
        "(for relocgraph, mostly the igraph layout). Beyond 500 nodes relocgraph's page "
        "draws with its own light canvas renderer (`static/lite.js`), not vis-network; "
        "pyvis's pages use vis-network with its default Barnes–Hut physics.",
        "",
        "| nodes | links | page | first complete draw | redraw | generate | page size | runs (s) |",
        "|---:|---:|---|---:|---:|---:|---:|---|",
    ]
    lines += [format_row(r) for r in rows]
    ratios = []
    by = {(r["n"], r["page"]): r for r in rows}
    for n in sorted({r["n"] for r in rows}):
        ours, theirs = by.get((n, "relocgraph")), by.get((n, "pyvis default"))
        if not ours or not theirs or ours["median_ms"] is None:
            continue
        if theirs["median_ms"] is None:
            ratios.append(
                f"{n:,} nodes: > {theirs['timeout'] * 1000 / ours['median_ms']:.0f}× "
                "faster (pyvis default had not drawn when stopped)"
            )
        else:
            ratios.append(f"{n:,} nodes: {theirs['median_ms'] / ours['median_ms']:.0f}× faster")
    if ratios:
        lines += ["", "relocgraph against pyvis's defaults: " + "; ".join(ratios) + "."]
    blocked = sorted({u for r in rows for u in r["blocked"]})
    if blocked:
        lines += [
            "",
            "Requests refused during the runs (all from pyvis's template): "
            + ", ".join(f"`{u}`" for u in blocked)
            + ". relocgraph's page made none."
            if not any(u for r in rows if r["page"] == "relocgraph" for u in r["blocked"])
            else "Requests refused: " + ", ".join(blocked),
        ]
    lines += ["", END, ""]
    return "\n".join(lines)


def write_markdown(section: str, path: Path) -> None:
    text = path.read_text("utf-8") if path.exists() else "# Benchmarks\n\n"
    if START in text and END in text:
        head = text[: text.index(START)]
        head = head[: head.rindex(HEADING)] if HEADING in head else head
        tail = text[text.index(END) + len(END) :].lstrip("\n")
        text = head + section + ("\n" + tail if tail else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median reported)")
    parser.add_argument(
        "--timeout", type=float, default=90.0, help="seconds to wait for one page's first draw"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--no-write", action="store_true", help="print, do not write the file")
    args = parser.parse_args(argv)
    rows = run(args.sizes, args.runs, args.timeout)
    command = "python benchmarks/viz_bench.py" + (
        "" if argv is None and len(sys.argv) == 1 else " " + " ".join(argv or sys.argv[1:])
    )
    section = markdown(rows, command)
    if args.no_write:
        print(section)
    else:
        write_markdown(section, args.output)
        print(f"wrote {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
