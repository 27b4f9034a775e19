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
    union as relocgraph.ttl and relocgraph.nt. Nothing is written unless the whole
    build succeeds.

    \b
    Example:
        relocgraph build
        relocgraph build --out /tmp/graph
    """
    from .build import build as run_build
    from .outputs import write_dataset

    result = run_build(root)
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



if __name__ == "__main__":  # pragma: no cover
    main()
