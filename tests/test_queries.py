"""Each named query's exact answer over the real seed graph.

The expected rows were checked by hand against the two press releases in data/sources/.
Rows are compared as multisets (each query's ORDER BY is checked separately where the
order is the point, as for the timeline).
"""

from collections import Counter

import pandas as pd
import pytest

from relocgraph.model.errors import QueryError
from relocgraph.store import run_query
from relocgraph.store.catalogue import get_query, list_queries

PRES = "Président de la Région Auvergne-Rhône-Alpes"
ADVISER = "conseiller spécial de la Région Auvergne-Rhône-Alpes"
VP_POST = (
    "1re vice-présidente déléguée à l'économie, à la relocalisation, à la préférence régionale et numérique"
)
VP_PRINTED = (
    "1re Vice-Présidente déléguée à l'économie, à la relocalisation, à la préférence régionale et numérique"
)
PLAN = "plan de relocalisation stratégique"
PACK = "pack relocalisation"
REGION = "Région Auvergne-Rhône-Alpes"
AGENCY = "Auvergne-Rhône-Alpes Entreprises"
NUM = "http://qudt.org/vocab/unit/NUM"
EUR = "http://qudt.org/vocab/unit/CCY_EUR"
D07, D22 = "2024-11-07", "2024-11-22"


def rows(frame: pd.DataFrame, columns: list[str]) -> list[tuple]:
    out = []
    for row in frame[columns].itertuples(index=False):
        cells = []
        for v in row:
            if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
                cells.append(None)
            elif isinstance(v, pd.Timestamp):
                cells.append(v.date().isoformat())
            elif hasattr(v, "item"):
                cells.append(v.item())
            else:
                cells.append(v)
        out.append(tuple(cells))
    return out


def same_rows(actual, expected):
    assert Counter(actual) == Counter(expected), (
        f"missing: {Counter(expected) - Counter(actual)}\nunexpected: {Counter(actual) - Counter(expected)}"
    )


def test_every_named_query_has_title_and_description():
    queries = list_queries()
    assert len(queries) >= 12
    for q in queries:
        assert q.title and q.description, q.name


def test_q1_officials_posts_and_who_carries_the_plan(dataset):
    frame = run_query("officials", store=dataset)
    same_rows(
        rows(
            frame,
            ["person_label", "relation", "object_label", "organisation_label", "title_as_printed", "date"],
        ),
        [
            (
                "Fabrice Pannekoucke",
                "holds post",
                PRES,
                REGION,
                "président de la Région Auvergne-Rhône-Alpes",
                D07,
            ),
            ("Fabrice Pannekoucke", "holds post", PRES, REGION, PRES, D22),
            ("Fabrice Pannekoucke", "holds post", PRES, REGION, "présidée par Fabrice PANNEKOUCKE", D22),
            (
                "Laurent Wauquiez",
                "holds post",
                "Conseiller spécial de la Région Auvergne-Rhône-Alpes",
                REGION,
                ADVISER,
                D07,
            ),
            (
                "Laurent Wauquiez",
                "holds post",
                "Conseiller spécial de la Région Auvergne-Rhône-Alpes",
                REGION,
                ADVISER,
                D22,
            ),
            ("Stéphanie Pernod", "carries", PLAN, REGION, "porté par Stéphanie PERNOD", D07),
            ("Stéphanie Pernod", "carries", PLAN, REGION, "porté par Stéphanie PERNOD", D22),
            ("Stéphanie Pernod", "holds post", VP_POST, REGION, VP_PRINTED, D07),
            ("Stéphanie Pernod", "holds post", VP_POST, REGION, VP_PRINTED, D22),
        ],
    )


def test_q2_plan_names_adoption_budget_pack_focus_and_agency(dataset):
    frame = run_query("plan", store=dataset)
    actual = rows(frame, ["subject_label", "aspect", "value_label", "wording", "date"])
    adoption = "adoption du plan de relocalisation stratégique"
    same_rows(
        actual,
        [
            (AGENCY, "supports", PLAN, "à l'appui de l'agence Auvergne-Rhône-Alpes Entreprises", D22),
            (adoption, "associated with", REGION, None, D22),
            (adoption, "time", "2021", "Dès 2021", D22),
            (adoption, "time", "décembre 2021", "adopté en décembre 2021", D07),
            ("création du pack relocalisation", "after", adoption, "par la suite", D07),
            ("création du pack relocalisation", "after", adoption, "par la suite", D22),
            (PACK, "adopted by", REGION, "en créant un « pack relocalisation »", D07),
            (PACK, "adopted by", REGION, "en créant un « pack relocalisation »", D22),
            (PACK, "focus area", "formation", "portant essentiellement sur [...] la formation", D07),
            (PACK, "focus area", "formation", "portant essentiellement sur [...] la formation", D22),
            (
                PACK,
                "focus area",
                "investissement productif",
                "portant essentiellement sur l'investissement productif",
                D07,
            ),
            (
                PACK,
                "focus area",
                "investissement productif",
                "portant essentiellement sur l'investissement productif",
                D22,
            ),
            # two quotes (two rows): « Dans le cadre de la mise en oeuvre… » and « en créant un pack »
            (
                PACK,
                "part of",
                PLAN,
                "Dans le cadre de la mise en oeuvre du « plan de relocalisation stratégique »",
                D07,
            ),
            (
                PACK,
                "part of",
                PLAN,
                "Dans le cadre de la mise en oeuvre du « plan de relocalisation stratégique »",
                D07,
            ),
            (PLAN, "adopted by", REGION, "la Région a adopté", D22),
            (PLAN, "aim", "reconquérir la souveraineté industrielle régionale", None, D07),
            (PLAN, "aim", "reconquérir la souveraineté industrielle régionale", None, D22),
            (PLAN, "alternative name", "grand plan de relocalisation stratégique", None, D22),
            (PLAN, "alternative name", "grand plan stratégique de relocalisation", None, D22),
            (PLAN, "alternative name", "plan de relocalisation stratégique", None, D07),
            (PLAN, "alternative name", "plan relocalisation", None, D22),
            (PLAN, "carried by", "Stéphanie Pernod", "porté par Stéphanie PERNOD", D07),
            (PLAN, "carried by", "Stéphanie Pernod", "porté par Stéphanie PERNOD", D22),
            (
                PLAN,
                "part of",
                "politiques régionales de réindustrialisation",
                "Ces chiffres témoignent de la solidité de nos politiques",
                D22,
            ),
            (
                PLAN,
                "part of",
                "politiques régionales de réindustrialisation",
                "Ces chiffres témoignent de la solidité de nos politiques",
                D22,
            ),
            (PLAN, "plan budget", "1200000000", "1,2 milliard d'euros", D22),
        ],
    )


def test_q3_every_reported_figure(dataset):
    frame = run_query("figures", store=dataset)
    assert frame["value"].dtype == "Int64"
    assert str(frame["date"].dtype).startswith("datetime64")
    both = "Auvergne-Rhône-Alpes Entreprises ; plan de relocalisation stratégique"
    same_rows(
        rows(
            frame,
            ["indicator_label", "value", "unit", "verbatim", "period", "credited_to", "reported_by", "date"],
        ),
        [
            ("projets d'implantation", 20, NUM, "20", "not stated", REGION, REGION, D07),
            ("projets d'implantation", 36, NUM, "36", "not stated", "France", REGION, D07),
            (
                "rang pour la réindustrialisation",
                1,
                NUM,
                "première",
                "En 2024 [...] au premier trimestre",
                REGION,
                REGION,
                D07,
            ),
            ("rang pour la réindustrialisation", 1, NUM, "première", "not stated", REGION, REGION, D07),
            (
                "rang pour la réindustrialisation",
                1,
                NUM,
                "premier",
                "not stated",
                REGION,
                "Laurent Wauquiez",
                D07,
            ),
            (
                "solde net d'ouvertures de sites industriels",
                20,
                NUM,
                "20",
                "En 2024 [...] au premier trimestre",
                REGION,
                "Baromètre industriel de l'État",
                D07,
            ),
            ("dotation du plan", 1200000000, EUR, "1,2 milliard d'euros", "not stated", PLAN, REGION, D22),
            ("emplois créés", 14000, NUM, "14 000", "not stated", PACK, REGION, D22),
            ("emplois créés", 14000, NUM, "14 000", "not stated", PLAN, REGION, D22),
            ("emplois créés", 14000, NUM, "14 000", "not stated", PACK, REGION, D22),
            ("investissement public", 165000000, EUR, "165M€", "not stated", PLAN, REGION, D22),
            ("investissements privés nets", 3164000000, EUR, "3,164Mds €", "not stated", PLAN, REGION, D22),
            ("projets soutenus", 818, NUM, "818", "not stated", PLAN, REGION, D22),
            ("rang pour la réindustrialisation", 1, NUM, "premier", "not stated", PACK, REGION, D22),
            ("rang pour la réindustrialisation", 1, NUM, "première", "not stated", both, REGION, D22),
            (
                "solde net d'ouvertures de sites industriels",
                20,
                NUM,
                "20",
                "sur les premiers mois de 2024",
                both,
                REGION,
                D22,
            ),
        ],
    )
    quotes = dict(
        zip(
            frame["figure"].str.rsplit("/", n=1).str[-1] + "@" + frame["date"].astype(str).str[:10],
            frame["quote"],
            strict=True,
        )
    )
    assert quotes["supported-projects@2024-11-22"] == "818 projets soutenus"
    assert quotes["implantation-projects-france@2024-11-07"] == (
        "en concentrant 20 des 36 projets d'implantation dans notre pays"
    )


def test_q3_figures_parameter_filters_by_indicator(dataset):
    frame = run_query("figures", store=dataset, params={"indicator": "indicator:jobs-created"})
    assert sorted(frame["credited_to"]) == [PACK, PACK, PLAN]


def test_q4_quoted_officials(dataset):
    frame = run_query("quotes", store=dataset)
    same_rows(
        rows(frame, ["speaker_label", "speaker_title", "date"]),
        [
            ("Fabrice Pannekoucke", "président de la Région Auvergne-Rhône-Alpes", D07),
            ("Laurent Wauquiez", ADVISER, D07),
            ("Fabrice Pannekoucke", PRES, D22),
            ("Laurent Wauquiez", ADVISER, D22),
        ],
    )
    texts = dict(
        zip(frame["speaker_label"] + "@" + frame["date"].astype(str).str[:10], frame["text"], strict=True)
    )
    assert texts["Laurent Wauquiez@2024-11-22"].startswith("Dès 2016, à la Région, nous avons refusé")
    assert texts["Laurent Wauquiez@2024-11-22"].endswith("nous ne devons pas céder à la fatalité ambiante.")
    assert texts["Fabrice Pannekoucke@2024-11-07"].endswith("un développement industriel responsable.")


def test_q5_companies_sites_and_sectors(dataset):
    frame = run_query("sites", store=dataset)
    symbio = "site de fabrication de batteries (Symbio)"
    ev = "sites de fabrication de véhicules électriques"
    same_rows(
        rows(frame, ["site_label", "company_label", "sector_label", "status", "date"]),
        [
            (symbio, "Symbio", "batteries", "stated", D07),
            (symbio, "Symbio", "mobilités douces", "interpretation", D07),
            (symbio, "Symbio", "énergies renouvelables", "interpretation", D07),
            (ev, None, "mobilités douces", "interpretation", D07),
            (ev, None, "véhicules électriques", "stated", D07),
            (ev, None, "énergies renouvelables", "interpretation", D07),
        ],
    )
    # the curator's caveat on Symbio travels with every sector of its site, and only there
    caveat = "Symbio is better known as a maker of hydrogen fuel-cell systems"
    notes = dict(
        zip(frame["site_label"] + "/" + frame["sector_label"], frame["note"].fillna(""), strict=True)
    )
    assert {key for key, note in notes.items() if caveat in note} == {
        f"{symbio}/batteries",
        f"{symbio}/mobilités douces",
        f"{symbio}/énergies renouvelables",
    }
    reading = "Curator's reading: the sentence dedicates"
    assert {key for key, note in notes.items() if reading in note} == {
        f"{symbio}/mobilités douces",
        f"{symbio}/énergies renouvelables",
        f"{ev}/mobilités douces",
        f"{ev}/énergies renouvelables",
    }
    assert notes[f"{ev}/véhicules électriques"] == ""


def test_q6_external_sources_and_their_figures(dataset):
    frame = run_query("external-sources", store=dataset)
    same_rows(
        rows(frame, ["source_label", "publisher_label", "indicator_label", "value", "period", "date"]),
        [
            (
                "Baromètre industriel de l'État",
                "État français",
                "solde net d'ouvertures de sites industriels",
                20,
                "En 2024 [...] au premier trimestre",
                D07,
            ),
        ],
    )


def test_q7_timeline_in_chronological_order(dataset):
    frame = run_query("timeline", store=dataset)
    assert rows(frame, ["begin", "item_label", "kind", "date_as_stated", "document_date"]) == [
        ("2016-01-01", "lancement des politiques de réindustrialisation", "event", "dès 2016", D07),
        ("2016-01-01", "lancement des politiques de réindustrialisation", "event", "dès 2016", D22),
        ("2021-01-01", "adoption du plan de relocalisation stratégique", "event", "Dès 2021", D22),
        (
            "2021-12-01",
            "adoption du plan de relocalisation stratégique",
            "event",
            "adopté en décembre 2021",
            D07,
        ),
        (D07, "Communiqué du 7 novembre 2024", "document", None, D07),
        (D22, "Communiqué du 22 novembre 2024", "document", None, D22),
    ]


def test_q8_figures_both_documents_report_side_by_side(dataset):
    frame = run_query("compare-figures", store=dataset)
    openings = frame[frame["indicator_label"] == "solde net d'ouvertures de sites industriels"]
    same_rows(
        rows(openings, ["value_agreement", "value", "period", "reported_by", "date"]),
        [
            ("agree", 20, "En 2024 [...] au premier trimestre", "Baromètre industriel de l'État", D07),
            ("agree", 20, "sur les premiers mois de 2024", REGION, D22),
        ],
    )
    rank = frame[frame["indicator_label"] == "rang pour la réindustrialisation"]
    assert (
        len(rank) == 5 and set(rank["value"]) == {1} and set(rank["date"].astype(str).str[:10]) == {D07, D22}
    )
    # « premier acteur de la réindustrialisation » is a reading, not a stated rank: listed, not counted
    same_rows(
        rows(rank, ["value_agreement", "verbatim", "date"]),
        [
            ("agree", "première", D07),
            ("agree", "première", D07),
            ("agree", "premier", D07),
            ("agree", "première", D22),
            ("interpretation", "premier", D22),
        ],
    )
    actor = rank[rank["value_agreement"] == "interpretation"]
    assert list(actor["figure"].astype(str).str.rsplit("/", n=1).str[-1]) == ["rank-first-actor"]
    assert set(frame["indicator_label"]) == {
        "solde net d'ouvertures de sites industriels",
        "rang pour la réindustrialisation",
    }


def test_q8_facts_both_documents_state_agree_or_differ(dataset):
    frame = run_query("compare-facts", store=dataset)
    table = Counter(rows(frame, ["subject_label", "aspect", "value_label", "agreement", "date"]))
    adoption = "adoption du plan de relocalisation stratégique"
    # the adoption date is worded differently: « Dès 2021 » versus « adopté en décembre 2021 »
    assert table[(adoption, "time", "2021", "differ", D22)] == 1
    assert table[(adoption, "time", "décembre 2021", "differ", D07)] == 1
    # both documents agree that Stéphanie Pernod carries the plan
    assert table[(PLAN, "carried by", "Stéphanie Pernod", "agree", D07)] == 1
    assert table[(PLAN, "carried by", "Stéphanie Pernod", "agree", D22)] == 1
    # each document names the plan its own way
    names = frame[(frame["aspect"] == "alternative name")]
    assert set(names["agreement"]) == {"differ"} and len(names) == 4
    assert len(frame) == 35


def test_statements_about_an_entity(dataset):
    frame = run_query("statements-about", store=dataset, params={"entity": "person:stephanie-pernod"})
    assert sorted(frame["aspect"]) == ["carried by", "carried by", "holds", "holds"]


def test_unknown_query_and_unknown_parameter_are_clear_errors(dataset):
    with pytest.raises(QueryError, match=r"no named query 'figurez'; known queries: .*figures"):
        get_query("figurez")
    with pytest.raises(QueryError, match="has no parameter 'who'"):
        run_query("figures", store=dataset, params={"who": "x"})


def test_sparql_syntax_error_names_line_and_column(dataset):
    with pytest.raises(QueryError, match=r"query:2:\d+: SPARQL syntax error"):
        run_query("SELECT ?s WHERE {\n  ?s ?p \n}", store=dataset)


def test_indicator_timeline_of_jobs_created(dataset):
    """The seed graph has one document that reports jobs created, three times (title, lead,
    results list), with no period: three points at that document's date, each with its quote."""
    frame = run_query("indicator-timeline", store=dataset, params={"indicator": "indicator:jobs-created"})
    same_rows(
        rows(
            frame, ["indicator_label", "when", "period", "date", "value", "unit", "verbatim", "credited_to"]
        ),
        [
            ("emplois créés", D22, "not stated", D22, 14000, NUM, "14 000", PACK),
            ("emplois créés", D22, "not stated", D22, 14000, NUM, "14 000", PLAN),
            ("emplois créés", D22, "not stated", D22, 14000, NUM, "14 000", PACK),
        ],
    )
    assert sorted(frame["quote"]) == [
        "14 000 emplois créés grâce au pack relocalisation de la Région Auvergne-Rhône-Alpes",
        "14 000 emplois industriels créés",
        "Grâce au « pack relocalisation », 14 000 emplois ont pu être créés sur notre territoire",
    ]
    assert set(frame["reported_by"]) == {REGION}


def test_indicator_timeline_orders_by_period_then_document_date(dataset):
    frame = run_query(
        "indicator-timeline", store=dataset, params={"indicator": "indicator:net-industrial-site-openings"}
    )
    assert rows(frame, ["when", "period", "period_begin", "date", "value"]) == [
        ("2024-01-01", "En 2024 [...] au premier trimestre", "2024-01-01", D07, 20),
        ("2024-01-01", "sur les premiers mois de 2024", "2024-01-01", D22, 20),
    ]
    # the first months of 2024: the end is not stated
    assert str(frame["period_end"][0])[:10] == "2024-03-31" and pd.isna(frame["period_end"][1])


def test_indicator_timeline_never_mixes_indicators(dataset):
    """Without the parameter, every indicator's points, grouped by indicator; the broader
    concept "jobs" has no points of its own (its narrower concepts are not folded in)."""
    frame = run_query("indicator-timeline", store=dataset)
    figures = run_query("figures", store=dataset)
    assert len(frame) == len(figures) == 16
    order = list(dict.fromkeys(frame["indicator"]))
    assert order == sorted(order)
    assert run_query("indicator-timeline", store=dataset, params={"indicator": "indicator:jobs"}).empty
