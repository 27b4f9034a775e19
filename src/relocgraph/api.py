"""The notebook API: :func:`open` a project's knowledge graph (building it first when
needed) and ask it questions through one small object, :class:`KnowledgeGraph`::

    import relocgraph as rg
    kg = rg.open()                                   # build/ of the project here (built if missing)
    kg.queries()                                     # the named queries, as a DataFrame
    kg.query("figures")                              # a named query → typed DataFrame
    kg.query("statements-about", {"entity": "person:stephanie-pernod"})
    kg.query("SELECT ?doc { ?doc a fabio:PressRelease }")
    g = kg.to_networkx()                             # networkx MultiDiGraph
    kg.show(focus="pack relocalisation")             # the interactive graph, inline
    kg.export("gexf")                                # build/export/relocgraph.gexf
    ds = kg.dataset()                                # an rdflib Dataset, if you want one

Every reader goes through the store the build persisted (Oxigraph, see
:func:`relocgraph.store.open_store`); :func:`build` runs the one pipeline,
:func:`relocgraph.pipeline.run.build_all`, and nothing here builds anything else.
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relocgraph.model.errors import BuildMissingError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd
    from rdflib import Dataset

    from relocgraph.store.backends import Backend

#: The inputs a build is made from, relative to the project folder.
_INPUT_GLOBS = ("ontology/*.ttl", "data/**/*.ttl", "data/**/*.txt", "data/**/*.toml")


def find_root(start: Path | str | None = None) -> Path:
    """The project folder (holding ``data/statements/``, and its own ``ontology/`` or
    none: the packaged one applies) at or above ``start`` (default: the current
    folder), so notebooks run from ``notebooks/`` too.

    >>> (find_root() / "ontology").is_dir()
    True
    """
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / "statements").is_dir():
            return folder
    raise BuildMissingError(
        f"no relocgraph project (a folder holding data/statements/) "
        f"at or above {here}; run from the repository or pass root="
    )


class KnowledgeGraph:
    """A project's built knowledge graph, read through one store.

    Make one with :func:`open` or :func:`build`; ``store`` is the
    :class:`~relocgraph.store.backends.Backend` every method reads.

    >>> kg = open()
    >>> kg  # doctest: +ELLIPSIS
    <KnowledgeGraph oxigraph store .../build/oxigraph>
    """

    def __init__(self, store: Backend, *, root: Path | None = None) -> None:
        self.store = store
        self.root = root
        self._dataset: Dataset | None = None

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.store.name} store {self.store.source or 'in memory'}>"

    def query(self, query: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
        """Run a named query (``"figures"``) or SPARQL SELECT/ASK text; return a DataFrame.

        Numbers come back as numbers, dates as ``datetime64``, IRIs as full strings
        (:func:`relocgraph.model.table.compact_frame` shortens them to CURIEs).
        ``params`` binds variables as RDF terms: CURIEs (``"person:stephanie-pernod"``),
        ``"<IRI>"``, numbers or text — never pasted into the query.

        >>> kg = open()
        >>> kg.query("figures", {"indicator": "indicator:jobs-created"})["value"].tolist()
        [5300, 5306, 14000, 14000, 14000, 14000]
        >>> kg.query("SELECT (1 + 1 AS ?two) {}")["two"].tolist()
        [2]
        """
        from relocgraph.store.open import run_query

        return run_query(query, params, store=self.store)

    def queries(self) -> pd.DataFrame:
        """The named queries: name, title, parameters and description.

        >>> "figures" in open().queries()["name"].tolist()
        True
        """
        import pandas as pd

        from relocgraph.store.catalogue import list_queries

        rows = [
            (q.name, q.title, ", ".join(p.name for p in q.parameters), q.description) for q in list_queries()
        ]
        return pd.DataFrame(rows, columns=["name", "title", "parameters", "description"])

    def dataset(self) -> Dataset:
        """The whole graph as an rdflib ``Dataset`` (default graph = union of the named
        graphs), for code that wants rdflib objects; made once, then kept.

        >>> len(open().dataset()) > 1000
        True
        """
        if self._dataset is None:
            self._dataset = self.store.dataset()
        return self._dataset

    def to_networkx(self, *, lang: str = "fr") -> nx.MultiDiGraph:
        """The networkx projection: entities, figures, quotes and derived figures as nodes,
        statements as edges (see :func:`relocgraph.analysis.network.to_networkx`).

        >>> g = open().to_networkx(lang="en")
        >>> {"person", "figure", "derived", "quotation"} <= {d["kind"] for _, d in g.nodes(data=True)}
        True
        """
        from relocgraph.analysis import network

        return network.to_networkx(self.store, lang=lang)

    def show(self, *, focus: str | None = None, depth: int = 1, lang: str = "fr", height: int = 650) -> Any:
        """The interactive graph (the page ``relocgraph viz`` writes, offline), inline in a
        notebook as ``IPython.display.HTML``. ``focus`` names a node (any of its labels,
        accents and case ignored) to show only what lies within ``depth`` links of it.

        >>> view = open().show(focus="pack relocalisation", depth=1)
        >>> view.data.startswith("<iframe srcdoc=")
        True
        """
        from relocgraph.web import viz

        projected = self.to_networkx(lang=lang)
        if focus is not None:
            projected = viz.focus(projected, focus, depth=depth)
        return viz.notebook_view(viz.to_pyvis(projected, lang=lang), height=height)

    def indicator_chart(self, indicator: str, path: Path | str | None = None, *, lang: str = "fr") -> Any:
        """One indicator's figures across documents as a matplotlib Figure (the
        ``indicator-timeline`` query for ``indicator``, drawn); saved to ``path`` too when
        given (``.png`` or ``.svg``, no date stamp: the same graph gives the same file).

        >>> fig = open().indicator_chart("indicator:jobs-created")
        >>> len(fig.axes[0].lines) >= 3  # a point per document, date and value
        True
        """
        from relocgraph.analysis.charts import indicator_chart, save_one

        rows = self.query("indicator-timeline", {"indicator": indicator}).to_dict("records")
        if not rows:
            raise ValueError(
                f"no reported figure of {indicator!r}; see kg.query('figures') for the indicators"
            )
        fig = indicator_chart(rows, lang=lang)
        if path is not None:
            save_one(fig, Path(path), Path(path).suffix.lstrip(".") or "png")
        return fig

    def export(self, fmt: str, path: Path | str | None = None, *, lang: str = "fr") -> Path:
        """Write the graph as ``fmt`` (trig, nquads, turtle, ntriples, jsonld, graphml, gexf,
        csv) to ``path`` (default ``build/export/relocgraph.<ext>``); returns the path.

        >>> import tempfile
        >>> open().export("turtle", Path(tempfile.mkdtemp()) / "kg.ttl").suffix
        '.ttl'
        """
        from relocgraph.analysis.export import export as write

        return write(self.dataset(), fmt, path, lang=lang)


def _newest_input(project: Path) -> float:
    from importlib import resources

    files = [f for pattern in _INPUT_GLOBS for f in project.glob(pattern)]
    rules = resources.files("relocgraph.pipeline").joinpath("rules")
    files += [Path(str(e)) for e in rules.iterdir() if e.name.endswith((".rq", ".ttl"))]
    return max((f.stat().st_mtime for f in files if f.is_file()), default=0.0)


def _build_is_current(project: Path) -> bool:
    from relocgraph.pipeline.persist import MANIFEST, STORE_DIR
    from relocgraph.pipeline.run import BUILD_DIR

    manifest = project / BUILD_DIR / STORE_DIR / MANIFEST
    return manifest.is_file() and manifest.stat().st_mtime >= _newest_input(project)


def open(root: Path | str | None = None, *, backend: str = "oxigraph") -> KnowledgeGraph:
    """The knowledge graph of the project at ``root`` (default: the project at or above
    the current folder), read through ``backend``: ``"oxigraph"`` (the store the build
    persisted), ``"rdflib"``, or a SPARQL endpoint URL.

    When ``build/`` is missing or older than any input (``ontology/``, ``data/``, the
    rules), the whole pipeline runs first (:func:`build`, with a note on standard
    error), so a fresh clone works and a notebook never shows a stale graph.

    >>> kg = open()
    >>> kg.store.name
    'oxigraph'
    """
    from relocgraph.store.open import open_store

    if backend.startswith(("http://", "https://")):
        return KnowledgeGraph(open_store(backend=backend))
    project = find_root(root)
    if not _build_is_current(project):
        builtins.print(
            f"relocgraph: {project / 'build'} is missing or older than its inputs; building…", file=sys.stderr
        )
        return build(project, backend=backend)
    return KnowledgeGraph(open_store(project, backend=backend), root=project)


def build(
    root: Path | str | None = None, *, reason: bool = True, backend: str = "oxigraph"
) -> KnowledgeGraph:
    """Run the one pipeline (:func:`relocgraph.pipeline.run.build_all`: sources, evidence,
    derived figures, reasoning unless ``reason=False``, files and store) for the project at
    ``root``, then open what it wrote.

    >>> import shutil, tempfile
    >>> copy = Path(tempfile.mkdtemp())
    >>> for folder in ("ontology", "data"):
    ...     _ = shutil.copytree(find_root() / folder, copy / folder)
    >>> kg = build(copy, reason=False)
    >>> len(kg.query("derived-figures"))
    14
    """
    from relocgraph.pipeline.run import build_all
    from relocgraph.store.open import open_store

    project = find_root(root)
    outcome = build_all(project, reason=reason, note=lambda text: builtins.print(text, file=sys.stderr))
    builtins.print(f"relocgraph: {outcome.summary()}", file=sys.stderr)
    return KnowledgeGraph(open_store(project, backend=backend), root=project)
