"""SPARQL 1.1 query results (JSON, XML, CSV, TSV) written from pyoxigraph terms.

pyoxigraph writes results itself, but only for a whole answer; the endpoint caps answers
at ``--max-rows``, so it takes the first rows and writes them here, in the formats of
the W3C recommendations (the same bytes pyoxigraph writes, apart from JSON spacing).

>>> import pyoxigraph as ox
>>> row = [ox.NamedNode("http://e/a"), ox.Literal("été", language="fr")]
>>> solutions(["s", "label"], [row], "csv")
b's,label\\r\\nhttp://e/a,\\xc3\\xa9t\\xc3\\xa9\\r\\n'
>>> ask(True, "json")
b'{"head":{},"boolean":true}'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _json_term(term: Any) -> dict[str, str]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _xml_term(term: Any) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_cell(term: Any) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    text = f"_:{term.value}" if isinstance(term, ox.BlankNode) else getattr(term, "value", str(term))
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return str(text)


def solutions(names: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str) -> bytes:
    """SELECT results (``rows`` of pyoxigraph terms or ``None``) in ``fmt``: ``json``,
    ``xml``, ``csv`` or ``tsv``."""
    if fmt == "json":
        bindings = [
            {name: _json_term(term) for name, term in zip(names, row, strict=True) if term is not None}
            for row in rows
        ]
        data = {"head": {"vars": list(names)}, "results": {"bindings": bindings}}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    if fmt == "xml":
        out = [
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>',
            *(f"<variable name={quoteattr(n)}/>" for n in names),
            "</head><results>",
        ]
        for row in rows:
            out.append("<result>")
            out += [
                f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
                for n, t in zip(names, row, strict=True)
                if t is not None
            ]
            out.append("</result>")
        out.append("</results></sparql>")
        return "".join(out).encode()
    if fmt == "csv":
        lines = [",".join(names)]
        lines += [",".join(_csv_cell(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode()
    if fmt == "tsv":
        lines = ["\t".join("?" + n for n in names)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(f"not a SPARQL results format: {fmt}")


def ask(answer: bool, fmt: str) -> bytes:
    """An ASK answer in ``fmt`` (``json``, ``xml``, ``csv`` or ``tsv``)."""
    word = "true" if answer else "false"
    if fmt == "json":
        return f'{{"head":{{}},"boolean":{word}}}'.encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head></head><boolean>{word}</boolean></sparql>"
        ).encode()
    if fmt == "csv":
        return f"_askResult\r\n{word}\r\n".encode()
    if fmt == "tsv":
        return f"?_askResult\n{word}\n".encode()
    raise ValueError(f"not a SPARQL results format: {fmt}")
