"""Named SPARQL queries and ad-hoc queries, answered as pandas DataFrames.

Named queries are ``.rq`` files shipped in ``relocgraph/queries/``, each opening with
a header of ``# title:``, ``# description:`` and optional ``# param: NAME — text``
lines. Every query is run with the project's prefixes (see
:func:`relocgraph.model.namespaces.sparql_prefixes`) so it can say ``rg:``, ``org:``,
``person:`` and so on without declaring them.

>>> [q.name for q in list_queries()][:3]
['class-counts', 'compare-facts', 'compare-figures']
>>> from relocgraph.pipeline.build import build
>>> frame = run_query("quotes", dataset=build(".").dataset)
>>> sorted(frame["speaker_label"].unique())
['Fabrice Pannekoucke', 'Laurent Wauquiez']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relocgraph.model.errors import BuildMissingError, QueryError
from relocgraph.model.table import Table
from relocgraph.pipeline.sparql import header_fields

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from rdflib import Dataset

DEFAULT_DATASET = Path("build/relocgraph.trig")
_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*)$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Parameter:
    """A parameter a named query accepts (a SPARQL variable bound before running)."""

    name: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A ``.rq`` file with its header."""

    name: str
    title: str
    description: str
    text: str
    parameters: tuple[Parameter, ...] = field(default=())
    path: str = ""


def parse_query_file(name: str, text: str, path: str = "") -> NamedQuery:
    """Read a named query's header (title, description, parameters).

    >>> q = parse_query_file("x", "# title: T\\n# description: D\\n# param: who — a person\\nSELECT * {}")
    >>> (q.title, q.description, q.parameters[0].name)
    ('T', 'D', 'who')
    """
    meta: dict[str, str] = {}
    params: list[Parameter] = []
    for key, value in header_fields(text, _HEADER):
        if key == "param":
            parts = re.split(r"\s+[—-]\s+", value, maxsplit=1)
            pname = parts[0].strip().lstrip("?")
            pdesc = parts[1].strip() if len(parts) > 1 else ""
            params.append(Parameter(pname, pdesc))
        else:
            meta[key] = meta[key] + " " + value if key in meta else value
    if "title" not in meta:
        raise QueryError(f"{path or name}: named query has no '# title:' header line")
    return NamedQuery(name, meta["title"], meta.get("description", ""), text, tuple(params), path)


def _query_dir() -> Any:
    from importlib import resources

    return resources.files("relocgraph.store").joinpath("queries")


def list_queries() -> list[NamedQuery]:
    """Every named query shipped with relocgraph, sorted by name."""
    out = []
    for entry in sorted(_query_dir().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            out.append(parse_query_file(name, entry.read_text("utf-8"), f"queries/{entry.name}"))
    return out


def get_query(name: str) -> NamedQuery:
    """The named query ``name``; :class:`QueryError` listing the names if unknown."""
    if not _NAME.match(name):
        raise QueryError(f"not a query name: {name!r}")
    entry = _query_dir().joinpath(f"{name}.rq")
    if not entry.is_file():
        names = ", ".join(q.name for q in list_queries())
        raise QueryError(f"no named query {name!r}; known queries: {names}")
    return parse_query_file(name, entry.read_text("utf-8"), f"queries/{name}.rq")


def load_dataset(path: Path | str = DEFAULT_DATASET) -> Dataset:
    """Load a built dataset (TriG or N-Quads) into an rdflib Dataset whose default graph
    is the union of its named graphs.

    Raises :class:`BuildMissingError` when the file does not exist yet.
    """
    from rdflib import Dataset
    from rdflib.plugins import sparql

    sparql.SPARQL_LOAD_GRAPHS = False  # FROM/FROM NAMED must never fetch anything
    path = Path(path)
    if not path.is_file():
        raise BuildMissingError(f"{path} does not exist; run `relocgraph build` first")
    fmt = "nquads" if path.suffix == ".nq" else "trig"
    ds = Dataset(default_union=True)
    ds.parse(path, format=fmt)
    from relocgraph.model.namespaces import bind_prefixes

    return bind_prefixes(ds)


def resolve_term(value: str) -> Any:
    """Turn a parameter given on the command line into an rdflib term.

    CURIEs with a known prefix and ``<…>``/``http(s)://`` IRIs become IRIs; whole
    numbers become integers; anything else a plain string literal.

    >>> resolve_term("person:laurent-wauquiez")
    rdflib.term.URIRef('https://w3id.org/relocgraph/id/person/laurent-wauquiez')
    >>> resolve_term("14000")
    rdflib.term.Literal('14000', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    from relocgraph.store.backends import parse_param, rdflib_term

    return rdflib_term(parse_param(value))


def query_text(query: str) -> tuple[str, NamedQuery | None]:
    """The SPARQL text for a query name or a SPARQL string, and the named query if any."""
    if _NAME.match(query.strip()):
        named = get_query(query.strip())
        return named.text, named
    return query, None


def run_query(
    query: str,
    *,
    dataset: Any = None,
    params: dict[str, str] | None = None,
    backend: str = "auto",
    endpoint: str | None = None,
    data: Path | str = DEFAULT_DATASET,
) -> pd.DataFrame:
    """Run a named query (by name) or a SPARQL SELECT/ASK string; return a DataFrame.

    Columns are the query's variables; IRIs come back as strings, numbers as numbers,
    dates as ``datetime64`` values. ``params`` binds query variables by name
    (``{"indicator": "indicator:jobs-created"}``). The data is ``dataset`` (an rdflib
    Dataset, or a backend from :mod:`relocgraph.store.backends`) if given, else the remote
    store at ``endpoint``, else the built ``data`` file through ``backend``: ``auto``
    (the persisted Oxigraph store, see the README), ``oxigraph`` or ``rdflib``. Every
    backend gives the same frame.

    >>> import tempfile
    >>> from relocgraph.pipeline.build import build
    >>> from relocgraph.pipeline.outputs import write_dataset
    >>> paths = write_dataset(build(".").dataset, Path(tempfile.mkdtemp()))
    >>> run_query("documents", backend="oxigraph", data=paths["nquads"])["statements"].tolist()
    [40, 39]
    """
    from relocgraph.model.table import table_frame

    return table_frame(
        run_table(query, dataset=dataset, params=params, backend=backend, endpoint=endpoint, data=data)
    )


def run_table(
    query: str,
    *,
    dataset: Any = None,
    params: dict[str, str] | None = None,
    backend: str = "auto",
    endpoint: str | None = None,
    data: Path | str = DEFAULT_DATASET,
    loading: Any = None,
) -> Table:
    """Like :func:`run_query`, as a light :class:`~relocgraph.model.table.Table` (no pandas).

    >>> from relocgraph.pipeline.build import build
    >>> run_table("quotes", dataset=build(".").dataset).columns[:3]
    ['quotation', 'speaker', 'speaker_label']
    """
    from relocgraph.store.backends import parse_param

    text, named = query_text(query)
    if named is not None and params:
        unknown = sorted(set(params) - {p.name for p in named.parameters})
        if unknown:
            allowed = ", ".join(p.name for p in named.parameters) or "none"
            raise QueryError(f"query {named.name!r} has no parameter {unknown[0]!r} (parameters: {allowed})")
    engine = choose_backend(dataset=dataset, backend=backend, endpoint=endpoint, data=data, loading=loading)
    bindings = {k: parse_param(v) for k, v in (params or {}).items()}
    return engine.select(text, bindings, origin=named.path if named else "query")


def choose_backend(
    *,
    dataset: Any = None,
    backend: str = "auto",
    endpoint: str | None = None,
    data: Path | str = DEFAULT_DATASET,
    loading: Any = None,
) -> Any:
    """The backend a query runs on (see :func:`run_query`); ``loading`` (see
    :func:`relocgraph.store.backends.open_backend`) wraps loading a file that has no store."""
    from relocgraph.store.backends import BACKENDS, RdflibBackend, open_backend

    if backend not in BACKENDS:
        raise QueryError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    if endpoint is not None:
        from relocgraph.store.remote import RemoteBackend

        return RemoteBackend(endpoint)
    if dataset is not None:
        if hasattr(dataset, "select"):
            return dataset
        if backend == "oxigraph":
            raise QueryError(
                "an rdflib dataset runs on the rdflib backend; pass data= instead of dataset= for Oxigraph"
            )
        return RdflibBackend(dataset)
    return open_backend(backend, data, loading=loading)


def result_frame(result: Any) -> pd.DataFrame:
    """Convert an rdflib SPARQL result into a typed DataFrame."""
    from relocgraph.model.table import table_frame
    from relocgraph.store.backends import rdflib_table

    return table_frame(rdflib_table(result))


# ---------------------------------------------------------------------------
# Formatting for the terminal and for programs
# ---------------------------------------------------------------------------


def compact_iris(frame: pd.DataFrame) -> pd.DataFrame:
    """Replace full IRIs by CURIEs (``person:laurent-wauquiez``) for display."""
    from relocgraph.model.prefixes import curie

    out = frame.copy()
    for col in out.columns:
        if str(out[col].dtype) in ("string", "object"):
            out[col] = out[col].map(lambda v: curie(v) if isinstance(v, str) and v.startswith("http") else v)
    return out


def format_frame(frame: pd.DataFrame, fmt: str = "table", *, max_width: int = 60) -> str:
    """Render a DataFrame as ``table``, ``markdown``, ``csv``, ``tsv`` or ``json`` text
    (the same text :func:`relocgraph.model.table.format_table` gives for the same rows).

    >>> import pandas as pd
    >>> print(format_frame(pd.DataFrame({"a": [1], "b": ["x|y"]}), "markdown"))
    | a | b |
    |---|---|
    | 1 | x\\|y |
    """
    from relocgraph.model.table import format_table, frame_table

    return format_table(frame_table(frame), fmt, max_width=max_width)
