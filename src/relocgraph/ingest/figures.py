"""Find figures — money, percentages, counts with their unit noun, both numbers of a
ratio — with their value in full units, the words saying what they count, and the
period, credit and attribution their sentence states."""

from __future__ import annotations

import re
from typing import Any

from relocgraph.model.errors import NumberFormatError
from relocgraph.pipeline.french import MONTHS, parse_figure

from .dates import YEAR
from .document import Document
from .items import Item, fold
from .lexicon import alternatives, mapping, words
from .nlp import is_noun, is_stop
from .spans import LOWER, UPPER, containing, line_start, list_intro

UNIT_NOUNS = mapping("unit-nouns")
EVENT_NOUNS = frozenset(words("event-nouns"))
NOT_UNITS = frozenset(words("not-units")) | {fold(m) for m in MONTHS}

_SP = "[ \u00a0\u202f]"
NUM = rf"(?<![\w,.])(?:\d{{1,3}}(?:{_SP}\d{{3}})+|\d+)(?:,\d+)?"
_MONEY = re.compile(
    rf"(?P<num>{NUM})(?:{_SP}?(?P<mult>milliards?|millions?|Mds|Mrds?|Md|M|k))?{_SP}?"
    r"(?P<cur>€|euros?\b|d['’]euros\b|EUR\b)"
)
_PERCENT = re.compile(rf"(?P<num>{NUM}){_SP}?(?:%|pour{_SP}?cent\b)")
_RATIO = re.compile(
    rf"(?P<a>{NUM}){_SP}+(?:des|sur les|parmi les){_SP}+(?P<b>{NUM})"
    rf"{_SP}+(?P<noun>[{LOWER}{UPPER}][\w'’-]*)"
)
_COUNT = re.compile(rf"(?P<num>{NUM})(?P<gap>{_SP}+)(?P<noun>[{LOWER}{UPPER}][\w'’-]*)")
_QUALIFIER = re.compile(alternatives("qualifiers") + r"\s+$", re.IGNORECASE)
_THRESHOLD = re.compile(rf"[{LOWER}]+\s+de\s+(?:moins|plus)\s+de\s+$", re.IGNORECASE)
_CREDIT = re.compile(
    r"\b(?:grâce\s+(?:au|à la|à l['’]|aux|à)|dans le cadre d[ue]|bilan d[ue])\s+", re.IGNORECASE
)
_SOURCE = re.compile(rf"\bselon\s+(?:le|la|l['’]|les)\s*(?P<src>[{UPPER}][^,.;]*)")

#: A figure found: start, end, value, unit, end of the unit noun, where its indicator words start.
Hit = tuple[int, int, Any, str | None, int, int]


def _free(doc: Document, hits: list[Hit], s: int, e: int) -> bool:
    return not any(hs < e and s < he for hs, he, *_ in hits) and not doc.overlaps(s, e, ("date",))


def _money(doc: Document, hits: list[Hit]) -> None:
    for m in _MONEY.finditer(doc.clean):
        try:
            fig = parse_figure(m.group(0))
        except NumberFormatError:
            continue
        hits.append((m.start(), m.end(), fig.value, "EUR", m.end(), m.end()))


def _percentages(doc: Document, hits: list[Hit]) -> None:
    for m in _PERCENT.finditer(doc.clean):
        if _free(doc, hits, m.start(), m.end()):
            hits.append((m.start(), m.end(), parse_figure(m.group(0)).value, "PERCENT", m.end(), m.end()))


def _ratios(doc: Document, hits: list[Hit]) -> None:
    for m in _RATIO.finditer(doc.clean):
        unit = unit_of(doc, m.start("noun"), m.group("noun"))
        if unit is None:
            continue
        for g in ("a", "b"):
            if _free(doc, hits, m.start(g), m.end(g)):
                value = parse_figure(m.group(g)).value
                hits.append((m.start(g), m.end(g), value, unit, m.end("noun"), m.start("noun")))


def _counts(doc: Document, hits: list[Hit]) -> None:
    for m in _COUNT.finditer(doc.clean):
        if not _free(doc, hits, m.start("num"), m.end("num")):
            continue
        if re.fullmatch(YEAR, m.group("num")) and not m.group("noun").islower():
            continue
        if _THRESHOLD.search(doc.clean[max(0, m.start() - 40) : m.start()]):
            continue
        unit = unit_of(doc, m.start("noun"), m.group("noun"))
        if unit is None:
            continue
        value = parse_figure(m.group("num")).value
        hits.append((m.start("num"), m.end("num"), value, unit, m.end("noun"), m.end("num")))


def figures(doc: Document, dates: list[Item]) -> None:
    """Record every figure with its qualifier (« plus de »), indicator words, and the
    period (one of ``dates``), credit and attribution of its sentence.

    >>> doc = Document("- plus de 818 projets et 12 % de hausse")
    >>> doc.segment(None)
    >>> figures(doc, [])
    >>> [(i.text, i.value, i.unit, i.attrs.get("qualifier")) for i in doc.items]
    [('818', Decimal('818'), 'projects', 'plus de'), ('12 %', Decimal('12'), 'PERCENT', None)]
    """
    hits: list[Hit] = []
    _money(doc, hits)
    _percentages(doc, hits)
    _ratios(doc, hits)
    _counts(doc, hits)
    for s, e, value, unit, noun_end, words_from in sorted(hits):
        conf = 0.95 if unit in ("EUR", "PERCENT") else (0.9 if unit in UNIT_NOUNS.values() else 0.7)
        it = doc.item("figure", s, e, conf, value=value, unit=unit)
        q = _QUALIFIER.search(doc.clean[max(0, s - 20) : s])
        if q:
            it.attrs["qualifier"] = q.group(0).strip()
        it.attrs["indicator"] = indicator_words(doc, s, words_from, noun_end)
        figure_context(doc, it, dates)


def _event_unit(doc: Document, start: int, noun: str) -> str | None:
    """The unit of an event noun: the noun after its « de » (« ouvertures de sites »)."""
    after = doc.clean[start + len(noun) : start + len(noun) + 40]
    m = re.match(rf"\s+(?:de|d['’])\s*([{LOWER}-]+)", after)
    if not m:
        return None
    inner = re.sub(r"(?<=[a-z])[sx]$", "", fold(m.group(1)))
    return UNIT_NOUNS.get(inner, fold(m.group(1)))


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
    """Up to four nouns, adjectives and participles (with « de ») after the figure."""
    found: list[str] = []
    for t in doc.tokens(fig_end, min(len(doc.clean), fig_end + 120)):
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


def _scope(doc: Document, sentence: tuple[int, int]) -> list[tuple[int, int]]:
    """The figure's sentence, and the sentence introducing its list when it is a list item
    and that sentence ends with « : »."""
    s, e = sentence
    scope = [(s, e)]
    line = doc.clean[s:e]
    if re.match(r"\s*[-•]\s", doc.clean[line_start(doc.clean, s) : s + 3]) or line.lstrip().startswith("-"):
        intro = list_intro(doc.clean, doc.sentences, s)
        if intro and doc.clean[intro[0] : intro[1]].rstrip().endswith(":"):
            scope.append(intro)
    return scope


def _period(it: Item, dates: list[Item], scope: list[tuple[int, int]]) -> None:
    found = [d for d in dates if any(ss <= d.start < ee for ss, ee in scope)]
    if not found:
        return
    nearest = min(found, key=lambda d: abs(d.start - it.start))
    it.attrs["period"] = nearest.text
    it.attrs["period_key"] = nearest.value
    years = [d for d in found if d.value and re.fullmatch(r"\d{4}", d.value)]
    if (nearest.value and "-q" in str(nearest.value)) or "-h" in str(nearest.value or ""):
        if years and years[0] is not nearest:
            it.attrs["period"] = f"{years[0].text} [...] {nearest.text}"


def figure_context(doc: Document, it: Item, dates: list[Item]) -> None:
    """Set the figure's ``period`` (the nearest of ``dates`` in its scope, with the year
    when it is a quarter or half-year), ``credited_to`` (a name after « grâce au »,
    « dans le cadre du »…) and ``attributed_to`` (« selon l'Insee »)."""
    sentence = containing(doc.sentences, it.start)
    if sentence is None:
        return
    scope = _scope(doc, sentence)
    _period(it, dates, scope)
    for ss, ee in scope:
        text = doc.clean[ss:ee]
        credit = _CREDIT.search(text)
        if credit:
            at = ss + credit.end()
            for ms, _me, mtype, mname in sorted(doc.mentions):
                if mtype in ("plan", "organisation", "company") and at <= ms < at + 60:
                    it.attrs.setdefault("credited_to", mname)
                    break
        source = _SOURCE.search(text)
        if source:
            it.attrs["attributed_to"] = source.group("src").strip()
