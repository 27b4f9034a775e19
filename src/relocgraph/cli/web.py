"""Commands for the browser: viz (the graph page) and serve (the read-only endpoint)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from relocgraph.cli.app import main
from relocgraph.cli.options import data_option, handle_errors, root_option
from relocgraph.model.optional import require


@main.command()
@root_option
@click.option(
    "--input",
    "input_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Read this built graph (TriG or N-Quads, e.g. build/relocgraph.trig) instead "
    "of building from --root.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("build/graph.html"),
    show_default=True,
    help="The HTML page to write.",
)
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default="fr",
    show_default=True,
    help="Language of labels and of the page.",
)
@click.option(
    "--focus",
    metavar="LABEL",
    help="Show only the neighbourhood of the node with this label (any of its names).",
)
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=2,
    show_default=True,
    help="With --focus: how many links away from the node to keep.",
)
@click.option(
    "--charts/--no-charts",
    default=True,
    show_default=True,
    help="Also write the timeline and figures charts (PNG and SVG) beside the page.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing on success.")
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

    Nodes are coloured and shaped by class, with a legend, filters by class and by
    source document, a search box, and panels showing each fact's evidence: document,
    date and exact quote. Figures of one indicator from different documents are
    linked, in red where they disagree.

    \b
    Example:
        relocgraph viz
        relocgraph viz --lang en -o build/graph-en.html
        relocgraph viz --focus "Stéphanie Pernod" --depth 2 -o build/pernod.html
    """
    require("pyvis", "viz")  # and igraph, matplotlib: the [viz] extra
    from relocgraph.analysis.network import to_networkx
    from relocgraph.web.viz import focus as focus_on
    from relocgraph.web.viz import to_pyvis, write_html

    if input_path is not None:
        from relocgraph.store.catalogue import load_dataset

        dataset = load_dataset(input_path)
    else:
        from relocgraph.pipeline.build import build as run_build

        dataset = run_build(root).dataset
    graph = to_networkx(dataset, lang=lang)
    if focus:
        graph = focus_on(graph, focus, depth=depth)
    net = to_pyvis(graph, lang=lang)
    written = [write_html(net, output)]
    if charts:
        from relocgraph.analysis.charts import write_charts

        written += write_charts(dataset, output.parent, lang=lang)
    if not quiet:
        click.echo(f"{len(net.nodes)} nodes, {len(net.edges)} links")
        for path in written:
            click.echo(f"  wrote {path}")


@main.command()
@data_option("Built dataset to serve (TriG or N-Quads).")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback exposes the data to the network.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 3600),
    default=10.0,
    show_default=True,
    help="Wall-clock limit per query, in seconds; the query's process is killed.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(1),
    default=10_000,
    show_default=True,
    help="Most result rows a query returns (more are cut, with a header saying so).",
)
@click.option(
    "--max-memory",
    "memory_mb",
    type=click.IntRange(64),
    default=1024,
    show_default=True,
    help="Extra memory a query process may use, in MiB.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Query processes running at once.",
)
@click.option(
    "--cors-origin", default=None, help="Send Access-Control-Allow-Origin with this origin (off by default)."
)
@handle_errors
def serve(
    data_path: Path,
    host: str,
    port: int,
    timeout: float,
    max_rows: int,
    memory_mb: int,
    workers: int,
    cors_origin: str | None,
) -> None:
    """Serve a read-only SPARQL endpoint, a query page and one page per entity.

    /sparql speaks the SPARQL 1.1 Protocol; / is the query page; /id/... are the
    entity pages; /graph is build/graph.html when `relocgraph viz` wrote it. Updates,
    SERVICE and FROM with outside graphs are refused; each query runs in a process
    that is killed at the time limit.

    \b
    Example:
        relocgraph build
        relocgraph serve
        relocgraph serve --port 8080 --timeout 5 --max-rows 1000
        curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * {?s ?p ?o} LIMIT 3' \\
             http://127.0.0.1:8000/sparql
    """
    require("jinja2", "serve")
    from relocgraph.web.serve import ServerConfig, find_assets_dir
    from relocgraph.web.serve import serve as run_server

    config = ServerConfig(
        data_path=data_path,
        host=host,
        port=port,
        timeout=timeout,
        max_rows=max_rows,
        memory_mb=memory_mb,
        workers=workers,
        cors_origin=cors_origin,
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
