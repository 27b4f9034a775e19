"""Read dates and periods as French texts print them, at the precision printed.

``parse_french_date`` reads « 7 novembre 2024 »; ``parse_french_period`` the period a phrase
states (« au premier trimestre », « entre 2021 et 2024 »); ``find_dates`` and ``parse_date``
every common form (« 29/03/2024 », « 2024-06-27 », « 31 oct 2025 », « mars 2024 »,
« 1er trimestre 2024 ») as a :class:`FrenchDate` that knows its precision.

>>> parse_french_date("Lyon, le 7 novembre 2024")
datetime.date(2024, 11, 7)
>>> parse_date("le 29/03/2024").precision
'day'
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from relocgraph.model.errors import NumberFormatError

#: The twelve French month names, as printed ("le 7 novembre 2024"), January first.
MONTH_NAMES: tuple[str, ...] = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

MONTHS: dict[str, int] = {
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
}

_DATE = re.compile(r"\b(?P<day>1er|\d{1,2})\s+(?P<month>[a-zéèûô]+)\s+(?P<year>\d{4})\b", re.IGNORECASE)


def parse_french_date(text: str) -> _dt.date:
    """Read the first full French date in a text ("le 1er décembre 2021").

    >>> parse_french_date("Lyon, le 22 novembre 2024")
    datetime.date(2024, 11, 22)
    >>> parse_french_date("le 1er août 2025")
    datetime.date(2025, 8, 1)
    >>> parse_french_date("le 31 février 2024")
    Traceback (most recent call last):
    ...
    relocgraph.model.errors.NumberFormatError: no valid French date in 'le 31 février 2024'
      hint: write dates as printed, e.g. 'le 7 novembre 2024'
    """
    for match in _DATE.finditer(text):
        month = MONTHS.get(match.group("month").lower())
        if month is None:
            continue
        day = 1 if match.group("day").lower() == "1er" else int(match.group("day"))
        try:
            return _dt.date(int(match.group("year")), month, day)
        except ValueError:
            break
    raise NumberFormatError(
        f"no valid French date in {text!r}", hint="write dates as printed, e.g. 'le 7 novembre 2024'"
    )


@dataclass(frozen=True)
class Period:
    """A period as a French text states it: a slug for its IRI and its bounds when stated.

    ``key`` follows the registry's ``period:`` slugs (``2016``, ``2021-12``, ``2024-q1``,
    ``2024-first-months``); ``start``/``end`` are ``None`` where the text leaves them open.
    """

    key: str
    start: _dt.date | None
    end: _dt.date | None


_ORDINAL_PART = {
    "premier": 1,
    "1er": 1,
    "deuxième": 2,
    "deuxieme": 2,
    "second": 2,
    "2e": 2,
    "2ème": 2,
    "troisième": 3,
    "troisieme": 3,
    "3e": 3,
    "3ème": 3,
    "quatrième": 4,
    "quatrieme": 4,
    "4e": 4,
    "4ème": 4,
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_YEAR = r"(?:19|20)\d{2}"
_PART = re.compile(
    rf"\b(?P<ord>{'|'.join(_ORDINAL_PART)})\s+(?P<kind>trimestre|semestre)"
    rf"(?:\s+(?:de\s+|d['’]\s*)?(?P<year>{_YEAR}))?",
    re.IGNORECASE,
)
_RANGE = re.compile(
    rf"\b(?:entre\s+(?P<a1>{_YEAR})\s+et\s+(?P<b1>{_YEAR})|de\s+(?P<a2>{_YEAR})\s+à\s+(?P<b2>{_YEAR})"
    rf"|(?P<a3>{_YEAR})\s*[-–]\s*(?P<b3>{_YEAR}))\b",
    re.IGNORECASE,
)
_FIRST_MONTHS = re.compile(rf"\bpremiers\s+mois\s+(?:de\s+|d['’]\s*)?(?P<year>{_YEAR})", re.IGNORECASE)
_UNTIL = re.compile(rf"\b(?:d['’]ici|jusqu['’]en|jusqu['’]à)\s+(?P<year>{_YEAR})\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b(?P<month>{_MONTH_NAMES})\s+(?P<year>{_YEAR})\b", re.IGNORECASE)
_YEAR_ONLY = re.compile(rf"\b(?P<year>{_YEAR})\b")


def _month_end(year: int, month: int) -> _dt.date:
    nxt = _dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - _dt.timedelta(days=1)


def parse_french_period(text: str, *, year: int | None = None) -> Period:
    """Read the period a French phrase states; ``year`` fills in a quarter's missing year.

    A start word such as « dès » or « depuis » keeps the period it starts from (« dès 2016 »
    is the year 2016, as the registry records it); « d'ici 2028 » is open at the start.

    >>> parse_french_period("en décembre 2021")
    Period(key='2021-12', start=datetime.date(2021, 12, 1), end=datetime.date(2021, 12, 31))
    >>> parse_french_period("au premier trimestre", year=2024).key
    '2024-q1'
    >>> parse_french_period("sur les premiers mois de 2024")
    Period(key='2024-first-months', start=datetime.date(2024, 1, 1), end=None)
    >>> parse_french_period("entre 2021 et 2024").key
    '2021-2024'
    >>> parse_french_period("le 1er mars 2025").key
    '2025-03-01'
    >>> parse_french_period("bientôt")
    Traceback (most recent call last):
    ...
    relocgraph.model.errors.NumberFormatError: no French period in 'bientôt'
      hint: periods read are dates, months, years, quarters, half-years and year ranges
    """
    for reader in _PERIOD_READERS:
        period = reader(text, year)
        if period is not None:
            return period
    raise NumberFormatError(
        f"no French period in {text!r}",
        hint="periods read are dates, months, years, quarters, half-years and year ranges",
    )


def _as_day(text: str, year: int | None) -> Period | None:
    try:
        day = parse_french_date(text)
    except NumberFormatError:
        return None
    return Period(day.isoformat(), day, day)


def _as_part_of_year(text: str, year: int | None) -> Period | None:
    m = _PART.search(text)
    y = (int(m.group("year")) if m.group("year") else year) if m else None
    if m is None or y is None:
        return None
    n = _ORDINAL_PART[m.group("ord").lower()]
    size = 3 if m.group("kind").lower() == "trimestre" else 6
    if n * size > 12:
        return None
    first = (n - 1) * size + 1
    key = f"{y}-{'q' if size == 3 else 'h'}{n}"
    return Period(key, _dt.date(y, first, 1), _month_end(y, first + size - 1))


def _as_first_months(text: str, year: int | None) -> Period | None:
    m = _FIRST_MONTHS.search(text)
    return (
        Period(f"{int(m.group('year'))}-first-months", _dt.date(int(m.group("year")), 1, 1), None)
        if m
        else None
    )


def _as_range(text: str, year: int | None) -> Period | None:
    m = _RANGE.search(text)
    if not m:
        return None
    a = int(m.group("a1") or m.group("a2") or m.group("a3"))
    b = int(m.group("b1") or m.group("b2") or m.group("b3"))
    return Period(f"{a}-{b}", _dt.date(a, 1, 1), _dt.date(b, 12, 31)) if a < b else None


def _as_until(text: str, year: int | None) -> Period | None:
    m = _UNTIL.search(text)
    return (
        Period(f"until-{int(m.group('year'))}", None, _dt.date(int(m.group("year")), 12, 31)) if m else None
    )


def _as_month(text: str, year: int | None) -> Period | None:
    m = _MONTH_YEAR.search(text)
    if not m:
        return None
    y, month = int(m.group("year")), MONTHS[m.group("month").lower()]
    return Period(f"{y}-{month:02d}", _dt.date(y, month, 1), _month_end(y, month))


def _as_year(text: str, year: int | None) -> Period | None:
    m = _YEAR_ONLY.search(text)
    return (
        Period(
            str(int(m.group("year"))),
            _dt.date(int(m.group("year")), 1, 1),
            _dt.date(int(m.group("year")), 12, 31),
        )
        if m
        else None
    )


#: The readers of :func:`parse_french_period`, most precise first (the first that reads wins).
_PERIOD_READERS = (_as_day, _as_part_of_year, _as_first_months, _as_range, _as_until, _as_month, _as_year)


# ---------------------------------------------------------------------------
# Dates in any common French form, at the precision printed
# ---------------------------------------------------------------------------
#
# Small rules, not dateparser: measured on the forms below, dateparser 1.5 read
# « mars 2024 » as 2024-03-01 (a day the text never prints), returned nothing for
# « 1er trimestre 2024 », « premier semestre 2025 », « Publié le 12 avril 2021 » and
# « Lyon, le 7 novembre 2024 », and costs a new dependency; these rules read all of them
# and keep the precision printed.

#: Abbreviated month names as printed (« 31 oct 2025 », « 3 janv. 2024 »).
MONTH_ABBREVIATIONS: dict[str, int] = {
    "janv": 1,
    "jan": 1,
    "févr": 2,
    "fevr": 2,
    "fév": 2,
    "fev": 2,
    "avr": 4,
    "juil": 7,
    "sept": 9,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "déc": 12,
    "dec": 12,
}
_ANY_MONTH = {**MONTHS, **MONTH_ABBREVIATIONS}
_ANY_MONTH_RE = "|".join(sorted(map(re.escape, _ANY_MONTH), key=len, reverse=True))
_D_YEAR = r"(?:1[89]|20)\d{2}"
_DAY_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 29/03/2024, 29.03.2024, 29-03-2024: French order (day first), never month first
    re.compile(
        rf"(?<![\d/.-])(?P<day>\d{{1,2}})(?P<sep>[/.-])(?P<month>\d{{1,2}})(?P=sep)(?P<year>{_D_YEAR})(?!\d)"
    ),
    # 2024-06-27 (ISO 8601)
    re.compile(rf"(?<![\d-])(?P<year>{_D_YEAR})-(?P<month>\d{{2}})-(?P<day>\d{{2}})(?![\d-])"),
    # 1er mars 2025, 31 oct 2025, 3 janv. 2024
    re.compile(
        rf"(?<!\w)(?P<day>1er|\d{{1,2}})\s+(?P<mname>{_ANY_MONTH_RE})\.?\s+(?P<year>{_D_YEAR})(?!\d)",
        re.IGNORECASE,
    ),
)
# 27 avril, vendredi 12 mai: a day printed without its year (read only when the year is known)
_YEARLESS_DAY = re.compile(
    rf"(?<!\w)(?P<day>1er|\d{{1,2}})\s+(?P<mname>{_ANY_MONTH_RE})\.?(?!\s*\d)(?!\w)", re.IGNORECASE
)
_MONTH_PATTERN = re.compile(
    rf"(?<!\w)(?P<mname>{_ANY_MONTH_RE})\.?\s+(?P<year>{_D_YEAR})(?!\d)", re.IGNORECASE
)
_PART_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"(?<!\w)(?P<ord>{'|'.join(sorted(_ORDINAL_PART, key=len, reverse=True))})\s+"
        rf"(?P<kind>trimestre|semestre)\s+(?:de\s+(?:l['’]année\s+)?|d['’]\s*)?(?P<year>{_D_YEAR})(?!\d)",
        re.IGNORECASE,
    ),
    # T1 2024, S1 2025 (quarter and half-year as abbreviated in statistical releases)
    re.compile(rf"(?<!\w)(?P<letter>[TS])(?P<n>[1-4])\s*(?P<year>{_D_YEAR})(?!\d)"),
)
_YEAR_PATTERN = re.compile(rf"(?<![\w/.-])(?P<year>{_D_YEAR})(?![\w/-])")

#: Precisions of a date, from the finest (a day) to the coarsest (a year).
PRECISIONS = ("day", "month", "quarter", "half", "year")


@dataclass(frozen=True)
class FrenchDate:
    """A date as a French text prints it, at the precision it prints.

    ``precision`` is one of :data:`PRECISIONS`; ``start`` and ``end`` are the first and last
    days it covers (equal for a day); ``lexical`` is the ISO form at that precision
    (``2024-03-29``, ``2024-03``, ``2024-q1``, ``2025-h1``, ``2024``), which is the lexical form
    of an ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` for a day, a month or a year, and the
    registry's ``period:`` slug for a quarter or a half-year; ``printed`` is the matched text.
    """

    precision: str
    start: _dt.date
    end: _dt.date
    lexical: str
    printed: str = ""
    offset: int = 0

    @property
    def xsd_type(self) -> str | None:
        """``date``, ``gYearMonth`` or ``gYear`` for a day, month or year; ``None`` for an interval."""
        return {"day": "date", "month": "gYearMonth", "year": "gYear"}.get(self.precision)

    def covers(self, other: FrenchDate) -> bool:
        """True when ``other`` lies within this date's span (a day in its month, a month in its year).

        >>> parse_date("mars 2024").covers(parse_date("29/03/2024"))
        True
        """
        return self.start <= other.start and other.end <= self.end


def _day(match: re.Match[str], year: int | None = None) -> FrenchDate | None:
    raw_day = match.group("day")
    day = 1 if raw_day.lower() == "1er" else int(raw_day)
    mname = match.groupdict().get("mname")
    month = _ANY_MONTH.get(mname.lower()) if mname else int(match.group("month"))
    if month is None:
        return None
    try:
        value = _dt.date(year if year is not None else int(match.group("year")), month, day)
    except ValueError:
        return None
    return FrenchDate("day", value, value, value.isoformat(), match.group(0), match.start())


def _month(match: re.Match[str]) -> FrenchDate | None:
    month = _ANY_MONTH.get(match.group("mname").lower())
    if month is None:
        return None
    year = int(match.group("year"))
    return FrenchDate(
        "month",
        _dt.date(year, month, 1),
        _month_end(year, month),
        f"{year}-{month:02d}",
        match.group(0),
        match.start(),
    )


def _part(match: re.Match[str]) -> FrenchDate | None:
    groups = match.groupdict()
    year = int(match.group("year"))
    if groups.get("letter"):
        quarter, n = match.group("letter") == "T", int(match.group("n"))
    else:
        quarter, n = match.group("kind").lower() == "trimestre", _ORDINAL_PART[match.group("ord").lower()]
    size = 3 if quarter else 6
    if n * size > 12:
        return None
    first = (n - 1) * size + 1
    precision, letter = ("quarter", "q") if quarter else ("half", "h")
    return FrenchDate(
        precision,
        _dt.date(year, first, 1),
        _month_end(year, first + size - 1),
        f"{year}-{letter}{n}",
        match.group(0),
        match.start(),
    )


def _year(match: re.Match[str]) -> FrenchDate:
    year = int(match.group("year"))
    return FrenchDate(
        "year", _dt.date(year, 1, 1), _dt.date(year, 12, 31), str(year), match.group(0), match.start()
    )


def find_dates(text: str, *, years: bool = True, year: int | None = None) -> list[FrenchDate]:
    """Every date printed in ``text``, in reading order, each at the precision printed.

    Where two readings start at the same place the finer one wins (« 7 novembre 2024 » is a
    day, not the month « novembre 2024 »); a bare year is read only when ``years`` is true and
    it is not part of a finer date. When ``year`` is given, a day printed without its year
    (« vendredi 12 mai ») is read in that year.

    >>> [d.lexical for d in find_dates("Le 29/03/2024, puis au 1er trimestre 2024 et en mars 2025")]
    ['2024-03-29', '2024-q1', '2025-03']
    """
    found: list[FrenchDate] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    readers: list[tuple[tuple[re.Pattern[str], ...], object]] = [
        (_DAY_PATTERNS, _day),
        (_PART_PATTERNS, _part),
        ((_MONTH_PATTERN,), _month),
    ]
    if year is not None:
        readers.insert(1, ((_YEARLESS_DAY,), lambda m: _day(m, year)))
    if years:
        readers.append(((_YEAR_PATTERN,), _year))
    for patterns, reader in readers:
        for pattern in patterns:
            for match in pattern.finditer(text):
                if not free(match.start(), match.end()):
                    continue
                value = reader(match)  # type: ignore[operator]
                if value is not None:
                    found.append(value)
                    taken.append((match.start(), match.end()))
    return sorted(found, key=lambda d: d.offset)


def parse_date(text: str, *, years: bool = True, year: int | None = None) -> FrenchDate:
    """The first date printed in ``text``, in any common French form, at its precision.

    >>> parse_date("Le 29/03/2024").lexical
    '2024-03-29'
    >>> parse_date("Publié le 2024-06-27").lexical
    '2024-06-27'
    >>> parse_date("31 oct 2025").lexical
    '2025-10-31'
    >>> d = parse_date("mars 2024")
    >>> (d.precision, d.lexical, d.xsd_type, d.end)
    ('month', '2024-03', 'gYearMonth', datetime.date(2024, 3, 31))
    >>> parse_date("1er trimestre 2024").lexical, parse_date("premier semestre 2025").lexical
    ('2024-q1', '2025-h1')
    >>> parse_date("1er mars 2025").start
    datetime.date(2025, 3, 1)
    >>> parse_date("vendredi 12 mai", year=2023).lexical
    '2023-05-12'

    >>> parse_date("le 31/02/2024")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    relocgraph.model.errors.NumberFormatError: no valid French date in 'le 31/02/2024'
      hint: write the date as printed: 'le 7 novembre 2024', '29/03/2024', '2024-06-27', ...
    """
    dates = find_dates(text, years=years, year=year)
    if not dates:
        raise NumberFormatError(
            f"no valid French date in {text!r}",
            hint="write the date as printed: 'le 7 novembre 2024', '29/03/2024', '2024-06-27', "
            "'mars 2024', '1er trimestre 2024'",
        )
    return dates[0]


def date_from_iso(lexical: str) -> FrenchDate:
    """A :class:`FrenchDate` from an ISO form at its precision: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

    >>> date_from_iso("2022-11").precision
    'month'
    >>> date_from_iso("2022-13")
    Traceback (most recent call last):
    ...
    ValueError: not a date as YYYY-MM-DD, YYYY-MM or YYYY: '2022-13'
    """
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", lexical)
    try:
        if m is None:
            raise ValueError(lexical)
        year = int(m.group(1))
        if m.group(3):
            day = _dt.date(year, int(m.group(2)), int(m.group(3)))
            return FrenchDate("day", day, day, day.isoformat(), lexical)
        if m.group(2):
            month = int(m.group(2))
            return FrenchDate(
                "month", _dt.date(year, month, 1), _month_end(year, month), f"{year}-{month:02d}", lexical
            )
        return FrenchDate("year", _dt.date(year, 1, 1), _dt.date(year, 12, 31), str(year), lexical)
    except ValueError as e:
        raise ValueError(f"not a date as YYYY-MM-DD, YYYY-MM or YYYY: {lexical!r}") from e
