"""Commands that make or check the graph: build, reason, validate, lint, docs."""

from __future__ import annotations

from pathlib import Path

import click

from relocgraph.cli.app import main
from relocgraph.cli.options import (
    _emit_report,
    choice_option,
    handle_errors,
    out_option,
    quiet_option,
    report_options,
    root_option,
)


@main.command()
@root_option
@out_option
@quiet_option
@click.option("--no-reason", is_flag=True, help="Skip OWL reasoning (no graph:inferred in the outputs).")
@handle_errors
def build(root: Path, out_dir: Path | None, quiet: bool, no_reason: bool) -> None:
    """Build the graph from ontology/ and data/, checking every quote against its source.

    Writes build/relocgraph.trig (one named graph per document, plus graph:derived for
    the figures computed by the rules in relocgraph/rules/ and graph:inferred for what the
    reasoner adds), relocgraph.nq, and the union as relocgraph.ttl and relocgraph.nt, then
    loads the N-Quads into the Oxigraph store build/oxigraph/ that `relocgraph query` opens
    without re-parsing. Nothing is written unless the whole build succeeds.

    \b
    Example:
        relocgraph build
        relocgraph build --out /tmp/graph
        relocgraph build --no-reason
    """
    from relocgraph.ingest.journal import recover
    from relocgraph.pipeline.run import build_all

    recovered = recover(root)  # an accept interrupted by a crash is finished or undone first
    if recovered:
        click.echo(f"note: an interrupted `relocgraph accept` was {recovered}", err=True)
    outcome = build_all(
        root,
        out_dir,
        reason=not no_reason,
        note=lambda n: click.echo(f"note: {n}", err=True),
        skip_if_unchanged=True,  # inputs hashed as the current build's: nothing to do
    )
    if not quiet:
        if outcome.reasoning is not None:
            click.echo(outcome.reasoning.summary())
        elif "reasoning" in outcome.recorded:
            click.echo(outcome.recorded["reasoning"])
        click.echo(outcome.summary())
        for path in outcome.paths.values():
            click.echo(f"  up to date: {path}" if outcome.unchanged else f"  wrote {path}")


@main.command()
@root_option
@out_option
@choice_option(
    "--reasoner",
    choices=["auto", "hermit", "owlrl"],
    help="HermiT (needs Java), owlrl (OWL 2 RL, pure Python), or auto: HermiT, else owlrl.",
)
@click.option("--no-cache", is_flag=True, help="Reason again even if the inputs did not change.")
@handle_errors
def reason(root: Path, out_dir: Path | None, reasoner: str, no_cache: bool) -> None:
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
    from relocgraph.pipeline.build import build as run_build
    from relocgraph.pipeline.reason import build_files
    from relocgraph.pipeline.reason import reason as run_reason

    result = run_build(root)
    inferred = run_reason(
        result.dataset,
        reasoner=reasoner,
        files=build_files(result),
        cache_dir=None if no_cache else (out_dir or root / "build") / ".cache",
    )
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
    from relocgraph.check.validate import validate as run_validate

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
    from relocgraph.check.lint import lint as run_lint

    _emit_report(run_lint(root), fmt, output)


@main.command()
@root_option
@out_option
@handle_errors
def docs(root: Path, out_dir: Path | None) -> None:
    """Write HTML documentation of the ontology to build/docs/index.html (offline).

    Every class and property with its French and English labels, definitions,
    domain, range and the standard terms it reuses, generated by pyLODE.

    \b
    Example:
        relocgraph docs
        relocgraph docs --out /tmp/site
    """
    from relocgraph.check.docs import write_docs

    click.echo(f"wrote {write_docs(root, out_dir or root / 'build')}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--example", is_flag=True, help="Copy in the seed documents, so that `build` works at once.")
@handle_errors
def init(directory: Path, example: bool) -> None:
    """Lay out a new project: data/sources/, data/statements/, data/entities.ttl.

    The project uses the ontology that ships with relocgraph unless it has an
    ontology/ folder of its own. Refuses to touch a folder that already has data/.

    \b
    Example:
        relocgraph init myproject --example
        relocgraph build --root myproject
    """
    from relocgraph.pipeline.project import init_project

    for path in init_project(directory, example=example):
        click.echo(f"  made {path}{'/' if path.is_dir() else ''}")
