"""Render the networkx projection as a self-contained, offline, interactive HTML page.

:func:`to_pyvis` turns the graph from :func:`relocgraph.analysis.network.to_networkx` into a
pyvis :class:`~pyvis.network.Network` (nodes and edges filled directly, positions
computed ahead, physics off) and returns it, so a caller can adjust it; :func:`to_html`
renders it with relocgraph's own page template, and :func:`write_html` writes that page
atomically.

Why not pyvis's own template: it loads Bootstrap (and, by default, vis-network) from
CDNs, renders ``heading`` and select-menu ids unescaped, and switches tooltips to an
``innerHTML`` popup as soon as any title contains ``href``. Our page inlines the
vis-network build that ships inside the pyvis package, embeds the data as JSON with
``<``, ``>`` and ``&`` escaped, and builds every panel with DOM text nodes, so text
from a press release is always shown as text. Nodes carry no ``title``: even pyvis's
own ``net.show()`` could not reach an ``innerHTML`` popup with our data.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", kind="person", label="<b>A</b>", kind_label="personne")
>>> g.add_node("b", kind="organisation", label="B", kind_label="organisation")
>>> g.add_edge("a", "b", key="p", property="p", label="membre de", statements=[])
'p'
>>> net = to_pyvis(g)
>>> [n["label"] for n in net.nodes]
['<b>A</b>', 'B']
>>> page = to_html(net)
>>> "<b>A</b>" in page, bool(re.search(r"(src|href)=.?https?:", page))
(False, False)
"""

from __future__ import annotations

import html
import json
import random
import re
import unicodedata
from collections import defaultdict
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from relocgraph.analysis.network import KINDS
from relocgraph.model.errors import FocusError

#: Beyond this many nodes the page draws with its own light canvas renderer
#: (static/lite.js) instead of vis-network, and draws no edge labels: vis-network
#: builds a rich object per node and edge, which costs seconds at 5,000 nodes.
LARGE_GRAPH = 500

#: Small graphs (up to this many nodes in a connected part) get their nodes pushed
#: apart after layout so that labels stay readable.
DECLUTTER_LIMIT = 300

#: Colour and vis-network shape of each node kind (keys of :data:`KINDS`).
STYLE: dict[str, tuple[str, str]] = {
    "person": ("#e15759", "dot"),
    "organisation": ("#4e79a7", "square"),
    "post": ("#f28e2b", "triangle"),
    "role": ("#ffbe7d", "triangle"),
    "policy": ("#59a14f", "hexagon"),
    "plan": ("#2f7d32", "hexagon"),
    "instrument": ("#8cd17d", "hexagon"),
    "event": ("#b07aa1", "star"),
    "company": ("#9c755f", "square"),
    "site": ("#d4a373", "triangleDown"),
    "sector": ("#76b7b2", "diamond"),
    "focus": ("#499894", "diamond"),
    "indicator": ("#edc948", "diamond"),
    "figure": ("#f4a300", "dot"),
    "derived": ("#bab0ac", "dot"),
    "quotation": ("#d37295", "dot"),
    "document": ("#5d5d5d", "square"),
    "source": ("#86bcb6", "square"),
    "place": ("#a0cbe8", "triangleDown"),
    "period": ("#c7c7c7", "diamond"),
}
_DEFAULT_STYLE = ("#97c2fc", "dot")
_SIZES = {"figure": 14, "person": 16, "organisation": 16, "plan": 18, "document": 16}
DISAGREE_COLOUR = "#d62728"

#: Words of the page, per language.
UI_TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "search": "Rechercher un nœud…",
        "kinds": "Classes",
        "documents": "Documents sources",
        "registry": "(registre, sans document)",
        "disagreements": "Désaccords entre documents",
        "none": "aucun",
        "type": "Type",
        "facts": "Faits",
        "evidence": "Preuve",
        "relations": "Relations",
        "versions": "Versions de cet indicateur",
        "also": "Aussi appelé",
        "value": "Valeur",
        "period": "Période",
        "scope": "Portée",
        "credited_to": "Attribué à",
        "reported_by": "Publié par",
        "verbatim": "Texte",
        "document": "Document",
        "wording": "Formulation",
        "note": "Note",
        "other_version": "autre version",
        "differs": "diffère",
        "same": "concorde",
        "help": "Cliquez sur un nœud ou un lien pour voir ses preuves.",
        "nodes": "nœuds",
        "edges": "liens",
        "all": "tout",
        "clear": "rien",
        "no_match": "aucun résultat",
        "stated_by": "Énoncé par",
        "text": "Citation",
        "speaker_title": "Titre de l'orateur",
    },
    "en": {
        "search": "Search a node…",
        "kinds": "Classes",
        "documents": "Source documents",
        "registry": "(registry, no document)",
        "disagreements": "Disagreements between documents",
        "none": "none",
        "type": "Type",
        "facts": "Facts",
        "evidence": "Evidence",
        "relations": "Relations",
        "versions": "Versions of this indicator",
        "also": "Also called",
        "value": "Value",
        "period": "Period",
        "scope": "Scope",
        "credited_to": "Credited to",
        "reported_by": "Reported by",
        "verbatim": "Text",
        "document": "Document",
        "wording": "Wording",
        "note": "Note",
        "other_version": "other version",
        "differs": "differs",
        "same": "agrees",
        "help": "Click a node or a link to see its evidence.",
        "nodes": "nodes",
        "edges": "links",
        "all": "all",
        "clear": "none",
        "no_match": "no match",
        "stated_by": "Stated by",
        "text": "Quotation",
        "speaker_title": "Speaker's title",
    },
}
# Fields compared between two documents' versions of one indicator.
_COMPARED = ("value", "unit", "period", "credited_to", "reported_by")


class GraphView(Network):
    """A pyvis :class:`~pyvis.network.Network` that also carries the page's side data.

    ``details`` (per node id) and ``edge_details`` (per edge id) feed the panels;
    ``documents``, ``disagreements`` and ``kinds`` feed the filters and legend;
    ``focus`` is the node a focused view (:func:`focus`) is centred on.
    """

    def __init__(self, *, title: str, lang: str) -> None:
        super().__init__(height="100%", width="100%", directed=True, cdn_resources="in_line")
        self.page_title = title
        self.lang = lang
        self.details: dict[str, dict[str, Any]] = {}
        self.edge_details: dict[str, dict[str, Any]] = {}
        self.documents: list[dict[str, Any]] = []
        self.disagreements: list[dict[str, Any]] = []
        self.kinds: list[dict[str, str]] = []
        self.focus: str | None = None


_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss"}


def normalise(text: str) -> str:
    """Lower-case, accent-free, single-spaced text for searching labels.

    >>> normalise("  Stéphanie   PERNOD ")
    'stephanie pernod'
    >>> normalise("Œuvre")
    'oeuvre'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    for ligature, letters in _LIGATURES.items():  # "œ" has no decomposition
        bare = bare.replace(ligature, letters)
    return " ".join(bare.split())


def node_names(data: dict[str, Any]) -> list[str]:
    """Every label a node can be searched by: label, fr/en labels, alt labels, CURIE."""
    names = [data.get("label"), data.get("label_fr"), data.get("label_en"), data.get("curie")]
    names += list(data.get("alt_labels") or [])
    seen: list[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(str(name))
    return seen


def find_node(graph: nx.MultiDiGraph, label: str) -> str:
    """The id of the node called ``label`` (any of its labels, accents and case ignored).

    An exact name wins; otherwise a single node whose name contains ``label``.
    Raises :class:`~relocgraph.model.errors.FocusError` naming close candidates.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("x", label="Stéphanie Pernod", alt_labels=["Stéphanie PERNOD"])
    >>> find_node(g, "stephanie pernod")
    'x'
    """
    wanted = normalise(label)
    exact, partial = [], []
    for node, data in graph.nodes(data=True):
        names = [normalise(n) for n in node_names(data)] + [normalise(str(node))]
        if wanted in names:
            exact.append(node)
        elif any(wanted in n for n in names):
            partial.append(node)
    if len(exact) == 1:
        return str(exact[0])
    if not exact and len(partial) == 1:
        return str(partial[0])
    candidates = sorted(exact or partial, key=str)
    if candidates:
        shown = ", ".join(repr(graph.nodes[c].get("label", c)) for c in candidates[:8])
        raise FocusError(
            f"{label!r} names several nodes: {shown}", hint="give a longer label or the node's IRI"
        )
    import difflib

    # Compare accent- and case-free names, suggest each node once by its label.
    by_name: dict[str, str] = {}
    for _, d in graph.nodes(data=True):
        for name in node_names(d):
            by_name.setdefault(normalise(name), str(d.get("label", name)))
    matches = difflib.get_close_matches(wanted, sorted(by_name), n=8, cutoff=0.6)
    close = list(dict.fromkeys(by_name[m] for m in matches))[:5]
    raise FocusError(
        f"no node is called {label!r}",
        hint=("did you mean " + ", ".join(map(repr, close)) + "?")
        if close
        else "search the page (relocgraph viz, then the search box) for the exact label",
    )


def focus(graph: nx.MultiDiGraph, label: str, depth: int = 2) -> nx.MultiDiGraph:
    """The subgraph within ``depth`` links (either direction) of the node called ``label``.

    >>> g = nx.MultiDiGraph()
    >>> g.add_edges_from([("a", "b"), ("b", "c"), ("c", "d")])
    [0, 0, 0]
    >>> sorted(focus(g, "b", depth=1))
    ['a', 'b', 'c']
    """
    if depth < 0:
        raise FocusError(f"depth must be 0 or more, not {depth}", hint="use --depth 2")
    centre = find_node(graph, label)
    keep = nx.ego_graph(graph.to_undirected(as_view=True), centre, radius=depth)
    sub = graph.subgraph(keep.nodes).copy()
    sub.graph["focus"] = centre
    return sub


def layout(graph: nx.Graph, *, seed: int = 7, spacing: float = 170.0) -> dict[str, tuple[float, float]]:
    """Node positions in pixels, computed ahead with igraph, one connected part at a time.

    Kamada–Kawai for parts up to 300 nodes (it spaces nodes evenly), igraph's C
    Fruchterman–Reingold beyond (grid variant above 1,000 nodes: 5,000 nodes in about
    half a CPU-second, where networkx needs scipy and minutes). Each part is scaled so
    its mean link is ``spacing`` pixels; the largest sits at the origin, the others on
    shelves below it. Seeded: the same graph gives the same positions.

    >>> pos = layout(nx.path_graph(3))
    >>> sorted(pos) == [0, 1, 2] and pos == layout(nx.path_graph(3))
    True
    """
    import igraph

    nodes = list(graph.nodes)
    if not nodes:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in graph.edges() if u != v})
    whole = igraph.Graph(n=len(nodes), edges=pairs, directed=False)
    parts = sorted(whole.connected_components(), key=lambda c: (-len(c), min(c)))
    rng = random.Random(seed)
    placed: list[tuple[list[int], list[tuple[float, float]]]] = []
    igraph.set_random_number_generator(random.Random(seed))
    try:
        for members in parts:
            if len(members) == 1:
                placed.append((members, [(0.0, 0.0)]))
                continue
            sub = whole.induced_subgraph(members)
            # A start square of side sqrt(n), as igraph's own: twice as wide made the
            # grid variant six times slower at 20,000 nodes.
            half = len(members) ** 0.5 / 2
            start = [[rng.uniform(-half, half), rng.uniform(-half, half)] for _ in members]
            if len(members) <= 300:
                coords = sub.layout_kamada_kawai(seed=start).coords
            else:
                big = len(members) > 1000
                coords = sub.layout_fruchterman_reingold(
                    seed=start, niter=300 if big else 500, grid=big
                ).coords
            lengths = [
                (
                    (coords[e.source][0] - coords[e.target][0]) ** 2
                    + (coords[e.source][1] - coords[e.target][1]) ** 2
                )
                ** 0.5
                for e in sub.es
            ] or [1.0]
            factor = spacing / ((sum(lengths) / len(lengths)) or 1.0)
            scaled = [(x * factor, y * factor) for x, y in coords]
            if len(members) <= DECLUTTER_LIMIT:
                scaled = declutter(scaled)
            placed.append((members, scaled))
    finally:
        igraph.set_random_number_generator(random)

    positions: dict[int, tuple[float, float]] = {}
    first_members, first_coords = placed[0]
    xs = [x for x, _ in first_coords]
    ys = [y for _, y in first_coords]
    left, right, bottom = min(xs), max(xs), max(ys)
    for i, xy in zip(first_members, first_coords, strict=True):
        positions[i] = xy
    gap = spacing * (1.5 if len(placed) <= 20 else 0.6)
    widths = [max(x for x, _ in c) - min(x for x, _ in c) + gap for _, c in placed[1:]]
    # Small parts go on shelves about as wide as the largest part (or squarer).
    width = max(right - left, 8 * spacing, (sum(widths) * spacing) ** 0.5 if widths else 0)
    cursor_x, cursor_y, row_height = left, bottom + spacing, 0.0
    for members, coords in placed[1:]:
        cx = [x for x, _ in coords]
        cy = [y for _, y in coords]
        w, h = max(cx) - min(cx), max(cy) - min(cy)
        if cursor_x + w > left + width and cursor_x > left:
            cursor_x, cursor_y, row_height = left, cursor_y + row_height + gap, 0.0
        for i, (x, y) in zip(members, coords, strict=True):
            positions[i] = (x - min(cx) + cursor_x, y - min(cy) + cursor_y)
        cursor_x += w + gap
        row_height = max(row_height, h)
    return {node: (round(positions[i][0], 1), round(positions[i][1], 1)) for node, i in index.items()}


def declutter(
    points: list[tuple[float, float]], *, gap: float = 70.0, rounds: int = 60
) -> list[tuple[float, float]]:
    """Push apart points closer than ``gap`` pixels, labels being wider than tall.

    Distances count horizontal offsets at half weight, so two labels side by side
    need twice the room of two stacked ones. Vectorised with numpy, O(n²) a round:
    used only on small graphs, where hubs otherwise pile their neighbours up.

    >>> declutter([(0.0, 0.0), (1.0, 0.0)])  # side by side: 140 px apart
    [(-69.5, 0.0), (70.5, 0.0)]
    """
    import numpy as np

    xy = np.array(points, dtype=float)
    if len(xy) < 2:
        return points
    weight = np.array([0.5, 1.0])
    for _ in range(rounds):
        delta = (xy[:, None, :] - xy[None, :, :]) * weight
        dist = np.sqrt((delta**2).sum(axis=2))
        np.fill_diagonal(dist, 1e9)
        close = dist < gap
        if not close.any():
            break
        dist = np.where(dist == 0, 1e-3, dist)
        push = np.where(close, (gap - dist) / dist / 2, 0.0)[:, :, None] * delta / weight
        xy += push.sum(axis=1) * 0.5
    return [(float(x), float(y)) for x, y in xy]


def _format_value(facts: dict[str, Any]) -> str:
    from relocgraph.pipeline.french import format_french

    value = facts.get("value")
    if value is None:
        return ""
    unit = {"unit:CCY_EUR": " €", "unit:NUM": ""}.get(str(facts.get("unit")), "")
    return f"{format_french(Decimal(str(value)))}{unit}"


def _node_documents(graph: nx.MultiDiGraph, node: str, data: dict[str, Any]) -> set[str]:
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


def _fact_rows(data: dict[str, Any], text: dict[str, str]) -> list[list[str]]:
    facts = data.get("facts") or {}
    rows: list[list[str]] = []
    if data.get("kind") in ("figure", "derived"):
        value = _format_value(facts)
        if value:
            rows.append([text["value"], value])
        if facts.get("verbatim"):
            rows.append([text["verbatim"], str(facts["verbatim"])])
        rows.append([text["period"], str(facts.get("period") or "")])
        if facts.get("scope"):
            rows.append([text["scope"], str(facts["scope"])])
        rows.append([text["credited_to"], ", ".join(facts.get("credited_to") or [])])
        rows.append([text["reported_by"], ", ".join(facts.get("reported_by") or [])])
        return rows
    for key, value in sorted(facts.items()):
        label = text.get(key, key)
        shown = "; ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
        if shown:
            rows.append([label, shown])
    return rows


def _versions(graph: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Figure nodes grouped by the indicator they report."""
    by_indicator: dict[str, list[str]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        if data.get("kind") != "figure":
            continue
        for _, target, edge in graph.out_edges(node, data=True):
            if str(edge.get("property", "")).endswith("#indicator"):
                by_indicator[target].append(node)
    return {k: sorted(v) for k, v in sorted(by_indicator.items())}


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    facts = data.get("facts") or {}
    return {
        "value": facts.get("value"),
        "unit": facts.get("unit"),
        "period": facts.get("period"),
        "credited_to": list(facts.get("credited_to") or []),
        "reported_by": list(facts.get("reported_by") or []),
    }


def to_pyvis(graph: nx.MultiDiGraph, *, lang: str | None = None, title: str | None = None) -> GraphView:
    """Build the pyvis network of ``graph`` (from :func:`relocgraph.analysis.network.to_networkx`).

    Nodes are coloured and shaped by kind (:data:`STYLE`), placed by :func:`layout`, and
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
    positions = layout(graph)
    net.focus = graph.graph.get("focus")

    used_kinds = {d.get("kind") for _, d in graph.nodes(data=True)}
    net.kinds = [
        {"key": k.key, "label": k.label(lang), "color": STYLE[k.key][0], "shape": STYLE[k.key][1]}
        for k in KINDS.values()
        if k.key in used_kinds
    ]

    documents: dict[str, dict[str, Any]] = {}
    versions = _versions(graph)
    disagreeing: set[str] = set()
    comparisons: list[tuple[str, str, list[str]]] = []
    for indicator, figures in versions.items():
        differing_fields: set[str] = set()
        for i, a in enumerate(figures):
            for b in figures[i + 1 :]:
                doc_a = (graph.nodes[a].get("statement") or {}).get("document")
                doc_b = (graph.nodes[b].get("statement") or {}).get("document")
                if doc_a == doc_b:
                    continue
                ca, cb = _comparable(graph.nodes[a]), _comparable(graph.nodes[b])
                fields = [f for f in _COMPARED if ca[f] != cb[f]]
                comparisons.append((a, b, fields))
                if fields:
                    disagreeing.update((a, b))
                    differing_fields.update(fields)
        if differing_fields:
            net.disagreements.append(
                {
                    "indicator": indicator,
                    "label": graph.nodes[indicator].get("label", indicator),
                    "figures": figures,
                    "fields": [text[f] for f in _COMPARED if f in differing_fields and f in text]
                    or [text["value"]],
                }
            )

    for node, data in graph.nodes(data=True):
        kind = data.get("kind", "")
        colour, shape = STYLE.get(kind, _DEFAULT_STYLE)
        docs = _node_documents(graph, node, data)
        x, y = positions[node]
        entry: dict[str, Any] = {
            "id": node,
            "label": str(data.get("label", node)),
            "group": kind,
            "x": x,
            "y": y,
            "docs": sorted(docs),
        }
        if kind in _SIZES:
            entry["size"] = _SIZES[kind]
        if node in disagreeing:
            entry.update(borderWidth=4, color={"border": DISAGREE_COLOUR, "background": colour})
        if node == graph.graph.get("focus"):
            entry.update(borderWidth=5, size=24)
        net.nodes.append(entry)
        net.node_ids.append(node)
        net.node_map[node] = entry
        statement = data.get("statement")
        if statement and statement.get("document"):
            documents.setdefault(statement["document"], {})
        detail: dict[str, Any] = {
            "label": str(data.get("label", node)),
            "kind": kind,
            "kind_label": data.get("kind_label") or (KINDS[kind].label(lang) if kind in KINDS else kind),
            "iri": data.get("iri", node),
            "curie": data.get("curie", ""),
            "alt": [a for a in data.get("alt_labels") or [] if a != data.get("label")],
            "facts": _fact_rows(data, text),
            "names": [normalise(n) for n in node_names(data)],
        }
        if statement:
            detail["statements"] = [statement]
        if kind == "quotation":
            facts = data.get("facts") or {}
            detail["facts"] = [
                [text["speaker_title"], str(facts.get("speaker_title", ""))],
                [text["text"], str(facts.get("text", ""))],
            ]
        if kind == "document":
            documents.setdefault(node, {})
        net.details[node] = detail

    for figures in versions.values():
        if len(figures) < 2:
            continue
        rows = []
        for f in figures:
            d = graph.nodes[f]
            facts = d.get("facts") or {}
            st = d.get("statement") or {}
            rows.append(
                {
                    "id": f,
                    "document": st.get("document_label", ""),
                    "date": st.get("date") or "",
                    "value": _format_value(facts),
                    "period": str(facts.get("period") or ""),
                    "credited_to": ", ".join(facts.get("credited_to") or []),
                    "reported_by": ", ".join(facts.get("reported_by") or []),
                }
            )
        for f in figures:
            net.details[f]["versions"] = rows

    for i, (source, target, key, data) in enumerate(
        sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[2]), str(e[1])))
    ):
        edge_id = f"e{i}"
        statements = list(data.get("statements") or [])
        edge_docs = sorted({r["document"] for r in statements if r.get("document")})
        entry = {
            "id": edge_id,
            "from": source,
            "to": target,
            "docs": edge_docs,
            "label": "" if big else str(data.get("label", key)),
        }
        net.edges.append(entry)
        net.edge_details[edge_id] = {
            "label": str(data.get("label", key)),
            "property": str(data.get("property", key)),
            "statements": statements,
        }
    for j, (a, b, fields) in enumerate(comparisons):
        edge_id = f"v{j}"
        names = [text[f] for f in fields if f in text and f != "unit"]
        label = (
            (
                f"{text['differs']} : {', '.join(names)}"
                if lang == "fr"
                else f"{text['differs']}: {', '.join(names)}"
            )
            if fields
            else text["same"]
        )
        pair_docs = sorted(
            {(graph.nodes[n].get("statement") or {}).get("document", "") for n in (a, b)} - {""}
        )
        net.edges.append(
            {
                "id": edge_id,
                "from": a,
                "to": b,
                "docs": pair_docs,
                "label": "" if big else label,
                "dashes": True,
                "arrows": {"to": {"enabled": False}},
                "width": 2 if fields else 1,
                "color": {"color": DISAGREE_COLOUR if fields else "#2ca02c"},
                "font": {"color": DISAGREE_COLOUR if fields else "#2ca02c"},
                "comparison": True,
            }
        )
        net.edge_details[edge_id] = {
            "label": f"{text['other_version']} — {label}",
            "property": "",
            "statements": [],
            "compare": [a, b],
        }

    for doc in sorted(documents):
        data = graph.nodes[doc] if doc in graph else {}
        issued = (data.get("facts") or {}).get("dcterms:issued") or [""]
        net.documents.append({"id": doc, "label": str(data.get("label") or doc), "date": str(issued[0])})
    for doc in {d for n in net.nodes for d in n["docs"]} - set(documents):
        net.documents.append({"id": doc, "label": doc, "date": ""})
    net.documents.sort(key=lambda d: (d["date"], d["id"]))

    net.options = _vis_options(net.kinds, big=big)
    return net


def _vis_options(kinds: list[dict[str, str]], *, big: bool) -> dict[str, Any]:
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "groups": {
            k["key"]: {
                "color": {
                    "background": k["color"],
                    "border": "#333333",
                    "highlight": {"background": k["color"], "border": "#000000"},
                },
                "shape": k["shape"],
            }
            for k in kinds
        },
        "nodes": {
            "size": 12,
            "borderWidth": 1,
            "font": {"size": 14, "face": "sans-serif"},
            "scaling": {"label": {"drawThreshold": 6}},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#9a9a9a", "highlight": "#333333", "inherit": False},
            "font": {"size": 10, "color": "#555555", "strokeWidth": 3, "align": "middle"},
            "width": 1,
        },
        "interaction": {
            "hover": not big,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
            "keyboard": False,
            "multiselect": False,
        },
    }


def _script_json(value: Any) -> str:
    """JSON safe to place inside a ``<script>`` element: no ``<``, ``>`` or ``&`` left.

    >>> _script_json({"q": "</script><img src=x onerror=alert(1)>"})
    '{"q": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _asset(name: str) -> str:
    return resources.files("relocgraph.web").joinpath(name).read_text("utf-8")


def vis_network_js() -> str:
    """The vis-network build bundled inside the installed pyvis package (no CDN).

    Kept byte for byte with its licence banner; the URLs in it are comments, strings
    and the SVG namespace, never fetched.
    """
    import pyvis

    path = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    code = path.read_text("utf-8")
    return code.replace("</script", "<\\/script")


def page_data(net: GraphView) -> dict[str, Any]:
    """Everything the page script reads, as one JSON-able dict."""
    return {
        "title": net.page_title,
        "lang": net.lang,
        "text": UI_TEXT[net.lang],
        "nodes": net.nodes,
        "edges": net.edges,
        "options": net.options,
        "details": net.details,
        "edgeDetails": net.edge_details,
        "documents": net.documents,
        "disagreements": net.disagreements,
        "kinds": net.kinds,
        "renderer": renderer(net),
        "focus": net.focus,
    }


def renderer(net: GraphView) -> str:
    """``"vis"`` (vis-network) up to :data:`LARGE_GRAPH` nodes, ``"lite"`` beyond."""
    return "lite" if len(net.nodes) > LARGE_GRAPH else "vis"


def to_html(net: GraphView) -> str:
    """The self-contained page: renderer, styles, script and data all inline.

    vis-network is inlined only for graphs it draws (see :func:`renderer`).
    """
    if not isinstance(net, GraphView):
        raise TypeError("to_html needs a network made by relocgraph.web.viz.to_pyvis")
    parts = {
        "LANG": html.escape(net.lang),
        "TITLE": html.escape(net.page_title),
        "CSS": _asset("static/graph.css"),
        "VIS": vis_network_js() if renderer(net) == "vis" else "",
        "LITE": _asset("static/lite.js").replace("</script", "<\\/script"),
        "DATA": _script_json(page_data(net)),
        "APP": _asset("static/graph.js").replace("</script", "<\\/script"),
    }
    template = _asset("templates/graph.html")
    return re.sub(r"@@([A-Z]+)@@", lambda m: parts[m.group(1)], template)


def notebook_view(net: GraphView, *, height: int = 650) -> Any:
    """The page in an ``<iframe srcdoc>``, for Jupyter (``display(notebook_view(net))``).

    The whole page is one attribute value, HTML-escaped, so it runs isolated from the
    notebook and needs no file or server.
    """
    import warnings

    from IPython.display import HTML

    with warnings.catch_warnings():  # IPython suggests IFrame, which needs a URL
        warnings.simplefilter("ignore", UserWarning)
        return HTML(
            f'<iframe srcdoc="{html.escape(to_html(net), quote=True)}" '
            f'style="width:100%;height:{int(height)}px;border:0"></iframe>'
        )


def write_html(net: GraphView, path: Path | str = Path("build/graph.html")) -> Path:
    """Write :func:`to_html` of ``net`` to ``path`` atomically; return the path."""
    from relocgraph.pipeline.outputs import write_text_atomic

    return write_text_atomic(Path(path), to_html(net))
