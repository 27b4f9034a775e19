"""Named SPARQL queries and ad-hoc queries, answered as pandas DataFrames.

Named queries are ``.rq`` files shipped in ``relocgraph/queries/``, each opening with
a header of ``# title:``, ``# description:`` and optional ``# param: NAME — text``
lines. Every query is run with the project's prefixes (see
:func:`relocgraph.namespaces.sparql_prefixes`) so it can say ``rg:``, ``org:``,
``person:`` and so on without declaring them.

>>> [q.name for q in list_queries()][:3]
['class-counts', 'compare-facts', 'compare-figures']
>>> from relocgraph.build import build
>>> frame = run_query("quotes", dataset=build(".").dataset)
>>> sorted(frame["speaker_label"].unique())
['Fabrice Pannekoucke', 'Laurent Wauquiez']
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BuildMissingError, QueryError

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
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
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
    return resources.files("relocgraph").joinpath("queries")


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
    from .namespaces import bind_prefixes

    return bind_prefixes(ds)


def resolve_term(value: str) -> Any:
    """Turn a parameter given on the command line into an RDF term.

    CURIEs with a known prefix and ``<…>``/``http(s)://`` IRIs become IRIs; whole
    numbers become integers; anything else a plain string literal.

    >>> resolve_term("person:laurent-wauquiez")
    rdflib.term.URIRef('https://w3id.org/relocgraph/id/person/laurent-wauquiez')
    >>> resolve_term("14000")
    rdflib.term.Literal('14000', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    from rdflib import Literal, URIRef

    from .namespaces import PREFIXES

    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if re.match(r"^https?://", text):
        return URIRef(text)
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and " " not in local:
        return URIRef(PREFIXES[prefix] + local)
    if re.fullmatch(r"-?\d+", text):
        return Literal(int(text))
    return Literal(text)


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
) -> pd.DataFrame:
    """Run a named query (by name) or a SPARQL SELECT/ASK string; return a DataFrame.

    Columns are the query's variables; IRIs come back as strings, numbers as numbers,
    dates as ``datetime64`` values. ``params`` binds query variables by name
    (``{"indicator": "indicator:jobs-created"}``). ``dataset`` defaults to the built
    ``build/relocgraph.trig``.
    """
    text, named = query_text(query)
    if named is not None and params:
        unknown = sorted(set(params) - {p.name for p in named.parameters})
        if unknown:
            allowed = ", ".join(p.name for p in named.parameters) or "none"
            raise QueryError(f"query {named.name!r} has no parameter {unknown[0]!r} "
                             f"(parameters: {allowed})")
    if dataset is None:
        dataset = load_dataset()
    bindings = {k: resolve_term(v) for k, v in (params or {}).items()}
    result = execute(dataset, text, bindings, origin=named.path if named else "query")
    return result_frame(result)


def execute(dataset: Any, text: str, bindings: dict[str, Any] | None = None,
            *, origin: str = "query") -> Any:
    """Parse and run SPARQL over an rdflib graph; syntax errors become :class:`QueryError`."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import Variable

    from .namespaces import PREFIXES, sparql_prefixes

    header = sparql_prefixes() + "\n"
    try:
        prepared = prepareQuery(header + text)
    except ParseException as e:
        line = max(1, e.lineno - len(PREFIXES))
        raise QueryError(f"{origin}:{line}:{e.col}: SPARQL syntax error: {e.msg}\n"
                         f"  {e.line}") from e
    except Exception as e:  # rdflib raises plain Exceptions for unknown prefixes and the like
        raise QueryError(f"{origin}: cannot prepare SPARQL query: {e}") from e
    init = {Variable(k): v for k, v in (bindings or {}).items()}
    try:
        return dataset.query(prepared, initBindings=init)
    except RecursionError as e:
        raise QueryError(f"{origin}: query too deep for the in-memory engine "
                         "(a property path over a long chain?)") from e


def _convert(value: Any) -> Any:
    from rdflib import BNode, Literal, URIRef

    if value is None:
        return None
    if isinstance(value, URIRef):
        return str(value)
    if isinstance(value, BNode):
        return f"_:{value}"
    if isinstance(value, Literal):
        py = value.toPython()
        if isinstance(py, Decimal):
            return int(py) if py == py.to_integral_value() else float(py)
        if isinstance(py, Literal):  # ill-typed or unknown datatype
            return str(value)
        return py
    return value


def result_frame(result: Any) -> pd.DataFrame:
    """Convert an rdflib SPARQL result into a typed DataFrame."""
    import datetime as dt

    import pandas as pd

    if result.type == "ASK":
        return pd.DataFrame({"ask": [bool(result.askAnswer)]})
    if result.type != "SELECT":
        raise QueryError("only SELECT and ASK queries return tables; use export for graphs")
    columns = [str(v) for v in result.vars]
    rows = [[_convert(row[i]) for i in range(len(columns))] for row in result]
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    for col in columns:
        values = [v for v in frame[col] if v is not None]
        if values and all(isinstance(v, bool) for v in values):
            frame[col] = frame[col].astype("boolean")
        elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            frame[col] = frame[col].astype("Int64")
        elif values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            frame[col] = frame[col].astype("Float64")
        elif values and all(isinstance(v, dt.date) for v in values):
            frame[col] = pd.to_datetime(frame[col])
        elif values and all(isinstance(v, str) for v in values):
            frame[col] = frame[col].astype("string")
    return frame


# ---------------------------------------------------------------------------
# Formatting for the terminal and for programs
# ---------------------------------------------------------------------------


def _cell(value: Any) -> str:
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    return str(value)


def compact_iris(frame: pd.DataFrame) -> pd.DataFrame:
    """Replace full IRIs by CURIEs (``person:laurent-wauquiez``) for display."""
    from .network import curie

    out = frame.copy()
    for col in out.columns:
        if str(out[col].dtype) in ("string", "object"):
            out[col] = out[col].map(
                lambda v: curie(v) if isinstance(v, str) and v.startswith("http") else v)
    return out


def format_frame(frame: pd.DataFrame, fmt: str = "table", *, max_width: int = 60) -> str:
    """Render a DataFrame as ``table``, ``markdown``, ``csv``, ``tsv`` or ``json`` text.

    >>> import pandas as pd
    >>> print(format_frame(pd.DataFrame({"a": [1], "b": ["x|y"]}), "markdown"))
    | a | b |
    |---|---|
    | 1 | x\\|y |
    """
    columns = [str(c) for c in frame.columns]
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    if fmt == "json":
        records = []
        for row in frame.itertuples(index=False, name=None):
            record = {}
            for col, value in zip(columns, row, strict=True):
                text = _cell(value)
                record[col] = (value if isinstance(value, int | float | bool) and text != ""
                               else (text if text != "" else None))
                if hasattr(value, "item") and text != "":
                    record[col] = value.item()
            records.append(record)
        return json.dumps(records, ensure_ascii=False, indent=2, default=str)
    if fmt == "markdown":
        def esc(s: str) -> str:
            return s.replace("|", "\\|").replace("\n", " ")
        lines = ["| " + " | ".join(esc(c) for c in columns) + " |",
                 "|" + "|".join("---" for _ in columns) + "|"]
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
        return "\n".join(lines)
    if fmt == "table":
        def clip(s: str) -> str:
            s = s.replace("\n", " ")
            return s if len(s) <= max_width else s[: max_width - 1] + "…"
        cells = [[clip(c) for c in columns]] + [[clip(c) for c in row] for row in rows]
        widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
        line = "  ".join("-" * w for w in widths)
        out = ["  ".join(c.ljust(w) for c, w in zip(cells[0], widths, strict=True)), line]
        out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                for r in cells[1:]]
        out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
        return "\n".join(out)
    raise QueryError(f"unknown format {fmt!r}")
