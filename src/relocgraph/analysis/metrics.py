"""Network analyses on the networkx projection (:func:`relocgraph.analysis.network.to_networkx`).

What the measures mean here. The projection links persons, organisations, posts,
plans, instruments, sites, sectors, indicators, figures and quotations by the facts the
documents state. By default the analyses drop the document nodes and the « stated in »
edges: every figure and quote is stated in a document, so documents would otherwise be
the most "central" nodes without saying anything about the actors.

* **degree**: the number of distinct things an actor is directly linked to (posts it
  holds, plans it carries, figures credited to it, quotes it speaks…). It says how much
  the documents say about the actor.
* **betweenness**: the share of shortest paths between two other nodes that pass
  through the actor. A high value marks an actor that *connects* parts of the story
  that would otherwise be apart — for instance the plan linking its officials to the
  figures credited to it.

Both are computed on an undirected simple graph (one link per pair of nodes, whatever
its direction or number of statements), which is how a reader follows the links.

>>> from relocgraph.pipeline.build import build
>>> from relocgraph.pipeline.derive import derive
>>> from relocgraph.analysis.network import to_networkx
>>> ds = build(".").dataset
>>> _ = derive(ds)
>>> g = to_networkx(ds)
>>> centrality(g).iloc[0]["label"]
'Région Auvergne-Rhône-Alpes'
>>> centrality(g, drop_properties=(REPORTED_BY,)).iloc[0]["label"]  # then the 2021 plan is the hub
'plan de relocalisation stratégique'
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

import networkx as nx
from rdflib import URIRef

from relocgraph.analysis.network import curie
from relocgraph.model.errors import QueryError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Node kinds counted as actors and instruments in :func:`centrality`.
ACTOR_KINDS = ("person", "organisation", "plan", "instrument", "policy", "company", "source")
#: Node kinds a figure can be credited to.
_DOCUMENT_EDGES = ("https://w3id.org/relocgraph/ontology#statedIn",)
#: ``prov:wasAttributedTo``: who reports a figure. Drop it to measure who is central in
#: what the documents *credit* rather than in who publishes the figures.
REPORTED_BY = "http://www.w3.org/ns/prov#wasAttributedTo"


def simple_view(
    graph: nx.MultiDiGraph,
    *,
    include_documents: bool = False,
    include_derived: bool = False,
    drop_properties: tuple[str, ...] = (),
) -> nx.Graph:
    """An undirected simple graph of ``graph`` for path and centrality measures.

    Document nodes are left out unless ``include_documents``; derived figures (which
    link figures to figures by computation, not by what the documents say) unless
    ``include_derived``; edges whose property IRI is in ``drop_properties`` too (for
    example :data:`REPORTED_BY`). Node attributes are kept; each edge keeps the labels of the
    properties that link the pair.
    """
    keep = [
        n
        for n, d in graph.nodes(data=True)
        if (include_documents or d.get("kind") != "document")
        and (include_derived or d.get("kind") != "derived")
    ]
    out = nx.Graph()
    for n in keep:
        out.add_node(n, **graph.nodes[n])
    for s, o, data in graph.edges(data=True):
        if s in out and o in out and s != o:
            if not include_documents and data.get("property") in _DOCUMENT_EDGES:
                continue
            if data.get("property") in drop_properties:
                continue
            labels = out.edges[s, o]["labels"] if out.has_edge(s, o) else []
            out.add_edge(s, o, labels=sorted({*labels, data.get("label", "")}))
    return out


def centrality(
    graph: nx.MultiDiGraph,
    *,
    kinds: tuple[str, ...] | None = ACTOR_KINDS,
    include_documents: bool = False,
    drop_properties: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Degree and betweenness of each actor (see the module docs for what they mean).

    Columns: ``node`` (IRI), ``curie``, ``label``, ``kind``, ``degree`` (distinct
    neighbours), ``degree_centrality`` (degree / (n - 1)), ``betweenness`` (normalised,
    0–1). Rows for the node ``kinds`` given (all kinds with ``None``), most between first.
    """
    import pandas as pd

    view = simple_view(graph, include_documents=include_documents, drop_properties=drop_properties)
    between = nx.betweenness_centrality(view, normalized=True)
    degree_c = nx.degree_centrality(view)
    rows = [
        (
            n,
            curie(n),
            d.get("label", ""),
            d.get("kind", ""),
            view.degree(n),
            round(degree_c[n], 6),
            round(between[n], 6),
        )
        for n, d in view.nodes(data=True)
        if kinds is None or d.get("kind") in kinds
    ]
    frame = pd.DataFrame(
        rows, columns=["node", "curie", "label", "kind", "degree", "degree_centrality", "betweenness"]
    )
    frame = frame.sort_values(["betweenness", "degree", "label"], ascending=[False, False, True])
    return frame.reset_index(drop=True)


def resolve_node(graph: nx.MultiDiGraph, name: str) -> str:
    """Find a node by IRI, CURIE (``person:stephanie-pernod``) or label (any case).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("https://w3id.org/relocgraph/id/person/x", label="X Y", curie="person:x")
    >>> resolve_node(g, "x y"), resolve_node(g, "person:x") == resolve_node(g, "X Y")
    ('https://w3id.org/relocgraph/id/person/x', True)
    """
    if name in graph:
        return name
    wanted = name.strip().casefold()
    for key in ("curie", "label", "label_fr", "label_en"):
        hits = sorted(n for n, d in graph.nodes(data=True) if str(d.get(key, "")).casefold() == wanted)
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise QueryError(
                f"{name!r} names {len(hits)} nodes ({', '.join(hits[:3])}…); give the IRI or CURIE"
            )
    raise QueryError(
        f"no node named {name!r}; give an IRI, a CURIE such as person:stephanie-pernod, or an exact label"
    )


def _step(graph: nx.MultiDiGraph, a: str, b: str) -> str:
    forward = sorted({d.get("label", "") for d in graph.get_edge_data(a, b, default={}).values()})
    if forward:
        return f" —{' / '.join(forward)}→ "
    backward = sorted({d.get("label", "") for d in graph.get_edge_data(b, a, default={}).values()})
    return f" ←{' / '.join(backward)}— "


def describe_path(graph: nx.MultiDiGraph, path: list[str]) -> str:
    """A path as text: labels of its nodes joined by the properties and their direction."""
    text = graph.nodes[path[0]].get("label", path[0])
    for a, b in pairwise(path):
        text += _step(graph, a, b) + graph.nodes[b].get("label", b)
    return text


def paths(
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    cutoff: int = 5,
    limit: int = 20,
    include_documents: bool = False,
    drop_properties: tuple[str, ...] = (),
) -> pd.DataFrame:
    """The simple paths (at most ``cutoff`` links) that connect ``source`` to ``target``.

    ``source`` and ``target`` are IRIs, CURIEs or labels (see :func:`resolve_node`).
    Links are followed in both directions; the text shows each property with an arrow
    in the direction the documents state it. Shortest first, at most ``limit`` rows;
    columns ``length``, ``path`` (text) and ``nodes`` (list of IRIs).
    """
    import pandas as pd

    src, dst = resolve_node(graph, source), resolve_node(graph, target)
    view = simple_view(graph, include_documents=include_documents, drop_properties=drop_properties)
    for n in (src, dst):
        if n not in view:
            raise QueryError(
                f"{curie(URIRef(n))} is left out of the path view; "
                "pass include_documents=True to go through documents"
            )
    found = sorted(
        nx.all_simple_paths(view, src, dst, cutoff=cutoff),
        key=lambda p: (len(p), [view.nodes[n].get("label", n) for n in p]),
    )
    rows = [(len(p) - 1, describe_path(graph, p), p) for p in found[:limit]]
    return pd.DataFrame(rows, columns=["length", "path", "nodes"])


def credited_outcomes(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Each reported figure with each actor or instrument it is credited to, one row each.

    Columns: ``credited_to`` (label), ``credited_kind``, ``indicator``, ``value``,
    ``unit``, ``verbatim``, ``period``, ``reported_by``, ``document``, ``date``, ``figure``
    (IRI). Only reported figures: derived figures are never outcomes a document credits.
    """
    import pandas as pd

    rows: list[tuple[Any, ...]] = []
    credited = "https://w3id.org/relocgraph/ontology#creditedTo"
    indicator_p = "https://w3id.org/relocgraph/ontology#indicator"
    for fig, data in graph.nodes(data=True):
        if data.get("kind") != "figure":
            continue
        facts = data.get("facts", {})
        indicator = next(
            (
                graph.nodes[o].get("label", o)
                for _, o, d in graph.out_edges(fig, data=True)
                if d.get("property") == indicator_p
            ),
            "",
        )
        statement = data.get("statement", {})
        for _, o, d in graph.out_edges(fig, data=True):
            if d.get("property") != credited:
                continue
            rows.append(
                (
                    graph.nodes[o].get("label", o),
                    graph.nodes[o].get("kind", ""),
                    indicator,
                    facts.get("value"),
                    facts.get("unit"),
                    facts.get("verbatim"),
                    facts.get("period"),
                    " ; ".join(facts.get("reported_by", [])),
                    statement.get("document_label"),
                    statement.get("date"),
                    fig,
                )
            )
    frame = pd.DataFrame(
        rows,
        columns=[
            "credited_to",
            "credited_kind",
            "indicator",
            "value",
            "unit",
            "verbatim",
            "period",
            "reported_by",
            "document",
            "date",
            "figure",
        ],
    )
    return frame.sort_values(["credited_to", "indicator", "date", "figure"]).reset_index(drop=True)


def communities(graph: nx.MultiDiGraph, *, include_documents: bool = False) -> pd.DataFrame:
    """Groups of densely linked nodes (greedy modularity), largest first.

    Columns: ``community`` (0 = largest), ``size``, ``node``, ``label``, ``kind``.
    Isolated nodes are left out.
    """
    import pandas as pd

    view = simple_view(graph, include_documents=include_documents)
    view.remove_nodes_from([n for n in list(view) if view.degree(n) == 0])
    groups = nx.algorithms.community.greedy_modularity_communities(view)
    ordered = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
    rows = [
        (i, len(g), n, view.nodes[n].get("label", n), view.nodes[n].get("kind", ""))
        for i, g in enumerate(ordered)
        for n in g
    ]
    frame = pd.DataFrame(rows, columns=["community", "size", "node", "label", "kind"])
    return frame.sort_values(["community", "kind", "label"]).reset_index(drop=True)
