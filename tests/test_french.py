from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib.namespace import RDF

from relocgraph.model.errors import NumberFormatError
from relocgraph.model.namespaces import RG, SDMX_ATTRIBUTE, UNIT
from relocgraph.pipeline.french import format_french, parse_figure, parse_french_date, parse_number


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
