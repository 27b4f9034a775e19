"""How the graph page looks: colour and shape per node kind, sizes, and vis-network's options."""

from __future__ import annotations

from typing import Any

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
    "firm-category": ("#b6992d", "diamond"),
    "indicator": ("#edc948", "diamond"),
    "figure": ("#f4a300", "dot"),
    "derived": ("#bab0ac", "dot"),
    "quotation": ("#d37295", "dot"),
    "document": ("#5d5d5d", "square"),
    "source": ("#86bcb6", "square"),
    "place": ("#a0cbe8", "triangleDown"),
    "period": ("#c7c7c7", "diamond"),
}
DEFAULT_STYLE = ("#97c2fc", "dot")
SIZES = {"figure": 14, "person": 16, "organisation": 16, "plan": 18, "document": 16}
DISAGREE_COLOUR = "#d62728"


def vis_options(kinds: list[dict[str, str]], *, big: bool) -> dict[str, Any]:
    """vis-network options: physics off (positions are computed ahead), one group per kind."""
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
