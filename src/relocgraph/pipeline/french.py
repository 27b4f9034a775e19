"""Read figures and dates as French press releases print them.

``parse_figure`` turns the verbatim text of a figure into a value in full units and,
where the text says it, a unit: ``"165M€"`` is 165 000 000 euros, ``"3,164Mds €"`` is
3 164 000 000 euros, ``"14 000"`` is 14 000, ``"première"`` is rank 1.

>>> parse_figure("165M€")
Figure(value=Decimal('165000000'), unit='EUR')
>>> parse_figure("3,164Mds €")
Figure(value=Decimal('3164000000'), unit='EUR')
>>> parse_figure("1,2 milliard d'euros")
Figure(value=Decimal('1200000000'), unit='EUR')
>>> parse_number("14 000")
Decimal('14000')
>>> parse_number("12,5 %")
Decimal('12.5')
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from relocgraph.model.errors import NumberFormatError

_SPACES = "\u0020\u00a0\u202f\u2009"

#: Ordinals that stand for ranks ("première région", "au premier rang").
ORDINALS: dict[str, int] = {
    "premier": 1,
    "première": 1,
    "premiere": 1,
    "1er": 1,
    "1re": 1,
    "1ère": 1,
    "1ere": 1,
    "deuxième": 2,
    "deuxieme": 2,
    "second": 2,
    "seconde": 2,
    "2e": 2,
    "2ème": 2,
    "2nd": 2,
    "troisième": 3,
    "troisieme": 3,
    "3e": 3,
    "3ème": 3,
}

# Multiplier words and abbreviations, longest first so "Mds" wins over "M".
_MULTIPLIERS: list[tuple[str, int]] = [
    ("milliards", 10**9),
    ("milliard", 10**9),
    ("mds", 10**9),
    ("mrds", 10**9),
    ("mrd", 10**9),
    ("md", 10**9),
    ("mda", 10**9),
    ("millions", 10**6),
    ("million", 10**6),
    ("mio", 10**6),
    ("m", 10**6),
    ("milliers", 10**3),
    ("mille", 10**3),
    ("k", 10**3),
]

_CURRENCY = re.compile(r"(€|\beuros?\b|\beur\b|\bd['’]euros?\b)", re.IGNORECASE)
_PERCENT = re.compile(r"(%|\bpour ?cent\b|\bpourcents?\b)", re.IGNORECASE)
# Digits grouped by spaces (French thousands separator) or dots, with a decimal comma.
_NUMBER = re.compile(
    rf"^(?P<int>\d{{1,3}}(?:[{_SPACES}]\d{{3}})+|\d{{1,3}}(?:\.\d{{3}})+|\d+)(?:,(?P<frac>\d+))?"
)


@dataclass(frozen=True)
class Figure:
    """A number in full units, and its unit when the text names one (``EUR``, ``PERCENT``)."""

    value: Decimal
    unit: str | None = None


def _normalise_value(value: Decimal) -> Decimal:
    """Drop trailing zeros without exponent notation: 1.200E+9 -> 1200000000."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def parse_figure(text: str) -> Figure:
    """Parse a French figure: number, optional multiplier, optional currency or percent.

    Raises :class:`~relocgraph.model.errors.NumberFormatError` when the text is not a figure.

    >>> parse_figure("2 M€")
    Figure(value=Decimal('2000000'), unit='EUR')
    >>> parse_figure("20")
    Figure(value=Decimal('20'), unit=None)
    >>> parse_figure("beaucoup")
    Traceback (most recent call last):
    ...
    relocgraph.model.errors.NumberFormatError: cannot read 'beaucoup' as a French number
      hint: write the figure as printed, e.g. '14 000', '165M€', '3,164Mds €' or '1,2 milliard d'euros'
    """
    raw = text
    stripped = text.strip(_SPACES + "\t\n")
    ordinal = ORDINALS.get(stripped.lower())
    if ordinal is not None:
        return Figure(Decimal(ordinal))

    unit: str | None = None
    if _CURRENCY.search(stripped):
        unit = "EUR"
        stripped = _CURRENCY.sub(" ", stripped)
    elif _PERCENT.search(stripped):
        unit = "PERCENT"
        stripped = _PERCENT.sub(" ", stripped)
    stripped = stripped.strip(_SPACES + "\t\n")
    sign = re.match(rf"([+\-−–])[{_SPACES}]?(?=\d)", stripped)  # « + 32 », « (-12) » printed signed
    if sign:
        stripped = stripped[sign.end() :]

    match = _NUMBER.match(stripped)
    if not match:
        spelled = _spelled(stripped)
        if spelled is None:
            raise _error(raw)
        return Figure(spelled, unit)
    integer = re.sub(rf"[{_SPACES}.]", "", match.group("int"))
    frac = match.group("frac")
    rest = stripped[match.end() :].strip(_SPACES)
    multiplier = 1
    if rest:
        word = rest.lower().rstrip(".")
        for name, factor in _MULTIPLIERS:
            if word == name:
                multiplier = factor
                break
        else:
            raise _error(raw)
    try:
        number = Decimal(f"{integer}.{frac}" if frac else integer)
    except InvalidOperation as e:  # pragma: no cover - the regex admits only digits
        raise _error(raw) from e
    value = _normalise_value(number * multiplier)
    return Figure(-value if sign and sign.group(1) != "+" else value, unit)


#: Approximate number nouns (« une centaine »): the value they stand for.
_APPROXIMATE = {
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
    "millier": 1000,
}


def _spelled(text: str) -> Decimal | None:
    """A number written in words (« quarante », « deux cent cinquante »), or an approximate
    number noun (« une centaine »); None when ``text`` is neither.

    >>> _spelled("une centaine"), _spelled("deux cent cinquante"), _spelled("beaucoup")
    (Decimal('100'), Decimal('250'), None)
    """
    words = re.sub(rf"[{_SPACES}\s]+", " ", text.strip().lower())
    approx = re.fullmatch(r"(?:une?|des|quelques) (\w+?)s?", words)
    if approx and approx.group(1) in _APPROXIMATE:
        return Decimal(_APPROXIMATE[approx.group(1)])
    if not re.fullmatch(r"[a-zéè -]+", words) or words in ("un", "une"):
        return None
    from text_to_num import text2num

    try:
        return Decimal(text2num(words, "fr"))
    except ValueError:
        return None


def parse_number(text: str) -> Decimal:
    """The value of :func:`parse_figure`, without its unit."""
    return parse_figure(text).value


def format_french(value: Decimal | int) -> str:
    """Write a number the French way, with narrow no-break spaces between thousands.

    >>> format_french(Decimal("3164000000"))
    '3\\u202f164\\u202f000\\u202f000'
    >>> format_french(Decimal("12.5"))
    '12,5'
    """
    value = Decimal(value)
    sign = "-" if value < 0 else ""
    integer, _, frac = f"{abs(value):f}".partition(".")
    groups: list[str] = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = "\u202f".join(groups)
    return sign + text + ("," + frac if frac else "")


def _error(text: str) -> NumberFormatError:
    return NumberFormatError(
        f"cannot read {text!r} as a French number",
        hint="write the figure as printed, e.g. '14 000', '165M€', '3,164Mds €' or '1,2 milliard d'euros'",
    )


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
    try:
        day = parse_french_date(text)
    except NumberFormatError:
        pass
    else:
        return Period(day.isoformat(), day, day)
    m = _PART.search(text)
    if m:
        y = int(m.group("year")) if m.group("year") else year
        if y is not None:
            n = _ORDINAL_PART[m.group("ord").lower()]
            size = 3 if m.group("kind").lower() == "trimestre" else 6
            if n * size <= 12:
                first = (n - 1) * size + 1
                key = f"{y}-{'q' if size == 3 else 'h'}{n}"
                return Period(key, _dt.date(y, first, 1), _month_end(y, first + size - 1))
    m = _FIRST_MONTHS.search(text)
    if m:
        y = int(m.group("year"))
        return Period(f"{y}-first-months", _dt.date(y, 1, 1), None)
    m = _RANGE.search(text)
    if m:
        a = int(m.group("a1") or m.group("a2") or m.group("a3"))
        b = int(m.group("b1") or m.group("b2") or m.group("b3"))
        if a < b:
            return Period(f"{a}-{b}", _dt.date(a, 1, 1), _dt.date(b, 12, 31))
    m = _UNTIL.search(text)
    if m:
        y = int(m.group("year"))
        return Period(f"until-{y}", None, _dt.date(y, 12, 31))
    m = _MONTH_YEAR.search(text)
    if m:
        y, month = int(m.group("year")), MONTHS[m.group("month").lower()]
        return Period(f"{y}-{month:02d}", _dt.date(y, month, 1), _month_end(y, month))
    m = _YEAR_ONLY.search(text)
    if m:
        y = int(m.group("year"))
        return Period(str(y), _dt.date(y, 1, 1), _dt.date(y, 12, 31))
    raise NumberFormatError(
        f"no French period in {text!r}",
        hint="periods read are dates, months, years, quarters, half-years and year ranges",
    )
