"""Derived figures: the ratios a journalist computes from what the documents report.

Rules are SPARQL CONSTRUCT files kept as data in ``relocgraph/rules/``:

* ``derive-*.rq`` each make one kind of :data:`~relocgraph.model.namespaces.RG` ``DerivedFigure``
  (value, indicator, unit, ``rg:derivedFrom`` each input statement);
* ``caveat-*.rq`` add ``rg:caveat`` texts that follow from the inputs (periods not
  stated, inputs credited to different things or also credited elsewhere…).

Each file opens with a header: ``# title:``, ``# label-fr:``, ``# description:``,
``# formula:``, ``# unit:`` and any number of ``# caveat:`` lines — caveats that the
sources impose on every figure the rule makes. :func:`derive` runs the rules over the
reported figures and writes their output, the rules themselves (``prov:Plan``
individuals) and the derived indicators (``rules/derived-indicators.ttl``) into the named
graph ``graph:derived`` — never into a document's graph, so no query over a document
can mistake a derived figure for a reported one.

Which inputs a rule combines: two reported figures *stated in the same document and
credited to the same thing* (for the Region's share of implantation projects: the same
indicator in the same document, for the region and for France). The release of
22 November 2024 states 14 000 jobs three times — credited to the relocation pack in
its title and lead, to the plan in its results list — so the per-job and per-project
rules use the plan's results-list statement, beside the plan's money and projects, and
``caveat-credited-elsewhere.rq`` names the two others with their quotes.

>>> from relocgraph.pipeline.build import build
>>> ds = build(".").dataset
>>> graph = derive(ds)
>>> per_job = next(graph.subjects(RG.indicator, ID["indicator/public-money-per-job"]))
>>> graph.value(per_job, RG.value).toPython()
Decimal('11785.71428571428571428571429')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from relocgraph.model.errors import RuleError
from relocgraph.model.namespaces import GRAPH, ID, RG, SDMX_ATTRIBUTE, UNIT
from relocgraph.pipeline.sparql import RuleFile, header_fields, rule_texts

DERIVED_GRAPH = GRAPH.derived
_HEADER = re.compile(r"^#\s*(title|label-fr|description|formula|unit|caveat):\s*(.*)$")


@dataclass(frozen=True)
class Rule(RuleFile, folder="relocgraph/rules", what="rule"):
    """One rule file: its header and its CONSTRUCT query."""

    formula: str
    unit: str = ""
    caveats: tuple[str, ...] = field(default=())

    @property
    def kind(self) -> str:
        """``derive`` (makes figures) or ``caveat`` (adds caveats)."""
        return self.name.split("-", 1)[0]

    @property
    def iri(self) -> URIRef:
        """The rule as a ``prov:Plan`` individual: ``id:rule/<name without prefix>``."""
        return ID["rule/" + self.name.split("-", 1)[1]]


def parse_rule(name: str, text: str) -> Rule:
    """Read a rule file's header.

    >>> r = parse_rule("derive-x", "# title: X\\n# label-fr: X fr\\n# description: D\\n"
    ...                "# formula: a / b\\n# caveat: a\\n# caveat: b\\nCONSTRUCT {} WHERE {}")
    >>> (r.kind, r.title, r.caveats, str(r.iri))
    ('derive', 'X', ('a', 'b'), 'https://w3id.org/relocgraph/id/rule/x')
    """
    meta: dict[str, str] = {}
    caveats: list[str] = []
    for key, value in header_fields(text, _HEADER):
        if key == "caveat":
            caveats.append(value)
        else:
            meta[key] = value
    rule = Rule.from_header(name, text, meta, ("formula",), unit=meta.get("unit", ""), caveats=tuple(caveats))
    if not name.startswith(("derive-", "caveat-")):
        raise RuleError(f"relocgraph/rules/{name}.rq: a rule file's name starts with 'derive-' or 'caveat-'")
    return rule


def _rules_dir() -> Any:
    return resources.files("relocgraph.pipeline").joinpath("rules")


def list_rules() -> list[Rule]:
    """Every rule shipped with relocgraph: ``derive-*`` first, then ``caveat-*``, by name.

    >>> [r.name for r in list_rules()][:2]
    ['derive-jobs-per-project', 'derive-private-investment-per-public-euro']
    """
    rules = [parse_rule(name, text) for name, text in rule_texts(_rules_dir()).items()]
    return sorted(rules, key=lambda r: (r.kind != "derive", r.name))


def derived_indicators() -> Graph:
    """The registry of derived indicators (``rules/derived-indicators.ttl``)."""
    g = Graph()
    g.parse(data=_rules_dir().joinpath("derived-indicators.ttl").read_text("utf-8"), format="turtle")
    return g


def derive(dataset: Dataset, *, cache_dir: Path | str | None = None) -> Graph:
    """Run every rule over ``dataset`` and (re)write its named graph ``graph:derived``.

    Returns that graph. Any earlier ``graph:derived`` is replaced, so running twice
    gives the same triples. Raises :class:`~relocgraph.model.errors.RuleError` when a rule
    makes a figure without a value, an indicator, or reported inputs.

    The rules are parsed once per process; with ``cache_dir`` (a build's ``.cache/``)
    their parsed form is also kept between runs
    (:func:`relocgraph.pipeline.sparql.prepare_all`).
    """
    from relocgraph.pipeline.sparql import execute, prepare_all

    dataset.remove_graph(DERIVED_GRAPH)
    out = derived_indicators()
    # Figures are computed from reported figures only: earlier output is gone from the
    # union; caveat rules then run with the new figures in place.
    rules = list_rules()
    prepared = prepare_all(
        {rule.path: rule.text for rule in rules}, Path(cache_dir) if cache_dir is not None else None
    )
    for rule in rules:
        if rule.kind != "derive":
            continue
        made = execute(dataset, rule.text, origin=rule.path, prepared=prepared[rule.path]).graph
        figures = set(made.subjects(RDF.type, RG.DerivedFigure))
        for triple in made:
            out.add(triple)
        for fig in figures:
            out.add((fig, RG.derivedBy, rule.iri))
            for caveat in rule.caveats:
                out.add((fig, RG.caveat, Literal(caveat)))
    _check(dataset, out)
    # Caveat rules read the new figures from the dataset; on any error the dataset is
    # left without a derived graph rather than with a partial one.
    target = dataset.graph(DERIVED_GRAPH)
    try:
        for triple in out:
            target.add(triple)
        for rule in rules:
            if rule.kind == "caveat":
                made = execute(dataset, rule.text, origin=rule.path, prepared=prepared[rule.path])
                for triple in made.graph:
                    out.add(triple)
    except BaseException:
        dataset.remove_graph(DERIVED_GRAPH)
        raise
    for rule in rules:
        rule.describe(out, (RDFS.comment, Literal(f"Formula: {rule.formula}", lang="en")))
    _label_figures(out)
    dataset.remove_graph(DERIVED_GRAPH)
    target = dataset.graph(DERIVED_GRAPH)
    for triple in out:
        target.add(triple)
    return target


def _check(dataset: Dataset, out: Graph) -> None:
    for fig in sorted(out.subjects(RDF.type, RG.DerivedFigure), key=str):
        rule = out.value(fig, RG.derivedBy)
        where = f"{rule}: derived figure {fig}"
        values = list(out.objects(fig, RG.value))
        if len(values) != 1:
            raise RuleError(
                f"{where} has {len(values)} values; a rule makes exactly one "
                "rg:value per figure (check its IRI is unique per input combination)"
            )
        if out.value(fig, RG.indicator) is None:
            raise RuleError(f"{where} has no rg:indicator")
        inputs = list(out.objects(fig, RG.derivedFrom))
        if not inputs or any((i, RDF.type, RG.ReportedFigure) not in dataset for i in inputs):
            raise RuleError(f"{where} is not derived from reported figures only")
        if out.value(fig, SDMX_ATTRIBUTE.unitMeasure) is None:
            raise RuleError(f"{where} has no unit (sdmx-attribute:unitMeasure)")


def _format_value(value: Decimal, unit: Any, lang: str) -> str:
    from relocgraph.pipeline.french import format_french

    if unit == UNIT.CCY_EUR:
        text = (
            format_french(value.quantize(Decimal(1))) if lang == "fr" else f"{value.quantize(Decimal(1)):,}"
        )
        return f"{text} €" if lang == "fr" else f"€{text}"
    if value < 1:
        pct = (value * 100).quantize(Decimal("0.01"))
        return f"{format_french(pct)} %" if lang == "fr" else f"{pct}%"
    rounded = value.quantize(Decimal("0.01"))
    return format_french(rounded) if lang == "fr" else str(rounded)


def _label_figures(out: Graph) -> None:
    for fig in sorted(out.subjects(RDF.type, RG.DerivedFigure), key=str):
        value = Decimal(str(out.value(fig, RG.value)))
        unit = out.value(fig, SDMX_ATTRIBUTE.unitMeasure)
        indicator = out.value(fig, RG.indicator)
        for lang, suffix in (("fr", "chiffre calculé"), ("en", "derived figure")):
            name = next(
                (
                    str(v)
                    for v in out.objects(indicator, RDFS.label)
                    if isinstance(v, Literal) and v.language == lang
                ),
                "",
            )
            text = (
                f"{_format_value(value, unit, lang)} : {name} ({suffix})"
                if lang == "fr"
                else f"{_format_value(value, unit, lang)}: {name} ({suffix})"
            )
            out.add((fig, RDFS.label, Literal(text, lang=lang)))
