"""The graph page as a user meets it: Debian's Chromium, headless, from file://, offline.

Every request the page makes is recorded and anything but file:// is refused, so the
tests prove the page fetches nothing from the network.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from conftest import CHROMIUM_ARGS, require_chromium
from relocgraph.analysis.network import to_networkx
from relocgraph.pipeline.build import build
from relocgraph.web.viz import focus, to_pyvis, write_html

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ID = "https://w3id.org/relocgraph/id/"
PERNOD = ID + "person/stephanie-pernod"
OPENINGS_07 = ID + "statement/cp-2024-11-07/net-site-openings"
DOC_22 = ID + "document/cp-2024-11-22"
HOSTILE = (
    '<img src=x onerror="window.__pwned=1;alert(1)"></script>'
    "<script>window.__pwned=2</script> ' \" href=javascript:alert(3)"
)


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """One page opened in a fresh context, with its requests, dialogs and errors."""

    def __init__(self, browser, path: Path) -> None:
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 850})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector("body[data-drawn]", timeout=30_000)

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def node_point(self, node_id: str) -> tuple[float, float]:
        """Where a node is drawn, in page coordinates."""
        x, y = self.js(
            """id => { const n = relocgraph.network;
            const p = n.canvasToDOM(n.getPositions([id])[id]);
            const box = document.getElementById('graph').getBoundingClientRect();
            return [box.left + p.x, box.top + p.y]; }""",
            node_id,
        )
        return x, y

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def seed_graph(seed_root):
    return to_networkx(build(seed_root).dataset)


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory, seed_graph):
    return write_html(to_pyvis(seed_graph), tmp_path_factory.mktemp("page") / "graph.html")


@pytest.fixture()
def visit(browser, seed_page):
    v = Visit(browser, seed_page)
    yield v
    v.close()


def test_page_draws_every_node_and_link_offline(visit, seed_graph):
    net = to_pyvis(seed_graph)
    first = visit.js("relocgraph.network.body.nodeIndices.length")
    assert first == sum(n["overview"] for n in net.nodes) < len(net.nodes)  # the overview first
    visit.page.click("#show-all")
    counts = visit.js("""() => ({nodes: relocgraph.nodes.length, edges: relocgraph.edges.length,
        drawnNodes: relocgraph.network.body.nodeIndices.length,
        drawnEdges: relocgraph.network.body.edgeIndices.length,
        counts: document.getElementById('counts').textContent})""")
    assert counts["nodes"] == counts["drawnNodes"] == seed_graph.number_of_nodes() == len(net.nodes)
    overview_links = sum(1 for e in net.edges if e.get("overview"))
    assert counts["edges"] == len(net.edges) and counts["drawnEdges"] == len(net.edges) - overview_links
    assert counts["counts"] == f"{len(net.nodes)} nœuds · {len(net.edges) - overview_links} liens"
    assert visit.js("document.querySelectorAll('#legend input').length") == len(net.kinds)
    assert visit.requests and all(u.startswith("file://") for u in visit.requests)
    assert visit.blocked == [] and visit.errors == [] and visit.dialogs == []
    # A picture for people (build/graph-screenshot.png): one disagreement open in the panel.
    visit.js("id => relocgraph.select(id)", OPENINGS_07)
    visit.js("relocgraph.network.moveTo({scale: 0.9, animation: false})")
    visit.page.wait_for_timeout(200)
    shot = ROOT / "build" / "graph-screenshot.png"
    shot.parent.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000


def test_hovering_and_clicking_a_figure_shows_its_quote(visit, seed_graph):
    quote = seed_graph.nodes[OPENINGS_07]["statement"]["evidence"][0]["quote"]
    visit.page.click("#show-all")
    visit.js("id => relocgraph.network.focus(id, {scale: 1.5, animation: false})", OPENINGS_07)
    x, y = visit.node_point(OPENINGS_07)
    visit.page.mouse.move(x, y)
    visit.page.wait_for_selector("#tooltip:not([hidden])", timeout=5_000)
    tooltip = visit.page.inner_text("#tooltip")
    assert "chiffre publié" in tooltip and quote[:60] in tooltip.replace("\n", " ")
    visit.page.mouse.click(x, y)
    assert visit.page.inner_text("#panel-title") == seed_graph.nodes[OPENINGS_07]["label"]
    panel = visit.page.inner_text("#panel-body")
    assert quote in panel
    assert "Communiqué du 7 novembre 2024 — 2024-11-07" in panel
    assert "En 2024 [...] au premier trimestre" in panel  # the period, as printed
    # The other document's version is in the table, its differing period highlighted.
    differing = visit.js("[...document.querySelectorAll('td.differs')].map(td => td.textContent)")
    assert "sur les premiers mois de 2024" in differing


def test_filters_hide_classes_and_documents(visit, seed_graph):
    figures = {n for n, d in seed_graph.nodes(data=True) if d["kind"] == "figure"}
    visit.page.click("#show-all")
    visit.page.uncheck("input[data-kind=figure]")
    visible = set(visit.js("relocgraph.visibleNodeIds()"))
    assert visible == set(seed_graph) - figures
    assert visit.js("relocgraph.network.body.nodeIndices.length") == len(visible)
    hidden_edges = visit.js("""() => relocgraph.edges.get({filter: e => e.hidden && !e.overview})
        .map(e => [e.from, e.to])""")
    assert hidden_edges and all(a in figures or b in figures for a, b in hidden_edges)
    visit.page.check("input[data-kind=figure]")
    assert len(visit.js("relocgraph.visibleNodeIds()")) == seed_graph.number_of_nodes()

    visit.page.uncheck(f"input[data-document='{DOC_22}']")
    visible = set(visit.js("relocgraph.visibleNodeIds()"))
    only_22 = ID + "statement/cp-2024-11-22/supported-projects"
    assert only_22 not in visible and DOC_22 not in visible
    assert OPENINGS_07 in visible
    assert PERNOD in visible  # named by both documents
    assert ID + "statement/cp-2024-11-22/net-site-openings" not in visible


def test_search_finds_any_label_without_accents_and_focuses_it(visit):
    visit.page.fill("#search", "stephanie pernod")
    assert visit.page.inner_text("#search-results").strip() == "Stéphanie Pernod"
    visit.page.press("#search", "Enter")
    assert visit.js("relocgraph.selected") == PERNOD
    assert visit.js("relocgraph.network.getSelectedNodes()") == [PERNOD]
    assert visit.page.inner_text("#panel-title") == "Stéphanie Pernod"
    centre = visit.js("relocgraph.network.getViewPosition()")
    pos = visit.js("id => relocgraph.network.getPositions([id])[id]", PERNOD)
    assert abs(centre["x"] - pos["x"]) < 1 and abs(centre["y"] - pos["y"]) < 1
    # An alternative label, in capitals as the press release prints it.
    visit.page.fill("#search", "PANNEKOUCKE")
    visit.page.click("#search-results button")
    assert visit.js("relocgraph.selected") == ID + "person/fabrice-pannekoucke"


def test_an_entitys_panel_shows_the_curators_notes(visit):
    visit.js("id => relocgraph.select(id)", ID + "organisation/symbio")
    assert visit.page.inner_text("#panel-title") == "Symbio"
    body = visit.page.inner_text("#panel-body")
    # shown in the panel itself, not only inside a relation's folded details
    assert "notes du curateur" in body.lower() and "Symbio is better known as a maker of hydrogen" in body
    visit.js("id => relocgraph.select(id)", ID + "organisation/region-auvergne-rhone-alpes")
    relations = visit.page.inner_text("#panel-body").splitlines()
    # « investit dans » is the curator's reading: flagged on the relation itself
    invests = [line for line in relations if "investit dans" in line]
    assert invests and all("(interprétation du curateur)" in line for line in invests)
    assert not any("interprétation" in line for line in relations if "soutient" in line)


def test_focused_page_selects_its_centre(browser, seed_graph, tmp_path):
    path = write_html(to_pyvis(focus(seed_graph, "Stéphanie Pernod", depth=1)), tmp_path / "f.html")
    v = Visit(browser, path)
    try:
        assert v.js("relocgraph.selected") == PERNOD
        assert v.js("relocgraph.nodes.length") == 3
    finally:
        v.close()


def test_hostile_text_does_not_execute(browser, tmp_path):
    g = nx.MultiDiGraph()
    statement = {
        "statement": "s",
        "document": "doc",
        "document_label": HOSTILE,
        "date": "2024-11-07",
        "wording": HOSTILE,
        "notes": [HOSTILE],
        "evidence": [{"quote": HOSTILE + " href"}],
    }
    g.add_node(
        HOSTILE,
        kind="figure",
        label=HOSTILE,
        alt_labels=[HOSTILE + " alt"],
        facts={
            "value": 1,
            "unit": "unit:NUM",
            "verbatim": HOSTILE,
            "period": HOSTILE,
            "scope": HOSTILE,
            "credited_to": [HOSTILE],
            "reported_by": [HOSTILE],
        },
        statement=statement,
    )
    g.add_node("doc", kind="document", label=HOSTILE, facts={"dcterms:issued": [HOSTILE]})
    g.add_node("other", kind="person", label="plain", facts={"note": [HOSTILE]})
    g.add_edge(HOSTILE, "doc", key="p", property="p", label=HOSTILE, statements=[statement])
    g.add_edge("other", HOSTILE, key="q", property="q", label="q", statements=[statement])
    path = write_html(to_pyvis(g, title=HOSTILE), tmp_path / "hostile.html")
    v = Visit(browser, path)
    try:
        assert v.page.inner_text("#heading") == HOSTILE  # shown as text, not parsed
        v.page.click("#show-all")
        for node in (HOSTILE, "doc", "other"):  # hover (tooltip) and click (panel) each node
            x, y = v.node_point(node)
            v.page.mouse.move(x, y)
            v.page.wait_for_selector("#tooltip:not([hidden])", timeout=5_000)
            v.page.mouse.click(x, y)
            v.page.mouse.move(0, 0)
        v.js("id => relocgraph.select(id)", HOSTILE)
        assert HOSTILE + " href" in v.page.inner_text("#panel-body")
        v.page.fill("#search", "onerror")  # search results list hostile ids and labels
        assert v.js("document.querySelectorAll('#search-results button').length") == 2
        v.js("""() => { for (const e of relocgraph.edges.getIds()) relocgraph.showEdge(e); }""")
        v.page.wait_for_timeout(300)
        assert v.js("window.__pwned") is None
        assert v.dialogs == [] and v.errors == []
        assert v.js("document.querySelectorAll('img, iframe, a').length") == 0
        assert v.js("document.scripts.length") == 4
        assert v.blocked == []
    finally:
        v.close()


def test_benchmark_code_on_a_small_graph(browser, tmp_path):
    """Smoke test of benchmarks/viz_bench.py (the benchmark itself is not a test)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("viz_bench", ROOT / "benchmarks" / "viz_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    g = bench.synthetic_graph(40)
    assert g.number_of_nodes() == 40 and g.number_of_edges() == 80
    rows = bench.run([40], runs=1, timeout=30, pages=("relocgraph",), browser=browser)
    assert rows[0]["median_ms"] is not None and rows[0]["blocked"] == []
    out = tmp_path / "BENCHMARKS.md"
    out.write_text("# Benchmarks\n\n## Queries\n\nkept\n", encoding="utf-8")
    bench.write_markdown(bench.markdown(rows, "python benchmarks/viz_bench.py"), out)
    bench.write_markdown(bench.markdown(rows, "python benchmarks/viz_bench.py"), out)
    text = out.read_text()
    assert text.count(bench.HEADING) == 1 and "## Queries\n\nkept" in text
    assert "| 40 | 80 | relocgraph |" in text


def test_large_graph_uses_the_light_renderer(browser, tmp_path):
    """Beyond LARGE_GRAPH nodes the page draws with lite.js: same features, no vis-network."""
    from relocgraph.web.viz import LARGE_GRAPH

    n = LARGE_GRAPH + 200
    g = nx.MultiDiGraph()
    kinds = ["person", "organisation", "figure", "document", "sector"]
    for i in range(n):
        g.add_node(f"n{i}", kind=kinds[i % 5], label=f"nœud {i}", alt_labels=[], facts={})
    for i in range(n):
        g.add_edge(f"n{i}", f"n{(i * 7 + 1) % n}", key="p", property="p", label="lien", statements=[])
    g.nodes["n2"]["statement"] = {
        "statement": "s",
        "document": "n3",
        "document_label": "Doc",
        "date": "2024-11-07",
        "evidence": [{"quote": "la preuve exacte"}],
    }
    path = write_html(to_pyvis(g), tmp_path / "large.html")
    assert "vis-network" not in path.read_text()[:200_000]
    v = Visit(browser, path)
    try:
        assert v.js("relocgraph.renderer") == "lite"
        v.page.click("#show-all")
        assert v.js("relocgraph.network.body.nodeIndices.length") == n
        assert v.js("relocgraph.network.body.edgeIndices.length") == n
        v.js("id => relocgraph.network.focus(id, {scale: 2})", "n2")
        v.page.wait_for_timeout(100)
        x, y = v.node_point("n2")
        v.page.mouse.move(x, y)
        v.page.wait_for_selector("#tooltip:not([hidden])", timeout=5_000)
        v.page.mouse.click(x, y)
        assert v.page.inner_text("#panel-title") == "nœud 2"
        assert "la preuve exacte" in v.page.inner_text("#panel-body")
        target = f"n{n - 23}"
        v.page.fill("#search", f"noeud {n - 23}")  # "œ" typed as "oe"
        v.page.press("#search", "Enter")
        assert v.js("relocgraph.network.getSelectedNodes()") == [target]
        centre = v.js("relocgraph.network.getViewPosition()")
        pos = v.js("id => relocgraph.network.getPositions([id])[id]", target)
        assert centre == pos
        v.page.uncheck("input[data-kind=person]")
        # Persons are hidden, but for the searched node's neighbourhood (shown on demand).
        persons = [i for i in v.js("relocgraph.visibleNodeIds()") if g.nodes[i]["kind"] == "person"]
        neighbourhood = {target, *nx.all_neighbors(g, target)}
        assert set(persons) <= neighbourhood and len(persons) < 4
        assert v.js("relocgraph.network.body.nodeIndices.length") == n - n // 5 + len(persons)
        assert v.blocked == [] and v.errors == [] and v.dialogs == []
    finally:
        v.close()
