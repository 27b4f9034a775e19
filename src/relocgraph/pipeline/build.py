"""Assemble the knowledge graph: ontology, entity registry and per-document statements.

The build reads only the project's own files (``ontology/``, ``data/``), checks them
and returns an rdflib :class:`~rdflib.Dataset` with one named graph per source
document (named by the document's IRI), plus ``graph:ontology`` and
``graph:entities``. For every statement it:

* checks that it names its document (``rg:statedIn``) and quotes it (``rg:quote``);
* locates each quote exactly once in the document's text and replaces it with a Web
  Annotation evidence span (``oa:TextQuoteSelector`` + ``oa:TextPositionSelector``);
* for a fact statement, asserts the fact triple (``rdf:subject``/``rdf:predicate``/
  ``rdf:object``) in the document's graph, so that the union of graphs is the world as
  the documents describe it and each triple can be traced to its statements — except for
  an ``rg:Interpretation`` (the curator's reading of an ambiguous passage), which must carry
  a ``skos:editorialNote`` and whose triple stays reified only;
* for a reported figure, checks that the verbatim figure parses to the stored value
  and unit and appears in the quoted words.

Any failure raises :class:`~relocgraph.model.errors.InputError` (or a subclass) naming the
file and line; nothing is written by this module (see :mod:`relocgraph.pipeline.outputs`).
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SDO, SKOS, XSD
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import _is_valid_uri

from relocgraph.model.errors import EvidenceError, InputError, Location, NumberFormatError
from relocgraph.model.namespaces import (
    GRAPH,
    ID,
    OA,
    RG,
    SDMX_ATTRIBUTE,
    STATEMENT_CLASSES,
    UNIT,
    bind_prefixes,
)
from relocgraph.pipeline.documents import (
    DOCUMENT_CLASSES,
    describe,
    document_class,
    resolve_name,
)
from relocgraph.pipeline.documents import ORGANISATION_CLASSES as _ORGANISATIONS
from relocgraph.pipeline.evidence import Span, locate
from relocgraph.pipeline.french import parse_figure
from relocgraph.pipeline.french_dates import FrenchDate, date_from_iso, find_dates, parse_date
from relocgraph.pipeline.metadata import DocumentMetadata, metadata_path, read_metadata
from relocgraph.pipeline.sources import SourceText, normalise_quote, read_source

ONTOLOGY_DIR = Path("ontology")
ONTOLOGY_FILE = ONTOLOGY_DIR / "relocgraph.ttl"
ENTITIES_FILE = Path("data/entities.ttl")
STATEMENTS_DIR = Path("data/statements")
SOURCES_DIR = Path("data/sources")
#: Where ingest writes the entities a draft proposes, for review.
ENTITY_DRAFTS_DIR = Path("data/entities.draft")
DRAFT_SUFFIX = ".draft.ttl"

UNIT_OF = {"EUR": UNIT.CCY_EUR, "PERCENT": UNIT.PERCENT, None: UNIT.NUM}
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


@dataclass
class DocumentBuild:
    """What the build made of one statements file."""

    iri: URIRef
    source: SourceText
    file: TurtleFile
    graph: Graph
    statements: int = 0
    evidence: int = 0


@dataclass
class BuildResult:
    """The built dataset and what went into it."""

    dataset: Dataset
    documents: list[DocumentBuild] = field(default_factory=list)

    @property
    def statement_count(self) -> int:
        return sum(d.statements for d in self.documents)

    @property
    def evidence_count(self) -> int:
        return sum(d.evidence for d in self.documents)


def parse_turtle(path: Path, *, root: Path | None = None) -> TurtleFile:
    """Parse a Turtle file; a syntax error becomes an :class:`InputError` with its line."""
    shown = _relative(path, root)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as e:
        raise InputError("file not found", Location(shown)) from e
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        raise InputError("file is not UTF-8", Location(shown, line)) from e
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
            if isinstance(term, Literal) and term.ill_typed:
                lexical = str(term)
                raise InputError(
                    f"{lexical!r} is not a valid {_short(term.datatype)}",
                    tf.where(snippet=f'"{lexical}"'),
                    hint="write a value of that type (dates as YYYY-MM-DD, numbers with a "
                    "dot for decimals) or change the datatype",
                )


def vocabulary_labels() -> Graph:
    """French and English display labels of the reused standard terms (org:holds…)."""
    from importlib import resources

    g = Graph()
    text = resources.files("relocgraph.model").joinpath("vocab/labels.ttl").read_text("utf-8")
    g.parse(data=text, format="turtle")
    return g


def ontology_file(root: Path | str, name: str = "relocgraph.ttl") -> Path:
    """``root/ontology/name`` when the project has its own ``ontology/``, else the packaged one.

    A project made by ``relocgraph init`` holds only ``data/``; the ontology and shapes
    that ship with relocgraph then apply. A project with an ``ontology/`` folder uses
    its own files (and a file missing from it is an error, not a silent fallback).

    >>> ontology_file(".")
    PosixPath('ontology/relocgraph.ttl')
    >>> ontology_file("/nonexistent").name, ontology_file("/nonexistent").is_file()
    ('relocgraph.ttl', True)
    """
    own = Path(root) / ONTOLOGY_DIR
    if own.is_dir():
        return own / name
    from importlib import resources

    return Path(str(resources.files("relocgraph").joinpath("ontology", name)))


def build(root: Path | str = ".") -> BuildResult:
    """Build the dataset from the project at ``root``; raise on any bad input.

    >>> result = build(".")
    >>> len(result.documents)
    24
    >>> result.statement_count > 50
    True
    """
    root = Path(root)
    ontology = parse_turtle(ontology_file(root), root=root)
    entities = parse_turtle(root / ENTITIES_FILE, root=root)
    statement_files = sorted((root / STATEMENTS_DIR).glob("*.ttl"))
    for path in statement_files:
        if not path.is_file():
            raise InputError(
                "a folder (or other non-file) named like a statements file",
                Location(_relative(path, root)),
                hint="statements files are Turtle files; move or rename this folder",
            )
    drafts = [p for p in statement_files if p.name.endswith(DRAFT_SUFFIX)]
    if drafts:
        raise InputError(
            "draft statements are not part of the build",
            Location(_relative(drafts[0], root)),
            hint="review the draft, then run: relocgraph accept " + str(_relative(drafts[0], root)),
        )
    if not statement_files:
        raise InputError(
            "no statements files",
            Location(STATEMENTS_DIR),
            hint="each source document needs data/statements/<document>.ttl",
        )

    declared = _declared_rg_terms(ontology.graph)
    _check_closed_vocabulary(ontology, declared)
    _check_closed_vocabulary(entities, declared)

    parsed = [parse_turtle(p, root=root) for p in statement_files]
    known = _defined_subjects(entities.graph)
    for tf in parsed:
        _check_closed_vocabulary(tf, declared)
        known |= _defined_subjects(tf.graph)

    dataset = bind_prefixes(Dataset(default_union=True))
    _copy(ontology.graph, dataset.graph(GRAPH.ontology))
    _copy(entities.graph, dataset.graph(GRAPH.entities))
    _copy(vocabulary_labels(), dataset.graph(GRAPH.labels))
    _check_entity_references(entities, known)

    result = BuildResult(dataset)
    seen_documents: dict[URIRef, Path] = {}
    for tf in parsed:
        doc = _build_document(tf, root, known, ontology.graph, entities.graph)
        if doc.iri in seen_documents:
            raise InputError(
                f"document {doc.iri} is described by two statements files (also {seen_documents[doc.iri]})",
                tf.where(doc.iri),
                hint="keep one statements file per source document",
            )
        seen_documents[doc.iri] = tf.path
        _copy(doc.graph, dataset.graph(doc.iri))
        result.documents.append(doc)
    _check_conflicting_labels(entities, parsed)
    return result


# ---------------------------------------------------------------------------
# One statements file
# ---------------------------------------------------------------------------


def _build_document(
    tf: TurtleFile,
    root: Path,
    known: set[URIRef],
    ontology: Graph,
    registry: Graph,
) -> DocumentBuild:
    g = tf.graph
    docs = _document_subjects(g)
    if len(docs) != 1:
        raise InputError(
            f"a statements file must describe exactly one document (a fabio:PressRelease or "
            f"another document class, or the subject of rg:sourceFile), found {len(docs)}",
            Location(tf.path, 1),
            hint="declare the document once, with rg:sourceFile naming its text",
        )
    doc = docs[0]
    source_file = g.value(doc, RG.sourceFile)
    if source_file is None:
        raise InputError(
            f"document {doc} has no rg:sourceFile",
            tf.where(doc),
            hint='add rg:sourceFile "data/sources/<file>.txt"',
        )
    source, source_path = _read_document_text(tf, root, source_file)
    meta = None
    if (root / metadata_path(source_path)).is_file():
        meta = read_metadata(root / metadata_path(source_path), shown=metadata_path(source_path))
    _check_document_metadata(tf, doc, source, meta, registry)

    out = Graph()
    for triple in g:
        if triple[1] not in (RG.quote, RG.occurrence):
            out.add(triple)
    out.set((doc, RG.sha256, Literal(source.sha256)))
    if meta is not None:
        describe(out, doc, meta, registry)
    build = DocumentBuild(doc, source, tf, out)

    typed = set(g.subjects(RDF.type, None))
    for subject in sorted(s for s in typed if isinstance(s, URIRef)):
        kinds = set(g.objects(subject, RDF.type))
        if not kinds & set(STATEMENT_CLASSES):
            if RG.Statement in kinds or RG.Interpretation in kinds:
                only = RG.Interpretation if RG.Interpretation in kinds else RG.Statement
                raise InputError(
                    f"{_short(subject)} is typed {_short(only)} only; a statement is also a "
                    "rg:FactStatement, rg:ReportedFigure or rg:Quotation",
                    tf.where(subject),
                )
            continue
        _build_statement(tf, subject, kinds, doc, source, out, build, ontology)
        build.statements += 1

    for s, p, _o in g:
        if p == RG.quote and (s, RDF.type, None) not in g:
            raise InputError(f"rg:quote on untyped subject {_short(s)}", tf.where(str(s)))
    _check_references(tf, known)
    return build


def _build_statement(
    tf: TurtleFile,
    stmt: URIRef,
    kinds: set,
    doc: URIRef,
    source: SourceText,
    out: Graph,
    build: DocumentBuild,
    ontology: Graph,
) -> None:
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
    build.evidence += len(spans)

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


def _read_document_text(tf: TurtleFile, root: Path, source_file: object) -> tuple[SourceText, Path]:
    source_path = Path(str(source_file))
    if source_path.is_absolute() or ".." in source_path.parts:
        raise InputError(
            f"rg:sourceFile must be a path inside the project: {source_file}",
            tf.where(snippet=str(source_file)),
        )
    try:
        source = read_source(root / source_path)
    except InputError as e:
        loc = e.location
        e.location = Location(source_path, loc.line if loc else None, loc.column if loc else None)
        raise
    source.path = source_path  # messages and outputs name it relative to the project
    return source, source_path


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


def _check_document_metadata(
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


# ---------------------------------------------------------------------------
# Whole-project checks
# ---------------------------------------------------------------------------


def _declared_rg_terms(ontology: Graph) -> set[URIRef]:
    return {
        s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(RG_NS)
    }


def _check_closed_vocabulary(tf: TurtleFile, declared: set[URIRef]) -> None:
    """Every rg: term used must be declared in the ontology (no silent typos)."""
    for triple in sorted(tf.graph):
        for term in triple:
            if isinstance(term, URIRef) and str(term).startswith(RG_NS) and term not in declared:
                raise InputError(
                    f"unknown ontology term {_short(term)}",
                    tf.where(term),
                    hint="check the spelling against ontology/relocgraph.ttl",
                )


def _defined_subjects(g: Graph) -> set[URIRef]:
    """Typed subjects, and documents (which a metadata record may type)."""
    typed = set(g.subjects(RDF.type, None)) | set(g.subjects(RG.sourceFile, None))
    return {s for s in typed if isinstance(s, URIRef)}


def _document_subjects(g: Graph) -> list[URIRef]:
    """The documents a statements file describes: typed as one, or naming a source file."""
    found = {s for cls in DOCUMENT_CLASSES for s in g.subjects(RDF.type, cls)}
    found |= set(g.subjects(RG.sourceFile, None))
    return sorted(s for s in found if isinstance(s, URIRef))


def _id_terms(g: Graph) -> Iterator[tuple[URIRef, URIRef]]:
    """(subject, referenced IRI) for every object IRI in the project's id: namespace."""
    for s, _p, o in g:
        if isinstance(o, URIRef) and str(o).startswith(str(ID)) and isinstance(s, URIRef | BNode):
            yield s, o  # type: ignore[misc]


def _check_references(tf: TurtleFile, known: set[URIRef]) -> None:
    for _s, o in sorted(_id_terms(tf.graph)):
        if o not in known:
            raise InputError(
                f"{_short(o)} is not in the entity registry",
                tf.where(o),
                hint=f"declare it in {ENTITIES_FILE} (with a type and labels) or fix the IRI",
            )


def _check_entity_references(entities: TurtleFile, known: set[URIRef]) -> None:
    _check_references(entities, known)


def _check_conflicting_labels(entities: TurtleFile, files: Iterable[TurtleFile]) -> None:
    """An entity declared in two files must not get two different labels in one language."""
    from rdflib.namespace import RDFS

    labels: dict[tuple[URIRef, str | None], tuple[Literal, TurtleFile]] = {}
    for tf in [entities, *files]:
        for s, label in sorted(tf.graph.subject_objects(RDFS.label)):
            if not isinstance(s, URIRef) or not isinstance(label, Literal):
                continue
            key = (s, label.language)
            if key in labels and labels[key][0] != label:
                other = labels[key][1]
                raise InputError(
                    f"{_short(s)} has conflicting @{label.language} labels: "
                    f"{str(labels[key][0])!r} in {other.path} and {str(label)!r}",
                    tf.where(s, snippet=str(label)),
                    hint="keep one label per language; put other names in skos:altLabel",
                )
            labels.setdefault(key, (label, tf))


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _copy(source: Graph, target: Graph) -> None:
    for triple in source:
        target.add(triple)


def _relative(path: Path, root: Path | None) -> Path:
    if root is None:
        return path
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return path


def _short(term: object) -> str:
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
