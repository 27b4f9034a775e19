"""One statement of a statements file: its evidence, its fact triple, its figure.

:func:`build_statement` checks that the statement names its document and quotes it,
locates each quote in the document's text and writes it as a Web Annotation evidence
span, asserts a fact statement's triple (an interpretation's stays reified only) and
checks that a reported figure's printed form reads as its value and unit.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SDO, SKOS, XSD

from relocgraph.model.errors import EvidenceError, InputError, NumberFormatError
from relocgraph.model.namespaces import OA, RG, SDMX_ATTRIBUTE, UNIT
from relocgraph.pipeline.evidence import Span, locate
from relocgraph.pipeline.french import parse_figure
from relocgraph.pipeline.sources import SourceText, normalise_quote
from relocgraph.pipeline.turtle import TurtleFile
from relocgraph.pipeline.turtle import short_name as _short

UNIT_OF = {"EUR": UNIT.CCY_EUR, "PERCENT": UNIT.PERCENT, None: UNIT.NUM}


def build_statement(
    tf: TurtleFile,
    stmt: URIRef,
    kinds: set,
    doc: URIRef,
    source: SourceText,
    out: Graph,
    ontology: Graph,
) -> int:
    """Check one statement of ``tf`` and add what it makes to ``out``; return its evidence count."""
    g = tf.graph
    stated_in = list(g.objects(stmt, RG.statedIn))
    if stated_in != [doc]:
        found = ", ".join(_short(x) for x in stated_in) or "nothing"
        raise InputError(
            f"statement {_short(stmt)} must be stated in {_short(doc)} (found {found})",
            tf.where(stmt),
            hint=f"add: rg:statedIn {_short(doc)}",
        )
    quotes = sorted(str(q) for q in g.objects(stmt, RG.quote))
    if RG.Quotation in kinds:
        texts = list(g.objects(stmt, SDO.text))
        speakers = list(g.objects(stmt, SDO.spokenByCharacter))
        if len(texts) != 1 or len(speakers) != 1:
            raise InputError(
                f"quotation {_short(stmt)} needs exactly one schema:text and one "
                f"schema:spokenByCharacter (found {len(texts)} and {len(speakers)})",
                tf.where(stmt),
            )
        quotes = sorted(set(quotes) | {str(texts[0])})
    if not quotes:
        raise EvidenceError(
            f"statement {_short(stmt)} has no quote of its source",
            tf.where(stmt),
            hint='add rg:quote "<the exact words of the document>"',
        )
    occurrence = _occurrence(tf, stmt)
    # A statement of the document's title is located at the title's first occurrence:
    # pages print their title twice (header and body) and either is the title.
    is_title = g.value(stmt, RDF.predicate) == DCTERMS.title and g.value(stmt, RDF.subject) == doc
    spans: list[Span] = []
    for quote in quotes:
        where = tf.where(stmt, snippet=quote)
        spans.append(
            locate(
                source,
                quote,
                where=where,
                what=f"statement {_short(stmt)}",
                occurrence=occurrence,
                first=is_title,
            )
        )
    spans.sort(key=lambda s: (s.start, s.end))
    for k, span in enumerate(spans, start=1):
        _add_evidence(out, stmt, doc, span, k)

    interpretation = RG.Interpretation in kinds
    if interpretation and not list(g.objects(stmt, SKOS.editorialNote)):
        raise InputError(
            f"interpretation {_short(stmt)} has no curator's note",
            tf.where(stmt),
            hint='say what the text leaves open and how it is read: skos:editorialNote "…"@en',
        )
    if RG.FactStatement in kinds:
        # An interpretation's fact is a reading, not what the document states: its statement
        # (with evidence and note) is kept, its triple is not asserted in the document's graph.
        _expand_fact(tf, stmt, out, ontology, assert_fact=not interpretation)
    if RG.ReportedFigure in kinds:
        _check_figure(tf, stmt, spans)
    return len(spans)


def _occurrence(tf: TurtleFile, stmt: URIRef) -> int | None:
    values = list(tf.graph.objects(stmt, RG.occurrence))
    if not values:
        return None
    value = values[0].toPython() if isinstance(values[0], Literal) else None
    if len(values) > 1 or not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InputError(
            f"rg:occurrence of {_short(stmt)} must be one whole number from 1 (found "
            f"{', '.join(v.n3() for v in values)})",
            tf.where(stmt, snippet="rg:occurrence"),
            hint="write rg:occurrence 2 to take the second occurrence of the quote",
        )
    return value


def _add_evidence(out: Graph, stmt: URIRef, doc: URIRef, span: Span, k: int) -> None:
    ev = URIRef(f"{stmt}/evidence/{k}")
    quote_sel = URIRef(f"{ev}/quote")
    pos_sel = URIRef(f"{ev}/position")
    out.add((stmt, RG.hasEvidence, ev))
    out.add((ev, RDF.type, OA.SpecificResource))
    out.add((ev, OA.hasSource, doc))
    out.add((ev, OA.hasSelector, quote_sel))
    out.add((ev, OA.hasSelector, pos_sel))
    out.add((quote_sel, RDF.type, OA.TextQuoteSelector))
    out.add((quote_sel, OA.exact, Literal(span.exact)))
    out.add((quote_sel, OA.prefix, Literal(span.prefix)))
    out.add((quote_sel, OA.suffix, Literal(span.suffix)))
    out.add((quote_sel, RG.normalisedExact, Literal(span.normalised)))
    out.add((pos_sel, RDF.type, OA.TextPositionSelector))
    out.add((pos_sel, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    out.add((pos_sel, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))


def _expand_fact(
    tf: TurtleFile, stmt: URIRef, out: Graph, ontology: Graph, *, assert_fact: bool = True
) -> None:
    g = tf.graph
    parts = []
    for prop in (RDF.subject, RDF.predicate, RDF.object):
        values = list(g.objects(stmt, prop))
        if len(values) != 1:
            raise InputError(
                f"fact statement {_short(stmt)} needs exactly one {_short(prop)} (found {len(values)})",
                tf.where(stmt),
            )
        parts.append(values[0])
    s, p, o = parts
    if not isinstance(s, URIRef) or not isinstance(p, URIRef):
        raise InputError(f"fact statement {_short(stmt)}: subject and predicate must be IRIs", tf.where(stmt))
    kinds = set(ontology.objects(p, RDF.type))
    if OWL.ObjectProperty in kinds and isinstance(o, Literal):
        raise InputError(
            f"fact statement {_short(stmt)}: {_short(p)} links to an entity, but the object "
            f"is the text {o.n3()}",
            tf.where(stmt, snippet="rdf:object"),
            hint="use the entity's IRI (declared in data/entities.ttl); keep the document's "
            "words in rg:wording",
        )
    if OWL.DatatypeProperty in kinds and not isinstance(o, Literal):
        raise InputError(
            f"fact statement {_short(stmt)}: {_short(p)} takes a value (a literal), but the "
            f"object is {_short(o)}",
            tf.where(stmt, snippet="rdf:object"),
        )
    if assert_fact:
        out.add((s, p, o))


def _check_figure(tf: TurtleFile, stmt: URIRef, spans: list[Span]) -> None:
    g = tf.graph
    where = tf.where(stmt)
    for prop in (RG.indicator, RG.value, RG.verbatimValue, SDMX_ATTRIBUTE.unitMeasure):
        n = len(list(g.objects(stmt, prop)))
        if n != 1:
            raise InputError(
                f"reported figure {_short(stmt)} needs exactly one {_short(prop)} (found {n})", where
            )
    value = g.value(stmt, RG.value)
    verbatim = str(g.value(stmt, RG.verbatimValue))
    unit = g.value(stmt, SDMX_ATTRIBUTE.unitMeasure)
    assert isinstance(value, Literal)
    if value.datatype not in (XSD.integer, XSD.decimal) or not isinstance(value.toPython(), int | Decimal):
        raise NumberFormatError(
            f"rg:value of {_short(stmt)} must be a plain number in full units, got {value.n3()}",
            tf.where(stmt, snippet=f"rg:value {value}"),
            hint='write 165000000, not "165M€" (the printed form goes in rg:verbatimValue)',
        )
    try:
        figure = parse_figure(verbatim)
    except NumberFormatError as e:
        e.location = tf.where(stmt, snippet=verbatim)
        raise
    if figure.value != Decimal(str(value.toPython())):
        raise NumberFormatError(
            f"{_short(stmt)}: verbatim figure {verbatim!r} reads as {figure.value}, but rg:value is {value}",
            tf.where(stmt, snippet=f"rg:value {value}"),
            hint="store the value in full units (165M€ → 165000000)",
        )
    expected_unit = UNIT_OF.get(figure.unit)
    if figure.unit is not None and unit != expected_unit:
        raise NumberFormatError(
            f"{_short(stmt)}: verbatim figure {verbatim!r} is in {figure.unit}, "
            f"but the unit is {_short(unit)}",
            tf.where(stmt, snippet="unitMeasure"),
            hint=f"use {_short(expected_unit)}",
        )
    if figure.unit is None and unit == UNIT.CCY_EUR:
        raise NumberFormatError(
            f"{_short(stmt)}: unit is euros but {verbatim!r} names no currency",
            tf.where(stmt, snippet="unitMeasure"),
            hint="use unit:NUM for counts",
        )
    needle = normalise_quote(verbatim)
    if not any(needle in span.normalised for span in spans):
        raise EvidenceError(
            f"{_short(stmt)}: verbatim figure {verbatim!r} does not appear in its quotes",
            tf.where(stmt, snippet=verbatim),
            hint="quote the words that print the figure",
        )
    if (stmt, RG.periodNotStated, None) not in g and (stmt, RG.periodAsStated, None) not in g:
        raise InputError(
            f"reported figure {_short(stmt)} needs a period: rg:periodAsStated (with "
            "sdmx-dimension:refPeriod) or rg:periodNotStated true",
            where,
        )
