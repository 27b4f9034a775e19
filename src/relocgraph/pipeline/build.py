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
This module walks the project and checks it as a whole; Turtle files are read by
:mod:`~relocgraph.pipeline.turtle`, a document's description is checked against its
metadata record by :mod:`~relocgraph.pipeline.document_checks` and each statement is made by
:mod:`~relocgraph.pipeline.statements`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

from relocgraph.model.errors import InputError, Location
from relocgraph.model.namespaces import GRAPH, ID, RG, STATEMENT_CLASSES, bind_prefixes
from relocgraph.pipeline.document_checks import check_document_metadata
from relocgraph.pipeline.documents import DOCUMENT_CLASSES, describe
from relocgraph.pipeline.metadata import metadata_path, read_metadata
from relocgraph.pipeline.project import DRAFT_SUFFIX, ENTITIES_FILE, STATEMENTS_DIR, ontology_file
from relocgraph.pipeline.sources import SourceText, read_source
from relocgraph.pipeline.statements import build_statement
from relocgraph.pipeline.turtle import RG_NS, TurtleFile, parse_turtle
from relocgraph.pipeline.turtle import relative_path as _relative
from relocgraph.pipeline.turtle import short_name as _short


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


def vocabulary_labels() -> Graph:
    """French and English display labels of the reused standard terms (org:holds…)."""
    from importlib import resources

    g = Graph()
    text = resources.files("relocgraph.model").joinpath("vocab/labels.ttl").read_text("utf-8")
    g.parse(data=text, format="turtle")
    return g


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
    check_document_metadata(tf, doc, source, meta, registry)

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
        build.evidence += build_statement(tf, subject, kinds, doc, source, out, ontology)
        build.statements += 1

    for s, p, _o in g:
        if p == RG.quote and (s, RDF.type, None) not in g:
            raise InputError(f"rg:quote on untyped subject {_short(s)}", tf.where(str(s)))
    _check_references(tf, known)
    return build


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
