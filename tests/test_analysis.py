"""Network analyses on the seed graph: centrality, paths, credited outcomes, communities."""

from __future__ import annotations

import pytest

from relocgraph.analysis.metrics import (
    REPORTED_BY,
    centrality,
    communities,
    credited_outcomes,
    paths,
    resolve_node,
    simple_view,
)
from relocgraph.model.errors import QueryError

ID = "https://w3id.org/relocgraph/id/"


def test_region_is_the_most_central_actor(network):
    frame = centrality(network)
    top = frame["curie"].tolist()
    assert top[:2] == ["organisation:region-auvergne-rhone-alpes", "plan:relocalisation-strategique-2021"]
    # then the State (the registry, shared with the corpus, attaches the prefects' posts to
    # it), the president and the pack
    assert top[2:5] == ["organisation:etat", "person:laurent-wauquiez", "instrument:pack-relocalisation"]
    assert set(frame["kind"]) <= {
        "person",
        "organisation",
        "plan",
        "instrument",
        "policy",
        "company",
        "source",
    }
    assert frame["betweenness"].is_monotonic_decreasing


def test_without_reporting_links_the_plan_and_pack_gain(network):
    frame = centrality(network, drop_properties=(REPORTED_BY,))
    assert frame["curie"].tolist()[:3] == [
        "organisation:region-auvergne-rhone-alpes",
        "plan:relocalisation-strategique-2021",
        "instrument:pack-relocalisation",
    ]


def test_documents_and_derived_figures_are_left_out_by_default(network):
    kinds = {d["kind"] for _, d in simple_view(network).nodes(data=True)}
    assert "document" not in kinds and "derived" not in kinds
    assert "document" in {d["kind"] for _, d in simple_view(network, include_documents=True).nodes(data=True)}


def test_paths_from_an_official_to_a_site(network):
    frame = paths(network, "person:stephanie-pernod", "site:symbio-battery-production")
    assert frame["length"].min() == 4
    assert (
        frame.iloc[0]["path"] == "Stéphanie Pernod —occupe→ 1re vice-présidente déléguée à l'économie, à la "
        "relocalisation, à la préférence régionale et numérique —poste au sein de→ "
        "Région Auvergne-Rhône-Alpes —situé dans→ Auvergne-Rhône-Alpes ←situé dans— "
        "site de fabrication de batteries (Symbio)"
    )
    assert frame["length"].is_monotonic_increasing


def test_paths_from_an_official_to_a_figure(network):
    frame = paths(
        network,
        "Stéphanie Pernod",
        ID + "statement/cp-2024-11-22/jobs-results",
        drop_properties=(REPORTED_BY,),
    )
    assert frame.iloc[0]["path"] == (
        "Stéphanie Pernod ←porté par— plan de relocalisation "
        "stratégique ←attribué à— 14\u202f000 emplois créés"
    )


def test_credited_outcomes_per_actor(network):
    frame = credited_outcomes(network)
    pack = frame[frame["credited_to"] == "pack relocalisation"]
    assert sorted(pack["figure"].str.rsplit("/", n=1).str[-1]) == [
        "jobs-lead",
        "jobs-title",
        "rank-first-actor",
    ]
    assert set(pack["credited_kind"]) == {"instrument"}
    plan = frame[frame["credited_to"] == "plan de relocalisation stratégique"]
    assert len(plan) == 7
    assert not frame["figure"].str.contains("/derived/").any()


def test_communities_are_deterministic_and_cover_the_linked_nodes(network):
    first, second = communities(network), communities(network)
    assert first.equals(second)
    assert first["community"].min() == 0
    assert first.groupby("community")["size"].first().is_monotonic_decreasing


def test_resolve_node_errors_say_what_to_give(network):
    assert resolve_node(network, "person:laurent-wauquiez") == ID + "person/laurent-wauquiez"
    with pytest.raises(QueryError, match="no node named 'nobody'"):
        resolve_node(network, "nobody")
