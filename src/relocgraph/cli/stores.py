"""Commands for other stores and sizes: push (to a SPARQL store) and synth (synthetic corpora)."""

from __future__ import annotations

from pathlib import Path

import click

from relocgraph.cli.app import main
from relocgraph.cli.options import _progress, choice_option, data_option, handle_errors, root_option, shown


@main.command()
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="Graph Store Protocol endpoint (Virtuoso: …/sparql-graph-crud-auth; Fuseki: "
    "…/DATASET/data), or a SPARQL Update endpoint with --protocol update.",
)
@choice_option(
    "--protocol",
    choices=["gsp", "update"],
    help="gsp: one PUT per named graph (replaces it); update: DROP + INSERT DATA.",
)
@data_option("Built dataset to push (N-Quads or TriG).", default="build/relocgraph.nq")
@shown("--timeout", type=float, default=600.0, help="Seconds to wait for each request.")
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
@shown(
    "--documents",
    "-n",
    type=click.IntRange(1),
    default=450,
    help="Press releases to generate (~200 triples each: 40 ≈ 10k, 450 ≈ 100k, 4500 ≈ 1M triples).",
)
@shown("--seed", type=int, default=0, help="Random seed: the same seed and size give byte-identical output.")
@shown(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build/synth"),
    help="Folder for relocgraph.nq.",
)
@shown(
    "--store/--no-store",
    default=False,
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
    from relocgraph.pipeline.persist import build_store

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
