"""Property-based tests of the French number and date parsers (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from relocgraph.pipeline.french import format_french, parse_figure, parse_number
from relocgraph.pipeline.french_dates import (
    MONTH_ABBREVIATIONS,
    MONTHS,
    date_from_iso,
    parse_date,
    parse_french_date,
    parse_french_period,
)
from relocgraph.pipeline.french_dates import MONTH_NAMES as FRENCH_MONTHS

MONTH_NAMES = dict(enumerate(FRENCH_MONTHS, start=1))
assert all(MONTHS[name] == n for n, name in MONTH_NAMES.items())
amounts = st.decimals(min_value=0, max_value=Decimal("1e15"), places=3, allow_nan=False, allow_infinity=False)
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


@given(amounts)
def test_format_french_round_trips_through_parse_number(value):
    assert parse_number(format_french(value)) == value


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["\u202f", "\u00a0", " "]))
def test_thousands_separators_are_any_french_space(value, space):
    assert parse_number(format_french(value).replace("\u202f", space)) == value


@given(
    st.integers(min_value=1, max_value=999_999),
    st.sampled_from(
        [
            ("M€", 10**6),
            (" M€", 10**6),
            ("Mds €", 10**9),
            (" milliards d'euros", 10**9),
            (" millions d’euros", 10**6),
            (" €", 1),
            (" euros", 1),
            ("k€", 10**3),
        ]
    ),
)
def test_money_in_full_units(thousandths, suffix):
    value = Decimal(thousandths) / 1000
    text = format_french(value) + suffix[0]
    assert parse_figure(text).value == value * suffix[1]
    assert parse_figure(text).unit == "EUR"


@given(st.decimals(min_value=0, max_value=100, places=1))
def test_percentages(value):
    figure = parse_figure(format_french(value) + " %")
    assert (figure.value, figure.unit) == (value, "PERCENT")


def _french(day: dt.date) -> str:
    month = MONTH_NAMES[day.month]
    return f"le {'1er' if day.day == 1 else day.day} {month} {day.year}"


@given(dates)
def test_parse_french_date_reads_what_we_write(day):
    assert parse_french_date(f"Lyon, {_french(day)}") == day


@given(dates)
def test_a_full_date_is_a_one_day_period(day):
    period = parse_french_period(_french(day))
    assert (period.key, period.start, period.end) == (day.isoformat(), day, day)


@given(st.integers(min_value=1900, max_value=2099), st.integers(min_value=1, max_value=12))
def test_month_periods_cover_the_whole_month(year, month):
    period = parse_french_period(f"en {MONTH_NAMES[month]} {year}")
    assert period.key == f"{year}-{month:02d}"
    assert period.start == dt.date(year, month, 1)
    assert (period.end + dt.timedelta(days=1)).day == 1 and period.end.month == month


@given(
    st.integers(min_value=1900, max_value=2099),
    st.sampled_from([("premier", 1), ("deuxième", 2), ("troisième", 3), ("quatrième", 4)]),
)
def test_quarters_tile_the_year(year, ordinal):
    word, n = ordinal
    period = parse_french_period(f"au {word} trimestre", year=year)
    assert period.key == f"{year}-q{n}"
    assert period.start == dt.date(year, 3 * n - 2, 1)
    assert period.end.month == 3 * n and (period.end + dt.timedelta(days=1)).day == 1


# --- parse_date: every common French form round-trips ----------------------------------


ABBREVIATIONS = {n: name for name, n in sorted(MONTH_ABBREVIATIONS.items(), key=lambda kv: -len(kv[0]))}


def _printed_forms(d: dt.date) -> list[str]:
    day = "1er" if d.day == 1 else str(d.day)
    forms = [
        f"{d.day:02d}/{d.month:02d}/{d.year}",
        f"Le {d.day}/{d.month}/{d.year}",
        d.isoformat(),
        f"Publié le {d.isoformat()}",
        f"{day} {MONTH_NAMES[d.month]} {d.year}",
        f"Lyon, le {day} {MONTH_NAMES[d.month].capitalize()} {d.year}",
    ]
    if d.month in ABBREVIATIONS:
        forms.append(f"{d.day} {ABBREVIATIONS[d.month]}. {d.year}")
    return forms


@given(dates)
def test_parse_date_reads_a_day_in_every_printed_form(d):
    for text in _printed_forms(d):
        parsed = parse_date(text)
        assert (parsed.precision, parsed.start, parsed.end) == ("day", d, d), text
        assert date_from_iso(parsed.lexical) == parsed.__class__("day", d, d, d.isoformat(), parsed.lexical)


@given(st.integers(min_value=1900, max_value=2099), st.integers(min_value=1, max_value=12))
def test_parse_date_reads_a_month_without_inventing_a_day(year, month):
    parsed = parse_date(f"en {MONTH_NAMES[month]} {year}")
    assert (parsed.precision, parsed.lexical) == ("month", f"{year}-{month:02d}")
    assert parsed.start == dt.date(year, month, 1) and parsed.end.month == month
    assert (parsed.end + dt.timedelta(days=1)).day == 1
    assert date_from_iso(parsed.lexical).start == parsed.start


@given(
    st.integers(min_value=1900, max_value=2099),
    st.sampled_from(
        [("premier", 1), ("1er", 1), ("deuxième", 2), ("2e", 2), ("troisième", 3), ("quatrième", 4)]
    ),
)
def test_parse_date_reads_quarters_and_halves_as_intervals(year, ordinal):
    word, n = ordinal
    quarter = parse_date(f"au {word} trimestre {year}")
    assert quarter.lexical == f"{year}-q{n}"
    assert quarter.start == dt.date(year, 3 * n - 2, 1)
    assert (quarter.end + dt.timedelta(days=1)) == (
        dt.date(year + 1, 1, 1) if n == 4 else dt.date(year, 3 * n + 1, 1)
    )
    if n <= 2:
        half = parse_date(f"{word} semestre {year}")
        assert (half.lexical, half.start) == (f"{year}-h{n}", dt.date(year, 6 * n - 5, 1))
