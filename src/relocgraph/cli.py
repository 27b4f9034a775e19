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
@handle_errors
def build(root: Path, out_dir: Path, quiet: bool) -> None:
    """Build the graph from ontology/ and data/, checking every quote against its source.

    Writes build/relocgraph.trig (one named graph per document), relocgraph.nq, and the
    union as relocgraph.ttl and relocgraph.nt, then loads the N-Quads into the Oxigraph
    store build/oxigraph/ that `relocgraph query` opens without re-parsing. Nothing is
    written unless the whole build succeeds.

    \b
    Example:
        relocgraph build
        relocgraph build --out /tmp/graph
    """
    from .build import build as run_build
    from .outputs import write_dataset
    from .store import build_store

    result = run_build(root)
    paths = write_dataset(result.dataset, out_dir)
    paths["oxigraph"] = build_store(paths["nquads"])
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
@click.option("--backend", "-b", type=click.Choice(["auto", "oxigraph", "rdflib"]), default="auto",
              show_default=True,
              help="Query engine: auto = the Oxigraph store `build` persists (fastest, see README).")
@click.option("--endpoint", metavar="URL",
              help="Query this SPARQL 1.1 endpoint instead of local data (credentials: "
                   "RELOCGRAPH_ENDPOINT_USER / RELOCGRAPH_ENDPOINT_PASSWORD in the environment).")
@click.option("--full-iris", is_flag=True, help="Show full IRIs instead of CURIEs in tables.")
@click.option("--columns", "-c", metavar="A,B,…", help="Keep only these result columns, in this order.")
@output_options
@handle_errors
def query(name: str | None, query_file: Path | None, params: tuple[str, ...], data_path: Path,
          backend: str, endpoint: str | None, full_iris: bool, columns: str | None, fmt: str,
          output: Path | None) -> None:
    """Run a named query (see `relocgraph queries`) or your own SPARQL file.

    The query runs on the Oxigraph store that `relocgraph build` persists next to the
    data (no re-parsing, answers in milliseconds), on rdflib (--backend rdflib), or on
    a remote SPARQL store (--endpoint) loaded with `relocgraph push`.

    \b
    Example:
        relocgraph query figures
        relocgraph query figures --format csv -o figures.csv
        relocgraph query figures -c indicator_label,value,verbatim,period,credited_to
        relocgraph query statements-about --param entity=person:stephanie-pernod
        relocgraph query --file my-question.rq --format json
        relocgraph query figures --backend rdflib
        relocgraph query figures --endpoint http://127.0.0.1:8890/sparql
    """
    # Light path: no pandas, no rdflib unless --backend rdflib (see README, "Scaling").
    from .errors import QueryError
    from .query import choose_backend, run_table
    from .store import parse_param
    from .table import Table, compact_table, format_table

    if (name is None) == (query_file is None):
        raise click.UsageError("give a query NAME or --file FILE (one of them)")
    if query_file is not None:
        text = query_file.read_text(encoding="utf-8")
        if not text.strip():
            raise QueryError(f"{query_file}: empty query file")
        engine = choose_backend(backend=backend, endpoint=endpoint, data=data_path)
        table = engine.select(text, {k: parse_param(v) for k, v in _parse_params(params).items()},
                              origin=str(query_file))
    else:
        table = run_table(name or "", params=_parse_params(params), backend=backend,
                          endpoint=endpoint, data=data_path)
    if columns:
        wanted = [c.strip() for c in columns.split(",") if c.strip()]
        unknown = [c for c in wanted if c not in table.columns]
        if unknown:
            raise QueryError(f"no column {unknown[0]!r}; columns: {', '.join(table.columns)}")
        index = [table.columns.index(c) for c in wanted]
        table = Table(wanted, [[row[i] for i in index] for row in table.rows])
    if fmt in ("table", "markdown") and not full_iris:
        table = compact_table(table)
    _emit(format_table(table, fmt), output)


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
    from .query import list_queries
    from .table import Table, format_table

    rows = [[q.name, q.title, ", ".join(p.name for p in q.parameters), q.description]
            for q in list_queries()]
    table = Table(["name", "title", "parameters", "description"], rows)
    if fmt == "table":
        table = Table(table.columns[:3], [r[:3] for r in rows])
    _emit(format_table(table, fmt, max_width=80), output)


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


def _progress(length: int, label: str) -> Any:
    """A progress bar on standard error (click hides it when stderr is not a terminal)."""
    return click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True)


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol endpoint (Virtuoso: …/sparql-graph-crud-auth; Fuseki: "
                   "…/DATASET/data), or a SPARQL Update endpoint with --protocol update.")
@click.option("--protocol", type=click.Choice(["gsp", "update"]), default="gsp", show_default=True,
              help="gsp: one PUT per named graph (replaces it); update: DROP + INSERT DATA.")
@click.option("--data", "data_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("build/relocgraph.nq"), show_default=True,
              help="Built dataset to push (N-Quads or TriG).")
@click.option("--timeout", type=float, default=600.0, show_default=True,
              help="Seconds to wait for each request.")
@handle_errors
def push(endpoint: str, protocol: str, data_path: Path, timeout: float) -> None:
    """Load the built dataset, named graphs kept, into any SPARQL 1.1 store.

    Credentials come from the environment only: RELOCGRAPH_ENDPOINT_USER and
    RELOCGRAPH_ENDPOINT_PASSWORD (HTTP Basic or Digest, as the store asks), or
    RELOCGRAPH_ENDPOINT_TOKEN (Bearer). Pushing again replaces each graph.

    \b
    Example:
        export RELOCGRAPH_ENDPOINT_USER=dba RELOCGRAPH_ENDPOINT_PASSWORD=…
        relocgraph push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth
        relocgraph query figures --endpoint http://127.0.0.1:8890/sparql
        relocgraph push --endpoint http://localhost:3030/ds/update --protocol update
    """
    from .errors import BuildMissingError
    from .remote import push as run_push
    from .remote import redact

    if not data_path.is_file():
        raise BuildMissingError(f"{data_path} does not exist; run `relocgraph build` first")
    with data_path.open("rb") as f:
        triples = sum(1 for _ in f) if data_path.suffix == ".nq" else 0
    with _progress(triples, "pushing triples") as bar:
        graphs = run_push(data_path, endpoint, protocol=protocol, progress=bar.update,
                          timeout=timeout)
    click.echo(f"pushed {len(graphs)} named graphs to {redact(endpoint)}", err=True)


@main.command()
@click.option("--documents", "-n", type=click.IntRange(1), default=450, show_default=True,
              help="Press releases to generate (~200 triples each: 40 ≈ 10k, 450 ≈ 100k, "
                   "4500 ≈ 1M triples).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Random seed: the same seed and size give byte-identical output.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("build/synth"), show_default=True, help="Folder for relocgraph.nq.")
@click.option("--store/--no-store", default=False, show_default=True,
              help="Also build the Oxigraph store next to it (for `query --data DIR/relocgraph.nq`).")
@root_option
@handle_errors
def synth(documents: int, seed: int, out_dir: Path, store: bool, root: Path) -> None:
    """Generate a synthetic corpus that follows the ontology (for benchmarks and scale tests).

    Regions, officials, posts, plans, packs, companies and sites, and press releases
    with fact statements, reported figures and quotations, each with its evidence span,
    written as N-Quads (one named graph per document).

    \b
    Example:
        relocgraph synth --documents 4500 --seed 1 --out build/synth-1m --store
        relocgraph query figures --data build/synth-1m/relocgraph.nq -c indicator_label,value
    """
    from .store import build_store
    from .synth import synthesize

    with _progress(documents, "generating documents") as bar:
        result = synthesize(documents, seed=seed, out=out_dir, root=root, progress=bar.update)
    click.echo(f"wrote {result.path}: {result.documents} documents, {result.regions} regions, "
               f"{result.quads} quads", err=True)
    if store:
        size = result.path.stat().st_size
        with _progress(size, "loading into Oxigraph") as bar:
            path = build_store(result.path, progress=bar.update)
        click.echo(f"wrote {path}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
