"""rdflib SPARQL helpers shared by the pipeline's rules and the checks: the ``# key: value``
header of ``.rq`` files, the rule files of a folder, and parsing/running a query with the
project's prefixes declared."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar, Self

from relocgraph.model.errors import QueryError, RuleError


def header_fields(text: str, pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    """The ``# key: value`` lines that open a ``.rq`` file, for the keys ``pattern`` knows.

    >>> header_fields("# title: T\\n# other: x\\nSELECT", re.compile(r"^#\\s*(title):\\s*(.*)$"))
    [('title', 'T')]
    """
    fields = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = pattern.match(line)
        if m:
            fields.append((m.group(1), m.group(2).strip()))
    return fields


def rule_texts(folder: Any) -> dict[str, str]:
    """The ``.rq`` files of a package folder (a ``Traversable``), text by name without ``.rq``."""
    return {e.name[:-3]: e.read_text("utf-8") for e in folder.iterdir() if e.name.endswith(".rq")}


@dataclass(frozen=True)
class RuleFile:
    """A rule kept as data: a ``.rq`` file of :attr:`folder` opening with ``# title:``,
    ``# label-fr:`` and ``# description:`` lines; subclasses add their own fields.

    >>> @dataclass(frozen=True)
    ... class Demo(RuleFile, folder="relocgraph/demo", what="demo"):
    ...     formula: str
    >>> meta = {"title": "T", "label-fr": "T fr", "description": "D"}
    >>> Demo.from_header("x", "CONSTRUCT {} WHERE {}", {**meta, "formula": "a / b"}, ("formula",)).formula
    'a / b'
    >>> try:
    ...     Demo.from_header("x", "CONSTRUCT {} WHERE {}", meta, ("formula",))
    ... except RuleError as e:
    ...     print(e)
    relocgraph/demo/x.rq:1: demo has no '# formula:' header line; add one above the query
    """

    #: Where the files are, as their path in the package names them (a class keyword).
    folder: ClassVar[str]
    #: What the errors call one of them (a class keyword).
    what: ClassVar[str]

    name: str
    title: str
    label_fr: str
    description: str
    text: str

    def __init_subclass__(cls, *, folder: str, what: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.folder, cls.what = folder, what

    @classmethod
    def from_header(
        cls, name: str, text: str, meta: Mapping[str, str], fields: Iterable[str] = (), **more: Any
    ) -> Self:
        """The rule ``name`` whose query is ``text``, from its header ``meta``: the common
        lines, the lines ``fields`` (one per field of the same name), and ``more`` fields.
        Raise :class:`RuleError` when one of those lines is missing."""
        fields = tuple(fields)
        for key in ("title", "label-fr", "description", *fields):
            if key not in meta:
                raise RuleError(
                    f"{cls.folder}/{name}.rq:1: {cls.what} has no '# {key}:' header line; "
                    "add one above the query"
                )
        own = {key: meta[key] for key in fields}
        return cls(name, meta["title"], meta["label-fr"], meta["description"], text, **own, **more)

    @property
    def iri(self) -> Any:
        """The rule as a ``prov:Plan`` individual: ``id:rule/<name>``."""
        from relocgraph.model.namespaces import ID

        return ID["rule/" + self.name]

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.name}.rq"

    def describe(self, graph: Any, *more: tuple[Any, Any]) -> None:
        """Add the rule to ``graph`` as a ``prov:Plan``: its labels, its description, the
        ``(predicate, object)`` pairs ``more``, and its file."""
        from rdflib import Literal
        from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

        graph.add((self.iri, RDF.type, PROV.Plan))
        graph.add((self.iri, RDFS.label, Literal(self.title, lang="en")))
        graph.add((self.iri, RDFS.label, Literal(self.label_fr, lang="fr")))
        graph.add((self.iri, DCTERMS.description, Literal(self.description, lang="en")))
        for predicate, obj in more:
            graph.add((self.iri, predicate, obj))
        graph.add((self.iri, DCTERMS.source, Literal(self.path)))


def prepare(text: str, *, origin: str = "query") -> Any:
    """Parse SPARQL with rdflib (project prefixes predeclared); a syntax error becomes a
    :class:`QueryError` naming ``origin``, the line and the column.

    Parsed once per text: rdflib's parser costs ~0.1 s a query (on a cached build,
    parsing the derivation rules was half of ``relocgraph build``), and a prepared query
    can be evaluated any number of times, on any graph.
    """
    return _prepare(text, origin)


@lru_cache(maxsize=256)
def _prepare(text: str, origin: str) -> Any:
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    from relocgraph.model.namespaces import PREFIXES, sparql_prefixes

    header = sparql_prefixes() + "\n"
    try:
        return prepareQuery(header + text)
    except ParseException as e:
        line = max(1, e.lineno - len(PREFIXES))
        raise QueryError(f"{origin}:{line}:{e.col}: SPARQL syntax error: {e.msg}\n  {e.line}") from e
    except Exception as e:  # rdflib raises plain Exceptions for unknown prefixes and the like
        raise QueryError(f"{origin}: cannot prepare SPARQL query: {e}") from e


def execute(
    dataset: Any,
    text: str,
    bindings: dict[str, Any] | None = None,
    *,
    origin: str = "query",
    prepared: Any = None,
) -> Any:
    """Parse (unless ``prepared`` is given) and run SPARQL over an rdflib graph; syntax
    errors become :class:`QueryError`."""
    from rdflib.term import Variable

    prepared = prepared if prepared is not None else prepare(text, origin=origin)
    init = {Variable(k): v for k, v in (bindings or {}).items()}
    try:
        return dataset.query(prepared, initBindings=init)
    except RecursionError as e:
        raise QueryError(
            f"{origin}: query too deep for the in-memory engine (a property path over a long chain?)"
        ) from e


# ---------------------------------------------------------------------------
# Prepared queries kept between runs (the derivation rules)
# ---------------------------------------------------------------------------


def prepare_all(texts: dict[str, str], cache_dir: Path | None = None) -> dict[str, Any]:
    """Prepare every query of ``texts`` (origin → SPARQL text), reading and writing the
    parsed forms in ``cache_dir`` when one is given.

    rdflib's parser costs ~0.08 CPU-s a rule, which was half of a build whose reasoning
    is cached; a parsed query loads from the cache in a few milliseconds. The cache file
    is named by a hash of the texts and of rdflib's version, so a changed rule or
    another rdflib parses again; a file that cannot be read is ignored and rewritten.
    """
    if cache_dir is None:
        return {origin: prepare(text, origin=origin) for origin, text in texts.items()}
    import hashlib
    import pickle

    import rdflib

    key = hashlib.sha256(rdflib.__version__.encode())
    for origin, text in sorted(texts.items()):
        key.update(f"\0{origin}\0{text}".encode())
    path = Path(cache_dir) / f"prepared-{key.hexdigest()[:24]}.pickle"
    try:
        with path.open("rb") as f:
            cached = pickle.load(f)  # our own cache file, in the build folder
        if isinstance(cached, dict) and set(cached) == set(texts):
            return cached
    except Exception:  # a missing, truncated or foreign cache file: parse again
        pass
    prepared = {origin: prepare(text, origin=origin) for origin, text in texts.items()}
    _write_pickle(path, prepared)
    return prepared


def _write_pickle(path: Path, value: Any) -> None:
    import io
    import os
    import pickle

    from rdflib.plugins.sparql.parserutils import CompValue, Expr

    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {CompValue: _reduce_comp_value, Expr: _reduce_comp_value}
    try:
        pickler.dump(value)
    except Exception:  # rdflib changed its parse tree: run without the cache
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_bytes(buffer.getvalue())
    os.replace(tmp, path)


def _reduce_comp_value(value: Any) -> tuple[Any, ...]:
    """Pickle rdflib's parse-tree nodes: an ordered dict with a name and, for
    expressions, a bound evaluation function (which pickle cannot store as it is)."""
    from collections import OrderedDict

    state = dict(vars(value))
    state.pop("ctx", None)
    if state.get("_evalfn") is not None:
        state["_evalfn"] = state["_evalfn"].__func__
        state["_evalfn_bound"] = True
    return (_comp_value, (type(value), state, list(OrderedDict.items(value))))


def _comp_value(cls: type, state: dict[str, Any], items: list[tuple[Any, Any]]) -> Any:
    from collections import OrderedDict
    from types import MethodType

    obj = cls.__new__(cls)
    OrderedDict.__init__(obj)
    if state.pop("_evalfn_bound", False):
        state["_evalfn"] = MethodType(state["_evalfn"], obj)
    obj.__dict__.update(state)
    for k, v in items:
        OrderedDict.__setitem__(obj, k, v)
    return obj
