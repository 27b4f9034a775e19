"""Query backends behind one small interface, and the persisted Oxigraph store.

A backend answers SPARQL SELECT/ASK text (without PREFIX lines: each backend adds the
project's prefixes) with a :class:`~relocgraph.model.table.Table`:

- :class:`RdflibBackend` — rdflib's in-memory ``Dataset`` (the reference engine,
  slow to load and to query beyond a few thousand triples);
- :class:`OxigraphBackend` — pyoxigraph, either the store that ``relocgraph build``
  persists in ``build/oxigraph/`` (opened read-only, nothing re-parsed) or an
  in-memory store loaded from N-Quads/TriG;
- :class:`relocgraph.store.remote.RemoteBackend` — any SPARQL 1.1 endpoint.

Parameters are :class:`Term` values, bound before evaluation (rdflib ``initBindings``;
for Oxigraph and remote stores, SEP-0007 substitution of the query text, since
Oxigraph's own ``substitutions`` only binds projected variables), so a parameter is
visible inside FILTERs and UNION branches alike.

>>> import pyoxigraph
>>> store = pyoxigraph.Store()
>>> store.load(b'<http://e/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
...            b'<http://xmlns.com/foaf/0.1/Person> .', format=pyoxigraph.RdfFormat.N_TRIPLES)
>>> OxigraphBackend(store).select("SELECT ?p WHERE { ?p a foaf:Person }").rows
[['http://e/x']]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from relocgraph.model.errors import BuildMissingError, QueryError, StoreError
from relocgraph.model.prefixes import PREFIXES
from relocgraph.model.table import Table, literal_value
from relocgraph.pipeline.persist import Progress, bulk_load, fill_default_graph, fresh_store, rdf_format

BACKENDS = ("auto", "oxigraph", "rdflib")


@dataclass(frozen=True)
class Term:
    """An RDF term given as a query parameter: an IRI, or a literal with its datatype."""

    kind: str  # "iri" or "literal"
    value: str
    datatype: str | None = None

    def sparql(self) -> str:
        """The term in SPARQL syntax.

        >>> Term("literal", 'say "hi"').sparql()
        '"say \\\\"hi\\\\""'
        >>> Term("literal", "5", "http://www.w3.org/2001/XMLSchema#integer").sparql()
        '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'
        """
        if self.kind == "iri":
            return f"<{self.value}>"
        text = self.value.replace("\\", "\\\\").replace('"', '\\"')
        text = text.replace("\n", "\\n").replace("\r", "\\r")
        return f'"{text}"' + (f"^^<{self.datatype}>" if self.datatype else "")


def parse_param(value: str) -> Term:
    """A parameter given on the command line as a :class:`Term`.

    CURIEs with a known prefix and ``<…>``/``http(s)://`` IRIs become IRIs; whole
    numbers become integers; anything else a plain string literal.

    >>> parse_param("person:laurent-wauquiez").value
    'https://w3id.org/relocgraph/id/person/laurent-wauquiez'
    >>> parse_param("14000")
    Term(kind='literal', value='14000', datatype='http://www.w3.org/2001/XMLSchema#integer')
    """
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return Term("iri", text[1:-1])
    if re.match(r"^https?://", text):
        return Term("iri", text)
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and " " not in local:
        return Term("iri", PREFIXES[prefix] + local)
    if re.fullmatch(r"-?\d+", text):
        return Term("literal", str(int(text)), PREFIXES["xsd"] + "integer")
    return Term("literal", text)


_TOKEN = re.compile(
    r"(?P<comment>#[^\n]*)"
    r'|(?P<iri><[^<>"{}|^`\\\s]*>)'
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*')"
    r"|(?P<var>[?$][A-Za-z0-9_\u00b7-\uffff]+)"
    r"|(?P<pname>[A-Za-z][\w.-]*:[\w.%-]*|:[\w.%-]+)"
    r"|(?P<word>[A-Za-z_]\w*)"
    r"|(?P<punct>[(){}])"
)


def substitute(text: str, bindings: Mapping[str, Term], *, origin: str = "query") -> str:
    """Bind variables by rewriting the query (SEP-0007): each occurrence of a bound
    variable becomes its term, and a projected one ``(term AS ?var)`` so the column
    stays. Comments, strings and IRIs are left alone.

    >>> q = "SELECT ?x ?y WHERE { ?x ?p ?y FILTER(?y != ?x) } ORDER BY ?y"
    >>> print(substitute(q, {"y": Term("iri", "http://e/a")}))
    SELECT ?x (<http://e/a> AS ?y) WHERE { ?x ?p <http://e/a> FILTER(<http://e/a> != ?x) } ORDER BY (<http://e/a>)
    """
    if not bindings:
        return text
    out: list[str] = []
    pos = 0
    clause: str | None = None
    depth = 0
    previous = ""
    for m in _TOKEN.finditer(text):
        out.append(text[pos : m.start()])
        pos = m.end()
        token, kind = m.group(0), m.lastgroup
        if kind == "word":
            word = token.upper()
            if word == "SELECT":
                clause, depth = "select", 0
            elif word in ("ORDER", "GROUP"):
                clause, depth = "order", 0
            elif word in ("WHERE", "HAVING", "LIMIT", "OFFSET", "VALUES"):
                clause = None
        elif kind == "punct":
            if token == "(":
                depth += 1
            elif token == ")":
                depth -= 1
            else:
                clause = None
        elif kind == "var" and token[1:] in bindings:
            if previous in ("AS", "VALUES"):
                raise QueryError(f"{origin}: cannot bind {token}: the query assigns it itself")
            term = bindings[token[1:]].sparql()
            if clause == "select" and depth == 0:
                token = f"({term} AS ?{token[1:]})"
            elif clause == "order" and depth == 0:
                token = f"({term})"
            else:
                token = term
        out.append(token)
        if kind != "comment":
            previous = m.group(0).upper()
    out.append(text[pos:])
    return "".join(out)


class Backend(Protocol):
    """What every query backend offers."""

    name: str

    def select(
        self, text: str, bindings: Mapping[str, Term] | None = None, *, origin: str = "query"
    ) -> Table:
        """Run a SELECT or ASK query (project prefixes predeclared) and return a table."""
        ...


# ---------------------------------------------------------------------------
# rdflib
# ---------------------------------------------------------------------------


class RdflibBackend:
    """rdflib's SPARQL engine over an rdflib ``Dataset`` (default graph = union)."""

    name = "rdflib"

    def __init__(self, dataset: Any) -> None:
        self.dataset = dataset

    @classmethod
    def load(cls, path: Path | str) -> RdflibBackend:
        from relocgraph.store.catalogue import load_dataset

        return cls(load_dataset(path))

    def select(
        self, text: str, bindings: Mapping[str, Term] | None = None, *, origin: str = "query"
    ) -> Table:
        from relocgraph.pipeline.sparql import execute

        terms = {k: rdflib_term(v) for k, v in (bindings or {}).items()}
        return rdflib_table(execute(self.dataset, text, terms, origin=origin))


def rdflib_term(term: Term) -> Any:
    from rdflib import Literal, URIRef

    if term.kind == "iri":
        return URIRef(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype) if term.datatype else None)


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
        raise QueryError("only SELECT and ASK queries return tables; use export for graphs")
    columns = [str(v) for v in result.vars]
    rows = [[rdflib_value(row[i]) for i in range(len(columns))] for row in result]
    return Table(columns, rows)


# ---------------------------------------------------------------------------
# Oxigraph
# ---------------------------------------------------------------------------


class OxigraphBackend:
    """pyoxigraph's engine over a store whose default graph holds the merge (a set) of
    its named graphs, as :func:`build_store` and :meth:`load` write it."""

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
            bulk_load(store, f, rdf_format(path), progress)
        fill_default_graph(store)
        return cls(store, source=str(path))

    def select(
        self, text: str, bindings: Mapping[str, Term] | None = None, *, origin: str = "query"
    ) -> Table:
        # Oxigraph's own ``substitutions`` only binds projected variables; textual
        # SEP-0007 substitution binds a parameter wherever it occurs, as rdflib does.
        if bindings:
            text = substitute(text, bindings, origin=origin)
        try:
            result = self.store.query(text, prefixes=PREFIXES)
        except SyntaxError as e:
            raise syntax_error(text, origin, e) from e
        except OSError as e:
            raise StoreError(f"{origin}: the Oxigraph store failed: {e}") from e
        except RuntimeError as e:
            raise QueryError(f"{origin}: {e}") from e
        return oxigraph_table(result)


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


def oxigraph_table(result: Any) -> Table:
    """A pyoxigraph query result (solutions or boolean) as a :class:`Table`."""
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return Table(["ask"], [[bool(result)]])
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("only SELECT and ASK queries return tables; use export for graphs")
    columns = [v.value for v in result.variables]
    named, literal, blank = ox.NamedNode, ox.Literal, ox.BlankNode
    string_type = PREFIXES["xsd"] + "string"
    cache: dict[Any, Any] = {}  # the same literal often recurs (labels, dates)

    def value(term: Any) -> Any:
        if term is None:
            return None
        kind = type(term)
        if kind is named:
            return term.value
        if kind is literal:
            if term.language:
                return term.value
            datatype = term.datatype.value
            if datatype == string_type:
                return term.value
            key = (term.value, datatype)
            if key not in cache:
                cache[key] = literal_value(term.value, datatype)
            return cache[key]
        if kind is blank:
            return f"_:{term.value}"
        return str(term)  # RDF-star triple terms

    rows = [[value(t) for t in solution] for solution in result]
    return Table(columns, rows)


Loading = Callable[[Path], AbstractContextManager[Progress]]


def open_backend(
    kind: str = "auto", data_path: Path | str = "build/relocgraph.trig", *, loading: Loading | None = None
) -> Backend:
    """The backend ``kind`` over the built dataset at ``data_path``.

    ``auto`` and ``oxigraph`` open the persisted Oxigraph store when it is fresh, and
    otherwise load the file into an in-memory Oxigraph store; ``rdflib`` parses it
    into an rdflib Dataset.
    """
    if kind not in BACKENDS:
        raise QueryError(f"unknown backend {kind!r}; choose one of {', '.join(BACKENDS)}")
    data_path = Path(data_path)
    if kind == "rdflib":
        return RdflibBackend.load(data_path)
    store = fresh_store(data_path)
    if store is not None:
        return OxigraphBackend.open(store)
    if loading is None or not data_path.is_file():  # a missing file: load() says so
        return OxigraphBackend.load(data_path)
    with loading(data_path) as progress:  # e.g. the CLI's progress bar
        return OxigraphBackend.load(data_path, progress=progress)
