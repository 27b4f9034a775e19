"""Render the networkx projection as a self-contained, offline, interactive HTML page.

:func:`to_pyvis` turns the graph from :func:`relocgraph.analysis.network.to_networkx` into a
pyvis :class:`~pyvis.network.Network` (nodes and edges filled directly, positions
computed ahead, physics off) and returns it, so a caller can adjust it; :func:`to_html`
renders it with relocgraph's own page template, and :func:`write_html` writes that page
atomically. The work is split by job in :mod:`relocgraph.web.graph`; this module is the
public surface the CLI, the notebook API and the tests use.

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
>>> import re
>>> "<b>A</b>" in page, bool(re.search(r"(src|href)=.?https?:", page))
(False, False)
"""

from __future__ import annotations

from relocgraph.web.graph.compare import compare
from relocgraph.web.graph.data import GraphView, to_pyvis
from relocgraph.web.graph.layout import cached_layout, declutter, layout
from relocgraph.web.graph.page import notebook_view, page_data, renderer, to_html, vis_network_js, write_html
from relocgraph.web.graph.search import find_node, focus, node_names, normalise
from relocgraph.web.graph.style import DECLUTTER_LIMIT, DISAGREE_COLOUR, LARGE_GRAPH, STYLE
from relocgraph.web.graph.text import UI_TEXT

__all__ = [
    "DECLUTTER_LIMIT",
    "DISAGREE_COLOUR",
    "LARGE_GRAPH",
    "STYLE",
    "UI_TEXT",
    "GraphView",
    "cached_layout",
    "compare",
    "declutter",
    "find_node",
    "focus",
    "layout",
    "node_names",
    "normalise",
    "notebook_view",
    "page_data",
    "renderer",
    "to_html",
    "to_pyvis",
    "vis_network_js",
    "write_html",
]
