"""Node positions for the graph page, computed ahead so the page never moves on its own.

:func:`layout` lays a graph of the projection (nodes with a ``kind``, up to
:data:`~relocgraph.web.graph.story.STORY_LIMIT` nodes) out in the bands of its overview
(:func:`relocgraph.web.graph.story.story_layout`), and any other graph with
:func:`force_layout`, which uses python-igraph's C layouts. ``import igraph`` costs about a second
(its drawing package imports matplotlib's pyplot), so it is imported only inside
:func:`layout`, and :func:`cached_layout` keeps positions per graph shape in the
build's cache folder: a page redrawn from an unchanged graph needs no igraph at all.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

import networkx as nx

from relocgraph.web.graph.style import DECLUTTER_LIMIT

#: Bump when :func:`layout` changes, so that cached positions are computed again.
LAYOUT_VERSION = "5"


def layout(graph: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Node positions in canvas pixels: the story bands for a projection of the
    knowledge graph (every node has a ``kind``), a force layout otherwise or beyond
    :data:`~relocgraph.web.graph.story.STORY_LIMIT` nodes.

    >>> pos = layout(nx.path_graph(3))
    >>> sorted(pos) == [0, 1, 2] and pos == layout(nx.path_graph(3))
    True
    """
    from relocgraph.web.graph.story import STORY_LIMIT, story_layout

    kinds = [d.get("kind") for _, d in graph.nodes(data=True)]
    if kinds and all(kinds) and len(kinds) <= STORY_LIMIT:
        return story_layout(graph)
    return force_layout(graph)


def force_layout(graph: nx.Graph, *, seed: int = 7, spacing: float = 170.0) -> dict[Any, tuple[float, float]]:
    """Node positions in pixels, computed ahead with igraph, one connected part at a time.

    Kamada–Kawai for parts up to 300 nodes (it spaces nodes evenly), igraph's C
    Fruchterman–Reingold beyond (grid variant above 1,000 nodes: 5,000 nodes in about
    half a CPU-second, where networkx needs scipy and minutes). Each part is scaled so
    its mean link is ``spacing`` pixels; the largest sits at the origin, the others on
    shelves below it. Seeded: the same graph gives the same positions.

    >>> pos = force_layout(nx.path_graph(3))
    >>> sorted(pos) == [0, 1, 2] and pos == force_layout(nx.path_graph(3))
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


def cached_layout(graph: nx.Graph, cache_dir: Path | str | None = None) -> dict[Any, tuple[float, float]]:
    """:func:`layout` of ``graph``, read from ``cache_dir`` when the same nodes and links
    were laid out before (positions depend on nothing else), and written there otherwise.

    A cache that cannot be read or written is ignored: positions are then computed.
    """
    if cache_dir is None:
        return layout(graph)
    nodes = [str(n) for n in graph.nodes]
    pairs = sorted({tuple(sorted((str(u), str(v)))) for u, v in graph.edges() if u != v})
    # The story layout also reads kinds, labels and dates: they are part of the key.
    looks = [
        [str(d.get("kind", "")), str(d.get("label", "")), str((d.get("statement") or {}).get("date", ""))]
        for _, d in graph.nodes(data=True)
    ]
    shape = [LAYOUT_VERSION, nodes, pairs, looks]
    key = hashlib.sha256(json.dumps(shape, ensure_ascii=False).encode("utf-8")).hexdigest()
    path = Path(cache_dir) / f"layout-{key[:24]}.json"
    try:
        cached = json.loads(path.read_text("utf-8"))
        if sorted(cached) == sorted(nodes):
            return {n: (cached[str(n)][0], cached[str(n)][1]) for n in graph.nodes}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    positions = layout(graph)
    try:
        from relocgraph.pipeline.outputs import write_text_atomic

        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, json.dumps({str(n): list(xy) for n, xy in positions.items()}, sort_keys=True))
    except OSError:
        pass
    return positions
