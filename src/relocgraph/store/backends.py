"""Local query backends behind one small interface.

A backend answers SPARQL text (without PREFIX lines: each backend adds the project's
prefixes) and binds parameters as RDF terms (:mod:`relocgraph.store.terms`):

- :class:`OxigraphBackend` — pyoxigraph, over the store that ``relocgraph build``
  persists in ``build/oxigraph/`` (opened read-only, nothing re-parsed; the default
  everywhere) or an in-memory store loaded from N-Quads/TriG;
- :class:`RdflibBackend` — rdflib's in-memory ``Dataset`` (the reference engine, slow to
  load and to query beyond a few thousand triples);
- :class:`relocgraph.store.remote.RemoteBackend` — any SPARQL 1.1 endpoint.

Every backend offers :meth:`~Backend.select` (SELECT/ASK → :class:`Table`),
:meth:`~Backend.construct` (CONSTRUCT/DESCRIBE → an rdflib ``Graph``) and
:meth:`~Backend.dataset` (the whole data as an rdflib ``Dataset``). Open one with
:func:`relocgraph.store.open_store`.

>>> import pyoxigraph
>>> store = pyoxigraph.Store()
>>> store.load(b'<http://e/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
...            b'<http://xmlns.com/foaf/0.1/Person> .', format=pyoxigraph.RdfFormat.N_TRIPLES)
>>> OxigraphBackend(store).select("SELECT ?p WHERE { ?p a foaf:Person }").rows
[['http://e/x']]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relocgraph.model.errors import BuildMissingError, QueryError, StoreError
from relocgraph.model.prefixes import PREFIXES
from relocgraph.model.table import Table, literal_value
from relocgraph.pipeline.persist import Progress, bulk_load, rdf_format
from relocgraph.store.terms import (
    Term,
    bind_subqueries,
    bind_values,
    check_bindable,
    coerce_all,
    projected_variables,
)

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Dataset, Graph

#: Parameters as callers give them: variable name → Term, text, number or RDF term.
Params = Mapping[str, Any]


class Backend:
    """What every query backend offers (subclasses implement ``_select``/``_construct``)."""

    name = "backend"
    #: Where the data comes from (a store folder, a file, a URL), for messages.
    source = ""

    def select(self, text: str, params: Params | None = None, *, origin: str = "query") -> Table:
        """Run a SELECT or ASK query (project prefixes predeclared) and return a table.

        ``params`` binds variables (name → value; see :func:`relocgraph.store.terms.coerce`)
        as RDF terms, never as text.
        """
        return self._select(text, coerce_all(params), origin)

    def construct(self, text: str, params: Params | None = None, *, origin: str = "query") -> Graph:
        """Run a CONSTRUCT or DESCRIBE query and return an rdflib ``Graph`` (prefixes bound)."""
        return self._construct(text, coerce_all(params), origin)

    def dataset(self) -> Dataset:
        """The whole data as an rdflib ``Dataset`` (default graph = union of the named graphs)."""
        raise StoreError(f"the {self.name} backend cannot hand over its whole data as a Dataset")

    def _select(self, text: str, bindings: dict[str, Term], origin: str) -> Table:
        raise NotImplementedError

    def _construct(self, text: str, bindings: dict[str, Term], origin: str) -> Graph:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.source or 'in memory'}>"


def load_dataset(path: Path | str) -> Dataset:
    """Load a built dataset (TriG or N-Quads) into an rdflib Dataset whose default graph
    is the union of its named graphs.

    Raises :class:`BuildMissingError` when the file does not exist yet.
    """
    from rdflib import Dataset
    from rdflib.plugins import sparql

    from relocgraph.model.namespaces import bind_prefixes

    sparql.SPARQL_LOAD_GRAPHS = False  # FROM/FROM NAMED must never fetch anything
    path = Path(path)
    if not path.is_file():
        raise BuildMissingError(f"{path} does not exist; run `relocgraph build` first")
    fmt = "nquads" if path.suffix == ".nq" else "trig"
    ds = Dataset(default_union=True)
    ds.parse(path, format=fmt)
    return bind_prefixes(ds)


# ---------------------------------------------------------------------------
# rdflib
# ---------------------------------------------------------------------------


class RdflibBackend(Backend):
    """rdflib's SPARQL engine over an rdflib ``Dataset`` (default graph = union)."""

    name = "rdflib"

    def __init__(self, dataset: Any, *, source: str = "") -> None:
        self._dataset = dataset
        self.source = source

    @classmethod
    def load(cls, path: Path | str) -> RdflibBackend:
        """Parse a built TriG or N-Quads file."""
        return cls(load_dataset(path), source=str(path))

    def dataset(self) -> Dataset:
        return self._dataset

    def _run(self, text: str, bindings: dict[str, Term], origin: str) -> Any:
        from relocgraph.pipeline.sparql import execute

        check_bindable(text, bindings, origin=origin)
        return execute(self._dataset, text, {k: v.to_rdflib() for k, v in bindings.items()}, origin=origin)

    def _select(self, text: str, bindings: dict[str, Term], origin: str) -> Table:
        return rdflib_table(self._run(text, bindings, origin))

    def _construct(self, text: str, bindings: dict[str, Term], origin: str) -> Graph:
        from relocgraph.model.namespaces import bind_prefixes

        result = self._run(text, bindings, origin)
        if result.type not in ("CONSTRUCT", "DESCRIBE"):
            raise QueryError(f"{origin}: only CONSTRUCT and DESCRIBE queries return graphs")
        return bind_prefixes(result.graph)


def rdflib_value(value: Any) -> Any:
    """An rdflib term as a Python value (see :func:`relocgraph.model.table.literal_value`)."""
    from rdflib import BNode, Literal, URIRef

    if value is None:
        return None
    if isinstance(value, URIRef):
        return str(value)
    if isinstance(value, BNode):
        return f"_:{value}"
    if isinstance(value, Literal):
        return literal_value(str(value), str(value.datatype) if value.datatype else None, value.language)
    return value


def rdflib_table(result: Any) -> Table:
    """An rdflib SPARQL result as a :class:`Table`."""
    if result.type == "ASK":
        return Table(["ask"], [[bool(result.askAnswer)]])
    if result.type != "SELECT":
        raise QueryError("only SELECT and ASK queries return tables; use construct() for graphs")
    columns = [str(v) for v in result.vars]
    rows = [[rdflib_value(row[i]) for i in range(len(columns))] for row in result]
    return Table(columns, rows)


# ---------------------------------------------------------------------------
# Oxigraph
# ---------------------------------------------------------------------------


class OxigraphBackend(Backend):
    """pyoxigraph's engine over a store whose default graph holds the merge (a set) of
    its named graphs, as :func:`relocgraph.pipeline.persist.build_store` and :meth:`load`
    write it.

    Parameters are bound with pyoxigraph's ``substitutions`` when the query projects
    every bound variable (the only case Oxigraph accepts: it refuses to substitute a
    variable that is not in the SELECT clause), and otherwise with a ``VALUES`` block
    opening the WHERE group, written by pyoxigraph from the validated terms.
    """

    name = "oxigraph"

    def __init__(self, store: Any, *, source: str = "") -> None:
        self.store = store
        self.source = source

    @classmethod
    def open(cls, store_dir: Path | str) -> OxigraphBackend:
        """Open a persisted store read-only (several processes may read at once)."""
        import pyoxigraph as ox

        try:
            return cls(ox.Store.read_only(str(store_dir)), source=str(store_dir))
        except OSError as e:
            raise StoreError(
                f"{store_dir}: cannot open the Oxigraph store ({e}); rebuild it with `relocgraph build`"
            ) from e

    @classmethod
    def load(cls, path: Path | str, *, progress: Progress | None = None) -> OxigraphBackend:
        """Load N-Quads or TriG into an in-memory store."""
        import pyoxigraph as ox

        path = Path(path)
        if not path.is_file():
            raise BuildMissingError(f"{path} does not exist; run `relocgraph build` first")
        store = ox.Store()
        with path.open("rb") as f:
            bulk_load(store, f, rdf_format(path), progress)  # named graphs and their merge
        return cls(store, source=str(path))

    def run(
        self, text: str, bindings: Mapping[str, Term] | None = None, *, origin: str = "query", **options: Any
    ) -> Any:
        """The raw pyoxigraph result of ``text`` with ``bindings`` bound (``options`` go to
        ``Store.query``, e.g. ``default_graph``/``named_graphs``)."""
        substitutions = None
        if bindings:
            check_bindable(text, bindings, origin=origin)
            projected = projected_variables(text)
            if projected is not None and set(bindings) <= projected:
                import pyoxigraph as ox

                substitutions = {ox.Variable(k): v.to_oxigraph() for k, v in bindings.items()}
                text = bind_subqueries(text, bindings)  # substitutions do not reach subqueries
            else:
                text = bind_values(text, bindings, origin=origin)
        try:
            return self.store.query(text, prefixes=PREFIXES, substitutions=substitutions, **options)
        except SyntaxError as e:
            raise syntax_error(text, origin, e) from e
        except OSError as e:
            raise StoreError(f"{origin}: the Oxigraph store failed: {e}") from e
        except (RuntimeError, ValueError) as e:
            raise QueryError(f"{origin}: {e}") from e

    def _select(self, text: str, bindings: dict[str, Term], origin: str) -> Table:
        return oxigraph_table(self.run(text, bindings, origin=origin), origin=origin)

    def _construct(self, text: str, bindings: dict[str, Term], origin: str) -> Graph:
        import pyoxigraph as ox
        from rdflib import Graph

        from relocgraph.model.namespaces import bind_prefixes

        result = self.run(text, bindings, origin=origin)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError(f"{origin}: only CONSTRUCT and DESCRIBE queries return graphs")
        graph = Graph()
        try:
            data = result.serialize(format=ox.RdfFormat.N_TRIPLES)
        except (OSError, RuntimeError, ValueError) as e:
            raise running_error(origin, e) from e
        graph.parse(data=data, format="nt")
        return bind_prefixes(graph)

    def dataset(self) -> Dataset:
        import pyoxigraph as ox
        from rdflib import Dataset

        from relocgraph.model.namespaces import bind_prefixes

        quads = (q for q in self.store if not isinstance(q.graph_name, ox.DefaultGraph))
        ds = Dataset(default_union=True)
        ds.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format="nquads")
        return bind_prefixes(ds)


def syntax_error(text: str, origin: str, error: SyntaxError) -> QueryError:
    """The same message for a syntax error whatever the backend: rdflib's (file:line:col and
    the line), which points at the construct left open, where Oxigraph points at the
    token where it gave up. Only errors pay for importing rdflib."""
    from relocgraph.pipeline.sparql import prepare

    try:
        prepare(text, origin=origin)
    except QueryError as e:
        return e
    m = re.search(r"(\d+):(\d+)", str(error))
    where = f"{origin}:{m.group(1)}:{m.group(2)}" if m else origin
    return QueryError(f"{where}: SPARQL syntax error: {error}")


def running_error(origin: str, error: Exception) -> QueryError:
    """A failure while the engine produced results (a SERVICE that cannot be reached, a
    value it cannot compute) as a query error in the user's words."""
    message = str(error) or type(error).__name__
    if "SERVICE" in message.upper() or isinstance(error, OSError):
        return QueryError(f"{origin}: the query failed while it ran (a SERVICE call?): {message}")
    return QueryError(f"{origin}: the query failed while it ran: {message}")


def oxigraph_table(result: Any, *, origin: str = "query") -> Table:
    """A pyoxigraph query result (solutions or boolean) as a :class:`Table`."""
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return Table(["ask"], [[bool(result)]])
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("only SELECT and ASK queries return tables; use construct() for graphs")
    columns = [v.value for v in result.variables]
    named, literal, blank = ox.NamedNode, ox.Literal, ox.BlankNode
    string_type = PREFIXES["xsd"] + "string"
    cache: dict[Any, Any] = {}  # the same literal often recurs (labels, dates)

    def typed(term: Any) -> Any:
        datatype = term.datatype.value
        if term.language or datatype == string_type:
            return term.value
        key = (term.value, datatype)
        if key not in cache:
            cache[key] = literal_value(term.value, datatype)
        return cache[key]

    def value(term: Any) -> Any:
        kind = type(term)
        if term is None:
            return None
        if kind is named:
            return term.value
        if kind is literal:
            return typed(term)
        if kind is blank:
            return f"_:{term.value}"
        return str(term)  # RDF-star triple terms

    try:
        rows = [[value(t) for t in solution] for solution in result]
    except (OSError, RuntimeError, ValueError) as e:  # raised by the engine while iterating
        raise running_error(origin, e) from e
    return Table(columns, rows)
