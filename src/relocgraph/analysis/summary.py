"""The short report `make run` prints: what is in the graph and three headline answers.

Every line comes from a named query run on the built store (no pandas, no rdflib: the
report answers in a fraction of a second).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from relocgraph.analysis.rows import as_backend, records
from relocgraph.model.prefixes import curie
from relocgraph.pipeline.french import format_french

_OUTCOME_OF = re.compile("pack relocalisation|plan de relocalisation")


def _money(value: Any, unit: str) -> str:
    from decimal import Decimal

    text = format_french(Decimal(str(value)))
    return f"{text} €" if unit.endswith("CCY_EUR") else text


def _rows(backend: Any, name: str) -> list[dict[str, Any]]:
    from relocgraph.store.catalogue import get_query

    query = get_query(name)
    return records(backend.select(query.text, origin=query.path))


def _day(value: Any) -> str:
    """A date cell as ``YYYY-MM-DD`` (dates and date-times alike)."""
    return str(value)[:10]


def _unique(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """The first row of each value of ``key``, in order."""
    seen: set[Any] = set()
    out = []
    for row in rows:
        if row[key] not in seen:
            seen.add(row[key])
            out.append(row)
    return out


def _tally(rows: list[dict[str, Any]], key: str) -> str:
    """``label n`` for each value of ``key``, most frequent first (ties by label)."""
    counts: dict[str, int] = {}
    for row in rows:
        label = str(row[key]) if row[key] is not None else "not stated"
        counts[label] = counts.get(label, 0) + 1
    return ", ".join(f"{label} {n}" for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _corpus(backend: Any) -> list[str]:
    """What the corpus holds: documents by kind, region and year, and how many cite their source."""
    docs = _rows(backend, "corpus")
    sourced = [r for r in docs if r["url"] is not None and r["retrieved"] is not None]
    years = sorted({str(r["year"]) for r in docs})
    lines = [
        f"Corpus: {len(docs)} documents ({len(sourced)} with a source URL and retrieval date), "
        f"{years[0] if years else '?'}–{years[-1] if years else '?'}",
        f"  by kind:   {_tally(docs, 'kind_label')}",
        f"  by region: {_tally(docs, 'region_label')}",
        "  by year:   "
        + ", ".join(f"{year} {sum(1 for r in docs if str(r['year']) == year)}" for year in years),
        "",
    ]
    return lines


def _sources(backend: Any) -> list[str]:
    docs = _rows(backend, "documents")
    lines = [f"Sources ({len(docs)}):"]
    for row in docs:
        lines.append(
            f"  {_day(row['date'])}  {row['place_label'] or row['publisher_label'] or '—'}  "
            f"{'«' + row['title'] + '»' if row['title'] else '(no title printed)'}  "
            f"({row['statements']} statements, {row['source_file']})"
        )
    lines.append("\nWhat the graph holds:")
    for row in _rows(backend, "class-counts")[:16]:
        label = str(row["class_label"])
        lines.append(f"  {row['count']:>4}  {curie(label) if label.startswith('http') else label}")
    return lines


def _carriers(backend: Any) -> Iterator[str]:
    officials = _rows(backend, "officials")
    carriers = sorted({r["person_label"] for r in officials if r["relation"] == "carries"})
    for person in carriers:
        mine = [r for r in officials if r["person_label"] == person]
        printed = sorted(
            {r["title_as_printed"] for r in mine if r["relation"] == "holds post" and r["title_as_printed"]}
        )
        dates = ", ".join(sorted({_day(r["date"]) for r in mine if r["relation"] == "carries"}))
        yield f"   {person}, « {printed[0] if printed else '?'} » (stated by the documents of {dates})"


def _outcomes(backend: Any) -> Iterator[str]:
    figures = [
        r
        for r in _rows(backend, "figures")
        if _OUTCOME_OF.search(str(r["credited_to"] or "")) and r["indicator_label"] != "dotation du plan"
    ]
    for row in _unique(figures, "figure"):
        yield (
            f"   {_money(row['value'], str(row['unit'])):>16}  {row['indicator_label']}  "
            f"[credited to: {row['credited_to']}; {_day(row['date'])}: « {row['verbatim']} »]"
        )


def _comparisons(backend: Any) -> Iterator[str]:
    rows = _rows(backend, "compare-figures")
    keys = sorted(
        {
            (r["indicator_label"], r["area_label"])
            for r in rows
            if None not in (r["indicator_label"], r["area_label"])
        }
    )
    for indicator, area in keys:
        group = [r for r in rows if (r["indicator_label"], r["area_label"]) == (indicator, area)]
        # a curator's reading (rg:Interpretation) is shown, never counted as agreeing
        stated = [r for r in group if r["value_agreement"] != "interpretation"]
        yield f"   {indicator} ({area}): values {stated[0]['value_agreement']}"
        for row in _unique(group, "figure"):
            reading = "  (interpretation: not compared)" if row not in stated else ""
            yield (
                f"     {_day(row['date'])}: {row['value']} — period: {row['period']}; "
                f"reported by: {row['reported_by']}{reading}"
            )


def _checks(backend: Any) -> Iterator[str]:
    rows = _rows(backend, "checks")
    if not rows:
        yield "   no checks in this build (no reference documents?)"
        return
    claims: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        claims.setdefault(row["claim"], []).append(row)
    outcomes = {claim: {r["outcome"] for r in group} for claim, group in claims.items()}
    held = sum(1 for o in outcomes.values() if "holds" in o)
    failed = sum(1 for o in outcomes.values() if "fails" in o and "holds" not in o)
    unchecked = sum(1 for o in outcomes.values() if o == {"unchecked"})
    yield (
        f"   {len(claims)} claims checked: {held} agree with a reference, {failed} only differ, "
        f"{unchecked} have no reference (`relocgraph check` lists them)"
    )
    for group in claims.values():
        if group[0]["outcome"] == "unchecked":
            continue
        verdicts: dict[str, int] = {}
        for row in _unique(group, "check"):
            verdicts[row["verdict_label"]] = verdicts.get(row["verdict_label"], 0) + 1
        first = group[0]
        what = first["indicator_label"] or "sector"
        against = ", ".join(
            sorted({curie(str(r["reference_document"])) for r in group if r["reference_document"]})
        )
        counted = ", ".join(f"{v} ×{n}" if n > 1 else v for v, n in verdicts.items())
        where = f" — against {against}" if against else ""
        yield (
            f"   {curie(str(first['claim_document']))} « {first['claim_value']} » ({what}): {counted}{where}"
        )


#: The headline questions, in the order they are asked, and the sections answering them.
_QUESTIONS: tuple[tuple[str, Callable[[Any], Iterator[str]]], ...] = (
    ("Who carries the 2021 strategic relocation plan?", _carriers),
    ("What outcomes do the documents report for the relocation pack and plan?", _outcomes),
    ("Which figures do both documents report, and do they agree?", _comparisons),
    ("Do the claims agree with the sources they cite, and with third-party data?", _checks),
)


def render_summary(source: Any) -> str:
    """Counts per class, the sources, and the answers to three headline questions.

    ``source`` is a store backend (the built store: :func:`relocgraph.analysis.rows.open_built`)
    or an rdflib Dataset.

    >>> from relocgraph.pipeline.build import build
    >>> text = render_summary(build(".").dataset)
    >>> "Stéphanie Pernod" in text and "818" in text
    True
    """
    backend = as_backend(source)
    lines = _corpus(backend) + _sources(backend)
    for number, (question, answer) in enumerate(_QUESTIONS, 1):
        lines += [f"\n{number}. {question}", *answer(backend)]
    return "\n".join(lines)
