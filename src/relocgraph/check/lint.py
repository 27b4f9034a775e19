"""Ontology quality checks, offline, in the spirit of OOPS!, FOOPS! and ROBOT report.

:func:`lint` reads ``ontology/relocgraph.ttl`` and the data files and returns a
:class:`~relocgraph.model.report.Report`. Each check has a name and a severity
(:data:`CHECKS`); a finding names the term, the file and line to fix:

* ``label-definition``: a project term without ``rdfs:label`` or ``skos:definition``
  in French and in English;
* ``label-per-language``: several labels in one language on one term;
* ``label-duplicate``: two project terms with the same label in one language;
* ``domain-range``: a project property without a domain or range, or with several;
* ``undeclared-term``: a class or property used in the ontology or the data that is
  declared nowhere (neither in the ontology nor built into RDF/RDFS/OWL/XSD);
* ``namespace-hijack``: a term in a reused namespace (``org:``, ``prov:``, ``qb:``,
  ``time:``, ``oa:``, ``skos:``, ``dcterms:``, ``foaf:``, ``schema:``…) that its
  vocabulary does not define;
* ``subclass-cycle``: classes (or properties) that are their own ancestors;
* ``unconnected``: a project class or property connected to nothing else;
* ``inverse-domain-range``: inverse properties whose domain and range are not swapped;
* ``transitive-symmetric-domain-range``: a transitive or symmetric property whose
  domain differs from its range;
* ``literal-object-misuse``: an object property given literals, a datatype property
  given resources, a range of the wrong kind, or literals that contradict an
  ``xsd:string`` range (a language tag);
* ``ontology-metadata``: ``owl:Ontology`` without title, description, version IRI,
  licence, creator or creation date;
* ``ontology-iri``: an ontology or version IRI ending in a file extension.

>>> report = lint_turtle('''
... @prefix owl: <http://www.w3.org/2002/07/owl#> .
... <https://example.org/onto.ttl> a owl:Ontology .
... ''')
>>> sorted({f.check for f in report.findings})
['lint:ontology-iri', 'lint:ontology-metadata']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TIME,
    VANN,
    XSD,
    DefinedNamespace,
)
from rdflib.term import Node

from relocgraph.model.namespaces import CV, FABIO, OA, RG, SDMX_ATTRIBUTE, SDMX_DIMENSION, UNIT
from relocgraph.model.report import Finding, Report, Severity, curie

#: Every check and its severity; errors make ``relocgraph lint`` exit 1.
CHECKS: dict[str, Severity] = {
    "label-definition": Severity.ERROR,
    "label-per-language": Severity.ERROR,
    "label-duplicate": Severity.ERROR,
    "domain-range": Severity.ERROR,
    "undeclared-term": Severity.ERROR,
    "namespace-hijack": Severity.ERROR,
    "subclass-cycle": Severity.ERROR,
    "unconnected": Severity.WARNING,
    "inverse-domain-range": Severity.ERROR,
    "transitive-symmetric-domain-range": Severity.ERROR,
    "literal-object-misuse": Severity.ERROR,
    "ontology-metadata": Severity.ERROR,
    "ontology-iri": Severity.ERROR,
}

#: Reused vocabularies whose term lists are known offline (rdflib's closed
#: namespaces and the project's own ones in :mod:`relocgraph.model.namespaces`).
REUSED: tuple[type[DefinedNamespace], ...] = (
    ORG,
    PROV,
    QB,
    TIME,
    SKOS,
    DCTERMS,
    FOAF,
    SDO,
    OWL,
    RDFS,
    RDF,
    XSD,
    VANN,
    OA,
    FABIO,
    CV,
    SDMX_DIMENSION,
    SDMX_ATTRIBUTE,
    UNIT,
)
LANGUAGES = ("fr", "en")
FILE_EXTENSIONS = (".ttl", ".owl", ".rdf", ".xml", ".jsonld", ".json", ".nt", ".n3", ".trig")

_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
_CLASS_TYPES = (OWL.Class, RDFS.Class, RDFS.Datatype)
_BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(XSD))
_LITERAL_RANGES = {RDFS.Literal, RDF.langString, RDF.PlainLiteral}


@dataclass
class Source:
    """A graph to lint and how to point at a line in the file it came from."""

    graph: Graph
    path: str = ""
    line_of: Callable[[URIRef], int | None] | None = None

    def where(self, term: object) -> str:
        line = self.line_of(term) if self.line_of and isinstance(term, URIRef) else None
        return f"{self.path}:{line}" if line else self.path


def lint(root: Path | str = ".") -> Report:
    """Lint the ontology of the project at ``root`` against itself and the data files.

    >>> lint(".").ok
    True
    """
    from relocgraph.pipeline.build import ENTITIES_FILE, ONTOLOGY_FILE, STATEMENTS_DIR, parse_turtle

    root = Path(root)
    onto = parse_turtle(root / ONTOLOGY_FILE, root=root)
    data = [
        parse_turtle(p, root=root)
        for p in [root / ENTITIES_FILE, *sorted((root / STATEMENTS_DIR).glob("*.ttl"))]
        if p.exists()
    ]
    return lint_graphs(
        Source(onto.graph, str(onto.path), onto.line_of),
        [Source(tf.graph, str(tf.path), tf.line_of) for tf in data],
    )


def lint_turtle(ontology: str, data: str = "") -> Report:
    """Lint an ontology (and optional data) given as Turtle text; for tests and notebooks."""
    onto = Graph().parse(data=ontology, format="turtle")
    sources = [Source(Graph().parse(data=data, format="turtle"), "data")] if data else []
    return lint_graphs(Source(onto, "ontology"), sources)


def lint_graphs(ontology: Source, data: Iterable[Source] = ()) -> Report:
    """Run every check of :data:`CHECKS` over an ontology and the data that uses it."""
    data = list(data)
    linter = _Linter(ontology, data)
    for check in CHECKS:
        getattr(linter, "check_" + check.replace("-", "_"))()
    return Report(linter.findings, checks_run=[f"lint:{c}" for c in CHECKS])


class _Linter:
    def __init__(self, ontology: Source, data: list[Source]) -> None:
        self.onto = ontology
        self.g = ontology.graph
        self.data = data
        self.findings: list[Finding] = []
        self.ontology_iris = sorted(
            s for s in self.g.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)
        )
        self.own_ns = self._own_namespace()
        self.own_terms = sorted(
            s
            for s in set(self.g.subjects(RDF.type, None))
            if isinstance(s, URIRef)
            and self.own_ns
            and str(s).startswith(self.own_ns)
            and s not in self.ontology_iris
        )
        self.properties = {s for t in _PROPERTY_TYPES for s in self.g.subjects(RDF.type, t)}
        self.classes = {s for t in _CLASS_TYPES for s in self.g.subjects(RDF.type, t)}

    def _own_namespace(self) -> str:
        for iri in self.ontology_iris:
            ns = self.g.value(iri, VANN.preferredNamespaceUri)
            if ns is not None:
                return str(ns)
        if self.ontology_iris:
            return str(self.ontology_iris[0]).rstrip("#/") + "#"
        return str(RG._NS)

    def add(
        self, check: str, term: Node, message: str, *, path: str = "", source: Source | None = None
    ) -> None:
        source = source or self.onto
        self.findings.append(
            Finding(
                CHECKS[check],
                f"lint:{check}",
                curie(term),
                message,
                label=self._label(term),
                path=path,
                source=source.where(term),
            )
        )

    def _label(self, term: Node) -> str:
        labels = {
            lbl.language: str(lbl) for lbl in self.g.objects(term, RDFS.label) if isinstance(lbl, Literal)
        }
        return labels.get("en") or labels.get("fr") or ""

    # --- labels and definitions ---------------------------------------------

    def check_label_definition(self) -> None:
        for term in self.own_terms:
            for prop in (RDFS.label, SKOS.definition):
                langs = {o.language for o in self.g.objects(term, prop) if isinstance(o, Literal)}
                missing = [lang for lang in LANGUAGES if lang not in langs]
                if missing:
                    self.add(
                        "label-definition",
                        term,
                        f"no {curie(prop)} in {' and '.join(missing)}",
                        path=curie(prop),
                    )

    def check_label_per_language(self) -> None:
        for term in self.own_terms:
            by_lang: dict[str | None, list[str]] = defaultdict(list)
            for o in self.g.objects(term, RDFS.label):
                if isinstance(o, Literal):
                    by_lang[o.language].append(str(o))
            for lang, labels in sorted(by_lang.items(), key=lambda kv: str(kv[0])):
                if len(labels) > 1:
                    self.add(
                        "label-per-language",
                        term,
                        f"{len(labels)} labels in @{lang}: {sorted(labels)}; keep one, "
                        "put the others in skos:altLabel",
                        path="rdfs:label",
                    )

    def check_label_duplicate(self) -> None:
        owners: dict[tuple[str, str | None], list[URIRef]] = defaultdict(list)
        for term in self.own_terms:
            for o in self.g.objects(term, RDFS.label):
                if isinstance(o, Literal):
                    owners[(str(o).strip().lower(), o.language)].append(term)
        for (label, lang), terms in sorted(owners.items(), key=lambda kv: str(kv[0])):
            if len(terms) > 1:
                for term in terms:
                    others = ", ".join(curie(t) for t in terms if t != term)
                    self.add(
                        "label-duplicate",
                        term,
                        f"label {label!r}@{lang} is also the label of {others}",
                        path="rdfs:label",
                    )

    # --- properties -------------------------------------------------------------

    def check_domain_range(self) -> None:
        for term in self.own_terms:
            if not ({OWL.ObjectProperty, OWL.DatatypeProperty} & set(self.g.objects(term, RDF.type))):
                continue
            for prop in (RDFS.domain, RDFS.range):
                values = list(self.g.objects(term, prop))
                if not values:
                    self.add("domain-range", term, f"no {curie(prop)}", path=curie(prop))
                elif len(values) > 1:
                    self.add(
                        "domain-range",
                        term,
                        f"{len(values)} values for {curie(prop)} (read as their "
                        "intersection); use one class, or an owl:unionOf",
                        path=curie(prop),
                    )

    def check_inverse_domain_range(self) -> None:
        pairs = set()
        for p, q in self.g.subject_objects(OWL.inverseOf):
            pairs.add((p, q))
            pairs.add((q, p))
        for p, q in sorted(pairs):
            dp, rp = self._one(p, RDFS.domain), self._one(p, RDFS.range)
            dq, rq = self._one(q, RDFS.domain), self._one(q, RDFS.range)
            if dp is not None and rq is not None and not self._same(dp, rq):
                self.add(
                    "inverse-domain-range",
                    p,
                    f"its domain {self._show(dp)} is not the range {self._show(rq)} of its "
                    f"inverse {curie(q)}",
                    path="rdfs:domain",
                )
            if rp is not None and dq is not None and not self._same(rp, dq) and str(p) < str(q):
                self.add(
                    "inverse-domain-range",
                    p,
                    f"its range {self._show(rp)} is not the domain {self._show(dq)} of its "
                    f"inverse {curie(q)}",
                    path="rdfs:range",
                )

    def check_transitive_symmetric_domain_range(self) -> None:
        for kind in (OWL.TransitiveProperty, OWL.SymmetricProperty):
            for p in sorted(self.g.subjects(RDF.type, kind), key=str):
                d, r = self._one(p, RDFS.domain), self._one(p, RDFS.range)
                if d is not None and r is not None and not self._same(d, r):
                    self.add(
                        "transitive-symmetric-domain-range",
                        p,
                        f"is {curie(kind).split(':')[1]} but its domain {self._show(d)} "
                        f"differs from its range {self._show(r)}",
                        path="rdfs:range",
                    )

    def check_literal_object_misuse(self) -> None:
        object_props = set(self.g.subjects(RDF.type, OWL.ObjectProperty))
        data_props = set(self.g.subjects(RDF.type, OWL.DatatypeProperty))
        for p in sorted(object_props & data_props, key=str):
            self.add(
                "literal-object-misuse",
                p,
                "is declared both an object and a datatype property",
                path="rdf:type",
            )
        for p in sorted(object_props, key=str):
            for r in self.g.objects(p, RDFS.range):
                if isinstance(r, URIRef) and (str(r).startswith(str(XSD)) or r in _LITERAL_RANGES):
                    self.add(
                        "literal-object-misuse",
                        p,
                        f"is an object property with a datatype range {curie(r)}",
                        path="rdfs:range",
                    )
        for p in sorted(data_props, key=str):
            for r in self.g.objects(p, RDFS.range):
                if (
                    isinstance(r, URIRef)
                    and r in self.classes
                    and r not in _LITERAL_RANGES
                    and (r, RDF.type, RDFS.Datatype) not in self.g
                ):
                    self.add(
                        "literal-object-misuse",
                        p,
                        f"is a datatype property with a class range {curie(r)}",
                        path="rdfs:range",
                    )
        string_props = {p for p in data_props if (p, RDFS.range, XSD.string) in self.g}
        for src in [self.onto, *self.data]:
            for s, p, o in sorted(_used_triples(src.graph)):
                if p in object_props and isinstance(o, Literal):
                    self.add(
                        "literal-object-misuse",
                        s,
                        f"{curie(p)} is an object property but is given the literal {o.n3()}",
                        path=curie(p),
                        source=src,
                    )
                elif p in data_props and not isinstance(o, Literal):
                    self.add(
                        "literal-object-misuse",
                        s,
                        f"{curie(p)} is a datatype property but is given {curie(o)}",
                        path=curie(p),
                        source=src,
                    )
                elif (
                    p in string_props
                    and isinstance(o, Literal)
                    and (o.language or o.datatype not in (None, XSD.string))
                ):
                    kind = f"@{o.language}" if o.language else curie(o.datatype)
                    self.add(
                        "literal-object-misuse",
                        s,
                        f"{curie(p)} has range xsd:string but is given a {kind} literal; "
                        "change the range (e.g. rdf:langString) or the value",
                        path=curie(p),
                        source=src,
                    )

    # --- declarations and reused vocabularies --------------------------------------

    def check_undeclared_term(self) -> None:
        declared = self.properties | self.classes
        seen: set[URIRef] = set()
        for src in [self.onto, *self.data]:
            for term, role in sorted(_used_terms(src.graph)):
                if term in declared or term in seen or str(term).startswith(_BUILT_IN):
                    continue
                seen.add(term)
                self.add(
                    "undeclared-term",
                    term,
                    f"used as a {role} but declared nowhere; declare it "
                    f"(a owl:{'Class' if role == 'class' else 'ObjectProperty'}) in the "
                    "ontology, or fix the spelling",
                    source=src,
                )

    def check_namespace_hijack(self) -> None:
        seen: set[URIRef] = set()
        for src in [self.onto, *self.data]:
            for triple in sorted(src.graph):
                for term in triple:
                    if not isinstance(term, URIRef) or term in seen:
                        continue
                    vocab = _vocabulary_of(term)
                    if vocab is not None and term not in vocab:
                        seen.add(term)
                        self.add(
                            "namespace-hijack",
                            term,
                            f"is not defined by its vocabulary <{vocab._NS}>: a misspelling, "
                            "or a term minted in someone else's namespace; use the "
                            "vocabulary's own term or define one in the project's "
                            "namespace",
                            source=src,
                        )

    def check_subclass_cycle(self) -> None:
        for prop in (RDFS.subClassOf, RDFS.subPropertyOf):
            parents: dict[Node, set[Node]] = defaultdict(set)
            for s, o in self.g.subject_objects(prop):
                if isinstance(s, URIRef) and isinstance(o, URIRef):
                    parents[s].add(o)
            reported: set[frozenset] = set()
            for start in sorted(parents, key=str):
                cycle = _find_cycle(start, parents)
                if cycle and frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    path = " → ".join(curie(t) for t in [*cycle, cycle[0]])
                    self.add(
                        "subclass-cycle",
                        start,
                        f"is its own ancestor through {curie(prop)}: {path}",
                        path=curie(prop),
                    )

    def check_unconnected(self) -> None:
        linked: set[object] = set()
        for s, p, o in self.g:
            if p in (RDF.type, RDFS.label, SKOS.definition, RDFS.comment) or isinstance(o, Literal):
                continue
            linked.add(s)
            linked.add(o)
        for src in self.data:
            for s, p, o in src.graph:
                linked.add(p)
                if p == RDF.type:
                    linked.add(o)
                if p == RDF.predicate:
                    linked.add(o)
        # list members of class expressions count as links too
        for node in self.g.subjects(RDF.first, None):
            linked.add(self.g.value(node, RDF.first))
        for term in self.own_terms:
            if term not in linked:
                self.add(
                    "unconnected",
                    term,
                    "is connected to nothing: no super- or subclass, domain, range, "
                    "inverse or use in the data",
                )

    # --- ontology header -------------------------------------------------------------

    def check_ontology_metadata(self) -> None:
        if not self.ontology_iris:
            self.add("ontology-metadata", URIRef(self.own_ns), "no owl:Ontology declaration")
            return
        required = (
            DCTERMS.title,
            DCTERMS.description,
            OWL.versionIRI,
            DCTERMS.license,
            DCTERMS.creator,
            DCTERMS.created,
        )
        for iri in self.ontology_iris:
            missing = [curie(p) for p in required if self.g.value(iri, p) is None]
            if missing:
                self.add("ontology-metadata", iri, f"missing {', '.join(missing)}", path=", ".join(missing))

    def check_ontology_iri(self) -> None:
        for iri in self.ontology_iris:
            for term, what in ((iri, "ontology IRI"), (self.g.value(iri, OWL.versionIRI), "version IRI")):
                if isinstance(term, URIRef) and str(term).lower().endswith(FILE_EXTENSIONS):
                    self.add(
                        "ontology-iri",
                        iri,
                        f"the {what} <{term}> ends in a file extension; name the "
                        "ontology, not a file (content negotiation serves the formats)",
                    )

    # --- helpers ---------------------------------------------------------------------

    def _one(self, term: Node, prop: URIRef) -> Node | None:
        values = list(self.g.objects(term, prop))
        return values[0] if len(values) == 1 else None

    def _same(self, a: object, b: object) -> bool:
        if a == b:
            return True
        if isinstance(a, BNode) and isinstance(b, BNode):
            return _members(self.g, a) == _members(self.g, b) != set()
        return False

    def _show(self, node: object) -> str:
        if isinstance(node, BNode):
            members = _members(self.g, node)
            if members:
                return "(" + " or ".join(sorted(curie(m) for m in members)) + ")"
            return "a class expression"
        return curie(node)


def _members(g: Graph, node: BNode) -> set:
    for prop in (OWL.unionOf, OWL.intersectionOf):
        head = g.value(node, prop)
        if head is not None:
            return set(g.items(head))
    return set()


def _used_triples(g: Graph) -> Iterable[tuple]:
    """Triples as used, with reified fact statements read as the facts they state."""
    yield from g
    for stmt in g.subjects(RDF.predicate, None):
        s, p, o = g.value(stmt, RDF.subject), g.value(stmt, RDF.predicate), g.value(stmt, RDF.object)
        if s is not None and isinstance(p, URIRef) and o is not None:
            yield (s, p, o)


def _used_terms(g: Graph) -> Iterable[tuple[URIRef, str]]:
    """(term, 'class' or 'property') for every class and property a graph uses."""
    for s, p, o in _used_triples(g):
        if isinstance(p, URIRef):
            yield p, "property"
        if p == RDF.type and isinstance(o, URIRef):
            yield o, "class"
        if p in (
            RDFS.subClassOf,
            RDFS.domain,
            RDFS.range,
            OWL.someValuesFrom,
            OWL.allValuesFrom,
            OWL.disjointWith,
            OWL.equivalentClass,
        ) and isinstance(o, URIRef):
            yield o, "class"
        if p in (RDFS.subPropertyOf, OWL.inverseOf, OWL.onProperty) and isinstance(o, URIRef):
            yield o, "property"
    for head in g.objects(None, OWL.propertyChainAxiom):
        for item in g.items(head):
            if isinstance(item, URIRef):
                yield item, "property"
    for prop in (OWL.unionOf, OWL.intersectionOf):
        for head in g.objects(None, prop):
            for item in g.items(head):
                if isinstance(item, URIRef):
                    yield item, "class"


def _vocabulary_of(term: URIRef) -> type[DefinedNamespace] | None:
    text = str(term)
    best = None
    for vocab in REUSED:
        ns = str(vocab._NS)
        if text.startswith(ns) and (best is None or len(ns) > len(str(best._NS))):
            best = vocab
    return best


def _find_cycle(start: Node, parents: dict[Node, set[Node]]) -> list[Node] | None:
    stack: list[tuple[Node, list[Node]]] = [(start, [start])]
    while stack:
        node, path = stack.pop()
        for parent in sorted(parents.get(node, ()), key=str):
            if parent == start:
                return path
            if parent not in path and len(path) < 100:
                stack.append((parent, [*path, parent]))
    return None
