"""Write the notebooks in this folder from the cells below (outputs stripped).

The notebooks are generated, not edited by hand, so that they stay small, diff well and
are rebuilt when a named query changes (the SPARQL cookbook lists every ``.rq`` file).
``tests/test_notebooks.py`` checks that the committed notebooks are what this script
writes, then executes each one top to bottom.

    python notebooks/make_notebooks.py          # rewrite notebooks/*.ipynb
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent


def setup(*imports: str) -> str:
    """The first code cell: imports (third-party, then relocgraph), options, the graph."""
    lines = ["import pandas as pd", "", "import relocgraph as rg", *imports]
    return "\n".join(lines) + "\n\n" + SETUP_BODY


SETUP_BODY = """\
pd.set_option("display.max_colwidth", 90)
pd.set_option("display.max_columns", 20)
# build/ of this repository (its Oxigraph store), built first if missing or older than data/
kg = rg.open()"""

STATIC_VIEW = """\
import matplotlib.pyplot as plt
import networkx as nx

from relocgraph.web import viz


def draw(graph, title):
    \"\"\"A static drawing, for readers of this page on a code-hosting site.\"\"\"
    pos = nx.spring_layout(nx.Graph(graph), seed=7)
    colours = [viz.STYLE.get(d["kind"], ("#bab0ac", ""))[0] for _, d in graph.nodes(data=True)]
    fig, ax = plt.subplots(figsize=(11, 7))
    nx.draw_networkx(nx.Graph(graph), pos, ax=ax, node_color=colours, node_size=260,
                     labels={n: d["label"][:28] for n, d in graph.nodes(data=True)},
                     font_size=7, edge_color="#bbbbbb")
    ax.set_title(title)
    ax.axis("off")
    plt.show()"""


def quickstart() -> list:
    return [
        new_markdown_cell("""\
# relocgraph quickstart: load, query, view

relocgraph turns two press releases of the Auvergne-Rhône-Alpes Region (7 and 22 November
2024) into a knowledge graph in which **every fact carries the exact words of its source**.
This notebook loads the graph, runs named queries into pandas DataFrames and shows the
network. It runs from the repository root or from `notebooks/`, on a fresh clone: `rg.open()`
builds the graph first when `build/` is missing."""),
        new_code_cell(setup()),
        new_code_cell("""\
# One named graph per press release, plus the ontology, the entity registry,
# display labels and the figures relocgraph derives (graph:derived).
kg.query("SELECT ?graph (COUNT(*) AS ?triples) { GRAPH ?graph { ?s ?p ?o } } GROUP BY ?graph ORDER BY ?graph")"""),
        new_markdown_cell("""\
## Named queries

Each named query is a `.rq` file shipped with relocgraph (`src/relocgraph/queries/`);
`kg.query(name)` returns a DataFrame with numbers as numbers and dates as dates.
The same queries run on the command line: `relocgraph query figures`."""),
        new_code_cell("""kg.queries()[["name", "title", "parameters"]]"""),
        new_code_cell("""\
figures = kg.query("figures")
figures[["indicator_label", "value", "unit", "verbatim", "period", "credited_to", "date"]]"""),
        new_code_cell("""\
# Who holds which post, who carries the plan, with the title exactly as printed
officials = kg.query("officials")
officials[["person_label", "relation", "object_label", "title_as_printed", "date"]]"""),
        new_markdown_cell("""\
Queries take parameters (IRIs as CURIEs) and plain SPARQL strings work too — the project's
prefixes (`rg:`, `person:`, `indicator:`…) are declared for you."""),
        new_code_cell("""\
about = kg.query("statements-about", {"entity": "person:stephanie-pernod"})
about[["kind", "aspect", "object_label", "date", "quote"]]"""),
        new_code_cell("""\
kg.query(\"\"\"
SELECT ?document ?date (COUNT(?statement) AS ?statements) WHERE {
  ?statement rg:statedIn ?document . ?document dcterms:issued ?date .
} GROUP BY ?document ?date ORDER BY ?date
\"\"\")"""),
        new_markdown_cell("""\
## The network

`kg.to_networkx()` projects the graph onto a networkx `MultiDiGraph`: entities, figures and
quotations as nodes (with `kind`, `label`, `facts`), facts as edges labelled by property,
each edge carrying the statements (document, wording, quote) that state it."""),
        new_code_cell("""\
g = kg.to_networkx()
pd.Series([d["kind"] for _, d in g.nodes(data=True)]).value_counts().rename("nodes")"""),
        new_markdown_cell("""\
`kg.show()` displays the interactive view (the same page as `relocgraph viz`, offline)
inline; `focus=` keeps what lies within `depth` links of one node. Click a node to read its
evidence."""),
        new_code_cell("""kg.show(focus="plan de relocalisation stratégique", depth=1)"""),
        new_code_cell(
            STATIC_VIEW
            + """


draw(viz.focus(g, "plan de relocalisation stratégique", depth=1),
     "Within one link of the strategic relocation plan")"""
        ),
        new_markdown_cell("""\
## Next

- [02_figures](02_figures.ipynb): every figure with its evidence, and the derived figures.
- [03_network](03_network.ipynb): central actors, paths, communities.
- [04_sparql_cookbook](04_sparql_cookbook.ipynb): the named queries one by one, and how to
  write your own."""),
    ]


def figures() -> list:
    return [
        new_markdown_cell("""\
# Figures: what the documents report, and what relocgraph derives

Two kinds of numbers, never mixed:

- **reported figures** (`rg:ReportedFigure`): a value as one document prints it, with its
  period, what it is credited to, who reports it and the exact quote;
- **derived figures** (`rg:DerivedFigure`): ratios computed by documented rules
  (`src/relocgraph/rules/*.rq`), linked to their inputs and carrying the caveats the sources
  impose. They live in their own named graph, `graph:derived`, and no document states them."""),
        new_code_cell(setup()),
        new_markdown_cell("## Every reported figure, with its evidence"),
        new_code_cell("""\
reported = kg.query("figures")
reported[["indicator_label", "value", "unit", "verbatim", "period", "scope", "credited_to",
          "reported_by", "date", "quote"]]"""),
        new_markdown_cell("""\
Where both documents report the same indicator, side by side (the 20 net site openings:
« au premier trimestre » per the State's barometer on 7 November, « sur les premiers mois
de 2024 » with no source on 22 November):"""),
        new_code_cell("""\
kg.query("compare-figures")[
    ["indicator_label", "value_agreement", "value", "period", "reported_by", "date", "quote"]]"""),
        new_markdown_cell("""\
## Derived figures, with their inputs and caveats

Which inputs a rule combines: two reported figures stated in the same document and credited
to the same thing. The release of 22 November states « 14 000 » jobs three times — credited
to the relocation pack in its title and lead, to the plan in its results list — so the
per-job and per-project figures use the plan's statement, beside the plan's money and
projects, and a caveat names the two others with their quotes."""),
        new_code_cell("""\
derived = kg.query("derived-figures")
derived[["kind", "indicator_label", "value", "unit", "formula", "inputs"]]"""),
        new_code_cell("""\
# The caveats, one per line
caveats = derived[["indicator_label", "caveats"]].assign(
    caveat=derived["caveats"].str.split(" | ", regex=False)).explode("caveat")
for indicator, rows in caveats.groupby("indicator_label", sort=True):
    print(indicator.upper())
    for caveat in rows["caveat"]:
        print("  -", caveat)"""),
        new_markdown_cell("""\
Check by hand: recompute each derived value from the reported values (taken from the table
of reported figures, not from the derived graph)."""),
        new_code_cell("""\
from fractions import Fraction


def reported_value(statement):
    return int(reported.loc[reported["figure"].str.endswith(statement), "value"].iloc[0])


by_hand = {
    "public money per job created": ("cp-2024-11-22/public-investment", "cp-2024-11-22/jobs-results"),
    "private investment per public euro": ("cp-2024-11-22/private-investment",
                                           "cp-2024-11-22/public-investment"),
    "public money per supported project": ("cp-2024-11-22/public-investment",
                                           "cp-2024-11-22/supported-projects"),
    "jobs per supported project": ("cp-2024-11-22/jobs-results", "cp-2024-11-22/supported-projects"),
    "share of the plan's budget that the public money represents": (
        "cp-2024-11-22/public-investment", "cp-2024-11-22/plan-budget"),
    "the Region's share of national implantation projects": (
        "cp-2024-11-07/implantation-projects-region", "cp-2024-11-07/implantation-projects-france"),
}
rows = []
for label, (num, den) in by_hand.items():
    expected = Fraction(reported_value(num), reported_value(den))
    document = num.split("/")[0]  # other documents (the 2022 article) have ratios of their own
    of_document = derived["figure"].str.contains(f"/{document}/")
    got = derived.loc[(derived["indicator_label"] == label) & of_document, "value"].iloc[0]
    assert abs(float(expected) - got) < 1e-9, label
    rows.append((label, f"{reported_value(num)} / {reported_value(den)}", float(expected)))
pd.DataFrame(rows, columns=["derived indicator", "by hand", "value"])"""),
        new_markdown_cell("""\
## Charts — reported and derived told apart

Reported figures are solid bars with the figure as printed; derived figures are hatched, in
another colour, under a title that says they are computed."""),
        new_code_cell("""\
import matplotlib.pyplot as plt

euros = reported[reported["unit"].str.endswith("CCY_EUR")].drop_duplicates("figure")
counts = reported[reported["indicator"].str.endswith(("jobs-created", "supported-projects"))]

fig, axes = plt.subplots(1, 2, figsize=(12, 4))
axes[0].barh(euros["indicator_label"], euros["value"] / 1e6, color="#4e79a7")
for y, (value, verbatim) in enumerate(zip(euros["value"] / 1e6, euros["verbatim"])):
    axes[0].text(value, y, f" « {verbatim} »", va="center", fontsize=8)
axes[0].set_xlabel("millions of euros")
axes[0].set_title("REPORTED by the press release of 22 November 2024")
labels = [f"{name} ({f.rsplit('/', 1)[-1]})" for name, f in zip(counts["indicator_label"], counts["figure"])]
axes[1].barh(labels, counts["value"], color="#4e79a7")
axes[1].set_title("REPORTED counts (one bar per statement)")
plt.tight_layout()
plt.show()"""),
        new_code_cell("""\
fig, axes = plt.subplots(1, 2, figsize=(12, 3.5))
money = derived[derived["unit"].str.endswith("CCY_EUR")]
ratios = derived[~derived["unit"].str.endswith("CCY_EUR")]
axes[0].barh(money["indicator_label"], money["value"], color="#f28e2b", hatch="//", edgecolor="black")
axes[0].set_xlabel("euros")
axes[1].barh(ratios["indicator_label"], ratios["value"], color="#f28e2b", hatch="//",
             edgecolor="black")
fig.suptitle("DERIVED — computed by relocgraph from reported figures, not reported by any "
             "document (see the caveats above)", color="#b85c00")
plt.tight_layout()
plt.show()"""),
    ]


def network() -> list:
    return [
        new_markdown_cell("""\
# The network: central actors, paths, credited outcomes, communities

All analyses run on `kg.to_networkx()` and are in `relocgraph.analysis.metrics`. By default they
leave out the document nodes and the « stated in » links: every figure and quote is stated
in a document, so documents would otherwise look central without saying anything about
the actors."""),
        new_code_cell(
            setup("from relocgraph.analysis import metrics as analysis")
            + """
g = kg.to_networkx()"""
        ),
        new_markdown_cell("""\
## The most central actors

- **degree**: how many distinct things the documents link an actor to (posts, plans,
  figures credited to it, quotes…);
- **betweenness**: the share of shortest paths between two other nodes that pass through the
  actor — the actor that *connects* parts of the story.

The Region comes first partly because it *reports* almost every figure
(`prov:wasAttributedTo`). Dropping those reporting links measures who is central in what
the documents *credit*: the plan and the pack then come right after the Region."""),
        new_code_cell("""analysis.centrality(g)[["label", "kind", "degree", "betweenness"]]"""),
        new_code_cell("""\
analysis.centrality(g, drop_properties=(analysis.REPORTED_BY,))[
    ["label", "kind", "degree", "betweenness"]]"""),
        new_markdown_cell("""\
## Paths that link an official to a site, or to a figure

Links are followed in both directions; arrows show the direction the documents state."""),
        new_code_cell("""\
for text in analysis.paths(g, "person:stephanie-pernod", "site:symbio-battery-production")["path"][:3]:
    print(text, end="\\n\\n")"""),
        new_code_cell("""\
jobs = "https://w3id.org/relocgraph/id/statement/cp-2024-11-22/jobs-results"
for who in ("Stéphanie Pernod", "Laurent Wauquiez", "Fabrice Pannekoucke"):
    best = analysis.paths(g, who, jobs, drop_properties=(analysis.REPORTED_BY,)).iloc[0]
    print(f"{best['length']} links: {best['path']}")"""),
        new_markdown_cell("## Who and what each outcome is credited to"),
        new_code_cell("""\
outcomes = analysis.credited_outcomes(g)
outcomes[["credited_to", "credited_kind", "indicator", "verbatim", "period", "document"]]"""),
        new_code_cell("""outcomes.pivot_table(index="credited_to", columns="document", values="figure",
                     aggfunc="count", fill_value=0)"""),
        new_markdown_cell("""\
## Communities

Groups of densely linked nodes (greedy modularity on the undirected view)."""),
        new_code_cell("""\
groups = analysis.communities(g)
groups.groupby("community").agg(size=("size", "first"),
                                members=("label", lambda s: " · ".join(s[:6])))"""),
        new_markdown_cell("""\
## Focused views

The interactive view around one node (`kg.show(focus=…)`), and a static drawing of the
same neighbourhood for readers of this page on a code-hosting site."""),
        new_code_cell("""kg.show(focus="pack relocalisation", depth=1)"""),
        new_code_cell(
            STATIC_VIEW
            + """


draw(viz.focus(g, "pack relocalisation", depth=1), "Within one link of the relocation pack")"""
        ),
    ]


def cookbook() -> list:
    from relocgraph.store.catalogue import list_queries

    cells = [
        new_markdown_cell("""\
# SPARQL cookbook

Every named query shipped with relocgraph, explained one by one with its answer over the
seed graph, then how to write a new one. Each query is a `.rq` file in
`src/relocgraph/queries/` with a header: `# title:`, `# description:` and `# param:` lines.
Run one with `kg.query(name)` or `relocgraph query NAME`."""),
        new_code_cell(
            setup(
                "from relocgraph.model.table import compact_frame",
                "from relocgraph.store.catalogue import get_query",
            )
        ),
    ]
    for q in list_queries():
        params = "".join(f"\n- parameter `{p.name}`: {p.description}" for p in q.parameters)
        cells.append(new_markdown_cell(f"## `{q.name}` — {q.title}\n\n{q.description}{params}"))
        cells.append(new_code_cell(f'print(get_query("{q.name}").text)'))
        # a query whose parameter is required runs with an example value
        example = {"statements-about": ', {"entity": "person:stephanie-pernod"}'}.get(q.name, "")
        cells.append(new_code_cell(f'compact_frame(kg.query("{q.name}"{example})).head(8)'))
    cells += [
        new_markdown_cell("""\
## Parameters

A `# param:` line declares a variable the caller may bind; give IRIs as CURIEs."""),
        new_code_cell("""\
compact_frame(kg.query("figures", {"indicator": "indicator:jobs-created"}))[
    ["figure", "value", "credited_to", "quote"]]"""),
        new_markdown_cell("""\
## Writing a new query

1. Start from a pattern in the data model (`docs/data-model.md`): a statement has
   `rg:statedIn` its document and `rg:hasEvidence/oa:hasSelector/oa:exact` its quote; a
   reported figure has `rg:indicator`, `rg:value`, `rg:creditedTo`…
2. Use the project's prefixes freely — they are declared for every query:"""),
        new_code_cell("""\
from relocgraph.model.namespaces import PREFIXES

", ".join(PREFIXES)"""),
        new_markdown_cell("""\
3. Try it as a string. Tips: keep label language filters inside their `OPTIONAL` block
   (rdflib joins before filtering otherwise, which is slow); ask for `rg:ReportedFigure`
   explicitly so derived figures never pass for reported ones; `GRAPH ?doc { … }` tells
   which document states a fact.

Example — every figure credited to the relocation pack, with the quote:"""),
        new_code_cell("""\
my_query = \"\"\"# title: Figures credited to the relocation pack
# description: Each reported figure a document credits to the pack, with its quote.
SELECT ?figure ?indicator_label ?verbatim ?document ?quote WHERE {
  ?figure a rg:ReportedFigure ; rg:creditedTo instrument:pack-relocalisation ;
      rg:indicator ?indicator ; rg:verbatimValue ?verbatim ; rg:statedIn ?document ;
      rg:hasEvidence/oa:hasSelector/oa:exact ?quote .
  OPTIONAL { ?indicator rdfs:label ?indicator_label . FILTER(lang(?indicator_label) = "fr") }
}
ORDER BY ?figure
\"\"\"
compact_frame(kg.query(my_query))"""),
        new_markdown_cell("""\
4. Save it as a `.rq` file and run it from the command line with
   `relocgraph query --file pack-figures.rq`; to ship it as a named query, put it in
   `src/relocgraph/queries/` with its header and add a test of its exact rows in
   `tests/test_queries.py`."""),
        new_code_cell("""\
import subprocess
import sys
import tempfile
from pathlib import Path

with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "pack-figures.rq"
    path.write_text(my_query, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "relocgraph.cli", "query", "--file", str(path),
                          "--data", str(rg.find_root() / "build" / "relocgraph.trig"),
                          "--format", "csv"], capture_output=True, text=True, check=True)
print(run.stdout)"""),
    ]
    return cells


def checking_a_claim() -> list:
    return [
        new_markdown_cell("""\
# Checking a claim: from the release to the reference

The release of 7 November 2024 says that the Region counts « un solde net de 20 ouvertures
de sites industriels au premier trimestre, selon le Baromètre industriel de l'État ». Does
the barometer say so? relocgraph keeps third-party **reference documents** (kinds
`reference-*`: the barometer as republished, fact-checkers, other counters, companies'
own descriptions) and its build compares every claim with them (rules in
`src/relocgraph/pipeline/claims/`, verdicts in the named graph `graph:checks`)."""),
        new_code_cell(setup()),
        new_markdown_cell("## 1. The claim, as the release prints it"),
        new_code_cell("""\
figures = kg.query("figures", {"indicator": "indicator:net-industrial-site-openings"})
claim = figures[figures["figure"].astype(str).str.endswith("cp-2024-11-07/net-site-openings")]
claim[["verbatim", "period", "area_label", "reported_by", "date", "quote"]]"""),
        new_markdown_cell("""\
## 2. The reference documents

Third-party documents are documents like the releases: a text, a metadata record (kind,
publisher, URL, retrieval date) and statements whose quotes the build locates."""),
        new_code_cell("""\
docs = kg.query("documents")
references = docs[docs["document"].astype(str).str.contains("/ref-")]
references[["document", "date", "publisher_label", "title"]]"""),
        new_markdown_cell("""\
## 3. The verdicts, side by side with the evidence

One row per reference the claim was compared with: same indicator, same area,
overlapping period. The verdict is the first difference found; the reasons list them all."""),
        new_code_cell("""\
checks = kg.query("checks")
mine = checks[checks["claim"].astype(str).str.endswith("cp-2024-11-07/net-site-openings")]
mine[["verdict_label", "claim_value", "claim_quote", "reference_document", "reference_value",
      "reference_quote", "reasons"]]"""),
        new_markdown_cell("""\
The barometer's +20 for Auvergne-Rhône-Alpes is the net balance of the **first half** of
2024 (« premier semestre »): it is half-yearly, and publishes no quarter. Same value,
another period: *period differs*. The release of 22 November (« sur les premiers mois de
2024 », no source named) agrees with it:"""),
        new_code_cell("""\
later = checks[checks["claim"].astype(str).str.endswith("cp-2024-11-22/net-site-openings")]
later[["verdict_label", "claim_value", "reference_document", "reference_value", "reasons"]]"""),
        new_markdown_cell("""\
## 4. A company's sector

« la fabrication de batteries (Symbio) »: the company, and its shareholder, describe it as
a maker of hydrogen fuel-cell systems."""),
        new_code_cell("""\
sector = checks[checks["claim"].astype(str).str.endswith("cp-2024-11-07/symbio-site-sector")]
sector[["verdict_label", "claim_value", "reference_document", "reference_value", "reference_quote"]]"""),
        new_markdown_cell("""\
## 5. Every verdict at once

`relocgraph check` prints the same table and exits with status 1 when a check fails."""),
        new_code_cell("""\
checks.drop_duplicates("check").groupby(["outcome", "verdict_label"]).size()"""),
    ]


NOTEBOOKS = {
    "01_quickstart.ipynb": quickstart,
    "02_figures.ipynb": figures,
    "03_network.ipynb": network,
    "04_sparql_cookbook.ipynb": cookbook,
    "05_checking_a_claim.ipynb": checking_a_claim,
}


def make(name: str) -> nbformat.NotebookNode:
    """The notebook ``name``, with stable cell ids and no outputs."""
    nb = new_notebook(cells=NOTEBOOKS[name]())
    stem = name.split("_", 1)[0]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"nb{stem}-{i:02d}"
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return nb


def render(name: str) -> str:
    return nbformat.writes(make(name)) + "\n"


def main(out_dir: Path = HERE) -> None:
    for name in NOTEBOOKS:
        (out_dir / name).write_text(render(name), encoding="utf-8")
        print(f"wrote {out_dir / name}", file=sys.stderr)


if __name__ == "__main__":
    main()
