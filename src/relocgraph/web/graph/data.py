"""The data of the graph page: a pyvis network whose nodes, links and side panels are
filled from the networkx projection (:mod:`relocgraph.analysis.network`).

:func:`to_pyvis` returns a :class:`GraphView` (a pyvis :class:`~pyvis.network.Network`),
so a caller can adjust it before rendering it with :func:`relocgraph.web.graph.page.to_html`.
Nodes and edges are filled directly (pyvis's ``add_node`` is quadratic), positions are
computed ahead and physics is off. Nodes carry no ``title``: even pyvis's own
``net.show()`` could not reach an ``innerHTML`` popup with our data.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", kind="person", label="<b>A</b>", kind_label="personne")
>>> g.add_node("b", kind="organisation", label="B", kind_label="organisation")
>>> g.add_edge("a", "b", key="p", property="p", label="membre de", statements=[])
'p'
>>> [n["label"] for n in to_pyvis(g).nodes]
['<b>A</b>', 'B']
"""

from __future__ import annotations

from typing import Any

import networkx as nx
from pyvis.network import Network

from relocgraph.analysis.network import KINDS
from relocgraph.web.graph.compare import COMPARED, Comparison, compare, format_value, version_rows
from relocgraph.web.graph.layout import layout
from relocgraph.web.graph.search import node_names, normalise
from relocgraph.web.graph.story import FOLDED, Overview, band_of, document_dates, overview, wrap_label
from relocgraph.web.graph.style import DEFAULT_STYLE, DISAGREE_COLOUR, LARGE_GRAPH, SIZES, STYLE, vis_options
from relocgraph.web.graph.text import UI_TEXT

Positions = dict[Any, tuple[float, float]]


class GraphView(Network):
    """A pyvis :class:`~pyvis.network.Network` that also carries the page's side data.

    ``details`` (per node id) and ``edge_details`` (per edge id) feed the panels;
    ``documents``, ``disagreements`` and ``kinds`` feed the filters and legend;
    ``focus`` is the node a focused view (:func:`relocgraph.web.graph.search.focus`) is
    centred on.
    """

    def __init__(self, *, title: str, lang: str) -> None:
        super().__init__(height="100%", width="100%", directed=True, cdn_resources="in_line")
        self.page_title = title
        self.lang = lang
        self.details: dict[str, dict[str, Any]] = {}
        self.edge_details: dict[str, dict[str, Any]] = {}
        self.documents: list[dict[str, Any]] = []
        self.disagreements: list[dict[str, Any]] = []
        self.kinds: list[dict[str, Any]] = []
        self.focus: str | None = None


def to_pyvis(
    graph: nx.MultiDiGraph,
    *,
    lang: str | None = None,
    title: str | None = None,
    positions: Positions | None = None,
) -> GraphView:
    """Build the pyvis network of ``graph`` (from :func:`relocgraph.analysis.network.to_networkx`).

    Nodes are coloured and shaped by kind (:data:`~relocgraph.web.graph.style.STYLE`),
    placed by ``positions`` (default: :func:`~relocgraph.web.graph.layout.layout`), and
    physics is off. Figures of one indicator stated by different documents are joined
    by a dashed "other version" link, red where value, period or attribution differ.
    ``lang`` defaults to the graph's own (``graph.graph["lang"]``, else French).
    """
    lang = lang or graph.graph.get("lang", "fr")
    if lang not in UI_TEXT:
        raise ValueError(f"unknown language {lang!r}: use 'fr' or 'en'")
    text = UI_TEXT[lang]
    big = graph.number_of_nodes() > LARGE_GRAPH
    net = GraphView(
        title=title
        or ("relocgraph — graphe des communiqués" if lang == "fr" else "relocgraph — press-release graph"),
        lang=lang,
    )
    net.focus = graph.graph.get("focus")
    used_kinds = {d.get("kind") for _, d in graph.nodes(data=True)}
    net.kinds = [
        {
            "key": k.key,
            "label": k.label(lang),
            "color": STYLE[k.key][0],
            "shape": STYLE[k.key][1],
            "overview": band_of(k.key) is not None,
        }
        for k in KINDS.values()
        if k.key in used_kinds
    ]
    found = compare(graph)
    view = overview(graph)
    net.disagreements = _disagreements(graph, found, text)
    _add_nodes(net, graph, positions if positions is not None else layout(graph), found.disagreeing, view)
    for group in found.groups:
        rows = version_rows(graph, group["figures"])
        for f in group["figures"]:
            net.details[f]["versions"] = rows
    _add_timelines(net, graph)
    _add_edges(net, graph, big=big)
    _add_comparisons(net, graph, found, big=big)
    _add_overview_links(net, graph, view, big=big)
    _add_documents(net, graph)
    net.options = vis_options(net.kinds, big=big)
    return net


def _disagreements(graph: nx.MultiDiGraph, found: Comparison, text: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for group, differing in zip(found.groups, found.fields, strict=True):
        if not differing:
            continue
        indicator = group["indicator"]
        label = graph.nodes[indicator].get("label", indicator) if indicator in graph else indicator
        out.append(
            {
                "indicator": indicator,
                "label": label,
                "figures": group["figures"],
                "fields": [text[f] for f in COMPARED if f in differing and f in text] or [text["value"]],
            }
        )
    return out


def node_documents(graph: nx.MultiDiGraph, node: str, data: dict[str, Any]) -> set[str]:
    """The documents a node belongs to (for the document filter): its own statement's,
    those of the statements on its links, and itself if it is a document."""
    docs: set[str] = set()
    if data.get("kind") == "document":
        docs.add(node)
    statement = data.get("statement") or {}
    if statement.get("document"):
        docs.add(statement["document"])
    for edges in (graph.out_edges(node, data=True), graph.in_edges(node, data=True)):
        for _, _, edge in edges:
            docs.update(r["document"] for r in edge.get("statements") or [] if r.get("document"))
    return docs


def fact_rows(data: dict[str, Any], text: dict[str, str]) -> list[list[str]]:
    """The facts panel of a node: (label, value) rows in the page's language."""
    facts = data.get("facts") or {}
    kind = data.get("kind")
    if kind == "quotation":
        return [
            [text["speaker_title"], str(facts.get("speaker_title", ""))],
            [text["text"], str(facts.get("text", ""))],
        ]
    if kind not in ("figure", "derived"):
        rows = []
        for key, value in sorted(facts.items()):
            shown = "; ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
            if shown:
                rows.append([text.get(key, key), shown])
        return rows
    rows = [[text["value"], format_value(facts)]] if format_value(facts) else []
    if facts.get("verbatim"):
        rows.append([text["verbatim"], str(facts["verbatim"])])
    rows.append([text["period"], str(facts.get("period") or "")])
    if facts.get("scope"):
        rows.append([text["scope"], str(facts["scope"])])
    rows.append([text["credited_to"], ", ".join(facts.get("credited_to") or [])])
    rows.append([text["reported_by"], ", ".join(facts.get("reported_by") or [])])
    return rows


def node_notes(graph: nx.MultiDiGraph, node: str, data: dict[str, Any]) -> list[str]:
    """The curator's notes about a node, for its panel: those of its own statement and of
    every statement on its links (a caveat on « Symbio has this site » is shown on Symbio
    and on the site), each once, in order."""
    records = [data.get("statement") or {}]
    for edges in (graph.out_edges(node, data=True), graph.in_edges(node, data=True)):
        for _, _, edge in edges:
            records.extend(edge.get("statements") or [])
    return sorted({note for record in records for note in record.get("notes") or []})


def _node_entry(
    node: str, data: dict[str, Any], xy: tuple[float, float], docs: set[str], first: bool
) -> dict[str, Any]:
    """A node as drawn: its label wrapped (the panel shows it whole), and whether it is on
    the first screen (``overview``; the others appear on demand)."""
    kind = data.get("kind", "")
    entry: dict[str, Any] = {
        "id": node,
        "label": wrap_label(str(data.get("label", node))),
        "group": kind,
        "x": xy[0],
        "y": xy[1],
        "docs": sorted(docs),
        "overview": first,
    }
    if kind in SIZES:
        entry["size"] = SIZES[kind]
    return entry


def _node_detail(data: dict[str, Any], node: str, lang: str, notes: list[str]) -> dict[str, Any]:
    kind = data.get("kind", "")
    text = UI_TEXT[lang]
    detail: dict[str, Any] = {
        "label": str(data.get("label", node)),
        "kind": kind,
        "kind_label": data.get("kind_label") or (KINDS[kind].label(lang) if kind in KINDS else kind),
        "iri": data.get("iri", node),
        "curie": data.get("curie", ""),
        "alt": [a for a in data.get("alt_labels") or [] if a != data.get("label")],
        "facts": fact_rows(data, text),
        "names": [normalise(n) for n in node_names(data)],
        "notes": notes,
    }
    if data.get("statement"):
        detail["statements"] = [data["statement"]]
    if data.get("checks"):  # verdicts of the checks against reference data (graph:checks)
        detail["checks"] = data["checks"]
    return detail


def _add_nodes(
    net: GraphView, graph: nx.MultiDiGraph, positions: Positions, disagreeing: set[str], view: Overview
) -> None:
    for node, data in graph.nodes(data=True):
        docs = node_documents(graph, node, data)
        entry = _node_entry(node, data, positions[node], docs, node in view.nodes)
        if node in disagreeing:
            colour = STYLE.get(data.get("kind", ""), DEFAULT_STYLE)[0]
            entry.update(borderWidth=4, color={"border": DISAGREE_COLOUR, "background": colour})
        if node == graph.graph.get("focus"):
            entry.update(borderWidth=5, size=24)
        net.nodes.append(entry)
        net.node_ids.append(node)
        net.node_map[node] = entry
        net.details[node] = _node_detail(data, node, net.lang, node_notes(graph, node, data))


def _add_edges(net: GraphView, graph: nx.MultiDiGraph, *, big: bool) -> None:
    ordered = sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[2]), str(e[1])))
    for i, (source, target, key, data) in enumerate(ordered):
        edge_id = f"e{i}"
        statements = list(data.get("statements") or [])
        net.edges.append(
            {
                "id": edge_id,
                "from": source,
                "to": target,
                "docs": sorted({r["document"] for r in statements if r.get("document")}),
                "label": "" if big else str(data.get("label", key)),
            }
        )
        net.edge_details[edge_id] = {
            "label": str(data.get("label", key)),
            "property": str(data.get("property", key)),
            "statements": statements,
        }


def _comparison_label(fields: list[str], lang: str) -> str:
    text = UI_TEXT[lang]
    if not fields:
        return text["same"]
    names = ", ".join(text[f] for f in fields if f in text and f != "unit")
    return f"{text['differs']} : {names}" if lang == "fr" else f"{text['differs']}: {names}"


def _add_comparisons(net: GraphView, graph: nx.MultiDiGraph, found: Comparison, *, big: bool) -> None:
    for j, (a, b, fields) in enumerate(found.pairs):
        edge_id = f"v{j}"
        label = _comparison_label(fields, net.lang)
        colour = DISAGREE_COLOUR if fields else "#2ca02c"
        pair_docs = {(graph.nodes[n].get("statement") or {}).get("document", "") for n in (a, b)}
        net.edges.append(
            {
                "id": edge_id,
                "from": a,
                "to": b,
                "docs": sorted(pair_docs - {""}),
                "label": "" if big else label,
                "dashes": True,
                "arrows": {"to": {"enabled": False}},
                "width": 2 if fields else 1,
                "color": {"color": colour},
                "font": {"color": colour},
                "comparison": True,
            }
        )
        net.edge_details[edge_id] = {
            "label": f"{UI_TEXT[net.lang]['other_version']} — {label}",
            "property": "",
            "statements": [],
            "compare": [a, b],
        }


def _add_timelines(net: GraphView, graph: nx.MultiDiGraph) -> None:
    """An indicator's timeline (its panel): every figure of it, by its document's date."""
    for node, data in graph.nodes(data=True):
        if data.get("kind") != "indicator":
            continue
        figures = [f for f, _ in graph.in_edges(node) if graph.nodes[f].get("kind") == "figure"]
        if figures:
            rows = version_rows(graph, sorted(set(figures), key=str))
            net.details[node]["timeline"] = sorted(rows, key=lambda r: (r["date"], r["document"], r["id"]))


def _overview_label(folded: set[str], graph: nx.MultiDiGraph, lang: str) -> str:
    counts: dict[str, int] = {}
    for f in folded:
        kind = graph.nodes[f].get("kind", "")
        counts[kind] = counts.get(kind, 0) + 1
    parts = []
    for kind in FOLDED:
        if kind in counts:
            name = KINDS[kind].label(lang)
            parts.append(f"{counts[kind]} {name}" if counts[kind] == 1 else f"{counts[kind]} × {name}")
    return ", ".join(parts)


def _add_overview_links(net: GraphView, graph: nx.MultiDiGraph, view: Overview, *, big: bool) -> None:
    """Links of the first screen standing for folded figures and quotations; their
    evidence is the statements of the nodes they stand for."""
    for j, (a, b, folded) in enumerate(view.links):
        edge_id = f"o{j}"
        ordered = sorted(folded, key=str)
        statements = [graph.nodes[f]["statement"] for f in ordered if graph.nodes[f].get("statement")]
        label = _overview_label(folded, graph, net.lang)
        net.edges.append(
            {
                "id": edge_id,
                "from": a,
                "to": b,
                "docs": sorted({r["document"] for r in statements if r.get("document")}),
                "label": "" if big else label,
                "dashes": [2, 4],
                "overview": True,
            }
        )
        net.edge_details[edge_id] = {
            "label": label,
            "property": "",
            "statements": statements,
            "folded": ordered,
        }


def _add_documents(net: GraphView, graph: nx.MultiDiGraph) -> None:
    """The document filter: every document a node states or is, by date."""
    dates = document_dates(graph)
    documents: set[str] = set()
    for node, data in graph.nodes(data=True):
        if (data.get("statement") or {}).get("document"):
            documents.add(data["statement"]["document"])
        if data.get("kind") == "document":
            documents.add(node)
    for doc in sorted(documents):
        data = graph.nodes[doc] if doc in graph else {}
        net.documents.append({"id": doc, "label": str(data.get("label") or doc), "date": dates.get(doc, "")})
    for doc in {d for n in net.nodes for d in n["docs"]} - documents:
        net.documents.append({"id": doc, "label": doc, "date": ""})
    net.documents.sort(key=lambda d: (d["date"], d["id"]))
