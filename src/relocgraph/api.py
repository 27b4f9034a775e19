"""The public Python API, re-exported lazily by :mod:`relocgraph`.

The same functions the CLI calls, for notebooks and scripts::

    import relocgraph as rg
    ds = rg.load()                         # the built graph (building it if missing)
    rg.query("figures", graph=ds)          # a named query → pandas DataFrame
    rg.query("statements-about", params={"entity": "person:stephanie-pernod"}, graph=ds)
    g = rg.to_networkx(ds)                 # entities, figures, quotes as a MultiDiGraph
    rg.export(ds, "gexf")                  # build/export/relocgraph.gexf
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from relocgraph.model.errors import BuildMissingError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd
    from rdflib import Dataset, Graph

BUILT_FILE = Path("build/relocgraph.trig")


def find_root(start: Path | str | None = None) -> Path:
    """The project folder (holding ``ontology/`` and ``data/statements/``) at or above
    ``start`` (default: the current folder), so notebooks run from ``notebooks/`` too.

    >>> (find_root() / "ontology").is_dir()
    True
    """
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "ontology" / "relocgraph.ttl").is_file() and (folder / "data").is_dir():
            return folder
    raise BuildMissingError(
        f"no relocgraph project (ontology/relocgraph.ttl and data/) "
        f"at or above {here}; run from the repository or pass root="
    )


def load(
    path: Path | str | None = None, *, build: bool | None = None, root: Path | str | None = None
) -> Dataset:
    """The knowledge graph as an rdflib ``Dataset`` (default graph = union of its graphs).

    * ``load("some.trig")`` reads a built TriG or N-Quads file.
    * ``load(build=True)`` builds from ``root``'s ``ontology/`` and ``data/`` in memory,
      derives the computed figures, and writes nothing.
    * ``load()`` reads ``build/relocgraph.trig`` of the project at or above the current
      folder; if it is missing or older than any input (``ontology/``, ``data/``, the
      rules), it builds, derives and writes ``build/`` first (``relocgraph build`` without
      the OWL reasoning step), so a fresh clone works and a notebook never shows a
      stale graph.

    >>> ds = load(build=True)
    >>> len(query("quotes", graph=ds))
    4
    """
    from relocgraph.pipeline.derive import derive
    from relocgraph.store.catalogue import load_dataset

    if path is not None and not build:
        return load_dataset(path)
    project = Path(root) if root is not None else find_root()
    if build:
        from relocgraph.pipeline.build import build as run_build

        dataset = run_build(project).dataset
        derive(dataset)
        return dataset
    built = project / BUILT_FILE
    if not built.is_file() or built.stat().st_mtime < _newest_input(project):
        from relocgraph.pipeline.build import build as run_build
        from relocgraph.pipeline.outputs import write_dataset

        dataset = run_build(project).dataset
        derive(dataset)
        write_dataset(dataset, project / "build")
    return load_dataset(built)


def _newest_input(project: Path) -> float:
    from importlib import resources

    files = [
        *project.joinpath("ontology").glob("*.ttl"),
        *project.joinpath("data").rglob("*.ttl"),
        *project.joinpath("data").rglob("*.txt"),
    ]
    rules = resources.files("relocgraph.pipeline").joinpath("rules")
    files += [Path(str(e)) for e in rules.iterdir() if e.name.endswith((".rq", ".ttl"))]
    return max((f.stat().st_mtime for f in files if f.is_file()), default=0.0)


def query(query: str, *, params: dict[str, str] | None = None, graph: Any = None) -> pd.DataFrame:
    """Run a named query (``"figures"``) or a SPARQL SELECT/ASK string → DataFrame.

    Numbers come back as numbers, dates as ``datetime64``, IRIs as full strings (use
    :func:`relocgraph.store.catalogue.compact_iris` for CURIEs); ``params`` binds variables
    (``{"entity": "person:stephanie-pernod"}``). ``graph`` defaults to :func:`load`.

    >>> query("SELECT (1 + 1 AS ?two) {}", graph=load())["two"].tolist()
    [2]
    """
    from relocgraph.store.catalogue import run_query

    return run_query(query, dataset=graph if graph is not None else load(), params=params)


def queries() -> pd.DataFrame:
    """The named queries: name, title, parameters and description.

    >>> "figures" in queries()["name"].tolist()
    True
    """
    import pandas as pd

    from relocgraph.store.catalogue import list_queries

    return pd.DataFrame(
        [(q.name, q.title, ", ".join(p.name for p in q.parameters), q.description) for q in list_queries()],
        columns=["name", "title", "parameters", "description"],
    )


def to_networkx(graph: Any = None, *, lang: str = "fr") -> nx.MultiDiGraph:
    """The networkx projection (see :func:`relocgraph.analysis.network.to_networkx`)."""
    from relocgraph.analysis.network import to_networkx as project

    return project(graph if graph is not None else load(), lang=lang)


def derive(graph: Dataset) -> Graph:
    """Compute the derived figures into ``graph:derived`` (see :mod:`relocgraph.pipeline.derive`)."""
    from relocgraph.pipeline.derive import derive as run

    return run(graph)


def export(graph: Any, fmt: str, output: Path | str | None = None, *, lang: str = "fr") -> Path:
    """Write ``graph`` as ``fmt`` (trig, nquads, turtle, ntriples, jsonld, graphml, gexf,
    csv); see :mod:`relocgraph.analysis.export`. Returns the written path."""
    from relocgraph.analysis.export import export as run

    return run(graph, fmt, output, lang=lang)


def show(
    graph: Any = None, *, focus: str | None = None, depth: int = 1, lang: str = "fr", height: int = 650
) -> Any:
    """The interactive graph of :mod:`relocgraph.web.viz`, displayed inline in a notebook.

    ``focus`` names a node (a label, accents and case ignored, as ``relocgraph viz
    --focus`` takes it) to show only what lies within ``depth`` links of it. Returns the
    ``IPython.display.HTML`` of :func:`relocgraph.web.viz.notebook_view`: the same offline
    page as ``relocgraph viz`` writes, in an ``<iframe srcdoc>``.
    """
    from relocgraph.web import viz

    projected = to_networkx(graph, lang=lang)
    if focus is not None:
        projected = viz.focus(projected, focus, depth=depth)
    return viz.notebook_view(viz.to_pyvis(projected, lang=lang), height=height)
