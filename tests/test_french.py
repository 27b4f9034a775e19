import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib.namespace import RDF

from relocgraph.model.errors import NumberFormatError
from relocgraph.model.namespaces import RG, SDMX_ATTRIBUTE, UNIT
from relocgraph.pipeline.french import format_french, parse_figure, parse_number
from relocgraph.pipeline.french_dates import date_from_iso, find_dates, parse_date, parse_french_date


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("165M€", 165_000_000, "EUR"),
        ("3,164Mds €", 3_164_000_000, "EUR"),
        ("1,2 milliard d'euros", 1_200_000_000, "EUR"),
        ("1,2 milliard d’euros", 1_200_000_000, "EUR"),
        ("2 M€", 2_000_000, "EUR"),
        ("14 000", 14_000, None),
        ("14\u202f000", 14_000, None),
        ("818", 818, None),
        ("12,5 %", Decimal("12.5"), "PERCENT"),
        ("première", 1, None),
        ("1re", 1, None),
        ("2,5 millions d'euros", 2_500_000, "EUR"),
    ],
)
def test_parse_figure_examples(text, value, unit):
    figure = parse_figure(text)
    assert figure.value == Decimal(value)
    assert figure.unit == unit


@pytest.mark.parametrize("text", ["", "beaucoup", "14 000 000 000 000 zorglubs", "1,2,3", "M€"])
def test_parse_figure_rejects_non_numbers(text):
    with pytest.raises(NumberFormatError):
        parse_figure(text)


def test_every_figure_in_the_graph_parses_to_its_stored_value(build_result):
    """The project's own parser turns each verbatim figure into the stored value and unit."""
    figures = 0
    for doc in build_result.documents:
        g = doc.graph
        for fig in g.subjects(RDF.type, RG.ReportedFigure):
            verbatim = str(g.value(fig, RG.verbatimValue))
            parsed = parse_figure(verbatim)
            assert parsed.value == Decimal(str(g.value(fig, RG.value))), fig
            unit = g.value(fig, SDMX_ATTRIBUTE.unitMeasure)
            assert unit == (UNIT.CCY_EUR if parsed.unit == "EUR" else UNIT.NUM), fig
            figures += 1
    assert figures == 16


@given(st.integers(min_value=0, max_value=10**15))
def test_format_then_parse_round_trips_integers(n):
    assert parse_number(format_french(n)) == n


@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False))
def test_format_then_parse_round_trips_decimals(d):
    assert parse_number(format_french(d)) == d


def test_parse_french_date():
    assert parse_french_date("Lyon, le 7 novembre 2024").isoformat() == "2024-11-07"
    with pytest.raises(NumberFormatError):
        parse_french_date("le 30 février 2024")


# --- Dates in any common French form (parse_date) -------------------------------------


@pytest.mark.parametrize(
    ("text", "precision", "lexical"),
    [
        ("29/03/2024", "day", "2024-03-29"),
        ("Le 29/03/2024", "day", "2024-03-29"),
        ("2024-06-27", "day", "2024-06-27"),
        ("Publié le 2024-06-27", "day", "2024-06-27"),
        ("31 oct 2025", "day", "2025-10-31"),
        ("Publié le : 31 oct. 2025", "day", "2025-10-31"),
        ("mars 2024", "month", "2024-03"),
        ("Mars 2025", "month", "2025-03"),
        ("1er trimestre 2024", "quarter", "2024-q1"),
        ("au premier trimestre de 2024", "quarter", "2024-q1"),
        ("premier semestre 2025", "half", "2025-h1"),
        ("S1 2024", "half", "2024-h1"),
        ("1er mars 2025", "day", "2025-03-01"),
        ("Lyon, le 7 novembre 2024", "day", "2024-11-07"),
        ("Auvergne-Rhône-Alpes – 17 mars 2021", "day", "2021-03-17"),
        ("en 2023", "year", "2023"),
    ],
)
def test_parse_date_reads_common_french_forms(text, precision, lexical):
    date = parse_date(text)
    assert (date.precision, date.lexical) == (precision, lexical)


def test_parse_date_keeps_the_precision_printed():
    month = parse_date("mars 2024")
    assert (month.start, month.end, month.xsd_type) == (
        dt.date(2024, 3, 1),
        dt.date(2024, 3, 31),
        "gYearMonth",
    )
    quarter = parse_date("1er trimestre 2024")
    assert (quarter.start, quarter.end, quarter.xsd_type) == (dt.date(2024, 1, 1), dt.date(2024, 3, 31), None)
    assert parse_date("premier semestre 2025").end == dt.date(2025, 6, 30)


@pytest.mark.parametrize("text", ["le 31/02/2024", "beaucoup", "13/13/2024", "Page 1 / 2", "14 000"])
def test_parse_date_refuses_what_is_not_a_date(text):
    with pytest.raises(NumberFormatError):
        parse_date(text, years=False)


def test_a_day_printed_without_its_year_is_read_only_in_a_given_year():
    with pytest.raises(NumberFormatError):
        parse_date("vendredi 12 mai", years=False)
    assert parse_date("vendredi 12 mai", year=2023).lexical == "2023-05-12"


def test_find_dates_in_reading_order():
    text = "Mis à jour le 17/05/2021. Au 1er semestre 2021, puis en juin 2021 et 2022."
    assert [d.lexical for d in find_dates(text)] == ["2021-05-17", "2021-h1", "2021-06", "2022"]


def test_every_date_as_printed_in_the_corpus_reads_as_its_issue_date(project_root):
    """Real printed dates (data/corpus/*.meta.toml): each reads as the record's issue date."""
    import tomllib

    checked = 0
    for path in sorted((project_root / "data" / "corpus").glob("*.meta.toml")):
        record = tomllib.loads(path.read_text(encoding="utf-8"))
        if not record["date_as_printed"]:
            continue
        issued = date_from_iso(record["issued"])
        printed = parse_date(record["date_as_printed"], year=issued.start.year)
        assert printed.lexical == issued.lexical, path.name
        checked += 1
    assert checked >= 10
