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


if __name__ == "__main__":  # pragma: no cover
    main()
