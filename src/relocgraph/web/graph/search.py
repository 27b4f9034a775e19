"""Finding nodes by name (accents and case ignored) and focusing the graph around one."""

from __future__ import annotations

import unicodedata
from typing import Any

import networkx as nx

from relocgraph.model.errors import FocusError

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
