"""Query results as a light table of Python values, and their text formats.

Every query backend (rdflib, Oxigraph, a remote SPARQL store) answers with a
:class:`Table`: column names and rows of plain Python values (``str`` for IRIs,
``int``/``float``/``bool``, ``datetime.date``…, ``None`` when unbound), converted by
the same rules everywhere. The Python API turns it into a pandas DataFrame
(:func:`table_frame`); the command line formats it directly (:func:`format_table`) so
that ``relocgraph query`` never imports pandas or rdflib.

>>> t = Table(["who", "n"], [["https://w3id.org/relocgraph/id/person/x", 2], [None, 1]])
>>> print(format_table(compact_table(t), "csv"))
who,n
person:x,2
,1
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from relocgraph.model.errors import QueryError
from relocgraph.model.formats import TABLE_FORMATS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = frozenset(
    _XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
)
_FLOAT_TYPES = frozenset((_XSD + "double", _XSD + "float"))


@dataclass
class Table:
    """A query answer: column names and rows of Python values (``None`` = unbound)."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


def literal_value(lexical: str, datatype: str | None = None, language: str | None = None) -> Any:
    """The Python value of an RDF literal, following rdflib's ``toPython`` conventions.

    Integers (every XSD integer type) become ``int``; decimals ``int`` when whole, else
    ``float``; doubles ``float``; booleans ``bool``; ``xsd:date`` a ``date`` (time zone
    dropped, as rdflib does), ``xsd:dateTime`` a ``datetime``; every other literal,
    and any ill-typed one, its lexical form.

    >>> literal_value("165000000", "http://www.w3.org/2001/XMLSchema#integer")
    165000000
    >>> literal_value("3.5", "http://www.w3.org/2001/XMLSchema#decimal")
    3.5
    >>> literal_value("2024-11-07", "http://www.w3.org/2001/XMLSchema#date")
    datetime.date(2024, 11, 7)
    >>> literal_value("x5", "http://www.w3.org/2001/XMLSchema#integer")
    'x5'
    """
    if language or datatype is None:
        return lexical
    parse = _integer if datatype in _INTEGER_TYPES else _PARSERS.get(datatype)
    if datatype in _FLOAT_TYPES:
        parse = float
    if parse is None:
        return lexical
    try:
        return parse(lexical)
    except ValueError:
        return lexical


def _integer(lexical: str) -> int:
    return int(lexical)


def _decimal(lexical: str) -> Any:
    from decimal import Decimal, InvalidOperation

    try:
        number = Decimal(lexical)
    except InvalidOperation as error:
        raise ValueError(lexical) from error
    if not number.is_finite():
        return lexical
    return int(number) if number == number.to_integral_value() else float(number)


#: How each XSD datatype's lexical form is read (integer and float types: see above).
_PARSERS: dict[str, Any] = {
    _XSD + "decimal": _decimal,
    _XSD + "boolean": lambda lexical: lexical.strip().lower() in ("true", "1"),
    _XSD + "date": lambda lexical: dt.date.fromisoformat(lexical[:10]),
    _XSD + "dateTime": lambda lexical: dt.datetime.fromisoformat(lexical.replace("Z", "+00:00")),
    _XSD + "time": lambda lexical: dt.time.fromisoformat(lexical.replace("Z", "+00:00")),
}


def column_kind(values: Sequence[Any]) -> str:
    """How a column is typed in a DataFrame: boolean, int, float, date, string or object.

    >>> column_kind([1, 2.5, None])
    'float'
    """
    present = [v for v in values if v is not None]
    if not present:
        return "object"
    return next((kind for kind, test in _KINDS if all(test(v) for v in present)), "object")


#: Column kinds, tried in order: the first whose test holds for every present value.
_KINDS: tuple[tuple[str, Any], ...] = (
    ("boolean", lambda v: isinstance(v, bool)),
    ("int", lambda v: isinstance(v, int) and not isinstance(v, bool)),
    ("float", lambda v: isinstance(v, int | float) and not isinstance(v, bool)),
    ("date", lambda v: isinstance(v, dt.date)),
    ("string", lambda v: isinstance(v, str)),
)


def typed_table(table: Table) -> Table:
    """The rows as a DataFrame would hold them: whole numbers in a float column become floats.

    >>> typed_table(Table(["x"], [[1], [2.5]])).rows
    [[1.0], [2.5]]
    """
    float_cols = [
        i for i, _ in enumerate(table.columns) if column_kind([r[i] for r in table.rows]) == "float"
    ]
    if not float_cols:
        return table
    rows = []
    for row in table.rows:
        row = list(row)
        for i in float_cols:
            if row[i] is not None:
                row[i] = float(row[i])
        rows.append(row)
    return Table(list(table.columns), rows)


def table_frame(table: Table) -> pd.DataFrame:
    """A typed pandas DataFrame: nullable ``Int64``/``Float64``/``boolean``/``string``
    columns, ``datetime64`` for dates, ``object`` for mixed columns.

    >>> table_frame(Table(["n"], [[1], [None]]))["n"].dtype
    Int64Dtype()
    """
    import pandas as pd

    frame = pd.DataFrame(table.rows, columns=table.columns, dtype=object)
    for i, col in enumerate(table.columns):
        kind = column_kind([row[i] for row in table.rows])
        if kind == "boolean":
            frame[col] = frame[col].astype("boolean")
        elif kind == "int":
            frame[col] = frame[col].astype("Int64")
        elif kind == "float":
            frame[col] = frame[col].astype("Float64")
        elif kind == "date":
            frame[col] = pd.to_datetime(frame[col])
        elif kind == "string":
            frame[col] = frame[col].astype("string")
    return frame


def frame_table(frame: pd.DataFrame) -> Table:
    """A DataFrame's cells back as plain Python values (NA → ``None``, timestamps →
    ``date`` at midnight, else ``datetime``; numpy scalars → Python scalars)."""
    import pandas as pd

    def plain(value: Any) -> Any:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        if isinstance(value, pd.Timestamp):
            return value.date() if value == value.normalize() else value.to_pydatetime()
        if hasattr(value, "item") and not isinstance(value, str):
            return value.item()
        return value

    rows = [[plain(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return Table([str(c) for c in frame.columns], rows)


def compact_table(table: Table) -> Table:
    """Replace full IRIs by CURIEs (``person:laurent-wauquiez``) for display."""
    from relocgraph.model.prefixes import curie

    rows = [
        [curie(v) if isinstance(v, str) and v.startswith("http") else v for v in row] for row in table.rows
    ]
    return Table(list(table.columns), rows)


def cell_text(value: Any) -> str:
    """How one value prints: empty when unbound, ISO dates, midnight datetimes as dates.

    >>> cell_text(dt.datetime(2024, 11, 7)), cell_text(None), cell_text(float("nan"))
    ('2024-11-07', '', '')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, dt.datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def format_table(table: Table, fmt: str = "table", *, max_width: int = 60) -> str:
    """Render a table as ``table``, ``markdown``, ``csv``, ``tsv`` or ``json`` text.

    >>> print(format_table(Table(["a", "b"], [[1, "x|y"]]), "markdown"))
    | a   | b    |
    |-----|------|
    | 1   | x\\|y |
    """
    table = typed_table(table)
    columns = list(table.columns)
    rows = [[cell_text(v) for v in row] for row in table.rows]
    if fmt in ("csv", "tsv"):
        import csv
        import io

        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    if fmt == "json":
        import json

        records = []
        for raw, texts in zip(table.rows, rows, strict=True):
            record: dict[str, Any] = {}
            for col, value, text in zip(columns, raw, texts, strict=True):
                if text == "":
                    record[col] = None
                elif isinstance(value, int | float | bool):
                    record[col] = value
                else:
                    record[col] = text
            records.append(record)
        return json.dumps(records, ensure_ascii=False, indent=2, default=str)
    if fmt in ("table", "markdown"):
        from tabulate import tabulate

        def clip(text: str) -> str:
            text = text.replace("\n", " ")
            if fmt == "markdown":
                return text.replace("|", "\\|")
            return text if len(text) <= max_width else text[: max_width - 1] + "…"

        body = tabulate(
            [[clip(c) for c in row] for row in rows],
            headers=[clip(c) for c in columns],
            tablefmt="github" if fmt == "markdown" else "simple",
            disable_numparse=True,
        )
        if fmt == "markdown":
            return body
        return f"{body}\n({len(rows)} row{'s' if len(rows) != 1 else ''})"
    raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(TABLE_FORMATS)}")


def compact_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A DataFrame with full IRIs replaced by CURIEs (``person:laurent-wauquiez``), for display."""
    from relocgraph.model.prefixes import curie

    out = frame.copy()
    for col in out.columns:
        if str(out[col].dtype) in ("string", "object"):
            out[col] = out[col].map(lambda v: curie(v) if isinstance(v, str) and v.startswith("http") else v)
    return out


def format_frame(frame: pd.DataFrame, fmt: str = "table", *, max_width: int = 60) -> str:
    """Render a DataFrame as :func:`format_table` renders the same rows.

    >>> import pandas as pd
    >>> print(format_frame(pd.DataFrame({"a": [1], "b": ["x"]}), "csv"))
    a,b
    1,x
    """
    return format_table(frame_table(frame), fmt, max_width=max_width)
