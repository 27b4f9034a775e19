"""Query parameters as RDF terms, never as query text.

A parameter given by a user (``--param indicator=indicator:jobs-created``, ``params=`` in
Python, ``?entity=`` on the endpoint) becomes a :class:`Term` through :func:`parse_param`,
which accepts only:

- an IRI, written ``<…>`` or starting with ``http://``/``https://``, whose text has the
  shape of an RFC 3987 IRI (a scheme, then no space, no control character and none of
  ``<>"{}|^`\\``) and that pyoxigraph accepts as a ``NamedNode``;
- a CURIE whose prefix is one of the project's (:data:`relocgraph.model.prefixes.PREFIXES`);
- a whole number (``xsd:integer``);
- anything else as a plain string literal (escaped by the library when it is written).

Something that looks like an IRI or a CURIE but is not a valid one is refused with a
:class:`~relocgraph.model.errors.ParameterError`, never passed on as text.

Each backend then binds the term as a value: rdflib through ``initBindings``, Oxigraph
through its ``substitutions`` (for projected variables) or a ``VALUES`` block, a remote
store through a ``VALUES`` block (:func:`bind_values`), whose terms are written by
pyoxigraph's serialiser from validated values.

>>> parse_param("person:laurent-wauquiez").value
'https://w3id.org/relocgraph/id/person/laurent-wauquiez'
>>> parse_param("14000").sparql()
'"14000"^^<http://www.w3.org/2001/XMLSchema#integer>'
>>> parse_param('x" } SERVICE <http://127.0.0.1:9/> { "').sparql()
'"x\\\\" } SERVICE <http://127.0.0.1:9/> { \\\\""'
>>> parse_param("<a> } SERVICE <http://127.0.0.1:9/> { <b>")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
relocgraph.model.errors.ParameterError: not an IRI: 'a> } SERVICE ... (an IRI may not contain spaces, ...
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from relocgraph.model.errors import ParameterError, QueryError
from relocgraph.model.prefixes import PREFIXES

XSD_INTEGER = PREFIXES["xsd"] + "integer"
XSD_DECIMAL = PREFIXES["xsd"] + "decimal"
XSD_DOUBLE = PREFIXES["xsd"] + "double"
XSD_BOOLEAN = PREFIXES["xsd"] + "boolean"

#: RFC 3987's shape of an absolute IRI: a scheme, a colon, then no character an IRI
#: may never hold (space, controls, ``<>"{}|^`\\``).
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\\x7f-\x9f]*")
#: A CURIE's local part: letters, digits and ``_ - . / %`` (no spaces, no syntax).
_LOCAL = re.compile(r"[\w\-./%]*", re.UNICODE)
_PREFIX_LIKE = re.compile(r"[A-Za-z][\w\-.]*")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True)
class Term:
    """An RDF term given as a query parameter: an IRI, or a literal with its datatype
    or language. Build it with :func:`iri`, :func:`literal` or :func:`parse_param`, which
    validate it."""

    kind: str  # "iri" or "literal"
    value: str
    datatype: str | None = None
    language: str | None = None

    def to_oxigraph(self) -> Any:
        """The pyoxigraph term (``NamedNode`` or ``Literal``)."""
        import pyoxigraph as ox

        if self.kind == "iri":
            return ox.NamedNode(self.value)
        if self.language:
            return ox.Literal(self.value, language=self.language)
        if self.datatype:
            return ox.Literal(self.value, datatype=ox.NamedNode(self.datatype))
        return ox.Literal(self.value)

    def to_rdflib(self) -> Any:
        """The rdflib term (``URIRef`` or ``Literal``)."""
        from rdflib import Literal, URIRef

        if self.kind == "iri":
            return URIRef(self.value)
        return Literal(
            self.value, lang=self.language, datatype=URIRef(self.datatype) if self.datatype else None
        )

    def sparql(self) -> str:
        """The term in SPARQL (N-Triples) syntax, written by pyoxigraph's serialiser.

        >>> literal('say "hi"').sparql()
        '"say \\\\"hi\\\\""'
        """
        return str(self.to_oxigraph())


def iri(value: str) -> Term:
    """An IRI term; :class:`ParameterError` unless ``value`` is an absolute IRI.

    >>> iri("http://e/a b")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    relocgraph.model.errors.ParameterError: not an IRI: 'http://e/a b' (an IRI may not contain spaces, ...
    """
    if not _IRI.fullmatch(value) or _SURROGATE.search(value):
        raise ParameterError(
            f"not an IRI: {value!r} (an IRI may not contain spaces, control characters or any of "
            '<>"{}|^`\\)'
        )
    import pyoxigraph as ox

    try:
        ox.NamedNode(value)
    except ValueError as e:
        raise ParameterError(f"not an IRI: {value!r} ({e})") from e
    return Term("iri", value)


def literal(value: str, datatype: str | None = None, language: str | None = None) -> Term:
    """A literal term; :class:`ParameterError` for text that is not valid Unicode.

    >>> literal("5", XSD_INTEGER).datatype
    'http://www.w3.org/2001/XMLSchema#integer'
    """
    if _SURROGATE.search(value):
        raise ParameterError(f"not valid Unicode text (a lone surrogate): {value!r}")
    if datatype is not None:
        iri(datatype)
    if language is not None and not re.fullmatch(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", language):
        raise ParameterError(f"not a language tag: {language!r}")
    term = Term("literal", value, datatype, language)
    try:
        term.to_oxigraph()
    except ValueError as e:
        raise ParameterError(f"not a valid literal: {value!r} ({e})") from e
    return term


def parse_param(value: str) -> Term:
    """A parameter given as text (command line, URL, ``params=``) as a :class:`Term`.

    ``<…>`` and ``http(s)://…`` are IRIs, ``prefix:local`` a CURIE of a known prefix,
    whole numbers integers, anything else a plain string literal; something shaped like
    an IRI or CURIE that is not a valid one raises :class:`ParameterError`.

    >>> parse_param("<http://e/a>")
    Term(kind='iri', value='http://e/a', datatype=None, language=None)
    >>> parse_param("nope:x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    relocgraph.model.errors.ParameterError: unknown prefix 'nope' in 'nope:x'; write the full IRI ...
    """
    text = value.strip()
    if text.startswith("<") or text.endswith(">"):
        if not (text.startswith("<") and text.endswith(">")):
            raise ParameterError(f"not an IRI: {value!r} (write it as <…>)")
        return iri(text[1:-1])
    if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://", text):
        return iri(text)
    prefix, sep, local = text.partition(":")
    if sep and _PREFIX_LIKE.fullmatch(prefix) and not any(c.isspace() for c in text):
        if prefix not in PREFIXES:
            known = ", ".join(list(PREFIXES)[:3])
            raise ParameterError(
                f"unknown prefix {prefix!r} in {value!r}; write the full IRI as <…> "
                f"or use a known prefix ({known}, …)"
            )
        if not _LOCAL.fullmatch(local):
            raise ParameterError(f"not a CURIE: {value!r} (the part after {prefix}: has other characters)")
        return iri(PREFIXES[prefix] + local)
    if re.fullmatch(r"-?\d{1,30}", text):
        return literal(str(int(text)), XSD_INTEGER)
    return literal(value)


def coerce(value: Any) -> Term:
    """A parameter value of any accepted kind as a :class:`Term`: a ``Term``, text (see
    :func:`parse_param`), a Python number or boolean, or an rdflib or pyoxigraph term.

    >>> coerce(3).datatype, coerce(True).value
    ('http://www.w3.org/2001/XMLSchema#integer', 'true')
    """
    if isinstance(value, Term):
        return (
            iri(value.value) if value.kind == "iri" else literal(value.value, value.datatype, value.language)
        )
    if isinstance(value, bool):
        return literal("true" if value else "false", XSD_BOOLEAN)
    if isinstance(value, int):
        return literal(str(value), XSD_INTEGER)
    if isinstance(value, float):
        return literal(repr(value), XSD_DOUBLE)
    if isinstance(value, str):
        return parse_param(value)
    return _from_rdf_term(value)


def _from_rdf_term(value: Any) -> Term:
    """An rdflib or pyoxigraph IRI or literal as a validated :class:`Term`."""
    kind = type(value).__name__
    module = type(value).__module__.split(".")[0]
    if module in ("rdflib", "pyoxigraph") and kind in ("URIRef", "NamedNode"):
        return iri(str(value) if module == "rdflib" else value.value)
    if module in ("rdflib", "pyoxigraph") and kind == "Literal":
        language = value.language or None
        text = str(value) if module == "rdflib" else value.value
        datatype = value.datatype
        dt = (str(datatype) if module == "rdflib" else datatype.value) if datatype is not None else None
        if language or dt == PREFIXES["xsd"] + "string":
            dt = None
        return literal(text, dt, language)
    raise ParameterError(f"cannot use a {kind} as a query parameter: {value!r}")


def coerce_all(params: Mapping[str, Any] | None) -> dict[str, Term]:
    """Every parameter as a :class:`Term`, keyed by variable name (without ``?``).

    >>> coerce_all({"?n": 1})
    {'n': Term(kind='literal', value='1', datatype='http://www.w3.org/2001/XMLSchema#integer', language=None)}
    """
    out = {}
    for name, value in (params or {}).items():
        var = name.lstrip("?$")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", var):
            raise ParameterError(f"not a variable name: {name!r}")
        out[var] = coerce(value)
    return out


# ---------------------------------------------------------------------------
# Reading just enough of a query's text: where its WHERE group opens, what it projects
# ---------------------------------------------------------------------------

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
    r"|(?P<punct>[(){}*])"
)


def _tokens(text: str) -> Iterator[re.Match[str]]:
    for m in _TOKEN.finditer(text):
        if m.lastgroup != "comment":
            yield m


def words(text: str) -> Iterator[str]:
    """The bare keywords of a query (upper-cased), outside strings, IRIs and comments.

    >>> list(words('SELECT * { ?s rdfs:label "FILTER" } # LIMIT'))
    ['SELECT']
    """
    for m in _tokens(text):
        if m.lastgroup == "word":
            yield m.group(0).upper()


def projected_variables(text: str) -> set[str] | None:
    """The variables a SELECT projects by name (``None`` for ``SELECT *`` or other forms).

    >>> sorted(projected_variables("SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a ?p ?b } GROUP BY ?a"))
    ['a', 'n']
    """
    out: set[str] = set()
    seen_select = False
    depth = 0
    previous = ""
    for m in _tokens(text):
        token, kind = m.group(0), m.lastgroup
        if not seen_select:
            if kind == "word" and token.upper() in ("ASK", "CONSTRUCT", "DESCRIBE"):
                return None
            seen_select = kind == "word" and token.upper() == "SELECT"
            continue
        if token == "{" or (kind == "word" and token.upper() in ("WHERE", "FROM")):
            break
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif token == "*" and depth == 0:
            return None
        elif kind == "var" and (depth == 0 or previous == "AS"):
            out.add(token[1:])
        previous = token.upper()
    return out if seen_select else None


def assigned_variables(text: str) -> set[str]:
    """Variables the query assigns itself (``AS ?v``, ``VALUES ?v`` / ``VALUES (?v …)``),
    which a parameter may not bind.

    >>> sorted(assigned_variables("SELECT * { BIND(1 AS ?y) VALUES (?a ?b) { (1 2) } }"))
    ['a', 'b', 'y']
    """
    out: set[str] = set()
    previous = ""
    in_values = False
    for m in _tokens(text):
        token, kind = m.group(0), m.lastgroup
        if kind == "var" and (previous == "AS" or in_values or previous == "VALUES"):
            out.add(token[1:])
        if kind == "word" and token.upper() == "VALUES":
            in_values = False
        elif previous == "VALUES" and token == "(":
            in_values = True
        elif in_values and token == ")":
            in_values = False
        previous = token.upper()
    return out


def _where_brace(text: str) -> int:
    """The offset just after the ``{`` that opens the query's WHERE group."""
    form = None
    depth = 0
    for m in _tokens(text):
        token, kind = m.group(0), m.lastgroup
        if form is None and kind == "word" and token.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            form = token.upper()
            continue
        if form is None:
            continue
        if kind == "punct" and token == "{":
            if form == "CONSTRUCT" and depth == 0:
                # the template: skip to its closing brace, then the WHERE group follows
                form = "TEMPLATE"
                depth = 1
                continue
            if form == "TEMPLATE":
                depth += 1
                continue
            return m.end()
        if form == "TEMPLATE" and kind == "punct" and token == "}":
            depth -= 1
            if depth == 0:
                form = "CONSTRUCT-WHERE"
        if form == "CONSTRUCT" and kind == "word" and token.upper() == "WHERE":
            raise QueryError("cannot bind parameters in a CONSTRUCT WHERE { … } short form; write a template")
    raise QueryError("cannot find the query's WHERE group to bind parameters in")


def values_block(bindings: Mapping[str, Term]) -> str:
    """A one-row ``VALUES`` block binding each variable to its term.

    >>> values_block({"x": iri("http://e/a"), "n": literal("1", XSD_INTEGER)})
    'VALUES (?x ?n) { (<http://e/a> "1"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    """
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(term.sparql() for term in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def check_bindable(text: str, bindings: Mapping[str, Term], *, origin: str = "query") -> None:
    """Refuse to bind a variable the query assigns itself."""
    clash = sorted(set(bindings) & assigned_variables(text))
    if clash:
        raise QueryError(f"{origin}: cannot bind ?{clash[0]}: the query assigns it itself")


def bind_values(text: str, bindings: Mapping[str, Term], *, origin: str = "query") -> str:
    """``text`` with a ``VALUES`` block of the bindings opening its WHERE group.

    Only the block is added: the query's own text is left as it was, and the block's
    terms are written by pyoxigraph from validated values.

    >>> bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": iri("http://e/a")})
    'SELECT ?s WHERE { VALUES (?o) { (<http://e/a>) }\\n ?s ?p ?o }'
    """
    if not bindings:
        return text
    check_bindable(text, bindings, origin=origin)
    text = bind_subqueries(text, bindings)
    at = _where_brace(text)
    return text[:at] + " " + values_block(bindings) + "\n" + text[at:]


def bind_subqueries(text: str, bindings: Mapping[str, Term]) -> str:
    """``text`` with a ``VALUES`` block of the bindings a subquery projects opening that
    subquery's WHERE group (the outer query's own group is left as it is).

    A subquery is evaluated on its own and only then joined with the rest on the
    variables it projects, so an engine computes all of it (every figure's grouped
    labels, say) before a bound variable narrows it down. Binding the projected variable
    inside too keeps the answers (rows of the subquery with another value would not join)
    and lets the engine start from the bound value.

    >>> bind_subqueries("SELECT ?a WHERE { { SELECT ?a ?b WHERE { ?a ?p ?b } } }", {"a": iri("http://e/a")})
    'SELECT ?a WHERE { { SELECT ?a ?b WHERE { VALUES (?a) { (<http://e/a>) }\\n ?a ?p ?b } } }'
    """
    inserts: list[tuple[int, str]] = []
    selects = [m for m in _tokens(text) if m.lastgroup == "word" and m.group(0).upper() == "SELECT"]
    for select in selects[1:]:
        projected = projected_variables(text[select.start() :])
        bound = {k: v for k, v in bindings.items() if projected and k in projected}
        if not bound:
            continue
        brace = next(
            (m for m in _tokens(text[select.start() :]) if m.lastgroup == "punct" and m.group(0) == "{"), None
        )
        if brace is not None:
            inserts.append((select.start() + brace.end(), " " + values_block(bound) + "\n"))
    for at, block in reversed(inserts):
        text = text[:at] + block + text[at:]
    return text
