"""Charts of the graph for people who would rather look than read: a timeline of dated
events and documents, and the reported figures side by side.

The rows come from queries (the named query ``timeline`` and the networkx projection
of :mod:`relocgraph.analysis.network`), on the built store or any backend. Rendered
with matplotlib's object API (no pyplot, no global backend switch), written as PNG and
SVG, byte for byte the same on every run: no creation date or software stamp in the
files, and a fixed SVG hash salt. A chart is drawn again only when the rows it draws
change (:func:`write_charts` keeps a hash of them beside the files), so matplotlib is
not even imported on a run whose charts are up to date.

>>> from relocgraph.pipeline.build import build
>>> rows = timeline_rows(build(".").dataset)
>>> [(r["date"], r["kind"]) for r in rows][:2]
[('2016-01-01', 'event'), ('2016-01-01', 'event')]
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from relocgraph.analysis.rows import as_backend, records

#: Words of the charts, per language.
CHART_TEXT = {
    "fr": {
        "timeline": "Chronologie des événements et des documents",
        "figures": "Chiffres publiés, par indicateur et par document",
        "document": "document publié",
        "event": "événement daté",
        "value": "valeur (échelle logarithmique)",
        "stated": "selon",
        "indicator": "{label} : chaque chiffre publié, à sa période (ou à la date du document)",
        "when": "période du chiffre (à défaut, date du document)",
    },
    "en": {
        "timeline": "Timeline of events and documents",
        "figures": "Reported figures, by indicator and document",
        "document": "document issued",
        "event": "dated event",
        "value": "value (log scale)",
        "stated": "per",
        "indicator": "{label}: every reported figure, at its period (else its document's date)",
        "when": "the figure's period (else the document's date)",
    },
}
_DOC_COLOURS = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2"]
#: Bump when the drawing code changes, so that charts drawn by older code are redrawn.
CHART_VERSION = "1"
_STAMPS = ".charts.json"


def timeline_rows(source: Any, *, lang: str = "fr") -> list[dict[str, Any]]:
    """Dated documents and events, one row per document's statement, in date order: the
    rows of the named query ``timeline``, labelled in ``lang``.

    ``source`` is a store backend or an rdflib Dataset. Each row: ``date`` (ISO),
    ``end`` (ISO or None), ``kind`` (``document``/``event``), ``label``, ``document``
    (the stating document's label) and ``wording``.
    """
    from relocgraph.analysis.labels import Labels
    from relocgraph.analysis.rows import select
    from relocgraph.store.catalogue import get_query

    backend = as_backend(source)
    query = get_query("timeline")
    labels = Labels(records(select(backend, "network-labels")))
    rows = []
    for row in records(backend.select(query.text, origin=query.path)):
        document = row["kind"] == "document"
        rows.append(
            {
                "date": str(row["begin"]),
                "end": None if document or row["end"] is None else str(row["end"]),
                "kind": row["kind"],
                "label": labels.entity(row["item"], lang),
                "document": labels.entity(row["document"], lang),
                "wording": str(row["date_as_stated"] or ""),
            }
        )
    return sorted(rows, key=lambda r: (r["date"], r["kind"], r["label"], r["document"]))


def figure_rows(source: Any, *, lang: str = "fr") -> list[dict[str, Any]]:
    """Every reported figure: indicator, value, unit, document, date, verbatim text.

    ``source`` is the networkx projection (:func:`relocgraph.analysis.network.to_networkx`)
    or anything it projects (a store backend, an rdflib Dataset).
    """
    import networkx as nx

    from relocgraph.analysis.network import to_networkx

    graph = source if isinstance(source, nx.MultiDiGraph) else to_networkx(source, lang=lang)
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


def _new_figure(width: float, height: float, *, layout: str | None = "constrained") -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110, layout=layout)
    FigureCanvasAgg(fig)
    return fig


def _day(iso: str, *, last: bool = False) -> date:
    """The day a chart draws for a date known to the day, month or year (``2024-11-07``,
    ``2022-11``, ``2021``): its first day, or with ``last`` its last.

    >>> _day("2022-11"), _day("2022-11", last=True), _day("2021")
    (datetime.date(2022, 11, 1), datetime.date(2022, 11, 30), datetime.date(2021, 1, 1))
    """
    parts = [int(p) for p in iso[:10].split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 1:
        return date(parts[0], 12, 31) if last else date(parts[0], 1, 1)
    year, month = parts
    if not last:
        return date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _label_goes_left(label: str, at: float, *, axis_inches: float = 10.3) -> bool:
    """Whether a label at fraction ``at`` of the timeline's axis has more room on its left
    (labels of 8.5 pt: about 0.059 in a character).

    >>> _label_goes_left("Communiqué du 7 novembre 2024", 0.9), _label_goes_left("x", 0.1)
    (True, False)
    """
    width = 0.059 * max(map(len, label.splitlines())) + 0.15
    right, left = (1 - at) * axis_inches, at * axis_inches
    return right < width and left > right


#: Columns of the timeline's legend (documents' names are long: more would not fit).
_LEGEND_COLUMNS = 2


def timeline_chart(rows: list[dict[str, Any]], *, lang: str = "fr") -> Any:
    """A matplotlib Figure: one line per row, a square per document, a star per event."""
    text = CHART_TEXT[lang]
    documents = sorted({r["document"] for r in rows if r["document"]})
    legend_rows = -(-(2 + len(documents)) // _LEGEND_COLUMNS)
    height = 0.42 * len(rows) + 1.2 + 0.22 * legend_rows
    # fixed margins: the labels beside the marks are long, and a constrained layout would
    # shrink the axes to fit them; they may run past the axes, inside the figure
    fig = _new_figure(11, height, layout=None)
    bottom = (0.5 + 0.22 * legend_rows) / height
    fig.subplots_adjust(left=0.03, right=0.97, top=1 - 0.45 / height, bottom=bottom)
    ax = fig.add_subplot()
    colours = {d: _DOC_COLOURS[i % len(_DOC_COLOURS)] for i, d in enumerate(documents)}
    years = [int(r["date"][:4]) for r in rows] or [2000]
    axis_start, axis_end = date(min(years) - 1, 1, 1), date(max(years) + 1, 12, 31)
    for y, row in enumerate(reversed(rows)):
        start = _day(row["date"])
        colour = colours.get(row["document"], "#555555")
        if row["end"]:
            ax.plot(
                [start, _day(row["end"], last=True)],
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
        label = textwrap.fill(label, 64)  # two lines at most for the longest events
        late = _label_goes_left(label, (start - axis_start) / (axis_end - axis_start))
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
    if rows:
        ax.set_xlim(axis_start, axis_end)
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
        loc="upper left",
        bbox_to_anchor=(0, -0.35 / (height * 0.6)),
        ncol=min(len(handles), _LEGEND_COLUMNS),
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


def indicator_chart(rows: list[dict[str, Any]], *, lang: str = "fr") -> Any:
    """A matplotlib Figure: one indicator's figures across documents (the rows of the
    ``indicator-timeline`` query for that indicator), each a point at its period's start
    (else its document's date), coloured by document and labelled with the figure as printed.

    Points are not joined: figures of different documents, periods and areas are not a series.
    """
    from relocgraph.pipeline.french import format_french

    text = CHART_TEXT[lang]
    points: dict[tuple, dict[str, Any]] = {}
    for row in rows:  # one point per document, date and value (a figure printed twice is one)
        key = (str(row["when"])[:10], float(row["value"]), str(row["document_label"] or row["document"]))
        points.setdefault(key, row)
    documents = sorted({key[2] for key in points})
    colours = {d: _DOC_COLOURS[i % len(_DOC_COLOURS)] for i, d in enumerate(documents)}
    fig = _new_figure(10, 4.8 + 0.2 * len(documents))
    ax = fig.add_subplot()
    labels: dict[tuple[str, str], list[tuple[float, str]]] = {}  # a label per document and date
    for (when, value, document), row in sorted(points.items()):
        ax.plot(
            [_day(when)],
            [value],
            marker="o",
            markersize=8,
            color=colours[document],
            markeredgecolor="#222222",
            linestyle="none",
        )
        shown = format_french(Decimal(str(row["value"])))
        period = str(row["period"] or "")
        label = shown if period in ("", "not stated") else f"{shown} ({textwrap.shorten(period, 40)})"
        labels.setdefault((when, document), []).append((value, label))
    for (when, _document), values in labels.items():
        top = max(v for v, _ in values)
        text_ = " · ".join(label for _, label in values)
        ax.annotate(text_, (_day(when), top), xytext=(6, 4), textcoords="offset points", fontsize=8)
    names = {str(r["indicator_label"]) for r in rows if r.get("indicator_label")}
    ax.set_title(text["indicator"].format(label=", ".join(sorted(names)) or "?"), fontsize=11)
    ax.set_xlabel(text["when"], fontsize=9)
    ax.grid(color="#eeeeee")
    ax.set_ylim(bottom=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(
        handles=[
            ax.plot([], [], marker="o", color=c, linestyle="none", label=d)[0] for d, c in colours.items()
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.18),
        ncols=2,
        fontsize=8,
        frameon=False,
    )
    return fig


def save_one(fig: Any, target: Any, ext: str) -> None:
    """Save ``fig`` as ``ext`` (``png`` or ``svg``) to ``target`` (a path or a file) with no
    date, software stamp or random id: the same figure gives the same bytes."""
    import matplotlib

    metadata = {"Software": None} if ext == "png" else {"Date": None, "Creator": None}
    with matplotlib.rc_context({"svg.hashsalt": "relocgraph", "svg.fonttype": "path"}):
        fig.savefig(target, format=ext, metadata=metadata)


def save_figure(fig: Any, reserve: Any, stem: str) -> list[str]:
    """Save ``fig`` as ``stem``.png and ``stem``.svg through ``reserve`` (see
    :func:`relocgraph.pipeline.outputs.atomic_files`) with :func:`save_one`."""
    names = []
    for ext in ("png", "svg"):
        name = f"{stem}.{ext}"
        save_one(fig, reserve(name), ext)
        names.append(name)
    return names


def rows_hash(rows: list[dict[str, Any]], lang: str) -> str:
    """A hash of what a chart draws: its rows, its language, the drawing code's version
    and matplotlib's (which renders the bytes).

    >>> rows_hash([{"a": 1}], "fr") == rows_hash([{"a": 1}], "fr") != rows_hash([{"a": 2}], "fr")
    True
    """
    from importlib.metadata import version

    text = json.dumps([CHART_VERSION, version("matplotlib"), lang, rows], sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_charts(
    source: Any, out_dir: Path | str = Path("build"), *, lang: str = "fr", graph: Any = None
) -> list[Path]:
    """Write timeline.{png,svg} and figures.{png,svg} into ``out_dir``, atomically.

    ``source`` is a store backend or an rdflib Dataset; ``graph``, when given, is its
    networkx projection (saves projecting it again). A chart whose rows are those it was
    last drawn from (``out_dir/.charts.json``), and whose files are still there, is not
    drawn again. Returns the chart files.
    """
    from relocgraph.pipeline.outputs import atomic_files, write_text_atomic

    out = Path(out_dir)
    wanted = {
        "timeline": timeline_rows(source, lang=lang),
        "figures": figure_rows(graph if graph is not None else source, lang=lang),
    }
    stamps = _read_stamps(out / _STAMPS)
    hashes = {stem: rows_hash(rows, lang) for stem, rows in wanted.items()}
    stale = [
        stem
        for stem in wanted
        if stamps.get(stem) != hashes[stem]
        or not all((out / f"{stem}.{e}").is_file() for e in ("png", "svg"))
    ]
    if stale:
        draw = {"timeline": timeline_chart, "figures": figures_chart}
        with atomic_files(out) as reserve:
            for stem in stale:
                save_figure(draw[stem](wanted[stem], lang=lang), reserve, stem)
        stamps.update({stem: hashes[stem] for stem in stale})
        write_text_atomic(out / _STAMPS, json.dumps(stamps, indent=1, sort_keys=True) + "\n")
    return [out / f"{stem}.{ext}" for stem in wanted for ext in ("png", "svg")]


def _read_stamps(path: Path) -> dict[str, str]:
    try:
        stamps = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return stamps if isinstance(stamps, dict) else {}
