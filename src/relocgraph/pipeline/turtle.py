"""Read a project's Turtle files strictly, and point messages at their lines.

:func:`parse_turtle` turns a syntax error, a file that is not UTF-8, an IRI that cannot
be written back or a literal that does not match its type into an
:class:`~relocgraph.model.errors.InputError` naming the file and line; the parsed
:class:`TurtleFile` keeps its text so that later checks can say where a term is written.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import _is_valid_uri

from relocgraph.model.errors import InputError, Location
from relocgraph.model.namespaces import ID, RG

RG_NS = str(RG._NS)


@dataclass
class TurtleFile:
    """A parsed Turtle file, with its text kept to point errors at lines."""

    path: Path
    text: str
    graph: Graph

    def line_of(self, term: URIRef | str) -> int | None:
        """First line where ``term`` appears, written in full or as a prefixed name."""
        return _line_of_term(self.text, self.graph, term)

    def line_of_text(self, snippet: str, start_line: int = 1) -> int | None:
        """First line (from ``start_line``) where ``snippet`` or its first 40 characters appear."""
        offset = 0
        for _ in range(start_line - 1):
            offset = self.text.find("\n", offset) + 1
            if offset == 0:
                return None
        for probe in (snippet, snippet[:40]):
            i = self.text.find(probe, offset)
            if i != -1:
                return self.text.count("\n", 0, i) + 1
        return None

    def where(self, term: URIRef | str | None = None, snippet: str | None = None) -> Location:
        """Where ``snippet`` first appears at or after ``term``'s line (else anywhere)."""
        line = None
        term_line = self.line_of(term) if term is not None else None
        if snippet:
            line = self.line_of_text(snippet, start_line=term_line or 1)
            if line is None and term_line is not None:
                line = self.line_of_text(snippet)
        if line is None:
            line = term_line
        return Location(self.path, line)


def parse_turtle(path: Path, *, root: Path | None = None) -> TurtleFile:
    """Parse a Turtle file; a syntax error becomes an :class:`InputError` with its line."""
    shown = relative_path(path, root)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as e:
        raise InputError("file not found", Location(shown)) from e
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (some editors write one) is dropped
    except UnicodeDecodeError as e:
        raise InputError("file is not UTF-8", Location(shown, Location.at(shown, raw, e.start).line)) from e
    graph = Graph()
    try:
        with _quiet_rdflib():
            graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except BadSyntax as e:
        reason = getattr(e, "_why", "") or str(e)
        raise InputError(
            f"Turtle syntax error: {reason}",
            Location(shown, int(e.lines) + 1),
            hint="check the line above too: a missing ' .' or ' ;' often shows up one line later",
        ) from e
    except Exception as e:  # rdflib raises assorted errors for malformed literals/IRIs
        raise InputError(f"cannot parse Turtle: {e}", Location(shown)) from e
    parsed = TurtleFile(shown, text, graph)
    _check_terms_well_formed(parsed)
    return parsed


@contextlib.contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """rdflib logs a traceback for a malformed literal or IRI; we report them ourselves."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _check_terms_well_formed(tf: TurtleFile) -> None:
    """Reject IRIs that cannot be written back and literals that do not match their type."""
    for triple in sorted(tf.graph):
        for term in triple:
            if isinstance(term, URIRef) and not _is_valid_uri(term):
                raise InputError(
                    f"invalid IRI <{term}>",
                    tf.where(snippet=str(term)),
                    hint="IRIs cannot contain spaces, quotes or <>{}|\\^`; percent-encode them",
                )
            if isinstance(term, Literal) and "\x00" in term:
                # written raw into the N-Triples, it would make the reasoner fail without a word
                raise InputError(
                    "a literal holds a NUL character (U+0000)",
                    Location(tf.path, tf.line_of_text("\\u0000") or tf.line_of_text("\x00")),
                    hint="remove it: no text of a document holds one",
                )
            if isinstance(term, Literal) and term.ill_typed:
                lexical = str(term)
                raise InputError(
                    f"{lexical!r} is not a valid {short_name(term.datatype)}",
                    tf.where(snippet=f'"{lexical}"'),
                    hint="write a value of that type (dates as YYYY-MM-DD, numbers with a "
                    "dot for decimals) or change the datatype",
                )


def relative_path(path: Path, root: Path | None) -> Path:
    """``path`` as seen from ``root`` when it is inside it (messages name files so)."""
    if root is None:
        return path
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path


def short_name(term: object) -> str:
    """A prefixed name for messages (``unit:NUM``, ``rdf:object``, ``id:person/x``)."""
    from relocgraph.model.namespaces import PREFIXES

    text = str(term)
    best = ""
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(ns) > len(best) and len(text) > len(ns):
            best, short = ns, f"{prefix}:{text[len(ns) :]}"
    if best:
        return short
    for prefix, ns in (("id:", str(ID)), ("rg:", RG_NS)):
        if text.startswith(ns):
            return prefix + text[len(ns) :]
    return text


def _line_of_term(text: str, graph: Graph, term: URIRef | str) -> int | None:
    iri = str(term)
    probes = [f"<{iri}>"]
    for prefix, ns in graph.namespaces():
        if iri.startswith(str(ns)) and len(iri) > len(str(ns)):
            probes.append(f"{prefix}:{iri[len(str(ns)) :]}")
    best: int | None = None
    for probe in probes:
        pattern = re.compile(re.escape(probe) + r"(?![\w/.-]*\w)")
        for m in pattern.finditer(text):
            before = text[m.start() - 1] if m.start() else " "
            if before.isalnum() or before in "_-":
                continue
            line = text.count("\n", 0, m.start()) + 1
            best = line if best is None else min(best, line)
            break
    return best
