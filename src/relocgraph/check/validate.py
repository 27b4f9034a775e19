"""Validate the built graph: SHACL shapes, the evidence check, and the ontology lint.

:func:`validate` rebuilds the graph from the project (which checks that every quote is
found exactly once in its source: the evidence check), runs the shapes of
``ontology/shapes.ttl`` with pySHACL over the union of the asserted graphs, and adds
the findings of :func:`relocgraph.check.lint.lint`. The result is one typed
:class:`~relocgraph.model.report.Report`; every finding names the focus node with its
label, the property path, the message and the file to fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from relocgraph.model.optional import require
from relocgraph.model.report import Finding, Report, Severity, curie

SHAPES_FILE = Path("ontology/shapes.ttl")

_SEVERITY = {SH.Violation: Severity.ERROR, SH.Warning: Severity.WARNING, SH.Info: Severity.INFO}


def validate(root: Path | str = ".", *, lint: bool = True) -> Report:
    """Build the project at ``root`` and check it; return every finding.

    >>> report = validate(".")
    >>> report.ok, report.checks_run[:2]
    (True, ['evidence', 'shacl'])
    """
    from relocgraph.model.errors import InputError
    from relocgraph.pipeline.build import build
    from relocgraph.pipeline.reason import build_files

    root = Path(root)
    report = Report(checks_run=["evidence"])
    try:
        result = build(root)
    except InputError as e:
        where = e.location
        source = str(where) if where else ""
        report.findings.append(
            Finding(
                Severity.ERROR,
                "evidence",
                _focus_of(e),
                e.message + (f" (hint: {e.hint})" if e.hint else ""),
                source=source,
            )
        )
        result = None
    if result is not None:
        shapes = _read_shapes(root)
        report.extend(check_shapes(result.dataset, shapes, files=build_files(result)))
    if lint:
        from relocgraph.check.lint import lint as run_lint

        report.extend(run_lint(root))
    return report


def check_shapes(
    dataset: Dataset, shapes: Graph, *, files: Mapping[URIRef, Path | str] | None = None
) -> Report:
    """Run SHACL ``shapes`` over the asserted graphs of ``dataset``."""
    require("pyshacl", "check")
    from pyshacl import validate as shacl_validate

    from relocgraph.pipeline.reason import asserted_union

    union = asserted_union(dataset)
    _conforms, results, _text = shacl_validate(
        union, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    findings = []
    for node in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(node, SH.focusNode)
        path = results.value(node, SH.resultPath)
        message = results.value(node, SH.resultMessage)
        value = results.value(node, SH.value)
        shape = results.value(node, SH.sourceShape)
        text = str(message) if message is not None else "does not satisfy the shape"
        if value is not None and "{" not in text and not isinstance(value, BNode):
            text += f" (found {_show(union, value)})"
        findings.append(
            Finding(
                _SEVERITY.get(results.value(node, SH.resultSeverity), Severity.ERROR),
                _check_name(shapes, shape),
                _curie(union, focus),
                text,
                label=_label(union, focus),
                path=_curie(union, path) if isinstance(path, URIRef) else "",
                source=_source_of(dataset, focus, path, files),
            )
        )
    return Report(findings, checks_run=["shacl"])


def _read_shapes(root: Path) -> Graph:
    from relocgraph.pipeline.project import ontology_file
    from relocgraph.pipeline.turtle import parse_turtle

    return parse_turtle(ontology_file(root, SHAPES_FILE.name), root=root).graph


def _check_name(shapes: Graph, shape: Node | None) -> str:
    """The sh:name of the node shape that owns ``shape`` (a node or property shape)."""
    seen = 0
    while shape is not None and seen < 10:
        name = shapes.value(shape, SH.name)
        if name is not None and not isinstance(shape, BNode):
            return str(name)
        owner = (
            shapes.value(None, SH.property, shape)
            or shapes.value(None, SH.sparql, shape)
            or _list_owner(shapes, shape)
        )
        if owner is None and name is not None:
            return str(name)
        shape, seen = owner, seen + 1
    return "shacl"


def _list_owner(shapes: Graph, node: Node) -> Node | None:
    """The shape whose sh:or/sh:xone/sh:and list holds ``node``."""
    for cell in shapes.subjects(RDF.first, node):
        head = cell
        while (prev := shapes.value(None, RDF.rest, head)) is not None:
            head = prev
        for prop in (SH["or"], SH.xone, SH["and"]):
            owner = shapes.value(None, prop, head)
            if owner is not None:
                return owner
    return None


def _source_of(
    dataset: Dataset, focus: Node | None, path: Node | None, files: Mapping[URIRef, Path | str] | None
) -> str:
    """The file to fix: the one stating the offending property, else the one declaring
    the focus node (its rdf:type), else any that describes it."""
    graphs = [g for g in dataset.graphs() if isinstance(g.identifier, URIRef)]
    patterns: list[tuple[Node | None, Node | None, None]] = (
        [(focus, path, None)] if isinstance(path, URIRef) else []
    )
    patterns += [(focus, RDF.type, None), (focus, None, None)]
    for pattern in patterns:
        names = sorted(str(g.identifier) for g in graphs if pattern in g)
        if names:
            chosen = URIRef(names[0])
            return str(files.get(chosen, chosen)) if files else names[0]
    return ""


def _label(graph: Graph, node: Node | None) -> str:
    labels = {lbl.language: str(lbl) for lbl in graph.objects(node, RDFS.label) if isinstance(lbl, Literal)}
    return labels.get("en") or labels.get("fr") or next(iter(labels.values()), "")


def _curie(graph: Graph, node: Node | None) -> str:
    if isinstance(node, URIRef):
        return curie(node)
    return str(node) if node is not None else ""


def _show(graph: Graph, value: Node) -> str:
    if isinstance(value, Literal):
        return value.n3(graph.namespace_manager)
    return _curie(graph, value)


def _focus_of(e: Exception) -> str:
    return type(e).__name__
