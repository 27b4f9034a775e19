"""Commands for the browser: viz (the graph page) and serve (the read-only endpoint)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from relocgraph.cli.app import main
from relocgraph.cli.options import data_option, handle_errors, lang_option, quiet_option, root_option, shown
from relocgraph.model.optional import require


@main.command()
@root_option
@click.option(
    "--input",
    "input_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Read this built graph (TriG or N-Quads, e.g. build/relocgraph.trig) instead "
    "of ROOT/build/relocgraph.trig.",
)
@shown(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("build/graph.html"),
    help="The HTML page to write.",
)
@lang_option("Language of labels and of the page.")
@click.option(
    "--focus",
    metavar="LABEL",
    help="Show only the neighbourhood of the node with this label (any of its names).",
)
@shown(
    "--depth",
    type=click.IntRange(min=0),
    default=2,
    help="With --focus: how many links away from the node to keep.",
)
@shown(
    "--charts/--no-charts",
    default=True,
    help="Also write the timeline and figures charts (PNG and SVG) beside the page.",
)
@quiet_option
@handle_errors
def viz(
    root: Path,
    input_path: Path | None,
    output: Path,
    lang: str,
    focus: str | None,
    depth: int,
    charts: bool,
    quiet: bool,
) -> None:
    """Write the interactive graph as one self-contained HTML page (works offline).

    Reads what `relocgraph build` wrote (the Oxigraph store beside
    ROOT/build/relocgraph.trig, with the derived figures) and never builds. Nodes are
    coloured and shaped by class, with a legend, filters by class and by source
    document, a search box, and panels showing each fact's evidence: document, date
    and exact quote. Figures of one indicator from different documents are linked, in
    red where they disagree. The page opens on an overview (documents by date, actors,
    plans, indicators); clicking or searching a node opens its neighbourhood.

    \b
    Example:
        relocgraph build
        relocgraph viz
        relocgraph viz --lang en -o build/graph-en.html
        relocgraph viz --focus "Stéphanie Pernod" --depth 2 -o build/pernod.html
    """
    require("pyvis", "viz")  # and igraph, matplotlib: the [viz] extra
    from relocgraph.analysis.network import to_networkx
    from relocgraph.analysis.rows import open_built
    from relocgraph.web.viz import cached_layout, to_pyvis, write_html
    from relocgraph.web.viz import focus as focus_on

    data_path = input_path if input_path is not None else root / "build" / "relocgraph.trig"
    source = open_built(data_path)
    whole = to_networkx(source, lang=lang)
    graph = focus_on(whole, focus, depth=depth) if focus else whole
    cache = data_path.parent / ".cache"  # beside the build's reasoner cache
    net = to_pyvis(graph, lang=lang, positions=cached_layout(graph, cache))
    written = [write_html(net, output)]
    if charts:
        from relocgraph.analysis.charts import write_charts

        written += write_charts(source, output.parent, lang=lang, graph=whole)
    if not quiet:
        links = sum(1 for e in net.edges if not e.get("overview"))  # not the overview's summary links
        click.echo(f"{len(net.nodes)} nodes, {links} links")
        for path in written:
            click.echo(f"  wrote {path}")


@main.command()
@data_option("Built dataset to serve (TriG or N-Quads).")
@shown(
    "--host",
    default="127.0.0.1",
    help="Address to listen on. Anything but loopback exposes the data to the network.",
)
@shown("--port", type=click.IntRange(0, 65535), default=8000, help="Port to listen on (0: any free port).")
@shown(
    "--timeout",
    type=click.FloatRange(0.1, 3600),
    default=10.0,
    help="Wall-clock limit for named queries and entity pages, in seconds; the query's process is killed.",
)
@shown(
    "--query-timeout",
    type=click.FloatRange(0.1, 3600),
    default=5.0,
    help="Wall-clock limit for ad-hoc queries on /sparql, in seconds (at most --timeout).",
)
@shown(
    "--max-rows",
    type=click.IntRange(1),
    default=10_000,
    help="Most result rows a query returns (more are cut, with a header saying so).",
)
@shown(
    "--max-memory",
    "memory_mb",
    type=click.IntRange(64),
    default=1024,
    help="Extra memory a query process may use, in MiB.",
)
@shown("--workers", type=click.IntRange(1, 64), default=4, help="Query processes running at once.")
@shown(
    "--per-client",
    type=click.IntRange(1, 64),
    default=2,
    help="Queries one client (remote address) may run at once; more get 429 at once.",
)
@click.option(
    "--queue",
    type=click.IntRange(0, 1024),
    default=None,
    help="Requests that may wait for a busy worker (default: 4 × --workers); more get "
    "503 with Retry-After at once.",
)
@click.option(
    "--cors-origin", default=None, help="Send Access-Control-Allow-Origin with this origin (off by default)."
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests whose Host is NAME (repeatable); by default only localhost, "
    "127.0.0.1 and [::1] are served, against DNS rebinding.",
)
@handle_errors
def serve(
    data_path: Path,
    host: str,
    port: int,
    timeout: float,
    query_timeout: float,
    max_rows: int,
    memory_mb: int,
    workers: int,
    per_client: int,
    queue: int | None,
    cors_origin: str | None,
    allowed_hosts: tuple[str, ...],
) -> None:
    """Serve a read-only SPARQL endpoint, a query page and one page per entity.

    /sparql speaks the SPARQL 1.1 Protocol; / is the query page; /id/... are the
    entity pages; /graph is build/graph.html when `relocgraph viz` wrote it. Updates,
    SERVICE and FROM with outside graphs are refused; each query runs in a process
    that is killed at the time limit. Only requests for localhost, 127.0.0.1, [::1]
    and --allowed-host names are served, POSTs from other sites' pages are refused,
    and each client may run --per-client queries at once.

    \b
    Example:
        relocgraph build
        relocgraph serve
        relocgraph serve --port 8080 --timeout 5 --max-rows 1000
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * {?s ?p ?o} LIMIT 3' \\
             http://127.0.0.1:8000/sparql
    """
    require("jinja2", "serve")
    from relocgraph.web.serve import find_assets_dir
    from relocgraph.web.serve import serve as run_server
    from relocgraph.web.server import ServerConfig

    config = ServerConfig(
        data_path=data_path,
        host=host,
        port=port,
        timeout=timeout,
        query_timeout=query_timeout,
        max_rows=max_rows,
        memory_mb=memory_mb,
        workers=workers,
        per_client=per_client,
        queue=queue,
        cors_origin=cors_origin,
        allowed_hosts=allowed_hosts,
        assets_dir=find_assets_dir(),
    )

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.secho(
            f"warning: listening on {host}: other machines can query this server", fg="yellow", err=True
        )

    def ready(url: str) -> None:
        click.echo(f"serving {data_path} at {url} (SPARQL endpoint: {url}sparql); Ctrl-C to stop", err=False)
        sys.stdout.flush()

    run_server(config, ready=ready)
