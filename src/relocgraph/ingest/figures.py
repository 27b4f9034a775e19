"""Find figures — money, percentages, counts with their unit noun, both numbers of a
ratio — with their value in full units, the words saying what they count, and the
period, credit and attribution their sentence states."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from relocgraph.model.errors import NumberFormatError
from relocgraph.pipeline.french import parse_figure
from relocgraph.pipeline.french_dates import MONTHS

from .context import Context
from .dates import YEAR
from .document import Document
from .items import Item, fold
from .lexicon import alternatives, mapping, words
from .nlp import is_noun, is_stop
from .spans import LOWER, UPPER, containing

UNIT_NOUNS = mapping("unit-nouns")
EVENT_NOUNS = frozenset(words("event-nouns"))
NOT_UNITS = frozenset(words("not-units")) | {fold(m) for m in MONTHS}
MONEY_NOUNS = frozenset(words("money-nouns"))
APPROXIMATE = {k: int(v) for k, v in mapping("approximate-numbers").items()}

_SP = "[ \u00a0\u202f]"
#: A number as printed: digits grouped by spaces or dots (« 3.100 »), a decimal comma. It
#: may follow a comma with no space (« Région,200 projets ») but not a digit's comma.
NUM = rf"(?<![\w.])(?<!\d,)(?:\d{{1,3}}(?:{_SP}\d{{3}})+(?!\d)|\d{{1,3}}(?:\.\d{{3}})+(?![\d,])|\d+)(?:,\d+)?"
_MULT = r"milliards?|millions?|Mds|Mrds?|Md|M|k"
_MONEY = re.compile(
    rf"(?P<num>{NUM})(?:{_SP}*(?P<mult>{_MULT}))?{_SP}*(?P<cur>€|euros?\b|d['’]euros\b|EUR\b)"
)
_SCALED = re.compile(
    rf"(?P<num>{NUM}){_SP}+(?P<mult>milliards?|millions?){_SP}+(?:de{_SP}+|d['’]{_SP}?)"
    rf"(?P<noun>[{LOWER}{UPPER}][\w-]*)"
)
_PERCENT = re.compile(rf"(?P<num>{NUM}){_SP}*(?:%|pour{_SP}?cent\b)")
_RATIO = re.compile(
    rf"(?P<a>{NUM}){_SP}+(?:des|sur les|parmi les){_SP}+(?P<b>{NUM})"
    rf"{_SP}+(?P<noun>[{LOWER}{UPPER}][\w'’-]*)"
)
_PRENOMINAL = "(?:" + "|".join(words("prenominal-adjectives")) + ")"
_COUNT = re.compile(
    rf"(?P<num>{NUM})(?P<gap>{_SP}+)(?:(?i:{_PRENOMINAL}){_SP}+)?(?P<noun>[{LOWER}{UPPER}][\w'’-]*)"
)
#: A signed figure in parentheses (« (+ 32) », « (-12) ») or a factor (« x 8 »).
_SIGNED = re.compile(rf"\({_SP}*(?P<sign>[+\-−–]){_SP}?(?P<num>{NUM}){_SP}*\)")
_FACTOR = re.compile(rf"(?<![\w])(?:[x×]{_SP}?|multipliée?s?{_SP}+par{_SP}+)(?P<num>{NUM})(?![\w,])")
#: A number with no noun after it, after a word that names a target or total.
_BARE = re.compile(
    rf"\b(?:(?:objectif|cible|total|solde)\s+(?:de\s+|d['’])?(?:\w+\s+de\s+)?(?P<num>{NUM})"
    rf"(?={_SP}*(?:[,.;)]|chaque|par|d['’]ici|à|en\b))|(?:dont|contre)\s+(?P<part>{NUM})(?=[\s,.;)]))",
    re.IGNORECASE,
)
_NUMBER_WORDS = (
    "deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|"
    "trente|quarante|cinquante|soixante|cent|cents|mille|et|un|une"
)
_SPELLED = re.compile(
    rf"(?<![\w'’-])(?P<num>(?:{_NUMBER_WORDS})(?:[\s-]+(?:{_NUMBER_WORDS}))*)"
    rf"{_SP}+(?:(?i:{_PRENOMINAL}){_SP}+)?(?P<noun>[{LOWER}][\w'’-]*)",
    re.IGNORECASE,
)
_APPROX = re.compile(
    rf"(?<![\w])(?P<num>(?:une?|des|quelques){_SP}+(?P<word>{'|'.join(APPROXIMATE)})s?)"
    rf"{_SP}+(?:de{_SP}+|d['’]{_SP}?)(?P<noun>[{LOWER}][\w'’-]*)",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(alternatives("qualifiers") + r"\s+$", re.IGNORECASE)
_THRESHOLD = re.compile(rf"[{LOWER}]+\s+de\s+(?:moins|plus)\s+de\s+$", re.IGNORECASE)
#: Units of the numbers that define a category (« entreprises de moins de 50 salariés »).
_SIZE_UNITS = frozenset({"employees", "people", "habitants"})
#: « les trois régions les plus dynamiques »: a ranking, not a count.
_SUPERLATIVE = re.compile(r"\s+(?:les\s+|la\s+|le\s+)?(?:plus|moins)\b", re.IGNORECASE)
#: « 176 et 1891 ouvertures »: numbers coordinated before one unit noun.
_COORD = re.compile(
    rf"(?P<first>{NUM})(?:{_SP}*,{_SP}*{NUM})*{_SP}+(?:et|ou){_SP}+(?P<last>{NUM}){_SP}+"
    rf"(?:(?i:{_PRENOMINAL}){_SP}+)?(?P<noun>[{LOWER}{UPPER}][\w'’-]*)"
)

#: A figure found: start, end, value, unit, end of the unit noun, where its indicator words start.
Hit = tuple[int, int, Any, str | None, int, int]


class _Hits:
    """The figures found so far, indexed by position (no two may overlap)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.hits: list[Hit] = []
        self._at: dict[int, list[tuple[int, int]]] = {}

    def free(self, s: int, e: int) -> bool:
        for b in range(s // 64, (e - 1) // 64 + 1):
            if any(hs < e and s < he for hs, he in self._at.get(b, ())):
                return False
        return not self.doc.overlaps(s, e, ("date",))

    def add(self, hit: Hit) -> None:
        s, e = hit[0], hit[1]
        self.hits.append(hit)
        for b in range(s // 64, (e - 1) // 64 + 1):
            self._at.setdefault(b, []).append((s, e))


def _value(text: str) -> Any:
    return parse_figure(text).value


def _money(doc: Document, hits: _Hits) -> None:
    for m in _MONEY.finditer(doc.clean):
        try:
            fig = parse_figure(m.group(0))
        except NumberFormatError:
            continue
        if hits.free(m.start(), m.end()):
            hits.add((m.start(), m.end(), fig.value, "EUR", m.end(), m.end()))


def _scaled(doc: Document, hits: _Hits) -> None:
    """« 121 millions de subvention »: euros when the noun names money, else a count."""
    for m in _SCALED.finditer(doc.clean):
        if not hits.free(m.start(), m.end("mult")):
            continue
        value = parse_figure(f"{m.group('num')} {m.group('mult')}").value
        noun = fold(m.group("noun"))
        unit = "EUR" if noun in MONEY_NOUNS else unit_of(doc, m.start("noun"), m.group("noun"))
        if unit is not None:
            hits.add((m.start(), m.end("mult"), value, unit, m.end("noun"), m.end("mult")))


def _percentages(doc: Document, hits: _Hits) -> None:
    for m in _PERCENT.finditer(doc.clean):
        if hits.free(m.start(), m.end()):
            hits.add((m.start(), m.end(), _value(m.group("num")), "PERCENT", m.end(), m.end()))


def _ratios(doc: Document, hits: _Hits) -> None:
    for m in _RATIO.finditer(doc.clean):
        unit = unit_of(doc, m.start("noun"), m.group("noun"))
        if unit is None:
            continue
        for g in ("a", "b"):
            if hits.free(m.start(g), m.end(g)):
                hits.add((m.start(g), m.end(g), _value(m.group(g)), unit, m.end("noun"), m.start("noun")))


def _signed(doc: Document, hits: _Hits) -> None:
    """« (+ 32) », « (-12) », « x 8 »: the unit of a signed figure is settled later (the
    count it continues); a factor's unit is ``times``."""
    for m in _SIGNED.finditer(doc.clean):
        s = m.start("sign")
        if hits.free(s, m.end("num")):
            value = _value(m.group("num"))
            hits.add((s, m.end("num"), -value if m.group("sign") != "+" else value, None, m.end(), m.end()))
    for m in _FACTOR.finditer(doc.clean):
        if hits.free(m.start("num"), m.end("num")):
            hits.add((m.start("num"), m.end("num"), _value(m.group("num")), "times", m.end(), m.end()))


def _counts(doc: Document, hits: _Hits) -> None:
    for m in _COUNT.finditer(doc.clean):
        if not hits.free(m.start("num"), m.end("num")):
            continue
        if re.fullmatch(YEAR, m.group("num")) and not m.group("noun").islower():
            continue
        unit = unit_of(doc, m.start("noun"), m.group("noun"))
        if unit is None or _not_a_count(doc, m.start(), m.end("noun"), unit):
            continue
        hits.add((m.start("num"), m.end("num"), _value(m.group("num")), unit, m.end("noun"), m.end("num")))


def _not_a_count(doc: Document, start: int, noun_end: int, unit: str) -> bool:
    """A category threshold (« communes de moins de 20 000 habitants ») or a ranking
    (« les trois régions les plus dynamiques »)."""
    if unit in _SIZE_UNITS and _THRESHOLD.search(doc.clean[max(0, start - 40) : start]):
        return True
    return bool(
        re.search(r"\bles\s+$", doc.clean[max(0, start - 5) : start])
        and _SUPERLATIVE.match(doc.clean, noun_end)
    )


def _coordinated(doc: Document, hits: _Hits) -> None:
    """« 176 et 1891 ouvertures nettes »: every number takes the unit noun after the last."""
    for m in _COORD.finditer(doc.clean):
        unit = unit_of(doc, m.start("noun"), m.group("noun"))
        if unit is None:
            continue
        for n in re.finditer(NUM, doc.clean[m.start() : m.start("last")]):
            s, e = m.start() + n.start(), m.start() + n.end()
            if hits.free(s, e) and not re.fullmatch(YEAR, n.group(0)):
                hits.add((s, e, _value(n.group(0)), unit, m.end("noun"), m.end("last")))


def _spelled(doc: Document, hits: _Hits) -> None:
    """Numbers in words: « quarante emplois », « une centaine d'emplois »."""
    from text_to_num import text2num

    for m in _APPROX.finditer(doc.clean):
        unit = unit_of(doc, m.start("noun"), m.group("noun"))
        if unit is not None and hits.free(m.start("num"), m.end("num")):
            value = Decimal(APPROXIMATE[m.group("word").lower()])
            hits.add((m.start("num"), m.end("num"), value, unit, m.end("noun"), m.end("num")))
    for m in _SPELLED.finditer(doc.clean):
        words_ = m.group("num")
        if fold(words_) in ("un", "une", "et", "cent", "mille") or not hits.free(
            m.start("num"), m.end("num")
        ):
            continue
        try:
            value = Decimal(text2num(re.sub(r"\s+", " ", words_.lower()), "fr"))
        except ValueError:
            continue
        if re.fullmatch(r"euros?", m.group("noun"), re.IGNORECASE):  # « quatre euros »
            hits.add((m.start("num"), m.end("noun"), value, "EUR", m.end("noun"), m.end("noun")))
            continue
        unit = unit_of(doc, m.start("noun"), m.group("noun"))
        if unit is not None and not _not_a_count(doc, m.start(), m.end("noun"), unit):
            hits.add((m.start("num"), m.end("num"), value, unit, m.end("noun"), m.end("num")))


def _bare(doc: Document, hits: _Hits) -> None:
    """« objectif de 50 000 chaque année », « dont 311 sont portés », « (contre 170 en
    2023) »: a number with no noun;
    its unit is settled later."""
    for m in _BARE.finditer(doc.clean):
        g = "num" if m.group("num") else "part"
        if hits.free(m.start(g), m.end(g)) and not re.fullmatch(YEAR, m.group(g)):
            hits.add((m.start(g), m.end(g), _value(m.group(g)), None, m.end(g), m.end(g)))


def _inherit_units(doc: Document, hits: list[Hit]) -> list[Hit]:
    """A figure with no unit noun (« (+ 32) ») counts what the last count before it in the
    document counts; with none before, it is dropped."""
    out: list[Hit] = []
    last: Hit | None = None
    for h in sorted(hits):
        if h[3] is None:
            if last is None:
                continue
            h = (h[0], h[1], h[2], last[3], h[4], h[5])
            out.append(h)
            continue
        if h[3] not in ("EUR", "PERCENT", "times"):
            last = h
        out.append(h)
    return out


def figures(doc: Document, dates: list[Item]) -> None:
    """Record every figure with its qualifier (« plus de »), indicator words, and the
    period, area, credit and attribution of its sentence (:mod:`.context`).

    >>> doc = Document("- plus de 818 projets et 12 % de hausse")
    >>> doc.segment(None)
    >>> figures(doc, [])
    >>> [(i.text, i.value, i.unit, i.attrs.get("qualifier")) for i in doc.items]
    [('818', Decimal('818'), 'projects', 'plus de'), ('12 %', Decimal('12'), 'PERCENT', None)]
    """
    hits = _Hits(doc)
    for finder in (_money, _scaled, _percentages, _ratios, _signed, _coordinated, _counts, _spelled, _bare):
        finder(doc, hits)
    found = _inherit_units(doc, hits.hits)
    ctx = Context(doc, dates)
    for s, e, value, unit, noun_end, words_from in found:
        conf = 0.95 if unit in ("EUR", "PERCENT") else (0.9 if unit in UNIT_NOUNS.values() else 0.7)
        it = doc.item("figure", s, e, conf, value=value, unit=unit)
        q = _QUALIFIER.search(doc.clean[max(0, s - 20) : s])
        if q:
            it.attrs["qualifier"] = q.group(0).strip()
        it.attrs["indicator"] = indicator_words(doc, s, words_from, noun_end)
    ctx.apply([i for i in doc.items if i.type == "figure"])


def _event_unit(doc: Document, start: int, noun: str) -> str | None:
    """The unit of an event noun: the noun after its « de » (« ouvertures de sites »)."""
    after = doc.clean[start + len(noun) : start + len(noun) + 40]
    m = re.match(rf"\s+(?:de|d['’])\s*([{LOWER}-]+)", after)
    if not m:
        return None
    inner = re.sub(r"(?<=[a-z])[sx]$", "", fold(m.group(1)))
    if inner in UNIT_NOUNS:
        return UNIT_NOUNS[inner]
    own = re.sub(r"(?<=[a-z])[sx]$", "", fold(noun))
    return None if own in UNIT_NOUNS else fold(m.group(1))


def unit_of(doc: Document, start: int, noun: str) -> str | None:
    """The unit of a count whose noun ``noun`` starts at ``start``: a known unit
    (``jobs``, ``projects``…), else the folded noun itself when spaCy reads it as a noun;
    None for durations, stop words and (without a parse) unknown nouns."""
    word = fold(noun)
    if word in NOT_UNITS or word.rstrip("s") in NOT_UNITS or is_stop(noun):
        return None
    lemma = None
    tok = doc.token_after(start) if doc.doc is not None else None
    if tok is not None:
        if not is_noun(tok) and word.rstrip("s") not in UNIT_NOUNS:
            return None
        lemma = fold(tok.lemma_)
    singular = lemma or re.sub(r"(?<=[a-z])[sx]$", "", word)
    unit = _event_unit(doc, start, noun) if singular in EVENT_NOUNS else None
    if unit is None:
        unit = UNIT_NOUNS.get(singular, UNIT_NOUNS.get(word.rstrip("s")))
    if unit is None and doc.doc is not None:
        unit = word
    return unit


def _ends_words(t: Any) -> bool:
    return (
        t.is_punct
        or t.lower_ in ("grâce", "selon", "soit", "dont")
        or (t.text.endswith(("'", "’")) and t.lower_ not in ("d'", "d’"))
    )


def _indicator_tokens(doc: Document, fig_end: int) -> list[str]:
    """Up to four nouns, adjectives and participles (with « de ») after the figure, in its
    sentence."""
    found: list[str] = []
    sentence = containing(doc.sentences, max(0, fig_end - 1))
    stop = min(sentence[1] if sentence else len(doc.clean), fig_end + 120)
    for t in doc.tokens(fig_end, stop):
        if t.idx < fig_end:
            continue
        if _ends_words(t):
            break
        if t.pos_ in ("DET", "AUX", "PRON", "CCONJ", "SCONJ"):
            if found:
                break
            continue
        if t.lower_ in ("de", "d'", "d’", "des", "du") and not found:
            continue
        if t.lower_ in ("de", "d'", "d’") and found:
            found.append(t.text)
            continue
        participle = t.pos_ in ("VERB", "ADJ") and t.morph.get("VerbForm") == ["Part"]
        if not (is_noun(t) or t.pos_ == "ADJ" or participle):
            break
        found.append(t.text)
        if len(found) >= 4:
            break
    while found and found[-1].lower() in ("de", "d'", "d’"):
        found.pop()
    return found


def indicator_words(doc: Document, fig_start: int, fig_end: int, noun_end: int) -> str:
    """The words that say what the figure counts: « projets soutenus », « investissements
    privés nets »; « dotation » after « doté de »; else the text up to the unit noun."""
    found = _indicator_tokens(doc, fig_end)
    left = doc.clean[max(0, fig_start - 40) : fig_start]
    if re.search(r"\bdotée?s?\s+(?:de|d['’])\s*$", left, re.IGNORECASE) and not found:
        return "dotation"
    if not found:
        return doc.clean[fig_end:noun_end].strip()
    return " ".join(found).replace("d’ ", "d’").replace("d' ", "d'")
