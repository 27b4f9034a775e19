"""Check an untrusted SPARQL query before anything runs it.

rdflib will happily fetch a ``SERVICE <url>``, load ``FROM <file:…>`` and run
``LOAD``/``DROP`` through ``update()`` (see FINDINGS.md). This module parses the text
and refuses, before execution:

- anything that is not a query (SPARQL Update: ``INSERT``, ``DELETE``, ``LOAD``,
  ``DROP``…): status 403;
- ``SERVICE`` anywhere in the algebra, including inside ``EXISTS`` and subqueries: 403;
- ``FROM`` / ``FROM NAMED`` (and the protocol's ``default-graph-uri`` /
  ``named-graph-uri``) naming anything but a graph already in the dataset: 403;
- text that is too long, too deeply nested or not SPARQL: 400, with line and column.

>>> checked = check_query("SELECT ?s WHERE { ?s a rg:Quotation } LIMIT 1")
>>> checked.form
'SELECT'
>>> check_query("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
relocgraph.model.errors.QueryRefusedError: SERVICE <http://127.0.0.1:9/> is refused: ...
>>> check_query("DROP ALL")
Traceback (most recent call last):
...
relocgraph.model.errors.QueryRefusedError: SPARQL Update is refused: this endpoint is read-only
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from relocgraph.model.errors import QueryRefusedError

#: Longest query text accepted, in characters.
MAX_QUERY_LENGTH = 50_000
_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


@dataclass
class CheckedQuery:
    """A query that passed every check: its form and rdflib's translated ``Query``."""

    form: str
    query: Any
    text: str


def _prefix_header(text: str) -> tuple[str, int]:
    """``PREFIX`` lines for the project prefixes ``text`` seems to use, and their count.

    Only those: parsing all forty declarations costs rdflib's parser ~30 ms a query.
    A prefix the text does not use is never needed; one it does use is always found.
    """
    from relocgraph.model.namespaces import PREFIXES

    lines = [
        f"PREFIX {p}: <{iri}>"
        for p, iri in PREFIXES.items()
        if re.search(rf"(?<![\w.-]){re.escape(p)}:", text)
    ]
    return "".join(line + "\n" for line in lines), len(lines)


def _walk(node: Any, depth: int = 0) -> Iterator[Any]:
    """Every algebra node (rdflib ``CompValue``/``Expr``) under ``node``."""
    from rdflib.plugins.sparql.parserutils import CompValue

    if depth > 500:
        raise QueryRefusedError("query is nested too deeply", status=400)
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value, depth + 1)
    elif isinstance(node, list | tuple):
        for value in node:
            yield from _walk(value, depth + 1)


#: Largest LIMIT or OFFSET the engine takes (a signed 64-bit count).
MAX_SLICE = 2**63 - 1
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}|\\U0000[dD][89abAB][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")


def _check_characters(text: str) -> None:
    """Refuse a lone surrogate (``\\ud800``): it is no character, and no engine can store it."""
    found = _SURROGATE_ESCAPE.search(text) or _SURROGATE.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        shown = found.group() if found.group().startswith("\\") else f"U+{ord(found.group()):04X}"
        raise QueryRefusedError(
            f"line {line}: {shown} is a lone surrogate, not a character; write the character "
            "itself or its \\U escape",
            status=400,
        )


def _check_arguments(node: Any) -> None:
    """Refuse constant arguments that can never work, with the user's words: an
    impossible LIMIT/OFFSET, a regular expression that does not compile, a REPLACE
    replacement with a stray backslash, a language tag that is not one. (The engine
    would answer an unbound value, or fail; either hides the mistake.)"""
    from rdflib.term import Literal

    name = node.name
    if name == "Slice":
        for keyword, key in (("LIMIT", "length"), ("OFFSET", "start")):
            value = node.get(key)
            if isinstance(value, int) and value > MAX_SLICE:
                raise QueryRefusedError(
                    f"{keyword} {value} is too large: the largest this endpoint takes is {MAX_SLICE}",
                    status=400,
                )
    elif name in ("Builtin_REGEX", "Builtin_REPLACE"):
        pattern = node.get("pattern")
        if isinstance(pattern, Literal):
            try:
                groups = re.compile(str(pattern)).groups
            except re.error as e:
                if e.msg.startswith("bad escape"):
                    return  # XPath escapes Python lacks (\\p{L}, \\i, \\c): the engine decides
                raise QueryRefusedError(
                    f"{name[8:]}: the regular expression {str(pattern)!r} is not valid ({e.msg})",
                    status=400,
                ) from e
            replacement = node.get("replacement")
            if name == "Builtin_REPLACE" and isinstance(replacement, Literal):
                _check_replacement(str(replacement), groups)
    elif name == "Builtin_STRLANG":
        tag = node.get("arg2")
        if isinstance(tag, Literal) and not _LANGUAGE_TAG.fullmatch(str(tag)):
            raise QueryRefusedError(
                f'STRLANG: {str(tag)!r} is not a language tag (such as "fr" or "en-GB")',
                status=400,
            )


def _check_replacement(replacement: str, groups: int) -> None:
    """XPath's fn:replace: ``\\`` must be followed by ``\\`` or ``$``, and ``$`` by a group number."""
    for found in re.finditer(r"\\(.?)|\$(\d*)", replacement, re.DOTALL):
        if found.group().startswith("\\") and found.group(1) not in ("\\", "$"):
            raise QueryRefusedError(
                f"REPLACE: {found.group()!r} in the replacement {replacement!r} is not allowed; "
                "refer to a group as $1, and write a backslash as \\\\ and a dollar as \\$",
                status=400,
            )
        if found.group().startswith("$") and not found.group(2):
            raise QueryRefusedError(
                f"REPLACE: a '$' in the replacement {replacement!r} must be followed by a group "
                "number; write a dollar as \\$",
                status=400,
            )
        if found.group(2) and int(found.group(2)) > groups:
            raise QueryRefusedError(
                f"REPLACE: the replacement refers to group ${found.group(2)} but the pattern has "
                f"{groups} group(s)",
                status=400,
            )


def _dataset_clause(dataset_clause: Sequence[Any] | None) -> list[tuple[str, str]]:
    """``(keyword, graph IRI)`` for each FROM / FROM NAMED of a query."""
    out = []
    for clause in dataset_clause or ():
        # CompValue.get answers a missing key with the key's own name: test membership
        if "named" in clause:
            out.append(("FROM NAMED", str(clause["named"])))
        else:
            out.append(("FROM", str(clause["default"])))
    return out


def _parse(text: str) -> Any:
    """Parse ``text`` (with the project's prefixes) as a query; an update or a syntax error
    is refused with the status to answer."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    header, header_lines = _prefix_header(text)
    try:
        return parseQuery(header + text)
    except ParseException as e:
        try:
            parseUpdate(header + text)
        except Exception:
            pass
        else:
            raise QueryRefusedError("SPARQL Update is refused: this endpoint is read-only", status=403) from e
        line = max(1, e.lineno - header_lines)
        raise QueryRefusedError(
            f"SPARQL syntax error at line {line}, column {e.col}: {e.msg}\n  {e.line}", status=400
        ) from e
    except RecursionError as e:
        raise QueryRefusedError("query is nested too deeply to parse", status=400) from e


def check_query(
    text: str,
    *,
    graphs: Collection[str] = (),
    default_graph_uris: Sequence[str] = (),
    named_graph_uris: Sequence[str] = (),
    max_length: int = MAX_QUERY_LENGTH,
) -> CheckedQuery:
    """Parse ``text`` with the project's prefixes and refuse anything unsafe.

    ``graphs`` are the named graphs the dataset holds: ``FROM``/``FROM NAMED`` and the
    protocol's ``default-graph-uri``/``named-graph-uri`` may only name those (they then
    select local graphs; nothing is ever loaded). Protocol graph URIs replace the
    query's own dataset clause, as the SPARQL 1.1 Protocol says.

    Raises :class:`~relocgraph.model.errors.QueryRefusedError` with the HTTP status to answer.

    >>> check_query("SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    relocgraph.model.errors.QueryRefusedError: FROM <file:///etc/passwd> is refused: it is not a ...
    """
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef

    if not text.strip():
        raise QueryRefusedError("empty query", status=400)
    if len(text) > max_length:
        raise QueryRefusedError(
            f"query is {len(text)} characters long; the limit is {max_length}", status=413
        )
    _check_characters(text)
    parsed = _parse(text)
    try:
        query = translateQuery(parsed)
    except RecursionError as e:
        raise QueryRefusedError("query is nested too deeply", status=400) from e
    except Exception as e:  # rdflib raises bare Exceptions (unknown prefix, bad aggregate)
        raise QueryRefusedError(f"cannot prepare the query: {e}", status=400) from e

    algebra = query.algebra
    form = _FORMS.get(algebra.name)
    if form is None:  # pragma: no cover - parseQuery only yields the four forms
        raise QueryRefusedError(f"unsupported query form {algebra.name}", status=400)
    for node in _walk(algebra):
        if node.name == "ServiceGraphPattern":
            raise QueryRefusedError(
                f"SERVICE <{node.get('term')}> is refused: this endpoint never fetches remote data",
                status=403,
            )
        _check_arguments(node)

    known = set(graphs)
    requested = (
        _dataset_clause(algebra.get("datasetClause"))
        + [("default-graph-uri", u) for u in default_graph_uris]
        + [("named-graph-uri", u) for u in named_graph_uris]
    )
    for keyword, name in requested:
        if name not in known:
            raise QueryRefusedError(
                f"{keyword} <{name}> is refused: it is not a graph of this dataset, "
                "and this endpoint never loads graphs from elsewhere",
                status=403,
            )
    if default_graph_uris or named_graph_uris:
        algebra["datasetClause"] = [
            CompValue("DatasetClause", default=URIRef(u)) for u in default_graph_uris
        ] + [CompValue("DatasetClause", named=URIRef(u)) for u in named_graph_uris]
    return CheckedQuery(form, query, text)


def check_tokens(text: str) -> None:
    """A second, lexical check behind :func:`check_query`'s parse: refuse the keywords
    ``SERVICE`` and ``LOAD`` wherever they stand outside strings, IRIs and comments, so a
    difference between rdflib's parser and the engine's can never let a remote call
    through (Oxigraph makes SERVICE calls from Rust, where no Python hook sees them).

    >>> check_tokens('SELECT * { ?s rdfs:label "SERVICE" }')
    >>> check_tokens("SELECT * { service <http://127.0.0.1:9/> { } }")
    Traceback (most recent call last):
    ...
    relocgraph.model.errors.QueryRefusedError: SERVICE is refused: this endpoint never fetches remote data
    """
    from relocgraph.store.terms import words

    for word in words(text):
        if word in ("SERVICE", "LOAD"):
            raise QueryRefusedError(f"{word} is refused: this endpoint never fetches remote data", status=403)


def limit_solutions(checked: CheckedQuery, limit: int) -> Any:
    """A copy of the checked query whose solutions stop at ``limit`` (a lazy slice on top).

    The engine then stops producing rows past the cap instead of computing them all;
    ASK needs no cap. The checked query itself is left as it was, so it can be cached
    and run again.

    >>> checked = check_query("SELECT * { ?s ?p ?o }")
    >>> limit_solutions(checked, 3).algebra["p"].name, checked.query.algebra["p"].name
    ('Slice', 'Project')
    """
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.plugins.sparql.sparql import Query

    algebra = checked.query.algebra
    if checked.form == "ASK" or algebra.get("p") is None:
        return checked.query
    top = CompValue(algebra.name, **dict(algebra))
    if checked.form == "CONSTRUCT" and not top.get("template"):
        # CONSTRUCT WHERE: rdflib reads the template from the pattern we are wrapping
        top["template"] = algebra["p"]["p"]["triples"]
    top["p"] = CompValue("Slice", p=algebra["p"], start=0, length=limit)
    return Query(checked.query.prologue, top)
