"""Result formats: one enum that knows each format's media type, file extension and the
query forms it can carry, so the endpoint's content negotiation and file downloads
read from the same table.

>>> Format.SPARQL_JSON.media_type, Format.SPARQL_JSON.extension
('application/sparql-results+json', 'srj')
>>> negotiate("text/csv;q=0.9, application/sparql-results+xml", "SELECT")
<Format.SPARQL_XML: 'xml'>
>>> negotiate("text/html,*/*;q=0.8", "CONSTRUCT")
<Format.TURTLE: 'turtle'>
>>> negotiate("image/png", "SELECT") is None
True
"""

from __future__ import annotations

from enum import Enum

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

    @property
    def media_type(self) -> str:
        return _META[self][0]

    @property
    def extension(self) -> str:
        return _META[self][1]

    @property
    def forms(self) -> frozenset[str]:
        """The query forms (SELECT, ASK, CONSTRUCT, DESCRIBE) this format can carry."""
        return _META[self][2]

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other media types clients send for this format."""
        return _META[self][3]

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header value (with charset for text formats)."""
        return f"{self.media_type}; charset=utf-8"

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


_META: dict[Format, tuple[str, str, frozenset[str], tuple[str, ...]]] = {
    Format.SPARQL_JSON: (
        "application/sparql-results+json",
        "srj",
        TABLE_FORMS,
        ("application/json",),
    ),
    Format.SPARQL_XML: (
        "application/sparql-results+xml",
        "srx",
        TABLE_FORMS,
        ("application/xml", "text/xml"),
    ),
    Format.CSV: ("text/csv", "csv", TABLE_FORMS, ()),
    Format.TSV: ("text/tab-separated-values", "tsv", TABLE_FORMS, ()),
    Format.TURTLE: ("text/turtle", "ttl", GRAPH_FORMS, ("application/x-turtle",)),
    Format.NTRIPLES: ("application/n-triples", "nt", GRAPH_FORMS, ("text/plain",)),
    Format.JSONLD: ("application/ld+json", "jsonld", GRAPH_FORMS, ("application/json", "json")),
}

#: What a client gets when its Accept header allows anything.
DEFAULTS = {
    "SELECT": Format.SPARQL_JSON,
    "ASK": Format.SPARQL_JSON,
    "CONSTRUCT": Format.TURTLE,
    "DESCRIBE": Format.TURTLE,
}


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
            candidates = [f for f in Format if form in f.forms and f.media_type.startswith(media[:-1])]
            if candidates:
                return candidates[0]
            continue
        for fmt in Format:
            if form in fmt.forms and media in (fmt.media_type, *fmt.aliases):
                return fmt
    return None
