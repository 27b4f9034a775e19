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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from relocgraph.model.errors import RelocgraphError

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


def format_options(
    formats: tuple[str, ...], default: str, format_help: str, output_help: str
) -> Callable[[F], F]:
    """A decorator adding ``--format``/``--output`` with the given format choices."""

    def decorate(func: F) -> F:
        func = click.option(
            "--output",
            "-o",
            type=click.Path(dir_okay=False, path_type=Path),
            help=output_help,
        )(func)
        func = click.option(
            "--format",
            "-f",
            "fmt",
            type=click.Choice(formats),
            default=default,
            show_default=True,
            help=format_help,
        )(func)
        return func

    return decorate


#: Shared ``--format``/``--output`` options for every command that prints a table.
output_options = format_options(
    OUTPUT_FORMATS,
    "table",
    "Output format: a table for people, CSV/TSV/JSON for programs.",
    "Write to this file (atomically) instead of standard output.",
)


def data_option(help_text: str, *, default: str = "build/relocgraph.trig") -> Callable[[F], F]:
    """``--data PATH``: the built dataset a command reads."""
    return click.option(
        "--data",
        "data_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path(default),
        show_default=True,
        help=help_text,
    )


def root_option(func: F) -> F:
    return click.option(
        "--root",
        type=click.Path(file_okay=False, exists=True, path_type=Path),
        default=Path("."),
        show_default=True,
        help="Project folder holding ontology/ and data/.",
    )(func)


def out_option(func: F) -> F:
    return click.option(
        "--out",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("build"),
        show_default=True,
        help="Folder for build outputs.",
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
@click.option("--no-reason", is_flag=True, help="Skip OWL reasoning (no graph:inferred in the outputs).")
@handle_errors
def build(root: Path, out_dir: Path, quiet: bool, no_reason: bool) -> None:
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
    from relocgraph.pipeline.build import build as run_build
    from relocgraph.pipeline.derive import derive
    from relocgraph.pipeline.outputs import write_dataset
    from relocgraph.store.backends import build_store

    result = run_build(root)
    derive(result.dataset)
    if not no_reason:
        from relocgraph.pipeline.reason import add_inferred, build_files, reason

        inferred = reason(result.dataset, cache_dir=out_dir / ".cache", files=build_files(result))
        if inferred.notice:
            click.echo(f"note: {inferred.notice}", err=True)
        add_inferred(result.dataset, inferred)
        if not quiet:
            click.echo(inferred.summary())
    paths = write_dataset(result.dataset, out_dir)
    paths["oxigraph"] = build_store(paths["nquads"])
    if not quiet:
        click.echo(
            f"built {len(result.documents)} documents, {result.statement_count} statements, "
            f"{result.evidence_count} evidence spans, {len(result.dataset)} quads"
        )
        for path in paths.values():
            click.echo(f"  wrote {path}")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@root_option
@click.option("--slug", help="Document name (default: cp-<dateline date>, e.g. cp-2025-03-01).")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the extracted items as JSON Lines, one object per item; write nothing.",
)
@click.option("--force", is_flag=True, help="Replace an existing draft that has other content.")
@handle_errors
def ingest(file: Path, root: Path, slug: str | None, as_json: bool, force: bool) -> None:
    """Extract a French press release (.txt or .html) into a draft for review.

    Writes data/sources/<slug>.txt (the text), data/statements/<slug>.draft.ttl (one
    statement block per extracted item, each with its type and confidence) and, when the
    draft needs entities the registry lacks, data/entities.draft/<slug>.ttl. Prints a
    review table. Never overwrites curated files; running it twice writes the same bytes.
    Review the draft, then run `relocgraph accept`.

    \b
    Example:
        relocgraph ingest communique.txt
        relocgraph ingest communique.html --slug cp-2025-01-14-grand-est
        relocgraph ingest communique.txt --json | jq -c 'select(.type=="figure")'
    """
    import json

    from relocgraph.ingest.draft import ingest_file

    result = ingest_file(file, root, slug=slug, force=force, write=not as_json)
    draft = result.draft
    if as_json:
        for item in draft.items:
            row = item.to_json()
            link = draft.links.get(id(item))
            if link:
                row["entity"], row["entity_status"] = link
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    click.echo(_review_table(draft))
    for path in result.written:
        click.echo(f"wrote {path}")
    if not result.written:
        click.echo("nothing to write: the draft is up to date")
    click.echo(
        f"next: review {result.draft_path}"
        + (f" and {result.entities_path}" if result.entities_path else "")
        + f", then run: relocgraph accept {result.draft_path}"
    )


def _review_table(draft: Any) -> str:
    """One line per extracted item: type, confidence, words, what was read, entity."""
    rows = [("type", "conf", "text", "read as", "entity")]
    for item in draft.items:
        if item.type == "figure":
            detail = f"{item.value} {item.unit or ''}".strip()
            if item.attrs.get("period"):
                detail += f" · {item.attrs['period']}"
        elif item.type == "quote":
            detail = f"by {item.speaker}" if item.speaker else "speaker not found"
        elif item.type in ("date", "dateline"):
            detail = str(item.value or "?")
        elif item.type == "post":
            detail = f"of {item.attrs['person']}"
        else:
            detail = ""
        link = draft.links.get(id(item))
        entity = f"{link[0]} ({link[1]})" if link else ""
        text = " ".join(item.text.split())
        text = text if len(text) <= 48 else text[:47] + "…"
        rows.append((item.type, f"{item.confidence:.2f}", text, detail[:40], entity))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows)


@main.command()
@click.argument("draft", type=click.Path(dir_okay=False, path_type=Path))
@root_option
@handle_errors
def accept(draft: Path, root: Path) -> None:
    """Check a reviewed draft with the real build and validation, then make it curated.

    Refuses while data/entities.draft/<slug>.ttl still says '# reviewed: no'; runs the
    build (every quote located once in the source, figures parsed) and `relocgraph
    validate` on a copy of the project (exit 2 on bad input, 1 on validation findings);
    then renames the draft to data/statements/<slug>.ttl (never over an existing file)
    and merges the reviewed entities into data/entities.ttl.

    \b
    Example:
        relocgraph accept data/statements/cp-2025-03-01.draft.ttl
        relocgraph build
    """
    from relocgraph.ingest.accept import accept as run_accept

    result = run_accept(draft, root)
    click.echo(f"accepted {result.curated} ({result.statements} statements)")
    if result.entities_added:
        click.echo(f"added {result.entities_added} entities to data/entities.ttl")
    click.echo("next: relocgraph build")


@main.command("ingest-score")
@click.option(
    "--gold",
    "gold_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path("tests/ingest/gold"),
    show_default=True,
    help="Folder of gold annotation files (*.json).",
)
@click.option("--misses", is_flag=True, help="Also list every miss and false alarm.")
@output_options
@handle_errors
def ingest_score(gold_dir: Path, misses: bool, fmt: str, output: Path | None) -> None:
    """Measure extraction quality: precision and recall per item type, per document set.

    Sets: 'seed' (the project's press releases), 'extra' (test releases written for
    this), 'blind' (a test release annotated before the extractor ever ran on it).

    \b
    Example:
        relocgraph ingest-score
        relocgraph ingest-score --format markdown --misses
    """
    from relocgraph.ingest.score import format_rows, score

    report = score(gold_dir.glob("*.json"))
    text = format_rows(report.rows(), fmt)
    if misses and report.misses:
        text += "\n\n" + "\n".join(report.misses)
    if output is not None:
        from relocgraph.pipeline.outputs import write_text_atomic

        write_text_atomic(output, text + "\n")
    else:
        click.echo(text)


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
        from relocgraph.pipeline.outputs import write_text_atomic

        write_text_atomic(output, text + "\n")
        click.echo(f"wrote {output}", err=True)


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
@data_option("Built dataset to query (TriG or N-Quads).")
@click.option(
    "--backend",
    "-b",
    type=click.Choice(["auto", "oxigraph", "rdflib"]),
    default="auto",
    show_default=True,
    help="Query engine: auto = the Oxigraph store `build` persists (fastest, see README).",
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
    from relocgraph.store.backends import parse_param
    from relocgraph.store.catalogue import choose_backend, run_table

    if (name is None) == (query_file is None):
        raise click.UsageError("give a query NAME or --file FILE (one of them)")
    if query_file is not None:
        text = query_file.read_text(encoding="utf-8")
        if not text.strip():
            raise QueryError(f"{query_file}: empty query file")
    # off a terminal click would still print the bar's label: keep pipes clean
    loading = _loading_bar if sys.stderr.isatty() else None
    if query_file is not None:
        engine = choose_backend(backend=backend, endpoint=endpoint, data=data_path, loading=loading)
        table = engine.select(
            text, {k: parse_param(v) for k, v in _parse_params(params).items()}, origin=str(query_file)
        )
    else:
        table = run_table(
            name or "",
            params=_parse_params(params),
            backend=backend,
            endpoint=endpoint,
            data=data_path,
            loading=loading,
        )
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
    from relocgraph.model.table import Table, format_table
    from relocgraph.store.catalogue import list_queries

    rows = [[q.name, q.title, ", ".join(p.name for p in q.parameters), q.description] for q in list_queries()]
    table = Table(["name", "title", "parameters", "description"], rows)
    if fmt == "table":
        table = Table(table.columns[:3], [r[:3] for r in rows])
    _emit(format_table(table, fmt, max_width=80), output)


@main.command()
@data_option("Built dataset to summarise.")
@handle_errors
def summary(data_path: Path) -> None:
    """Print counts per class, the sources, and answers to three headline questions.

    \b
    Example:
        relocgraph summary
    """
    from relocgraph.analysis.summary import render_summary
    from relocgraph.store.catalogue import load_dataset

    click.echo(render_summary(load_dataset(data_path)))


REPORT_FORMATS = ("terminal", "markdown", "json", "tsv")


#: ``--format``/``--output`` for commands that print a findings report.
report_options = format_options(
    REPORT_FORMATS,
    "terminal",
    "Report format: text for people, Markdown, JSON or TSV.",
    "Write the report to this file (atomically) instead of standard output.",
)


def _emit_report(report: Any, fmt: str, output: Path | None) -> None:
    """Print or write a report; exit 1 when it holds errors."""
    text = report.render(fmt)
    if output is not None:
        from relocgraph.pipeline.outputs import write_text_atomic

        write_text_atomic(output, text)
        click.echo(f"{report.summary()}; wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
    if not report.ok:
        sys.exit(1)


@main.command()
@root_option
@out_option
@click.option(
    "--reasoner",
    type=click.Choice(["auto", "hermit", "owlrl"]),
    default="auto",
    show_default=True,
    help="HermiT (needs Java), owlrl (OWL 2 RL, pure Python), or auto: HermiT, else owlrl.",
)
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
    from relocgraph.pipeline.build import build as run_build
    from relocgraph.pipeline.reason import build_files
    from relocgraph.pipeline.reason import reason as run_reason

    result = run_build(root)
    inferred = run_reason(
        result.dataset,
        reasoner=reasoner,
        files=build_files(result),
        cache_dir=None if no_cache else out_dir / ".cache",
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
def docs(root: Path, out_dir: Path) -> None:
    """Write HTML documentation of the ontology to build/docs/index.html (offline).

    Every class and property with its French and English labels, definitions,
    domain, range and the standard terms it reuses, generated by pyLODE.

    \b
    Example:
        relocgraph docs
        relocgraph docs --out /tmp/site
    """
    from relocgraph.check.docs import write_docs

    click.echo(f"wrote {write_docs(root, out_dir)}")


@main.command()
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["trig", "nquads", "turtle", "ntriples", "jsonld", "graphml", "gexf", "csv"]),
    default="trig",
    show_default=True,
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
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default="fr",
    show_default=True,
    help="Label language of the graph formats.",
)
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
    from relocgraph.analysis.export import export as run_export
    from relocgraph.store.catalogue import load_dataset

    path = run_export(load_dataset(data_path), fmt, output, lang=lang)
    click.echo(f"wrote {path}")


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


def _progress(length: int, label: str) -> Any:
    """A progress bar on standard error (click hides it when stderr is not a terminal)."""
    return click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True)


@contextmanager
def _loading_bar(data_path: Path) -> Iterator[Callable[[int], None]]:
    """A progress bar over the bytes of a file loaded because no store was built from it
    (the 1M-triple synthetic corpus: 12 s)."""
    with _progress(data_path.stat().st_size, f"loading {data_path.name} (no store built from it)") as bar:
        yield bar.update


@main.command()
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="Graph Store Protocol endpoint (Virtuoso: …/sparql-graph-crud-auth; Fuseki: "
    "…/DATASET/data), or a SPARQL Update endpoint with --protocol update.",
)
@click.option(
    "--protocol",
    type=click.Choice(["gsp", "update"]),
    default="gsp",
    show_default=True,
    help="gsp: one PUT per named graph (replaces it); update: DROP + INSERT DATA.",
)
@data_option("Built dataset to push (N-Quads or TriG).", default="build/relocgraph.nq")
@click.option(
    "--timeout", type=float, default=600.0, show_default=True, help="Seconds to wait for each request."
)
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
    from relocgraph.model.errors import BuildMissingError
    from relocgraph.store.remote import push as run_push
    from relocgraph.store.remote import redact

    if not data_path.is_file():
        raise BuildMissingError(f"{data_path} does not exist; run `relocgraph build` first")
    with data_path.open("rb") as f:
        triples = sum(1 for _ in f) if data_path.suffix == ".nq" else 0
    with _progress(triples, "pushing triples") as bar:
        graphs = run_push(data_path, endpoint, protocol=protocol, progress=bar.update, timeout=timeout)
    click.echo(f"pushed {len(graphs)} named graphs to {redact(endpoint)}", err=True)


@main.command()
@click.option(
    "--documents",
    "-n",
    type=click.IntRange(1),
    default=450,
    show_default=True,
    help="Press releases to generate (~200 triples each: 40 ≈ 10k, 450 ≈ 100k, 4500 ≈ 1M triples).",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Random seed: the same seed and size give byte-identical output.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build/synth"),
    show_default=True,
    help="Folder for relocgraph.nq.",
)
@click.option(
    "--store/--no-store",
    default=False,
    show_default=True,
    help="Also build the Oxigraph store next to it (for `query --data DIR/relocgraph.nq`).",
)
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
    from relocgraph.analysis.synth import synthesize
    from relocgraph.store.backends import build_store

    with _progress(documents, "generating documents") as bar:
        result = synthesize(documents, seed=seed, out=out_dir, root=root, progress=bar.update)
    click.echo(
        f"wrote {result.path}: {result.documents} documents, {result.regions} regions, {result.quads} quads",
        err=True,
    )
    if store:
        size = result.path.stat().st_size
        with _progress(size, "loading into Oxigraph") as bar:
            path = build_store(result.path, progress=bar.update)
        click.echo(f"wrote {path}", err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
