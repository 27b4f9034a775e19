"""Entity resolution (issue 12, item 2): names as real documents print them link to the
registry entity they name, with the reason shown; different things are never merged."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from relocgraph.ingest.draft import make_draft
from relocgraph.ingest.items import Item
from relocgraph.ingest.link import (
    FUZZY_LINK,
    Registry,
    load_registry,
    registry_of,
    resolve_indicator,
    resolve_post,
)
from relocgraph.model.namespaces import ID

ROOT = Path(__file__).resolve().parents[1]


def iri(curie: str) -> URIRef:
    kind, local = curie.split(":")
    return URIRef(f"{ID}{kind}/{local}")


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(ROOT / "data/entities.ttl")


@pytest.mark.parametrize(
    ("name", "kinds", "expected", "why"),
    [
        # a married / compound family name
        ("Stéphanie Pernod-Beaudon", ("person",), "person:stephanie-pernod", "rule: compound family name"),
        ("Stéphanie PERNOD-BEAUDON", ("person",), "person:stephanie-pernod", "rule: compound family name"),
        # case and accents
        ("STEPHANIE PERNOD", ("person",), "person:stephanie-pernod", "exact label"),
        ("Laurent Wauquiez", ("person",), "person:laurent-wauquiez", "exact label"),
        # en-dashes, and a space after a hyphen as a mirror site printed it
        (
            "Région Auvergne–Rhône–Alpes",
            ("organisation",),
            "organisation:region-auvergne-rhone-alpes",
            "rule",
        ),
        (
            "Région Auvergne- Rhône-Alpes",
            ("organisation",),
            "organisation:region-auvergne-rhone-alpes",
            "rule",
        ),
        # articles, apostrophes
        ("l’Etat", ("organisation",), "organisation:etat", "altLabel"),
        (
            "l'agence Auvergne-Rhône-Alpes Entreprises",
            ("organisation",),
            "organisation:auvergne-rhone-alpes-entreprises",
            "altLabel",
        ),
        # abbreviations (registry altLabels) and spacing
        ("AURA", ("organisation",), "organisation:region-auvergne-rhone-alpes", "altLabel"),
        ("AURA", ("place",), "place:auvergne-rhone-alpes", "altLabel"),
        ("BPI France", ("organisation",), "organisation:bpifrance", "altLabel"),
        ("BPIFRANCE", ("organisation",), "organisation:bpifrance", "exact label"),
        # three wordings of the 2021 plan
        (
            "Plan de relocalisation stratégique",
            ("plan", "instrument"),
            "plan:relocalisation-strategique-2021",
            "exact label",
        ),
        (
            "grand plan stratégique de relocalisation",
            ("plan", "instrument"),
            "plan:relocalisation-strategique-2021",
            "altLabel",
        ),
        ("plan relocalisation", ("plan", "instrument"), "plan:relocalisation-strategique-2021", "altLabel"),
    ],
)
def test_name_variants_link_to_the_existing_entity(registry, name, kinds, expected, why):
    link = registry.resolve(name, kinds=kinds)
    assert link.iri == iri(expected), link
    assert link.reason.startswith(why)


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        ("Marc Lefèvre", ("person",)),
        ("Stéphanie Martin", ("person",)),  # same given name, another family
        ("Laurent Pernod", ("person",)),  # same family name, another person
        ("Région Auvergne", ("organisation",)),  # what a broken dash reading leaves: not the Region
        ("Région Occitanie", ("organisation",)),
        ("Région Normandie", ("organisation",)),  # no Normandy Region in the registry (Grand Est is one now)
        ("plan de relance", ("plan", "instrument")),
        ("Plan Industrie Occitanie", ("plan", "instrument")),
        ("Symbiose", ("organisation",)),  # close to Symbio, not Symbio
        ("la Région", ("organisation",)),  # generic: by its context only
        ("usine", ("site",)),
    ],
)
def test_different_things_are_never_linked(registry, name, kinds):
    link = registry.resolve(name, kinds=kinds)
    assert link.iri is None, link


def test_a_near_name_is_shown_with_its_score_not_linked(registry):
    link = registry.resolve("Symbiose", kinds=("organisation",))
    assert link.closest is not None and link.closest[0] == iri("organisation:symbio")
    assert 0.7 <= link.closest[1] < FUZZY_LINK


def test_a_fuzzy_link_says_its_score(registry):
    link = registry.resolve("Auvergne Rhône Alpes Entreprise", kinds=("organisation",))
    assert link.iri == iri("organisation:auvergne-rhone-alpes-entreprises")
    assert link.reason.startswith("fuzzy 0.9")


# -- posts ---------------------------------------------------------------------------------

REGION = iri("organisation:region-auvergne-rhone-alpes")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # art-aura-ecomnews-2022-11, as printed
        (
            "1ère Vice-présidente de la Région déléguée à l’Economie, à la Relocalisation, à la "
            "Préférence régionale et au Numérique, et de l’Agence Auvergne-Rhône-Alpes Entreprises",
            "post:region-first-vice-president-economy",
        ),
        # the seed releases, as printed
        (
            "1^{re} Vice-Présidente déléguée à l’économie, à la relocalisation, à la préférence "
            "régionale et numérique",
            "post:region-first-vice-president-economy",
        ),
        ("président de la Région Auvergne-Rhône-Alpes", "post:region-president"),
        ("Présidente de la Région Auvergne–Rhône–Alpes", "post:region-president"),
        ("conseiller spécial de la Région Auvergne-Rhône-Alpes", "post:region-special-adviser"),
    ],
)
def test_a_post_worded_otherwise_links_to_the_registry_post(registry, title, expected):
    link = resolve_post(registry, title, REGION)
    assert link.iri == iri(expected), link


def test_a_post_of_another_organisation_or_role_is_not_linked(registry):
    other = iri("organisation:region-occitanie")
    assert resolve_post(registry, "président de la région", other).iri is None
    assert resolve_post(registry, "président de la région", None).iri is None
    assert resolve_post(registry, "Vice-Président en charge de l'industrie", REGION).iri is None
    assert resolve_post(registry, "vice-présidente", REGION).iri is None  # a bare shared role


def test_the_president_of_another_region_gets_a_post_of_its_own(registry):
    """« président de la région » in a Centre-Val de Loire article is not the AURA post."""
    text = "Premières relocalisations\n\nFrançois Bonneau, président de la région, salue les projets.\n"
    items = [
        Item("person", "François Bonneau", 27, 43, 0.9, attrs={"name": "François Bonneau"}),
        Item("post", "président de la région", 45, 68, 0.8, attrs={"person": "François Bonneau"}),
    ]
    draft = make_draft(text, items, slug="cvl", registry=registry)
    post = draft.links[id(items[1])]
    assert post[1] == "new" and post[0] != "post:region-president"


# -- sites ---------------------------------------------------------------------------------


def _site_items(text: str, company: str, site: str) -> list[Item]:
    c, s = text.index(company), text.index(site)
    return [
        Item("company", company, c, c + len(company), 0.8, attrs={"name": company}),
        Item("site", site, s, s + len(site), 0.7, attrs={"name": site}),
    ]


SITES = [
    ("Arkema agrandit son usine à Saint-Fons.", "Arkema", "usine à Saint-Fons"),
    ("ACC ouvre son usine à Douvrin.", "ACC", "usine à Douvrin"),
    ("Aluminium Dunkerque modernise son usine à Dunkerque.", "Aluminium Dunkerque", "usine à Dunkerque"),
    ("Airbus agrandit son usine à Toulouse.", "Airbus", "usine à Toulouse"),
    ("Arkema ouvre une usine à Toulouse.", "Arkema", "usine à Toulouse"),
]


def test_plants_are_named_by_company_and_place_and_never_share_an_iri(registry):
    seen = {}
    for k, (text, company, site) in enumerate(SITES):
        items = _site_items(text, company, site)
        draft = make_draft(text, items, slug=f"doc-{k}", registry=registry)
        curie, status = draft.links[id(items[1])]
        # the registry holds one of these plants since the Élysée page of 12 May 2023 was curated:
        # the same company at the same place is the same site
        assert status == "new" or curie == "site:aluminium-dunkerque-dunkerque", (text, curie)
        seen[text] = curie
    assert seen[SITES[0][0]] == "site:arkema-saint-fons"
    assert seen[SITES[3][0]] == "site:airbus-toulouse"
    assert len(set(seen.values())) == len(SITES)  # different company or place: different IRI
    assert "site:usine" not in seen.values()


def test_a_bare_usine_is_never_a_shared_site(registry):
    curies = []
    for k in range(2):
        text = "Le ministre a visité l’usine ce matin."
        start = text.index("usine")
        item = Item("site", "usine", start, start + 5, 0.7, attrs={"name": "usine"})
        draft = make_draft(text, [item], slug=f"doc-{k}", registry=registry)
        curies.append(draft.links[id(item)][0])
        assert "TODO: a site is named by company + place" in (draft.entities_text or "")
    assert curies == ["site:doc-0-usine", "site:doc-1-usine"]


# -- indicators ----------------------------------------------------------------------------

#: The indicator scheme's shape (as in data/entities.ttl): a broader concept and narrower
#: ones whose words are close but whose meaning differs.
SCHEME = """
@prefix rg: <https://w3id.org/relocgraph/ontology#> .
@prefix indicator: <https://w3id.org/relocgraph/id/indicator/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#> .
@prefix unit: <http://qudt.org/vocab/unit/> .
indicator:jobs a rg:Indicator ; skos:prefLabel "emplois"@fr ; sdmx-attribute:unitMeasure unit:NUM .
indicator:jobs-created a rg:Indicator ; skos:prefLabel "emplois créés"@fr , "jobs created"@en ;
    skos:altLabel "emplois industriels"@fr , "créations d'emplois"@fr ; sdmx-attribute:unitMeasure unit:NUM .
indicator:jobs-planned a rg:Indicator ; skos:prefLabel "emplois prévus"@fr ;
    skos:altLabel "emplois potentiels"@fr ; sdmx-attribute:unitMeasure unit:NUM .
indicator:jobs-safeguarded a rg:Indicator ; skos:prefLabel "emplois sauvegardés"@fr ;
    sdmx-attribute:unitMeasure unit:NUM .
indicator:financial-amounts a rg:Indicator ; skos:prefLabel "montants financiers"@fr ;
    sdmx-attribute:unitMeasure unit:CCY_EUR .
"""


@pytest.fixture(scope="module")
def scheme() -> Registry:
    return registry_of(Graph().parse(data=SCHEME, format="turtle"))


@pytest.mark.parametrize(
    ("words", "unit", "expected"),
    [
        ("emplois créés", "jobs", "indicator:jobs-created"),
        ("emplois industriels", "jobs", "indicator:jobs-created"),
        ("créations d'emplois", "jobs", "indicator:jobs-created"),
        ("emplois industriels créés", "jobs", "indicator:jobs-created"),
        ("emplois potentiels", "jobs", "indicator:jobs-planned"),
        ("emplois prévus", "jobs", "indicator:jobs-planned"),
        ("emplois sauvegardés", "jobs", "indicator:jobs-safeguarded"),
        ("emplois", "jobs", "indicator:jobs"),
        ("", "EUR", "indicator:financial-amounts"),
    ],
)
def test_indicator_words_map_to_the_scheme(scheme, words, unit, expected):
    link = resolve_indicator(scheme, words, unit)
    assert link.iri == iri(expected), link


def test_promised_or_kept_jobs_never_map_to_jobs_created(scheme):
    for words in ("emplois potentiels", "emplois prévus", "emplois sauvegardés", "emplois créés prévus"):
        assert resolve_indicator(scheme, words, "jobs").iri != iri("indicator:jobs-created")
    # a qualifier the scheme does not know still blocks the narrower concept
    assert resolve_indicator(scheme, "emplois créés menacés", "jobs").iri != iri("indicator:jobs-created")
    # another unit never links: a share of jobs is not a count of jobs
    assert resolve_indicator(scheme, "emplois", "PERCENT").iri is None


def test_seed_registry_indicators_link(registry):
    assert resolve_indicator(registry, "projets soutenus", "projects").iri == iri(
        "indicator:supported-projects"
    )
    assert resolve_indicator(registry, "investissements privés nets", "EUR").iri == iri(
        "indicator:private-investment"
    )


def test_the_registry_scheme_maps_the_issue_wordings(registry):
    """The words of issue 12 against data/entities.ttl's own indicator scheme."""
    if not registry.has(iri("indicator:jobs-planned")):
        pytest.skip("the registry has no indicator scheme with planned jobs yet (corpus-model)")
    for words in ("emplois créés", "emplois industriels", "créations d'emplois", "emplois industriels créés"):
        assert resolve_indicator(registry, words, "jobs").iri == iri("indicator:jobs-created"), words
    distinct = {
        words: resolve_indicator(registry, words, "jobs").iri
        for words in ("emplois potentiels", "emplois prévus", "emplois sauvegardés")
    }
    assert distinct["emplois potentiels"] == distinct["emplois prévus"] == iri("indicator:jobs-planned")
    assert distinct["emplois sauvegardés"] == iri("indicator:jobs-safeguarded")
    assert resolve_indicator(registry, "ouvertures nettes", "ouvertures").iri == iri(
        "indicator:net-industrial-site-openings"
    )
