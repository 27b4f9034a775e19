"""The ``relocgraph`` command line.

This module only parses options and calls the public functions that notebooks use
too. Heavy libraries (rdflib, pandas, pyvis, owlready2…) are imported inside the
commands that need them, so ``relocgraph --help`` and ``relocgraph query`` start fast.

Exit codes: 0 success, 1 findings (validation failures, lint errors), 2 bad input or
usage.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import RelocgraphError

F = TypeVar("F", bound=Callable[..., Any])

OUTPUT_FORMATS = ("table", "csv", "tsv", "json", "markdown")


def handle_errors(func: F) -> F:
    """Turn relocgraph's own errors into a message on stderr and a meaningful exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RelocgraphError as e:
            click.secho(f"error: {e}", fg="red", err=True)
            sys.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def output_options(func: F) -> F:
    """Shared ``--format``/``--output`` options for every command that prints a table."""
    func = click.option(
        "--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file (atomically) instead of standard output.",
    )(func)
    func = click.option(
        "--format", "-f", "fmt", type=click.Choice(OUTPUT_FORMATS), default="table",
        show_default=True, help="Output format: a table for people, CSV/TSV/JSON for programs.",
    )(func)
    return func


def root_option(func: F) -> F:
    return click.option(
        "--root", type=click.Path(file_okay=False, exists=True, path_type=Path), default=Path("."),
        show_default=True, help="Project folder holding ontology/ and data/.",
    )(func)


def out_option(func: F) -> F:
    return click.option(
        "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
        default=Path("build"), show_default=True, help="Folder for build outputs.",
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="relocgraph")
def main() -> None:
    """relocgraph: press releases → a knowledge graph where every fact quotes its source.

    \b
    Example:
        relocgraph build
        relocgraph query figures
        relocgraph viz
    """


@main.command()
@root_option
@out_option
@click.option("--quiet", "-q", is_flag=True, help="Print nothing on success.")
@click.option("--no-reason", is_flag=True,
              help="Skip OWL reasoning (no graph:inferred in the outputs).")
@handle_errors
def build(root: Path, out_dir: Path, quiet: bool, no_reason: bool) -> None:
    """Build the graph from ontology/ and data/, checking every quote against its source.

    Writes build/relocgraph.trig (one named graph per document), relocgraph.nq, and the
    union as relocgraph.ttl and relocgraph.nt. Nothing is written unless the whole
    build succeeds.

    \b
    Example:
        relocgraph build
        relocgraph build --out /tmp/graph
        relocgraph build --no-reason
    """
    from .build import build as run_build
    from .outputs import write_dataset

    result = run_build(root)
    if not no_reason:
        from .reason import add_inferred, build_files, reason

        inferred = reason(result.dataset, cache_dir=out_dir / ".cache", files=build_files(result))
        if inferred.notice:
            click.echo(f"note: {inferred.notice}", err=True)
        add_inferred(result.dataset, inferred)
        if not quiet:
            click.echo(inferred.summary())
    paths = write_dataset(result.dataset, out_dir)
    if not quiet:
        click.echo(
            f"built {len(result.documents)} documents, {result.statement_count} statements, "
            f"{result.evidence_count} evidence spans, {len(result.dataset)} quads"
        )
        for path in paths.values():
            click.echo(f"  wrote {path}")


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint="--param")
        params[name.strip().lstrip("?")] = value
    return params


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text)
    else:
        from .outputs import write_text_atomic

        write_text_atomic(output, text + "\n")
        click.echo(f"wrote {output}", err=True)


@main.command()
@click.argument("name", required=False)
@click.option("--file", "query_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Run the SPARQL query in this .rq file instead of a named query.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query variable (IRIs as CURIEs: person:laurent-wauquiez). Repeatable.")
@click.option("--data", "data_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("build/relocgraph.trig"), show_default=True,
              help="Built dataset to query (TriG or N-Quads).")
@click.option("--full-iris", is_flag=True, help="Show full IRIs instead of CURIEs in tables.")
@click.option("--columns", "-c", metavar="A,B,…", help="Keep only these result columns, in this order.")
@output_options
@handle_errors
def query(name: str | None, query_file: Path | None, params: tuple[str, ...], data_path: Path,
          full_iris: bool, columns: str | None, fmt: str, output: Path | None) -> None:
    """Run a named query (see `relocgraph queries`) or your own SPARQL file.

    \b
    Example:
        relocgraph query figures
        relocgraph query figures --format csv -o figures.csv
        relocgraph query figures -c indicator_label,value,verbatim,period,credited_to
        relocgraph query statements-about --param entity=person:stephanie-pernod
        relocgraph query --file my-question.rq --format json
    """
    from .errors import QueryError
    from .query import (
        compact_iris,
        execute,
        format_frame,
        load_dataset,
        resolve_term,
        result_frame,
        run_query,
    )

    if (name is None) == (query_file is None):
        raise click.UsageError("give a query NAME or --file FILE (one of them)")
    if query_file is not None:
        text = query_file.read_text(encoding="utf-8")
        if not text.strip():
            raise QueryError(f"{query_file}: empty query file")
        frame = result_frame(execute(load_dataset(data_path), text,
                                     {k: resolve_term(v) for k, v in _parse_params(params).items()},
                                     origin=str(query_file)))
    else:
        frame = run_query(name or "", dataset=load_dataset(data_path), params=_parse_params(params))
    if columns:
        wanted = [c.strip() for c in columns.split(",") if c.strip()]
        unknown = [c for c in wanted if c not in frame.columns]
        if unknown:
            raise QueryError(f"no column {unknown[0]!r}; columns: {', '.join(map(str, frame.columns))}")
        frame = frame[wanted]
    if fmt in ("table", "markdown") and not full_iris:
        frame = compact_iris(frame)
    _emit(format_frame(frame, fmt), output)


@main.command()
@output_options
@handle_errors
def queries(fmt: str, output: Path | None) -> None:
    """List the named queries with their titles and parameters.

    \b
    Example:
        relocgraph queries
        relocgraph queries --format markdown
    """
    import pandas as pd

    from .query import format_frame, list_queries

    frame = pd.DataFrame(
        [(q.name, q.title, ", ".join(p.name for p in q.parameters), q.description)
         for q in list_queries()],
        columns=["name", "title", "parameters", "description"],
    )
    if fmt == "table":
        frame = frame.drop(columns=["description"])
    _emit(format_frame(frame, fmt, max_width=80), output)


@main.command()
@click.option("--data", "data_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("build/relocgraph.trig"), show_default=True,
              help="Built dataset to summarise.")
@handle_errors
def summary(data_path: Path) -> None:
    """Print counts per class, the sources, and answers to three headline questions.

    \b
    Example:
        relocgraph summary
    """
    from .query import load_dataset
    from .summary import render_summary

    click.echo(render_summary(load_dataset(data_path)))


REPORT_FORMATS = ("terminal", "markdown", "json", "tsv")


def report_options(func: F) -> F:
    """``--format``/``--output`` for commands that print a findings report."""
    func = click.option(
        "--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
        help="Write the report to this file (atomically) instead of standard output.",
    )(func)
    func = click.option(
        "--format", "-f", "fmt", type=click.Choice(REPORT_FORMATS), default="terminal",
        show_default=True, help="Report format: text for people, Markdown, JSON or TSV.",
    )(func)
    return func


def _emit_report(report: Any, fmt: str, output: Path | None) -> None:
    """Print or write a report; exit 1 when it holds errors."""
    text = report.render(fmt)
    if output is not None:
        from .outputs import write_text_atomic

        write_text_atomic(output, text)
        click.echo(f"{report.summary()}; wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
    if not report.ok:
        sys.exit(1)


@main.command()
@root_option
@out_option
@click.option("--reasoner", type=click.Choice(["auto", "hermit", "owlrl"]), default="auto",
              show_default=True,
              help="HermiT (needs Java), owlrl (OWL 2 RL, pure Python), or auto: HermiT, "
                   "else owlrl.")
@click.option("--no-cache", is_flag=True, help="Reason again even if the inputs did not change.")
@handle_errors
def reason(root: Path, out_dir: Path, reasoner: str, no_cache: bool) -> None:
    """Check that the ontology and data are consistent, and list what reasoning adds.

    Builds the graph, runs the OWL reasoner over the ontology and every asserted
    graph, and prints the inferred facts counted by kind. `relocgraph build` puts
    them in the named graph graph:inferred. Exit 1 when the graph is inconsistent,
    with the entities involved.

    \b
    Example:
        relocgraph reason
        relocgraph reason --reasoner owlrl
    """
    from .build import build as run_build
    from .reason import build_files
    from .reason import reason as run_reason

    result = run_build(root)
    inferred = run_reason(result.dataset, reasoner=reasoner, files=build_files(result),
                          cache_dir=None if no_cache else out_dir / ".cache")
    if inferred.notice:
        click.echo(f"note: {inferred.notice}", err=True)
    click.echo(f"consistent; {inferred.summary()}")
    width = max((len(k) for k in inferred.counts), default=0)
    for kind, count in inferred.counts.items():
        click.echo(f"  {kind:<{width}}  {count:>5}")


@main.command()
@root_option
@report_options
@click.option("--no-lint", is_flag=True, help="Skip the ontology checks of `relocgraph lint`.")
@handle_errors
def validate(root: Path, fmt: str, output: Path | None, no_lint: bool) -> None:
    """Check the data: SHACL shapes, quotes against their sources, and the ontology lint.

    Rebuilds the graph (every quote must be found exactly once in its source), runs
    the shapes of ontology/shapes.ttl, then `relocgraph lint`. Each finding names
    the entity (with its label), the property, the problem and the file to fix.
    Exit 0 when clean, 1 when something fails.

    \b
    Example:
        relocgraph validate
        relocgraph validate --format markdown --output build/validation.md
        relocgraph validate --format json
    """
    from .validate import validate as run_validate

    _emit_report(run_validate(root, lint=not no_lint), fmt, output)


@main.command()
@root_option
@report_options
@handle_errors
def lint(root: Path, fmt: str, output: Path | None) -> None:
    """Check the ontology for common pitfalls (labels, domains, namespaces, cycles…).

    Offline checks in the spirit of OOPS! and ROBOT report: labels and definitions
    in French and English, one domain and range per property, no undeclared or
    misspelt terms of reused vocabularies, no subclass cycles, consistent inverse
    and transitive properties, ontology metadata. Exit 1 on any error.

    \b
    Example:
        relocgraph lint
        relocgraph lint --format json
    """
    from .lint import lint as run_lint

    _emit_report(run_lint(root), fmt, output)


@main.command()
@root_option
@out_option
@handle_errors
def docs(root: Path, out_dir: Path) -> None:
    """Write HTML documentation of the ontology to build/docs/index.html (offline).

    Every class and property with its French and English labels, definitions,
    domain, range and the standard terms it reuses, generated by pyLODE.

    \b
    Example:
        relocgraph docs
        relocgraph docs --out /tmp/site
    """
    from .docs import write_docs

    click.echo(f"wrote {write_docs(root, out_dir)}")


@main.command()
@click.option("--data", "data_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("build/relocgraph.trig"), show_default=True,
              help="Built dataset to serve (TriG or N-Quads).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback exposes the data to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--timeout", type=click.FloatRange(0.1, 3600), default=10.0, show_default=True,
              help="Wall-clock limit per query, in seconds; the query's process is killed.")
@click.option("--max-rows", type=click.IntRange(1), default=10_000, show_default=True,
              help="Most result rows a query returns (more are cut, with a header saying so).")
@click.option("--max-memory", "memory_mb", type=click.IntRange(64), default=1024,
              show_default=True, help="Extra memory a query process may use, in MiB.")
@click.option("--workers", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Query processes running at once.")
@click.option("--cors-origin", default=None,
              help="Send Access-Control-Allow-Origin with this origin (off by default).")
@handle_errors
def serve(data_path: Path, host: str, port: int, timeout: float, max_rows: int,
          memory_mb: int, workers: int, cors_origin: str | None) -> None:
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
    from .serve import ServerConfig, find_assets_dir
    from .serve import serve as run_server

    config = ServerConfig(data_path=data_path, host=host, port=port, timeout=timeout,
                          max_rows=max_rows, memory_mb=memory_mb, workers=workers,
                          cors_origin=cors_origin, assets_dir=find_assets_dir())

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.secho(f"warning: listening on {host}: other machines can query this server",
                    fg="yellow", err=True)

    def ready(url: str) -> None:
        click.echo(f"serving {data_path} at {url} (SPARQL endpoint: {url}sparql); "
                   "Ctrl-C to stop", err=False)
        sys.stdout.flush()

    run_server(config, ready=ready)


if __name__ == "__main__":  # pragma: no cover
    main()
