"""Commands that read the built graph: query, queries, summary, export."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from relocgraph.cli.app import main
from relocgraph.cli.options import (
    _emit,
    _loading_bar,
    _parse_params,
    choice_option,
    data_option,
    handle_errors,
    lang_option,
    output_options,
)


@main.command()
@click.argument("name", required=False)
@click.option(
    "--file",
    "query_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Run the SPARQL query in this .rq file instead of a named query.",
)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a query variable (IRIs as CURIEs: person:laurent-wauquiez). Repeatable.",
)
@data_option("Built dataset to query (TriG or N-Quads); its Oxigraph store is used.")
@choice_option(
    "--backend",
    "-b",
    choices=["oxigraph", "rdflib"],
    help="Query engine: the Oxigraph store `build` persists (fastest), or rdflib.",
)
@click.option(
    "--endpoint",
    metavar="URL",
    help="Query this SPARQL 1.1 endpoint instead of local data (credentials: "
    "RELOCGRAPH_ENDPOINT_USER / RELOCGRAPH_ENDPOINT_PASSWORD in the environment).",
)
@click.option("--full-iris", is_flag=True, help="Show full IRIs instead of CURIEs in tables.")
@click.option("--columns", "-c", metavar="A,B,…", help="Keep only these result columns, in this order.")
@output_options
@handle_errors
def query(
    name: str | None,
    query_file: Path | None,
    params: tuple[str, ...],
    data_path: Path,
    backend: str,
    endpoint: str | None,
    full_iris: bool,
    columns: str | None,
    fmt: str,
    output: Path | None,
) -> None:
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
    from relocgraph.model.errors import QueryError
    from relocgraph.model.table import Table, compact_table, format_table
    from relocgraph.store import open_store, run_table

    if (name is None) == (query_file is None):
        raise click.UsageError("give a query NAME or --file FILE (one of them)")
    if query_file is not None:
        from relocgraph.store.catalogue import read_query_file

        text = read_query_file(query_file)
        if not text.strip():
            raise QueryError(f"{query_file}: empty query file")
    # off a terminal click would still print the bar's label: keep pipes clean
    loading = _loading_bar if sys.stderr.isatty() else None
    store = open_store(data_path, backend=endpoint or backend, loading=loading)
    if query_file is not None:
        _warn_unknown_terms(text, store, query_file)
        table = store.select(text, _parse_params(params), origin=str(query_file))
    else:
        table = run_table(name or "", _parse_params(params), store=store)
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


def _warn_unknown_terms(text: str, store: object, query_file: Path) -> None:
    """Say on stderr which predicates or classes of the query the graph does not know:
    a misspelt term silently matches nothing. The query still runs."""
    from relocgraph.model.prefixes import curie
    from relocgraph.store.vocabulary import unknown_terms

    for term in unknown_terms(text, store):
        click.echo(
            f"warning: {query_file}: {curie(term)} is in no vocabulary of the project (nothing "
            "in the ontology, the registry or the data uses it); the query may match nothing",
            err=True,
        )


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
    from relocgraph.model.table import Table, format_table
    from relocgraph.store.catalogue import list_queries

    rows = [[q.name, q.title, ", ".join(p.name for p in q.parameters), q.description] for q in list_queries()]
    table = Table(["name", "title", "parameters", "description"], rows)
    if fmt == "table":
        table = Table(table.columns[:3], [r[:3] for r in rows])
    _emit(format_table(table, fmt, max_width=80), output)


@main.command()
@data_option("Built dataset whose checks to list.")
@click.option("--failing", is_flag=True, help="List only the checks that fail (a difference or not found).")
@output_options
@handle_errors
def check(data_path: Path, failing: bool, fmt: str, output: Path | None) -> None:
    """List the verdicts of the checks of claims against third-party reference data.

    Each figure or company sector a document states is compared by the build's check
    rules with the reference documents (kinds reference-*). Exit status 1 when a check
    fails (a value, period, scope, indicator or unit differs, or the figure is not found
    in the source it cites), 0 otherwise; claims with no reference do not fail.

    \b
    Example:
        relocgraph check
        relocgraph check --failing --format csv
    """
    from relocgraph.model.table import Table, compact_table, format_table
    from relocgraph.store import open_store, run_table

    table = run_table("checks", {}, store=open_store(data_path))
    columns = [
        "outcome",
        "verdict_label",
        "claim_document",
        "claim_value",
        "reference_document",
        "reference_value",
    ]
    if fmt != "table":
        columns += ["reasons", "claim_quote", "reference_quote", "claim", "reference"]
    index = [table.columns.index(c) for c in columns]
    outcomes = table.columns.index("outcome")
    rows = [row for row in table.rows if not failing or row[outcomes] == "fails"]
    failed = {row[table.columns.index("check")] for row in table.rows if row[outcomes] == "fails"}
    shown = Table(columns, [[row[i] for i in index] for row in rows])
    if fmt in ("table", "markdown"):
        shown = compact_table(shown)
    _emit(format_table(shown, fmt), output)
    checks = {row[table.columns.index("check")] for row in table.rows}
    click.echo(f"{len(checks)} checks, {len(failed)} failing", err=True)
    if failed:
        sys.exit(1)


@main.command()
@data_option("Built dataset to summarise.")
@handle_errors
def summary(data_path: Path) -> None:
    """Print counts per class, the sources, and answers to three headline questions.

    \b
    Example:
        relocgraph summary
    """
    from relocgraph.analysis.rows import open_built
    from relocgraph.analysis.summary import render_summary

    click.echo(render_summary(open_built(data_path)))


@main.command()
@choice_option(
    "--format",
    "-f",
    "fmt",
    choices=["trig", "nquads", "turtle", "ntriples", "jsonld", "graphml", "gexf", "csv"],
    help="trig/nquads/jsonld keep the named graphs; turtle/ntriples hold their union; "
    "graphml/gexf the network (Gephi); csv one table per class of statement.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="File to write (a folder, or a .zip, for csv). "
    "Default: build/export/relocgraph.<ext> or build/export/csv/.",
)
@data_option("Built dataset to export (TriG or N-Quads).")
@lang_option("Label language of the graph formats.")
@handle_errors
def export(fmt: str, output: Path | None, data_path: Path, lang: str) -> None:
    """Export the built graph for other tools (RDF stores, Gephi, spreadsheets).

    Every export is deterministic: the same build gives byte-identical files.

    \b
    Example:
        relocgraph export --format jsonld
        relocgraph export --format gexf -o graph.gexf
        relocgraph export --format csv -o tables.zip
    """
    from relocgraph.analysis.export import export_build

    path = export_build(data_path, fmt, output, lang=lang)
    click.echo(f"wrote {path}")
