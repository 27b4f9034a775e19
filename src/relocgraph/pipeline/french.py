"""Read figures as French press releases print them (dates: :mod:`relocgraph.pipeline.french_dates`).

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
