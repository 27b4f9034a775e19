"""The short report `make run` prints: what is in the graph and three headline answers."""

from __future__ import annotations

from typing import Any

from relocgraph.pipeline.french import format_french
from relocgraph.store import run_query


def _money(value: Any, unit: str) -> str:
    from decimal import Decimal

    text = format_french(Decimal(str(value)))
    return f"{text} €" if unit.endswith("CCY_EUR") else text


def render_summary(dataset: Any) -> str:
    """Counts per class, the sources, and the answers to three headline questions.

    >>> from relocgraph.pipeline.build import build
    >>> text = render_summary(build(".").dataset)
    >>> "Stéphanie Pernod" in text and "818" in text
    True
    """
    lines: list[str] = []
    docs = run_query("documents", store=dataset)
    lines.append(f"Sources ({len(docs)}):")
    for row in docs.itertuples():
        lines.append(
            f"  {row.date.date()}  {row.place_label}  «{row.title}»  "
            f"({row.statements} statements, {row.source_file})"
        )

    counts = run_query("class-counts", store=dataset)
    lines.append("\nWhat the graph holds:")
    from relocgraph.analysis.network import curie

    for row in counts.head(16).itertuples():
        label = curie(row.class_label) if row.class_label.startswith("http") else row.class_label
        lines.append(f"  {row.count:>4}  {label}")

    lines.append("\n1. Who carries the 2021 strategic relocation plan?")
    officials = run_query("officials", store=dataset)
    carriers = officials[officials["relation"] == "carries"]
    for person, group in carriers.groupby("person_label", sort=True):
        titles = officials[(officials["person_label"] == person) & (officials["relation"] == "holds post")]
        printed = sorted(set(titles["title_as_printed"].dropna()))
        dates = ", ".join(sorted({d.date().isoformat() for d in group["date"]}))
        lines.append(
            f"   {person}, « {printed[0] if printed else '?'} » (stated by the documents of {dates})"
        )

    lines.append("\n2. What outcomes do the documents report for the relocation pack and plan?")
    figures = run_query("figures", store=dataset)
    outcome = figures[
        figures["credited_to"].str.contains(
            "pack relocalisation|plan de relocalisation", regex=True, na=False
        )
    ]
    outcome = outcome[outcome["indicator_label"] != "dotation du plan"]
    for row in outcome.drop_duplicates(subset=["figure"]).itertuples():
        lines.append(
            f"   {_money(row.value, row.unit):>16}  {row.indicator_label}  "
            f"[credited to: {row.credited_to}; {row.date.date()}: « {row.verbatim} »]"
        )

    lines.append("\n3. Which figures do both documents report, and do they agree?")
    both = run_query("compare-figures", store=dataset)
    for (indicator, area), group in both.groupby(["indicator_label", "area_label"], sort=True):
        agreement = group["value_agreement"].iloc[0]
        lines.append(f"   {indicator} ({area}): values {agreement}")
        for row in group.drop_duplicates(subset=["figure"]).itertuples():
            lines.append(
                f"     {row.date.date()}: {row.value} — period: {row.period}; reported by: {row.reported_by}"
            )
    return "\n".join(lines)
