"""rdflib SPARQL helpers shared by the pipeline's rules and the checks: the ``# key: value``
header of ``.rq`` files, and parsing/running a query with the project's prefixes declared."""

from __future__ import annotations

import re
from typing import Any

from relocgraph.model.errors import QueryError


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


def prepare(text: str, *, origin: str = "query") -> Any:
    """Parse SPARQL with rdflib (project prefixes predeclared); a syntax error becomes a
    :class:`QueryError` naming ``origin``, the line and the column."""
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


def execute(dataset: Any, text: str, bindings: dict[str, Any] | None = None, *, origin: str = "query") -> Any:
    """Parse and run SPARQL over an rdflib graph; syntax errors become :class:`QueryError`."""
    from rdflib.term import Variable

    prepared = prepare(text, origin=origin)
    init = {Variable(k): v for k, v in (bindings or {}).items()}
    try:
        return dataset.query(prepared, initBindings=init)
    except RecursionError as e:
        raise QueryError(
            f"{origin}: query too deep for the in-memory engine (a property path over a long chain?)"
        ) from e
