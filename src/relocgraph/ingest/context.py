"""Read the context of each figure from its sentence's structure: the period that governs
it, the area it is counted in, what it is credited to and who reports it.

The candidates are the sentence's dates, places and names (and, for an item of a list,
the sentence that introduces the list); the choice among them follows the sentence's
structure, not a window of characters:

* **period** — the date nearest the figure in spaCy's dependency tree (then in the text);
  a date inside a parenthesis or a « contre … » comparison that does not hold the figure
  belongs to the figures there (« 114 ouvertures (contre 170 en 2023) »: 2023 is not
  114's); a vague period next to the figure (« à terme », « chaque année ») means no
  date governs it;
* **area** — the last place named before the figure in its clause (« Dans l'Ain, 25
  projets … 564 emplois »), else the first one after it with no other figure between
  (« 30 000 emplois en Auvergne-Rhône-Alpes »); a figure in parentheses takes no place
  after the parenthesis; ``area_level`` says country, region, department or place;
* **credit** — a name after a credit cue (« grâce au », « dans le cadre du », « selon les
  résultats du »…), the agent of a passive verb governing the figure (« soutenus … par
  l'État »), the plan a « doté de » figure endows, the name a parenthesised figure follows
  (« la plasturgie (-2) »), or a plan or sector that is the subject of the verb whose
  object is the figure (« l'industrie verte constitue 47 % »);
* **attributed_to** — the source after « selon » (« selon l'Insee »).
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from .document import Document
from .items import Item, fold
from .lexicon import alternatives, mapping
from .spans import UPPER, Span, containing, line_start, list_intro

PLACES = mapping("places")
_VAGUE = re.compile(r"\b" + alternatives("vague-periods") + r"\b", re.IGNORECASE)
_CREDIT = re.compile(r"\b" + alternatives("credit-cues") + r"\s*", re.IGNORECASE)
_SOURCE = re.compile(r"\bselon\s+(?:le|la|l['’]|les)\s*(?P<src>[A-ZÀ-Ý][^,.;]*)")
_LEAD = r"(?:(?i:dans|en|au|aux|à|pour|sur)\s+)?(?:(?i:le|la|les|l['’])\s*)?"
_REGIONS = "|".join(
    re.escape(n) for n, lvl in sorted(PLACES.items(), key=lambda x: -len(x[0])) if lvl != "department"
)
_DEPARTMENTS = "|".join(
    re.escape(n) for n, lvl in sorted(PLACES.items(), key=lambda x: -len(x[0])) if lvl == "department"
)
_PLACE = re.compile(
    rf"(?<![\w-])(?P<all>{_LEAD}(?P<name>{_REGIONS}))(?![\w-])"
    rf"|(?<![\w-])(?P<dall>(?:(?i:dans|en|pour|sur)\s+(?:le\s+|la\s+|les\s+|l['’]\s*)?|(?i:le|la|les|l['’])\s*)"
    rf"(?P<dname>{_DEPARTMENTS}))(?![\w-])"
    r"|(?P<nat>(?:à|a|au)\s+(?:l['’]échelle|niveau)\s+national(?:e)?|sur\s+le\s+territoire\s+national)",
)
_DOTE = re.compile(r"\bdotée?s?\s+(?:de|d['’])\s*$", re.IGNORECASE)
#: Words spaCy tags LOC that name an authority or a kind of place, not a place.
_NOT_PLACES = frozenset(
    {"region", "etat", "departement", "metropole", "ville", "territoire", "territoires", "europe"}
)
_OF_PLAN = re.compile(r"\s*(?:du|de\s+la|de\s+l['’]|des|de)\s*")
_AGENT = re.compile(
    rf"\bpar\s+(?:l['’]|le\s+|la\s+|les\s+)?(?P<name>[{UPPER}][\w'’-]*(?:\s+[{UPPER}][\w'’-]*)*)"
)
_NAME_TYPES = ("plan", "organisation", "company", "sector", "source")

#: A place mention: start, end, text as printed, level.
Place = tuple[int, int, str, str]


def _places(doc: Document) -> list[Place]:
    """Places named in the text: regions, departments, the country (lexicon), spaCy's LOC
    names, and national scope phrases."""
    found: list[Place] = []
    for m in _PLACE.finditer(doc.clean):
        if m.group("name"):
            found.append((m.start(), m.end(), m.group("all"), PLACES[m.group("name")]))
        elif m.group("dname"):
            found.append((m.start(), m.end(), m.group("dall"), "department"))
        else:
            found.append((m.start(), m.end(), m.group("nat"), "country"))
    if doc.doc is not None:
        for ent in doc.doc.ents:
            if (
                ent.label_ in ("LOC", "PLACE")
                and ent.text[:1].isupper()
                and fold(ent.text) not in _NOT_PLACES
                and not any(s < ent.end_char and ent.start_char < e for s, e, *_ in found)
            ):
                found.append((ent.start_char, ent.end_char, ent.text, "place"))
    return sorted(found)


def _tree_distance(a: Any, b: Any) -> int:
    """Arcs between two tokens in the dependency tree (a large number across sentences)."""
    up: dict[int, int] = {}
    t, n = a, 0
    while True:
        up[t.i] = n
        if t.head.i == t.i or n > 50:
            break
        t, n = t.head, n + 1
    t, n = b, 0
    while True:
        if t.i in up:
            return up[t.i] + n
        if t.head.i == t.i or n > 50:
            return 1000
        t, n = t.head, n + 1


def _brackets(text: str, base: int) -> list[Span]:
    """Spans of parentheses and of « contre … » comparisons in a sentence."""
    spans = [(base + m.start(), base + m.end()) for m in re.finditer(r"\([^()]*\)", text)]
    spans += [(base + m.start(), base + m.end()) for m in re.finditer(r"\bcontre\b[^,;:()]*", text)]
    return spans


class Context:
    """The candidates of one document, and the choice for each figure (see module docs)."""

    def __init__(self, doc: Document, dates: list[Item]) -> None:
        self.doc = doc
        self.dates = sorted(dates, key=lambda d: d.start)
        self.date_starts = [d.start for d in self.dates]
        self.places = _places(doc)
        self.place_starts = [p[0] for p in self.places]
        self.mentions = sorted(m for m in doc.mentions if m[2] in _NAME_TYPES)
        self.mention_starts = [m[0] for m in self.mentions]
        self.figure_starts: list[int] = []

    def apply(self, figures: list[Item]) -> None:
        """Set ``period``/``period_key``, ``area``/``area_level``, ``credited_to`` and
        ``attributed_to`` on each figure, where its sentence says them."""
        self.figure_starts = sorted(f.start for f in figures)
        for it in figures:
            sentence = containing(self.doc.sentences, it.start)
            if sentence is None:
                continue
            scope = _scope(self.doc, sentence)
            self._period(it, scope)
            self._area(it, scope)
            self._credit(it, scope)

    # -- period ----------------------------------------------------------------------

    def _in(self, starts: list[int], items: list[Any], span: Span) -> list[Any]:
        return items[bisect.bisect_left(starts, span[0]) : bisect.bisect_left(starts, span[1])]

    def _token(self, pos: int) -> Any:
        return self.doc.token_after(pos) if self.doc.doc is not None else None

    def _period(self, it: Item, scope: list[Span]) -> None:
        found: list[Item] = []
        for span in scope:
            found += self._in(self.date_starts, self.dates, span)
        s, e = scope[0]
        asides = _brackets(self.doc.clean[s:e], s)
        found = [d for d in found if not any(a <= d.start < b and not a <= it.start < b for a, b in asides)]
        if not found:
            return
        fig_tok = self._token(it.start)

        def rank(d: Item) -> tuple[int, int]:
            tree = 0
            if fig_tok is not None and containing(self.doc.sentences, d.start) == scope[0]:
                tree = _tree_distance(fig_tok, self._token(d.end - 1))
            return tree, abs(d.start - it.start)

        nearest = min(found, key=rank) if found else None
        if nearest is None:
            vague = [m for m in _VAGUE.finditer(self.doc.clean, s, e) if abs(m.start() - it.end) < 60]
            if vague:
                it.attrs["period"] = vague[0].group(0)
            return
        vague = [m for m in _VAGUE.finditer(self.doc.clean, s, e) if m.start() >= it.start - 40]
        close = [m for m in vague if abs(m.start() - it.end) < abs(nearest.start - it.start)]
        if close:
            it.attrs["period"] = close[0].group(0)
            return
        it.attrs["period"] = nearest.text
        it.attrs["period_key"] = nearest.value
        years = [d for d in found if d.value and re.fullmatch(r"\d{4}", d.value)]
        if (nearest.value and "-q" in str(nearest.value)) or "-h" in str(nearest.value or ""):
            if years and years[0] is not nearest:
                it.attrs["period"] = f"{years[0].text} [...] {nearest.text}"

    # -- area ------------------------------------------------------------------------

    def _figures_between(self, a: int, b: int, asides: list[Span]) -> bool:
        """Whether a figure (not inside a parenthesis) starts in ``a:b``."""
        for f in self.figure_starts[
            bisect.bisect_left(self.figure_starts, a) : bisect.bisect_left(self.figure_starts, b)
        ]:
            if not any(x <= f < y for x, y in asides):
                return True
        return False

    def _area(self, it: Item, scope: list[Span]) -> None:
        s, e = scope[0]
        asides = [(a, b) for a, b in _brackets(self.doc.clean[s:e], s) if self.doc.clean[a] == "("]
        inside = next(((a, b) for a, b in asides if a <= it.start < b), None)
        cuts = [m.end() for m in re.finditer(r"[;:]", self.doc.clean[s : it.start])]
        clause_start = s + cuts[-1] if cuts else s
        before = [
            p for p in self._in(self.place_starts, self.places, (clause_start, it.start)) if p[1] <= it.start
        ]
        before = [p for p in before if not any(a <= p[0] < b and not a <= it.start < b for a, b in asides)]
        chosen = before[-1] if before else None
        if chosen is None and inside is None:
            after = self._in(self.place_starts, self.places, (it.end, e))
            if after and not self._figures_between(it.end, after[0][0], asides):
                chosen = after[0]
        if chosen is None and len(scope) > 1:  # a list item: the place of its introduction
            intro = self._in(self.place_starts, self.places, scope[1])
            chosen = intro[-1] if intro else None
        if chosen is not None:
            it.attrs["area"] = re.sub(r"\s+", " ", chosen[2]).strip()
            it.attrs["area_level"] = chosen[3]

    # -- credit and attribution -------------------------------------------------------

    def _mention_at(self, start: int, end: int) -> str | None:
        for ms, _me, _t, name in self._in(self.mention_starts, self.mentions, (start, end)):
            return name if ms >= start else None
        return None

    def _noun_phrase(self, pos: int, limit: int) -> str | None:
        """The words of the noun phrase starting at ``pos`` (its determiner dropped)."""
        words: list[str] = []
        for t in self.doc.tokens(pos, min(limit, pos + 80)):
            if t.is_punct and t.text not in ("'", "’", '"', "«", "»", "(", ")"):
                break
            if t.pos_ in ("DET",) and not words:
                continue
            first_word = not words and t.pos_ == "VERB"  # the small model tags « baromètre » VERB
            if (t.pos_ in ("VERB", "AUX", "CCONJ", "SCONJ", "PRON") and not first_word) or (
                t.pos_ == "ADP" and t.lower_ not in ("de", "d'", "d’", "à")
            ):
                break
            words.append(t.text_with_ws)
            if len(words) >= 6:
                break
        text = "".join(words).strip().rstrip("d'’ ").strip()
        return re.sub(r"\s+", " ", text) or None

    def _credit(self, it: Item, scope: list[Span]) -> None:
        doc = self.doc
        s, e = scope[0]
        text = doc.clean[s:e]
        for span in scope:
            m = _CREDIT.search(doc.clean, span[0], span[1])
            if m:
                name = self._mention_at(m.end(), m.end() + 60) or self._noun_phrase(m.end(), span[1])
                if name:
                    it.attrs["credited_to"] = name
                    break
        if "credited_to" not in it.attrs:
            credit = (
                self._of_plan(it)
                or self._agent(it, e)
                or self._endowed(it)
                or self._aside_head(it)
                or self._subject(it)
            )
            if credit:
                it.attrs["credited_to"] = credit
        source = _SOURCE.search(text)
        if source:
            it.attrs["attributed_to"] = source.group("src").strip()

    def _of_plan(self, it: Item) -> str | None:
        """« 19 nouveaux lauréats du Fonds d'accélération … »: the plan the figure's noun is of."""
        end = it.end
        words = it.attrs.get("indicator", "")
        if words and self.doc.clean.startswith(words, self.doc.clean.find(words, it.end, it.end + 40)):
            end = self.doc.clean.find(words, it.end, it.end + 40) + len(words)
        m = _OF_PLAN.match(self.doc.clean, end)
        if not m:
            return None
        near = self._in(self.mention_starts, self.mentions, (m.end(), m.end() + 3))
        return near[0][3] if near and near[0][2] == "plan" else None

    def _agent(self, it: Item, clause_end: int) -> str | None:
        """« soutenus à hauteur de 122 M€ par l'État »: the agent of the passive verb that
        governs the figure (from the parse, else « par » and a name after the figure in
        its clause, with no other figure between)."""
        tok = self._token(it.start)
        ancestors = {a.i for a in tok.ancestors} if tok is not None else set()
        sent_end = (containing(self.doc.sentences, it.start) or (it.start, it.end))[1]
        for t in self.doc.tokens(it.end, sent_end):
            if t.dep_ == "obl:agent" and t.head.i in ancestors:
                start = min(x.idx for x in t.subtree)
                start = next((x.idx + len(x.text) for x in t.subtree if x.lower_ == "par"), start)
                return self._mention_at(start, start + 40) or self._noun_phrase(start, sent_end)
        cut = re.search(r"[;:]", self.doc.clean[it.end : clause_end])
        stop = it.end + cut.start() if cut else clause_end
        m = _AGENT.search(self.doc.clean, it.end, stop)
        if m and not self._figures_between(it.end + 1, m.start(), []):
            return self._mention_at(m.start("name"), m.end("name")) or m.group("name")
        return None

    def _endowed(self, it: Item) -> str | None:
        """« Doté d'1,2 milliard d'euros, celui-ci… »: the plan named last before the figure."""
        if not _DOTE.search(self.doc.clean[max(0, it.start - 20) : it.start]):
            return None
        para = containing(self.doc.paragraphs, it.start) or (0, it.start)
        plans = [
            m for m in self._in(self.mention_starts, self.mentions, (para[0], it.start)) if m[2] == "plan"
        ]
        return plans[-1][3] if plans else None

    def _aside_head(self, it: Item) -> str | None:
        """« la plasturgie (-2) »: the name right before a parenthesised figure (not a place)."""
        paren = self.doc.clean.rfind("(", max(0, it.start - 4), it.start)
        if paren < 0:
            return None
        near = self._in(self.mention_starts, self.mentions, (max(0, paren - 80), paren))
        if near and paren - near[-1][1] <= 2 and near[-1][2] in ("sector", "plan", "company"):
            return near[-1][3]
        return None

    def _subject(self, it: Item) -> str | None:
        """« l'industrie verte constitue 47 % »: a plan or sector subject of the verb whose
        object is the figure."""
        tok = self._token(it.start)
        if tok is None:
            return None
        for t in [tok, *tok.ancestors][:3]:
            if t.dep_ == "obj":
                verb = t.head
                for child in verb.children:
                    if child.dep_ == "nsubj":
                        name = self._mention_at(
                            min(x.idx for x in child.subtree), child.idx + len(child.text)
                        )
                        kinds = {m[2] for m in self.mentions if m[3] == name}
                        if name and kinds & {"sector", "plan"}:
                            return name
                return None
        return None


def _scope(doc: Document, sentence: Span) -> list[Span]:
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
