"""Every output format, in one registry: what ``query --format`` prints, what the endpoint
negotiates, what a download is called.

Each :class:`Format` knows its short name (``?format=``, ``--format``), its media type and
file extension — taken from pyoxigraph's ``QueryResultsFormat``/``RdfFormat`` where one
exists, so they match what the engine writes — the query forms it can carry, and whether
it is a *table* format for people and programs (``table``, ``csv``, ``tsv``, ``json``,
``markdown``: :data:`TABLE_FORMATS`, printed by :func:`relocgraph.model.table.format_table`)
or a SPARQL result / RDF format served by the endpoint.

>>> Format.SPARQL_JSON.media_type, Format.SPARQL_JSON.extension
('application/sparql-results+json', 'srj')
>>> negotiate("text/csv;q=0.9, application/sparql-results+xml", "SELECT")
<Format.SPARQL_XML: 'xml'>
>>> negotiate("text/html,*/*;q=0.8", "CONSTRUCT")
<Format.TURTLE: 'turtle'>
>>> negotiate("image/png", "SELECT") is None
True
>>> TABLE_FORMATS
('table', 'csv', 'tsv', 'json', 'markdown')
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from relocgraph.model.errors import QueryRefusedError

TABLE_FORMS = frozenset({"SELECT", "ASK"})
GRAPH_FORMS = frozenset({"CONSTRUCT", "DESCRIBE"})


class Format(Enum):
    """A serialisation of query results; the value is its short name (``?format=``)."""

    SPARQL_JSON = "json"
    SPARQL_XML = "xml"
    CSV = "csv"
    TSV = "tsv"
    TURTLE = "turtle"
    NTRIPLES = "nt"
    JSONLD = "jsonld"
    TABLE = "table"
    MARKDOWN = "markdown"

    @property
    def media_type(self) -> str:
        """The media type, without parameters (from pyoxigraph where it has the format)."""
        engine = self.engine_format
        if engine is not None:
            return str(engine.media_type).split(";")[0].strip()
        return _META[self][1]

    @property
    def extension(self) -> str:
        """The usual file extension, without the dot."""
        engine = self.engine_format
        return str(engine.file_extension) if engine is not None else _META[self][2]

    @property
    def forms(self) -> frozenset[str]:
        """The query forms (SELECT, ASK, CONSTRUCT, DESCRIBE) this format can carry."""
        return _META[self][3]

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other media types or names clients send for this format."""
        return _META[self][4]

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header value (with charset: every format here is text)."""
        return f"{self.media_type}; charset=utf-8"

    @property
    def is_table_output(self) -> bool:
        """Only for people (``table``, ``markdown``): never served by the endpoint."""
        return self in (Format.TABLE, Format.MARKDOWN)

    @property
    def engine_format(self) -> Any:
        """pyoxigraph's ``QueryResultsFormat``/``RdfFormat`` for this format, if it has one."""
        name = _META[self][0]
        if name is None:
            return None
        import pyoxigraph as ox

        kind, attr = name.split(".")
        return getattr(getattr(ox, kind), attr)

    @property
    def rdf_format(self) -> Any:
        """pyoxigraph's ``RdfFormat`` (graph formats only)."""
        engine = self.engine_format
        if engine is None or self not in _GRAPH_FORMATS:
            raise ValueError(f"{self.value} is not an RDF graph format")
        return engine

    @classmethod
    def from_name(cls, name: str, form: str | None = None) -> Format | None:
        """The format named ``name`` (short name, extension or media type), if any,
        preferring one that can carry query results of ``form``.

        >>> Format.from_name("ttl"), Format.from_name("application/n-triples")
        (<Format.TURTLE: 'turtle'>, <Format.NTRIPLES: 'nt'>)
        >>> Format.from_name("json", "CONSTRUCT")
        <Format.JSONLD: 'jsonld'>
        """
        key = name.strip().lower()
        found = [fmt for fmt in cls if key in (fmt.value, fmt.extension, fmt.media_type, *fmt.aliases)]
        preferred = [fmt for fmt in found if form is None or form in fmt.forms]
        chosen = preferred or found
        return chosen[0] if chosen else None


# format → (pyoxigraph format, media type, extension (when pyoxigraph has none), forms, aliases)
_META: dict[Format, tuple[str | None, str, str, frozenset[str], tuple[str, ...]]] = {
    Format.SPARQL_JSON: ("QueryResultsFormat.JSON", "", "", TABLE_FORMS, ("application/json",)),
    Format.SPARQL_XML: ("QueryResultsFormat.XML", "", "", TABLE_FORMS, ("application/xml", "text/xml")),
    Format.CSV: ("QueryResultsFormat.CSV", "", "", TABLE_FORMS, ()),
    Format.TSV: ("QueryResultsFormat.TSV", "", "", TABLE_FORMS, ()),
    Format.TURTLE: ("RdfFormat.TURTLE", "", "", GRAPH_FORMS, ("application/x-turtle",)),
    Format.NTRIPLES: ("RdfFormat.N_TRIPLES", "", "", GRAPH_FORMS, ("text/plain",)),
    Format.JSONLD: ("RdfFormat.JSON_LD", "", "", GRAPH_FORMS, ("application/json", "json")),
    Format.TABLE: (None, "text/plain", "txt", TABLE_FORMS, ()),
    Format.MARKDOWN: (None, "text/markdown", "md", TABLE_FORMS, ("md",)),
}
_GRAPH_FORMATS = frozenset({Format.TURTLE, Format.NTRIPLES, Format.JSONLD})

#: The formats ``relocgraph query`` (and every command printing a table) offers.
TABLE_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "markdown")

#: The formats of typed reports (validation, lint): :meth:`relocgraph.model.report.Report.render`.
REPORT_FORMATS: tuple[str, ...] = ("terminal", "markdown", "json", "tsv")

#: What a client gets when its Accept header allows anything.
DEFAULTS = {
    "SELECT": Format.SPARQL_JSON,
    "ASK": Format.SPARQL_JSON,
    "CONSTRUCT": Format.TURTLE,
    "DESCRIBE": Format.TURTLE,
}


def served(form: str) -> list[Format]:
    """The formats the endpoint can answer a query of ``form`` in, preferred first."""
    return [f for f in Format if form in f.forms and not f.is_table_output]


def parse_accept(header: str) -> list[tuple[str, float]]:
    """Media ranges from an Accept header, best first (stable for equal weights).

    >>> parse_accept("text/csv;q=0.5, application/json")
    [('application/json', 1.0), ('text/csv', 0.5)]
    """
    ranges: list[tuple[str, float, int]] = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, index))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(media, q) for media, q, _ in ranges if q > 0]


def negotiate(accept: str | None, form: str) -> Format | None:
    """The best format for a query of ``form`` under an Accept header, or None (406)."""
    if not accept:
        return DEFAULTS[form]
    for media, _ in parse_accept(accept):
        if media in ("*/*", "application/*", "text/*"):
            default = DEFAULTS[form]
            if media == "*/*" or default.media_type.startswith(media[:-1]):
                return default
            candidates = [f for f in served(form) if f.media_type.startswith(media[:-1])]
            if candidates:
                return candidates[0]
            continue
        for fmt in served(form):
            if media in (fmt.media_type, *fmt.aliases):
                return fmt
    return None


def choose_format(name: str | None, accept: str | None, form: str) -> Format:
    """The endpoint's format for a query of ``form``: ``name`` (``?format=``) if given,
    else the best under ``accept``; :class:`QueryRefusedError` (406) if none fits.

    >>> choose_format("csv", None, "SELECT"), choose_format(None, "text/turtle", "CONSTRUCT")
    (<Format.CSV: 'csv'>, <Format.TURTLE: 'turtle'>)
    >>> choose_format("turtle", None, "SELECT")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    relocgraph.model.errors.QueryRefusedError: format 'turtle' cannot carry SELECT results; use one of: ...
    """
    if name:
        fmt = Format.from_name(name, form)
        if fmt is None or fmt.is_table_output or form not in fmt.forms:
            names = ", ".join(f.value for f in served(form))
            raise QueryRefusedError(
                f"format {name!r} cannot carry {form} results; use one of: {names}", status=406
            )
        return fmt
    fmt = negotiate(accept, form)
    if fmt is None:
        types = ", ".join(f.media_type for f in served(form))
        raise QueryRefusedError(
            f"no acceptable format for {form} results (Accept: {accept}); available: {types}", status=406
        )
    return fmt
