"""Export the graph for other tools: RDF formats, Gephi graph formats, CSV tables.

Every export is deterministic (the same dataset gives byte-identical files) and
written atomically under ``build/export/`` unless another path is given.
:func:`export_build` exports what ``relocgraph build`` wrote, without building again:
TriG, N-Quads, Turtle and N-Triples are the build's own files (copied, not re-parsed),
the graph formats and CSV tables are read from the built store.

* ``trig``, ``nquads``, ``jsonld`` keep the named graphs (one per document,
  ``graph:derived`` for the computed figures, ``graph:entities``, ``graph:ontology``…);
  JSON-LD uses an inline ``@context`` built from :data:`relocgraph.model.namespaces.PREFIXES`,
  so it reads with CURIEs and never needs a remote context.
* ``turtle`` and ``ntriples`` hold one graph, the union (they cannot name graphs).
* ``graphml`` and ``gexf`` hold the networkx projection
  (:func:`relocgraph.analysis.network.to_networkx`) and open in Gephi; lists and dicts of
  attributes are flattened to JSON strings, the only form these formats accept.
* ``csv`` writes one table per class of statement (reported figures with their
  evidence, derived figures with inputs and caveats, quotations, posts, every fact
  statement) into a folder, or into a zip when the output path ends in ``.zip``.

>>> FORMATS["jsonld"].extension, FORMATS["jsonld"].media_type
('.jsonld', 'application/ld+json')
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relocgraph.model.errors import ExportError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    from rdflib import Dataset

DEFAULT_DIR = Path("build/export")


@dataclass(frozen=True)
class ExportFormat:
    """An export format: its name, file extension, media type and whether it is RDF."""

    name: str
    extension: str
    media_type: str
    rdf: bool
    named_graphs: bool


def _rdf(name: str, engine: str, *, named_graphs: bool) -> ExportFormat:
    """An RDF export format, its extension and media type as pyoxigraph's ``RdfFormat`` has them."""
    import pyoxigraph as ox

    fmt = getattr(ox.RdfFormat, engine)
    return ExportFormat(name, "." + fmt.file_extension, fmt.media_type, True, named_graphs)


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        _rdf("trig", "TRIG", named_graphs=True),
        _rdf("nquads", "N_QUADS", named_graphs=True),
        _rdf("jsonld", "JSON_LD", named_graphs=True),
        _rdf("turtle", "TURTLE", named_graphs=False),
        _rdf("ntriples", "N_TRIPLES", named_graphs=False),
        # not RDF: graph formats for Gephi and the like, and a folder of CSV tables
        ExportFormat("graphml", ".graphml", "application/graphml+xml", False, False),
        ExportFormat("gexf", ".gexf", "application/gexf+xml", False, False),
        ExportFormat("csv", "", "text/csv", False, False),
    )
}

#: The CSV tables: file name → named query.
CSV_TABLES = {
    "figures.csv": "figures",
    "derived-figures.csv": "derived-figures",
    "quotes.csv": "quotes",
    "posts.csv": "officials",
    "facts.csv": "facts",
}


def get_format(name: str) -> ExportFormat:
    """The :class:`ExportFormat` called ``name``; :class:`ExportError` listing the names."""
    try:
        return FORMATS[name]
    except KeyError:
        raise ExportError(f"unknown export format {name!r}; choose one of: {', '.join(FORMATS)}") from None


def jsonld_context() -> dict[str, str]:
    """The inline JSON-LD ``@context``: one entry per prefix of the project.

    >>> jsonld_context()["rg"]
    'https://w3id.org/relocgraph/ontology#'
    """
    from relocgraph.model.namespaces import PREFIXES

    return dict(PREFIXES)


def _sorted_json(value: Any) -> Any:
    """Sort JSON-LD node lists and value sets (never ``@list``) so output is stable."""
    if isinstance(value, dict):
        return {k: (v if k == "@list" else _sorted_json(v)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def serialize_rdf(dataset: Dataset, fmt: str) -> str:
    """Serialise ``dataset`` as text in one of the RDF formats, deterministically.

    >>> from rdflib import Dataset, URIRef, Literal
    >>> ds = Dataset(default_union=True)
    >>> _ = ds.graph(URIRef("https://w3id.org/relocgraph/graph/x")).add(
    ...     (URIRef("https://w3id.org/relocgraph/id/person/a"),
    ...      URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal("A")))
    >>> serialize_rdf(ds, "nquads").split()[-2]
    '<https://w3id.org/relocgraph/graph/x>'
    """
    from relocgraph.pipeline.outputs import serialize_trig, sorted_lines, stable_dataset, union_graph

    spec = get_format(fmt)
    if not spec.rdf:
        raise ExportError(f"{fmt} is not an RDF format")
    stable = stable_dataset(dataset)
    if fmt == "trig":
        return serialize_trig(stable)
    if fmt == "nquads":
        return sorted_lines(stable.serialize(format="nquads"))
    if fmt == "turtle":
        return union_graph(stable).serialize(format="turtle")
    if fmt == "ntriples":
        return sorted_lines(union_graph(stable).serialize(format="nt"))
    # JSON-LD: rdflib writes nodes in hash order, so the document is re-sorted.
    context = jsonld_context()
    text = stable.serialize(format="json-ld", context=context, auto_compact=True)
    doc = json.loads(text)
    doc["@context"] = context
    if "@graph" in doc:
        doc["@graph"] = _sorted_json(doc["@graph"])
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _flat(value: Any) -> Any:
    if isinstance(value, bool | int | float | str):
        return value
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def flatten_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` whose attributes are all GraphML/GEXF scalars.

    Lists and dicts become JSON strings, ``None`` an empty string; an attribute that
    is a number on some nodes and text on others becomes text everywhere (GraphML
    declares one type per attribute).
    """
    import networkx as nx

    out = nx.MultiDiGraph()
    out.graph.update({k: _flat(v) for k, v in graph.graph.items()})

    def unify(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        types: dict[str, set[type]] = {}
        for rec in records:
            for k, v in rec.items():
                types.setdefault(k, set()).add(type(v))
        mixed = {k for k, ts in types.items() if len(ts) > 1}
        return [{k: (str(v) if k in mixed else v) for k, v in rec.items()} for rec in records]

    nodes = list(graph.nodes(data=True))
    for (n, _), attrs in zip(
        nodes, unify([{k: _flat(v) for k, v in d.items()} for _, d in nodes]), strict=True
    ):
        out.add_node(n, **attrs)
    edges = list(graph.edges(keys=True, data=True))
    for (s, o, key, _), attrs in zip(
        edges, unify([{k: _flat(v) for k, v in d.items()} for *_, d in edges]), strict=True
    ):
        out.add_edge(s, o, key=key, **attrs)
    return out


def serialize_graph(graph: nx.MultiDiGraph, fmt: str) -> str:
    """GraphML or GEXF text of a networkx projection, deterministic."""
    import networkx as nx

    flat = flatten_graph(graph)
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flat, buf, encoding="utf-8", prettyprint=True)
        return buf.getvalue().decode("utf-8")
    if fmt == "gexf":
        nx.write_gexf(flat, buf, encoding="utf-8", prettyprint=True)
        # networkx stamps today's date into <meta>; drop it (optional in GEXF) so
        # that the same graph always gives the same bytes.
        return re.sub(r' lastmodifieddate="[^"]*"', "", buf.getvalue().decode("utf-8"), count=1)
    raise ExportError(f"{fmt} is not a graph format (graphml, gexf)")


def csv_tables(source: Any) -> dict[str, str]:
    """The CSV tables (file name → text), one per class of statement, full IRIs.

    ``source`` is a store backend or an rdflib Dataset."""
    from relocgraph.model.table import format_frame
    from relocgraph.store import run_query

    return {
        name: format_frame(run_query(query, store=source), "csv") + "\n" for name, query in CSV_TABLES.items()
    }


def _rdflib_dataset(source: Any) -> Dataset:
    """The rdflib Dataset behind ``source`` (itself, or an rdflib backend's)."""
    if not hasattr(source, "select"):
        return source
    dataset = getattr(source, "dataset", None)
    dataset = dataset() if callable(dataset) else dataset
    if dataset is None:
        raise ExportError(
            "RDF exports are written from an rdflib Dataset; export a build with export_build()"
        )
    return dataset


def default_output(fmt: str) -> Path:
    """Where :func:`export` writes when no output is given.

    >>> str(default_output("gexf")), str(default_output("csv"))
    ('build/export/relocgraph.gexf', 'build/export/csv')
    """
    spec = get_format(fmt)
    return DEFAULT_DIR / ("csv" if fmt == "csv" else f"relocgraph{spec.extension}")


def export_build(
    data_path: Path | str, fmt: str, output: Path | str | None = None, *, lang: str = "fr"
) -> Path:
    """Export what ``relocgraph build`` wrote (``data_path``: its TriG or N-Quads) in
    format ``fmt``, without building again; return the written path.

    The build's own TriG, N-Quads, Turtle and N-Triples files are what :func:`export`
    would write for them, so they are copied as they are; JSON-LD is serialised from
    the TriG; the graph formats and the CSV tables are read from the built store.
    Raises :class:`~relocgraph.model.errors.BuildMissingError` when there is no build.
    """
    from relocgraph.analysis.rows import open_built
    from relocgraph.model.errors import BuildMissingError
    from relocgraph.pipeline.outputs import write_text_atomic

    spec = get_format(fmt)
    data_path = Path(data_path)
    if not data_path.is_file():
        raise BuildMissingError(f"{data_path} does not exist; run `relocgraph build` first")
    path = Path(output) if output is not None else default_output(fmt)
    built = data_path.with_name(f"relocgraph{spec.extension}")
    if spec.rdf and fmt != "jsonld" and data_path.stem == "relocgraph" and built.is_file():
        return write_text_atomic(path, built.read_text("utf-8"))
    if spec.rdf:
        from relocgraph.store import load_dataset

        return export(load_dataset(data_path), fmt, path)
    return export(open_built(data_path), fmt, path, lang=lang)


def export(source: Any, fmt: str, output: Path | str | None = None, *, lang: str = "fr") -> Path:
    """Write ``source`` in format ``fmt`` (see :data:`FORMATS`) and return the path.

    ``source`` is an rdflib Dataset, or for the graph and CSV formats any store backend.
    ``output`` defaults to :func:`default_output`. For ``csv`` it is a folder, or a zip
    file when it ends in ``.zip``. ``lang`` is the label language of the graph formats.
    """
    from relocgraph.pipeline.outputs import atomic_files, write_text_atomic

    spec = get_format(fmt)
    path = Path(output) if output is not None else default_output(fmt)
    if spec.rdf:
        return write_text_atomic(path, serialize_rdf(_rdflib_dataset(source), fmt))
    if fmt in ("graphml", "gexf"):
        from relocgraph.analysis.network import to_networkx

        return write_text_atomic(path, serialize_graph(to_networkx(source, lang=lang), fmt))
    tables = csv_tables(source)
    if path.suffix == ".zip":
        with atomic_files(path.parent) as reserve:
            tmp = reserve(path.name)
            with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                for name in sorted(tables):
                    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    zf.writestr(info, tables[name].encode("utf-8"))
        return path
    if path.exists() and not path.is_dir():
        raise ExportError(
            f"{path} is a file; CSV export writes a folder of tables (or give a path ending in .zip)"
        )
    with atomic_files(path) as reserve:
        for name in sorted(tables):
            reserve(name).write_text(tables[name], encoding="utf-8")
    return path
