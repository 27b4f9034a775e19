"""Checks of claims: what a document states, against third-party reference data.

Reference documents are documents like the others — a text, a metadata record whose
``kind`` is one of :data:`~relocgraph.pipeline.metadata.REFERENCE_KINDS` (its
``dcterms:type`` is narrower than ``document-kind:third-party-reference``), and a
statements file whose figures are ``rg:ReportedFigure`` observations with their quotes.

The checks are rules, SPARQL CONSTRUCT files kept as data in ``pipeline/claims/``, each
opening with ``# title:``, ``# label-fr:``, ``# description:`` and ``# verdicts:``:

* ``check-figure-against-reference.rq`` — each figure of a document against each matching
  reference observation (same or declared related indicator, same or enclosing area,
  overlapping period): agrees, value / period / scope / indicator / unit differs;
* ``check-company-sector.rq`` — each sector a document gives a company (or one of its
  sites) against the company's reference statements: agrees, value differs, no reference;
* ``check-figure-without-reference.rq`` — run last: each figure no reference matched is
  *not found in the cited source* (it cites an external source whose reference documents
  report other figures) or has *no reference*.

:func:`check_claims` runs them in that order and writes one ``rg:ClaimCheck`` per verdict
into the named graph ``graph:checks``, with its inputs (``rg:checkedClaim``,
``rg:checkedAgainst``, both sub-properties of ``prov:wasDerivedFrom``), its reasons
(``rg:reason``) and its rule (``rg:checkedBy``, a ``prov:Plan``), beside the verdict scheme
(``verdicts.ttl``). No document's graph is touched.

>>> from relocgraph.pipeline.build import build
>>> ds = build(".").dataset
>>> graph = check_claims(ds)
>>> claim = ID["statement/cp-2024-11-07/net-site-openings"]
>>> checks = graph.subjects(RG.checkedClaim, claim)
>>> sorted({str(graph.value(c, RG.verdict)).rsplit("/", 1)[1] for c in checks})
['period-differs']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from relocgraph.model.errors import RuleError
from relocgraph.model.namespaces import GRAPH, ID, RG
from relocgraph.pipeline.sparql import RuleFile, header_fields, rule_texts

CHECKS_GRAPH = GRAPH.checks
VERDICT = ID["verdict/"]
#: The order the rules run in: the last one reads what the others made.
ORDER = ("check-figure-against-reference", "check-company-sector", "check-figure-without-reference")
_HEADER = re.compile(r"^#\s*(title|label-fr|description|verdicts):\s*(.*)$")


@dataclass(frozen=True)
class CheckRule(RuleFile, folder="relocgraph/pipeline/claims", what="check"):
    """One check file: its header and its CONSTRUCT query."""

    verdicts: str


def parse_check_rule(name: str, text: str) -> CheckRule:
    """Read a check file's header; raise :class:`RuleError` when a line is missing.

    >>> r = parse_check_rule("check-x", "# title: X\\n# label-fr: X fr\\n# description: D\\n"
    ...                      "# verdicts: agrees\\nCONSTRUCT {} WHERE {}")
    >>> (r.title, str(r.iri))
    ('X', 'https://w3id.org/relocgraph/id/rule/check-x')
    """
    return CheckRule.from_header(name, text, dict(header_fields(text, _HEADER)), ("verdicts",))


def _rules_dir() -> Any:
    return resources.files("relocgraph.pipeline").joinpath("claims")


def list_check_rules() -> list[CheckRule]:
    """The check rules shipped with relocgraph, in the order they run.

    >>> [r.name for r in list_check_rules()][-1]
    'check-figure-without-reference'
    """
    found = rule_texts(_rules_dir())
    unknown = sorted(set(found) - set(ORDER))
    if unknown:
        raise RuleError(f"relocgraph/pipeline/claims/{unknown[0]}.rq: not in claims.ORDER; add it there")
    return [parse_check_rule(name, found[name]) for name in ORDER if name in found]


def verdict_scheme() -> Graph:
    """The verdicts a check can give (``claims/verdicts.ttl``)."""
    g = Graph()
    g.parse(data=_rules_dir().joinpath("verdicts.ttl").read_text("utf-8"), format="turtle")
    return g


def check_claims(dataset: Dataset) -> Graph:
    """Run every check rule over ``dataset`` and (re)write its named graph ``graph:checks``.

    The rules run on an in-memory Oxigraph copy of the dataset (its default graph the
    union of the named graphs): they join every claim with every reference, which
    rdflib's engine evaluates as nested loops (over a minute for the corpus, against
    well under a second). Returns that graph; running twice gives the same triples. Raises
    :class:`~relocgraph.model.errors.RuleError` when a check has no verdict or no claim,
    or more than one verdict.
    """
    dataset.remove_graph(CHECKS_GRAPH)
    rules = list_check_rules()
    store = _oxigraph_copy(dataset)
    target = dataset.graph(CHECKS_GRAPH)
    try:
        for rule in rules:
            made = _construct(store, rule)
            for check in set(made.subjects(RDF.type, RG.ClaimCheck)):
                made.add((check, RG.checkedBy, rule.iri))
            for triple in made:
                target.add(triple)
            _add_to_store(store, made)
        _check(target)
    except BaseException:
        dataset.remove_graph(CHECKS_GRAPH)
        raise
    for triple in verdict_scheme():
        target.add(triple)
    for rule in rules:
        rule.describe(target)
    return target


def _check(graph: Graph) -> None:
    for check in sorted(graph.subjects(RDF.type, RG.ClaimCheck), key=str):
        rule = graph.value(check, RG.checkedBy)
        verdicts = list(graph.objects(check, RG.verdict))
        claims = list(graph.objects(check, RG.checkedClaim))
        if len(verdicts) != 1 or len(claims) != 1:
            raise RuleError(
                f"{rule}: check {check} has {len(verdicts)} verdicts and {len(claims)} claims; "
                "a check rule gives exactly one of each (is its IRI unique per claim and reference?)"
            )
        if not str(verdicts[0]).startswith(str(VERDICT)):
            raise RuleError(f"{rule}: check {check} has verdict {verdicts[0]}, not one of verdicts.ttl")


def _oxigraph_copy(dataset: Dataset) -> Any:
    import pyoxigraph as ox

    store = ox.Store()
    data = dataset.serialize(format="nquads", encoding="utf-8")
    store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
    return store


def _construct(store: Any, rule: CheckRule) -> Graph:
    import pyoxigraph as ox

    from relocgraph.model.namespaces import sparql_prefixes

    try:
        result = store.query(sparql_prefixes() + "\n" + rule.text, use_default_graph_as_union=True)
        data = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES) or b""
    except SyntaxError as e:
        raise RuleError(f"{rule.path}: SPARQL syntax error: {e}") from e
    made = Graph()
    made.parse(data=data.decode("utf-8"), format="nt")
    return made


def _add_to_store(store: Any, graph: Graph) -> None:
    import pyoxigraph as ox

    data = graph.serialize(format="nt", encoding="utf-8")
    store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(CHECKS_GRAPH)))
