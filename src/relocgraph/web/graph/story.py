"""The first screen of the graph page: an overview that tells the story, laid out in bands.

A newcomer should read "who → which plan → which indicator, says which document, when"
before clicking anything. So the page opens on an **overview**: documents on a time
axis (top band), then actors (persons, organisations, posts, companies, sites, external
sources), then plans, instruments and events, then the indicators the documents report.
Reported and derived figures and quotations are folded into links of the overview (a
document → indicator link stands for the figures the document reports, and carries
their statements); secondary nodes (periods, roles, sectors, places, see
:data:`SECONDARY`) and nodes with no link in the overview appear on demand: when a
neighbour is selected, when searched, or when their class is ticked in the legend.

:func:`story_layout` places every node in its band, packing each band in rows with
the width of its label in mind (labels are wrapped to :data:`WRAP` characters a line),
so that no two label boxes overlap; the on-demand nodes get bands of their own below
the overview, out of its way.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("d", kind="document", label="Communiqué", facts={"dcterms:issued": ["2024-11-07"]})
>>> g.add_node("i", kind="indicator", label="emplois créés")
>>> g.add_node("f", kind="figure", label="14 000 emplois créés", statement={"document": "d"})
>>> g.add_edge("f", "i", key="rg:indicator", label="indicateur")
'rg:indicator'
>>> g.add_edge("f", "d", key="rg:statedIn", label="affirmé dans")
'rg:statedIn'
>>> view = overview(g)
>>> sorted(view.nodes), [(a, b, sorted(f)) for a, b, f in view.links]
(['d', 'i'], [('d', 'i', ['f'])])
>>> pos = story_layout(g)
>>> pos["d"][1] < pos["i"][1] < pos["f"][1]  # documents above indicators; figures on demand, below
True
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

#: Bands of the overview, top to bottom: kinds that share a band.
BANDS: tuple[tuple[str, ...], ...] = (
    ("document",),
    ("person", "organisation", "post", "company", "site", "source"),
    ("policy", "plan", "instrument", "event", "focus"),
    ("indicator",),
)

#: Kinds folded into links of the overview (they appear when a neighbour is selected).
FOLDED = ("figure", "derived", "quotation")

#: Kinds shown only on demand: attributes of the nodes they qualify.
SECONDARY = ("period", "role", "sector", "place")

#: Characters a line of a drawn label (longer labels wrap; the panel shows them whole).
WRAP = 26

#: Node label font size (vis-network canvas units, as in :func:`style.vis_options`).
FONT = 14

#: Width of one character of the label font, in font sizes (DejaVu Sans / system-ui
#: measure about 0.55–0.6 em on average; a little more keeps boxes apart).
CHAR_WIDTH = 0.55

#: Free space around each label box, in canvas units.
GAP_X, GAP_Y = 18.0, 8.0

#: Above this many nodes the page keeps the force layout (igraph; see ``layout``).
STORY_LIMIT = 2000


@dataclass
class Overview:
    """Nodes of the first screen and the links that stand for folded nodes.

    ``links`` are ``(source, target, folded)``: ``folded`` is the set of figures or
    quotations the link stands for (their statements are its evidence).
    """

    nodes: set[str] = field(default_factory=set)
    links: list[tuple[str, str, set[str]]] = field(default_factory=list)


def band_of(kind: str) -> int | None:
    """Index of the overview band of ``kind`` (``None`` for folded and secondary kinds).

    >>> band_of("document"), band_of("plan"), band_of("figure")
    (0, 2, None)
    """
    for i, kinds in enumerate(BANDS):
        if kind in kinds:
            return i
    return None


def wrap_label(label: str, width: int = WRAP) -> str:
    """The label as drawn: at most ``width`` characters a line, at most three lines.

    >>> wrap_label("Communiqué de presse du 21 juillet 2021 (Préfecture de la région Nouvelle-Aquitaine)")
    'Communiqué de presse du 21\\njuillet 2021 (Préfecture\\nde la région…'
    >>> wrap_label("<b>A</b>")
    '<b>A</b>'
    """
    if len(label) <= width:
        return label
    lines = textwrap.wrap(label, width, break_long_words=True, break_on_hyphens=False)
    if len(lines) > 3:
        lines = lines[:3]
        lines[2] = lines[2][: width - 1].rstrip() + "…"
    return "\n".join(lines)


def label_box(label: str, size: float = 12.0) -> tuple[float, float]:
    """Estimated width and height (canvas units) of a node with its wrapped label below."""
    lines = wrap_label(label).split("\n")
    width = max(CHAR_WIDTH * FONT * max(len(line) for line in lines), 2 * size)
    return width, 2 * size + 2 + FONT * len(lines)


def document_dates(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Each document's date: its ``dcterms:issued``, else the earliest date its statements give."""
    dates: dict[str, str] = {}
    for _, data in graph.nodes(data=True):
        statement = data.get("statement") or {}
        if statement.get("document") and statement.get("date"):
            doc = statement["document"]
            dates[doc] = min(dates.get(doc, statement["date"]), str(statement["date"]))
    for _, _, data in graph.edges(data=True):
        for record in data.get("statements") or []:
            if record.get("document") and record.get("date"):
                doc = record["document"]
                dates[doc] = min(dates.get(doc, record["date"]), str(record["date"]))
    for node, data in graph.nodes(data=True):
        issued = (data.get("facts") or {}).get("dcterms:issued")
        if data.get("kind") == "document" and issued:
            dates[node] = str(issued[0])
    return dates


def overview(graph: nx.MultiDiGraph) -> Overview:
    """The nodes and links of the first screen (see the module docs)."""
    kind = {n: d.get("kind", "") for n, d in graph.nodes(data=True)}
    candidates = {n for n in graph if band_of(kind[n]) is not None}
    folded_links: dict[tuple[str, str], set[str]] = defaultdict(set)
    for node in sorted(graph, key=str):
        if kind[node] not in FOLDED:
            continue
        around = sorted({m for m in nx.all_neighbors(graph, node) if m in candidates}, key=str)
        indicators = [m for m in around if kind[m] == "indicator"]
        others = [m for m in around if kind[m] != "indicator"]
        if indicators:
            stands_for = [(o, i) for o in others for i in indicators]
        else:  # a quotation: its speaker and its document
            stands_for = [(a, b) for j, a in enumerate(others) for b in others[j + 1 :]]
        for a, b in stands_for:
            folded_links[(a, b)].add(node)
    pairs = {(u, v) for u, v in graph.edges() if u in candidates and v in candidates and u != v}
    pairs |= set(folded_links)
    chosen = _within_budget(graph, pairs, kind)
    linked = {n for pair in pairs if pair[0] in chosen and pair[1] in chosen for n in pair}
    links = [(a, b, f) for (a, b), f in sorted(folded_links.items()) if a in linked and b in linked]
    return Overview(nodes=linked, links=links)


#: Room for the overview's label boxes (canvas units², gaps included): what fits the
#: graph pane of a 1400×900 window (720×863 px) with labels drawn at 11 px or more.
#: Calibrated on the packed layouts: the fitted scale came out at about
#: 605 / sqrt(area) on the seed, the corpus and a 20-document synthetic corpus, and
#: 11 px needs a scale of 11/14 (0.79); 540,000 leaves a little margin (0.82).
OVERVIEW_AREA = 540_000.0

#: The order in which the bands take turns after the documents (which always stay):
#: indicators, plans, actors.
_PRIORITY = (0, 3, 2, 1)


def _within_budget(graph: nx.MultiDiGraph, pairs: set[tuple[str, str]], kind: dict[str, str]) -> set[str]:
    """The linked nodes of the overview, best connected first by band priority, as many
    as :data:`OVERVIEW_AREA` holds (all of them on a small graph)."""
    degree: dict[str, int] = defaultdict(int)
    for a, b in pairs:
        degree[a] += 1
        degree[b] += 1

    def strength(n: str) -> tuple[int, str, str]:
        return (-degree[n], str(graph.nodes[n].get("label", n)), n)

    # documents first; then the bands take turns, each its best connected node next, so
    # that a corpus with many documents still shows some actors, plans and indicators
    rank: dict[str, int] = {}
    for band in _PRIORITY:
        members = sorted((n for n in degree if (band_of(kind[n]) or 0) == band), key=strength)
        rank.update({n: i for i, n in enumerate(members)})
    order = sorted(
        degree,
        key=lambda n: (
            band_of(kind[n]) != 0,
            rank[n],
            _PRIORITY.index(band_of(kind[n]) or 0),
            strength(n),
        ),
    )
    chosen: set[str] = set()
    area = 0.0
    for n in order:
        w, h = label_box(str(graph.nodes[n].get("label", n)), float(graph.nodes[n].get("size") or 16))
        area += (w + GAP_X) * (h + GAP_Y)
        if area > OVERVIEW_AREA and band_of(kind[n]) != 0:
            break
        chosen.add(n)
    return chosen


def _order(members: list[str], placed_x: dict[str, float], graph: nx.MultiDiGraph, links: Any) -> list[str]:
    """Members sorted by the mean x of their already placed neighbours (fewer crossings)."""
    target: dict[str, float] = {}
    for m in members:
        xs = [placed_x[o] for o in links.get(m, ()) if o in placed_x]
        target[m] = sum(xs) / len(xs) if xs else float("inf")
    return sorted(members, key=lambda m: (target[m], str(graph.nodes[m].get("label", m)), str(m)))


def _pack(
    members: list[str],
    targets: dict[str, float],
    boxes: dict[str, tuple[float, float]],
    width: float,
    top: float,
) -> tuple[dict[str, tuple[float, float]], float]:
    """Place members (in order) on as few rows as their boxes need, starting at ``top``.

    Each member goes to the row with the most room left, as near its target x as the
    room still needed by the members after it allows, so rows fill evenly and x
    follows the order. Returns positions (node centres) and the bottom of the band.
    """
    total = sum(boxes[m][0] + GAP_X for m in members)
    rows = max(1, -(-int(total) // int(max(width, 1.0))))
    cursors = [0.0] * rows
    heights = [0.0] * rows
    chosen: dict[str, tuple[int, float]] = {}
    left_to_place = total
    for m in members:
        w = boxes[m][0] + GAP_X
        r = min(range(rows), key=lambda k: (cursors[k], k))
        # One row: each member near its target, keeping room for those still to come;
        # several rows: side by side, so that the band stays as narrow as planned.
        room = width - left_to_place if rows == 1 else cursors[r]
        left = max(cursors[r], min(targets.get(m, 0.0) - w / 2, room))
        chosen[m] = (r, left + w / 2)
        cursors[r] = left + w
        heights[r] = max(heights[r], boxes[m][1] + GAP_Y)
        left_to_place -= w
    tops = [top]
    for h in heights[:-1]:
        tops.append(tops[-1] + h)
    positions = {m: (x, tops[r] + 12.0) for m, (r, x) in chosen.items()}
    return positions, tops[-1] + heights[-1]


def story_layout(graph: nx.MultiDiGraph, *, aspect: float = 1.2) -> dict[str, tuple[float, float]]:
    """Positions of every node: the overview in its bands, on-demand nodes in bands below.

    The overview is packed to a width that makes it about ``aspect`` times as wide as
    tall (the graph pane of the page in a 1400×900 window); documents run left to right
    by date; in the other bands each node sits as near the mean x of its neighbours
    above as the label boxes allow. Deterministic: ordered by position, label and id.
    """
    view = overview(graph)
    kind = {n: graph.nodes[n].get("kind", "") for n in graph}
    sizes = {n: float(graph.nodes[n].get("size") or (18 if kind[n] == "plan" else 16)) for n in graph}
    boxes = {n: label_box(str(graph.nodes[n].get("label", n)), sizes[n]) for n in graph}
    links: dict[str, set[str]] = defaultdict(set)
    for u, v in graph.edges():
        links[u].add(v)
        links[v].add(u)
    for a, b, _ in view.links:
        links[a].add(b)
        links[b].add(a)
    area = sum((boxes[n][0] + GAP_X) * (boxes[n][1] + GAP_Y) for n in view.nodes) or 1.0
    width = max((area * aspect) ** 0.5, max((boxes[n][0] + GAP_X for n in graph), default=100.0))
    dates = document_dates(graph)
    placed: dict[str, tuple[float, float]] = {}
    top = 0.0
    bands = [[n for n in view.nodes if band_of(kind[n]) == i] for i in range(len(BANDS))]
    # On demand: folded kinds right below the overview (under the indicators they
    # report), then the overview kinds left out, then secondary kinds.
    rest = [n for n in graph if n not in view.nodes]
    more = [[n for n in rest if kind[n] in FOLDED], [n for n in rest if band_of(kind[n]) is not None]]
    more += [[n for n in rest if kind[n] in SECONDARY]]
    more.append([n for n in rest if band_of(kind[n]) is None and kind[n] not in FOLDED + SECONDARY])
    for i, members in enumerate(bands + more):
        if not members:
            continue
        x_of = {n: xy[0] for n, xy in placed.items()}
        if i == 0:
            ordered = sorted(members, key=lambda n: (dates.get(n, "9999"), str(n)))
            step = width / len(ordered)
            targets = {n: step * (j + 0.5) for j, n in enumerate(ordered)}
        else:
            ordered = _order(members, x_of, graph, links)
            targets = {
                n: (sum(x_of[o] for o in links[n] if o in x_of) / len([o for o in links[n] if o in x_of]))
                if any(o in x_of for o in links[n])
                else width / 2
                for n in ordered
            }
        positions, bottom = _pack(ordered, targets, boxes, width, top)
        placed.update(positions)
        top = bottom + (2 * GAP_Y if i < len(bands) else 6 * GAP_Y)
    return {n: (round(placed[n][0], 1), round(placed[n][1], 1)) for n in graph}
