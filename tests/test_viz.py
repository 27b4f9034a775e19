"""The graph page and charts, checked without a browser (see test_browser.py for that)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from relocgraph.analysis.charts import figure_rows, timeline_rows, write_charts
from relocgraph.analysis.network import KINDS, to_networkx
from relocgraph.cli import main
from relocgraph.model.errors import FocusError
from relocgraph.pipeline.build import build
from relocgraph.web.viz import (
    STYLE,
    find_node,
    focus,
    layout,
    notebook_view,
    to_html,
    to_pyvis,
    write_html,
)

ROOT = Path(__file__).resolve().parents[1]
ID = "https://w3id.org/relocgraph/id/"
PERNOD = ID + "person/stephanie-pernod"
HOSTILE = '<img src=x onerror="window.__pwned=1"></script><script>window.__pwned=2</script> \' " &amp; href'


@pytest.fixture(scope="module")
def dataset(seed_root):
    return build(seed_root).dataset


@pytest.fixture(scope="module")
def graph(dataset):
    return to_networkx(dataset)


def page_json(page: str) -> dict:
    match = re.search(r'<script id="relocgraph-data" type="application/json">(.*?)</script>', page, re.S)
    assert match, "data block missing"
    return json.loads(match.group(1))


def test_every_kind_has_a_colour_and_shape():
    assert set(STYLE) == set(KINDS)
    assert len({colour for colour, _ in STYLE.values()}) == len(STYLE)


def test_network_mirrors_the_projection(graph):
    net = to_pyvis(graph)
    assert [n["id"] for n in net.nodes] == list(graph.nodes)
    drawn = [e for e in net.edges if not e.get("comparison") and not e.get("overview")]
    assert len(drawn) == graph.number_of_edges()
    assert {n["group"] for n in net.nodes} == {d["kind"] for _, d in graph.nodes(data=True)}
    # Physics off and every node placed ahead: the page never moves on its own.
    assert net.options["physics"] == {"enabled": False}
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in net.nodes)
    # No vis tooltip: a title containing "href" would make pyvis's own template use innerHTML.
    assert not any("title" in n for n in net.nodes)


def test_page_is_self_contained(graph):
    page = to_html(to_pyvis(graph))
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page, re.I)
    assert not re.search(r"url\(\s*['\"]?https?:", page)
    assert "@import" not in page
    assert "default-src 'none'" in page  # the browser refuses any fetch, too
    assert "vis-network" in page and "relocgraph-data" in page


def test_figure_details_carry_value_period_attribution_and_quote(graph):
    net = to_pyvis(graph)
    detail = net.details[ID + "statement/cp-2024-11-22/public-investment"]
    facts = dict(detail["facts"])
    assert facts["Valeur"] == "165\u202f000\u202f000 €"
    assert facts["Attribué à"] == "plan de relocalisation stratégique"
    assert detail["statements"][0]["date"] == "2024-11-22"
    assert any("165M€" in span["quote"] for span in detail["statements"][0]["evidence"])


def test_curators_notes_and_interpretations_show_in_the_entity_panel(graph):
    net = to_pyvis(graph)
    caveat = "Symbio is better known as a maker of hydrogen fuel-cell systems"
    for node in ("organisation/symbio", "site/symbio-battery-production"):
        assert any(caveat in note for note in net.details[ID + node]["notes"]), node
    assert not any(caveat in note for note in net.details[PERNOD]["notes"])
    page = page_json(to_html(net))
    assert any(caveat in note for note in page["details"][ID + "organisation/symbio"]["notes"])
    # a curator's reading is flagged on its statement wherever the panel shows it
    invests = [d for d in net.edge_details.values() if d["property"].endswith("investsIn")]
    assert invests and all(st.get("interpretation") for d in invests for st in d["statements"])
    stated = [d for d in net.edge_details.values() if d["property"].endswith("carriedBy")]
    assert stated and not any(st.get("interpretation") for d in stated for st in d["statements"])


def test_disagreeing_documents_are_linked_and_flagged(graph):
    net = to_pyvis(graph)
    by_indicator = {d["indicator"]: d for d in net.disagreements}
    openings = by_indicator[ID + "indicator/net-industrial-site-openings"]
    assert openings["fields"] == ["Période", "Attribué à", "Publié par"]
    a, b = (
        ID + "statement/cp-2024-11-07/net-site-openings",
        ID + "statement/cp-2024-11-22/net-site-openings",
    )
    link = [e for e in net.edges if e.get("comparison") and {e["from"], e["to"]} == {a, b}]
    assert len(link) == 1 and link[0]["label"].startswith("diffère")
    flagged = {n["id"] for n in net.nodes if n.get("borderWidth") == 4}
    assert {a, b} <= flagged
    # Two versions from the same document are not a disagreement between documents.
    jobs = [
        n for n, d in graph.nodes(data=True) if d["kind"] == "figure" and d["label"].endswith("emplois créés")
    ]
    assert len(jobs) == 3 and not flagged & set(jobs)
    # The versions table shows every document's wording of the period.
    periods = {r["period"] for r in net.details[a]["versions"]}
    assert periods == {"En 2024 [...] au premier trimestre", "sur les premiers mois de 2024"}


def test_english_page(dataset):
    net = to_pyvis(to_networkx(dataset, lang="en"))
    labels = {d["label"] for d in net.details.values()}
    assert "Press release of 7 November 2024" in labels
    assert "Press release of 7\nNovember 2024" in {n["label"] for n in net.nodes}  # drawn wrapped
    assert page_json(to_html(net))["text"]["search"] == "Search a node…"
    assert {k["label"] for k in net.kinds} >= {"person", "reported figure", "document"}


def test_hostile_text_never_reaches_the_page_as_markup():
    g = nx.MultiDiGraph()
    g.add_node(
        HOSTILE,
        kind="quotation",
        label=HOSTILE,
        alt_labels=[HOSTILE],
        facts={"text": HOSTILE, "speaker_title": HOSTILE},
        statement={
            "statement": "s",
            "document": "d",
            "document_label": HOSTILE,
            "date": "2024-11-07",
            "evidence": [{"quote": HOSTILE}],
        },
    )
    g.add_node("d", kind="document", label=HOSTILE, facts={"dcterms:issued": ["2024-11-07"]})
    g.add_edge(HOSTILE, "d", key="p", property="p", label=HOSTILE, statements=[])
    page = to_html(to_pyvis(g, title=HOSTILE))
    assert HOSTILE not in page
    assert "<img src=x" not in page and "<script>window.__pwned" not in page
    assert page.count("</script>") == 4  # the template's own four scripts, nothing more
    data = page_json(page)
    assert data["title"] == HOSTILE
    assert data["details"][HOSTILE]["statements"][0]["evidence"][0]["quote"] == HOSTILE
    assert "&lt;img" in page.split("</title>")[0]  # <title> is HTML-escaped


def test_focus_keeps_the_neighbourhood(graph):
    assert find_node(graph, "stephanie pernod") == PERNOD
    assert find_node(graph, "Stéphanie PERNOD") == PERNOD
    one = focus(graph, "Stéphanie Pernod", depth=1)
    two = focus(graph, "Stéphanie Pernod", depth=2)
    assert PERNOD in one and set(one) < set(two) < set(graph)
    assert ID + "plan/relocalisation-strategique-2021" in one
    assert to_pyvis(two).nodes[list(two).index(PERNOD)]["size"] == 24


def test_focus_on_unknown_or_ambiguous_label(graph):
    with pytest.raises(FocusError, match="did you mean 'Stéphanie Pernod'"):
        find_node(graph, "Stefanie Pernot")
    with pytest.raises(FocusError, match="names several nodes"):
        find_node(graph, "emplois")


def test_layout_is_deterministic_and_keeps_parts_apart():
    g = nx.Graph([(1, 2), (2, 3), (3, 1)])
    g.add_nodes_from([4, 5])
    pos = layout(g)
    assert pos == layout(g)
    assert len(set(pos.values())) == 5
    main_bottom = max(pos[n][1] for n in (1, 2, 3))
    assert all(pos[n][1] > main_bottom for n in (4, 5))


def test_write_html_is_deterministic_and_atomic(graph, tmp_path):
    path = write_html(to_pyvis(graph), tmp_path / "g.html")
    first = path.read_bytes()
    write_html(to_pyvis(graph), path)
    assert path.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["g.html"]


def test_cli_viz(built_dir, tmp_path):
    runner = CliRunner()
    out = tmp_path / "pernod.html"
    result = runner.invoke(
        main,
        [
            "viz",
            "--input",
            str(built_dir / "relocgraph.trig"),
            "--focus",
            "Stéphanie Pernod",
            "--depth",
            "1",
            "-o",
            str(out),
            "--no-charts",
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.is_file() and "wrote" in result.output
    assert page_json(out.read_text())["focus"] == PERNOD
    bad = runner.invoke(
        main,
        ["viz", "--input", str(built_dir / "relocgraph.trig"), "--focus", "Nobody At All", "-o", str(out)],
    )
    assert bad.exit_code == 2 and "no node is called 'Nobody At All'" in bad.output


def test_timeline_rows_keep_each_documents_dating(dataset):
    rows = timeline_rows(dataset)
    adoption = [(r["date"], r["wording"]) for r in rows if r["label"].startswith("adoption")]
    assert adoption == [("2021-01-01", "Dès 2021"), ("2021-12-01", "adopté en décembre 2021")]
    assert [r["date"] for r in rows if r["kind"] == "document"] == ["2024-11-07", "2024-11-22"]
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_figure_rows(dataset):
    values = {(r["indicator"], r["value"]) for r in figure_rows(dataset)}
    assert {
        ("investissement public", 165000000),
        ("emplois créés", 14000),
        ("investissements privés nets", 3164000000),
        ("projets soutenus", 818),
    } <= values


def test_charts_are_written_deterministically(dataset, tmp_path):
    paths = write_charts(dataset, tmp_path)
    assert sorted(p.name for p in paths) == ["figures.png", "figures.svg", "timeline.png", "timeline.svg"]
    first = {p.name: p.read_bytes() for p in paths}
    write_charts(dataset, tmp_path)
    assert {p.name: p.read_bytes() for p in paths} == first
    assert first["timeline.png"].startswith(b"\x89PNG")
    assert b"Date" not in first["timeline.svg"].split(b"<g ")[0]


def test_notebook_view_embeds_the_escaped_page(graph):
    view = notebook_view(to_pyvis(graph))
    assert view.data.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert "<script" not in view.data


def test_story_layout_puts_kinds_in_bands_and_documents_in_date_order(graph):
    from relocgraph.web.graph.story import BANDS, band_of, label_box, overview

    pos = layout(graph)
    view = overview(graph)
    kinds = {n: graph.nodes[n]["kind"] for n in graph}
    # Bands top to bottom: documents, actors, plans, indicators; on-demand nodes below all.
    tops = [min(pos[n][1] for n in view.nodes if band_of(kinds[n]) == i) for i in range(len(BANDS))]
    bottoms = [max(pos[n][1] for n in view.nodes if band_of(kinds[n]) == i) for i in range(len(BANDS))]
    assert all(bottoms[i] < tops[i + 1] for i in range(len(BANDS) - 1))
    assert all(pos[n][1] > bottoms[-1] for n in graph if n not in view.nodes)
    docs = sorted((n for n in view.nodes if kinds[n] == "document"), key=lambda n: pos[n][0])
    assert docs == [ID + "document/cp-2024-11-07", ID + "document/cp-2024-11-22"]
    # The estimated label boxes of the first screen do not overlap.
    boxes = []
    for n in view.nodes:
        w, h = label_box(graph.nodes[n]["label"])
        boxes.append((pos[n][0] - w / 2, pos[n][1], pos[n][0] + w / 2, pos[n][1] + h))
    overlapping = [
        (a, b)
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    ]
    assert overlapping == []
    # Secondary and folded classes are not on the first screen; figures are folded into links.
    assert not {kinds[n] for n in view.nodes} & {"period", "role", "sector", "place", "figure", "quotation"}
    folded = {f for _, _, fs in view.links for f in fs}
    assert ID + "statement/cp-2024-11-07/net-site-openings" in folded


def test_overview_keeps_to_its_label_budget_at_corpus_size():
    from relocgraph.web.graph.story import GAP_X, GAP_Y, OVERVIEW_AREA, label_box, overview

    g = nx.MultiDiGraph()
    for d in range(30):
        g.add_node(
            f"d{d}",
            kind="document",
            label=f"Communiqué n° {d}",
            facts={"dcterms:issued": [f"2024-01-{d + 1:02}"]},
        )
    for i in range(12):
        g.add_node(f"i{i}", kind="indicator", label=f"indicateur {i}")
    for c in range(150):
        g.add_node(f"c{c}", kind="company", label=f"Entreprise numéro {c}")
        g.add_edge(f"c{c}", f"d{c % 30}", key="p", label="citée dans")
        g.add_node(f"f{c}", kind="figure", label=f"{c} emplois", statement={"document": f"d{c % 30}"})
        g.add_edge(f"f{c}", f"i{c % 12}", key="ind", label="indicateur")
        g.add_edge(f"f{c}", f"d{c % 30}", key="in", label="affirmé dans")
    view = overview(g)
    area = sum((w + GAP_X) * (h + GAP_Y) for w, h in (label_box(g.nodes[n]["label"]) for n in view.nodes))
    assert area <= OVERVIEW_AREA
    assert {f"d{d}" for d in range(30)} <= view.nodes and {f"i{i}" for i in range(12)} <= view.nodes
    assert 0 < sum(1 for n in view.nodes if n.startswith("c")) < 150
    linked = {n for a, b, _ in view.links for n in (a, b)} | {
        n for u, v in g.edges() if u in view.nodes and v in view.nodes for n in (u, v)
    }
    assert view.nodes <= linked
