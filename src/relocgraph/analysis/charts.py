"""Charts of the graph for people who would rather look than read: a timeline of dated
events and documents, and the reported figures side by side.

Rendered with matplotlib's object API (no pyplot, no global backend switch), written
as PNG and SVG, byte for byte the same on every run: no creation date or software
stamp in the files, and a fixed SVG hash salt.

>>> from relocgraph.pipeline.build import build
>>> rows = timeline_rows(build(".").dataset)
>>> [(r["date"], r["kind"]) for r in rows][:2]
[('2016-01-01', 'event'), ('2016-01-01', 'event')]
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, TIME

from relocgraph.model.namespaces import GRAPH, RG

#: Words of the charts, per language.
CHART_TEXT = {
    "fr": {
        "timeline": "Chronologie des événements et des documents",
        "figures": "Chiffres publiés, par indicateur et par document",
        "document": "document publié",
        "event": "événement daté",
        "value": "valeur (échelle logarithmique)",
        "stated": "selon",
    },
    "en": {
        "timeline": "Timeline of events and documents",
        "figures": "Reported figures, by indicator and document",
        "document": "document issued",
        "event": "dated event",
        "value": "value (log scale)",
        "stated": "per",
    },
}
_DOC_COLOURS = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2"]


def _union(dataset: Dataset) -> Graph:
    union = Graph()
    for g in dataset.graphs():
        if g.identifier != GRAPH.ontology:
            for triple in g:
                union.add(triple)
    return union


def timeline_rows(dataset: Dataset, *, lang: str = "fr") -> list[dict[str, Any]]:
    """Dated documents and events, one row per document's statement, in date order.

    Each row: ``date`` (ISO), ``end`` (ISO or None), ``kind`` (``document``/``event``),
    ``label``, ``document`` (the stating document's label) and ``wording``.
    """
    from relocgraph.analysis.network import label_of

    union = _union(dataset)
    rows: list[dict[str, Any]] = []
    for doc, issued in union.subject_objects(DCTERMS.issued):
        if (doc, RDF.type, None) in union:
            name = label_of(union, doc, lang)
            rows.append(
                {
                    "date": str(issued),
                    "end": None,
                    "kind": "document",
                    "label": name,
                    "document": name,
                    "wording": "",
                }
            )
    for stmt in union.subjects(RDF.predicate, TIME.hasTime):
        event, period = union.value(stmt, RDF.subject), union.value(stmt, RDF.object)
        begin = union.value(union.value(period, TIME.hasBeginning), TIME.inXSDDate)
        if event is None or begin is None:
            continue
        end = union.value(union.value(period, TIME.hasEnd), TIME.inXSDDate)
        stated_in = union.value(stmt, RG.statedIn)
        rows.append(
            {
                "date": str(begin),
                "end": str(end) if end is not None else None,
                "kind": "event",
                "label": label_of(union, event, lang),
                "document": label_of(union, stated_in, lang) if isinstance(stated_in, URIRef) else "",
                "wording": str(union.value(stmt, RG.wording) or ""),
            }
        )
    return sorted(rows, key=lambda r: (r["date"], r["kind"], r["label"], r["document"]))


def figure_rows(dataset: Dataset, *, lang: str = "fr") -> list[dict[str, Any]]:
    """Every reported figure: indicator, value, unit, document, date, verbatim text."""
    from relocgraph.analysis.network import to_networkx

    graph = to_networkx(dataset, lang=lang)
    rows = []
    for node, data in graph.nodes(data=True):
        if data.get("kind") != "figure" or (data.get("facts") or {}).get("value") is None:
            continue
        indicator = next(
            (
                graph.nodes[t].get("label", t)
                for _, t, e in graph.out_edges(node, data=True)
                if str(e.get("property", "")).endswith("#indicator")
            ),
            "",
        )
        statement = data.get("statement") or {}
        facts = data["facts"]
        rows.append(
            {
                "id": node,
                "indicator": indicator,
                "value": facts["value"],
                "unit": facts.get("unit"),
                "verbatim": facts.get("verbatim", ""),
                "period": facts.get("period", ""),
                "document": statement.get("document_label", ""),
                "date": statement.get("date") or "",
            }
        )
    return sorted(rows, key=lambda r: (r["indicator"], r["date"], r["id"]))


def _new_figure(width: float, height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def timeline_chart(rows: list[dict[str, Any]], *, lang: str = "fr") -> Any:
    """A matplotlib Figure: one line per row, a square per document, a star per event."""
    text = CHART_TEXT[lang]
    fig = _new_figure(11, 0.42 * len(rows) + 1.4)
    ax = fig.add_subplot()
    documents = sorted({r["document"] for r in rows if r["document"]})
    colours = {d: _DOC_COLOURS[i % len(_DOC_COLOURS)] for i, d in enumerate(documents)}
    years = [int(r["date"][:4]) for r in rows] or [2000]
    middle = (min(years) + max(years)) / 2
    for y, row in enumerate(reversed(rows)):
        start = date.fromisoformat(row["date"])
        colour = colours.get(row["document"], "#555555")
        if row["end"]:
            ax.plot(
                [start, date.fromisoformat(row["end"])],
                [y, y],
                color=colour,
                lw=5,
                alpha=0.35,
                solid_capstyle="butt",
            )
        ax.plot(
            [start],
            [y],
            marker="s" if row["kind"] == "document" else "*",
            markersize=10 if row["kind"] == "document" else 13,
            color=colour,
            markeredgecolor="#222222",
            linestyle="none",
        )
        label = row["label"]
        if row["kind"] == "event":
            label += f" — {text['stated']} {row['document']}"
            if row["wording"]:
                label += f" (« {row['wording']} »)"
        late = start.year >= middle
        ax.annotate(
            label,
            (start, y),
            xytext=(-9 if late else 9, 0),
            textcoords="offset points",
            va="center",
            ha="right" if late else "left",
            fontsize=8.5,
        )
    ax.set_yticks([])
    ax.set_ylim(-0.8, len(rows) - 0.2)
    dates = [date.fromisoformat(r["date"]) for r in rows]
    if dates:
        ax.set_xlim(date(min(dates).year - 1, 1, 1), date(max(dates).year + 1, 12, 31))
    ax.grid(axis="x", color="#dddddd")
    ax.set_title(text["timeline"], fontsize=12)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    handles = [
        ax.plot([], [], marker="s", color="#888888", linestyle="none", label=text["document"])[0],
        ax.plot([], [], marker="*", markersize=11, color="#888888", linestyle="none", label=text["event"])[0],
    ]
    handles += [
        ax.plot([], [], marker="o", color=c, linestyle="none", label=d)[0] for d, c in colours.items()
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.08),
        ncol=len(handles),
        fontsize=8,
        frameon=False,
    )
    return fig


def figures_chart(rows: list[dict[str, Any]], *, lang: str = "fr") -> Any:
    """A matplotlib Figure: one bar per reported figure, grouped by indicator, log scale."""
    from relocgraph.pipeline.french import format_french

    text = CHART_TEXT[lang]
    fig = _new_figure(11, 0.38 * len(rows) + 1.6)
    ax = fig.add_subplot()
    documents = sorted({r["document"] for r in rows})
    colours = {d: _DOC_COLOURS[i % len(_DOC_COLOURS)] for i, d in enumerate(documents)}
    labels = []
    for y, row in enumerate(reversed(rows)):
        period = row["period"] if row["period"] not in ("non précisée", "not stated") else ""
        value = float(row["value"])
        ax.barh(y, value, color=colours[row["document"]], edgecolor="#333333", height=0.7)
        unit = " €" if row["unit"] == "unit:CCY_EUR" else ""
        shown = f"{format_french(Decimal(str(row['value'])))}{unit}"
        ax.annotate(
            f"{shown} — {period}" if period else shown,
            (value, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
        labels.append(row["indicator"])
    ax.set_yticks(range(len(rows)), labels, fontsize=8.5)
    ax.set_xscale("log")
    ax.set_xlim(0.5, max((float(r["value"]) for r in rows), default=10) * 40)
    ax.set_xlabel(text["value"], fontsize=9)
    ax.set_title(text["figures"], fontsize=12)
    ax.grid(axis="x", color="#eeeeee")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    from matplotlib.patches import Patch

    ax.legend(
        handles=[Patch(facecolor=c, edgecolor="#333333", label=d) for d, c in colours.items()],
        loc="lower right",
        fontsize=8,
        frameon=False,
    )
    return fig


def save_figure(fig: Any, reserve: Any, stem: str) -> list[str]:
    """Save ``fig`` as ``stem``.png and ``stem``.svg through ``reserve`` (see
    :func:`relocgraph.pipeline.outputs.atomic_files`), with no date or software stamp."""
    import matplotlib

    names = []
    with matplotlib.rc_context({"svg.hashsalt": "relocgraph", "svg.fonttype": "path"}):
        for ext, metadata in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
            name = f"{stem}.{ext}"
            fig.savefig(reserve(name), format=ext, metadata=metadata)
            names.append(name)
    return names


def write_charts(dataset: Dataset, out_dir: Path | str = Path("build"), *, lang: str = "fr") -> list[Path]:
    """Write timeline.{png,svg} and figures.{png,svg} into ``out_dir``, atomically."""
    from relocgraph.pipeline.outputs import atomic_files

    out = Path(out_dir)
    names: list[str] = []
    with atomic_files(out) as reserve:
        names += save_figure(
            timeline_chart(timeline_rows(dataset, lang=lang), lang=lang), reserve, "timeline"
        )
        names += save_figure(figures_chart(figure_rows(dataset, lang=lang), lang=lang), reserve, "figures")
    return [out / n for n in names]
