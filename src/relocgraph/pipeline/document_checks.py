"""What a statements file and a document's metadata record say of the document, checked together.

Type, title, issue date and publisher: a value both give must agree, the record may give
what the statements file leaves out, and a date the text prints must read as the issue
date (without a record, the document's first lines must print it).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from relocgraph.model.errors import InputError, Location, NumberFormatError
from relocgraph.model.namespaces import RG
from relocgraph.pipeline.documents import DOCUMENT_CLASSES, document_class, resolve_name
from relocgraph.pipeline.documents import ORGANISATION_CLASSES as _ORGANISATIONS
from relocgraph.pipeline.evidence import locate
from relocgraph.pipeline.french_dates import FrenchDate, date_from_iso, find_dates, parse_date
from relocgraph.pipeline.metadata import DocumentMetadata, metadata_path
from relocgraph.pipeline.sources import SourceText, normalise_quote
from relocgraph.pipeline.turtle import TurtleFile
from relocgraph.pipeline.turtle import short_name as _short


def check_document_metadata(
    tf: TurtleFile,
    doc: URIRef,
    source: SourceText,
    meta: DocumentMetadata | None,
    registry: Graph,
) -> None:
    """Check what the statements file and the metadata record say of the document, together.

    A value both give must agree (the error names both files and lines); the record may
    give what the statements file leaves out (type, title, issue date), and a date the
    text prints must agree with the issue date.
    """
    _check_document_type(tf, doc, meta)
    _check_title(tf, doc, source, meta)
    issued = _issued(tf, doc, meta)
    _check_datelines(tf, doc, issued, meta)
    if meta is not None:
        _check_printed_date(source, issued, meta)
        _check_publisher(tf, doc, meta, registry)
    else:
        _check_head_dateline(tf, doc, source, issued)


def _check_document_type(tf: TurtleFile, doc: URIRef, meta: DocumentMetadata | None) -> None:
    declared = sorted(c for c in tf.graph.objects(doc, RDF.type) if c in DOCUMENT_CLASSES)
    if meta is None:
        if not declared:
            raise InputError(
                f"document {_short(doc)} has no type and no metadata record",
                tf.where(doc),
                hint=f"add: {_short(doc)} a fabio:PressRelease, or write the record "
                f"{metadata_path(Path(str(tf.graph.value(doc, RG.sourceFile))))} with its kind",
            )
        return
    expected = document_class(meta.kind)
    if declared and expected not in declared:
        raise InputError(
            f"the statements file types {_short(doc)} as {', '.join(_short(c) for c in declared)}, but "
            f"its metadata record says kind = {meta.kind!r} ({_short(expected)}) at {meta.where('kind')}",
            tf.where(doc, snippet=_short(declared[0])),
            hint="make them agree (or drop the type from the statements file: the record gives it)",
        )


def _check_title(tf: TurtleFile, doc: URIRef, source: SourceText, meta: DocumentMetadata | None) -> None:
    """A title is printed in the text; pages often print it twice, so the first occurrence counts."""
    title = tf.graph.value(doc, DCTERMS.title)
    if title is None and meta is None:
        raise InputError(f"document {_short(doc)} needs dcterms:title and dcterms:issued", tf.where(doc))
    if title is not None:
        if meta is not None and meta.title and normalise_quote(meta.title) != normalise_quote(str(title)):
            raise InputError(
                f"the statements file gives the title {str(title)!r}, but the metadata record "
                f"({meta.where('title')}) gives {meta.title!r}",
                tf.where(doc, snippet=str(title)),
                hint="keep one title, as printed (or leave it to the record)",
            )
        locate(source, str(title), where=tf.where(doc, snippet=str(title)), what="the title", first=True)
    elif meta is not None and meta.title:
        locate(source, meta.title, where=meta.where("title"), what="the title", first=True)


def _issued(tf: TurtleFile, doc: URIRef, meta: DocumentMetadata | None) -> FrenchDate:
    """The document's issue date: from the statements file or the record, the same if both."""
    issued = tf.graph.value(doc, DCTERMS.issued)
    if issued is None:
        if meta is None:
            raise InputError(f"document {_short(doc)} needs dcterms:title and dcterms:issued", tf.where(doc))
        return meta.issued
    stated = _date_of_literal(issued)
    if stated is None:
        raise InputError(
            f"dcterms:issued of {_short(doc)} must be a valid xsd:date (or xsd:gYearMonth / xsd:gYear "
            f"when the day is not known), got {issued.n3()}",
            tf.where(doc, snippet="dcterms:issued"),
            hint='write "2024-11-22"^^xsd:date',
        )
    if meta is not None and stated.lexical != meta.issued.lexical:
        raise InputError(
            f"the issue dates disagree: the statements file says {issued} "
            f"({tf.where(doc, snippet='dcterms:issued')}), the metadata record says "
            f"{meta.issued.lexical} ({meta.where('issued')})",
            meta.where("issued"),
            hint="record the date the document prints (or its publication date) once; never correct a source",
        )
    return stated


def _date_of_literal(value: object) -> FrenchDate | None:
    types = {XSD.date: 10, XSD.gYearMonth: 7, XSD.gYear: 4}
    if not isinstance(value, Literal) or value.datatype not in types or value.ill_typed:
        return None
    lexical = str(value)
    if len(lexical) != types[value.datatype]:
        return None  # a time zone or a sign: not a date as documents print them
    try:
        return date_from_iso(lexical)
    except ValueError:
        return None


def _check_datelines(tf: TurtleFile, doc: URIRef, issued: FrenchDate, meta: DocumentMetadata | None) -> None:
    """A statement that the document was issued on a date must state the issue date."""
    g = tf.graph
    for stmt in sorted(g.subjects(RDF.subject, doc)):
        if g.value(stmt, RDF.predicate) != DCTERMS.issued:
            continue
        stated = _date_of_literal(g.value(stmt, RDF.object))
        if stated is None or stated.lexical != issued.lexical:
            origin = f"the metadata record ({meta.where('issued')})" if meta else "dcterms:issued"
            raise InputError(
                f"the dateline statement {_short(stmt)} says {g.value(stmt, RDF.object)}, but the "
                f"issue date is {issued.lexical} in {origin}",
                tf.where(stmt, snippet="rdf:object"),
                hint="make them agree; never correct a source silently",
            )


def _check_printed_date(source: SourceText, issued: FrenchDate, meta: DocumentMetadata) -> None:
    """The record's ``date_as_printed`` is in the text and reads as the issue date."""
    if not meta.date_as_printed:
        return  # the text prints no date: the record alone dates the document
    where = meta.where("date_as_printed")
    span = locate(source, meta.date_as_printed, where=where, what="date_as_printed", first=True)
    try:
        printed = parse_date(meta.date_as_printed, year=issued.start.year)
    except NumberFormatError as e:
        raise InputError(
            f"date_as_printed has no date that can be read: {e.message}", where, hint=e.hint
        ) from e
    if not _agree(printed, issued):
        raise InputError(
            f"the metadata record says issued = {issued.lexical!r} ({meta.where('issued')}), but the "
            f"date it quotes, {printed.printed!r}, reads as {printed.lexical} ({source.path}:{span.line})",
            where,
            hint="record the date the document prints; never correct a source silently",
        )


def _agree(printed: FrenchDate, issued: FrenchDate) -> bool:
    """The same date, or a printed month/year that contains the recorded day."""
    return printed.lexical == issued.lexical or printed.covers(issued)


def _check_head_dateline(tf: TurtleFile, doc: URIRef, source: SourceText, issued: FrenchDate) -> None:
    """Without a record, the document's first lines must print its date (a dateline)."""
    dates = [d for d in find_dates(source.text[:400], years=False) if d.precision in ("day", "month")]
    if not dates:
        raise InputError(
            "the document's dateline has no date (looked for 'le 7 novembre 2024' or '29/03/2024' "
            "near the top)",
            Location(source.path, 1),
            hint=f"if the text prints no date, give it in a metadata record: {metadata_path(source.path)}",
        )
    printed = dates[0]
    if not _agree(printed, issued):
        raise InputError(
            f"dcterms:issued is {issued.lexical} but the document's dateline says {printed.lexical} "
            f"({source.path}:{source.line_of(printed.offset)})",
            tf.where(doc, snippet="dcterms:issued"),
            hint="record the date the document prints; never correct a source silently",
        )


def _check_publisher(tf: TurtleFile, doc: URIRef, meta: DocumentMetadata, registry: Graph) -> None:
    stated = tf.graph.value(doc, DCTERMS.publisher)
    if stated is None or not meta.publisher:
        return
    found = resolve_name(registry, meta.publisher, _ORGANISATIONS)
    if found != (stated,):
        names = ", ".join(_short(f) for f in found) or "no registry organisation"
        raise InputError(
            f"the statements file says the publisher is {_short(stated)}, but the metadata record's "
            f"publisher {meta.publisher!r} ({meta.where('publisher')}) names {names}",
            tf.where(doc, snippet="dcterms:publisher"),
            hint="write the publisher as the registry labels it (rdfs:label or skos:altLabel), or drop one",
        )
