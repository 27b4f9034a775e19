"""Ontology quality checks, offline, in the spirit of OOPS!, FOOPS!, ROBOT report and ODK.

:func:`lint` reads ``ontology/relocgraph.ttl`` and the data files and returns a
:class:`~relocgraph.model.report.Report`. Checks are data: each is a
``check/checks/<name>-violation.rq`` query (header ``# title:``, ``# severity:``,
``# description:``) whose rows are findings, as ODK's QC queries are; the runner loads
the ontology and each data file into one in-memory Oxigraph store, a named graph each
(see ``check/checks/README.md``). One check needs Python (:func:`namespace_hijack`:
it compares terms with the vocabularies' own term lists, which are not RDF we hold).
A finding names the term, the file and line to fix:

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

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

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

from relocgraph.model.errors import QueryError
from relocgraph.model.namespaces import CV, FABIO, OA, RG, SDMX_ATTRIBUTE, SDMX_DIMENSION, UNIT
from relocgraph.model.prefixes import PREFIXES
from relocgraph.model.report import Finding, Report, Severity, curie

_HEADER = re.compile(r"^#\s*(title|severity|description|once):\s*(.*)$")
_LINT = "urn:relocgraph:lint:"
ONTOLOGY_GRAPH = _LINT + "ontology"
RUN_GRAPH = _LINT + "run"


@dataclass(frozen=True)
class Check:
    """One ``check/checks/<name>-violation.rq`` file: every row it returns is a finding.

    ``once`` names a column (``focus``) of which only the first row per value is kept
    (rows ordered by file: the ontology first, then the data files).
    """

    name: str
    title: str
    severity: Severity
    description: str
    text: str
    once: str = ""

    @property
    def path(self) -> str:
        return f"relocgraph/check/checks/{self.name}-violation.rq"


def parse_check(name: str, text: str) -> Check:
    """Read a check file's header.

    >>> c = parse_check("x", "# title: T\\n# severity: warning\\n# description: D\\nSELECT * {}")
    >>> (c.title, c.severity, c.description)
    ('T', <Severity.WARNING: 'warning'>, 'D')
    """
    from relocgraph.pipeline.sparql import header_fields

    meta = dict(header_fields(text, _HEADER))
    where = f"relocgraph/check/checks/{name}-violation.rq:1"
    for required in ("title", "severity", "description"):
        if required not in meta:
            raise QueryError(f"{where}: check has no '# {required}:' header line")
    try:
        severity = Severity(meta["severity"])
    except ValueError:
        raise QueryError(
            f"{where}: severity {meta['severity']!r} is not one of error, warning, info"
        ) from None
    return Check(name, meta["title"], severity, meta["description"], text, meta.get("once", ""))


@cache
def list_checks() -> tuple[Check, ...]:
    """Every ``*-violation.rq`` check shipped with relocgraph, by name."""
    folder = resources.files("relocgraph.check").joinpath("checks")
    return tuple(
        parse_check(e.name.removesuffix("-violation.rq"), e.read_text("utf-8"))
        for e in sorted(folder.iterdir(), key=lambda e: e.name)
        if e.name.endswith("-violation.rq")
    )


#: Every check and its severity; errors make ``relocgraph lint`` exit 1.
CHECKS: dict[str, Severity] = {
    **{c.name: c.severity for c in list_checks()},
    "namespace-hijack": Severity.ERROR,
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
    from relocgraph.pipeline.project import ENTITIES_FILE, STATEMENTS_DIR, ontology_file
    from relocgraph.pipeline.turtle import parse_turtle

    root = Path(root)
    onto = parse_turtle(ontology_file(root), root=root)
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
    sources = [ontology, *data]
    store, blanks = _load(sources, own_namespace(ontology.graph))
    findings: list[Finding] = []
    for check in list_checks():
        findings += _run(check, store, sources, blanks)
    findings += namespace_hijack(sources)
    return Report(findings, checks_run=[f"lint:{c}" for c in CHECKS])


def own_namespace(g: Graph) -> str:
    """The project's namespace: the ontology's ``vann:preferredNamespaceUri``, else its
    IRI followed by ``#``, else relocgraph's."""
    ontologies = sorted(s for s in g.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef))
    for iri in ontologies:
        ns = g.value(iri, VANN.preferredNamespaceUri)
        if ns is not None:
            return str(ns)
    if ontologies:
        return str(ontologies[0]).rstrip("#/") + "#"
    return str(RG._NS)


# --- the runner -------------------------------------------------------------------


def _graph_name(index: int) -> str:
    return ONTOLOGY_GRAPH if index == 0 else f"{_LINT}data/{index - 1}"


def _load(sources: list[Source], namespace: str) -> tuple[Any, dict[str, BNode]]:
    """One in-memory Oxigraph store: each source in its named graph, and the run's
    settings (the project's namespace) in ``<urn:relocgraph:lint:run>``. Returns the
    store and the rdflib blank node behind each of its blank nodes."""
    import pyoxigraph as ox

    blanks: dict[BNode, Any] = {}

    def term(node: Node) -> Any:
        if isinstance(node, URIRef):
            return ox.NamedNode(str(node))
        if isinstance(node, BNode):
            return blanks.setdefault(node, ox.BlankNode())
        if isinstance(node, Literal):
            if node.language:
                return ox.Literal(str(node), language=node.language)
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype or XSD.string)))
        raise TypeError(f"cannot lint the term {node!r}")

    store = ox.Store()
    quads = []
    for i, src in enumerate(sources):
        graph = ox.NamedNode(_graph_name(i))
        quads += [ox.Quad(term(s), term(p), term(o), graph) for s, p, o in src.graph]
    run = ox.NamedNode(RUN_GRAPH)
    quads.append(ox.Quad(run, ox.NamedNode(_LINT + "namespace"), ox.Literal(namespace), run))
    store.extend(quads)
    return store, {b.value: node for node, b in blanks.items()}


def _run(check: Check, store: Any, sources: list[Source], blanks: dict[str, BNode]) -> list[Finding]:
    """The findings of one check: its rows, messages filled in, each pointing at its file."""
    import pyoxigraph as ox

    try:
        result = store.query(check.text, prefixes=PREFIXES)
    except SyntaxError as e:
        raise QueryError(f"{check.path}: SPARQL syntax error: {e}") from e
    onto = sources[0].graph
    graphs = {_graph_name(i): src for i, src in enumerate(sources)}
    rows = []
    for solution in result:
        row = {v.value: solution[v] for v in result.variables}
        graph = row["graph"].value if row.get("graph") is not None else ONTOLOGY_GRAPH
        source = graphs.get(graph, sources[0])
        rows.append((sources.index(source), str(row["message"].value), row, source))
    rows.sort(key=lambda r: (r[0], r[1]))
    seen: set[str] = set()
    findings = []
    for _, message, row, source in rows:
        focus = row["focus"]
        if check.once:
            if row[check.once].value in seen:
                continue
            seen.add(row[check.once].value)
        shown = {k: _show(onto, v, blanks) for k, v in row.items() if v is not None}
        node = URIRef(focus.value) if isinstance(focus, ox.NamedNode) else blanks.get(focus.value, focus)
        findings.append(
            Finding(
                check.severity,
                f"lint:{check.name}",
                curie(node),
                _fill(message, shown),
                label=_label(onto, node),
                path=shown.get("path", ""),
                source=source.where(node),
            )
        )
    return findings


def _fill(message: str, shown: dict[str, str]) -> str:
    """A message template with ``{name}`` replaced by the row's value of ``?name``.

    >>> _fill("no {path} on {x}", {"path": "rdfs:label"})
    'no rdfs:label on {x}'
    """
    return re.sub(r"\{(\w+)\}", lambda m: shown.get(m.group(1), m.group(0)), message)


def _show(g: Graph, value: Any, blanks: dict[str, BNode]) -> str:
    """A term of a result row for people: a CURIE, a class expression's members, a literal's text."""
    import pyoxigraph as ox

    if isinstance(value, ox.NamedNode):
        return curie(value.value)
    if isinstance(value, ox.BlankNode):
        members = _members(g, blanks[value.value]) if value.value in blanks else set()
        if members:
            return "(" + " or ".join(sorted(curie(m) for m in members)) + ")"
        return "a class expression"
    if isinstance(value, ox.Literal):
        iris = value.value.split()
        if iris and all(re.match(r"^(https?://|urn:)\S+$", v) for v in iris):  # GROUP_CONCAT of IRIs
            return ", ".join(sorted(curie(v) for v in iris))
        return value.value
    return str(value)


def _label(g: Graph, term: Node) -> str:
    labels = {lbl.language: str(lbl) for lbl in g.objects(term, RDFS.label) if isinstance(lbl, Literal)}
    return labels.get("en") or labels.get("fr") or ""


# --- the check that needs Python --------------------------------------------------


def namespace_hijack(sources: list[Source]) -> list[Finding]:
    """``namespace-hijack``: terms in a reused vocabulary's namespace that the vocabulary
    does not define.

    Python, not SPARQL: the vocabularies' term lists are rdflib's closed namespaces
    (:data:`REUSED`), Python classes rather than RDF we could load into the store.
    """
    seen: set[URIRef] = set()
    findings = []
    for src in sources:
        for triple in sorted(src.graph):
            for term in triple:
                if not isinstance(term, URIRef) or term in seen:
                    continue
                vocab = _vocabulary_of(term)
                if vocab is not None and term not in vocab:
                    seen.add(term)
                    findings.append(
                        Finding(
                            CHECKS["namespace-hijack"],
                            "lint:namespace-hijack",
                            curie(term),
                            f"is not defined by its vocabulary <{vocab._NS}>: a misspelling, "
                            "or a term minted in someone else's namespace; use the "
                            "vocabulary's own term or define one in the project's "
                            "namespace",
                            label=_label(sources[0].graph, term),
                            source=src.where(term),
                        )
                    )
    return findings


def _members(g: Graph, node: BNode) -> set:
    for prop in (OWL.unionOf, OWL.intersectionOf):
        head = g.value(node, prop)
        if head is not None:
            return set(g.items(head))
    return set()


def _vocabulary_of(term: URIRef) -> type[DefinedNamespace] | None:
    text = str(term)
    best = None
    for vocab in REUSED:
        ns = str(vocab._NS)
        if text.startswith(ns) and (best is None or len(ns) > len(str(best._NS))):
            best = vocab
    return best
